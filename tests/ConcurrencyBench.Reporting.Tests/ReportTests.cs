using System.Text.RegularExpressions;

namespace ConcurrencyBench.Reporting.Tests;

public partial class ReportTests
{
    [GeneratedRegex(@"^- `(?<name>[^`]+)`", RegexOptions.Multiline)]
    private static partial Regex CaseLine();

    [Fact]
    public void TheReportListsEveryCaseOfItsInputAndNoOther()
    {
        using var files = new TestFiles();
        ResultSet set = ResultsReader.Read([TestFiles.FixtureRun]);

        ReportOutput output = ReportWriter.Write(set, files.Root, [TestFiles.FixtureRun]);

        string report = File.ReadAllText(output.ReportPath);
        string listed = report[report.IndexOf("## Every case read", StringComparison.Ordinal)..];
        var names = CaseLine().Matches(listed).Select(m => m.Groups["name"].Value).ToList();
        Assert.Equal(set.Cases.Select(c => c.FullName).Order(StringComparer.Ordinal), names);
    }

    [Fact]
    public void TheReportStatesTheMachineFindingsTablesAndCharts()
    {
        using var files = new TestFiles();
        ResultSet set = ResultsReader.Read([TestFiles.FixtureRun]);

        ReportOutput output = ReportWriter.Write(set, files.Root, [TestFiles.FixtureRun]);

        string report = File.ReadAllText(output.ReportPath);
        Assert.Contains("| Processor | Intel Xeon Processor, 2 logical cores, X64 |", report, StringComparison.Ordinal);
        Assert.Contains("| BenchmarkDotNet | 0.15.8", report, StringComparison.Ordinal);
        Assert.Contains("![", report, StringComparison.Ordinal);
        Assert.All(output.Charts, c => Assert.Contains($"({Path.GetFileName(c.PngPath)})", report, StringComparison.Ordinal));
        // The starvation finding, computed from the fixture: medians of the N = 10 probes (at N = 100 the probe's
        // repeated bursts have a trend and the fixture has no cold bursts, so there is no median to quote).
        string finding = Assert.Single(output.Findings, f => f.StartsWith("A short work item queued behind 10 blocking calls", StringComparison.Ordinal));
        Assert.Contains(finding, report, StringComparison.Ordinal);
        Assert.Contains("| default thread pool | 100 | 20 ms |", report, StringComparison.Ordinal);
        Assert.Equal(6, File.ReadAllLines(output.StatisticsPath).Length); // header + 5 cases
    }

    [Fact]
    public void AnEmptySetOfCasesIsBadInput()
    {
        using var files = new TestFiles();
        var empty = new ResultSet([], new Dictionary<(BurstKind, string), Models.ThreadPoolTimeline>(), null);

        Assert.Throws<ResultsFormatException>(() => ReportWriter.Write(empty, files.PathOf("out"), ["nothing"]));
        Assert.False(Directory.Exists(files.PathOf("out")));
    }
}
