using System.Globalization;
using System.Text;

namespace ConcurrencyBench.Reporting;

/// <summary>
/// "A million sleeps, all asleep at once": the all-pending profile's table. Per runtime and model at N = 10,000,
/// 100,000 and 1,000,000 concurrent sleeps, from the bursts in which every one of the N tasks was pending at once
/// (<c>maxConcurrent = N</c>) only: peak memory with its interval, the memory per task fitted over those bursts, the
/// time beyond the sleep (wall − d) and the CPU time, beside the published figure for the same runtime and shape of
/// workload with both versions named (<see cref="PublishedFigures"/>). A burst with fewer pending at once is counted
/// and named, never reported as "N concurrent" (issue 23: at d = 100 ms, .NET had at most 272,014 of a million).
/// </summary>
public static class AllPending
{
    /// <summary>The profile whose runs this section describes (benchmarks' BenchmarkProfile.AllPending).</summary>
    public const string ProfileName = "all-pending";

    /// <summary>The sizes of the published comparisons.</summary>
    public static IReadOnlyList<int> Sizes { get; } = [10_000, 100_000, 1_000_000];

    // The async delay family's twins of the published shapes, in the table's order.
    private static readonly string[] s_methods = ["TaskDelayWhenAll", "AsyncMethodWithState", "TaskRunWrappedDelay"];

    /// <summary>One burst of a case: its wall time, CPU time, peak memory and how many of its tasks were pending at once.</summary>
    /// <param name="Ns">Wall time, nanoseconds.</param>
    /// <param name="CpuMs">CPU time of the process (user + system), milliseconds; null where not recorded.</param>
    /// <param name="PeakBytes">The burst's own peak resident memory, bytes; null where not recorded.</param>
    /// <param name="Pending">The most of its tasks pending at once; null where not counted.</param>
    public sealed record Burst(double Ns, double? CpuMs, double? PeakBytes, int? Pending);

    /// <summary>One cell of the table: a runtime's model at one N.</summary>
    /// <param name="Case">The case.</param>
    /// <param name="N">Concurrent sleeps.</param>
    /// <param name="DelayMs">Each sleep, milliseconds.</param>
    /// <param name="Bursts">Every cold burst of the case (the fresh processes').</param>
    public sealed record Cell(CaseStatistics Case, int N, int DelayMs, IReadOnlyList<Burst> Bursts)
    {
        /// <summary>The bursts that had all N pending at once: the only ones this section reports.</summary>
        public IReadOnlyList<Burst> AllPendingBursts => [.. Bursts.Where(b => b.Pending == N && b.PeakBytes is not null)];

        /// <summary>The most pending at once in any burst (null where no burst counted them).</summary>
        public int? MostPending => Bursts.Any(b => b.Pending is not null) ? Bursts.Max(b => b.Pending ?? 0) : null;

        /// <summary>Median peak memory of the all-pending bursts (bytes) and its distribution-free interval.</summary>
        public (double Median, MedianInterval Interval)? PeakMemory => Summarise(AllPendingBursts.Select(b => b.PeakBytes!.Value));

        /// <summary>Median time beyond the sleep (wall − d, nanoseconds) of the all-pending bursts, and its interval.</summary>
        public (double Median, MedianInterval Interval)? BeyondSleep => Summarise(AllPendingBursts.Select(b => b.Ns - (DelayMs * 1e6)));

        /// <summary>Median CPU time (milliseconds) of the all-pending bursts, and its interval; null where a burst lacks it.</summary>
        public (double Median, MedianInterval Interval)? Cpu =>
            AllPendingBursts.All(b => b.CpuMs is not null) ? Summarise(AllPendingBursts.Select(b => b.CpuMs!.Value)) : null;
    }

    /// <summary>A runtime's model: its cells at each N, and the memory per task fitted over its all-pending bursts.</summary>
    /// <param name="Host">The runtime.</param>
    /// <param name="Method">The .NET twin's method (the model).</param>
    /// <param name="Label">The model in the runtime's own terms.</param>
    /// <param name="Cells">Its cells, by ascending N.</param>
    public sealed record Row(HostInfo Host, string Method, string Label, IReadOnlyList<Cell> Cells)
    {
        /// <summary>
        /// The least-squares slope of peak memory against N over every all-pending burst of every size (bytes per task);
        /// null where fewer than two sizes have one.
        /// </summary>
        public double? BytesPerTask
        {
            get
            {
                var points = Cells.SelectMany(c => c.AllPendingBursts.Select(b => ((double)c.N, b.PeakBytes!.Value))).ToList();
                return points.Select(p => p.Item1).Distinct().Count() < 2 ? null : Slope(points);
            }
        }
    }

    /// <summary>
    /// The table's rows: every runtime's twin of each published shape (<c>AsyncDelays</c> TaskDelayWhenAll,
    /// AsyncMethodWithState, TaskRunWrappedDelay) at the sizes of <see cref="Sizes"/> it ran, from its cold bursts.
    /// </summary>
    public static IReadOnlyList<Row> Rows(IReadOnlyList<CaseStatistics> stats)
    {
        ArgumentNullException.ThrowIfNull(stats);
        var cases = stats.Where(s => s.Case.Type == "AsyncDelays" && s_methods.Contains(s.Case.Method)
            && s.Case.IntParameter("N") is int n && Sizes.Contains(n) && s.Case.IntParameter("DelayMs") is not null && s.Cold is not null).ToList();
        return [.. cases
            .GroupBy(s => (s.Case.Host, s.Case.Method))
            .OrderBy(g => g.Key.Host.Kind).ThenBy(g => g.Key.Host.Label, StringComparer.Ordinal).ThenBy(g => Array.IndexOf(s_methods, g.Key.Method))
            .Select(g => new Row(g.Key.Host, g.Key.Method, g.First().Model.Label,
                [.. g.OrderBy(s => s.Case.IntParameter("N")).Select(CellOf)]))];
    }

    private static Cell CellOf(CaseStatistics s)
    {
        SampleSummary cold = s.Cold!;
        var bursts = Enumerable.Range(0, cold.Count).Select(i => new Burst(
            cold.Samples[i],
            i < cold.Usage.Count ? cold.Usage[i]?.CpuMs : null,
            i < cold.Resources.Count && cold.Resources[i] is { PeakIsBurstOwn: true } r ? r.PeakWorkingSetBytes : null,
            i < cold.Resources.Count ? cold.Resources[i]?.MaxConcurrentJobs : null)).ToList();
        return new Cell(s, s.Case.IntParameter("N")!.Value, s.Case.IntParameter("DelayMs")!.Value, bursts);
    }

    /// <summary>
    /// Where a burst of <paramref name="s"/>'s median had fewer than <paramref name="n"/> of its tasks pending at once
    /// (the first sleepers woke before the last were created): the fewest any of its bursts had (the most would read
    /// as a bound, and can be n itself where only some bursts fell short). Null where every burst
    /// that counted had all <paramref name="n"/>, or none counted. A figure from such bursts is not one of "N concurrent".
    /// </summary>
    public static int? ShortOf(CaseStatistics s, int n)
    {
        ArgumentNullException.ThrowIfNull(s);
        var counted = (s.Headline?.Resources ?? []).Select(r => r?.MaxConcurrentJobs).OfType<int>().ToList();
        return counted.Count > 0 && counted.Min() < n ? counted.Min() : null;
    }

    /// <summary>True when the results hold a run of the all-pending profile (its run manifest, run-info.json, says so).</summary>
    public static bool Applies(ResultSet results)
    {
        ArgumentNullException.ThrowIfNull(results);
        return results.Runs.Any(r => r.Profile == ProfileName);
    }

    /// <summary>The section's Markdown table (empty when no row).</summary>
    public static string Table(IReadOnlyList<CaseStatistics> stats)
    {
        var rows = Rows(stats);
        if (rows.Count == 0)
        {
            return "";
        }
        var table = new StringBuilder();
        table.AppendLine($"| Runtime (ours) | Model | N | d | All pending | Peak memory, MB {Format.IntervalColumn} | Per task (fitted) | Time beyond d {Format.IntervalColumn} | CPU {Format.IntervalColumn} | Published at N: MB (their runtime; source) |");
        table.AppendLine("|---|---|---:|---:|---|---:|---:|---:|---:|---|");
        foreach (Row row in rows)
        {
            double? perTask = row.BytesPerTask;
            foreach (Cell cell in row.Cells)
            {
                var all = cell.AllPendingBursts;
                string pending = cell.MostPending is null
                    ? "not counted: not reported"
                    : all.Count == cell.Bursts.Count
                        ? $"{all.Count} of {cell.Bursts.Count} bursts"
                        : $"{all.Count} of {cell.Bursts.Count} bursts (at most {cell.MostPending:#,0} at once in the others: left out)";
                string peak = cell.PeakMemory is { } p ? $"{Format.Number(p.Median / 1e6)} {MegabyteInterval(p.Interval)}" : "–";
                string beyond = cell.BeyondSleep is { } t ? $"{Format.Time(t.Median)} {Format.Interval(t.Interval)}" : "–";
                string cpu = cell.Cpu is { } c ? $"{Format.CpuMs(c.Median)} {(c.Interval.Exists ? $"[{Format.CpuMs(c.Interval.Lower)}, {Format.CpuMs(c.Interval.Upper)}]" : "n/a")}" : "–";
                string published = string.Join("; ", PublishedAt(row, cell.N));
                table.AppendLine(CultureInfo.InvariantCulture,
                    $"| {row.Host.Label} | {row.Label} (`{row.Method}`) | {cell.N:#,0} | {Format.Time(cell.DelayMs * 1e6)} | {pending} | {peak} | {(cell == row.Cells[^1] && perTask is double b ? Format.Bytes(b) : "")} | {beyond} | {cpu} | {(published.Length > 0 ? published : "–")} |");
            }
        }
        return table.ToString();
    }

    // The published figures of the same kind of runtime and shape of workload at n, each with its version and source.
    private static IEnumerable<string> PublishedAt(Row row, int n) =>
        PublishedFigures.All
            .Where(s => s.Kind == row.Host.Kind.ToString() && s.Matches == $"AsyncDelays.{row.Method}" && s.PeakMemoryMB.ContainsKey(n.ToString(CultureInfo.InvariantCulture)))
            .Select(s => $"{Format.Number(s.PeakMemoryMB[n.ToString(CultureInfo.InvariantCulture)])} ({s.Version ?? s.Runtime}; {s.Source}"
                + (n == 1_000_000 && s.WallSecondsAt1M is double wall ? $", {Format.Time((wall - s.SleepSeconds) * 1e9)} beyond their {Format.Number(s.SleepSeconds)} s" : "")
                + (n == 1_000_000 && TheirBytesPerTask(s) is double b ? $", {Format.Bytes(b)} per task fitted alike" : "")
                + ")");

    /// <summary>Writes the section where the results hold an all-pending run (nothing otherwise).</summary>
    public static void Write(StringBuilder md, IReadOnlyList<CaseStatistics> stats, ResultSet results)
    {
        ArgumentNullException.ThrowIfNull(md);
        ArgumentNullException.ThrowIfNull(results);
        if (!Applies(results))
        {
            return;
        }
        string table = Table(stats);
        if (table.Length == 0)
        {
            return;
        }
        md.AppendLine("## A million sleeps, all asleep at once").AppendLine();
        md.AppendLine("N concurrent sleeps of d, each burst in a fresh process, with d long enough that every task is pending before the first wakes. A burst counts here only where it proves it: the most of its N tasks pending at once (`maxConcurrent`) is N; any other burst is counted in the \"All pending\" column and left out of every figure, so no row reports fewer tasks as \"N concurrent\". Peak memory is the burst's own peak resident memory (the kernel's high-water mark reset at its start) in MB (10^6 bytes), the median with the distribution-free interval of that median and its level; \"per task\" is the least-squares slope of peak memory against N over every all-pending burst of the three sizes (the marginal memory of one more sleeping task, the process's start-up footprint excluded); the time beyond d is wall − d (creating, scheduling, waking and joining N tasks); CPU is the process's user + system time during the burst. The published figures (one run per cell, measured from outside the process, every task sleeping 10 s) stand beside ours for the same kind of runtime and shape of workload, each with its runtime version; ours name theirs in the first column.")
          .AppendLine();
        md.AppendLine(table);
        // One sentence per gap, naming every published series it stands between (tokio's spawned tasks and its futures).
        var rows = Rows(stats);
        var gaps = PublishedFigures.All.Where(s => s.Gap is not null && rows.Any(r => r.Host.Kind.ToString() == s.Kind && s.Matches == $"AsyncDelays.{r.Method}"))
            .GroupBy(s => (s.Gap, s.Kind))
            .Select(g => $"{string.Join(" and ", g.Select(s => $"{s.Version ?? s.Runtime} ({s.Source})").Distinct())} beside ours ({string.Join(", ", rows.Where(r => r.Host.Kind.ToString() == g.Key.Kind).Select(r => r.Host.RuntimeLabel).Distinct())}): {g.Key.Gap}")
            .ToList();
        if (gaps.Count > 0)
        {
            md.AppendLine("Version gaps that explain a difference: " + string.Join(" ", gaps.Select(g => $"{g}.".Replace("..", ".", StringComparison.Ordinal)))).AppendLine();
        }
    }

    // Their per-task memory fitted as ours: the slope of their peak memory (MB = 10^6 B) against N over the sizes of the table.
    private static double? TheirBytesPerTask(PublishedFigures.Series series)
    {
        var points = Sizes.Where(n => series.PeakMemoryMB.ContainsKey(n.ToString(CultureInfo.InvariantCulture)))
            .Select(n => ((double)n, series.PeakMemoryMB[n.ToString(CultureInfo.InvariantCulture)] * 1e6)).ToList();
        return points.Count < 2 ? null : Slope(points);
    }

    private static string MegabyteInterval(MedianInterval interval) =>
        interval.Exists ? $"[{Format.Number(interval.Lower / 1e6)}, {Format.Number(interval.Upper / 1e6)}] ({Format.Percent(interval.Level)})" : "n/a";

    private static (double Median, MedianInterval Interval)? Summarise(IEnumerable<double> values)
    {
        var list = values.ToList();
        if (list.Count == 0)
        {
            return null;
        }
        double[] sorted = [.. list.Order()];
        double median = sorted.Length % 2 == 1 ? sorted[sorted.Length / 2] : (sorted[(sorted.Length / 2) - 1] + sorted[sorted.Length / 2]) / 2;
        return (median, MedianInterval.Of(list));
    }

    // Ordinary least squares: the slope of y against x.
    private static double Slope(IReadOnlyList<(double X, double Y)> points)
    {
        double meanX = points.Average(p => p.X), meanY = points.Average(p => p.Y);
        double sxy = points.Sum(p => (p.X - meanX) * (p.Y - meanY)), sxx = points.Sum(p => (p.X - meanX) * (p.X - meanX));
        return sxy / sxx;
    }
}
