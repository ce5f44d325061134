namespace ConcurrencyBench.Models;

// Family 1: pure async delays, the seed's asyncio.sleep under gather. No job holds a thread while it waits,
// so the ideal is d whatever N is; what grows with N is the per-task cost (allocation, timers, scheduling).

/// <summary><c>Task.Delay</c> tasks joined with <c>Task.WhenAll</c>: the least a delay can cost.</summary>
public sealed class TaskDelayWhenAll : IConcurrencyModel
{
    /// <inheritdoc />
    public string Name => "Task.Delay + WhenAll";

    /// <inheritdoc />
    public TimeSpan IdealTime(Load load) => load.Jobs == 0 ? TimeSpan.Zero : load.Delay;

    /// <inheritdoc />
    public Task RunAsync(Load load, ConcurrencyGauge gauge, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(gauge);
        var delays = new Task[load.Jobs];
        for (int i = 0; i < delays.Length; i++)
        {
            delays[i] = Task.Delay(load.Delay, cancellationToken);
        }
        // These jobs have no body to count in, so count the delays still pending once all have started.
        int pending = 0;
        foreach (Task delay in delays)
        {
            pending += delay.IsCompleted ? 0 : 1;
        }
        gauge.Observe(pending);
        return Task.WhenAll(delays);
    }
}

/// <summary>Async methods ("coroutines") that each await <c>Task.Delay</c>, joined with <c>Task.WhenAll</c>.</summary>
public sealed class AsyncMethodWhenAll : IConcurrencyModel
{
    /// <inheritdoc />
    public string Name => "async method + WhenAll";

    /// <inheritdoc />
    public TimeSpan IdealTime(Load load) => load.Jobs == 0 ? TimeSpan.Zero : load.Delay;

    /// <inheritdoc />
    public Task RunAsync(Load load, ConcurrencyGauge gauge, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(gauge);
        var jobs = new Task[load.Jobs];
        for (int i = 0; i < jobs.Length; i++)
        {
            jobs[i] = Coroutines.DelayAsync(load.Delay, gauge, cancellationToken);
        }
        return Task.WhenAll(jobs);
    }
}

/// <summary>
/// Each coroutine wrapped in <c>Task.Run</c>: the extra thread-pool hop a widely quoted 1M-task memory benchmark
/// used, which costs a work item and a second task per job.
/// </summary>
public sealed class TaskRunWrappedDelay : IConcurrencyModel
{
    /// <inheritdoc />
    public string Name => "Task.Run(async delay) + WhenAll";

    /// <inheritdoc />
    public TimeSpan IdealTime(Load load) => load.Jobs == 0 ? TimeSpan.Zero : load.Delay;

    /// <inheritdoc />
    public Task RunAsync(Load load, ConcurrencyGauge gauge, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(gauge);
        TimeSpan delay = load.Delay;
        var jobs = new Task[load.Jobs];
        for (int i = 0; i < jobs.Length; i++)
        {
            jobs[i] = Task.Run(() => Coroutines.DelayAsync(delay, gauge, cancellationToken), cancellationToken);
        }
        return Task.WhenAll(jobs);
    }
}

/// <summary>
/// The same coroutines on an asyncio-style single-threaded event loop (<see cref="EventLoop"/>): every resumption
/// runs on the loop's one thread, as every coroutine does under asyncio.
/// </summary>
public sealed class SingleThreadEventLoop : IConcurrencyModel
{
    /// <inheritdoc />
    public string Name => "single-thread event loop";

    /// <inheritdoc />
    public TimeSpan IdealTime(Load load) => load.Jobs == 0 ? TimeSpan.Zero : load.Delay;

    /// <inheritdoc />
    public Task RunAsync(Load load, ConcurrencyGauge gauge, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(gauge);
        return EventLoop.RunAsync(() =>
        {
            var jobs = new Task[load.Jobs];
            for (int i = 0; i < jobs.Length; i++)
            {
                jobs[i] = Coroutines.DelayOnContextAsync(load.Delay, gauge, cancellationToken);
            }
            return Task.WhenAll(jobs);
        });
    }
}

/// <summary>The coroutine bodies the async models share.</summary>
internal static class Coroutines
{
    /// <summary>Awaits a delay without capturing any context (resumes on a pool thread).</summary>
    public static async Task DelayAsync(TimeSpan delay, ConcurrencyGauge gauge, CancellationToken cancellationToken)
    {
        gauge.Enter();
        try
        {
            await Task.Delay(delay, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            gauge.Exit();
        }
    }

    /// <summary>Awaits a delay and resumes on the captured context (the event loop's thread).</summary>
    public static async Task DelayOnContextAsync(TimeSpan delay, ConcurrencyGauge gauge, CancellationToken cancellationToken)
    {
        gauge.Enter();
        try
        {
            await Task.Delay(delay, cancellationToken).ConfigureAwait(true);
        }
        finally
        {
            gauge.Exit();
        }
    }
}
