namespace ConcurrencyBench.Reporting;

/// <summary>
/// The report's findings: each a sentence built from the statistics by the family it belongs to
/// (<see cref="ReportFamily.Findings"/>), stated only when the cases it needs are in the results. Ratios compare
/// cases measured in the same run on the same machine.
/// </summary>
public static class Findings
{
    /// <summary>The findings for <paramref name="stats"/>, family by family (<see cref="ReportFamily.FindingsOrder"/>), per host when there are several.</summary>
    public static IReadOnlyList<string> From(IReadOnlyList<CaseStatistics> stats, ResultSet? results = null)
    {
        ArgumentNullException.ThrowIfNull(stats);
        var hosts = stats.Select(s => s.Case.Host).Distinct().ToList();
        var findings = new List<string>();
        foreach (HostInfo host in hosts)
        {
            string prefix = hosts.Count > 1 ? $"[{host.Label}] " : "";
            foreach (ReportFamily family in ReportFamilies.All.OrderBy(f => f.FindingsOrder))
            {
                var cases = stats.Where(s => s.Case.Host == host && s.Model.Family == family).ToList();
                findings.AddRange(family.Findings(cases, results).OfType<string>().Select(finding => prefix + finding));
            }
        }
        return findings;
    }
}
