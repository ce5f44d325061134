using System.Globalization;
using System.Text;

namespace ConcurrencyBench.Reporting;

/// <summary>What the measurements say of one of the article's claims.</summary>
public enum ClaimStatus
{
    /// <summary>The figure shows it.</summary>
    Holds,

    /// <summary>It holds under a condition the figure names.</summary>
    HoldsOnlyWhen,

    /// <summary>The figure shows the opposite.</summary>
    DoesNotHold,

    /// <summary>The figures are within the margin the rule sets: neither shown nor refuted.</summary>
    TooClose,

    /// <summary>The run holds none of the cases the claim needs.</summary>
    NotMeasured,
}

/// <summary>One claim judged on one runtime.</summary>
/// <param name="Id">The claim's letter (a to f).</param>
/// <param name="Runtime">The runtime's label.</param>
/// <param name="Verdict">The verdict.</param>
/// <param name="Figure">The figures that decide it, computed from the run, and, for a conditional verdict, the condition.</param>
public sealed record ClaimVerdict(char Id, string Runtime, ClaimStatus Verdict, string Figure)
{
    /// <summary>The verdict as the report writes it.</summary>
    public string VerdictText => Verdict switch
    {
        ClaimStatus.Holds => "**holds**",
        ClaimStatus.HoldsOnlyWhen => "**holds only when** …",
        ClaimStatus.DoesNotHold => "**does not hold**",
        ClaimStatus.TooClose => "too close to call",
        _ => "not measured",
    };
}

/// <summary>
/// The seed article's claims, each judged from the run on every runtime it holds: the figure that decides it and a
/// verdict, both computed, never typed. A difference counts only when the two medians are at least
/// <see cref="ClearRatio"/> apart (CPU and switch counts have no interval here); closer than that is "too close to call".
/// </summary>
public static class Claims
{
    /// <summary>How far apart two medians must be for a "more" or "less" to count.</summary>
    public const double ClearRatio = 1.25;

    /// <summary>"Far slower" (claim c): at least this ratio.</summary>
    public const double FarRatio = 2.0;

    /// <summary>Per-job cost below which a sleep "costs no" thread or switch (claim e): under one per hundred sleeps.</summary>
    public const double NoCostPerJob = 0.01;

    /// <summary>The claims, as the article makes them.</summary>
    public static IReadOnlyList<(char Id, string Text)> Statements { get; } =
    [
        ('a', "Waiting coroutines finish in the time of the longest wait, the shorter wait resumes first, and `gather` keeps input order."),
        ('b', "`run_in_executor` looks async but is threads, and costs more than pure async."),
        ('c', "The default executor is far slower for 1,000 blocking calls because it has few workers."),
        ('d', "More workers cost more context switching."),
        ('e', "10,000 coroutine sleeps cost no thread and no context switch."),
        ('f', "A thread pool is less efficient than async, but faster than waiting in turn."),
    ];

    /// <summary>Every claim on every runtime of <paramref name="stats"/>.</summary>
    public static IReadOnlyList<ClaimVerdict> Judge(IReadOnlyList<CaseStatistics> stats)
    {
        ArgumentNullException.ThrowIfNull(stats);
        var verdicts = new List<ClaimVerdict>();
        foreach (HostInfo host in RuntimeComparison.RuntimesOf(stats))
        {
            var cases = stats.Where(s => s.Case.Host == host).ToList();
            string runtime = host.RuntimeLabel;
            verdicts.Add(LongestWait(cases, runtime));
            verdicts.Add(ExecutorIsThreads(cases, runtime));
            verdicts.Add(DefaultExecutorFewWorkers(cases, runtime));
            verdicts.Add(MoreWorkersMoreSwitches(cases, runtime));
            verdicts.Add(SleepsCostNothing(cases, runtime));
            verdicts.Add(PoolBetweenAsyncAndSequential(cases, runtime));
        }
        return verdicts;
    }

    /// <summary>Writes the section: each claim, then its verdict and figure per runtime.</summary>
    public static void Write(StringBuilder md, IReadOnlyList<CaseStatistics> stats)
    {
        ArgumentNullException.ThrowIfNull(md);
        IReadOnlyList<ClaimVerdict> verdicts = Judge(stats);
        if (verdicts.All(v => v.Verdict == ClaimStatus.NotMeasured))
        {
            return;
        }
        md.AppendLine("## The article's claims, with verdicts").AppendLine();
        md.AppendLine(CultureInfo.InvariantCulture, $"Each claim of the seed article, the figure from this run that decides it, and the verdict on each runtime the run holds. A \"more\" or \"less\" counts only when the two medians are at least {ClearRatio.ToString("0.##", CultureInfo.InvariantCulture)}x apart; \"far slower\" means at least {FarRatio.ToString("0.#", CultureInfo.InvariantCulture)}x; a sleep \"costs no\" thread or switch when it adds fewer than one per {1 / NoCostPerJob:0} sleeps. Verdicts and figures are computed; none is typed by hand.").AppendLine();
        foreach ((char id, string text) in Statements)
        {
            md.AppendLine(CultureInfo.InvariantCulture, $"**({id})** {text}").AppendLine();
            md.AppendLine("| Runtime | Verdict | Figure |").AppendLine("|---|---|---|");
            foreach (ClaimVerdict v in verdicts.Where(v => v.Id == id))
            {
                md.AppendLine(CultureInfo.InvariantCulture, $"| {v.Runtime} | {v.VerdictText} | {v.Figure} |");
            }
            md.AppendLine();
        }
    }

    // (a) The seed's two sleepers where the run has them (time and order), else N concurrent delays at every N (time).
    private static ClaimVerdict LongestWait(List<CaseStatistics> cases, string runtime)
    {
        if (Find(cases, "SeedExperiments", "TwoSleepers5sAnd4s") is { } two)
        {
            var orders = two.Case.GatherOrders.Concat(two.ColdCase?.GatherOrders ?? []).ToList();
            int inputOrder = orders.Count(o => o.Results.SequenceEqual([0, 1]));
            int shorterFirst = orders.Count(o => o.Resumed.SequenceEqual([1, 0]));
            double ratio = two.MedianNs / 5e9;
            bool time = ratio < 1.1;
            bool asClaimed = orders.Count > 0 && inputOrder == orders.Count && shorterFirst == orders.Count;
            string figure = $"sleep(5) and sleep(4) under gather: median {Format.Time(two.MedianNs)} {Format.Interval(two.Interval)} against 5 s for the longer wait and 9 s for both in turn; "
                + (orders.Count > 0
                    ? $"results in input order in {inputOrder} of {orders.Count} bursts; the 4 s sleeper resumed first in {shorterFirst} of {orders.Count}"
                    : "the order was not recorded in this run");
            return new('a', runtime, time && asClaimed ? ClaimStatus.Holds : orders.Count == 0 && time ? ClaimStatus.TooClose : ClaimStatus.DoesNotHold, figure);
        }
        var delays = Of(cases, "AsyncDelays", "TaskDelayWhenAll").Where(s => s.RatioToIdeal is not null)
            .OrderBy(s => s.Case.IntParameter("N")).ToList();
        if (delays.Count == 0)
        {
            return new('a', runtime, ClaimStatus.NotMeasured, "needs the seed profile's two sleepers or the async-delay family");
        }
        string each = string.Join(", ", delays.Select(s => $"N = {Format.Count(s.Case.IntParameter("N"))}: {Format.Ratio(s.RatioToIdeal)}"));
        var within = delays.TakeWhile(s => s.RatioToIdeal < ClearRatio).ToList();
        string order = " (the order of resumption is recorded by the seed profile's two sleepers)";
        if (within.Count == delays.Count)
        {
            return new('a', runtime, ClaimStatus.Holds, $"N concurrent waits of d took at most {Format.Ratio(delays.Max(s => s.RatioToIdeal))} d ({each}){order}");
        }
        return within.Count > 0
            ? new('a', runtime, ClaimStatus.HoldsOnlyWhen, $"N ≤ {Format.Count(within[^1].Case.IntParameter("N"))}: the time of the longest wait within {ClearRatio:0.##}x ({each}){order}")
            : new('a', runtime, ClaimStatus.DoesNotHold, $"already at N = {Format.Count(delays[0].Case.IntParameter("N"))} the waits took {Format.Ratio(delays[0].RatioToIdeal)} d ({each})");
    }

    // (b) The executor with a worker per call against pure async delays at the same N: threads and CPU time.
    private static ClaimVerdict ExecutorIsThreads(List<CaseStatistics> cases, string runtime)
    {
        (CaseStatistics Async, CaseStatistics Executor)? pair = null;
        foreach (CaseStatistics async in Of(cases, "AsyncDelays", "TaskDelayWhenAll").Where(s => s.HasMedian).OrderByDescending(s => s.Case.IntParameter("N")))
        {
            int n = async.Case.IntParameter("N")!.Value;
            if (Of(cases, "MaxWorkersOffload", "BoundedExecutor").Where(s => s.Case.IntParameter("N") == n && s.Case.IntParameter("K") >= n && s.HasMedian)
                .OrderBy(s => s.Case.IntParameter("K")).FirstOrDefault() is { } executor && n > 1)
            {
                pair = (async, executor);
                break;
            }
        }
        if (pair is null && Find(cases, "SeedExperiments", "AsyncSleeps10000") is { } sleeps && Find(cases, "SeedExperiments", "BlockingOffload1000Workers") is { } workers)
        {
            pair = (sleeps, workers);
        }
        if (pair is not (var a, var e))
        {
            return new('b', runtime, ClaimStatus.NotMeasured, "needs pure async delays and an executor with a worker per call at the same N");
        }
        int asyncJobs = JobsOf(a), executorJobs = JobsOf(e);
        double? cpuA = PerJob(a.CpuMsPerOp, asyncJobs), cpuE = PerJob(e.CpuMsPerOp, executorJobs);
        double extraThreads = (e.PeakThreads ?? 0) - (a.PeakThreads ?? 0);
        bool threads = extraThreads >= Math.Min(executorJobs, e.Case.IntParameter("K") ?? executorJobs) / 2.0;
        double? cpuRatio = RuntimeComparison.Ratio(cpuE, cpuA);
        string figure = $"{Describe(e)} against {Describe(a)}: peak threads {Format.Count(e.PeakThreads)} against {Format.Count(a.PeakThreads)}; CPU per job {Micro(cpuE)} against {Micro(cpuA)} ({Format.Ratio(cpuRatio)}); wall {Format.Time(e.MedianNs)} against {Format.Time(a.MedianNs)}";
        ClaimStatus verdict = cpuRatio is null ? ClaimStatus.TooClose
            : !threads || cpuRatio <= 1 / ClearRatio ? ClaimStatus.DoesNotHold
            : cpuRatio >= ClearRatio ? ClaimStatus.Holds
            : ClaimStatus.TooClose;
        return new('b', runtime, verdict, figure);
    }

    // (c) The default executor (pool) against a worker per call, for 1,000 blocking calls (the seed's, or the offload family's N = 1,000).
    private static ClaimVerdict DefaultExecutorFewWorkers(List<CaseStatistics> cases, string runtime)
    {
        CaseStatistics? pool = Find(cases, "SeedExperiments", "BlockingOffloadDefaultPool")
            ?? cases.FirstOrDefault(s => s.Case.Type == "DefaultPoolOffload" && s.Case.IntParameter("N") == 1000 && s.HasMedian);
        CaseStatistics? workers = Find(cases, "SeedExperiments", "BlockingOffload1000Workers")
            ?? Of(cases, "MaxWorkersOffload", "BoundedExecutor").FirstOrDefault(s => s.Case.IntParameter("N") == 1000 && s.Case.IntParameter("K") == 1000 && s.HasMedian);
        if (pool is null || workers is null)
        {
            return new('c', runtime, ClaimStatus.NotMeasured, "needs 1,000 blocking calls on the default executor and on 1,000 workers");
        }
        double ratio = pool.MedianNs / workers.MedianNs;
        bool fewer = (pool.PeakThreads ?? 0) < (workers.PeakThreads ?? 0) / 2;
        string figure = $"{Describe(pool)}: {Format.Time(pool.MedianNs)} {Format.Interval(pool.Interval)} with at most {Format.Count(pool.PeakThreads)} threads, against {Format.Time(workers.MedianNs)} {Format.Interval(workers.Interval)} with {Format.Count(workers.PeakThreads)} on 1,000 workers: {Format.Ratio(ratio)}";
        ClaimStatus verdict = ratio >= FarRatio && fewer ? ClaimStatus.Holds
            : ratio >= ClearRatio && fewer ? ClaimStatus.HoldsOnlyWhen
            : ratio <= 1 / ClearRatio || !fewer ? ClaimStatus.DoesNotHold
            : ClaimStatus.TooClose;
        if (verdict == ClaimStatus.HoldsOnlyWhen)
        {
            figure += $" (slower, but by less than {FarRatio:0.#}x: \"far\" holds only when the pool has fewer workers than here)";
        }
        return new('c', runtime, verdict, figure);
    }

    // (d) Context switches per operation against k at the N with the most k values.
    private static ClaimVerdict MoreWorkersMoreSwitches(List<CaseStatistics> cases, string runtime)
    {
        // The largest N with at least three worker counts that can all be busy (k ≤ N): "more workers" then spans the
        // widest range of threads actually running; else the N with the most worker counts.
        var groups = Of(cases, "MaxWorkersOffload", "BoundedExecutor").Where(s => s.VoluntarySwitchesPerOp is not null)
            .GroupBy(s => s.Case.IntParameter("N")!.Value).ToList();
        var byN = groups.Where(g => g.Count(s => s.Case.IntParameter("K") <= g.Key) >= 3).OrderByDescending(g => g.Key).FirstOrDefault()
            ?? groups.OrderByDescending(g => g.Count()).ThenByDescending(g => g.Key).FirstOrDefault();
        if (byN is null || byN.Count() < 2)
        {
            return new('d', runtime, ClaimStatus.NotMeasured, "needs context switches of one N on at least two worker counts");
        }
        var points = byN.OrderBy(s => s.Case.IntParameter("K")).ToList();
        double Switches(CaseStatistics s) => s.VoluntarySwitchesPerOp!.Value + (s.InvoluntarySwitchesPerOp ?? 0);
        // Workers beyond N never run (no more threads than calls can be busy): compare the fewest with the most that can.
        CaseStatistics few = points[0];
        CaseStatistics many = points.LastOrDefault(s => s.Case.IntParameter("K") <= byN.Key) ?? points[^1];
        if (many == few)
        {
            many = points[^1];
        }
        double? ratio = RuntimeComparison.Ratio(Switches(many), Switches(few));
        string each = string.Join(", ", points.Select(s => $"k = {Format.Count(s.Case.IntParameter("K"))}: {Format.Count(Math.Round(Switches(s)))} ({Format.CpuMs(s.CpuMsPerOp)} CPU)"));
        string figure = $"N = {Format.Count(byN.Key)} blocking calls, context switches (voluntary + involuntary) per operation: {each}; k = {Format.Count(many.Case.IntParameter("K"))} against k = {Format.Count(few.Case.IntParameter("K"))}: {Format.Ratio(ratio)}";
        ClaimStatus verdict = ratio is null ? ClaimStatus.TooClose : ratio >= ClearRatio ? ClaimStatus.Holds : ratio <= 1 / ClearRatio ? ClaimStatus.DoesNotHold : ClaimStatus.TooClose;
        return new('d', runtime, verdict, figure);
    }

    // (e) Threads and switches added per sleep at 10,000 concurrent sleeps.
    private static ClaimVerdict SleepsCostNothing(List<CaseStatistics> cases, string runtime)
    {
        CaseStatistics? sleeps = Find(cases, "SeedExperiments", "AsyncSleeps10000")
            ?? Of(cases, "AsyncDelays", "TaskDelayWhenAll").FirstOrDefault(s => s.Case.IntParameter("N") == 10_000);
        if (sleeps is null || sleeps.VoluntarySwitchesPerOp is null)
        {
            return new('e', runtime, ClaimStatus.NotMeasured, "needs 10,000 concurrent sleeps with their context switches");
        }
        // Against one sleep where the run has it (what the process costs anyway), else against nothing.
        CaseStatistics? one = Of(cases, sleeps.Case.Type, sleeps.Case.Method).FirstOrDefault(s => s.Case.IntParameter("N") == 1);
        double switches = sleeps.VoluntarySwitchesPerOp.Value + (sleeps.InvoluntarySwitchesPerOp ?? 0);
        double baseSwitches = one?.VoluntarySwitchesPerOp is double v ? v + (one.InvoluntarySwitchesPerOp ?? 0) : 0;
        double threads = sleeps.PeakThreads ?? 0, baseThreads = one?.PeakThreads ?? 0;
        double extraSwitches = Math.Max(0, switches - baseSwitches) / 10_000, extraThreads = Math.Max(0, threads - baseThreads) / 10_000;
        string against = one is null
            ? " (this run has no single sleep to subtract the process's own threads and switches from: the figures per sleep are upper bounds)"
            : $" against {Format.Count(one.PeakThreads)} threads and {Format.Count(Math.Round(baseSwitches))} switches for one sleep";
        string figure = $"10,000 sleeps: {Format.Count(sleeps.PeakThreads)} threads at peak and {Format.Count(Math.Round(switches))} context switches per burst{against}; added per sleep: {extraThreads.ToString("0.####", CultureInfo.InvariantCulture)} threads, {extraSwitches.ToString("0.####", CultureInfo.InvariantCulture)} switches; CPU {Format.CpuMs(sleeps.CpuMsPerOp)} per burst";
        bool free = extraSwitches < NoCostPerJob && extraThreads < NoCostPerJob;
        // Without the baseline an upper bound past the threshold shows nothing: the excess may be the process's own.
        ClaimStatus verdict = free ? ClaimStatus.Holds : one is null ? ClaimStatus.TooClose : ClaimStatus.DoesNotHold;
        return new('e', runtime, verdict, figure);
    }

    // (f) A worker per call against pure async (CPU) and against the calls in turn (wall).
    private static ClaimVerdict PoolBetweenAsyncAndSequential(List<CaseStatistics> cases, string runtime)
    {
        ClaimVerdict efficiency = ExecutorIsThreads(cases, runtime);
        CaseStatistics? sequential = null, pool = null;
        foreach (CaseStatistics s in Of(cases, "BlockingCalls", "Sequential").Where(s => s.HasMedian).OrderByDescending(s => s.Case.IntParameter("N")))
        {
            int n = s.Case.IntParameter("N")!.Value;
            pool = Of(cases, "MaxWorkersOffload", "BoundedExecutor").Where(p => p.Case.IntParameter("N") == n && p.HasMedian)
                .OrderByDescending(p => p.Case.IntParameter("K")).FirstOrDefault();
            if (pool is not null && n > 1)
            {
                sequential = s;
                break;
            }
        }
        if (efficiency.Verdict == ClaimStatus.NotMeasured || sequential is null || pool is null)
        {
            return new('f', runtime, ClaimStatus.NotMeasured, "needs pure async, an executor and the calls in turn at a common N");
        }
        double speedup = sequential.MedianNs / pool.MedianNs;
        string figure = $"against async: {efficiency.Figure}. Against waiting in turn: {Describe(pool)} {Format.Time(pool.MedianNs)} against {Format.Time(sequential.MedianNs)} in turn ({Format.Ratio(speedup)} faster)";
        bool faster = speedup >= ClearRatio;
        ClaimStatus verdict = efficiency.Verdict switch
        {
            ClaimStatus.Holds when faster => ClaimStatus.Holds,
            ClaimStatus.DoesNotHold => ClaimStatus.DoesNotHold,
            _ when !faster => ClaimStatus.DoesNotHold,
            _ => ClaimStatus.TooClose,
        };
        return new('f', runtime, verdict, figure);
    }

    // The cases of one benchmark method (every N, k and d).
    private static IEnumerable<CaseStatistics> Of(List<CaseStatistics> cases, string type, string method) =>
        cases.Where(s => s.Case.Type == type && s.Case.Method == method);

    private static CaseStatistics? Find(List<CaseStatistics> cases, string type, string method) =>
        Of(cases, type, method).FirstOrDefault(s => s.HasMedian);

    // The seed's cases carry their N in their names, not as a parameter.
    private static int JobsOf(CaseStatistics s) => s.Case.IntParameter("N") ?? s.Case.Method switch
    {
        "AsyncSleeps10000" => 10_000,
        "BlockingOffload1000Workers" or "BlockingOffloadDefaultPool" => 1000,
        _ => 1,
    };

    private static double? PerJob(double? perOp, int jobs) => perOp / jobs;

    private static string Micro(double? ms) => ms is double v ? Format.Time(v * 1e6) : "n/a";

    private static string Describe(CaseStatistics s)
    {
        string k = s.Case.IntParameter("K") is int workers ? $", k = {Format.Count(workers)}" : "";
        return $"{s.Model.Label} (N = {Format.Count(JobsOf(s))}{k})";
    }
}
