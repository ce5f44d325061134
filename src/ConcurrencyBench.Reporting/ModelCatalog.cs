using ConcurrencyBench.Models;

namespace ConcurrencyBench.Reporting;

/// <summary>The benchmark families, as the report's sections and the charts' file names.</summary>
public enum Family
{
    /// <summary>Pure async delays.</summary>
    AsyncDelays,

    /// <summary>Blocking calls offloaded to pools of different sizes.</summary>
    Offload,

    /// <summary>Blocking calls under different loads.</summary>
    Blocking,

    /// <summary>A probe's wait behind a blocked pool (part of the blocking family's question).</summary>
    Starvation,

    /// <summary>The seed article's experiments.</summary>
    Seed,

    /// <summary>A case this catalog does not know.</summary>
    Other,
}

/// <summary>What the report knows about one benchmark method: its family, its legend label and its ideal time.</summary>
/// <param name="Family">The family it belongs to.</param>
/// <param name="Label">The model's name in legends and tables, as the README names it.</param>
/// <param name="Order">Position in legends and the palette (stable across charts).</param>
/// <param name="Ideal">The ideal time of one operation for a case (null where none applies).</param>
public sealed record ModelInfo(Family Family, string Label, int Order, Func<CaseResult, TimeSpan?> Ideal);

/// <summary>
/// Maps the benchmark classes and methods (the results' permanent IDs) to the models of ConcurrencyBench.Models,
/// whose own <see cref="IConcurrencyModel.IdealTime"/> gives each case's ideal time.
/// </summary>
public static class ModelCatalog
{
    private static readonly Dictionary<(string Type, string Method), ModelInfo> s_models = new()
    {
        [("AsyncDelays", "TaskDelayWhenAll")] = new(Family.AsyncDelays, "Task.Delay + WhenAll", 0, c => Ideal(new TaskDelayWhenAll(), c)),
        [("AsyncDelays", "AsyncMethodWhenAll")] = new(Family.AsyncDelays, "async method + WhenAll", 1, c => Ideal(new AsyncMethodWhenAll(), c)),
        [("AsyncDelays", "TaskRunWrappedDelay")] = new(Family.AsyncDelays, "Task.Run(async delay)", 2, c => Ideal(new TaskRunWrappedDelay(), c)),
        [("AsyncDelays", "SingleThreadEventLoop")] = new(Family.AsyncDelays, "single-thread event loop", 3, c => Ideal(new SingleThreadEventLoop(), c)),
        [("DefaultPoolOffload", "DefaultThreadPool")] = new(Family.Offload, "default thread pool", 4, c => PoolIdeal(c)),
        [("MaxWorkersOffload", "RaisedMinThreads")] = new(Family.Offload, "pool, min threads = k", 5, c => WorkersIdeal(c)),
        [("MaxWorkersOffload", "BoundedExecutor")] = new(Family.Offload, "bounded executor, k workers", 6, c => WorkersIdeal(c)),
        [("BlockingCalls", "Sequential")] = new(Family.Blocking, "sequential", 7, c => Ideal(new SequentialBlocking(), c)),
        [("BlockingCalls", "ThreadPerCall")] = new(Family.Blocking, "thread per call", 8, c => Ideal(new ThreadPerCall(), c)),
        [("BlockingCalls", "SyncOverAsyncInPool")] = new(Family.Blocking, "sync-over-async in pool", 9, c => PoolIdeal(c)),
        [("BlockingCalls", "BlockingOnEventLoop")] = new(Family.Blocking, "blocking on event loop", 3, c => Ideal(new BlockingOnEventLoop(), c)),
        [("PoolStarvation", "ProbeBehindAsyncWaits")] = new(Family.Starvation, "probe behind async waits", 1, _ => null),
        [("PoolStarvation", "ProbeBehindBlockingCalls")] = new(Family.Starvation, "probe behind blocking calls", 4, _ => null),
        [("SeedExperiments", "TwoSleepers5sAnd4s")] = new(Family.Seed, "2 sleepers, 5 s and 4 s (gather)", 1, _ => TimeSpan.FromSeconds(5)),
        [("SeedExperiments", "BlockingOffloadDefaultPool")] = new(Family.Seed, "1,000 x sleep(1 s), default pool", 4,
            c => Load.FromMilliseconds(1000, 1000).IdealWithWorkers(Math.Max(1, c.Host.LogicalCores))),
        [("SeedExperiments", "BlockingOffload1000Workers")] = new(Family.Seed, "1,000 x sleep(1 s), 1,000 workers", 6, _ => TimeSpan.FromSeconds(1)),
        [("SeedExperiments", "AsyncSleeps10000")] = new(Family.Seed, "10,000 x async sleep(1 s)", 0, _ => TimeSpan.FromSeconds(1)),
    };

    /// <summary>What is known of <paramref name="result"/>'s method; a generic entry for unknown cases.</summary>
    public static ModelInfo For(CaseResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        return s_models.TryGetValue((result.Type, result.Method), out ModelInfo? info)
            ? info
            : new ModelInfo(Family.Other, result.Method, 10, _ => null);
    }

    /// <summary>The parameters every case of a benchmark class carries; a case without one is a corrupt file.</summary>
    public static IReadOnlyList<string> RequiredParameters(string type) => type switch
    {
        "MaxWorkersOffload" => ["N", "K", "DelayMs"],
        "AsyncDelays" or "DefaultPoolOffload" or "BlockingCalls" or "PoolStarvation" => ["N", "DelayMs"],
        _ => [],
    };

    /// <summary>The load of a case from its N and DelayMs parameters; null when it has none.</summary>
    public static Load? LoadOf(CaseResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        return result.IntParameter("N") is int n && result.IntParameter("DelayMs") is int d ? Load.FromMilliseconds(n, d) : null;
    }

    private static TimeSpan? Ideal(IConcurrencyModel model, CaseResult result) => LoadOf(result) is Load load ? model.IdealTime(load) : null;

    private static TimeSpan? WorkersIdeal(CaseResult result) =>
        LoadOf(result) is Load load && result.IntParameter("K") is int k and > 0 ? load.IdealWithWorkers(k) : null;

    // The pool's default minimum is the benchmark machine's core count (the models' own ideal reads the minimum of
    // the process it runs in, which is not the benchmark's process here).
    private static TimeSpan? PoolIdeal(CaseResult result) =>
        LoadOf(result) is Load load ? load.IdealWithWorkers(Math.Max(1, result.Host.LogicalCores)) : null;
}
