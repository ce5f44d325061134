namespace ConcurrencyBench.Models;

/// <summary>One way of running "N jobs that each wait d".</summary>
public interface IConcurrencyModel
{
    /// <summary>The model's name, as the README and the charts use it.</summary>
    string Name { get; }

    /// <summary>
    /// A lower bound no run of this model can beat for <paramref name="load"/>: d for asynchronous waits,
    /// ceil(N/k)·d for exactly k workers, d·ceil(N/max threads) for a pool that may inject threads up to its maximum,
    /// N·d when everything serializes. (What a pool would take without injecting a thread is a reference, not an
    /// ideal: the pool beats it by injecting.)
    /// </summary>
    TimeSpan IdealTime(Load load);

    /// <summary>Runs the load; every job enters and exits <paramref name="gauge"/>.</summary>
    Task RunAsync(Load load, ConcurrencyGauge gauge, CancellationToken cancellationToken = default);
}

/// <summary>What one run of a model did.</summary>
/// <param name="Model">The model's name.</param>
/// <param name="Load">The load it ran.</param>
/// <param name="Wall">Wall-clock time from the first job queued to the last finished.</param>
/// <param name="Ideal">The model's ideal time for the load.</param>
/// <param name="MaxConcurrent">The largest number of jobs seen running at once.</param>
/// <param name="PeakProcessThreads">The most threads the process had while the load ran (sampled).</param>
/// <param name="PeakPoolThreads">The most thread-pool threads while the load ran (sampled).</param>
public sealed record ModelRun(
    string Model,
    Load Load,
    TimeSpan Wall,
    TimeSpan Ideal,
    int MaxConcurrent,
    int PeakProcessThreads,
    int PeakPoolThreads)
{
    /// <summary>Wall time over ideal time: at least 1, since the ideal is a lower bound.</summary>
    public double RatioToIdeal => Ideal > TimeSpan.Zero ? Wall / Ideal : double.NaN;
}

/// <summary>Runs a model once and reports what happened: the same numbers tests assert and the report charts.</summary>
public static class ModelRunner
{
    /// <summary>Runs <paramref name="model"/> on <paramref name="load"/> with a thread sampler beside it.</summary>
    public static async Task<ModelRun> MeasureAsync(IConcurrencyModel model, Load load, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(model);
        var gauge = new ConcurrencyGauge();
        using var sampler = ThreadPoolSampler.Start(TimeSpan.FromMilliseconds(10));
        long started = System.Diagnostics.Stopwatch.GetTimestamp();
        await model.RunAsync(load, gauge, cancellationToken).ConfigureAwait(false);
        TimeSpan wall = System.Diagnostics.Stopwatch.GetElapsedTime(started);
        sampler.Stop();
        return new ModelRun(model.Name, load, wall, model.IdealTime(load), gauge.MaxConcurrent,
            sampler.PeakProcessThreads, sampler.PeakPoolThreads);
    }
}
