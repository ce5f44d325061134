namespace ConcurrencyBench.Models.Tests;

public class AsyncDelayModelTests
{
    public static TheoryData<string> Models => new() { "TaskDelay", "AsyncMethod", "TaskRun", "EventLoop" };

    private static IConcurrencyModel Create(string name) => name switch
    {
        "TaskDelay" => new TaskDelayWhenAll(),
        "AsyncMethod" => new AsyncMethodWhenAll(),
        "TaskRun" => new TaskRunWrappedDelay(),
        "EventLoop" => new SingleThreadEventLoop(),
        _ => throw new ArgumentOutOfRangeException(nameof(name)),
    };

    [Theory]
    [MemberData(nameof(Models))]
    public async Task ManyDelaysOverlapInsteadOfAddingUp(string name)
    {
        // 2,000 delays of 200 ms: one after the other they would take 400 s.
        var load = Load.FromMilliseconds(2000, 200);

        ModelRun run = await ModelRunner.MeasureAsync(Create(name), load);

        Assert.True(run.Wall >= TimeSpan.FromMilliseconds(190), $"{run.Wall} shorter than one delay");
        Assert.True(run.Wall < TimeSpan.FromSeconds(20), $"{run.Wall}: the delays did not overlap");
        // Most of the 2,000 were waiting at the same time (all of them, unless the machine stalled for 200 ms).
        Assert.InRange(run.MaxConcurrent, 1000, 2000);
        Assert.Equal(load.Delay, run.Ideal);
    }

    [Fact]
    public async Task EveryCoroutineRunsAndResumesOnTheEventLoopsOneThread()
    {
        var gauge = new ConcurrencyGauge(trackThreads: true);

        await new SingleThreadEventLoop().RunAsync(Load.FromMilliseconds(500, 50), gauge);

        Assert.Equal(500, gauge.Completed);
        Assert.Single(gauge.ThreadsSeen);
        Assert.NotEqual(Environment.CurrentManagedThreadId, gauge.ThreadsSeen.Single());
    }

    [Fact]
    public async Task ZeroJobsFinishAtOnce()
    {
        ModelRun run = await ModelRunner.MeasureAsync(new AsyncMethodWhenAll(), Load.FromMilliseconds(0, 1000));

        Assert.True(run.Wall < TimeSpan.FromSeconds(1));
        Assert.Equal(0, run.MaxConcurrent);
        Assert.Equal(TimeSpan.Zero, run.Ideal);
    }

    [Fact]
    public async Task CancellationStopsTheDelays()
    {
        using var cts = new CancellationTokenSource(TimeSpan.FromMilliseconds(100));

        Task run = new AsyncMethodWhenAll().RunAsync(Load.FromMilliseconds(100, 60_000), new ConcurrencyGauge(), cts.Token);

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => run.WaitAsync(TimeSpan.FromSeconds(30)));
    }
}
