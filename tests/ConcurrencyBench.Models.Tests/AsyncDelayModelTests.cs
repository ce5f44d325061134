namespace ConcurrencyBench.Models.Tests;

public class AsyncDelayModelTests
{
    public static TheoryData<string> Models => new() { "TaskDelay", "AsyncMethod", "TaskRun", "EventLoop", "WithState" };

    private static IConcurrencyModel Create(string name) => name switch
    {
        "TaskDelay" => new TaskDelayWhenAll(),
        "AsyncMethod" => new AsyncMethodWhenAll(),
        "TaskRun" => new TaskRunWrappedDelay(),
        "EventLoop" => new SingleThreadEventLoop(),
        "WithState" => new AsyncMethodWithState(),
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
    public async Task EveryTaskTouchesItsOwnBufferAfterItsDelayAndNoneIsLost()
    {
        var touched = new System.Collections.Concurrent.ConcurrentDictionary<int, (TimeSpan At, byte[] Buffer)>();
        long started = System.Diagnostics.Stopwatch.GetTimestamp();
        var model = new AsyncMethodWithState((i, buffer) => Assert.True(touched.TryAdd(i, (System.Diagnostics.Stopwatch.GetElapsedTime(started), buffer)), $"task {i} touched twice"));

        await model.RunAsync(Load.FromMilliseconds(500, 100), new ConcurrencyGauge());

        // Every task, once, each with a buffer of its own that still holds its index and was written after the delay.
        Assert.Equal(Enumerable.Range(0, 500), touched.Keys.Order());
        Assert.Equal(500, touched.Values.Select(t => t.Buffer).Distinct(ReferenceEqualityComparer.Instance).Count());
        foreach ((int index, (TimeSpan at, byte[] buffer)) in touched)
        {
            Assert.Equal(AsyncMethodWithState.StateBytes, buffer.Length);
            Assert.Equal(index, System.Buffers.Binary.BinaryPrimitives.ReadInt32LittleEndian(buffer));
            Assert.Equal(1, buffer[^1]);
            // Touched after its 100 ms delay (a timer may fire a tick early; a touch before the delay would be at ~0 ms).
            Assert.True(at >= TimeSpan.FromMilliseconds(85), $"task {index} touched its buffer {at.TotalMilliseconds} ms after the start");
        }
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
