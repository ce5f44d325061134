using Perfolizer.Mathematics.Distributions.DiscreteDistributions;

namespace ConcurrencyBench.Reporting;

/// <summary>
/// A distribution-free confidence interval for the median: a pair of order statistics [x(l), x(n+1-l)], which covers
/// the population median with probability 1 - 2·P(Binomial(n, 1/2) ≤ l - 1) for any continuous distribution of
/// independent samples. The narrowest such interval whose level reaches the target is chosen; where even
/// [min, max] falls short (n ≤ 5 for 95%), [min, max] is given with its true, lower level. Unlike a normal
/// approximation it never leaves the sample, and its level is never overstated.
/// </summary>
/// <param name="Lower">The lower bound (NaN for fewer than 2 samples).</param>
/// <param name="Upper">The upper bound.</param>
/// <param name="Level">The interval's exact confidence level (NaN for fewer than 2 samples).</param>
public readonly record struct MedianInterval(double Lower, double Upper, double Level)
{
    /// <summary>The level asked for.</summary>
    public const double TargetLevel = 0.95;

    /// <summary>No interval: fewer than two samples.</summary>
    public static MedianInterval None => new(double.NaN, double.NaN, double.NaN);

    /// <summary>True when the interval exists.</summary>
    public bool Exists => !double.IsNaN(Level);

    /// <summary>True when the level reaches <see cref="TargetLevel"/>.</summary>
    public bool ReachesTarget => Level >= TargetLevel - 1e-12;

    /// <summary>The interval for <paramref name="values"/>.</summary>
    public static MedianInterval Of(IReadOnlyList<double> values, double target = TargetLevel)
    {
        ArgumentNullException.ThrowIfNull(values);
        int n = values.Count;
        if (n < 2)
        {
            return None;
        }
        double[] sorted = [.. values.Order()];
        var binomial = new BinomialDistribution(n, 0.5);
        // l = 1 is [min, max]; a larger l is narrower and less sure. Keep the largest l that still reaches the target.
        // The level falls as l grows: bisect for the largest l that keeps it (stepping took O(n) evaluations).
        int l = 1, high = (n + 1) / 2;
        while (l < high)
        {
            int middle = l + ((high - l + 1) / 2);
            if (LevelOf(binomial, middle) >= target)
            {
                l = middle;
            }
            else
            {
                high = middle - 1;
            }
        }
        return new MedianInterval(sorted[l - 1], sorted[n - l], LevelOf(binomial, l));
    }

    /// <summary>The exact level of [x(l), x(n+1-l)].</summary>
    public static double LevelOf(int n, int l) => LevelOf(new BinomialDistribution(n, 0.5), l);

    private static double LevelOf(BinomialDistribution binomial, int l) => 1 - (2 * binomial.Cdf(l - 1));
}
