using System.Globalization;
using System.Text;

namespace ConcurrencyBench.Reporting;

/// <summary>What the measurements say of one of the article's claims.</summary>
public enum ClaimStatus
{
    /// <summary>The deciding figure's whole interval clears the threshold: the figure shows it.</summary>
    Holds,

    /// <summary>It holds under a condition the figure names (each side of the condition cleared by its interval).</summary>
    HoldsOnlyWhen,

    /// <summary>The deciding figure's whole interval lies on the other side: the figure shows the opposite.</summary>
    DoesNotHold,

    /// <summary>The deciding figure's interval reaches across the threshold: neither shown nor refuted.</summary>
    TooClose,

    /// <summary>Too few bursts for the deciding figure to have an interval: the count, not the figure, leaves it open.</summary>
    TooFewBursts,

    /// <summary>The two sides share no kind of sample (cold against cold, warm against warm): no ratio to judge.</summary>
    NoLikeSamples,

    /// <summary>The run lacks the baseline the figure is set against (one sleep for 10,000): an upper bound that shows nothing either way.</summary>
    NoBaseline,

    /// <summary>The run holds none of the cases the claim needs.</summary>
    NotMeasured,
}

/// <summary>One claim judged on one runtime.</summary>
/// <param name="Id">The claim's letter (a to f).</param>
/// <param name="Runtime">The runtime's label.</param>
/// <param name="Verdict">The verdict.</param>
/// <param name="Figure">The figures that decide it, with their intervals, computed from the run, and for a conditional verdict the condition.</param>
public sealed record ClaimVerdict(char Id, string Runtime, ClaimStatus Verdict, string Figure)
{
    /// <summary>The verdict as the report writes it.</summary>
    public string VerdictText => Verdict switch
    {
        ClaimStatus.Holds => "**holds**",
        ClaimStatus.HoldsOnlyWhen => "**holds only when** …",
        ClaimStatus.DoesNotHold => "**does not hold**",
        ClaimStatus.TooClose => "too close to call",
        ClaimStatus.TooFewBursts => "too few bursts to decide",
        ClaimStatus.NoLikeSamples => "no like samples to compare",
        ClaimStatus.NoBaseline => "no baseline in this run to decide",
        _ => "not measured",
    };
}

/// <summary>
/// The seed article's claims, each judged from the run on every runtime it holds: the figure that decides it, with
/// its distribution-free 95% interval, and a verdict, both computed, never typed. A "more" or "less" holds only when the
/// whole interval of the deciding ratio clears <see cref="ClearRatio"/> (or <see cref="FarRatio"/> for "far"), and
/// fails only when the whole interval lies on the other side; an interval that reaches across is "too close to call",
/// with the figure and the interval. Ratios set cold bursts against cold bursts or warm against warm (never one kind
/// against the other), and a figure beside a time comes from the same bursts.
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

    /// <summary>
    /// The verdicts alone, a row per claim and a column per runtime, for the report; each verdict's figure is in
    /// <paramref name="details"/> (the file <see cref="Write"/> writes to). Nothing when no claim was measured.
    /// </summary>
    public static void WriteVerdicts(StringBuilder md, IReadOnlyList<CaseStatistics> stats, string details)
    {
        ArgumentNullException.ThrowIfNull(md);
        IReadOnlyList<ClaimVerdict> verdicts = Judge(stats);
        if (verdicts.All(v => v.Verdict == ClaimStatus.NotMeasured))
        {
            return;
        }
        var runtimes = verdicts.Select(v => v.Runtime).Distinct().ToList();
        md.AppendLine("## The article's claims, with verdicts").AppendLine();
        md.AppendLine(CultureInfo.InvariantCulture, $"Each claim of the seed article, judged on each runtime from this run's figures: **holds** only when the whole 95% interval of the deciding ratio lies beyond {Format.Ratio(ClearRatio)} (the interval {Format.WithinRun}; **far**: {Format.Ratio(FarRatio)}); **too few bursts to decide** where the count gives the ratio no interval; **too close to call** where the interval reaches across. The figure behind each verdict is in [`{details}`]({details}#the-articles-claims-with-verdicts).").AppendLine();
        md.Append("| Claim |").AppendLine(string.Concat(runtimes.Select(r => $" {r} |")));
        md.Append("|---|").AppendLine(string.Concat(runtimes.Select(_ => "---|")));
        foreach ((char id, string text) in Statements)
        {
            md.Append(CultureInfo.InvariantCulture, $"| ({id}) {text} |");
            foreach (string runtime in runtimes)
            {
                md.Append(CultureInfo.InvariantCulture, $" {verdicts.FirstOrDefault(v => v.Id == id && v.Runtime == runtime)?.VerdictText} |");
            }
            md.AppendLine();
        }
        md.AppendLine();
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
        md.AppendLine(CultureInfo.InvariantCulture, $"Each claim of the seed article, the figure from this run that decides it, and the verdict on each runtime the run holds. A \"more\" or \"less\" holds only when the whole {Format.IntervalWithinRun} of the deciding ratio lies beyond {Format.Ratio(ClearRatio)} (\"far\": beyond {Format.Ratio(FarRatio)}), and fails only when the whole interval lies on the other side; otherwise it is too close to call where enough bursts give the ratio an interval, and too few bursts to decide where they do not. Ratios set cold bursts against cold or warm against warm. A sleep \"costs no\" thread or switch when even the upper end of what it adds is under one per {1 / NoCostPerJob:0} sleeps. Every interval here is {Format.WithinRun}. Verdicts and figures are computed; none is typed by hand.").AppendLine();
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

    /// <summary>
    /// The verdict on "<paramref name="ratio"/> is at least <paramref name="threshold"/>": holds when the whole interval
    /// clears it, does not hold when the whole interval is at most 1/<paramref name="threshold"/> (the opposite shown)
    /// or below the threshold with 1 outside (a difference shown smaller than claimed, for <paramref name="smallerRefutes"/>),
    /// too close otherwise; too few bursts to decide where the ratio has no interval (its count is the reason), and no
    /// like samples where there is no ratio.
    /// </summary>
    public static ClaimStatus AtLeast(KindRatio? ratio, double threshold, bool smallerRefutes = false)
    {
        if (ratio is null)
        {
            return ClaimStatus.NoLikeSamples;
        }
        if (!ratio.HasInterval)
        {
            return ClaimStatus.TooFewBursts;
        }
        if (ratio.Lower >= threshold)
        {
            return ClaimStatus.Holds;
        }
        if (ratio.Upper <= 1 / threshold || (smallerRefutes && ratio.Upper < threshold))
        {
            return ClaimStatus.DoesNotHold;
        }
        return ClaimStatus.TooClose;
    }

    // "134× (cold/cold; 95% interval [120×, 150×])", or why there is none.
    private static string Text(KindRatio? ratio) => ratio is null ? "no ratio of like samples" : FindingText.Ratio(ratio);

    // (a) The seed's two sleepers where the run has them (time and order), else N concurrent delays at every N (time).
    private static ClaimVerdict LongestWait(List<CaseStatistics> cases, string runtime)
    {
        if (Find(cases, CaseRole.ArticleTwoWaits) is { } two)
        {
            var orders = two.Case.GatherOrders.Concat(two.ColdCase?.GatherOrders ?? []).ToList();
            int inputOrder = orders.Count(o => o.Results.SequenceEqual([0, 1]));
            int shorterFirst = orders.Count(o => o.Resumed.SequenceEqual([1, 0]));
            // The longer wait, not both in turn: the interval's upper end under 5 s × (1 + a tenth) and far from 9 s.
            bool time = two.Interval.Exists && two.CiUpperNs < 5.5e9;
            bool timeRefuted = two.Interval.Exists && two.CiLowerNs >= 5.5e9;
            bool asClaimed = orders.Count > 0 && inputOrder == orders.Count && shorterFirst == orders.Count;
            string figure = $"sleep(5) and sleep(4) under gather: {FindingText.Median(two)} {Format.Interval(two.Interval)} against 5 s for the longer wait and 9 s for both in turn; "
                + (orders.Count > 0
                    ? $"results in input order in {inputOrder} of {orders.Count} bursts; the 4 s sleeper resumed first in {shorterFirst} of {orders.Count}"
                    : "the order was not recorded in this run");
            ClaimStatus verdict = orders.Count > 0 && !asClaimed || timeRefuted ? ClaimStatus.DoesNotHold
                : time && asClaimed ? ClaimStatus.Holds
                : !two.Interval.Exists ? ClaimStatus.TooFewBursts
                : ClaimStatus.TooClose;
            return new('a', runtime, verdict, figure);
        }
        var delays = Of(cases, CaseRole.ConcurrentWaits).Where(s => s.RatioToIdeal is not null && s.Interval.Exists)
            .OrderBy(s => s.Case.IntParameter("N")).ToList();
        if (delays.Count == 0)
        {
            return new('a', runtime, ClaimStatus.NotMeasured, "needs the seed profile's two sleepers or the async-delay family");
        }
        // Each N: the median's interval over the ideal. Within the longest wait when its upper end is under 1.25 ×;
        // beyond it when its lower end is at or over.
        double Lower(CaseStatistics s) => s.CiLowerNs / s.IdealNs!.Value;
        double Upper(CaseStatistics s) => s.CiUpperNs / s.IdealNs!.Value;
        string each = string.Join(", ", delays.Select(s => $"N = {Format.Count(s.Case.IntParameter("N"))}: {Format.Ratio(s.RatioToIdeal)} {Format.RatioInterval(Lower(s), Upper(s))}"));
        string order = " (the order of resumption is recorded by the seed profile's two sleepers)";
        var within = delays.TakeWhile(s => Upper(s) < ClearRatio).ToList();
        if (within.Count == delays.Count)
        {
            return new('a', runtime, ClaimStatus.Holds, $"N concurrent waits of d took at most {Format.Ratio(delays.Max(s => s.RatioToIdeal))} their ideal ({delays[0].Model.IdealText}; {each}){order}");
        }
        CaseStatistics next = delays[within.Count];
        if (Lower(next) < ClearRatio)
        {
            return new('a', runtime, ClaimStatus.TooClose,
                $"at N = {Format.Count(next.Case.IntParameter("N"))} the interval of the time over the ideal reaches across {Format.Ratio(ClearRatio)} ({each}){order}");
        }
        return within.Count > 0
            ? new('a', runtime, ClaimStatus.HoldsOnlyWhen, $"N ≤ {Format.Count(within[^1].Case.IntParameter("N"))}: the time of the longest wait within {Format.Ratio(ClearRatio)}, and beyond it from N = {Format.Count(next.Case.IntParameter("N"))} ({each}){order}")
            : new('a', runtime, ClaimStatus.DoesNotHold, $"already at N = {Format.Count(delays[0].Case.IntParameter("N"))} the waits took {Format.Ratio(delays[0].RatioToIdeal)} the ideal ({each})");
    }

    // (b) The executor with a worker per call against pure async delays at the same N: threads and CPU time.
    private static ClaimVerdict ExecutorIsThreads(List<CaseStatistics> cases, string runtime)
    {
        (CaseStatistics Async, CaseStatistics Executor)? pair = null;
        foreach (CaseStatistics async in Of(cases, CaseRole.ConcurrentWaits).Where(s => s.HasMedian).OrderByDescending(s => s.Case.IntParameter("N")))
        {
            int n = async.Case.IntParameter("N")!.Value;
            if (Of(cases, CaseRole.DedicatedPool).Where(s => s.Case.IntParameter("N") == n && s.Case.IntParameter("K") >= n && s.HasMedian)
                .OrderBy(s => s.Case.IntParameter("K")).FirstOrDefault() is { } executor && n > 1)
            {
                pair = (async, executor);
                break;
            }
        }
        if (pair is null && Find(cases, CaseRole.ArticleSleeps) is { } sleeps && Find(cases, CaseRole.ArticleWorkerPerCall) is { } workers)
        {
            pair = (sleeps, workers);
        }
        if (pair is not (var a, var e))
        {
            return new('b', runtime, ClaimStatus.NotMeasured, "needs pure async delays and an executor with a worker per call at the same N");
        }
        int asyncJobs = JobsOf(a), executorJobs = JobsOf(e);
        // CPU per job: the ratio of the two cases' per-burst CPU times, scaled by their job counts.
        KindRatio? cpu = CaseStatistics.RatioOf(e, a, x => x.CpuSamples);
        KindRatio? perJob = cpu is null ? null : cpu with
        {
            Value = cpu.Value * asyncJobs / executorJobs,
            Lower = cpu.Lower * asyncJobs / executorJobs,
            Upper = cpu.Upper * asyncJobs / executorJobs,
        };
        double extraThreads = (e.PeakThreads ?? 0) - (a.PeakThreads ?? 0);
        bool threads = extraThreads >= Math.Min(executorJobs, e.Case.IntParameter("K") ?? executorJobs) / 2.0;
        string figure = $"{Describe(e)} against {Describe(a)}: peak threads {Format.Count(e.PeakThreads)} against {Format.Count(a.PeakThreads)}; " +
                        $"CPU per job {Micro(PerJob(e.CpuMsPerOp, executorJobs))} against {Micro(PerJob(a.CpuMsPerOp, asyncJobs))}: {Text(perJob)}";
        ClaimStatus verdict = !threads ? ClaimStatus.DoesNotHold : AtLeast(perJob, ClearRatio);
        return new('b', runtime, verdict, figure);
    }

    // (c) The default executor (pool) against a worker per call, for 1,000 blocking calls (the seed's, or the offload family's N = 1,000).
    private static ClaimVerdict DefaultExecutorFewWorkers(List<CaseStatistics> cases, string runtime)
    {
        CaseStatistics? pool = Find(cases, CaseRole.ArticleDefaultExecutor)
            ?? Of(cases, CaseRole.DefaultPool).FirstOrDefault(s => s.Case.IntParameter("N") == 1000 && s.HasMedian);
        CaseStatistics? workers = Find(cases, CaseRole.ArticleWorkerPerCall)
            ?? Of(cases, CaseRole.DedicatedPool).FirstOrDefault(s => s.Case.IntParameter("N") == 1000 && s.Case.IntParameter("K") == 1000 && s.HasMedian);
        if (pool is null || workers is null)
        {
            return new('c', runtime, ClaimStatus.NotMeasured, "needs 1,000 blocking calls on the default executor and on 1,000 workers");
        }
        KindRatio? ratio = CaseStatistics.Ratio(pool, workers);
        // Threads from the same bursts as the times: the ratio's own kind.
        double? poolThreads = ratio?.Numerator.PeakThreads ?? pool.PeakThreads, workerThreads = ratio?.Denominator.PeakThreads ?? workers.PeakThreads;
        bool fewer = (poolThreads ?? 0) < (workerThreads ?? 0) / 2;
        string figure = $"{Describe(pool)} against 1,000 workers: {(ratio is null ? FindingText.NoRatio(pool, workers) : FindingText.Against(ratio))}, " +
                        $"with {Format.Plural(poolThreads ?? 0, "thread")} against {Format.Count(workerThreads)} at the bursts' peak (medians of the same bursts)";
        ClaimStatus verdict = !fewer ? ClaimStatus.DoesNotHold : AtLeast(ratio, FarRatio);
        if (verdict == ClaimStatus.TooClose && fewer && AtLeast(ratio, ClearRatio) == ClaimStatus.Holds && ratio!.Upper < FarRatio)
        {
            verdict = ClaimStatus.HoldsOnlyWhen;
            figure += $" (slower, but shown by less than {Format.Ratio(FarRatio)}: \"far\" holds only when the pool has fewer workers than here)";
        }
        return new('c', runtime, verdict, figure);
    }

    // (d) Context switches per burst against k at the N with the most k values.
    private static ClaimVerdict MoreWorkersMoreSwitches(List<CaseStatistics> cases, string runtime)
    {
        // The largest N with at least three worker counts that can all be busy (k ≤ N): "more workers" then spans the
        // widest range of threads actually running; else the N with the most worker counts.
        var groups = Of(cases, CaseRole.DedicatedPool).Where(s => s.VoluntarySwitchesPerOp is not null)
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
        KindRatio? ratio = CaseStatistics.RatioOf(many, few, x => x.SwitchSamples);
        string each = string.Join(", ", points.Select(s => $"k = {Format.Count(s.Case.IntParameter("K"))}: {Format.Count(Switches(s))} ({Format.CpuMs(s.CpuMsPerOp)} CPU)"));
        string figure = $"N = {Format.Count(byN.Key)} blocking calls, context switches (voluntary + involuntary) per burst: {each}; k = {Format.Count(many.Case.IntParameter("K"))} against k = {Format.Count(few.Case.IntParameter("K"))}: {Text(ratio)}";
        return new('d', runtime, AtLeast(ratio, ClearRatio), figure);
    }

    // (e) Threads and switches added per sleep at 10,000 concurrent sleeps.
    private static ClaimVerdict SleepsCostNothing(List<CaseStatistics> cases, string runtime)
    {
        CaseStatistics? sleeps = Find(cases, CaseRole.ArticleSleeps)
            ?? Of(cases, CaseRole.ConcurrentWaits).FirstOrDefault(s => s.Case.IntParameter("N") == 10_000);
        if (sleeps?.Headline?.SwitchSamples is not { } switches)
        {
            return new('e', runtime, ClaimStatus.NotMeasured, "needs 10,000 concurrent sleeps with their context switches");
        }
        // Against one sleep where the run has it (what the process costs anyway), of the same kind of sample.
        CaseStatistics? one = Of(cases, sleeps.Case.Type, sleeps.Case.Method).FirstOrDefault(s => s.Case.IntParameter("N") == 1);
        SampleSummary big = sleeps.Headline!;
        SampleSummary? small = one is null ? null : big.Kind == SampleKind.Cold ? one.Cold : one.Warm;
        // The upper end of what 10,000 sleeps add: the top of their median's interval less the bottom of one sleep's.
        MedianInterval bigSwitches = MedianInterval.Of(switches);
        MedianInterval? smallSwitches = small?.SwitchSamples is { } s1 ? MedianInterval.Of(s1) : null;
        double upperSwitches = (bigSwitches.Exists ? bigSwitches.Upper : switches.Max()) - (smallSwitches is { Exists: true } b ? b.Lower : 0);
        double threads = big.PeakThreads ?? 0, baseThreads = small?.PeakThreads ?? 0;
        double extraSwitches = Math.Max(0, upperSwitches) / 10_000, extraThreads = Math.Max(0, threads - baseThreads) / 10_000;
        string against = small is null
            ? " (this run has no single sleep to subtract the process's own threads and switches from: the figures per sleep are upper bounds)"
            : $" against {Format.Plural(baseThreads, "thread")} and {Format.Count(small.VoluntarySwitches + small.InvoluntarySwitches)} switches for one sleep";
        string figure = $"10,000 sleeps ({big.Description}): {Format.Plural(threads, "thread")} at the burst's peak and {Format.Count(big.VoluntarySwitches + big.InvoluntarySwitches)} context switches per burst{against}; " +
                        $"added per sleep, at most: {extraThreads.ToString("0.####", CultureInfo.InvariantCulture)} threads, {extraSwitches.ToString("0.####", CultureInfo.InvariantCulture)} switches (the upper end of the switches' interval); CPU {Format.CpuMs(big.CpuMs)} per burst";
        bool free = extraSwitches < NoCostPerJob && extraThreads < NoCostPerJob;
        // Without the baseline an upper bound past the threshold shows nothing: the excess may be the process's own.
        ClaimStatus verdict = free ? ClaimStatus.Holds : small is null ? ClaimStatus.NoBaseline
            : (bigSwitches.Exists ? bigSwitches.Lower : switches.Min()) - (smallSwitches is { Exists: true } c ? c.Upper : 0) >= NoCostPerJob * 10_000 || extraThreads >= NoCostPerJob
                ? ClaimStatus.DoesNotHold : ClaimStatus.TooClose;
        return new('e', runtime, verdict, figure);
    }

    // (f) A worker per call against pure async (CPU) and against the calls in turn (wall).
    private static ClaimVerdict PoolBetweenAsyncAndSequential(List<CaseStatistics> cases, string runtime)
    {
        ClaimVerdict efficiency = ExecutorIsThreads(cases, runtime);
        CaseStatistics? sequential = null, pool = null;
        foreach (CaseStatistics s in Of(cases, CaseRole.InTurn).Where(s => s.HasMedian).OrderByDescending(s => s.Case.IntParameter("N")))
        {
            int n = s.Case.IntParameter("N")!.Value;
            pool = Of(cases, CaseRole.DedicatedPool).Where(p => p.Case.IntParameter("N") == n && p.HasMedian)
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
        KindRatio? speedup = CaseStatistics.Ratio(sequential, pool);
        string figure = $"against async: {efficiency.Figure}. Against waiting in turn: {Describe(pool)} against in turn: {(speedup is null ? FindingText.NoRatio(sequential, pool) : FindingText.Against(speedup))} (in turn over the pool)";
        ClaimStatus faster = AtLeast(speedup, ClearRatio);
        ClaimStatus verdict = (efficiency.Verdict, faster) switch
        {
            (ClaimStatus.Holds, ClaimStatus.Holds) => ClaimStatus.Holds,
            (ClaimStatus.DoesNotHold, _) or (_, ClaimStatus.DoesNotHold) => ClaimStatus.DoesNotHold,
            (ClaimStatus.TooFewBursts, _) or (_, ClaimStatus.TooFewBursts) => ClaimStatus.TooFewBursts,
            _ => ClaimStatus.TooClose,
        };
        return new('f', runtime, verdict, figure);
    }

    // The cases that play a role (every N, k and d), and of one benchmark method.
    private static IEnumerable<CaseStatistics> Of(List<CaseStatistics> cases, CaseRole role) => cases.Where(s => s.Plays(role));

    private static IEnumerable<CaseStatistics> Of(List<CaseStatistics> cases, string type, string method) =>
        cases.Where(s => s.Case.Type == type && s.Case.Method == method);

    private static CaseStatistics? Find(List<CaseStatistics> cases, CaseRole role) => Of(cases, role).FirstOrDefault(s => s.HasMedian);

    private static int JobsOf(CaseStatistics s) => s.JobsOf();

    private static double? PerJob(double? perOp, int jobs) => perOp / jobs;

    private static string Micro(double? ms) => ms is double v ? Format.Time(v * 1e6) : "n/a";

    private static string Describe(CaseStatistics s)
    {
        string k = s.Case.IntParameter("K") is int workers ? $", k = {Format.Count(workers)}" : "";
        return $"{s.Model.Label} (N = {Format.Count(JobsOf(s))}{k})";
    }
}
