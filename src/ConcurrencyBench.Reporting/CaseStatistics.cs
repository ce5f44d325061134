using Perfolizer.Horology;
using Perfolizer.Mathematics.QuantileEstimators;
using ConcurrencyBench.Models;
using Pragmastat;

namespace ConcurrencyBench.Reporting;

/// <summary>Which samples a case's headline median summarises.</summary>
public enum SampleKind
{
    /// <summary>
    /// Cold bursts: the first operation of each fresh process (the cold-burst launches and the repeated-burst
    /// process's first iteration). Independent; used for every case that has them.
    /// </summary>
    Cold,

    /// <summary>The repeated bursts after the first, in a case whose iterations show no trend: exchangeable.</summary>
    Warm,

    /// <summary>No median can be given: the repeated bursts have a trend and there are no cold bursts.</summary>
    None,
}

/// <summary>
/// The statistics the report shows for one case, computed with Perfolizer after checking what the samples allow.
/// The repeated bursts are tested for a trend over the iteration index (<see cref="TrendTest"/>) before anything
/// summarises them; the headline median and its interval describe independent cold bursts where the case has
/// them, else the warm repeated bursts (iterations 2..n, the first being the process's cold start) where they show
/// no trend, else nothing: a trend is shown as the curve it is (first and last burst), never as a median.
/// </summary>
/// <param name="Case">The case (its repeated-burst result, or the cold one when there is no other).</param>
/// <param name="Cold">The case's cold-burst result, when it has one.</param>
/// <param name="Model">What the catalog knows of it.</param>
/// <param name="Repeated">The repeated bursts in the order they ran (empty when only cold bursts were run).</param>
/// <param name="ColdSamples">Every cold burst: the first repeated burst and each cold launch.</param>
/// <param name="Trend">The trend test over the warm repeated bursts.</param>
/// <param name="Kind">Which samples the headline describes.</param>
/// <param name="Iterations">How many samples the headline describes.</param>
/// <param name="MedianNs">Harrell–Davis median of the headline samples, nanoseconds per operation; NaN for <see cref="SampleKind.None"/>.</param>
/// <param name="Interval">Distribution-free interval of that median, with its exact level.</param>
/// <param name="MinNs">Fastest headline sample (NaN for none).</param>
/// <param name="MaxNs">Slowest headline sample (NaN for none).</param>
/// <param name="FirstNs">The first repeated burst: a fresh process meeting a cold thread pool (NaN without repeated bursts).</param>
/// <param name="LastNs">The last repeated burst: what the pool had learned by the end (NaN without repeated bursts).</param>
/// <param name="IdealNs">The model's ideal time for the case; null where none applies.</param>
/// <param name="AllocatedBytesPerJob">Allocated bytes per operation divided by N (repeated bursts' memory diagnoser).</param>
/// <param name="PeakWorkingSetBytes">Peak working set of the benchmark process.</param>
/// <param name="PeakWorkingSetPerJob">Peak working set divided by N.</param>
/// <param name="PeakThreads">Most threads of the benchmark process.</param>
public sealed record CaseStatistics(
    CaseResult Case,
    CaseResult? Cold,
    ModelInfo Model,
    IReadOnlyList<double> Repeated,
    IReadOnlyList<double> ColdSamples,
    TrendTest Trend,
    SampleKind Kind,
    int Iterations,
    double MedianNs,
    MedianInterval Interval,
    double MinNs,
    double MaxNs,
    double FirstNs,
    double LastNs,
    double? IdealNs,
    double? AllocatedBytesPerJob,
    double? PeakWorkingSetBytes,
    double? PeakWorkingSetPerJob,
    double? PeakThreads)
{
    /// <summary>
    /// Median CPU time (user + system, the whole process) per operation over the headline samples' bursts, in
    /// milliseconds; null where any of them was not recorded. For a chat case it is the server's.
    /// </summary>
    public double? CpuMsPerOp { get; init; }

    /// <summary>Median voluntary context switches per operation over the headline samples' bursts; null where not counted.</summary>
    public double? VoluntarySwitchesPerOp { get; init; }

    /// <summary>Median involuntary context switches per operation over the headline samples' bursts; null where not counted.</summary>
    public double? InvoluntarySwitchesPerOp { get; init; }

    /// <summary>Lower bound of the median's interval (NaN where there is none).</summary>
    public double CiLowerNs => Interval.Lower;

    /// <summary>Upper bound of the median's interval (NaN where there is none).</summary>
    public double CiUpperNs => Interval.Upper;

    /// <summary>True when a median can be given for the case.</summary>
    public bool HasMedian => Kind != SampleKind.None;

    /// <summary>The samples the headline describes (empty for <see cref="SampleKind.None"/>).</summary>
    public IReadOnlyList<double> HeadlineSamples => Kind switch
    {
        SampleKind.Cold => ColdSamples,
        SampleKind.Warm => [.. Repeated.Skip(1)],
        _ => [],
    };

    /// <summary>Median over ideal: 1 is perfect, below 1 means the model beat its guaranteed workers.</summary>
    public double? RatioToIdeal => IdealNs is > 0 && HasMedian ? MedianNs / IdealNs.Value : null;

    /// <summary>"cold × 6", "warm × 9" or "trend: no median", for tables.</summary>
    public string SamplesLabel => (Case.Failure ?? Cold?.Failure) is not null ? "failed: no median" : Kind switch
    {
        SampleKind.Cold => $"cold × {Iterations}",
        SampleKind.Warm => $"warm × {Iterations}",
        _ => "trend: no median",
    };

    /// <summary>Every case of <paramref name="results"/>, a case's repeated and cold bursts (same host) joined into one.</summary>
    public static IReadOnlyList<CaseStatistics> All(ResultSet results)
    {
        ArgumentNullException.ThrowIfNull(results);
        return [.. results.Cases
            .GroupBy(c => (c.Host, c.FullName))
            .Select(g => Of(g.FirstOrDefault(c => c.Bursts == BurstKind.Repeated) ?? g.First(),
                            g.FirstOrDefault(c => c.Bursts == BurstKind.Cold)))];
    }

    /// <summary>Computes the statistics of a case from its repeated bursts and, when it has them, its cold bursts.</summary>
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
        // The repeated bursts' first iteration is itself a cold burst: a fresh process's first operation.
        List<double> coldSamples = cold is null ? [] : [.. repeated.Take(1), .. cold.IterationNanoseconds];
        TrendTest trend = TrendTest.Of([.. repeated.Skip(1)]);
        (SampleKind kind, IReadOnlyList<double> headline) = result.Failure is not null || cold?.Failure is not null
            ? (SampleKind.None, (IReadOnlyList<double>)[])
            : coldSamples.Count > 0
            ? (SampleKind.Cold, coldSamples)
            : repeated.Count > 1 && !trend.HasTrend
                ? (SampleKind.Warm, repeated.Skip(1).ToList())
                : repeated.Count == 1 ? (SampleKind.Warm, repeated) : (SampleKind.None, (IReadOnlyList<double>)[]);
        double median = double.NaN;
        MedianInterval interval = MedianInterval.None;
        if (headline.Count > 0)
        {
            var sample = new Sample(headline, TimeUnit.Nanosecond);
            median = HarrellDavisQuantileEstimator.Instance.Quantile(sample, Probability.Median).NominalValue;
            interval = MedianInterval.Of(headline);
        }
        ModelInfo model = ModelCatalog.For(result);
        // The headline samples' CPU time and switches: the same bursts as the headline time, in the same order.
        IReadOnlyList<ResourceUsage?> repeatedUsage = result.Bursts == BurstKind.Repeated ? Aligned(result) : [];
        IReadOnlyList<ResourceUsage?> headlineUsage = kind switch
        {
            SampleKind.Cold => [.. repeatedUsage.Take(1), .. Aligned(cold!)],
            SampleKind.Warm => repeated.Count > 1 ? [.. repeatedUsage.Skip(1)] : repeatedUsage,
            _ => [],
        };
        int? jobs = result.IntParameter("N");
        CaseResult measured = result.Bursts == BurstKind.Repeated ? result : cold!;
        double? peakWs = Max(measured.Metric("PeakWorkingSet"), cold?.Metric("PeakWorkingSet"));
        return new CaseStatistics(
            result,
            cold,
            model,
            repeated,
            coldSamples,
            trend,
            kind,
            headline.Count,
            median,
            interval,
            headline.Count > 0 ? headline.Min() : double.NaN,
            headline.Count > 0 ? headline.Max() : double.NaN,
            repeated.Count > 0 ? repeated[0] : double.NaN,
            repeated.Count > 0 ? repeated[^1] : double.NaN,
            (result.OwnIdeal ?? model.Ideal(result)) is TimeSpan ideal ? ideal.TotalNanoseconds : null,
            result.Bursts == BurstKind.Repeated && result.AllocatedBytesPerOperation is double bytes && jobs is > 0 ? bytes / jobs.Value : null,
            peakWs,
            peakWs is double ws && jobs is > 0 ? ws / jobs.Value : null,
            Max(measured.Metric("PeakThreads"), cold?.Metric("PeakThreads")))
        {
            CpuMsPerOp = MedianOf(headlineUsage, u => u.CpuMs, _ => true),
            VoluntarySwitchesPerOp = MedianOf(headlineUsage, u => u.VoluntarySwitches, u => u.HasSwitches),
            InvoluntarySwitchesPerOp = MedianOf(headlineUsage, u => u.InvoluntarySwitches, u => u.HasSwitches),
        };
    }

    // A case's per-iteration usage, one per iteration; empty where it was not recorded for every one.
    private static IReadOnlyList<ResourceUsage?> Aligned(CaseResult result) =>
        result.IterationUsage.Count == result.IterationNanoseconds.Count ? result.IterationUsage : [.. result.IterationNanoseconds.Select(_ => (ResourceUsage?)null)];

    // The sample median (Perfolizer's simple estimator: the counts are whole numbers, and the middle value is what a
    // reader expects of them) of a figure of every burst; null when any burst lacks it.
    private static double? MedianOf(IReadOnlyList<ResourceUsage?> usage, Func<ResourceUsage, double> figure, Func<ResourceUsage, bool> has)
    {
        if (usage.Count == 0 || usage.Any(u => u is not { } value || !has(value)))
        {
            return null;
        }
        return SimpleQuantileEstimator.Instance.Quantile(new Sample([.. usage.Select(u => figure(u!.Value))]), Probability.Median).NominalValue;
    }

    private static double? Max(double? a, double? b) => a is null ? b : b is null ? a : Math.Max(a.Value, b.Value);
}
