using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.Json;
using ConcurrencyBench.Reporting;

namespace ConcurrencyBench.Cli;

/// <summary>
/// <c>cbench gate --base DIR --head DIR</c>: the regression gate. Both builds' benchmark executables run as workers
/// (<c>--gate-run CASE</c>), one fresh process per sample, base and head in pairs of random order, case by case; each
/// case is judged by <see cref="GateRule"/> at its looks and stopped once decided (a Slower or Faster at the rule's strict
/// level). Exit 0: no case slower; 1: a case slower; 2: the gate could not judge
/// (a worker failed, a case missing, nothing compared); 130/143: interrupted.
/// </summary>
public static class GateCommand
{
    private const string WorkerDll = "ConcurrencyBench.Benchmarks.dll";

    /// <summary>The command.</summary>
    public static Command Build(TextWriter output, TextWriter error)
    {
        var baseOption = new Option<string>("--base") { Description = "The base build's output folder (holding ConcurrencyBench.Benchmarks.dll).", Required = true };
        var headOption = new Option<string>("--head") { Description = "The head build's output folder.", Required = true };
        var outOption = new Option<string>("--out") { Description = "Folder for gate.md, trend-record.md and samples.jsonl (replaced whole).", Required = true };
        var budget = new Option<int>("--budget-seconds")
        {
            Description = "No case's look starts past this many seconds of measuring; cases left undecided go to the trend record with the reason 'budget'.",
            DefaultValueFactory = _ => 330,
        };
        budget.Validators.Add(r => { if (r.GetValueOrDefault<int>() is < 10 or > 36_000) { r.AddError("--budget-seconds must be from 10 to 36000"); } });
        var seed = new Option<int?>("--seed") { Description = "Seed of the base/head order of each pair (default: from the clock; printed)." };
        var slowdown = new Option<double?>("--head-slowdown")
        {
            Description = "CONCURRENCYBENCH_SLOWDOWN for the head's processes only (the gate's self-check: 1.10 stretches every delay by 10%).",
        };
        slowdown.Validators.Add(r => { if (r.GetValueOrDefault<double?>() is double f && (!double.IsFinite(f) || f <= 0 || f > 10)) { r.AddError("--head-slowdown must be above 0 and at most 10"); } });
        var only = new Option<string[]>("--case") { Description = "Run only these gate cases (IDs as --gate-list prints them); all by default.", AllowMultipleArgumentsPerToken = false };
        var command = new Command("gate", "The regression gate: base and head builds in fresh processes, paired in random order, a sequential equivalence/superiority rule per case; exit 1 on a slowdown shown, 2 when it could not judge.")
        {
            baseOption, headOption, outOption, budget, seed, slowdown, only,
        };
        command.SetAction(parse =>
        {
            string Folder(Option<string> option)
            {
                string folder = Path.GetFullPath(parse.GetValue(option)!);
                return File.Exists(Path.Combine(folder, WorkerDll))
                    ? folder
                    : throw new ResultsFormatException($"{option.Name} {parse.GetValue(option)}: no {WorkerDll} there (build the benchmarks first)");
            }
            var run = new GateRun(Folder(baseOption), Folder(headOption), parse.GetValue(slowdown), parse.GetValue(seed) ?? Environment.TickCount, output, error);
            return run.Execute(parse.GetValue(outOption)!, TimeSpan.FromSeconds(parse.GetValue(budget)), parse.GetValue(only) ?? []);
        });
        return command;
    }

    /// <summary>
    /// <c>cbench gate-spreads SAMPLES.jsonl</c>: each case's measured spreads in a gate run's samples (the figures
    /// GateCases.cs records and the gate plans from), with what the plan makes of them; one tab-separated row a case.
    /// </summary>
    public static Command BuildSpreads(TextWriter output)
    {
        var samples = new Argument<string>("samples") { Description = "A gate run's samples.jsonl (cbench gate --out DIR writes DIR/samples.jsonl)." };
        var command = new Command("gate-spreads", "Each gate case's spread of process samples (time and allocated bytes) in a gate run's samples.jsonl, and what the gate's plan makes of it: gated on time, on allocations, or the trend record.") { samples };
        command.SetAction(parse =>
        {
            string path = parse.GetValue(samples)!;
            if (!File.Exists(path))
            {
                throw new ResultsFormatException($"{path}: no such file (a gate run's samples.jsonl)");
            }
            IReadOnlyList<GateSpread> spreads = GateSpreads.FromSamples(File.ReadLines(path), path);
            if (spreads.Count == 0)
            {
                throw new ResultsFormatException($"{path}: no burst in it");
            }
            output.Write(GateSpreads.Table(spreads, GateRule.Default));
            return CommandLine.Ok;
        });
        return command;
    }
}

/// <summary>One gate case as a worker lists it.</summary>
internal sealed record ListedCase(string Id, string Family, bool FirstBurst, bool ScalesWithD, bool GateAllocations, double? TimeSpread = null, double? AllocationSpread = null);

/// <summary>One process's sample of a case: its time and its allocations (median over the bursts it gives).</summary>
internal sealed record ProcessSample(double Ns, double AllocatedBytes);

/// <summary>What the gate concluded on one case.</summary>
internal sealed class CaseState(ListedCase listed)
{
    public ListedCase Case { get; } = listed;

    /// <summary>What the case is gated on, from its measured spreads (GateRule.Plan).</summary>
    public GatePlan Plan { get; set; } = new(GateMeasure.Time, null, "");

    public List<ProcessSample> Base { get; } = [];

    public List<ProcessSample> Head { get; } = [];

    public GateDecision? Decision { get; set; }

    public string Verdict { get; set; } = "Undecided";

    public string Note { get; set; } = "";

    public bool Done { get; set; }

    public int Processes => Base.Count + Head.Count;

    /// <summary>Wall seconds its processes took, start to exit (what orders the looks after the first: cheapest first).</summary>
    public double Seconds { get; set; }

    /// <summary>Mean wall seconds per process so far (0 before any).</summary>
    public double SecondsPerProcess => Processes == 0 ? 0 : Seconds / Processes;
}

/// <summary>Runs a worker: the build's folder, the worker's arguments, the head's slowdown (null for none); returns its exit code, stdout and stderr.</summary>
public delegate (int Code, string Stdout, string Stderr) GateLauncher(string folder, IReadOnlyList<string> args, double? slowdown);

/// <summary>One run of the gate (<see cref="GateCommand"/>): the cases, their looks and the report.</summary>
/// <param name="baseFolder">The base build's output folder.</param>
/// <param name="headFolder">The head build's output folder.</param>
/// <param name="slowdown">CONCURRENCYBENCH_SLOWDOWN for the head's processes, or null.</param>
/// <param name="seed">Seed of each pair's order.</param>
/// <param name="output">Progress and the summary.</param>
/// <param name="error">The regression line.</param>
/// <param name="launcher">How a worker runs (<c>dotnet ConcurrencyBench.Benchmarks.dll ...</c> by default; tests give synthetic workers).</param>
public sealed class GateRun(string baseFolder, string headFolder, double? slowdown, int seed, TextWriter output, TextWriter error, GateLauncher? launcher = null)
{
    private readonly GateLauncher _launch = launcher ?? Worker;

    private readonly Random _random = new(seed);
    private readonly GateRule _rule = GateRule.Default;
    private readonly StringBuilder _samples = new();
    private readonly Stopwatch _clock = Stopwatch.StartNew();

    /// <summary>Longest a worker process may take (a chat case's load included) before it is killed and the gate fails.</summary>
    private static readonly TimeSpan WorkerLimit = TimeSpan.FromSeconds(120);

    /// <summary>Runs the gate and writes its outputs into <paramref name="outFolder"/>.</summary>
    /// <returns>0 when no case is slower, 1 when a case is slower.</returns>
    /// <exception cref="ResultsFormatException">No case to compare, a case of the base missing from the head, an unknown --case.</exception>
    /// <exception cref="GateFailedException">A worker failed, hung or gave no time: the gate cannot judge.</exception>
    public int Execute(string outFolder, TimeSpan budget, IReadOnlyList<string> only)
    {
        ArgumentNullException.ThrowIfNull(only);
        output.WriteLine($"gate: base {baseFolder}, head {headFolder}{(slowdown is double f ? string.Create(CultureInfo.InvariantCulture, $" (head slowed by {f})") : "")}; seed {seed}; rule: ±{_rule.Threshold:0%}, α = {_rule.Alpha} over looks at {string.Join(", ", _rule.Looks)} processes a side");
        List<ListedCase> headCases = List("head", headFolder);
        List<ListedCase> baseCases = List("base", baseFolder);
        // Fail closed: a case the base gates and the head dropped (a renamed or deleted benchmark) is not silently passed.
        var missing = baseCases.Where(b => headCases.All(h => h.Id != b.Id)).Select(b => b.Id).ToList();
        if (missing.Count > 0)
        {
            throw new ResultsFormatException($"{missing.Count} gate case(s) of the base missing from the head: {string.Join(", ", missing)}");
        }
        var newCases = headCases.Where(h => baseCases.All(b => b.Id != h.Id)).Select(h => h.Id).ToList();
        // The head's order (GateCases: family by family); the schedule below takes every case's look before any case's next.
        var cases = headCases.Where(h => newCases.All(n => n != h.Id) && (only.Count == 0 || only.Contains(h.Id)))
            .Select(c => new CaseState(c) { Plan = _rule.Plan(c.TimeSpread, c.AllocationSpread) })
            .ToList();
        if (only.FirstOrDefault(o => headCases.All(h => h.Id != o)) is string unknown)
        {
            throw new ResultsFormatException($"--case '{unknown}' is not a gate case of the head (see --gate-list)");
        }
        if (cases.Count == 0)
        {
            throw new ResultsFormatException("no gate case to compare: the base and the head share none");
        }
        // The trend-record rule (GateRule.Plan), from each case's measured spread: a case that no look could decide goes
        // to the trend record at once, unmeasured, with the figures that put it there.
        foreach (CaseState state in cases.Where(c => c.Plan.Measure == GateMeasure.TrendRecord))
        {
            state.Done = true;
            state.Verdict = "Trend";
            state.Note = $"trend record by its spread: {state.Plan.TrendReason}";
            output.WriteLine(Line(state));
        }
        // By look, not by case: every case's first look before any case's second, and so on; a decided case stops. From
        // the second look on, the cheapest cases first (their mean process time so far): a budget that runs out then
        // leaves the fewest cases undecided. A Slower or Faster is decided at its look by the rule's strict level
        // (GateRule.FindingAlpha), with no confirmation on new processes.
        bool outOfTime = false;
        for (int look = 0; look < _rule.Looks.Count && !outOfTime; look++)
        {
            if (cases.All(c => c.Done))
            {
                break;
            }
            IEnumerable<CaseState> open = cases.Where(c => !c.Done);
            foreach (CaseState state in look == 0 ? open.ToList() : [.. open.OrderBy(c => c.SecondsPerProcess)])
            {
                if (_clock.Elapsed > budget)
                {
                    outOfTime = true;
                    break;
                }
                while (Math.Min(state.Base.Count, state.Head.Count) < _rule.Looks[look])
                {
                    Pair(state, state.Base, state.Head);
                }
                GateDecision decision = _rule.Decide(Values(state, state.Base), Values(state, state.Head), look);
                state.Decision = decision;
                if (decision.Step == GateStep.Same && state.Plan.Measure == GateMeasure.Time && state.Case.GateAllocations
                    && GateRule.CounterRegressed(Allocations(state.Base), Allocations(state.Head)))
                {
                    // An exact counter up in every head process: a finding once the second look's processes show it
                    // (every one of 8 head processes above every one of 8 base processes: p = 1/12,870).
                    if (Math.Min(state.Base.Count, state.Head.Count) < _rule.FirstFindingLook && look < _rule.Looks.Count - 1)
                    {
                        continue;
                    }
                    state.Done = true;
                    state.Verdict = "Slower";
                    state.Note = string.Create(CultureInfo.InvariantCulture, $"time same, allocations up {GateRule.Median(Allocations(state.Head)) / GateRule.Median(Allocations(state.Base)):0.###}x (every head process above every base process)");
                    output.WriteLine(Line(state));
                    continue;
                }
                if (decision.Step == GateStep.Continue)
                {
                    continue;
                }
                state.Done = true;
                state.Verdict = decision.Step.ToString();
                state.Note = decision.Reason;
                output.WriteLine(Line(state));
            }
            output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  look {look + 1} ({_rule.Looks[look]} processes a side) over at {_clock.Elapsed.TotalSeconds:0} s: {cases.Count(c => c.Done)} of {cases.Count} cases decided"));
        }
        foreach (CaseState state in cases.Where(c => !c.Done))
        {
            state.Done = true;
            state.Verdict = "Undecided";
            state.Note = outOfTime
                ? $"budget: the gate's {budget.TotalSeconds:0} s of measuring ran out with {Math.Min(state.Base.Count, state.Head.Count)} processes a side ({state.Decision?.Reason ?? "no look"})"
                : state.Decision?.Reason ?? "no look";
            output.WriteLine(Line(state));
        }
        // Fail closed: a gate that measured nothing (a budget spent before the first process) has judged nothing.
        if (cases.All(c => c.Processes == 0))
        {
            throw new GateFailedException($"nothing compared: no process ran within the budget of {budget.TotalSeconds:0} s");
        }
        return Report(outFolder, cases, newCases);
    }

    // The gate's cases as a build's worker lists them; a build without the worker mode cannot be judged by this gate.
    private List<ListedCase> List(string side, string folder)
    {
        (int code, string stdout, string stderr) = _launch(folder, ["--gate-list"], null);
        if (code != 0)
        {
            throw new ResultsFormatException($"the {side} build lists no gate case (--gate-list exited {code}: {FirstLine(stderr)}); a base from before the gate's worker mode cannot be judged by this gate");
        }
        var cases = new List<ListedCase>();
        foreach (string line in stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            using JsonDocument json = JsonDocument.Parse(line);
            JsonElement e = json.RootElement;
            cases.Add(new ListedCase(e.GetProperty("case").GetString()!, e.GetProperty("family").GetString()!,
                e.GetProperty("sampling").GetString() == "first-burst", e.GetProperty("scalesWithD").GetBoolean(), e.GetProperty("gateAllocations").GetBoolean(),
                Spread(e, "timeSpread"), Spread(e, "allocationSpread")));
        }
        return cases.Count > 0 ? cases : throw new ResultsFormatException($"the {side} build lists no gate case");
    }

    // A measured spread from the list (-1 or absent: none measured, as a base from before the plan lists it).
    private static double? Spread(JsonElement e, string name) =>
        e.TryGetProperty(name, out JsonElement value) && value.ValueKind == JsonValueKind.Number && value.GetDouble() >= 0 ? value.GetDouble() : null;

    // One base process and one head process, in random order (a machine that drifts falls on both sides alike).
    private void Pair(CaseState state, List<ProcessSample> baseSamples, List<ProcessSample> headSamples)
    {
        bool baseFirst = _random.Next(2) == 0;
        foreach (bool isBase in baseFirst ? new[] { true, false } : [false, true])
        {
            (isBase ? baseSamples : headSamples).Add(Sample(state, isBase));
        }
    }

    private ProcessSample Sample(CaseState state, bool isBase)
    {
        Interruption.ThrowIfRequested();
        ListedCase listed = state.Case;
        string side = isBase ? "base" : "head";
        long started = Stopwatch.GetTimestamp();
        (int code, string stdout, string stderr) = _launch(isBase ? baseFolder : headFolder, ["--gate-run", listed.Id], isBase ? null : slowdown);
        state.Seconds += Stopwatch.GetElapsedTime(started).TotalSeconds;
        if (code != 0)
        {
            throw new GateFailedException($"the {side}'s process for {listed.Id} failed (exit {code}): {FirstLine(stderr)}");
        }
        var times = new List<double>();
        var allocations = new List<double>();
        foreach (string line in stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            using JsonDocument json = JsonDocument.Parse(line);
            times.Add(json.RootElement.GetProperty("ns").GetDouble());
            allocations.Add(json.RootElement.GetProperty("allocatedBytes").GetDouble());
            _samples.Append("{\"side\":\"").Append(side).Append("\",").Append(line.AsSpan(1)).Append('\n');
        }
        if (times.Count == 0 || times.Any(t => !(t > 0) || !double.IsFinite(t)))
        {
            throw new GateFailedException($"the {side}'s process for {listed.Id} gave no positive time");
        }
        // The process's sample: its first burst where the pool learns; else the median of its last half of bursts (the
        // first half lets the process settle: tiered compilation, the collector's budgets; measured on the user table:
        // 86 ms, 25 ms, 26 ms, then 6-12 ms).
        int from = listed.FirstBurst ? 0 : times.Count / 2;
        int count = listed.FirstBurst ? 1 : times.Count - from;
        var sample = new ProcessSample(GateRule.Median(times.GetRange(from, count)), GateRule.Median(allocations.GetRange(from, count)));
        // Fail closed: a case gated on its allocations whose process reports none has not been measured.
        if (state.Plan.Measure == GateMeasure.Allocations && !(sample.AllocatedBytes > 0))
        {
            throw new GateFailedException($"the {side}'s process for {listed.Id} gave no allocated bytes, and the case is gated on them");
        }
        return sample;
    }

    private static double[] Times(List<ProcessSample> samples) => [.. samples.Select(s => s.Ns)];

    // The samples of what the case is gated on: its times, or its allocated bytes (GatePlan).
    private static double[] Values(CaseState state, List<ProcessSample> samples) =>
        state.Plan.Measure == GateMeasure.Allocations ? Allocations(samples) : Times(samples);

    private static string MeasureName(CaseState state) => state.Plan.Measure switch
    {
        GateMeasure.Allocations => "allocations",
        GateMeasure.TrendRecord => "none",
        _ => "time",
    };

    private static double[] Allocations(List<ProcessSample> samples) => [.. samples.Select(s => s.AllocatedBytes)];

    private string Line(CaseState s)
    {
        GateDecision? d = s.Decision;
        string figures = d is null || double.IsNaN(d.Ratio) ? "" : string.Create(CultureInfo.InvariantCulture, $" ratio {d.Ratio:0.###} [{d.Lower:0.###}, {d.Upper:0.###}]");
        return string.Create(CultureInfo.InvariantCulture, $"  {_clock.Elapsed.TotalSeconds,5:0} s  {s.Verdict,-9} {s.Case.Id}: {s.Base.Count}+{s.Head.Count} processes{figures}; {s.Note}");
    }

    private int Report(string outFolder, List<CaseState> cases, List<string> newCases)
    {
        Interruption.ThrowIfRequested();
        var timeInTrend = cases.Where(c => c.Plan.Measure == GateMeasure.Allocations).Select(c => (c.Case.Id, c.Plan.TrendReason)).ToList();
        string summary = GateSummary.Line(cases.Select(c => (c.Case.Id, c.Case.Family, c.Verdict, c.Note)).ToList(), _clock.Elapsed, timeInTrend);
        var md = new StringBuilder();
        md.AppendLine("# Regression gate").AppendLine();
        md.AppendLine(string.Create(CultureInfo.InvariantCulture, $"Base build against head build{(slowdown is double f ? $" (head slowed by CONCURRENCYBENCH_SLOWDOWN={f})" : "")}, on {Environment.ProcessorCount} cores, .NET {Environment.Version}; order seed {seed}. "))
          .AppendLine(string.Create(CultureInfo.InvariantCulture, $"Rule (docs/gate.md): each sample is one fresh process; the ratio head/base with its distribution-free interval (inverted Mann–Whitney) at one-sided α/K = {_rule.AlphaPerLook:0.####} per bound at each of K = {_rule.Looks.Count} looks ({string.Join(", ", _rule.Looks)} processes a side); "))
          .AppendLine(string.Create(CultureInfo.InvariantCulture, $"**Same**: interval inside ±{_rule.Threshold:0%}; **Slower**: interval at one-sided {_rule.FindingAlpha} above 1 and ratio ≥ {_rule.SlowerRatio:0.##} (no interval exists at that level before {_rule.FirstFindingLook} processes a side); **Faster**: the mirror image; **Undecided**: moved to the trend record. "))
          .AppendLine(string.Create(CultureInfo.InvariantCulture, $"Each case is gated on its time where its measured spread lets the last look show ±{_rule.Threshold:0%} (up to {_rule.MaxSpread * 100:0.#}%), else on its allocated bytes (its time in the trend record), else it is in the trend record only (**Trend**). Every case's look comes before any case's next; from the second look on, the cheapest cases first.")).AppendLine();
        md.AppendLine(summary).AppendLine();
        md.AppendLine("| Case | Family | Sampling | Gated on | Processes (base + head) | Verdict | Ratio | Interval | Base median | Head median | Allocations head/base | Note |");
        md.AppendLine("|---|---|---|---|---:|---|---:|---|---:|---:|---:|---|");
        foreach (CaseState s in cases)
        {
            GateDecision? d = s.Decision;
            string ratio = d is null || double.IsNaN(d.Ratio) ? "n/a" : Format.Number(d.Ratio);
            string interval = d is null || double.IsNaN(d.Lower) ? "n/a" : $"[{Format.Number(d.Lower)}, {Format.Number(d.Upper)}]";
            string Median(List<ProcessSample> p) => p.Count == 0 ? "n/a" : Format.Time(GateRule.Median(Times(p)));
            string alloc = s.Base.Count == 0 || s.Head.Count == 0 || GateRule.Median(Allocations(s.Base)) <= 0 ? "n/a"
                : Format.Number(GateRule.Median(Allocations(s.Head)) / GateRule.Median(Allocations(s.Base)));
            md.AppendLine(string.Create(CultureInfo.InvariantCulture,
                $"| `{s.Case.Id}` | {s.Case.Family} | {(s.Case.FirstBurst ? "first burst" : "process median")} | {MeasureName(s)} | {s.Base.Count} + {s.Head.Count} | {s.Verdict} | {ratio} | {interval} | {Median(s.Base)} | {Median(s.Head)} | {alloc} | {s.Note} |"));
        }
        if (newCases.Count > 0)
        {
            md.AppendLine().AppendLine("New in the head (no base to compare with): " + string.Join(", ", newCases.Select(n => $"`{n}`")));
        }
        var trend = new StringBuilder();
        trend.AppendLine("# Trend record: what the gate did not decide").AppendLine();
        trend.AppendLine("Run on schedule (the weekly perf workflow's full run), not on pull requests. One line each: the case (or the time of a case whose allocated bytes the gate gates), its family, why.").AppendLine();
        foreach (CaseState s in cases.Where(c => c.Verdict is "Undecided" or "Trend"))
        {
            trend.AppendLine(CultureInfo.InvariantCulture, $"- `{s.Case.Id}` ({s.Case.Family}): {s.Note}");
        }
        foreach (CaseState s in cases.Where(c => c.Plan.Measure == GateMeasure.Allocations))
        {
            trend.AppendLine(CultureInfo.InvariantCulture, $"- the time of `{s.Case.Id}` ({s.Case.Family}; the gate gates its allocated bytes): {s.Plan.TrendReason}");
        }
        string final = OutputFolder.Replace(outFolder, into =>
        {
            File.WriteAllText(Path.Combine(into, "gate.md"), md.ToString());
            File.WriteAllText(Path.Combine(into, "trend-record.md"), trend.ToString());
            File.WriteAllText(Path.Combine(into, "samples.jsonl"), _samples.ToString());
            // One row per case (tab-separated, with a header): what scripts/check-gate.sh counts.
            File.WriteAllText(Path.Combine(into, "verdicts.tsv"), "case\tfamily\tverdict\tscales_with_d\tbase_processes\thead_processes\tnote\tgated_on\ttime_in_trend_record\n"
                + string.Concat(cases.Select(c => string.Create(CultureInfo.InvariantCulture,
                    $"{c.Case.Id}\t{c.Case.Family}\t{c.Verdict}\t{(c.Case.ScalesWithD ? "yes" : "no")}\t{c.Base.Count}\t{c.Head.Count}\t{c.Note.Replace('\t', ' ')}\t{MeasureName(c)}\t{c.Plan.TrendReason.Replace('\t', ' ')}\n"))));
        });
        output.WriteLine($"gate: {summary}");
        output.WriteLine($"gate: {Path.Combine(final, "gate.md")}");
        if (cases.Any(c => c.Verdict == "Slower"))
        {
            error.WriteLine($"regression: {string.Join("; ", cases.Where(c => c.Verdict == "Slower").Select(c => c.Case.Id))}");
            return CommandLine.Regression;
        }
        return CommandLine.Ok;
    }

    private static string FirstLine(string text) =>
        text.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).FirstOrDefault() ?? "no message";

    // Runs the build's worker and waits, bounded; an interrupt kills it at once.
    private static (int Code, string Stdout, string Stderr) Worker(string folder, IReadOnlyList<string> args, double? slowdownFactor)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = folder,
        };
        start.ArgumentList.Add(Path.Combine(folder, "ConcurrencyBench.Benchmarks.dll"));
        foreach (string arg in args)
        {
            start.ArgumentList.Add(arg);
        }
        // As every BenchmarkDotNet job of the suite (BenchmarkConfig): tiered compilation counts calls at once, so that the
        // worker's priming brings the case's hot methods to tier 1 before its measured bursts.
        start.Environment["DOTNET_TC_CallCountingDelayMs"] = "0";
        // The slowdown knob reaches the head only, and only when asked for.
        start.Environment.Remove("CONCURRENCYBENCH_SLOWDOWN");
        if (slowdownFactor is double f)
        {
            start.Environment["CONCURRENCYBENCH_SLOWDOWN"] = f.ToString(CultureInfo.InvariantCulture);
        }
        using Process process = Process.Start(start) ?? throw new GateFailedException("dotnet did not start");
        Task<string> stdout = process.StandardOutput.ReadToEndAsync();
        Task<string> stderr = process.StandardError.ReadToEndAsync();
        using (Interruption.Token.Register(() => Kill(process)))
        {
            if (!process.WaitForExit(WorkerLimit))
            {
                Kill(process);
                throw new GateFailedException($"a worker ({string.Join(' ', args)}) did not end within {WorkerLimit.TotalSeconds:0} s and was killed");
            }
        }
        Interruption.ThrowIfRequested();
        process.WaitForExit();
        return (process.ExitCode, stdout.GetAwaiter().GetResult(), stderr.GetAwaiter().GetResult());
    }

    private static void Kill(Process process)
    {
        try
        {
            process.Kill(entireProcessTree: true);
        }
        catch (InvalidOperationException)
        {
            // It had ended.
        }
    }
}

/// <summary>A worker failed or misbehaved: the gate cannot judge (exit 2).</summary>
public sealed class GateFailedException(string message) : Exception(message);
