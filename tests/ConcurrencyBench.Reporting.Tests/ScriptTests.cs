using System.Diagnostics;
using System.Runtime.InteropServices;
using System.Text.Json;

namespace ConcurrencyBench.Reporting.Tests;

/// <summary>
/// The scripts under interrupts and odd outputs (issue 18): each runs for real, with a stand-in <c>dotnet</c> first on
/// PATH (Fixtures/fake-dotnet) whose steps write results, fail, or hang until a signal ends them, recording their
/// process IDs. Every wait is bounded.
/// </summary>
[Collection(ScriptTests.Name)]
public sealed class ScriptTests : IDisposable
{
    public const string Name = "Scripts";

    // A bound so a hung script fails the test instead of the suite, not a timing: a real filtered run of the quick
    // profile with Python took past 60 s in the full suite beside other builds on 2 cores.
    private static readonly TimeSpan Patience = TimeSpan.FromMinutes(5);

    private readonly TestFiles _files = new();
    private readonly string _pids;
    private readonly string _bin;

    public ScriptTests()
    {
        _pids = _files.PathOf("pids");
        Directory.CreateDirectory(_pids);
        _bin = _files.PathOf("bin");
        Directory.CreateDirectory(_bin);
        string fake = Path.Combine(_bin, "dotnet");
        File.Copy(Path.Combine(AppContext.BaseDirectory, "Fixtures", "fake-dotnet", "dotnet"), fake);
        if (OperatingSystem.IsLinux())
        {
            File.SetUnixFileMode(fake, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }
    }

    public void Dispose()
    {
        // Whatever a failed test left running ends here.
        foreach (string file in Directory.GetFiles(_pids, "*.pid"))
        {
            if (int.TryParse(File.ReadAllText(file).Trim(), out int pid) && Alive(pid))
            {
                _ = Kill(pid, 9);
            }
        }
        _files.Dispose();
    }

    // The scripts' signals, process groups and exit codes are checked where CI runs them (.ci/run, Linux): setsid,
    // /proc and bash's job control are Linux's. Elsewhere (the workflow's Windows and macOS runners) these tests pass
    // without running the scripts.
    private static bool OnLinux => OperatingSystem.IsLinux();

    private static string Repository
    {
        get
        {
            for (DirectoryInfo? folder = new(AppContext.BaseDirectory); folder is not null; folder = folder.Parent)
            {
                if (File.Exists(Path.Combine(folder.FullName, "ConcurrencyBench.sln")))
                {
                    return folder.FullName;
                }
            }
            throw new InvalidOperationException("the repository is not above the test's folder");
        }
    }

    [DllImport("libc", EntryPoint = "kill", SetLastError = true)]
    [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
    private static extern int Kill(int pid, int signal);

    private static bool Alive(int pid) => TestProcesses.Alive(pid);

    private sealed class Script(Process process, Task<string> stdout, Task<string> stderr)
    {
        public Process Process { get; } = process;

        public (int Code, string Stdout, string Stderr) Wait()
        {
            if (!Process.WaitForExit(Patience))
            {
                Process.Kill(entireProcessTree: true);
                throw new TimeoutException($"the script did not end within {Patience}: {stdout.Result}{stderr.Result}");
            }
            return (Process.ExitCode, stdout.Result, stderr.Result);
        }
    }

    // Starts a script of the repository (or of <paramref name="root"/>), in a process group of its own when asked.
    private Script Start(string script, IEnumerable<string> args, Dictionary<string, string>? environment = null, bool ownGroup = false, string? root = null)
    {
        var start = new ProcessStartInfo(ownGroup ? "setsid" : "bash") { RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = _files.Root };
        if (ownGroup)
        {
            start.ArgumentList.Add("bash");
        }
        start.ArgumentList.Add(Path.Combine(root ?? Repository, "scripts", script));
        foreach (string arg in args)
        {
            start.ArgumentList.Add(arg);
        }
        start.Environment["PATH"] = _bin + ":" + Environment.GetEnvironmentVariable("PATH");
        start.Environment["FAKE_PIDS"] = _pids;
        start.Environment["FAKE_FIXTURE"] = TestFiles.DefaultPoolJson;
        foreach ((string name, string value) in environment ?? [])
        {
            start.Environment[name] = value;
        }
        Process process = Process.Start(start)!;
        return new Script(process, process.StandardOutput.ReadToEndAsync(), process.StandardError.ReadToEndAsync());
    }

    // The process IDs a hanging step recorded, once it is running.
    private (int Step, int Child) WaitForStep(string kind)
    {
        string step = Path.Combine(_pids, kind + ".pid"), child = Path.Combine(_pids, kind + "-child.pid");
        // A pid file exists from the moment the shell opens it for its echo, before the number is in it: wait for both numbers.
        static bool Written(string file) => File.Exists(file) && File.ReadAllText(file).Trim().Length > 0;
        var waited = Stopwatch.StartNew();
        while (waited.Elapsed < Patience && !(Written(step) && Written(child)))
        {
            Thread.Sleep(100);
        }
        Assert.True(Written(step) && Written(child), $"the {kind} step did not start within {Patience}");
        return (int.Parse(File.ReadAllText(step).Trim()), int.Parse(File.ReadAllText(child).Trim()));
    }

    private static void AssertEnded((int Step, int Child) pids)
    {
        // Bounded: the script waited for them, but an orphan's reaping may lag a moment.
        for (int i = 0; i < 50 && (Alive(pids.Step) || Alive(pids.Child)); i++)
        {
            Thread.Sleep(100);
        }
        Assert.False(Alive(pids.Step), $"step {pids.Step} outlived the script");
        Assert.False(Alive(pids.Child), $"step's child {pids.Child} outlived the script");
    }

    private static JsonElement RunInfo(string run) => JsonDocument.Parse(File.ReadAllText(Path.Combine(run, "run-info.json"))).RootElement;

    [Theory]
    [InlineData(15, false, 143)]
    [InlineData(15, true, 143)]
    [InlineData(2, true, 130)]
    public void AnInterruptStopsRunShsBenchmarkKeepsWhatFinishedAndSaysTheRunIsIncomplete(int signal, bool toGroup, int expected)
    {
        if (!OnLinux)
        {
            return;
        }
        string run = _files.PathOf("run");
        Script script = Start("run.sh", ["--profile", "quick", "--out", run], new() { ["FAKE_BENCH"] = "results-then-hang" }, ownGroup: toGroup);
        var bench = WaitForStep("bench");

        Assert.Equal(0, Kill(toGroup ? -script.Process.Id : script.Process.Id, signal));
        var (code, _, stderr) = script.Wait();

        Assert.Equal(expected, code);
        AssertEnded(bench);
        Assert.Contains("keeps what finished", stderr, StringComparison.Ordinal);
        Assert.False(RunInfo(run).GetProperty("complete").GetBoolean());
        Assert.Equal(expected, RunInfo(run).GetProperty("exitCode").GetInt32());
        Assert.True(File.Exists(Path.Combine(run, "results", Path.GetFileName(TestFiles.DefaultPoolJson))));
    }

    [Fact]
    public void AnInterruptBeforeAnyResultLeavesNoFolder()
    {
        if (!OnLinux)
        {
            return;
        }
        string run = _files.PathOf("run");
        Script script = Start("run.sh", ["--profile", "quick", "--out", run], new() { ["FAKE_BENCH"] = "hang" });
        var bench = WaitForStep("bench");

        Assert.Equal(0, Kill(script.Process.Id, 15));

        Assert.Equal(143, script.Wait().Code);
        AssertEnded(bench);
        Assert.False(Directory.Exists(run));
    }

    [Fact]
    public void AnInterruptDuringTheReportStageMarksTheRunIncompleteNotExitZero()
    {
        if (!OnLinux)
        {
            return;
        }
        string run = _files.PathOf("run");
        Script script = Start("run.sh", ["--profile", "quick", "--out", run], new() { ["FAKE_REPORT"] = "hang" });
        var report = WaitForStep("report");

        Assert.Equal(0, Kill(script.Process.Id, 2));
        var (code, _, stderr) = script.Wait();

        Assert.Equal(130, code);
        AssertEnded(report);
        Assert.Contains("interrupted during the report", stderr, StringComparison.Ordinal);
        Assert.False(RunInfo(run).GetProperty("complete").GetBoolean());
        Assert.Equal(130, RunInfo(run).GetProperty("exitCode").GetInt32());
    }

    [Fact]
    public void RunShOutAnExistingFileIsOneLineAndExitTwo()
    {
        if (!OnLinux)
        {
            return;
        }
        string file = _files.Write("a-file", "keep me");

        var (code, _, stderr) = Start("run.sh", ["--profile", "quick", "--out", file]).Wait();

        Assert.Equal(2, code);
        Assert.Contains("is a file, not a folder", Assert.Single(stderr.Trim().Split('\n')), StringComparison.Ordinal);
        Assert.Equal("keep me", File.ReadAllText(file));
    }

    [Theory]
    [InlineData("nothing")]
    [InlineData("fail")]
    public void ARunThatMeasuredNothingLeavesNoFolderAndTheSameOutWorksAgain(string bench)
    {
        if (!OnLinux)
        {
            return;
        }
        string run = _files.PathOf("run");

        var (code, _, _) = Start("run.sh", ["--profile", "quick", "--out", run], new() { ["FAKE_BENCH"] = bench }).Wait();

        Assert.NotEqual(0, code);
        Assert.False(Directory.Exists(run), "a run that measured nothing left its folder");
        var again = Start("run.sh", ["--profile", "quick", "--out", run]).Wait();
        Assert.True(again.Code == 0, again.Stderr);
        Assert.True(RunInfo(run).GetProperty("complete").GetBoolean());
        // The machine's conditions at the start and end: the calibration loop's time (the fake's), the load average
        // and the CPUs' ticks, read back by the reader that checks every manifest.
        Assert.Equal(12345678, RunInfo(run).GetProperty("calibrationNsStart").GetDouble());
        Assert.Equal(12345678, RunInfo(run).GetProperty("calibrationNsEnd").GetDouble());
        var info = ResultsReader.ReadRunInfo(Path.Combine(run, "run-info.json"));
        Assert.NotNull(info.LoadAverage1mStart);
        Assert.NotNull(info.LoadAverage1mEnd);
        Assert.True(info.CpuTicksEnd >= info.CpuTicksStart, $"{info.CpuTicksStart} → {info.CpuTicksEnd}");
        Assert.InRange(info.StealShare ?? 0, 0, 1);
        Assert.Equal(12345678, info.CalibrationNs);
    }

    // A filtered run's Python twins: run.sh hands its filter to cbench runtimes (the test below with the fake dotnet),
    // which selects the same cases on every runtime (OrchestratorTests, RuntimeFilterTests against BenchmarkDotNet's own).

    [Theory]
    [InlineData("3", 0)]
    [InlineData("1", 1)]
    public void AFilteredRunPassesItsFilterAndCategoriesToEveryOtherRuntimeInOneCallOfTheOrchestrator(string orchestratorExit, int runExit)
    {
        if (!OnLinux)
        {
            return;
        }
        string run = _files.PathOf("run");

        var (code, _, stderr) = Start("run.sh", ["--profile", "quick", "--runtimes", "dotnet,python,go,python", "--out", run, "--filter", "*TaskDelayWhenAll*", "*.Sequential(N: 10,*", "--anyCategories", "AsyncDelays", "Blocking", "--job", "dry"],
            new() { ["CONCURRENCYBENCH_NO_INSTALL"] = "1", ["FAKE_RUNTIMES"] = orchestratorExit }).Wait();

        // Nothing ran on the other runtimes (3) is no failure of a run whose .NET cases ran; a failed case (1) is.
        Assert.True(code == runExit, $"exit {code}: {stderr}");
        string call = Assert.Single(File.ReadAllLines(Path.Combine(_pids, "runtimes-args.txt")));
        Assert.Equal($"runtimes --grid {run}/profile-grid.json --runtimes python,go --out {run}/runtimes --filter *TaskDelayWhenAll* *.Sequential(N: 10,* --any-categories AsyncDelays Blocking", call);
    }

    [Fact]
    public void ProfileShWithAFilterMatchingNothingLeavesNoFolder()
    {
        if (!OnLinux)
        {
            return;
        }
        string run = _files.PathOf("profile");

        var (code, _, _) = Start("profile.sh", ["*NoSuch*", "--out", run], new() { ["FAKE_BENCH"] = "nothing" }).Wait();

        Assert.Equal(2, code);
        Assert.False(Directory.Exists(run));
    }

    // A repository of the scripts alone, for the gate: its worktrees are its own, not this repository's.
    private string GateRepository()
    {
        string repo = _files.PathOf("repo");
        foreach (string file in Directory.GetFiles(Path.Combine(Repository, "scripts"), "*", SearchOption.AllDirectories))
        {
            string target = Path.Combine(repo, Path.GetRelativePath(Repository, file));
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(file, target);
            if (OperatingSystem.IsLinux())
            {
                File.SetUnixFileMode(target, File.GetUnixFileMode(file));
            }
        }
        foreach (string[] git in new[] { new[] { "init", "-q" }, ["add", "-A"], ["-c", "user.email=t@example.com", "-c", "user.name=t", "commit", "-q", "-m", "scripts"] })
        {
            var start = new ProcessStartInfo("git") { WorkingDirectory = repo, RedirectStandardError = true, RedirectStandardOutput = true };
            foreach (string arg in git)
            {
                start.ArgumentList.Add(arg);
            }
            using Process process = Process.Start(start)!;
            Assert.True(process.WaitForExit(Patience) && process.ExitCode == 0, process.StandardError.ReadToEnd());
        }
        return repo;
    }

    private static string Worktrees(string repo)
    {
        var start = new ProcessStartInfo("git", ["worktree", "list", "--porcelain"]) { WorkingDirectory = repo, RedirectStandardOutput = true };
        using Process process = Process.Start(start)!;
        string list = process.StandardOutput.ReadToEnd();
        process.WaitForExit(Patience);
        return list;
    }

    [Theory]
    [InlineData(2, false, 130)]
    [InlineData(15, false, 143)]
    [InlineData(15, true, 143)]
    public void AnInterruptedGateIsNeverAVerdictAndNothingItStartedOutlivesIt(int signal, bool toGroup, int expected)
    {
        if (!OnLinux)
        {
            return;
        }
        string repo = GateRepository();
        Script script = Start("ci-perf.sh", ["--base", "HEAD", "--out", _files.PathOf("gate")], new() { ["FAKE_BUILD"] = "hang" }, toGroup, repo);
        var build = WaitForStep("build");

        Assert.Equal(0, Kill(toGroup ? -script.Process.Id : script.Process.Id, signal));
        var (code, _, stderr) = script.Wait();

        Assert.Equal(expected, code);
        Assert.Contains("no verdict", stderr, StringComparison.Ordinal);
        AssertEnded(build);
        Assert.False(File.Exists(Path.Combine(_pids, "vanished.txt")), "the base worktree was deleted under a running build");
        Assert.Single(Worktrees(repo).Split("worktree ", StringSplitOptions.RemoveEmptyEntries));
    }

    [Theory]
    [InlineData("FAKE_BUILD", "fail")]
    [InlineData("FAKE_BENCH", "fail")]
    public void AGateWhoseBuildOrRunFailedIsExitTwoNotARegression(string step, string behaviour)
    {
        if (!OnLinux)
        {
            return;
        }
        string repo = GateRepository();

        var (code, _, stderr) = Start("ci-perf.sh", ["--base", "HEAD", "--out", _files.PathOf("gate")], new() { [step] = behaviour }, root: repo).Wait();

        Assert.Equal(2, code);
        Assert.Contains("no verdict", stderr, StringComparison.Ordinal);
        Assert.Single(Worktrees(repo).Split("worktree ", StringSplitOptions.RemoveEmptyEntries));
    }
}

[CollectionDefinition(ScriptTests.Name, DisableParallelization = true)]
public sealed class ScriptsRunAlone
{
}
