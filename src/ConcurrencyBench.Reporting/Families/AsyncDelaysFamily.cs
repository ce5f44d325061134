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
/// Family 1, pure async delays (the seed's <c>asyncio.sleep</c> under <c>gather</c>): wall time against N, the
/// marginal memory of one more delay (chart and table), and what a delay costs at scale.
/// </summary>
public sealed partial class AsyncDelaysFamily : ReportFamily
{
    /// <summary>The family's name, its charts' prefix and its group.</summary>
    public const string FamilyName = "AsyncDelays";

    /// <inheritdoc/>
    public override string Name => FamilyName;

    /// <inheritdoc/>
    public override string Title => "Pure async delays";

    /// <inheritdoc/>
    public override string Intro => "Many concurrent `Task.Delay`s awaited together (the seed's `asyncio.sleep` under `gather`).";

    /// <inheritdoc/>
    public override int SectionOrder => 0;

    /// <inheritdoc/>
    public override int FindingsOrder => 1;

    /// <inheritdoc/>
    public override IReadOnlyList<BenchmarkClass> Classes { get; } = [new("AsyncDelays", FamilyName, ["N", "DelayMs"])];

    /// <inheritdoc/>
    public override IReadOnlyList<ModelDeclaration> Models { get; } =
    [
        new("AsyncDelays", "TaskDelayWhenAll", "Task.Delay + WhenAll", 0, c => ModelCatalog.TimerIdeal(new TaskDelayWhenAll(), c)) { IdealText = "d − one timer tick" },
        new("AsyncDelays", "AsyncMethodWhenAll", "async method + WhenAll", 1, c => ModelCatalog.TimerIdeal(new AsyncMethodWhenAll(), c)) { IdealText = "d − one timer tick" },
        new("AsyncDelays", "TaskRunWrappedDelay", "Task.Run(async delay)", 2, c => ModelCatalog.TimerIdeal(new TaskRunWrappedDelay(), c)) { IdealText = "d − one timer tick" },
        new("AsyncDelays", "SingleThreadEventLoop", "single-thread event loop", 3, c => ModelCatalog.TimerIdeal(new SingleThreadEventLoop(), c)) { IdealText = "d − one timer tick" },
        new("AsyncDelays", "AsyncMethodWithState", "async method + 1 KiB state", 4, c => ModelCatalog.TimerIdeal(new AsyncMethodWithState(), c)) { IdealText = "d − one timer tick" },
    ];

    /// <inheritdoc/>
    public override CaseRole RoleOf(CaseResult c) => c?.Method == "TaskDelayWhenAll" ? CaseRole.ConcurrentWaits : CaseRole.None;

    /// <inheritdoc/>
    public override bool HoldsItsJobsAtOnce(CaseResult c) => true;

    /// <inheritdoc/>
    public override bool PrimingComparable(CaseResult c) => true;

    /// <inheritdoc/>
    public override bool ComparesWithPublishedFigures => true;

    /// <inheritdoc/>
    /// <remarks>The bare delays at their three largest N: the runtimes' scaling, as the published posts show it.</remarks>
    public override IEnumerable<CaseResult> ShownOnRuntimes(IReadOnlyList<CaseResult> byN)
    {
        ArgumentNullException.ThrowIfNull(byN);
        return byN.Count > 0 && byN[0].Method == "TaskDelayWhenAll" ? byN.TakeLast(3) : byN.TakeLast(1);
    }

    /// <inheritdoc/>
    public override IEnumerable<ChartFile?> DrawCharts(IReadOnlyList<CaseStatistics> cases, ResultSet results, string folder)
    {
        ChartContext context = ChartContext.Of(results);
        yield return SleepsByN(cases)
            // Each N with its own sleep (the all-pending profile): wall times of 1 s, 3 s and 15 s on one axis would
            // show the sleeps chosen, not the runtimes; what N tasks cost is the time beyond the sleep.
            ? TimeAgainstLoad(context, cases, folder, "AsyncDelays-time", BeyondTheSleepTitle(cases), "time beyond the sleep d", beyondDelay: true)
            : TimeAgainstLoad(context, cases, folder, "AsyncDelays-time", $"How long do N concurrent async delays{OfDelay(cases)} take, model by model?", "wall time per operation");
        yield return MemoryPerJob(context, cases, folder);
    }

    /// <summary>
    /// The time chart's title where each N sleeps its own d: the answer at the largest N for the bare sleeps, the least
    /// and the most time beyond the sleep among the runtimes ("Time beyond the sleep for 1,000,000 sleeps of 25.0 s:
    /// 818 ms extra on .NET 10.0.12 (JIT), 27.5 s extra on Python 3.11.7"); the question where there is no such answer.
    /// </summary>
    internal static string BeyondTheSleepTitle(IReadOnlyList<CaseStatistics> cases)
    {
        const string question = "How long beyond their sleep d do N concurrent async sleeps take, model by model?";
        int? n = cases.Select(s => s.Case.IntParameter("N")).Max();
        var bare = cases.Where(s => s.Case.Method == "TaskDelayWhenAll" && s.Case.IntParameter("N") == n && s.Headline is { MedianNs: > 0 })
            .Select(s => (Case: s, Beyond: s.Headline!.MedianNs - ((s.Case.IntParameter("DelayMs") ?? 0) * 1e6))).Where(b => b.Beyond > 0).ToList();
        if (n is not int jobs || bare.Count < 2)
        {
            return question;
        }
        var least = bare.MinBy(b => b.Beyond);
        var most = bare.MaxBy(b => b.Beyond);
        return $"Time beyond the sleep for {Format.Count(jobs)} sleeps of {Format.Time((least.Case.Case.IntParameter("DelayMs") ?? 0) * 1e6)}: {Format.Time(least.Beyond)} extra on {ChartContext.Runtime(least.Case.Case.Host)}, {Format.Time(most.Beyond)} extra on {ChartContext.Runtime(most.Case.Case.Host)}; by N, model by model";
    }

    /// <summary>True when the cases sleep more than one d and each N sleeps one d only (d chosen by N).</summary>
    internal static bool SleepsByN(IReadOnlyList<CaseStatistics> cases) =>
        cases.Select(s => s.Case.IntParameter("DelayMs")).Distinct().Skip(1).Any()
        && cases.GroupBy(s => s.Case.IntParameter("N")).All(g => g.Select(s => s.Case.IntParameter("DelayMs")).Distinct().Count() == 1);

    /// <inheritdoc/>
    public override void WriteSection(StringBuilder md, IReadOnlyList<CaseStatistics> cases, IReadOnlyList<ChartFile> charts, ResultSet? results = null)
    {
        base.WriteSection(md, cases, charts, results);
        WriteMarginalMemory(md, cases);
    }

    /// <inheritdoc/>
    public override IEnumerable<string?> Findings(IReadOnlyList<CaseStatistics> cases, ResultSet? results = null)
    {
        yield return AsyncAtScale(cases);
        yield return BytesPerDelay(cases);
        yield return EventLoopCost(cases);
        yield return TaskRunHop(cases);
    }

    /// <summary>
    /// The marginal memory of one more concurrent delay against N (the family's cases): the slope of the bytes each
    /// burst allocated and of the peak working set between neighbouring N (<see cref="MarginalCost"/>), plotted at the
    /// larger N, a panel per runtime and figure (so that one panel never shows two figures told apart by dashes), a line
    /// per model in its colour. A slope that is not positive (memory the runtime had already reserved) cannot go on a
    /// log axis, nor is a slope from a cold median to a warm one drawn (two kinds of sample): each is a labelled gap.
    /// </summary>
    public static ChartFile? MemoryPerJob(ChartContext context, IReadOnlyList<CaseStatistics> cases, string folder)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(cases);
        var costs = MarginalCost.Of(cases).ToList();
        if (!costs.Any(c => c.AllocatedPerJob is > 0 || c.PeakWorkingSetPerJob is > 0))
        {
            return null;
        }
        // The kind of a slope is its two medians' kind: a slope from a cold median to a warm one is not drawn.
        SampleKind KindOf(MarginalCost c) => cases.FirstOrDefault(s => s.Case.Type == c.Case.Case.Type && s.Case.Method == c.Case.Case.Method
            && s.Case.Host == c.Case.Case.Host && s.Case.IntParameter("DelayMs") == c.Case.Case.IntParameter("DelayMs")
            && s.Case.IntParameter("N") == c.FromN) is { } low && low.Kind == c.Case.Kind ? c.Case.Kind : SampleKind.None;
        var metrics = new (string Name, Func<MarginalCost, double?> Value)[]
        {
            ("managed bytes allocated", c => c.AllocatedPerJob),
            ("peak working set", c => c.PeakWorkingSetPerJob),
        };
        var runtimes = new RuntimeStyles(costs.Select(c => c.Case.Case.Host));
        // A panel per runtime and figure that has any slope of it; in it a series per model, by the suite's name.
        var panels = runtimes.Hosts
            .SelectMany(h => metrics.Select(m => (Host: h, Metric: m, Series: costs.Where(c => c.Case.Case.Host == h && m.Value(c) is not null)
                .GroupBy(c => (Label: c.Case.SuiteLabel, c.Case.Model.Order)).OrderBy(g => g.Key.Order).ToList())))
            .Where(p => p.Series.Count > 0)
            .ToList();
        var drawn = panels.SelectMany(p => p.Series.SelectMany(g => g.Where(c => p.Metric.Value(c) is > 0 && KindOf(c) != SampleKind.None))).Distinct().ToList();
        var kinds = drawn.Select(p => p.Case.Headline!).GroupBy(h => h.Kind).OrderBy(g => g.Key).ToList();
        string from = PlottedSamples.KindsText(kinds.Select(k => (k.Key, k.Select(h => h.Count))));
        using var figure = new ChartFigure("How much memory does one more concurrent delay cost?",
            [context.Describe(runtimes.Hosts),
             $"Each point: (figure at N − figure at the N before) / (N − the N before), from the medians of {from}; no whiskers",
             "Allocated: the managed bytes a burst allocated (.NET); peak working set: the whole process's peak resident memory; 1 kB = 1,000 B"]);
        LayOut(figure, panels.Count);
        bool dodged = false;
        foreach (var (host, metric, series) in panels)
        {
            ChartPanel panel = figure.AddPanel($"{runtimes.NameOf(host)} · {metric.Name}", "N (log scale): slope from the N before", "bytes per additional delay (log scale)");
            double step = DodgeStep([.. series.SelectMany(g => g).Select(c => Math.Log10(c.Case.Case.IntParameter("N")!.Value))]);
            dodged |= series.Count > 1 && step > 0;
            var gaps = new List<(string, Color, double, string)>();
            for (int i = 0; i < series.Count; i++)
            {
                Color color = ColorOf(series[i].Key.Order);
                double offset = (i - ((series.Count - 1) / 2.0)) * step;
                var points = series[i].OrderBy(c => c.Case.Case.IntParameter("N")).ToList();
                double X(MarginalCost c) => Math.Log10(c.Case.Case.IntParameter("N")!.Value);
                DrawMedians(panel, $"{series[i].Key.Label} · {runtimes.NameOf(host)} · {metric.Name}", color, runtimes, host,
                    [.. points.Select(c => metric.Value(c) is > 0 && KindOf(c) != SampleKind.None ? MedianPoint.Value(X(c), metric.Value(c), KindOf(c)) : MedianPoint.Value(X(c), null, SampleKind.None))], dodge: offset);
                gaps.AddRange(points.Where(c => metric.Value(c) is <= 0).Select(c => (series[i].Key.Label, color, X(c), "≤ 0 B (memory already held)")));
                gaps.AddRange(points.Where(c => metric.Value(c) is > 0 && KindOf(c) == SampleKind.None).Select(c => (series[i].Key.Label, color, X(c), "cold to warm: no slope")));
            }
            AddGaps(panel, gaps);
        }
        ShareLimits(figure.Panels, floor: AxisFloor.DecadeBelow);
        var sweep = costs.Select(c => (double)c.Case.Case.IntParameter("N")!.Value).Distinct().ToList();
        foreach (ChartPanel panel in figure.Panels)
        {
            SweptTicks(panel.Plot.Axes.Bottom, sweep, figure.Columns >= 3 ? Format.TickCount : Format.TickNumber);
            LogTicks(panel.Plot.Axes.Left, Format.TickBytes);
        }
        AddModelLegend(figure, panels.SelectMany(p => p.Series).Select(g => (g.Key.Label, g.Key.Order)).OrderBy(m => m.Order));
        runtimes.AddLegend(figure, filled: kinds.Any(k => k.Key == SampleKind.Cold));
        if (kinds.Count > 1)
        {
            figure.AddLegendMarker("filled markers: from medians of cold bursts", MarkerShape.FilledCircle, KindColor);
            figure.AddLegendMarker("open markers: from medians of warm bursts", MarkerShape.OpenCircle, KindColor);
        }
        if (dodged)
        {
            figure.AddNote(DodgeNote("N"));
        }
        if (SuiteLabelNote(costs.Select(c => c.Case)) is { } suiteNames)
        {
            figure.AddNote(suiteNames);
        }
        return figure.Save(folder, "AsyncDelays-memory");
    }

    // The memory of one more concurrent delay: slopes between neighbouring N, free of the process's fixed cost.
    private static void WriteMarginalMemory(StringBuilder md, IReadOnlyList<CaseStatistics> cases)
    {
        var costs = MarginalCost.Of(cases).ToList();
        if (costs.Count == 0)
        {
            return;
        }
        bool manyHosts = Format.FromSeveralHosts(costs.Select(c => c.Case));
        md.AppendLine("Marginal memory of one more concurrent delay: the slope of the bursts' peak resident memory (the median of the headline ")
          .AppendLine("bursts' own peaks), and of the bytes each burst allocated, between two neighbouring N (the fixed cost of the runtime, ")
          .AppendLine("BenchmarkDotNet's engine and the harness drops out). A negative slope means the larger load fit in memory the process already held.").AppendLine();
        md.AppendLine("| Model | From N | To N | d | Peak working set per added delay | Allocated per added delay |");
        md.AppendLine("|---|---:|---:|---:|---:|---:|");
        foreach (MarginalCost c in costs.OrderBy(c => c.Case.Model.Order).ThenBy(c => c.Case.Case.IntParameter("N")).ThenBy(c => c.Case.Case.Host.Label, StringComparer.Ordinal))
        {
            md.AppendLine(CultureInfo.InvariantCulture,
                $"| {c.Case.Model.Label}{(manyHosts ? $" [{c.Case.Case.Host.Label}]" : "")} | {Format.Count(c.FromN)} | {Format.Count(c.Case.Case.IntParameter("N"))} | {c.Case.Case.IntParameter("DelayMs")} ms | {SignedBytes(c.PeakWorkingSetPerJob)} | {SignedBytes(c.AllocatedPerJob)} |");
        }
        md.AppendLine();
    }

    private static string SignedBytes(double? bytes) => Format.Bytes(bytes);

    private static string? AsyncAtScale(IReadOnlyList<CaseStatistics> cases)
    {
        int? n = LargestN(cases, "AsyncDelays", "TaskDelayWhenAll");
        if (n is null || Find(cases, "AsyncDelays", "TaskDelayWhenAll", n) is not { } delay)
        {
            return null;
        }
        // Another runtime's twin is its own code (asyncio.sleep under gather...): name what ran, not the .NET form of it.
        string what = delay.Case.Label is { Length: > 0 } label
            ? $"concurrent sleeps of {Ms(delay)} ({label})"
            : $"concurrent `Task.Delay({Ms(delay)})`s joined with `WhenAll`";
        string warm = delay.Warm is { } w && delay.Kind != SampleKind.Warm ? $"; warm, {Median(w)}" : "";
        // Creating a million delays can take longer than one waits: say how many were ever pending together.
        if (delay.Headline?.MaxConcurrentJobs is double atOnce && atOnce < n.Value)
        {
            warm += $"; at most {Format.Count(Math.Round(atOnce))} of them were pending at once (median of the bursts' most), since creating them took longer than one wait";
        }
        return $"{N(n.Value)} {what} took {Median(delay)} {Format.Interval(delay.Interval)}{warm}: {Format.Ratio(delay.RatioToIdeal)} the ideal " +
               $"({delay.Model.IdealText}), with {Format.Plural(delay.PeakThreads ?? 0, "thread")} and {Format.Bytes(delay.PeakWorkingSetBytes)} resident at the burst's peak " +
               $"(medians over the same bursts).";
    }

    private static string? BytesPerDelay(IReadOnlyList<CaseStatistics> cases)
    {
        int? n = LargestN(cases, "AsyncDelays", "AsyncMethodWhenAll");
        if (n is null || Find(cases, "AsyncDelays", "AsyncMethodWhenAll", n) is not { AllocatedBytesPerJob: double perJob })
        {
            return null;
        }
        string raw = Find(cases, "AsyncDelays", "TaskDelayWhenAll", n) is { AllocatedBytesPerJob: double rawBytes }
            ? $" ({Format.Bytes(rawBytes)} for a bare `Task.Delay`)"
            : "";
        return $"One concurrent delay in an async method allocates {Format.Bytes(perJob)} of managed memory at N = {N(n.Value)}{raw}: the burst's own allocations divided by N.";
    }

    private static string? EventLoopCost(IReadOnlyList<CaseStatistics> cases)
    {
        int? n = LargestN(cases, "AsyncDelays", "SingleThreadEventLoop");
        if (n is null || Find(cases, "AsyncDelays", "SingleThreadEventLoop", n) is not { } loop
            || Find(cases, "AsyncDelays", "AsyncMethodWhenAll", n) is not { } pool)
        {
            return null;
        }
        return CaseStatistics.Ratio(loop, pool) is { } ratio
            ? $"The same {N(n.Value)} coroutines on a single-threaded event loop against resuming on the thread pool: {Against(ratio)}; one thread must run every resumption."
            : $"The same {N(n.Value)} coroutines on a single-threaded event loop and on the thread pool: {NoRatio(loop, pool)}.";
    }

    private static string? TaskRunHop(IReadOnlyList<CaseStatistics> cases)
    {
        int? n = LargestN(cases, "AsyncDelays", "TaskRunWrappedDelay");
        if (n is null || Find(cases, "AsyncDelays", "TaskRunWrappedDelay", n) is not { AllocatedBytesPerJob: double wrapped } hop
            || Find(cases, "AsyncDelays", "AsyncMethodWhenAll", n) is not { AllocatedBytesPerJob: double plain } method)
        {
            return null;
        }
        string time = CaseStatistics.Ratio(hop, method) is { } ratio ? $"; its time {Against(ratio)}" : "";
        return $"Wrapping each delay in `Task.Run` (as a widely quoted 1M-task benchmark did) allocates {Format.Bytes(wrapped)} per delay instead of {Format.Bytes(plain)} " +
               $"({Format.Ratio(wrapped / plain)}) at N = {N(n.Value)}{time}.";
    }
}
