using System.Text.Json;
using ConcurrencyBench.Cli;
using ConcurrencyBench.Reporting.Runtimes;

namespace ConcurrencyBench.Reporting.Tests;

/// <summary>
/// <c>cbench runtimes</c> (<see cref="Orchestrator"/>) against a fake runner: a small python3 script written here that
/// speaks concurrencybench-runner/1 and answers every burst at once with a record it makes up (its "mode" breaks the
/// protocol, fails, hangs or reports too many jobs at once). Never timing: counts, names, messages and exit codes.
/// </summary>
public sealed class OrchestratorTests : IDisposable
{
    private const string FakeRunner = """
        import json, os, subprocess, sys
        mode = sys.argv[1]
        args = sys.argv[2:]
        here = os.path.dirname(os.path.abspath(__file__))
        def say(o):
            sys.stdout.write(json.dumps(o) + "\n"); sys.stdout.flush()
        ops = ["sleeps", "sleeps-state", "offload-default", "offload-workers", "sequential", "thread-per-call", "two-sleepers"]
        if args == ["--describe"]:
            say({"protocol": "concurrencybench-runner/0" if mode == "version" else "concurrencybench-runner/1",
                 "runtime": {"name": "Fake", "version": "1.0", "detail": "a test's runner"},
                 "machine": {"processor": "Test CPU", "logicalCores": 2, "os": "Linux", "architecture": "X64"},
                 "peakRssScope": "burst", "defaultPool": {"threads": 4, "rule": "four threads"}, "timerEarlyMs": 0,
                 "ops": {op: "fake " + op for op in ops}})
            sys.exit(0)
        assert args[0] == "--case"
        spec = json.loads(args[1])
        with open(os.path.join(here, "cases.jsonl"), "a") as f:
            f.write(json.dumps(spec) + "\n")
        if mode == "hang" and spec["n"] == 10:
            # A burst that never ends, with a process of its own that must end with it (the process group).
            sleeper = subprocess.Popen(["sleep", "600"])
            with open(os.path.join(here, "sleeper.pid"), "w") as f:
                f.write(str(sleeper.pid))
        say({"ready": True})
        for line in sys.stdin:
            if line.strip() == "stop":
                break
            n, k, op = spec["n"], spec["k"], spec["op"]
            if mode == "badline":
                say({"hello": 1}); continue
            if mode == "error":
                say({"error": "the model failed"}); sys.exit(1)
            if mode == "hang" and n == 10:
                sys.stdin.readline()
            most = 1 if op == "sequential" else min(n, k) if op == "offload-workers" else min(n, 4) if op == "offload-default" else n
            if mode == "over" and op == "offload-workers":
                most = min(k + 1, n)
            if mode == "over" and op == "offload-default":
                most = 5
            b = {"ns": 1000000 * spec["delayMs"], "userMs": 0.1, "systemMs": 0, "voluntarySwitches": 1, "involuntarySwitches": 0,
                 "threads": 3, "threadsAtStart": 3, "peakRssBytes": 1000000, "rssAtStartBytes": 900000, "maxConcurrent": most,
                 "check": {"completed": 2 if op == "two-sleepers" else n}}
            if op == "sleeps-state":
                b["check"]["touched"] = n
            if op == "two-sleepers":
                b["gather"] = {"results": [0, 1], "resumed": [1, 0]}
            say({"burst": b})
        """;

    private const string TinyGrid = """
        {"name":"tiny","delayMs":20,"iterations":3,"coldLaunches":2,"asyncDelayJobs":[1,10],"offloadJobs":[10],"workers":[4,1000],
         "blockingJobs":[10,100],"maxIdealPerOperationSeconds":1,"operationTimeoutSeconds":5}
        """;

    private readonly TestFiles _files = new();

    public void Dispose() => _files.Dispose();

    // The fake runner in `mode`, as a program of its own (a launcher, as build-runner.sh prints one).
    private string Runner(string mode = "ok") => FakeLauncher(_files, FakeRunner, mode);

    /// <summary>A fake runner's Python <paramref name="script"/> in runner/fake.py and its launcher in `mode` (runner/fake-MODE), as build-runner.sh prints one.</summary>
    internal static string FakeLauncher(TestFiles files, string script, string mode)
    {
        string path = files.Write("runner/fake.py", script);
        string launcher = files.Write($"runner/fake-{mode}", $"#!/bin/sh\nexec python3 '{path}' {mode} \"$@\"\n");
        if (OperatingSystem.IsLinux())
        {
            File.SetUnixFileMode(launcher, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }
        return launcher;
    }

    /// <summary>cbench in this process: its exit code, stdout and stderr.</summary>
    internal static (int Code, string Output, string Error) Cbench(params string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        int code = CommandLine.Run(args, output, error);
        return (code, output.ToString(), error.ToString());
    }

    private (int Code, string Output, string Error) Runtimes(string grid, string runtimes, string mode, params string[] more)
    {
        string runner = Runner(mode);
        var args = new List<string> { "runtimes", "--grid", grid, "--runtimes", runtimes, "--out", _files.PathOf("out"), "--repository", OtherRuntimeRunnerTests.RepositoryRoot() };
        foreach (string id in runtimes.Split(','))
        {
            args.AddRange(["--runner", $"{id}={runner}"]);
        }
        args.AddRange(more);
        return Cbench([.. args]);
    }

    private string Out(string runtime) => Path.Combine(_files.PathOf("out"), runtime + ".json");

    private static List<JsonElement> CasesIn(string path)
    {
        using JsonDocument document = JsonDocument.Parse(File.ReadAllText(path));
        return [.. document.RootElement.GetProperty("cases").EnumerateArray().Select(c => c.Clone())];
    }

    private static string NameOf(JsonElement c) =>
        $"ConcurrencyBench.Benchmarks.{c.GetProperty("type").GetString()}.{c.GetProperty("method").GetString()}"
        + (c.GetProperty("parameters").EnumerateObject().Any() ? $"({string.Join(", ", c.GetProperty("parameters").EnumerateObject().Select(p => $"{p.Name}: {p.Value.GetInt32()}"))})" : "");

    private static RunnerDescription Fake(int poolThreads = 4, double timerEarlyMs = 0, params string[] ops) =>
        new("""{"name":"Fake","version":"1"}""", """{"processor":"x","logicalCores":2,"os":"Linux","architecture":"X64"}""", "burst", poolThreads, "rule", timerEarlyMs,
            (ops.Length > 0 ? ops : [Ops.Sleeps, Ops.SleepsState, Ops.OffloadDefault, Ops.OffloadWorkers, Ops.Sequential, Ops.ThreadPerCall, Ops.TwoSleepers]).ToDictionary(o => o, o => "fake " + o));

    [Fact]
    public void ATinyGridRunsEveryTwinItsRunnerHasAndItsFileLoadsThroughTheSuitesReader()
    {
        string grid = _files.Write("grid.json", TinyGrid);

        var (code, output, error) = Runtimes(grid, "go", "ok", "--budget", "1000");

        Assert.True(code == 0, error);
        // The .NET twins in the .NET order; Sequential(N: 100) (ideal 2 s, past the limit of 1 s) dropped silently, as on .NET.
        Assert.Equal(
        [
            "ConcurrencyBench.Benchmarks.AsyncDelays.TaskDelayWhenAll(N: 1, DelayMs: 20)",
            "ConcurrencyBench.Benchmarks.AsyncDelays.TaskDelayWhenAll(N: 10, DelayMs: 20)",
            "ConcurrencyBench.Benchmarks.AsyncDelays.AsyncMethodWithState(N: 1, DelayMs: 20)",
            "ConcurrencyBench.Benchmarks.AsyncDelays.AsyncMethodWithState(N: 10, DelayMs: 20)",
            "ConcurrencyBench.Benchmarks.DefaultPoolOffload.DefaultThreadPool(N: 10, DelayMs: 20)",
            "ConcurrencyBench.Benchmarks.MaxWorkersOffload.BoundedExecutor(N: 10, K: 4, DelayMs: 20)",
            "ConcurrencyBench.Benchmarks.MaxWorkersOffload.BoundedExecutor(N: 10, K: 1000, DelayMs: 20)",
            "ConcurrencyBench.Benchmarks.BlockingCalls.Sequential(N: 10, DelayMs: 20)",
            "ConcurrencyBench.Benchmarks.BlockingCalls.ThreadPerCall(N: 10, DelayMs: 20)",
            "ConcurrencyBench.Benchmarks.BlockingCalls.ThreadPerCall(N: 100, DelayMs: 20)",
        ], CasesIn(Out("go")).Select(NameOf));
        Assert.DoesNotContain("left out", output, StringComparison.Ordinal);
        // The suite's reader takes it unchanged: every case twice (repeated, cold), on the runner's runtime, complete.
        var (cases, complete) = RuntimeResults.Read(Out("go"));
        Assert.True(complete);
        Assert.Equal(20, cases.Count);
        Assert.All(cases, c => Assert.Equal("Fake 1.0 (a test's runner)", c.Host.Runtime));
        using (JsonDocument file = JsonDocument.Parse(File.ReadAllText(Out("go"))))
        {
            JsonElement root = file.RootElement;
            Assert.Equal(["format", "runtime", "machine", "profile", "priming", "peakRssScope", "complete", "cases"], root.EnumerateObject().Select(p => p.Name));
            Assert.Equal(RuntimeResults.Format, root.GetProperty("format").GetString());
            Assert.Equal("tiny", root.GetProperty("profile").GetString());
            Assert.Equal(RunnerProtocol.PrimingSentence + RuntimeTable.Find("go")!.PrimingNote, root.GetProperty("priming").GetString());
            JsonElement pool = root.GetProperty("cases")[4];
            Assert.Equal(["type", "method", "label", "parameters", "idealSeconds", "repeated", "cold"], pool.EnumerateObject().Select(p => p.Name));
            Assert.Equal("fake offload-default", pool.GetProperty("label").GetString());
            // ceil(10 / the runner's 4 default threads) · 20 ms.
            Assert.Equal(0.06, pool.GetProperty("idealSeconds").GetDouble(), 9);
            Assert.Equal(0.02, root.GetProperty("cases")[6].GetProperty("idealSeconds").GetDouble(), 9); // ceil(10/1000)·d = d
            Assert.Equal(["N", "K", "DelayMs"], root.GetProperty("cases")[5].GetProperty("parameters").EnumerateObject().Select(p => p.Name));
        }
        // Every process was told the same priming, and its case's op, N, k and d.
        string[] told = File.ReadAllLines(_files.PathOf("runner/cases.jsonl"));
        Assert.Equal(10 * (1 + 2), told.Length);
        Assert.All(told, line => Assert.Contains("\"priming\": {\"rounds\": 10, \"delayMs\": 1, \"pauseMs\": 50}", line, StringComparison.Ordinal));
        Assert.Contains("{\"op\": \"offload-workers\", \"n\": 10, \"k\": 4, \"delayMs\": 20,", told[5 * 3], StringComparison.Ordinal);
    }

    [Fact]
    public void TheBudgetStopsRepeatedBurstsAfterTheSecondAndColdProcessesAfterTheFirst()
    {
        string grid = _files.Write("grid.json", TinyGrid);

        var spent = Runtimes(grid, "go", "ok", "--budget", "0.000001", "--filter", "*TaskDelayWhenAll(N: 10,*");
        var (repeatedSpent, coldSpent) = Counts(Out("go"));
        File.Delete(Out("go"));
        var ample = Runtimes(grid, "go", "ok", "--budget", "1000", "--filter", "*TaskDelayWhenAll(N: 10,*");
        var (repeatedAmple, coldAmple) = Counts(Out("go"));

        Assert.True(spent.Code == 0, spent.Error);
        Assert.True(ample.Code == 0, ample.Error);
        // Past the budget: 2 repeated bursts (the least a repeated series needs) and 1 cold process.
        Assert.Equal((2, 1), (repeatedSpent, coldSpent));
        // Within it: the grid's iterations and cold launches.
        Assert.Equal((3, 2), (repeatedAmple, coldAmple));

        static (int, int) Counts(string path)
        {
            JsonElement only = Assert.Single(CasesIn(path));
            return (only.GetProperty("repeated").GetArrayLength(), only.GetProperty("cold").GetArrayLength());
        }
    }

    [Fact]
    public void ABurstPastItsTimeoutIsKilledWithItsProcessGroupAndTheCasesThatFinishedAreKept()
    {
        string grid = _files.Write("grid.json", TinyGrid.Replace("\"operationTimeoutSeconds\":5", "\"operationTimeoutSeconds\":0.5", StringComparison.Ordinal));

        var (code, _, error) = Runtimes(grid, "go", "hang", "--filter", "*.TaskDelayWhenAll*");

        Assert.Equal(1, code);
        Assert.Contains("go: ConcurrencyBench.Benchmarks.AsyncDelays.TaskDelayWhenAll(N: 10, DelayMs: 20): failed: burst 1 did not finish within the operation timeout (0.5 s + 2 s): its process group was killed", error, StringComparison.Ordinal);
        Assert.Equal(["ConcurrencyBench.Benchmarks.AsyncDelays.TaskDelayWhenAll(N: 1, DelayMs: 20)"], CasesIn(Out("go")).Select(NameOf));
        Assert.True(RuntimeResults.Read(Out("go")).Complete);
        // The burst's own child process went with it: gone, or a zombie, within a generous 10 s (SIGKILL is delivered and
        // the process torn down asynchronously).
        int sleeper = int.Parse(File.ReadAllText(_files.PathOf("runner/sleeper.pid")), System.Globalization.CultureInfo.InvariantCulture);
        Assert.True(TestProcesses.GoneWithin(sleeper, TimeSpan.FromSeconds(10)), "the hung burst's child process is still running 10 s after its group was killed");
    }

    [Fact]
    public async Task AnInterruptKillsTheRunningChildAndKeepsEveryCaseThatFinished()
    {
        if (!OperatingSystem.IsLinux())
        {
            return;
        }
        string grid = _files.Write("grid.json", TinyGrid.Replace("\"operationTimeoutSeconds\":5", "\"operationTimeoutSeconds\":500", StringComparison.Ordinal));
        string runner = Runner("hang");
        var start = new System.Diagnostics.ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (string arg in new[] { Path.Combine(AppContext.BaseDirectory, "cbench.dll"), "runtimes", "--grid", grid, "--runtimes", "go", "--out", _files.PathOf("out"), "--runner", $"go={runner}", "--filter", "*.TaskDelayWhenAll*" })
        {
            start.ArgumentList.Add(arg);
        }
        using var cbench = System.Diagnostics.Process.Start(start)!;
        Task<string> stderr = cbench.StandardError.ReadToEndAsync();
        Task<string> stdout = cbench.StandardOutput.ReadToEndAsync();
        // N = 1 finishes; N = 10's burst never ends (its timeout is 500 s): once its process holds a child of its own, interrupt.
        string sleeperFile = _files.PathOf("runner/sleeper.pid");
        for (int i = 0; i < 1200 && !(File.Exists(sleeperFile) && File.ReadAllText(sleeperFile).Length > 0); i++)
        {
            await Task.Delay(100);
        }
        Assert.True(File.Exists(sleeperFile), "the hanging case never started");
        await Task.Delay(500); // its "burst" line written (the hang is in the child's read of the next line)
        System.Diagnostics.Process.Start("kill", ["-TERM", cbench.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)])!.WaitForExit();
        bool ended = cbench.WaitForExit(TimeSpan.FromSeconds(30));

        Assert.True(ended, "cbench did not end after SIGTERM");
        string error = await stderr;
        await stdout;
        Assert.Equal(143, cbench.ExitCode);
        Assert.Contains("interrupted: ", error, StringComparison.Ordinal);
        Assert.Contains("keeps the 1 go case(s) that finished (complete: false) (SIGTERM)", error, StringComparison.Ordinal);
        Assert.Equal(["ConcurrencyBench.Benchmarks.AsyncDelays.TaskDelayWhenAll(N: 1, DelayMs: 20)"], CasesIn(Out("go")).Select(NameOf));
        Assert.False(RuntimeResults.Read(Out("go")).Complete);
        int sleeper = int.Parse(File.ReadAllText(sleeperFile), System.Globalization.CultureInfo.InvariantCulture);
        // Gone, or a zombie, within a generous 10 s: the kill is delivered and the process torn down asynchronously (a full
        // run with the toolchains hidden once read it still running just after cbench ended).
        Assert.True(TestProcesses.GoneWithin(sleeper, TimeSpan.FromSeconds(10)), "the interrupted burst's child process is still running 10 s after cbench ended");
    }

    [Fact]
    public void ABurstWithMoreCallsAtOnceThanItsPoolFailsItsCaseAndTheOthersAreKept()
    {
        string grid = _files.Write("grid.json", TinyGrid);

        var (code, _, error) = Runtimes(grid, "rust", "over", "--filter", "*.BoundedExecutor*", "*.Sequential*", "*.DefaultThreadPool*");

        Assert.Equal(1, code);
        Assert.Contains("rust: ConcurrencyBench.Benchmarks.MaxWorkersOffload.BoundedExecutor(N: 10, K: 4, DelayMs: 20): failed: burst 1: the pool of 4 workers ran 5 calls at once", error, StringComparison.Ordinal);
        // The runner's default pool runs 4 at once (its --describe): 5 cannot be.
        Assert.Contains("rust: ConcurrencyBench.Benchmarks.DefaultPoolOffload.DefaultThreadPool(N: 10, DelayMs: 20): failed: burst 1: the default pool of 4 threads ran 5 calls at once", error, StringComparison.Ordinal);
        Assert.Equal(
            ["ConcurrencyBench.Benchmarks.MaxWorkersOffload.BoundedExecutor(N: 10, K: 1000, DelayMs: 20)", "ConcurrencyBench.Benchmarks.BlockingCalls.Sequential(N: 10, DelayMs: 20)"],
            CasesIn(Out("rust")).Select(NameOf));
    }

    [Theory]
    [InlineData("badline", "error: node: ConcurrencyBench.Benchmarks.AsyncDelays.TaskDelayWhenAll(N: 1, DelayMs: 20): the runner broke concurrencybench-runner/1: expected {\"ready\":true}, {\"burst\":{…}} or {\"error\":\"…\"}, got: {\"hello\": 1}; node stops here")]
    [InlineData("version", "error: node: the runner speaks concurrencybench-runner/0, not concurrencybench-runner/1; this run goes on without node")]
    [InlineData("error", "node: ConcurrencyBench.Benchmarks.AsyncDelays.TaskDelayWhenAll(N: 1, DelayMs: 20): failed: during burst 1: the runner said: the model failed")]
    public void ARunnerThatBreaksTheProtocolOrFailsIsOneLineNamingTheRuntimeAndTheCase(string mode, string line)
    {
        string grid = _files.Write("grid.json", TinyGrid);

        var (code, _, error) = Runtimes(grid, "node", mode, "--filter", "*TaskDelayWhenAll(N: 1,*");

        Assert.Equal(1, code);
        Assert.Equal(line, error.Split('\n')[0]);
        Assert.False(File.Exists(Out("node")), "a runtime with no case finished wrote a file");
    }

    [Theory]
    [InlineData("not json")]
    [InlineData("[]")]
    [InlineData("{\"ready\":false}")]
    [InlineData("{\"ready\":true,\"burst\":{}}")]
    [InlineData("{\"burst\":5}")]
    [InlineData("{\"error\":3}")]
    [InlineData("start 0")]
    public void EveryLineThatIsNotOneOfTheThreeIsOneErrorNamingTheRuntimeTheCaseAndTheLine(string line)
    {
        var e = Assert.Throws<RunnerProtocolException>(() => RunnerProtocol.ParseLine("go", "ConcurrencyBench.Benchmarks.X.Y(N: 1)", line));

        Assert.Equal($"go: ConcurrencyBench.Benchmarks.X.Y(N: 1): the runner broke concurrencybench-runner/1: expected {{\"ready\":true}}, {{\"burst\":{{…}}}} or {{\"error\":\"…\"}}, got: {line}", e.Message);
        Assert.IsType<RunnerLine.Ready>(RunnerProtocol.ParseLine("go", "c", "{\"ready\":true}"));
        Assert.Equal("boom", Assert.IsType<RunnerLine.Failure>(RunnerProtocol.ParseLine("go", "c", "{\"error\":\"boom\"}")).Message);
    }

    [Theory]
    [InlineData("\"defaultPool\":{\"threads\":4,\"rule\":\"r\"},", "no \"defaultPool\" object")]
    [InlineData("\"timerEarlyMs\":0,", "no \"timerEarlyMs\" from 0 to 1000")]
    [InlineData("\"peakRssScope\":\"burst\",", "no \"peakRssScope\" text")]
    public void ADescriptionWithoutWhatTheOrchestratorNeedsIsRefusedNamingTheRuntime(string removed, string says)
    {
        string whole = """{"protocol":"concurrencybench-runner/1","runtime":{"name":"Fake","version":"1"},"machine":{"processor":"x","logicalCores":2,"os":"Linux","architecture":"X64"},"peakRssScope":"burst","defaultPool":{"threads":4,"rule":"r"},"timerEarlyMs":0,"ops":{"sleeps":"s"}}""";
        Assert.Equal(4, RunnerProtocol.ParseDescription("go", whole).DefaultPoolThreads);

        var e = Assert.Throws<RunnerProtocolException>(() => RunnerProtocol.ParseDescription("go", whole.Replace(removed, "", StringComparison.Ordinal)));

        Assert.StartsWith("go: --describe broke concurrencybench-runner/1: " + says, e.Message, StringComparison.Ordinal);
        Assert.Contains("two lines", Assert.Throws<RunnerProtocolException>(() => RunnerProtocol.ParseDescription("go", whole + "\n" + whole)).Message.Replace("2 lines", "two lines", StringComparison.Ordinal), StringComparison.Ordinal);
    }

    [Fact]
    public void TheLeaveOutTableAndTheBoundedRuleDecideWhatEachRuntimeRuns()
    {
        // d = 100 ms, as the default profile's rows name; a limit of 2 s and an operation timeout of 0.25 s.
        var grid = ProfileGrid.Parse(JsonDocument.Parse("""
            {"name":"default","delayMs":100,"iterations":2,"coldLaunches":1,"asyncDelayJobs":[1],"offloadJobs":[10],"workers":[256,1000],
             "blockingJobs":[1000],"maxIdealPerOperationSeconds":2,"operationTimeoutSeconds":0.25}
            """).RootElement);

        CasePlan node = CaseTable.Plan(grid, "node", Fake(), CaseFilter.None);
        CasePlan go = CaseTable.Plan(grid, "go", Fake(), CaseFilter.None);

        // Sequential(N: 1000) (100 s, past the limit) is dropped silently on every runtime; the default pool (ceil(10/4)·d =
        // 0.3 s) is kept whatever the limit, but its ideal is past the operation timeout, so it is left out with the reason.
        Assert.Equal(["TaskDelayWhenAll", "AsyncMethodWithState"], node.Cases.Select(c => c.Case.Method));
        Assert.Equal(
        [
            ("DefaultPoolOffload.DefaultThreadPool(N: 10, DelayMs: 100)", "its ideal 0.3 s is past the operation timeout (0.25 s)"),
            ("MaxWorkersOffload.BoundedExecutor(N: 10, K: 256, DelayMs: 100)", LeaveOuts.ReasonFor("node", "default", "MaxWorkersOffload.BoundedExecutor(N: 10, K: 256, DelayMs: 100)")!),
            ("MaxWorkersOffload.BoundedExecutor(N: 10, K: 1000, DelayMs: 100)", LeaveOuts.ReasonFor("node", "default", "MaxWorkersOffload.BoundedExecutor(N: 1000, K: 1000, DelayMs: 100)")!),
            ("BlockingCalls.ThreadPerCall(N: 1000, DelayMs: 100)", LeaveOuts.ReasonFor("node", "default", "BlockingCalls.ThreadPerCall(N: 1000, DelayMs: 100)")!),
        ], node.LeftOut.Select(l => (l.Case.ShortName, l.Reason)));
        Assert.StartsWith("piscina starts the pool's 256 workers", node.LeftOut[1].Reason, StringComparison.Ordinal);
        // Go leaves nothing out by name: only the default pool, by the timeout.
        Assert.Equal(["TaskDelayWhenAll", "AsyncMethodWithState", "BoundedExecutor", "BoundedExecutor", "ThreadPerCall"], go.Cases.Select(c => c.Case.Method));
        Assert.Equal(["DefaultPoolOffload.DefaultThreadPool(N: 10, DelayMs: 100)"], go.LeftOut.Select(l => l.Case.ShortName));
        // The table's rows are Node's and Python's on the default profile only, and a row of another profile changes nothing.
        Assert.All(LeaveOuts.All, r => Assert.Contains((r.Runtime, r.Profile), new[] { ("node", "default"), ("python", "default") }));
        Assert.StartsWith("the default executor has a fixed min(32, cores + 4) workers", LeaveOuts.ReasonFor("python", "default", "DefaultPoolOffload.DefaultThreadPool(N: 1000, DelayMs: 100)"), StringComparison.Ordinal);
        Assert.DoesNotContain(CaseTable.Plan(grid with { Name = "quick" }, "node", Fake(), CaseFilter.None).LeftOut, l => !l.Reason.StartsWith("its ideal", StringComparison.Ordinal));
    }

    [Fact]
    public void TheLeaveOutsArePrintedWhenTheRunStartsOneLinePerRowPrefixedWithTheRuntime()
    {
        string grid = _files.Write("grid.json", """
            {"name":"default","delayMs":100,"iterations":2,"coldLaunches":1,"asyncDelayJobs":[1],"offloadJobs":[10],"workers":[256],
             "blockingJobs":[],"maxIdealPerOperationSeconds":2,"operationTimeoutSeconds":0.25}
            """);

        var (code, output, error) = Runtimes(grid, "node", "ok", "--budget", "0.000001");

        Assert.True(code == 0, error);
        string[] lines = output.Split('\n');
        Assert.Equal(
            "node: left out of profile 'default': ConcurrencyBench.Benchmarks.DefaultPoolOffload.DefaultThreadPool(N: 10, DelayMs: 100): its ideal 0.3 s is past the operation timeout (0.25 s)",
            lines[0]);
        Assert.StartsWith("node: left out of profile 'default': ConcurrencyBench.Benchmarks.MaxWorkersOffload.BoundedExecutor(N: 10, K: 256, DelayMs: 100): piscina starts", lines[1], StringComparison.Ordinal);
        Assert.Equal(["TaskDelayWhenAll", "AsyncMethodWithState"], CasesIn(Out("node")).Select(c => c.GetProperty("method").GetString()));
    }

    [Fact]
    public void IdealsComeFromTheRunnersDefaultPoolAndTimerAndTheSeedRunsItsOwnExperiments()
    {
        var seed = ProfileGrid.Parse(JsonDocument.Parse("""
            {"name":"seed","delayMs":1000,"iterations":5,"coldLaunches":5,"asyncDelayJobs":[10000],"offloadJobs":[1000],"workers":[1000],
             "blockingJobs":[1000],"maxIdealPerOperationSeconds":1e9,"operationTimeoutSeconds":300}
            """).RootElement);

        CasePlan plan = CaseTable.Plan(seed, "node", Fake(poolThreads: 3, timerEarlyMs: 1), CaseFilter.None);

        Assert.Equal(
        [
            ("SeedExperiments.TwoSleepers5sAnd4s", Ops.TwoSleepers, 4.999),
            ("SeedExperiments.BlockingOffloadDefaultPool", Ops.OffloadDefault, 334.0 * 1),
            ("SeedExperiments.BlockingOffload1000Workers", Ops.OffloadWorkers, 1.0),
            ("SeedExperiments.AsyncSleeps10000", Ops.Sleeps, 0.999),
        ], plan.Cases.Concat(plan.LeftOut.Select(l => new PlannedCase(l.Case, "", l.Case.IdealSeconds(3, 1)))).OrderBy(c => c.Case.Method == "TwoSleepers5sAnd4s" ? 0 : c.Case.Method == "BlockingOffloadDefaultPool" ? 1 : c.Case.Method == "BlockingOffload1000Workers" ? 2 : 3)
            .Select(c => (c.Case.ShortName, c.Case.Op, Math.Round(c.IdealSeconds, 6))));
        // 334 s of the default pool is past the seed's operation timeout (300 s): left out, with the reason.
        Assert.Equal("its ideal 334 s is past the operation timeout (300 s)", Assert.Single(plan.LeftOut).Reason);
        // A runner without an op has no twin of its cases: not run, not listed.
        Assert.Empty(CaseTable.Plan(seed, "go", Fake(4, 0, Ops.Sleeps), new CaseFilter(["*TwoSleepers*"], [], [])).Cases);
        // tokio's spawned tasks: only a runner that lists spawn-sleeps runs TaskRunWrappedDelay.
        var grid = ProfileGrid.Parse(JsonDocument.Parse(TinyGrid).RootElement);
        Assert.Equal(["TaskDelayWhenAll", "TaskDelayWhenAll", "TaskRunWrappedDelay", "TaskRunWrappedDelay"],
            CaseTable.Plan(grid, "rust", Fake(4, 0, Ops.Sleeps, Ops.SpawnSleeps), CaseFilter.None).Cases.Select(c => c.Case.Method));
    }

    [Fact]
    public void AFilterSelectsTheSameCasesOnEveryRuntimeByTheNetTwinsNames()
    {
        string grid = _files.Write("grid.json", TinyGrid);

        var (code, _, error) = Runtimes(grid, "python,node,go,rust", "ok", "--budget", "0.000001",
            "--filter", "*taskdelaywhenall", "ConcurrencyBench.Benchmarks.BlockingCalls.Sequential", "*.BoundedExecutor(N: 10, K: 4,*", "ConcurrencyBench.Benchmarks.BlockingCalls.Thread");

        Assert.True(code == 0, error);
        string[] expected =
        [
            "ConcurrencyBench.Benchmarks.AsyncDelays.TaskDelayWhenAll(N: 1, DelayMs: 20)",
            "ConcurrencyBench.Benchmarks.AsyncDelays.TaskDelayWhenAll(N: 10, DelayMs: 20)",
            "ConcurrencyBench.Benchmarks.MaxWorkersOffload.BoundedExecutor(N: 10, K: 4, DelayMs: 20)",
            "ConcurrencyBench.Benchmarks.BlockingCalls.Sequential(N: 10, DelayMs: 20)",
        ];
        foreach (string runtime in new[] { "python", "node", "go", "rust" })
        {
            Assert.Equal(expected, CasesIn(Out(runtime)).Select(NameOf));
        }
        // Categories as BenchmarkDotNet's: any of, all of (a case has one category).
        var table = ProfileGrid.Parse(JsonDocument.Parse(TinyGrid).RootElement);
        string[] Selected(CaseFilter filter) => [.. CaseTable.Plan(table, "go", Fake(), filter).Cases.Select(c => c.Case.FullName)];
        Assert.Equal(4, Selected(new([], ["AsyncDelays"], [])).Length);
        Assert.Equal(6, Selected(new([], ["Offload", "Blocking"], [])).Length);
        Assert.Empty(Selected(new([], [], ["Offload", "Blocking"])));
        Assert.Equal(3, Selected(new([], [], ["Offload"])).Length);
        Assert.Equal(Selected(CaseFilter.None), Selected(new(["*"], [], [])));
        Assert.Equal(["ConcurrencyBench.Benchmarks.BlockingCalls.ThreadPerCall(N: 10, DelayMs: 20)"], Selected(new(["*ThreadPerCall(N: 1?,*"], ["Blocking"], [])));
    }

    [Fact]
    public void AFilterThatSelectsNoTwinRunsNothingAndSaysSoInAbsentTxt()
    {
        string grid = _files.Write("grid.json", TinyGrid);

        var (code, output, error) = Runtimes(grid, "python,go", "ok", "--any-categories", "SharedState");

        Assert.Equal(Orchestrator.NothingRan, code);
        Assert.Contains("python: no case this run's filter selects has a Python twin; this run goes on without python", output, StringComparison.Ordinal);
        Assert.Contains("error: nothing ran", error, StringComparison.Ordinal);
        Assert.Equal(
            ["python: no case this run's filter selects has a Python twin, so this run has no Python runs", "go: no case this run's filter selects has a Go twin, so this run has no Go runs"],
            File.ReadAllLines(Path.Combine(_files.PathOf("out"), "absent.txt")));
    }

    [Fact]
    public void ARuntimeWhoseToolchainIsMissingIsAbsentAndOneThatDoesNotBuildIsAFailure()
    {
        // A repository whose build-runner.sh says go's toolchain is missing (exit 3) and rust's build failed (exit 1).
        string repository = _files.PathOf("repo");
        _files.Write("repo/scripts/build-runner.sh",
            "#!/usr/bin/env bash\ncase \"$1\" in go) echo 'go: go is not on PATH' >&2; exit 3 ;; *) echo \"$1: cargo build failed (see .build/x.log)\" >&2; exit 1 ;; esac\n");
        string grid = _files.Write("grid.json", TinyGrid);

        var absent = Cbench("runtimes", "--grid", grid, "--runtimes", "go", "--out", _files.PathOf("out"), "--repository", repository);
        var failed = Cbench("runtimes", "--grid", grid, "--runtimes", "rust", "--out", _files.PathOf("out2"), "--repository", repository);

        Assert.Equal(Orchestrator.NothingRan, absent.Code);
        Assert.Contains("go: go is not on PATH; this run goes on without go", absent.Output, StringComparison.Ordinal);
        Assert.Equal(["go: go is not on PATH, so this run has no Go runs"], File.ReadAllLines(Path.Combine(_files.PathOf("out"), "absent.txt")));
        Assert.Equal(1, failed.Code);
        Assert.Contains("rust: cargo build failed (see .build/x.log); this run goes on without rust", failed.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void BadInputIsOneLineAndExitCodeTwoAndOverwritesNothing()
    {
        string grid = _files.Write("grid.json", TinyGrid);
        string existing = _files.Write("out/go.json", "earlier results");
        string broken = _files.Write("broken.json", """{"name":"tiny","delayMs":0}""");
        string runner = Runner();

        var cases = new (string[] Args, string Says)[]
        {
            (["runtimes", "--grid", grid, "--runtimes", "go", "--out", _files.PathOf("out"), "--runner", $"go={runner}"], "go.json: already exists"),
            (["runtimes", "--grid", grid, "--runtimes", "java", "--out", _files.PathOf("new")], "unknown runtime 'java'"),
            (["runtimes", "--grid", grid, "--runtimes", "go,go", "--out", _files.PathOf("new")], "names 'go' twice"),
            (["runtimes", "--grid", _files.PathOf("none.json"), "--runtimes", "go", "--out", _files.PathOf("new")], "no such file"),
            (["runtimes", "--grid", broken, "--runtimes", "go", "--out", _files.PathOf("new")], "not a profile grid (no 'iterations')"),
            (["runtimes", "--grid", grid, "--runtimes", "go", "--out", _files.PathOf("new"), "--budget", "-1"], "--budget must be a positive number"),
            (["runtimes", "--grid", grid, "--runtimes", "go", "--out", _files.PathOf("new"), "--runner", "go"], "is not RUNTIME=PROGRAM"),
        };
        foreach ((string[] args, string says) in cases)
        {
            var (code, output, error) = Cbench(args);
            Assert.True(code == 2, $"{string.Join(' ', args)}: exit {code}: {error}");
            Assert.Single(error.Split('\n', StringSplitOptions.RemoveEmptyEntries));
            Assert.Contains(says, error, StringComparison.Ordinal);
            Assert.Equal("", output);
        }
        Assert.Equal("earlier results", File.ReadAllText(existing));
        Assert.False(Directory.Exists(_files.PathOf("new")));
    }
}
