using ConcurrencyBench.Models.Chat;
using ConcurrencyBench.Models;
using ScottPlot;
using System.Globalization;
using System.Text;
using static ConcurrencyBench.Reporting.ChartDrawing;
using static ConcurrencyBench.Reporting.ChartLayout;
using static ConcurrencyBench.Reporting.ChartPalette;
using static ConcurrencyBench.Reporting.ChartTicks;
using static ConcurrencyBench.Reporting.Charts;
using static ConcurrencyBench.Reporting.FindingText;

namespace ConcurrencyBench.Reporting;

/// <summary>
/// One point of the chat sweep (a server model at C clients each offering a rate) as its load measured it: the
/// windows of its repeated process (window 1 the cold one, 2..n warm), and window 1 of each fresh process where the
/// point was also measured cold.
/// </summary>
/// <param name="Stats">The case.</param>
/// <param name="Clients">Clients C.</param>
/// <param name="Rate">Lines per second each client offered.</param>
/// <param name="Load">The load's settings and what it saw outside its windows; null where the case carries none.</param>
/// <param name="Windows">The repeated process's windows, in order.</param>
/// <param name="ColdWindows">Window 1 of every fresh process: the repeated process's and each cold launch's.</param>
public sealed record ChatSweepPoint(CaseStatistics Stats, int Clients, int Rate, ChatLoadResult? Load, IReadOnlyList<ChatWindow> Windows, IReadOnlyList<ChatWindow> ColdWindows)
{
    /// <summary>Why the point measured nothing (the load's failure, a window without figures); null when it measured.</summary>
    public string? Failure => Stats.Case.Failure ?? Stats.ColdCase?.Failure ?? Load?.Failure ?? (Windows.Count < 2 ? "fewer than two windows: no warm window to describe" : null);

    /// <summary>The warm windows (2..n): the steady state the point is described by.</summary>
    public IReadOnlyList<ChatWindow> Warm => Windows.Count > 1 ? [.. Windows.Skip(1)] : [];

    /// <summary>Lines per second the whole load offered (C × rate).</summary>
    public double OfferedPerSecond => (double)Clients * Rate;

    /// <summary>The warm windows' latencies from the intended send (corrected), pooled.</summary>
    public LatencySummary Corrected => Summary(w => w.Corrected);

    /// <summary>The warm windows' latencies from the actual send (uncorrected), pooled.</summary>
    public LatencySummary Uncorrected => Summary(w => w.Uncorrected);

    /// <summary>The load's own lateness over the warm windows, pooled.</summary>
    public LatencySummary LoadLateness => Summary(w => w.LoadLateness);

    /// <summary>Sent lines of the warm windows that did not reach their whole room.</summary>
    public long Lost => Warm.Sum(w => w.Lost);

    /// <summary>Due lines of the warm windows that were never sent.</summary>
    public long Unsent => Warm.Sum(w => w.Unsent);

    /// <summary>Lines that reached their whole room per second during the warm windows (by arrival): what the server delivered.</summary>
    public double DeliveredPerSecond => Warm.Count == 0 ? double.NaN : Warm.Sum(w => w.Buckets.Sum(b => (double)b.Completed)) / (Warm.Sum(w => w.LengthMs) / 1000);

    /// <summary>Warm windows in which the load fell behind its own schedule beyond its tolerance.</summary>
    public int BehindWindows => Load is null ? 0 : Warm.Count(Load.Behind);

    /// <summary>The load's CPU time per second of warm window (cores busy), median over the windows.</summary>
    public double LoadCores => Warm.Count == 0 ? double.NaN : Warm.Select(w => w.LoadCpuMs / w.LengthMs).Order().ElementAt(Warm.Count / 2);

    /// <summary>
    /// True when the load itself fell behind over the warm windows: its own lateness p99 (the maximum where p99 is not
    /// carried) passed its tolerance, so the point's latencies hold the load's delay as well as the server's.
    /// </summary>
    public bool LoadFellBehind => Load is not null && LoadLateness.Count > 0 && LoadLateness.P99OrMaxUs > Load.LatenessToleranceMs * 1000;

    /// <summary>
    /// True when the point did not hold but the load fell behind: its excess may be the load's, so it says nothing
    /// about the server's capacity either way (a point that held while the load fell behind still held).
    /// </summary>
    public bool Inconclusive(double boundUs) => Failure is null && !Held(boundUs) && LoadFellBehind;

    /// <summary>True when the point held: it measured, its warm p99 (the maximum where p99 is not carried) is within the bound, and no line was lost or left unsent.</summary>
    public bool Held(double boundUs) => Failure is null && Corrected.Count > 0 && Corrected.P99OrMaxUs <= boundUs && Lost == 0 && Unsent == 0;

    /// <summary>Why the point did not hold, in words; "held" when it did.</summary>
    public string Verdict(double boundUs)
    {
        if (Failure is not null)
        {
            return $"failed: {Failure}";
        }
        var reasons = new List<string>();
        if (Corrected.P99OrMaxUs > boundUs)
        {
            reasons.Add($"{(Corrected.P99Us is null ? "max" : "p99")} {Us(Corrected.P99OrMaxUs)} over the bound");
        }
        if (Lost > 0)
        {
            reasons.Add($"{Lost:#,0} lines lost");
        }
        if (Unsent > 0)
        {
            reasons.Add($"{Unsent:#,0} lines never sent");
        }
        string verdict = reasons.Count == 0 ? "held" : string.Join(", ", reasons);
        if (Stats.Trend.HasTrend)
        {
            // Pooled windows that drift (a queue building past the knee, a pool still growing) describe this run's
            // length as well as the point: say so beside the verdict.
            verdict += $" (its windows' p99 {(Stats.Trend.S < 0 ? "fell" : "rose")} from window to window: a trend, p = {Stats.Trend.PValue.ToString("0.###", CultureInfo.InvariantCulture)})";
        }
        if (Inconclusive(boundUs))
        {
            return $"inconclusive: {verdict}, but the load itself fell behind (its own lateness p99 {Us(LoadLateness.P99OrMaxUs)}, in {BehindWindows} of {Warm.Count} windows past its tolerance)";
        }
        return BehindWindows > 0 ? $"{verdict} (the load fell behind in {BehindWindows} of {Warm.Count} windows)" : verdict;
    }

    /// <summary>The sweep's points, one per chat case that carries windows.</summary>
    public static IReadOnlyList<ChatSweepPoint> Of(IEnumerable<CaseStatistics> cases, ResultSet results)
    {
        ArgumentNullException.ThrowIfNull(cases);
        ArgumentNullException.ThrowIfNull(results);
        var points = new List<ChatSweepPoint>();
        foreach (CaseStatistics s in cases)
        {
            if (s.Case.IntParameter("C") is not int clients || s.Case.IntParameter("Rate") is not int rate)
            {
                continue; // an older run's closed bursts: no windows
            }
            List<ChatBurst> repeated = s.Repeated.Count == 0 ? [] : ChatOf(results.TimelineOf(s.Case), s.Repeated.Count);
            List<ChatBurst> cold = s.ColdCase is null ? [] : ChatOf(results.TimelineOf(s.ColdCase), s.ColdCase.IterationNanoseconds.Count);
            ChatLoadResult? load = repeated.Concat(cold).Select(c => c.Load).FirstOrDefault(l => l is not null);
            if (load is null && s.Case.Failure is null)
            {
                continue;
            }
            List<ChatWindow> windows = [.. repeated.Select(c => c.Window).TakeWhile(w => w is not null).Select(w => w!)];
            List<ChatWindow> coldWindows = [.. windows.Take(1), .. cold.Select(c => c.Window).OfType<ChatWindow>()];
            points.Add(new ChatSweepPoint(s, clients, rate, load, windows, coldWindows));
        }
        return points;
    }

    private static List<ChatBurst> ChatOf(ThreadPoolTimeline? timeline, int measured) =>
        timeline?.Bursts is { } marks ? [.. marks.Take(measured).Select(m => m.Chat).OfType<ChatBurst>()] : [];

    private LatencySummary Summary(Func<ChatWindow, string> histogram) => LatencySummary.Of(LatencyHistogram.Sum(Warm.Select(histogram)));

    internal static string Us(double us) => Format.Time(us * 1000);
}

/// <summary>How far a model held as one load parameter grew with the other fixed: its knee.</summary>
/// <param name="Points">The sweep's points in increasing load.</param>
/// <param name="Capacity">The last point of the run of held points from the lowest load; null when the lowest did not hold.</param>
/// <param name="FirstOver">The first point that did not hold; null when every point held.</param>
public sealed record ChatKnee(IReadOnlyList<ChatSweepPoint> Points, ChatSweepPoint? Capacity, ChatSweepPoint? FirstOver)
{
    /// <summary>The knee of <paramref name="points"/> ordered by <paramref name="load"/>: every point up to the capacity held.</summary>
    public static ChatKnee Of(IEnumerable<ChatSweepPoint> points, Func<ChatSweepPoint, double> load, double boundUs)
    {
        List<ChatSweepPoint> ordered = [.. points.OrderBy(load)];
        int first = ordered.FindIndex(p => !p.Held(boundUs));
        return new ChatKnee(ordered, first == 0 ? null : first < 0 ? ordered.LastOrDefault() : ordered[first - 1], first < 0 ? null : ordered[first]);
    }
}

/// <summary>
/// The article's application under an open load: a chat server on loopback in three models, driven by a load generator
/// in a process of its own that sends on a fixed schedule and times each line from its intended send time (corrected
/// for coordinated omission) until the last other member of its room has it. Each model's latency is shown against
/// the offered rate, and its capacity is the highest rate it held under the bound.
/// </summary>
public sealed partial class ChatFamily : ReportFamily
{
    /// <summary>The latency bound a point must hold (its warm windows' p99), microseconds: 100 ms.</summary>
    public const double BoundUs = 100_000;

    private const string Type = "ChatServerLoad";

    /// <inheritdoc/>
    public override string Name => "Chat";

    /// <inheritdoc/>
    public override string Title => "The chat server under an open load: latency against offered rate, and each model's knee";

    /// <inheritdoc/>
    public override string Intro =>
        "The article's own application: a chat server on 127.0.0.1 (rooms, a line protocol, the user table under a lock) in three models: " +
        "async sockets on the thread pool, a thread per connection (a blocking reader and writer each), and the same coroutines on a " +
        "single-threaded event loop (the asyncio model). The load generator (`cbench chat-load`) runs in a process of its own, in a session of " +
        "its own (the kernel shares the CPU between the two processes, not among the server's threads). It connects C clients in rooms of 10 " +
        "and joins each before anything is measured, then each client sends at a constant rate on a fixed schedule, the clients' phases " +
        "spread evenly, without ever waiting for the server (an open load, as wrk2 does it). Every line is timed from its **intended** send " +
        "time until the last other member of its room has it (corrected for coordinated omission); the time from its actual send is kept " +
        "beside it. A point of the sweep runs windows back to back, each long enough for at least 1,000 lines (so a p99 rests on at least " +
        "10 lines beyond it); window 1 of a fresh, primed server process is its **cold** window, windows 2..n are **warm**, and the warm " +
        "windows' lines, pooled (HdrHistogram), describe the point. A percentile is given only where at least 10 lines lie beyond it (p99 " +
        "needs 1,000 lines, p99.9 10,000), else the maximum is. A point **holds** when its warm p99 is within " +
        $"{Format.Time(BoundUs * 1000)} and no line was lost or left unsent; a model's **capacity** is the highest offered rate up to which " +
        "every point held. Delivered throughput is given where the offered rate did not cap it (\"= offered\" where it did). The load checks " +
        "itself: its CPU time, and how late it sent each line for reasons of its own (a socket the server does not drain is the server's); a " +
        "window where that lateness's p99 passed its tolerance is flagged, and such a point's excess may be the load's, not the server's.";

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

    /// <summary>The rate per client at which the sweep covers the most values of C: the C sweep's fixed rate and the models' common point.</summary>
    public static int? SharedRate(IReadOnlyList<ChatSweepPoint> points)
    {
        ArgumentNullException.ThrowIfNull(points);
        return points.GroupBy(p => p.Rate).OrderByDescending(g => g.Select(p => p.Clients).Distinct().Count()).ThenBy(g => g.Key).Select(g => (int?)g.Key).FirstOrDefault();
    }

    /// <summary>The C values at which the sweep covers more than one rate (a knee against the rate per client).</summary>
    public static IReadOnlyList<int> SweptClients(IReadOnlyList<ChatSweepPoint> points)
    {
        ArgumentNullException.ThrowIfNull(points);
        return [.. points.GroupBy(p => p.Clients).Where(g => g.Select(p => p.Rate).Distinct().Count() > 1).Select(g => g.Key).Order()];
    }

    /// <inheritdoc/>
    public override bool PrimingComparable(CaseResult c) => true;

    /// <inheritdoc/>
    public override IEnumerable<ChartFile?> DrawCharts(IReadOnlyList<CaseStatistics> cases, ResultSet results, string folder)
    {
        ChartContext context = ChartContext.Of(results);
        IReadOnlyList<ChatSweepPoint> points = ChatSweepPoint.Of(cases, results);
        foreach (int c in SweptClients(points))
        {
            yield return KneeChart(context, [.. points.Where(p => p.Clients == c)], c, folder);
        }
        if (SharedRate(points) is int rate)
        {
            List<ChatSweepPoint> atRate = [.. points.Where(p => p.Rate == rate)];
            if (atRate.Select(p => p.Clients).Distinct().Count() > 1)
            {
                yield return ClientsChart(context, atRate, rate, folder);
            }
            int shared = atRate.Select(p => p.Clients).Where(c => c == 1000).DefaultIfEmpty(atRate.Select(p => p.Clients).DefaultIfEmpty(0).Min()).First();
            yield return OverTimeChart(context, [.. atRate.Where(p => p.Clients == shared)], folder, results);
            yield return AgainstClients(context, atRate, s => s.Warm?.PeakThreads, $"Points: median of the warm windows' peak threads (each window's own) at {Rate(rate)} per client; no whiskers; no line between measured C",
                folder, "Chat-threads", "How many threads does each chat server need as clients grow?", "threads in the server process (log scale)", Format.TickNumber);
            yield return AgainstClients(context, atRate, s => s.Warm?.PeakWorkingSetBytes, $"Points: median of the warm windows' peak working set (each window's own) at {Rate(rate)} per client; no whiskers; no line between measured C",
                folder, "Chat-memory", "How much memory does each chat server need as clients grow?", "peak working set of the server (log scale)", Format.TickBytes);
        }
    }

    /// <summary>
    /// The knee at C clients: latency against the offered rate per client, a curve per model, in three panels (p50, p99
    /// and p99.9, each drawn only where at least 10 lines lie beyond it), on log–log axes, with the bound on the p99
    /// panel (the one it bounds); a point that did not hold is ringed, and crossed where the load itself fell behind
    /// (inconclusive); a point that failed is a labelled gap.
    /// </summary>
    public static ChartFile? KneeChart(ChartContext context, IReadOnlyList<ChatSweepPoint> points, int clients, string folder)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(points);
        var measured = points.Where(p => p.Failure is null && p.Corrected.Count > 0).ToList();
        if (measured.Count == 0)
        {
            return null;
        }
        var runtimes = new RuntimeStyles(measured.Select(p => p.Stats.Case.Host));
        using var figure = new ChartFigure($"Where does each chat server's latency bend as the offered rate grows, with {clients:#,0} clients?",
            [context.Describe(runtimes.Hosts),
             "Points: every line of a point's warm windows (2..n of one server process), pooled, timed from its intended send until its whole room had it (corrected for coordinated omission); a percentile only where at least 10 lines lie beyond it; no whiskers"]);
        var series = measured.GroupBy(p => (p.Stats.Model, p.Stats.Case.Host)).OrderBy(g => g.Key.Model.Order).ThenBy(g => RuntimeOf(g.Key.Host)).ToList();
        double step = DodgeStep([.. measured.Select(p => Math.Log10(p.Rate))]);
        var panels = new List<ChartPanel>();
        ChartPanel? bounded = null;
        foreach ((string name, Func<LatencySummary, double?> value) in new (string, Func<LatencySummary, double?>)[]
        {
            ("p50", s => s.P50Us), ("p99", s => s.P99Us), ("p99.9", s => s.P999Us),
        })
        {
            ChartPanel panel = figure.AddPanel(name, $"offered rate per client (log scale; lines/s, × {clients:#,0} clients)", $"{name} latency (log scale)");
            panels.Add(panel);
            bounded = name == "p99" ? panel : bounded;
            for (int i = 0; i < series.Count; i++)
            {
                double offset = (i - ((series.Count - 1) / 2.0)) * step;
                var ordered = series[i].OrderBy(p => p.Rate).ToList();
                Color color = ColorOf(series[i].Key.Model.Order);
                DrawMedians(panel, $"{series[i].Key.Model.Label} · {runtimes.NameOf(series[i].Key.Host)}", color, runtimes, series[i].Key.Host,
                    [.. ordered.Select(p => MedianPoint.Value(Math.Log10(p.Rate), value(p.Corrected) * 1000, SampleKind.Warm))], dodge: offset);
                // A point that did not hold ringed; crossed too where the load itself fell behind there.
                var over = ordered.Where(p => !p.Held(BoundUs) && value(p.Corrected) is > 0).ToList();
                if (over.Count > 0)
                {
                    double[] overX = [.. over.Select(p => Math.Log10(p.Rate) + offset)];
                    double[] overY = [.. over.Select(p => Math.Log10(value(p.Corrected)!.Value * 1000))];
                    var rings = panel.Plot.Add.ScatterPoints(overX, overY);
                    rings.Color = color;
                    rings.MarkerShape = MarkerShape.OpenCircle;
                    rings.MarkerSize = 16;
                    rings.LineWidth = 0;
                    var behind = over.Where(p => p.Inconclusive(BoundUs)).ToList();
                    if (behind.Count > 0)
                    {
                        double[] behindX = [.. behind.Select(p => Math.Log10(p.Rate) + offset)];
                        double[] behindY = [.. behind.Select(p => Math.Log10(value(p.Corrected)!.Value * 1000))];
                        var crosses = panel.Plot.Add.ScatterPoints(behindX, behindY);
                        crosses.Color = color;
                        crosses.MarkerShape = MarkerShape.Cross;
                        crosses.MarkerSize = 18;
                        crosses.LineWidth = 0;
                    }
                }
            }
            AddGaps(panel, FailedGaps(points, p => Math.Log10(p.Rate)));
        }
        ShareLimits(panels, floor: AxisFloor.DecadeBelow);
        AddBound(bounded!);
        double[] rates = [.. points.Select(p => (double)p.Rate).Distinct()];
        foreach (ChartPanel panel in panels)
        {
            SweptTicks(panel.Plot.Axes.Bottom, rates, Format.TickNumber);
            LogTicks(panel.Plot.Axes.Left, Format.TickTime);
        }
        LayOut(figure, panels.Count);
        if (series.Count > 1)
        {
            figure.AddNote(DodgeNote("rate"));
        }
        AddModelLegend(figure, series.Select(g => (g.Key.Model.Label, g.Key.Model.Order)).Concat(FailedModels(points)).OrderBy(m => m.Item2).Distinct());
        runtimes.AddLegend(figure, filled: false);
        figure.AddLegendLine($"the bound (p99 panel): p99 {Format.Time(BoundUs * 1000)}", GuideColor, Dash.DenselyDashed);
        figure.AddLegendMarker("ringed: the point did not hold", MarkerShape.OpenCircle, KindColor, 12);
        figure.AddLegendMarker("crossed: the load itself fell behind (inconclusive)", MarkerShape.Cross, KindColor, 12);
        return figure.Save(folder, $"Chat-knee-C{clients}");
    }

    // The points that failed, as labelled gaps at their x: the model's name and the failure's first clause.
    private static IEnumerable<(string, Color, double, string)> FailedGaps(IEnumerable<ChatSweepPoint> points, Func<ChatSweepPoint, double> x) =>
        points.Where(p => p.Failure is not null).Select(p => (p.Stats.Model.Label, ColorOf(p.Stats.Model.Order), x(p), Failed(p.Failure!)));

    // Models every point of which failed: still in the legend, as their gaps are drawn in their colour.
    private static IEnumerable<(string, int)> FailedModels(IEnumerable<ChatSweepPoint> points) =>
        points.Where(p => p.Failure is not null).Select(p => (p.Stats.Model.Label, p.Stats.Model.Order));

    // The bound as a horizontal guide across a panel whose y axis holds log10 of nanoseconds (its limits set first).
    private static void AddBound(ChartPanel panel)
    {
        AxisLimits limits = panel.Plot.Axes.GetLimits();
        double y = Math.Log10(BoundUs * 1000);
        AddLine(panel.Plot, [limits.Left, limits.Right], [y, y], GuideColor, 1.5f, Dash.DenselyDashed);
        panel.Plot.Axes.SetLimits(limits.Left, limits.Right, Math.Min(limits.Bottom, y - 1), Math.Max(limits.Top, y + 0.1));
    }

    /// <summary>
    /// The p99 (warm windows, corrected) against C at one rate per client, the measured points of each model and no
    /// line between them (nothing between two measured C was measured: where a curve crosses the bound is not known),
    /// with the bound; a point that failed is a labelled gap.
    /// </summary>
    public static ChartFile? ClientsChart(ChartContext context, IReadOnlyList<ChatSweepPoint> points, int rate, string folder)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(points);
        var measured = points.Where(p => p.Failure is null && p.Corrected.Count > 0).ToList();
        if (measured.Count == 0)
        {
            return null;
        }
        var runtimes = new RuntimeStyles(measured.Select(p => p.Stats.Case.Host));
        using var figure = new ChartFigure($"How many clients does each chat server hold within the bound at {Rate(rate)} each?",
            [context.Describe(runtimes.Hosts),
             "Points: p99 of every line of a point's warm windows, pooled, from its intended send (the maximum where fewer than 1,000 lines); no whiskers; no line between measured C"]);
        ChartPanel panel = figure.AddPanel("", "clients C (log scale)", "p99 latency to the whole room (log scale)");
        var series = measured.GroupBy(p => (p.Stats.Model, p.Stats.Case.Host)).OrderBy(g => g.Key.Model.Order).ThenBy(g => RuntimeOf(g.Key.Host)).ToList();
        double step = DodgeStep([.. measured.Select(p => Math.Log10(p.Clients))]);
        for (int i = 0; i < series.Count; i++)
        {
            double offset = (i - ((series.Count - 1) / 2.0)) * step;
            DrawMedians(panel, $"{series[i].Key.Model.Label} · {runtimes.NameOf(series[i].Key.Host)}", ColorOf(series[i].Key.Model.Order), runtimes, series[i].Key.Host,
                [.. series[i].OrderBy(p => p.Clients).Select(p => MedianPoint.Value(Math.Log10(p.Clients), p.Corrected.P99OrMaxUs * 1000, SampleKind.Warm))], dodge: offset, lines: false);
            foreach (ChatSweepPoint p in series[i])
            {
                panel.AddValueLabel(Math.Log10(p.Clients) + offset, Math.Log10(p.Corrected.P99OrMaxUs * 1000), Format.Time(p.Corrected.P99OrMaxUs * 1000), ColorOf(series[i].Key.Model.Order));
            }
        }
        AddGaps(panel, FailedGaps(points, p => Math.Log10(p.Clients)));
        ShareLimits([panel], floor: AxisFloor.DecadeBelow);
        AddBound(panel);
        SweptTicks(panel.Plot.Axes.Bottom, points.Select(p => (double)p.Clients), Format.TickNumber);
        LogTicks(panel.Plot.Axes.Left, Format.TickTime);
        if (series.Count > 1)
        {
            figure.AddNote(DodgeNote("C"));
        }
        AddModelLegend(figure, series.Select(g => (g.Key.Model.Label, g.Key.Model.Order)).Concat(FailedModels(points)).OrderBy(m => m.Item2).Distinct());
        runtimes.AddLegend(figure, filled: false);
        figure.AddLegendLine($"the bound: p99 {Format.Time(BoundUs * 1000)}", GuideColor, Dash.DenselyDashed);
        return figure.Save(folder, "Chat-clients");
    }

    /// <summary>
    /// Latency over time at one point, a panel per model, every window of its repeated process in a row: each 100 ms
    /// slice's largest latency and its median (lighter), so that a GC pause shows where it happened; the cold window 1
    /// is set off by a grey line. Where <paramref name="results"/> holds the server processes' timelines, a panel of its
    /// own shows their thread-pool threads over the same time (the pool injecting threads), a line per model.
    /// </summary>
    public static ChartFile? OverTimeChart(ChartContext context, IReadOnlyList<ChatSweepPoint> points, string folder, ResultSet? results = null)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(points);
        var drawn = points.Where(p => p.Windows.Any(w => w.Buckets.Any(b => b.MaxUs > 0))).OrderBy(p => p.Stats.Model.Order).ThenBy(p => RuntimeOf(p.Stats.Case.Host)).ToList();
        if (drawn.Count == 0)
        {
            return null;
        }
        ChatSweepPoint first = drawn[0];
        var runtimes = new RuntimeStyles(drawn.Select(p => p.Stats.Case.Host));
        using var figure = new ChartFigure($"Does any chat server's latency jump during its windows, with {first.Clients:#,0} clients at {Rate(first.Rate)} each?",
            [context.Describe(runtimes.Hosts),
             "Lines: each 100 ms slice's largest and median latency from the intended send (the median where the slice holds 20 lines), over window 1 (cold, left of the grey line) and the warm windows of one server process; single slices, no whiskers"]);
        var panels = new List<ChartPanel>();
        var pools = new List<(ChatSweepPoint Point, double[] Times, double[] Threads)>();
        foreach (ChatSweepPoint p in drawn)
        {
            ChartPanel panel = figure.AddPanel($"{p.Stats.Model.Label}{(runtimes.Hosts.Count > 1 ? $" · {runtimes.NameOf(p.Stats.Case.Host)}" : "")}",
                "time since the schedule started (s)", "latency per 100 ms slice (log scale)");
            panels.Add(panel);
            Color color = ColorOf(p.Stats.Model.Order);
            var slices = p.Windows.SelectMany(w => w.Buckets).Where(b => b.MaxUs > 0).OrderBy(b => b.StartMs).ToList();
            double[] times = [.. slices.Select(b => (b.StartMs + 50) / 1000)];
            AddLine(panel.Plot, times, [.. slices.Select(b => Math.Log10(b.MaxUs * 1000))], color, 1.5f, Dash.Solid);
            var medians = slices.Where(b => b.P50Us is > 0).ToList();
            if (medians.Count > 0)
            {
                AddLine(panel.Plot, [.. medians.Select(b => (b.StartMs + 50) / 1000)], [.. medians.Select(b => Math.Log10(b.P50Us!.Value * 1000))], Shade(color, 1, 2), 1.5f, Dash.Solid);
            }
            panel.AddSeries($"{p.Stats.Model.Label} · {runtimes.NameOf(p.Stats.Case.Host)}");
            // The sampler's clock: burst 1's mark is the end of window 1, so the schedule started one window before it.
            if (results?.TimelineOf(p.Stats.Case) is { Bursts: { Count: > 0 } marks } timeline)
            {
                double windowMs = p.Windows[0].LengthMs, startMs = marks[0].ElapsedMs - windowMs, endMs = startMs + (p.Windows.Count * windowMs);
                var samples = timeline.Samples.Where(x => x.ElapsedMs >= startMs && x.ElapsedMs <= endMs).ToList();
                if (samples.Count >= 2)
                {
                    pools.Add((p, [.. samples.Select(x => (x.ElapsedMs - startMs) / 1000)], [.. samples.Select(x => (double)x.PoolThreads)]));
                }
            }
        }
        ChartPanel? threads = null;
        if (pools.Count > 0)
        {
            threads = figure.AddPanel("the servers' thread-pool threads", "time since the schedule started (s)", "thread-pool threads");
            foreach ((ChatSweepPoint p, double[] times, double[] counts) in pools)
            {
                AddLine(threads.Plot, times, counts, ColorOf(p.Stats.Model.Order), runtimes.LineWidthOf(p.Stats.Case.Host), Dash.Solid);
                threads.AddSeries($"{p.Stats.Model.Label} · {runtimes.NameOf(p.Stats.Case.Host)}: pool threads");
            }
        }
        ShareLimits(panels, shareX: true, shareY: true, floor: AxisFloor.DecadeBelow);
        double cold = first.Windows[0].LengthMs / 1000;
        foreach (ChartPanel panel in panels)
        {
            AxisLimits limits = panel.Plot.Axes.GetLimits();
            AddLine(panel.Plot, [cold, cold], [limits.Bottom, limits.Top], KindColor, 1, Dash.Solid);
            LogTicks(panel.Plot.Axes.Left, Format.TickTime);
        }
        if (threads is not null)
        {
            ShareLimits([threads], floor: AxisFloor.Zero);
            AxisLimits time = panels[0].Plot.Axes.GetLimits();
            AxisLimits limits = threads.Plot.Axes.GetLimits();
            threads.Plot.Axes.SetLimitsX(time.Left, time.Right);
            AddLine(threads.Plot, [cold, cold], [limits.Bottom, limits.Top], KindColor, 1, Dash.Solid);
            threads.Plot.Axes.Left.TickGenerator = new ScottPlot.TickGenerators.NumericAutomatic { IntegerTicksOnly = true, LabelFormatter = v => Format.TickNumber(v) };
        }
        LayOut(figure, figure.Panels.Count);
        AddModelLegend(figure, drawn.Select(p => (p.Stats.Model.Label, p.Stats.Model.Order)));
        figure.AddLegendLine("model colour: a slice's largest latency; lighter: its median", GuideColor, Dash.Solid);
        figure.AddLegendLine("grey: the end of window 1 (cold)", KindColor, Dash.Solid, 1);
        // The runtime whose servers these are, named as in every other chart (no markers here: lines only).
        foreach (HostInfo host in runtimes.Hosts)
        {
            figure.AddLegendLine(runtimes.NameOf(host), GuideColor, Dash.Solid, runtimes.LineWidthOf(host));
        }
        return figure.Save(folder, $"Chat-over-time-C{first.Clients}");
    }

    /// <inheritdoc/>
    public override void WriteSection(StringBuilder md, IReadOnlyList<CaseStatistics> cases, IReadOnlyList<ChartFile> charts, ResultSet? results = null)
    {
        ArgumentNullException.ThrowIfNull(md);
        ArgumentNullException.ThrowIfNull(cases);
        IReadOnlyList<ChatLoadResult> byHand = results is null ? [] : ChatLoadFile.Runs(results.ChatLoads);
        if (cases.Count == 0 && charts.Count == 0 && byHand.Count == 0)
        {
            return;
        }
        if (cases.Count == 0 && charts.Count == 0)
        {
            md.AppendLine(CultureInfo.InvariantCulture, $"## {Title}").AppendLine().AppendLine(Intro).AppendLine();
        }
        else
        {
            WriteHeading(md, cases, charts, results);
        }
        IReadOnlyList<ChatSweepPoint> points = results is null ? [] : ChatSweepPoint.Of(cases, results);
        bool manyHosts = Format.FromSeveralHosts(cases);
        if (points.Count > 0)
        {
            md.AppendLine(CultureInfo.InvariantCulture, $"Every point's latency (p50, p99, p99.9, max), what it delivered, the coordinated-omission correction and the load's checks on itself are in [`cases.md`](cases.md#{DetailsAnchor}).").AppendLine();
            WriteColdAndWarm(md, points, manyHosts);
        }
        else if (cases.Count > 0)
        {
            md.AppendLine(CultureInfo.InvariantCulture, $"These {Format.Plural(cases.Count, "chat case")} come from a run before the open load (closed bursts timed from the actual send, without windows): they are listed with every case read, not described here; a new run measures them.").AppendLine();
        }
        WriteByHand(md, byHand);
    }

    private const string DetailsHeading = "The chat server's points";
    private const string DetailsAnchor = "the-chat-servers-points";

    /// <inheritdoc/>
    /// <remarks>Every point of the sweep: two tables too long for the report.</remarks>
    public override void WriteDetails(StringBuilder md, IReadOnlyList<CaseStatistics> cases, ResultSet? results)
    {
        ArgumentNullException.ThrowIfNull(md);
        ArgumentNullException.ThrowIfNull(cases);
        IReadOnlyList<ChatSweepPoint> points = results is null ? [] : ChatSweepPoint.Of(cases, results);
        bool manyHosts = Format.FromSeveralHosts(cases);
        if (points.Count > 0)
        {
            md.AppendLine(CultureInfo.InvariantCulture, $"## {DetailsHeading}").AppendLine();
            var ordered = points.OrderBy(p => p.Clients).ThenBy(p => p.Rate).ThenBy(p => p.Stats.Model.Order).ThenBy(p => p.Stats.Case.Host.Label, StringComparer.Ordinal).ToList();
            string Model(ChatSweepPoint p) => p.Stats.Model.Label + (manyHosts ? $" [{p.Stats.Case.Host.Label}]" : "");
            string Point(ChatSweepPoint p) => $"{Format.Count(p.Clients)} × {p.Rate}/s ({Format.Count(p.OfferedPerSecond)} lines/s)";
            md.AppendLine("Latency from the intended send at each point (C clients × rate per client), the warm windows' lines pooled:").AppendLine();
            md.AppendLine("| Server model | Point | Lines | p50 | p99 | p99.9 | Max | At the bound |");
            md.AppendLine("|---|---|---:|---:|---:|---:|---:|---|");
            foreach (ChatSweepPoint p in ordered)
            {
                if (p.Failure is not null)
                {
                    md.AppendLine(CultureInfo.InvariantCulture, $"| {Model(p)} | {Point(p)} | | | | | | **failed**: {p.Failure} |");
                    continue;
                }
                LatencySummary c = p.Corrected;
                md.AppendLine(CultureInfo.InvariantCulture,
                    $"| {Model(p)} | {Point(p)} | {Format.Count(c.Count)} | {Opt(c.P50Us)} | {Opt(c.P99Us)} | {Opt(c.P999Us)} | {ChatSweepPoint.Us(c.MaxUs)} | {(p.Held(BoundUs) ? p.Verdict(BoundUs) : $"**{p.Verdict(BoundUs)}**")} |");
            }
            md.AppendLine();
            md.AppendLine("What was delivered, the size of the coordinated-omission correction, and the load's checks on itself (warm windows):").AppendLine();
            md.AppendLine("| Server model | Point | p99 from the actual send (uncorrected) | Delivered | Lost / never sent | Load's own lateness: p99 / max | Load CPU (cores) |");
            md.AppendLine("|---|---|---:|---:|---:|---:|---:|");
            foreach (ChatSweepPoint p in ordered.Where(p => p.Failure is null))
            {
                LatencySummary late = p.LoadLateness;
                md.AppendLine(CultureInfo.InvariantCulture,
                    $"| {Model(p)} | {Point(p)} | {Opt(p.Uncorrected.P99Us)} | {Delivered(p)} | {Format.Count(p.Lost)} / {Format.Count(p.Unsent)} | {Opt(late.P99Us)} / {ChatSweepPoint.Us(late.MaxUs)}{(p.BehindWindows > 0 ? $" (**behind** in {p.BehindWindows} of {p.Warm.Count})" : "")} | {Format.Number(p.LoadCores)} |");
            }
            md.AppendLine();
        }
    }

    private static string ShortCapacity(ChatKnee knee) => knee.Capacity is not ChatSweepPoint capacity
        ? knee.Points[0].Failure is not null ? "failed" : knee.Points[0].Inconclusive(BoundUs) ? "undetermined (the load fell behind)" : $"below {Rate(knee.Points[0].Rate)}"
        : knee.FirstOver is null || knee.FirstOver.Inconclusive(BoundUs) ? $"at least {Rate(capacity.Rate)}" : Rate(capacity.Rate);

    /// <inheritdoc/>
    public override IEnumerable<string?> Findings(IReadOnlyList<CaseStatistics> cases, ResultSet? results = null)
    {
        if (results is null)
        {
            yield break;
        }
        IReadOnlyList<ChatSweepPoint> points = ChatSweepPoint.Of(cases, results);
        if (points.Count == 0)
        {
            yield break;
        }
        // The capacity of each model at each C swept by rate, and in clients at the shared rate.
        foreach (int c in SweptClients(points))
        {
            string each = string.Join("; ", KneesAt(points.Where(p => p.Clients == c), p => p.Rate).Select(k => $"{k.Label}: {CapacityText(k.Knee, "lines/s per client", p => p.Rate)}"));
            yield return $"The chat server's capacity at {N(c)} clients (the highest rate per client every point up to which held p99 within {Format.Time(BoundUs * 1000)}, warm windows, no line lost): {each}.";
        }
        if (SharedRate(points) is int rate && points.Where(p => p.Rate == rate).Select(p => p.Clients).Distinct().Count() > 1)
        {
            string each = string.Join("; ", KneesAt(points.Where(p => p.Rate == rate), p => p.Clients).Select(k => $"{k.Label}: {CapacityText(k.Knee, "clients", p => p.Clients)}"));
            yield return $"The chat server's capacity in clients at {Rate(rate)} each (the most clients up to which every point held): {each}.";
        }
        // One shared point: the three models side by side.
        if (SharedRate(points) is int shared)
        {
            var atShared = points.Where(p => p.Rate == shared && p.Clients == (points.Any(q => q.Rate == shared && q.Clients == 1000) ? 1000 : points.Where(q => q.Rate == shared).Min(q => q.Clients)))
                .OrderBy(p => p.Stats.Model.Order).ToList();
            if (atShared.Count > 0)
            {
                string each = string.Join("; ", atShared.Select(p => p.Failure is not null ? $"{p.Stats.Model.Label}: failed ({p.Failure})"
                    : $"{p.Stats.Model.Label}: p50 {Opt(p.Corrected.P50Us)}, p99 {Opt(p.Corrected.P99Us)}, p99.9 {Opt(p.Corrected.P999Us)} ({Format.Count(p.Corrected.Count)} lines){ColdText(p)}"));
                yield return $"At one shared offered rate, {N(atShared[0].Clients)} clients at {Rate(shared)} each ({Format.Count(atShared[0].OfferedPerSecond)} lines/s), warm windows pooled: {each}.";
            }
        }
        // The coordinated-omission correction's size at C = 1,000 (or the smallest C swept by rate).
        int? at = SweptClients(points).Contains(1000) ? 1000 : SweptClients(points).Cast<int?>().FirstOrDefault();
        if (at is int atC)
        {
            // Where the load fell behind, the gap holds its own lateness as well: those points cannot show the correction.
            var corrections = points.Where(p => p.Clients == atC && p.Failure is null && !p.LoadFellBehind && p.Corrected.P99Us is not null && p.Uncorrected.P99Us is not null)
                .GroupBy(p => p.Stats.Model).OrderBy(g => g.Key.Order)
                .Select(g => g.OrderByDescending(p => p.Corrected.P99Us!.Value / p.Uncorrected.P99Us!.Value).First())
                .Select(p => $"{p.Stats.Model.Label} at {Rate(p.Rate)}: p99 {Opt(p.Uncorrected.P99Us)} from the actual send, {Opt(p.Corrected.P99Us)} from the intended send ({Format.Ratio(p.Corrected.P99Us!.Value / p.Uncorrected.P99Us!.Value)})")
                .ToList();
            if (corrections.Count > 0)
            {
                yield return $"Coordinated omission at {N(atC)} clients, where the correction is largest for each model (points where the load kept its schedule): {string.Join("; ", corrections)}.";
            }
            else if (points.Any(p => p.Clients == atC && p.Failure is null))
            {
                yield return $"Coordinated omission at {N(atC)} clients cannot be told apart from the load's own lateness: the load fell behind its schedule at every point there.";
            }
        }
        // The load's own lateness: was the load generator the bottleneck anywhere?
        var measured = points.Where(p => p.Failure is null && p.LoadLateness.Count > 0).ToList();
        if (measured.Count > 0)
        {
            ChatSweepPoint worst = measured.OrderByDescending(p => p.LoadLateness.P99OrMaxUs).First();
            int behind = measured.Count(p => p.BehindWindows > 0);
            yield return $"The load generator's own lateness (how late it sent lines for reasons of its own, warm windows): p99 at most {ChatSweepPoint.Us(worst.LoadLateness.P99OrMaxUs)} ({worst.Stats.Model.Label}, {N(worst.Clients)} clients at {Rate(worst.Rate)}, max {ChatSweepPoint.Us(worst.LoadLateness.MaxUs)}); "
                + (behind == 0 ? "it never fell behind its tolerance." : $"it fell behind its tolerance in {behind} of {measured.Count} points, whose excess over the bound may be the load's own (flagged in the table).");
        }
        foreach (ChatSweepPoint failed in points.Where(p => p.Failure is not null).OrderBy(p => p.Stats.Model.Order).ThenBy(p => p.Clients))
        {
            yield return $"The chat server's {failed.Stats.Model.Label} failed at {N(failed.Clients)} clients ({Rate(failed.Rate)} each): {failed.Failure}.";
        }
    }

    private static IEnumerable<(string Label, ChatKnee Knee)> KneesAt(IEnumerable<ChatSweepPoint> points, Func<ChatSweepPoint, double> load)
    {
        var all = points.ToList();
        bool manyHosts = all.Select(p => p.Stats.Case.Host).Distinct().Skip(1).Any();
        return all.GroupBy(p => (p.Stats.Model, p.Stats.Case.Host)).OrderBy(g => g.Key.Model.Order)
            .Select(g => (g.Key.Model.Label + (manyHosts ? $" [{g.Key.Host.Label}]" : ""), ChatKnee.Of(g, load, BoundUs)));
    }

    // "20 lines/s per client (20,000 lines/s, delivered = offered); the next point, 40: p99 312 ms over the bound, delivered 31,200 lines/s".
    private static string CapacityText(ChatKnee knee, string units, Func<ChatSweepPoint, int> value)
    {
        // "1 line/s per client", "1 client": the unit agrees with its number.
        string Unit(int v) => v != 1 ? units : units.Replace("lines/s", "line/s", StringComparison.Ordinal).Replace("clients", "client", StringComparison.Ordinal);
        string next = knee.FirstOver is not ChatSweepPoint over ? ""
            : $"; at {Format.Count(value(over))}: {over.Verdict(BoundUs)}{(over.Failure is null ? $", delivered {Delivered(over)}" : "")}";
        if (knee.Capacity is not ChatSweepPoint capacity)
        {
            return knee.Points[0].Inconclusive(BoundUs)
                ? $"undetermined: the load fell behind at the sweep's lowest point{next}"
                : $"below {Format.Count(value(knee.Points[0]))} {Unit(value(knee.Points[0]))}, the sweep's lowest{next}";
        }
        // A first point over the bound where the load fell behind does not place the knee: the capacity is a floor.
        string atLeast = knee.FirstOver is null || knee.FirstOver.Inconclusive(BoundUs) ? "at least " : "";
        string suffix = knee.FirstOver is null ? " (every point held: the sweep's highest)" : "";
        return $"{atLeast}{Format.Count(value(capacity))} {Unit(value(capacity))} ({Format.Count(capacity.OfferedPerSecond)} lines/s offered, delivered {Delivered(capacity)}, p99 {Opt(capacity.Corrected.P99Us)}){suffix}{next}";
    }

    // Throughput only where the offered rate did not cap it: a point that delivered every line delivered what was offered.
    private static string Delivered(ChatSweepPoint p) =>
        p.Failure is not null ? "" : p.Lost == 0 && p.Unsent == 0 ? "= offered" : $"{Format.Count(p.DeliveredPerSecond)} lines/s";

    private static string ColdText(ChatSweepPoint p)
    {
        if (p.Stats.Cold is not { Count: >= 2 } cold)
        {
            return "";
        }
        return $", and cold (window 1 of {cold.Count} fresh server processes) p99 {Format.Time(cold.MedianNs)} (median of {cold.Description})";
    }

    // "1 line/s", "20 lines/s".
    private static string Rate(int perSecond) => $"{Format.Count(perSecond)} {(perSecond == 1 ? "line" : "lines")}/s";

    private static string Opt(double? us) => us is double v ? ChatSweepPoint.Us(v) : "n/a";

    // Where a point was also measured cold, its cold and warm p99 per window side by side: two kinds, never mixed.
    private static void WriteColdAndWarm(StringBuilder md, IReadOnlyList<ChatSweepPoint> points, bool manyHosts)
    {
        var cold = points.Where(p => p.Stats.Cold is { Count: >= 2 } && p.Failure is null).OrderBy(p => p.Clients).ThenBy(p => p.Rate).ThenBy(p => p.Stats.Model.Order).ToList();
        if (cold.Count == 0)
        {
            return;
        }
        md.AppendLine("Where a point was also measured cold: each window's p99 as a sample, cold (window 1 of each fresh, primed server process) and warm (windows 2..n of one process), with the server's CPU time per window, peak threads and peak memory over the cold windows:").AppendLine();
        md.AppendLine($"| Server model | Point | Cold windows: p99 median {Format.IntervalColumn} | Warm windows: p99 median {Format.IntervalColumn} | Server CPU per window | Peak threads | Peak memory |");
        md.AppendLine("|---|---|---:|---:|---:|---:|---:|");
        foreach (ChatSweepPoint p in cold)
        {
            CaseStatistics s = p.Stats;
            md.AppendLine(CultureInfo.InvariantCulture,
                $"| {s.Model.Label}{(manyHosts ? $" [{s.Case.Host.Label}]" : "")} | {Format.Count(p.Clients)} × {p.Rate}/s | {Cell(s.Cold)} | {WarmCell(s)} | {Format.CpuMs(s.Cold!.CpuMs)} | {Format.Count(s.Cold.PeakThreads)} | {Format.Bytes(s.Cold.PeakWorkingSetBytes)} |");
        }
        md.AppendLine();
    }

    // Loads run by hand (cbench chat-load --out into chat-loads/), on this machine or another: their windows, pooled
    // after the first where there is more than one.
    private static void WriteByHand(StringBuilder md, IReadOnlyList<ChatLoadResult> runs)
    {
        if (runs.Count == 0)
        {
            return;
        }
        md.AppendLine(CultureInfo.InvariantCulture, $"Loads run by hand (`cbench chat-load --out` into `{ChatLoadFile.Folder}/`; the load processes of one run merged): each run's windows after the first, pooled (all of them where there is one), latency from the intended send.").AppendLine();
        md.AppendLine("| Run | Server | Target | Load machine (processes) | C | Rate per client | Windows | Lines | p50 | p99 | p99.9 | Max | p99 from the actual send | Lost / never sent | Load's own lateness p99 (behind windows) | Note |");
        md.AppendLine("|---|---|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|");
        foreach (ChatLoadResult run in runs)
        {
            IReadOnlyList<ChatWindow> described = run.Windows.Count > 1 ? [.. run.Windows.Skip(1)] : run.Windows;
            LatencySummary c = LatencySummary.Of(LatencyHistogram.Sum(described.Select(w => w.Corrected)));
            LatencySummary u = LatencySummary.Of(LatencyHistogram.Sum(described.Select(w => w.Uncorrected)));
            LatencySummary late = LatencySummary.Of(LatencyHistogram.Sum(described.Select(w => w.LoadLateness)));
            // A load that measured no window held nothing: it is no verdict.
            string note = run.Failure is not null ? $"**failed**: {run.Failure}"
                : described.Count == 0 ? "**nothing measured**: no window ran"
                : c.P99OrMaxUs <= BoundUs && described.Sum(w => w.Lost + w.Unsent) == 0 ? "held" : "**did not hold**";
            md.AppendLine(CultureInfo.InvariantCulture,
                $"| {(run.Run.Length > 0 ? run.Run : "(unlabelled)")} | {run.Server} | {run.Target} | {run.Machine} ({run.Processes}) | {Format.Count(run.Clients)} | {run.LinesPerSecond.ToString("0.###", CultureInfo.InvariantCulture)} | {described.Count} | {Format.Count(c.Count)} | {Opt(c.P50Us)} | {Opt(c.P99Us)} | {Opt(c.P999Us)} | {ChatSweepPoint.Us(c.MaxUs)} | {Opt(u.P99Us)} | {Format.Count(described.Sum(w => w.Lost))} / {Format.Count(described.Sum(w => w.Unsent))} | {Opt(late.P99Us)} ({described.Count(run.Behind)}) | {note} |");
        }
        md.AppendLine();
    }

    // A warm figure of each point against C on log–log axes, a series per model (and runtime), open markers, no line
    // between measured C; a point that failed is a labelled gap.
    private static ChartFile? AgainstClients(ChartContext context, IReadOnlyList<ChatSweepPoint> points, Func<CaseStatistics, double?> value, string pointsText,
        string folder, string name, string title, string yLabel, Func<double, int, string> format)
    {
        var shown = points.Where(p => p.Failure is null && value(p.Stats) is > 0).ToList();
        if (shown.Select(p => p.Clients).Distinct().Count() < 2)
        {
            return null;
        }
        var runtimes = new RuntimeStyles(shown.Select(p => p.Stats.Case.Host));
        using var figure = new ChartFigure(title, [context.Describe(runtimes.Hosts), pointsText]);
        ChartPanel panel = figure.AddPanel("", "clients C (log scale)", yLabel);
        var series = shown.GroupBy(p => (p.Stats.Model, p.Stats.Case.Host)).OrderBy(g => g.Key.Model.Order).ThenBy(g => RuntimeOf(g.Key.Host)).ToList();
        double step = DodgeStep([.. shown.Select(p => Math.Log10(p.Clients))]);
        for (int i = 0; i < series.Count; i++)
        {
            double offset = (i - ((series.Count - 1) / 2.0)) * step;
            DrawMedians(panel, $"{series[i].Key.Model.Label} · {runtimes.NameOf(series[i].Key.Host)}", ColorOf(series[i].Key.Model.Order), runtimes, series[i].Key.Host,
                [.. series[i].Select(p => MedianPoint.Value(Math.Log10(p.Clients), value(p.Stats), SampleKind.Warm))], dodge: offset, lines: false);
        }
        AddGaps(panel, FailedGaps(points, p => Math.Log10(p.Clients)));
        if (series.Count > 1)
        {
            figure.AddNote(DodgeNote("C"));
        }
        ShareLimits([panel], floor: AxisFloor.DecadeBelow);
        SweptTicks(panel.Plot.Axes.Bottom, points.Select(p => (double)p.Clients), Format.TickNumber);
        LogTicks(panel.Plot.Axes.Left, format);
        AddModelLegend(figure, series.Select(g => (g.Key.Model.Label, g.Key.Model.Order)).Concat(FailedModels(points)).OrderBy(m => m.Item2).Distinct());
        runtimes.AddLegend(figure, filled: false);
        return figure.Save(folder, name);
    }
}
