using System.Globalization;
using System.Text;
using ConcurrencyBench.Models;
using ScottPlot;
using static ConcurrencyBench.Reporting.Charts;
using static ConcurrencyBench.Reporting.FindingText;

namespace ConcurrencyBench.Reporting;

/// <summary>
/// Family 1, pure async delays (the seed's <c>asyncio.sleep</c> under <c>gather</c>): wall time against N, the
/// marginal memory of one more delay (chart and table), and what a delay costs at scale.
/// </summary>
public sealed class AsyncDelaysFamily : ReportFamily
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
    public override IEnumerable<ChartFile?> DrawCharts(IReadOnlyList<CaseStatistics> cases, ResultSet results, string folder)
    {
        yield return TimeAgainstLoad(cases, folder, "AsyncDelays-time", "Pure async delays: wall time against concurrent delays N", "wall time per operation");
        yield return MemoryPerJob(cases, folder);
    }

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
    /// The marginal memory of one more concurrent delay against N (the family's cases): the slope of peak working set and of
    /// allocated bytes per operation between neighbouring N (<see cref="MarginalCost"/>), plotted at the larger N. A
    /// slope that is not positive (memory the runtime had already reserved) cannot go on a log axis and is left out.
    /// </summary>
    public static ChartFile? MemoryPerJob(IReadOnlyList<CaseStatistics> cases, string folder)
    {
        ArgumentNullException.ThrowIfNull(cases);
        var costs = MarginalCost.Of(cases).ToList();
        if (!costs.Any(c => c.AllocatedPerJob is > 0 || c.PeakWorkingSetPerJob is > 0))
        {
            return null;
        }
        const string title = "Marginal memory per concurrent delay against N";
        Plot plot = NewPlot(title, "concurrent delays N (log scale; each point is the slope from the N before it)", "bytes per additional delay (log scale; 1 kB = 1,000 B)");
        bool manyHosts = Format.FromSeveralHosts(costs.Select(c => c.Case));
        foreach (var series in SeriesOf(costs.Select(c => c.Case), manyHosts))
        {
            var points = costs.Where(c => series.Contains(c.Case)).OrderBy(c => c.Case.Case.IntParameter("N")).ToList();
            void Line(Func<MarginalCost, double?> value, string what, LinePattern pattern, MarkerShape marker)
            {
                var kept = points.Where(p => value(p) is > 0).ToList();
                if (kept.Count == 0)
                {
                    return;
                }
                double[] xs = [.. kept.Select(p => Math.Log10(p.Case.Case.IntParameter("N")!.Value))];
                double[] ys = [.. kept.Select(p => Math.Log10(value(p)!.Value))];
                var line = plot.Add.ScatterLine(xs, ys);
                line.Color = series.Key.Color;
                line.LinePattern = pattern;
                line.LineWidth = 2;
                line.MarkerSize = 7;
                line.MarkerShape = marker;
                line.LegendText = $"{series.Key.Label}: {what}";
            }
            Line(p => p.AllocatedPerJob, "allocated", LinePattern.Solid, HostMarkers[series.Key.HostIndex % HostMarkers.Length]);
            Line(p => p.PeakWorkingSetPerJob, "peak working set", LinePattern.Dotted, MarkerShape.OpenSquare);
        }
        LogTicks(plot, plot.Axes.Bottom, v => FormatNumber(Pow10(v)));
        LogTicks(plot, plot.Axes.Left, v => FormatDecimalBytes(Pow10(v)));
        return Save(plot, folder, "AsyncDelays-memory", title);
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
