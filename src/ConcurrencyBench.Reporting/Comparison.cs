using System.Globalization;
using System.Text;
using System.Text.Json;
using Perfolizer.Horology;
using Perfolizer.Mathematics.SignificanceTesting.MannWhitney;
using Perfolizer.Metrology;
using Pragmastat;

namespace ConcurrencyBench.Reporting;

/// <summary>A comparison's verdict for one case.</summary>
public enum Verdict
{
    /// <summary>Shown slower: the current run is significantly slower, and by more than the threshold.</summary>
    Slower,

    /// <summary>Shown faster: significantly faster, and by more than the threshold.</summary>
    Faster,

    /// <summary>Shown equivalent: the ratio's whole 95% interval lies inside the threshold band.</summary>
    Same,

    /// <summary>The samples cannot tell at this threshold: too few, too spread, or not exchangeable (a trend).</summary>
    Undecided,
}

/// <summary>Settings of a comparison.</summary>
/// <param name="Threshold">Relative threshold (Perfolizer syntax, e.g. "10%").</param>
/// <param name="NoiseNs">Absolute noise floor in nanoseconds: a case's band is at least this wide around its baseline median.</param>
/// <param name="AllowDifferentHosts">Compare runs from different machines or runtimes.</param>
public sealed record ComparisonOptions(string Threshold, double NoiseNs, bool AllowDifferentHosts)
{
    /// <summary>
    /// The slowdown every gated case must be able to show (+25%, the slowdown scripts/check-gate.sh injects): with a
    /// verdict that needs the whole interval beyond the threshold, a case shows a slowdown somewhat larger than it.
    /// </summary>
    public const double CatchFraction = 0.25;

    /// <summary>10% and 1 ms, as the CI gate uses.</summary>
    public static ComparisonOptions Default { get; } = new("10%", 1e6, false);

    /// <summary>The threshold as a fraction (0.1 for "10%").</summary>
    public double ThresholdFraction =>
        Threshold.EndsWith('%') && double.TryParse(Threshold[..^1], System.Globalization.NumberStyles.Float, CultureInfo.InvariantCulture, out double percent)
            ? percent / 100
            : double.NaN;
}

/// <summary>One matched case.</summary>
/// <param name="Name">The case's BenchmarkDotNet ID (with the host when several are compared).</param>
/// <param name="Baseline">Baseline statistics.</param>
/// <param name="Current">Current statistics.</param>
/// <param name="Verdict">The verdict.</param>
/// <param name="Ratio">Current median over baseline median, of the samples compared (NaN when none could be).</param>
/// <param name="RatioLower">Lower end of the ratio's distribution-free 95% interval (NaN when the samples are too few).</param>
/// <param name="RatioUpper">Upper end of that interval.</param>
/// <param name="Samples">Which samples were compared: cold bursts, warm repeated bursts, or none (a trend).</param>
/// <param name="Band">The case's threshold as a fraction: the relative threshold, or the noise floor if that is wider.</param>
/// <param name="MinimumDetectableSlowdown">
/// The smallest slowdown (as a ratio, e.g. 1.1) the gate would call Slower for this case, given its baseline's own
/// spread and count: at least 1 + <see cref="Band"/>; infinity when the samples are too few to show any.
/// </param>
/// <param name="Note">Why the case is undecided or not gated, in a few words; empty otherwise.</param>
public sealed record CaseComparison(
    string Name,
    CaseStatistics Baseline,
    CaseStatistics Current,
    Verdict Verdict,
    double Ratio,
    double RatioLower,
    double RatioUpper,
    SampleKind Samples,
    double Band,
    double MinimumDetectableSlowdown,
    string Note)
{
    /// <summary>
    /// True when the gate would call a slowdown of <paramref name="slowdownFraction"/> (e.g. 0.25) Slower for this case:
    /// the baseline's spread does not hide it, the noise floor does not widen the band past it, and there is no trend.
    /// </summary>
    public bool Catches(double slowdownFraction) =>
        Samples != SampleKind.None && MinimumDetectableSlowdown <= 1 + slowdownFraction + 1e-9;
}

/// <summary>The result of comparing two sets of results.</summary>
/// <param name="Cases">Matched cases, slowest first.</param>
/// <param name="OnlyInBaseline">IDs found in the baseline only.</param>
/// <param name="OnlyInCurrent">IDs found in the current run only.</param>
/// <param name="HostWarning">Set when the two sides come from different hosts (and that was allowed).</param>
/// <param name="Options">The settings used.</param>
public sealed record ComparisonReport(
    IReadOnlyList<CaseComparison> Cases,
    IReadOnlyList<string> OnlyInBaseline,
    IReadOnlyList<string> OnlyInCurrent,
    string? HostWarning,
    ComparisonOptions Options)
{
    /// <summary>True when at least one case is slower: the gate fails.</summary>
    public bool HasRegression => Cases.Any(c => c.Verdict == Verdict.Slower);

    /// <summary>The cases whose slowdown of <see cref="ComparisonOptions.CatchFraction"/> the gate would show.</summary>
    public IReadOnlyList<CaseComparison> Gated => [.. Cases.Where(c => c.Catches(ComparisonOptions.CatchFraction))];

    /// <summary>The cases that are not, with the smallest slowdown each would show.</summary>
    public IReadOnlyList<CaseComparison> NotGated => [.. Cases.Where(c => !c.Catches(ComparisonOptions.CatchFraction))];

    /// <summary>One line: how many cases were compared, each verdict's count, and which cases the gate cannot judge at its threshold.</summary>
    public string Summary
    {
        get
        {
            int Count(Verdict v) => Cases.Count(c => c.Verdict == v);
            string notGated = NotGated.Count == 0 ? "." : $"; would not: {string.Join(", ", NotGated.Select(c => $"{Format.CaseName(c.Name)} ({DetectLabel(c)})"))}.";
            return string.Create(CultureInfo.InvariantCulture,
                $"{Cases.Count} cases compared: {Count(Verdict.Slower)} slower, {Count(Verdict.Faster)} faster, {Count(Verdict.Same)} same, {Count(Verdict.Undecided)} undecided; would catch +{ComparisonOptions.CatchFraction * 100:0}%: {Gated.Count} of {Cases.Count}{notGated}");
        }
    }

    /// <summary>"+10%", "+37%" or "none (too few samples)" for a case's minimum detectable slowdown.</summary>
    public static string DetectLabel(CaseComparison c)
    {
        ArgumentNullException.ThrowIfNull(c);
        if (c.Samples == SampleKind.None)
        {
            return "none: no samples of one kind on both sides";
        }
        return double.IsInfinity(c.MinimumDetectableSlowdown)
            ? "none: too few samples"
            : $"+{((c.MinimumDetectableSlowdown - 1) * 100).ToString("0", CultureInfo.InvariantCulture)}%";
    }
}

/// <summary>
/// Compares two runs case by case. For each case it takes the samples that are exchangeable (cold bursts where the
/// case has them, warm repeated bursts where they show no trend), builds a distribution-free 95% interval for the
/// ratio of the two (from all pairwise ratios and the exact Mann–Whitney distribution: the interval that inverts the
/// Mann–Whitney test), and decides: Slower or Faster only when the whole interval lies beyond the threshold band (a
/// change shown larger than the threshold); Same only when the whole interval lies inside the band (equivalence shown,
/// as two one-sided tests); Undecided otherwise. The band is the relative threshold or, for short cases, the absolute noise floor.
/// </summary>
public static class Comparer
{
    /// <summary>One-sided significance of each bound: together a 95% interval.</summary>
    public const double Alpha = 0.025;

    /// <summary>Compares <paramref name="current"/> with <paramref name="baseline"/>.</summary>
    /// <exception cref="ResultsFormatException">Different hosts without permission, or a bad threshold.</exception>
    public static ComparisonReport Compare(ResultSet baseline, ResultSet current, ComparisonOptions options)
    {
        ArgumentNullException.ThrowIfNull(baseline);
        ArgumentNullException.ThrowIfNull(current);
        ArgumentNullException.ThrowIfNull(options);
        if (!Threshold.TryParse(options.Threshold, out Threshold? threshold) || threshold is null || !(options.ThresholdFraction > 0))
        {
            throw new ResultsFormatException($"threshold '{options.Threshold}' is not a positive percentage such as 10%");
        }
        // Each side's cases by what they are matched on: the case alone where each side has one host; else the case and
        // its runtime (kind and major version, and job), never the machine, so that two machines' runs with several
        // runtimes each can be compared (with --allow-different-hosts) runtime by runtime.
        bool byRuntime = baseline.Hosts.Count > 1 || current.Hosts.Count > 1;
        var baseSlots = Slots(baseline.Hosts);
        var currentSlots = Slots(current.Hosts);
        string Key(CaseStatistics c, Dictionary<HostInfo, string> slots) => byRuntime ? $"{c.Case.FullName} [{slots[c.Case.Host]}]" : c.Case.FullName;
        var baseCases = CaseStatistics.All(baseline).ToDictionary(c => Key(c, baseSlots), StringComparer.Ordinal);
        var currentCases = CaseStatistics.All(current).ToDictionary(c => Key(c, currentSlots), StringComparer.Ordinal);
        // Every pair of hosts whose cases meet must be the same machine and runtime, or be allowed to differ.
        var differences = baseCases.Where(b => currentCases.TryGetValue(b.Key, out _))
            .Select(b => (Before: b.Value.Case.Host, After: currentCases[b.Key].Case.Host))
            .Where(p => !p.Before.SameHostAs(p.After))
            .Distinct()
            .Select(p => $"baseline from {p.Before.Label}, current from {p.After.Label}")
            .ToList();
        if (!byRuntime && differences.Count == 0 && baseline.Hosts.Count == 1 && current.Hosts.Count == 1 && !baseline.Hosts[0].SameHostAs(current.Hosts[0]))
        {
            differences.Add($"baseline from {baseline.Hosts[0].Label}, current from {current.Hosts[0].Label}");
        }
        string? hostWarning = null;
        if (differences.Count > 0)
        {
            string difference = string.Join("; ", differences);
            if (!options.AllowDifferentHosts)
            {
                throw new ResultsFormatException($"runs from different machines or runtimes ({difference}); pass --allow-different-hosts to compare anyway");
            }
            hostWarning = $"Different hosts: {difference}. Differences may come from the machines, not the code.";
        }
        var compared = new List<CaseComparison>();
        foreach ((string key, CaseStatistics after) in currentCases)
        {
            if (baseCases.TryGetValue(key, out CaseStatistics? before))
            {
                compared.Add(CompareCase(key, before, after, options));
            }
        }
        return new ComparisonReport(
            [.. compared.OrderByDescending(c => double.IsNaN(c.Ratio) ? double.MinValue : c.Ratio)],
            [.. baseCases.Keys.Where(k => !currentCases.ContainsKey(k)).Order(StringComparer.Ordinal)],
            [.. currentCases.Keys.Where(k => !baseCases.ContainsKey(k)).Order(StringComparer.Ordinal)],
            hostWarning,
            options);
    }

    // Each host's runtime slot, or its whole label where two hosts of one side share a slot (two machines' runs of one
    // runtime merged into one side): those are matched only with the same host.
    private static Dictionary<HostInfo, string> Slots(IReadOnlyList<HostInfo> hosts) =>
        hosts.ToDictionary(h => h, h => hosts.Count(o => o.RuntimeSlot == h.RuntimeSlot) > 1 ? h.Label : h.RuntimeSlot);

    /// <summary>Compares one case's two sides.</summary>
    public static CaseComparison CompareCase(string name, CaseStatistics baseline, CaseStatistics current, ComparisonOptions options)
    {
        ArgumentNullException.ThrowIfNull(baseline);
        ArgumentNullException.ThrowIfNull(current);
        ArgumentNullException.ThrowIfNull(options);
        // History-dependent cases are judged on their cold bursts; others on warm repeated bursts without a trend.
        (SampleKind kind, IReadOnlyList<double> x, IReadOnlyList<double> y) =
            baseline.ColdSamples.Count > 0 && current.ColdSamples.Count > 0 ? (SampleKind.Cold, baseline.ColdSamples, current.ColdSamples)
            : baseline.Kind == SampleKind.Warm && current.Kind == SampleKind.Warm ? (SampleKind.Warm, baseline.HeadlineSamples, current.HeadlineSamples)
            : (SampleKind.None, [], []);
        if (kind == SampleKind.None)
        {
            // Why a side has no sample to compare: its warm bursts are too few to test for a trend (one measurement,
            // --iterationCount 1) or show one, and it has no cold bursts; or each side has a different kind.
            static string Why(CaseStatistics s) => s.Kind != SampleKind.None ? ""
                : s.Repeated.Count <= TrendTest.MinimumCount ? $"{(s.Repeated.Count == 1 ? "one measurement" : $"{s.Repeated.Count} repeated bursts")}, too few for warm samples, and no cold bursts"
                : "repeated bursts with a trend and no cold bursts";
            string why = Why(baseline) is { Length: > 0 } b ? $"the baseline has {b}"
                : Why(current) is { Length: > 0 } c ? $"the current run has {c}"
                : $"the baseline's samples are {baseline.Kind.ToString().ToLowerInvariant()}, the current run's {current.Kind.ToString().ToLowerInvariant()}: no kind on both sides";
            return new CaseComparison(name, baseline, current, Verdict.Undecided, double.NaN, double.NaN, double.NaN, kind, options.ThresholdFraction,
                double.PositiveInfinity, why);
        }
        if (x.Count == 0 || y.Count == 0)
        {
            // One measurement (--iterationCount 1): no warm burst beyond the process's first, so nothing of that kind to compare.
            string side = x.Count == 0 ? "baseline" : "current run";
            return new CaseComparison(name, baseline, current, Verdict.Undecided, double.NaN, double.NaN, double.NaN, SampleKind.None, options.ThresholdFraction,
                double.PositiveInfinity, $"the {side} has no {kind.ToString().ToLowerInvariant()} samples to compare (one measurement)");
        }
        var estimator = Perfolizer.Mathematics.QuantileEstimators.HarrellDavisQuantileEstimator.Instance;
        double baseMedian = estimator.Quantile(new Sample(x, TimeUnit.Nanosecond), Probability.Median).NominalValue;
        double currentMedian = estimator.Quantile(new Sample(y, TimeUnit.Nanosecond), Probability.Median).NominalValue;
        double ratio = currentMedian / baseMedian;
        double band = Math.Max(options.ThresholdFraction, options.NoiseNs / baseMedian);
        (double lower, double upper) = RatioInterval(x, y, Alpha);
        double detectable = MinimumDetectableSlowdown(x, band, Alpha);
        Verdict verdict = Decide(ratio, lower, upper, band);
        string note = verdict == Verdict.Undecided
            ? double.IsNaN(lower) ? "too few samples for a 95% interval" : "the interval reaches outside the band: the samples cannot tell"
            : "";
        if (band > options.ThresholdFraction + 1e-12)
        {
            note = (note.Length > 0 ? note + "; " : "") + $"band widened to ±{band.ToString("P0", CultureInfo.InvariantCulture)} by the {Format.Time(options.NoiseNs)} noise floor";
        }
        return new CaseComparison(name, baseline, current, verdict, ratio, lower, upper, kind, band, detectable, note);
    }

    /// <summary>The verdict for a ratio of medians and its interval, with a threshold band of ±<paramref name="band"/>.</summary>
    public static Verdict Decide(double ratio, double lower, double upper, double band)
    {
        if (double.IsNaN(lower) || double.IsNaN(upper))
        {
            return Verdict.Undecided;
        }
        // Slower and Faster must be shown beyond the band, as Same must be shown inside it: an interval that only
        // excludes 1 is what two processes of the same code give on a noisy machine (each process's own level shifts).
        if (lower > 1 + band && ratio > 1 + band)
        {
            return Verdict.Slower;
        }
        if (upper < 1 / (1 + band) && ratio < 1 / (1 + band))
        {
            return Verdict.Faster;
        }
        return lower > 1 / (1 + band) && upper < 1 + band ? Verdict.Same : Verdict.Undecided;
    }

    /// <summary>
    /// A distribution-free (1 - 2α) interval for the ratio current/baseline, for a shift on the log scale: the k-th
    /// smallest and largest of all pairwise ratios y_j/x_i, k from the exact null distribution of the Mann–Whitney U
    /// (Perfolizer's). (NaN, NaN) when the samples are too few for any interval at α.
    /// </summary>
    public static (double Lower, double Upper) RatioInterval(IReadOnlyList<double> baseline, IReadOnlyList<double> current, double alpha)
    {
        ArgumentNullException.ThrowIfNull(baseline);
        ArgumentNullException.ThrowIfNull(current);
        long k = CriticalCount(baseline.Count, current.Count, alpha);
        if (k < 1)
        {
            return (double.NaN, double.NaN);
        }
        if ((long)baseline.Count * current.Count > ExactPairLimit)
        {
            // Too many pairs to list (80,000 bursts a side are 6.4e9): select the k-th smallest and largest without them.
            double[] lx = [.. baseline.Select(v => Math.Log(v)).Order()], ly = [.. current.Select(v => Math.Log(v)).Order()];
            // The k-th largest of log y − log x is minus the k-th smallest of log x − log y.
            return (Math.Exp(KthPairDifference(lx, ly, k)), Math.Exp(-KthPairDifference(ly, lx, k)));
        }
        double[] ratios = [.. baseline.SelectMany(x => current.Select(y => Math.Log(y / x))).Order()];
        return (Math.Exp(ratios[(int)k - 1]), Math.Exp(ratios[ratios.Length - (int)k]));
    }

    // Up to this many pairs the intervals list every pairwise ratio, as they always did; beyond it they select.
    private const long ExactPairLimit = 1_000_000;

    /// <summary>
    /// The k-th smallest (1-based) of all differences y_j − x_i of two ascending arrays, in O((n + m)·64) without
    /// listing them: a bisection over the value, counting the differences at or below it with two pointers.
    /// </summary>
    internal static double KthPairDifference(IReadOnlyList<double> x, IReadOnlyList<double> y, long k)
    {
        // How many differences are at most t: for each y_j, the x_i with y_j − x_i at most t (x ascending; the difference
        // itself is compared, as the pairs would be, never x_i against y_j − t, which rounds differently).
        long CountAtMost(double t)
        {
            long count = 0;
            int i = x.Count;
            for (int j = y.Count - 1; j >= 0; j--)
            {
                while (i > 0 && y[j] - x[i - 1] <= t)
                {
                    i--;
                }
                count += x.Count - i;
            }
            return count;
        }
        double low = y[0] - x[^1], high = y[^1] - x[0];
        for (int step = 0; step < 200 && low < high; step++)
        {
            double middle = low + ((high - low) / 2);
            if (middle <= low || middle >= high)
            {
                break;
            }
            if (CountAtMost(middle) >= k)
            {
                high = middle;
            }
            else
            {
                low = middle;
            }
        }
        // The k-th difference is the largest difference at most high (high is within a step of it): find that pair's value.
        double best = double.NegativeInfinity;
        int next = x.Count;
        for (int j = y.Count - 1; j >= 0; j--)
        {
            while (next > 0 && y[j] - x[next - 1] <= high)
            {
                next--;
            }
            if (next < x.Count)
            {
                best = Math.Max(best, y[j] - x[next]);
            }
        }
        return double.IsNegativeInfinity(best) ? high : best;
    }

    /// <summary>
    /// The smallest factor f by which the current run could be slower and be called Slower, if it had the baseline's
    /// own spread and count: the lower end of the interval for (f·x against x) must exceed 1 + <paramref name="band"/>,
    /// i.e. f &gt; (1 + band)·exp(-E(k)) where E are the pairwise log differences of the baseline.
    /// </summary>
    public static double MinimumDetectableSlowdown(IReadOnlyList<double> baseline, double band, double alpha)
    {
        ArgumentNullException.ThrowIfNull(baseline);
        long k = CriticalCount(baseline.Count, baseline.Count, alpha);
        if (k < 1)
        {
            return double.PositiveInfinity;
        }
        if ((long)baseline.Count * baseline.Count > ExactPairLimit)
        {
            double[] logs = [.. baseline.Select(v => Math.Log(v)).Order()];
            return (1 + band) * Math.Exp(-KthPairDifference(logs, logs, k));
        }
        double[] differences = [.. baseline.SelectMany(a => baseline.Select(b => Math.Log(a / b))).Order()];
        return (1 + band) * Math.Exp(-differences[(int)k - 1]);
    }

    /// <summary>The largest k with P(U ≤ k - 1) ≤ α under no difference (0 when even U = 0 is too likely).</summary>
    private static long CriticalCount(int n, int m, double alpha)
    {
        if (n == 0 || m == 0)
        {
            return 0;
        }
        // Perfolizer's Cdf(n, m, u) is P(U < u), as its Mann–Whitney test uses it (p = 1 - Cdf(U)): P(U ≤ k - 1) = Cdf(k).
        IMannWhitneyCdf cdf = n + m <= 60 ? MannWhitneyLoefflerExactCdf.Instance : MannWhitneyEdgeworthApproxCdf.Instance;
        long pairs = (long)n * m;
        if (pairs <= ExactPairLimit)
        {
            int k = 0;
            while (k < n * m && cdf.Cdf(n, m, k + 1) <= alpha)
            {
                k++;
            }
            return k;
        }
        // Past a million pairs U is normal to any precision that matters here (and past 2^31 it no longer fits
        // Perfolizer's int): P(U <= k - 1) = Phi((k - 0.5 - nm/2) / sd) <= alpha, sd = sqrt(nm(n + m + 1) / 12).
        double sd = Math.Sqrt(pairs * (n + m + 1.0) / 12);
        double critical = Math.Floor((pairs / 2.0) + 0.5 + (Perfolizer.Mathematics.Distributions.ContinuousDistributions.NormalDistribution.Standard.Quantile(alpha) * sd));
        return critical < 1 ? 0 : (long)Math.Min(critical, pairs);
    }

    /// <summary>A Markdown table of the comparison, slowest first, with what matched on one side only.</summary>
    public static string ToMarkdown(ComparisonReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        var md = new StringBuilder();
        md.AppendLine("# ConcurrencyBench comparison").AppendLine();
        md.AppendLine(CultureInfo.InvariantCulture,
            $"Ratio = current median / baseline median of the samples compared: cold bursts (one operation per fresh process) for the cases that depend on the thread pool's history, ")
          .AppendLine("warm repeated bursts (iterations 2..n) for the others, and nothing for a case whose repeated bursts have a trend and that has no cold bursts. ")
          .AppendLine(CultureInfo.InvariantCulture, $"The interval is a distribution-free {Format.IntervalWithinTwoRuns} for the ratio (its samples are the two runs' own bursts; it does not cover the spread between further runs; the inverted Mann–Whitney test, exact distribution from Perfolizer). ")
          .AppendLine(CultureInfo.InvariantCulture, $"**Slower**/**Faster**: the whole interval lies beyond the threshold band ({report.Options.Threshold}, or the {Format.Time(report.Options.NoiseNs)} noise floor where that is wider): a change shown larger than the threshold; ")
          .AppendLine("**Same**: the whole interval lies inside the threshold band (equivalence shown); **Undecided**: the samples cannot tell. ")
          .AppendLine("\"Detects\" is the smallest slowdown the gate would call Slower for the case, given its baseline's own spread and count.").AppendLine();
        if (report.HostWarning is not null)
        {
            md.AppendLine(CultureInfo.InvariantCulture, $"**{report.HostWarning}**").AppendLine();
        }
        md.AppendLine(report.Summary).AppendLine();
        md.AppendLine($"| Case | Samples | Verdict | Ratio | {Format.IntervalWithinTwoRuns} | Detects | Baseline median | Current median | n | Note |");
        md.AppendLine("|---|---|---|---:|---|---:|---:|---:|---:|---|");
        foreach (CaseComparison c in report.Cases)
        {
            string interval = double.IsNaN(c.RatioLower) || double.IsNaN(c.RatioUpper) ? "n/a" : $"[{Format.Number(c.RatioLower)}, {Format.Number(c.RatioUpper)}]";
            string samples = c.Samples switch { SampleKind.Cold => "cold", SampleKind.Warm => "warm", _ => "none" };
            (int nb, int nc) = c.Samples == SampleKind.Cold ? (c.Baseline.ColdSamples.Count, c.Current.ColdSamples.Count) : (c.Baseline.Iterations, c.Current.Iterations);
            md.AppendLine(CultureInfo.InvariantCulture,
                $"| `{c.Name}` | {samples} | {c.Verdict} | {Format.Number(c.Ratio)} | {interval} | {ComparisonReport.DetectLabel(c)} | {Format.Time(c.Baseline.MedianNs)} | {Format.Time(c.Current.MedianNs)} | {nb} / {nc} | {c.Note} |");
        }
        md.AppendLine();
        if (report.OnlyInBaseline.Count > 0)
        {
            md.AppendLine("Only in the baseline:").AppendLine();
            foreach (string name in report.OnlyInBaseline)
            {
                md.AppendLine(CultureInfo.InvariantCulture, $"- `{name}`");
            }
            md.AppendLine();
        }
        if (report.OnlyInCurrent.Count > 0)
        {
            md.AppendLine("Only in the current run:").AppendLine();
            foreach (string name in report.OnlyInCurrent)
            {
                md.AppendLine(CultureInfo.InvariantCulture, $"- `{name}`");
            }
            md.AppendLine();
        }
        return md.ToString();
    }

    // A value to six significant figures, as a number (never rounded to zero).
    private static double Significant(double value) =>
        double.IsFinite(value) ? double.Parse(value.ToString("G6", CultureInfo.InvariantCulture), CultureInfo.InvariantCulture) : value;

    /// <summary>
    /// github-action-benchmark's <c>customSmallerIsBetter</c> format: one entry per case with the current median
    /// in milliseconds, its 95% CI as the range, and the verdict and ratio as extra text.
    /// </summary>
    public static string ToGitHubActionBenchmarkJson(ComparisonReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        // A case with no median (a trend and no cold bursts) has no value to chart. Values keep six significant figures:
        // a 15 ns case is 1.5E-05 ms, not 0 (which the action cannot compare).
        var entries = report.Cases.Where(c => c.Current.HasMedian).Select(c => new Dictionary<string, object>
        {
            ["name"] = c.Name,
            ["unit"] = "ms",
            ["value"] = Significant(c.Current.MedianNs / 1e6),
            ["range"] = double.IsNaN(c.Current.CiLowerNs)
                ? "n/a"
                : string.Create(CultureInfo.InvariantCulture, $"{c.Current.Interval.Level:P1} CI {Significant(c.Current.CiLowerNs / 1e6)}..{Significant(c.Current.CiUpperNs / 1e6)} ({c.Current.SamplesLabel})"),
            ["extra"] = double.IsNaN(c.Ratio)
                ? $"{c.Verdict}; not compared: {c.Note}"
                : string.Create(CultureInfo.InvariantCulture, $"{c.Verdict}; ratio {Significant(c.Ratio)} to baseline median {Significant(c.Baseline.MedianNs / 1e6)} ms"),
        });
        return JsonSerializer.Serialize(entries, JsonOptions.Web);
    }
}
