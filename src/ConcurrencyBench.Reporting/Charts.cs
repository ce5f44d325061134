using System.Globalization;
using ConcurrencyBench.Models;
using ScottPlot;

namespace ConcurrencyBench.Reporting;

/// <summary>One chart written to disk, as PNG and SVG with the same look.</summary>
/// <param name="Name">The chart's base name, <c>{Family}-{kind}</c>.</param>
/// <param name="Title">Its title.</param>
/// <param name="PngPath">The PNG file.</param>
/// <param name="SvgPath">The SVG file.</param>
public sealed record ChartFile(string Name, string Title, string PngPath, string SvgPath);

/// <summary>
/// The plotting shared by every family (a family's own charts live in its file under <c>Families/</c>): time against
/// N, repeated bursts, timelines, the comparison chart, and the helpers they are drawn with (ScottPlot 5). Log axes are drawn as log10 of the data with power-of-ten ticks
/// (ScottPlot has no log axis type); every axis label carries its unit; one palette colours each model the same
/// in every chart.
/// </summary>
public static class Charts
{
    /// <summary>Chart size in pixels (the legend takes a column at the right).</summary>
    public const int Width = 1200;

    /// <inheritdoc cref="Width"/>
    public const int Height = 560;

    private static readonly ScottPlot.Palettes.Category10 s_palette = new();

    /// <summary>The colour of a model, the same in every chart.</summary>
    public static Color ColorOf(int order) => s_palette.GetColor(order);

    /// <summary>
    /// Wall time against load N on log–log axes for <paramref name="cases"/> (a family's, or one group of it): a series
    /// per model, its ideal dashed (named by its <see cref="ModelInfo.IdealText"/>), the median's interval
    /// as error bars.
    /// </summary>
    public static ChartFile? TimeAgainstLoad(IEnumerable<CaseStatistics> cases, string folder, string name, string title, string what,
        string parameter = "N", string load = "concurrent jobs N")
    {
        ArgumentNullException.ThrowIfNull(cases);
        var loaded = cases.Where(s => s.Case.IntParameter(parameter) is > 0).ToList();
        if (loaded.Count == 0)
        {
            return null;
        }
        Plot plot = NewPlot(title, $"{load} (log scale)", $"{what} (log scale; µs, ms, s)");
        bool manyHosts = Format.FromSeveralHosts(loaded);
        var idealsDrawn = new HashSet<string>(StringComparer.Ordinal);
        foreach (var series in SeriesOf(loaded, manyHosts))
        {
            var points = series.Where(s => s.HasMedian).OrderBy(s => s.Case.IntParameter(parameter)).ToList();
            if (points.Count == 0)
            {
                continue;
            }
            double[] xs = [.. points.Select(s => Math.Log10(s.Case.IntParameter(parameter)!.Value))];
            // A case without a median (a trend, no cold bursts) breaks the line: no segment may pass over it as if
            // the model had been measured there.
            int[] gaps = [.. series.Where(s => !s.HasMedian).Select(s => s.Case.IntParameter(parameter)!.Value)];
            foreach (System.Range segment in Segments([.. points.Select(p => p.Case.IntParameter(parameter)!.Value)], gaps))
            {
                AddTimeSeries(plot, series.Key, xs[segment], points.ToArray()[segment], legend: segment.Start.Value == 0);
            }
            if (points.All(p => p.IdealNs is > 0))
            {
                double[] ideal = [.. points.Select(p => Math.Log10(p.IdealNs!.Value))];
                string key = string.Join(',', ideal.Select(v => v.ToString("R", CultureInfo.InvariantCulture)));
                if (idealsDrawn.Add(key))
                {
                    var line = plot.Add.ScatterLine(xs, ideal);
                    line.Color = series.Key.Color.WithAlpha(0.8);
                    line.LinePattern = LinePattern.Dashed;
                    line.LineWidth = 1.5f;
                    line.LegendText = $"ideal ({points[0].Model.IdealText})";
                }
            }
        }
        LogTicks(plot, plot.Axes.Bottom, v => FormatNumber(Pow10(v)));
        LogTicks(plot, plot.Axes.Left, v => FormatTime(Pow10(v)));
        return Save(plot, folder, name, title);
    }

    /// <summary>
    /// The runs of consecutive points (at the sorted parameter values <paramref name="at"/>) that no gap falls between:
    /// where a series has a case without a median, its line stops and starts again after it.
    /// </summary>
    internal static IEnumerable<System.Range> Segments(IReadOnlyList<int> at, IReadOnlyList<int> gaps)
    {
        int start = 0;
        for (int i = 1; i <= at.Count; i++)
        {
            if (i == at.Count || gaps.Any(g => g > at[i - 1] && g < at[i]))
            {
                yield return start..i;
                start = i;
            }
        }
    }

    /// <summary>
    /// Repeated bursts shown as the curve they are: operation time against burst number in one process, one line per
    /// case of <paramref name="cases"/> (a family's) that depends on the pool's history (it has cold bursts or a trend), with
    /// the threads the process had at the end of each burst (dotted, right axis) and each case's cold-burst median
    /// as a marker at burst 1.
    /// </summary>
    public static ChartFile? RepeatedBursts(IEnumerable<CaseStatistics> cases, ResultSet results, string familyTitle, string folder, string name)
    {
        ArgumentNullException.ThrowIfNull(cases);
        ArgumentNullException.ThrowIfNull(results);
        var learning = cases.Where(s => s.Repeated.Count > 1 && (s.Cold is not null || s.Trend.HasTrend))
            .OrderBy(s => s.Model.Order).ThenBy(s => s.Case.IntParameter("N")).ThenBy(s => s.Case.IntParameter("K")).ThenBy(s => s.Case.Host.Label, StringComparer.Ordinal)
            .ToList();
        if (learning.Count == 0)
        {
            return null;
        }
        string title = $"{familyTitle}: repeated bursts in one process (how the pool learns)";
        Plot plot = NewPlot(title, "burst number in the process (1 = cold)", "wall time per burst (solid; log scale)");
        plot.Axes.Right.Label.Text = "threads in the process at the end of the burst (dotted)";
        bool manyHosts = Format.FromSeveralHosts(learning);
        var hosts = learning.Select(s => s.Case.Host).Distinct().ToList();
        for (int i = 0; i < learning.Count; i++)
        {
            CaseStatistics s = learning[i];
            Color color = s_palette.GetColor(i);
            double[] xs = [.. Enumerable.Range(1, s.Repeated.Count).Select(x => (double)x)];
            var line = plot.Add.ScatterLine(xs, [.. s.Repeated.Select(Math.Log10)]);
            line.Color = color;
            line.LineWidth = 2;
            line.MarkerSize = 6;
            line.MarkerShape = HostMarkers[hosts.IndexOf(s.Case.Host) % HostMarkers.Length];
            line.LegendText = BurstLabel(s) + (manyHosts ? $", {s.Case.Host.Label}" : "");
            if (s.Kind == SampleKind.Cold)
            {
                var cold = plot.Add.Marker(1, Math.Log10(s.MedianNs), MarkerShape.OpenDiamond, 14);
                cold.Color = color;
            }
            if (results.TimelineOf(s.Case)?.Bursts is { Count: > 0 } marks)
            {
                var ends = marks.Take(s.Repeated.Count).ToList();
                double[] endXs = [.. xs.Take(ends.Count)];
                double[] endThreads = [.. ends.Select(m => (double)m.ProcessThreads)];
                var threads = plot.Add.ScatterLine(endXs, endThreads);
                threads.Color = color.WithAlpha(0.7);
                threads.LinePattern = LinePattern.Dotted;
                threads.LineWidth = 1.5f;
                threads.MarkerSize = 0;
                threads.Axes.YAxis = plot.Axes.Right;
            }
        }
        var coldLegend = plot.Add.Marker(double.NaN, double.NaN, MarkerShape.OpenDiamond, 12);
        coldLegend.Color = Colors.Black;
        coldLegend.LegendText = "median of cold bursts (fresh processes)";
        LogTicks(plot, plot.Axes.Left, v => FormatTime(Pow10(v)));
        plot.Axes.Bottom.TickGenerator = new ScottPlot.TickGenerators.NumericFixedInterval(1);
        return Save(plot, folder, name, title);
    }

    private static string BurstLabel(CaseStatistics s)
    {
        string k = s.Case.IntParameter("K") is int workers ? $", k = {workers:#,0}" : "";
        string n = s.Case.IntParameter("N") is int jobs ? $": N = {jobs:#,0}{k}" : "";
        return $"{s.Model.Label}{n}";
    }

    /// <summary>One timeline chart per case that has a timeline: <c>Timeline-{case}.png/.svg</c>.</summary>
    public static IReadOnlyList<ChartFile> Timelines(ResultSet results, string folder)
    {
        ArgumentNullException.ThrowIfNull(results);
        var charts = new List<ChartFile>();
        bool severalHosts = results.Timelines.Keys.Select(k => k.Host).Distinct().Skip(1).Any();
        foreach (((HostInfo? host, BurstKind bursts, string fullName), ThreadPoolTimeline timeline) in results.Timelines
            .OrderBy(t => t.Key.Case, StringComparer.Ordinal).ThenBy(t => t.Key.Bursts).ThenBy(t => t.Key.Host?.Label, StringComparer.Ordinal))
        {
            string hostLabel = severalHosts && host is not null ? $" [{host.Label}]" : "";
            string title = $"Thread-pool timeline: {ShortCaseName(fullName)}{(bursts == BurstKind.Cold ? ", first cold burst" : "")}{hostLabel}";
            Plot plot = NewPlot(title, "time since the case's setup started sampling (s)", "threads (solid)");
            plot.Axes.Right.Label.Text = "queued pool work items (dotted)";
            double[] t = [.. timeline.Samples.Select(x => x.ElapsedMs / 1000)];
            double[] process = [.. timeline.Samples.Select(x => (double)x.ProcessThreads)];
            double[] pool = [.. timeline.Samples.Select(x => (double)x.PoolThreads)];
            double[] queued = [.. timeline.Samples.Select(x => (double)x.PendingWorkItems)];
            var processLine = plot.Add.ScatterLine(t, process);
            processLine.Color = ColorOf(0);
            processLine.MarkerSize = 0;
            processLine.LineWidth = 2;
            processLine.LegendText = "process threads";
            var poolLine = plot.Add.ScatterLine(t, pool);
            poolLine.Color = ColorOf(1);
            poolLine.MarkerSize = 0;
            poolLine.LineWidth = 2;
            poolLine.LegendText = "thread-pool threads";
            var queuedLine = plot.Add.ScatterLine(t, queued);
            queuedLine.Color = ColorOf(3);
            queuedLine.MarkerSize = 0;
            queuedLine.LinePattern = LinePattern.Dotted;
            queuedLine.Axes.YAxis = plot.Axes.Right;
            queuedLine.LegendText = "queued work items";
            string name = "Timeline-" + (bursts == BurstKind.Cold ? "cold-" : "") + string.Concat((ShortCaseName(fullName) + hostLabel).Select(c => char.IsLetterOrDigit(c) || c is '.' or '-' ? c : '_'));
            charts.Add(Save(plot, folder, name, title));
        }
        return charts;
    }

    /// <summary>
    /// The comparison chart: the ratio of medians per case with its interval, coloured by verdict, over a band for
    /// the threshold. Written as <c>Compare-ratio.png/.svg</c>.
    /// </summary>
    public static ChartFile? ComparisonRatios(ComparisonReport report, double thresholdFraction, string folder)
    {
        ArgumentNullException.ThrowIfNull(report);
        if (report.Cases.All(c => double.IsNaN(c.Ratio)))
        {
            return null; // nothing compared, or only cases that could not be
        }
        const string title = "Current against baseline: ratio of medians per case";
        Plot plot = NewPlot(title, "current median / baseline median (log scale; 1 = unchanged)", "");
        // Ratios are multiplicative: 0.5 and 2 are the same distance from 1, so the axis is log10 of the ratio.
        var band = plot.Add.HorizontalSpan(Math.Log10(1 / (1 + thresholdFraction)), Math.Log10(1 + thresholdFraction));
        band.FillStyle.Color = Colors.Gray.WithAlpha(0.2);
        band.LegendText = $"threshold ±{thresholdFraction:P0}";
        var cases = report.Cases.Where(c => !double.IsNaN(c.Ratio)).Reverse().ToList();
        foreach (Verdict verdict in Enum.GetValues<Verdict>())
        {
            var points = cases.Select((c, i) => (c, i)).Where(p => p.c.Verdict == verdict).ToList();
            if (points.Count == 0)
            {
                continue;
            }
            Color color = verdict switch
            {
                Verdict.Slower => ColorOf(3),
                Verdict.Faster => ColorOf(2),
                Verdict.Same => ColorOf(0),
                _ => Colors.Gray,
            };
            double[] xs = [.. points.Select(p => Math.Log10(p.c.Ratio))];
            double[] ys = [.. points.Select(p => (double)p.i)];
            var markers = plot.Add.ScatterPoints(xs, ys);
            markers.Color = color;
            markers.MarkerSize = 9;
            markers.LegendText = verdict.ToString();
            var error = new ScottPlot.Plottables.ErrorBar(xs, ys, null!, null!, null!, null!)
            {
                XErrorNegative = [.. points.Select(p => double.IsNaN(p.c.RatioLower) ? 0 : Math.Log10(p.c.Ratio / p.c.RatioLower))],
                XErrorPositive = [.. points.Select(p => double.IsNaN(p.c.RatioUpper) ? 0 : Math.Log10(p.c.RatioUpper / p.c.Ratio))],
                Color = color,
                LineWidth = 1.5f,
                CapSize = 5,
            };
            plot.Add.Plottable(error);
        }
        LogTicks(plot, plot.Axes.Bottom, v => FormatNumber(Pow10(v)));
        plot.Axes.Left.SetTicks([.. cases.Select((_, i) => (double)i)], [.. cases.Select(c => ShortCaseName(c.Name))]);
        plot.Axes.Left.TickLabelStyle.FontSize = 10;
        int height = Math.Max(Height, 120 + (22 * cases.Count));
        Directory.CreateDirectory(folder);
        string png = Path.Combine(folder, "Compare-ratio.png");
        string svg = Path.Combine(folder, "Compare-ratio.svg");
        plot.SavePng(png, 1200, height);
        plot.SaveSvg(svg, 1200, height);
        plot.Dispose();
        return new ChartFile("Compare-ratio", title, png, svg);
    }

    /// <summary>"Type.Method(args)" from a full BenchmarkDotNet name.</summary>
    public static string ShortCaseName(string name)
    {
        // "ConcurrencyBench.Benchmarks.Type.Method(args)" -> "Type.Method(args)"
        int open = name.IndexOf('(', StringComparison.Ordinal);
        string head = open < 0 ? name : name[..open];
        string[] parts = head.Split('.');
        string shortHead = parts.Length >= 2 ? $"{parts[^2]}.{parts[^1]}" : head;
        return open < 0 ? shortHead : shortHead + name[open..];
    }

    internal static void AddTimeSeries(Plot plot, SeriesKey key, double[] xs, IReadOnlyList<CaseStatistics> points, bool legend = true)
    {
        Color color = key.Color;
        double[] ys = [.. points.Select(p => Math.Log10(p.MedianNs))];
        var line = plot.Add.ScatterLine(xs, ys);
        line.Color = color;
        line.LineWidth = 2;
        line.MarkerSize = 7;
        line.LineWidth = key.HostIndex == 0 ? 2 : 1;
        line.MarkerShape = HostMarkers[key.HostIndex % HostMarkers.Length];
        line.LegendText = legend ? key.Label : "";
        // Error bars in log space: the distance from log(median) to log(CI bound); none where the CI is undefined.
        double[] below = [.. points.Select(p => double.IsNaN(p.CiLowerNs) || p.CiLowerNs <= 0 ? 0 : Math.Log10(p.MedianNs / p.CiLowerNs))];
        double[] above = [.. points.Select(p => double.IsNaN(p.CiUpperNs) || p.CiUpperNs <= 0 ? 0 : Math.Log10(p.CiUpperNs / p.MedianNs))];
        AddErrorBar(plot, xs, ys, below, above, color);
    }

    /// <summary>
    /// Vertical error bars from ys - below to ys + above. Set by name: ScottPlot's constructor takes each axis's
    /// positive error before its negative one, and passing (below, above) in that order draws every whisker upside down.
    /// </summary>
    internal static void AddErrorBar(Plot plot, double[] xs, double[] ys, double[] below, double[] above, Color color)
    {
        var error = new ScottPlot.Plottables.ErrorBar(xs, ys, null!, null!, null!, null!)
        {
            YErrorNegative = below,
            YErrorPositive = above,
            Color = color,
            LineWidth = 1.5f,
            CapSize = 6,
        };
        plot.Add.Plottable(error);
    }

    /// <summary>A series: colour by model; marker shape and line weight by host, so hosts stay apart in one colour.
    /// (Not dash patterns: Skia's SVG writer cannot draw a dashed line under markers.) A series never mixes hosts or
    /// delays: runs with different d merged into one report draw one series per d, each named by it.</summary>
    internal sealed record SeriesKey(string Label, Color Color, int Order, int HostIndex, int? DelayMs);

    internal static readonly MarkerShape[] HostMarkers = [MarkerShape.FilledCircle, MarkerShape.FilledSquare, MarkerShape.FilledTriangleUp, MarkerShape.FilledDiamond];

    internal static IEnumerable<IGrouping<SeriesKey, CaseStatistics>> SeriesOf(IEnumerable<CaseStatistics> cases, bool manyHosts)
    {
        List<CaseStatistics> all = [.. cases];
        var hosts = all.Select(s => s.Case.Host).Distinct().ToList();
        bool manyDelays = all.Select(s => s.Case.IntParameter("DelayMs")).Distinct().Skip(1).Any();
        return all
            .GroupBy(s => new SeriesKey(
                s.Model.Label + (manyHosts ? $", {s.Case.Host.Label}" : "") + (manyDelays ? $", d = {s.Case.IntParameter("DelayMs")} ms" : ""),
                ColorOf(s.Model.Order), s.Model.Order, manyHosts ? hosts.IndexOf(s.Case.Host) : 0, s.Case.IntParameter("DelayMs")))
            .OrderBy(g => g.Key.Order).ThenBy(g => g.Key.DelayMs).ThenBy(g => g.Key.Label, StringComparer.Ordinal);
    }

    internal static Plot NewPlot(string title, string xLabel, string yLabel, Edge legend = Edge.Right)
    {
        ChartFonts.EnsureLoaded();
        var plot = new Plot();
        plot.Font.Set(ChartFonts.Family);
        plot.Title(title, 16);
        plot.XLabel(xLabel, 14);
        plot.YLabel(yLabel, 14);
        plot.Legend.FontSize = 11;
        // Outside the data area, to the right: no corner inside is free of data on every chart (the memory chart's
        // N = 1 markers, the timeline's thread line), and a legend must never cover a point.
        plot.ShowLegend(legend);
        return plot;
    }

    internal static ChartFile Save(Plot plot, string folder, string name, string title, int width = Width, int height = Height)
    {
        Directory.CreateDirectory(folder);
        plot.Font.Set(ChartFonts.Family);
        string png = Path.Combine(folder, name + ".png");
        string svg = Path.Combine(folder, name + ".svg");
        plot.SavePng(png, width, height);
        plot.SaveSvg(svg, width, height);
        plot.Dispose();
        return new ChartFile(name, title, png, svg);
    }

    /// <summary>
    /// Power-of-ten ticks for an axis that holds log10 of the data, chosen from the axis range after autoscaling:
    /// 1 per decade over wide ranges, 1-2-5 over a few decades, finer steps within one decade (so a narrow range
    /// still gets labels), with minor ticks between.
    /// </summary>
    internal static void LogTicks(Plot plot, IAxis axis, Func<double, string> format)
    {
        plot.Axes.AutoScale();
        var range = axis.Range;
        double low = Math.Min(range.Min, range.Max), high = Math.Max(range.Min, range.Max);
        double span = high - low;
        double[] mantissas = span >= 3 ? [1] : span >= 1 ? [1, 2, 5] : span >= 0.4 ? [1, 1.5, 2, 3, 5, 7] : [1, 1.2, 1.5, 2, 2.5, 3, 4, 5, 6, 8];
        var generator = new ScottPlot.TickGenerators.NumericManual();
        for (int decade = (int)Math.Floor(low) - 1; decade <= (int)Math.Ceiling(high); decade++)
        {
            foreach (double mantissa in mantissas)
            {
                double position = decade + Math.Log10(mantissa);
                if (position >= low - 1e-9 && position <= high + 1e-9)
                {
                    generator.AddMajor(position, format(position));
                }
            }
            for (int minor = 2; minor <= 9; minor++)
            {
                double position = decade + Math.Log10(minor);
                if (position >= low && position <= high)
                {
                    generator.AddMinor(position);
                }
            }
        }
        axis.TickGenerator = generator;
    }

    internal static double Pow10(double exponent) => Math.Pow(10, exponent);

    /// <summary>A time tick in the unit that suits it: 500 µs, 20 ms, 1.5 s.</summary>
    public static string FormatTime(double nanoseconds)
    {
        (double value, string unit) = Format.ScaleTime(nanoseconds);
        return FormatNumber(value) + " " + unit;
    }

    /// <summary>
    /// Formats a tick value to three significant figures, grouped: 1, 1.5, 250, 1,000, 1,500, 0.015. A tick's label
    /// must name the value at its position: 10^log10(1.5) is 1.4999999999999998, which a whole-number format calls 1 or 2.
    /// </summary>
    public static string FormatNumber(double value)
    {
        if (value == 0 || double.IsNaN(value) || double.IsInfinity(value))
        {
            return value.ToString(CultureInfo.InvariantCulture);
        }
        double magnitude = Math.Pow(10, Math.Floor(Math.Log10(Math.Abs(value))) - 2);
        double rounded = Math.Round(value / magnitude) * magnitude;
        return rounded.ToString("#,0.#####", CultureInfo.InvariantCulture);
    }

    /// <summary>Formats a byte count with a decimal unit, for power-of-ten ticks: 100 B, 10 kB, 1 MB.</summary>
    public static string FormatDecimalBytes(double bytes)
    {
        (double value, string unit) = Scale(bytes, 1000, ["B", "kB", "MB", "GB", "TB"]);
        return FormatNumber(value) + " " + unit;
    }

    /// <summary>Formats a byte count with a binary unit: 176 B, 1.5 KiB, 40 MiB.</summary>
    public static string FormatBytes(double bytes)
    {
        (double value, string unit) = Scale(bytes, 1024, ["B", "KiB", "MiB", "GiB", "TiB"]);
        return value.ToString(value >= 100 || unit == "B" ? "0" : "0.#", CultureInfo.InvariantCulture) + " " + unit;
    }

    private static (double Value, string Unit) Scale(double bytes, double step, string[] units)
    {
        int unit = 0;
        while (bytes >= step && unit < units.Length - 1)
        {
            bytes /= step;
            unit++;
        }
        return (bytes, units[unit]);
    }
}
