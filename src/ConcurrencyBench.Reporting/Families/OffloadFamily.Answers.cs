using static ConcurrencyBench.Reporting.AnswerRows;
using static ConcurrencyBench.Reporting.FindingText;

namespace ConcurrencyBench.Reporting;

/// <summary>The offload family's answers: the headline (async against threads and pools) and the pool's size k.</summary>
public sealed partial class OffloadFamily
{
    private const string ForBlocking = "don't block `ThreadPool` threads: await instead; where a library forces blocking, give it a dedicated pool of k ≥ N·d/T threads (N calls of d, done within a time T).";

    /// <inheritdoc/>
    public override IEnumerable<Answer?> Answers(IReadOnlyList<CaseStatistics> cases, ResultSet? results, IReadOnlyList<CaseStatistics> primary, IReadOnlyList<CaseStatistics> all)
    {
        ArgumentNullException.ThrowIfNull(primary);
        yield return AsyncAgainstThreadsAndPools(primary);
        yield return PoolSize(cases);
    }

    // The largest N the async waits and a thread per call share, with every model there: the README's headline.
    private static Answer? AsyncAgainstThreadsAndPools(IReadOnlyList<CaseStatistics> cases)
    {
        var asyncNs = cases.Where(s => s.Plays(CaseRole.ConcurrentWaits) && s.HasMedian).Select(s => s.Case.IntParameter("N")).ToHashSet();
        int? n = cases.Where(s => s.Plays(CaseRole.ThreadPerCall) && s.HasMedian && asyncNs.Contains(s.Case.IntParameter("N")))
            .Select(s => s.Case.IntParameter("N")).Where(x => x > 1).Max();
        CaseStatistics? At(CaseRole role) => cases.FirstOrDefault(s => s.Plays(role) && s.Case.IntParameter("N") == n && s.HasMedian);
        if (n is null || At(CaseRole.ConcurrentWaits) is not { } async || At(CaseRole.ThreadPerCall) is not { } threads)
        {
            return null;
        }
        CaseStatistics? pool = cases.Where(s => s.Plays(CaseRole.DedicatedPool) && s.HasMedian && s.Case.IntParameter("N") == n && s.Case.IntParameter("K") >= n)
            .OrderBy(s => s.Case.IntParameter("K")).FirstOrDefault();
        CaseStatistics? raised = cases.FirstOrDefault(s => s.Case.Method == "RaisedMinThreads" && s.Case.IntParameter("N") == n && s.Case.IntParameter("K") == n);
        CaseStatistics? defaultPool = cases.FirstOrDefault(s => s.Plays(CaseRole.DefaultPool) && s.Case.IntParameter("N") == n);
        string d = Ms(async);
        var rows = new List<AnswerRow>
        {
            Timed(async, "Task.Delay, awaited", AnswerKind.Async, Peak(async)),
            Timed(threads, "a Thread per call (Thread.Sleep)", AnswerKind.ThreadPerCall, Peak(threads)),
        };
        if (pool is not null)
        {
            rows.Add(Timed(pool, $"a dedicated pool of {N(pool.Case.IntParameter("K")!.Value)} threads", AnswerKind.DedicatedPool, Peak(pool)));
        }
        if (raised is not null)
        {
            rows.Add(Timed(raised, $"ThreadPool + SetMinThreads({N(n.Value)})", AnswerKind.RaisedPool, raised.HasMedian ? Peak(raised) : null));
        }
        rows.Add(Timed(defaultPool, "ThreadPool defaults (Task.Run)", AnswerKind.DefaultPool, defaultPool is { HasMedian: true } ? Peak(defaultPool) : null));
        string slower = defaultPool is { HasMedian: true } && CaseStatistics.Ratio(defaultPool, async) is { } r ? $" ({Format.Ratio(r.Value)} slower)" : "";
        string title = defaultPool is { HasMedian: true }
            ? $"{N(n.Value)} waits of {d}: {Format.Time(async.MedianNs)} with Task.Delay, {Format.Time(defaultPool.MedianNs)} when each blocks a .NET ThreadPool thread{slower}"
            : $"{N(n.Value)} waits of {d}: {Format.Time(async.MedianNs)} with Task.Delay, {Format.Time(threads.MedianNs)} on a Thread per call";
        var parts = new List<string>
        {
            $"`Task.Delay` + `WhenAll` {Median(async)}, {Threads(async)}",
            $"a thread per call {Format.Time(threads.MedianNs)}, {Threads(threads)}" + (CaseStatistics.Ratio(threads, async) is { } t ? $" ({Ratio(t)} the async time)" : ""),
        };
        if (pool is not null)
        {
            parts.Add($"a pool of {Format.Count(pool.Case.IntParameter("K"))} threads {Format.Time(pool.MedianNs)}" + (CaseStatistics.Ratio(pool, async) is { } p ? $" ({Ratio(p)})" : ""));
        }
        if (defaultPool is { HasMedian: true })
        {
            parts.Add($"the default pool {Format.Time(defaultPool.MedianNs)}" + (CaseStatistics.Ratio(defaultPool, async) is { } dr ? $" ({Ratio(dr)})" : $" ({NoRatio(defaultPool, async)})"));
        }
        string cpu = CaseStatistics.RatioOf(threads, async, x => x.CpuSamples) is { } c ? $"; CPU time, a thread per call against async: {Ratio(c)}" : "";
        // The lead-in says who won only where the async waits did.
        bool asyncWins = new[] { threads, pool, raised, defaultPool }.OfType<CaseStatistics>().Where(s => s.HasMedian).All(s => s.MedianNs > async.MedianNs);
        string wins = asyncWins ? "Waiting without a thread wins: " : "";
        string plain = defaultPool is { HasMedian: true }
            ? $"{wins}{N(n.Value)} waits of {d} took {Format.Time(async.MedianNs)} with `Task.Delay` and {Format.Time(defaultPool.MedianNs)} when each blocked a thread of .NET's default `ThreadPool`{slower}."
            : $"{wins}{N(n.Value)} waits of {d} took {Format.Time(async.MedianNs)} with `Task.Delay` and {Format.Time(threads.MedianNs)} on a `Thread` per call.";
        return new Answer($"Async against threads and pools, at N = {N(n.Value)}", $"{N(n.Value)} jobs that each wait {d}: {string.Join("; ", parts)}{cpu}.", "Blocking-time")
        {
            Plain = plain,
            ForCode = char.ToUpperInvariant(ForBlocking[0]) + ForBlocking[1..],
            Order = 0,
            // The sentence's finding is the default pool over the async waits; the other ratios are the text's.
            Stated = [.. new[]
            {
                defaultPool is { HasMedian: true } && CaseStatistics.Ratio(defaultPool, async) is { } sr ? StatedFigure.Of("the default pool over Task.Delay", sr, headline: true) : null,
                CaseStatistics.Ratio(threads, async) is { } tr ? StatedFigure.Of("a Thread per call over Task.Delay", tr) : null,
                pool is not null && CaseStatistics.Ratio(pool, async) is { } pr ? StatedFigure.Of("a dedicated pool over Task.Delay", pr) : null,
            }.OfType<StatedFigure>()],
            Figure = new AnswerFigure($"Answer-async-threads-pools-N{n}", title, $"time for all {N(n.Value)} waits", AnswerUnit.Time, rows,
                [async, threads, .. new[] { pool, raised, defaultPool }.OfType<CaseStatistics>()]),
        };
    }

    // "peak 13 threads": the most threads the process had at once during a burst (median of its bursts' peaks).
    private static string Peak(CaseStatistics s) => $"peak {Threads(s)}";

    // The same second figure on every row of the pool's chart: its peak threads and its peak memory.
    private static string PeakAndMemory(CaseStatistics s) =>
        $"{Peak(s)}, {(s.PeakWorkingSetBytes is null ? "memory not measured" : $"{Format.Bytes(s.PeakWorkingSetBytes)} memory")}";

    // The dedicated pool over k at the largest N where at least three k can all be busy, with the default pool beside it.
    private static Answer? PoolSize(IReadOnlyList<CaseStatistics> cases)
    {
        var byN = cases.Where(s => s.Plays(CaseRole.DedicatedPool) && s.HasMedian && s.Case.IntParameter("K") <= s.Case.IntParameter("N"))
            .GroupBy(s => s.Case.IntParameter("N")!.Value).Where(g => g.Count() >= 3).OrderByDescending(g => g.Key).FirstOrDefault();
        if (byN is null)
        {
            return null;
        }
        // The largest k first: at most 7 pools and the default pool in one chart.
        var points = byN.OrderByDescending(s => s.Case.IntParameter("K")).Take(AnswerChart.MaxRows - 1).OrderBy(s => s.Case.IntParameter("K")).ToList();
        CaseStatistics? defaultPool = cases.FirstOrDefault(s => s.Plays(CaseRole.DefaultPool) && s.Case.IntParameter("N") == byN.Key);
        string d = Ms(points[0]);
        var rows = points.Select(s => Timed(s, $"a dedicated pool of {N(s.Case.IntParameter("K")!.Value)} threads", AnswerKind.DedicatedPool, PeakAndMemory(s))).ToList();
        rows.Add(Timed(defaultPool, "ThreadPool defaults", AnswerKind.DefaultPool, defaultPool is { HasMedian: true } ? PeakAndMemory(defaultPool) : null));
        CaseStatistics most = points[^1], fewest = points[0];
        string each = string.Join(", ", points.Select(s => $"k = {Format.Count(s.Case.IntParameter("K"))}: {Format.Time(s.MedianNs)} ({Threads(s)}, {Format.Bytes(s.PeakWorkingSetBytes)}, {Format.CpuMs(s.CpuMsPerOp)} CPU)"));
        string poolText = defaultPool is { HasMedian: true }
            ? $"; the default pool took {Median(defaultPool)} and grew to {Threads(defaultPool)} at its peak (median of its bursts' peaks): it injects threads slowly and keeps them"
            : "";
        string title = $"{N(byN.Key)} blocking calls of {d}: {Format.Time(most.MedianNs)} on a pool of {N(most.Case.IntParameter("K")!.Value)} threads, {Format.Time(fewest.MedianNs)} on {N(fewest.Case.IntParameter("K")!.Value)}"
            + (defaultPool is { HasMedian: true } ? $", {Format.Time(defaultPool.MedianNs)} on the default ThreadPool" : "");
        string plain = $"Size the pool to the blocking: {N(byN.Key)} blocking calls of {d} took {Format.Time(most.MedianNs)} on a dedicated pool of {N(most.Case.IntParameter("K")!.Value)} threads ({Format.Bytes(most.PeakWorkingSetBytes)} memory) and {Format.Time(fewest.MedianNs)} on {N(fewest.Case.IntParameter("K")!.Value)} threads"
            + (defaultPool is { HasMedian: true } ? $"; the default `ThreadPool` took {Format.Time(defaultPool.MedianNs)}, growing to {Threads(defaultPool)}." : ".");
        return new Answer($"What the pool's size k costs and buys, at N = {N(byN.Key)}",
            $"{N(byN.Key)} blocking calls of {d} on exactly k threads ({points[0].Headline!.Kind.ToString().ToLowerInvariant()} bursts): {each}{poolText}.",
            $"Offload-workers-N{byN.Key}")
        {
            Plain = plain,
            ForCode = "with k threads, N blocking calls of d take about ceil(N/k)·d: pick k ≥ N·d/T for a target time T; each thread costs memory (the figures beside the bars), and the default pool adds only one or two threads a second.",
            Order = 1,
            Figure = new AnswerFigure($"Answer-pool-size-N{byN.Key}", title, $"time for all {N(byN.Key)} calls", AnswerUnit.Time, rows,
                [.. points, .. new[] { defaultPool }.OfType<CaseStatistics>()]),
        };
    }
}
