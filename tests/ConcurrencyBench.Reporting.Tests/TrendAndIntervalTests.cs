namespace ConcurrencyBench.Reporting.Tests;

public class TrendAndIntervalTests
{
    private static double Factorial(int n) => n <= 1 ? 1 : n * Factorial(n - 1);

    [Fact]
    public void AStrictlyDecayingSeriesHasATrendWithItsExactPValue()
    {
        double[] decaying = [.. Enumerable.Range(0, 10).Select(i => 16e9 * Math.Pow(0.8, i))];

        TrendTest trend = TrendTest.Of(decaying);

        // S = -45, the most extreme of 10! permutations: one permutation gives -45, one +45.
        Assert.Equal(-45, trend.S);
        Assert.Equal(2 / Factorial(10), trend.PValue, 15);
        Assert.True(trend.HasTrend);
        Assert.Equal("getting faster", trend.Description);
    }

    [Fact]
    public void ShuffledSeriesAreFlaggedAtAboutTheStatedRate()
    {
        // Calibration: exchangeable series (shuffles of one decaying series) are flagged with probability about α.
        double[] values = [.. Enumerable.Range(0, 10).Select(i => 16e9 * Math.Pow(0.8, i))];
        var random = new Random(7);
        int flagged = 0;
        const int trials = 4000;
        for (int t = 0; t < trials; t++)
        {
            double[] shuffled = [.. values];
            random.Shuffle(shuffled);
            flagged += TrendTest.Of(shuffled).HasTrend ? 1 : 0;
        }

        // The exact test at α = 0.01 has a true size just under 0.01 for n = 10; 4,000 trials put a 3σ band around it.
        Assert.InRange(flagged / (double)trials, 0.004, 0.016);
    }

    [Fact]
    public void TooShortOrConstantSeriesShowNoTrend()
    {
        Assert.False(TrendTest.Of([3, 2, 1, 0.5]).HasTrend); // 4 values: the smallest p is 1/12
        Assert.Equal(1, TrendTest.Of([3, 2, 1, 0.5]).PValue);
        Assert.Equal(1, TrendTest.Of([5, 5, 5, 5, 5, 5]).PValue);
    }

    [Fact]
    public void ALongOrTiedSeriesUsesTheNormalApproximation()
    {
        double[] rising = [.. Enumerable.Range(0, 80).Select(i => (double)(i / 2))]; // 80 values, ties in pairs

        TrendTest trend = TrendTest.Of(rising);

        Assert.True(trend.S > 0);
        Assert.True(trend.HasTrend);
        Assert.Equal("getting slower", trend.Description);
    }

    [Theory]
    [InlineData(3, 1, 0.75)]          // [min, max] of 3: 1 - 2/8
    [InlineData(5, 1, 0.9375)]        // [min, max] of 5: 1 - 2/32, still short of 95%
    [InlineData(6, 1, 0.96875)]       // [min, max] of 6: the first n to reach 95%
    [InlineData(10, 2, 0.978515625)]  // [x(2), x(9)] of 10: 1 - 2·11/1024
    [InlineData(9, 2, 0.9609375)]     // [x(2), x(8)] of 9: 1 - 2·10/512
    public void TheMedianIntervalIsTheNarrowestPairOfOrderStatisticsThatReaches95Percent(int n, int expectedRank, double expectedLevel)
    {
        double[] values = [.. Enumerable.Range(1, n).Select(i => i * 10.0).Reverse()];

        MedianInterval interval = MedianInterval.Of(values);

        Assert.Equal(expectedRank * 10.0, interval.Lower);
        Assert.Equal((n + 1 - expectedRank) * 10.0, interval.Upper);
        Assert.Equal(expectedLevel, interval.Level, 6); // Perfolizer's binomial CDF is exact to about 1e-9
        Assert.Equal(expectedLevel >= 0.95, interval.ReachesTarget);
    }

    [Fact]
    public void AnIntervalIsNeverClampedUnderAFalseLabel()
    {
        // The seed's 3 iterations: [min, max] is a 75% interval, and says so.
        Assert.Equal("[21.0 s, 97.0 s] (75.0%)", Format.Interval(MedianInterval.Of([97e9, 46e9, 21e9])));
        Assert.Equal("n/a", Format.Interval(MedianInterval.Of([97e9])));
    }
}
