using System.Globalization;

namespace ConcurrencyBench.Reporting.Runtimes;

/// <summary>The ops every runner knows (<see cref="RunnerProtocol"/>), by their protocol names.</summary>
public static class Ops
{
    /// <summary>N sleeps of d awaited together (AsyncDelays.TaskDelayWhenAll).</summary>
    public const string Sleeps = "sleeps";

    /// <summary>N sleeps each holding 1 KiB across its sleep (AsyncDelays.AsyncMethodWithState).</summary>
    public const string SleepsState = "sleeps-state";

    /// <summary>N spawned tasks of a sleep each (AsyncDelays.TaskRunWrappedDelay), where a runtime has a distinct spawn form.</summary>
    public const string SpawnSleeps = "spawn-sleeps";

    /// <summary>N blocking calls on the runtime's default pool (DefaultPoolOffload.DefaultThreadPool).</summary>
    public const string OffloadDefault = "offload-default";

    /// <summary>N blocking calls on a pool of k (MaxWorkersOffload.BoundedExecutor).</summary>
    public const string OffloadWorkers = "offload-workers";

    /// <summary>N blocking calls in turn (BlockingCalls.Sequential).</summary>
    public const string Sequential = "sequential";

    /// <summary>A thread per blocking call (BlockingCalls.ThreadPerCall).</summary>
    public const string ThreadPerCall = "thread-per-call";

    /// <summary>
    /// N blocking calls on the default pool with its minimum raised to k first (MaxWorkersOffload.RaisedMinThreads):
    /// .NET's <c>ThreadPool.SetMinThreads</c>; elsewhere a pool of k is <see cref="OffloadWorkers"/>.
    /// </summary>
    public const string OffloadRaisedMinimum = "offload-raised-minimum";

    /// <summary>
    /// The collateral damage (PoolStarvation.ProbeBehindBlockingCalls): a short work item queued to the default pool
    /// behind N blocking calls; the burst's time is the probe's wait from queued to running, not the calls'.
    /// </summary>
    public const string StarvationProbe = "starvation-probe";

    /// <summary>
    /// N calls on the default pool that each block on a task (BlockingCalls.SyncOverAsyncInPool): .NET's
    /// <c>Task.Delay(d).Wait()</c>, which its pool's blocking compensation sees (unlike a sleep).
    /// </summary>
    public const string TaskWaitInPool = "task-wait-in-pool";

    /// <summary>Whether the op's calls run on the runtime's default pool (its growth is the case's time).</summary>
    public static bool IsDefaultPool(string op) => op is OffloadDefault or OffloadRaisedMinimum or StarvationProbe or TaskWaitInPool;

    /// <summary>Sleeps of 5·d and 4·d together, their join's order (SeedExperiments.TwoSleepers5sAnd4s).</summary>
    public const string TwoSleepers = "two-sleepers";

    /// <summary>Whether the op's waits are the runtime's timers (its ideal is d less how early a timer may fire).</summary>
    public static bool IsTimer(string op) => op is Sleeps or SleepsState or SpawnSleeps or TwoSleepers;
}

/// <summary>
/// A case every runtime may run: the twin of a .NET case (same type, method and parameters, so that the report sets them
/// side by side) and the op a runner runs for it.
/// </summary>
/// <param name="Type">The .NET benchmark class.</param>
/// <param name="Method">The .NET benchmark method.</param>
/// <param name="Parameters">The .NET case's parameters in its order (N, K, DelayMs); none for the seed's experiments.</param>
/// <param name="Op">The protocol's op (<see cref="Ops"/>).</param>
/// <param name="N">Jobs of one burst (2 for the two sleepers).</param>
/// <param name="K">The pool's size for offload-workers; 0 otherwise.</param>
/// <param name="DelayMs">d, in milliseconds.</param>
/// <param name="Bounded">
/// False for the runtime's default pool, kept whatever its ideal unless past the operation timeout (the .NET side's
/// IdealTime rule); true for every other case, dropped silently when its ideal is past the profile's limit.
/// </param>
public sealed record RunnerCase(string Type, string Method, IReadOnlyList<KeyValuePair<string, int>> Parameters, string Op, int N, int K, int DelayMs, bool Bounded)
{
    /// <summary>BenchmarkDotNet's full name of the .NET twin: "ConcurrencyBench.Benchmarks.AsyncDelays.TaskDelayWhenAll(N: 1, DelayMs: 100)".</summary>
    public string FullName => "ConcurrencyBench.Benchmarks." + ShortName;

    /// <summary>The full name without the namespace (the key of <see cref="LeaveOuts"/>).</summary>
    public string ShortName => $"{Type}.{Method}" + (Parameters.Count > 0
        ? "(" + string.Join(", ", Parameters.Select(p => string.Create(CultureInfo.InvariantCulture, $"{p.Key}: {p.Value}"))) + ")"
        : "");

    /// <summary>
    /// The case's ideal in seconds: a lower bound no burst can beat. Sleeps: d less how early the runtime's timer may
    /// fire; the two sleepers: 5·d likewise; the default pool, and with its minimum raised:
    /// ceil(N/threads)·d with the pool's most threads (it may grow past any minimum); a pool of k: ceil(N/k)·d; in turn:
    /// N·d; a thread per call: d; Task.Wait in the pool: as the default pool; the starvation probe: 0 (a probe may find a thread free at once: no bound above 0).
    /// </summary>
    /// <param name="defaultPoolThreads">How many blocking calls the runtime's default pool runs at once (its <c>--describe</c>).</param>
    /// <param name="timerEarlyMs">How early a timer may fire against the runtime's clock, in milliseconds (its <c>--describe</c>).</param>
    public double IdealSeconds(int defaultPoolThreads, double timerEarlyMs)
    {
        double d = DelayMs / 1000.0;
        double early = timerEarlyMs / 1000.0;
        return Op switch
        {
            Ops.Sleeps or Ops.SleepsState or Ops.SpawnSleeps => d - early,
            Ops.TwoSleepers => 5 * d - early,
            Ops.OffloadDefault or Ops.OffloadRaisedMinimum or Ops.TaskWaitInPool => Math.Ceiling((double)N / defaultPoolThreads) * d,
            Ops.StarvationProbe => 0,
            Ops.OffloadWorkers => Math.Ceiling((double)N / K) * d,
            Ops.Sequential => N * d,
            Ops.ThreadPerCall => d,
            _ => throw new InvalidOperationException($"unknown op '{Op}'"),
        };
    }

    /// <summary>
    /// What the profile's limit on an operation is set against, in seconds: the ideal, except for a raised minimum of k,
    /// where it is what k threads alone take, ceil(N/k)·d (the pool adds threads past k only slowly; .NET's IdealTime.For).
    /// </summary>
    /// <param name="idealSeconds">The case's <see cref="IdealSeconds"/>.</param>
    public double LimitSeconds(double idealSeconds) =>
        Op == Ops.OffloadRaisedMinimum && K > 0 ? Math.Ceiling((double)N / K) * DelayMs / 1000.0 : idealSeconds;
}

/// <summary>A case a runtime runs: its twin, the report's label (the runner's) and its ideal.</summary>
public sealed record PlannedCase(RunnerCase Case, string Label, double IdealSeconds);

/// <summary>A case a runtime leaves out, and why (printed when the run starts).</summary>
public sealed record LeftOutCase(RunnerCase Case, string Reason);

/// <summary>What a runtime runs of a grid, and what it leaves out.</summary>
public sealed record CasePlan(IReadOnlyList<PlannedCase> Cases, IReadOnlyList<LeftOutCase> LeftOut);

/// <summary>
/// The case table: which .NET cases have twins on the other runtimes, at the grid's N, k and d, mapped to ops (the case
/// lists the four runners built before the orchestrator, in their order). The seed profile runs the seed article's four
/// experiments at their own sizes.
/// </summary>
public static class CaseTable
{
    private static KeyValuePair<string, int> P(string name, int value) => new(name, value);

    /// <summary>Every twin of the grid, whatever runtime runs it.</summary>
    public static IReadOnlyList<RunnerCase> Of(ProfileGrid grid)
    {
        ArgumentNullException.ThrowIfNull(grid);
        if (grid.Name == "seed")
        {
            return
            [
                new("SeedExperiments", "TwoSleepers5sAnd4s", [], Ops.TwoSleepers, 2, 0, 1000, true),
                new("SeedExperiments", "BlockingOffloadDefaultPool", [], Ops.OffloadDefault, 1000, 0, 1000, false),
                new("SeedExperiments", "BlockingOffload1000Workers", [], Ops.OffloadWorkers, 1000, 1000, 1000, true),
                new("SeedExperiments", "AsyncSleeps10000", [], Ops.Sleeps, 10000, 0, 1000, true),
            ];
        }
        var cases = new List<RunnerCase>();
        int d = grid.DelayMs;
        foreach ((string method, string op) in new[] { ("TaskDelayWhenAll", Ops.Sleeps), ("TaskRunWrappedDelay", Ops.SpawnSleeps), ("AsyncMethodWithState", Ops.SleepsState) })
        {
            // The profile's own choice of the async delays' methods, as its .NET cases make it.
            if (grid.AsyncDelayMethods is { Count: > 0 } chosen && !chosen.Contains(method))
            {
                continue;
            }
            foreach (int n in grid.AsyncDelayJobs)
            {
                int dn = grid.AsyncDelayMsAt(n);
                cases.Add(new("AsyncDelays", method, [P("N", n), P("DelayMs", dn)], op, n, 0, dn, true));
            }
        }
        foreach (int n in grid.OffloadJobs)
        {
            cases.Add(new("DefaultPoolOffload", "DefaultThreadPool", [P("N", n), P("DelayMs", d)], Ops.OffloadDefault, n, 0, d, false));
            foreach (int k in grid.Workers)
            {
                cases.Add(new("MaxWorkersOffload", "BoundedExecutor", [P("N", n), P("K", k), P("DelayMs", d)], Ops.OffloadWorkers, n, k, d, true));
                // Bounded by what k threads alone take (the profile's limit applies), as on .NET (IdealTime.For).
                cases.Add(new("MaxWorkersOffload", "RaisedMinThreads", [P("N", n), P("K", k), P("DelayMs", d)], Ops.OffloadRaisedMinimum, n, k, d, true));
            }
        }
        foreach (int n in grid.BlockingJobs)
        {
            cases.Add(new("BlockingCalls", "Sequential", [P("N", n), P("DelayMs", d)], Ops.Sequential, n, 0, d, true));
            cases.Add(new("BlockingCalls", "ThreadPerCall", [P("N", n), P("DelayMs", d)], Ops.ThreadPerCall, n, 0, d, true));
            // Like the default pool, its time is the pool's growth: kept whatever its ideal, bounded by the timeout.
            cases.Add(new("PoolStarvation", "ProbeBehindBlockingCalls", [P("N", n), P("DelayMs", d)], Ops.StarvationProbe, n, 0, d, false));
        }
        foreach (int n in grid.SyncOverAsyncJobs ?? [])
        {
            // Its time is the pool's growth by blocking compensation: kept whatever its ideal, bounded by the timeout.
            cases.Add(new("BlockingCalls", "SyncOverAsyncInPool", [P("N", n), P("DelayMs", d)], Ops.TaskWaitInPool, n, 0, d, false));
        }
        return cases;
    }

    /// <summary>
    /// What <paramref name="runtime"/> runs of <paramref name="grid"/> and what it leaves out, in this order: a case whose
    /// op the runner does not list is not run (it has no twin there), silently; a bounded case whose ideal is past the
    /// profile's limit is not run, silently (as on .NET); a case of <see cref="LeaveOuts"/> is left out with its reason; a
    /// case whose ideal is past the operation timeout is left out (it could only fail). Then <paramref name="filter"/>
    /// selects, among both.
    /// </summary>
    public static CasePlan Plan(ProfileGrid grid, string runtime, RunnerDescription runner, CaseFilter filter, IReadOnlyList<LeaveOut>? leaveOuts = null)
    {
        ArgumentNullException.ThrowIfNull(grid);
        ArgumentNullException.ThrowIfNull(runner);
        ArgumentNullException.ThrowIfNull(filter);
        var cases = new List<PlannedCase>();
        var leftOut = new List<LeftOutCase>();
        foreach (RunnerCase c in Of(grid))
        {
            if (!runner.Ops.TryGetValue(c.Op, out string? label))
            {
                continue;
            }
            double ideal = c.IdealSeconds(runner.DefaultPoolThreads, runner.TimerEarlyMs);
            if (c.Bounded && c.LimitSeconds(ideal) > grid.MaxIdealPerOperationSeconds)
            {
                continue;
            }
            if (!filter.Selects(c))
            {
                continue;
            }
            if (LeaveOuts.ReasonFor(runtime, grid.Name, c.ShortName, leaveOuts) is string reason)
            {
                leftOut.Add(new(c, reason));
            }
            else if (ideal > grid.OperationTimeoutSeconds)
            {
                leftOut.Add(new(c, string.Create(CultureInfo.InvariantCulture, $"its ideal {ideal:0.###} s is past the operation timeout ({grid.OperationTimeoutSeconds:0.###} s)")));
            }
            else
            {
                cases.Add(new(c, label, ideal));
            }
        }
        return new CasePlan(cases, leftOut);
    }
}
