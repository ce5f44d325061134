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

/// <summary>The rule's answer at one look.</summary>
/// <param name="Step">The decision.</param>
/// <param name="Ratio">Hodges–Lehmann estimate of head/base: the median of all pairwise ratios (NaN without samples).</param>
/// <param name="Lower">Lower end of the ratio's interval at this look's level (NaN when the samples are too few for one).</param>
/// <param name="Upper">Upper end.</param>
/// <param name="Reason">Why, in a few words (for Undecided: what the interval reached).</param>
public sealed record GateDecision(GateStep Step, double Ratio, double Lower, double Upper, string Reason);

/// <summary>
/// The regression gate's sequential rule on per-process samples of one case, base against head (each sample one fresh
/// process: its median burst, or its first burst where the pool learns). At each look (5, 8, 12, 16 processes a side
/// by default) it builds the distribution-free interval of the ratio head/base that inverts the Mann–Whitney test
/// (<see cref="Comparer.RatioInterval"/>) at one-sided level α/K per bound, K the number of looks (Bonferroni: the
/// chance that any look of a case wrongly shows a difference or an equivalence is at most α per direction), and stops
/// the case at the first look that decides it:
/// <list type="bullet">
/// <item>Slower: the interval's lower end is above 1 and the ratio is at least 1 + threshold/2 (a slowdown shown,
/// and one worth failing a pull request for);</item>
/// <item>Faster: the mirror image;</item>
/// <item>Same: the whole interval lies inside (1/(1 + threshold), 1 + threshold): equivalence shown (two one-sided
/// tests), not "could not tell";</item>
/// <item>else Continue, and Undecided after the last look.</item>
/// </list>
/// A Slower or Faster is reported only once <see cref="Confirm"/> shows it again on new processes.
/// </summary>
/// <param name="Threshold">The equivalence band as a fraction (0.10 for ±10%).</param>
/// <param name="Alpha">The error rate per case and direction over all looks (0.05).</param>
/// <param name="Looks">Processes per side at each look, ascending.</param>
/// <param name="ConfirmAlpha">One-sided level of the confirmation on new processes.</param>
/// <param name="ConfirmSamples">New processes per side for a confirmation.</param>
public sealed record GateRule(double Threshold, double Alpha, IReadOnlyList<int> Looks, double ConfirmAlpha, int ConfirmSamples)
{
    /// <summary>±10%, α = 0.05 over looks at 5, 8, 12 and 16 processes a side; confirmation on 6 new processes a side at α = 0.01.</summary>
    public static GateRule Default { get; } = new(0.10, 0.05, [5, 8, 12, 16], 0.01, 6);

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
            : string.Create(CultureInfo.InvariantCulture, $"after {Math.Min(baseline.Count, head.Count)} processes a side the interval [{decision.Lower:0.###}, {decision.Upper:0.###}] still reaches outside ±{Threshold:0%} and shows no slowdown of {Threshold / 2:0%}");
        return decision with { Step = GateStep.Undecided, Reason = reason };
    }

    /// <summary>
    /// True when new processes show the same direction again (<paramref name="step"/> Slower or Faster) at one-sided
    /// level <see cref="ConfirmAlpha"/>: a first finding that was a slow minute of the machine seldom falls on the same
    /// side twice; a real change does.
    /// </summary>
    public GateDecision Confirm(IReadOnlyList<double> baseline, IReadOnlyList<double> head, GateStep step)
    {
        if (step is not (GateStep.Slower or GateStep.Faster))
        {
            throw new ArgumentException($"only Slower or Faster is confirmed, not {step}", nameof(step));
        }
        GateDecision again = Interval(baseline, head, ConfirmAlpha);
        bool confirmed = step == GateStep.Slower
            ? again.Lower > 1 && again.Ratio >= SlowerRatio
            : again.Upper < 1 && again.Ratio <= 1 / SlowerRatio;
        return confirmed
            ? again with { Step = step, Reason = "confirmed on new processes" }
            : again with { Step = GateStep.Undecided, Reason = string.Create(CultureInfo.InvariantCulture, $"{step} at first, not confirmed on {Math.Min(baseline.Count, head.Count)} new processes a side (ratio {again.Ratio:0.###}, interval [{again.Lower:0.###}, {again.Upper:0.###}])") };
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
        if (lower > 1 && ratio >= SlowerRatio)
        {
            return new GateDecision(GateStep.Slower, ratio, lower, upper, "slowdown shown");
        }
        if (upper < 1 && ratio <= 1 / SlowerRatio)
        {
            return new GateDecision(GateStep.Faster, ratio, lower, upper, "speed-up shown");
        }
        if (lower > 1 / (1 + Threshold) && upper < 1 + Threshold)
        {
            return new GateDecision(GateStep.Same, ratio, lower, upper, "equivalence shown");
        }
        return new GateDecision(GateStep.Continue, ratio, lower, upper, "interval reaches outside the band");
    }
}
