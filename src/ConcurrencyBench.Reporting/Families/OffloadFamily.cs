using System.Globalization;
using ConcurrencyBench.Models;
using ScottPlot;
using static ConcurrencyBench.Reporting.Charts;
using static ConcurrencyBench.Reporting.FindingText;

namespace ConcurrencyBench.Reporting;

/// <summary>
/// Family 2, blocking calls offloaded to workers (the seed's <c>run_in_executor</c>): the default pool, its minimum
/// raised to k, a bounded executor of exactly k; time against k, the pool's repeated bursts and its timeline.
/// </summary>
public sealed class OffloadFamily : ReportFamily
{
    /// <inheritdoc/>
    public override string Name => "Offload";

    /// <inheritdoc/>
    public override string Title => "Thread-pool offload";

    /// <inheritdoc/>
    public override string Intro => "Blocking `Thread.Sleep(d)` calls offloaded to the pool at its defaults, with its minimum raised to k, and to a bounded executor of exactly k threads (the seed's `run_in_executor`). A burst meeting a fresh process meets a cold pool; later bursts in the same process reuse the threads it injected, so the default pool and the raised minimum below N have no warm median (their repeated bursts are the curve they are) and are compared on their cold bursts.";

    /// <inheritdoc/>
    public override int SectionOrder => 1;

    /// <inheritdoc/>
    public override int FindingsOrder => 0;

    /// <inheritdoc/>
    public override IReadOnlyList<BenchmarkClass> Classes { get; } =
    [
        new("DefaultPoolOffload", "Offload", ["N", "DelayMs"]),
        new("MaxWorkersOffload", "Offload", ["N", "K", "DelayMs"]),
    ];

    /// <inheritdoc/>
    public override IReadOnlyList<ModelDeclaration> Models { get; } =
    [
        new("DefaultPoolOffload", "DefaultThreadPool", "default thread pool", 4, ModelCatalog.InjectingPoolIdeal)
        {
            IdealText = "d·ceil(N/32,767)",
            Reference = ModelCatalog.NoInjectionReference,
            ReferenceText = "no thread injection: ceil(N/cores)·d",
        },
        new("MaxWorkersOffload", "RaisedMinThreads", "pool, min threads = k", 5, ModelCatalog.InjectingPoolIdeal)
        {
            IdealText = "d·ceil(N/32,767)",
            Reference = ModelCatalog.NoInjectionReference,
            ReferenceText = "no thread injection past k: ceil(N/k)·d",
        },
        new("MaxWorkersOffload", "BoundedExecutor", "bounded executor, k workers", 6, ModelCatalog.WorkersIdeal) { IdealText = "ceil(N/k)·d" },
    ];

    /// <inheritdoc/>
    public override IEnumerable<ChartFile?> DrawCharts(IReadOnlyList<CaseStatistics> cases, ResultSet results, string folder)
    {
        var loads = cases.Select(s => (N: s.Case.IntParameter("N") ?? 0, D: s.Case.IntParameter("DelayMs") ?? 0)).Distinct().Order().ToList();
        bool severalDelays = loads.Select(l => l.D).Distinct().Skip(1).Any();
        foreach ((int n, int d) in loads)
        {
            yield return OffloadAgainstWorkers(cases, n, d, folder, severalDelays ? $"Offload-workers-N{n}-d{d}ms" : $"Offload-workers-N{n}");
        }
        yield return RepeatedBursts(cases, results, Title, folder, "Offload-bursts");
        yield return OffloadTimeline(cases, results, folder);
    }

    /// <inheritdoc/>
    public override IEnumerable<string?> Findings(IReadOnlyList<CaseStatistics> cases, ResultSet? results = null)
    {
        yield return DefaultPoolAgainstWorkers(cases);
        yield return ColdDefaultPool(cases);
        yield return RaisedMinimum(cases);
        yield return WorkerCost(cases);
    }

    /// <summary>Wall time against max workers k for one N: raised minimum and bounded executor, the default pool as a reference line, and ceil(N/k)·d.</summary>
    public static ChartFile? OffloadAgainstWorkers(IReadOnlyList<CaseStatistics> cases, int n, int delayMs, string folder, string name)
    {
        ArgumentNullException.ThrowIfNull(cases);
        var atLoad = cases.Where(s => s.Case.IntParameter("N") == n && (s.Case.IntParameter("DelayMs") ?? 0) == delayMs).ToList();
        var sized = atLoad.Where(s => s.Case.IntParameter("K") is > 0).ToList();
        if (sized.Count == 0)
        {
            return null;
        }
        string title = $"Offloading {n:#,0} blocking calls of {delayMs} ms: wall time against workers k";
        Plot plot = NewPlot(title, "workers k (log scale)", "wall time per operation (log scale; µs, ms, s)");
        bool manyHosts = Format.FromSeveralHosts(atLoad);
        int[] ks = [.. sized.Select(s => s.Case.IntParameter("K")!.Value).Distinct().Order()];
        double[] kx = [.. ks.Select(k => Math.Log10(k))];
        foreach (var series in SeriesOf(sized.Where(s => s.HasMedian), manyHosts))
        {
            var points = series.OrderBy(s => s.Case.IntParameter("K")).ToList();
            AddTimeSeries(plot, series.Key, [.. points.Select(s => Math.Log10(s.Case.IntParameter("K")!.Value))], points);
        }
        foreach (var reference in atLoad.Where(s => s.Case.IntParameter("K") is null && s.HasMedian))
        {
            var line = plot.Add.HorizontalLine(Math.Log10(reference.MedianNs));
            line.Color = ColorOf(reference.Model.Order);
            line.LinePattern = LinePattern.Dashed;
            line.LineWidth = 2;
            line.LegendText = $"{reference.Model.Label} (median, {reference.SamplesLabel})" + (manyHosts ? $", {reference.Case.Host.Label}" : "");
        }
        double[] idealYs = [.. ks.Select(k => Math.Log10(Load.FromMilliseconds(n, delayMs).IdealWithWorkers(k).TotalNanoseconds))];
        var ideal = plot.Add.ScatterLine(kx, idealYs);
        ideal.Color = Colors.Gray;
        ideal.LinePattern = LinePattern.Dotted;
        ideal.LineWidth = 2;
        ideal.LegendText = "ideal ceil(N/k)·d";
        LogTicks(plot, plot.Axes.Bottom, v => FormatNumber(Pow10(v)));
        LogTicks(plot, plot.Axes.Left, v => FormatTime(Pow10(v)));
        return Save(plot, folder, name, title);
    }

    /// <summary>
    /// Threads and queued work items over time in one offload case per model (largest N; largest k): the default
    /// pool's slow thread injection against a raised minimum and a bounded executor.
    /// </summary>
    public static ChartFile? OffloadTimeline(IReadOnlyList<CaseStatistics> cases, ResultSet results, string folder)
    {
        ArgumentNullException.ThrowIfNull(cases);
        ArgumentNullException.ThrowIfNull(results);
        var offload = cases.Where(s => results.TimelineOf(s.Case) is not null).ToList();
        if (offload.Count == 0)
        {
            return null;
        }
        int largestD = offload.Max(s => s.Case.IntParameter("DelayMs") ?? 0);
        offload = [.. offload.Where(s => (s.Case.IntParameter("DelayMs") ?? 0) == largestD)];
        int n = offload.Max(s => s.Case.IntParameter("N") ?? 0);
        int k = offload.Where(s => s.Case.IntParameter("N") == n).Max(s => s.Case.IntParameter("K") ?? 0);
        var chosen = offload
            .Where(s => s.Case.IntParameter("N") == n && (s.Case.IntParameter("K") is null || s.Case.IntParameter("K") == k))
            .OrderBy(s => s.Model.Order)
            .ToList();
        int delayMs = chosen[0].Case.IntParameter("DelayMs") ?? 0;
        string title = $"Thread-pool timeline: {n:#,0} blocking calls of {delayMs} ms per operation, k = {k:#,0}";
        Plot plot = NewPlot(title, "time since the case's setup started sampling (s); repeated bursts, one after another", "threads in the process (solid; log scale)");
        plot.Axes.Right.Label.Text = "queued pool work items (dotted)";
        foreach (CaseStatistics s in chosen)
        {
            ThreadPoolTimeline timeline = results.TimelineOf(s.Case)!;
            double[] t = [.. timeline.Samples.Select(x => x.ElapsedMs / 1000)];
            // Threads on a log axis: the pool's one-at-a-time injection (2, 3, 4, ...) and 1,000 executor threads
            // must both be readable on one chart.
            double[] threadCounts = [.. timeline.Samples.Select(x => Math.Log10(Math.Max(1, x.ProcessThreads)))];
            var threads = plot.Add.ScatterLine(t, threadCounts);
            threads.Color = ColorOf(s.Model.Order);
            threads.LineWidth = 2.5f;
            threads.MarkerSize = 0;
            threads.LegendText = $"{s.Model.Label}: threads";
            double[] pending = [.. timeline.Samples.Select(x => (double)x.PendingWorkItems)];
            var queued = plot.Add.ScatterLine(t, pending);
            queued.Color = ColorOf(s.Model.Order).WithAlpha(0.6);
            queued.LinePattern = LinePattern.Dotted;
            queued.LineWidth = 1;
            queued.MarkerSize = 0;
            queued.Axes.YAxis = plot.Axes.Right;
            queued.LegendText = $"{s.Model.Label}: queued";
        }
        LogTicks(plot, plot.Axes.Left, v => FormatNumber(Pow10(v)));
        return Save(plot, folder, "Offload-timeline", title);
    }

    private static string? DefaultPoolAgainstWorkers(IReadOnlyList<CaseStatistics> cases)
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
                string k = N(bounded.Case.IntParameter("K")!.Value);
                return CaseStatistics.Ratio(pool, bounded) is { } ratio
                    ? $"{N(n)} blocking calls of {Ms(pool)} on the default thread pool against a bounded executor of {k} workers: {Against(ratio)}, " +
                      $"with {Format.Plural(pool.PeakThreads ?? 0, "thread")} against {Format.Count(bounded.PeakThreads)} at the bursts' peak."
                    : $"{N(n)} blocking calls of {Ms(pool)} on the default thread pool and on {k} workers: {NoRatio(pool, bounded)}.";
            }
        }
        return null;
    }

    private static string? ColdDefaultPool(IReadOnlyList<CaseStatistics> cases)
    {
        int? n = cases.Where(s => s.Case.Method == "DefaultThreadPool" && s.Repeated.Count >= 2).Select(s => s.Case.IntParameter("N")).Max();
        if (n is null || Find(cases, "DefaultPoolOffload", "DefaultThreadPool", n, needsMedian: false) is not { } pool)
        {
            return null;
        }
        if (pool.Trend.Count < TrendTest.MinimumCount)
        {
            return $"Repeated bursts of {N(n.Value)} calls in one process on the default pool: {Format.Trend(pool.Trend, [.. pool.Repeated.Skip(1)])}.";
        }
        string p = pool.Trend.PValue < 0.001 ? "p < 0.001" : $"p = {pool.Trend.PValue.ToString("0.###", CultureInfo.InvariantCulture)}";
        string head = $"Repeated bursts of {N(n.Value)} calls in one process on the default pool: the first took {Format.Time(pool.FirstNs)} and the last of {pool.Repeated.Count} " +
                      $"{Format.Time(pool.LastNs)} ({Format.Ratio(pool.FirstNs / pool.LastNs)} as fast)";
        // Why the bursts speed up is said only where they do: a pool of fixed size (Python's default executor) has
        // nothing to learn, and its bursts say so.
        return pool.Trend.HasTrend
            ? $"{head}, a trend the stationarity test confirms (Mann–Kendall, {p}): the pool keeps the threads it injected, " +
              "so its warm bursts have no median, and every comparison of it uses its cold bursts (a fresh process each)."
            : $"{head}: no trend the stationarity test can confirm (Mann–Kendall, {p}).";
    }

    private static string? RaisedMinimum(IReadOnlyList<CaseStatistics> cases)
    {
        int? n = LargestN(cases, "MaxWorkersOffload", "RaisedMinThreads");
        if (n is null || Find(cases, "DefaultPoolOffload", "DefaultThreadPool", n) is not { } pool)
        {
            return null;
        }
        CaseStatistics? raised = cases.Where(s => s.Case.Method == "RaisedMinThreads" && s.Case.IntParameter("N") == n && s.HasMedian)
            .OrderByDescending(s => s.Case.IntParameter("K")).FirstOrDefault();
        if (raised is null)
        {
            return null;
        }
        string reference = raised.Model.Reference?.Invoke(raised.Case) is TimeSpan r ? $"; {raised.Model.ReferenceText} would be {Format.Time(r.TotalNanoseconds)}" : "";
        string against = CaseStatistics.Ratio(raised, pool) is { } ratio ? Against(ratio) : NoRatio(raised, pool);
        return $"Raising the pool's minimum to {N(raised.Case.IntParameter("K")!.Value)} threads, against the default pool, for {N(n.Value)} blocking calls: {against}" +
               $" ({Format.Ratio(raised.RatioToIdeal)} its ideal of {Format.Time(raised.IdealNs ?? double.NaN)}{reference}).";
    }

    // What each worker costs: the slope of the bursts' peak memory and CPU time against k, at the largest N where at
    // least three worker counts can all be busy (k ≤ N), from the headline bursts.
    private static string? WorkerCost(IReadOnlyList<CaseStatistics> cases)
    {
        var byN = cases.Where(s => s.Case.Method == "BoundedExecutor" && s.HasMedian && s.Case.IntParameter("K") <= s.Case.IntParameter("N"))
            .GroupBy(s => s.Case.IntParameter("N")!.Value).Where(g => g.Count() >= 3).OrderByDescending(g => g.Key).FirstOrDefault();
        if (byN is null)
        {
            return null;
        }
        var points = byN.OrderBy(s => s.Case.IntParameter("K")).ToList();
        double? memory = Slope(points, s => s.PeakWorkingSetBytes);
        double? cpu = Slope(points, s => s.CpuMsPerOp);
        if (memory is null && cpu is null)
        {
            return null;
        }
        string times = string.Join(", ", points.Select(s => $"k = {N(s.Case.IntParameter("K")!.Value)}: {Format.Time(s.MedianNs)}"));
        return $"What a worker costs, {N(byN.Key)} blocking calls on a bounded executor of k workers ({times}; {points[0].Headline!.Kind.ToString().ToLowerInvariant()} bursts): " +
               $"each added worker adds {Format.Bytes(memory)} of peak resident memory and {Format.CpuMs(cpu)} of CPU time per burst " +
               $"(least-squares slopes against k over k = {N(points[0].Case.IntParameter("K")!.Value)} to {N(points[^1].Case.IntParameter("K")!.Value)}).";
    }

    private static double? Slope(IReadOnlyList<CaseStatistics> points, Func<CaseStatistics, double?> value)
    {
        var known = points.Where(p => value(p) is not null).ToList();
        if (known.Select(p => p.Case.IntParameter("K")).Distinct().Count() < 2)
        {
            return null;
        }
        double[] x = [.. known.Select(p => (double)p.Case.IntParameter("K")!.Value)];
        double[] y = [.. known.Select(p => value(p)!.Value)];
        double mx = x.Average(), my = y.Average();
        return x.Zip(y).Sum(q => (q.First - mx) * (q.Second - my)) / x.Sum(v => (v - mx) * (v - mx));
    }
}
