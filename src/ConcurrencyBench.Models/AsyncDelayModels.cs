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
/// Async methods that each hold a buffer of <see cref="StateBytes"/> across their delay and touch it after, joined with
/// <c>Task.WhenAll</c>: a task with some state (readers of the 1M-task memory benchmarks asked for it), so that the cost
/// per task is not only the runtime's bare minimum. Each writes its index into its buffer before the delay and, after
/// it, checks the index is still there and writes the buffer's last byte.
/// </summary>
public sealed class AsyncMethodWithState : IConcurrencyModel
{
    /// <summary>The state each task holds: 1 KiB, as the other runtimes' twins (scripts/node, go, rust, python) hold.</summary>
    public const int StateBytes = 1024;

    private readonly Action<int, byte[]>? _touched;

    /// <param name="touched">
    /// Called by each task with its index and its buffer once it has touched the buffer after its delay (for tests);
    /// null in benchmarks.
    /// </param>
    public AsyncMethodWithState(Action<int, byte[]>? touched = null)
    {
        _touched = touched;
    }

    /// <inheritdoc />
    public string Name => "async method + 1 KiB state + WhenAll";

    /// <inheritdoc />
    public TimeSpan IdealTime(Load load) => load.Jobs == 0 ? TimeSpan.Zero : load.Delay;

    /// <inheritdoc />
    /// <exception cref="InvalidOperationException">A task found its buffer changed after its delay (the task faults).</exception>
    public Task RunAsync(Load load, ConcurrencyGauge gauge, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(gauge);
        var jobs = new Task[load.Jobs];
        for (int i = 0; i < jobs.Length; i++)
        {
            jobs[i] = HoldStateAsync(i, load.Delay, gauge, cancellationToken);
        }
        return Task.WhenAll(jobs);
    }

    private async Task HoldStateAsync(int index, TimeSpan delay, ConcurrencyGauge gauge, CancellationToken cancellationToken)
    {
        byte[] state = new byte[StateBytes];
        System.Buffers.Binary.BinaryPrimitives.WriteInt32LittleEndian(state, index);
        await Coroutines.DelayAsync(delay, gauge, cancellationToken).ConfigureAwait(false);
        if (System.Buffers.Binary.BinaryPrimitives.ReadInt32LittleEndian(state) != index)
        {
            throw new InvalidOperationException($"task {index} found its state changed after its delay");
        }
        state[^1] = 1;
        _touched?.Invoke(index, state);
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
