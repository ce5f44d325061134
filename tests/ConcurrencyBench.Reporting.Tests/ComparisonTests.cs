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

    /// <summary>A case whose repeated bursts are <paramref name="warm"/> after a first burst equal to the first of them.</summary>
    private static CaseStatistics Warm(double[] warm) => CaseStatistics.Of(StatisticsTests.CaseWith([warm[0], .. warm]));

    private static Verdict VerdictOf(double[] baseline, double[] current, ComparisonOptions? options = null) =>
        Comparer.CompareCase("case", Warm(baseline), Warm(current), options ?? Options).Verdict;

    [Fact]
    public void IdenticalTightSamplesAreShownTheSame()
    {
        double[] sample = Noisy(1, 100e6, 4e6);

        Assert.Equal(Verdict.Same, VerdictOf(sample, sample));
    }

    [Fact]
    public void TwiceAsSlowIsSlowerAndTwiceAsFastIsFaster()
    {
        double[] baseline = Noisy(1, 100e6, 4e6);
        double[] slow = Noisy(2, 200e6, 8e6);

        Assert.Equal(Verdict.Slower, VerdictOf(baseline, slow));
        Assert.Equal(Verdict.Faster, VerdictOf(slow, baseline));
    }

    [Fact]
    public void SamplesTooSpreadToShowEquivalenceAreUndecidedNotSame()
    {
        // Same centre, but ±30% noise: the ratio's interval is far wider than the ±10% band. "Same" would be a guess.
        CaseComparison c = Comparer.CompareCase("case", Warm(Noisy(3, 100e6, 60e6)), Warm(Noisy(4, 100e6, 60e6)), Options);

        Assert.Equal(Verdict.Undecided, c.Verdict);
        Assert.True(c.RatioLower < 1 / 1.1 || c.RatioUpper > 1.1);
        Assert.False(c.Catches(0.25));
    }

    [Theory]
    [InlineData(1.00, 0.95, 1.05, Verdict.Same)]      // the whole interval inside the band
    [InlineData(1.05, 1.01, 1.09, Verdict.Same)]      // significant, but shown within the threshold
    [InlineData(1.00, 0.80, 1.30, Verdict.Undecided)] // wider than the band: cannot tell
    [InlineData(1.12, 0.98, 1.30, Verdict.Undecided)] // beyond the threshold, but 1 is inside the interval
    [InlineData(1.30, 1.20, 1.40, Verdict.Slower)]    // the whole interval beyond the threshold
    [InlineData(1.12, 1.02, 1.25, Verdict.Undecided)] // significant, but not shown beyond the threshold (an A/A pair of processes can do this)
    [InlineData(1.17, 1.11, 1.25, Verdict.Slower)]
    [InlineData(0.70, 0.65, 0.75, Verdict.Faster)]
    [InlineData(0.88, 0.80, 0.95, Verdict.Undecided)] // faster, but not shown beyond the threshold
    public void TheVerdictSplitsIntoFourByTheIntervalAndTheBand(double ratio, double lower, double upper, Verdict expected)
    {
        Assert.Equal(expected, Comparer.Decide(ratio, lower, upper, band: 0.10));
    }

    [Fact]
    public void ADifferenceBelowTheNoiseFloorIsTheSameAndTheFloorIsStated()
    {
        // 20 µs against 40 µs is 2x, but far below a 1 ms floor: the band widens to ±5,000%.
        CaseComparison floored = Comparer.CompareCase("case", Warm(Noisy(5, 20e3, 1e3)), Warm(Noisy(6, 40e3, 1e3)), Options);

        Assert.Equal(Verdict.Same, floored.Verdict);
        Assert.Contains("noise floor", floored.Note, StringComparison.Ordinal);
        Assert.False(floored.Catches(0.25));
        Assert.Equal(Verdict.Slower, VerdictOf(Noisy(5, 20e3, 1e3), Noisy(6, 40e3, 1e3), Options with { NoiseNs = 0 }));
    }

    [Fact]
    public void TooFewSamplesCannotDecide()
    {
        // Three against three: the exact Mann–Whitney distribution has P(U = 0) = 1/20 > 2.5%, so no 95% interval exists.
        CaseComparison c = Comparer.CompareCase("case", Warm([100e6, 101e6, 99e6]), Warm([200e6, 201e6, 199e6]), Options);

        Assert.Equal(Verdict.Undecided, c.Verdict);
        Assert.True(double.IsNaN(c.RatioLower));
        Assert.True(double.IsPositiveInfinity(c.MinimumDetectableSlowdown));
    }

    [Fact]
    public void TheRatioIntervalIsTheKthPairwiseRatioFromTheExactMannWhitneyDistribution()
    {
        // 5 against 5: P(U ≤ 2) = 4/252 ≤ 2.5% < P(U ≤ 3) = 7/252, so k = 3. The pairwise ratios of {1, 2, 4, 8, 16} with
        // itself are 2^d, d = -4 (once), -3 (twice), ...: the 3rd smallest is 2^-3 and the 3rd largest 2^3.
        double[] powers = [1, 2, 4, 8, 16];

        (double lower, double upper) = Comparer.RatioInterval(powers, powers, Comparer.Alpha);

        Assert.Equal(0.125, lower, 12);
        Assert.Equal(8, upper, 12);
        // The same k gives the smallest detectable slowdown, the band times the interval's own reach: 1.1 · 8 for so
        // wide a sample ...
        Assert.Equal(8.8, Comparer.MinimumDetectableSlowdown(powers, 0.1, Comparer.Alpha), 12);
        // ... and barely above the threshold for a tight one (8 against 8: k = 14; the 14th smallest pairwise log
        // difference of 100, 100.1, ..., 100.7 is log(100.3/100.6), the 4th of the five 0.3 steps after 1 + 2 + 3 + 4).
        Assert.Equal(1.1 * 100.6 / 100.3, Comparer.MinimumDetectableSlowdown([100, 100.1, 100.2, 100.3, 100.4, 100.5, 100.6, 100.7], 0.1, Comparer.Alpha), 9);
    }

    [Fact]
    public void ACaseWithATrendAndNoColdBurstsIsUndecidedAndNotGated()
    {
        double[] decaying = [.. Enumerable.Range(0, 10).Select(i => 1e9 / (i + 1))];
        CaseStatistics trend = CaseStatistics.Of(StatisticsTests.CaseWith(decaying));

        CaseComparison c = Comparer.CompareCase("case", trend, trend, Options);

        Assert.Equal(SampleKind.None, c.Samples);
        Assert.Equal(Verdict.Undecided, c.Verdict);
        Assert.Contains("trend", c.Note, StringComparison.Ordinal);
        Assert.False(c.Catches(0.25));
    }

    [Fact]
    public void ACaseWithColdBurstsIsJudgedOnThemNotOnItsRepeatedBursts()
    {
        double[] decaying = [.. Enumerable.Range(0, 10).Select(i => 1e9 / (i + 1))];
        CaseResult repeated = StatisticsTests.CaseWith(decaying);
        CaseResult cold = repeated with { Job = "Cold", IterationNanoseconds = [1.01e9, 0.99e9, 1.02e9, 0.98e9, 1.0e9, 1.01e9, 0.995e9] };
        CaseResult slowerCold = cold with { IterationNanoseconds = [.. cold.IterationNanoseconds.Select(v => v * 1.25)] };
        CaseResult slowerRepeated = repeated with { IterationNanoseconds = [1.25e9, .. decaying.Skip(1)] };

        CaseComparison same = Comparer.CompareCase("case", CaseStatistics.Of(repeated, cold), CaseStatistics.Of(repeated, cold), Options);
        CaseComparison slower = Comparer.CompareCase("case", CaseStatistics.Of(repeated, cold), CaseStatistics.Of(slowerRepeated, slowerCold), Options);

        Assert.Equal(SampleKind.Cold, same.Samples);
        Assert.Equal(Verdict.Same, same.Verdict);
        Assert.True(same.Catches(0.25));
        Assert.Equal(Verdict.Slower, slower.Verdict);
        Assert.Equal(1.25, slower.Ratio, 2);
    }

    [Fact]
    public void ComparingARunWithItselfFindsNoRegression()
    {
        ResultSet run = ResultsReader.Read([TestFiles.FixtureRun]);

        ComparisonReport report = Comparer.Compare(run, run, Options);

        Assert.Equal(5, report.Cases.Count);
        // The two cases with a trend (default pool, probe behind 100 blocking calls) and no cold bursts in this fixture
        // cannot be judged at all; the rest are the same or, where their spread is wider than the band, undecided.
        Assert.Equal(["DefaultThreadPool(N: 100, DelayMs: 20)", "ProbeBehindBlockingCalls(N: 100, DelayMs: 20)"],
            report.Cases.Where(c => c.Samples == SampleKind.None).Select(c => c.Current.Case.ShortName).Order());
        Assert.Contains(report.Cases, c => c.Verdict == Verdict.Same);
        Assert.All(report.Cases.Where(c => c.Samples != SampleKind.None), c => Assert.Equal(1.0, c.Ratio, 9));
        Assert.DoesNotContain(report.Cases, c => c.Verdict is Verdict.Slower or Verdict.Faster);
        Assert.False(report.HasRegression);
        Assert.Contains("would catch +25%: ", report.Summary, StringComparison.Ordinal);
        Assert.Contains("would not: ", report.Summary, StringComparison.Ordinal);
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
        Assert.Contains(report.Cases, c => c.Verdict == Verdict.Slower && c.Name.Contains("ProbeBehindBlockingCalls(N: 10,", StringComparison.Ordinal));
        Assert.All(report.Cases.Where(c => c.Samples != SampleKind.None), c => Assert.Equal(2.0, c.Ratio, 6));
        string markdown = Comparer.ToMarkdown(report);
        Assert.Contains("| Slower |", markdown, StringComparison.Ordinal);
        Assert.Contains("Only in the baseline:", markdown, StringComparison.Ordinal);
        // The interval says what it covers: the two runs' own bursts, not the spread between further runs.
        Assert.Contains("| Case | Samples | Verdict | Ratio | 95% interval within the two runs compared | Detects |", markdown, StringComparison.Ordinal);
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
        // Every case that has a median (the two with a trend and no cold bursts have none to chart).
        Assert.Equal(3, json.RootElement.GetArrayLength());
        foreach (JsonElement entry in json.RootElement.EnumerateArray())
        {
            Assert.Equal(["name", "unit", "value", "range", "extra"], entry.EnumerateObject().Select(p => p.Name));
            Assert.Equal("ms", entry.GetProperty("unit").GetString());
            Assert.True(entry.GetProperty("value").GetDouble() > 0);
        }
        JsonElement probe = json.RootElement.EnumerateArray().Single(e => e.GetProperty("name").GetString()!.Contains("ProbeBehindBlockingCalls(N: 10,", StringComparison.Ordinal));
        double median = CaseStatistics.Of(run.Cases.Single(c => c.ShortName == "ProbeBehindBlockingCalls(N: 10, DelayMs: 20)")).MedianNs / 1e6;
        Assert.Equal(Math.Round(median, 4), probe.GetProperty("value").GetDouble());
    }
}
