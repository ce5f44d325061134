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
        ChartContext context = ChartContext.Of(results);
        var loads = cases.Select(s => (N: s.Case.IntParameter("N") ?? 0, D: s.Case.IntParameter("DelayMs") ?? 0)).Distinct().Order().ToList();
        bool severalDelays = loads.Select(l => l.D).Distinct().Skip(1).Any();
        foreach ((int n, int d) in loads)
        {
            yield return OffloadAgainstWorkers(context, cases, n, d, folder, severalDelays ? $"Offload-workers-N{n}-d{d}ms" : $"Offload-workers-N{n}");
        }
        yield return RepeatedBursts(context, cases, results, $"How do repeated bursts of blocking calls{OfDelay(cases)} speed up in one process as the pool keeps its threads?", folder, "Offload-bursts");
        yield return OffloadTimeline(context, cases, results, folder);
    }

    /// <inheritdoc/>
    public override IEnumerable<string?> Findings(IReadOnlyList<CaseStatistics> cases, ResultSet? results = null)
    {
        yield return DefaultPoolAgainstWorkers(cases);
        yield return ColdDefaultPool(cases);
        yield return RaisedMinimum(cases);
        yield return WorkerCost(cases);
    }

    /// <summary>
    /// Wall time against workers k for one N: the raised minimum and the bounded executor against k (its bound
    /// ceil(N/k)·d dashed), and beside them a panel of the default pool, one slot per runtime, with each runtime's own
    /// ideal (dashed) and the time without thread injection (dotted, a reference the pool beats by injecting).
    /// </summary>
    public static ChartFile? OffloadAgainstWorkers(ChartContext context, IReadOnlyList<CaseStatistics> cases, int n, int delayMs, string folder, string name)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(cases);
        var atLoad = cases.Where(s => s.Case.IntParameter("N") == n && (s.Case.IntParameter("DelayMs") ?? 0) == delayMs).ToList();
        var sized = atLoad.Where(s => s.Case.IntParameter("K") is > 0).ToList();
        if (!sized.Any(s => s.HasMedian))
        {
            return null;
        }
        var defaults = InRuntimeOrder(atLoad.Where(s => s.Case.IntParameter("K") is null && s.HasMedian).Select(s => s.Case.Host))
            .Select(h => atLoad.First(s => s.Case.IntParameter("K") is null && s.HasMedian && s.Case.Host == h)).ToList();
        PlottedSamples samples = PlottedSamples.For(atLoad);
        var runtimes = new RuntimeStyles(atLoad.Select(s => s.Case.Host));
        using var figure = new ChartFigure($"How long do {n:#,0} blocking calls of {delayMs:#,0} ms take with k workers, and on the default pool?",
            [context.Describe(runtimes.Hosts), samples.Describe(atLoad)]);
        ChartPanel? pool = null;
        if (defaults.Count > 0)
        {
            figure.Columns = 2;
            // Six runtimes' names under the default pool need room: the panel widens with them.
            figure.ColumnWeights = [defaults.Count > 3 ? 2.2 : 1.5, 3];
            pool = figure.AddPanel("default pool (no k)", "runtime", "wall time per operation (log scale)");
        }
        ChartPanel workers = figure.AddPanel("k workers", "workers k (log scale)", "wall time per operation (log scale)");

        var series = sized.GroupBy(s => (Label: s.SuiteLabel, s.Model.Order, s.Case.Host))
            .OrderBy(g => g.Key.Order).ThenBy(g => g.Key.Label, StringComparer.Ordinal).ThenBy(g => RuntimeOf(g.Key.Host)).ToList();
        int[] ks = [.. sized.Select(s => s.Case.IntParameter("K")!.Value).Distinct().Order()];
        double[] kx = [.. ks.Select(k => Math.Log10(k))];
        double step = DodgeStep(kx);
        for (int i = 0; i < series.Count; i++)
        {
            double offset = (i - ((series.Count - 1) / 2.0)) * step;
            var points = series[i].Select(s => MedianPoint.Of(Math.Log10(s.Case.IntParameter("K")!.Value) + offset, samples.Of(s))).ToList();
            DrawMedians(workers, $"{series[i].Key.Label} · {runtimes.NameOf(series[i].Key.Host)}", ColorOf(series[i].Key.Order), runtimes, series[i].Key.Host, points);
        }
        if (series.Count > 1)
        {
            figure.AddNote(DodgeNote("k"));
        }
        // The guides' legend entries follow the models', runtimes' and kinds'.
        var guides = new List<Action>();
        // The bound with exactly k workers; for a pool whose minimum is k it is what the pool takes without injecting.
        AddLine(workers.Plot, kx, [.. ks.Select(k => Math.Log10(Load.FromMilliseconds(n, delayMs).IdealWithWorkers(k).TotalNanoseconds))], GuideColor, 1.5f, Dash.Dashed);
        const string perKText = "ideal with exactly k workers: ceil(N/k)·d";
        if (sized.Any(s => s.Model.Reference is not null))
        {
            figure.AddNote("For a pool whose minimum is k, ceil(N/k)·d is a reference, not a bound: the pool may inject more threads than k.");
        }
        // The bound of a pool that may inject threads (its minimum raised to k, or the default pool): d·ceil(N/32,767).
        if (sized.Concat(defaults).FirstOrDefault(s => s.Model.Reference is not null && s.IdealNs is > 0 && s.Case.OwnIdeal is null) is { } injecting)
        {
            double bound = Math.Log10(injecting.IdealNs!.Value);
            AddLine(workers.Plot, [kx[0] - (2 * step), kx[^1] + (2 * step)], [bound, bound], GuideColor, 1.5f, Dash.DenselyDashed);
            guides.Add(() => figure.AddLegendLine($"ideal of a pool that may inject: {injecting.Model.IdealText}", GuideColor, Dash.DenselyDashed, 1.5f));
        }
        guides.Insert(0, () => figure.AddLegendLine(perKText, GuideColor, Dash.Dashed, 1.5f));

        if (pool is not null)
        {
            for (int i = 0; i < defaults.Count; i++)
            {
                CaseStatistics s = defaults[i];
                DrawMedians(pool, $"{s.SuiteLabel} · {runtimes.NameOf(s.Case.Host)}", ColorOf(s.Model.Order), runtimes, s.Case.Host, [MedianPoint.Of(i, samples.Of(s))]);
                void Segment(double ns, Dash pattern)
                {
                    AddLine(pool.Plot, [i - 0.35, i + 0.35], [Math.Log10(ns), Math.Log10(ns)], GuideColor, 1.5f, pattern);
                }
                if (s.IdealNs is > 0)
                {
                    Segment(s.IdealNs.Value, Dash.Dashed);
                    guides.Add(() => figure.AddLegendLine("ideal of each default pool (its runtime's own)", GuideColor, Dash.Dashed, 1.5f));
                }
                if (s.Case.OwnIdeal is null && s.Model.Reference?.Invoke(s.Case) is TimeSpan reference)
                {
                    Segment(reference.TotalNanoseconds, Dash.Dotted);
                    guides.Add(() => figure.AddLegendLine($"{s.Model.ReferenceText}, not a bound", GuideColor, Dash.Dotted, 1.5f));
                }
            }
            pool.Plot.Axes.Bottom.SetTicks([.. defaults.Select((_, i) => (double)i)], [.. defaults.Select(s => runtimes.NameOf(s.Case.Host).Replace(' ', '\n').Replace("NativeAOT", "Native\nAOT", StringComparison.Ordinal))]);
            pool.Plot.Axes.Bottom.TickLabelStyle.FontSize = 10;
        }
        ShareLimits(figure.Panels, shareX: false);
        if (pool is not null)
        {
            pool.Plot.Axes.SetLimitsX(-0.6, defaults.Count - 0.4);
        }
        foreach (ChartPanel panel in figure.Panels)
        {
            LogTicks(panel.Plot.Axes.Left, FormatTime);
        }
        LogTicks(workers.Plot.Axes.Bottom, FormatNumber);
        AddModelLegend(figure, atLoad.Where(s => s.HasMedian).OrderBy(s => s.Model.Order).ThenBy(s => RuntimeOf(s.Case.Host)).Select(s => (s.SuiteLabel, s.Model.Order)));
        runtimes.AddLegend(figure, filled: !samples.AllWarm);
        samples.AddLegend(figure);
        guides.ForEach(add => add());
        if (NoMedianNote(atLoad, samples) is { } missing)
        {
            figure.AddNote(missing);
        }
        if (SuiteLabelNote(atLoad) is { } suiteNames)
        {
            figure.AddNote(suiteNames);
        }
        figure.AddNote(GuidesNote);
        return figure.Save(folder, name);
    }

    /// <summary>
    /// Threads and queued work items over time in one offload case per model and runtime (largest N; largest k), one
    /// panel each with its own time axis: the default pool's slow thread injection against a raised minimum and a
    /// bounded executor, whose bursts take a fraction of the time.
    /// </summary>
    public static ChartFile? OffloadTimeline(ChartContext context, IReadOnlyList<CaseStatistics> cases, ResultSet results, string folder)
    {
        ArgumentNullException.ThrowIfNull(context);
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
            .OrderBy(s => RuntimeOf(s.Case.Host)).ThenBy(s => s.Case.Host.Label, StringComparer.Ordinal).ThenBy(s => s.Model.Order)
            .ToList();
        var runtimes = new RuntimeStyles(chosen.Select(s => s.Case.Host));
        string LabelOf(CaseStatistics s) => WithK(s.Model.Label, s.Case.IntParameter("K"));
        double interval = chosen.Select(s => results.TimelineOf(s.Case)!.IntervalMs).Max();
        using var figure = new ChartFigure($"How many threads do {n:#,0} blocking calls of {largestD:#,0} ms get over time, and how much work waits?",
            [context.Describe(runtimes.Hosts), $"One process per panel, sampled every {FormatNumber(interval)} ms: threads (solid, left axis, log scale) and queued pool work items (dotted, right axis); single samples, no whiskers"]);
        figure.Columns = Math.Min(3, chosen.Select(s => s.Model.Label).Distinct().Count());
        figure.Height = Math.Max(Height, 140 + ((int)Math.Ceiling(chosen.Count / (double)figure.Columns) * 380));
        double maxQueued = 1;
        foreach (CaseStatistics s in chosen)
        {
            ThreadPoolTimeline timeline = results.TimelineOf(s.Case)!;
            string process = s.Case.Bursts == BurstKind.Cold ? "one cold burst" : $"{s.Repeated.Count} repeated bursts";
            ChartPanel panel = figure.AddPanel($"{LabelOf(s)}\n{runtimes.NameOf(s.Case.Host)}: {process}", "seconds since sampling started", "threads (log scale)", "no samples in this case's timeline");
            panel.ExpectCourse(timeline.Samples.Count, "this case's timeline");
            panel.Plot.Axes.Right.Label.Text = "queued work items";
            panel.Plot.Axes.Right.Label.FontSize = 12;
            double[] t = [.. timeline.Samples.Select(x => x.ElapsedMs / 1000)];
            // Threads on a log axis: the pool's one-at-a-time injection (2, 3, 4, ...) and 1,000 executor threads
            // must both be readable.
            double[] threadCounts = [.. timeline.Samples.Select(x => Math.Log10(Math.Max(1, x.ProcessThreads)))];
            Color color = ColorOf(s.Model.Order);
            AddLine(panel.Plot, t, threadCounts, color, 2, Dash.Solid);
            AddSparseMarkers(panel.Plot, t, threadCounts, runtimes.MarkerOf(s.Case.Host, filled: true), color);
            double[] pending = [.. timeline.Samples.Select(x => (double)x.PendingWorkItems)];
            maxQueued = Math.Max(maxQueued, pending.DefaultIfEmpty(0).Max());
            AddLine(panel.Plot, t, pending, color.WithAlpha(0.8), 1.5f, Dash.Dotted, panel.Plot.Axes.Right);
            panel.AddSeries($"{LabelOf(s)} · {runtimes.NameOf(s.Case.Host)}: threads");
            panel.AddSeries($"{LabelOf(s)} · {runtimes.NameOf(s.Case.Host)}: queued");
        }
        ShareLimits(figure.Panels, shareX: false);
        foreach (ChartPanel panel in figure.Panels)
        {
            panel.Plot.Axes.SetLimitsY(0, maxQueued * 1.05, panel.Plot.Axes.Right);
            LogTicks(panel.Plot.Axes.Left, FormatNumber);
        }
        foreach (CaseStatistics s in chosen.OrderBy(s => s.Model.Order).DistinctBy(LabelOf))
        {
            figure.AddLegendLine(LabelOf(s), ColorOf(s.Model.Order), Dash.Solid);
        }
        runtimes.AddLegend(figure);
        figure.AddLegendLine("threads in the process (left axis)", GuideColor, Dash.Solid);
        figure.AddLegendLine("queued pool work items (right axis)", GuideColor, Dash.Dotted, 1.5f);
        figure.AddNote("Each panel has its own time axis: the default pool's bursts take many times as long as a pool that starts with enough threads.");
        return figure.Save(folder, "Offload-timeline");
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
