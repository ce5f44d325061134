using System.Globalization;
using System.Reflection;
using System.Text;
using System.Text.Json;

namespace ConcurrencyBench.Reporting;

/// <summary>
/// Other people's published figures on the same questions (peak memory of N concurrent sleeping tasks, and for some
/// the wall time at a million), kept as data with their source and machine (PublishedFigures.json, from
/// shared/notes/anchors.md), so the report can set our own measurement of the same runtime and the same shape of
/// workload in the same row. None of these numbers is ours.
/// </summary>
public static class PublishedFigures
{
    /// <summary>One published series.</summary>
    /// <param name="Source">Who published it, and when.</param>
    /// <param name="Machine">Their machine.</param>
    /// <param name="Runtime">Their runtime and version.</param>
    /// <param name="Kind">The kind of runtime (a <see cref="RuntimeKind"/> name): our figure comes from our runtime of that kind.</param>
    /// <param name="Workload">What they measured.</param>
    /// <param name="Matches">Our "Type.Method" measuring the same shape of workload (its twin in every runtime).</param>
    /// <param name="PeakMemoryMB">Their peak memory in MB (10^6 bytes), by N.</param>
    /// <param name="SleepSeconds">How long each of their tasks slept.</param>
    /// <param name="WallSecondsAt1M">Their wall time at N = 1,000,000, where published.</param>
    /// <param name="Version">Their runtime's exact version, where published (e.g. "Go 1.23.3").</param>
    /// <param name="Gap">
    /// Where a difference between their runtime's version and ours explains a difference in the figures: what changed
    /// and its source (a changelog or pull request); null where none is known.
    /// </param>
    public sealed record Series(string Source, string Machine, string Runtime, string Kind, string Workload, string Matches,
        IReadOnlyDictionary<string, double> PeakMemoryMB, double SleepSeconds, double? WallSecondsAt1M = null,
        string? Version = null, string? Gap = null);

    /// <summary>The published series, as shipped inside this assembly.</summary>
    public static IReadOnlyList<Series> All { get; } = Load();

    private static Series[] Load()
    {
        using Stream stream = Assembly.GetExecutingAssembly().GetManifestResourceStream("ConcurrencyBench.Reporting.PublishedFigures.json")
            ?? throw new InvalidOperationException("PublishedFigures.json is missing from the assembly");
        return JsonSerializer.Deserialize<Series[]>(stream, JsonOptions.Web) ?? [];
    }

    /// <summary>
    /// A Markdown table: per published series, in its row, their peak memory at each N our results also have and ours
    /// for the same kind of runtime and workload (the median of our cold bursts' own peak resident memory, each burst
    /// in a fresh process, so the process's start-up footprint is in it as in theirs); empty when no N matches.
    /// </summary>
    public static string BesideOurs(IReadOnlyList<CaseStatistics> stats)
    {
        ArgumentNullException.ThrowIfNull(stats);
        var ours = stats.Where(s => s.Model.Family.ComparesWithPublishedFigures && s.PeakWorkingSetBytes is not null).ToList();
        var loads = ours.Select(s => s.Case.IntParameter("N")).OfType<int>().Distinct().Order().ToList();
        var shown = loads.Where(n => All.Any(series => series.PeakMemoryMB.ContainsKey(Key(n)))).ToList();
        if (shown.Count == 0)
        {
            return "";
        }
        var hosts = ours.Select(s => s.Case.Host).Distinct().ToList();
        bool severalOfAKind = hosts.GroupBy(h => h.Kind).Any(g => g.Count() > 1);
        var table = new StringBuilder();
        table.Append("| Runtime | Published by (their machine): workload |");
        foreach (int n in shown)
        {
            table.Append(CultureInfo.InvariantCulture, $" N = {n:#,0}: theirs · ours |");
        }
        table.AppendLine(" Time beyond one sleep at a million: theirs · ours |");
        table.Append("|---|---|").Append(string.Concat(shown.Select(_ => "---:|"))).AppendLine("---:|");
        foreach (Series series in All)
        {
            var mine = ours.Where(s => s.Case.Host.Kind.ToString() == series.Kind && $"{s.Case.Type}.{s.Case.Method}" == series.Matches).ToList();
            string ourRuntimes = string.Join(", ", mine.Select(s => s.Case.Host.RuntimeLabel).Distinct());
            table.Append(CultureInfo.InvariantCulture, $"| {series.Runtime}{(ourRuntimes.Length > 0 ? $" · ours: {ourRuntimes}" : "")} | {series.Source} ({series.Machine}): {series.Workload} |");
            foreach (int n in shown)
            {
                string theirs = series.PeakMemoryMB.TryGetValue(Key(n), out double mb) ? Format.Number(mb) : "–";
                var atN = mine.Where(s => s.Case.IntParameter("N") == n).OrderBy(s => s.Case.Host.Label, StringComparer.Ordinal).ToList();
                string mineText = atN.Count == 0 ? "–" : string.Join("; ", atN.Select(s => (severalOfAKind ? $"{s.Case.Host.Label}: " : "") + Ours(s, n)));
                table.Append(CultureInfo.InvariantCulture, $" {theirs} · {mineText} |");
            }
            // Their sleeps lasted 10 s and ours d: the time past one sleep is what the runtime added, in both.
            string theirWall = series.WallSecondsAt1M is double wall ? Format.Time((wall - series.SleepSeconds) * 1e9) : "–";
            string ourWall = mine.FirstOrDefault(s => s.Case.IntParameter("N") == 1_000_000 && s.HasMedian) is { } million && million.Case.IntParameter("DelayMs") is int d
                ? AllPending.ShortOf(million, 1_000_000) is int most ? NotAllPending(most) : Format.Time(million.MedianNs - (d * 1e6))
                : "–";
            table.AppendLine(CultureInfo.InvariantCulture, $" {theirWall} · {ourWall} |");
        }
        return table.ToString();
    }

    // Theirs had every task asleep at once (10 s sleeps); ours is set beside it only where every burst of the median
    // proved the same (maxConcurrent = N). A burst whose first sleepers woke before the last were created held fewer
    // tasks, and so less memory: a smaller figure that is not a like-for-like one.
    private static string Ours(CaseStatistics s, int n) =>
        AllPending.ShortOf(s, n) is int most ? NotAllPending(most) : Format.Number(s.PeakWorkingSetBytes!.Value / 1e6);

    private static string NotAllPending(int most) => $"not all asleep at once (as few as {most:#,0} in a burst)";

    /// <summary>Writes the section (nothing where no N matches).</summary>
    public static void Write(StringBuilder md, IReadOnlyList<CaseStatistics> stats)
    {
        ArgumentNullException.ThrowIfNull(md);
        string table = BesideOurs(stats);
        if (table.Length == 0)
        {
            return;
        }
        var machines = stats.Where(s => s.Model.Family.ComparesWithPublishedFigures).Select(s => $"{s.Case.Host.Processor}, {s.Case.Host.LogicalCores} logical cores").Distinct().ToList();
        md.AppendLine("## Beside published figures").AppendLine();
        md.AppendLine(CultureInfo.InvariantCulture,
            $"Peak memory of N concurrent sleeping tasks as others published it, in MB (10^6 bytes; every memory figure in this report is in decimal units), with ours for the same kind of runtime and the same shape of workload in the same row: the median of our cold bursts' own peak resident memory, each burst in a fresh process (so the process's start-up footprint is in it, as in theirs, and so is the harness: BenchmarkDotNet's engine for .NET, our runner elsewhere). Ours come from {string.Join("; ", machines)} (named at the top); theirs from the machine in each row. Their tasks slept 10 s and ours d: peak memory depends on how many tasks wait at once, not on how long; for time, the last column sets the time each run took beyond one sleep. Where the twin of their workload is another of our models (their `Task.Run` beside our `Task.Run`-wrapped delay, tokio's spawn beside ours), the row says so by its workload. Both measured one process per figure; they published one run per cell, ours is a median.")
          .AppendLine();
        md.AppendLine(table);
    }

    private static string Key(int n) => n.ToString(CultureInfo.InvariantCulture);
}
