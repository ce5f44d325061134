using System.Globalization;
using System.Text.RegularExpressions;
using ScottPlot;

namespace ConcurrencyBench.Reporting.Tests;

/// <summary>
/// What a reader sees in every chart, read from its SVG (issue 22): no text drawn over other text, no second y axis, no
/// y axis that starts so close to the data that a few percent fill the panel, every swept value labelled under its
/// points, series of one colour told apart by their place or their words (not by marker alone); and, on crafted inputs,
/// what failed or was not run drawn as a labelled gap, and a bound only on the panel it bounds.
/// </summary>
public partial class ChartReadingTests
{
    private static readonly ChartContext s_context = new(["test-profile"]);

    [GeneratedRegex(@"^(?<value>-?[\d,]*\.?\d+)\s*(?<unit>ns|µs|ms|s|B|kB|MB|GB|k|M|×)?$")]
    private static partial Regex TickText();

    /// <summary>Every chart committed under results/, as a path relative to the repository.</summary>
    public static TheoryData<string> CommittedCharts() => [.. CommittedChartPaths()];

    private static List<string> CommittedChartPaths()
    {
        string root = ChartStandAloneTests.RepositoryRoot();
        return [.. Directory.EnumerateFiles(Path.Combine(root, "results"), "*.svg", SearchOption.AllDirectories).Select(svg => Path.GetRelativePath(root, svg)).Order(StringComparer.Ordinal)];
    }

    private static SvgChart Committed(string chart) => new(File.ReadAllText(Path.Combine(ChartStandAloneTests.RepositoryRoot(), chart)));

    /// <summary>A tick label's value: "1.5 s" in ns, "5 kB" in bytes, "1k" as 1,000, "2.00×" as 2; null for words.</summary>
    internal static double? TickValue(string label)
    {
        Match m = TickText().Match(label.Trim());
        if (!m.Success)
        {
            return null;
        }
        double value = double.Parse(m.Groups["value"].Value, NumberStyles.Number, CultureInfo.InvariantCulture);
        return value * m.Groups["unit"].Value switch
        {
            "ns" or "B" or "" or "×" => 1,
            "µs" or "kB" or "k" => 1e3,
            "ms" or "MB" or "M" => 1e6,
            _ => 1e9,
        };
    }

    [Fact]
    public void TheCommittedChartsAreAllRead()
    {
        // The theories below read every committed chart: the default and seed reports at least, each chart once.
        var charts = CommittedChartPaths();
        Assert.Contains(charts, c => c.EndsWith("Offload-workers-N1000.svg", StringComparison.Ordinal) && c.Contains("default", StringComparison.Ordinal));
        Assert.Contains(charts, c => c.EndsWith("Seed-time.svg", StringComparison.Ordinal));
        Assert.True(charts.Count >= 20, $"{charts.Count} committed charts");
    }

    [Theory]
    [MemberData(nameof(CommittedCharts))]
    public void NoTextIsDrawnOverOtherText(string chart)
    {
        var overlaps = Committed(chart).OverlappingTexts();

        Assert.True(overlaps.Count == 0, $"{chart}: {string.Join("; ", overlaps.Take(4).Select(p => $"'{p.First.Content}' over '{p.Second.Content}'"))}");
    }

    [Theory]
    [MemberData(nameof(CommittedCharts))]
    public void NoChartReadsASecondQuantityOffASecondYAxis(string chart)
    {
        var svg = Committed(chart);

        Assert.All(svg.Panels, p => Assert.True(svg.RightTickLabels(p).Count == 0, $"{chart}: ticks right of a panel: {string.Join(", ", svg.RightTickLabels(p).Select(t => t.Content))}"));
    }

    [Theory]
    [MemberData(nameof(CommittedCharts))]
    public void EveryYAxisStartsADecadeBelowItsTopOrAtZero(string chart)
    {
        var svg = Committed(chart);

        foreach (SvgRect panel in svg.Panels)
        {
            var ticks = svg.LeftTickLabels(panel).Select(t => (t.Baseline, Value: TickValue(t.Content))).ToList();
            if (ticks.Count < 3 || ticks.Any(t => t.Value is null))
            {
                continue; // categories (the comparison chart's cases), not a scale
            }
            (double bottom, double top, bool log) = Scale(ticks.Select(t => (t.Baseline, t.Value!.Value)).ToList(), panel);
            if (log)
            {
                Assert.True(top / bottom >= 9.5, $"{chart}: a log axis from {bottom:G3} to {top:G3}: a few percent fill the panel");
            }
            else
            {
                Assert.True(bottom <= 0.02 * (top - bottom), $"{chart}: a linear axis from {bottom:G3} to {top:G3} does not start at zero");
            }
        }
    }

    // The values at a panel's bottom and top edges from its tick labels (baselines sit a little under their ticks: the
    // fit is of label against label, so the offset cancels), and whether the axis is logarithmic.
    private static (double Bottom, double Top, bool Log) Scale(IReadOnlyList<(double Y, double Value)> ticks, SvgRect panel)
    {
        static (double Slope, double Intercept, double Residual) Fit(IReadOnlyList<(double X, double Y)> points)
        {
            double mx = points.Average(p => p.X), my = points.Average(p => p.Y);
            double slope = points.Sum(p => (p.X - mx) * (p.Y - my)) / points.Sum(p => (p.X - mx) * (p.X - mx));
            double intercept = my - (slope * mx);
            double spread = points.Max(p => p.Y) - points.Min(p => p.Y);
            return (slope, intercept, points.Max(p => Math.Abs(p.Y - (intercept + (slope * p.X)))) / spread);
        }
        var linear = Fit([.. ticks]);
        var logarithmic = ticks.All(t => t.Value > 0) ? Fit([.. ticks.Select(t => (t.Y, Math.Log10(t.Value)))]) : (0, 0, double.PositiveInfinity);
        bool log = logarithmic.Residual < linear.Residual;
        var fit = log ? logarithmic : linear;
        // A label's baseline sits about a third of its size under its tick: the panel's edges are read at that offset.
        const double shift = 4;
        double At(double y) => log ? Math.Pow(10, fit.Intercept + (fit.Slope * (y + shift))) : fit.Intercept + (fit.Slope * (y + shift));
        return (At(panel.Bottom), At(panel.Y), log);
    }

    /// <summary>The committed charts whose x axis is a swept parameter (N, k, C, the rate): every measured value labelled.</summary>
    public static TheoryData<string> SweptCharts()
    {
        var data = new TheoryData<string>();
        foreach (string chart in CommittedChartPaths())
        {
            string name = Path.GetFileNameWithoutExtension(chart);
            if (name is "AsyncDelays-time" or "AsyncDelays-memory" or "Blocking-time" or "Blocking-starvation" or "SharedState-time" or "SharedState-welcome"
                or "Chat-clients" or "Chat-threads" or "Chat-memory" || name.StartsWith("Offload-workers-", StringComparison.Ordinal) || name.StartsWith("Chat-knee-", StringComparison.Ordinal))
            {
                data.Add(chart);
            }
        }
        return data;
    }

    [Theory]
    [MemberData(nameof(SweptCharts))]
    public void EverySweptValueIsLabelledUnderItsPoints(string chart)
    {
        var svg = Committed(chart);

        foreach (SvgRect panel in svg.Panels)
        {
            var labels = svg.BottomTickLabels(panel).Where(t => TickValue(t.Content) is not null).Select(t => (t.Ink.X + t.Ink.Right) / 2).ToList();
            // Series measured at one value sit a few pixels apart (at most 1% of the panel's width each).
            double tolerance = Math.Max(6, 0.05 * panel.Width);
            foreach (var marker in svg.Markers(panel).Where(m => m.X >= panel.X && m.X <= panel.Right))
            {
                Assert.True(labels.Any(x => Math.Abs(x - marker.X) <= tolerance), $"{chart}: a point at x = {marker.X:0} px has no tick label under it (labels at {string.Join(", ", labels.Select(x => x.ToString("0", CultureInfo.InvariantCulture)))})");
            }
        }
    }

    [Theory]
    [MemberData(nameof(CommittedCharts))]
    public void SeriesOfOneColourInAPanelAreToldApartByTheirPlaceOrTheirWords(string chart)
    {
        var svg = Committed(chart);

        foreach (SvgRect panel in svg.Panels)
        {
            foreach (var colour in svg.Markers(panel).GroupBy(m => m.Series.Split(' ')[1]))
            {
                // Series of one colour (one model) that share x positions are told apart by marker shape alone unless
                // each is named in words in its colour, in or beside the panel.
                var shapes = colour.GroupBy(m => m.Series).Select(g => (Min: g.Min(m => m.X), Max: g.Max(m => m.X))).OrderBy(s => s.Min).ToList();
                bool sharePlaces = shapes.Zip(shapes.Skip(1)).Any(p => p.Second.Min <= p.First.Max + 2);
                if (!sharePlaces)
                {
                    continue;
                }
                int words = svg.Texts.Count(t => t.Color == colour.Key && t.Left >= panel.X && t.Left <= panel.Right + 160 && t.Baseline >= panel.Y && t.Baseline <= panel.Bottom + 6);
                Assert.True(words >= shapes.Count, $"{chart}: {shapes.Count} series of colour {colour.Key} in one panel, told apart by {words} labels");
            }
        }
    }

    [Fact]
    public void TheOverlapCheckFindsTextDrawnOverText()
    {
        // The check itself: two figures written at one place are found (a check that cannot fail proves nothing).
        using var figure = new ChartFigure("t", ["s"]);
        ChartPanel panel = figure.AddPanel("", "x", "y");
        panel.Plot.Add.Text("1.08 s", 0, 0);
        panel.Plot.Add.Text("1.01 s", 0, 0);
        figure.AddLegendMarker("a series", MarkerShape.FilledCircle, Colors.Black);

        var svg = new SvgChart(figure.GetSvgXml());

        var overlaps = svg.OverlappingTexts();
        Assert.True(overlaps.Count == 1, string.Join("\n", overlaps.Select(p => $"'{p.First.Content}' {p.First.Ink} over '{p.Second.Content}' {p.Second.Ink}")));
        var pair = overlaps[0];
        Assert.Equal(["1.01 s", "1.08 s"], new[] { pair.First.Content, pair.Second.Content }.Order(StringComparer.Ordinal));
    }

    [Fact]
    public void AChartThatDrawsAgainstASecondYAxisIsRefused()
    {
        using var figure = new ChartFigure("t", ["s"]);
        ChartPanel panel = figure.AddPanel("", "x", "y");
        double[] xs = [0, 1];
        var line = panel.Plot.Add.ScatterLine(xs, xs);
        line.Axes.YAxis = panel.Plot.Axes.Right;

        var refused = Assert.Throws<InvalidOperationException>(() => figure.GetSvgXml());

        Assert.Contains("second y axis", refused.Message, StringComparison.Ordinal);
    }

    private static HostInfo Host(string runtime) => StatisticsTests.CaseWith([1]).Host with { Runtime = runtime };

    private static CaseStatistics Cold(string type, string method, string parameters, double ns, HostInfo host, string? failure = null) =>
        CaseStatistics.Of(StatisticsTests.CaseWith([ns, ns * 1.01, ns * 0.99, ns * 1.02, ns * 0.98, ns], type, method, parameters) with { Job = "Cold", Host = host, Failure = failure });

    [Fact]
    public void ATimeChartNamesWhatWasNotRunAndWhatFailedWhereTheirPointsWouldBe()
    {
        using var files = new TestFiles();
        HostInfo jit = Host(Crafted.DotNet10);
        // Threads each at N = 1, 10, 100; in turn only at 1 and 10 (not run at 100); on the pool, failed at 100.
        List<CaseStatistics> stats =
        [
            Cold("BlockingCalls", "ThreadPerCall", "N=1&DelayMs=100", 100e6, jit),
            Cold("BlockingCalls", "ThreadPerCall", "N=10&DelayMs=100", 101e6, jit),
            Cold("BlockingCalls", "ThreadPerCall", "N=100&DelayMs=100", 104e6, jit),
            Cold("BlockingCalls", "Sequential", "N=1&DelayMs=100", 100e6, jit),
            Cold("BlockingCalls", "Sequential", "N=10&DelayMs=100", 1e9, jit),
            Cold("BlockingCalls", "SyncOverAsyncInPool", "N=1&DelayMs=100", 100e6, jit),
            Cold("BlockingCalls", "SyncOverAsyncInPool", "N=100&DelayMs=100", 5e9, jit, failure: "the run timed out after 120 s; it was stopped"),
        ];

        ChartFile chart = Charts.TimeAgainstLoad(s_context, stats, files.Root, "Blocking-time", "How long?", "wall time per operation")!;
        var svg = new SvgChart(File.ReadAllText(chart.SvgPath));

        SvgRect panel = Assert.Single(svg.Panels);
        // Each gap in words, in its model's colour, inside the panel, centred as near its N as the panel allows.
        SvgText notRun = Assert.Single(svg.Texts, t => t.Content == "sequential: not run");
        SvgText failed = Assert.Single(svg.Texts, t => t.Content == "sync-over-async in pool: failed (the run timed out after 120 s)");
        Assert.Equal("#" + ChartPalette.ColorOf(7).ToHex()[1..7], notRun.Color);
        Assert.Equal("#" + ChartPalette.ColorOf(9).ToHex()[1..7], failed.Color);
        double n100 = svg.BottomTickLabels(panel).Where(t => t.Content == "100").Select(t => (t.Ink.X + t.Ink.Right) / 2).Single();
        Assert.All(new[] { notRun, failed }, t =>
        {
            Assert.True(panel.Contains(t.Ink.X, t.Ink.Y) && panel.Contains(t.Ink.Right, t.Ink.Bottom), $"'{t.Content}' outside the panel");
            Assert.True(t.Ink.Right >= n100 - 1 || Math.Abs(t.Ink.Right - (panel.Right - 4)) < 3, $"'{t.Content}' far from N = 100");
        });
        // The ticks under the panel are the N measured, and no other.
        Assert.Equal(["1", "10", "100"], svg.BottomTickLabels(panel).Select(t => t.Content));
        Assert.Empty(svg.OverlappingTexts());
    }

    [Fact]
    public void ALogAxisStartsADecadeBelowItsLowestPointAndTheSeedChartPrintsEachFigure()
    {
        HostInfo jit = Host(Crafted.DotNet10), python = Host("Python 3.11.7 (CPython)");
        // 1.00 s against 1.08 s: on an axis from 1.00 to 1.08 s the 8% would fill the panel.
        CaseStatistics dotnet = Cold("SeedExperiments", "AsyncSleeps10000", "", 1.003e9, jit);
        CaseStatistics py = Cold("SeedExperiments", "AsyncSleeps10000", "", 1.081e9, python);

        using ChartFigure figure = SeedFamily.SeedFigure(s_context, [dotnet, py])!;
        var svg = new SvgChart(figure.GetSvgXml());

        SvgRect panel = Assert.Single(svg.Panels);
        var ticks = svg.LeftTickLabels(panel).Select(t => (t.Baseline, TickValue(t.Content)!.Value)).ToList();
        (double bottom, double top, bool log) = Scale(ticks, panel);
        Assert.True(log);
        Assert.True(bottom <= 1.003e9 / 10 * 1.01, $"the axis starts at {bottom:G3} ns");
        Assert.True(top / bottom >= 9.5);
        // Each median printed above its own point, in its colour: the figures say what the axis no longer shows.
        var markers = svg.Markers(panel).Where(m => m.Filled).OrderBy(m => m.X).ToList();
        Assert.True(markers.Count == 2, string.Join("; ", svg.Markers(panel).Select(m => $"{m.Series} {m.X:0},{m.Y:0} {m.Filled}")));
        string[] printed = [Format.Time(dotnet.MedianNs), Format.Time(py.MedianNs)];
        Assert.Equal(["1.00 s", "1.08 s"], printed);
        for (int i = 0; i < 2; i++)
        {
            SvgText label = Assert.Single(svg.Texts, t => t.Content == printed[i]);
            Assert.InRange((label.Ink.X + label.Ink.Right) / 2, markers[i].X - 3, markers[i].X + 3);
            Assert.True(label.Ink.Bottom < markers[i].Y, $"'{label.Content}' is not above its point");
        }
        Assert.Empty(svg.OverlappingTexts());
    }

    [Fact]
    public void RepeatedBurstsPutThreadsInAPanelOfTheirOwnAndNameEachLineOfOneColour()
    {
        using var files = new TestFiles();
        HostInfo jit = Host(Crafted.DotNet10), go = Host("Go 1.19.8 (go1.19.8 linux/amd64)"), rust = Host("Rust 1.95.0 (tokio 1.24.2)");
        // The default pool on three runtimes at N = 1,000: .NET's bursts speed up as its threads grow, the others are flat.
        CaseStatistics Pool(HostInfo host, double[] ns, int[] threads) => CaseStatistics.Of(StatisticsTests.CaseWith(ns, "DefaultPoolOffload", "DefaultThreadPool", "N=1000&DelayMs=100") with
        {
            Host = host,
            IterationResources = [.. threads.Select(t => new BurstResources(t, t, null, null, null, null, false, null, null, null))],
        });
        List<CaseStatistics> stats =
        [
            Pool(jit, [13e9, 11e9, 10e9, 9e9, 8e9, 7e9, 6.5e9, 6e9], [23, 23, 25, 27, 29, 31, 33, 35]),
            Pool(go, [105e6, 104e6, 103e6, 106e6, 105e6, 104e6, 103e6, 104e6], [940, 1002, 1002, 1002, 1003, 1003, 1003, 1003]),
            Pool(rust, [210e6, 208e6, 209e6, 211e6, 210e6, 209e6, 208e6, 210e6], [515, 515, 515, 515, 515, 515, 515, 515]),
        ];

        ChartFile chart = Charts.RepeatedBursts(s_context, stats, "How do repeated bursts speed up?", files.Root, "Offload-bursts")!;
        var svg = new SvgChart(File.ReadAllText(chart.SvgPath));

        // Wall time above, threads below: two panels, one quantity each.
        Assert.Equal(["N = 1,000: wall time of each burst", "N = 1,000: threads during each burst"], chart.Panels.Select(p => p.Title));
        Assert.Equal(2, svg.Panels.Count);
        Assert.All(svg.Panels, p => Assert.Empty(svg.RightTickLabels(p)));
        // Three lines of the pool's colour in each panel, each named at its end, level with its last burst.
        string purple = "#" + ChartPalette.ColorOf(4).ToHex()[1..7];
        SvgRect threads = svg.Panels[1];
        var names = svg.Texts.Where(t => t.Color == purple && t.Left > threads.Right && t.Baseline > threads.Y && t.Baseline < threads.Bottom + 6).ToList();
        Assert.Equal([".NET JIT", "Go", "Rust"], names.OrderBy(t => t.Content, StringComparer.Ordinal).Select(t => t.Content));
        var markers = svg.Markers(threads);
        var lastBursts = markers.Where(m => m.X >= markers.Max(o => o.X) - 30).ToList();
        foreach (SvgText name in names)
        {
            Assert.True(lastBursts.Any(m => Math.Abs(((name.Ink.Y + name.Ink.Bottom) / 2) - m.Y) < 8), $"{name.Content} at {name.Ink}: no last burst level with it");
        }
        // The threads' axis spans the 23 to 1,003 threads and starts a decade below the fewest.
        var ticks = svg.LeftTickLabels(threads).Select(t => (t.Baseline, TickValue(t.Content)!.Value)).ToList();
        (double bottom, _, bool log) = Scale(ticks, threads);
        Assert.True(log);
        Assert.True(bottom <= 2.4, $"the threads' axis starts at {bottom:G3}");
        Assert.Empty(svg.OverlappingTexts());
    }
}
