using ScottPlot;
using static ConcurrencyBench.Reporting.ChartPalette;

namespace ConcurrencyBench.Reporting;

/// <summary>
/// The drawing primitives the charts are made of (ScottPlot 5): series of medians with their whiskers, patterned
/// lines, error bars, sparse markers along long lines, and the legend's model entries.
/// </summary>
internal static class ChartDrawing
{
    /// <summary>A series of medians against a load: one model on one host (and one d).</summary>
    internal sealed record TimeSeries(string Label, int Order, HostInfo Host, IReadOnlyList<CaseStatistics> Cases);

    /// <summary>One plotted median: x and log10(y), the log10 of its interval's ends (NaN where none), and its kind.</summary>
    internal readonly record struct MedianPoint(double X, double Y, double Lower, double Upper, SampleKind Kind)
    {
        /// <summary>
        /// The point of a summary at <paramref name="x"/> (a gap, with Kind None, where there is no summary), its median
        /// and interval less <paramref name="less"/> ns (a shift moves the Harrell–Davis median and the interval's order
        /// statistics alike); a median that the shift leaves at or below zero is a gap, a bound below zero no whisker.
        /// </summary>
        public static MedianPoint Of(double x, SampleSummary? summary, double less = 0) => summary is null || double.IsNaN(summary.MedianNs) || summary.MedianNs - less <= 0
            ? new(x, double.NaN, double.NaN, double.NaN, SampleKind.None)
            : new(x, Math.Log10(summary.MedianNs - less),
                summary.Interval.Exists && summary.Interval.Lower - less > 0 ? Math.Log10(summary.Interval.Lower - less) : double.NaN,
                summary.Interval.Exists && summary.Interval.Upper - less > 0 ? Math.Log10(summary.Interval.Upper - less) : double.NaN,
                summary.Kind);

        /// <summary>A value without an interval (a median of peaks, a rate): log10 of it, or a gap.</summary>
        public static MedianPoint Value(double x, double? value, SampleKind kind) => value is double v && v > 0
            ? new(x, Math.Log10(v), double.NaN, double.NaN, kind)
            : new(x, double.NaN, double.NaN, double.NaN, SampleKind.None);
    }

    /// <summary>
    /// Draws one series of medians: lines between neighbouring points of the same kind only (a gap, or a change from
    /// cold to warm, breaks the line), each marker the runtime's shape, filled for cold and open for warm, and the
    /// interval of each median as whiskers. Markers and whiskers sit <paramref name="dodge"/> (x units) beside the
    /// point, so that series with equal values do not hide one another, while the line runs through the point itself:
    /// two series of one value read as one line. Without <paramref name="lines"/>, the points alone (where nothing
    /// between two measured points was measured, and a line would draw it).
    /// </summary>
    internal static void DrawMedians(ChartPanel panel, string seriesName, Color color, RuntimeStyles runtimes, HostInfo host, IReadOnlyList<MedianPoint> points,
        Dash dash = Dash.Solid, double dodge = 0, bool lines = true)
    {
        Plot plot = panel.Plot;
        var sorted = points.OrderBy(p => p.X).ToList();
        int start = 0;
        for (int i = 1; i <= sorted.Count; i++)
        {
            if (i < sorted.Count && sorted[i].Kind == sorted[start].Kind)
            {
                continue;
            }
            var run = sorted.GetRange(start, i - start);
            start = i;
            if (run[0].Kind == SampleKind.None)
            {
                continue;
            }
            double[] ys = [.. run.Select(p => p.Y)];
            if (lines)
            {
                AddLine(plot, [.. run.Select(p => p.X)], ys, color, runtimes.LineWidthOf(host), dash);
            }
            var markers = plot.Add.ScatterPoints([.. run.Select(p => p.X + dodge)], ys);
            markers.Color = color;
            markers.MarkerShape = runtimes.MarkerOf(host, filled: run[0].Kind == SampleKind.Cold);
            markers.MarkerSize = 7;
            markers.MarkerLineWidth = 1.5f;
            var whiskers = run.Where(p => !double.IsNaN(p.Lower) && !double.IsNaN(p.Upper)).ToList();
            if (whiskers.Count > 0)
            {
                AddErrorBar(plot, [.. whiskers.Select(p => p.X + dodge)], [.. whiskers.Select(p => p.Y)],
                    [.. whiskers.Select(p => p.Y - p.Lower)], [.. whiskers.Select(p => p.Upper - p.Y)], color);
            }
        }
        if (sorted.Any(p => p.Kind != SampleKind.None))
        {
            panel.AddSeries(seriesName);
        }
    }

    /// <summary>
    /// The labelled gaps of one panel (<see cref="ChartPanel.AddGap"/>): each series' x positions without a point, with
    /// why ("not run", "failed (...)"): one label per series and reason ("thread per connection: failed (the server
    /// admitted 7,619 of 10,000 clients)"), and series left out at the same positions for the same reason share one
    /// ("not run: sequential, thread per call"), in their colour where they are one, else in the guides' colour.
    /// </summary>
    internal static void AddGaps(ChartPanel panel, IEnumerable<(string Series, Color Color, double X, string Why)> gaps)
    {
        var bySeries = gaps.GroupBy(g => (g.Series, g.Why))
            .Select(g => (g.Key.Series, g.Key.Why, g.First().Color, Xs: g.Select(x => x.X).Distinct().Order().ToList()))
            .ToList();
        foreach (var same in bySeries.GroupBy(g => (g.Why, Key: string.Join(",", g.Xs.Select(x => x.ToString("R", System.Globalization.CultureInfo.InvariantCulture))))))
        {
            var series = same.ToList();
            Color color = series.Select(s => s.Color).Distinct().Count() == 1 ? series[0].Color : GuideColor;
            string text = series.Count == 1 ? $"{series[0].Series}: {same.Key.Why}" : $"{same.Key.Why}: {string.Join(", ", series.Select(s => s.Series))}";
            panel.AddGap(series[0].Xs, text, color);
        }
    }

    /// <summary>
    /// Why a case has no point: "failed (...)" (the failure's first clause) or, where it ran but has no median of the
    /// kind drawn, "no median".
    /// </summary>
    internal static string NoPoint(CaseStatistics s)
    {
        ArgumentNullException.ThrowIfNull(s);
        return (s.Case.Failure ?? s.ColdCase?.Failure) is { } failure ? Failed(failure) : "no median";
    }

    /// <summary>"failed (...)": the first clause of a failure (up to its first ";" or " (").</summary>
    internal static string Failed(string failure)
    {
        ArgumentNullException.ThrowIfNull(failure);
        int cut = new[] { failure.IndexOf(';', StringComparison.Ordinal), failure.IndexOf(" (", StringComparison.Ordinal) }.Where(i => i > 0).DefaultIfEmpty(failure.Length).Min();
        return $"failed ({failure[..cut]})";
    }

    /// <summary>
    /// A line through (xs, ys) in data coordinates, stroked with <paramref name="dash"/> in the PNG and the SVG alike,
    /// against the panel's one y axis (a second quantity gets a panel of its own, never a right axis).
    /// </summary>
    internal static PatternedLine AddLine(Plot plot, double[] xs, double[] ys, Color color, float width, Dash dash)
    {
        var line = new PatternedLine(xs, ys, color, width, dash);
        plot.Add.Plottable(line);
        return line;
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

    /// <summary>
    /// A dozen markers along a line of many samples (a timeline, a distribution), so that its runtime's marker shows
    /// without hiding the line.
    /// </summary>
    internal static void AddSparseMarkers(Plot plot, double[] xs, double[] ys, MarkerShape shape, Color color, double phase = 0, int count = 12)
    {
        if (xs.Length == 0)
        {
            return;
        }
        // Series of one chart start at different phases: where their lines meet, their markers do not.
        double step = (xs.Length - 1) / (double)Math.Max(1, count - 1);
        int[] at = [.. Enumerable.Range(0, count).Select(i => (int)Math.Round(Math.Min(xs.Length - 1, (i + phase) * step))).Distinct()];
        double[] markerXs = [.. at.Select(i => xs[i])];
        double[] markerYs = [.. at.Select(i => ys[i])];
        var markers = plot.Add.ScatterPoints(markerXs, markerYs);
        markers.Color = color;
        markers.MarkerShape = shape;
        markers.MarkerSize = 7;
        markers.MarkerLineWidth = 1.5f;
    }

    /// <summary>One legend entry per model (its colour), in the order given.</summary>
    internal static void AddModelLegend(ChartFigure figure, IEnumerable<(string Label, int Order)> models)
    {
        foreach ((string label, int order) in models.Distinct())
        {
            figure.AddLegendLine(label, ColorOf(order), Dash.Solid);
        }
    }
}
