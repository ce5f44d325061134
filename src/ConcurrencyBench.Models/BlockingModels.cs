namespace ConcurrencyBench.Models;

// Family 3: blocking calls under different loads, the seed's synchronous breakfast and time.sleep in a coroutine.

/// <summary>One blocking call after the other on the caller's thread: N·d.</summary>
public sealed class SequentialBlocking : IConcurrencyModel
{
    /// <inheritdoc />
    public string Name => "sequential";

    /// <inheritdoc />
    public TimeSpan IdealTime(Load load) => load.Delay * load.Jobs;

    /// <inheritdoc />
    public Task RunAsync(Load load, ConcurrencyGauge gauge, CancellationToken cancellationToken = default)
    {
        for (int i = 0; i < load.Jobs; i++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            Offload.BlockingCall(load.Delay, gauge);
        }
        return Task.CompletedTask;
    }
}

/// <summary>A new operating-system thread per blocking call, all joined: d, paid for in thread creation.</summary>
public sealed class ThreadPerCall : IConcurrencyModel
{
    /// <inheritdoc />
    public string Name => "thread per call";

    /// <inheritdoc />
    public TimeSpan IdealTime(Load load) => load.Jobs == 0 ? TimeSpan.Zero : load.Delay;

    /// <inheritdoc />
    public Task RunAsync(Load load, ConcurrencyGauge gauge, CancellationToken cancellationToken = default)
    {
        TimeSpan delay = load.Delay;
        var threads = new Thread[load.Jobs];
        for (int i = 0; i < threads.Length; i++)
        {
            threads[i] = new Thread(() => Offload.BlockingCall(delay, gauge), maxStackSize: 256 * 1024) { IsBackground = true };
            threads[i].Start();
        }
        foreach (Thread thread in threads)
        {
            thread.Join();
        }
        return Task.CompletedTask;
    }
}

/// <summary>
/// Sync-over-async inside pool work items: <c>Task.Delay(d).Wait()</c>. Unlike <c>Thread.Sleep</c>, a wait on a
/// task is seen by the pool's blocking compensation, which adds threads faster than starvation injection.
/// </summary>
public sealed class SyncOverAsyncInPool : IConcurrencyModel
{
    /// <inheritdoc />
    public string Name => "sync-over-async in pool";

    /// <summary>d·ceil(N/max) with the pool's maximum, as for <see cref="DefaultThreadPoolOffload"/>: blocking compensation injects threads.</summary>
    public TimeSpan IdealTime(Load load) => load.IdealWithWorkers(ThreadPoolMinimumScope.CurrentMaxWorkers);

    /// <inheritdoc />
    public Task RunAsync(Load load, ConcurrencyGauge gauge, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(gauge);
        TimeSpan delay = load.Delay;
        var calls = new Task[load.Jobs];
        for (int i = 0; i < calls.Length; i++)
        {
            calls[i] = Task.Run(() =>
            {
                gauge.Enter();
                try
                {
#pragma warning disable CA1849, VSTHRD002 // Blocking on a task is the very thing this model measures.
                    Task.Delay(delay, cancellationToken).Wait(cancellationToken);
#pragma warning restore CA1849, VSTHRD002
                }
                finally
                {
                    gauge.Exit();
                }
            }, cancellationToken);
        }
        return Task.WhenAll(calls);
    }
}

/// <summary>
/// A blocking call inside coroutines on the single-threaded event loop (the seed's <c>time.sleep</c> inside an
/// <c>async def</c>): each call holds the loop's only thread, so everything serializes: N·d.
/// </summary>
public sealed class BlockingOnEventLoop : IConcurrencyModel
{
    /// <inheritdoc />
    public string Name => "blocking on event loop";

    /// <inheritdoc />
    public TimeSpan IdealTime(Load load) => load.Delay * load.Jobs;

    /// <inheritdoc />
    public Task RunAsync(Load load, ConcurrencyGauge gauge, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(gauge);
        TimeSpan delay = load.Delay;
        return EventLoop.RunAsync(() =>
        {
            var jobs = new Task[load.Jobs];
            for (int i = 0; i < jobs.Length; i++)
            {
                jobs[i] = BlockingCoroutineAsync(delay, gauge, cancellationToken);
            }
            return Task.WhenAll(jobs);
        });
    }

    private static async Task BlockingCoroutineAsync(TimeSpan delay, ConcurrencyGauge gauge, CancellationToken cancellationToken)
    {
        // Like asyncio.gather, let every coroutine be scheduled before the first one runs.
        await Task.Yield();
        cancellationToken.ThrowIfCancellationRequested();
        Offload.BlockingCall(delay, gauge);
    }
}
