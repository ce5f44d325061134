namespace ConcurrencyBench.Models.Tests;

public class BlockingModelTests
{
    [Fact]
    public async Task SequentialBlockingRunsOneCallAtATimeAndTakesAtLeastNTimesD()
    {
        var load = Load.FromMilliseconds(5, 40);

        ModelRun run = await ModelRunner.MeasureAsync(new SequentialBlocking(), load);

        Assert.Equal(1, run.MaxConcurrent);
        Assert.True(run.Wall >= TimeSpan.FromMilliseconds(200), $"{run.Wall} < N·d");
        Assert.Equal(TimeSpan.FromMilliseconds(200), run.Ideal);
    }

    [Fact]
    public async Task TheEventLoopSerializesBlockingCallsOnItsOneThread()
    {
        var load = Load.FromMilliseconds(6, 50);
        var gauge = new ConcurrencyGauge(trackThreads: true);
        long started = System.Diagnostics.Stopwatch.GetTimestamp();

        await new BlockingOnEventLoop().RunAsync(load, gauge);
        TimeSpan wall = System.Diagnostics.Stopwatch.GetElapsedTime(started);

        Assert.Equal(1, gauge.MaxConcurrent);
        Assert.Single(gauge.ThreadsSeen);
        Assert.Equal(6, gauge.Completed);
        Assert.True(wall >= TimeSpan.FromMilliseconds(300), $"{wall} < N·d: the blocking calls overlapped");
    }

    [Fact]
    public async Task AThreadPerCallRunsTheCallsAtTheSameTime()
    {
        // 20 calls of 1 s: sequentially 20 s; with a thread each, about 1 s.
        var load = Load.FromMilliseconds(20, 1000);

        ModelRun run = await ModelRunner.MeasureAsync(new ThreadPerCall(), load);

        Assert.InRange(run.MaxConcurrent, 10, 20);
        Assert.True(run.Wall >= TimeSpan.FromMilliseconds(990));
        Assert.True(run.Wall < TimeSpan.FromSeconds(10), $"{run.Wall}: the threads did not overlap");
        Assert.True(run.PeakProcessThreads >= 10, $"peak {run.PeakProcessThreads} threads");
    }
}
