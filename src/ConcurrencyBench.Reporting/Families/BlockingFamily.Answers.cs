using static ConcurrencyBench.Reporting.AnswerRows;
using static ConcurrencyBench.Reporting.FindingText;

namespace ConcurrencyBench.Reporting;

/// <summary>The blocking family's answer: what blocking the pool does to unrelated work.</summary>
public sealed partial class BlockingFamily
{
    /// <inheritdoc/>
    public override IEnumerable<Answer?> Answers(IReadOnlyList<CaseStatistics> cases, ResultSet? results = null)
    {
        int? n = LargestN(cases, "PoolStarvation", "ProbeBehindBlockingCalls");
        if (n is null || Find(cases, "PoolStarvation", "ProbeBehindBlockingCalls", n) is not { } blocked
            || Find(cases, "PoolStarvation", "ProbeBehindAsyncWaits", n) is not { } idle)
        {
            yield break;
        }
        KindRatio? ratio = CaseStatistics.Ratio(blocked, idle);
        string against = ratio is { } r ? Ratio(r) : NoRatio(blocked, idle);
        string times = ratio is { } x ? $" ({Format.Ratio(x.Value)} longer)" : "";
        yield return new Answer("What blocking does to unrelated work",
            $"A short work item queued to the pool behind {N(n.Value)} blocking calls of {Ms(blocked)} waited {Median(blocked)} to start; behind {N(n.Value)} async waits, {Median(idle)}: {against}.",
            "Blocking-starvation")
        {
            Plain = $"{(blocked.MedianNs > idle.MedianNs ? "Blocking stalls everything else on the pool: a" : "A")} short work item queued behind {N(n.Value)} blocking calls of {Ms(blocked)} waited {Format.Time(blocked.MedianNs)} to start; behind {N(n.Value)} async waits, {Format.Time(idle.MedianNs)}{times}.",
            ForCode = "a blocked pool thread delays unrelated requests, timers and continuations of the whole process, not only the caller: keep blocking calls off the `ThreadPool`.",
            Order = 2,
            Stated = ratio is { } stated ? [StatedFigure.Of("behind blocking calls over behind async waits", stated, headline: true)] : [],
            Figure = new AnswerFigure($"Answer-blocking-stalls-N{n}",
                ratio is { } longer && blocked.MedianNs > idle.MedianNs
                    ? $"A work item queued behind {N(n.Value)} blocking calls waited {Format.Time(blocked.MedianNs)} to start, {Format.Ratio(longer.Value)} longer than behind {N(n.Value)} async waits ({Format.Time(idle.MedianNs)})"
                    : $"A work item queued behind {N(n.Value)} blocking calls waited {Format.Time(blocked.MedianNs)} to start; behind {N(n.Value)} async waits, {Format.Time(idle.MedianNs)}",
                "wait from queued to running", AnswerUnit.Time,
                [
                    Timed(idle, $"behind {N(n.Value)} awaited Task.Delays", AnswerKind.Async),
                    Timed(blocked, $"behind {N(n.Value)} blocking Thread.Sleeps", AnswerKind.DefaultPool),
                ],
                [idle, blocked]),
        };
    }
}
