using ScottPlot;
using static ConcurrencyBench.Reporting.ChartDrawing;
using static ConcurrencyBench.Reporting.ChartLayout;
using static ConcurrencyBench.Reporting.ChartPalette;
using static ConcurrencyBench.Reporting.ChartTicks;

namespace ConcurrencyBench.Reporting;

/// <summary>
/// The chart recipes several families share (a family's own charts live in its file under <c>Families/</c>): time
/// against N, and repeated bursts as the curve they are; with the notes and titles they print. Every chart is a
/// <see cref="ChartFigure"/> drawn in the <see cref="ChartPalette"/>'s one mapping of colour and marker.
/// </summary>
public static class Charts
{
    /// <summary>
    /// Wall time against load N on log–log axes for <paramref name="cases"/> (a family's, or one group of it): a series
    /// per model and runtime, each point a median with its interval as whiskers, each model's ideal dashed and its
    /// reference dotted (named by <see cref="ModelInfo.IdealText"/> and <see cref="ModelInfo.ReferenceText"/>). Beyond
    /// <see cref="MaxSeriesPerPanel"/> series, one panel per runtime (then per model), on shared axes.
    /// With <paramref name="beyondDelay"/> (a grid that gives each N its own sleep d, as the all-pending profile does),
    /// each point is its median less its case's d: the time creating, scheduling and waking the N tasks took beyond
    /// the sleep, one line per model and runtime across every N. The Harrell–Davis median and the interval's order
    /// statistics move with a shift, so the point and its whiskers are the median and interval of the times beyond d.
    /// No ideal is drawn then (its bound, d less a timer tick, lies at or below zero); a median at or below d is a
    /// labelled gap.
    /// </summary>
    public static ChartFile? TimeAgainstLoad(ChartContext context, IEnumerable<CaseStatistics> cases, string folder, string name, string title, string what,
        string parameter = "N", string load = "concurrent jobs N", bool beyondDelay = false)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(cases);
        var loaded = cases.Where(s => s.Case.IntParameter(parameter) is > 0).ToList();
        if (!loaded.Any(s => s.HasMedian))
        {
            return null;
        }
        PlottedSamples samples = PlottedSamples.For(loaded);
        var runtimes = new RuntimeStyles(loaded.Select(s => s.Case.Host));
        bool manyDelays = !beyondDelay && loaded.Select(s => s.Case.IntParameter("DelayMs")).Distinct().Skip(1).Any();
        // A line runs across one d, or across every N when each point shows only the time beyond its own d.
        int? Sleep(CaseStatistics s) => beyondDelay ? null : s.Case.IntParameter("DelayMs");
        double DelayNs(CaseStatistics s) => beyondDelay ? (s.Case.IntParameter("DelayMs") ?? 0) * 1e6 : 0;
        var series = loaded
            // Each runtime's own model under the suite's name for it: the legend names a model once, runtimes by marker.
            .GroupBy(s => (Label: s.SuiteLabel, s.Model.Order, s.Case.Host, Delay: Sleep(s)))
            .OrderBy(g => g.Key.Order).ThenBy(g => g.Key.Label, StringComparer.Ordinal).ThenBy(g => RuntimeOf(g.Key.Host)).ThenBy(g => g.Key.Delay)
            .Select(g => new TimeSeries(g.Key.Label + (manyDelays ? $", d = {g.Key.Delay} ms" : ""), g.Key.Order, g.Key.Host, [.. g]))
            .ToList();
        using var figure = new ChartFigure(title, [context.Describe(runtimes.Hosts), samples.Describe(loaded)]);
        var panels = Panelize(series, s => runtimes.NameOf(s.Host), s => s.Label);
        LayOut(figure, panels.Count);
        var guides = new Guides(loaded);
        int X(CaseStatistics c) => c.Case.IntParameter(parameter)!.Value;
        // The sweep at each d: a series without a case at one of its values was not run there, and says so.
        var sweep = loaded.GroupBy(Sleep).ToDictionary(g => g.Key ?? 0, g => g.Select(X).Distinct().Order().ToList());
        foreach ((string panelTitle, List<TimeSeries> inPanel) in panels)
        {
            ChartPanel panel = figure.AddPanel(panelTitle, $"{load} (log scale)", $"{what} (log scale)");
            double dodgeStep = DodgeStep([.. inPanel.SelectMany(s => s.Cases).Select(c => Math.Log10(X(c)))]);
            var gaps = new List<(string, Color, double, string)>();
            for (int i = 0; i < inPanel.Count; i++)
            {
                TimeSeries s = inPanel[i];
                double offset = (i - ((inPanel.Count - 1) / 2.0)) * dodgeStep;
                var points = s.Cases.OrderBy(X).Select(c => MedianPoint.Of(Math.Log10(X(c)), samples.Of(c), less: DelayNs(c))).ToList();
                DrawMedians(panel, $"{s.Label} · {runtimes.NameOf(s.Host)}", ColorOf(s.Order), runtimes, s.Host, points, dodge: offset);
                if (!beyondDelay)
                {
                    guides.Draw(panel, s.Cases, c => Math.Log10(X(c)));
                }
                gaps.AddRange(s.Cases.Where(c => samples.Of(c) is null).Select(c => (s.Label, ColorOf(s.Order), Math.Log10(X(c)), NoPoint(c))));
                gaps.AddRange(s.Cases.Where(c => beyondDelay && samples.Of(c) is { } summary && summary.MedianNs <= DelayNs(c))
                    .Select(c => (s.Label, ColorOf(s.Order), Math.Log10(X(c)), "woke within d")));
                gaps.AddRange(sweep[Sleep(s.Cases[0]) ?? 0].Except(s.Cases.Select(X)).Select(x => (s.Label, ColorOf(s.Order), Math.Log10(x), "not run")));
            }
            AddGaps(panel, gaps);
            if (inPanel.Count > 1 && dodgeStep > 0)
            {
                figure.AddNote(DodgeNote(load.Split(' ')[^1]));
            }
        }
        ShareLimits(figure.Panels, floor: AxisFloor.DecadeBelow);
        foreach (ChartPanel panel in figure.Panels)
        {
            // Three panels a row leave a decade about 30 px: "100,000" and "1,000,000" would run together.
            SweptTicks(panel.Plot.Axes.Bottom, sweep.Values.SelectMany(v => v).Select(v => (double)v), figure.Columns >= 3 ? Format.TickCount : Format.TickNumber);
            LogTicks(panel.Plot.Axes.Left, Format.TickTime);
        }
        AddModelLegend(figure, series.Select(s => (s.Label, s.Order)));
        if (beyondDelay)
        {
            var sleeps = loaded.GroupBy(X).OrderBy(g => g.Key)
                .Select(g => $"{Format.Count(g.Key)}: d = {string.Join(" or ", g.Select(c => Format.Time((c.Case.IntParameter("DelayMs") ?? 0) * 1e6)).Distinct())}");
            figure.AddNote($"Each point: a burst's wall time less its sleep d (N = {string.Join("; ", sleeps)}), the time creating, scheduling and waking N tasks took.");
        }
        if (SuiteLabelNote(loaded) is { } suiteNames)
        {
            figure.AddNote(suiteNames);
        }
        runtimes.AddLegend(figure, filled: !samples.AllWarm);
        samples.AddLegend(figure);
        guides.AddLegend(figure);
        return figure.Save(folder, name);
    }

    /// <summary>
    /// The note of a chart that draws runtimes' own models under the suite's names (<see cref="CaseStatistics.SuiteLabel"/>);
    /// null where every model drawn is named as its own.
    /// </summary>
    internal static string? SuiteLabelNote(IEnumerable<CaseStatistics> cases)
    {
        var drawn = cases.ToList();
        return drawn.Select(s => s.Model.Label).Distinct().Count() > drawn.Select(s => s.SuiteLabel).Distinct().Count()
            ? "Each runtime's own model is drawn under the suite's name for the model it stands for; the report's tables name it."
            : null;
    }

    /// <summary>
    /// True for a case whose time depends on the pool's history, shown as the curve of its repeated bursts: its
    /// bursts in one process have a trend, or its model is a pool that may inject threads (it has a reference that is
    /// not a bound) holding more jobs than its minimum (k, or the machine's cores) guarantees threads for.
    /// </summary>
    internal static bool Learns(CaseStatistics s) =>
        s.Repeated.Count > 1
        && (s.Trend.HasTrend || CaseStatistics.PoolBeyondItsMinimum(s.Case, s.Model));

    /// <summary>
    /// Repeated bursts shown as the curve they are: one line per case of <paramref name="cases"/> (a family's) whose
    /// time depends on the pool's history (<see cref="Learns"/>), burst by burst in one process, burst 1 (the process's
    /// cold burst, filled) apart from bursts 2..n (warm, open), with each case's median of cold bursts and its interval
    /// as a bar beside burst 1. A column per N; in the top row the wall time of each burst, in the row under it the most
    /// threads the process had during it (a panel of its own, never a second axis). Where one model has several lines
    /// in a panel (runtimes, or k), each line's end is labelled with what tells it apart.
    /// </summary>
    public static ChartFile? RepeatedBursts(ChartContext context, IEnumerable<CaseStatistics> cases, string title, string folder, string name)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(cases);
        var learning = cases.Where(Learns)
            .OrderBy(s => s.Case.IntParameter("N")).ThenBy(s => s.Model.Order).ThenBy(s => s.SuiteLabel, StringComparer.Ordinal)
            .ThenBy(s => s.Case.IntParameter("K")).ThenBy(s => RuntimeOf(s.Case.Host))
            .ToList();
        if (learning.Count == 0)
        {
            return null;
        }
        var runtimes = new RuntimeStyles(learning.Select(s => s.Case.Host));
        var colds = learning.Select(s => s.Cold).OfType<SampleSummary>().Where(c => c.Count >= 2).ToList();
        string coldText = colds.Count == 0 ? "" : $"; bars beside burst 1: median of {Format.CountRange(colds.Select(c => c.Count))} cold bursts (one per fresh process), whiskers its {Format.Levels(colds)} distribution-free interval {Format.WithinRun}";
        using var figure = new ChartFigure(title,
            [context.Describe(runtimes.Hosts), $"Each line: one process's bursts in order, burst 1 (filled) cold, 2..n (open) warm; single bursts, no whiskers{coldText}"]);
        var columns = learning.GroupBy(s => s.Case.IntParameter("N")).ToList();
        figure.Columns = columns.Count;
        figure.Height = Math.Max(figure.Height, 160 + (2 * 330));
        // Three columns of eight bursts beside the legend and the lines' labels: wide enough to tell bursts apart.
        figure.Width = columns.Count >= 3 ? 1400 : figure.Width;
        int maxBursts = learning.Max(s => s.Repeated.Count);
        var times = new List<ChartPanel>();
        var threads = new List<ChartPanel>();
        string Load(int? n) => n is int value ? $"N = {Format.Count(value)}: " : "";
        foreach (var column in columns)
        {
            times.Add(figure.AddPanel($"{Load(column.Key)}wall time of each burst", "burst number in one process (1 = its cold burst)", "wall time per burst (log scale)"));
        }
        foreach (var column in columns)
        {
            threads.Add(figure.AddPanel($"{Load(column.Key)}threads during each burst", "burst number in one process (1 = its cold burst)", "the most threads in the process (log scale)"));
        }
        for (int c = 0; c < columns.Count; c++)
        {
            var inPanel = columns[c].ToList();
            // A line's end label says what sets it apart from the lines of its colour: its k, its runtime, or both.
            string? EndLabel(CaseStatistics s)
            {
                var same = inPanel.Where(o => o.SuiteLabel == s.SuiteLabel).ToList();
                if (same.Count < 2)
                {
                    return null;
                }
                var parts = new List<string>();
                if (same.Select(o => o.Case.IntParameter("K")).Distinct().Skip(1).Any() && s.Case.IntParameter("K") is int k)
                {
                    parts.Add($"k = {Format.Count(k)}");
                }
                if (same.Select(o => o.Case.Host).Distinct().Skip(1).Any())
                {
                    parts.Add(runtimes.NameOf(s.Case.Host));
                }
                return string.Join(", ", parts);
            }
            for (int i = 0; i < inPanel.Count; i++)
            {
                CaseStatistics s = inPanel[i];
                Color color = ColorOf(s.Model.Order);
                // Series of equal bursts (a pool's flat lines) sit a few pixels apart, so that none hides another.
                double offset = (i - ((inPanel.Count - 1) / 2.0)) * 0.1;
                string series = $"{WithK(s.SuiteLabel, s.Case.IntParameter("K"))} · {runtimes.NameOf(s.Case.Host)}";
                Bursts(times[c], s.Repeated, color, offset, runtimes.MarkerOf(s.Case.Host, true), runtimes.MarkerOf(s.Case.Host, false), runtimes.LineWidthOf(s.Case.Host), series, EndLabel(s), Math.Log10);
                if (s.Cold is { Count: >= 2 } cold)
                {
                    double x = 0.7 + offset;
                    var median = times[c].Plot.Add.Marker(x, Math.Log10(cold.MedianNs), MarkerShape.HorizontalBar, 14);
                    median.Color = color;
                    median.MarkerLineWidth = 2.5f;
                    if (cold.Interval.Exists)
                    {
                        AddErrorBar(times[c].Plot, [x], [Math.Log10(cold.MedianNs)], [Math.Log10(cold.MedianNs / cold.Interval.Lower)], [Math.Log10(cold.Interval.Upper / cold.MedianNs)], color);
                    }
                }
                var peaks = s.Case.IterationResources.Take(s.Repeated.Count).Select(r => r?.PeakThreads is int p && p > 0 ? (double)p : double.NaN).ToList();
                if (peaks.Count > 0 && peaks.All(double.IsFinite))
                {
                    Bursts(threads[c], peaks, color, offset, runtimes.MarkerOf(s.Case.Host, true), runtimes.MarkerOf(s.Case.Host, false), runtimes.LineWidthOf(s.Case.Host), series, EndLabel(s), Math.Log10);
                }
                else
                {
                    threads[c].AddGap([(1 + s.Repeated.Count) / 2.0], $"threads not recorded: {series}", color);
                }
            }
        }
        foreach (var row in new[] { times, threads })
        {
            foreach (ChartPanel panel in row)
            {
                panel.Plot.Axes.AutoScale();
                panel.Plot.Axes.SetLimitsX(0.4, maxBursts + 0.5);
            }
            ShareLimits(row, shareX: false, floor: AxisFloor.DecadeBelow);
        }
        foreach (ChartPanel panel in times)
        {
            LogTicks(panel.Plot.Axes.Left, Format.TickTime);
        }
        foreach (ChartPanel panel in threads)
        {
            LogTicks(panel.Plot.Axes.Left, Format.TickNumber);
        }
        foreach (ChartPanel panel in figure.Panels)
        {
            panel.Plot.Axes.SetLimitsX(0.4, maxBursts + 0.5);
            panel.Plot.Axes.Bottom.TickGenerator = new ScottPlot.TickGenerators.NumericFixedInterval(1);
        }
        AddModelLegend(figure, learning.Select(s => (s.SuiteLabel, s.Model.Order)));
        runtimes.AddLegend(figure);
        figure.AddLegendMarker("filled markers: burst 1 of the process, cold", MarkerShape.FilledCircle, KindColor);
        figure.AddLegendMarker("open markers: bursts 2..n, warm", MarkerShape.OpenCircle, KindColor);
        if (colds.Count > 0)
        {
            figure.AddLegendMarker("median of cold bursts (fresh processes), with its interval", MarkerShape.HorizontalBar, GuideColor, 12);
        }
        if (SuiteLabelNote(learning) is { } suiteNames)
        {
            figure.AddNote(suiteNames);
        }
        return figure.Save(folder, name);
    }

    // One process's bursts in a panel: burst 1 filled on its own, bursts 2..n open and joined, the line's end labelled.
    private static void Bursts(ChartPanel panel, IReadOnlyList<double> values, Color color, double offset, MarkerShape cold, MarkerShape warm, float width,
        string series, string? endLabel, Func<double, double> y)
    {
        var first = panel.Plot.Add.Marker(1 + offset, y(values[0]), cold, 8);
        first.Color = color;
        if (values.Count > 1)
        {
            double[] xs = [.. Enumerable.Range(2, values.Count - 1).Select(x => x + offset)];
            double[] ys = [.. values.Skip(1).Select(y)];
            AddLine(panel.Plot, xs, ys, color, width, Dash.Solid);
            var markers = panel.Plot.Add.ScatterPoints(xs, ys);
            markers.Color = color;
            markers.MarkerShape = warm;
            markers.MarkerSize = 7;
            markers.MarkerLineWidth = 1.5f;
        }
        if (endLabel is not null)
        {
            panel.AddEndLabel(values.Count + offset, y(values[^1]), endLabel, color);
        }
        panel.AddSeries(series);
    }

    /// <summary>
    /// A model's label with its k: "pool, min threads = 64", "bounded executor, 64 workers",
    /// "ThreadPoolExecutor(max_workers=64)" (the label's own k replaced), else ", k = 64" appended.
    /// </summary>
    internal static string WithK(string label, int? k)
    {
        if (k is not int value)
        {
            return label;
        }
        string text = Format.Count(value);
        return System.Text.RegularExpressions.Regex.IsMatch(label, @"\bk\b")
            ? System.Text.RegularExpressions.Regex.Replace(label, @"\bk\b", text)
            : $"{label}, k = {text}";
    }

    /// <summary>" of 100 ms" where every case has the same delay d, else "": for titles.</summary>
    internal static string OfDelay(IEnumerable<CaseStatistics> cases)
    {
        var delays = cases.Select(s => s.Case.IntParameter("DelayMs")).OfType<int>().Distinct().ToList();
        return delays.Count == 1 ? $" of {Format.Count(delays[0])} ms" : "";
    }

    /// <summary>What the dashed and dotted guides are, for the foot of a chart that draws them.</summary>
    internal const string GuidesNote = "Dashed: an ideal, a bound no burst can beat; dotted: a reference, not a bound.";

    /// <summary>The note a chart with series drawn apart prints at its foot.</summary>
    internal static string DodgeNote(string axis) =>
        $"Markers at one {axis} sit a few pixels apart, so that none hides another.";
}
