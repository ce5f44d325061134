using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using ConcurrencyBench.Reporting.Runtimes;

namespace ConcurrencyBench.Reporting.Tests;

/// <summary>
/// The machine-size sweep (<c>cbench sizes</c>, <see cref="SizeSweep"/>) against a fake runner that reports what it
/// sees (the CPUs it may run on, a configured count, the cgroup it is in), the real .NET runner under each kind of size,
/// the pool's rule, and the sweep's report from a known input. Never timing.
/// </summary>
public sealed class SizesTests : IDisposable
{
    // Speaks concurrencybench-runner/1; its --describe says what it sees: processors from CONCURRENCYBENCH_PROCESSORS or
    // its affinity, and in its detail the cpu cgroup it runs in. In "hang" mode its burst never ends.
    private const string FakeRunner = """
        import json, os, subprocess, sys
        mode = sys.argv[1]
        args = sys.argv[2:]
        here = os.path.dirname(os.path.abspath(__file__))
        def say(o):
            sys.stdout.write(json.dumps(o) + "\n"); sys.stdout.flush()
        def cgroup():
            for line in open("/proc/self/cgroup"):
                parts = line.strip().split(":", 2)
                if "cpu" in parts[1].split(","):
                    return parts[2]
            return ""
        configured = int(os.environ.get("CONCURRENCYBENCH_PROCESSORS", "0") or 0)
        processors = configured if configured > 0 else len(os.sched_getaffinity(0))
        if args == ["--describe"]:
            say({"protocol": "concurrencybench-runner/1",
                 "runtime": {"name": "Fake", "version": "1.0", "detail": "cgroup " + cgroup()},
                 "machine": {"processor": "Test CPU", "logicalCores": 2, "os": "Linux", "architecture": "X64"},
                 "peakRssScope": "burst", "processors": processors, "defaultPool": {"threads": processors + 4, "rule": "P + 4"},
                 "timerEarlyMs": 0, "ops": {"offload-default": "fake pool", "sleeps": "fake sleeps"}})
            sys.exit(0)
        spec = json.loads(args[1])
        with open(os.path.join(here, "cgroup.txt"), "a") as f:
            f.write(cgroup() + "\n")
        say({"ready": True})
        for line in sys.stdin:
            if line.strip() == "stop":
                break
            if mode == "hang":
                with open(os.path.join(here, "hanging.pid"), "w") as f:
                    f.write(str(os.getpid()))
                sys.stdin.readline()
            n = spec["n"]
            most = min(n, processors + 4) if spec["op"] == "offload-default" else n
            say({"burst": {"ns": 1000000 * spec["delayMs"] * (1 + n // (processors + 4)), "userMs": 0.1, "systemMs": 0, "voluntarySwitches": 1,
                 "involuntarySwitches": 0, "threads": 3, "threadsAtStart": 3, "peakRssBytes": 1000000, "rssAtStartBytes": 900000,
                 "maxConcurrent": most, "check": {"completed": n}}})
        """;

    private const string Grid = """
        {"name":"sizes","delayMs":20,"iterations":1,"coldLaunches":2,"asyncDelayJobs":[10],"offloadJobs":[20],"workers":[],
         "blockingJobs":[],"maxIdealPerOperationSeconds":2,"operationTimeoutSeconds":600,"budgetSeconds":1000}
        """;

    private readonly TestFiles _files = new();

    public void Dispose() => _files.Dispose();

    private string Runner(string mode = "ok") => OrchestratorTests.FakeLauncher(_files, FakeRunner, mode);

    private static (int Code, string Output, string Error) Cbench(params string[] args) => OrchestratorTests.Cbench(args);

    private static bool CanSetQuotas => OperatingSystem.IsLinux() && SizeMachine.Here().CannotSet(new MachineSize(SizeKind.Quota, 0.5)) is null;

    // A configured count (settable anywhere), and where this machine can set them, 1 pinned core and a 0.5-CPU quota.
    private static List<string> SettableSizes(string configured)
    {
        var machine = SizeMachine.Here();
        var sizes = new List<string> { configured };
        if (machine.RealCores > 1 && machine.CannotSet(new MachineSize(SizeKind.RealCores, 1)) is null)
        {
            sizes.Add("cores-1");
        }
        if (CanSetQuotas)
        {
            sizes.Add("quota-0.5");
        }
        return sizes;
    }

    private static JsonElement Seen(string sizeFolder, string runtime)
    {
        using JsonDocument size = JsonDocument.Parse(File.ReadAllText(Path.Combine(sizeFolder, SizeSweep.SizeFile)));
        return size.RootElement.GetProperty("seen").GetProperty(runtime).Clone();
    }

    [Fact]
    public void EachSizeReachesTheRunnerAndWhatItSawIsRecorded()
    {
        if (!OperatingSystem.IsLinux())
        {
            return;
        }
        string grid = _files.Write("grid.json", Grid);
        var machine = SizeMachine.Here();
        bool pin = machine.CannotSet(new MachineSize(SizeKind.RealCores, 1)) is null && machine.RealCores > 1;
        string sizes = "configured-16" + (pin ? ",cores-1" : "");

        var (code, output, error) = Cbench("sizes", "--grid", grid, "--runtimes", "python", "--runner", $"python={Runner()}", "--sizes", sizes,
            "--out", _files.PathOf("out"), "--repository", OtherRuntimeRunnerTests.RepositoryRoot());

        Assert.True(code == 0, output + error);
        // Configured as 16: the runner's variable reached it, and it said so.
        Assert.Equal(16, Seen(_files.PathOf("out/configured-16"), "python").GetProperty("processors").GetInt32());
        Assert.Equal(20, Seen(_files.PathOf("out/configured-16"), "python").GetProperty("defaultPoolThreads").GetInt32());
        if (pin)
        {
            // Pinned to one core: its affinity is one CPU.
            Assert.Equal(1, Seen(_files.PathOf("out/cores-1"), "python").GetProperty("processors").GetInt32());
        }
        Assert.True(File.Exists(_files.PathOf("out/configured-16/python.json")));
        using JsonDocument index = JsonDocument.Parse(File.ReadAllText(_files.PathOf("out/sizes.json")));
        Assert.True(index.RootElement.GetProperty("complete").GetBoolean());
        Assert.All(index.RootElement.GetProperty("sizes").EnumerateArray(), s => Assert.Equal("ran", s.GetProperty("status").GetString()));
    }

    [Fact]
    public void TheDotnetRunnerSizesItselfByEachSizeAndItsBurstsPassTheOrchestratorsChecks()
    {
        if (!OperatingSystem.IsLinux())
        {
            return;
        }
        // The real .NET runner (scripts/dotnet), built as a run builds it: the size reaches the runtime itself.
        string grid = _files.Write("grid.json", Grid
            .Replace("\"asyncDelayJobs\":[10]", "\"asyncDelayJobs\":[10],\"asyncDelayMethods\":[\"TaskDelayWhenAll\"]", StringComparison.Ordinal)
            .Replace("\"workers\":[]", "\"workers\":[4]", StringComparison.Ordinal)
            .Replace("\"blockingJobs\":[]", "\"blockingJobs\":[8],\"syncOverAsyncJobs\":[8]", StringComparison.Ordinal));
        List<string> sizes = SettableSizes("configured-16");

        var (code, output, error) = Cbench("sizes", "--grid", grid, "--runtimes", "dotnet", "--sizes", string.Join(',', sizes),
            "--out", _files.PathOf("out"), "--repository", OtherRuntimeRunnerTests.RepositoryRoot());

        Assert.True(code == 0, output + error);
        JsonElement configured = Seen(_files.PathOf("out/configured-16"), "dotnet");
        Assert.Equal(16, configured.GetProperty("processors").GetInt32());
        Assert.Equal(16, configured.GetProperty("defaultPoolMinimum").GetInt32());
        foreach (string one in sizes.Where(s => s != "configured-16"))
        {
            // One pinned core, or a 0.5-CPU quota rounded up: .NET sizes its pool as on one processor.
            Assert.Equal(1, Seen(_files.PathOf($"out/{one}"), "dotnet").GetProperty("processors").GetInt32());
        }
        // Its results load through the suite's reader: the default pool's bursts and the sleeps, each burst verified.
        var (cases, complete) = RuntimeResults.Read(_files.PathOf("out/configured-16/dotnet.json"));
        Assert.True(complete);
        Assert.Contains(cases, c => c.Method == "DefaultThreadPool");
        Assert.Contains(cases, c => c.Method == "TaskDelayWhenAll");
        // .NET's own ops of the sweep: the raised minimum and the probe behind blocking calls.
        Assert.Contains(cases, c => c.Method == "RaisedMinThreads" && c.Parameters["K"] == "4");
        Assert.Contains(cases, c => c.Method == "ProbeBehindBlockingCalls");
        Assert.Contains(cases, c => c.Method == "SyncOverAsyncInPool" && c.Parameters["N"] == "8");
        Assert.DoesNotContain(cases, c => c.Method is "AsyncMethodWithState" or "TaskRunWrappedDelay");
    }

    [Fact]
    public void TheChatServerServesInsideEachSizeAndEachProcessLeavesItsLoadsResult()
    {
        if (!OperatingSystem.IsLinux())
        {
            return;
        }
        // One fresh server process per model (no cold launches beside it), a small point: the sweep's second kind of launch.
        string grid = _files.Write("grid.json", Grid
            .Replace("\"coldLaunches\":2", "\"coldLaunches\":0", StringComparison.Ordinal)
            .Replace("\"blockingJobs\":[]", "\"blockingJobs\":[],\"sizesChat\":{\"clients\":20,\"rate\":5,\"windowMs\":500,\"models\":[\"async\",\"threads\"]}", StringComparison.Ordinal));
        List<string> sizes = SettableSizes("configured-4");

        // The filter selects the chat cases alone (their .NET twins' names): no runner case runs, the chat point does.
        var (code, output, error) = Cbench("sizes", "--grid", grid, "--runtimes", "dotnet", "--sizes", string.Join(',', sizes), "--filter", "*ChatServerLoad*",
            "--out", _files.PathOf("out"), "--repository", OtherRuntimeRunnerTests.RepositoryRoot());

        Assert.True(code == 0, output + error);
        foreach (string size in sizes)
        {
            foreach (string model in new[] { "async", "threads" })
            {
                ConcurrencyBench.Models.Chat.ChatLoadResult result = ChatLoadFile.Read(_files.PathOf($"out/{size}/{SizeChat.Folder}/{SizeChat.FileName(model, 1)}"));
                Assert.Equal(model, result.Server);
                Assert.Equal(20, result.Clients);
                // A cold window and a warm one, each with every line it owed sent.
                Assert.Equal(2, result.Windows.Count);
                Assert.All(result.Windows, w => Assert.True(w.Due > 0 && w.Sent == w.Due, $"{size} {model}: {w.Sent} of {w.Due} sent"));
            }
            Assert.False(File.Exists(_files.PathOf($"out/{size}/{SizeChat.Folder}/{SizeChat.FileName("async", 2)}")));
        }
        // Never left running: every server was stopped once its load ended.
        Assert.DoesNotContain(Process.GetProcesses(), p => SafeCommandLine(p).Contains(_files.PathOf("out"), StringComparison.Ordinal) && SafeCommandLine(p).Contains("chat-", StringComparison.Ordinal));
    }

    private static string SafeCommandLine(Process p)
    {
        try
        {
            return File.ReadAllText($"/proc/{p.Id}/cmdline").Replace('\0', ' ');
        }
        catch (IOException)
        {
            return "";
        }
        catch (UnauthorizedAccessException)
        {
            return "";
        }
    }

    [Fact]
    public void TheDotnetRunnersBuildLeavesNoProcessHoldingItsLock()
    {
        if (!OperatingSystem.IsLinux())
        {
            return;
        }
        // A reused MSBuild node outlived the build and held the build's lock (the descriptor it inherited): every later
        // build waited 15 minutes for it. After a build, the lock is free: a build of another test may hold it for a
        // while, never for ever (the wait is that bound, not a timing).
        string root = OtherRuntimeRunnerTests.RepositoryRoot();
        // As on a fresh machine, where MSBuild reuses its nodes (a developer's shell may have turned that off).
        var (built, _, buildError) = OtherRuntimeRunnerTests.Run(["env", "-u", "MSBUILDDISABLENODEREUSE", "-u", "DOTNET_CLI_USE_MSBUILD_SERVER",
            "bash", Path.Combine(root, "scripts", "build-runner.sh"), "dotnet"], TimeSpan.FromMinutes(15));
        Assert.True(built == 0, buildError);

        var (locked, _, lockError) = OtherRuntimeRunnerTests.Run(["flock", "-w", "300", Path.Combine(root, ".build", "dotnet.lock"), "true"], TimeSpan.FromMinutes(6));

        Assert.True(locked == 0, $"the lock stayed held after the build: {lockError}");
    }

    [Fact]
    public void TheChatLoadRunsOutsideTheSizeOnTheCoresThePinnedServerWasNotGiven()
    {
        var machine = new SizeMachine("/nowhere", 4, HasTaskset: true);
        Assert.Equal(["taskset", "-c", "1-3"], SizeChat.LoadLaunch(new MachineSize(SizeKind.RealCores, 1), machine).Prefix);
        // All the cores, a quota (the sweep itself is outside the cgroup) and a configured count: as the sweep runs.
        foreach (MachineSize size in new[] { new MachineSize(SizeKind.RealCores, 4), new MachineSize(SizeKind.Quota, 0.5), new MachineSize(SizeKind.Configured, 16) })
        {
            ProcessLaunch launch = SizeChat.LoadLaunch(size, machine);
            Assert.Empty(launch.Prefix);
            Assert.Empty(launch.Environment);
        }
    }

    [Fact]
    public void TheChatCasesTwinsAreNamedAsBenchmarkDotNetNamesThemAndTheFilterSelectsThem()
    {
        var chat = new GridChat(1000, 5, 2000, ["async", "threads"]);
        RunnerCase threads = SizeSweep.ChatTwin(chat, "threads");
        Assert.Equal("ConcurrencyBench.Benchmarks.ChatServerLoad.ThreadPerConnection(C: 1000, Rate: 5)", threads.FullName);
        Assert.True(new CaseFilter([], ["Chat"], []).Selects(threads));
        Assert.False(new CaseFilter([], ["Offload"], []).Selects(threads));
        Assert.False(new CaseFilter(["*AsyncSockets*"], [], []).Selects(threads));
    }

    [Theory]
    [InlineData("{\"clients\":1000,\"rate\":5,\"windowMs\":2000,\"models\":[\"fibers\"]}", "'sizesChat.models' holds \"fibers\", not one of async, threads, event-loop")]
    [InlineData("{\"clients\":1,\"rate\":5,\"windowMs\":2000,\"models\":[\"async\"]}", "'sizesChat.clients' is missing or not a whole number from 2 to 10000")]
    [InlineData("{\"clients\":1000,\"rate\":5,\"models\":[\"async\"]}", "'sizesChat.windowMs' is missing")]
    [InlineData("[]", "'sizesChat' is not an object")]
    public void AGridsBadChatPointIsOneLineNamingTheField(string chat, string expected)
    {
        string grid = _files.Write("grid.json", Grid.Replace("\"blockingJobs\":[]", "\"blockingJobs\":[],\"sizesChat\":" + chat, StringComparison.Ordinal));

        var e = Assert.Throws<ResultsFormatException>(() => ProfileGrid.Read(grid));

        Assert.Contains(expected, e.Message, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', e.Message);
    }

    [Fact]
    public void ASizeTheMachineCannotSetIsOneLineAndTheOthersRun()
    {
        string grid = _files.Write("grid.json", Grid);

        var (code, output, error) = Cbench("sizes", "--grid", grid, "--runtimes", "python", "--runner", $"python={Runner()}", "--sizes", "quota-0.5,configured-4",
            "--cgroup-root", _files.PathOf("no-cgroup-here"), "--out", _files.PathOf("out"), "--repository", OtherRuntimeRunnerTests.RepositoryRoot());

        Assert.True(code == 0, output + error);
        string line = Assert.Single(output.Split('\n'), l => l.Contains("quota-0.5", StringComparison.Ordinal) && l.Contains("cannot be set", StringComparison.Ordinal));
        Assert.Contains("no cgroup v1 cpu controller at", line, StringComparison.Ordinal);
        Assert.False(Directory.Exists(_files.PathOf("out/quota-0.5")));
        Assert.True(File.Exists(_files.PathOf("out/configured-4/python.json")));
        using JsonDocument index = JsonDocument.Parse(File.ReadAllText(_files.PathOf("out/sizes.json")));
        Assert.Equal(["not set", "ran"], index.RootElement.GetProperty("sizes").EnumerateArray().Select(s => s.GetProperty("status").GetString()));
    }

    [Theory]
    [InlineData("quota-0", "'quota-0' is not a machine size")]
    [InlineData("cores-1.5", "'cores-1.5' is not a machine size")]
    [InlineData("bigger-4", "'bigger-4' is not a machine size")]
    public void AnImpossibleSizeIsOneLineAndExitCode2(string size, string expected)
    {
        string grid = _files.Write("grid.json", Grid);

        var (code, output, error) = Cbench("sizes", "--grid", grid, "--runtimes", "python", "--sizes", size, "--out", _files.PathOf("out"));

        Assert.Equal(2, code);
        Assert.Contains(expected, Assert.Single(error.Split('\n', StringSplitOptions.RemoveEmptyEntries)), StringComparison.Ordinal);
        Assert.Equal("", output);
        Assert.False(Directory.Exists(_files.PathOf("out")));
    }

    [Fact]
    public void AQuotasCgroupHoldsItsRunnerAndIsRemovedAfterTheRun()
    {
        if (!CanSetQuotas)
        {
            Toolchains.Absent("a writable cgroup v1 cpu controller at /sys/fs/cgroup/cpu (root)");
        }
        string grid = _files.Write("grid.json", Grid);

        var (code, output, error) = Cbench("sizes", "--grid", grid, "--runtimes", "python", "--runner", $"python={Runner()}", "--sizes", "quota-0.5",
            "--out", _files.PathOf("out"), "--repository", OtherRuntimeRunnerTests.RepositoryRoot());

        Assert.True(code == 0, output + error);
        // Every process of the case ran inside the sweep's cgroup, with the quota asked for.
        string[] groups = File.ReadAllLines(_files.PathOf("runner/cgroup.txt"));
        Assert.NotEmpty(groups);
        Assert.All(groups, g => Assert.Contains($"/{SizeMachine.CgroupPrefix}", g, StringComparison.Ordinal));
        Assert.Contains("cgroup /" + SizeMachine.CgroupPrefix, Seen(_files.PathOf("out/quota-0.5"), "python").GetProperty("detail").GetString(), StringComparison.Ordinal);
        // And the cgroup is gone.
        Assert.DoesNotContain(Directory.EnumerateDirectories(SizeMachine.DefaultCgroupRoot, $"{SizeMachine.CgroupPrefix}*"), d => groups.Any(g => g.EndsWith(Path.GetFileName(d), StringComparison.Ordinal)));
    }

    [Fact]
    public async Task AnInterruptRemovesTheRunningSizesCgroupAndKillsItsRunner()
    {
        if (!CanSetQuotas)
        {
            Toolchains.Absent("a writable cgroup v1 cpu controller at /sys/fs/cgroup/cpu (root)");
        }
        string grid = _files.Write("grid.json", Grid);
        string runner = Runner("hang");
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (string arg in new[] { Path.Combine(AppContext.BaseDirectory, "cbench.dll"), "sizes", "--grid", grid, "--runtimes", "python", "--runner", $"python={runner}",
            "--sizes", "quota-1", "--out", _files.PathOf("out"), "--repository", OtherRuntimeRunnerTests.RepositoryRoot() })
        {
            start.ArgumentList.Add(arg);
        }
        using var cbench = Process.Start(start)!;
        Task<string> stderr = cbench.StandardError.ReadToEndAsync();
        Task<string> stdout = cbench.StandardOutput.ReadToEndAsync();
        // The fake's burst never ends (the timeout is 600 s): once it hangs inside the quota's cgroup, interrupt.
        string hanging = _files.PathOf("runner/hanging.pid");
        for (int i = 0; i < 1200 && !(File.Exists(hanging) && File.ReadAllText(hanging).Length > 0); i++)
        {
            await Task.Delay(100);
        }
        Assert.True(File.Exists(hanging), "the hanging burst never started");
        Assert.NotEmpty(Directory.EnumerateDirectories(SizeMachine.DefaultCgroupRoot, $"{SizeMachine.CgroupPrefix}{cbench.Id}-*"));
        Process.Start("kill", ["-INT", cbench.Id.ToString(CultureInfo.InvariantCulture)])!.WaitForExit();
        bool ended = cbench.WaitForExit(TimeSpan.FromSeconds(30));

        Assert.True(ended, "cbench did not end after SIGINT");
        string error = await stderr;
        await stdout;
        Assert.Equal(130, cbench.ExitCode);
        Assert.Contains("interrupted", error, StringComparison.Ordinal);
        Assert.Empty(Directory.EnumerateDirectories(SizeMachine.DefaultCgroupRoot, $"{SizeMachine.CgroupPrefix}{cbench.Id}-*"));
        int pid = int.Parse(File.ReadAllText(hanging), CultureInfo.InvariantCulture);
        // Gone, or a zombie, within a generous 10 s (a kill is delivered and a process torn down asynchronously).
        Assert.True(TestProcesses.GoneWithin(pid, TimeSpan.FromSeconds(10)), "the interrupted runner is still running 10 s after cbench ended");
    }

    [Fact]
    public void TheSweepsCgroupIsRemovedWhenItsSizeIsDone()
    {
        if (!CanSetQuotas)
        {
            Toolchains.Absent("a writable cgroup v1 cpu controller at /sys/fs/cgroup/cpu (root)");
        }
        var machine = SizeMachine.Here();
        string cgroup;
        using (SizeSetup setup = SizeSetup.Create(new MachineSize(SizeKind.Quota, 1.5), machine, RuntimeTable.All))
        {
            cgroup = setup.Cgroup!;
            Assert.Equal("150000", File.ReadAllText(Path.Combine(cgroup, "cpu.cfs_quota_us")).Trim());
            Assert.Equal("100000", File.ReadAllText(Path.Combine(cgroup, "cpu.cfs_period_us")).Trim());
            Assert.Equal("sh", setup.Launch.Prefix[0]);
        }
        Assert.False(Directory.Exists(cgroup));
    }

    [Fact]
    public void AConfiguredCountSetsEveryRuntimesOwnVariable()
    {
        var machine = new SizeMachine("/nonexistent", 2, HasTaskset: true);

        using SizeSetup setup = SizeSetup.Create(new MachineSize(SizeKind.Configured, 64), machine, RuntimeTable.All);

        Assert.Empty(setup.Launch.Prefix);
        Assert.Equal(
            new Dictionary<string, string> { ["DOTNET_PROCESSOR_COUNT"] = "64", ["CONCURRENCYBENCH_PROCESSORS"] = "64", ["GOMAXPROCS"] = "64", ["TOKIO_WORKER_THREADS"] = "64" }.OrderBy(p => p.Key),
            setup.Launch.Environment.OrderBy(p => p.Key));
        Assert.Equal("configured as 64 cores on 2 real cores", new MachineSize(SizeKind.Configured, 64).Label(2));
    }

    [Fact]
    public void WhatAMachineCannotSetIsNamed()
    {
        var machine = new SizeMachine(_files.PathOf("none"), 2, HasTaskset: false);

        Assert.Contains("taskset is not on PATH", machine.CannotSet(new MachineSize(SizeKind.RealCores, 1)), StringComparison.Ordinal);
        Assert.Contains("lets the run use 2 cores, not 4", machine.CannotSet(new MachineSize(SizeKind.RealCores, 4)), StringComparison.Ordinal);
        Assert.Null(machine.CannotSet(new MachineSize(SizeKind.RealCores, 2)));
        Assert.Contains("no cgroup v1 cpu controller", machine.CannotSet(new MachineSize(SizeKind.Quota, 1)), StringComparison.Ordinal);
        Assert.Null(machine.CannotSet(new MachineSize(SizeKind.Configured, 64)));
    }

    [Theory]
    // A fixed pool: ceil(N / threads) · d.
    [InlineData(1000, 0.1, 6, false, 16.7)]
    [InlineData(1000, 0.1, 512, false, 0.2)]
    // .NET's rule: enough threads at the start, no injection needed.
    [InlineData(4, 1.0, 4, true, 1.0)]
    // One thread at 0 and one more each 0.5 s while calls wait: calls start at 0, 0.5, 1.0 (the first thread) and 1.0 (the
    // thread added at 1.0), so the last ends at 2.0.
    [InlineData(4, 1.0, 1, true, 2.0)]
    public void ThePoolsRulePredictsByHand(int jobs, double d, int minimum, bool injects, double expected)
    {
        Assert.Equal(expected, PoolRule.PredictSeconds(jobs, d, minimum, injects), 9);
    }

    [Fact]
    public void ThePoolsRuleNeverBeatsItsThreadsAndGainsFromAHigherMinimum()
    {
        double two = PoolRule.PredictSeconds(1000, 0.1, 2, injects: true);
        double sixteen = PoolRule.PredictSeconds(1000, 0.1, 16, injects: true);

        Assert.True(sixteen < two, $"{sixteen} s with 16 against {two} s with 2");
        // Never better than all calls at once, never worse than the minimum alone.
        Assert.InRange(two, 0.1, PoolRule.PredictSeconds(1000, 0.1, 2, injects: false));
    }

    // A sweep written by hand: the .NET and Go default pools at two sizes, with what each saw; on .NET also its sleeps,
    // its minimum raised to 100, its pool of 100 and the probe behind the calls.
    private string KnownSweep()
    {
        string Burst(double seconds, string injections = "[500,1000,1500]") => $$"""{"ns":{{(seconds * 1e9).ToString("R", CultureInfo.InvariantCulture)}},"userMs":1,"systemMs":1,"voluntarySwitches":1,"involuntarySwitches":1,"threads":5,"threadsAtStart":4,"peakRssBytes":2000000,"rssAtStartBytes":1000000,"maxConcurrent":10,"check":{"completed":1000},"injections":{{injections}}}""";
        string Case(string type, string method, string parameters, params double[] seconds) => $$"""
            {"type":"{{type}}","method":"{{method}}","label":"{{method}}","parameters":{{{parameters}}},"idealSeconds":0.1,
             "repeated":[{{Burst(seconds[0])}}],"cold":[{{string.Join(",", seconds.Skip(1).Select(t => Burst(t)))}}]}
            """;
        string Pool(params double[] seconds) => Case("DefaultPoolOffload", "DefaultThreadPool", "\"N\":1000,\"DelayMs\":100", seconds);
        string Results(string name, string version, params string[] cases) => $$"""
            {"format":"concurrencybench-runtime-results/2","runtime":{"name":"{{name}}","version":"{{version}}","detail":""},
             "machine":{"processor":"Test CPU","logicalCores":2,"os":"Linux","architecture":"X64"},"profile":"sizes",
             "priming":"each process primes","peakRssScope":"burst","complete":true,
             "cases":[{{string.Join(",", cases)}}]}
            """;
        string Size(string id, int processors, int minimum) => $$"""
            {"format":"concurrencybench-sizes/1","size":"{{id}}","seen":{"dotnet":{"processors":{{processors}},"defaultPoolThreads":32767,"defaultPoolMinimum":{{minimum}},"detail":""},
             "go":{"processors":{{processors}},"defaultPoolThreads":10000,"detail":""} },"complete":true}
            """;
        _files.Write("sweep/sizes.json", """
            {"format":"concurrencybench-sizes/1","realCores":2,"runtimes":["dotnet","go"],"sizes":[
              {"size":"cores-1","status":"ran"},{"size":"quota-0.5","status":"not set","reason":"quota-0.5: no cgroup here"},
              {"size":"configured-16","status":"ran"}],"complete":true}
            """);
        // Per size: .NET's default pool, raised minimum and probe, beside its sleeps and pool of 100; Go's default pool
        // and pool of 100.
        void WriteSize(string id, int processors, double[] pool, double[] raised, double[] probe, double[] goPool, double[] goBounded)
        {
            const string Calls = "\"N\":1000,\"DelayMs\":100", Pooled = "\"N\":1000,\"K\":100,\"DelayMs\":100";
            _files.Write($"sweep/{id}/size.json", Size(id, processors, processors));
            _files.Write($"sweep/{id}/dotnet.json", Results(".NET", "10.0.12", Pool(pool), Case("AsyncDelays", "TaskDelayWhenAll", Calls, 0.1, 0.1, 0.1),
                Case("MaxWorkersOffload", "BoundedExecutor", Pooled, 1.0, 1.0, 1.0), Case("MaxWorkersOffload", "RaisedMinThreads", Pooled, raised),
                Case("PoolStarvation", "ProbeBehindBlockingCalls", Calls, probe), Case("BlockingCalls", "SyncOverAsyncInPool", "\"N\":100,\"DelayMs\":100", 11, 12, 13)));
            _files.Write($"sweep/{id}/go.json", Results("Go", "1.19.8", Pool(goPool), Case("MaxWorkersOffload", "BoundedExecutor", Pooled, goBounded)));
        }
        // The chat point: per process a cold window and a warm one of 1,000 lines spread over [low, high] µs, `lost` of
        // them lost in the warm one.
        void WriteChat(string id, string model, double low, double high, int lost = 0)
        {
            for (int process = 1; process <= 3; process++)
            {
                double[] warm = [.. Enumerable.Range(0, 1000).Select(i => low + ((high - low) * i / 999.0))];
                var result = ChatFamilyTests.Load(1000, 5) with
                {
                    Server = model,
                    Windows = [ChatFamilyTests.Window(1, [.. Enumerable.Repeat(50_000.0, 1000)]), ChatFamilyTests.Window(2, warm, lost: lost)],
                };
                _files.Write($"sweep/{id}/chat/{model}-{process}.json", result.ToJson());
            }
        }
        WriteChat("cores-1", "async", 1_000, 8_000);
        WriteChat("cores-1", "threads", 1_000, 3_000_000, lost: 500);
        WriteChat("configured-16", "async", 1_000, 5_000);
        WriteChat("configured-16", "threads", 1_000, 9_000);
        WriteSize("cores-1", 1, [17, 18, 19], [1.2, 1.3, 1.4], [16, 17, 18], [0.12, 0.11, 0.13], [1.5, 1.6, 1.7]);
        WriteSize("configured-16", 16, [6, 6.5, 7], [1.0, 1.1, 1.2], [5, 6, 7], [0.12, 0.12, 0.12], [1.1, 1.1, 1.1]);
        return _files.PathOf("sweep");
    }

    [Fact]
    public void TheSweepsReportShowsTheKnownFiguresItWasGiven()
    {
        string sweep = KnownSweep();

        var (code, output, error) = Cbench("report", sweep, "--out", _files.PathOf("report"));

        Assert.True(code == 0, output + error);
        string md = File.ReadAllText(_files.PathOf("report/report.md"));
        // The table: each runtime and size's median, what it saw, the rule's prediction and its error.
        double predicted = PoolRule.PredictSeconds(1000, 0.1, 1, injects: true);
        Assert.Contains($"| .NET | 1 real core | {Format.Time(18e9)} | [{Format.Time(17e9)}, {Format.Time(19e9)}] (75.0%) | 3 | 1 | 1 at the start, up to 32,767 | ", md, StringComparison.Ordinal);
        Assert.Contains($"| {Format.Time(predicted * 1e9)} | {SizesReport.ErrorText(18 / predicted)} |", md, StringComparison.Ordinal);
        Assert.Contains("| Go | configured as 16 cores on 2 real cores | 120 ms |", md, StringComparison.Ordinal);
        Assert.Contains("- quota 0.5 CPU: not set: quota-0.5: no cgroup here", md, StringComparison.Ordinal);
        // .NET by size: measured, the rule, no thread added (1,000 calls on 1 thread: 100 s), the probe, the raised minimum.
        Assert.Contains($"| 1 real core | 1 | 18.0 s | {Format.Time(predicted * 1e9)} | 100 s | 17.0 s | 1.30 s (k = 100) |", md, StringComparison.Ordinal);
        // The default report's answers by size: answer 1 is the sleeps against the default pool, and it changes.
        Assert.Contains("| 100 ms against 18.0 s (180×) | 100 ms against 6.50 s (65.0×) | **yes**, 2.77× |", md, StringComparison.Ordinal);
        Assert.Contains("| 1.30 s; 1.00 s | 1.10 s; 1.00 s | no, 1.18× |", md, StringComparison.Ordinal);
        Assert.Contains("| 17.0 s | 6.00 s | **yes**, 2.83× |", md, StringComparison.Ordinal);
        // Which answers change: .NET's pool (18 s against 6.5 s, intervals apart) does; Go's does not; a pool of k names k.
        Assert.Contains("| DefaultPoolOffload.DefaultThreadPool, N = 1,000, d = 100 ms | .NET | 6.50 s (configured as 16 cores on 2 real cores) | 18.0 s (1 real core) | **yes**, 2.77× |", md, StringComparison.Ordinal);
        Assert.Contains("| MaxWorkersOffload.BoundedExecutor, N = 1,000, k = 100, d = 100 ms | Go | 1.10 s (configured as 16 cores on 2 real cores) | 1.60 s (1 real core) | no, 1.45× |", md, StringComparison.Ordinal);
        Assert.Contains("| Go | 120 ms (", md, StringComparison.Ordinal);
        // The answer chart: its title is the answer, and each line's end is labelled with its last value.
        var svg = new SvgChart(File.ReadAllText(_files.PathOf($"report/{SizesReport.AnswerChartName}.svg")));
        string title = string.Join(" ", svg.Texts.Where(t => t.Baseline < 60).Select(t => t.Content));
        Assert.Contains(".NET takes 18.0 s on 1 real core and still 6.50 s when told of 16 cores; Go stays under 1 s at every size", title, StringComparison.Ordinal);
        Assert.Contains(svg.Texts, t => t.Content == ".NET 6.50 s");
        // Each default pool's line is also named at 1 real core, with its figure there.
        Assert.Contains(svg.Texts, t => t.Content == ".NET 18.0 s");
        Assert.Contains(svg.Texts, t => t.Content == "Go 120 ms");
        Assert.Contains(svg.Texts, t => t.Content == $".NET rule {Format.Time(PoolRule.PredictSeconds(1000, 0.1, 16, injects: true) * 1e9)}");
        // The fix's chart: the range over every runtime and size, its slowest named, each line labelled.
        var fix = new SvgChart(File.ReadAllText(_files.PathOf($"report/{SizesReport.FixChartName}.svg")));
        string fixTitle = string.Join(" ", fix.Texts.Where(t => t.Baseline < 60).Select(t => t.Content));
        // The points within 1.5× of the 1 s ideal as a range; the one past it (Go on 1 real core, 1.6 s) named apart.
        Assert.Contains("1,000 blocking calls of 100 ms on a pool of 100 threads: 1.00 s to 1.30 s, near the ideal 1.00 s, except Go on 1 real core (1.60 s)", fixTitle, StringComparison.Ordinal);
        // The default pools, not drawn there, are set beside it in the text.
        Assert.Contains("The same calls on each runtime's default pool took up to 18.0 s (.NET on 1 real core)", md, StringComparison.Ordinal);
        Assert.Contains(fix.Texts, t => t.Content.StartsWith("ideal 1.00 s", StringComparison.Ordinal));
        Assert.Contains(fix.Texts, t => t.Content == ".NET minimum 100 1.10 s");
        Assert.Contains(fix.Texts, t => t.Content == "Go 1.10 s");
        // The pool's growth: the real core's burst of median time started with 1 thread and added the 3 of its record;
        // the rule's line from the same start ends where the rule's calls would be done. A configured count is not drawn.
        var growth = new SvgChart(File.ReadAllText(_files.PathOf($"report/{SizesReport.GrowthChartName}.svg")));
        Assert.Contains(growth.Texts, t => t.Content == "1 real core: 1 + 3 threads, done at 18.0 s");
        Assert.Contains(growth.Texts, t => t.Content.StartsWith("rule, 1 real core: 1 + ", StringComparison.Ordinal) && t.Content.EndsWith($"done at {Format.Time(predicted * 1e9)}", StringComparison.Ordinal));
        Assert.DoesNotContain(growth.Texts, t => t.Content.StartsWith("configured", StringComparison.Ordinal));
        string growthTitle = string.Join(" ", growth.Texts.Where(t => t.Baseline < 60).Select(t => t.Content));
        Assert.Contains("it added 3 threads in 18.0 s, one per 6.00 s", growthTitle, StringComparison.Ordinal);
        // Task.Wait in the pool: the measurement against the compensation rule from what .NET saw (1 processor, minimum
        // 1), with each burst's threads added and their median gap (500 ms).
        double compensation = PoolRule.CompensationSeconds(100, 0.1, 1, 1);
        Assert.Contains($"| 1 real core | 1 | 12.0 s | [11.0 s, 13.0 s] (75.0%) | {Format.Time(compensation * 1e9)} | {SizesReport.ErrorText(12 / compensation)} | 3, 3, 3 | 500 ms |", md, StringComparison.Ordinal);
        // Its chart: the measurement and the rule at the least size and the last, the rule drawn and named at its end.
        var wait = new SvgChart(File.ReadAllText(_files.PathOf($"report/{SizesReport.TaskWaitChartName}.svg")));
        string waitTitle = string.Join(" ", wait.Texts.Where(t => t.Baseline < 60).Select(t => t.Content));
        double compensation16 = PoolRule.CompensationSeconds(100, 0.1, 16, 16);
        Assert.Contains($"100 Task.Wait calls of 100 ms in .NET's pool: 12.0 s on 1 real core (its rule: {Format.Time(compensation * 1e9)}); 12.0 s when told of 16 cores (its rule: {Format.Time(compensation16 * 1e9)})", waitTitle.Replace("\n", " ", StringComparison.Ordinal), StringComparison.Ordinal);
        Assert.Contains(wait.Texts, t => t.Content == $".NET rule {Format.Time(compensation16 * 1e9)}");
        Assert.Contains($"]({SizesReport.TaskWaitChartName}.png)", md, StringComparison.Ordinal);
        // The chat point: the async server held at both sizes; the thread per connection lost 500 lines in each of 3
        // processes on 1 real core, and held configured as 16.
        Assert.Contains("| 1 real core | 7.93 ms | [7.93 ms, 7.93 ms] (75.0%) | yes | 2.97 s | ", md, StringComparison.Ordinal);
        Assert.Contains("| no: 1,500 of 4,500 lines lost or unsent (3 of 3 processes) |", md, StringComparison.Ordinal);
        Assert.Contains("| 5. The chat server's capacity | .NET, thread per connection: warm p99 at 1,000 clients × 5 lines/s | lost lines | 8.93 ms | **yes**: held at 1 of 2 sizes |", md, StringComparison.Ordinal);
        Assert.Contains("| 5. The chat server's capacity | .NET, async sockets: warm p99 at 1,000 clients × 5 lines/s | 7.93 ms | 4.96 ms | **yes**, p99 1.60× |", md, StringComparison.Ordinal);
        Assert.DoesNotContain("answer 5 (", md, StringComparison.Ordinal);
    }

    [Fact]
    public void TheChatAnswerChangesWithSizeOnlyWhereEachSizesVerdictIsDetermined()
    {
        // Three processes per size: warm lines of 2 to 8 ms (held), of 1 to 3 s (not held), and the same with the load
        // 50 ms behind its schedule (its tolerance 10 ms: undetermined, the excess may be the load's).
        SizeChatPoint At(MachineSize size, double low, double high, double loadLateUs = 50) => new(size, "threads", [.. Enumerable.Range(1, 3).Select(_ =>
            ChatFamilyTests.Load(1000, 5) with
            {
                Windows = [ChatFamilyTests.Window(1, [.. Enumerable.Repeat(50_000.0, 1000)]), ChatFamilyTests.Window(2, [.. Enumerable.Range(0, 1000).Select(i => low + ((high - low) * i / 999.0))], loadLateUs: loadLateUs)],
            })]);
        MachineSize one = new(SizeKind.RealCores, 1), two = new(SizeKind.RealCores, 2), quota = new(SizeKind.Quota, 1);
        SizeChatPoint held = At(two, 2_000, 8_000), slow = At(one, 1e6, 3e6), behind = At(quota, 1e6, 3e6, loadLateUs: 50_000);

        Assert.True(held.Held);
        Assert.False(slow.Held || slow.Undetermined);
        Assert.True(behind.Undetermined);
        Assert.Equal("**yes**: held at 1 of 3 sizes; undetermined at 1 (the load fell behind)", SizesReport.ChatVerdict([held, slow, behind]));
        Assert.Equal("unclear: held at 1 of 2 sizes; undetermined at 1 (the load fell behind)", SizesReport.ChatVerdict([held, behind]));
        Assert.Equal("no: held at no size", SizesReport.ChatVerdict([slow, slow with { Size = two }]));
        Assert.Equal("p99 2.98 s (load behind)", SizesReport.ChatCell(behind));
        Assert.Equal("no: p99 over 100 ms", SizesReport.ChatHeld(slow));
    }

    [Theory]
    // ProcessorCount 1, minimum 1: 2 threads at once, the third 25 ms later, the fourth 50 ms after that.
    [InlineData(4, 0.1, 1, 1, 0.175)]
    // Enough threads at once (minimum 2 + 2 more): no delay.
    [InlineData(3, 0.1, 2, 2, 0.1)]
    // ProcessorCount 1, 12 calls: threads join at 0, 0, 25, 75 and 150 ms (25, 50, 75 ms apart), and threads freed at
    // 100 ms on take the rest: the last call starts at 225 ms.
    [InlineData(12, 0.1, 1, 1, 0.325)]
    public void TheCompensationRulePredictsByHand(int jobs, double d, int minimum, int processors, double expected)
    {
        Assert.Equal(expected, PoolRule.CompensationSeconds(jobs, d, minimum, processors), 9);
    }

    [Fact]
    public void TheQuotaNoteNamesWhoIgnoresAQuotaFromWhatEachSaw()
    {
        var half = new MachineSize(SizeKind.Quota, 0.5);
        var one = new MachineSize(SizeKind.Quota, 1);
        SizePoint Point(MachineSize size, string runtime, int processors) =>
            new(size, runtime, runtime, "DefaultPoolOffload", "DefaultThreadPool", 1000, 0, 100, [1e9, 1.1e9, 1.2e9], new SizeSeen(runtime, processors, 8, null, ""), [[], [], []]);
        var sweep = new SizeSweepResults("x", 2, "Test CPU", [(half, "ran", null), (one, "ran", null)],
            [Point(half, "python", 2), Point(one, "python", 2), Point(half, "dotnet", 1), Point(one, "dotnet", 1), Point(half, "go", 2), Point(one, "go", 1)], true);

        string? note = SizesReport.QuotaNote(sweep, sweep.Points);

        // Python saw both real cores under every quota; .NET saw the quota; Go saw it once, so it does not ignore it.
        Assert.Equal("what each runtime saw: Python sizes itself by all 2 real cores under every CPU quota, ignoring it (a quota only slows their threads); .NET and Go by the quota", note);
        Assert.Null(SizesReport.QuotaNote(sweep, sweep.Points.Select(p => p with { Size = new MachineSize(SizeKind.RealCores, 1) })));
        // A runtime that ignores quotas but sees one pinned core has a smaller pool there: the note says so.
        var core = new MachineSize(SizeKind.RealCores, 1);
        SizePoint Node(MachineSize size, int processors, int pool) => Point(size, "node", processors) with { Seen = new SizeSeen("node", processors, pool, null, "") };
        var pinned = new SizeSweepResults("x", 2, "Test CPU", [(half, "ran", null), (core, "ran", null)], [Node(half, 2, 3), Node(core, 1, 2)], true);
        Assert.Equal("what each runtime saw: Node.js sizes itself by all 2 real cores under every CPU quota, ignoring it (a quota only slows their threads); so Node.js's pool is 2 on 1 real core and 3 under each quota",
            SizesReport.QuotaNote(pinned, pinned.Points));
    }

    [Fact]
    public void OnlyTheReportCommandReadsASweepTheOthersRefuseItInOneLine()
    {
        string sweep = KnownSweep();

        var (code, output, error) = Cbench("timeline", sweep, "--out", _files.PathOf("timeline"));

        Assert.Equal(2, code);
        Assert.Contains("no *-report-full.json", Assert.Single(error.Split('\n', StringSplitOptions.RemoveEmptyEntries)), StringComparison.Ordinal);
        Assert.Equal("", output);
        Assert.False(Directory.Exists(_files.PathOf("timeline")));
    }

    [Fact]
    public void ASweepFolderWithAnImpossibleTimeIsRefusedInOneLine()
    {
        string sweep = KnownSweep();
        string go = Path.Combine(sweep, "cores-1", "go.json");
        File.WriteAllText(go, File.ReadAllText(go).Replace("\"ns\":120000000", "\"ns\":-5", StringComparison.Ordinal));

        var (code, output, error) = Cbench("report", sweep, "--out", _files.PathOf("report"));

        Assert.Equal(2, code);
        Assert.Contains("go.json", Assert.Single(error.Split('\n', StringSplitOptions.RemoveEmptyEntries)), StringComparison.Ordinal);
        Assert.False(Directory.Exists(_files.PathOf("report")));
    }
}
