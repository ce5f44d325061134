using System.Globalization;

namespace ConcurrencyBench.Reporting;

/// <summary>How numbers are written in the report and the comparison tables.</summary>
public static class Format
{
    /// <summary>A time with a unit that suits it: 152 µs, 101.3 ms, 1.23 s.</summary>
    public static string Time(double nanoseconds)
    {
        if (double.IsNaN(nanoseconds))
        {
            return "n/a";
        }
        (double value, string unit) = ScaleTime(nanoseconds);
        return Number(value) + " " + unit;
    }

    /// <summary>A time in the unit that suits it (ns, µs, ms or s), for tables and chart ticks alike.</summary>
    public static (double Value, string Unit) ScaleTime(double nanoseconds) => Math.Abs(nanoseconds) switch
    {
        >= 1e9 => (nanoseconds / 1e9, "s"),
        >= 1e6 => (nanoseconds / 1e6, "ms"),
        >= 1e3 => (nanoseconds / 1e3, "µs"),
        _ => (nanoseconds, "ns"),
    };

    /// <summary>True when the cases come from more than one host (machine or runtime): then every series and row names its host.</summary>
    public static bool FromSeveralHosts(IEnumerable<CaseStatistics> cases) => cases.Select(s => s.Case.Host).Distinct().Skip(1).Any();

    /// <summary>Three significant figures, grouped: 1,234, 12.3, 0.123.</summary>
    public static string Number(double value)
    {
        if (double.IsNaN(value) || double.IsInfinity(value))
        {
            return "n/a";
        }
        double magnitude = Math.Abs(value);
        string pattern = magnitude >= 100 ? "#,0" : magnitude >= 10 ? "0.0" : magnitude >= 1 ? "0.00" : "0.###";
        return value.ToString(pattern, CultureInfo.InvariantCulture);
    }

    /// <summary>A ratio such as 12.3x.</summary>
    public static string Ratio(double? ratio) => ratio is double r ? Number(r) + "x" : "";

    /// <summary>A median's interval with its exact level: "[1.2 s, 1.5 s] (96.9%)"; "n/a" where there is none.</summary>
    public static string Interval(MedianInterval interval) =>
        interval.Exists ? $"{Interval(interval.Lower, interval.Upper)} ({interval.Level.ToString("0.0%", CultureInfo.InvariantCulture)})" : "n/a";

    /// <summary>A trend test's result for tables: "none (p = 0.41)", "getting faster (p &lt; 0.001)"; "n/a" where too few values.</summary>
    public static string Trend(TrendTest trend)
    {
        ArgumentNullException.ThrowIfNull(trend);
        if (trend.Count < TrendTest.MinimumCount)
        {
            return "n/a";
        }
        string p = trend.PValue < 0.001 ? "p < 0.001" : $"p = {trend.PValue.ToString("0.###", CultureInfo.InvariantCulture)}";
        return trend.HasTrend ? $"**{trend.Description}** ({p})" : $"none ({p})";
    }

    /// <summary>A 95% interval "[a, b]" of times; empty where undefined.</summary>
    public static string Interval(double lowerNs, double upperNs) =>
        double.IsNaN(lowerNs) || double.IsNaN(upperNs) ? "n/a" : $"[{Time(lowerNs)}, {Time(upperNs)}]";

    /// <summary>Bytes with a binary unit; empty for null.</summary>
    public static string Bytes(double? bytes) => bytes is double b ? Charts.FormatBytes(b) : "";

    /// <summary>CPU time per operation from milliseconds: "12.3 ms", "850 µs"; empty where it was not recorded.</summary>
    public static string CpuMs(double? milliseconds) => milliseconds is double ms ? Time(ms * 1e6) : "";

    /// <summary>Voluntary and involuntary context switches: "1,234 / 56"; empty where they were not counted.</summary>
    public static string Switches(double? voluntary, double? involuntary) =>
        voluntary is double v && involuntary is double i ? $"{Count(Math.Round(v))} / {Count(Math.Round(i))}" : "";

    /// <summary>An integer with grouping.</summary>
    public static string Count(double? value) => value is double v ? v.ToString("#,0", CultureInfo.InvariantCulture) : "";
}
