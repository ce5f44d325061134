using ConcurrencyBench.Models;
using ScottPlot;
using System.Globalization;
using static ConcurrencyBench.Reporting.ChartDrawing;
using static ConcurrencyBench.Reporting.ChartLayout;
using static ConcurrencyBench.Reporting.ChartPalette;
using static ConcurrencyBench.Reporting.ChartTicks;
using static ConcurrencyBench.Reporting.Charts;
using static ConcurrencyBench.Reporting.FindingText;

namespace ConcurrencyBench.Reporting;

/// <summary>
/// Family 2, blocking calls offloaded to workers (the seed's <c>run_in_executor</c>): the default pool, its minimum
/// raised to k, a bounded executor of exactly k; time against k, the pool's repeated bursts and its timeline.
/// </summary>
public sealed partial class OffloadFamily : ReportFamily
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
    public override CaseRole RoleOf(CaseResult c) => c?.Method switch
    {
        "BoundedExecutor" => CaseRole.DedicatedPool,
        "DefaultThreadPool" => CaseRole.DefaultPool,
        _ => CaseRole.None,
    };

    /// <inheritdoc/>
    /// <remarks>
    /// The executor with a worker per call (k = N, the article's "max_workers=1000") at its largest N, the default pool
    /// at its largest N; the raised minimum is .NET's own knob and has no twin worth a row.
    /// </remarks>
    public override IEnumerable<CaseResult> ShownOnRuntimes(IReadOnlyList<CaseResult> byN)
    {
        ArgumentNullException.ThrowIfNull(byN);
        return byN.Count == 0 ? [] : byN[0].Method switch
        {
            "BoundedExecutor" => byN.Where(c => c.IntParameter("K") == c.IntParameter("N")).TakeLast(1),
            "RaisedMinThreads" => [],
            _ => byN.TakeLast(1),
        };
    }

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
        yield return RepeatedBursts(context, cases, $"How do repeated bursts of blocking calls{OfDelay(cases)} speed up in one process as the pool keeps its threads?", folder, "Offload-bursts");
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
    /// Wall time against workers k for one N, a panel per runtime: the raised minimum and the bounded executor against k
    /// (the bound with exactly k workers, ceil(N/k)·d, dashed), and the runtime's default pool, which has no k, as a
    /// level across the panel labelled with its time (its own ideal dashed and the time without thread injection dotted,
    /// in its colour). A runtime that did not run a model at this N says so in its panel.
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
        PlottedSamples samples = PlottedSamples.For(atLoad);
        var runtimes = new RuntimeStyles(atLoad.Select(s => s.Case.Host));
        using var figure = new ChartFigure($"How long do {n:#,0} blocking calls of {delayMs:#,0} ms take with k workers, and on the default pool?",
            [context.Describe(runtimes.Hosts), samples.Describe(atLoad)]);
        LayOut(figure, runtimes.Hosts.Count);
        // Three panels a row beside the legend.
        figure.Width = figure.Columns >= 3 ? 1400 : figure.Width;
        int[] ks = [.. sized.Select(s => s.Case.IntParameter("K")!.Value).Distinct().Order()];
        double[] kx = [.. ks.Select(k => Math.Log10(k))];
        double step = DodgeStep(kx);
        // Every model of the sweep, by the suite's name: a runtime that ran one at another N but not at this one says so.
        var models = atLoad.GroupBy(s => s.SuiteLabel).Select(g => (Label: g.Key, g.First().Model.Order, Sized: g.Any(s => s.Case.IntParameter("K") is not null)))
            .OrderBy(m => m.Order).ToList();
        bool dodged = false;
        bool minimumIsK = false;
        foreach (HostInfo host in runtimes.Hosts)
        {
            ChartPanel panel = figure.AddPanel(runtimes.NameOf(host), "workers k (log scale)", "wall time per operation (log scale)");
            var mine = atLoad.Where(s => s.Case.Host == host).ToList();
            var gaps = new List<(string, Color, double, string)>();
            var series = mine.Where(s => s.Case.IntParameter("K") is not null).GroupBy(s => (s.SuiteLabel, s.Model.Order)).OrderBy(g => g.Key.Order).ToList();
            for (int i = 0; i < series.Count; i++)
            {
                double offset = (i - ((series.Count - 1) / 2.0)) * step;
                dodged |= series.Count > 1 && step > 0;
                minimumIsK |= series[i].Any(s => s.Model.Reference is not null);
                Color color = ColorOf(series[i].Key.Order);
                DrawMedians(panel, $"{series[i].Key.SuiteLabel} · {runtimes.NameOf(host)}", color, runtimes, host,
                    [.. series[i].Select(s => MedianPoint.Of(Math.Log10(s.Case.IntParameter("K")!.Value), samples.Of(s)))], dodge: offset);
                gaps.AddRange(series[i].Where(s => samples.Of(s) is null).Select(s => (series[i].Key.SuiteLabel, color, Math.Log10(s.Case.IntParameter("K")!.Value), NoPoint(s))));
                gaps.AddRange(ks.Except(series[i].Select(s => s.Case.IntParameter("K")!.Value)).Select(k => (series[i].Key.SuiteLabel, color, Math.Log10(k), "not run")));
            }
            // The bound with exactly k workers; for a pool whose minimum is k, what it takes without injecting.
            AddLine(panel.Plot, kx, [.. ks.Select(k => Math.Log10(Load.FromMilliseconds(n, delayMs).IdealWithWorkers(k).TotalNanoseconds))], GuideColor, 1.5f, Dash.Dashed);
            if (mine.FirstOrDefault(s => s.Case.IntParameter("K") is null) is { } pool)
            {
                DefaultPoolLevel(panel, pool, samples.Of(pool), runtimes, kx[0], kx[^1]);
                if (samples.Of(pool) is null)
                {
                    gaps.Add((pool.SuiteLabel, ColorOf(pool.Model.Order), (kx[0] + kx[^1]) / 2, NoPoint(pool)));
                }
            }
            foreach (var model in models.Where(m => !mine.Any(s => s.SuiteLabel == m.Label) && cases.Any(s => s.Case.Host == host && s.SuiteLabel == m.Label)))
            {
                gaps.Add((model.Label, ColorOf(model.Order), (kx[0] + kx[^1]) / 2, $"not run at N = {Format.Count(n)}"));
            }
            AddGaps(panel, gaps);
        }
        ShareLimits(figure.Panels, floor: AxisFloor.DecadeBelow);
        foreach (ChartPanel panel in figure.Panels)
        {
            LogTicks(panel.Plot.Axes.Left, Format.TickTime);
            SweptTicks(panel.Plot.Axes.Bottom, ks.Select(k => (double)k), Format.TickNumber);
        }
        AddModelLegend(figure, models.Select(m => (m.Label, m.Order)));
        runtimes.AddLegend(figure, filled: !samples.AllWarm);
        samples.AddLegend(figure);
        figure.AddLegendLine("ideal with exactly k workers: ceil(N/k)·d", GuideColor, Dash.Dashed, 1.5f);
        if (atLoad.Any(s => s.Case.IntParameter("K") is null && s.IdealNs is > 0))
        {
            figure.AddLegendLine("ideal of the default pool (its runtime's own)", ColorOf(atLoad.First(s => s.Case.IntParameter("K") is null).Model.Order), Dash.Dashed, 1.5f);
        }
        if (atLoad.FirstOrDefault(s => s.Case.IntParameter("K") is null && s.Case.OwnIdeal is null && s.Model.Reference is not null) is { } injecting)
        {
            figure.AddLegendLine($"{injecting.Model.ReferenceText}, not a bound", ColorOf(injecting.Model.Order), Dash.Dotted, 1.5f);
        }
        if (minimumIsK)
        {
            figure.AddNote("For a pool whose minimum is k, ceil(N/k)·d is not a bound: the pool may inject more threads than k.");
        }
        if (dodged)
        {
            figure.AddNote(DodgeNote("k"));
        }
        if (SuiteLabelNote(atLoad) is { } suiteNames)
        {
            figure.AddNote(suiteNames);
        }
        return figure.Save(folder, name);
    }

    // The default pool, which has no k, as a level across the panel: its median (the runtime's marker at the left end,
    // with its interval), labelled with its time; its own ideal dashed and its time without injection dotted.
    private static void DefaultPoolLevel(ChartPanel panel, CaseStatistics pool, SampleSummary? summary, RuntimeStyles runtimes, double from, double to)
    {
        Color color = ColorOf(pool.Model.Order);
        if (pool.IdealNs is > 0)
        {
            AddLine(panel.Plot, [from, to], [Math.Log10(pool.IdealNs.Value), Math.Log10(pool.IdealNs.Value)], color, 1.5f, Dash.Dashed);
        }
        if (pool.Case.OwnIdeal is null && pool.Model.Reference?.Invoke(pool.Case) is TimeSpan reference)
        {
            AddLine(panel.Plot, [from, to], [Math.Log10(reference.TotalNanoseconds), Math.Log10(reference.TotalNanoseconds)], color, 1.5f, Dash.Dotted);
        }
        if (summary is null)
        {
            return;
        }
        double y = Math.Log10(summary.MedianNs);
        AddLine(panel.Plot, [from, to], [y, y], color, runtimes.LineWidthOf(pool.Case.Host), Dash.Solid);
        DrawMedians(panel, $"{pool.SuiteLabel} · {runtimes.NameOf(pool.Case.Host)}", color, runtimes, pool.Case.Host, [MedianPoint.Of(from, summary)], lines: false);
        panel.AddValueLabel(from, y, $"default pool: {Format.Time(summary.MedianNs)}", color);
    }

    /// <summary>
    /// Threads and queued work items over time in one offload case per model and runtime (largest N; largest k): a
    /// column per case, each with its own time axis (the default pool's bursts take many times as long), threads in the
    /// top row (log scale) and the pool's queued work items in the row under it (from zero): the default pool's slow
    /// thread injection against a raised minimum and a bounded executor.
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
            .OrderBy(s => s.Model.Order).ThenBy(s => RuntimeOf(s.Case.Host)).ThenBy(s => s.Case.Host.Label, StringComparer.Ordinal)
            .ToList();
        var runtimes = new RuntimeStyles(chosen.Select(s => s.Case.Host));
        string LabelOf(CaseStatistics s) => WithK(s.Model.Label, s.Case.IntParameter("K"));
        double interval = chosen.Select(s => results.TimelineOf(s.Case)!.IntervalMs).Max();
        using var figure = new ChartFigure($"How many threads do {n:#,0} blocking calls of {largestD:#,0} ms get over time, and how much work waits?",
            [context.Describe(runtimes.Hosts), $"One process per column, sampled every {Format.TickNumber(interval)} ms: its threads (top) and the pool's queued work items (bottom); single samples, no whiskers"]);
        figure.Columns = chosen.Count;
        figure.Height = Math.Max(ChartFigure.DefaultHeight, 160 + (2 * 330));
        figure.Width = Math.Max(ChartFigure.DefaultWidth, 300 + (chosen.Count * 270));
        string Title(CaseStatistics s) => $"{LabelOf(s)}\n{runtimes.NameOf(s.Case.Host)}: {(s.Case.Bursts == BurstKind.Cold ? "one cold burst" : $"{s.Repeated.Count} repeated bursts")}";
        var threads = chosen.Select(s => figure.AddPanel(Title(s), "seconds since sampling started", "threads in the process (log scale)", "no samples in this case's timeline")).ToList();
        var queued = chosen.Select(s => figure.AddPanel("", "seconds since sampling started", "queued pool work items", "no samples in this case's timeline")).ToList();
        for (int i = 0; i < chosen.Count; i++)
        {
            CaseStatistics s = chosen[i];
            ThreadPoolTimeline timeline = results.TimelineOf(s.Case)!;
            threads[i].ExpectCourse(timeline.Samples.Count, "this case's timeline");
            queued[i].ExpectCourse(timeline.Samples.Count, "this case's timeline");
            double[] t = [.. timeline.Samples.Select(x => x.ElapsedMs / 1000)];
            Color color = ColorOf(s.Model.Order);
            MarkerShape marker = runtimes.MarkerOf(s.Case.Host, filled: true);
            // Threads on a log axis: the pool's one-at-a-time injection (2, 3, 4, ...) and 1,000 executor threads
            // must both be readable.
            double[] threadCounts = [.. timeline.Samples.Select(x => Math.Log10(Math.Max(1, x.ProcessThreads)))];
            AddLine(threads[i].Plot, t, threadCounts, color, 2, Dash.Solid);
            AddSparseMarkers(threads[i].Plot, t, threadCounts, marker, color);
            threads[i].AddSeries($"{LabelOf(s)} · {runtimes.NameOf(s.Case.Host)}: threads");
            double[] pending = [.. timeline.Samples.Select(x => (double)x.PendingWorkItems)];
            AddLine(queued[i].Plot, t, pending, color, 1.5f, Dash.Solid);
            AddSparseMarkers(queued[i].Plot, t, pending, marker, color);
            queued[i].AddSeries($"{LabelOf(s)} · {runtimes.NameOf(s.Case.Host)}: queued");
        }
        ShareLimits(threads, shareX: false, floor: AxisFloor.DecadeBelow);
        ShareLimits(queued, shareX: false, floor: AxisFloor.Zero);
        for (int i = 0; i < chosen.Count; i++)
        {
            // A column shares its process's clock.
            AxisLimits time = threads[i].Plot.Axes.GetLimits();
            queued[i].Plot.Axes.SetLimitsX(time.Left, time.Right);
            LogTicks(threads[i].Plot.Axes.Left, Format.TickNumber);
            queued[i].Plot.Axes.Left.TickGenerator = new ScottPlot.TickGenerators.NumericAutomatic { IntegerTicksOnly = true, LabelFormatter = v => Format.TickNumber(v) };
        }
        foreach (CaseStatistics s in chosen.DistinctBy(LabelOf))
        {
            figure.AddLegendLine(LabelOf(s), ColorOf(s.Model.Order), Dash.Solid);
        }
        runtimes.AddLegend(figure);
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
