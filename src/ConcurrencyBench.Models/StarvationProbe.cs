using System.Diagnostics;

namespace ConcurrencyBench.Models;

/// <summary>What keeps the pool busy while the probe waits.</summary>
public enum PoolLoadKind
{
    /// <summary>N <c>Thread.Sleep(d)</c> calls: each holds a pool thread for d.</summary>
    BlockingCalls,

    /// <summary>N <c>await Task.Delay(d)</c> jobs: each gives its thread back at once (the control).</summary>
    AsyncWaits,
}

/// <summary>
/// The collateral damage of blocking: while N jobs occupy the thread pool, how long a short, unrelated probe work
/// item queued behind them waits before it runs.
/// </summary>
public static class StarvationProbe
{
    /// <summary>A probe run in progress: the probe's wait, and the load still draining behind it.</summary>
    /// <param name="ProbeWait">Completes with the time from queuing the probe to the probe starting.</param>
    /// <param name="Load">Completes when every job of the load has finished.</param>
    public sealed record Run(Task<TimeSpan> ProbeWait, Task Load);

    /// <summary>
    /// Queues <paramref name="load"/> to the pool as <paramref name="kind"/> jobs, then one probe. Await
    /// <see cref="Run.ProbeWait"/> for the answer and <see cref="Run.Load"/> before the next run, so that one run's
    /// blocked threads do not leak into the next.
    /// </summary>
    public static Run Start(Load load, PoolLoadKind kind, ConcurrencyGauge gauge)
    {
        ArgumentNullException.ThrowIfNull(gauge);
        TimeSpan delay = load.Delay;
        var jobs = new Task[load.Jobs];
        for (int i = 0; i < jobs.Length; i++)
        {
            jobs[i] = kind == PoolLoadKind.BlockingCalls
                ? Fair(() => Offload.BlockingCall(delay, gauge))
                : Fair(() => Coroutines.DelayAsync(delay, gauge, CancellationToken.None)).Unwrap();
        }
        // The probe's wait is timed by the probe itself, from the moment it is queued to the moment it runs: the
        // caller's own timing of Start would add queuing the N jobs and waking the caller.
        long queued = Stopwatch.GetTimestamp();
        Task<TimeSpan> probe = Fair(() => Stopwatch.GetElapsedTime(queued));
        return new Run(probe, Task.WhenAll(jobs));
    }

    // PreferFairness queues to the pool's global FIFO queue even from a pool thread, whose local queue is LIFO for
    // its owner: the probe must really stand behind the load, wherever the caller runs.
    private static Task Fair(Action work) =>
        Task.Factory.StartNew(work, CancellationToken.None, TaskCreationOptions.PreferFairness, TaskScheduler.Default);

    private static Task<T> Fair<T>(Func<T> work) =>
        Task.Factory.StartNew(work, CancellationToken.None, TaskCreationOptions.PreferFairness, TaskScheduler.Default);

    /// <summary>Starts a run, waits for the probe and then for the load; returns the probe's wait.</summary>
    public static async Task<TimeSpan> MeasureAsync(Load load, PoolLoadKind kind, ConcurrencyGauge gauge)
    {
        Run run = Start(load, kind, gauge);
        TimeSpan wait = await run.ProbeWait.ConfigureAwait(false);
        await run.Load.ConfigureAwait(false);
        return wait;
    }
}
