namespace ConcurrencyBench.Reporting.Tests;

public class PublishedFiguresTests
{
    [Fact]
    public void ThePublishedFiguresShipWithTheirSourcesAndTheKindOfRuntimeEachMeasured()
    {
        Assert.Equal(12, PublishedFigures.All.Count);
        Assert.All(PublishedFigures.All, s => Assert.False(string.IsNullOrWhiteSpace(s.Source) || string.IsNullOrWhiteSpace(s.Machine)));
        Assert.All(PublishedFigures.All, s => Assert.True(Enum.TryParse<RuntimeKind>(s.Kind, out _), $"{s.Runtime}: unknown kind {s.Kind}"));
        Assert.All(PublishedFigures.All, s => Assert.NotNull(ModelCatalog.Declared(s.Matches.Split('.')[0], s.Matches.Split('.')[1])));
        Assert.Equal(218, PublishedFigures.All.Single(s => s.Runtime == ".NET 9").PeakMemoryMB["1000000"]);
        Assert.Equal(10.5, PublishedFigures.All.Single(s => s.Runtime == ".NET 9").WallSecondsAt1M);
    }

    // A cold-burst case of async delays on a runtime, with the given peak memory in each of its bursts.
    private static CaseStatistics Delays(int n, string runtime, double peakBytes, string method = "TaskDelayWhenAll")
    {
        CaseResult template = Assert.Single(ResultsReader.ReadFile(TestFiles.DefaultPoolJson));
        CaseResult repeated = template with
        {
            Type = "AsyncDelays",
            Method = method,
            FullName = $"ConcurrencyBench.Benchmarks.AsyncDelays.{method}(N: {n}, DelayMs: 100)",
            Parameters = ResultsReader.ParseParameters($"N={n}&DelayMs=100"),
            Host = template.Host with { Runtime = runtime },
            IterationNanoseconds = [1.2e8, 1.1e8, 1.1e8],
            IterationResources = [.. Enumerable.Range(0, 3).Select(_ => (BurstResources?)new BurstResources(10, 12, 2, 2, 40_000_000, (long)peakBytes, true, null, null, null))],
        };
        CaseResult cold = repeated with { Job = "Cold", IterationNanoseconds = [1.2e8, 1.3e8], IterationResources = [.. repeated.IterationResources.Take(2)] };
        return CaseStatistics.Of(repeated, cold);
    }

    [Fact]
    public void OurFigureStandsInTheRowOfThePublishedFigureForTheSameRuntimeAndWorkload()
    {
        CaseStatistics net = Delays(10_000, ".NET 10.0.12 (10.0.12)", 49_400_000);
        CaseStatistics python = Delays(10_000, "Python 3.11.7 (CPython 3.11.7)", 31_000_000);

        string table = PublishedFigures.BesideOurs([net, python]);

        string[] rows = table.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Contains("N = 10,000: theirs · ours", rows[0], StringComparison.Ordinal);
        Assert.DoesNotContain("N = 1,000,000", rows[0], StringComparison.Ordinal);
        // Ours beside theirs for the same runtime kind and workload: .NET's beside .NET 9's Task.Delay, Python's beside Python's.
        Assert.Contains("| 28.0 · 49.4 |", Assert.Single(rows, r => r.StartsWith("| .NET 9 ·", StringComparison.Ordinal)), StringComparison.Ordinal);
        Assert.Contains("| 33.0 · 31.0 |", Assert.Single(rows, r => r.StartsWith("| Python 3.13 ·", StringComparison.Ordinal)), StringComparison.Ordinal);
        Assert.Contains("| 40.0 · 31.0 |", Assert.Single(rows, r => r.StartsWith("| Python 3.10 ·", StringComparison.Ordinal)), StringComparison.Ordinal);
        // No .NET figure beside NativeAOT's, Go's or the Task.Run workload: we measured none of those here.
        Assert.Contains("| 7.60 · – |", Assert.Single(rows, r => r.StartsWith("| .NET 9 NativeAOT |", StringComparison.Ordinal)), StringComparison.Ordinal);
        Assert.Contains("| 131 · – |", Assert.Single(rows, r => r.StartsWith("| .NET 6 |", StringComparison.Ordinal)), StringComparison.Ordinal);
        Assert.Equal("", PublishedFigures.BesideOurs([]));
    }

    [Fact]
    public void TheTimeBeyondOneSleepIsSetBesideTheirsAtAMillion()
    {
        CaseStatistics net = Delays(1_000_000, ".NET 10.0.12 (10.0.12)", 240_000_000);

        string row = Assert.Single(PublishedFigures.BesideOurs([net]).Split('\n'), r => r.StartsWith("| .NET 9 ·", StringComparison.Ordinal));

        // Theirs: 10.5 s for sleeps of 10 s; ours: the cold median (120 ms, 130 ms, 120 ms: Harrell–Davis 122 ms) less d = 100 ms.
        Assert.Contains($"| 500 ms · {Format.Time(net.MedianNs - 100e6)} |", row, StringComparison.Ordinal);
    }

    [Fact]
    public void SideBySideEveryHostsFigureStandsBesideThePublishedOneNamedByItsHost()
    {
        CaseStatistics net10 = Delays(10_000, ".NET 10.0.12 (10.0.12)", 49_400_000);
        CaseStatistics net8 = Delays(10_000, ".NET 8.0.31 (8.0.31)", 38_100_000);

        string table = PublishedFigures.BesideOurs([net8, net10]);

        string row = Assert.Single(table.Split('\n'), r => r.StartsWith("| .NET 9 ·", StringComparison.Ordinal));
        Assert.True(row.Contains($"{net8.Case.Host.Label}: 38.1", StringComparison.Ordinal), row);
        Assert.Contains($"{net10.Case.Host.Label}: 49.4", row, StringComparison.Ordinal);
    }
}
