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
/// True when the case's time is d times a count plus little else (d × rounds at least 0.85 of its median time), so that
/// CONCURRENCYBENCH_SLOWDOWN=1.10 must make it about 10% slower (the gate's self-check requires it Slower); false where the
/// time is set by something else (the pool's injection, a lock, a chat load's latency, a per-task cost).
/// </param>
/// <param name="GateAllocations">
/// True when the case's managed bytes allocated per burst are exact enough to gate beside its time (its process
/// median moves by well under 1% from process to process): an allocation regression is the regression there.
/// </param>
/// <param name="TimeSpread">
/// How far this case's per-process time samples spread: the standard deviation of their log (0.01 for 1%), robust (1.4826
/// times the median absolute deviation from each side's median), measured in the gate's quiet A/A run (docs/gate.md,
/// "How the cases were chosen"); null where none was measured. The gate plans each case from it
/// (<c>GateRule.ProcessesNeeded</c>): time is gated where the spread lets the last look show ±10%.
/// </param>
/// <param name="AllocationSpread">
/// The same figure for the bytes a process's bursts allocate (0 where every process allocates the same): gated instead of
/// the time where the time's spread is beyond the gate and this one is not, the time then going to the trend record.
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
    double? TimeSpread = null,
    double? AllocationSpread = null)
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
        ["timeSpread"] = TimeSpread is double t ? t : -1,
        ["allocationSpread"] = AllocationSpread is double a ? a : -1,
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

    // d per case where it is not DelayMs: a case whose burst is d plus a fixed start-up (a thread per call, per job) gets
    // a d long enough that the start-up is at most about a tenth of its time, so that CONCURRENCYBENCH_SLOWDOWN=1.10
    // stretches it by close to 10% (docs/gate.md: ThreadPerCall at N = 10 was 24.8 ms at d = 20, at N = 100 34.6 ms;
    // BoundedExecutor k = 1,000 23.8 ms; at +10% they came out 1.04x, 0.97x and 1.03x).
    private static GateCase Warm(string type, string method, string family, int bursts, bool scales, double? time, double? allocations, params (string, int)[] parameters) =>
        new(type, method, parameters, family, GateSampling.ProcessMedian, bursts, scales, allocations is < 0.01, time, allocations);

    private static GateCase Cold(string type, string method, string family, bool scales, double? time, double? allocations, params (string, int)[] parameters) =>
        new(type, method, parameters, family, GateSampling.FirstBurst, 1, scales, false, time, allocations);

    /// <summary>Every gate case, in the order the gate takes each look.</summary>
    public static IReadOnlyList<GateCase> All { get; } = Build();

    // The spreads (TimeSpread, AllocationSpread) are the quiet A/A run's of 7 December 2026 (AMD EPYC, 2 cores, .NET
    // 10.0.12; 5 to 12 processes a side), at the sizes of that run; where a size changed since (noted), the figure is
    // that of the old size, an upper estimate: the change shrinks the part of the time that spread.
    private static List<GateCase> Build()
    {
        var cases = new List<GateCase>();
        // Async delays at N = 100: d dominates (20.4-21.6 ms bursts for d = 20), the pool learns nothing, 8 bursts a
        // process. Allocations are exact (the same bytes in every process).
        cases.Add(Warm("AsyncDelays", "TaskDelayWhenAll", Categories.AsyncDelays, 8, true, 0.0037, 0, ("N", 100), ("DelayMs", DelayMs)));
        cases.Add(Warm("AsyncDelays", "AsyncMethodWhenAll", Categories.AsyncDelays, 8, true, 0.0018, 0, ("N", 100), ("DelayMs", DelayMs)));
        cases.Add(Warm("AsyncDelays", "AsyncMethodWithState", Categories.AsyncDelays, 8, true, 0.0048, 0, ("N", 100), ("DelayMs", DelayMs)));
        cases.Add(Warm("AsyncDelays", "TaskRunWrappedDelay", Categories.AsyncDelays, 8, true, 0.0104, 0, ("N", 100), ("DelayMs", DelayMs)));
        cases.Add(Warm("AsyncDelays", "SingleThreadEventLoop", Categories.AsyncDelays, 8, true, 0.0075, 0, ("N", 100), ("DelayMs", DelayMs)));
        // At N = 10,000 the per-task cost shows; a burst's own spread (6-31%) is most of a process's (its median of 4
        // bursts spread 1.9-19%), so 16 bursts a process (a median of 8): about 0.7x the spread measured with 8. Time
        // scales with d where d is at least 0.85 of it (d/median: Task.Delay 0.88, async method 0.85); the event loop
        // (0.46), Task.Run (0.70) and the 1 KiB state (0.41) are d plus a per-task cost d does not stretch.
        cases.Add(Warm("AsyncDelays", "TaskDelayWhenAll", Categories.AsyncDelays, 16, true, 0.0187, 0, ("N", 10_000), ("DelayMs", DelayMs)));
        cases.Add(Warm("AsyncDelays", "AsyncMethodWhenAll", Categories.AsyncDelays, 16, true, 0.0303, 0, ("N", 10_000), ("DelayMs", DelayMs)));
        cases.Add(Warm("AsyncDelays", "AsyncMethodWithState", Categories.AsyncDelays, 16, false, 0.1920, 0, ("N", 10_000), ("DelayMs", DelayMs)));
        cases.Add(Warm("AsyncDelays", "TaskRunWrappedDelay", Categories.AsyncDelays, 16, false, 0.0545, 0, ("N", 10_000), ("DelayMs", DelayMs)));
        cases.Add(Warm("AsyncDelays", "SingleThreadEventLoop", Categories.AsyncDelays, 16, false, 0.0505, 0.0088, ("N", 10_000), ("DelayMs", DelayMs)));
        // Blocking calls: in turn (N·d) and on the event loop (N·d) need no pool; a thread each pays a thread start per
        // call, so d = 50 at N = 10 (was 20: 24.8 ms, d/time 0.81) and d = 100 at N = 100 (was 20: 34.6 ms, 0.58), with
        // fewer bursts of the longer time. Sync-over-async in the pool: the pool keeps the threads its blocking
        // compensation added, first bursts only.
        cases.Add(Warm("BlockingCalls", "Sequential", Categories.Blocking, 3, true, 0.0012, 0, ("N", 4), ("DelayMs", DelayMs)));
        cases.Add(Warm("BlockingCalls", "ThreadPerCall", Categories.Blocking, 6, true, 0.0361, 0, ("N", 10), ("DelayMs", 50)));
        cases.Add(Warm("BlockingCalls", "ThreadPerCall", Categories.Blocking, 4, true, 0.0150, 0, ("N", 100), ("DelayMs", 100)));
        cases.Add(Warm("BlockingCalls", "BlockingOnEventLoop", Categories.Blocking, 3, true, 0.0023, 0, ("N", 4), ("DelayMs", DelayMs)));
        cases.Add(Cold("BlockingCalls", "SyncOverAsyncInPool", Categories.Blocking, false, 0.1407, 0.0045, ("N", 10), ("DelayMs", DelayMs)));
        // The starvation probe behind blocking calls waits whole rounds of d on the pool's 3 threads (first bursts: the
        // pool learns). At N = 10 one process in 16 waited 5 rounds instead of 3 (100.9 ms against 60.5: a round with a
        // thread less), which a 6-process confirmation cannot outvote; at N = 3 the probe waits one round with 3
        // threads or 2 (floor(3/3) = floor(3/2)). Behind async waits its wait is a pool's latency of 0.1-0.3 ms that d
        // does not set (spread: a development A/A run under load, 5 a side).
        cases.Add(Cold("PoolStarvation", "ProbeBehindBlockingCalls", Categories.Blocking, true, 0.0015, 0, ("N", 3), ("DelayMs", DelayMs)));
        cases.Add(Warm("PoolStarvation", "ProbeBehindAsyncWaits", Categories.Blocking, 8, false, 0.4271, 0, ("N", 100), ("DelayMs", DelayMs)));
        // Offload: the default pool and a raised minimum below N learn (first bursts); their calls run in rounds of d on
        // the pool's minimum before its first injection (500 ms). The default pool at N = 4 (was 10): 2 rounds with 3
        // threads or 2 (at N = 10 one process in 11 took 5 rounds instead of 4, 101.5 ms against 80.8). Bounded
        // executor k = 1,000 starts a thread per job: d = 50 (was 20: 23.8 ms, d/time 0.84; 1.03x at +10%).
        cases.Add(Cold("DefaultPoolOffload", "DefaultThreadPool", Categories.Offload, true, 0.0005, 0, ("N", 4), ("DelayMs", DelayMs)));
        cases.Add(Cold("MaxWorkersOffload", "RaisedMinThreads", Categories.Offload, true, 0.0020, 0.0165, ("N", 16), ("K", 4), ("DelayMs", DelayMs)));
        cases.Add(Warm("MaxWorkersOffload", "RaisedMinThreads", Categories.Offload, 8, true, 0.0109, 0, ("N", 100), ("K", 1000), ("DelayMs", DelayMs)));
        cases.Add(Warm("MaxWorkersOffload", "BoundedExecutor", Categories.Offload, 8, true, 0.0048, 0, ("N", 100), ("K", 64), ("DelayMs", DelayMs)));
        cases.Add(Warm("MaxWorkersOffload", "BoundedExecutor", Categories.Offload, 6, true, 0.0328, 0.0349, ("N", 100), ("K", 1000), ("DelayMs", 50)));
        // Shared state: no delay, a lock's cost; 10,000 users joining at once (a few ms a burst), 16 bursts a process.
        // Process levels differ by up to 2.2x (time spread 17-31%): the time is beyond any budget; the bytes allocated
        // are exact.
        foreach ((string guard, double spread) in new[] { ("MonitorLock", 0.3109), ("ConcurrentDictionaryNoLock", 0.2543), ("SingleOwnerActor", 0.1671) })
        {
            cases.Add(Warm("UserTable", guard, Categories.SharedState, 16, false, spread, 0, ("N", 10_000)));
        }
        // The chat server: one window of an open load per fresh server (its cold window): p99 spread 41%, its bytes 1%.
        cases.Add(Cold("ChatServerLoad", "AsyncSockets", Categories.Chat, false, 0.4075, 0.0103, ("C", 1000), ("Rate", 2)));
        return cases;
    }

    /// <summary>The case with this ID (as <see cref="GateCase.Id"/> writes it), or null.</summary>
    public static GateCase? Find(string id) => All.FirstOrDefault(c => string.Equals(c.Id, id, StringComparison.Ordinal));
}
