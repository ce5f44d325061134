using System.Globalization;
using System.Text;
using System.Text.Json;
using Perfolizer.Horology;
using Perfolizer.Mathematics.Common;
using Perfolizer.Mathematics.SignificanceTesting;
using Perfolizer.Mathematics.SignificanceTesting.MannWhitney;
using Perfolizer.Metrology;
using Pragmastat;

namespace ConcurrencyBench.Reporting;

/// <summary>A comparison's verdict for one case.</summary>
public enum Verdict
{
    /// <summary>The current run is slower beyond the threshold and the noise floor.</summary>
    Slower,

    /// <summary>The current run is faster beyond the threshold and the noise floor.</summary>
    Faster,

    /// <summary>No difference beyond the threshold or the noise floor could be shown.</summary>
    Same,

    /// <summary>Too few iterations on a side to decide.</summary>
    Unknown,
}

/// <summary>Settings of a comparison.</summary>
/// <param name="Threshold">Relative threshold (Perfolizer syntax, e.g. "10%").</param>
/// <param name="NoiseNs">Absolute noise floor in nanoseconds: a median difference below it is always Same.</param>
/// <param name="AllowDifferentHosts">Compare runs from different machines or runtimes.</param>
public sealed record ComparisonOptions(string Threshold, double NoiseNs, bool AllowDifferentHosts)
{
    /// <summary>10% and 1 ms, as the CI gate uses.</summary>
    public static ComparisonOptions Default { get; } = new("10%", 1e6, false);
}

/// <summary>One matched case.</summary>
/// <param name="Name">The case's BenchmarkDotNet ID (with the host when several are compared).</param>
/// <param name="Baseline">Baseline statistics.</param>
/// <param name="Current">Current statistics.</param>
/// <param name="Verdict">The verdict.</param>
/// <param name="Ratio">Current median over baseline median.</param>
/// <param name="RatioLower">Lower end of the ratio's interval (from the two medians' 95% CIs).</param>
/// <param name="RatioUpper">Upper end of that interval.</param>
public sealed record CaseComparison(string Name, CaseStatistics Baseline, CaseStatistics Current, Verdict Verdict, double Ratio, double RatioLower, double RatioUpper);

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
}

/// <summary>
/// Compares two runs case by case, as dotnet/performance's ResultsComparer does: Perfolizer's Mann–Whitney
/// equivalence test with a relative threshold, and an absolute noise floor below which a difference is ignored.
/// </summary>
public static class Comparer
{
    /// <summary>Mann–Whitney needs enough iterations to reach p &lt; 0.05 one-sided: with 3 per side it never can.</summary>
    public const int MinimumIterations = 5;

    /// <summary>Compares <paramref name="current"/> with <paramref name="baseline"/>.</summary>
    /// <exception cref="ResultsFormatException">Different hosts without permission, or a bad threshold.</exception>
    public static ComparisonReport Compare(ResultSet baseline, ResultSet current, ComparisonOptions options)
    {
        ArgumentNullException.ThrowIfNull(baseline);
        ArgumentNullException.ThrowIfNull(current);
        ArgumentNullException.ThrowIfNull(options);
        if (!Threshold.TryParse(options.Threshold, out Threshold? threshold) || threshold is null)
        {
            throw new ResultsFormatException($"threshold '{options.Threshold}' is not a Perfolizer threshold such as 10%");
        }
        string? hostWarning = null;
        bool byHost = baseline.Hosts.Count > 1 || current.Hosts.Count > 1;
        if (!byHost && baseline.Hosts.Count == 1 && current.Hosts.Count == 1 && !baseline.Hosts[0].SameHostAs(current.Hosts[0]))
        {
            string difference = $"baseline from {baseline.Hosts[0].Label}, current from {current.Hosts[0].Label}";
            if (!options.AllowDifferentHosts)
            {
                throw new ResultsFormatException($"runs from different machines or runtimes ({difference}); pass --allow-different-hosts to compare anyway");
            }
            hostWarning = $"Different hosts: {difference}. Differences may come from the machines, not the code.";
        }
        string Key(CaseResult c) => byHost ? $"{c.FullName} [{c.Host.Label}]" : c.FullName;
        var baseCases = baseline.Cases.ToDictionary(Key, StringComparer.Ordinal);
        var currentCases = current.Cases.ToDictionary(Key, StringComparer.Ordinal);
        var test = new SimpleEquivalenceTest(MannWhitneyTest.Instance);
        var compared = new List<CaseComparison>();
        foreach ((string key, CaseResult after) in currentCases)
        {
            if (!baseCases.TryGetValue(key, out CaseResult? before))
            {
                continue;
            }
            CaseStatistics x = CaseStatistics.Of(before);
            CaseStatistics y = CaseStatistics.Of(after);
            Verdict verdict = Decide(test, threshold, options.NoiseNs, before.IterationNanoseconds, after.IterationNanoseconds, x.MedianNs, y.MedianNs);
            double ratio = y.MedianNs / x.MedianNs;
            double lower = !double.IsNaN(y.CiLowerNs) && !double.IsNaN(x.CiUpperNs) ? y.CiLowerNs / x.CiUpperNs : double.NaN;
            double upper = !double.IsNaN(y.CiUpperNs) && !double.IsNaN(x.CiLowerNs) && x.CiLowerNs > 0 ? y.CiUpperNs / x.CiLowerNs : double.NaN;
            compared.Add(new CaseComparison(key, x, y, verdict, ratio, lower, upper));
        }
        return new ComparisonReport(
            [.. compared.OrderByDescending(c => c.Ratio)],
            [.. baseCases.Keys.Where(k => !currentCases.ContainsKey(k)).Order(StringComparer.Ordinal)],
            [.. currentCases.Keys.Where(k => !baseCases.ContainsKey(k)).Order(StringComparer.Ordinal)],
            hostWarning,
            options);
    }

    /// <summary>The verdict for two samples of nanoseconds per operation.</summary>
    public static Verdict Decide(IReadOnlyList<double> baseline, IReadOnlyList<double> current, ComparisonOptions options)
    {
        ArgumentNullException.ThrowIfNull(baseline);
        ArgumentNullException.ThrowIfNull(current);
        ArgumentNullException.ThrowIfNull(options);
        Threshold threshold = Threshold.Parse(options.Threshold);
        var estimator = Perfolizer.Mathematics.QuantileEstimators.HarrellDavisQuantileEstimator.Instance;
        double x = estimator.Quantile(new Sample(baseline, TimeUnit.Nanosecond), Probability.Median).NominalValue;
        double y = estimator.Quantile(new Sample(current, TimeUnit.Nanosecond), Probability.Median).NominalValue;
        return Decide(new SimpleEquivalenceTest(MannWhitneyTest.Instance), threshold, options.NoiseNs, baseline, current, x, y);
    }

    private static Verdict Decide(SimpleEquivalenceTest test, Threshold threshold, double noiseNs,
        IReadOnlyList<double> baseline, IReadOnlyList<double> current, double baselineMedian, double currentMedian)
    {
        if (Math.Abs(currentMedian - baselineMedian) < noiseNs)
        {
            return Verdict.Same;
        }
        if (baseline.Count < MinimumIterations || current.Count < MinimumIterations)
        {
            return Verdict.Unknown;
        }
        ComparisonResult result = test.Perform(
            new Sample(current, TimeUnit.Nanosecond), new Sample(baseline, TimeUnit.Nanosecond), threshold, SignificanceLevel.P005);
        return result switch
        {
            ComparisonResult.Greater => Verdict.Slower,
            ComparisonResult.Lesser => Verdict.Faster,
            ComparisonResult.Indistinguishable => Verdict.Same,
            _ => Verdict.Unknown,
        };
    }

    /// <summary>A Markdown table of the comparison, slowest first, with what matched on one side only.</summary>
    public static string ToMarkdown(ComparisonReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        var md = new StringBuilder();
        md.AppendLine("# ConcurrencyBench comparison").AppendLine();
        md.AppendLine(CultureInfo.InvariantCulture,
            $"Mann–Whitney equivalence test (Perfolizer), threshold {report.Options.Threshold}, noise floor {Format.Time(report.Options.NoiseNs)}, α = 0.05. Ratio = current median / baseline median; its interval comes from the two medians' 95% confidence intervals.").AppendLine();
        if (report.HostWarning is not null)
        {
            md.AppendLine(CultureInfo.InvariantCulture, $"**{report.HostWarning}**").AppendLine();
        }
        int slower = report.Cases.Count(c => c.Verdict == Verdict.Slower);
        int faster = report.Cases.Count(c => c.Verdict == Verdict.Faster);
        md.AppendLine(CultureInfo.InvariantCulture, $"{report.Cases.Count} cases compared: {slower} slower, {faster} faster, {report.Cases.Count - slower - faster} same or undecided.").AppendLine();
        md.AppendLine("| Case | Verdict | Ratio | Ratio interval | Baseline median | Current median | Iterations |");
        md.AppendLine("|---|---|---:|---|---:|---:|---:|");
        foreach (CaseComparison c in report.Cases)
        {
            string interval = double.IsNaN(c.RatioLower) || double.IsNaN(c.RatioUpper) ? "n/a" : $"[{Format.Number(c.RatioLower)}, {Format.Number(c.RatioUpper)}]";
            md.AppendLine(CultureInfo.InvariantCulture,
                $"| `{c.Name}` | {c.Verdict} | {Format.Number(c.Ratio)} | {interval} | {Format.Time(c.Baseline.MedianNs)} | {Format.Time(c.Current.MedianNs)} | {c.Baseline.Iterations} / {c.Current.Iterations} |");
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

    /// <summary>
    /// github-action-benchmark's <c>customSmallerIsBetter</c> format: one entry per case with the current median
    /// in milliseconds, its 95% CI as the range, and the verdict and ratio as extra text.
    /// </summary>
    public static string ToGitHubActionBenchmarkJson(ComparisonReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        var entries = report.Cases.Select(c => new Dictionary<string, object>
        {
            ["name"] = c.Name,
            ["unit"] = "ms",
            ["value"] = Math.Round(c.Current.MedianNs / 1e6, 4),
            ["range"] = double.IsNaN(c.Current.CiLowerNs)
                ? "n/a"
                : string.Create(CultureInfo.InvariantCulture, $"95% CI {c.Current.CiLowerNs / 1e6:0.###}..{c.Current.CiUpperNs / 1e6:0.###}"),
            ["extra"] = string.Create(CultureInfo.InvariantCulture, $"{c.Verdict}; ratio {c.Ratio:0.###} to baseline median {c.Baseline.MedianNs / 1e6:0.###} ms"),
        });
        return JsonSerializer.Serialize(entries, JsonOptions.Web);
    }
}
