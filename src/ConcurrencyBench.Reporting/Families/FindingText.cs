using System.Globalization;

namespace ConcurrencyBench.Reporting;

/// <summary>
/// What every family's findings share: finding a case, saying a median with the samples it describes, and saying a
/// ratio with the kind of sample both sides share (cold against cold, or warm against warm) and its interval.
/// </summary>
internal static class FindingText
{
    // A finding that quotes a median needs a case that has one: a trend without cold bursts has none.
    internal static CaseStatistics? Find(IEnumerable<CaseStatistics> cases, string type, string method, int? n = null, int? k = null, bool needsMedian = true) =>
        cases.FirstOrDefault(s => s.Case.Type == type && s.Case.Method == method && (s.HasMedian || !needsMedian)
            && (n is null || s.Case.IntParameter("N") == n) && (k is null || s.Case.IntParameter("K") == k));

    // "16.2 s (median of 6 cold bursts)": which samples a median describes goes with it.
    internal static string Median(CaseStatistics s) => s.Headline is { } h ? Median(h) : "no median (its bursts have a trend)";

    internal static string Median(SampleSummary s) => $"{Format.Time(s.MedianNs)} (median of {s.Description})";

    // "134× (cold/cold, 95% interval within this run 120–150×)": a ratio never sets one kind of sample against another.
    internal static string Ratio(KindRatio r) =>
        $"{Format.Ratio(r.Value)} ({r.KindLabel}" + (r.HasInterval ? $", {Format.IntervalWithinRun} {Span(r.Lower, r.Upper)})" : ", too few bursts for an interval)");

    // "120–150×": an interval of ratios, compact.
    internal static string Span(double lower, double upper) =>
        Format.Ratio(lower) is var l && Format.Ratio(upper) is var u && l.EndsWith(Format.Times, StringComparison.Ordinal) && !l.StartsWith("less", StringComparison.Ordinal)
            ? $"{l[..^1]}–{u}"
            : $"{l} to {u}";

    // "16.3 s against 122 ms: 134× (cold/cold; ...)", both medians of the kind the ratio uses.
    internal static string Against(KindRatio r) =>
        $"{Format.Time(r.Numerator.MedianNs)} against {Format.Time(r.Denominator.MedianNs)}: {Ratio(r)}";

    // Where two cases share no kind of sample: say so instead of dividing one kind by another.
    internal static string NoRatio(CaseStatistics a, CaseStatistics b) =>
        $"{a.Model.Label} has {Kinds(a)} and {b.Model.Label} {Kinds(b)}: no ratio of like samples";

    internal static string Kinds(CaseStatistics s) => (s.Cold, s.Warm) switch
    {
        ({ } c, { } w) => $"{c.Description} and {w.Description}",
        ({ } c, null) => $"only {c.Description} (its repeated bursts have a trend)",
        (null, { } w) => $"only {w.Description}",
        _ => "no median",
    };

    internal static int? LargestN(IEnumerable<CaseStatistics> cases, string type, string method) =>
        cases.Where(s => s.Case.Type == type && s.Case.Method == method && s.HasMedian).Select(s => s.Case.IntParameter("N")).Max();

    internal static string N(int n) => n.ToString("#,0", CultureInfo.InvariantCulture);

    internal static string Ms(CaseStatistics s) => $"{s.Case.IntParameter("DelayMs")} ms";
}
