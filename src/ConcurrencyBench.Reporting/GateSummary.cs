using System.Globalization;

namespace ConcurrencyBench.Reporting;

/// <summary>The regression gate's one-line summary: what a pull request's reader sees first.</summary>
public static class GateSummary
{
    /// <summary>
    /// "28 cases (5 families) in 301 s: 26 same, 0 slower, 0 faster, 2 undecided; trend record: A (why); B (why)."
    /// Every Slower case is named, and every case moved to the trend record with its reason: none is dropped silently.
    /// </summary>
    /// <param name="cases">Each case's ID, family, verdict (Same, Slower, Faster or Undecided) and note.</param>
    /// <param name="elapsed">The gate's measuring time.</param>
    /// <exception cref="ArgumentException">No case, or a verdict that is not one of the four.</exception>
    public static string Line(IReadOnlyList<(string Id, string Family, string Verdict, string Note)> cases, TimeSpan elapsed)
    {
        ArgumentNullException.ThrowIfNull(cases);
        if (cases.Count == 0)
        {
            throw new ArgumentException("a gate with no case has judged nothing", nameof(cases));
        }
        string[] verdicts = ["Same", "Slower", "Faster", "Undecided"];
        if (cases.FirstOrDefault(c => !verdicts.Contains(c.Verdict)) is { Id: not null } odd)
        {
            throw new ArgumentException($"'{odd.Verdict}' of {odd.Id} is not a gate verdict", nameof(cases));
        }
        int Count(string verdict) => cases.Count(c => c.Verdict == verdict);
        int families = cases.Select(c => c.Family).Distinct(StringComparer.Ordinal).Count();
        string line = string.Create(CultureInfo.InvariantCulture,
            $"{cases.Count} cases ({families} {(families == 1 ? "family" : "families")}) in {elapsed.TotalSeconds:0} s: {Count("Same")} same, {Count("Slower")} slower, {Count("Faster")} faster, {Count("Undecided")} undecided");
        var slower = cases.Where(c => c.Verdict == "Slower").ToList();
        if (slower.Count > 0)
        {
            line += $"; slower (confirmed): {string.Join("; ", slower.Select(c => c.Id))}";
        }
        var trend = cases.Where(c => c.Verdict == "Undecided").ToList();
        line += trend.Count == 0
            ? "; trend record: none"
            : $"; trend record: {string.Join("; ", trend.Select(c => $"{c.Id} ({c.Note})"))}";
        return line + ".";
    }
}
