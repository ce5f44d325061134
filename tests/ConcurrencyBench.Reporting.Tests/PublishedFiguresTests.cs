namespace ConcurrencyBench.Reporting.Tests;

public class PublishedFiguresTests
{
    [Fact]
    public void ThePublishedFiguresShipWithTheirSources()
    {
        Assert.Equal(5, PublishedFigures.All.Count);
        Assert.All(PublishedFigures.All, s => Assert.False(string.IsNullOrWhiteSpace(s.Source) || string.IsNullOrWhiteSpace(s.Machine)));
        Assert.Equal(218, PublishedFigures.All.Single(s => s.Runtime == ".NET 9").PeakMemoryMB["1000000"]);
    }

    [Fact]
    public void OurFigureStandsBesideTheMatchingWorkloadOnly()
    {
        CaseResult template = Assert.Single(ResultsReader.ReadFile(TestFiles.DefaultPoolJson));
        CaseResult delays = template with
        {
            Type = "AsyncDelays",
            Method = "TaskDelayWhenAll",
            FullName = "ConcurrencyBench.Benchmarks.AsyncDelays.TaskDelayWhenAll(N: 10000, DelayMs: 100)",
            Parameters = ResultsReader.ParseParameters("N=10000&DelayMs=100"),
            Metrics = new Dictionary<string, double> { ["PeakWorkingSet"] = 49_400_000 },
        };

        string table = PublishedFigures.BesideOurs([CaseStatistics.Of(delays)]);

        string[] rows = table.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Contains("N = 10,000", rows[0], StringComparison.Ordinal);
        Assert.DoesNotContain("N = 1,000,000", rows[0], StringComparison.Ordinal);
        Assert.Contains("28.0 MB (ours: 49.4 MB)", Assert.Single(rows, r => r.Contains(".NET 9: Task.Delay", StringComparison.Ordinal)), StringComparison.Ordinal);
        Assert.DoesNotContain("ours", Assert.Single(rows, r => r.Contains("Python 3.13", StringComparison.Ordinal)), StringComparison.Ordinal);
        Assert.Equal("", PublishedFigures.BesideOurs([]));
    }

    [Fact]
    public void SideBySideEveryHostsFigureStandsBesideThePublishedOneNamedByItsHost()
    {
        CaseResult template = Assert.Single(ResultsReader.ReadFile(TestFiles.DefaultPoolJson));
        CaseResult net10 = template with
        {
            Type = "AsyncDelays",
            Method = "TaskDelayWhenAll",
            FullName = "ConcurrencyBench.Benchmarks.AsyncDelays.TaskDelayWhenAll(N: 10000, DelayMs: 100)",
            Parameters = ResultsReader.ParseParameters("N=10000&DelayMs=100"),
            Metrics = new Dictionary<string, double> { ["PeakWorkingSet"] = 49_400_000 },
        };
        CaseResult net8 = net10 with
        {
            Host = net10.Host with { Runtime = ".NET 8.0.31 (8.0.31)" },
            Metrics = new Dictionary<string, double> { ["PeakWorkingSet"] = 38_100_000 },
        };

        string table = PublishedFigures.BesideOurs([CaseStatistics.Of(net8), CaseStatistics.Of(net10)]);

        string row = Assert.Single(table.Split('\n'), r => r.Contains(".NET 9: Task.Delay", StringComparison.Ordinal));
        Assert.Contains($"{net8.Host.Label}: 38.1 MB", row, StringComparison.Ordinal);
        Assert.Contains($"{net10.Host.Label}: 49.4 MB", row, StringComparison.Ordinal);
    }
}
