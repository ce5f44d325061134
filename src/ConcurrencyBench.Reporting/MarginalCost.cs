namespace ConcurrencyBench.Reporting;

/// <summary>
/// The marginal memory cost of one more concurrent job: the slope of a case's figure against N between two
/// neighbouring loads of the same model (same host, d and k). Whole-process peak working set divided by N is mostly the
/// fixed cost of the runtime and BenchmarkDotNet's engine (about 41 MiB here at N = 1); allocated bytes per operation
/// divided by N carry the harness's own allocations. The slope removes both.
/// </summary>
/// <param name="Case">The case at the larger N.</param>
/// <param name="FromN">The smaller N the slope is taken from.</param>
/// <param name="PeakWorkingSetPerJob">(peak working set at N − at FromN) / (N − FromN); null where either is missing.</param>
/// <param name="AllocatedPerJob">(allocated bytes per operation at N − at FromN) / (N − FromN); null where either is missing.</param>
public sealed record MarginalCost(CaseStatistics Case, int FromN, double? PeakWorkingSetPerJob, double? AllocatedPerJob)
{
    /// <summary>The slopes between each case and the one at the next smaller N of the same model, host, d and k.</summary>
    public static IReadOnlyList<MarginalCost> Of(IEnumerable<CaseStatistics> cases)
    {
        ArgumentNullException.ThrowIfNull(cases);
        var costs = new List<MarginalCost>();
        foreach (var series in cases
            .Where(s => s.Case.IntParameter("N") is > 0)
            .GroupBy(s => (s.Case.Type, s.Case.Method, s.Case.Host, D: s.Case.IntParameter("DelayMs"), K: s.Case.IntParameter("K"))))
        {
            var points = series.OrderBy(s => s.Case.IntParameter("N")).ToList();
            for (int i = 1; i < points.Count; i++)
            {
                CaseStatistics low = points[i - 1], high = points[i];
                int n0 = low.Case.IntParameter("N")!.Value, n1 = high.Case.IntParameter("N")!.Value;
                // A slope sets one kind of sample against the same kind (cold where both have cold bursts).
                Func<CaseStatistics, SampleSummary?>? kind = KindOf([low, high]);
                costs.Add(kind is null
                    ? new MarginalCost(high, n0, null, null)
                    : new MarginalCost(high, n0,
                        Slope(kind(low)?.PeakWorkingSetBytes, kind(high)?.PeakWorkingSetBytes, n0, n1),
                        Slope(Total(low, kind), Total(high, kind), n0, n1)));
            }
        }
        return costs;
    }

    /// <summary>
    /// The kind of sample every one of <paramref name="points"/> has: cold where each has at least two cold bursts,
    /// else warm where each has warm bursts; null where they share none (their slope would set one kind against another).
    /// </summary>
    public static Func<CaseStatistics, SampleSummary?>? KindOf(IReadOnlyList<CaseStatistics> points)
    {
        ArgumentNullException.ThrowIfNull(points);
        return points.All(p => p.Cold is { Count: >= 2 }) ? p => p.Cold
            : points.All(p => p.Warm is not null) ? p => p.Warm
            : null;
    }

    // The bytes a burst allocated in all: its own figure of the chosen kind, or BenchmarkDotNet's diagnoser's (older runs).
    private static double? Total(CaseStatistics s, Func<CaseStatistics, SampleSummary?> kind) =>
        kind(s)?.AllocatedBytes ?? (s.Case.AllocatedBytesPerOperation is double legacy && s.Case.Bursts == BurstKind.Repeated ? legacy : null);

    private static double? Slope(double? low, double? high, int n0, int n1) =>
        low is double a && high is double b && n1 > n0 ? (b - a) / (n1 - n0) : null;

    /// <summary>
    /// The marginal memory of one more concurrent job fitted over every N of a model (least squares: the slope of
    /// peak working set against N), per model, host, d and k with at least two N. One figure per model instead of
    /// one per neighbouring pair, and the one the runtime comparison uses.
    /// </summary>
    public static IReadOnlyList<FittedMarginalCost> Fitted(IEnumerable<CaseStatistics> cases)
    {
        ArgumentNullException.ThrowIfNull(cases);
        var fits = new List<FittedMarginalCost>();
        foreach (var series in cases
            .Where(s => s.Case.IntParameter("N") is > 0)
            .GroupBy(s => (s.Case.Type, s.Case.Method, s.Case.Host, D: s.Case.IntParameter("DelayMs"), K: s.Case.IntParameter("K"))))
        {
            // One kind of sample over every point (cold where all have it); a model whose points share none is not fitted.
            var points = series.OrderBy(s => s.Case.IntParameter("N")).ToList();
            if (KindOf(points) is not { } kind || points.Any(p => kind(p)?.PeakWorkingSetBytes is not > 0))
            {
                continue;
            }
            // Against N: a burst holds every one of its N jobs until it joins them (a finished Task, future or spawned
            // task keeps its memory until the join), except where a finished job frees itself (a goroutine's stack);
            // the most jobs waiting at once is reported beside the fit, since at a million delays of 100 ms creating
            // them takes longer than one waits in some runtimes.
            bool counted = points.All(s => kind(s)?.MaxConcurrentJobs is > 0);
            double[] x = [.. points.Select(s => (double)s.Case.IntParameter("N")!.Value)];
            double[] y = [.. points.Select(s => kind(s)!.PeakWorkingSetBytes!.Value)];
            if (x.Distinct().Count() < 2)
            {
                continue;
            }
            double meanX = x.Average(), meanY = y.Average();
            double sxx = x.Sum(v => (v - meanX) * (v - meanX));
            double sxy = x.Zip(y).Sum(p => (p.First - meanX) * (p.Second - meanY));
            fits.Add(new FittedMarginalCost(points[^1], [.. points.Select(s => s.Case.IntParameter("N")!.Value)], sxy / sxx, meanY - (sxy / sxx * meanX))
            {
                AgainstJobsAtOnce = counted,
                JobsAtOnce = [.. points.Select(s => counted ? kind(s)!.MaxConcurrentJobs!.Value : s.Case.IntParameter("N")!.Value)],
            });
        }
        return fits;
    }
}

/// <summary>A model's marginal memory per concurrent job, fitted over its N values.</summary>
/// <param name="Case">The model's case at its largest N (its model, host, d and k name the series).</param>
/// <param name="Jobs">The N values fitted.</param>
/// <param name="BytesPerJob">The least-squares slope of peak working set against N: bytes per additional concurrent job.</param>
/// <param name="InterceptBytes">The fitted peak working set at N = 0: the process's fixed cost.</param>
public sealed record FittedMarginalCost(CaseStatistics Case, IReadOnlyList<int> Jobs, double BytesPerJob, double InterceptBytes)
{
    /// <summary>True when the bursts counted their jobs waiting at once (<see cref="JobsAtOnce"/>); the slope is against N either way.</summary>
    public bool AgainstJobsAtOnce { get; init; }

    /// <summary>The x of each point: the median of the bursts' most jobs at once, or N.</summary>
    public IReadOnlyList<double> JobsAtOnce { get; init; } = [];
}
