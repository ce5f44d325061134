using System.Globalization;
using System.Text.Json;

namespace ConcurrencyBench.Reporting;

/// <summary>One case's measured spreads in a gate run (<see cref="GateSpreads.FromSamples"/>).</summary>
/// <param name="Case">The case's ID.</param>
/// <param name="BaseProcesses">Processes of the base.</param>
/// <param name="HeadProcesses">Processes of the head.</param>
/// <param name="MedianNs">The median of the base's process samples, in nanoseconds.</param>
/// <param name="TimeSpread">The robust spread of the log of the process samples' times (0.01 for 1%); NaN with fewer than 2 processes on a side.</param>
/// <param name="AllocationSpread">The same for their allocated bytes; NaN where a process reported none.</param>
public sealed record GateSpread(string Case, int BaseProcesses, int HeadProcesses, double MedianNs, double TimeSpread, double AllocationSpread);

/// <summary>
/// The spreads the gate plans its cases from (<c>GateCases.cs</c>, <see cref="GateRule.Plan"/>), computed from a gate
/// run's <c>samples.jsonl</c>: each process's sample as the gate takes it (its one burst, else the median of its last
/// half of bursts), each side's samples centred on their median on the log scale, and the spread 1.4826 times the
/// median absolute deviation of the pooled centred logs (a robust standard deviation: a process that took a round more
/// does not inflate it, as it does not move the rank-based interval much either).
/// </summary>
public static class GateSpreads
{
    private static readonly string[] Sides = ["base", "head"];

    /// <summary>The spreads of every case in <paramref name="lines"/> (the lines of a samples.jsonl), in their first order.</summary>
    /// <param name="lines">One burst per line: side, case, burst (0 starts a process), ns, allocatedBytes.</param>
    /// <param name="source">The file's name, for errors.</param>
    /// <exception cref="ResultsFormatException">A line that is not such a burst, naming the file, the line and the problem.</exception>
    public static IReadOnlyList<GateSpread> FromSamples(IEnumerable<string> lines, string source)
    {
        ArgumentNullException.ThrowIfNull(lines);
        var processes = new Dictionary<(string Case, string Side), List<List<(double Ns, double Bytes)>>>();
        var order = new List<string>();
        int number = 0;
        foreach (string line in lines)
        {
            number++;
            if (string.IsNullOrWhiteSpace(line))
            {
                continue;
            }
            string id, side;
            int burst;
            double ns, bytes;
            try
            {
                using JsonDocument json = JsonDocument.Parse(line);
                JsonElement e = json.RootElement;
                side = e.GetProperty("side").GetString() ?? "";
                id = e.GetProperty("case").GetString() ?? "";
                burst = e.GetProperty("burst").GetInt32();
                ns = e.GetProperty("ns").GetDouble();
                bytes = e.GetProperty("allocatedBytes").GetDouble();
            }
            catch (Exception x) when (x is JsonException or KeyNotFoundException or InvalidOperationException or FormatException)
            {
                throw new ResultsFormatException($"{source} line {number}: not a gate burst (side, case, burst, ns, allocatedBytes): {x.Message}");
            }
            if (side is not ("base" or "head") || id.Length == 0 || burst < 0 || !(ns > 0) || !double.IsFinite(ns))
            {
                throw new ResultsFormatException($"{source} line {number}: side must be base or head, the case named, the burst at least 0 and ns a positive time");
            }
            if (!processes.TryGetValue((id, side), out var list))
            {
                processes[(id, side)] = list = [];
                if (!order.Contains(id))
                {
                    order.Add(id);
                }
            }
            if (burst == 0 || list.Count == 0)
            {
                list.Add([]);
            }
            list[^1].Add((ns, bytes));
        }
        return [.. order.Select(id =>
        {
            var sides = Sides.Select(s => processes.GetValueOrDefault((id, s)) ?? []).ToArray();
            (double Ns, double Bytes)[][] samples = [.. sides.Select(side => side.Select(Sample).ToArray())];
            double median = samples[0].Length > 0 ? GateRule.Median([.. samples[0].Select(s => s.Ns)]) : double.NaN;
            return new GateSpread(id, sides[0].Count, sides[1].Count, median,
                Spread([.. samples.Select(s => s.Select(p => p.Ns).ToArray())]),
                Spread([.. samples.Select(s => s.Select(p => p.Bytes).ToArray())]));
        })];
    }

    // A process's sample as the gate takes it: its one burst (first-burst sampling), else the median of its last half.
    private static (double Ns, double Bytes) Sample(List<(double Ns, double Bytes)> bursts)
    {
        int from = bursts.Count == 1 ? 0 : bursts.Count / 2;
        var kept = bursts.GetRange(from, bursts.Count - from);
        return (GateRule.Median([.. kept.Select(b => b.Ns)]), GateRule.Median([.. kept.Select(b => b.Bytes)]));
    }

    // 1.4826 × the median absolute deviation of the logs, each side centred on its median; NaN when a side has fewer than
    // two processes or a value is not positive.
    private static double Spread(double[][] sides)
    {
        if (sides.Any(s => s.Length < 2) || sides.Any(s => s.Any(v => !(v > 0))))
        {
            return double.NaN;
        }
        double[] logs = [.. sides.SelectMany(s =>
        {
            double median = GateRule.Median(s);
            return s.Select(v => Math.Log(v / median));
        })];
        double center = GateRule.Median(logs);
        return 1.4826 * GateRule.Median([.. logs.Select(l => Math.Abs(l - center))]);
    }

    /// <summary>
    /// A table of the spreads, one tab-separated row per case with a header: case, processes, the base's median, the
    /// spreads in percent and what <paramref name="rule"/>'s plan makes of them (gated on, the look expected to decide).
    /// </summary>
    public static string Table(IReadOnlyList<GateSpread> spreads, GateRule rule)
    {
        ArgumentNullException.ThrowIfNull(spreads);
        ArgumentNullException.ThrowIfNull(rule);
        static string Percent(double v) => double.IsNaN(v) ? "n/a" : (v * 100).ToString("0.00", CultureInfo.InvariantCulture);
        var text = new System.Text.StringBuilder("case\tbase_processes\thead_processes\tbase_median_ms\ttime_spread_pct\tallocation_spread_pct\tgated_on\tlook\n");
        foreach (GateSpread s in spreads)
        {
            GatePlan plan = rule.Plan(double.IsNaN(s.TimeSpread) ? null : s.TimeSpread, double.IsNaN(s.AllocationSpread) ? null : s.AllocationSpread);
            string measure = double.IsNaN(s.TimeSpread) ? "n/a" : plan.Measure switch
            {
                GateMeasure.Allocations => "allocations",
                GateMeasure.TrendRecord => "trend record",
                _ => "time",
            };
            text.Append(CultureInfo.InvariantCulture, $"{s.Case}\t{s.BaseProcesses}\t{s.HeadProcesses}\t{(double.IsNaN(s.MedianNs) ? "n/a" : (s.MedianNs / 1e6).ToString("0.00", CultureInfo.InvariantCulture))}\t{Percent(s.TimeSpread)}\t{Percent(s.AllocationSpread)}\t{measure}\t{(plan.ProcessesNeeded is int n && measure != "n/a" ? n.ToString(CultureInfo.InvariantCulture) : "-")}\n");
        }
        return text.ToString();
    }
}
