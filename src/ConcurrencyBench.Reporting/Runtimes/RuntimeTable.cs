namespace ConcurrencyBench.Reporting.Runtimes;

/// <summary>One runtime the orchestrator runs besides .NET: a row of <see cref="RuntimeTable.All"/>.</summary>
/// <param name="Id">Its name on the command line, in scripts/build-runner.sh, in <c>runtimes/&lt;id&gt;.json</c> and in every line printed about it.</param>
/// <param name="Name">Its name in sentences ("Python", "Node.js").</param>
/// <param name="DefaultBudgetSeconds">
/// Seconds per case and burst kind past which no more bursts (or cold processes) start, where neither the command line
/// nor the profile sets one.
/// </param>
/// <param name="PrimingNote">
/// What the runtime's runner does around priming in its own idiom, appended to the results file's "priming" after the
/// instructions every runtime is given (<see cref="RunnerProtocol.PrimingSentence"/>); starts with "; ".
/// </param>
/// <param name="ProcessorVariables">
/// The environment variables that make the runtime size itself as on P cores (the machine-size sweep's "configured as P
/// cores"): its own where it has one (DOTNET_PROCESSOR_COUNT, GOMAXPROCS, TOKIO_WORKER_THREADS), else the runner's
/// CONCURRENCYBENCH_PROCESSORS, from which it derives its default sizes by the runtime's own formula.
/// </param>
public sealed record RuntimeRow(string Id, string Name, double DefaultBudgetSeconds, string PrimingNote, IReadOnlyList<string> ProcessorVariables);

/// <summary>
/// The runtimes besides .NET, one row each: a 7th runtime is one folder (its runner, speaking
/// <see cref="RunnerProtocol.Version"/>) plus a case in scripts/build-runner.sh plus one row here.
/// </summary>
public static class RuntimeTable
{
    /// <summary>The runner's variable for a configured processor count, where the runtime has none of its own.</summary>
    public const string ProcessorsVariable = "CONCURRENCYBENCH_PROCESSORS";

    /// <summary>
    /// Every runtime, in the order a run takes them. .NET's runner (scripts/dotnet, the benchmarks' models under the
    /// orchestrator's method) is the machine-size sweep's; scripts/run.sh measures .NET with BenchmarkDotNet. The budgets are the runners' own before the orchestrator (2 s each):
    /// measured here, 3 s per case and kind took 167 s of the default profile for Go (load 17 on 2 cores) and 168 s for
    /// Rust, 30 s took 488 s for Python; 2 s leaves a warm median (6 repeated bursts or more) to every case whose bursts
    /// last under about 0.3 s and keeps each runtime within its share of run.sh's 35 minutes.
    /// </summary>
    public static IReadOnlyList<RuntimeRow> All { get; } =
    [
        new("dotnet", ".NET", 2.0, "; .NET primes on the models it measures (the thread pool keeps the threads priming made, its minimum); a full collection runs before every burst, outside its measurement", ["DOTNET_PROCESSOR_COUNT"]),
        new("python", "Python", 2.0, "; Python primes on an event loop and executors of its own, closes them, then measures on a fresh loop (a cold executor); gc.collect() runs before every burst, outside its measurement", [ProcessorsVariable]),
        new("node", "Node.js", 2.0, "; Node.js primes the pool of k on its own workers, all started before, and the default pool on a pool of its own, destroyed before the measured one is made; gc() runs before every burst, outside its measurement", [ProcessorsVariable]),
        new("go", "Go", 2.0, "; runtime.GC() runs before every burst, outside its measurement", ["GOMAXPROCS"]),
        new("rust", "Rust", 2.0, "; Rust primes on a tokio runtime of its own, drops it, pauses, then builds the runtime its bursts run on (workers started, no blocking thread); nothing runs before a burst", ["TOKIO_WORKER_THREADS"]),
    ];

    /// <summary>The row of <paramref name="id"/>; null when there is none.</summary>
    public static RuntimeRow? Find(string id) => All.FirstOrDefault(r => r.Id == id);

    /// <summary>The ids, comma-separated, for messages.</summary>
    public static string Ids => string.Join(", ", All.Select(r => r.Id));
}
