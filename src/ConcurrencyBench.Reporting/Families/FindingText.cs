using System.Globalization;

namespace ConcurrencyBench.Reporting;

/// <summary>What every family's findings share: finding a case, and saying a median with the samples it describes.</summary>
internal static class FindingText
{
    // A finding that quotes a median needs a case that has one: a trend without cold bursts has none.
    internal static CaseStatistics? Find(IEnumerable<CaseStatistics> cases, string type, string method, int? n = null, int? k = null, bool needsMedian = true) =>
        cases.FirstOrDefault(s => s.Case.Type == type && s.Case.Method == method && (s.HasMedian || !needsMedian)
            && (n is null || s.Case.IntParameter("N") == n) && (k is null || s.Case.IntParameter("K") == k));

    // "16.2 s (median of 6 cold bursts)": which samples a median describes goes with it.
    internal static string Median(CaseStatistics s) =>
        $"{Format.Time(s.MedianNs)} (median of {s.Iterations} {(s.Kind == SampleKind.Cold ? "cold" : "warm")} bursts)";

    internal static int? LargestN(IEnumerable<CaseStatistics> cases, string type, string method) =>
        cases.Where(s => s.Case.Type == type && s.Case.Method == method && s.HasMedian).Select(s => s.Case.IntParameter("N")).Max();

    internal static string N(int n) => n.ToString("#,0", CultureInfo.InvariantCulture);

    internal static string Ms(CaseStatistics s) => $"{s.Case.IntParameter("DelayMs")} ms";
}
