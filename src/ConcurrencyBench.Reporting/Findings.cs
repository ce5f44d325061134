using System.Globalization;

namespace ConcurrencyBench.Reporting;

/// <summary>
/// The report's findings: each a sentence built from the statistics, stated only when the cases it needs are in
/// the results. Ratios compare cases measured in the same run on the same machine.
/// </summary>
public static class Findings
{
    /// <summary>The findings for <paramref name="stats"/>, per host when there are several.</summary>
    public static IReadOnlyList<string> From(IReadOnlyList<CaseStatistics> stats)
    {
        ArgumentNullException.ThrowIfNull(stats);
        var hosts = stats.Select(s => s.Case.Host).Distinct().ToList();
        var findings = new List<string>();
        foreach (HostInfo host in hosts)
        {
            var cases = stats.Where(s => s.Case.Host == host).ToList();
            string prefix = hosts.Count > 1 ? $"[{host.Label}] " : "";
            foreach (string? finding in new[]
            {
                DefaultPoolAgainstWorkers(cases),
                ColdDefaultPool(cases),
                RaisedMinimum(cases),
                AsyncAtScale(cases),
                BytesPerDelay(cases),
                EventLoopCost(cases),
                TaskRunHop(cases),
                SequentialAgainstThreads(cases),
                SyncOverAsync(cases),
                Starvation(cases),
                SeedOffload(cases),
                SeedAsync(cases),
            })
            {
                if (finding is not null)
                {
                    findings.Add(prefix + finding);
                }
            }
        }
        return findings;
    }

    // A finding that quotes a median needs a case that has one: a trend without cold bursts has none.
    private static CaseStatistics? Find(IEnumerable<CaseStatistics> cases, string type, string method, int? n = null, int? k = null, bool needsMedian = true) =>
        cases.FirstOrDefault(s => s.Case.Type == type && s.Case.Method == method && (s.HasMedian || !needsMedian)
            && (n is null || s.Case.IntParameter("N") == n) && (k is null || s.Case.IntParameter("K") == k));

    // "16.2 s (median of 6 cold bursts)": which samples a median describes goes with it.
    private static string Median(CaseStatistics s) =>
        $"{Format.Time(s.MedianNs)} (median of {s.Iterations} {(s.Kind == SampleKind.Cold ? "cold" : "warm")} bursts)";

    private static int? LargestN(IEnumerable<CaseStatistics> cases, string type, string method) =>
        cases.Where(s => s.Case.Type == type && s.Case.Method == method && s.HasMedian).Select(s => s.Case.IntParameter("N")).Max();

    private static string N(int n) => n.ToString("#,0", CultureInfo.InvariantCulture);

    private static string Ms(CaseStatistics s) => $"{s.Case.IntParameter("DelayMs")} ms";

    private static string? DefaultPoolAgainstWorkers(List<CaseStatistics> cases)
    {
        // The largest N measured on both the default pool and a bounded executor; the largest k at that N.
        var candidates = cases.Where(s => s.Case.Method == "DefaultThreadPool" && s.HasMedian).OrderByDescending(s => s.Case.IntParameter("N"));
        foreach (CaseStatistics pool in candidates)
        {
            int n = pool.Case.IntParameter("N")!.Value;
            CaseStatistics? bounded = cases.Where(s => s.Case.Method == "BoundedExecutor" && s.HasMedian && s.Case.IntParameter("N") == n)
                .OrderByDescending(s => s.Case.IntParameter("K")).FirstOrDefault();
            if (bounded is not null)
            {
                return $"{N(n)} blocking calls of {Ms(pool)} took {Median(pool)} on the default thread pool and " +
                       $"{Median(bounded)} on a bounded executor of {N(bounded.Case.IntParameter("K")!.Value)} workers: " +
                       $"{Format.Ratio(pool.MedianNs / bounded.MedianNs)} as long.";
            }
        }
        return null;
    }

    private static string? ColdDefaultPool(List<CaseStatistics> cases)
    {
        int? n = LargestN(cases, "DefaultPoolOffload", "DefaultThreadPool");
        if (n is null || Find(cases, "DefaultPoolOffload", "DefaultThreadPool", n, needsMedian: false) is not { } pool || pool.Repeated.Count < 2)
        {
            return null;
        }
        string p = pool.Trend.PValue < 0.001 ? "p < 0.001" : $"p = {pool.Trend.PValue.ToString("0.###", CultureInfo.InvariantCulture)}";
        string trend = pool.Trend.HasTrend ? $"a trend the stationarity test confirms (Mann–Kendall, {p})" : $"no trend the stationarity test can confirm (Mann–Kendall, {p})";
        return $"Repeated bursts of {N(n.Value)} calls in one process on the default pool: the first took {Format.Time(pool.FirstNs)} and the last of {pool.Repeated.Count} " +
               $"{Format.Time(pool.LastNs)} ({Format.Ratio(pool.FirstNs / pool.LastNs)} faster), {trend}: the pool keeps the threads it injected " +
               $"(peak {Format.Count(pool.PeakThreads)} threads in the process), so a median across them would describe the iteration count, not the pool.";
    }

    private static string? RaisedMinimum(List<CaseStatistics> cases)
    {
        int? n = LargestN(cases, "MaxWorkersOffload", "RaisedMinThreads");
        if (n is null || Find(cases, "DefaultPoolOffload", "DefaultThreadPool", n) is not { } pool)
        {
            return null;
        }
        CaseStatistics? raised = cases.Where(s => s.Case.Method == "RaisedMinThreads" && s.Case.IntParameter("N") == n)
            .OrderByDescending(s => s.Case.IntParameter("K")).FirstOrDefault();
        if (raised is null)
        {
            return null;
        }
        return $"Raising the pool's minimum to {N(raised.Case.IntParameter("K")!.Value)} threads brought {N(n.Value)} blocking calls from " +
               $"{Median(pool)} to {Median(raised)} ({Format.Ratio(raised.RatioToIdeal)} its ideal of {Format.Time(raised.IdealNs ?? double.NaN)}).";
    }

    private static string? AsyncAtScale(List<CaseStatistics> cases)
    {
        int? n = LargestN(cases, "AsyncDelays", "TaskDelayWhenAll");
        if (n is null || Find(cases, "AsyncDelays", "TaskDelayWhenAll", n) is not { } delay)
        {
            return null;
        }
        return $"{N(n.Value)} concurrent `Task.Delay({Ms(delay)})`s joined with `WhenAll` took {Median(delay)} " +
               $"(interval {Format.Interval(delay.Interval)}), {Format.Ratio(delay.RatioToIdeal)} the single delay, " +
               $"with a peak of {Format.Count(delay.PeakThreads)} threads and {Format.Bytes(delay.PeakWorkingSetBytes)} of peak working set for the whole process.";
    }

    private static string? BytesPerDelay(List<CaseStatistics> cases)
    {
        int? n = LargestN(cases, "AsyncDelays", "AsyncMethodWhenAll");
        if (n is null || Find(cases, "AsyncDelays", "AsyncMethodWhenAll", n) is not { AllocatedBytesPerJob: double perJob } coroutine)
        {
            return null;
        }
        string raw = Find(cases, "AsyncDelays", "TaskDelayWhenAll", n) is { AllocatedBytesPerJob: double rawBytes }
            ? $" ({Format.Bytes(rawBytes)} for a bare `Task.Delay`)"
            : "";
        return $"One concurrent delay in an async method costs {Format.Bytes(perJob)} of managed allocation at N = {N(n.Value)}{raw}.";
    }

    private static string? EventLoopCost(List<CaseStatistics> cases)
    {
        int? n = LargestN(cases, "AsyncDelays", "SingleThreadEventLoop");
        if (n is null || Find(cases, "AsyncDelays", "SingleThreadEventLoop", n) is not { } loop
            || Find(cases, "AsyncDelays", "AsyncMethodWhenAll", n) is not { } pool)
        {
            return null;
        }
        return $"The same {N(n.Value)} coroutines on a single-threaded event loop took {Format.Time(loop.MedianNs)} against {Format.Time(pool.MedianNs)} " +
               $"resuming on the thread pool ({Format.Ratio(loop.MedianNs / pool.MedianNs)}): one thread must run every resumption.";
    }

    private static string? TaskRunHop(List<CaseStatistics> cases)
    {
        int? n = LargestN(cases, "AsyncDelays", "TaskRunWrappedDelay");
        if (n is null || Find(cases, "AsyncDelays", "TaskRunWrappedDelay", n) is not { AllocatedBytesPerJob: double wrapped } hop
            || Find(cases, "AsyncDelays", "AsyncMethodWhenAll", n) is not { AllocatedBytesPerJob: double plain })
        {
            return null;
        }
        return $"Wrapping each delay in `Task.Run` (as a widely quoted 1M-task benchmark did) allocates {Format.Bytes(wrapped)} per delay instead of {Format.Bytes(plain)} " +
               $"({Format.Ratio(wrapped / plain)}) at N = {N(n.Value)}, and took {Format.Time(hop.MedianNs)}.";
    }

    private static string? SequentialAgainstThreads(List<CaseStatistics> cases)
    {
        int? n = cases.Where(s => s.Case.Method == "Sequential").Select(s => s.Case.IntParameter("N"))
            .Where(x => Find(cases, "BlockingCalls", "ThreadPerCall", x) is not null).Max();
        if (n is null || Find(cases, "BlockingCalls", "Sequential", n) is not { } sequential || Find(cases, "BlockingCalls", "ThreadPerCall", n) is not { } threads)
        {
            return null;
        }
        return $"{N(n.Value)} blocking calls of {Ms(sequential)} took {Format.Time(sequential.MedianNs)} one after the other and {Format.Time(threads.MedianNs)} " +
               $"with a thread each ({Format.Ratio(sequential.MedianNs / threads.MedianNs)} faster, for {Format.Count(threads.PeakThreads)} threads at peak).";
    }

    private static string? SyncOverAsync(List<CaseStatistics> cases)
    {
        int? n = LargestN(cases, "BlockingCalls", "SyncOverAsyncInPool");
        if (n is null || Find(cases, "BlockingCalls", "SyncOverAsyncInPool", n) is not { } blocked)
        {
            return null;
        }
        string threads = Find(cases, "BlockingCalls", "ThreadPerCall", n) is { } t ? $" against {Format.Time(t.MedianNs)} with a thread per call" : "";
        string last = double.IsNaN(blocked.LastNs) ? "" : $"; after {blocked.Repeated.Count} repeated bursts in one process, the last took {Format.Time(blocked.LastNs)}";
        return $"{N(n.Value)} sync-over-async waits (`Task.Delay({Ms(blocked)}).Wait()`) inside pool work items took {Median(blocked)}{threads}{last}.";
    }

    private static string? Starvation(List<CaseStatistics> cases)
    {
        int? n = LargestN(cases, "PoolStarvation", "ProbeBehindBlockingCalls");
        if (n is null || Find(cases, "PoolStarvation", "ProbeBehindBlockingCalls", n) is not { } blocked
            || Find(cases, "PoolStarvation", "ProbeBehindAsyncWaits", n) is not { } idle)
        {
            return null;
        }
        return $"A short work item queued behind {N(n.Value)} blocking calls of {Ms(blocked)} waited {Median(blocked)} to start; " +
               $"behind {N(n.Value)} async waits it waited {Median(idle)} ({Format.Ratio(blocked.MedianNs / idle.MedianNs)}).";
    }

    private static string? SeedOffload(List<CaseStatistics> cases)
    {
        if (Find(cases, "SeedExperiments", "BlockingOffloadDefaultPool") is not { } pool
            || Find(cases, "SeedExperiments", "BlockingOffload1000Workers") is not { } workers)
        {
            return null;
        }
        string last = double.IsNaN(pool.LastNs) ? "" : $"; in one process, the pool's {pool.Repeated.Count}th repeated burst took {Format.Time(pool.LastNs)}";
        return $"The article's experiment 3 in .NET: 1,000 × 1 s blocking sleeps took {Median(pool)} on the default pool " +
               $"and {Median(workers)} on 1,000 dedicated workers ({Format.Ratio(pool.MedianNs / workers.MedianNs)}){last}.";
    }

    private static string? SeedAsync(List<CaseStatistics> cases)
    {
        if (Find(cases, "SeedExperiments", "AsyncSleeps10000") is not { } sleeps)
        {
            return null;
        }
        string two = Find(cases, "SeedExperiments", "TwoSleepers5sAnd4s") is { } t ? $"; the 5 s and 4 s sleepers under gather took {Format.Time(t.MedianNs)}" : "";
        return $"10,000 async sleeps of 1 s took {Format.Time(sleeps.MedianNs)} ({Format.Ratio(sleeps.RatioToIdeal)} one sleep){two}.";
    }
}
