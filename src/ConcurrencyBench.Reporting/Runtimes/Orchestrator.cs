using System.Diagnostics;
using System.Globalization;
using System.Text.Json;

namespace ConcurrencyBench.Reporting.Runtimes;

/// <summary>What <c>cbench runtimes</c> was asked to run.</summary>
/// <param name="GridPath">The profile's grid (profile-grid.json).</param>
/// <param name="Runtimes">The runtimes, ids of <see cref="RuntimeTable"/>, in the order they run.</param>
/// <param name="OutFolder">The folder for <c>&lt;runtime&gt;.json</c> and <c>absent.txt</c> (created where missing).</param>
/// <param name="Filter">The cases the run selects (BenchmarkDotNet's filters).</param>
/// <param name="BudgetSeconds">Seconds per case and burst kind; null: the profile's, else the runtime's default.</param>
/// <param name="RepositoryRoot">The repository whose scripts/build-runner.sh builds the runners.</param>
/// <param name="Runners">Runners given by path (runtime id → program), not built: a runner tried by hand, or a test's.</param>
/// <param name="Launch">How every runner process (its --describe and its cases, not its build) is started: a machine size's prefix and variables; null: as it is.</param>
public sealed record OrchestratorOptions(
    string GridPath,
    IReadOnlyList<string> Runtimes,
    string OutFolder,
    CaseFilter Filter,
    double? BudgetSeconds,
    string RepositoryRoot,
    IReadOnlyDictionary<string, string> Runners,
    ProcessLaunch? Launch = null);

/// <summary>An interrupt ended the run; every case that finished is in its runtime's file (the message says which).</summary>
public sealed class RunInterruptedException : OperationCanceledException
{
    public RunInterruptedException()
    {
    }

    public RunInterruptedException(string message)
        : base(message)
    {
    }

    public RunInterruptedException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}

/// <summary>
/// <c>cbench runtimes</c>: runs the other runtimes' twins of the .NET cases through their runners
/// (<see cref="RunnerProtocol"/>), owning everything that is the same for every runtime: the case table and leave-outs,
/// ideals, the repeated bursts in one process and the cold ones in fresh processes within a budget, a timeout per burst,
/// priming, verification of every burst, the filter, interrupts, and <c>runtimes/&lt;runtime&gt;.json</c> in
/// <see cref="RuntimeResults.Format"/>, rewritten after every case (complete: false until the end).
/// </summary>
public sealed class Orchestrator
{
    /// <summary>Exit code: every case of every runtime that ran finished.</summary>
    public const int Ok = 0;

    /// <summary>Exit code: a case failed, a runner did not build or broke the protocol (the other cases are kept).</summary>
    public const int Failed = 1;

    /// <summary>Exit code: nothing ran, because every runtime asked for was absent (its toolchain missing) or has no case the filter selects.</summary>
    public const int NothingRan = 3;

    /// <summary>How long a child may take to start and prime, beyond the operation timeout.</summary>
    public static TimeSpan StartGrace { get; } = TimeSpan.FromSeconds(60);

    /// <summary>How long a burst may take beyond the operation timeout after "burst" was written (the measurement around it).</summary>
    public static TimeSpan BurstGrace { get; } = TimeSpan.FromSeconds(2);

    /// <summary>How long a child may take to exit after "stop", or its --describe to answer.</summary>
    public static TimeSpan ExitGrace { get; } = TimeSpan.FromSeconds(60);

    /// <summary>A runner's build by scripts/build-runner.sh, at most (a first Rust build here takes minutes).</summary>
    public static TimeSpan BuildLimit { get; } = TimeSpan.FromMinutes(20);

    private readonly OrchestratorOptions _options;
    private readonly TextWriter _output;
    private readonly TextWriter _error;
    private readonly Lock _lock = new();
    private readonly Dictionary<string, string> _runners = new(StringComparer.Ordinal);
    private readonly Dictionary<string, RunnerDescription> _descriptions = new(StringComparer.Ordinal);
    private RunnerProcess? _current;

    /// <summary>What each runner said of itself (<c>--describe</c>, under <see cref="OrchestratorOptions.Launch"/>), by runtime, once <see cref="Run"/> has described it.</summary>
    public IReadOnlyDictionary<string, RunnerDescription> Descriptions => _descriptions;

    /// <summary>The program of each runner, built or given, once <see cref="Run"/> has prepared it.</summary>
    public IReadOnlyDictionary<string, string> Runners => _runners;

    /// <summary>An orchestrator of one run.</summary>
    public Orchestrator(OrchestratorOptions options, TextWriter output, TextWriter error)
    {
        _options = options ?? throw new ArgumentNullException(nameof(options));
        _output = output ?? throw new ArgumentNullException(nameof(output));
        _error = error ?? throw new ArgumentNullException(nameof(error));
    }

    /// <summary>
    /// Checks what was asked before anything runs: the runtimes known and each asked once, the grid readable, no results
    /// file already there (never overwritten).
    /// </summary>
    /// <exception cref="ResultsFormatException">Bad input (one line naming it).</exception>
    public ProfileGrid Check()
    {
        if (_options.Runtimes.Count == 0)
        {
            throw new ResultsFormatException($"--runtimes needs at least one of {RuntimeTable.Ids}");
        }
        foreach (string id in _options.Runtimes)
        {
            if (RuntimeTable.Find(id) is null)
            {
                throw new ResultsFormatException($"unknown runtime '{id}' in --runtimes (expected {RuntimeTable.Ids}, comma-separated)");
            }
            if (_options.Runtimes.Count(r => r == id) > 1)
            {
                throw new ResultsFormatException($"--runtimes names '{id}' twice");
            }
        }
        foreach (string id in _options.Runners.Keys)
        {
            if (!_options.Runtimes.Contains(id))
            {
                throw new ResultsFormatException($"--runner {id}=...: '{id}' is not one of the runtimes asked for");
            }
        }
        if (_options.BudgetSeconds is double budget && !(double.IsFinite(budget) && budget > 0))
        {
            throw new ResultsFormatException(string.Create(CultureInfo.InvariantCulture, $"--budget must be a positive number of seconds, not {budget}"));
        }
        ProfileGrid grid = ProfileGrid.Read(_options.GridPath);
        if (File.Exists(_options.OutFolder))
        {
            throw ResultsFormatException.For(_options.OutFolder, "a file, not a folder; choose another --out");
        }
        foreach (string id in _options.Runtimes)
        {
            string path = ResultsPath(id);
            if (File.Exists(path) || Directory.Exists(path))
            {
                throw ResultsFormatException.For(path, "already exists; choose another --out (a results file is never overwritten)");
            }
        }
        return grid;
    }

    /// <summary>Runs every runtime asked for; returns the exit code (<see cref="Ok"/>, <see cref="Failed"/>, <see cref="NothingRan"/>).</summary>
    /// <exception cref="ResultsFormatException">Bad input, before anything ran.</exception>
    /// <exception cref="RunInterruptedException">An interrupt (<see cref="Interruption.Token"/>): the children were killed, the files keep what finished.</exception>
    public int Run()
    {
        ProfileGrid grid = Check();
        Directory.CreateDirectory(_options.OutFolder);
        CancellationToken interrupt = Interruption.Token;
        using CancellationTokenRegistration onInterrupt = interrupt.Register(() =>
        {
            lock (_lock)
            {
                _current?.Kill();
            }
        });
        bool failed = false, ran = false;
        // Every runner built and described first, so that every leave-out is printed when the run starts and a runner that
        // does not build is named before an hour of the others' cases.
        var plans = new List<(RuntimeRow Row, CasePlan Plan)>();
        foreach (string id in _options.Runtimes)
        {
            RuntimeRow row = RuntimeTable.Find(id)!;
            try
            {
                (RuntimeOutcome? outcome, CasePlan? plan) = Prepare(row, grid, interrupt);
                if (plan is not null)
                {
                    plans.Add((row, plan));
                }
                failed |= outcome == RuntimeOutcome.Failed;
            }
            catch (OperationCanceledException e) when (interrupt.IsCancellationRequested)
            {
                throw new RunInterruptedException($"interrupted while {id} was built or described: {_options.OutFolder} keeps every case that finished", e);
            }
        }
        foreach ((RuntimeRow row, CasePlan plan) in plans)
        {
            RuntimeOutcome outcome = Execute(row, plan, grid, interrupt);
            failed |= outcome == RuntimeOutcome.Failed || outcome == RuntimeOutcome.SomeFailed;
            ran |= outcome is RuntimeOutcome.Ran or RuntimeOutcome.SomeFailed;
        }
        if (!ran)
        {
            _error.WriteLine($"error: nothing ran: no runtime of {string.Join(", ", _options.Runtimes)} produced a case");
            return failed ? Failed : NothingRan;
        }
        return failed ? Failed : Ok;
    }

    private enum RuntimeOutcome
    {
        Ran,
        SomeFailed,
        Failed,
        Absent,
    }

    private string ResultsPath(string runtime) => Path.Combine(_options.OutFolder, runtime + ".json");

    // A runtime the run could not use: one line, and one in absent.txt, which the report prints.
    private void Absent(RuntimeRow row, string line)
    {
        _output.WriteLine($"{line}; this run goes on without {row.Id}");
        File.AppendAllText(Path.Combine(_options.OutFolder, RuntimeResults.AbsentFile), $"{line}, so this run has no {row.Name} runs\n");
    }

    // Builds and describes a runtime's runner and plans its cases, printing its leave-outs: the plan, or why there is none.
    private (RuntimeOutcome? Outcome, CasePlan? Plan) Prepare(RuntimeRow row, ProfileGrid grid, CancellationToken interrupt)
    {
        string id = row.Id;
        string? runner = _options.Runners.TryGetValue(id, out string? given) ? given : null;
        if (runner is null)
        {
            (int status, string stdout, string stderr) = RunToEnd("bash", [Path.Combine(_options.RepositoryRoot, "scripts", "build-runner.sh"), id], BuildLimit, interrupt);
            string reason = RunnerProtocol.LastLine(stderr);
            if (status == 3)
            {
                Absent(row, reason);
                return (RuntimeOutcome.Absent, null);
            }
            if (status != 0)
            {
                string why = reason == "no message" ? $"{id}: the build failed (exit {status})" : reason;
                _error.WriteLine($"{why}; this run goes on without {id}");
                File.AppendAllText(Path.Combine(_options.OutFolder, RuntimeResults.AbsentFile), $"{why}, so this run has no {row.Name} runs\n");
                return (RuntimeOutcome.Failed, null);
            }
            runner = stdout.Trim();
            _output.WriteLine($"{id}: runner {runner}");
        }
        _runners[id] = runner;
        RunnerDescription description;
        try
        {
            (int status, string stdout, string stderr) = RunToEnd(runner, ["--describe"], ExitGrace, interrupt, _options.Launch);
            if (status != 0)
            {
                throw new RunnerProtocolException($"{id}: {runner} --describe: exit {status}: {RunnerProtocol.LastLine(stderr)}");
            }
            description = RunnerProtocol.ParseDescription(id, stdout);
        }
        catch (Exception e) when (e is RunnerProtocolException or InvalidOperationException)
        {
            _error.WriteLine($"error: {e.Message}; this run goes on without {id}");
            return (RuntimeOutcome.Failed, null);
        }
        _descriptions[id] = description;
        CasePlan plan = CaseTable.Plan(grid, id, description, _options.Filter);
        foreach (LeftOutCase left in plan.LeftOut)
        {
            // As the .NET side prints its leave-outs, prefixed with the runtime.
            _output.WriteLine($"{id}: left out of profile '{grid.Name}': {left.Case.FullName}: {left.Reason}");
        }
        if (plan.Cases.Count == 0)
        {
            Absent(row, _options.Filter.Any
                ? $"{id}: no case this run's filter selects has a {row.Name} twin"
                : $"{id}: no case of profile '{grid.Name}' has a {row.Name} twin");
            return (RuntimeOutcome.Absent, null);
        }
        return (null, plan);
    }

    // Runs a runtime's planned cases into its results file.
    private RuntimeOutcome Execute(RuntimeRow row, CasePlan plan, ProfileGrid grid, CancellationToken interrupt)
    {
        string id = row.Id;
        RunnerDescription description = _descriptions[id];
        double budget = _options.BudgetSeconds ?? grid.BudgetSeconds ?? row.DefaultBudgetSeconds;
        var document = new RuntimeResultsDocument(description, grid.Name, RunnerProtocol.PrimingSentence + row.PrimingNote);
        string path = ResultsPath(id);
        int failures = 0;
        foreach (PlannedCase planned in plan.Cases)
        {
            string name = planned.Case.FullName;
            try
            {
                (List<JsonElement> repeated, List<JsonElement> cold) = RunCase(id, planned.Case, grid, budget, interrupt);
                document.Add(planned, repeated, cold);
                document.Write(path, complete: false);
                var all = repeated.Concat(cold).Select(b => b.GetProperty("ns").GetDouble()).Order().ToList();
                _output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{id}: {name}: {repeated.Count} repeated + {cold.Count} cold bursts, median {all[all.Count / 2] / 1e6:0.0} ms"));
            }
            catch (CaseFailedException e)
            {
                failures++;
                _error.WriteLine($"{id}: {name}: failed: {e.Message}");
            }
            catch (RunnerProtocolException e)
            {
                // A runner that breaks the protocol is wrong for every case: its runtime stops here, keeping what finished.
                failures++;
                _error.WriteLine($"error: {e.Message}; {id} stops here");
                break;
            }
            catch (OperationCanceledException) when (interrupt.IsCancellationRequested)
            {
                throw new RunInterruptedException(document.Count > 0
                    ? $"interrupted: {path} keeps the {document.Count} {id} case(s) that finished (complete: false)"
                    : $"interrupted: no {id} case had finished; nothing written for it");
            }
        }
        if (document.Count == 0)
        {
            // A run in which nothing ran writes nothing (the reader refuses a file without a case).
            _error.WriteLine($"{id}: no case finished; {path} not written");
            return RuntimeOutcome.Failed;
        }
        document.Write(path, complete: true);
        try
        {
            RuntimeResults.Read(path);
        }
        catch (ResultsFormatException e)
        {
            _error.WriteLine($"error: {id}: the written file does not load: {e.Message}");
            return RuntimeOutcome.Failed;
        }
        _output.WriteLine($"{id}: {document.Count} cases written to {path}; {failures} failed");
        return failures > 0 ? RuntimeOutcome.SomeFailed : RuntimeOutcome.Ran;
    }

    private sealed class CaseFailedException(string message) : Exception(message);

    // Repeated bursts in one process (up to `iterations`, stopping after the second once they took more than the budget),
    // then cold bursts in fresh processes (up to `coldLaunches`, at least one, stopping once they took more than the budget).
    private (List<JsonElement> Repeated, List<JsonElement> Cold) RunCase(string runtime, RunnerCase c, ProfileGrid grid, double budget, CancellationToken interrupt)
    {
        List<JsonElement> repeated = RunProcess(runtime, c, grid, grid.Iterations, budget, interrupt);
        var cold = new List<JsonElement>();
        var coldClock = Stopwatch.StartNew();
        for (int launched = 0; launched < grid.ColdLaunches && (launched == 0 || coldClock.Elapsed.TotalSeconds <= budget); launched++)
        {
            cold.AddRange(RunProcess(runtime, c, grid, 1, budget, interrupt));
        }
        return (repeated, cold);
    }

    private List<JsonElement> RunProcess(string runtime, RunnerCase c, ProfileGrid grid, int bursts, double budget, CancellationToken interrupt)
    {
        int pool = _descriptions[runtime].DefaultPoolThreads;
        string runner = _runners[runtime];
        string name = c.FullName;
        var timeout = TimeSpan.FromSeconds(grid.OperationTimeoutSeconds);
        RunnerProcess child;
        lock (_lock)
        {
            interrupt.ThrowIfCancellationRequested();
            try
            {
                child = RunnerProcess.Start(runner, ["--case", RunnerProtocol.CaseArgument(c)], _options.RepositoryRoot, _options.Launch);
            }
            catch (InvalidOperationException e)
            {
                throw new CaseFailedException(e.Message);
            }
            _current = child;
        }
        try
        {
            string Ended(string when)
            {
                child.WaitForExit(ExitGrace);
                return $"the process ended {when}: exit {(child.WaitForExit(TimeSpan.Zero) ? child.ExitCode.ToString(CultureInfo.InvariantCulture) : "unknown")}: {RunnerProtocol.LastLine(child.Stderr)}";
            }
            RunnerLine Next(TimeSpan limit, string timedOut, string when)
            {
                string? line;
                try
                {
                    line = child.NextLine(limit, interrupt);
                }
                catch (TimeoutException)
                {
                    child.Kill();
                    throw new CaseFailedException(timedOut);
                }
                if (line is null)
                {
                    interrupt.ThrowIfCancellationRequested();
                    throw new CaseFailedException(Ended(when));
                }
                RunnerLine parsed = RunnerProtocol.ParseLine(runtime, name, line);
                if (parsed is RunnerLine.Failure error)
                {
                    child.Kill();
                    throw new CaseFailedException($"{when}: the runner said: {RunnerProtocol.Shown(error.Message)}");
                }
                return parsed;
            }
            RunnerLine first = Next(timeout + StartGrace, string.Create(CultureInfo.InvariantCulture,
                $"the process was not ready within {(timeout + StartGrace).TotalSeconds:0} s (start and priming): its process group was killed"), "before it was ready");
            if (first is not RunnerLine.Ready)
            {
                child.Kill();
                throw new RunnerProtocolException($"{runtime}: {name}: the runner broke {RunnerProtocol.Version}: a burst before {{\"ready\":true}}");
            }
            var records = new List<JsonElement>();
            Stopwatch? clock = null;
            for (int i = 0; i < bursts; i++)
            {
                child.Send("burst");
                clock ??= Stopwatch.StartNew();
                RunnerLine line = Next(timeout + BurstGrace, string.Create(CultureInfo.InvariantCulture,
                    $"burst {i + 1} did not finish within the operation timeout ({timeout.TotalSeconds:0.###} s + {BurstGrace.TotalSeconds:0} s): its process group was killed (bounded: the case is recorded as failed)"),
                    $"during burst {i + 1}");
                if (line is not RunnerLine.Burst burst)
                {
                    child.Kill();
                    throw new RunnerProtocolException($"{runtime}: {name}: the runner broke {RunnerProtocol.Version}: {{\"ready\":true}} again where burst {i + 1} was expected");
                }
                if (RunnerProtocol.Verify(c, burst.Record, grid.OperationTimeoutSeconds, pool) is string wrong)
                {
                    child.Kill();
                    throw new CaseFailedException($"burst {i + 1}: {wrong}");
                }
                records.Add(burst.Record);
                if (i >= 1 && clock.Elapsed.TotalSeconds > budget)
                {
                    break;
                }
            }
            child.Send("stop");
            try
            {
                if (child.NextLine(ExitGrace, interrupt) is string extra)
                {
                    child.Kill();
                    throw new RunnerProtocolException($"{runtime}: {name}: the runner broke {RunnerProtocol.Version}: a line after \"stop\": {RunnerProtocol.Shown(extra)}");
                }
            }
            catch (TimeoutException)
            {
                child.Kill();
                throw new CaseFailedException(string.Create(CultureInfo.InvariantCulture, $"the process did not end within {ExitGrace.TotalSeconds:0} s of \"stop\": its process group was killed"));
            }
            if (!child.WaitForExit(ExitGrace))
            {
                child.Kill();
                throw new CaseFailedException(string.Create(CultureInfo.InvariantCulture, $"the process did not exit within {ExitGrace.TotalSeconds:0} s of \"stop\": its process group was killed"));
            }
            if (child.ExitCode != 0)
            {
                throw new CaseFailedException($"exit {child.ExitCode} after \"stop\": {RunnerProtocol.LastLine(child.Stderr)}");
            }
            return records;
        }
        finally
        {
            lock (_lock)
            {
                _current = null;
            }
            child.Dispose();
        }
    }

    // Runs a program to its end within `limit` (else kills its process group); an interrupt kills it too.
    private (int Status, string Stdout, string Stderr) RunToEnd(string program, IReadOnlyList<string> arguments, TimeSpan limit, CancellationToken interrupt, ProcessLaunch? launch = null)
    {
        RunnerProcess child;
        lock (_lock)
        {
            interrupt.ThrowIfCancellationRequested();
            child = RunnerProcess.Start(program, arguments, _options.RepositoryRoot, launch);
            _current = child;
        }
        try
        {
            var stdout = new System.Text.StringBuilder();
            var clock = Stopwatch.StartNew();
            while (true)
            {
                TimeSpan left = limit - clock.Elapsed;
                string? line;
                try
                {
                    line = child.NextLine(left > TimeSpan.Zero ? left : TimeSpan.Zero, interrupt);
                }
                catch (TimeoutException)
                {
                    child.Kill();
                    return (124, stdout.ToString(), string.Create(CultureInfo.InvariantCulture, $"{program}: did not end within {limit.TotalSeconds:0} s: killed"));
                }
                if (line is null)
                {
                    break;
                }
                stdout.Append(line).Append('\n');
            }
            interrupt.ThrowIfCancellationRequested();
            if (!child.WaitForExit(limit))
            {
                child.Kill();
                return (124, stdout.ToString(), $"{program}: did not exit: killed");
            }
            return (child.ExitCode, stdout.ToString(), child.Stderr);
        }
        finally
        {
            lock (_lock)
            {
                _current = null;
            }
            child.Dispose();
        }
    }
}
