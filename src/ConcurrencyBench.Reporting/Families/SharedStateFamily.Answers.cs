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
        var rows = atN.Take(AnswerChart.MaxRows).Select(s => Timed(s, s.Model.Label, AnswerKind.Other, null, 1.0 / n)).ToList();
        string perSession(CaseStatistics s) => Format.Time(s.MedianNs / n);
        static string Named(CaseStatistics s) => s.Model.Label.Replace(", no lock", " (no lock)", StringComparison.Ordinal);
        yield return new Answer("Which guard for shared state", text, "SharedState-time")
        {
            Plain = $"For the chat server's user table, {Named(fastest)} is the cheapest guard here: {N(n)} users joining, looking up and leaving at once took {perSession(fastest)} per session with {Named(fastest)} and {perSession(slowest)} with {Named(slowest)}.",
            ForCode = "guard a shared table with a concurrent collection where its operations are single calls; a lock (`lock`, `System.Threading.Lock`) or an awaited `SemaphoreSlim` only where several steps must happen together.",
            Order = 3,
            Figure = new AnswerFigure($"Answer-guards-N{n}",
                $"{N(n)} chat users at once: {perSession(fastest)} per session with {Named(fastest)}, {perSession(slowest)} with {Named(slowest)}",
                "time per session (join, look up, leave)", AnswerUnit.Time, rows, atN),
        };
    }
}
