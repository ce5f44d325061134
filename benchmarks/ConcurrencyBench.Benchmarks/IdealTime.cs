using BenchmarkDotNet.Running;

namespace ConcurrencyBench.Benchmarks;

/// <summary>
/// The ideal time of a case whose models guarantee a fixed number of workers, computed before it runs so that a
/// profile can leave out cases that would break its time limit (k = 1 with N = 1000 needs 1000·d per operation).
/// </summary>
public static class IdealTime
{
    /// <summary>
    /// The time one operation of <paramref name="benchmarkCase"/> needs at least with its guaranteed workers (its ideal
    /// for calls in turn and a bounded executor; for a raised minimum below N, what k threads alone take, since the pool
    /// injects past k only slowly); null when the case has no fixed bound:
    /// async delays (always d) and the default pool, whose speed depends on how fast the runtime injects threads.
    /// Those stay in every profile; <see cref="BenchmarkProfile.OperationTimeout"/> bounds them.
    /// </summary>
    public static TimeSpan? For(BenchmarkCase benchmarkCase)
    {
        ArgumentNullException.ThrowIfNull(benchmarkCase);
        var parameters = benchmarkCase.Parameters;
        if (parameters.Items.All(p => p.Name != "N") || parameters.Items.All(p => p.Name != "DelayMs"))
        {
            return null;
        }
        var load = Models.Load.FromMilliseconds((int)parameters["N"], (int)parameters["DelayMs"]);
        return benchmarkCase.Descriptor.WorkloadMethod.Name switch
        {
            nameof(BlockingCalls.Sequential) or nameof(BlockingCalls.BlockingOnEventLoop) => load.Delay * load.Jobs,
            nameof(MaxWorkersOffload.BoundedExecutor) => load.IdealWithWorkers((int)parameters["K"]),
            // Not its ideal (the pool may inject threads past k): what k threads alone would take, which is what the
            // pool spends before it injects enough, and so what the profile's limit must allow for.
            nameof(MaxWorkersOffload.RaisedMinThreads) => load.IdealWithWorkers((int)parameters["K"]),
            _ => null,
        };
    }
}
