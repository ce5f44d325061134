namespace ConcurrencyBench.Reporting.Runtimes;

/// <summary>A case a runtime does not run in a profile, by name, with the measured reason the run prints.</summary>
/// <param name="Runtime">The runtime's id (<see cref="RuntimeRow.Id"/>).</param>
/// <param name="Profile">The profile's name.</param>
/// <param name="Case">The case's name without the namespace: "MaxWorkersOffload.BoundedExecutor(N: 10, K: 256, DelayMs: 100)".</param>
/// <param name="Reason">Why, with what was measured.</param>
public sealed record LeaveOut(string Runtime, string Profile, string Case, string Reason);

/// <summary>
/// The one table of cases left out by name, every runtime's (as .NET's BenchmarkProfile.LeftOut is .NET's): ones that
/// cannot run within the runtime's share of the profile's time, or of the machine. A case whose ideal is past the
/// operation timeout is left out by rule, not here (<see cref="CaseTable"/>). Go and Rust leave nothing out by name.
/// </summary>
public static class LeaveOuts
{
    // Moved verbatim from scripts/node/bench.mjs (LEFT_OUT), measured on the 2-core development machine. The default
    // pool at N = 1,000 is left out for the default profile's time only: piscina's default pool here is 3 workers that
    // never grow, so its bursts take ceil(N/3)·d (33.6 s against 33.4 s, 101 s of the run on 1 December); the claim on
    // the default executor needs 1,000 workers as well, which Node leaves out anyway.
    private const string Pool256 = "piscina starts the pool's 256 workers, a V8 isolate each, before the burst whatever N is: 2.3 GB resident "
        + "and about 8 s to start per process (3 per case), for bursts of 0.1 to 0.7 s; k = 64 shows the same model";

    private const string Pool1000 = "piscina starts the pool's 1,000 workers, a V8 isolate each, before the burst whatever N is: 8.4 GB resident "
        + "and 25 to 50 s to start per process (3 per case), and at N = 1,000 at most 92 to 113 calls were in progress at once "
        + "(piscina hands calls out more slowly than they end); k = 64 shows the same model";

    /// <summary>Every row.</summary>
    public static IReadOnlyList<LeaveOut> All { get; } =
    [
        new("node", "default", "MaxWorkersOffload.BoundedExecutor(N: 10, K: 256, DelayMs: 100)", Pool256),
        new("node", "default", "MaxWorkersOffload.BoundedExecutor(N: 100, K: 256, DelayMs: 100)", Pool256),
        new("node", "default", "MaxWorkersOffload.BoundedExecutor(N: 1000, K: 256, DelayMs: 100)", Pool256),
        new("node", "default", "MaxWorkersOffload.BoundedExecutor(N: 10, K: 1000, DelayMs: 100)", Pool1000),
        new("node", "default", "MaxWorkersOffload.BoundedExecutor(N: 100, K: 1000, DelayMs: 100)", Pool1000),
        new("node", "default", "MaxWorkersOffload.BoundedExecutor(N: 1000, K: 1000, DelayMs: 100)", Pool1000),
        new("node", "default", "DefaultPoolOffload.DefaultThreadPool(N: 1000, DelayMs: 100)", "piscina's default pool has a fixed number of workers "
            + "(3 on a 2-core machine) and never grows, so a burst takes ceil(N/workers)·d: 33.6 s against 33.4 s, 3 bursts and "
            + "101 s of the run; N = 100 shows the same pool"),
        new("node", "default", "BlockingCalls.ThreadPerCall(N: 1000, DelayMs: 100)", "a Worker per call, each a V8 isolate that takes tens of ms to "
            + "start: its bursts took 26 to 43 s, up to 4.9 GB, with at most 35 to 71 of the 1,000 calls in progress at once, so "
            + "they time Workers starting, not 1,000 threads; N = 100 shows the same model"),
        // Measured in the default run of 7 December: 3 bursts of 16.8 s, 50 s of the run.
        new("python", "default", "DefaultPoolOffload.DefaultThreadPool(N: 1000, DelayMs: 100)", "the default executor has a fixed "
            + "min(32, cores + 4) workers (6 on a 2-core machine) and never grows, so a burst takes ceil(N/workers)·d: 16.8 s "
            + "against 16.7 s on 7 December, 3 bursts and 50 s of the run; N = 100 shows the same executor"),
    ];

    /// <summary>The reason <paramref name="runtime"/> leaves <paramref name="caseName"/> (without the namespace) out of <paramref name="profile"/>; null when it runs it.</summary>
    public static string? ReasonFor(string runtime, string profile, string caseName, IReadOnlyList<LeaveOut>? table = null) =>
        (table ?? All).FirstOrDefault(r => r.Runtime == runtime && r.Profile == profile && r.Case == caseName)?.Reason;
}
