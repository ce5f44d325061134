using System.Text.Json;

namespace ConcurrencyBench.Reporting.Tests;

public class ComparisonTests
{
    private static readonly ComparisonOptions Options = new("10%", 1e6, false);

    private static double[] Noisy(int seed, double center, double spread, int count = 10)
    {
        var random = new Random(seed);
        return [.. Enumerable.Range(0, count).Select(_ => center + ((random.NextDouble() - 0.5) * spread))];
    }

    [Fact]
    public void IdenticalSamplesAreTheSame()
    {
        double[] sample = Noisy(1, 100e6, 4e6);

        Assert.Equal(Verdict.Same, Comparer.Decide(sample, sample, Options));
    }

    [Fact]
    public void TwiceAsSlowIsSlowerAndTwiceAsFastIsFaster()
    {
        double[] baseline = Noisy(1, 100e6, 4e6);
        double[] slow = Noisy(2, 200e6, 8e6);

        Assert.Equal(Verdict.Slower, Comparer.Decide(baseline, slow, Options));
        Assert.Equal(Verdict.Faster, Comparer.Decide(slow, baseline, Options));
    }

    [Fact]
    public void NoisyButEqualSamplesAreTheSame()
    {
        // Wide noise (±15%) around the same centre: no shift beyond the 10% threshold can be shown.
        Assert.Equal(Verdict.Same, Comparer.Decide(Noisy(3, 100e6, 30e6), Noisy(4, 100e6, 30e6), Options));
    }

    [Fact]
    public void ADifferenceBelowTheNoiseFloorIsTheSame()
    {
        // 20 µs against 40 µs is 2x, but far below a 1 ms floor.
        Assert.Equal(Verdict.Same, Comparer.Decide(Noisy(5, 20e3, 1e3), Noisy(6, 40e3, 1e3), Options));
        Assert.Equal(Verdict.Slower, Comparer.Decide(Noisy(5, 20e3, 1e3), Noisy(6, 40e3, 1e3), Options with { NoiseNs = 0 }));
    }

    [Fact]
    public void TooFewIterationsCannotDecide()
    {
        Assert.Equal(Verdict.Unknown, Comparer.Decide([100e6, 101e6, 99e6], [200e6, 201e6, 199e6], Options));
    }

    [Fact]
    public void ComparingARunWithItselfFindsNoRegression()
    {
        ResultSet run = ResultsReader.Read([TestFiles.FixtureRun]);

        ComparisonReport report = Comparer.Compare(run, run, Options);

        Assert.Equal(5, report.Cases.Count);
        Assert.All(report.Cases, c => Assert.Equal(Verdict.Same, c.Verdict));
        Assert.All(report.Cases, c => Assert.Equal(1.0, c.Ratio, 9));
        Assert.False(report.HasRegression);
        Assert.Empty(report.OnlyInBaseline);
        Assert.Empty(report.OnlyInCurrent);
    }

    [Fact]
    public void ASlowedRunIsARegressionListedSlowestFirstWithCasesOnOneSideListed()
    {
        using var files = new TestFiles();
        ResultSet baseline = ResultsReader.Read([TestFiles.DefaultPoolJson, TestFiles.StarvationJson]);
        ResultSet current = ResultsReader.Read([files.Scaled(TestFiles.StarvationJson, "slow-report-full.json", 2.0)]);

        ComparisonReport report = Comparer.Compare(baseline, current, Options);

        Assert.True(report.HasRegression);
        Assert.Equal(4, report.Cases.Count);
        Assert.Equal(["ConcurrencyBench.Benchmarks.DefaultPoolOffload.DefaultThreadPool(N: 100, DelayMs: 20)"], report.OnlyInBaseline);
        Assert.Contains(report.Cases, c => c.Verdict == Verdict.Slower && c.Name.Contains("ProbeBehindBlockingCalls(N: 100", StringComparison.Ordinal));
        Assert.All(report.Cases, c => Assert.Equal(2.0, c.Ratio, 6));
        string markdown = Comparer.ToMarkdown(report);
        Assert.Contains("| Slower |", markdown, StringComparison.Ordinal);
        Assert.Contains("Only in the baseline:", markdown, StringComparison.Ordinal);
    }

    [Fact]
    public void RunsFromDifferentHostsAreRefusedUnlessAllowed()
    {
        using var files = new TestFiles();
        ResultSet baseline = ResultsReader.Read([TestFiles.DefaultPoolJson]);
        ResultSet other = ResultsReader.Read([files.Scaled(TestFiles.DefaultPoolJson, "other-report-full.json", 1.0, processor: "Other CPU")]);

        var error = Assert.Throws<ResultsFormatException>(() => Comparer.Compare(baseline, other, Options));
        ComparisonReport allowed = Comparer.Compare(baseline, other, Options with { AllowDifferentHosts = true });

        Assert.Contains("--allow-different-hosts", error.Message, StringComparison.Ordinal);
        Assert.NotNull(allowed.HostWarning);
        Assert.Contains("Different hosts", Comparer.ToMarkdown(allowed), StringComparison.Ordinal);
    }

    [Fact]
    public void TheGitHubActionBenchmarkJsonIsCustomSmallerIsBetter()
    {
        ResultSet run = ResultsReader.Read([TestFiles.FixtureRun]);
        ComparisonReport report = Comparer.Compare(run, run, Options);

        using JsonDocument json = JsonDocument.Parse(Comparer.ToGitHubActionBenchmarkJson(report));

        Assert.Equal(JsonValueKind.Array, json.RootElement.ValueKind);
        Assert.Equal(5, json.RootElement.GetArrayLength());
        foreach (JsonElement entry in json.RootElement.EnumerateArray())
        {
            Assert.Equal(["name", "unit", "value", "range", "extra"], entry.EnumerateObject().Select(p => p.Name));
            Assert.Equal("ms", entry.GetProperty("unit").GetString());
            Assert.True(entry.GetProperty("value").GetDouble() > 0);
        }
        JsonElement pool = json.RootElement.EnumerateArray().Single(e => e.GetProperty("name").GetString()!.Contains("DefaultThreadPool", StringComparison.Ordinal));
        double median = CaseStatistics.Of(run.Cases.Single(c => c.Method == "DefaultThreadPool")).MedianNs / 1e6;
        Assert.Equal(Math.Round(median, 4), pool.GetProperty("value").GetDouble());
    }
}
