using System.Globalization;
using ConcurrencyBench.Models;
using ScottPlot;

namespace ConcurrencyBench.Reporting;

/// <summary>One chart written to disk, as PNG and SVG with the same look.</summary>
/// <param name="Name">The chart's base name, <c>{Family}-{kind}</c>.</param>
/// <param name="Title">Its title: the question it answers.</param>
/// <param name="PngPath">The PNG file.</param>
/// <param name="SvgPath">The SVG file.</param>
public sealed record ChartFile(string Name, string Title, string PngPath, string SvgPath)
{
    /// <summary>The subtitle's lines: machine, runtimes and profile; what the points and whiskers are.</summary>
    public IReadOnlyList<string> Subtitle { get; init; } = [];

    /// <summary>The panels drawn (one, or several small multiples), with their series.</summary>
    public IReadOnlyList<ChartPanelInfo> Panels { get; init; } = [];

    /// <summary>The legend's entries, in order.</summary>
    public IReadOnlyList<string> Legend { get; init; } = [];

    /// <summary>Where the legend's box was drawn, pixels (empty without a legend).</summary>
    public PixelRect LegendBox { get; init; }

    /// <summary>The image's size, pixels.</summary>
    public int Width { get; init; } = Charts.Width;

    /// <inheritdoc cref="Width"/>
    public int Height { get; init; } = Charts.Height;
}

/// <summary>The runtimes a chart tells apart by marker shape, the same in every chart.</summary>
public enum ChartRuntime
{
    /// <summary>.NET with its JIT: circles.</summary>
    DotNetJit,

    /// <summary>.NET compiled ahead of time: squares.</summary>
    NativeAot,

    /// <summary>CPython: triangles pointing up.</summary>
    Python,

    /// <summary>Node.js: diamonds.</summary>
    NodeJs,

    /// <summary>Go: triangles pointing down.</summary>
    Go,

    /// <summary>Rust (tokio): crosses.</summary>
    Rust,

    /// <summary>Any other runtime: asterisks.</summary>
    Other,
}

/// <summary>
/// The plotting shared by every family (a family's own charts live in its file under <c>Families/</c>): time against
/// N, repeated bursts, timelines, the comparison chart, and the helpers they are drawn with (ScottPlot 5). Every chart
/// is a <see cref="ChartFigure"/>: a title that asks its question, a subtitle from the <see cref="ChartContext"/> and the
/// samples plotted, at most <see cref="MaxSeriesPerPanel"/> series per panel (small multiples beyond), one legend.
/// One mapping for every chart: colour = the model (<see cref="ColorOf"/>), marker shape = the runtime
/// (<see cref="MarkerOf"/>), filled marker = a median of cold bursts, open = of warm bursts. Log axes are drawn as
/// log10 of the data with power-of-ten ticks (ScottPlot has no log axis type); every axis label carries its unit.
/// </summary>
public static class Charts
{
    /// <summary>Chart size in pixels (figures of several rows of panels are taller).</summary>
    public const int Width = 1200;

    /// <inheritdoc cref="Width"/>
    public const int Height = 560;

    /// <summary>The most series one panel shows: beyond it, a chart splits into panels (small multiples).</summary>
    public const int MaxSeriesPerPanel = 8;

    /// <summary>The colour of guides (ideals, references, thresholds) and of the legend's runtime and kind entries.</summary>
    internal static readonly Color GuideColor = Color.FromHex("#202020");

    /// <summary>The colour of the legend's entries for filled (cold) and open (warm) markers: grey, apart from the runtimes' black.</summary>
    internal static readonly Color KindColor = Color.FromHex("#8a8a8a");

    private static readonly ScottPlot.Palettes.Category10 s_palette = new();

    /// <summary>The colour of a model, the same in every chart.</summary>
    public static Color ColorOf(int order) => s_palette.GetColor(order);

    /// <summary>
    /// The runtime that produced a host's figures: by <see cref="HostInfo.Kind"/> where it names one, else by the
    /// runtime's name (a runtime the kinds do not list yet).
    /// </summary>
    public static ChartRuntime RuntimeOf(HostInfo host)
    {
        ArgumentNullException.ThrowIfNull(host);
        return host.Kind switch
        {
            RuntimeKind.DotNet => ChartRuntime.DotNetJit,
            RuntimeKind.NativeAot => ChartRuntime.NativeAot,
            RuntimeKind.Python => ChartRuntime.Python,
            RuntimeKind.Node => ChartRuntime.NodeJs,
            RuntimeKind.Go => ChartRuntime.Go,
            RuntimeKind.Rust => ChartRuntime.Rust,
            _ => host.Runtime switch
            {
                _ when host.Runtime.StartsWith("Node", StringComparison.OrdinalIgnoreCase) => ChartRuntime.NodeJs,
                _ when host.Runtime.StartsWith("Go ", StringComparison.Ordinal) || host.Runtime.StartsWith("Go1", StringComparison.Ordinal)
                    || host.Runtime.StartsWith("go1", StringComparison.Ordinal) || host.Runtime == "Go" => ChartRuntime.Go,
                _ when host.Runtime.StartsWith("Rust", StringComparison.OrdinalIgnoreCase)
                    || host.Runtime.Contains("tokio", StringComparison.OrdinalIgnoreCase) => ChartRuntime.Rust,
                _ when host.Runtime.StartsWith("Python", StringComparison.Ordinal) => ChartRuntime.Python,
                _ when host.Runtime.StartsWith("NativeAOT", StringComparison.Ordinal) => ChartRuntime.NativeAot,
                _ when host.Runtime.StartsWith(".NET", StringComparison.Ordinal) => ChartRuntime.DotNetJit,
                _ => ChartRuntime.Other,
            },
        };
    }

    /// <summary>The marker of a runtime: filled for a median of cold bursts (and single cold bursts), open for warm ones.</summary>
    public static MarkerShape MarkerOf(ChartRuntime runtime, bool filled = true) => runtime switch
    {
        ChartRuntime.DotNetJit => filled ? MarkerShape.FilledCircle : MarkerShape.OpenCircle,
        ChartRuntime.NativeAot => filled ? MarkerShape.FilledSquare : MarkerShape.OpenSquare,
        ChartRuntime.Python => filled ? MarkerShape.FilledTriangleUp : MarkerShape.OpenTriangleUp,
        ChartRuntime.NodeJs => filled ? MarkerShape.FilledDiamond : MarkerShape.OpenDiamond,
        ChartRuntime.Go => filled ? MarkerShape.FilledTriangleDown : MarkerShape.OpenTriangleDown,
        ChartRuntime.Rust => filled ? MarkerShape.Cross : MarkerShape.OpenCircleWithCross,
        _ => filled ? MarkerShape.Asterisk : MarkerShape.OpenCircleWithEks,
    };

    /// <summary>A runtime's short name in legends and panel titles: ".NET JIT", "NativeAOT", "Python".</summary>
    public static string ShortName(ChartRuntime runtime) => runtime switch
    {
        ChartRuntime.DotNetJit => ".NET JIT",
        ChartRuntime.NativeAot => "NativeAOT",
        ChartRuntime.Python => "Python",
        ChartRuntime.NodeJs => "Node.js",
        ChartRuntime.Go => "Go",
        ChartRuntime.Rust => "Rust",
        _ => "other runtime",
    };

    /// <summary>Hosts in the order charts list runtimes: .NET JIT, NativeAOT, Python, Node.js, Go, Rust, others; then by label.</summary>
    public static IEnumerable<HostInfo> InRuntimeOrder(IEnumerable<HostInfo> hosts) =>
        hosts.OrderBy(RuntimeOf).ThenBy(h => h.Label, StringComparer.Ordinal);

    /// <summary>
    /// Wall time against load N on log–log axes for <paramref name="cases"/> (a family's, or one group of it): a series
    /// per model and runtime, each point a median with its interval as whiskers, each model's ideal dashed and its
    /// reference dotted (named by <see cref="ModelInfo.IdealText"/> and <see cref="ModelInfo.ReferenceText"/>). Beyond
    /// <see cref="MaxSeriesPerPanel"/> series, one panel per runtime (then per model), on shared axes.
    /// </summary>
    public static ChartFile? TimeAgainstLoad(ChartContext context, IEnumerable<CaseStatistics> cases, string folder, string name, string title, string what,
        string parameter = "N", string load = "concurrent jobs N")
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(cases);
        var loaded = cases.Where(s => s.Case.IntParameter(parameter) is > 0).ToList();
        if (!loaded.Any(s => s.HasMedian))
        {
            return null;
        }
        PlottedSamples samples = PlottedSamples.For(loaded);
        var runtimes = new RuntimeStyles(loaded.Select(s => s.Case.Host));
        bool manyDelays = loaded.Select(s => s.Case.IntParameter("DelayMs")).Distinct().Skip(1).Any();
        var series = loaded
            // Each runtime's own model under the suite's name for it: the legend names a model once, runtimes by marker.
            .GroupBy(s => (Label: s.SuiteLabel, s.Model.Order, s.Case.Host, Delay: s.Case.IntParameter("DelayMs")))
            .OrderBy(g => g.Key.Order).ThenBy(g => g.Key.Label, StringComparer.Ordinal).ThenBy(g => RuntimeOf(g.Key.Host)).ThenBy(g => g.Key.Delay)
            .Select(g => new TimeSeries(g.Key.Label + (manyDelays ? $", d = {g.Key.Delay} ms" : ""), g.Key.Order, g.Key.Host, [.. g]))
            .ToList();
        using var figure = new ChartFigure(title, [context.Describe(runtimes.Hosts), samples.Describe(loaded)]);
        var panels = Panelize(series, s => runtimes.NameOf(s.Host), s => s.Label);
        LayOut(figure, panels.Count);
        var guides = new Guides(loaded);
        foreach ((string panelTitle, List<TimeSeries> inPanel) in panels)
        {
            ChartPanel panel = figure.AddPanel(panelTitle, $"{load} (log scale)", $"{what} (log scale)");
            double[] allX = [.. inPanel.SelectMany(s => s.Cases).Select(s => Math.Log10(s.Case.IntParameter(parameter)!.Value))];
            double dodgeStep = DodgeStep(allX);
            for (int i = 0; i < inPanel.Count; i++)
            {
                TimeSeries s = inPanel[i];
                double offset = (i - ((inPanel.Count - 1) / 2.0)) * dodgeStep;
                var points = s.Cases.OrderBy(c => c.Case.IntParameter(parameter))
                    .Select(c => MedianPoint.Of(Math.Log10(c.Case.IntParameter(parameter)!.Value) + offset, samples.Of(c)))
                    .ToList();
                DrawMedians(panel, $"{s.Label} · {runtimes.NameOf(s.Host)}", ColorOf(s.Order), runtimes, s.Host, points);
                guides.Draw(panel, s.Cases, c => Math.Log10(c.Case.IntParameter(parameter)!.Value));
            }
            if (inPanel.Count > 1 && dodgeStep > 0)
            {
                figure.AddNote(DodgeNote(load.Split(' ')[^1]));
            }
        }
        if (NoMedianNote(loaded, samples) is { } missing)
        {
            figure.AddNote(missing);
        }
        ShareLimits(figure.Panels);
        foreach (ChartPanel panel in figure.Panels)
        {
            // Three panels a row leave a decade about 30 px: "100,000" and "1,000,000" would run together.
            LogTicks(panel.Plot.Axes.Bottom, figure.Columns >= 3 ? FormatCompactCount : FormatNumber);
            LogTicks(panel.Plot.Axes.Left, FormatTime);
        }
        AddModelLegend(figure, series.Select(s => (s.Label, s.Order)));
        if (SuiteLabelNote(loaded) is { } suiteNames)
        {
            figure.AddNote(suiteNames);
        }
        runtimes.AddLegend(figure, filled: !samples.AllWarm);
        samples.AddLegend(figure);
        guides.AddLegend(figure);
        return figure.Save(folder, name);
    }

    /// <summary>
    /// The runs of consecutive points (at the sorted parameter values <paramref name="at"/>) that no gap falls between:
    /// where a series has a case without a median, its line stops and starts again after it.
    /// </summary>
    internal static IEnumerable<System.Range> Segments(IReadOnlyList<int> at, IReadOnlyList<int> gaps)
    {
        int start = 0;
        for (int i = 1; i <= at.Count; i++)
        {
            if (i == at.Count || gaps.Any(g => g > at[i - 1] && g < at[i]))
            {
                yield return start..i;
                start = i;
            }
        }
    }

    /// <summary>
    /// The note of a chart that draws runtimes' own models under the suite's names (<see cref="CaseStatistics.SuiteLabel"/>);
    /// null where every model drawn is named as its own.
    /// </summary>
    internal static string? SuiteLabelNote(IEnumerable<CaseStatistics> cases)
    {
        var drawn = cases.ToList();
        return drawn.Select(s => s.Model.Label).Distinct().Count() > drawn.Select(s => s.SuiteLabel).Distinct().Count()
            ? "Each runtime's own model is drawn under the suite's name for the model it stands for; the report's tables name it."
            : null;
    }

    /// <summary>
    /// True for a case whose time depends on the pool's history, shown as the curve of its repeated bursts: its
    /// bursts in one process have a trend, or its model is a pool that may inject threads (it has a reference that is
    /// not a bound) holding more jobs than its minimum (k, or the machine's cores) guarantees threads for.
    /// </summary>
    internal static bool Learns(CaseStatistics s) =>
        s.Repeated.Count > 1
        && (s.Trend.HasTrend || CaseStatistics.PoolBeyondItsMinimum(s.Case, s.Model));

    /// <summary>
    /// Repeated bursts shown as the curve they are: operation time against burst number in one process, one line per
    /// case of <paramref name="cases"/> (a family's) whose time depends on the pool's history (<see cref="Learns"/>),
    /// burst 1 (the process's cold burst, filled) apart from bursts 2..n (warm, open), with the threads the process
    /// had at the end of each burst (dotted, right axis) and each case's median of cold bursts with its interval beside
    /// burst 1. One panel per N (then per runtime) where the series would be too many for one.
    /// </summary>
    public static ChartFile? RepeatedBursts(ChartContext context, IEnumerable<CaseStatistics> cases, ResultSet results, string title, string folder, string name)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(cases);
        ArgumentNullException.ThrowIfNull(results);
        var learning = cases.Where(Learns)
            .OrderBy(s => s.Case.IntParameter("N")).ThenBy(s => s.Model.Order).ThenBy(s => s.SuiteLabel, StringComparer.Ordinal)
            .ThenBy(s => s.Case.IntParameter("K")).ThenBy(s => RuntimeOf(s.Case.Host))
            .ToList();
        if (learning.Count == 0)
        {
            return null;
        }
        var runtimes = new RuntimeStyles(learning.Select(s => s.Case.Host));
        var colds = learning.Select(s => s.Cold).OfType<SampleSummary>().Where(c => c.Count >= 2).ToList();
        string coldText = colds.Count == 0 ? "" : $"; bars beside burst 1: median of {Range(colds.Select(c => c.Count))} cold bursts (one per fresh process), whiskers its {Levels(colds)} distribution-free interval";
        using var figure = new ChartFigure(title,
            [context.Describe(runtimes.Hosts), $"Each line: one process's bursts in order, burst 1 (filled) cold, 2..n (open) warm; single bursts, no whiskers{coldText}"]);
        // A model with several k keeps its colour, darker for smaller k: every series of a panel stays apart.
        var variants = learning.GroupBy(s => s.SuiteLabel)
            .ToDictionary(g => g.Key, g => g.Select(s => s.Case.IntParameter("K")).OfType<int>().Distinct().Order().ToList());
        Color ColorOfCase(CaseStatistics s) => Shade(ColorOf(s.Model.Order), s.Case.IntParameter("K") is int k ? variants[s.SuiteLabel].IndexOf(k) : 0, variants[s.SuiteLabel].Count);
        string LabelOf(CaseStatistics s) => WithK(s.SuiteLabel, s.Case.IntParameter("K"));
        // One panel per N (a model's series at two N would share colour and marker), split further where one holds too many.
        var panels = learning.GroupBy(s => s.Case.IntParameter("N"))
            .SelectMany(g => Panelize(g.ToList(), s => runtimes.NameOf(s.Case.Host), s => s.SuiteLabel)
                .Select(p => (Title: string.Join(" · ", new[] { g.Key is int n ? $"N = {n:#,0}" : "", p.Title }.Where(t => t.Length > 0)), p.Items)))
            .ToList();
        LayOut(figure, panels.Count);
        int maxBursts = learning.Max(s => s.Repeated.Count);
        foreach ((string panelTitle, List<CaseStatistics> inPanel) in panels)
        {
            ChartPanel panel = figure.AddPanel(panelTitle, "burst number in one process (1 = its cold burst)", "wall time per burst (log scale)");
            panel.Plot.Axes.Right.Label.Text = "threads at the end of the burst (dotted)";
            panel.Plot.Axes.Right.Label.FontSize = 12;
            for (int i = 0; i < inPanel.Count; i++)
            {
                CaseStatistics s = inPanel[i];
                Color color = ColorOfCase(s);
                double offset = (i - ((inPanel.Count - 1) / 2.0)) * 0.05;
                var first = panel.Plot.Add.Marker(1 + offset, Math.Log10(s.Repeated[0]), runtimes.MarkerOf(s.Case.Host, filled: true), 8);
                first.Color = color;
                if (s.Repeated.Count > 1)
                {
                    double[] xs = [.. Enumerable.Range(2, s.Repeated.Count - 1).Select(x => x + offset)];
                    var line = panel.Plot.Add.ScatterLine(xs, [.. s.Repeated.Skip(1).Select(Math.Log10)]);
                    line.Color = color;
                    line.LineWidth = runtimes.LineWidthOf(s.Case.Host);
                    line.MarkerShape = runtimes.MarkerOf(s.Case.Host, filled: false);
                    line.MarkerSize = 7;
                    line.MarkerLineWidth = 1.5f;
                }
                if (s.Cold is { Count: >= 2 } cold)
                {
                    double x = 0.7 + offset;
                    var median = panel.Plot.Add.Marker(x, Math.Log10(cold.MedianNs), MarkerShape.HorizontalBar, 14);
                    median.Color = color;
                    median.MarkerLineWidth = 2.5f;
                    if (cold.Interval.Exists)
                    {
                        AddErrorBar(panel.Plot, [x], [Math.Log10(cold.MedianNs)], [Math.Log10(cold.MedianNs / cold.Interval.Lower)], [Math.Log10(cold.Interval.Upper / cold.MedianNs)], color);
                    }
                }
                if (results.TimelineOf(s.Case)?.Bursts is { Count: > 0 } marks)
                {
                    var ends = marks.Take(s.Repeated.Count).ToList();
                    double[] endXs = [.. Enumerable.Range(1, ends.Count).Select(x => x + offset)];
                    double[] endThreads = [.. ends.Select(m => (double)m.ProcessThreads)];
                    AddLine(panel.Plot, endXs, endThreads, color, 1.5f, Dash.Dotted, panel.Plot.Axes.Right);
                }
                panel.AddSeries($"{LabelOf(s)} · {runtimes.NameOf(s.Case.Host)}");
            }
            panel.Plot.Axes.AutoScale();
            panel.Plot.Axes.SetLimitsX(0.4, maxBursts + 0.5);
        }
        ShareLimits(figure.Panels, shareX: false);
        foreach (ChartPanel panel in figure.Panels)
        {
            LogTicks(panel.Plot.Axes.Left, FormatTime);
            panel.Plot.Axes.Bottom.TickGenerator = new ScottPlot.TickGenerators.NumericFixedInterval(1);
            panel.Plot.Axes.Right.TickGenerator = new ScottPlot.TickGenerators.NumericAutomatic { IntegerTicksOnly = true, LabelFormatter = v => FormatNumber(v) };
        }
        foreach (var model in learning.GroupBy(LabelOf).Select(g => g.First()))
        {
            figure.AddLegendLine(LabelOf(model), ColorOfCase(model), Dash.Solid);
        }
        runtimes.AddLegend(figure);
        figure.AddLegendMarker("filled markers: burst 1 of the process, cold", MarkerShape.FilledCircle, KindColor);
        figure.AddLegendMarker("open markers: bursts 2..n, warm", MarkerShape.OpenCircle, KindColor);
        if (colds.Count > 0)
        {
            figure.AddLegendMarker("median of cold bursts (fresh processes), with its interval", MarkerShape.HorizontalBar, GuideColor, 12);
        }
        figure.AddLegendLine("threads at the end of each burst (right axis)", GuideColor, Dash.Dotted, 1.5f);
        return figure.Save(folder, name);
    }

    /// <summary>One timeline chart per case that has a timeline: <c>Timeline-{case}.png/.svg</c>.</summary>
    public static IReadOnlyList<ChartFile> Timelines(ResultSet results, string folder)
    {
        ArgumentNullException.ThrowIfNull(results);
        ChartContext context = ChartContext.Of(results);
        var charts = new List<ChartFile>();
        bool severalHosts = results.Timelines.Keys.Select(k => k.Host).Distinct().Skip(1).Any();
        foreach (((HostInfo? host, BurstKind bursts, string fullName), ThreadPoolTimeline timeline) in results.Timelines
            .OrderBy(t => t.Key.Case, StringComparer.Ordinal).ThenBy(t => t.Key.Bursts).ThenBy(t => t.Key.Host?.Label, StringComparer.Ordinal))
        {
            CaseResult? result = results.Cases.FirstOrDefault(c => c.FullName == fullName && c.Bursts == bursts && (host is null || c.Host == host));
            HostInfo[] hosts = result is not null ? [result.Host] : host is not null ? [host] : [];
            var runtimes = new RuntimeStyles(hosts);
            string hostLabel = severalHosts && host is not null ? $" [{host.Label}]" : "";
            string what = result is null ? ShortCaseName(fullName) : CaseTitle(ModelCatalog.For(result).Label, result);
            int? count = result?.IterationNanoseconds.Count ?? timeline.Bursts?.Count;
            string process = bursts == BurstKind.Cold ? "the first cold burst's process" : $"one process of {count?.ToString("#,0", CultureInfo.InvariantCulture) ?? "several"} repeated bursts";
            string title = $"What did the thread pool do during {what}?";
            using var figure = new ChartFigure(title,
                [hosts.Length > 0 ? context.Describe(hosts) : context.ProfileText,
                 $"Sampled every {FormatNumber(timeline.IntervalMs)} ms in {process}; single samples, no whiskers"]);
            ChartPanel panel = figure.AddPanel("", "time since the case's setup started sampling (s)", "threads (solid)", "no samples in this timeline");
            panel.ExpectCourse(timeline.Samples.Count, "this timeline");
            panel.Plot.Axes.Right.Label.Text = "queued pool work items (dotted)";
            panel.Plot.Axes.Right.Label.FontSize = 13;
            double[] t = [.. timeline.Samples.Select(x => x.ElapsedMs / 1000)];
            // The markers name the runtime only: a timeline's samples are not medians of either kind.
            MarkerShape marker = hosts.Length > 0 ? runtimes.MarkerOf(hosts[0], filled: true) : MarkerShape.FilledCircle;
            void Line(double[] ys, Color color, string label, Dash pattern, bool right)
            {
                AddLine(panel.Plot, t, ys, color, 2, pattern, right ? panel.Plot.Axes.Right : null);
                AddSparseMarkers(panel.Plot, t, ys, marker, color, right ? panel.Plot.Axes.Right : null);
                figure.AddLegendLine(label, color, pattern, 2, marker);
                panel.AddSeries(label);
            }
            Line([.. timeline.Samples.Select(x => (double)x.ProcessThreads)], ColorOf(0), "process threads", Dash.Solid, false);
            Line([.. timeline.Samples.Select(x => (double)x.PoolThreads)], ColorOf(1), "thread-pool threads", Dash.Solid, false);
            Line([.. timeline.Samples.Select(x => (double)x.PendingWorkItems)], ColorOf(3), "queued work items (right axis)", Dash.Dotted, true);
            runtimes.AddLegend(figure);
            string name = "Timeline-" + (bursts == BurstKind.Cold ? "cold-" : "") + string.Concat((ShortCaseName(fullName) + hostLabel).Select(c => char.IsLetterOrDigit(c) || c is '.' or '-' ? c : '_'));
            charts.Add(figure.Save(folder, name));
        }
        return charts;
    }

    /// <summary>
    /// A model's label with its k: "pool, min threads = 64", "bounded executor, 64 workers",
    /// "ThreadPoolExecutor(max_workers=64)" (the label's own k replaced), else ", k = 64" appended.
    /// </summary>
    internal static string WithK(string label, int? k)
    {
        if (k is not int value)
        {
            return label;
        }
        string text = value.ToString("#,0", CultureInfo.InvariantCulture);
        return System.Text.RegularExpressions.Regex.IsMatch(label, @"\bk\b")
            ? System.Text.RegularExpressions.Regex.Replace(label, @"\bk\b", text)
            : $"{label}, k = {text}";
    }

    /// <summary>" of 100 ms" where every case has the same delay d, else "": for titles.</summary>
    internal static string OfDelay(IEnumerable<CaseStatistics> cases)
    {
        var delays = cases.Select(s => s.Case.IntParameter("DelayMs")).OfType<int>().Distinct().ToList();
        return delays.Count == 1 ? $" of {delays[0].ToString("#,0", CultureInfo.InvariantCulture)} ms" : "";
    }

    /// <summary>"default thread pool, N = 1,000, d = 100 ms": a case named by its model and its parameters.</summary>
    internal static string CaseTitle(string label, CaseResult result)
    {
        var parts = new List<string> { label };
        foreach ((string parameter, string text) in new[] { ("N", "N"), ("K", "k"), ("C", "C") })
        {
            if (result.IntParameter(parameter) is int value)
            {
                parts.Add($"{text} = {value.ToString("#,0", CultureInfo.InvariantCulture)}");
            }
        }
        if (result.IntParameter("DelayMs") is int d)
        {
            parts.Add($"d = {d.ToString("#,0", CultureInfo.InvariantCulture)} ms");
        }
        return string.Join(", ", parts);
    }

    /// <summary>
    /// The comparison chart: the ratio of medians per case with its interval, coloured by verdict, over a band for
    /// the threshold; filled where cold bursts were compared, open where warm ones. Written as <c>Compare-ratio.png/.svg</c>.
    /// </summary>
    public static ChartFile? ComparisonRatios(ChartContext context, ComparisonReport report, double thresholdFraction, string folder)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(report);
        if (report.Cases.All(c => double.IsNaN(c.Ratio)))
        {
            return null; // nothing compared, or only cases that could not be
        }
        var cases = report.Cases.Where(c => !double.IsNaN(c.Ratio)).Reverse().ToList();
        // The markers are the current run's runtimes; the subtitle names both sides' machines and runtimes.
        var runtimes = new RuntimeStyles(cases.Select(c => c.Current.Case.Host));
        string Side(IEnumerable<HostInfo> hosts) => string.Join(", ", InRuntimeOrder(hosts.Distinct()).Select(h => $"{ChartContext.Runtime(h)} on {ChartContext.Machine(h)}").Distinct(StringComparer.Ordinal));
        string baseline = Side(cases.Select(c => c.Baseline.Case.Host)), current = Side(cases.Select(c => c.Current.Case.Host));
        string sides = baseline == current ? $"Both runs: {current}" : $"Baseline: {baseline}; current: {current}";
        string kinds = string.Join(" or ", cases.Select(c => c.Samples).Distinct().Order().Select(k => k == SampleKind.Cold ? "cold against cold (filled)" : "warm against warm (open)"));
        const string title = "Which cases got slower or faster than the baseline?";
        using var figure = new ChartFigure(title,
            [$"{sides} · {context.ProfileText}",
             $"Points: current median / baseline median of one kind of sample, {kinds}; whiskers: distribution-free {(1 - (2 * Comparer.Alpha)) * 100:0}% interval of the ratio (Mann–Whitney inversion)"])
        {
            Height = Math.Max(Height, 160 + (22 * cases.Count)),
        };
        ChartPanel panel = figure.AddPanel("", "current median / baseline median (log scale; 1.00× = unchanged)", "");
        Plot plot = panel.Plot;
        // Ratios are multiplicative: 0.5 and 2 are the same distance from 1, so the axis is log10 of the ratio.
        var band = plot.Add.HorizontalSpan(Math.Log10(1 / (1 + thresholdFraction)), Math.Log10(1 + thresholdFraction));
        band.FillStyle.Color = Colors.Gray.WithAlpha(0.2);
        figure.AddLegend(new LegendItem { LabelStyle = { Text = $"threshold ±{(thresholdFraction * 100).ToString("0.#", CultureInfo.InvariantCulture)}%" }, FillStyle = { Color = Colors.Gray.WithAlpha(0.2) } });
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
            foreach ((CaseComparison c, int i) in points)
            {
                double x = Math.Log10(c.Ratio);
                var marker = plot.Add.Marker(x, i, runtimes.MarkerOf(c.Current.Case.Host, filled: c.Samples != SampleKind.Warm), 9);
                marker.Color = color;
                marker.MarkerLineWidth = 1.5f;
                var error = new ScottPlot.Plottables.ErrorBar([x], [i], null!, null!, null!, null!)
                {
                    XErrorNegative = [double.IsNaN(c.RatioLower) ? 0 : Math.Log10(c.Ratio / c.RatioLower)],
                    XErrorPositive = [double.IsNaN(c.RatioUpper) ? 0 : Math.Log10(c.RatioUpper / c.Ratio)],
                    Color = color,
                    LineWidth = 1.5f,
                    CapSize = 5,
                };
                plot.Add.Plottable(error);
            }
            panel.AddSeries(verdict.ToString());
            figure.AddLegendLine(verdict.ToString(), color, Dash.Solid, 0, MarkerShape.FilledCircle, 9);
        }
        runtimes.AddLegend(figure, filled: cases.Any(c => c.Samples != SampleKind.Warm));
        if (cases.Select(c => c.Samples).Distinct().Skip(1).Any())
        {
            figure.AddLegendMarker("filled markers: cold against cold", MarkerShape.FilledCircle, KindColor);
            figure.AddLegendMarker("open markers: warm against warm", MarkerShape.OpenCircle, KindColor);
        }
        plot.Axes.AutoScale();
        LogTicks(plot.Axes.Bottom, FormatRatio);
        plot.Axes.Left.SetTicks([.. cases.Select((_, i) => (double)i)], [.. cases.Select(c => ShortCaseName(c.Name))]);
        plot.Axes.Left.TickLabelStyle.FontSize = 10;
        return figure.Save(folder, "Compare-ratio");
    }

    /// <summary>"Type.Method(args)" from a full BenchmarkDotNet name.</summary>
    public static string ShortCaseName(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        // "ConcurrencyBench.Benchmarks.Type.Method(args)" -> "Type.Method(args)"
        int open = name.IndexOf('(', StringComparison.Ordinal);
        string head = open < 0 ? name : name[..open];
        string[] parts = head.Split('.');
        string shortHead = parts.Length >= 2 ? $"{parts[^2]}.{parts[^1]}" : head;
        return open < 0 ? shortHead : shortHead + name[open..];
    }

    // ---- Drawing helpers shared by the families' charts ----

    /// <summary>A series of medians against a load: one model on one host (and one d).</summary>
    internal sealed record TimeSeries(string Label, int Order, HostInfo Host, IReadOnlyList<CaseStatistics> Cases);

    /// <summary>One plotted median: x and log10(y), the log10 of its interval's ends (NaN where none), and its kind.</summary>
    internal readonly record struct MedianPoint(double X, double Y, double Lower, double Upper, SampleKind Kind)
    {
        /// <summary>The point of a summary at <paramref name="x"/> (a gap, with Kind None, where there is no summary).</summary>
        public static MedianPoint Of(double x, SampleSummary? summary) => summary is null || double.IsNaN(summary.MedianNs) || summary.MedianNs <= 0
            ? new(x, double.NaN, double.NaN, double.NaN, SampleKind.None)
            : new(x, Math.Log10(summary.MedianNs),
                summary.Interval.Exists && summary.Interval.Lower > 0 ? Math.Log10(summary.Interval.Lower) : double.NaN,
                summary.Interval.Exists && summary.Interval.Upper > 0 ? Math.Log10(summary.Interval.Upper) : double.NaN,
                summary.Kind);

        /// <summary>A value without an interval (a median of peaks, a rate): log10 of it, or a gap.</summary>
        public static MedianPoint Value(double x, double? value, SampleKind kind) => value is double v && v > 0
            ? new(x, Math.Log10(v), double.NaN, double.NaN, kind)
            : new(x, double.NaN, double.NaN, double.NaN, SampleKind.None);
    }

    /// <summary>
    /// Draws one series of medians: lines between neighbouring points of the same kind only (a gap, or a change from
    /// cold to warm, breaks the line), each marker the runtime's shape, filled for cold and open for warm, and the
    /// interval of each median as whiskers.
    /// </summary>
    internal static void DrawMedians(ChartPanel panel, string seriesName, Color color, RuntimeStyles runtimes, HostInfo host, IReadOnlyList<MedianPoint> points, Dash dash = Dash.Solid)
    {
        Plot plot = panel.Plot;
        var sorted = points.OrderBy(p => p.X).ToList();
        int start = 0;
        for (int i = 1; i <= sorted.Count; i++)
        {
            if (i < sorted.Count && sorted[i].Kind == sorted[start].Kind)
            {
                continue;
            }
            var run = sorted.GetRange(start, i - start);
            start = i;
            if (run[0].Kind == SampleKind.None)
            {
                continue;
            }
            double[] xs = [.. run.Select(p => p.X)];
            double[] ys = [.. run.Select(p => p.Y)];
            AddLine(plot, xs, ys, color, runtimes.LineWidthOf(host), dash);
            var markers = plot.Add.ScatterPoints(xs, ys);
            markers.Color = color;
            markers.MarkerShape = runtimes.MarkerOf(host, filled: run[0].Kind == SampleKind.Cold);
            markers.MarkerSize = 7;
            markers.MarkerLineWidth = 1.5f;
            var whiskers = run.Where(p => !double.IsNaN(p.Lower) && !double.IsNaN(p.Upper)).ToList();
            if (whiskers.Count > 0)
            {
                AddErrorBar(plot, [.. whiskers.Select(p => p.X)], [.. whiskers.Select(p => p.Y)],
                    [.. whiskers.Select(p => p.Y - p.Lower)], [.. whiskers.Select(p => p.Upper - p.Y)], color);
            }
        }
        if (sorted.Any(p => p.Kind != SampleKind.None))
        {
            panel.AddSeries(seriesName);
        }
    }

    /// <summary>A line through (xs, ys) in data coordinates, stroked with <paramref name="dash"/> in the PNG and the SVG alike.</summary>
    internal static PatternedLine AddLine(Plot plot, double[] xs, double[] ys, Color color, float width, Dash dash, IYAxis? yAxis = null)
    {
        var line = new PatternedLine(xs, ys, color, width, dash);
        plot.Add.Plottable(line);
        if (yAxis is not null)
        {
            line.Axes.YAxis = yAxis;
        }
        return line;
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

    /// <summary>
    /// A dozen markers along a line of many samples (a timeline, a distribution), so that its runtime's marker shows
    /// without hiding the line.
    /// </summary>
    internal static void AddSparseMarkers(Plot plot, double[] xs, double[] ys, MarkerShape shape, Color color, IYAxis? yAxis = null, double phase = 0, int count = 12)
    {
        if (xs.Length == 0)
        {
            return;
        }
        // Series of one chart start at different phases: where their lines meet, their markers do not.
        double step = (xs.Length - 1) / (double)Math.Max(1, count - 1);
        int[] at = [.. Enumerable.Range(0, count).Select(i => (int)Math.Round(Math.Min(xs.Length - 1, (i + phase) * step))).Distinct()];
        double[] markerXs = [.. at.Select(i => xs[i])];
        double[] markerYs = [.. at.Select(i => ys[i])];
        var markers = plot.Add.ScatterPoints(markerXs, markerYs);
        markers.Color = color;
        markers.MarkerShape = shape;
        markers.MarkerSize = 7;
        markers.MarkerLineWidth = 1.5f;
        if (yAxis is not null)
        {
            markers.Axes.YAxis = yAxis;
        }
    }

    /// <summary>
    /// A model's colour for the variant <paramref name="index"/> of <paramref name="count"/> (its k values): darker for
    /// the first, lighter for the last, the model's own colour for a single variant.
    /// </summary>
    internal static Color Shade(Color color, int index, int count)
    {
        if (count <= 1)
        {
            return color;
        }
        // Lightness from dark to light in even steps, the model's hue and saturation kept.
        (float hue, float saturation, _) = color.ToHSL();
        return Color.FromHSL(hue, saturation, 0.28f + (0.46f * index / (count - 1)));
    }

    /// <summary>One legend entry per model (its colour), in the order given.</summary>
    internal static void AddModelLegend(ChartFigure figure, IEnumerable<(string Label, int Order)> models)
    {
        foreach ((string label, int order) in models.Distinct())
        {
            figure.AddLegendLine(label, ColorOf(order), Dash.Solid);
        }
    }

    /// <summary>
    /// The series split into panels of at most <see cref="MaxSeriesPerPanel"/>: one panel if they fit, else by the
    /// first key whose groups all fit (runtime, then model, ...), else by the last key in chunks. Titles are the keys.
    /// </summary>
    internal static List<(string Title, List<T> Items)> Panelize<T>(IReadOnlyList<T> series, params Func<T, string>[] keys)
    {
        ArgumentNullException.ThrowIfNull(keys);
        if (series.Count <= MaxSeriesPerPanel || keys.Length == 0)
        {
            return [("", [.. series])];
        }
        foreach (Func<T, string> key in keys)
        {
            var groups = series.GroupBy(key).Select(g => (g.Key, Items: g.ToList())).ToList();
            if (groups.Count > 1 && groups.All(g => g.Items.Count <= MaxSeriesPerPanel))
            {
                return groups;
            }
        }
        return [.. series.GroupBy(keys[0]).SelectMany(g => g.Chunk(MaxSeriesPerPanel).Select((chunk, i) => (g.Key + (i > 0 ? $" ({i + 1})" : ""), chunk.ToList())))];
    }

    /// <summary>The figure's grid for <paramref name="panels"/> panels: one row up to 2, then 2 or 3 columns, taller rows.</summary>
    internal static void LayOut(ChartFigure figure, int panels)
    {
        figure.Columns = panels <= 2 ? panels : panels <= 4 ? 2 : 3;
        int rows = (int)Math.Ceiling(panels / (double)figure.Columns);
        figure.Height = Math.Max(figure.Height, 140 + (rows * 380));
    }

    /// <summary>Sets every panel's axes to the union of their limits (after autoscaling each): panels compare on one scale.</summary>
    internal static void ShareLimits(IReadOnlyList<ChartPanel> panels, bool shareX = true, bool shareY = true)
    {
        // A panel with nothing to draw has no limits to share (ScottPlot would give it -10 to 10).
        panels = [.. panels.Where(p => !p.IsEmpty)];
        foreach (ChartPanel panel in panels)
        {
            panel.Plot.Axes.AutoScale();
        }
        if (panels.Count < 2)
        {
            return;
        }
        var limits = panels.Select(p => p.Plot.Axes.GetLimits()).ToList();
        foreach (ChartPanel panel in panels)
        {
            if (shareX)
            {
                panel.Plot.Axes.SetLimitsX(limits.Min(l => l.Left), limits.Max(l => l.Right));
            }
            if (shareY)
            {
                panel.Plot.Axes.SetLimitsY(limits.Min(l => l.Bottom), limits.Max(l => l.Top));
            }
        }
    }

    /// <summary>
    /// How far apart (in x units) neighbouring series are drawn at one x, so that none hides another: 1% of the x span
    /// (a few pixels); 0 when all points share one x.
    /// </summary>
    internal static double DodgeStep(IReadOnlyCollection<double> xs) => xs.Count == 0 ? 0 : (xs.Max() - xs.Min()) * 0.01;

    /// <summary>What the dashed and dotted guides are, for the foot of a chart that draws them.</summary>
    internal const string GuidesNote = "Dashed: an ideal, a lower bound no burst of that model can beat. Dotted: a reference, a named time that is not a bound.";

    /// <summary>
    /// The note of a chart that leaves out cases it has no median for (a trend over the repeated bursts and no cold
    /// bursts, or too few bursts of either kind); null when it leaves out none.
    /// </summary>
    internal static string? NoMedianNote(IEnumerable<CaseStatistics> cases, PlottedSamples samples)
    {
        var missing = cases.Where(s => samples.Of(s) is null).ToList();
        return missing.Count == 0 ? null
            : $"{(missing.Count == 1 ? "1 case has" : $"{missing.Count:#,0} cases have")} no point: no median of {(missing.Count == 1 ? "its" : "their")} kind (a trend over the repeated bursts, or too few bursts); a line breaks where one is missing.";
    }

    /// <summary>The note a chart with series drawn apart prints at its foot.</summary>
    internal static string DodgeNote(string axis) =>
        $"Series measured at the same {axis} are drawn a few pixels apart along the x axis, so that none hides another.";

    /// <summary>
    /// Power-of-ten ticks for an axis that holds log10 of the data, chosen from the axis range (set it first, or
    /// autoscale): 1 per decade over wide ranges, 1-2-5 over a few decades, finer steps within one decade, and evenly
    /// spaced values over a range too narrow for those; minor ticks between. Each label names the value at its position
    /// (<paramref name="format"/> of the value and a number of significant figures, 3 or as many as tell neighbours apart).
    /// </summary>
    internal static void LogTicks(IAxis axis, Func<double, int, string> format)
    {
        var range = axis.Range;
        double low = Math.Min(range.Min, range.Max), high = Math.Max(range.Min, range.Max);
        // An axis with nothing on it autoscales to (+inf, -inf): there are no decades to tick (looping over them once ran
        // a report of a lone trending case out of memory). Log10 of any double lies within ±400.
        if (!double.IsFinite(low) || !double.IsFinite(high) || high - low > 1000)
        {
            return;
        }
        double span = high - low;
        double[] mantissas = span >= 3 ? [1] : span >= 1 ? [1, 2, 5] : span >= 0.4 ? [1, 1.5, 2, 3, 5, 7] : [1, 1.2, 1.5, 2, 2.5, 3, 4, 5, 6, 8];
        var majors = new List<double>();
        var minors = new List<double>();
        for (int decade = (int)Math.Floor(low) - 1; decade <= (int)Math.Ceiling(high); decade++)
        {
            foreach (double mantissa in mantissas)
            {
                double position = decade + Math.Log10(mantissa);
                if (position >= low - 1e-9 && position <= high + 1e-9)
                {
                    majors.Add(position);
                }
            }
            for (int minor = 2; minor <= 9; minor++)
            {
                double position = decade + Math.Log10(minor);
                if (position >= low && position <= high)
                {
                    minors.Add(position);
                }
            }
        }
        if (majors.Count < 3 && span > 0)
        {
            // A range too narrow for even the finest mantissas: evenly spaced values.
            majors.Clear();
            minors.Clear();
            double from = Math.Pow(10, low), to = Math.Pow(10, high);
            double step = NiceStep((to - from) / 4);
            for (double value = Math.Ceiling(from / step) * step; value <= to + (step * 1e-9); value += step)
            {
                majors.Add(Math.Log10(value));
            }
        }
        // Three significant figures, or as many as it takes for neighbouring labels to differ (4.99 s, 5.00 s, 5.01 s).
        int digits = 3;
        while (digits < 6 && majors.Select(p => format(Math.Pow(10, p), digits)).Distinct(StringComparer.Ordinal).Count() < majors.Count)
        {
            digits++;
        }
        var generator = new ScottPlot.TickGenerators.NumericManual();
        foreach (double position in majors)
        {
            generator.AddMajor(position, format(Math.Pow(10, position), digits));
        }
        foreach (double position in minors)
        {
            generator.AddMinor(position);
        }
        axis.TickGenerator = generator;
    }

    // 1, 2 or 5 times a power of ten, the nearest at or below the rough step.
    private static double NiceStep(double rough)
    {
        double magnitude = Math.Pow(10, Math.Floor(Math.Log10(rough)));
        double fraction = rough / magnitude;
        return (fraction >= 5 ? 5 : fraction >= 2 ? 2 : 1) * magnitude;
    }

    internal static double Pow10(double exponent) => Math.Pow(10, exponent);

    /// <summary>"6" or "2–6": the range of sample counts.</summary>
    internal static string Range(IEnumerable<int> counts)
    {
        var distinct = counts.Distinct().Order().ToList();
        return distinct.Count == 0 ? "0" : distinct.Count == 1 ? N(distinct[0]) : $"{N(distinct[0])}–{N(distinct[^1])}";
    }

    /// <summary>"96.9%" or "50.0–96.9%": the levels of the intervals drawn.</summary>
    internal static string Levels(IEnumerable<SampleSummary> summaries)
    {
        var levels = summaries.Where(s => s.Interval.Exists).Select(s => Math.Round(s.Interval.Level * 1000) / 10).Distinct().Order().ToList();
        string Percent(double p) => p.ToString("0.0", CultureInfo.InvariantCulture);
        return levels.Count == 0 ? "no" : levels.Count == 1 ? $"{Percent(levels[0])}%" : $"{Percent(levels[0])}–{Percent(levels[^1])}%";
    }

    private static string N(int value) => value.ToString("#,0", CultureInfo.InvariantCulture);

    /// <summary>A time tick in the unit that suits it: 500 µs, 20 ms, 1.5 s (to <paramref name="significant"/> figures).</summary>
    public static string FormatTime(double nanoseconds, int significant = 3)
    {
        (double value, string unit) = Format.ScaleTime(nanoseconds);
        return FormatNumber(value, significant) + " " + unit;
    }

    /// <summary>
    /// Formats a tick value to three significant figures, grouped: 1, 1.5, 250, 1,000, 1,500, 0.015. A tick's label
    /// must name the value at its position: 10^log10(1.5) is 1.4999999999999998, which a whole-number format calls 1 or 2.
    /// </summary>
    /// <summary>
    /// A count for a narrow axis: 1, 10, 100, then 1k, 10k, 100k, 1M (k = 1,000, M = 1,000,000), three significant
    /// figures at most.
    /// </summary>
    public static string FormatCompactCount(double value, int significant = 3) =>
        Math.Abs(value) >= 1e6 ? FormatNumber(value / 1e6, significant) + "M"
        : Math.Abs(value) >= 1e3 ? FormatNumber(value / 1e3, significant) + "k"
        : FormatNumber(value, significant);

    public static string FormatNumber(double value, int significant = 3)
    {
        if (value == 0 || double.IsNaN(value) || double.IsInfinity(value))
        {
            return value.ToString(CultureInfo.InvariantCulture);
        }
        double magnitude = Math.Pow(10, Math.Floor(Math.Log10(Math.Abs(value))) - (significant - 1));
        double rounded = Math.Round(value / magnitude) * magnitude;
        return rounded.ToString("#,0.########", CultureInfo.InvariantCulture);
    }

    /// <summary>
    /// A ratio to three significant figures with the multiplication sign: 1.00×, 0.500×, 35,800×; below 0.01, "less
    /// than 0.01×", as the report's tables write it (<see cref="Format.Ratio"/>).
    /// </summary>
    public static string FormatRatio(double ratio, int significant = 3)
    {
        if (double.IsNaN(ratio) || double.IsInfinity(ratio))
        {
            return "n/a";
        }
        if (ratio < 0.01)
        {
            return "less than 0.01×";
        }
        int decimals = Math.Max(0, significant - 1 - (int)Math.Floor(Math.Log10(ratio)));
        double magnitude = Math.Pow(10, Math.Floor(Math.Log10(ratio)) - (significant - 1));
        double rounded = Math.Round(ratio / magnitude) * magnitude;
        return rounded.ToString(decimals == 0 ? "#,0" : "#,0." + new string('0', decimals), CultureInfo.InvariantCulture) + "×";
    }

    /// <summary>Formats a byte count with a decimal unit, for power-of-ten ticks: 100 B, 10 kB, 1 MB.</summary>
    public static string FormatDecimalBytes(double bytes, int significant = 3)
    {
        (double value, string unit) = Scale(bytes, 1000, ["B", "kB", "MB", "GB", "TB"]);
        return FormatNumber(value, significant) + " " + unit;
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
