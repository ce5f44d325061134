namespace ConcurrencyBench.Reporting.Tests;

public class StatisticsTests
{
    /// <summary>
    /// The Harrell–Davis median computed independently of Perfolizer: a weighted sum of the order statistics, the
    /// weights being the Beta((n+1)/2, (n+1)/2) probability of each interval [(i-1)/n, i/n], integrated numerically.
    /// </summary>
    private static double HarrellDavisMedian(double[] values)
    {
        double[] sorted = [.. values.Order()];
        int n = sorted.Length;
        double a = (n + 1) / 2.0;
        double Density(double x) => Math.Pow(x, a - 1) * Math.Pow(1 - x, a - 1);
        double Integrate(double from, double to)
        {
            const int steps = 20_000; // Simpson's rule
            double h = (to - from) / steps, sum = Density(from) + Density(to);
            for (int i = 1; i < steps; i++)
            {
                sum += Density(from + (i * h)) * (i % 2 == 0 ? 2 : 4);
            }
            return sum * h / 3;
        }
        double total = Integrate(0, 1);
        double median = 0;
        for (int i = 0; i < n; i++)
        {
            median += sorted[i] * Integrate((double)i / n, (double)(i + 1) / n) / total;
        }
        return median;
    }

    private static CaseResult CaseWith(double[] nanoseconds, string type = "DefaultPoolOffload", string method = "DefaultThreadPool", string parameters = "N=100&DelayMs=20")
    {
        CaseResult template = Assert.Single(ResultsReader.ReadFile(TestFiles.DefaultPoolJson));
        return template with
        {
            Type = type,
            Method = method,
            Parameters = ResultsReader.ParseParameters(parameters),
            IterationNanoseconds = nanoseconds,
        };
    }

    [Fact]
    public void TheMedianIsTheHarrellDavisEstimateComputedIndependently()
    {
        double[] sample = [12, 15, 11, 30, 14, 13, 16, 12.5, 90, 14.5];

        CaseStatistics stats = CaseStatistics.Of(CaseWith(sample));

        Assert.Equal(HarrellDavisMedian(sample), stats.MedianNs, 6);
        Assert.Equal(11, stats.MinNs);
        Assert.Equal(90, stats.MaxNs);
        Assert.Equal(12, stats.FirstNs);
        Assert.Equal(10, stats.Iterations);
    }

    [Fact]
    public void TheConfidenceIntervalOfTheMedianContainsItAndNarrowsWithMoreIterations()
    {
        var random = new Random(42);
        double[] small = [.. Enumerable.Range(0, 10).Select(_ => 100 + (random.NextDouble() * 10))];
        double[] large = [.. Enumerable.Range(0, 200).Select(_ => 100 + (random.NextDouble() * 10))];

        CaseStatistics few = CaseStatistics.Of(CaseWith(small));
        CaseStatistics many = CaseStatistics.Of(CaseWith(large));

        Assert.InRange(few.MedianNs, few.CiLowerNs, few.CiUpperNs);
        Assert.InRange(many.MedianNs, many.CiLowerNs, many.CiUpperNs);
        Assert.True(many.CiUpperNs - many.CiLowerNs < few.CiUpperNs - few.CiLowerNs);
    }

    [Fact]
    public void FewerThanThreeIterationsHaveNoInterval()
    {
        CaseStatistics stats = CaseStatistics.Of(CaseWith([5, 7]));

        Assert.True(double.IsNaN(stats.CiLowerNs));
        Assert.Equal(6, stats.MedianNs, 6);
    }

    [Fact]
    public void RatiosToIdealAndPerJobFiguresComeFromTheCase()
    {
        // Default pool on the fixture's 2-core host: ideal ceil(100/2)·20 ms = 1 s.
        CaseStatistics pool = CaseStatistics.Of(CaseWith([500e6, 500e6, 500e6]));
        // Bounded executor, k = 4: ideal ceil(100/4)·20 ms = 500 ms.
        CaseStatistics bounded = CaseStatistics.Of(CaseWith([1e9, 1e9, 1e9], "MaxWorkersOffload", "BoundedExecutor", "N=100&K=4&DelayMs=20"));
        // Sequential: ideal N·d = 2 s.
        CaseStatistics sequential = CaseStatistics.Of(CaseWith([2e9, 2e9, 2e9], "BlockingCalls", "Sequential"));

        Assert.Equal(1e9, pool.IdealNs);
        Assert.Equal(0.5, pool.RatioToIdeal!.Value, 6);
        Assert.Equal(500e6, bounded.IdealNs);
        Assert.Equal(2.0, bounded.RatioToIdeal!.Value, 6);
        Assert.Equal(1.0, sequential.RatioToIdeal!.Value, 6);
        Assert.Equal(282552 / 100.0, pool.AllocatedBytesPerJob);
        Assert.Equal(47697920 / 100.0, pool.PeakWorkingSetPerJob);
        Assert.Equal(18, pool.PeakThreads);
    }
}
