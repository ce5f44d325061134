using System.Text;
using static ConcurrencyBench.Reporting.FindingText;

namespace ConcurrencyBench.Reporting;

/// <summary>
/// The report's opening: the answers to the questions the suite exists for, one line each, with its figures (each
/// with the kind of sample it describes and its interval) and the chart that shows it. Every answer is computed from
/// the run's statistics of the primary runtime; the runtimes line compares them all. An answer whose cases the run
/// lacks is left out, never guessed.
/// </summary>
public static class Summary
{
    /// <summary>The answers for <paramref name="primary"/> (the primary runtime's cases) and <paramref name="all"/> (every runtime's).</summary>
    public static IReadOnlyList<Answer> Answers(IReadOnlyList<CaseStatistics> primary, IReadOnlyList<CaseStatistics> all, ResultSet? results = null)
    {
        ArgumentNullException.ThrowIfNull(primary);
        ArgumentNullException.ThrowIfNull(all);
        var answers = new List<Answer?>
        {
            AsyncAgainstThreadsAndPool(primary),
            PoolSize(primary),
            Blocking(primary),
        };
        foreach (ReportFamily family in ReportFamilies.All)
        {
            answers.AddRange(family.Answers([.. primary.Where(s => s.Model.Family == family)], results));
        }
        answers.Add(Runtimes(all));
        return [.. answers.OfType<Answer>()];
    }

    /// <summary>Writes the answers as the report's first section.</summary>
    public static void Write(StringBuilder md, IReadOnlyList<Answer> answers)
    {
        ArgumentNullException.ThrowIfNull(md);
        ArgumentNullException.ThrowIfNull(answers);
        md.AppendLine("## Answers").AppendLine();
        if (answers.Count == 0)
        {
            md.AppendLine("This run holds none of the cases the summary's questions need (see the sections below).").AppendLine();
            return;
        }
        foreach (Answer answer in answers)
        {
            string chart = answer.Chart is { } name ? $" ([chart]({name}.png))" : "";
            md.AppendLine($"- **{answer.Question}.** {answer.Text}{chart}");
        }
        md.AppendLine();
    }

    // The N the async-delay, blocking and offload grids share (the largest), with every model there.
    private static Answer? AsyncAgainstThreadsAndPool(IReadOnlyList<CaseStatistics> cases)
    {
        var asyncNs = cases.Where(s => s.Case.Type == "AsyncDelays" && s.Case.Method == "TaskDelayWhenAll" && s.HasMedian).Select(s => s.Case.IntParameter("N")).ToHashSet();
        int? n = cases.Where(s => s.Case.Method == "ThreadPerCall" && s.HasMedian && asyncNs.Contains(s.Case.IntParameter("N")))
            .Select(s => s.Case.IntParameter("N")).Where(x => x > 1).Max();
        if (n is null || Find(cases, "AsyncDelays", "TaskDelayWhenAll", n) is not { } async || Find(cases, "BlockingCalls", "ThreadPerCall", n) is not { } threads)
        {
            return null;
        }
        var parts = new List<string>
        {
            $"`Task.Delay` + `WhenAll` {Median(async)}, {Format.Plural(async.PeakThreads ?? 0, "thread")}",
            $"a thread per call {Format.Time(threads.MedianNs)}, {Format.Plural(threads.PeakThreads ?? 0, "thread")}" + (CaseStatistics.Ratio(threads, async) is { } t ? $" ({Ratio(t)} the async time)" : ""),
        };
        if (cases.Where(s => s.Case.Method == "BoundedExecutor" && s.HasMedian && s.Case.IntParameter("N") == n && s.Case.IntParameter("K") >= n)
            .OrderBy(s => s.Case.IntParameter("K")).FirstOrDefault() is { } pool)
        {
            parts.Add($"a pool of {Format.Count(pool.Case.IntParameter("K"))} threads {Format.Time(pool.MedianNs)}" + (CaseStatistics.Ratio(pool, async) is { } p ? $" ({Ratio(p)})" : ""));
        }
        if (Find(cases, "DefaultPoolOffload", "DefaultThreadPool", n) is { } defaultPool)
        {
            parts.Add($"the default pool {Format.Time(defaultPool.MedianNs)}" + (CaseStatistics.Ratio(defaultPool, async) is { } d ? $" ({Ratio(d)})" : $" ({NoRatio(defaultPool, async)})"));
        }
        string cpu = CaseStatistics.RatioOf(threads, async, x => x.CpuSamples) is { } c ? $"; CPU time, a thread per call against async: {Ratio(c)}" : "";
        return new Answer($"Async against threads and a pool, at N = {N(n.Value)}",
            $"{N(n.Value)} jobs that each wait {Ms(async)}: {string.Join("; ", parts)}{cpu}.", "Blocking-time");
    }

    // The bounded executor over k at the largest N where at least three k can all be busy, with the default pool beside it.
    private static Answer? PoolSize(IReadOnlyList<CaseStatistics> cases)
    {
        var byN = cases.Where(s => s.Case.Method == "BoundedExecutor" && s.HasMedian && s.Case.IntParameter("K") <= s.Case.IntParameter("N"))
            .GroupBy(s => s.Case.IntParameter("N")!.Value).Where(g => g.Count() >= 3).OrderByDescending(g => g.Key).FirstOrDefault();
        if (byN is null)
        {
            return null;
        }
        var points = byN.OrderBy(s => s.Case.IntParameter("K")).ToList();
        string each = string.Join(", ", points.Select(s => $"k = {Format.Count(s.Case.IntParameter("K"))}: {Format.Time(s.MedianNs)} ({Format.Plural(s.PeakThreads ?? 0, "thread")}, {Format.Bytes(s.PeakWorkingSetBytes)}, {Format.CpuMs(s.CpuMsPerOp)} CPU)"));
        string pool = Find(cases, "DefaultPoolOffload", "DefaultThreadPool", byN.Key) is { } p
            ? $"; the default pool took {Median(p)} with {Format.Plural(p.PeakThreads ?? 0, "thread")} at its peak (median of its bursts' peaks): it injects threads slowly and keeps them"
            : "";
        return new Answer($"What the pool's size k costs and buys, at N = {N(byN.Key)}",
            $"{N(byN.Key)} blocking calls of {Ms(points[0])} on exactly k threads ({points[0].Headline!.Kind.ToString().ToLowerInvariant()} bursts): {each}{pool}.",
            $"Offload-workers-N{byN.Key}");
    }

    private static Answer? Blocking(IReadOnlyList<CaseStatistics> cases)
    {
        int? n = LargestN(cases, "PoolStarvation", "ProbeBehindBlockingCalls");
        if (n is null || Find(cases, "PoolStarvation", "ProbeBehindBlockingCalls", n) is not { } blocked
            || Find(cases, "PoolStarvation", "ProbeBehindAsyncWaits", n) is not { } idle)
        {
            return null;
        }
        string against = CaseStatistics.Ratio(blocked, idle) is { } ratio ? Ratio(ratio) : NoRatio(blocked, idle);
        return new Answer("What blocking does to unrelated work",
            $"A short work item queued to the pool behind {N(n.Value)} blocking calls of {Ms(blocked)} waited {Median(blocked)} to start; behind {N(n.Value)} async waits, {Median(idle)}: {against}.",
            "Blocking-starvation");
    }

    // The largest N of concurrent sleeps every runtime ran, and each runtime's time, CPU and memory there.
    private static Answer? Runtimes(IReadOnlyList<CaseStatistics> all)
    {
        var sleeps = all.Where(s => s.Case.Type == "AsyncDelays" && s.Case.Method == "TaskDelayWhenAll" && s.HasMedian).ToList();
        var runtimes = sleeps.Select(s => s.Case.Host).Distinct().ToList();
        if (runtimes.Count < 2)
        {
            return null;
        }
        int? n = sleeps.GroupBy(s => s.Case.IntParameter("N")).Where(g => g.Select(s => s.Case.Host).Distinct().Count() == runtimes.Count)
            .Select(g => g.Key).Max();
        if (n is null)
        {
            return null;
        }
        var atN = sleeps.Where(s => s.Case.IntParameter("N") == n).OrderBy(s => s.Case.Host.Kind).ThenBy(s => s.Case.Host.Label, StringComparer.Ordinal).ToList();
        CaseStatistics reference = atN[0];
        string each = string.Join("; ", atN.Select(s =>
            $"{s.Case.Host.RuntimeLabel} ({s.Model.Label}) {Format.Time(s.MedianNs)}, {Format.CpuMs(s.CpuMsPerOp)} CPU, {Format.Bytes(s.PeakWorkingSetBytes)}" +
            (s == reference ? "" : CaseStatistics.Ratio(s, reference) is { } r ? $" ({Ratio(r)} the time of {reference.Case.Host.RuntimeLabel})" : "")));
        return new Answer($"Across runtimes, {N(n.Value)} concurrent sleeps",
            $"{each} (medians of each runtime's cold bursts where it has them; every figure is in the section \"The same loads on each runtime\").",
            "AsyncDelays-time");
    }
}
