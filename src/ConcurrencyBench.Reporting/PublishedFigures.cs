using System.Globalization;
using System.Reflection;
using System.Text;
using System.Text.Json;

namespace ConcurrencyBench.Reporting;

/// <summary>
/// Other people's published figures on the same questions (peak memory of N concurrent sleeping tasks), kept as
/// data with their source and machine (PublishedFigures.json, from shared/notes/anchors.md), so the report can set
/// our own measurements beside them where the workloads match. None of these numbers is ours.
/// </summary>
public static class PublishedFigures
{
    /// <summary>One published series.</summary>
    /// <param name="Source">Who published it, and when.</param>
    /// <param name="Machine">Their machine.</param>
    /// <param name="Runtime">Their runtime.</param>
    /// <param name="Workload">What they measured.</param>
    /// <param name="Matches">Our "Type.Method" measuring the same shape of workload; null where we have none.</param>
    /// <param name="PeakMemoryMB">Their peak memory in MB, by N.</param>
    public sealed record Series(string Source, string Machine, string Runtime, string Workload, string? Matches, IReadOnlyDictionary<string, double> PeakMemoryMB);

    /// <summary>The published series, as shipped inside this assembly.</summary>
    public static IReadOnlyList<Series> All { get; } = Load();

    private static Series[] Load()
    {
        using Stream stream = Assembly.GetExecutingAssembly().GetManifestResourceStream("ConcurrencyBench.Reporting.PublishedFigures.json")
            ?? throw new InvalidOperationException("PublishedFigures.json is missing from the assembly");
        return JsonSerializer.Deserialize<Series[]>(stream, JsonOptions.Web) ?? [];
    }

    /// <summary>
    /// A Markdown table of the published peak-memory figures at the loads our results also have, with our peak
    /// working set of the matching model beside each; empty when no N matches.
    /// </summary>
    public static string BesideOurs(IReadOnlyList<CaseStatistics> stats)
    {
        ArgumentNullException.ThrowIfNull(stats);
        var ours = stats.Where(s => s.Model.Family is AsyncDelaysFamily && s.PeakWorkingSetBytes is not null).ToList();
        bool severalHosts = Format.FromSeveralHosts(ours);
        var loads = ours.Select(s => s.Case.IntParameter("N")).OfType<int>().Distinct().Order().ToList();
        var shown = loads.Where(n => All.Any(series => series.PeakMemoryMB.ContainsKey(n.ToString(CultureInfo.InvariantCulture)))).ToList();
        if (shown.Count == 0)
        {
            return "";
        }
        var table = new StringBuilder();
        table.Append("| Published by (machine) | Runtime: workload |");
        foreach (int n in shown)
        {
            table.Append(CultureInfo.InvariantCulture, $" N = {n:#,0} |");
        }
        table.AppendLine().Append("|---|---|").AppendLine(string.Concat(shown.Select(_ => "---:|")));
        foreach (Series series in All)
        {
            table.Append(CultureInfo.InvariantCulture, $"| {series.Source} ({series.Machine}) | {series.Runtime}: {series.Workload} |");
            foreach (int n in shown)
            {
                string cell = series.PeakMemoryMB.TryGetValue(n.ToString(CultureInfo.InvariantCulture), out double theirs) ? $"{Format.Number(theirs)} MB" : "";
                // Ours for every host in the results, each named when there are several.
                var mine = series.Matches is string match
                    ? ours.Where(s => $"{s.Case.Type}.{s.Case.Method}" == match && s.Case.IntParameter("N") == n).OrderBy(s => s.Case.Host.Label, StringComparer.Ordinal).ToList()
                    : [];
                if (mine.Count > 0)
                {
                    cell += $" (ours: {string.Join("; ", mine.Select(m => (severalHosts ? $"{m.Case.Host.Label}: " : "") + $"{Format.Number(m.PeakWorkingSetBytes!.Value / 1e6)} MB"))})";
                }
                table.Append(CultureInfo.InvariantCulture, $" {cell} |");
            }
            table.AppendLine();
        }
        return table.ToString();
    }
}
