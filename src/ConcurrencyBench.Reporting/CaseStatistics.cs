using Perfolizer.Horology;
using Perfolizer.Mathematics.QuantileEstimators;
using ConcurrencyBench.Models;
using Pragmastat;

namespace ConcurrencyBench.Reporting;

/// <summary>Which samples a figure summarises.</summary>
public enum SampleKind
{
    /// <summary>
    /// Cold bursts: the first measured operation of each fresh process (the cold-burst launches and the repeated-burst
    /// process's first iteration), its code primed and its pool at its minimum. Independent samples.
    /// </summary>
    Cold,

    /// <summary>The repeated bursts after the first, in a case whose iterations show no trend: exchangeable.</summary>
    Warm,

    /// <summary>No median can be given: the repeated bursts have a trend and there are no cold bursts.</summary>
    None,
}

/// <summary>
/// One kind of sample of a case, summarised: its times and, from the same bursts, its CPU time, context switches,
/// threads and memory, so that every figure beside a median describes the bursts that median describes.
/// </summary>
/// <param name="Kind">Cold or warm.</param>
/// <param name="Samples">The bursts' times, nanoseconds per operation, in the order they ran.</param>
/// <param name="Usage">Each burst's CPU time and context switches, aligned with <paramref name="Samples"/> (null where not recorded).</param>
/// <param name="Resources">Each burst's threads, memory and allocations, aligned with <paramref name="Samples"/> (null where not recorded).</param>
/// <param name="ProcessPeaks">
/// The whole processes' peak threads and working set, for files that recorded no burst's own (their peaks may hold
/// other bursts': the report says "whole process" beside them).
/// </param>
public sealed record SampleSummary(
    SampleKind Kind,
    IReadOnlyList<double> Samples,
    IReadOnlyList<ResourceUsage?> Usage,
    IReadOnlyList<BurstResources?> Resources,
    (double? Threads, double? WorkingSetBytes) ProcessPeaks)
{
    /// <summary>How many bursts.</summary>
    public int Count => Samples.Count;

    /// <summary>Harrell–Davis median of the times (Perfolizer), nanoseconds.</summary>
    public double MedianNs { get; } = Samples.Count == 0 ? double.NaN
        : HarrellDavisQuantileEstimator.Instance.Quantile(new Sample(Samples, TimeUnit.Nanosecond), Probability.Median).NominalValue;

    /// <summary>Distribution-free interval of that median, with its exact level.</summary>
    public MedianInterval Interval { get; } = MedianInterval.Of(Samples);

    /// <summary>Fastest burst.</summary>
    public double MinNs => Samples.Count > 0 ? Samples.Min() : double.NaN;

    /// <summary>Slowest burst.</summary>
    public double MaxNs => Samples.Count > 0 ? Samples.Max() : double.NaN;

    /// <summary>"cold × 6" or "warm × 7".</summary>
    public string Label => $"{(Kind == SampleKind.Cold ? "cold" : "warm")} × {Count}";

    /// <summary>"6 cold bursts", "1 warm burst": which samples a median describes, for sentences.</summary>
    public string Description => $"{Count} {(Kind == SampleKind.Cold ? "cold" : "warm")} burst{(Count == 1 ? "" : "s")}";

    /// <summary>Median CPU time (user + system, the whole process) per burst, milliseconds; null where any burst lacks it.</summary>
    public double? CpuMs => MedianOf(Usage, u => u?.CpuMs);

    /// <summary>Median voluntary context switches per burst; null where not counted.</summary>
    public double? VoluntarySwitches => MedianOf(Usage, u => u is { HasSwitches: true } v ? v.VoluntarySwitches : null);

    /// <summary>Median involuntary context switches per burst; null where not counted.</summary>
    public double? InvoluntarySwitches => MedianOf(Usage, u => u is { HasSwitches: true } v ? v.InvoluntarySwitches : null);

    /// <summary>Each burst's CPU time (ms), in order; null where any burst lacks it.</summary>
    public IReadOnlyList<double>? CpuSamples => Usage.Count == Samples.Count && Usage.All(u => u is not null) ? [.. Usage.Select(u => u!.Value.CpuMs)] : null;

    /// <summary>
    /// The distribution-free interval of the median CPU time per burst (ms), from the same bursts' CPU times as
    /// <see cref="CpuMs"/>; <see cref="MedianInterval.None"/> where a burst lacks its CPU time.
    /// </summary>
    public MedianInterval CpuInterval => CpuSamples is { } cpu ? MedianInterval.Of(cpu) : MedianInterval.None;

    /// <summary>
    /// The distribution-free interval of the median peak resident memory per burst (bytes), from each burst's own peak;
    /// <see cref="MedianInterval.None"/> where a burst lacks one.
    /// </summary>
    public MedianInterval PeakWorkingSetInterval => PeakWorkingSetSamples is { } peaks ? MedianInterval.Of(peaks) : MedianInterval.None;

    /// <summary>Each burst's own peak resident memory (bytes), in burst order; null where a burst lacks one.</summary>
    public IReadOnlyList<double>? PeakWorkingSetSamples => Resources.Count == Samples.Count && Resources.All(r => r?.PeakWorkingSetBytes is not null)
        ? [.. Resources.Select(r => (double)r!.PeakWorkingSetBytes!.Value)]
        : null;

    /// <summary>Each burst's context switches (voluntary + involuntary), in order; null where any burst lacks them.</summary>
    public IReadOnlyList<double>? SwitchSamples => Usage.Count == Samples.Count && Usage.All(u => u is { HasSwitches: true })
        ? [.. Usage.Select(u => (double)(u!.Value.VoluntarySwitches + u.Value.InvoluntarySwitches))]
        : null;

    /// <summary>True when the threads and memory below are each burst's own (not a whole process's peak).</summary>
    public bool ResourcesPerBurst => Resources.Count == Samples.Count && Samples.Count > 0 && Resources.All(r => r?.PeakThreads is not null);

    /// <summary>True when the memory peaks are each burst's own (the kernel's high-water mark reset at its start, or sampled through it).</summary>
    public bool MemoryPerBurst => ResourcesPerBurst && Resources.All(r => r!.PeakIsBurstOwn && r.PeakWorkingSetBytes is not null);

    /// <summary>Median of the bursts' peak threads; the processes' peak where bursts did not record theirs.</summary>
    public double? PeakThreads => ResourcesPerBurst ? MedianOf(Resources, r => r?.PeakThreads) : ProcessPeaks.Threads;

    /// <summary>Median of the bursts' peak working set; the processes' peak where bursts did not record theirs.</summary>
    public double? PeakWorkingSetBytes => PeakWorkingSetSamples is not null
        ? MedianOf(Resources, r => r?.PeakWorkingSetBytes)
        : ProcessPeaks.WorkingSetBytes;

    /// <summary>Median of what each burst added to the resident memory it started with (its peak less its start); null where not recorded.</summary>
    public double? AddedWorkingSetBytes => MemoryPerBurst && Resources.All(r => r!.WorkingSetAtStartBytes is not null)
        ? MedianOf(Resources, r => r!.PeakWorkingSetBytes - r.WorkingSetAtStartBytes)
        : null;

    /// <summary>Median managed bytes allocated per burst (.NET); null where not recorded.</summary>
    public double? AllocatedBytes => MedianOf(Resources, r => r?.AllocatedBytes);

    /// <summary>Median of the most jobs in progress at once in each burst; null where not counted.</summary>
    public double? MaxConcurrentJobs => MedianOf(Resources, r => r?.MaxConcurrentJobs);

    /// <summary>Median lock contentions per burst (.NET); null where not recorded.</summary>
    public double? LockContentions => MedianOf(Resources, r => r?.LockContentions);

    /// <summary>Median pool work items completed per burst (.NET); null where not recorded.</summary>
    public double? CompletedWorkItems => MedianOf(Resources, r => r?.CompletedWorkItems);

    /// <summary>The most thread-pool threads any burst started with (.NET); null where not recorded.</summary>
    public int? MaxPoolThreadsAtStart => Resources.Count == Samples.Count && Resources.All(r => r?.PoolThreadsAtStart is not null)
        ? Resources.Max(r => r!.PoolThreadsAtStart) : null;

    /// <summary>The pool's minimum when the bursts started (.NET; the largest, where they differ).</summary>
    public int? PoolMinimum => Resources.Count == Samples.Count && Resources.All(r => r?.PoolMinimum is not null)
        ? Resources.Max(r => r!.PoolMinimum) : null;

    // The sample median (Perfolizer's simple estimator: counts are whole numbers, and the middle value is what a reader
    // expects of them) of a figure every burst has; null when any burst lacks it.
    private double? MedianOf<T>(IReadOnlyList<T> perBurst, Func<T, double?> figure)
    {
        if (perBurst.Count != Samples.Count || perBurst.Count == 0)
        {
            return null;
        }
        double?[] values = [.. perBurst.Select(figure)];
        return values.Any(v => v is null)
            ? null
            : SimpleQuantileEstimator.Instance.Quantile(new Sample([.. values.Select(v => v!.Value)]), Probability.Median).NominalValue;
    }
}

/// <summary>A ratio of two cases' medians of the same kind of sample, with a distribution-free interval.</summary>
/// <param name="Value">The ratio of the medians (numerator over denominator).</param>
/// <param name="Kind">The kind both sides share: cold against cold, or warm against warm.</param>
/// <param name="Lower">Lower end of a distribution-free 95% interval for the ratio (NaN where the samples are too few).</param>
/// <param name="Upper">Upper end.</param>
/// <param name="Numerator">The numerator's samples.</param>
/// <param name="Denominator">The denominator's samples.</param>
public sealed record KindRatio(double Value, SampleKind Kind, double Lower, double Upper, SampleSummary Numerator, SampleSummary Denominator)
{
    /// <summary>"cold/cold" or "warm/warm".</summary>
    public string KindLabel => Kind == SampleKind.Cold ? "cold/cold" : "warm/warm";

    /// <summary>True when the interval exists.</summary>
    public bool HasInterval => !double.IsNaN(Lower) && !double.IsNaN(Upper);
}

/// <summary>
/// The statistics the report shows for one case, computed with Perfolizer after checking what the samples allow.
/// A case has up to two kinds of sample, never mixed: its <see cref="Cold"/> bursts (the repeated process's first
/// burst and one burst from each fresh process) and its <see cref="Warm"/> bursts (the repeated process's bursts
/// 2..n, only where the trend test finds no trend over them: a pool that keeps the threads it injected makes every
/// burst faster than the one before, and a median of such bursts describes the iteration count, not the model). The
/// <see cref="Headline"/> is the cold bursts where there are at least two (independent samples, and what a burst
/// arriving at a quiet process meets), else the warm ones. Every ratio between two cases sets one kind against the
/// same kind (<see cref="Ratio"/>).
/// </summary>
/// <param name="Case">The case (its repeated-burst result, or the cold one when there is no other).</param>
/// <param name="ColdCase">The case's cold-burst result, when it has one.</param>
/// <param name="Model">What the catalog knows of it.</param>
/// <param name="Repeated">The repeated bursts in the order they ran (empty when only cold bursts were run).</param>
/// <param name="Trend">The trend test over the warm repeated bursts (2..n).</param>
/// <param name="Cold">The cold bursts, where the case has any.</param>
/// <param name="Warm">The warm bursts, where there are enough for the trend test (<see cref="TrendTest.MinimumCount"/>) and it finds no trend.</param>
/// <param name="IdealNs">The model's ideal time for the case: a lower bound no burst can beat; null where none applies.</param>
public sealed record CaseStatistics(
    CaseResult Case,
    CaseResult? ColdCase,
    ModelInfo Model,
    IReadOnlyList<double> Repeated,
    TrendTest Trend,
    SampleSummary? Cold,
    SampleSummary? Warm,
    double? IdealNs)
{
    /// <summary>The samples the case's headline describes: cold where there are two or more, else warm, else a lone cold burst.</summary>
    public SampleSummary? Headline => Cold is { Count: >= 2 } ? Cold : Warm ?? Cold;

    /// <summary>The kind of the headline, or <see cref="SampleKind.None"/>.</summary>
    public SampleKind Kind => Headline?.Kind ?? SampleKind.None;

    /// <summary>True when a median can be given for the case.</summary>
    public bool HasMedian => Headline is not null;

    /// <summary>How many samples the headline describes (0 for none).</summary>
    public int Iterations => Headline?.Count ?? 0;

    /// <summary>Harrell–Davis median of the headline samples, nanoseconds per operation; NaN for none.</summary>
    public double MedianNs => Headline?.MedianNs ?? double.NaN;

    /// <summary>Distribution-free interval of the headline median, with its exact level.</summary>
    public MedianInterval Interval => Headline?.Interval ?? MedianInterval.None;

    /// <summary>Lower bound of the headline median's interval (NaN where there is none).</summary>
    public double CiLowerNs => Interval.Lower;

    /// <summary>Upper bound of the headline median's interval (NaN where there is none).</summary>
    public double CiUpperNs => Interval.Upper;

    /// <summary>Fastest headline sample (NaN for none).</summary>
    public double MinNs => Headline?.MinNs ?? double.NaN;

    /// <summary>Slowest headline sample (NaN for none).</summary>
    public double MaxNs => Headline?.MaxNs ?? double.NaN;

    /// <summary>The first repeated burst: a fresh, primed process meeting a cold thread pool (NaN without repeated bursts).</summary>
    public double FirstNs => Repeated.Count > 0 ? Repeated[0] : double.NaN;

    /// <summary>The last repeated burst: what the pool had learned by the end (NaN without repeated bursts).</summary>
    public double LastNs => Repeated.Count > 0 ? Repeated[^1] : double.NaN;

    /// <summary>Every cold burst (empty without any).</summary>
    public IReadOnlyList<double> ColdSamples => Cold?.Samples ?? [];

    /// <summary>The samples the headline describes (empty for none).</summary>
    public IReadOnlyList<double> HeadlineSamples => Headline?.Samples ?? [];

    /// <summary>
    /// The suite's name for the case's model (the .NET benchmark's, e.g. "default thread pool"), which another runtime's
    /// twin stands for; the model's own label (e.g. "run_in_executor(None): default executor (6 workers)") where the suite
    /// declares none. Charts that set runtimes side by side name a model once by it, and tell runtimes apart by marker.
    /// </summary>
    public string SuiteLabel => ModelCatalog.Declared(Case.Type, Case.Method)?.Label ?? Model.Label;

    /// <summary>"cold × 6", "warm × 7", "trend: no median" or "failed: no median", for tables.</summary>
    public string SamplesLabel => (Case.Failure ?? ColdCase?.Failure) is not null ? "failed: no median" : Headline?.Label ?? "trend: no median";

    /// <summary>Headline median over ideal: at least 1 (the ideal is a lower bound); null where no ideal applies.</summary>
    public double? RatioToIdeal => IdealNs is > 0 && HasMedian ? MedianNs / IdealNs.Value : null;

    /// <summary>Median CPU time per operation over the headline bursts, milliseconds (for a chat case, the server's).</summary>
    public double? CpuMsPerOp => Headline?.CpuMs;

    /// <summary>Median voluntary context switches per operation over the headline bursts.</summary>
    public double? VoluntarySwitchesPerOp => Headline?.VoluntarySwitches;

    /// <summary>Median involuntary context switches per operation over the headline bursts.</summary>
    public double? InvoluntarySwitchesPerOp => Headline?.InvoluntarySwitches;

    /// <summary>Median peak threads over the headline bursts (each burst's own where recorded).</summary>
    public double? PeakThreads => Headline?.PeakThreads;

    /// <summary>Median peak working set over the headline bursts (each burst's own where recorded).</summary>
    public double? PeakWorkingSetBytes => Headline?.PeakWorkingSetBytes;

    /// <summary>Median peak working set of the headline bursts divided by N.</summary>
    public double? PeakWorkingSetPerJob => PeakWorkingSetBytes is double ws && Case.IntParameter("N") is int n and > 0 ? ws / n : null;

    /// <summary>
    /// Managed bytes allocated per burst divided by N: the headline bursts' own where recorded, else BenchmarkDotNet's
    /// memory diagnoser's figure (older runs, which measured it in an extra operation of the repeated process).
    /// </summary>
    public double? AllocatedBytesPerJob =>
        Case.IntParameter("N") is int n and > 0
            ? Headline?.AllocatedBytes is double bytes ? bytes / n
              : Case.Bursts == BurstKind.Repeated && Case.AllocatedBytesPerOperation is double legacy ? legacy / n : null
            : null;

    /// <summary>
    /// <paramref name="numerator"/> over <paramref name="denominator"/>, cold against cold where both have at least two
    /// cold bursts, else warm against warm where both have warm bursts, else null: a ratio never sets one kind of
    /// sample against another. The interval inverts the Mann–Whitney test (<see cref="Comparer.RatioInterval"/>).
    /// </summary>
    public static KindRatio? Ratio(CaseStatistics? numerator, CaseStatistics? denominator)
    {
        if (numerator is null || denominator is null)
        {
            return null;
        }
        (SampleSummary? a, SampleSummary? b) = numerator.Cold is { Count: >= 2 } && denominator.Cold is { Count: >= 2 }
            ? (numerator.Cold, denominator.Cold)
            : numerator.Warm is not null && denominator.Warm is not null ? (numerator.Warm, denominator.Warm)
            : numerator.Cold is not null && denominator.Cold is not null ? (numerator.Cold, denominator.Cold)
            : (null, null);
        return a is null || b is null ? null : Of(a, b);
    }

    /// <summary>
    /// The ratio of a per-burst figure (CPU time, context switches: <paramref name="figure"/>) of two cases, of the same
    /// kind of sample as <see cref="Ratio"/> chooses, among the kinds where both sides recorded it: the ratio of the
    /// figure's sample medians, with the same distribution-free interval. Null where no kind has the figure on both sides.
    /// </summary>
    public static KindRatio? RatioOf(CaseStatistics? numerator, CaseStatistics? denominator, Func<SampleSummary, IReadOnlyList<double>?> figure)
    {
        ArgumentNullException.ThrowIfNull(figure);
        if (numerator is null || denominator is null)
        {
            return null;
        }
        foreach ((SampleSummary? a, SampleSummary? b) in new[] { (numerator.Cold, denominator.Cold), (numerator.Warm, denominator.Warm) })
        {
            if (a is not null && b is not null && figure(a) is { Count: > 0 } x && figure(b) is { Count: > 0 } y && x.All(v => v > 0) && y.All(v => v > 0)
                && (a.Kind == SampleKind.Warm || (a.Count >= 2 && b.Count >= 2) || numerator.Warm is null || denominator.Warm is null))
            {
                (double lower, double upper) = Comparer.RatioInterval(y, x, Comparer.Alpha);
                return new KindRatio(SampleMedian(x) / SampleMedian(y), a.Kind, lower, upper, a, b);
            }
        }
        return null;
    }

    private static double SampleMedian(IReadOnlyList<double> values) =>
        SimpleQuantileEstimator.Instance.Quantile(new Sample(values), Probability.Median).NominalValue;

    /// <summary>The ratio of two summaries of one kind (see <see cref="Ratio"/>).</summary>
    /// <exception cref="ArgumentException">The two are not of the same kind.</exception>
    public static KindRatio Of(SampleSummary numerator, SampleSummary denominator)
    {
        ArgumentNullException.ThrowIfNull(numerator);
        ArgumentNullException.ThrowIfNull(denominator);
        if (numerator.Kind != denominator.Kind)
        {
            throw new ArgumentException($"a ratio of {numerator.Kind} over {denominator.Kind} samples sets two kinds against each other");
        }
        (double lower, double upper) = Comparer.RatioInterval(denominator.Samples, numerator.Samples, Comparer.Alpha);
        return new KindRatio(numerator.MedianNs / denominator.MedianNs, numerator.Kind, lower, upper, numerator, denominator);
    }

    /// <summary>Every case of <paramref name="results"/>, a case's repeated and cold bursts (same host) joined into one.</summary>
    public static IReadOnlyList<CaseStatistics> All(ResultSet results)
    {
        ArgumentNullException.ThrowIfNull(results);
        return [.. results.Cases
            .GroupBy(c => (c.Host, c.FullName))
            .Select(g => Of(g.FirstOrDefault(c => c.Bursts == BurstKind.Repeated) ?? g.First(),
                            g.FirstOrDefault(c => c.Bursts == BurstKind.Cold)))];
    }

    /// <summary>
    /// True for a pool that may inject threads (a model with a no-injection reference) holding more jobs than its minimum
    /// guarantees threads for (k when raised, else the machine's cores): its repeated bursts in one process can learn.
    /// </summary>
    internal static bool PoolBeyondItsMinimum(CaseResult result, ModelInfo model) =>
        model.Reference is not null
        && (result.IntParameter("N") is not int n || n > (result.IntParameter("K") ?? Math.Max(1, result.Host.LogicalCores)));

    /// <summary>
    /// True for <see cref="PoolBeyondItsMinimum"/> on .NET's thread pool (JIT or NativeAOT), which keeps the threads it
    /// injects: its bursts learn by construction. Other runtimes' pools are judged by the trend test alone.
    /// </summary>
    internal static bool InjectingPoolBeyondItsMinimum(CaseResult result, ModelInfo model) =>
        result.Host.Kind is RuntimeKind.DotNet or RuntimeKind.NativeAot && PoolBeyondItsMinimum(result, model);

    /// <summary>Computes the statistics of a case from its repeated bursts and, when it has them, its cold bursts.</summary>
    /// <exception cref="ArgumentException">The case has no measured iteration.</exception>
    public static CaseStatistics Of(CaseResult result, CaseResult? cold = null)
    {
        ArgumentNullException.ThrowIfNull(result);
        if (result.IterationNanoseconds.Count == 0)
        {
            throw new ArgumentException($"{result.FullName} has no measured iterations", nameof(result));
        }
        if (result.Bursts == BurstKind.Cold)
        {
            cold ??= result; // only cold bursts were run for this case
        }
        IReadOnlyList<double> repeated = result.Bursts == BurstKind.Repeated ? result.IterationNanoseconds : [];
        TrendTest trend = TrendTest.Of([.. repeated.Skip(1)]);

        SampleSummary? coldSummary = null;
        if (cold is not null)
        {
            // The repeated bursts' first iteration is itself a cold burst: a fresh process's first operation.
            var first = result.Bursts == BurstKind.Repeated ? new[] { 0 } : [];
            coldSummary = new SampleSummary(
                SampleKind.Cold,
                [.. first.Select(i => repeated[i]), .. cold.IterationNanoseconds],
                [.. first.Select(i => UsageAt(result, i)), .. Enumerable.Range(0, cold.IterationNanoseconds.Count).Select(i => UsageAt(cold, i))],
                [.. first.Select(i => ResourcesAt(result, i)), .. Enumerable.Range(0, cold.IterationNanoseconds.Count).Select(i => ResourcesAt(cold, i))],
                ProcessPeaks(cold, result.Bursts == BurstKind.Repeated ? result : null));
        }
        SampleSummary? warm = null;
        ModelInfo model = ModelCatalog.For(result);
        // Warm bursts stand for the model only where the trend test could run and found no trend: with fewer bursts
        // than it needs, a drift (82.5 s to 18 s in the seed's five) would pass for samples of one thing. And never for
        // .NET's thread pool holding more jobs than its minimum guarantees threads for (the default pool, the raised
        // minimum below N): it keeps the threads it injects, so its bursts in one process learn by construction, and a
        // trend test that cannot confirm it (14.1 s falling to 5.41 s over 8 bursts, p = 0.011 on 1 December) is no
        // evidence that they are exchangeable. Those cases are their cold bursts and the curve of their repeated ones.
        if (repeated.Count - 1 >= TrendTest.MinimumCount && !trend.HasTrend && !InjectingPoolBeyondItsMinimum(result, model))
        {
            warm = new SampleSummary(
                SampleKind.Warm,
                [.. repeated.Skip(1)],
                [.. Enumerable.Range(1, repeated.Count - 1).Select(i => UsageAt(result, i))],
                [.. Enumerable.Range(1, repeated.Count - 1).Select(i => ResourcesAt(result, i))],
                ProcessPeaks(result, null));
        }
        else if (repeated.Count == 1 && cold is null)
        {
            // A lone repeated burst is a fresh process's first: a cold burst, never "warm × 1".
            coldSummary = new SampleSummary(SampleKind.Cold, repeated, [UsageAt(result, 0)], [ResourcesAt(result, 0)], ProcessPeaks(result, null));
        }
        if (result.Failure is not null || cold?.Failure is not null)
        {
            // A case that could not measure (a chat point whose load failed) has no sample of either kind: BenchmarkDotNet's
            // times of its operations are not its measurement.
            (coldSummary, warm) = (null, null);
        }
        return new CaseStatistics(
            result,
            cold,
            model,
            repeated,
            trend,
            coldSummary,
            warm,
            (result.OwnIdeal ?? model.Ideal(result)) is TimeSpan ideal ? ideal.TotalNanoseconds : null);
    }

    private static ResourceUsage? UsageAt(CaseResult result, int i) =>
        result.IterationUsage.Count == result.IterationNanoseconds.Count ? result.IterationUsage[i] : null;

    private static BurstResources? ResourcesAt(CaseResult result, int i) =>
        result.IterationResources.Count == result.IterationNanoseconds.Count ? result.IterationResources[i] : null;

    // Files without each burst's own figures: the peaks of the processes the samples came from (whole processes).
    private static (double?, double?) ProcessPeaks(CaseResult a, CaseResult? b) =>
        (Max(a.Metric("PeakThreads"), b?.Metric("PeakThreads")), Max(a.Metric("PeakWorkingSet"), b?.Metric("PeakWorkingSet")));

    private static double? Max(double? a, double? b) => a is null ? b : b is null ? a : Math.Max(a.Value, b.Value);
}
