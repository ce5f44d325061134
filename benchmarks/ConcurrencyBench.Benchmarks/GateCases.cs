using System.Globalization;
using System.Text.Json;

namespace ConcurrencyBench.Benchmarks;

/// <summary>How the gate's worker takes a case's sample from one fresh process.</summary>
public enum GateSampling
{
    /// <summary>
    /// The pool learns nothing across bursts (its minimum covers the load, or no pool is used): the process runs
    /// <see cref="GateCase.Bursts"/> bursts after priming and its sample is their median. The process, not the burst, is
    /// the unit: two processes of the same code have levels of their own (the user table up to 2.2x apart, each tight
    /// within itself), so bursts of one process are not a sample of the code.
    /// </summary>
    ProcessMedian,

    /// <summary>
    /// The pool keeps what a burst taught it (threads injected past its minimum): only the process's first measured
    /// burst, after priming at the pool's minimum, is a sample; the process runs that one burst.
    /// </summary>
    FirstBurst,
}

/// <summary>One case of the regression gate: a benchmark method at the gate's own size.</summary>
/// <param name="Type">The benchmark class (e.g. "AsyncDelays").</param>
/// <param name="Method">The benchmark method.</param>
/// <param name="Parameters">The class's parameters in its declared order, as BenchmarkDotNet names the case.</param>
/// <param name="Family">The family (benchmark category) it stands for.</param>
/// <param name="Sampling">How one process gives its sample.</param>
/// <param name="Bursts">Measured bursts per process (1 for <see cref="GateSampling.FirstBurst"/>).</param>
/// <param name="ScalesWithD">
/// True when the case's time is d times a count plus little else, so that CONCURRENCYBENCH_SLOWDOWN=1.10 must make it
/// about 10% slower (the gate's self-check requires it Slower); false where the time is set by something else (the
/// pool's injection, a lock, a chat load's latency).
/// </param>
/// <param name="GateAllocations">
/// True when the case's managed bytes allocated per burst are exact enough to gate beside its time (its process
/// median moves by well under 1% from process to process): an allocation regression is the regression there.
/// </param>
/// <param name="TrendOnly">
/// Why the case goes straight to the trend record (measured on schedule, not on pull requests), or null: a case whose
/// spread is known to be far beyond what the gate's processes could decide at ±10% would only spend its budget.
/// </param>
public sealed record GateCase(
    string Type,
    string Method,
    IReadOnlyList<(string Name, int Value)> Parameters,
    string Family,
    GateSampling Sampling,
    int Bursts,
    bool ScalesWithD,
    bool GateAllocations,
    string? TrendOnly = null)
{
    /// <summary>The case's ID as BenchmarkDotNet writes it without the namespace: <c>Type.Method(N: 100, DelayMs: 20)</c>.</summary>
    public string Id => Parameters.Count == 0
        ? $"{Type}.{Method}"
        : $"{Type}.{Method}({string.Join(", ", Parameters.Select(p => string.Create(CultureInfo.InvariantCulture, $"{p.Name}: {p.Value}")))})";

    /// <summary>One line of <c>--gate-list</c>: the case and how the gate samples it, as JSON.</summary>
    public string ToJsonLine() => JsonSerializer.Serialize(new Dictionary<string, object>
    {
        ["case"] = Id,
        ["family"] = Family,
        ["sampling"] = Sampling == GateSampling.ProcessMedian ? "process-median" : "first-burst",
        ["bursts"] = Bursts,
        ["scalesWithD"] = ScalesWithD,
        ["gateAllocations"] = GateAllocations,
        ["trendOnly"] = TrendOnly ?? "",
    });
}

/// <summary>
/// The regression gate's cases (<c>--gate-list</c>): every family, at sizes chosen so that a process's sample is quiet
/// (bursts of 20 ms and more, d = 20 ms as in the quick profile) and cheap to repeat (a process of about half a second
/// to a second, priming included), since the gate's unit is the fresh process.
/// </summary>
public static class GateCases
{
    /// <summary>The delay d of every gate case, in milliseconds (the quick profile's).</summary>
    public const int DelayMs = 20;

    private static GateCase Warm(string type, string method, string family, int bursts, bool scales, bool allocations, params (string, int)[] parameters) =>
        new(type, method, parameters, family, GateSampling.ProcessMedian, bursts, scales, allocations);

    private static GateCase Cold(string type, string method, string family, bool scales, params (string, int)[] parameters) =>
        new(type, method, parameters, family, GateSampling.FirstBurst, 1, scales, false);

    /// <summary>Every gate case, in the order the gate runs its first look.</summary>
    public static IReadOnlyList<GateCase> All { get; } = Build();

    private static List<GateCase> Build()
    {
        var cases = new List<GateCase>();
        // Async delays: every model at N = 100 (d dominates: a 10% longer d is about a 10% longer burst) and at
        // N = 10,000 (the per-task cost shows: creating 10,000 tasks takes a few ms of the burst). No pool learning.
        foreach (string model in new[] { "TaskDelayWhenAll", "AsyncMethodWhenAll", "AsyncMethodWithState", "TaskRunWrappedDelay", "SingleThreadEventLoop" })
        {
            cases.Add(Warm("AsyncDelays", model, Categories.AsyncDelays, 8, true, true, ("N", 100), ("DelayMs", DelayMs)));
            cases.Add(Warm("AsyncDelays", model, Categories.AsyncDelays, 8, true, true, ("N", 10_000), ("DelayMs", DelayMs)));
        }
        // Blocking calls: in turn (N·d), a thread each, on the event loop (N·d) need no pool; sync-over-async in the pool
        // does, and the pool keeps the threads its blocking compensation added: first bursts only.
        cases.Add(Warm("BlockingCalls", "Sequential", Categories.Blocking, 3, true, false, ("N", 4), ("DelayMs", DelayMs)));
        cases.Add(Warm("BlockingCalls", "ThreadPerCall", Categories.Blocking, 8, true, false, ("N", 10), ("DelayMs", DelayMs)));
        cases.Add(Warm("BlockingCalls", "ThreadPerCall", Categories.Blocking, 8, true, false, ("N", 100), ("DelayMs", DelayMs)));
        cases.Add(Warm("BlockingCalls", "BlockingOnEventLoop", Categories.Blocking, 3, true, false, ("N", 4), ("DelayMs", DelayMs)));
        cases.Add(Cold("BlockingCalls", "SyncOverAsyncInPool", Categories.Blocking, false, ("N", 10), ("DelayMs", DelayMs)));
        // The starvation probe: behind blocking calls its wait is rounds of d on the pool's minimum (first bursts: the
        // pool learns); behind async waits it is a pool's latency of well under a millisecond, which d does not set.
        cases.Add(Cold("PoolStarvation", "ProbeBehindBlockingCalls", Categories.Blocking, true, ("N", 10), ("DelayMs", DelayMs)));
        cases.Add(Warm("PoolStarvation", "ProbeBehindAsyncWaits", Categories.Blocking, 8, false, false, ("N", 100), ("DelayMs", DelayMs)) with
        {
            TrendOnly = "its wait is a pool's latency of about 0.1-0.3 ms whose process medians spread over a factor of 3 (quick baseline: 0.03-0.17 ms cold; a gate run here: interval [0.105, 3.05] at 5 processes a side): no budget shows ±10%",
        });
        // Offload: the default pool and a raised minimum below N learn (first bursts); at N = 10 and k = 4 below 16 the
        // pool's minimum serves the calls in rounds of d before its gate thread's first injection (500 ms).
        cases.Add(Cold("DefaultPoolOffload", "DefaultThreadPool", Categories.Offload, true, ("N", 10), ("DelayMs", DelayMs)));
        cases.Add(Cold("MaxWorkersOffload", "RaisedMinThreads", Categories.Offload, true, ("N", 16), ("K", 4), ("DelayMs", DelayMs)));
        cases.Add(Warm("MaxWorkersOffload", "RaisedMinThreads", Categories.Offload, 8, true, false, ("N", 100), ("K", 1000), ("DelayMs", DelayMs)));
        cases.Add(Warm("MaxWorkersOffload", "BoundedExecutor", Categories.Offload, 8, true, false, ("N", 100), ("K", 64), ("DelayMs", DelayMs)));
        cases.Add(Warm("MaxWorkersOffload", "BoundedExecutor", Categories.Offload, 8, true, false, ("N", 100), ("K", 1000), ("DelayMs", DelayMs)));
        // Shared state: no delay, a lock's cost; 10,000 users joining at once (a few ms a burst), 16 bursts a process. Three
        // guards of five (a lock, no lock, an actor): each process of them is noisy at a few ms, and each costs the budget.
        foreach (string guard in new[] { "MonitorLock", "ConcurrentDictionaryNoLock", "SingleOwnerActor" })
        {
            cases.Add(Warm("UserTable", guard, Categories.SharedState, 16, false, true, ("N", 10_000)));
        }
        // The chat server: one window of an open load per fresh server (its cold window), at the quick profile's cold point.
        cases.Add(Cold("ChatServerLoad", "AsyncSockets", Categories.Chat, false, ("C", 1000), ("Rate", 2)));
        return cases;
    }

    /// <summary>The case with this ID (as <see cref="GateCase.Id"/> writes it), or null.</summary>
    public static GateCase? Find(string id) => All.FirstOrDefault(c => string.Equals(c.Id, id, StringComparison.Ordinal));
}
