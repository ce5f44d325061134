using System.Globalization;
using System.Text.RegularExpressions;

namespace ConcurrencyBench.Reporting.Tests;

/// <summary>
/// Every chart stands alone (issue 16): known inputs rendered, and the SVG read for what a reader sees: the question
/// in the title, the machine, runtimes, profile and whiskers in the subtitle, the legend's entries and box, the panels
/// and the series in each, tick labels where their values are, whiskers' ends where the intervals end.
/// </summary>
public partial class ChartStandAloneTests
{
    private static readonly ChartContext s_context = new(["test-profile"]);

    [GeneratedRegex(@"^(?<value>[\d,.]+) (?<unit>ns|µs|ms|s)$")]
    private static partial Regex TimeLabel();

    private static HostInfo Host(string runtime) => StatisticsTests.CaseWith([1]).Host with { Runtime = runtime };

    private static readonly HostInfo s_jit = Host(".NET 10.0.12 (10.0.12, 10.0.1226.42308)");
    private static readonly HostInfo s_aot = Host("NativeAOT .NET 10.0.12 (10.0.12, 10.0.1226.42308)");
    private static readonly HostInfo s_python = Host("Python 3.11.7 (CPython 3.11.7)");

    // A case measured as cold bursts only (one per fresh process), on a host.
    private static CaseStatistics Cold(string method, int n, double[] ns, HostInfo host, string type = "AsyncDelays") =>
        CaseStatistics.Of(StatisticsTests.CaseWith(ns, type, method, $"N={n}&DelayMs=100") with { Job = "Cold", Host = host });

    // A case measured as one process's repeated bursts, flat (no trend): bursts 2..n are its warm samples.
    private static CaseStatistics Warm(string method, int n, double[] ns, HostInfo host, string type = "AsyncDelays") =>
        CaseStatistics.Of(StatisticsTests.CaseWith(ns, type, method, $"N={n}&DelayMs=100") with { Host = host });

    private static double[] Around(double ns) => [ns, ns * 1.02, ns * 0.97, ns * 1.05, ns * 0.99, ns * 1.01];

    private static readonly string[] s_models = ["TaskDelayWhenAll", "AsyncMethodWhenAll", "TaskRunWrappedDelay", "SingleThreadEventLoop"];

    private static string Subtitle(SvgChart svg) =>
        string.Join(" ", svg.Texts.Where(t => Math.Abs(t.Size - ChartFigure.SubtitleSize) < 0.01 && t.Baseline < svg.Panels.Min(p => p.Y)).OrderBy(t => t.Baseline).Select(t => t.Content));

    private static string Title(SvgChart svg) =>
        string.Join(" ", svg.Texts.Where(t => Math.Abs(t.Size - ChartFigure.TitleSize) < 0.01).OrderBy(t => t.Baseline).Select(t => t.Content));

    // "1.5 s" -> 1.5e9 ns.
    private static double Nanoseconds(string label)
    {
        Match m = TimeLabel().Match(label);
        Assert.True(m.Success, $"'{label}' is not a time");
        double value = double.Parse(m.Groups["value"].Value, NumberStyles.Number, CultureInfo.InvariantCulture);
        return value * m.Groups["unit"].Value switch { "ns" => 1, "µs" => 1e3, "ms" => 1e6, _ => 1e9 };
    }

    [Fact]
    public void TwelveSeriesBecomeOnePanelPerRuntimeUnderATitleASubtitleAndOneLegendOfUniqueShortEntries()
    {
        using var files = new TestFiles();
        // Four models on three runtimes at three N: twelve series, more than a reader tells apart in one panel.
        var stats = new List<CaseStatistics>();
        foreach (HostInfo host in new[] { s_jit, s_aot, s_python })
        {
            for (int m = 0; m < s_models.Length; m++)
            {
                foreach (int n in new[] { 1, 100, 10_000 })
                {
                    stats.Add(Cold(s_models[m], n, Around(100e6 * (1 + (0.1 * m)) * (1 + (n / 20_000.0))), host));
                }
            }
        }

        ChartFile chart = Charts.TimeAgainstLoad(s_context, stats, files.Root, "AsyncDelays-time", "How long do N delays take?", "wall time per operation")!;
        var svg = new SvgChart(File.ReadAllText(chart.SvgPath));

        // One panel per runtime, each with its four models told apart by colour and the runtime's marker.
        Assert.Equal([".NET JIT", "NativeAOT", "Python"], chart.Panels.Select(p => p.Title));
        Assert.Equal(3, svg.Panels.Count);
        Assert.All(svg.Panels, p => Assert.Equal(4, svg.SeriesIn(p).Count));
        Assert.Equal(["circle"], svg.SeriesIn(svg.Panels[0]).Select(s => s.Split(' ')[0]).Distinct());
        Assert.Equal(["square"], svg.SeriesIn(svg.Panels[1]).Select(s => s.Split(' ')[0]).Distinct());
        Assert.Equal(["3-gon"], svg.SeriesIn(svg.Panels[2]).Select(s => s.Split(' ')[0]).Distinct());
        // The title asks the question; the subtitle names the machine, the runtimes, the profile and the whiskers,
        // whose level comes from the data: six cold bursts give a 96.9% interval.
        Assert.Equal("How long do N delays take?", Title(svg));
        string subtitle = Subtitle(svg);
        Assert.Contains(ChartContext.Machine(s_jit), subtitle, StringComparison.Ordinal);
        Assert.Contains("logical cores", subtitle, StringComparison.Ordinal);
        Assert.Contains(".NET 10.0.12 (JIT), NativeAOT .NET 10.0.12, Python 3.11.7", subtitle, StringComparison.Ordinal);
        Assert.Contains("profile test-profile", subtitle, StringComparison.Ordinal);
        Assert.Contains("medians of 6 cold bursts (one per fresh process)", subtitle, StringComparison.Ordinal);
        Assert.Contains("whiskers: 96.9% distribution-free interval of each median, within this run", subtitle, StringComparison.Ordinal);
        // One legend: each model once, each runtime once, the ideal once; what the SVG shows in its box is exactly that.
        SvgRect legend = Assert.NotNull(svg.LegendBox);
        Assert.True(legend.Width <= svg.Width / 3, $"legend {legend.Width} px wide in a {svg.Width} px image");
        Assert.Equal(string.Join(" ", chart.Legend), string.Join(" ", svg.LegendTexts));
        Assert.Equal(chart.Legend.Count, chart.Legend.Distinct().Count());
        Assert.Equal(["Task.Delay + WhenAll", "async method + WhenAll", "Task.Run(async delay)", "single-thread event loop", ".NET JIT", "NativeAOT", "Python", "ideal d − one timer tick"], chart.Legend);
        Assert.All(chart.Legend, entry => Assert.True(entry.Length <= 60, $"legend entry '{entry}' is long"));
        Assert.All(svg.Panels, p => Assert.False(legend.Contains(p.X + 1, p.Y + 1)));
    }

    [Fact]
    public void SixRuntimesPanelsLabelNsDecadesCompactlySoThatTheyDoNotRunTogether()
    {
        using var files = new TestFiles();
        // Two models on six runtimes at N = 1 … 1,000,000: twelve series, a panel per runtime, three panels a row.
        HostInfo[] hosts = [s_jit, s_aot, s_python, s_jit with { Runtime = "Node.js 20.20.2 (V8)" }, s_jit with { Runtime = "Go 1.19.8 (gc)" }, s_jit with { Runtime = "Rust tokio 1.24.2 (rustc)" }];
        var stats = new List<CaseStatistics>();
        foreach (HostInfo host in hosts)
        {
            for (int m = 0; m < 2; m++)
            {
                foreach (int n in new[] { 1, 1_000, 1_000_000 })
                {
                    stats.Add(Cold(s_models[m], n, Around(100e6 * (1 + (0.1 * m)) * (1 + (n / 200_000.0))), host));
                }
            }
        }

        ChartFile chart = Charts.TimeAgainstLoad(s_context, stats, files.Root, "AsyncDelays-time", "How long do N delays take?", "wall time per operation")!;
        var svg = new SvgChart(File.ReadAllText(chart.SvgPath));

        Assert.Equal(6, svg.Panels.Count);
        SvgRect first = svg.Panels[0];
        // The first panel's N axis: every N measured (1, 1k, 1M) and no other, left to right, none overlapping the next.
        var ticks = svg.Texts.Where(t => t.Baseline > first.Bottom && t.Baseline < first.Bottom + 30 && t.Left >= first.X - 20 && t.Right <= first.Right + 30).OrderBy(t => t.Left).ToList();
        Assert.Equal(["1", "1k", "1M"], ticks.Select(t => t.Content));
        Assert.All(ticks.Zip(ticks.Skip(1)), pair => Assert.True(pair.First.Right < pair.Second.Left, $"'{pair.First.Content}' runs into '{pair.Second.Content}'"));
        Assert.DoesNotContain(svg.Texts, t => t.Content == "1,000,000");
        // Six panels share their axes' labels: each is said once, under and beside the grid, not six times.
        Assert.Single(svg.Texts, t => t.Content == "concurrent jobs N (log scale)");
        Assert.Single(svg.Texts, t => t.Content == "wall time per operation (log scale)");
        Assert.True(svg.Texts.Single(t => t.Content == "concurrent jobs N (log scale)").Baseline > svg.Panels.Max(p => p.Bottom));
        // And no line of text is longer than a reader takes in at once.
        Assert.All(svg.Texts, t => Assert.True(t.Content.Length <= ChartFigure.MaxLineChars, $"'{t.Content}' is {t.Content.Length} characters"));
    }

    [Fact]
    public void ATickLabelNamesTheValueAtItsGridLineAndAWhiskerEndsWhereTheIntervalEnds()
    {
        using var files = new TestFiles();
        double[][] samples = [[100e6, 104e6, 97e6, 110e6, 99e6, 101e6], [150e6, 170e6, 140e6, 160e6, 155e6, 210e6], [400e6, 420e6, 380e6, 900e6, 410e6, 395e6]];
        int[] loads = [1, 100, 10_000];
        var stats = loads.Select((n, i) => Cold("TaskDelayWhenAll", n, samples[i], s_jit)).ToList();

        ChartFile chart = Charts.TimeAgainstLoad(s_context, stats, files.Root, "t", "t?", "wall time")!;
        var svg = new SvgChart(File.ReadAllText(chart.SvgPath));

        SvgRect panel = Assert.Single(svg.Panels);
        var labels = svg.LeftTickLabels(panel);
        var grid = svg.HorizontalGridLines(panel);
        Assert.True(labels.Count >= 3, $"{labels.Count} tick labels");
        Assert.Equal(labels.Count, grid.Count);
        // Each label beside its grid line (its baseline a little below the line's y)...
        Assert.All(labels.Zip(grid), p => Assert.InRange(p.First.Baseline - p.Second, 0, p.First.Size));
        // ...and naming the value there: log-linear between the first and the last.
        double Y(double ns) => grid[0] + ((grid[^1] - grid[0]) * (Math.Log10(ns) - Math.Log10(Nanoseconds(labels[0].Content))) / (Math.Log10(Nanoseconds(labels[^1].Content)) - Math.Log10(Nanoseconds(labels[0].Content))));
        Assert.All(labels.Zip(grid), p => Assert.Equal(p.Second, Y(Nanoseconds(p.First.Content)), 0.5));
        // The whiskers run from each interval's lower end up to its upper end (the series' colour is model 0's).
        string blue = "#" + ChartPalette.ColorOf(0).ToHex()[1..7];
        var whiskers = svg.Whiskers(panel, blue).OrderBy(w => w.X).ToList();
        Assert.Equal(3, whiskers.Count);
        for (int i = 0; i < 3; i++)
        {
            MedianInterval interval = stats[i].Cold!.Interval;
            Assert.Equal(Y(interval.Upper), whiskers[i].Top, 0.5);
            Assert.Equal(Y(interval.Lower), whiskers[i].Bottom, 0.5);
        }
    }

    [Fact]
    public void ColdPointsAreFilledWarmPointsOpenAndNoLineJoinsAColdPointToAWarmOne()
    {
        using var files = new TestFiles();
        // One model: cold bursts only at N = 1 and 10, one process's warm bursts only at N = 100 and 1,000.
        List<CaseStatistics> stats =
        [
            Cold("TaskDelayWhenAll", 1, Around(100e6), s_jit),
            Cold("TaskDelayWhenAll", 10, Around(101e6), s_jit),
            Warm("TaskDelayWhenAll", 100, [110e6, .. Around(102e6)], s_jit),
            Warm("TaskDelayWhenAll", 1000, [120e6, .. Around(108e6)], s_jit),
        ];

        ChartFile chart = Charts.TimeAgainstLoad(s_context, stats, files.Root, "t", "t?", "wall time")!;
        var svg = new SvgChart(File.ReadAllText(chart.SvgPath));

        SvgRect panel = Assert.Single(svg.Panels);
        string blue = "#" + ChartPalette.ColorOf(0).ToHex()[1..7];
        // Two lines, each through two points of one kind: none spans the step from N = 10 to N = 100.
        var lines = svg.Lines(panel, blue, width: 2).Where(l => l.Select(p => Math.Round(p.X)).Distinct().Count() > 1).ToList();
        Assert.Equal(2, lines.Count);
        double[] xs = [.. svg.Markers(panel).Select(m => m.X).Order()];
        Assert.Equal(4, xs.Length);
        Assert.All(lines, l => Assert.False(l.Min(p => p.X) < xs[1] + 1 && l.Max(p => p.X) > xs[2] - 1, "a line joins N = 10 (cold) and N = 100 (warm)"));
        // Filled markers where the median is of cold bursts, open where it is of warm ones, and the subtitle says which.
        Assert.Equal([true, true, false, false], svg.Markers(panel).OrderBy(m => m.X).Select(m => m.Filled));
        string subtitle = Subtitle(svg);
        Assert.Contains("Filled points: medians of 6 cold bursts (one per fresh process)", subtitle, StringComparison.Ordinal);
        Assert.Contains("open points: medians of 6 warm bursts (2..n of one process)", subtitle, StringComparison.Ordinal);
        Assert.Contains("filled markers: medians of cold bursts", chart.Legend);
        Assert.Contains("open markers: medians of warm bursts", chart.Legend);
    }

    [Fact]
    public void EveryRuntimeHasItsOwnMarkerInEveryChartFilledForColdAndOpenForWarm()
    {
        HostInfo[] hosts = [s_jit, s_aot, s_python, Host("Node.js 20.19.2"), Host("Go 1.19.8 (go1.19.8 linux/amd64)"), Host("Rust 1.95.0 (tokio 1.24.2)")];

        ChartRuntime[] runtimes = [.. hosts.Select(ChartPalette.RuntimeOf)];

        Assert.Equal([ChartRuntime.DotNetJit, ChartRuntime.NativeAot, ChartRuntime.Python, ChartRuntime.NodeJs, ChartRuntime.Go, ChartRuntime.Rust], runtimes);
        var markers = Enum.GetValues<ChartRuntime>().SelectMany(r => new[] { ChartPalette.MarkerOf(r, filled: true), ChartPalette.MarkerOf(r, filled: false) }).ToList();
        Assert.Equal(markers.Count, markers.Distinct().Count());
        Assert.Equal([".NET JIT", "NativeAOT", "Python", "Node.js", "Go", "Rust"], runtimes.Select(ChartPalette.ShortName));
    }

    [Theory]
    [InlineData(2.5, 1, "3")]
    [InlineData(0.125, 2, "0.13")]
    [InlineData(1.4999999999999998, 3, "1.5")]
    public void ATickIsRoundedAsTheReportRoundsMidpointsAwayFromZero(double value, int figures, string expected)
    {
        // One formatter: a tick rounds as the tables do (the charts' own once rounded 2.5 to 2 and 0.125 to 0.12).
        Assert.Equal(expected, Format.TickNumber(value, figures));
    }

    [Theory]
    [InlineData(1, "1.00×")]
    [InlineData(0.5, "0.500×")]
    [InlineData(1.234, "1.23×")]
    [InlineData(35_819, "35,800×")]
    [InlineData(0.0042, "less than 0.01×")]
    public void ARatioHasThreeSignificantFiguresAndTheMultiplicationSign(double ratio, string expected)
    {
        Assert.Equal(expected, Format.Ratio(ratio, 3));
    }

    [Fact]
    public void ALabelTooLongForAThirdOfTheImageWrapsAndTheBoxStaysWithinIt()
    {
        using var figure = new ChartFigure("t", ["s"]);
        ChartPanel panel = figure.AddPanel("", "x", "y");
        panel.Plot.Add.Marker(0, 0);
        string longLabel = string.Join(' ', Enumerable.Repeat("a long legend entry", 8));
        figure.AddLegendLine(longLabel, ChartPalette.ColorOf(0), Dash.Dashed);

        var svg = new SvgChart(figure.GetSvgXml());

        SvgRect legend = Assert.NotNull(svg.LegendBox);
        Assert.True(legend.Width <= svg.Width / 3, $"legend {legend.Width} px wide in a {svg.Width} px image");
        Assert.True(svg.LegendTexts.Count > 1);
        Assert.Equal(longLabel, string.Join(" ", svg.LegendTexts));
        // The entry's dashes are drawn as strokes of their own, which the SVG keeps (a path effect it would drop).
        Assert.True(svg.Strokes(legend, "#" + ChartPalette.ColorOf(0).ToHex()[1..7]).Count >= 2, "no dashes in the legend's symbol");
    }

    [Fact]
    public void TheComparisonChartAsksItsQuestionAndLabelsRatiosWithTheMultiplicationSign()
    {
        using var files = new TestFiles();
        ResultSet before = ResultsReader.Read([TestFiles.StarvationJson]);
        ResultSet after = ResultsReader.Read([files.Scaled(TestFiles.StarvationJson, "slow-report-full.json", 2.0)]);
        ComparisonReport report = Comparer.Compare(before, after, ComparisonOptions.Default);

        ChartFile chart = ComparisonChart.Ratios(ChartContext.Of([before, after]), report, 0.1, files.Root)!;
        var svg = new SvgChart(File.ReadAllText(chart.SvgPath));

        Assert.Equal("Which cases got slower or faster than the baseline?", Title(svg));
        string subtitle = Subtitle(svg);
        Assert.Contains(ChartContext.Machine(report.Cases[0].Current.Case.Host), subtitle, StringComparison.Ordinal);
        Assert.Contains("profile not recorded", subtitle, StringComparison.Ordinal);
        Assert.Contains("whiskers: distribution-free 95% interval of the ratio", subtitle, StringComparison.Ordinal);
        var ticks = svg.Texts.Where(t => t.Baseline > svg.Panels[0].Bottom && t.Baseline < svg.Panels[0].Bottom + 25).Select(t => t.Content).ToList();
        Assert.Contains("2.00×", ticks);
        Assert.DoesNotContain(ticks, t => t.EndsWith('x'));
        Assert.True(svg.LegendBox!.Value.Width <= svg.Width / 3);
    }

    [Fact]
    public void ATimelineChartNamesItsCaseMachineRuntimeAndThatItHasNoWhiskers()
    {
        using var files = new TestFiles();
        ResultSet set = ResultsReader.Read([TestFiles.FixtureRun]);

        ChartFile chart = Assert.Single(TimelineCharts.Timelines(set, files.Root));
        var svg = new SvgChart(File.ReadAllText(chart.SvgPath));

        Assert.Equal("What did the thread pool do during default thread pool, N = 100, d = 20 ms?", Title(svg));
        string subtitle = Subtitle(svg);
        Assert.Contains("Intel Xeon Processor", subtitle, StringComparison.Ordinal);
        Assert.Contains(".NET 10.0.12 (JIT)", subtitle, StringComparison.Ordinal);
        Assert.Contains("no whiskers", subtitle, StringComparison.Ordinal);
        Assert.Equal(["process threads", "thread-pool threads", "queued work items", ".NET JIT"], chart.Legend);
        // Threads and the queue each on an axis of its own, side by side on one clock: no second y axis.
        Assert.Equal(["threads", "queued pool work items"], chart.Panels.Select(p => p.Title));
        Assert.All(svg.Panels, p => Assert.Empty(svg.RightTickLabels(p)));
    }

    /// <summary>The committed runs whose charts the report draws.</summary>
    public static TheoryData<string> CommittedRuns() => new() { "default", "seed" };

    [Theory]
    [MemberData(nameof(CommittedRuns))]
    public void EveryChartOfACommittedRunStandsAlone(string run)
    {
        using var files = new TestFiles();
        ResultSet results = ResultsReader.Read([Path.Combine(RepositoryRoot(), "results", run)]);
        var stats = CaseStatistics.All(results);
        string profile = Assert.Single(results.Runs).Profile;

        var charts = FamilyCharts.Draw(stats, results, files.Root).All;

        Assert.NotEmpty(charts);
        Assert.All(charts, chart =>
        {
            var svg = new SvgChart(File.ReadAllText(chart.SvgPath));
            string name = chart.Name;
            // A question, whole: nothing of it (or of any text) cut at the image's edges.
            Assert.EndsWith("?", Title(svg), StringComparison.Ordinal);
            Assert.Equal(chart.Title, Title(svg));
            Assert.All(svg.Texts, t => Assert.True(t.Left >= -1 && t.Right <= svg.Width + 1, $"{name}: '{t.Content}' runs past the image ({t.Left:0}..{t.Right:0})"));
            Assert.All(svg.Texts, t => Assert.True(t.Content.Length <= ChartFigure.MaxLineChars, $"{name}: a line of {t.Content.Length} characters"));
            // The subtitle: machine, every runtime the legend shows, the profile, and what the whiskers are.
            string subtitle = Subtitle(svg);
            Assert.Contains(ChartContext.Machine(results.Hosts[0]), subtitle, StringComparison.Ordinal);
            Assert.Contains($"profile {profile}", subtitle, StringComparison.Ordinal);
            Assert.Contains("whiskers", subtitle, StringComparison.Ordinal);
            foreach (HostInfo host in results.Hosts.Where(h => chart.Legend.Contains(ChartPalette.ShortName(ChartPalette.RuntimeOf(h)))))
            {
                Assert.Contains(ChartContext.Runtime(host), subtitle, StringComparison.Ordinal);
            }
            Assert.Contains(chart.Legend, e => results.Hosts.Any(h => e == ChartPalette.ShortName(ChartPalette.RuntimeOf(h))));
            // The legend: within a third of the image, its entries unique and short, exactly what its box shows.
            SvgRect legend = Assert.NotNull(svg.LegendBox);
            Assert.True(legend.Width <= svg.Width / 3.0, $"{name}: legend {legend.Width:0} px wide in a {svg.Width} px image");
            Assert.Equal(chart.Legend.Count, chart.Legend.Distinct().Count());
            Assert.All(chart.Legend, e => Assert.True(e.Length <= 60, $"{name}: legend entry '{e}' is long"));
            Assert.Equal(string.Join(" ", chart.Legend), string.Join(" ", svg.LegendTexts));
            // The panels: as many as the chart drew, none of more than 8 series, none under the legend, and no
            // marker of one series on top of another's.
            Assert.Equal(chart.Panels.Count, svg.Panels.Count);
            Assert.All(chart.Panels, p => Assert.True(p.Series.Count <= ChartLayout.MaxSeriesPerPanel, $"{name}: panel '{p.Title}' has {p.Series.Count} series"));
            Assert.All(svg.Panels, p =>
            {
                Assert.True(svg.SeriesIn(p).Count <= ChartLayout.MaxSeriesPerPanel, $"{name}: a panel shows {svg.SeriesIn(p).Count} kinds of marker");
                Assert.False(legend.Contains(p.X + 1, p.Y + 1) || legend.Contains(p.Right - 1, p.Y + 1), $"{name}: the legend covers a panel");
                var markers = svg.Markers(p);
                var hidden = markers.SelectMany(a => markers.Where(b => b.Series != a.Series && Math.Abs(a.X - b.X) < 1 && Math.Abs(a.Y - b.Y) < 1).Select(b => $"{a.Series} under {b.Series}")).ToList();
                Assert.True(hidden.Count == 0, $"{name}: {string.Join("; ", hidden.Take(3))}");
            });
        });
    }

    internal static string RepositoryRoot()
    {
        for (DirectoryInfo? folder = new(AppContext.BaseDirectory); folder is not null; folder = folder.Parent)
        {
            if (File.Exists(Path.Combine(folder.FullName, "ConcurrencyBench.sln")))
            {
                return folder.FullName;
            }
        }
        throw new InvalidOperationException("the repository root (ConcurrencyBench.sln) is not above the test's folder");
    }
}
