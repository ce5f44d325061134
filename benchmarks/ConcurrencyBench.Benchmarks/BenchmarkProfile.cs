namespace ConcurrencyBench.Benchmarks;

/// <summary>A point of the chat sweep: <paramref name="Clients"/> clients each offering <paramref name="Rate"/> lines per second.</summary>
/// <param name="Clients">Clients C.</param>
/// <param name="Rate">Lines per second each client sends.</param>
public readonly record struct ChatPoint(int Clients, int Rate);

/// <summary>
/// The machine-size sweep's chat point: <paramref name="Clients"/> clients each offering <paramref name="Rate"/> lines
/// per second, to each server model of <paramref name="Models"/> (cbench chat-server's names), in windows of
/// <paramref name="WindowMs"/> ms: window 1 a fresh process's cold window, window 2 its warm one.
/// </summary>
public sealed record SizesChat(int Clients, int Rate, int WindowMs, IReadOnlyList<string> Models);

/// <summary>
/// A named grid of loads and a run length: <c>quick</c> for CI, <c>default</c> for reports, <c>seed</c> for the
/// article's own experiments. The host reads the profile from <see cref="EnvironmentVariable"/>, which Program sets
/// from <c>--profile</c>; BenchmarkDotNet bakes the parameter values into each case's process.
/// </summary>
public sealed record BenchmarkProfile
{
    /// <summary>Carries the profile name from Program to the [ParamsSource] getters.</summary>
    public const string EnvironmentVariable = "CONCURRENCYBENCH_PROFILE";

    /// <summary>The profile's name on the command line.</summary>
    public required string Name { get; init; }

    /// <summary>One line on what the profile is for.</summary>
    public required string Purpose { get; init; }

    /// <summary>The categories the profile runs.</summary>
    public required IReadOnlyList<string> Categories { get; init; }

    /// <summary>Measured iterations per case (RunStrategy.Monitoring: one operation per iteration).</summary>
    public required int Iterations { get; init; }

    /// <summary>The delay d of every job, in milliseconds.</summary>
    public required int DelayMs { get; init; }

    /// <summary>N for the pure async delay family.</summary>
    public required IReadOnlyList<int> AsyncDelayJobs { get; init; }

    /// <summary>
    /// The async delay family's d at each N where it is not <see cref="DelayMs"/> (milliseconds): a profile whose sleeps
    /// must outlast creating every task (all-pending) sleeps longer at a million. Empty: d = <see cref="DelayMs"/> at every N.
    /// </summary>
    public IReadOnlyDictionary<int, int> AsyncDelayMsByJobs { get; init; } = new Dictionary<int, int>();

    /// <summary>
    /// The async delay family's methods this profile runs; empty for all of them. Matched against the method's name.
    /// </summary>
    public IReadOnlyList<string> AsyncDelayMethods { get; init; } = [];

    /// <summary>
    /// Seconds per case and burst kind past which the other runtimes' runners start no more bursts (or cold processes);
    /// null for each runner's own default (2 s). A profile whose every burst must run sets it past its cases' length.
    /// </summary>
    public double? RunnerBudgetSeconds { get; init; }

    /// <summary>The async delay family's d at <paramref name="jobs"/>, milliseconds.</summary>
    public int AsyncDelayMsAt(int jobs) => AsyncDelayMsByJobs.TryGetValue(jobs, out int d) ? d : DelayMs;

    /// <summary>N for the offload family.</summary>
    public required IReadOnlyList<int> OffloadJobs { get; init; }

    /// <summary>k for the offload family (the runtime default has its own class).</summary>
    public required IReadOnlyList<int> Workers { get; init; }

    /// <summary>N for the blocking family and the starvation probe.</summary>
    public required IReadOnlyList<int> BlockingJobs { get; init; }

    /// <summary>
    /// N of Task.Wait inside the pool (BlockingCalls.SyncOverAsyncInPool) for the other runtimes' runners, where it
    /// differs from <see cref="BlockingJobs"/>; empty: none (the runners run it only where a profile asks).
    /// </summary>
    public IReadOnlyList<int> SyncOverAsyncJobs { get; init; } = [];

    /// <summary>
    /// The chat point the machine-size sweep serves at every size (<c>cbench sizes</c>: the .NET server started inside
    /// the size, its load outside it); null for none.
    /// </summary>
    public SizesChat? SweepChat { get; init; }

    /// <summary>
    /// The chat family's sweep: each point is C clients each offering a rate (lines per second), one benchmark case per
    /// server model. A rate swept at a fixed C, and C swept at a fixed rate (<see cref="ChatSharedRate"/>), share points.
    /// </summary>
    public IReadOnlyList<ChatPoint> ChatPoints { get; init; } = [];

    /// <summary>The per-client rate the C sweep holds fixed, at which the report compares the models (lines per second).</summary>
    public int ChatSharedRate { get; init; }

    /// <summary>
    /// The point also measured as cold bursts (window 1 of each of several fresh server processes), for the gate and the
    /// models' comparison at the shared rate; null for none. The other points' figures are their warm windows.
    /// </summary>
    public ChatPoint? ChatColdPoint { get; init; }

    /// <summary>The C values of <see cref="ChatPoints"/>, ascending.</summary>
    public IReadOnlyList<int> ChatClients => [.. ChatPoints.Select(p => p.Clients).Distinct().Order()];

    /// <summary>The rates of <see cref="ChatPoints"/>, ascending.</summary>
    public IReadOnlyList<int> ChatRates => [.. ChatPoints.Select(p => p.Rate).Distinct().Order()];

    /// <summary>N (users joining at once) for the user-table family.</summary>
    public IReadOnlyList<int> UserTableUsers { get; init; } = [];

    /// <summary>
    /// Cases whose ideal time per operation is above this are left out of the profile (and listed when the run
    /// starts): k = 1 with N = 1000 would need 1000·d per operation, for example.
    /// </summary>
    public required TimeSpan MaxIdealPerOperation { get; init; }

    /// <summary>
    /// Fresh processes per cold-burst case (<see cref="BurstMode.Cold"/>), one operation each. The first operation of
    /// the repeated-burst process is one more cold burst, so a case has <c>ColdLaunches + 1</c> independent samples.
    /// </summary>
    public required int ColdLaunches { get; init; }

    /// <summary>
    /// Cases left out by name, with the reason the run prints: a case whose cold bursts alone would break the
    /// profile's time budget. Matched against BenchmarkDotNet's full name without the namespace.
    /// </summary>
    public IReadOnlyDictionary<string, string> LeftOut { get; init; } = new Dictionary<string, string>();

    /// <summary>
    /// Cases left out of the NativeAOT job only, by name, with the reason the run prints: the JIT job still runs
    /// them. Matched as <see cref="LeftOut"/>.
    /// </summary>
    public IReadOnlyDictionary<string, string> LeftOutAheadOfTime { get; init; } = new Dictionary<string, string>();

    /// <summary>
    /// No operation may take longer: one that does fails its case with a TimeoutException instead of hanging the
    /// run (a starved pool makes progress only as fast as the runtime injects threads).
    /// </summary>
    public required TimeSpan OperationTimeout { get; init; }

    /// <summary>For CI: short delays, N up to 10,000, 10 iterations, 7 cold launches, the whole profile in under 5 minutes here.</summary>
    public static BenchmarkProfile Quick { get; } = new()
    {
        Name = "quick",
        Purpose = "CI regression gate: 20 ms delays, N up to 10,000",
        Categories = [Benchmarks.Categories.AsyncDelays, Benchmarks.Categories.Offload, Benchmarks.Categories.Blocking, Benchmarks.Categories.SharedState, Benchmarks.Categories.Chat],
        Iterations = 10,
        DelayMs = 20,
        AsyncDelayJobs = [1, 100, 10_000],
        OffloadJobs = [100],
        Workers = [4, 64, 1000],
        BlockingJobs = [10, 100],
        UserTableUsers = [10_000],
        // The models' knee at 1,000 clients in small: a low rate every model holds and one where the thread per
        // connection is past its knee here. The low one is measured cold too (the gate judges its cold bursts).
        ChatPoints = [new(1000, 2), new(1000, 20)],
        ChatSharedRate = 2,
        ChatColdPoint = new(1000, 2),
        // 8 independent samples per history-dependent case: enough for Mann-Whitney to see a 25% slowdown.
        ColdLaunches = 7,
        MaxIdealPerOperation = TimeSpan.FromSeconds(0.6),
        OperationTimeout = TimeSpan.FromSeconds(30),
    };

    /// <summary>
    /// For reports: d = 100 ms, N up to 100,000 for async delays. The million is the all-pending profile's (<see cref="AllPending"/>),
    /// where every task is asleep at once.
    /// </summary>
    public static BenchmarkProfile Default { get; } = new()
    {
        Name = "default",
        Purpose = "report: 100 ms delays, N up to 100,000 async delays (the million: the all-pending profile)",
        Categories = [Benchmarks.Categories.AsyncDelays, Benchmarks.Categories.Offload, Benchmarks.Categories.Blocking, Benchmarks.Categories.SharedState, Benchmarks.Categories.Chat],
        // 8 bursts: 7 warm samples, whose [min, max] covers the median with 98.4%; 10 took the run with .NET, NativeAOT
        // and Python past its 30-minute budget on a 2-core machine.
        Iterations = 8,
        DelayMs = 100,
        // N = 1,000 is on every grid (async delays, offload, blocking calls): the summary sets async against threads and
        // a pool at one N. N = 100 of async delays and k = 1 (one worker is the calls in turn, which the blocking family
        // measures) are left out for the run's time: with every runtime it came to 45 minutes with them.
        // No million here: at d = 100 ms creating a million tasks outlasts the sleep, so a burst never holds a million at
        // once (on 7 December as few as 272,014 on .NET, 56,150 on Go, 18,400 of tokio's spawned tasks), and the
        // published comparisons it was set beside slept 10 s. The all-pending profile measures the million with every
        // task asleep (scripts/run.sh --profile all-pending); here its d = 100 ms cases cost about 10 minutes of the
        // run on every runtime (Python's alone 208 s, 37 s a burst).
        AsyncDelayJobs = [1, 1000, 10_000, 100_000],
        OffloadJobs = [10, 100, 1000],
        Workers = [4, 16, 64, 256, 1000],
        BlockingJobs = [1, 10, 100, 1000],
        UserTableUsers = [1, 100, 10_000],
        // The knee of each model: the rate per client swept at 1,000 and at 10,000 clients, and C swept at 2 lines/s
        // (1,000, 3,000, 10,000). Each point's windows are derived from C and the rate (ChatLoadOptions.WindowFor); the
        // whole family's time is estimated from this grid by ChatServerLoad.EstimatedDuration and held to about 5
        // minutes by a test.
        ChatPoints = [new(1000, 2), new(1000, 5), new(1000, 10), new(1000, 20), new(1000, 40), new(3000, 2), new(10_000, 1), new(10_000, 2), new(10_000, 4)],
        ChatSharedRate = 2,
        ChatColdPoint = new(1000, 2),
        // 6 independent samples per history-dependent case: the smallest n whose [min, max] covers the median with
        // at least 95% (96.9%).
        ColdLaunches = 5,
        LeftOut = new Dictionary<string, string>
        {
            // Measured here: its first burst took 86.5 s; 6 cold bursts plus the 10 repeated ones would take about
            // 13 minutes alone, past the profile's 20-minute budget. N = 100 shows the same mechanism.
            ["BlockingCalls.SyncOverAsyncInPool(N: 1000, DelayMs: 100)"] =
                "its cold bursts take about 90 s each (blocking compensation injects threads slowly); N = 100 shows the same mechanism",
            // Measured here: 15.8 s per cold burst against 16.0 s for DefaultPoolOffload.DefaultThreadPool(N: 1000): the
            // probe starts once the pool has started the 1,000 calls queued before it, which is that case's time
            // less one d. 16 bursts of it cost about 3 minutes of the run's 30.
            ["PoolStarvation.ProbeBehindBlockingCalls(N: 1000, DelayMs: 100)"] =
                "its wait is the default pool's time for the same 1,000 calls less one d (DefaultPoolOffload.DefaultThreadPool(N: 1000) measures it); N = 100 shows the same mechanism",
        },
        LeftOutAheadOfTime = new Dictionary<string, string>
        {
            // Measured here on 1 December: 6 cold bursts of 15.3 s [14.1, 16.3] ahead of time against the JIT's
            // 14.2 s [12.8, 17.0], 97 s of the run; the pool's injection is the same managed code in both, as for the
            // raised minimum (which NativeAOT does not repeat either). A run of every runtime came to 38 minutes with it.
            ["DefaultPoolOffload.DefaultThreadPool(N: 1000, DelayMs: 100)"] =
                "the same thread pool as the JIT's, whose job runs it (on 1 December: 15.3 s [14.1, 16.3] ahead of time against 14.2 s [12.8, 17.0] on the JIT, 97 s of the run); N = 10 and 100 show the same pool ahead of time",
        }.Concat(BoundedExecutorCases().Select(name => KeyValuePair.Create(name,
            // Measured on 7 December: the 12 cases' medians ahead of time were 0.988x to 1.037x the JIT's, 77 s of the run.
            "k dedicated threads are the same managed code ahead of time as on the JIT, whose job runs it (on 7 December the 12 cases' medians ahead of time were 0.988x to 1.037x the JIT's, 77 s of the run)")))
            .ToDictionary(),
        // 2 s: the cases between 2 and 2.6 s per operation (k = 4 at N = 100, on every runtime: about 2 minutes of the
        // run) are left out; k = 4 at N = 10 and k = 16 at N = 100 show the same bound of k workers.
        MaxIdealPerOperation = TimeSpan.FromSeconds(2.0),
        OperationTimeout = TimeSpan.FromSeconds(120),
    };

    // The default profile's bounded-executor cases (its k and N whose ideal is within its 2 s limit), by name.
    private static IEnumerable<string> BoundedExecutorCases()
    {
        int[] workers = [4, 16, 64, 256, 1000], jobs = [10, 100, 1000];
        return workers.SelectMany(k => jobs.Select(n => (k, n)))
            .Where(p => Math.Ceiling((double)p.n / p.k) * 0.1 <= 2.0)
            .Select(p => $"MaxWorkersOffload.BoundedExecutor(N: {p.n}, K: {p.k}, DelayMs: 100)");
    }

    /// <summary>The article's experiments at the article's sizes (1 s, 4 s and 5 s sleeps).</summary>
    public static BenchmarkProfile Seed { get; } = new()
    {
        Name = "seed",
        Purpose = "the seed article's experiments at its own sizes",
        Categories = [Benchmarks.Categories.Seed],
        // The starved default-pool case takes up to 100 s per operation: 5 repeated and 6 cold bursts keep the
        // profile under 30 minutes.
        Iterations = 5,
        DelayMs = 1000,
        AsyncDelayJobs = [10_000],
        OffloadJobs = [1000],
        Workers = [1000],
        BlockingJobs = [1000],
        ColdLaunches = 5,
        MaxIdealPerOperation = TimeSpan.MaxValue,
        OperationTimeout = TimeSpan.FromSeconds(300),
    };

    /// <summary>
    /// A million sleeps all asleep at once: N = 10,000, 100,000 and 1,000,000 concurrent sleeps with a sleep long enough
    /// that every task is pending before the first one wakes (d = 1 s, and 5 s at a million), in fresh processes only,
    /// so that peak memory is the memory of N tasks at once, as the published figures measured it (they slept 10 s).
    /// </summary>
    public static BenchmarkProfile AllPending { get; } = new()
    {
        Name = "all-pending",
        Purpose = "a million sleeps all asleep at once: N = 10k, 100k, 1M sleeping 1 s, 3 s and 25 s, fresh processes only",
        Categories = [Benchmarks.Categories.AsyncDelays],
        // One burst per process, in 3 processes: every burst is a cold one (peak memory of a fresh process holding N
        // sleeping tasks, as published), and 3 give [min, max] as the median's interval (75%) within the run's budget.
        Iterations = 1,
        ColdLaunches = 2,
        DelayMs = 1000,
        AsyncDelayJobs = [10_000, 100_000, 1_000_000],
        // Measured in the default run of 1 December (d = 100 ms): creating a million took long enough that only 201,261
        // (Go), 272,014 (.NET), 323,583 (NativeAOT) and 138,747 (tokio's spawned tasks) were pending at once, about
        // 0.4 to 0.7 s for a million; with every task alive at once (memory not reused) that grows, and the machine is
        // shared. Measured in this profile's quiet run of 7 December (1 s at 100,000, 5 s at a million): Go still had as
        // few as 84,311 of 100,000 (its bursts 2.2 s: creating them took about 1.2 s) and 626,354 of a million (bursts
        // up to 14.9 s: about 10 s), tokio's spawned tasks 632,257 of a million (bursts up to 13.0 s). 3 s and 15 s
        // leave half as much again. A run with 3 s and 15 s (7 December, commit c7ada61) had every task asleep at once
        // but Go's goroutines holding 1 KiB at a million (as few as 974,943: creating them took about 15 s); 25 s leaves
        // 10 s over that. The published figures slept 10 s. Every burst proves it (maxConcurrent = N) and the report
        // leaves out any that does not.
        AsyncDelayMsByJobs = new Dictionary<int, int> { [100_000] = 3000, [1_000_000] = 25_000 },
        // The published shapes: Task.Delay + WhenAll (hez2010), a task holding 1 KiB of state (their readers' ask), and
        // Task.Run around the delay (pkolaczk's .NET, tokio::spawn's twin).
        AsyncDelayMethods = [nameof(AsyncDelays.TaskDelayWhenAll), nameof(AsyncDelays.AsyncMethodWithState), nameof(AsyncDelays.TaskRunWrappedDelay)],
        OffloadJobs = [],
        Workers = [],
        BlockingJobs = [],
        // The million's 25 s sleep is its ideal: the limit must not drop it.
        MaxIdealPerOperation = TimeSpan.FromSeconds(30),
        // Python's million took 20 to 25 s a burst on a quiet machine (the default run of 1 December) and past 180 s at a
        // load of 17 on the 2 shared cores (7 December): 10 minutes bounds a burst that hangs without failing a slow one.
        OperationTimeout = TimeSpan.FromSeconds(600),
        // Every process's burst runs: no runner cuts a case short of its 3 processes.
        RunnerBudgetSeconds = 1000,
    };

    /// <summary>
    /// The profile's grid as JSON: the one description other runtimes' runners (scripts/python) read, so that they
    /// run the same N, k and d with the same limits as the .NET cases.
    /// </summary>
    public string Describe()
    {
        using var stream = new MemoryStream();
        using (var json = new System.Text.Json.Utf8JsonWriter(stream, new System.Text.Json.JsonWriterOptions { Indented = true }))
        {
            json.WriteStartObject();
            json.WriteString("name", Name);
            json.WriteString("purpose", Purpose);
            json.WriteNumber("delayMs", DelayMs);
            json.WriteNumber("iterations", Iterations);
            json.WriteNumber("coldLaunches", ColdLaunches);
            void Array(string name, IReadOnlyList<int> values)
            {
                json.WriteStartArray(name);
                foreach (int value in values)
                {
                    json.WriteNumberValue(value);
                }
                json.WriteEndArray();
            }
            Array("asyncDelayJobs", AsyncDelayJobs);
            // Optional keys, written only where a profile sets them (older runners' grids stay as they were).
            if (AsyncDelayMsByJobs.Count > 0)
            {
                json.WriteStartObject("asyncDelayMsByJobs");
                foreach ((int jobs, int d) in AsyncDelayMsByJobs.OrderBy(p => p.Key))
                {
                    json.WriteNumber(jobs.ToString(System.Globalization.CultureInfo.InvariantCulture), d);
                }
                json.WriteEndObject();
            }
            if (RunnerBudgetSeconds is double budget)
            {
                json.WriteNumber("budgetSeconds", budget);
            }
            if (AsyncDelayMethods.Count > 0)
            {
                json.WriteStartArray("asyncDelayMethods");
                foreach (string method in AsyncDelayMethods)
                {
                    json.WriteStringValue(method);
                }
                json.WriteEndArray();
            }
            Array("offloadJobs", OffloadJobs);
            Array("workers", Workers);
            Array("blockingJobs", BlockingJobs);
            if (SyncOverAsyncJobs.Count > 0)
            {
                Array("syncOverAsyncJobs", SyncOverAsyncJobs);
            }
            if (SweepChat is { } chat)
            {
                json.WriteStartObject("sizesChat");
                json.WriteNumber("clients", chat.Clients);
                json.WriteNumber("rate", chat.Rate);
                json.WriteNumber("windowMs", chat.WindowMs);
                json.WriteStartArray("models");
                foreach (string model in chat.Models)
                {
                    json.WriteStringValue(model);
                }
                json.WriteEndArray();
                json.WriteEndObject();
            }
            // A profile without a limit (seed) says so with a very large number: JSON has no infinity.
            json.WriteNumber("maxIdealPerOperationSeconds", MaxIdealPerOperation == TimeSpan.MaxValue ? 1e9 : MaxIdealPerOperation.TotalSeconds);
            json.WriteNumber("operationTimeoutSeconds", OperationTimeout.TotalSeconds);
            json.WriteEndObject();
        }
        return System.Text.Encoding.UTF8.GetString(stream.ToArray());
    }

    /// <summary>
    /// The machine-size sweep's grid (<c>cbench sizes</c>, <c>scripts/run.sh --profile sizes</c>): the cases whose answer
    /// depends on the cores by construction, every runtime through its runner at each size (1 and all real cores, CPU
    /// quotas, configured processor counts). The default pools at N = 1,000 (the seed's 1,000 blocking calls); the usual
    /// fixes at k = 100 (.NET's minimum raised to 100, and every runtime's pool of 100); on .NET a probe queued behind
    /// the calls (the collateral damage); a thread per call at 1,000; and the bare sleeps at 1,000 and 100,000 (a
    /// pool's cores should not matter to timers: the control); on .NET, Task.Wait inside the pool at 100 (the pool's blocking
    /// compensation; at 1,000 its timers' callbacks queue behind the blocked calls: 82 s a burst on 2 cores, past the
    /// budget of 8 sizes), and the chat server at one rate (<see cref="SweepChat"/>). One burst in each of 3 fresh
    /// processes: a cold pool each time, as a container starts.
    /// </summary>
    public static BenchmarkProfile Sizes { get; } = new()
    {
        Name = "sizes",
        Purpose = "machine size as an axis: default pools, a raised minimum and pools of 100, a starvation probe, Task.Wait in the pool and the chat server (.NET), a thread per call and sleeps at 1 and 2 real cores, CPU quotas of 0.5, 1 and 1.5, and configured as 4, 16 and 64 cores",
        Categories = [Benchmarks.Categories.AsyncDelays, Benchmarks.Categories.Offload, Benchmarks.Categories.Blocking],
        Iterations = 1,
        ColdLaunches = 2,
        DelayMs = 100,
        AsyncDelayJobs = [1000, 100_000],
        AsyncDelayMethods = [nameof(AsyncDelays.TaskDelayWhenAll)],
        OffloadJobs = [1000],
        Workers = [100],
        BlockingJobs = [1000],
        // Task.Wait inside the pool at 100, not 1,000: its waits' timer callbacks queue behind the blocked calls, so the
        // pool must grow by compensation to about N threads (82 s a burst at 1,000 on 2 cores; 11.7 s at 100 on 1 core).
        SyncOverAsyncJobs = [100],
        // The chat server at one rate: 1,000 clients at 5 lines/s (5,000 lines/s, fanned out to 9 others each). On 2
        // cores both the async server and a thread per connection hold it; under a 0.5-CPU quota the thread per
        // connection lost a third of its lines in a trial (8 December). Windows of 2 s: 10,000 lines, a p99 on 100.
        SweepChat = new(1000, 5, 2000, ["async", "threads"]),
        // A thread per call's d, and a pool of 100's 1 s; 1,000 calls in turn (100 s) are not a question of cores.
        MaxIdealPerOperation = TimeSpan.FromSeconds(2),
        // Node's default pool on one core: maxThreads ceil(1.5 × 1) = 2, so ceil(1,000 / 2) × 100 ms = 50 s a burst.
        OperationTimeout = TimeSpan.FromSeconds(120),
        // A case whose bursts take over 30 s (Node's and .NET's default pools on few cores) runs in 2 fresh processes,
        // not 3, so that the 8 sizes fit about 30 minutes.
        RunnerBudgetSeconds = 30,
    };

    /// <summary>Every profile, by name.</summary>
    public static IReadOnlyList<BenchmarkProfile> All { get; } = [Quick, Default, Seed, AllPending, Sizes];

    /// <summary>The profile named in <see cref="EnvironmentVariable"/>, or <see cref="Default"/>.</summary>
    public static BenchmarkProfile Current =>
        Find(Environment.GetEnvironmentVariable(EnvironmentVariable)) ?? Default;

    /// <summary>The profile called <paramref name="name"/>; null when there is none (or no name).</summary>
    public static BenchmarkProfile? Find(string? name) =>
        string.IsNullOrEmpty(name) ? null : All.FirstOrDefault(p => p.Name.Equals(name, StringComparison.OrdinalIgnoreCase));
}
