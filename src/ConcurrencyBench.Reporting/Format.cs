using System.Globalization;

namespace ConcurrencyBench.Reporting;

/// <summary>
/// How numbers are written in the report and the comparison tables: three significant figures, thousands separators
/// everywhere, one multiplication sign (×), one unit system for memory (decimal: kB, MB, GB, as the published
/// figures the report sets ours beside), plurals that agree, and a count that is a median of whole numbers written as
/// a whole number only where it is one.
/// </summary>
public static class Format
{
    /// <summary>The multiplication sign of every ratio.</summary>
    public const string Times = "×";

    /// <summary>
    /// What every interval the report prints covers, said with it: the bursts of this one run, not what a re-run gives
    /// (Kalibera and Jones, ISMM 2013: run-to-run variation is a level of its own; <see cref="Replication"/> measures it).
    /// </summary>
    public const string WithinRun = "within this run";

    /// <summary>A median's or a ratio's interval, named as text writes it: "95% interval within this run".</summary>
    public const string IntervalWithinRun = "95% interval " + WithinRun;

    /// <summary>A table column's or legend's short form: "[interval within this run]" after a median.</summary>
    public const string IntervalColumn = "[interval " + WithinRun + "]";

    /// <summary>
    /// The interval of a ratio of two runs' samples (<c>cbench compare</c>, the gate): it covers the bursts of the two
    /// runs compared, not the spread between further runs.
    /// </summary>
    public const string IntervalWithinTwoRuns = "95% interval " + WithinTwoRuns;

    /// <summary>What the interval of a ratio of two runs' samples covers (see <see cref="IntervalWithinTwoRuns"/>).</summary>
    public const string WithinTwoRuns = "within the two runs compared";

    /// <summary>A time with a unit that suits it: 152 µs, 101 ms, 1.23 s; "n/a" for NaN.</summary>
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

    /// <summary>Three significant figures, grouped: 1,234, 12.3, 1.23, 0.123, 0.0123; "n/a" for NaN or infinity.</summary>
    public static string Number(double value) => Significant(value, 3, trailingZeros: true);

    /// <summary>
    /// The one rounding of every number written: to <paramref name="figures"/> significant figures, midpoints away from
    /// zero, grouped; a value of 1,000 or more is written whole (1,234.5 → 1,235). A measured figure keeps its trailing
    /// zeros (1.50: three figures); a tick does not (1.5), since it names an exact position.
    /// </summary>
    private static string Significant(double value, int figures, bool trailingZeros)
    {
        if (double.IsNaN(value) || double.IsInfinity(value))
        {
            return "n/a";
        }
        if (value == 0)
        {
            return "0";
        }
        double magnitude = Math.Abs(value);
        if (magnitude >= 1000)
        {
            return value.ToString("#,0", CultureInfo.InvariantCulture);
        }
        // Round first, so that 99.96 is written 100, not 100.0; and a tick at 10^log10(1.5) = 1.4999999999999998 is 1.5.
        int digits = figures - 1 - (int)Math.Floor(Math.Log10(magnitude));
        double rounded = Math.Round(value, Math.Clamp(digits, 0, 15), MidpointRounding.AwayFromZero);
        digits = figures - 1 - (int)Math.Floor(Math.Log10(Math.Abs(rounded)));
        string decimals = digits <= 0 ? "" : "." + new string(trailingZeros ? '0' : '#', digits);
        return rounded.ToString("#,0" + decimals, CultureInfo.InvariantCulture);
    }

    /// <summary>
    /// A tick's label: <paramref name="figures"/> significant figures (3, or as many as tell neighbouring ticks apart),
    /// grouped, without trailing zeros: 1, 1.5, 250, 1,000, 0.015. It names the value at its position.
    /// </summary>
    public static string TickNumber(double value, int figures = 3) => Significant(value, figures, trailingZeros: false);

    /// <summary>A count for a narrow axis: 1, 10, 100, then 1k, 10k, 100k, 1M (k = 1,000, M = 1,000,000).</summary>
    public static string TickCount(double value, int figures = 3) =>
        Math.Abs(value) >= 1e6 ? TickNumber(value / 1e6, figures) + "M"
        : Math.Abs(value) >= 1e3 ? TickNumber(value / 1e3, figures) + "k"
        : TickNumber(value, figures);

    /// <summary>A time tick in the unit that suits it: 500 µs, 20 ms, 1.5 s.</summary>
    public static string TickTime(double nanoseconds, int figures = 3)
    {
        (double value, string unit) = ScaleTime(nanoseconds);
        return TickNumber(value, figures) + " " + unit;
    }

    /// <summary>A byte tick with a decimal unit: 100 B, 1.5 kB, 12 MB.</summary>
    public static string TickBytes(double bytes, int figures = 3)
    {
        (double value, int unit) = ScaleBytes(bytes);
        return (unit == 0 ? Math.Round(value).ToString("#,0", CultureInfo.InvariantCulture) : TickNumber(value, figures)) + " " + s_byteUnits[unit];
    }

    /// <summary>A ratio to three significant figures with ×: 35,800×, 134×, 1.92×, 0.951×; "less than 0.01×" below that; empty for null.</summary>
    public static string Ratio(double? ratio) => ratio is double r ? Ratio(r, 3) : "";

    /// <summary>A ratio to <paramref name="figures"/> significant figures with ×, trailing zeros kept (a tick's too: 2.00×).</summary>
    public static string Ratio(double ratio, int figures) => ratio switch
    {
        double r when double.IsNaN(r) || double.IsInfinity(r) => "n/a",
        < 0.01 => "less than 0.01" + Times,
        double r => Significant(SignificantFigures(r, figures), figures, trailingZeros: true) + Times,
    };

    /// <summary><paramref name="value"/> rounded to <paramref name="figures"/> significant figures (35,819 → 35,800).</summary>
    public static double SignificantFigures(double value, int figures)
    {
        if (value == 0 || double.IsNaN(value) || double.IsInfinity(value))
        {
            return value;
        }
        double scale = Math.Pow(10, Math.Floor(Math.Log10(Math.Abs(value))) - figures + 1);
        return Math.Round(value / scale, MidpointRounding.AwayFromZero) * scale;
    }

    /// <summary>A ratio's interval: "[1.48×, 1.61×]"; empty where there is none.</summary>
    public static string RatioInterval(double lower, double upper) =>
        double.IsNaN(lower) || double.IsNaN(upper) ? "" : $"[{Ratio(lower)}, {Ratio(upper)}]";

    /// <summary>A median's interval with its exact level: "[1.20 s, 1.50 s] (96.9%)"; "n/a" where there is none.</summary>
    public static string Interval(MedianInterval interval) =>
        interval.Exists ? $"{Interval(interval.Lower, interval.Upper)} ({Percent(interval.Level)})" : "n/a";

    /// <summary>A level or fraction as a percentage to one decimal: 96.9%.</summary>
    public static string Percent(double fraction) => fraction.ToString("0.0%", CultureInfo.InvariantCulture);

    /// <summary>
    /// A trend test's result for tables: "none (p = 0.41)", "getting faster (p &lt; 0.001)", or why it could not run
    /// ("4 bursts: too few to test", with the drift it could not judge where the bursts differ by more than a quarter).
    /// </summary>
    public static string Trend(TrendTest trend, IReadOnlyList<double>? series = null)
    {
        ArgumentNullException.ThrowIfNull(trend);
        if (trend.Count < TrendTest.MinimumCount)
        {
            string why = $"{Plural(trend.Count, "burst")}: too few to test (it needs {TrendTest.MinimumCount})";
            if (series is { Count: >= 2 } && series.Min() > 0 && series.Max() / series.Min() > 1.25)
            {
                why += $"; they went {Time(series[0])} → {Time(series[^1])}";
            }
            return why;
        }
        string p = trend.PValue < 0.001 ? "p < 0.001" : $"p = {trend.PValue.ToString("0.###", CultureInfo.InvariantCulture)}";
        return trend.HasTrend ? $"**{trend.Description}** ({p})" : $"none ({p})";
    }

    /// <summary>An interval "[a, b]" of times; "n/a" where undefined.</summary>
    public static string Interval(double lowerNs, double upperNs) =>
        double.IsNaN(lowerNs) || double.IsNaN(upperNs) ? "n/a" : $"[{Time(lowerNs)}, {Time(upperNs)}]";

    /// <summary>Bytes with a decimal unit (1 kB = 1,000 B), three significant figures: 176 B, 1.50 kB, 40.2 MB; empty for null.</summary>
    public static string Bytes(double? bytes)
    {
        if (bytes is not double b)
        {
            return "";
        }
        if (b < 0)
        {
            return "−" + Bytes(-b);
        }
        (double value, int unit) = ScaleBytes(b);
        return (unit == 0 ? Math.Round(value).ToString("#,0", CultureInfo.InvariantCulture) : Number(value)) + " " + s_byteUnits[unit];
    }

    private static readonly string[] s_byteUnits = ["B", "kB", "MB", "GB", "TB"];

    // A byte count in the decimal unit that suits it: the next unit from 999.5 up, where three figures would print 1,000.
    private static (double Value, int Unit) ScaleBytes(double bytes)
    {
        int unit = 0;
        while (Math.Round(bytes, 0) >= 1000 && unit < s_byteUnits.Length - 1)
        {
            bytes /= 1000;
            unit++;
        }
        return (bytes, unit);
    }

    /// <summary>CPU time from milliseconds: "12.3 ms", "850 µs"; empty where it was not recorded.</summary>
    public static string CpuMs(double? milliseconds) => milliseconds is double ms ? Time(ms * 1e6) : "";

    /// <summary>Voluntary and involuntary context switches: "1,234 / 56"; empty where they were not counted.</summary>
    public static string Switches(double? voluntary, double? involuntary) =>
        voluntary is double v && involuntary is double i ? $"{Count(v)} / {Count(i)}" : "";

    /// <summary>
    /// A count: grouped, whole where it is whole (a median of an even number of whole counts may be a half: 12.5);
    /// empty for null.
    /// </summary>
    public static string Count(double? value) => value switch
    {
        null => "",
        double v when Math.Abs(v - Math.Round(v)) < 1e-9 => v.ToString("#,0", CultureInfo.InvariantCulture),
        double v => v.ToString("#,0.#", CultureInfo.InvariantCulture),
    };

    /// <summary>"1 thread", "45 threads", "1,000 calls": a count with its noun in the right number.</summary>
    public static string Plural(double count, string noun, string? plural = null) =>
        $"{Count(count)} {(Math.Abs(count - 1) < 1e-9 ? noun : plural ?? noun + "s")}";

    /// <summary>"6" or "2–6": the range of sample counts.</summary>
    public static string CountRange(IEnumerable<int> counts)
    {
        var distinct = counts.Distinct().Order().ToList();
        return distinct.Count == 0 ? "0" : distinct.Count == 1 ? Count(distinct[0]) : $"{Count(distinct[0])}–{Count(distinct[^1])}";
    }

    /// <summary>"96.9%" or "50.0–96.9%": the levels of the intervals of <paramref name="summaries"/>; "no" where none has one.</summary>
    public static string Levels(IEnumerable<SampleSummary> summaries)
    {
        var levels = summaries.Where(s => s.Interval.Exists).Select(s => Percent(s.Interval.Level)).Distinct().OrderBy(p => double.Parse(p.TrimEnd('%'), CultureInfo.InvariantCulture)).ToList();
        return levels.Count == 0 ? "no" : levels.Count == 1 ? levels[0] : $"{levels[0][..^1]}–{levels[^1]}";
    }

    /// <summary>"Type.Method(args)" from a full BenchmarkDotNet name.</summary>
    public static string CaseName(string fullName)
    {
        ArgumentNullException.ThrowIfNull(fullName);
        // "ConcurrencyBench.Benchmarks.Type.Method(args)" -> "Type.Method(args)"
        int open = fullName.IndexOf('(', StringComparison.Ordinal);
        string head = open < 0 ? fullName : fullName[..open];
        string[] parts = head.Split('.');
        string shortHead = parts.Length >= 2 ? $"{parts[^2]}.{parts[^1]}" : head;
        return open < 0 ? shortHead : shortHead + fullName[open..];
    }

    /// <summary>A duration in seconds as people write it: "28 min 12 s", "45 s", "1 h 2 min".</summary>
    public static string Duration(double seconds)
    {
        if (!double.IsFinite(seconds) || seconds < 0 || seconds > 1e7)
        {
            return $"{Number(seconds)} s";
        }
        var span = TimeSpan.FromSeconds(Math.Round(seconds));
        return span.TotalHours >= 1 ? $"{(int)span.TotalHours} h {span.Minutes} min"
            : span.TotalMinutes >= 1 ? $"{span.Minutes} min {span.Seconds} s"
            : $"{span.Seconds} s";
    }
}
