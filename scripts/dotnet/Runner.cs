// The .NET runner of ConcurrencyBench, a child of the suite's orchestrator (`cbench runtimes`, `cbench sizes`), which owns
// the grid, the cases, the budget, the timeouts, verification and the results file. It speaks concurrencybench-runner/1
// (docs/runtimes.md), as scripts/go, scripts/rust, scripts/node and scripts/python do:
//
//   concurrencybench-dotnet --describe     one JSON line: the runtime, what it sees (processors, pool), the ops
//   concurrencybench-dotnet --case JSON    prime as told, print {"ready":true}, then one {"burst":{…}} per "burst" line
//                                          on stdin, until "stop" or the end of stdin
//
// The models are the benchmarks' own (src/ConcurrencyBench.Models): BenchmarkDotNet measures them in the reports; this
// runner puts them under the orchestrator's method, so that a run of every runtime at one machine size (a CPU quota,
// one pinned core, DOTNET_PROCESSOR_COUNT) measures .NET exactly as it measures the others.
// Exit codes: 0 stopped; 1 a failure ({"error":"…"} on stdout); 2 a bad command line (one line on stderr).
using System.Diagnostics;
using System.Runtime.InteropServices;
using System.Text.Json;
using System.Text.Json.Nodes;
using ConcurrencyBench.Models;

const string Protocol = "concurrencybench-runner/1";
var ops = new Dictionary<string, (string Label, Func<int, IConcurrencyModel> Model)>(StringComparer.Ordinal)
{
    ["sleeps"] = ("Task.Delay + WhenAll", _ => new TaskDelayWhenAll()),
    ["spawn-sleeps"] = ("Task.Run(async delay) + WhenAll", _ => new TaskRunWrappedDelay()),
    ["offload-default"] = ("Task.Run(Thread.Sleep) on the default thread pool", _ => new DefaultThreadPoolOffload()),
    ["offload-workers"] = ("bounded executor of k threads, Thread.Sleep", k => new BoundedExecutorOffload(k)),
    ["offload-raised-minimum"] = ("Task.Run(Thread.Sleep) after ThreadPool.SetMinThreads(k)", k => new RaisedMinThreadPoolOffload(k)),
    ["starvation-probe"] = ("a work item queued behind N Thread.Sleep calls on the default thread pool: its wait", _ => new ProbeBehindBlockingCalls()),
    ["task-wait-in-pool"] = ("Task.Run(Task.Delay(d).Wait()) on the default thread pool", _ => new SyncOverAsyncInPool()),
    ["sequential"] = ("Thread.Sleep in turn", _ => new SequentialBlocking()),
    ["thread-per-call"] = ("new Thread per call, Thread.Sleep", _ => new ThreadPerCall()),
};

return args switch
{
    ["--describe"] => Describe(),
    ["--case", string json] => RunCase(json),
    _ => Usage(),
};

int Usage()
{
    Console.Error.WriteLine("error: usage: concurrencybench-dotnet --describe | --case JSON");
    return 2;
}

int Describe()
{
    ThreadPool.GetMinThreads(out int minWorkers, out _);
    ThreadPool.GetMaxThreads(out int maxWorkers, out _);
    var line = new JsonObject
    {
        ["protocol"] = Protocol,
        ["runtime"] = new JsonObject
        {
            ["name"] = ".NET",
            ["version"] = Environment.Version.ToString(),
            ["detail"] = $"{RuntimeInformation.FrameworkDescription} (JIT) {RuntimeInformation.RuntimeIdentifier}, ProcessorCount {Environment.ProcessorCount}, pool minimum {minWorkers}",
        },
        ["machine"] = Machine(),
        ["peakRssScope"] = ProcessStats.ResetPeakWorkingSet() ? "burst" : "process",
        // What the runtime sizes itself by here: Environment.ProcessorCount (affinity, a CPU quota rounded up, or
        // DOTNET_PROCESSOR_COUNT), and the pool it starts with (its minimum) and may grow to.
        ["processors"] = Environment.ProcessorCount,
        ["defaultPool"] = new JsonObject
        {
            ["threads"] = maxWorkers,
            ["minimum"] = minWorkers,
            ["rule"] = "the thread pool starts at its minimum (ProcessorCount) and adds threads while starved, about one per 500 ms (PortableThreadPool's gate thread), up to its maximum",
        },
        ["timerEarlyMs"] = Math.Round(ProcessStats.TimerTickMilliseconds(), 3),
        ["ops"] = new JsonObject([.. ops.Select(o => KeyValuePair.Create(o.Key, (JsonNode?)o.Value.Label))]),
    };
    Console.WriteLine(line.ToJsonString());
    return 0;
}

int RunCase(string json)
{
    Spec spec;
    try
    {
        spec = Spec.Parse(json, ops.Keys);
    }
    catch (Exception e) when (e is JsonException or FormatException or InvalidOperationException or KeyNotFoundException)
    {
        Console.Error.WriteLine($"error: --case: {e.Message.ReplaceLineEndings(" ")}");
        return 2;
    }
    try
    {
        IConcurrencyModel model = ops[spec.Op].Model(spec.K);
        try
        {
            // Priming at a size that cannot grow any pool: at most as many jobs as cores, k likewise capped.
            int primedN = Math.Min(spec.N, Environment.ProcessorCount);
            // A wait on a task that blocks would make the pool's blocking compensation add threads before the burst (the
            // burst is a cold pool): Task.Wait is primed on delays of 0, which complete before they are waited on (as
            // BlockingCalls primes it on the BenchmarkDotNet side).
            int primingDelayMs = spec.Op == "task-wait-in-pool" ? 0 : spec.PrimingDelayMs;
            for (int i = 0; i < spec.PrimingRounds; i++)
            {
                model.RunAsync(new Load(primedN, TimeSpan.FromMilliseconds(primingDelayMs)), new ConcurrencyGauge()).GetAwaiter().GetResult();
            }
            Thread.Sleep(spec.PrimingPauseMs);
            Console.WriteLine("{\"ready\":true}");
            while (Console.ReadLine() is string command)
            {
                switch (command.Trim())
                {
                    case "stop":
                        return 0;
                    case "burst":
                        Console.WriteLine(new JsonObject { ["burst"] = Measure(model, spec) }.ToJsonString());
                        break;
                    default:
                        throw new InvalidOperationException($"unknown command \"{command.Trim()}\" on stdin (expected burst or stop)");
                }
            }
            return 0;
        }
        finally
        {
            (model as IDisposable)?.Dispose();
        }
    }
    catch (Exception e) when (e is InvalidOperationException or TimeoutException or AggregateException or IOException)
    {
        Console.WriteLine(new JsonObject { ["error"] = $"{e.GetType().Name}: {e.Message.ReplaceLineEndings(" ")}" }.ToJsonString());
        return 1;
    }
}

// One burst: collect what earlier bursts left outside the measurement, then the wall time, CPU and switches of the
// process, its threads and its peak resident memory reset at the start (the same fields as every runner's).
static JsonObject Measure(IConcurrencyModel model, Spec spec)
{
    GC.Collect();
    GC.WaitForPendingFinalizers();
    GC.Collect();
    var gauge = new ConcurrencyGauge();
    ProcessStats.ResetPeakWorkingSet();
    ProcessStats.Snapshot before = ProcessStats.Current();
    ResourceUsage cpu0 = ResourceUsage.Process();
    // The default pool's growth: the times (ms from the burst's start) at which its thread count rose, read every 10 ms
    // by a thread of its own (not the pool's), so that the report can set them against the gate thread's 500 ms rhythm.
    var injections = new List<double>();
    using var stop = new ManualResetEventSlim();
    Thread? sampler = !IsPoolOp(spec.Op) ? null : new Thread(() =>
    {
        int seen = ThreadPool.ThreadCount;
        long from = Stopwatch.GetTimestamp();
        while (!stop.Wait(10))
        {
            int now = ThreadPool.ThreadCount;
            for (; seen < now; seen++)
            {
                injections.Add(Math.Round(Stopwatch.GetElapsedTime(from).TotalMilliseconds, 1));
            }
            seen = Math.Max(seen, now);
        }
    })
    { IsBackground = true, Name = "pool growth" };
    sampler?.Start();
    long started = Stopwatch.GetTimestamp();
    model.RunAsync(new Load(spec.N, TimeSpan.FromMilliseconds(spec.DelayMs)), gauge).GetAwaiter().GetResult();
    // The probe's burst is its wait (queued to running), timed by the probe itself; the load behind it drained within
    // RunAsync so that no blocked thread leaks into the next burst.
    double ns = model is ProbeBehindBlockingCalls probe ? probe.LastWait.TotalNanoseconds : Stopwatch.GetElapsedTime(started).TotalNanoseconds;
    stop.Set();
    sampler?.Join();
    ResourceUsage cpu = ResourceUsage.Process() - cpu0;
    ProcessStats.Snapshot after = ProcessStats.Current();
    var record = new JsonObject
    {
        ["ns"] = Math.Round(ns),
        ["userMs"] = Math.Round(cpu.UserMs, 3),
        ["systemMs"] = Math.Round(cpu.SystemMs, 3),
        ["voluntarySwitches"] = cpu.VoluntarySwitches,
        ["involuntarySwitches"] = cpu.InvoluntarySwitches,
        ["threads"] = Math.Max(before.Threads, after.Threads),
        ["threadsAtStart"] = before.Threads,
        ["peakRssBytes"] = Math.Max(after.PeakWorkingSetBytes, Math.Max(after.WorkingSetBytes, before.WorkingSetBytes)),
        ["rssAtStartBytes"] = before.WorkingSetBytes,
        ["maxConcurrent"] = gauge.MaxConcurrent,
        // The blocking models count each call as it ends; a sleep has no body to count in (the gauge observes the sleeps
        // pending), so its results came back when WhenAll returned without a fault: N of them.
        ["check"] = new JsonObject { ["completed"] = spec.Op.Contains("sleeps", StringComparison.Ordinal) ? spec.N : gauge.Completed, ["maxConcurrent"] = gauge.MaxConcurrent },
    };
    if (sampler is not null)
    {
        record["injections"] = new JsonArray([.. injections.Select(t => (JsonNode?)t)]);
    }
    return record;
}

// The ops on the default pool, whose growth each burst records.
static bool IsPoolOp(string op) => op is "offload-default" or "offload-raised-minimum" or "starvation-probe" or "task-wait-in-pool";

// The machine as every runner names it: the processor from /proc/cpuinfo's "model name", its "processor" lines (the
// machine's logical cores, whatever this process may use), the OS, the architecture.
static JsonObject Machine()
{
    string? processor = null;
    int cores = Environment.ProcessorCount;
    try
    {
        string[] lines = File.ReadAllLines("/proc/cpuinfo");
        processor = lines.FirstOrDefault(l => l.StartsWith("model name", StringComparison.Ordinal))?.Split(':', 2)[1].Trim();
        int listed = lines.Count(l => l.StartsWith("processor", StringComparison.Ordinal));
        cores = listed > 0 ? listed : cores;
    }
    catch (IOException)
    {
        // Not Linux: the runtime's own count.
    }
    return new JsonObject
    {
        ["processor"] = processor is null ? null : string.Join(' ', processor.Split(' ', StringSplitOptions.RemoveEmptyEntries).Take(2)),
        ["logicalCores"] = cores,
        ["os"] = RuntimeInformation.OSDescription,
        ["architecture"] = RuntimeInformation.OSArchitecture.ToString(),
    };
}

/// <summary>--case's JSON: the op, n, k, d and the priming every runtime is told.</summary>
internal sealed record Spec(string Op, int N, int K, int DelayMs, int PrimingRounds, int PrimingDelayMs, int PrimingPauseMs)
{
    private static readonly string[] s_fields = ["op", "n", "k", "delayMs", "priming"];

    /// <exception cref="FormatException">A field is missing, unknown, or out of range (the message names it).</exception>
    public static Spec Parse(string json, IEnumerable<string> ops)
    {
        using JsonDocument document = JsonDocument.Parse(json);
        JsonElement root = document.RootElement;
        // Fail closed on a field this runner does not know (a newer orchestrator's): it would be ignored silently.
        if (root.EnumerateObject().Select(p => p.Name).FirstOrDefault(name => !s_fields.Contains(name)) is string unknown)
        {
            throw new FormatException($"unknown field \"{unknown}\"");
        }
        string op = root.GetProperty("op").GetString() ?? "";
        if (!ops.Contains(op))
        {
            throw new FormatException($"op \"{op}\" is not one of .NET's (see --describe)");
        }
        int n = root.GetProperty("n").GetInt32(), k = root.GetProperty("k").GetInt32(), d = root.GetProperty("delayMs").GetInt32();
        if (d < 1 || n < 1 || k < 0 || (k < 1 && op is "offload-workers" or "offload-raised-minimum"))
        {
            throw new FormatException("delayMs and n must be at least 1, and k too for offload-workers and offload-raised-minimum");
        }
        JsonElement priming = root.GetProperty("priming");
        int rounds = priming.GetProperty("rounds").GetInt32(), primingDelay = priming.GetProperty("delayMs").GetInt32(), pause = priming.GetProperty("pauseMs").GetInt32();
        if (rounds < 0 || primingDelay < 0 || pause < 0)
        {
            throw new FormatException("priming {rounds, delayMs, pauseMs} must not be negative");
        }
        return new Spec(op, n, k, d, rounds, Math.Max(primingDelay, 1), pause);
    }
}

/// <summary>
/// PoolStarvation.ProbeBehindBlockingCalls as a model: N <c>Thread.Sleep(d)</c> calls queued to the default pool, then a
/// probe work item; <see cref="LastWait"/> is the probe's wait from queued to running, and RunAsync returns once the
/// calls have drained.
/// </summary>
internal sealed class ProbeBehindBlockingCalls : IConcurrencyModel
{
    /// <summary>The last run's probe wait.</summary>
    public TimeSpan LastWait { get; private set; }

    public string Name => "probe behind blocking calls";

    public TimeSpan IdealTime(Load load) => TimeSpan.Zero;

    public async Task RunAsync(Load load, ConcurrencyGauge gauge, CancellationToken cancellationToken = default) =>
        LastWait = await StarvationProbe.MeasureAsync(load, PoolLoadKind.BlockingCalls, gauge).ConfigureAwait(false);
}
