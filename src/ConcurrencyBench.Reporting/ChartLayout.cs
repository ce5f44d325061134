using ScottPlot;

namespace ConcurrencyBench.Reporting;

/// <summary>
/// How a figure's panels are laid out and scaled together: series split into small multiples, the grid's rows and
/// columns, limits shared across panels, and series drawn a few pixels apart where they would hide one another.
/// </summary>
internal static class ChartLayout
{
    /// <summary>The most series one panel shows: beyond it, a chart splits into panels (small multiples).</summary>
    public const int MaxSeriesPerPanel = 8;

    /// <summary>
    /// The series split into panels of at most <see cref="MaxSeriesPerPanel"/>: one panel if they fit, else by the
    /// first key whose groups all fit (runtime, then model, ...), else by the last key in chunks. Titles are the keys.
    /// </summary>
    internal static List<(string Title, List<T> Items)> Panelize<T>(IReadOnlyList<T> series, params Func<T, string>[] keys)
    {
        ArgumentNullException.ThrowIfNull(keys);
        if (series.Count <= MaxSeriesPerPanel || keys.Length == 0)
        {
            return [("", [.. series])];
        }
        foreach (Func<T, string> key in keys)
        {
            var groups = series.GroupBy(key).Select(g => (g.Key, Items: g.ToList())).ToList();
            if (groups.Count > 1 && groups.All(g => g.Items.Count <= MaxSeriesPerPanel))
            {
                return groups;
            }
        }
        return [.. series.GroupBy(keys[0]).SelectMany(g => g.Chunk(MaxSeriesPerPanel).Select((chunk, i) => (g.Key + (i > 0 ? $" ({i + 1})" : ""), chunk.ToList())))];
    }

    /// <summary>The figure's grid for <paramref name="panels"/> panels: one row up to 2, then 2 or 3 columns, taller rows.</summary>
    internal static void LayOut(ChartFigure figure, int panels)
    {
        figure.Columns = panels <= 2 ? panels : panels <= 4 ? 2 : 3;
        int rows = (int)Math.Ceiling(panels / (double)figure.Columns);
        figure.Height = Math.Max(figure.Height, 140 + (rows * 380));
    }

    /// <summary>
    /// Sets every panel's axes to the union of their limits (after autoscaling each): panels compare on one scale. The
    /// y axis then starts where <paramref name="floor"/> says, so that a difference of a few percent never fills a panel.
    /// </summary>
    internal static void ShareLimits(IReadOnlyList<ChartPanel> panels, bool shareX = true, bool shareY = true, AxisFloor floor = AxisFloor.Data)
    {
        // A panel with nothing to draw has no limits to share (ScottPlot would give it -10 to 10).
        panels = [.. panels.Where(p => !p.IsEmpty)];
        foreach (ChartPanel panel in panels)
        {
            panel.Plot.Axes.AutoScale();
        }
        if (panels.Count >= 2)
        {
            var limits = panels.Select(p => p.Plot.Axes.GetLimits()).ToList();
            foreach (ChartPanel panel in panels)
            {
                if (shareX)
                {
                    panel.Plot.Axes.SetLimitsX(limits.Min(l => l.Left), limits.Max(l => l.Right));
                }
                if (shareY)
                {
                    panel.Plot.Axes.SetLimitsY(limits.Min(l => l.Bottom), limits.Max(l => l.Top));
                }
            }
        }
        if (floor == AxisFloor.Data)
        {
            return;
        }
        // Panels on one y scale keep it: their floor is the lowest of theirs.
        double[] floors = [.. panels.Select(p => FloorOf(p, floor))];
        for (int i = 0; i < panels.Count; i++)
        {
            AxisLimits limits = panels[i].Plot.Axes.GetLimits();
            double bottom = shareY && panels.Count > 1 ? floors.Min() : floors[i];
            panels[i].Plot.Axes.SetLimitsY(Math.Min(limits.Bottom, bottom), limits.Top);
        }
    }

    // Where a panel's y axis must start at the latest: zero, or a decade below the lowest value drawn (log10 units).
    private static double FloorOf(ChartPanel panel, AxisFloor floor)
    {
        if (floor == AxisFloor.Zero)
        {
            return 0;
        }
        double lowest = panel.Plot.GetPlottables().Select(p => p.GetAxisLimits()).Where(l => double.IsFinite(l.Bottom)).Select(l => l.Bottom).DefaultIfEmpty(double.NaN).Min();
        return double.IsFinite(lowest) ? lowest - 1 : panel.Plot.Axes.GetLimits().Bottom;
    }

    /// <summary>
    /// How far apart (in x units) neighbouring series' markers are drawn at one x, so that none hides another: 0.6% of the
    /// x span (a few pixels, so that a marker stays beside the line through its value); 0 when all points share one x.
    /// </summary>
    internal static double DodgeStep(IReadOnlyCollection<double> xs) => xs.Count == 0 ? 0 : (xs.Max() - xs.Min()) * 0.006;
}

/// <summary>Where a panel's y axis starts.</summary>
internal enum AxisFloor
{
    /// <summary>Where the data start (ScottPlot's autoscale): a chart of a categorical or already-honest axis.</summary>
    Data,

    /// <summary>A log axis: a decade below the lowest value drawn, so that 8% is a sliver of the panel, not all of it.</summary>
    DecadeBelow,

    /// <summary>A linear axis: at zero.</summary>
    Zero,
}
