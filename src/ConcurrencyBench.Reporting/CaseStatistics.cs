using Perfolizer.Horology;
using Perfolizer.Mathematics.Common;
using Perfolizer.Mathematics.QuantileEstimators;
using Pragmastat;

namespace ConcurrencyBench.Reporting;

/// <summary>The statistics the report shows for one case, computed with Perfolizer.</summary>
/// <param name="Case">The case.</param>
/// <param name="Model">What the catalog knows of it.</param>
/// <param name="Iterations">Measured iterations.</param>
/// <param name="MedianNs">Harrell–Davis median, nanoseconds per operation.</param>
/// <param name="CiLowerNs">Lower bound of the 95% confidence interval of the median (NaN with fewer than 3 iterations).</param>
/// <param name="CiUpperNs">Upper bound of that interval.</param>
/// <param name="MinNs">Fastest iteration.</param>
/// <param name="MaxNs">Slowest iteration.</param>
/// <param name="FirstNs">The first iteration: the one that met a cold thread pool.</param>
/// <param name="IdealNs">The model's ideal time for the case; null where none applies.</param>
/// <param name="AllocatedBytesPerJob">Allocated bytes per operation divided by N.</param>
/// <param name="PeakWorkingSetBytes">Peak working set of the benchmark process.</param>
/// <param name="PeakWorkingSetPerJob">Peak working set divided by N.</param>
/// <param name="PeakThreads">Most threads of the benchmark process.</param>
public sealed record CaseStatistics(
    CaseResult Case,
    ModelInfo Model,
    int Iterations,
    double MedianNs,
    double CiLowerNs,
    double CiUpperNs,
    double MinNs,
    double MaxNs,
    double FirstNs,
    double? IdealNs,
    double? AllocatedBytesPerJob,
    double? PeakWorkingSetBytes,
    double? PeakWorkingSetPerJob,
    double? PeakThreads)
{
    /// <summary>Median over ideal: 1 is perfect, below 1 means the model beat its guaranteed workers.</summary>
    public double? RatioToIdeal => IdealNs is > 0 ? MedianNs / IdealNs.Value : null;

    /// <summary>Computes the statistics of <paramref name="result"/>.</summary>
    public static CaseStatistics Of(CaseResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        IReadOnlyList<double> values = result.IterationNanoseconds;
        if (values.Count == 0)
        {
            throw new ArgumentException($"{result.FullName} has no measured iterations", nameof(result));
        }
        var sample = new Sample(values, TimeUnit.Nanosecond);
        HarrellDavisQuantileEstimator estimator = HarrellDavisQuantileEstimator.Instance;
        double median = estimator.Quantile(sample, Probability.Median).NominalValue;
        (double lower, double upper) = (double.NaN, double.NaN);
        if (values.Count >= 3)
        {
            ConfidenceInterval ci = estimator.QuantileConfidenceIntervalEstimator(sample, Probability.Median)
                .ConfidenceInterval(ConfidenceLevel.L95);
            // The interval is a normal approximation around the estimate; a median cannot lie outside the sample, so
            // clamp it to the sample's range (a wild outlier would otherwise push the lower bound below zero).
            (lower, upper) = (Math.Max(ci.Lower, values.Min()), Math.Min(ci.Upper, values.Max()));
        }
        ModelInfo model = ModelCatalog.For(result);
        int? jobs = result.IntParameter("N");
        double? peakWs = result.Metric("PeakWorkingSet");
        return new CaseStatistics(
            result,
            model,
            values.Count,
            median,
            lower,
            upper,
            values.Min(),
            values.Max(),
            values[0],
            model.Ideal(result) is TimeSpan ideal ? ideal.TotalNanoseconds : null,
            result.AllocatedBytesPerOperation is double bytes && jobs is > 0 ? bytes / jobs.Value : null,
            peakWs,
            peakWs is double ws && jobs is > 0 ? ws / jobs.Value : null,
            result.Metric("PeakThreads"));
    }
}
