using System.Globalization;
using System.Text.RegularExpressions;
using ScottPlot;

namespace ConcurrencyBench.Reporting.Tests;

/// <summary>Charts tested by what they show: a known input rendered, and the values that come out checked.</summary>
public partial class ChartValueTests
{
    [GeneratedRegex(@"stroke=""red""[^>]*d=""(?<d>[^""]+)""")]
    private static partial Regex RedPath();

    [GeneratedRegex(@"M(?<x1>[\d.]+) (?<y1>[\d.]+)L(?<x2>[\d.]+) (?<y2>[\d.]+)")]
    private static partial Regex Segment();

    [GeneratedRegex(@"<text transform=""translate\((?<x>[\d.]+) [\d.]+\)""[^>]*>\s*(?<text>[^<]*?)\s*</text>")]
    private static partial Regex SvgText();

    private static double D(string text) => double.Parse(text, CultureInfo.InvariantCulture);

    [Fact]
    public void AWhiskerRunsFromTheIntervalsLowerBoundUpToItsUpperBound()
    {
        // An asymmetric interval on a log axis: median 1 s (log 9), interval [0.5 s, 4 s].
        using var plot = new Plot();
        ChartDrawing.AddErrorBar(plot, [0], [9], [Math.Log10(1e9 / 0.5e9)], [Math.Log10(4e9 / 1e9)], Colors.Red);
        plot.Axes.SetLimits(-1, 1, 8, 10);

        string svg = plot.GetSvgXml(400, 300);
        Pixel lower = plot.GetPixel(new Coordinates(0, Math.Log10(0.5e9)));
        Pixel upper = plot.GetPixel(new Coordinates(0, Math.Log10(4e9)));

        // The vertical stroke of the whisker: from the lower bound's pixel to the upper bound's (SVG y grows downwards).
        var vertical = Segment().Matches(RedPath().Match(svg).Groups["d"].Value)
            .Select(m => (X1: D(m.Groups["x1"].Value), Y1: D(m.Groups["y1"].Value), X2: D(m.Groups["x2"].Value), Y2: D(m.Groups["y2"].Value)))
            .Single(s => Math.Abs(s.X1 - s.X2) < 0.01);
        Assert.Equal(lower.Y, Math.Max(vertical.Y1, vertical.Y2), 1);
        Assert.Equal(upper.Y, Math.Min(vertical.Y1, vertical.Y2), 1);
    }

    [Theory]
    [InlineData(1.5e9, "1.5 s")]
    [InlineData(1.2e6, "1.2 ms")]
    [InlineData(250e3, "250 µs")]
    [InlineData(2e9, "2 s")]
    public void ATimeTickNamesTheValueAtItsPosition(double nanoseconds, string expected)
    {
        // A log axis places the tick at log10(value) and labels 10^position, which is 1.4999999999999998 for 1.5.
        Assert.Equal(expected, Format.TickTime(Math.Pow(10, Math.Log10(nanoseconds))));
    }

    [Theory]
    [InlineData(1500, "1.5 kB")]
    [InlineData(176, "176 B")]
    [InlineData(12_000_000, "12 MB")]
    public void AByteTickNamesTheValueAtItsPosition(double bytes, string expected)
    {
        Assert.Equal(expected, Format.TickBytes(Math.Pow(10, Math.Log10(bytes))));
    }

    [Fact]
    public void ALogAxisOverANarrowRangeLabelsItsTicksWithTheirOwnValues()
    {
        // An axis from 1.25 s to 1.69 s (the comparison chart's ratios can be this close): it holds a 1.5 s tick, which
        // whole-number labels would call "1 s" or "2 s".
        using var plot = new Plot();
        plot.Axes.SetLimitsY(Math.Log10(1.25e9), Math.Log10(1.69e9));

        ChartTicks.LogTicks(plot.Axes.Left, Format.TickTime);
        plot.GetSvgXml(400, 300); // the generator fills its ticks when the plot is laid out

        var labels = plot.Axes.Left.TickGenerator.Ticks.Where(t => t.Label.Length > 0).Select(t => t.Label).ToList();
        Assert.Contains("1.5 s", labels);
        Assert.DoesNotContain("1 s", labels);
        Assert.DoesNotContain("2 s", labels);
    }

    [Fact]
    public void TheLegendStandsOutsideEveryPanelsDataArea()
    {
        // A point in the upper-left corner and one at the lower right, where an inside legend would cover one.
        using var figure = new ChartFigure("t", ["s"]);
        ChartPanel panel = figure.AddPanel("", "x", "y");
        panel.Plot.Add.Marker(0, 10);
        panel.Plot.Add.Marker(10, 0);
        figure.AddLegendMarker("a series", MarkerShape.FilledCircle, Colors.Black);

        var svg = new SvgChart(figure.GetSvgXml());

        SvgRect legend = Assert.NotNull(svg.LegendBox);
        SvgRect data = Assert.Single(svg.Panels);
        Assert.True(legend.X >= data.Right, $"legend box from x = {legend.X} inside the data area (right edge {data.Right})");
        Assert.Equal(["a series"], svg.LegendTexts);
    }

    [Fact]
    public void RunsWithDifferentDelaysAreSeparateSeriesEachNamedByItsDelay()
    {
        using var files = new TestFiles();
        CaseStatistics Case(int n, int d, double ns) => CaseStatistics.Of(StatisticsTests.CaseWith(
            [ns, ns, ns, ns, ns, ns], "AsyncDelays", "TaskDelayWhenAll", $"N={n}&DelayMs={d}"));
        List<CaseStatistics> stats = [Case(1, 20, 20.5e6), Case(100, 20, 20.7e6), Case(1, 100, 100.5e6), Case(100, 100, 101e6)];

        ChartFile chart = Charts.TimeAgainstLoad(new ChartContext(["test"]), stats, files.Root, "t", "t", "wall time")!;

        var labels = SvgText().Matches(File.ReadAllText(chart.SvgPath)).Select(m => m.Groups["text"].Value).ToList();
        Assert.Contains("Task.Delay + WhenAll, d = 20 ms", labels);
        Assert.Contains("Task.Delay + WhenAll, d = 100 ms", labels);
    }

    [Fact]
    public void MemoryPerDelayIsTheSlopeAgainstNNotTheWholeProcessDividedByN()
    {
        // 40 MB of runtime and engine plus 1,000 B per delay; 160 B of harness allocation per operation plus 176 B per delay.
        int[] loads = [1, 100, 10_000];
        var stats = loads.Select(n => CaseStatistics.Of(StatisticsTests.CaseWith([20e6, 20e6, 20e6, 20e6, 20e6, 20e6], "AsyncDelays", "TaskDelayWhenAll", $"N={n}&DelayMs=20") with
        {
            Metrics = new Dictionary<string, double> { ["PeakWorkingSet"] = 40e6 + (1000.0 * n) },
            AllocatedBytesPerOperation = 160 + (176.0 * n),
        })).ToList();

        var costs = MarginalCost.Of(stats);

        Assert.Equal([100, 10_000], costs.Select(c => c.Case.Case.IntParameter("N")!.Value));
        Assert.All(costs, c => Assert.Equal(1000, c.PeakWorkingSetPerJob!.Value, 6));
        Assert.All(costs, c => Assert.Equal(176, c.AllocatedPerJob!.Value, 6));
        // The whole process divided by N would have said 400,000+ B per delay at N = 100.
        Assert.True(stats[1].PeakWorkingSetPerJob > 400_000);
    }
}
