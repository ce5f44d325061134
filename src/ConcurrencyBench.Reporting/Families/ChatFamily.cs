using System.Globalization;
using System.Text;
using ConcurrencyBench.Models;
using Perfolizer.Horology;
using Perfolizer.Mathematics.QuantileEstimators;
using Pragmastat;
using ScottPlot;
using static ConcurrencyBench.Reporting.Charts;
using static ConcurrencyBench.Reporting.FindingText;

namespace ConcurrencyBench.Reporting;

/// <summary>What a chat case's bursts measured, summarised across the bursts the report describes.</summary>
/// <param name="Bursts">The bursts summarised (the repeated bursts after the first, or the one there is).</param>
/// <param name="P50Ns">Median across those bursts of each burst's latency p50.</param>
/// <param name="P50Interval">Its distribution-free interval.</param>
/// <param name="MaxNs">The largest latency of any of those bursts.</param>
/// <param name="LinesPerSecond">Median across those bursts of the lines delivered to their whole room per second.</param>
/// <param name="Lost">Lines not delivered to their whole room, over those bursts.</param>
/// <param name="LatenciesNs">Every latency of those bursts, pooled (for the distribution).</param>
public sealed record ChatSummary(int Bursts, double P50Ns, MedianInterval P50Interval, double MaxNs, double LinesPerSecond, int Lost, IReadOnlyList<double> LatenciesNs)
{
    /// <summary>The summary of a chat case from its timeline's burst marks; null when it has none.</summary>
    public static ChatSummary? Of(CaseStatistics s, ResultSet results)
    {
        ArgumentNullException.ThrowIfNull(s);
        ArgumentNullException.ThrowIfNull(results);
        int measured = s.Repeated.Count;
        var bursts = results.TimelineOf(s.Case)?.Bursts?.Take(measured).Select(b => b.Chat).OfType<ChatBurst>().ToList() ?? [];
        if (bursts.Count == 0 || bursts.Count < measured)
        {
            return null;
        }
        // The first burst meets a cold server (JIT, first connections): as for every case, the rest are the headline.
        List<ChatBurst> described = bursts.Count > 1 ? bursts.Skip(1).ToList() : bursts;
        double[] p50s = [.. described.Where(b => b.LatenciesUs.Count > 0).Select(b => ChatBurst.Percentile(b.LatenciesUs, 0.5) * 1000)];
        double[] rates = [.. described.Select(b => b.LinesPerSecond).Where(double.IsFinite)];
        return new ChatSummary(
            described.Count,
            Median(p50s),
            p50s.Length > 1 ? MedianInterval.Of(p50s) : MedianInterval.None,
            described.SelectMany(b => b.LatenciesUs).DefaultIfEmpty(0).Max() * 1000.0,
            Median(rates),
            described.Sum(b => b.Sent - b.Delivered),
            [.. described.SelectMany(b => b.LatenciesUs).Select(us => us * 1000.0)]);
    }

    private static double Median(double[] values) => values.Length == 0
        ? double.NaN
        : HarrellDavisQuantileEstimator.Instance.Quantile(new Sample(values, TimeUnit.Nanosecond), Probability.Median).NominalValue;
}

/// <summary>
/// The article's application: a chat server on loopback in three models under C clients (a load generator in its own
/// process). The case's measurement is each burst's p99 latency; the timeline keeps every line's latency for the
/// distributions, and the process's peak threads and memory are the server's.
/// </summary>
public sealed class ChatFamily : ReportFamily
{
    private const string Type = "ChatServerLoad";

    /// <inheritdoc/>
    public override string Name => "Chat";

    /// <inheritdoc/>
    public override string Title => "The chat server under load";

    /// <inheritdoc/>
    public override string Intro =>
        "The article's own application: a chat server on 127.0.0.1 (rooms, a line protocol, the user table under a lock) in three models: " +
        "async sockets on the thread pool (every read and write awaited), a thread per connection (blocking reads, and a blocking writer " +
        "thread each), and the same coroutines on a single-threaded event loop (the asyncio model). A load generator in a process of its " +
        "own (`cbench chat-load`, so that it never shares the server's thread pool) opens C clients in rooms of 10; each sends 5 lines at " +
        "20 lines per second, and every line is timed from its send until the last other member of its room has it. One operation is one " +
        "whole load; the case's measurement (Median, Interval, the gate) is each burst's **p99** latency, taken as cold bursts (the " +
        "first load on each of several fresh server processes): a server process has a level of its own, so one process's bursts " +
        "cannot stand for the model. p50, max and lines per second are the medians of the repeated bursts 2..n in one process. " +
        "Peak threads and working set are the server process's.";

    /// <inheritdoc/>
    public override int SectionOrder => 5;

    /// <inheritdoc/>
    public override IReadOnlyList<BenchmarkClass> Classes { get; } = [new(Type, "Chat", ["C"])];

    /// <inheritdoc/>
    public override IReadOnlyList<ModelDeclaration> Models { get; } =
    [
        new(Type, "AsyncSockets", "async sockets on the pool", 1, _ => null),
        new(Type, "ThreadPerConnection", "thread per connection", 8, _ => null),
        new(Type, "EventLoop", "single-thread event loop", 3, _ => null),
    ];

    /// <inheritdoc/>
    public override IEnumerable<ChartFile?> DrawCharts(IReadOnlyList<CaseStatistics> cases, ResultSet results, string folder)
    {
        ChartContext context = ChartContext.Of(results);
        foreach (int c in cases.Select(s => s.Case.IntParameter("C")).OfType<int>().Distinct().Order())
        {
            yield return LatencyDistribution(context, [.. cases.Where(s => s.Case.IntParameter("C") == c)], results, c, folder);
        }
        yield return TimeAgainstLoad(context, cases, folder, "Chat-p99", "What p99 latency of a line to its whole room does each chat server reach as clients grow?",
            "p99 latency per burst", parameter: "C", load: "clients C");
        // Each case's bursts read once: the chart asks for a point's value more than once.
        var linesPerSecond = cases.ToDictionary(s => s, s => ChatSummary.Of(s, results)?.LinesPerSecond);
        yield return AgainstClients(context, cases, s => linesPerSecond[s], _ => SampleKind.Warm,
            "Points: median, over the warm bursts (2..n of one process), of the lines delivered to their whole room per second; no whiskers",
            folder, "Chat-throughput", "How many lines per second does each chat server deliver to whole rooms as clients grow?", "lines per second (log scale)", FormatNumber);
        PlottedSamples samples = PlottedSamples.For(cases);
        yield return AgainstClients(context, cases, s => samples.Of(s)?.PeakThreads, s => samples.Of(s)?.Kind ?? SampleKind.None,
            $"Points: median of the bursts' peak threads, over {samples.Which(cases)}; no whiskers",
            folder, "Chat-threads", "How many threads does each chat server need as clients grow?", "threads in the server process (log scale)", FormatNumber);
        yield return AgainstClients(context, cases, s => samples.Of(s)?.PeakWorkingSetBytes, s => samples.Of(s)?.Kind ?? SampleKind.None,
            $"Points: median of the bursts' peak working set, over {samples.Which(cases)}; no whiskers",
            folder, "Chat-memory", "How much memory does each chat server need as clients grow?", "peak working set of the server (log scale)", FormatDecimalBytes);
    }

    /// <summary>
    /// The distribution of line latencies at one C: a cumulative curve per server model (fraction of lines delivered to
    /// their whole room within x), on a log time axis, drawn at 200 quantiles so that the file stays small.
    /// </summary>
    public static ChartFile? LatencyDistribution(ChartContext context, IReadOnlyList<CaseStatistics> cases, ResultSet results, int clients, string folder)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(cases);
        ArgumentNullException.ThrowIfNull(results);
        var series = cases.Select(s => (Stats: s, Summary: ChatSummary.Of(s, results))).Where(x => x.Summary is { LatenciesNs.Count: > 0 })
            .OrderBy(x => x.Stats.Model.Order).ThenBy(x => RuntimeOf(x.Stats.Case.Host)).ToList();
        if (series.Count == 0)
        {
            return null;
        }
        var runtimes = new RuntimeStyles(series.Select(x => x.Stats.Case.Host));
        // The summary pools the bursts after the first (warm) where a process ran more than one, else its one (cold) burst.
        bool warm = series.All(x => x.Stats.Repeated.Count > 1);
        string bursts = Range(series.Select(x => x.Summary!.Bursts));
        string kind = warm ? $"{bursts} warm bursts (2..n of one process)" : $"{bursts} burst(s), the first of a process included";
        using var figure = new ChartFigure($"How long does a line take to reach its whole room with {clients:#,0} clients?",
            [context.Describe(runtimes.Hosts), $"Each curve: every line's latency from {kind}, pooled and drawn at 200 quantiles; no whiskers"]);
        ChartPanel panel = figure.AddPanel("", "latency of a line to the last member of its room (log scale)", "fraction of lines delivered within it");
        for (int i = 0; i < series.Count; i++)
        {
            (CaseStatistics s, ChatSummary? summary) = series[i];
            double[] sorted = [.. summary!.LatenciesNs.Order()];
            double[] fractions = [.. Enumerable.Range(1, 200).Select(i => i / 200.0)];
            double[] xs = [.. fractions.Select(f => Math.Log10(sorted[Math.Clamp((int)Math.Ceiling(f * sorted.Length) - 1, 0, sorted.Length - 1)]))];
            Color color = ColorOf(s.Model.Order);
            var line = panel.Plot.Add.ScatterLine(xs, fractions);
            line.Color = color;
            line.LineWidth = runtimes.LineWidthOf(s.Case.Host);
            line.MarkerSize = 0;
            AddSparseMarkers(panel.Plot, xs, fractions, runtimes.MarkerOf(s.Case.Host, filled: !warm), color, phase: i / (double)series.Count);
            string label = $"{s.Model.Label} ({summary.LatenciesNs.Count:#,0} lines)";
            panel.AddSeries($"{label} · {runtimes.NameOf(s.Case.Host)}");
            figure.AddLegendLine(label, color, Dash.Solid);
        }
        double[] span = [.. series.SelectMany(x => x.Summary!.LatenciesNs).Select(Math.Log10)];
        AddLine(panel.Plot, [span.Min(), span.Max()], [0.99, 0.99], GuideColor, 1.5f, Dash.Dashed);
        runtimes.AddLegend(figure, filled: !warm);
        figure.AddLegendLine("0.99 of lines: each curve's p99 is where it crosses", GuideColor, Dash.Dashed, 1.5f);
        panel.Plot.Axes.AutoScale();
        LogTicks(panel.Plot.Axes.Bottom, FormatTime);
        panel.Plot.Axes.SetLimitsY(0, 1.02);
        panel.Plot.Axes.Left.TickGenerator = new ScottPlot.TickGenerators.NumericFixedInterval(0.1);
        return figure.Save(folder, $"Chat-latency-C{clients}");
    }

    /// <inheritdoc/>
    public override void WriteSection(StringBuilder md, IReadOnlyList<CaseStatistics> cases, IReadOnlyList<ChartFile> charts, ResultSet? results = null)
    {
        if (!WriteHeading(md, cases, charts))
        {
            return;
        }
        bool manyHosts = Format.FromSeveralHosts(cases);
        Dictionary<CaseStatistics, ChatSummary> summaries = SummariesOf(cases, results);
        md.AppendLine("| Server model | C | Samples (p99 per burst) | p99 (median) | Interval of median (level) | p50 (median of repeated bursts 2..n, interval) | Max (repeated bursts) | Lines per second | Lost lines | Trend over repeated bursts | Peak threads (server) | Peak working set (server) |");
        md.AppendLine("|---|---:|---|---:|---|---:|---:|---:|---:|---|---:|---:|");
        foreach (CaseStatistics s in cases.OrderBy(s => s.Case.IntParameter("C")).ThenBy(s => s.Model.Order).ThenBy(s => s.Case.Host.Label, StringComparer.Ordinal))
        {
            ChatSummary? chat = summaries.TryGetValue(s, out ChatSummary? known) ? known : null;
            md.AppendLine(CultureInfo.InvariantCulture,
                $"| {s.Model.Label}{(manyHosts ? $" [{s.Case.Host.Label}]" : "")} | {Format.Count(s.Case.IntParameter("C"))} | {s.SamplesLabel} | {Format.Time(s.MedianNs)} | {Format.Interval(s.Interval)} | {(chat is null ? "" : $"{Format.Time(chat.P50Ns)} {Format.Interval(chat.P50Interval)}")} | {(chat is null ? "" : Format.Time(chat.MaxNs))} | {(chat is null ? "" : Format.Number(chat.LinesPerSecond))} | {(chat is null ? "" : Format.Count(chat.Lost))} | {Format.Trend(s.Trend)} | {Format.Count(s.PeakThreads)} | {Format.Bytes(s.PeakWorkingSetBytes)} |");
        }
        md.AppendLine();
    }

    /// <inheritdoc/>
    public override IEnumerable<string?> Findings(IReadOnlyList<CaseStatistics> cases, ResultSet? results = null)
    {
        int? c = cases.Where(s => s.HasMedian).Select(s => s.Case.IntParameter("C")).Max();
        if (c is null)
        {
            yield break;
        }
        var atC = cases.Where(s => s.HasMedian && s.Case.IntParameter("C") == c).OrderBy(s => s.Model.Order).ToList();
        Dictionary<CaseStatistics, ChatSummary> summaries = SummariesOf(atC, results);
        string each = string.Join("; ", atC.Select(s =>
        {
            string rest = summaries.TryGetValue(s, out ChatSummary? chat) ? $", p50 {Format.Time(chat.P50Ns)}, {Format.Number(chat.LinesPerSecond)} lines/s" : "";
            return $"{s.Model.Label}: p99 {Median(s)}{rest}, {Format.Count(s.PeakThreads)} threads and {Format.Bytes(s.PeakWorkingSetBytes)} at peak";
        }));
        yield return $"The chat server with {N(c.Value)} clients in rooms of 10 (a line's latency to its whole room): {each}.";
    }

    private static Dictionary<CaseStatistics, ChatSummary> SummariesOf(IReadOnlyList<CaseStatistics> cases, ResultSet? results) => results is null
        ? []
        : cases.Select(s => (s, Summary: ChatSummary.Of(s, results))).Where(x => x.Summary is not null).ToDictionary(x => x.s, x => x.Summary!);

    // A value against C on log-log axes, a series per model and runtime, drawn a few pixels apart where they meet.
    private static ChartFile? AgainstClients(ChartContext context, IReadOnlyList<CaseStatistics> cases, Func<CaseStatistics, double?> value, Func<CaseStatistics, SampleKind> kind,
        string pointsText, string folder, string name, string title, string yLabel, Func<double, int, string> format)
    {
        var points = cases.Where(s => s.Case.IntParameter("C") is > 0 && value(s) is > 0 && kind(s) != SampleKind.None).ToList();
        if (points.Count == 0)
        {
            return null;
        }
        var runtimes = new RuntimeStyles(points.Select(s => s.Case.Host));
        using var figure = new ChartFigure(title, [context.Describe(runtimes.Hosts), pointsText]);
        ChartPanel panel = figure.AddPanel("", "clients C (log scale)", yLabel);
        var series = points.GroupBy(s => (s.Model.Label, s.Model.Order, s.Case.Host))
            .OrderBy(g => g.Key.Order).ThenBy(g => RuntimeOf(g.Key.Host)).ToList();
        double step = DodgeStep([.. points.Select(s => Math.Log10(s.Case.IntParameter("C")!.Value))]);
        for (int i = 0; i < series.Count; i++)
        {
            double offset = (i - ((series.Count - 1) / 2.0)) * step;
            DrawMedians(panel, $"{series[i].Key.Label} · {runtimes.NameOf(series[i].Key.Host)}", ColorOf(series[i].Key.Order), runtimes, series[i].Key.Host,
                [.. series[i].Select(s => MedianPoint.Value(Math.Log10(s.Case.IntParameter("C")!.Value) + offset, value(s), kind(s)))]);
        }
        if (series.Count > 1)
        {
            figure.AddNote(DodgeNote("C"));
        }
        panel.Plot.Axes.AutoScale();
        LogTicks(panel.Plot.Axes.Bottom, FormatNumber);
        LogTicks(panel.Plot.Axes.Left, format);
        AddModelLegend(figure, series.Select(g => (g.Key.Label, g.Key.Order)));
        runtimes.AddLegend(figure, filled: points.Any(s => kind(s) == SampleKind.Cold));
        if (points.Select(kind).Distinct().Skip(1).Any())
        {
            figure.AddLegendMarker("filled markers: cold bursts", MarkerShape.FilledCircle, KindColor);
            figure.AddLegendMarker("open markers: warm bursts", MarkerShape.OpenCircle, KindColor);
        }
        return figure.Save(folder, name);
    }
}
