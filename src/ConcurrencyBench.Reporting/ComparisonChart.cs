using ScottPlot;
using static ConcurrencyBench.Reporting.ChartPalette;
using static ConcurrencyBench.Reporting.ChartTicks;

namespace ConcurrencyBench.Reporting;

/// <summary>The comparison of two runs as one chart: each shared case's ratio of medians with its interval and verdict.</summary>
public static class ComparisonChart
{
    /// <summary>
    /// The comparison chart: the ratio of medians per case with its interval, coloured by verdict, over a band for
    /// the threshold; filled where cold bursts were compared, open where warm ones. Written as <c>Compare-ratio.png/.svg</c>.
    /// </summary>
    public static ChartFile? Ratios(ChartContext context, ComparisonReport report, double thresholdFraction, string folder)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(report);
        if (report.Cases.All(c => double.IsNaN(c.Ratio)))
        {
            return null; // nothing compared, or only cases that could not be
        }
        var cases = report.Cases.Where(c => !double.IsNaN(c.Ratio)).Reverse().ToList();
        // The markers are the current run's runtimes; the subtitle names both sides' machines and runtimes.
        var runtimes = new RuntimeStyles(cases.Select(c => c.Current.Case.Host));
        string Side(IEnumerable<HostInfo> hosts) => string.Join(", ", InRuntimeOrder(hosts.Distinct()).Select(h => $"{ChartContext.Runtime(h)} on {ChartContext.Machine(h)}").Distinct(StringComparer.Ordinal));
        string baseline = Side(cases.Select(c => c.Baseline.Case.Host)), current = Side(cases.Select(c => c.Current.Case.Host));
        string sides = baseline == current ? $"Both runs: {current}" : $"Baseline: {baseline}; current: {current}";
        string kinds = string.Join(" or ", cases.Select(c => c.Samples).Distinct().Order().Select(k => k == SampleKind.Cold ? "cold against cold (filled)" : "warm against warm (open)"));
        const string title = "Which cases got slower or faster than the baseline?";
        using var figure = new ChartFigure(title,
            [$"{sides} · {context.ProfileText}",
             $"Points: current median / baseline median of one kind of sample, {kinds}; whiskers: distribution-free {(1 - (2 * Comparer.Alpha)) * 100:0}% interval of the ratio, {Format.WithinTwoRuns} (Mann–Whitney inversion)"])
        {
            Height = Math.Max(ChartFigure.DefaultHeight, 160 + (22 * cases.Count)),
        };
        ChartPanel panel = figure.AddPanel("", "current median / baseline median (log scale; 1.00× = unchanged)", "");
        Plot plot = panel.Plot;
        // Ratios are multiplicative: 0.5 and 2 are the same distance from 1, so the axis is log10 of the ratio.
        var band = plot.Add.HorizontalSpan(Math.Log10(1 / (1 + thresholdFraction)), Math.Log10(1 + thresholdFraction));
        band.FillStyle.Color = Colors.Gray.WithAlpha(0.2);
        figure.AddLegend(new LegendItem { LabelStyle = { Text = $"threshold ±{Format.TickNumber(thresholdFraction * 100)}%" }, FillStyle = { Color = Colors.Gray.WithAlpha(0.2) } });
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
            foreach ((CaseComparison c, int i) in points)
            {
                double x = Math.Log10(c.Ratio);
                var marker = plot.Add.Marker(x, i, runtimes.MarkerOf(c.Current.Case.Host, filled: c.Samples != SampleKind.Warm), 9);
                marker.Color = color;
                marker.MarkerLineWidth = 1.5f;
                var error = new ScottPlot.Plottables.ErrorBar([x], [i], null!, null!, null!, null!)
                {
                    XErrorNegative = [double.IsNaN(c.RatioLower) ? 0 : Math.Log10(c.Ratio / c.RatioLower)],
                    XErrorPositive = [double.IsNaN(c.RatioUpper) ? 0 : Math.Log10(c.RatioUpper / c.Ratio)],
                    Color = color,
                    LineWidth = 1.5f,
                    CapSize = 5,
                };
                plot.Add.Plottable(error);
            }
            panel.AddSeries(verdict.ToString());
            figure.AddLegendLine(verdict.ToString(), color, Dash.Solid, 0, MarkerShape.FilledCircle, 9);
        }
        runtimes.AddLegend(figure, filled: cases.Any(c => c.Samples != SampleKind.Warm));
        if (cases.Select(c => c.Samples).Distinct().Skip(1).Any())
        {
            figure.AddLegendMarker("filled markers: cold against cold", MarkerShape.FilledCircle, KindColor);
            figure.AddLegendMarker("open markers: warm against warm", MarkerShape.OpenCircle, KindColor);
        }
        plot.Axes.AutoScale();
        LogTicks(plot.Axes.Bottom, Format.Ratio);
        plot.Axes.Left.SetTicks([.. cases.Select((_, i) => (double)i)], [.. cases.Select(c => Format.CaseName(c.Name))]);
        plot.Axes.Left.TickLabelStyle.FontSize = 10;
        return figure.Save(folder, "Compare-ratio");
    }
}
