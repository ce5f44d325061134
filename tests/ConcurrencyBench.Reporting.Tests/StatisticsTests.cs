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

    // A bounded executor by default: a model whose bursts in one process are exchangeable unless the trend test says
    // otherwise (.NET's pool beyond its minimum never has a warm median: see ThePoolBeyondItsMinimumHasNoWarmMedian…).
    internal static CaseResult CaseWith(double[] nanoseconds, string type = "MaxWorkersOffload", string method = "BoundedExecutor", string parameters = "N=100&K=4&DelayMs=20")
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
    public void TheMedianIsTheHarrellDavisEstimateOfTheWarmBurstsComputedIndependently()
    {
        double[] sample = [12, 15, 11, 30, 14, 13, 16, 12.5, 90, 14.5];

        CaseStatistics stats = CaseStatistics.Of(CaseWith(sample));

        // No trend: the headline describes bursts 2..10; the first (the process's cold start) is its own column.
        Assert.Equal(SampleKind.Warm, stats.Kind);
        Assert.Equal(HarrellDavisMedian(sample[1..]), stats.MedianNs, 6);
        Assert.Equal(11, stats.MinNs);
        Assert.Equal(90, stats.MaxNs);
        Assert.Equal(12, stats.FirstNs);
        Assert.Equal(14.5, stats.LastNs);
        Assert.Equal(9, stats.Iterations);
    }

    [Fact]
    public void ATrendWithoutColdBurstsGivesNoMedianOnlyTheCurve()
    {
        // The default pool's shape: every burst faster than the one before (the pool keeps injected threads).
        double[] learning = [15.8e9, 7.4e9, 5.7e9, 4.8e9, 4.1e9, 3.7e9, 3.3e9, 3.0e9, 2.8e9, 2.6e9];

        CaseStatistics stats = CaseStatistics.Of(CaseWith(learning));

        Assert.True(stats.Trend.HasTrend);
        Assert.Equal(SampleKind.None, stats.Kind);
        Assert.False(stats.HasMedian);
        Assert.True(double.IsNaN(stats.MedianNs));
        Assert.Null(stats.RatioToIdeal);
        Assert.Equal(15.8e9, stats.FirstNs);
        Assert.Equal(2.6e9, stats.LastNs);
        Assert.Equal("trend: no median", stats.SamplesLabel);
    }

    [Fact]
    public void ColdBurstsAreTheHeadlineAndIncludeTheRepeatedProcesssFirstBurst()
    {
        double[] learning = [15.8e9, 7.4e9, 5.7e9, 4.8e9, 4.1e9, 3.7e9, 3.3e9, 3.0e9, 2.8e9, 2.6e9];
        CaseResult repeated = CaseWith(learning);
        CaseResult cold = repeated with { Job = "Cold", IterationNanoseconds = [15.2e9, 15.6e9, 16.9e9, 17.1e9, 17.2e9] };

        CaseStatistics stats = CaseStatistics.Of(repeated, cold);

        Assert.Equal(SampleKind.Cold, stats.Kind);
        Assert.Equal([15.8e9, 15.2e9, 15.6e9, 16.9e9, 17.1e9, 17.2e9], stats.ColdSamples);
        Assert.Equal(1, HarrellDavisMedian([.. stats.ColdSamples]) / stats.MedianNs, 6);
        // Six independent samples: [min, max] covers the median with probability 1 - 2/64.
        Assert.Equal((15.2e9, 17.2e9), (stats.CiLowerNs, stats.CiUpperNs));
        Assert.Equal(0.96875, stats.Interval.Level, 6);
        Assert.Equal("cold × 6", stats.SamplesLabel);
        Assert.True(stats.Trend.HasTrend); // the repeated bursts still show their trend
    }

    [Fact]
    public void AllJoinsACasesRepeatedAndColdResultsIntoOne()
    {
        CaseResult repeated = CaseWith([3e9, 2e9, 1.5e9, 1.2e9, 1.1e9, 1.0e9]);
        CaseResult cold = repeated with { Job = "Cold", IterationNanoseconds = [3.1e9, 2.9e9] };
        var set = new ResultSet([repeated, cold], new Dictionary<(HostInfo?, BurstKind, string), Models.ThreadPoolTimeline>(), []);

        CaseStatistics stats = Assert.Single(CaseStatistics.All(set));

        Assert.Same(repeated, stats.Case);
        Assert.Same(cold, stats.ColdCase);
        Assert.Equal([3e9, 3.1e9, 2.9e9], stats.Cold!.Samples);
        Assert.Equal(3, stats.Iterations);
    }

    [Fact]
    public void ACaseHasBothKindsWhereItsWarmBurstsShowNoTrendAndTheirFiguresComeFromTheirOwnBursts()
    {
        // Burst i used i ms of CPU and peaked at i threads and i MB: each kind's figures are the medians of its own bursts.
        double[] times = [200e6, 100e6, 101e6, 99e6, 100e6, 102e6, 98e6, 100e6];
        CaseResult repeated = WithFigures(CaseWith(times), 0);
        CaseResult cold = WithFigures(repeated with { Job = "Cold", IterationNanoseconds = [150e6, 160e6, 170e6, 155e6, 165e6] }, 100);

        CaseStatistics stats = CaseStatistics.Of(repeated, cold);

        Assert.Equal(SampleKind.Cold, stats.Kind);
        Assert.Equal([200e6, 150e6, 160e6, 170e6, 155e6, 165e6], stats.Cold!.Samples);
        Assert.Equal([.. times.Skip(1)], stats.Warm!.Samples);
        // Cold: the repeated process's burst 0 and cold bursts 100..104; warm: bursts 1..7.
        Assert.Equal(Median([0, 100, 101, 102, 103, 104]), stats.Cold.CpuMs);
        Assert.Equal(4, stats.Warm.CpuMs);
        Assert.Equal(4, stats.Warm.PeakThreads);
        Assert.Equal(4e6, stats.Warm.PeakWorkingSetBytes);
        Assert.Equal(Median([0, 100, 101, 102, 103, 104]), stats.Cold.PeakThreads);
        Assert.True(stats.Warm.ResourcesPerBurst && stats.Warm.MemoryPerBurst);
        // The headline is cold, and so are the figures beside it.
        Assert.Equal(stats.Cold.PeakThreads, stats.PeakThreads);
        Assert.Equal(stats.Cold.CpuMs, stats.CpuMsPerOp);
    }

    [Fact]
    public void ARatioSetsColdAgainstColdOrWarmAgainstWarmAndNeverOneAgainstTheOther()
    {
        CaseStatistics both = CaseStatistics.Of(CaseWith([200e6, 100e6, 101e6, 99e6, 100e6, 102e6, 98e6, 100e6]),
            CaseWith([210e6, 190e6, 205e6, 195e6, 200e6]) with { Job = "Cold" });
        // A pool that learns: its warm bursts have a trend, so it has cold bursts only.
        CaseStatistics coldOnly = CaseStatistics.Of(CaseWith([16e9, 8e9, 5.7e9, 4.1e9, 3.5e9, 3.1e9, 2.9e9, 2.6e9]),
            CaseWith([16.1e9, 16.4e9, 15.9e9, 16.2e9, 16.0e9]) with { Job = "Cold" });
        CaseStatistics warmOnly = CaseStatistics.Of(CaseWith([120e6, 100e6, 101e6, 99e6, 100e6, 102e6, 98e6, 100e6]));

        Assert.Null(coldOnly.Warm);
        Assert.Null(warmOnly.Cold);
        KindRatio pool = CaseStatistics.Ratio(coldOnly, both)!;
        Assert.Equal(SampleKind.Cold, pool.Kind);
        Assert.Equal(coldOnly.Cold!.MedianNs / both.Cold!.MedianNs, pool.Value, 9);
        Assert.True(pool.HasInterval && pool.Lower <= pool.Value && pool.Value <= pool.Upper);
        Assert.Equal(SampleKind.Warm, CaseStatistics.Ratio(warmOnly, both)!.Kind);
        // Cold only against warm only: no ratio at all.
        Assert.Null(CaseStatistics.Ratio(coldOnly, warmOnly));
        Assert.Throws<ArgumentException>(() => CaseStatistics.Of(coldOnly.Cold, warmOnly.Warm!));
    }

    [Fact]
    public void ALoneRepeatedBurstIsAColdSampleNotWarmTimesOne()
    {
        CaseStatistics stats = CaseStatistics.Of(CaseWith([5e6]));

        Assert.Null(stats.Warm);
        Assert.Equal(SampleKind.Cold, stats.Kind);
        Assert.Equal("cold × 1", stats.SamplesLabel);
        Assert.False(stats.Interval.Exists);
    }

    private static double Median(double[] values) => values.Order().ElementAt(values.Length / 2 - 1) / 2 + values.Order().ElementAt(values.Length / 2) / 2;

    // Each iteration i of the result gets figures i + offset (CPU ms, peak threads, MB).
    private static CaseResult WithFigures(CaseResult result, int offset) => result with
    {
        IterationUsage = [.. result.IterationNanoseconds.Select((_, i) => (Models.ResourceUsage?)new Models.ResourceUsage(i + offset, 0, 1, 1))],
        IterationResources = [.. result.IterationNanoseconds.Select((_, i) => (BurstResources?)new BurstResources(1, i + offset, 1, 2, 0, (i + offset) * 1_000_000L, true, 10, 0, 1))],
    };

    [Fact]
    public void TheConfidenceIntervalOfTheMedianContainsItAndNarrowsWithMoreIterations()
    {
        var random = new Random(42);
        double[] small = [.. Enumerable.Range(0, 10).Select(_ => 100 + (random.NextDouble() * 10))];
        double[] large = [.. Enumerable.Range(0, 200).Select(_ => 100 + (random.NextDouble() * 10))];

        CaseStatistics few = CaseStatistics.Of(CaseWith(small));
        CaseStatistics many = CaseStatistics.Of(CaseWith(large));

        Assert.True(few.Interval.ReachesTarget && many.Interval.ReachesTarget);
        Assert.InRange(few.MedianNs, few.CiLowerNs, few.CiUpperNs);
        Assert.InRange(many.MedianNs, many.CiLowerNs, many.CiUpperNs);
        Assert.True(many.CiUpperNs - many.CiLowerNs < few.CiUpperNs - few.CiLowerNs);
    }

    [Fact]
    public void WarmBurstsTooFewForTheTrendTestHaveNoMedianAndSayWhy()
    {
        // Four warm bursts going 82.5 s → 18 s (the seed's five repeated bursts): the trend test cannot run, so they
        // cannot stand as samples of one thing.
        CaseStatistics stats = CaseStatistics.Of(CaseWith([90e9, 82.5e9, 40e9, 25e9, 18e9]));

        Assert.Null(stats.Warm);
        Assert.False(stats.HasMedian);
        Assert.Equal("4 bursts: too few to test (it needs 5); they went 82.5 s → 18.0 s", Format.Trend(stats.Trend, [.. stats.Repeated.Skip(1)]));
        // With five warm bursts and no trend, they have a median.
        Assert.NotNull(CaseStatistics.Of(CaseWith([5, 7, 7, 6, 7, 6])).Warm);
    }

    [Fact]
    public void RatiosToIdealAndPerJobFiguresComeFromTheCase()
    {
        // Default pool: it may inject threads up to its maximum, so its ideal (a lower bound) is d = 20 ms; what its
        // minimum alone (the fixture's 2 cores) would take, ceil(100/2)·20 ms = 1 s, is a reference it beats.
        CaseResult poolBursts = CaseWith([500e6, 500e6, 500e6, 500e6, 500e6, 500e6], "DefaultPoolOffload", "DefaultThreadPool", "N=100&DelayMs=20");
        CaseStatistics pool = CaseStatistics.Of(poolBursts, poolBursts with { Job = "Cold", IterationNanoseconds = [500e6, 500e6, 500e6, 500e6, 500e6] });
        // Bounded executor, k = 4: ideal ceil(100/4)·20 ms = 500 ms.
        CaseStatistics bounded = CaseStatistics.Of(CaseWith([1e9, 1e9, 1e9, 1e9, 1e9, 1e9], "MaxWorkersOffload", "BoundedExecutor", "N=100&K=4&DelayMs=20"));
        // Sequential: ideal N·d = 2 s.
        CaseStatistics sequential = CaseStatistics.Of(CaseWith([2e9, 2e9, 2e9, 2e9, 2e9, 2e9], "BlockingCalls", "Sequential"));

        Assert.Equal(20e6, pool.IdealNs);
        Assert.Equal(25, pool.RatioToIdeal!.Value, 6);
        Assert.Equal(TimeSpan.FromSeconds(1), pool.Model.Reference!(pool.Case));
        Assert.Equal("no thread injection: ceil(N/cores)·d", pool.Model.ReferenceText);
        Assert.Equal(500e6, bounded.IdealNs);
        Assert.Equal(2.0, bounded.RatioToIdeal!.Value, 6);
        Assert.Equal(1.0, sequential.RatioToIdeal!.Value, 6);
        Assert.Equal(282552 / 100.0, pool.AllocatedBytesPerJob);
        Assert.Equal(47697920 / 100.0, pool.PeakWorkingSetPerJob);
        Assert.Equal(18, pool.PeakThreads);
    }

    [Fact]
    public void ThePoolBeyondItsMinimumHasNoWarmMedianWhateverTheTrendTestSays()
    {
        // .NET's pool keeps the threads it injects: 8 bursts falling 14.1 s → 5.41 s passed the trend test at p = 0.011
        // (run of 1 December). Bursts that learn by construction are not exchangeable, so the default pool and the
        // raised minimum below N have cold bursts and the curve of their repeated ones, never a warm median ...
        double[] flat = [5e9, 5.1e9, 4.9e9, 5e9, 5.05e9, 4.95e9, 5e9, 5.02e9];
        double[] cold = [14e9, 15e9, 13e9, 16e9, 14.5e9];
        CaseStatistics Of(string type, string method, string parameters, string runtime = ".NET 10.0.12 (10.0.12, 10.0.1226.42308)")
        {
            CaseResult repeated = CaseWith(flat, type, method, parameters);
            repeated = repeated with { Host = repeated.Host with { Runtime = runtime } };
            return CaseStatistics.Of(repeated, repeated with { Job = "Cold", IterationNanoseconds = cold });
        }

        Assert.Null(Of("DefaultPoolOffload", "DefaultThreadPool", "N=1000&DelayMs=100").Warm);
        Assert.Null(Of("DefaultPoolOffload", "DefaultThreadPool", "N=1000&DelayMs=100", "NativeAOT .NET 10.0.12 (10.0.12, 10.0.1226.42308)").Warm);
        Assert.Null(Of("MaxWorkersOffload", "RaisedMinThreads", "N=1000&K=64&DelayMs=100").Warm);
        Assert.Null(Of("BlockingCalls", "SyncOverAsyncInPool", "N=10&DelayMs=100").Warm);
        Assert.Equal(SampleKind.Cold, Of("DefaultPoolOffload", "DefaultThreadPool", "N=1000&DelayMs=100").Kind);
        // ... while the raised minimum at N ≤ k, the pool within its minimum (the fixture's 2 cores), a bounded executor
        // and another runtime's pool (judged by the trend test alone) keep theirs.
        Assert.NotNull(Of("MaxWorkersOffload", "RaisedMinThreads", "N=1000&K=1000&DelayMs=100").Warm);
        Assert.NotNull(Of("DefaultPoolOffload", "DefaultThreadPool", "N=1&DelayMs=100").Warm);
        Assert.NotNull(Of("MaxWorkersOffload", "BoundedExecutor", "N=1000&K=64&DelayMs=100").Warm);
        Assert.NotNull(Of("DefaultPoolOffload", "DefaultThreadPool", "N=1000&DelayMs=100", "Python 3.11.7 (CPython 3.11.7)").Warm);
    }

    [Fact]
    public void CpuAndMemoryHaveTheIntervalsOfTheirMediansFromTheSameBurstsAndRuntimesCsvCarriesThem()
    {
        // Burst i used i ms of CPU and peaked at i MB; the cold bursts are 100..104 beside the repeated process's 0.
        double[] times = [200e6, 100e6, 101e6, 99e6, 100e6, 102e6, 98e6, 100e6];
        CaseResult repeated = WithFigures(CaseWith(times, "AsyncDelays", "TaskDelayWhenAll", "N=1000&DelayMs=20"), 0);
        CaseResult cold = WithFigures(repeated with { Job = "Cold", IterationNanoseconds = [150e6, 160e6, 170e6, 155e6, 165e6] }, 100);
        CaseStatistics dotnet = CaseStatistics.Of(repeated, cold);

        // Six cold bursts: the median's interval is [min, max] of the six (96.9%), for CPU and memory alike.
        Assert.Equal((0, 104), (dotnet.Cold!.CpuInterval.Lower, dotnet.Cold.CpuInterval.Upper));
        Assert.Equal((0, 104e6), (dotnet.Cold.PeakWorkingSetInterval.Lower, dotnet.Cold.PeakWorkingSetInterval.Upper));
        Assert.Equal(dotnet.Cold.Interval.Level, dotnet.Cold.CpuInterval.Level, 9);
        Assert.InRange(dotnet.Cold.CpuMs!.Value, dotnet.Cold.CpuInterval.Lower, dotnet.Cold.CpuInterval.Upper);
        // Warm bursts 1..7: CPU 1..7 ms, [min, max] at 98.4%.
        Assert.Equal((1, 7), (dotnet.Warm!.CpuInterval.Lower, dotnet.Warm.CpuInterval.Upper));

        // A twin on another runtime: runtimes.csv gives each kind's CPU and memory intervals beside their medians.
        CaseStatistics python = CaseStatistics.Of(repeated with { Host = repeated.Host with { Runtime = "Python 3.11.7 (CPython 3.11.7)" } },
            cold with { Host = cold.Host with { Runtime = "Python 3.11.7 (CPython 3.11.7)" } });
        string[] lines = RuntimeComparison.ToCsv([dotnet, python]).Split('\n', StringSplitOptions.RemoveEmptyEntries);
        string[] header = lines[0].Split(',');
        string[] coldRow = Assert.Single(lines, l => l.Contains("Python 3.11.7", StringComparison.Ordinal) && l.Contains(",Cold,", StringComparison.Ordinal)).Split(',');
        // Counted from the end: the quoted full name holds commas of its own.
        string Field(string name) => coldRow[coldRow.Length - (header.Length - Array.IndexOf(header, name))];
        Assert.Equal(("0", "104"), (Field("CpuMsLower"), Field("CpuMsUpper")));
        Assert.Equal(("0", "104000000"), (Field("PeakWorkingSetLowerBytes"), Field("PeakWorkingSetUpperBytes")));
    }
}
