namespace ConcurrencyBench.Models;

/// <summary>
/// "N jobs that each wait d": the load every model runs. The seed article's experiments are all of this shape
/// (two sleeps of 5 s and 4 s are the one exception, handled by <see cref="Gather"/>).
/// </summary>
public readonly record struct Load
{
    /// <summary>Creates a load of <paramref name="jobs"/> jobs that each wait <paramref name="delay"/>.</summary>
    /// <exception cref="ArgumentOutOfRangeException">A negative job count or delay.</exception>
    public Load(int jobs, TimeSpan delay)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(jobs);
        ArgumentOutOfRangeException.ThrowIfLessThan(delay, TimeSpan.Zero);
        Jobs = jobs;
        Delay = delay;
    }

    /// <summary>How many jobs run.</summary>
    public int Jobs { get; }

    /// <summary>How long each job waits (asynchronously or blocking, depending on the model).</summary>
    public TimeSpan Delay { get; }

    /// <summary>Convenience for benchmark parameters given in milliseconds.</summary>
    public static Load FromMilliseconds(int jobs, double delayMs) => new(jobs, TimeSpan.FromMilliseconds(delayMs));

    /// <summary>The time <paramref name="workers"/> workers need at best: ceil(N/k)·d.</summary>
    public TimeSpan IdealWithWorkers(int workers)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(workers, 1);
        long rounds = (Jobs + (long)workers - 1) / workers;
        return Delay * rounds;
    }

    /// <inheritdoc />
    public override string ToString() => $"{Jobs} x {Delay.TotalMilliseconds} ms";
}
