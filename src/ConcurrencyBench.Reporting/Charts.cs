using System.Globalization;
using ConcurrencyBench.Models;
using ScottPlot;

namespace ConcurrencyBench.Reporting;

/// <summary>One chart written to disk, as PNG and SVG with the same look.</summary>
/// <param name="Name">The chart's base name, <c>{Family}-{kind}</c>.</param>
/// <param name="Title">Its title.</param>
/// <param name="PngPath">The PNG file.</param>
/// <param name="SvgPath">The SVG file.</param>
public sealed record ChartFile(string Name, string Title, string PngPath, string SvgPath);

/// <summary>
/// The report's charts, drawn with ScottPlot 5. Log axes are drawn as log10 of the data with power-of-ten ticks
/// (ScottPlot has no log axis type); every axis label carries its unit; one palette colours each model the same
/// in every chart.
/// </summary>
public static class Charts
{
    /// <summary>Chart size in pixels (the legend takes a column at the right).</summary>
    public const int Width = 1200;

    /// <inheritdoc cref="Width"/>
    public const int Height = 560;

    private static readonly ScottPlot.Palettes.Category10 s_palette = new();

    /// <summary>The colour of a model, the same in every chart.</summary>
    public static Color ColorOf(int order) => s_palette.GetColor(order);

    /// <summary>Writes every chart the results allow into <paramref name="folder"/>; returns them in report order.</summary>
    public static IReadOnlyList<ChartFile> WriteAll(IReadOnlyList<CaseStatistics> stats, ResultSet results, string folder)
    {
        ArgumentNullException.ThrowIfNull(stats);
        ArgumentNullException.ThrowIfNull(results);
        var charts = new List<ChartFile>();
        void Add(ChartFile? chart)
        {
            if (chart is not null)
            {
                charts.Add(chart);
            }
        }
        Add(TimeAgainstLoad(stats, Family.AsyncDelays, folder, "AsyncDelays-time",
            "Pure async delays: wall time against concurrent delays N", "wall time per operation"));
        Add(MemoryPerJob(stats, folder));
        var offloadLoads = stats.Where(s => s.Model.Family == Family.Offload)
            .Select(s => (N: s.Case.IntParameter("N") ?? 0, D: s.Case.IntParameter("DelayMs") ?? 0)).Distinct().Order().ToList();
        bool severalDelays = offloadLoads.Select(l => l.D).Distinct().Skip(1).Any();
        foreach ((int n, int d) in offloadLoads)
        {
            Add(OffloadAgainstWorkers(stats, n, d, folder, severalDelays ? $"Offload-workers-N{n}-d{d}ms" : $"Offload-workers-N{n}"));
        }
        Add(RepeatedBursts(stats, results, [Family.Offload], folder, "Offload-bursts"));
        Add(OffloadTimeline(stats, results, folder));
        Add(TimeAgainstLoad(stats, Family.Blocking, folder, "Blocking-time",
            "Blocking calls: wall time against calls N", "wall time per operation"));
        Add(TimeAgainstLoad(stats, Family.Starvation, folder, "Blocking-starvation",
            "Collateral damage: a probe's wait behind N jobs on the thread pool", "probe's wait from queued to running"));
        Add(RepeatedBursts(stats, results, [Family.Blocking, Family.Starvation], folder, "Blocking-bursts"));
        Add(SeedBars(stats, folder));
        Add(RepeatedBursts(stats, results, [Family.Seed], folder, "Seed-bursts"));
        return charts;
    }

    /// <summary>Wall time against load N on log–log axes: a series per model, its ideal dashed, the 95% CI as error bars.</summary>
    public static ChartFile? TimeAgainstLoad(IReadOnlyList<CaseStatistics> stats, Family family, string folder, string name, string title, string what)
    {
        ArgumentNullException.ThrowIfNull(stats);
        var cases = stats.Where(s => s.Model.Family == family && s.Case.IntParameter("N") is > 0).ToList();
        if (cases.Count == 0)
        {
            return null;
        }
        Plot plot = NewPlot(title, "concurrent jobs N (log scale)", $"{what} (log scale; µs, ms, s)");
        bool manyHosts = Format.FromSeveralHosts(cases);
        var idealsDrawn = new HashSet<string>(StringComparer.Ordinal);
        foreach (var series in SeriesOf(cases.Where(s => s.HasMedian), manyHosts))
        {
            var points = series.OrderBy(s => s.Case.IntParameter("N")).ToList();
            double[] xs = [.. points.Select(s => Math.Log10(s.Case.IntParameter("N")!.Value))];
            AddTimeSeries(plot, series.Key, xs, points);
            if (points.All(p => p.IdealNs is > 0))
            {
                double[] ideal = [.. points.Select(p => Math.Log10(p.IdealNs!.Value))];
                string key = string.Join(',', ideal.Select(v => v.ToString("R", CultureInfo.InvariantCulture)));
                if (idealsDrawn.Add(key))
                {
                    var line = plot.Add.ScatterLine(xs, ideal);
                    line.Color = series.Key.Color.WithAlpha(0.8);
                    line.LinePattern = LinePattern.Dashed;
                    line.LineWidth = 1.5f;
                    line.LegendText = $"ideal ({IdealLabel(points[0])})";
                }
            }
        }
        LogTicks(plot, plot.Axes.Bottom, v => FormatNumber(Pow10(v)));
        LogTicks(plot, plot.Axes.Left, v => FormatTime(Pow10(v)));
        return Save(plot, folder, name, title);
    }

    /// <summary>
    /// The marginal memory of one more concurrent delay against N (async delays): the slope of peak working set and of
    /// allocated bytes per operation between neighbouring N (<see cref="MarginalCost"/>), plotted at the larger N. A
    /// slope that is not positive (memory the runtime had already reserved) cannot go on a log axis and is left out.
    /// </summary>
    public static ChartFile? MemoryPerJob(IReadOnlyList<CaseStatistics> stats, string folder)
    {
        ArgumentNullException.ThrowIfNull(stats);
        var costs = MarginalCost.Of(stats.Where(s => s.Model.Family == Family.AsyncDelays)).ToList();
        if (!costs.Any(c => c.AllocatedPerJob is > 0 || c.PeakWorkingSetPerJob is > 0))
        {
            return null;
        }
        const string title = "Marginal memory per concurrent delay against N";
        Plot plot = NewPlot(title, "concurrent delays N (log scale; each point is the slope from the N before it)", "bytes per additional delay (log scale; 1 kB = 1,000 B)");
        bool manyHosts = Format.FromSeveralHosts(costs.Select(c => c.Case));
        foreach (var series in SeriesOf(costs.Select(c => c.Case), manyHosts))
        {
            var points = costs.Where(c => series.Contains(c.Case)).OrderBy(c => c.Case.Case.IntParameter("N")).ToList();
            void Line(Func<MarginalCost, double?> value, string what, LinePattern pattern, MarkerShape marker)
            {
                var kept = points.Where(p => value(p) is > 0).ToList();
                if (kept.Count == 0)
                {
                    return;
                }
                double[] xs = [.. kept.Select(p => Math.Log10(p.Case.Case.IntParameter("N")!.Value))];
                double[] ys = [.. kept.Select(p => Math.Log10(value(p)!.Value))];
                var line = plot.Add.ScatterLine(xs, ys);
                line.Color = series.Key.Color;
                line.LinePattern = pattern;
                line.LineWidth = 2;
                line.MarkerSize = 7;
                line.MarkerShape = marker;
                line.LegendText = $"{series.Key.Label}: {what}";
            }
            Line(p => p.AllocatedPerJob, "allocated", LinePattern.Solid, s_hostMarkers[series.Key.HostIndex % s_hostMarkers.Length]);
            Line(p => p.PeakWorkingSetPerJob, "peak working set", LinePattern.Dotted, MarkerShape.OpenSquare);
        }
        LogTicks(plot, plot.Axes.Bottom, v => FormatNumber(Pow10(v)));
        LogTicks(plot, plot.Axes.Left, v => FormatDecimalBytes(Pow10(v)));
        return Save(plot, folder, "AsyncDelays-memory", title);
    }

    /// <summary>Wall time against max workers k for one N: raised minimum and bounded executor, the default pool as a reference line, and ceil(N/k)·d.</summary>
    public static ChartFile? OffloadAgainstWorkers(IReadOnlyList<CaseStatistics> stats, int n, int delayMs, string folder, string name)
    {
        ArgumentNullException.ThrowIfNull(stats);
        var cases = stats.Where(s => s.Model.Family == Family.Offload && s.Case.IntParameter("N") == n && (s.Case.IntParameter("DelayMs") ?? 0) == delayMs).ToList();
        var sized = cases.Where(s => s.Case.IntParameter("K") is > 0).ToList();
        if (sized.Count == 0)
        {
            return null;
        }
        string title = $"Offloading {n:#,0} blocking calls of {delayMs} ms: wall time against workers k";
        Plot plot = NewPlot(title, "workers k (log scale)", "wall time per operation (log scale; µs, ms, s)");
        bool manyHosts = Format.FromSeveralHosts(cases);
        int[] ks = [.. sized.Select(s => s.Case.IntParameter("K")!.Value).Distinct().Order()];
        double[] kx = [.. ks.Select(k => Math.Log10(k))];
        foreach (var series in SeriesOf(sized.Where(s => s.HasMedian), manyHosts))
        {
            var points = series.OrderBy(s => s.Case.IntParameter("K")).ToList();
            AddTimeSeries(plot, series.Key, [.. points.Select(s => Math.Log10(s.Case.IntParameter("K")!.Value))], points);
        }
        foreach (var reference in cases.Where(s => s.Case.IntParameter("K") is null && s.HasMedian))
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
    public static ChartFile? OffloadTimeline(IReadOnlyList<CaseStatistics> stats, ResultSet results, string folder)
    {
        ArgumentNullException.ThrowIfNull(stats);
        ArgumentNullException.ThrowIfNull(results);
        var offload = stats.Where(s => s.Model.Family == Family.Offload && results.TimelineOf(s.Case) is not null).ToList();
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

    /// <summary>
    /// Repeated bursts shown as the curve they are: operation time against burst number in one process, one line per
    /// case of <paramref name="family"/> that depends on the pool's history (it has cold bursts or a trend), with
    /// the threads the process had at the end of each burst (dotted, right axis) and each case's cold-burst median
    /// as a marker at burst 1.
    /// </summary>
    public static ChartFile? RepeatedBursts(IReadOnlyList<CaseStatistics> stats, ResultSet results, Family[] family, string folder, string name)
    {
        ArgumentNullException.ThrowIfNull(stats);
        ArgumentNullException.ThrowIfNull(results);
        ArgumentNullException.ThrowIfNull(family);
        var cases = stats.Where(s => family.Contains(s.Model.Family) && s.Repeated.Count > 1 && (s.Cold is not null || s.Trend.HasTrend))
            .OrderBy(s => s.Model.Order).ThenBy(s => s.Case.IntParameter("N")).ThenBy(s => s.Case.IntParameter("K")).ThenBy(s => s.Case.Host.Label, StringComparer.Ordinal)
            .ToList();
        if (cases.Count == 0)
        {
            return null;
        }
        string title = $"{FamilyTitle(family[0])}: repeated bursts in one process (how the pool learns)";
        Plot plot = NewPlot(title, "burst number in the process (1 = cold)", "wall time per burst (solid; log scale)");
        plot.Axes.Right.Label.Text = "threads in the process at the end of the burst (dotted)";
        bool manyHosts = Format.FromSeveralHosts(cases);
        var hosts = cases.Select(s => s.Case.Host).Distinct().ToList();
        for (int i = 0; i < cases.Count; i++)
        {
            CaseStatistics s = cases[i];
            Color color = s_palette.GetColor(i);
            double[] xs = [.. Enumerable.Range(1, s.Repeated.Count).Select(x => (double)x)];
            var line = plot.Add.ScatterLine(xs, [.. s.Repeated.Select(Math.Log10)]);
            line.Color = color;
            line.LineWidth = 2;
            line.MarkerSize = 6;
            line.MarkerShape = s_hostMarkers[hosts.IndexOf(s.Case.Host) % s_hostMarkers.Length];
            line.LegendText = BurstLabel(s) + (manyHosts ? $", {s.Case.Host.Label}" : "");
            if (s.Kind == SampleKind.Cold)
            {
                var cold = plot.Add.Marker(1, Math.Log10(s.MedianNs), MarkerShape.OpenDiamond, 14);
                cold.Color = color;
            }
            if (results.TimelineOf(s.Case)?.Bursts is { Count: > 0 } marks)
            {
                var ends = marks.Take(s.Repeated.Count).ToList();
                double[] endXs = [.. xs.Take(ends.Count)];
                double[] endThreads = [.. ends.Select(m => (double)m.ProcessThreads)];
                var threads = plot.Add.ScatterLine(endXs, endThreads);
                threads.Color = color.WithAlpha(0.7);
                threads.LinePattern = LinePattern.Dotted;
                threads.LineWidth = 1.5f;
                threads.MarkerSize = 0;
                threads.Axes.YAxis = plot.Axes.Right;
            }
        }
        var coldLegend = plot.Add.Marker(double.NaN, double.NaN, MarkerShape.OpenDiamond, 12);
        coldLegend.Color = Colors.Black;
        coldLegend.LegendText = "median of cold bursts (fresh processes)";
        LogTicks(plot, plot.Axes.Left, v => FormatTime(Pow10(v)));
        plot.Axes.Bottom.TickGenerator = new ScottPlot.TickGenerators.NumericFixedInterval(1);
        return Save(plot, folder, name, title);
    }

    private static string BurstLabel(CaseStatistics s)
    {
        string k = s.Case.IntParameter("K") is int workers ? $", k = {workers:#,0}" : "";
        string n = s.Case.IntParameter("N") is int jobs ? $": N = {jobs:#,0}{k}" : "";
        return $"{s.Model.Label}{n}";
    }

    private static string FamilyTitle(Family family) => family switch
    {
        Family.Offload => "Thread-pool offload",
        Family.Blocking or Family.Starvation => "Blocking calls",
        Family.Seed => "The seed article's experiments",
        _ => family.ToString(),
    };

    /// <summary>One timeline chart per case that has a timeline: <c>Timeline-{case}.png/.svg</c>.</summary>
    public static IReadOnlyList<ChartFile> Timelines(ResultSet results, string folder)
    {
        ArgumentNullException.ThrowIfNull(results);
        var charts = new List<ChartFile>();
        bool severalHosts = results.Timelines.Keys.Select(k => k.Host).Distinct().Skip(1).Any();
        foreach (((HostInfo? host, BurstKind bursts, string fullName), ThreadPoolTimeline timeline) in results.Timelines
            .OrderBy(t => t.Key.Case, StringComparer.Ordinal).ThenBy(t => t.Key.Bursts).ThenBy(t => t.Key.Host?.Label, StringComparer.Ordinal))
        {
            string hostLabel = severalHosts && host is not null ? $" [{host.Label}]" : "";
            string title = $"Thread-pool timeline: {ShortCaseName(fullName)}{(bursts == BurstKind.Cold ? ", first cold burst" : "")}{hostLabel}";
            Plot plot = NewPlot(title, "time since the case's setup started sampling (s)", "threads (solid)");
            plot.Axes.Right.Label.Text = "queued pool work items (dotted)";
            double[] t = [.. timeline.Samples.Select(x => x.ElapsedMs / 1000)];
            double[] process = [.. timeline.Samples.Select(x => (double)x.ProcessThreads)];
            double[] pool = [.. timeline.Samples.Select(x => (double)x.PoolThreads)];
            double[] queued = [.. timeline.Samples.Select(x => (double)x.PendingWorkItems)];
            var processLine = plot.Add.ScatterLine(t, process);
            processLine.Color = ColorOf(0);
            processLine.MarkerSize = 0;
            processLine.LineWidth = 2;
            processLine.LegendText = "process threads";
            var poolLine = plot.Add.ScatterLine(t, pool);
            poolLine.Color = ColorOf(1);
            poolLine.MarkerSize = 0;
            poolLine.LineWidth = 2;
            poolLine.LegendText = "thread-pool threads";
            var queuedLine = plot.Add.ScatterLine(t, queued);
            queuedLine.Color = ColorOf(3);
            queuedLine.MarkerSize = 0;
            queuedLine.LinePattern = LinePattern.Dotted;
            queuedLine.Axes.YAxis = plot.Axes.Right;
            queuedLine.LegendText = "queued work items";
            string name = "Timeline-" + (bursts == BurstKind.Cold ? "cold-" : "") + string.Concat((ShortCaseName(fullName) + hostLabel).Select(c => char.IsLetterOrDigit(c) || c is '.' or '-' ? c : '_'));
            charts.Add(Save(plot, folder, name, title));
        }
        return charts;
    }

    /// <summary>The seed article's experiments: median wall time per experiment with its 95% CI, and its ideal.</summary>
    public static ChartFile? SeedBars(IReadOnlyList<CaseStatistics> stats, string folder)
    {
        ArgumentNullException.ThrowIfNull(stats);
        var cases = stats.Where(s => s.Model.Family == Family.Seed).OrderBy(s => s.Model.Order).ToList();
        if (cases.Count == 0)
        {
            return null;
        }
        const string title = "The seed article's experiments in .NET";
        // Four long experiment names need the chart's whole width: the legend goes below the axis instead.
        Plot plot = NewPlot(title, "experiment", "wall time per operation (log scale; ms, s)", Edge.Bottom);
        for (int i = 0; i < cases.Count; i++)
        {
            CaseStatistics s = cases[i];
            // Log scale: the starved default pool takes tens of seconds, the rest about one; bars would hide them.
            if (s.HasMedian)
            {
                var point = plot.Add.Marker(i, Math.Log10(s.MedianNs), MarkerShape.FilledCircle, 14);
                point.Color = ColorOf(s.Model.Order);
                point.LegendText = i == 0 ? "median with its interval (cold bursts where the case has them)" : "";
                if (s.Interval.Exists)
                {
                    AddErrorBar(plot, [i], [Math.Log10(s.MedianNs)], [Math.Log10(s.MedianNs / s.CiLowerNs)], [Math.Log10(s.CiUpperNs / s.MedianNs)], ColorOf(s.Model.Order));
                }
            }
            if (!double.IsNaN(s.LastNs))
            {
                var last = plot.Add.Marker(i + 0.15, Math.Log10(s.LastNs), MarkerShape.OpenTriangleDown, 10);
                last.Color = ColorOf(s.Model.Order);
                last.LegendText = i == 0 ? "last repeated burst" : "";
            }
            if (s.IdealNs is double ideal)
            {
                var marker = plot.Add.Marker(i, Math.Log10(ideal), MarkerShape.HorizontalBar, 40);
                marker.Color = Colors.Black;
                marker.LegendText = i == 0 ? "ideal" : "";
            }
        }
        plot.Axes.Bottom.SetTicks([.. Enumerable.Range(0, cases.Count).Select(i => (double)i)], [.. cases.Select(s => s.Model.Label)]);

        plot.Axes.Bottom.TickLabelStyle.FontSize = 11;
        plot.Axes.SetLimitsX(-0.6, cases.Count - 0.4);
        LogTicks(plot, plot.Axes.Left, v => FormatTime(Pow10(v)));
        plot.Axes.SetLimitsX(-0.6, cases.Count - 0.4);
        return Save(plot, folder, "Seed-time", title);
    }

    /// <summary>
    /// The comparison chart: the ratio of medians per case with its interval, coloured by verdict, over a band for
    /// the threshold. Written as <c>Compare-ratio.png/.svg</c>.
    /// </summary>
    public static ChartFile? ComparisonRatios(ComparisonReport report, double thresholdFraction, string folder)
    {
        ArgumentNullException.ThrowIfNull(report);
        if (report.Cases.All(c => double.IsNaN(c.Ratio)))
        {
            return null; // nothing compared, or only cases that could not be
        }
        const string title = "Current against baseline: ratio of medians per case";
        Plot plot = NewPlot(title, "current median / baseline median (log scale; 1 = unchanged)", "");
        // Ratios are multiplicative: 0.5 and 2 are the same distance from 1, so the axis is log10 of the ratio.
        var band = plot.Add.HorizontalSpan(Math.Log10(1 / (1 + thresholdFraction)), Math.Log10(1 + thresholdFraction));
        band.FillStyle.Color = Colors.Gray.WithAlpha(0.2);
        band.LegendText = $"threshold ±{thresholdFraction:P0}";
        var cases = report.Cases.Where(c => !double.IsNaN(c.Ratio)).Reverse().ToList();
        foreach (Verdict verdict in Enum.GetValues<Verdict>())
        {
            var points = cases.Select((c, i) => (c, i)).Where(p => p.c.Verdict == verdict).ToList();
            if (points.Count == 0)
            {
                continue;
            }
            Color color = verdict switch
            {
                Verdict.Slower => ColorOf(3),
                Verdict.Faster => ColorOf(2),
                Verdict.Same => ColorOf(0),
                _ => Colors.Gray,
            };
            double[] xs = [.. points.Select(p => Math.Log10(p.c.Ratio))];
            double[] ys = [.. points.Select(p => (double)p.i)];
            var markers = plot.Add.ScatterPoints(xs, ys);
            markers.Color = color;
            markers.MarkerSize = 9;
            markers.LegendText = verdict.ToString();
            var error = new ScottPlot.Plottables.ErrorBar(xs, ys, null!, null!, null!, null!)
            {
                XErrorNegative = [.. points.Select(p => double.IsNaN(p.c.RatioLower) ? 0 : Math.Log10(p.c.Ratio / p.c.RatioLower))],
                XErrorPositive = [.. points.Select(p => double.IsNaN(p.c.RatioUpper) ? 0 : Math.Log10(p.c.RatioUpper / p.c.Ratio))],
                Color = color,
                LineWidth = 1.5f,
                CapSize = 5,
            };
            plot.Add.Plottable(error);
        }
        LogTicks(plot, plot.Axes.Bottom, v => FormatNumber(Pow10(v)));
        plot.Axes.Left.SetTicks([.. cases.Select((_, i) => (double)i)], [.. cases.Select(c => ShortCaseName(c.Name))]);
        plot.Axes.Left.TickLabelStyle.FontSize = 10;
        int height = Math.Max(Height, 120 + (22 * cases.Count));
        Directory.CreateDirectory(folder);
        string png = Path.Combine(folder, "Compare-ratio.png");
        string svg = Path.Combine(folder, "Compare-ratio.svg");
        plot.SavePng(png, 1200, height);
        plot.SaveSvg(svg, 1200, height);
        plot.Dispose();
        return new ChartFile("Compare-ratio", title, png, svg);
    }

    /// <summary>"Type.Method(args)" from a full BenchmarkDotNet name.</summary>
    public static string ShortCaseName(string name)
    {
        // "ConcurrencyBench.Benchmarks.Type.Method(args)" -> "Type.Method(args)"
        int open = name.IndexOf('(', StringComparison.Ordinal);
        string head = open < 0 ? name : name[..open];
        string[] parts = head.Split('.');
        string shortHead = parts.Length >= 2 ? $"{parts[^2]}.{parts[^1]}" : head;
        return open < 0 ? shortHead : shortHead + name[open..];
    }

    private static void AddTimeSeries(Plot plot, SeriesKey key, double[] xs, IReadOnlyList<CaseStatistics> points)
    {
        Color color = key.Color;
        double[] ys = [.. points.Select(p => Math.Log10(p.MedianNs))];
        var line = plot.Add.ScatterLine(xs, ys);
        line.Color = color;
        line.LineWidth = 2;
        line.MarkerSize = 7;
        line.LineWidth = key.HostIndex == 0 ? 2 : 1;
        line.MarkerShape = s_hostMarkers[key.HostIndex % s_hostMarkers.Length];
        line.LegendText = key.Label;
        // Error bars in log space: the distance from log(median) to log(CI bound); none where the CI is undefined.
        double[] below = [.. points.Select(p => double.IsNaN(p.CiLowerNs) || p.CiLowerNs <= 0 ? 0 : Math.Log10(p.MedianNs / p.CiLowerNs))];
        double[] above = [.. points.Select(p => double.IsNaN(p.CiUpperNs) || p.CiUpperNs <= 0 ? 0 : Math.Log10(p.CiUpperNs / p.MedianNs))];
        AddErrorBar(plot, xs, ys, below, above, color);
    }

    /// <summary>
    /// Vertical error bars from ys - below to ys + above. Set by name: ScottPlot's constructor takes each axis's
    /// positive error before its negative one, and passing (below, above) in that order draws every whisker upside down.
    /// </summary>
    internal static void AddErrorBar(Plot plot, double[] xs, double[] ys, double[] below, double[] above, Color color)
    {
        var error = new ScottPlot.Plottables.ErrorBar(xs, ys, null!, null!, null!, null!)
        {
            YErrorNegative = below,
            YErrorPositive = above,
            Color = color,
            LineWidth = 1.5f,
            CapSize = 6,
        };
        plot.Add.Plottable(error);
    }

    /// <summary>A series: colour by model; marker shape and line weight by host, so hosts stay apart in one colour.
    /// (Not dash patterns: Skia's SVG writer cannot draw a dashed line under markers.) A series never mixes hosts or
    /// delays: runs with different d merged into one report draw one series per d, each named by it.</summary>
    private sealed record SeriesKey(string Label, Color Color, int Order, int HostIndex, int? DelayMs);

    private static readonly MarkerShape[] s_hostMarkers = [MarkerShape.FilledCircle, MarkerShape.FilledSquare, MarkerShape.FilledTriangleUp, MarkerShape.FilledDiamond];

    private static IEnumerable<IGrouping<SeriesKey, CaseStatistics>> SeriesOf(IEnumerable<CaseStatistics> cases, bool manyHosts)
    {
        List<CaseStatistics> all = [.. cases];
        var hosts = all.Select(s => s.Case.Host).Distinct().ToList();
        bool manyDelays = all.Select(s => s.Case.IntParameter("DelayMs")).Distinct().Skip(1).Any();
        return all
            .GroupBy(s => new SeriesKey(
                s.Model.Label + (manyHosts ? $", {s.Case.Host.Label}" : "") + (manyDelays ? $", d = {s.Case.IntParameter("DelayMs")} ms" : ""),
                ColorOf(s.Model.Order), s.Model.Order, manyHosts ? hosts.IndexOf(s.Case.Host) : 0, s.Case.IntParameter("DelayMs")))
            .OrderBy(g => g.Key.Order).ThenBy(g => g.Key.DelayMs).ThenBy(g => g.Key.Label, StringComparer.Ordinal);
    }

    private static string IdealLabel(CaseStatistics s) => s.Model.Family switch
    {
        Family.AsyncDelays => "d",
        _ when s.Case.Method is "Sequential" or "BlockingOnEventLoop" => "N·d",
        _ when s.Case.Method is "ThreadPerCall" => "d",
        _ => $"ceil(N/{s.Case.Host.LogicalCores})·d",
    };

    internal static Plot NewPlot(string title, string xLabel, string yLabel, Edge legend = Edge.Right)
    {
        ChartFonts.EnsureLoaded();
        var plot = new Plot();
        plot.Font.Set(ChartFonts.Family);
        plot.Title(title, 16);
        plot.XLabel(xLabel, 14);
        plot.YLabel(yLabel, 14);
        plot.Legend.FontSize = 11;
        // Outside the data area, to the right: no corner inside is free of data on every chart (the memory chart's
        // N = 1 markers, the timeline's thread line), and a legend must never cover a point.
        plot.ShowLegend(legend);
        return plot;
    }

    private static ChartFile Save(Plot plot, string folder, string name, string title, int width = Width, int height = Height)
    {
        Directory.CreateDirectory(folder);
        plot.Font.Set(ChartFonts.Family);
        string png = Path.Combine(folder, name + ".png");
        string svg = Path.Combine(folder, name + ".svg");
        plot.SavePng(png, width, height);
        plot.SaveSvg(svg, width, height);
        plot.Dispose();
        return new ChartFile(name, title, png, svg);
    }

    /// <summary>
    /// Power-of-ten ticks for an axis that holds log10 of the data, chosen from the axis range after autoscaling:
    /// 1 per decade over wide ranges, 1-2-5 over a few decades, finer steps within one decade (so a narrow range
    /// still gets labels), with minor ticks between.
    /// </summary>
    private static void LogTicks(Plot plot, IAxis axis, Func<double, string> format)
    {
        plot.Axes.AutoScale();
        var range = axis.Range;
        double low = Math.Min(range.Min, range.Max), high = Math.Max(range.Min, range.Max);
        double span = high - low;
        double[] mantissas = span >= 3 ? [1] : span >= 1 ? [1, 2, 5] : span >= 0.4 ? [1, 1.5, 2, 3, 5, 7] : [1, 1.2, 1.5, 2, 2.5, 3, 4, 5, 6, 8];
        var generator = new ScottPlot.TickGenerators.NumericManual();
        for (int decade = (int)Math.Floor(low) - 1; decade <= (int)Math.Ceiling(high); decade++)
        {
            foreach (double mantissa in mantissas)
            {
                double position = decade + Math.Log10(mantissa);
                if (position >= low - 1e-9 && position <= high + 1e-9)
                {
                    generator.AddMajor(position, format(position));
                }
            }
            for (int minor = 2; minor <= 9; minor++)
            {
                double position = decade + Math.Log10(minor);
                if (position >= low && position <= high)
                {
                    generator.AddMinor(position);
                }
            }
        }
        axis.TickGenerator = generator;
    }

    private static double Pow10(double exponent) => Math.Pow(10, exponent);

    /// <summary>A time tick in the unit that suits it: 500 µs, 20 ms, 1.5 s.</summary>
    public static string FormatTime(double nanoseconds)
    {
        (double value, string unit) = Format.ScaleTime(nanoseconds);
        return FormatNumber(value) + " " + unit;
    }

    /// <summary>
    /// Formats a tick value to three significant figures, grouped: 1, 1.5, 250, 1,000, 1,500, 0.015. A tick's label
    /// must name the value at its position: 10^log10(1.5) is 1.4999999999999998, which a whole-number format calls 1 or 2.
    /// </summary>
    public static string FormatNumber(double value)
    {
        if (value == 0 || double.IsNaN(value) || double.IsInfinity(value))
        {
            return value.ToString(CultureInfo.InvariantCulture);
        }
        double magnitude = Math.Pow(10, Math.Floor(Math.Log10(Math.Abs(value))) - 2);
        double rounded = Math.Round(value / magnitude) * magnitude;
        return rounded.ToString("#,0.#####", CultureInfo.InvariantCulture);
    }

    /// <summary>Formats a byte count with a decimal unit, for power-of-ten ticks: 100 B, 10 kB, 1 MB.</summary>
    public static string FormatDecimalBytes(double bytes)
    {
        (double value, string unit) = Scale(bytes, 1000, ["B", "kB", "MB", "GB", "TB"]);
        return FormatNumber(value) + " " + unit;
    }

    /// <summary>Formats a byte count with a binary unit: 176 B, 1.5 KiB, 40 MiB.</summary>
    public static string FormatBytes(double bytes)
    {
        (double value, string unit) = Scale(bytes, 1024, ["B", "KiB", "MiB", "GiB", "TiB"]);
        return value.ToString(value >= 100 || unit == "B" ? "0" : "0.#", CultureInfo.InvariantCulture) + " " + unit;
    }

    private static (double Value, string Unit) Scale(double bytes, double step, string[] units)
    {
        int unit = 0;
        while (bytes >= step && unit < units.Length - 1)
        {
            bytes /= step;
            unit++;
        }
        return (bytes, units[unit]);
    }
}
