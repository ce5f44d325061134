using System.Globalization;
using System.Text;

namespace ConcurrencyBench.Reporting;

/// <summary>
/// The same loads on each runtime of the results (.NET JIT, NativeAOT, Python): a table of ratios of wall time, CPU
/// time and marginal memory per job for every case that has a twin on another runtime (same benchmark type, method
/// and parameters). Written only when the results hold more than one runtime.
/// </summary>
public static class RuntimeComparison
{
    /// <summary>The runtimes in the order the table shows them.</summary>
    public static IReadOnlyList<HostInfo> RuntimesOf(IEnumerable<CaseStatistics> stats) =>
        [.. stats.Select(s => s.Case.Host).Distinct().OrderBy(h => h.Kind).ThenBy(h => h.Label, StringComparer.Ordinal)];

    /// <summary>The cases with a twin on at least one other runtime, grouped by full name.</summary>
    public static IReadOnlyList<IGrouping<string, CaseStatistics>> Twins(IReadOnlyList<CaseStatistics> stats)
    {
        ArgumentNullException.ThrowIfNull(stats);
        return [.. stats.GroupBy(s => s.Case.FullName, StringComparer.Ordinal)
            .Where(g => g.Select(s => s.Case.Host).Distinct().Skip(1).Any())
            .OrderBy(g => g.First().Model.Family.SectionOrder)
            .ThenBy(g => g.First().Case.Type, StringComparer.Ordinal)
            .ThenBy(g => g.First().Model.Order)
            .ThenBy(g => g.First().Case.IntParameter("N"))
            .ThenBy(g => g.First().Case.IntParameter("K") ?? 0)];
    }

    /// <summary>Writes the section; nothing when the results hold one runtime or no case has a twin.</summary>
    public static void Write(StringBuilder md, IReadOnlyList<CaseStatistics> stats)
    {
        ArgumentNullException.ThrowIfNull(md);
        ArgumentNullException.ThrowIfNull(stats);
        IReadOnlyList<HostInfo> runtimes = RuntimesOf(stats);
        var twins = Twins(stats);
        if (runtimes.Count < 2 || twins.Count == 0)
        {
            return;
        }
        HostInfo reference = runtimes[0];
        md.AppendLine("## The same loads on each runtime").AppendLine();
        md.AppendLine(CultureInfo.InvariantCulture, $"Every case that ran on more than one runtime, on this machine, measured the same way (repeated bursts in one process, cold bursts in fresh ones; the headline samples as above). Each figure is the runtime's median per operation; a ratio is that runtime's over **{reference.RuntimeLabel}** (above 1: more time, CPU or memory). CPU time is user + system of the whole process, BenchmarkDotNet's engine or Python's interpreter included. The charts above show the same cases as series of their own, one marker per runtime.").AppendLine();
        md.Append("| Case |");
        void Header(string what, IEnumerable<HostInfo> hosts)
        {
            foreach (HostInfo runtime in hosts)
            {
                md.Append(CultureInfo.InvariantCulture, $" {what} {runtime.RuntimeLabel} |");
            }
        }
        Header("Wall:", runtimes);
        Header("Wall ratio", runtimes.Skip(1));
        Header("CPU:", runtimes);
        Header("CPU ratio", runtimes.Skip(1));
        md.AppendLine();
        md.Append("|---|").Append(string.Concat(Enumerable.Repeat("---:|", (runtimes.Count * 2) + ((runtimes.Count - 1) * 2)))).AppendLine();
        foreach (var twin in twins)
        {
            CaseStatistics? Of(HostInfo h) => twin.FirstOrDefault(s => s.Case.Host == h);
            CaseStatistics? baseline = Of(reference);
            md.Append(CultureInfo.InvariantCulture, $"| `{twin.First().Case.Type}.{twin.First().Case.ShortName}` |");
            void Cells(IEnumerable<HostInfo> hosts, Func<CaseStatistics?, string> cell)
            {
                foreach (HostInfo runtime in hosts)
                {
                    md.Append(CultureInfo.InvariantCulture, $" {cell(Of(runtime))} |");
                }
            }
            static double? Median(CaseStatistics? s) => s is { HasMedian: true } ? s.MedianNs : null;
            Cells(runtimes, s => Median(s) is double ns ? Format.Time(ns) : "");
            Cells(runtimes.Skip(1), s => Format.Ratio(Ratio(Median(s), Median(baseline))));
            Cells(runtimes, s => Format.CpuMs(s?.CpuMsPerOp));
            Cells(runtimes.Skip(1), s => Format.Ratio(Ratio(s?.CpuMsPerOp, baseline?.CpuMsPerOp)));
            md.AppendLine();
        }
        md.AppendLine();

        // Marginal memory per job: the slope of peak working set against N, per model and runtime.
        var fits = MarginalCost.Fitted(stats).Where(f => f.Case.Case.IntParameter("K") is null).ToList();
        var neighbours = MarginalCost.Of(stats).Where(c => c.Case.Case.IntParameter("K") is null).ToList();
        var models = fits.GroupBy(f => (f.Case.Case.Type, f.Case.Case.Method))
            .Where(g => g.Select(f => f.Case.Case.Host).Distinct().Skip(1).Any()).ToList();
        if (models.Count == 0)
        {
            return;
        }
        md.AppendLine("Marginal memory per concurrent job: the least-squares slope of peak working set against N over every N the runtime ran (\"fitted\"), and the slope between each N and the next smaller one (the cost of the jobs added there). The whole process's peak divided by N, in the family tables, is mostly the runtime's fixed cost at small N.").AppendLine();
        md.AppendLine("| Model | Runtime | Fitted over N | Fitted bytes per job | Ratio | Slope at each N (bytes per job) |");
        md.AppendLine("|---|---|---|---:|---:|---|");
        foreach (var model in models)
        {
            FittedMarginalCost? baseFit = model.FirstOrDefault(f => f.Case.Case.Host == reference);
            foreach (FittedMarginalCost fit in model.OrderBy(f => f.Case.Case.Host.Kind))
            {
                string slopes = string.Join(", ", neighbours
                    .Where(c => c.Case.Case.Type == fit.Case.Case.Type && c.Case.Case.Method == fit.Case.Case.Method && c.Case.Case.Host == fit.Case.Case.Host && c.PeakWorkingSetPerJob is not null)
                    .OrderBy(c => c.Case.Case.IntParameter("N"))
                    .Select(c => $"N = {Format.Count(c.Case.Case.IntParameter("N"))}: {Format.Bytes(c.PeakWorkingSetPerJob)}"));
                md.AppendLine(CultureInfo.InvariantCulture,
                    $"| {fit.Case.Model.Label} | {fit.Case.Case.Host.RuntimeLabel} | {string.Join(", ", fit.Jobs.Select(n => Format.Count(n)))} | {Format.Bytes(fit.BytesPerJob)} | {Format.Ratio(baseFit is null ? null : Ratio(fit.BytesPerJob, baseFit.BytesPerJob))} | {slopes} |");
            }
        }
        md.AppendLine();
    }

    /// <summary>a / b where both are positive; null otherwise.</summary>
    public static double? Ratio(double? a, double? b) => a is > 0 && b is > 0 ? a.Value / b.Value : null;
}
