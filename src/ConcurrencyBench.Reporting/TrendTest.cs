using Perfolizer.Mathematics.Distributions.ContinuousDistributions;

namespace ConcurrencyBench.Reporting;

/// <summary>
/// The Mann–Kendall trend test over the order in which a case's iterations ran. A median and its interval assume
/// exchangeable samples; iterations that learn (a thread pool keeping the threads it injected, a cache warming) are
/// not, and a trend over the iteration index is how that shows. Two-sided, exact for up to 60 values without ties
/// (the distribution of Kendall's S counts the permutations with each number of inversions), a normal approximation
/// with tie correction otherwise.
/// </summary>
/// <param name="Count">Values tested.</param>
/// <param name="S">Kendall's S: pairs in increasing order minus pairs in decreasing order (negative: getting faster).</param>
/// <param name="PValue">Two-sided p-value of "no trend"; 1 when there are too few values to test.</param>
/// <param name="Alpha">The significance level the verdict uses.</param>
public sealed record TrendTest(int Count, double S, double PValue, double Alpha)
{
    /// <summary>
    /// The report's significance level. With 10 iterations per case and about 70 cases a run, 0.05 would flag
    /// three or four stationary cases by chance in every run; 0.01 flags fewer than one, and still flags the
    /// pool-learning cases (whose S is near its extreme, p &lt; 0.001).
    /// </summary>
    public const double DefaultAlpha = 0.01;

    /// <summary>Fewer values than this cannot show a trend at <see cref="DefaultAlpha"/> (4 values: smallest p = 1/12).</summary>
    public const int MinimumCount = 5;

    private const int ExactLimit = 60;

    /// <summary>True when the series has a trend at <see cref="Alpha"/>: its median describes the iteration count, not the model.</summary>
    public bool HasTrend => PValue < Alpha;

    /// <summary>"getting faster", "getting slower" or "none", for tables.</summary>
    public string Description => !HasTrend ? "none" : S < 0 ? "getting faster" : "getting slower";

    /// <summary>Tests <paramref name="series"/> (in the order it was measured) for a monotonic trend.</summary>
    public static TrendTest Of(IReadOnlyList<double> series, double alpha = DefaultAlpha)
    {
        ArgumentNullException.ThrowIfNull(series);
        int n = series.Count;
        if (n < MinimumCount)
        {
            return new TrendTest(n, 0, 1, alpha);
        }
        long s = KendallS(series);
        var ties = series.GroupBy(v => v).Select(g => g.Count()).Where(t => t > 1).ToList();
        double p = ties.Count == 0 && n <= ExactLimit ? ExactPValue(n, s) : NormalPValue(n, s, ties);
        return new TrendTest(n, s, Math.Min(1, p), alpha);
    }

    /// <summary>
    /// Kendall's S, Σ over i &lt; j of sign(x_j − x_i), in O(n log n): each value meets the earlier ones through a
    /// Fenwick tree over the values' ranks (earlier smaller count +1, earlier larger −1, equal 0). Listing the pairs
    /// took 9 s for 80,000 bursts and minutes for more.
    /// </summary>
    internal static long KendallS(IReadOnlyList<double> series)
    {
        double[] distinct = [.. series.Distinct().Order()];
        var counts = new int[distinct.Length + 1];
        long s = 0;
        for (int j = 0; j < series.Count; j++)
        {
            int rank = Array.BinarySearch(distinct, series[j]) + 1; // 1-based
            long below = 0, atOrBelow = 0;
            for (int r = rank - 1; r > 0; r -= r & -r)
            {
                below += counts[r];
            }
            for (int r = rank; r > 0; r -= r & -r)
            {
                atOrBelow += counts[r];
            }
            s += below - (j - atOrBelow);
            for (int r = rank; r < counts.Length; r += r & -r)
            {
                counts[r]++;
            }
        }
        return s;
    }

    // S = pairs - 2 * inversions, where pairs = n(n-1)/2; under "no trend" every permutation is equally likely, and
    // the number of permutations of n with k inversions follows the recurrence of the Mahonian numbers.
    private static double ExactPValue(int n, long s)
    {
        int pairs = n * (n - 1) / 2;
        double[] counts = [1];
        for (int size = 2; size <= n; size++)
        {
            var next = new double[counts.Length + size - 1];
            for (int k = 0; k < counts.Length; k++)
            {
                for (int added = 0; added < size; added++)
                {
                    next[k + added] += counts[k];
                }
            }
            counts = next;
        }
        double total = counts.Sum();
        double tail = 0;
        for (int inversions = 0; inversions < counts.Length; inversions++)
        {
            if (Math.Abs(pairs - (2L * inversions)) >= Math.Abs(s))
            {
                tail += counts[inversions];
            }
        }
        return tail / total;
    }

    private static double NormalPValue(int n, long s, List<int> ties)
    {
        double variance = ((n * (n - 1.0) * ((2.0 * n) + 5)) - ties.Sum(t => t * (t - 1.0) * ((2.0 * t) + 5))) / 18;
        if (variance <= 0)
        {
            return 1; // every value the same: no order at all
        }
        double z = (Math.Abs(s) - 1) / Math.Sqrt(variance);
        return 2 * (1 - NormalDistribution.Standard.Cdf(Math.Max(0, z)));
    }
}
