using System.Globalization;

namespace ConcurrencyBench.Reporting;

/// <summary>What the sequential rule says of a case at one look.</summary>
public enum GateStep
{
    /// <summary>Equivalence shown: the ratio's whole interval lies inside ±threshold, and no slowdown was shown.</summary>
    Same,

    /// <summary>Shown slower: the interval lies above 1 and the ratio is at least 1 + threshold/2.</summary>
    Slower,

    /// <summary>Shown faster: the interval lies below 1 and the ratio is at most 1/(1 + threshold/2).</summary>
    Faster,

    /// <summary>Not decided yet: take the next look's samples.</summary>
    Continue,

    /// <summary>Not decided at the last look: the case goes to the trend record.</summary>
    Undecided,
}

/// <summary>What the gate measures a case by, planned from its measured spreads (<see cref="GateRule.Plan"/>).</summary>
public enum GateMeasure
{
    /// <summary>Its time: the spread of its process samples lets a look show ±threshold.</summary>
    Time,

    /// <summary>
    /// The bytes its bursts allocate: its time spreads beyond the last look, its allocations do not (an exact counter),
    /// so the allocations are gated and the time goes to the trend record.
    /// </summary>
    Allocations,

    /// <summary>Neither can be decided within the gate: the case goes to the trend record unmeasured.</summary>
    TrendRecord,
}

/// <summary>How the gate takes a case (<see cref="GateRule.Plan"/>).</summary>
/// <param name="Measure">What it is gated on.</param>
/// <param name="ProcessesNeeded">The look (processes a side) its measure's spread is expected to decide at; null when no spread was given or for the trend record.</param>
/// <param name="TrendReason">Why its time (or the whole case) is in the trend record; empty when the time is gated.</param>
public sealed record GatePlan(GateMeasure Measure, int? ProcessesNeeded, string TrendReason);

/// <summary>The rule's answer at one look.</summary>
/// <param name="Step">The decision.</param>
/// <param name="Ratio">Hodges–Lehmann estimate of head/base: the median of all pairwise ratios (NaN without samples).</param>
/// <param name="Lower">Lower end of the ratio's interval at this look's level (NaN when the samples are too few for one).</param>
/// <param name="Upper">Upper end.</param>
/// <param name="Reason">Why, in a few words (for Undecided: what the interval reached).</param>
public sealed record GateDecision(GateStep Step, double Ratio, double Lower, double Upper, string Reason);

/// <summary>
/// The regression gate's sequential rule on per-process samples of one case, base against head (each sample one fresh
/// process: its median burst, or its first burst where the pool learns). At each look (4, 8, 16 processes a side
/// by default) it builds the distribution-free interval of the ratio head/base that inverts the Mann–Whitney test
/// (<see cref="Comparer.RatioInterval"/>) and stops the case at the first look that decides it:
/// <list type="bullet">
/// <item>Same: the whole interval at one-sided level α/K per bound (K the number of looks; Bonferroni: the chance that
/// any look of a case wrongly shows equivalence is at most α) lies inside (1/(1 + threshold), 1 + threshold):
/// equivalence shown (two one-sided tests), not "could not tell";</item>
/// <item>Slower: the interval at the stricter <see cref="FindingAlpha"/> lies above 1 and the ratio is at least
/// 1 + threshold/2 (a slowdown shown beyond doubt, and one worth failing a pull request for);</item>
/// <item>Faster: the mirror image;</item>
/// <item>else Continue, and Undecided after the last look.</item>
/// </list>
/// A finding needs no confirmation on new processes: its level is strict enough by itself. At 4 processes a side no
/// interval exists at that level (the smallest one-sided Mann–Whitney p is 1/70), so a finding takes at least the
/// second look's 8 a side, where the smallest p is 1/12,870: a clean +10% (every head process above every base
/// process but two pairs) is shown there, where a finding at α/K and its confirmation on 8 new processes a side
/// took 16 (the gate of 7 December spent its budget confirming and left three slowed cases at 4 a side).
/// </summary>
/// <param name="Threshold">The equivalence band as a fraction (0.10 for ±10%).</param>
/// <param name="Alpha">The error rate of a wrong Same per case and direction over all looks (0.05).</param>
/// <param name="Looks">Processes per side at each look, ascending.</param>
/// <param name="FindingAlpha">One-sided level per look of a Slower or Faster.</param>
public sealed record GateRule(double Threshold, double Alpha, IReadOnlyList<int> Looks, double FindingAlpha)
{
    /// <summary>
    /// ±10%, α = 0.05 over looks at 4, 8 and 16 processes a side (α/3 = 0.0167 per bound: four processes a side
    /// already give an interval, so a quiet case is Same on 8 processes); a finding at one-sided 0.0005 per look. A false
    /// finding: at most 0.0005 per look and direction, at looks 2 and 3 only, so at most 0.001 per case and direction
    /// and about 0.05 per run of 26 cases if every case reached the last look (in an A/A run most are Same at the first).
    /// At 8 a side 0.0005 allows two of the 64 head–base pairs in the wrong order (p = 4/12,870 = 0.0003).
    /// </summary>
    public static GateRule Default { get; } = new(0.10, 0.05, [4, 8, 16], 0.0005);

    /// <summary>
    /// Processes a side at the first look where a finding can be made: the second look (no interval at
    /// <see cref="FindingAlpha"/> exists with the first look's 4 a side), or the only one.
    /// </summary>
    public int FirstFindingLook => Looks[Math.Min(1, Looks.Count - 1)];

    /// <summary>
    /// How much wider than a measured spread <see cref="ProcessesNeeded"/> plans for: with a margin of 2, an interval of
    /// ideal samples of twice the spread fitting inside the band at n a side matches, in simulation (normal log-times,
    /// exact Mann–Whitney intervals at α/K = 0.0167), at least about 90% of A/A runs shown Same at that look: spreads up
    /// to 2.3% at 4 a side, 3.7% at 8, 6.0% at 16 (docs/gate.md).
    /// </summary>
    public const double SpreadMargin = 2.0;

    /// <summary>
    /// The smallest look (processes a side) at which a case whose process samples spread by <paramref name="spread"/>
    /// (the standard deviation of the log of a process's sample, 0.03 for 3%; a robust figure: 1.4826 times the median
    /// absolute deviation) can be expected to show equivalence at ±threshold; null when not even the last look can: such
    /// a case cannot be decided within the gate and goes to the trend record. Computed, not tabled: the interval this
    /// rule would give two samples of n ideal process samples each (normal scores spaced as Blom's, times
    /// <see cref="SpreadMargin"/> × <paramref name="spread"/>, equal medians) must lie inside the band.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">A spread that is negative or not finite.</exception>
    public int? ProcessesNeeded(double spread)
    {
        if (!(spread >= 0) || !double.IsFinite(spread))
        {
            throw new ArgumentOutOfRangeException(nameof(spread), spread, "a spread is a finite fraction of at least 0");
        }
        foreach (int n in Looks)
        {
            double[] ideal = [.. Enumerable.Range(1, n).Select(i => Math.Exp(SpreadMargin * spread * NormalScore((i - 0.375) / (n + 0.25))))];
            (double lower, double upper) = Comparer.RatioInterval(ideal, ideal, AlphaPerLook);
            if (!double.IsNaN(lower) && lower > 1 / (1 + Threshold) && upper < 1 + Threshold)
            {
                return n;
            }
        }
        return null;
    }

    /// <summary>
    /// The largest spread <see cref="ProcessesNeeded"/> still expects the last look to decide (to 0.01%): about 6.0% for
    /// the default rule.
    /// </summary>
    public double MaxSpread
    {
        get
        {
            double low = 0, high = 1;
            while (high - low > 1e-4)
            {
                double middle = (low + high) / 2;
                (ProcessesNeeded(middle) is null ? ref high : ref low) = middle;
            }
            return low;
        }
    }

    /// <summary>
    /// The trend-record rule: a case is gated on its time where its time's spread lets a look decide
    /// (<see cref="ProcessesNeeded"/>); else on its allocated bytes where theirs does (an exact counter), its time going
    /// to the trend record; else it goes to the trend record whole. A case with no measured time spread is gated on its
    /// time (its looks decide or leave it Undecided). The reason names the spread and the limit.
    /// </summary>
    /// <param name="timeSpread">The case's measured time spread (see <see cref="ProcessesNeeded"/>), or null.</param>
    /// <param name="allocationSpread">The same for its allocated bytes, or null when not measured.</param>
    public GatePlan Plan(double? timeSpread, double? allocationSpread)
    {
        if (timeSpread is not double time)
        {
            return new GatePlan(GateMeasure.Time, null, "");
        }
        if (ProcessesNeeded(time) is int n)
        {
            return new GatePlan(GateMeasure.Time, n, "");
        }
        string why = string.Create(CultureInfo.InvariantCulture, $"its time spreads {time * 100:0.#}% from process to process; the last look ({Looks[^1]} processes a side) shows ±{Threshold:0%} only up to {MaxSpread * 100:0.#}%");
        if (allocationSpread is double bytes && ProcessesNeeded(bytes) is int m)
        {
            return new GatePlan(GateMeasure.Allocations, m, why);
        }
        return new GatePlan(GateMeasure.TrendRecord, null, allocationSpread is double b
            ? string.Create(CultureInfo.InvariantCulture, $"{why}, and its allocations {b * 100:0.#}%")
            : why + ", and its allocations were not measured");
    }

    // The standard normal quantile at p (0 < p < 1), by Abramowitz and Stegun 26.2.23 (error below 4.5e-4): enough to
    // space ideal samples.
    private static double NormalScore(double p)
    {
        double q = p < 0.5 ? p : 1 - p;
        double t = Math.Sqrt(-2 * Math.Log(q));
        double x = t - ((2.515517 + (0.802853 * t) + (0.010328 * t * t)) / (1 + (1.432788 * t) + (0.189269 * t * t) + (0.001308 * t * t * t)));
        return p < 0.5 ? -x : x;
    }

    /// <summary>Each look's one-sided level per bound: α over the number of looks (Bonferroni).</summary>
    public double AlphaPerLook => Alpha / Looks.Count;

    /// <summary>The smallest ratio the rule calls Slower (1 + threshold/2).</summary>
    public double SlowerRatio => 1 + (Threshold / 2);

    /// <summary>The decision at look <paramref name="look"/> (0-based) on these samples (time or any positive measure).</summary>
    /// <exception cref="ArgumentException">A sample that is not positive and finite, or a look outside <see cref="Looks"/>.</exception>
    public GateDecision Decide(IReadOnlyList<double> baseline, IReadOnlyList<double> head, int look)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(look);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(look, Looks.Count);
        bool last = look == Looks.Count - 1;
        GateDecision decision = Interval(baseline, head, AlphaPerLook);
        if (decision.Step != GateStep.Continue)
        {
            return decision;
        }
        if (!last)
        {
            return decision;
        }
        string reason = double.IsNaN(decision.Lower)
            ? "too few processes for an interval"
            : decision.Reason.StartsWith("a change of", StringComparison.Ordinal)
            ? string.Create(CultureInfo.InvariantCulture, $"after {Math.Min(baseline.Count, head.Count)} processes a side {decision.Reason}")
            : string.Create(CultureInfo.InvariantCulture, $"after {Math.Min(baseline.Count, head.Count)} processes a side the interval [{decision.Lower:0.###}, {decision.Upper:0.###}] still reaches outside ±{Threshold:0%} and shows no slowdown of {Threshold / 2:0%}");
        return decision with { Step = GateStep.Undecided, Reason = reason };
    }

    /// <summary>
    /// An exact counter (bytes allocated per burst) regressed: every head process above every base process, and the
    /// head's median at least <paramref name="margin"/> above the base's (5% by default): a counter that does not
    /// change with the machine's load needs no interval, only a margin above its own few-byte jitter.
    /// </summary>
    public static bool CounterRegressed(IReadOnlyList<double> baseline, IReadOnlyList<double> head, double margin = 0.05)
    {
        ArgumentNullException.ThrowIfNull(baseline);
        ArgumentNullException.ThrowIfNull(head);
        if (baseline.Count == 0 || head.Count == 0)
        {
            return false;
        }
        return head.Min() > baseline.Max() && Median(head) >= Median(baseline) * (1 + margin);
    }

    /// <summary>The median of a non-empty list (the mean of the middle two for an even count).</summary>
    public static double Median(IReadOnlyList<double> values)
    {
        ArgumentNullException.ThrowIfNull(values);
        if (values.Count == 0)
        {
            throw new ArgumentException("no values", nameof(values));
        }
        double[] sorted = [.. values.Order()];
        int middle = sorted.Length / 2;
        return sorted.Length % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
    }

    private GateDecision Interval(IReadOnlyList<double> baseline, IReadOnlyList<double> head, double alpha)
    {
        ArgumentNullException.ThrowIfNull(baseline);
        ArgumentNullException.ThrowIfNull(head);
        foreach (double value in baseline.Concat(head))
        {
            if (!(value > 0) || !double.IsFinite(value))
            {
                throw new ArgumentException($"a sample of {value.ToString(CultureInfo.InvariantCulture)} is not a positive time");
            }
        }
        if (baseline.Count == 0 || head.Count == 0)
        {
            return new GateDecision(GateStep.Continue, double.NaN, double.NaN, double.NaN, "no samples");
        }
        double ratio = Math.Exp(Median([.. baseline.SelectMany(x => head.Select(y => Math.Log(y / x)))]));
        (double lower, double upper) = Comparer.RatioInterval(baseline, head, alpha);
        if (double.IsNaN(lower))
        {
            return new GateDecision(GateStep.Continue, ratio, lower, upper, "too few processes for an interval");
        }
        // A finding at the stricter level (no interval there yet at the first look: NaN compares false).
        (double strictLower, double strictUpper) = Comparer.RatioInterval(baseline, head, FindingAlpha);
        if (strictLower > 1 && ratio >= SlowerRatio)
        {
            return new GateDecision(GateStep.Slower, ratio, strictLower, strictUpper, string.Create(CultureInfo.InvariantCulture, $"slowdown shown at one-sided {FindingAlpha}"));
        }
        if (strictUpper < 1 && ratio <= 1 / SlowerRatio)
        {
            return new GateDecision(GateStep.Faster, ratio, strictLower, strictUpper, string.Create(CultureInfo.InvariantCulture, $"speed-up shown at one-sided {FindingAlpha}"));
        }
        // A change of at least threshold/2 shown at α/K but not yet at the finding's level is not Same, though its
        // interval may lie inside the band: more processes decide whether it is a finding.
        if ((lower > 1 && ratio >= SlowerRatio) || (upper < 1 && ratio <= 1 / SlowerRatio))
        {
            return new GateDecision(GateStep.Continue, ratio, lower, upper, string.Create(CultureInfo.InvariantCulture, $"a change of {ratio:0.###}x shown at α/K, not yet at one-sided {FindingAlpha}"));
        }
        if (lower > 1 / (1 + Threshold) && upper < 1 + Threshold)
        {
            return new GateDecision(GateStep.Same, ratio, lower, upper, "equivalence shown");
        }
        return new GateDecision(GateStep.Continue, ratio, lower, upper, "interval reaches outside the band");
    }
}
