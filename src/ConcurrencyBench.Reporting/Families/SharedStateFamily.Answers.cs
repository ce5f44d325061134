using static ConcurrencyBench.Reporting.AnswerRows;
using static ConcurrencyBench.Reporting.FindingText;

namespace ConcurrencyBench.Reporting;

/// <summary>The shared-state family's answer: which guard for the chat server's user table, in time per session.</summary>
public sealed partial class SharedStateFamily
{
    /// <inheritdoc/>
    public override IEnumerable<Answer?> Answers(IReadOnlyList<CaseStatistics> cases, ResultSet? results = null)
    {
        if (Guards(cases, welcome: false) is not { } text)
        {
            yield break;
        }
        var measured = cases.Where(s => !WritesWelcome(s.Case.Method) && s.HasMedian).ToList();
        int n = measured.Select(s => s.Case.IntParameter("N")!.Value).Max();
        var atN = cases.Where(s => !WritesWelcome(s.Case.Method) && s.Case.IntParameter("N") == n).OrderBy(s => s.HasMedian ? s.MedianNs : double.MaxValue).ToList();
        CaseStatistics fastest = atN[0], slowest = atN.Where(s => s.HasMedian).Last();
        // No second figure: the lock contentions are the whole process's (a lock-free table shows some too), which a
        // chart pasted alone cannot explain; the report's text gives them.
        var rows = atN.Take(AnswerChart.MaxRows).Select(s => Timed(s, Plain(s.Model.Label), AnswerKind.Other, null, 1.0 / n)).ToList();
        // The answer is which guard is cheapest: a guard whose interval overlaps the cheapest one's is not told apart
        // from it by this run, and its row says so; the others need no caveat (a reader took a "not distinguishable"
        // on every row as the chart having no answer). Only guards of one runtime are compared (a report of two runs
        // side by side holds each guard twice).
        var hosts = atN.Take(rows.Count).Select(s => s.Case.Host).ToList();
        AnswerRow cheapest = rows[0];
        rows = [.. rows.Select((r, i) => i == 0 || hosts[i] != hosts[0] || !Overlap(r, cheapest) ? r
            : r with { Beside = $"not told apart from {Short(cheapest.Label)} in this run: intervals overlap" })];
        bool tied = rows.Skip(1).Any(r => r.Beside is not null);
        int others = atN.Count(s => s.HasMedian && s.Case.Host == fastest.Case.Host) - 1;
        string perSession(CaseStatistics s) => Format.Time(s.MedianNs / n);
        static string Named(CaseStatistics s) => Plain(s.Model.Label).Replace(", no lock", " (no lock)", StringComparison.Ordinal);
        yield return new Answer("Which guard for shared state", text, "SharedState-time")
        {
            Plain = $"For the chat server's user table, {Named(fastest)} is the cheapest guard here: {N(n)} users joining, looking up and leaving at once took {perSession(fastest)} per session with {Named(fastest)} and {perSession(slowest)} with {Named(slowest)}.",
            ForCode = "guard a shared table with a concurrent collection where its operations are single calls; a lock (`lock`, `System.Threading.Lock`) or an awaited `SemaphoreSlim` only where several steps must happen together.",
            Order = 3,
            Figure = new AnswerFigure($"Answer-guards-N{n}",
                $"{N(n)} chat users at once: {Named(fastest)} {(tied ? "has the lowest median" : "is cheapest")}, {perSession(fastest)} per session; the {others} other guards {perSession(atN[1])} to {perSession(slowest)}",
                "time per session (join, look up, leave)", AnswerUnit.Time, rows, atN),
        };
    }

    // A guard in words a .NET developer knows: the actor is one task that owns the table, fed by a Channel.
    private static string Plain(string label) => label.StartsWith("single-owner actor", StringComparison.Ordinal) ? "one owner task fed by a Channel" : label;

    // A guard's short name, for "not distinguishable from ...".
    private static string Short(string label) => label switch
    {
        _ when label.StartsWith("ConcurrentDictionary", StringComparison.Ordinal) => "ConcurrentDictionary",
        _ when label.StartsWith("SemaphoreSlim", StringComparison.Ordinal) => "SemaphoreSlim",
        "one owner task fed by a Channel" => "the Channel owner",
        _ => label,
    };

    // Two rows whose 95% intervals share a value.
    private static bool Overlap(AnswerRow a, AnswerRow b) =>
        a.Lower is double al && a.Upper is double au && b.Lower is double bl && b.Upper is double bu && al <= bu && bl <= au;
}
