using ConcurrencyBench.Models;
using ScottPlot;
using static ConcurrencyBench.Reporting.ChartDrawing;
using static ConcurrencyBench.Reporting.ChartLayout;
using static ConcurrencyBench.Reporting.ChartPalette;

namespace ConcurrencyBench.Reporting;

/// <summary>The thread pool's timeline of one case: threads and queued work items over time, one chart per case that recorded one.</summary>
public static class TimelineCharts
{
    /// <summary>One timeline chart per case that has a timeline: <c>Timeline-{case}.png/.svg</c>.</summary>
    public static IReadOnlyList<ChartFile> Timelines(ResultSet results, string folder)
    {
        ArgumentNullException.ThrowIfNull(results);
        ChartContext context = ChartContext.Of(results);
        var charts = new List<ChartFile>();
        bool severalHosts = results.Timelines.Keys.Select(k => k.Host).Distinct().Skip(1).Any();
        foreach (((HostInfo? host, BurstKind bursts, string fullName), ThreadPoolTimeline timeline) in results.Timelines
            .OrderBy(t => t.Key.Case, StringComparer.Ordinal).ThenBy(t => t.Key.Bursts).ThenBy(t => t.Key.Host?.Label, StringComparer.Ordinal))
        {
            CaseResult? result = results.Cases.FirstOrDefault(c => c.FullName == fullName && c.Bursts == bursts && (host is null || c.Host == host));
            HostInfo[] hosts = result is not null ? [result.Host] : host is not null ? [host] : [];
            var runtimes = new RuntimeStyles(hosts);
            string hostLabel = severalHosts && host is not null ? $" [{host.Label}]" : "";
            string what = result is null ? Format.CaseName(fullName) : CaseTitle(ModelCatalog.For(result).Label, result);
            int? count = result?.IterationNanoseconds.Count ?? timeline.Bursts?.Count;
            string process = bursts == BurstKind.Cold ? "the first cold burst's process" : $"one process of {(count is int c ? Format.Count(c) : "several")} repeated bursts";
            string title = $"What did the thread pool do during {what}?";
            using var figure = new ChartFigure(title,
                [hosts.Length > 0 ? context.Describe(hosts) : context.ProfileText,
                 $"Sampled every {Format.TickNumber(timeline.IntervalMs)} ms in {process}; single samples, no whiskers"]);
            // Threads and the queue side by side on one clock, each on an axis of its own from zero: never a second y axis.
            figure.Columns = 2;
            ChartPanel threads = figure.AddPanel("threads", "time since the case's setup started sampling (s)", "threads", "no samples in this timeline");
            ChartPanel queue = figure.AddPanel("queued pool work items", "time since the case's setup started sampling (s)", "work items", "no samples in this timeline");
            threads.ExpectCourse(timeline.Samples.Count, "this timeline");
            queue.ExpectCourse(timeline.Samples.Count, "this timeline");
            double[] t = [.. timeline.Samples.Select(x => x.ElapsedMs / 1000)];
            // The markers name the runtime only: a timeline's samples are not medians of either kind.
            MarkerShape marker = hosts.Length > 0 ? runtimes.MarkerOf(hosts[0], filled: true) : MarkerShape.FilledCircle;
            void Line(ChartPanel panel, double[] ys, Color color, string label, double phase)
            {
                AddLine(panel.Plot, t, ys, color, 2, Dash.Solid);
                AddSparseMarkers(panel.Plot, t, ys, marker, color, phase: phase);
                figure.AddLegendLine(label, color, Dash.Solid, 2, marker);
                panel.AddSeries(label);
            }
            Line(threads, [.. timeline.Samples.Select(x => (double)x.ProcessThreads)], ColorOf(0), "process threads", 0);
            Line(threads, [.. timeline.Samples.Select(x => (double)x.PoolThreads)], ColorOf(1), "thread-pool threads", 0.5);
            Line(queue, [.. timeline.Samples.Select(x => (double)x.PendingWorkItems)], ColorOf(3), "queued work items", 0);
            ShareLimits(figure.Panels, shareY: false, floor: AxisFloor.Zero);
            foreach (ChartPanel panel in figure.Panels)
            {
                panel.Plot.Axes.Left.TickGenerator = new ScottPlot.TickGenerators.NumericAutomatic { IntegerTicksOnly = true, LabelFormatter = v => Format.TickNumber(v) };
            }
            runtimes.AddLegend(figure);
            string name = "Timeline-" + (bursts == BurstKind.Cold ? "cold-" : "") + string.Concat((Format.CaseName(fullName) + hostLabel).Select(c => char.IsLetterOrDigit(c) || c is '.' or '-' ? c : '_'));
            charts.Add(figure.Save(folder, name));
        }
        return charts;
    }

    /// <summary>"default thread pool, N = 1,000, d = 100 ms": a case named by its model and its parameters.</summary>
    internal static string CaseTitle(string label, CaseResult result)
    {
        var parts = new List<string> { label };
        foreach ((string parameter, string text) in new[] { ("N", "N"), ("K", "k"), ("C", "C") })
        {
            if (result.IntParameter(parameter) is int value)
            {
                parts.Add($"{text} = {Format.Count(value)}");
            }
        }
        if (result.IntParameter("DelayMs") is int d)
        {
            parts.Add($"d = {Format.Count(d)} ms");
        }
        return string.Join(", ", parts);
    }
}
