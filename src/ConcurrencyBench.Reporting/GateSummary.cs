using System.Globalization;

namespace ConcurrencyBench.Reporting;

/// <summary>The regression gate's one-line summary: what a pull request's reader sees first.</summary>
public static class GateSummary
{
    /// <summary>
    /// "28 cases (5 families) in 301 s: 26 same, 0 slower, 0 faster, 2 undecided; trend record: A (why); B (why)."
    /// Every Slower case is named, and every case moved to the trend record with its reason: none is dropped silently.
    /// A case the plan put in the trend record whole (verdict Trend, unmeasured) is counted apart from the gated cases
    /// ("2 undecided, 1 in the trend record only"); a case gated on its allocations has its time named in the trend record.
    /// </summary>
    /// <param name="cases">Each case's ID, family, verdict (Same, Slower, Faster, Undecided or Trend) and note.</param>
    /// <param name="elapsed">The gate's measuring time.</param>
    /// <param name="timeInTrend">Cases gated on their allocations, whose time is in the trend record, with why.</param>
    /// <exception cref="ArgumentException">No case, or a verdict that is not one of the five.</exception>
    public static string Line(IReadOnlyList<(string Id, string Family, string Verdict, string Note)> cases, TimeSpan elapsed, IReadOnlyList<(string Id, string Why)>? timeInTrend = null)
    {
        ArgumentNullException.ThrowIfNull(cases);
        if (cases.Count == 0)
        {
            throw new ArgumentException("a gate with no case has judged nothing", nameof(cases));
        }
        string[] verdicts = ["Same", "Slower", "Faster", "Undecided", "Trend"];
        if (cases.FirstOrDefault(c => !verdicts.Contains(c.Verdict)) is { Id: not null } odd)
        {
            throw new ArgumentException($"'{odd.Verdict}' of {odd.Id} is not a gate verdict", nameof(cases));
        }
        int Count(string verdict) => cases.Count(c => c.Verdict == verdict);
        int families = cases.Select(c => c.Family).Distinct(StringComparer.Ordinal).Count();
        string line = string.Create(CultureInfo.InvariantCulture,
            $"{cases.Count} cases ({families} {(families == 1 ? "family" : "families")}) in {elapsed.TotalSeconds:0} s: {Count("Same")} same, {Count("Slower")} slower, {Count("Faster")} faster, {Count("Undecided")} undecided");
        if (Count("Trend") > 0)
        {
            line += string.Create(CultureInfo.InvariantCulture, $", {Count("Trend")} in the trend record only");
        }
        var slower = cases.Where(c => c.Verdict == "Slower").ToList();
        if (slower.Count > 0)
        {
            line += $"; slower: {string.Join("; ", slower.Select(c => c.Id))}";
        }
        var trend = cases.Where(c => c.Verdict is "Undecided" or "Trend").Select(c => $"{c.Id} ({c.Note})")
            .Concat((timeInTrend ?? []).Select(t => $"the time of {t.Id} (its allocations gated: {t.Why})")).ToList();
        line += trend.Count == 0
            ? "; trend record: none"
            : $"; trend record: {string.Join("; ", trend)}";
        return line + ".";
    }
}
