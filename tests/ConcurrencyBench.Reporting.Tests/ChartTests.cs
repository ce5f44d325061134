using System.Buffers.Binary;

namespace ConcurrencyBench.Reporting.Tests;

public class ChartTests
{
    private static (int Width, int Height) PngSize(string path)
    {
        byte[] header = new byte[24];
        using (FileStream file = File.OpenRead(path))
        {
            file.ReadExactly(header);
        }
        Assert.Equal([0x89, (byte)'P', (byte)'N', (byte)'G'], header[..4]);
        return (BinaryPrimitives.ReadInt32BigEndian(header.AsSpan(16)), BinaryPrimitives.ReadInt32BigEndian(header.AsSpan(20)));
    }

    [Fact]
    public void ATimeChartIsAPngOfTheRequestedSizeAndAnSvgWithItsAxisTitlesAndLegend()
    {
        using var files = new TestFiles();
        ResultSet set = ResultsReader.Read([TestFiles.FixtureRun]);
        var stats = CaseStatistics.All(set);

        ChartFile? chart = Charts.TimeAgainstLoad(new ChartContext(["test"]), stats.Where(s => s.Model.Group == "Starvation"), files.Root, "Blocking-starvation", "Probe", "probe's wait from queued to running");

        Assert.NotNull(chart);
        Assert.Equal((ChartFigure.DefaultWidth, ChartFigure.DefaultHeight), PngSize(chart.PngPath));
        string svg = File.ReadAllText(chart.SvgPath);
        Assert.Contains("<svg", svg, StringComparison.Ordinal);
        Assert.Contains("concurrent jobs N (log scale)", svg, StringComparison.Ordinal);
        Assert.Contains("probe's wait from queued to running", svg.Replace("&apos;", "'", StringComparison.Ordinal), StringComparison.Ordinal);
        Assert.Contains("probe behind async waits", svg, StringComparison.Ordinal);
        Assert.Contains("probe behind blocking calls", svg, StringComparison.Ordinal);
        Assert.Contains(ChartFonts.Family, svg, StringComparison.Ordinal);
    }

    [Fact]
    public void WriteAllDrawsOnlyTheChartsTheResultsAllow()
    {
        using var files = new TestFiles();
        ResultSet set = ResultsReader.Read([TestFiles.FixtureRun]);
        var stats = CaseStatistics.All(set);

        var charts = FamilyCharts.Draw(stats, set, files.Root).All;

        // The fixture has the default pool (no k) and the starvation probe: a timeline, the starvation chart, the
        // repeated-burst curves of the two families (each has a case with a trend), and no async, memory, k-sweep or
        // seed chart.
        Assert.Equal(["Offload-bursts", "Offload-timeline", "Blocking-starvation", "Blocking-bursts"], charts.Select(c => c.Name));
        Assert.All(charts, c => Assert.True(new FileInfo(c.PngPath).Length > 1000 && new FileInfo(c.SvgPath).Length > 1000));
        Assert.Contains("queued pool work items", File.ReadAllText(charts[1].SvgPath), StringComparison.Ordinal);
    }

    [Fact]
    public void TheTimelinesTimeAxisSaysWhereItsClockStarts()
    {
        using var files = new TestFiles();
        ResultSet set = ResultsReader.Read([TestFiles.FixtureRun]);

        ChartFile chart = Assert.Single(TimelineCharts.Timelines(set, files.Root));

        // The sampler starts in the case's setup, not when the benchmark process starts.
        string svg = File.ReadAllText(chart.SvgPath).Replace("&apos;", "'", StringComparison.Ordinal);
        Assert.Contains("time since the case's setup started sampling (s)", svg, StringComparison.Ordinal);
        Assert.DoesNotContain("benchmark process started", svg, StringComparison.Ordinal);
    }
}
