namespace ConcurrencyBench.Models;

// Family 2: blocking Thread.Sleep(d) calls offloaded to workers, the seed's run_in_executor. Each blocked call holds
// a thread for d, so k workers need ceil(N/k)·d at best. Thread.Sleep is chosen on purpose: .NET's blocking
// compensation notices waits on tasks, not sleeps, so the pool must find threads by starvation injection alone.

/// <summary>Blocking calls queued with <c>Task.Run</c> to the thread pool at the runtime's defaults (<c>executor=None</c>).</summary>
public sealed class DefaultThreadPoolOffload : IConcurrencyModel
{
    /// <inheritdoc />
    public string Name => "default thread pool";

    /// <summary>
    /// d·ceil(N/max) with the pool's maximum worker threads: the pool may inject threads up to it, so nothing less is
    /// a bound (d for any N up to 32,767 by default). What the pool would take without injecting, ceil(N/min)·d, is
    /// <see cref="NoInjectionTime"/>: a reference the pool beats by injecting.
    /// </summary>
    public TimeSpan IdealTime(Load load) => load.IdealWithWorkers(ThreadPoolMinimumScope.CurrentMaxWorkers);

    /// <summary>ceil(N/min)·d with the pool's current minimum: the time without thread injection (a reference, not a bound).</summary>
    public static TimeSpan NoInjectionTime(Load load) => load.IdealWithWorkers(ThreadPoolMinimumScope.CurrentMinWorkers);

    /// <inheritdoc />
    public Task RunAsync(Load load, ConcurrencyGauge gauge, CancellationToken cancellationToken = default) =>
        Offload.ToThreadPool(load, gauge, cancellationToken);
}

/// <summary>
/// Blocking calls queued with <c>Task.Run</c> to the thread pool with its minimum worker threads set to k for
/// the model's lifetime (restored on dispose).
/// </summary>
public sealed class RaisedMinThreadPoolOffload : IConcurrencyModel, IDisposable
{
    private readonly ThreadPoolMinimumScope _minimum;

    /// <summary>Sets the pool's minimum worker threads to <paramref name="minWorkers"/>.</summary>
    public RaisedMinThreadPoolOffload(int minWorkers)
    {
        _minimum = new ThreadPoolMinimumScope(minWorkers);
    }

    /// <summary>The minimum worker threads in force, k.</summary>
    public int MinWorkers => _minimum.MinWorkers;

    /// <inheritdoc />
    public string Name => "thread pool, min threads = k";

    /// <summary>
    /// d·ceil(N/max): below N the pool still injects threads past its raised minimum k, so ceil(N/k)·d (what k threads
    /// alone would take) is a reference, not a bound.
    /// </summary>
    public TimeSpan IdealTime(Load load) => load.IdealWithWorkers(ThreadPoolMinimumScope.CurrentMaxWorkers);

    /// <inheritdoc />
    public Task RunAsync(Load load, ConcurrencyGauge gauge, CancellationToken cancellationToken = default) =>
        Offload.ToThreadPool(load, gauge, cancellationToken);

    /// <inheritdoc />
    public void Dispose() => _minimum.Dispose();
}

/// <summary>Blocking calls given to a <see cref="BoundedExecutor"/> of exactly k threads (<c>ThreadPoolExecutor(max_workers=k)</c>).</summary>
public sealed class BoundedExecutorOffload : IConcurrencyModel, IDisposable
{
    /// <summary>Starts an executor of <paramref name="maxWorkers"/> threads, kept for the model's lifetime.</summary>
    public BoundedExecutorOffload(int maxWorkers)
    {
        Executor = new BoundedExecutor(maxWorkers, "Offload");
    }

    /// <summary>The executor the calls go to.</summary>
    public BoundedExecutor Executor { get; }

    /// <inheritdoc />
    public string Name => "bounded executor, k workers";

    /// <inheritdoc />
    public TimeSpan IdealTime(Load load) => load.IdealWithWorkers(Executor.MaxWorkers);

    /// <inheritdoc />
    public Task RunAsync(Load load, ConcurrencyGauge gauge, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(gauge);
        TimeSpan delay = load.Delay;
        var calls = new Task[load.Jobs];
        for (int i = 0; i < calls.Length; i++)
        {
            calls[i] = Executor.RunAsync(() => Offload.BlockingCall(delay, gauge), cancellationToken);
        }
        return Task.WhenAll(calls);
    }

    /// <inheritdoc />
    public void Dispose() => Executor.Dispose();
}

/// <summary>The blocking call and the pool offload the models share.</summary>
public static class Offload
{
    /// <summary>The seed's <c>time.sleep(d)</c>: holds the calling thread for <paramref name="delay"/>.</summary>
    public static void BlockingCall(TimeSpan delay, ConcurrencyGauge gauge)
    {
        ArgumentNullException.ThrowIfNull(gauge);
        gauge.Enter();
        try
        {
            Thread.Sleep(delay);
        }
        finally
        {
            gauge.Exit();
        }
    }

    /// <summary>Queues every call of <paramref name="load"/> to the thread pool and awaits them all.</summary>
    public static Task ToThreadPool(Load load, ConcurrencyGauge gauge, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(gauge);
        TimeSpan delay = load.Delay;
        var calls = new Task[load.Jobs];
        for (int i = 0; i < calls.Length; i++)
        {
            calls[i] = Task.Run(() => BlockingCall(delay, gauge), cancellationToken);
        }
        return Task.WhenAll(calls);
    }
}
