using System.Globalization;
using System.Text;

namespace ConcurrencyBench.Reporting;

/// <summary>
/// The same loads on each runtime of the results (.NET JIT, NativeAOT, Python, and any runtime that writes the
/// runtime-results format): for the cases that show the models' costs, each runtime's cold and warm medians, each
/// set against the reference runtime's median of the same kind (cold against cold, warm against warm: never one
/// against the other), and from the same bursts its CPU time and peak memory; then the marginal memory per job of
/// the models that hold their N jobs at once. Every twin case of every runtime is in <c>runtimes.csv</c>. Written only
/// when the results hold more than one runtime.
/// </summary>
public static class RuntimeComparison
{
    /// <summary>The runtimes in the order the table shows them (the reference, .NET's JIT where present, first).</summary>
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

    /// <summary>
    /// The cases the section shows (every twin is in runtimes.csv): for each model, the cases its family chooses
    /// (<see cref="ReportFamily.ShownOnRuntimes"/>; its largest N by default).
    /// </summary>
    public static IReadOnlyList<IGrouping<string, CaseStatistics>> Shown(IReadOnlyList<CaseStatistics> stats)
    {
        var twins = Twins(stats);
        var shown = new List<IGrouping<string, CaseStatistics>>();
        foreach (var model in twins.GroupBy(g => (g.First().Case.Type, g.First().Case.Method)))
        {
            // Which of a model's cases the table shows is its family's choice.
            var ordered = model.OrderBy(g => g.First().Case.IntParameter("N") ?? 0).ToList();
            var chosen = ordered[0].First().Model.Family.ShownOnRuntimes([.. ordered.Select(g => g.First().Case)]).ToHashSet();
            shown.AddRange(ordered.Where(g => chosen.Contains(g.First().Case)));
        }
        return [.. shown.OrderBy(g => twins.ToList().IndexOf(g))];
    }

    /// <summary>
    /// The section's gist for the report: which runtimes ran which loads, and where the whole table is
    /// (<paramref name="details"/>, the file <see cref="Write"/> writes to); nothing when the results hold one runtime.
    /// </summary>
    public static void WriteBrief(StringBuilder md, IReadOnlyList<CaseStatistics> stats, string details)
    {
        ArgumentNullException.ThrowIfNull(md);
        ArgumentNullException.ThrowIfNull(stats);
        IReadOnlyList<HostInfo> runtimes = RuntimesOf(stats);
        var shown = Shown(stats);
        if (runtimes.Count < 2 || shown.Count == 0)
        {
            return;
        }
        md.AppendLine("## The same loads on each runtime").AppendLine();
        md.AppendLine(CultureInfo.InvariantCulture,
            $"{string.Join(", ", runtimes.Select(r => r.RuntimeLabel))} ran the same loads on this machine the same way (code primed first, cold bursts in fresh processes, warm ones in one process). Each model's largest load on each runtime, with its cold and warm medians, its ratio to **{runtimes[0].RuntimeLabel}** of the same kind, CPU time and peak memory, and the marginal memory per concurrent job are in [`{details}`]({details}#the-same-loads-on-each-runtime); every case of every runtime is in `runtimes.csv`.")
          .AppendLine();
    }

    /// <summary>Writes the section; nothing when the results hold one runtime or no case has a twin.</summary>
    public static void Write(StringBuilder md, IReadOnlyList<CaseStatistics> stats)
    {
        ArgumentNullException.ThrowIfNull(md);
        ArgumentNullException.ThrowIfNull(stats);
        IReadOnlyList<HostInfo> runtimes = RuntimesOf(stats);
        var shown = Shown(stats);
        if (runtimes.Count < 2 || shown.Count == 0)
        {
            return;
        }
        HostInfo reference = runtimes[0];
        md.AppendLine("## The same loads on each runtime").AppendLine();
        md.AppendLine(CultureInfo.InvariantCulture,
            $"Each runtime runs the same loads on this machine the same way: its processes prime their code path first (the same operation at a size no pool grows for), then the repeated bursts run in one process and the cold bursts one in each fresh process. Each figure is the runtime's median per burst, cold and warm apart; a ratio is that runtime's median over **{reference.RuntimeLabel}**'s of the same kind (cold/cold, warm/warm), with its {Format.IntervalWithinRun}; there is none where one side lacks the kind. CPU time (user + system of the whole process, the harness or interpreter included) and peak memory (resident, each burst's own) are medians over the cold bursts. Each model is named in its runtime's own terms. The cases below are each model's largest load; every case of every runtime is in `runtimes.csv`.")
          .AppendLine();
        md.AppendLine("| Case | Runtime (model) | Cold: median | × cold | Warm: median | × warm | CPU per burst | Peak memory |");
        md.AppendLine("|---|---|---:|---:|---:|---:|---:|---:|");
        foreach (var twin in shown)
        {
            CaseStatistics? baseline = twin.FirstOrDefault(s => s.Case.Host == reference);
            bool first = true;
            foreach (HostInfo runtime in runtimes)
            {
                if (twin.FirstOrDefault(s => s.Case.Host == runtime) is not { } s)
                {
                    continue;
                }
                string name = first ? $"`{s.Case.Type}.{s.Case.ShortName}`" : "";
                first = false;
                string Ratio(SampleSummary? mine, SampleSummary? theirs) =>
                    s == baseline || mine is null || theirs is null ? "" : FormatRatio(CaseStatistics.Of(mine, theirs));
                md.AppendLine(CultureInfo.InvariantCulture,
                    $"| {name} | {runtime.RuntimeLabel} ({s.Model.Label}) | {Median(s.Cold)} | {Ratio(s.Cold, baseline?.Cold)} | {WarmOrWhy(s)} | {Ratio(s.Warm, baseline?.Warm)} | {Format.CpuMs(s.Cold?.CpuMs ?? s.CpuMsPerOp)} | {Format.Bytes(s.Cold?.PeakWorkingSetBytes ?? s.PeakWorkingSetBytes)} |");
            }
        }
        md.AppendLine();
        WriteMarginalMemory(md, stats, reference);
    }

    // The marginal memory per concurrent job, for the models that hold their N jobs at once (async waits, a thread per
    // call): the least-squares slope of the cold bursts' peak memory against N. Not for the pools, whose N jobs wait in
    // a queue for k threads, nor for calls in turn: their memory per job says nothing of a job.
    private static void WriteMarginalMemory(StringBuilder md, IReadOnlyList<CaseStatistics> stats, HostInfo reference)
    {
        var holding = stats.Where(HoldsItsJobsAtOnce).ToList();
        var fits = MarginalCost.Fitted(holding).Where(f => f.Case.Case.IntParameter("K") is null).ToList();
        var models = fits.GroupBy(f => (f.Case.Case.Type, f.Case.Case.Method))
            .Where(g => g.Select(f => f.Case.Case.Host).Distinct().Skip(1).Any()).ToList();
        if (models.Count == 0)
        {
            return;
        }
        md.AppendLine("Marginal memory per concurrent job, for the models that hold their jobs at once: the least-squares slope of the bursts' peak resident memory (the headline bursts' median, each burst's own peak) against N over every N the runtime ran (a burst holds its N jobs until it joins them), and the slope between each N and the next smaller one. At a million delays of d, creating them takes longer than one waits in some runtimes: the column \"At once at the largest N\" says how many were ever waiting together (where a finished job frees itself, as a goroutine does, the peak then holds only those). The pools and the calls in turn are left out: their jobs wait in a queue, so memory per job says nothing of a job (the offload section gives memory per worker instead).").AppendLine();
        md.AppendLine("| Model | Runtime | Fitted over N | At once at the largest N | Bytes per job | × | Slope at each N |");
        md.AppendLine("|---|---|---|---:|---:|---:|---|");
        var neighbours = MarginalCost.Of(holding).Where(c => c.Case.Case.IntParameter("K") is null).ToList();
        foreach (var model in models)
        {
            FittedMarginalCost? baseFit = model.FirstOrDefault(f => f.Case.Case.Host == reference);
            foreach (FittedMarginalCost fit in model.OrderBy(f => f.Case.Case.Host.Kind))
            {
                string slopes = string.Join(", ", neighbours
                    .Where(c => c.Case.Case.Type == fit.Case.Case.Type && c.Case.Case.Method == fit.Case.Case.Method && c.Case.Case.Host == fit.Case.Case.Host && c.PeakWorkingSetPerJob is not null)
                    .OrderBy(c => c.Case.Case.IntParameter("N"))
                    .Select(c => $"N = {Format.Count(c.Case.Case.IntParameter("N"))}: {Format.Bytes(c.PeakWorkingSetPerJob)}"));
                string atOnce = fit.AgainstJobsAtOnce ? Format.Count(Math.Round(fit.JobsAtOnce[^1])) : "not counted";
                md.AppendLine(CultureInfo.InvariantCulture,
                    $"| {fit.Case.Model.Label} | {fit.Case.Case.Host.RuntimeLabel} | {string.Join(", ", fit.Jobs.Select(n => Format.Count(n)))} | {atOnce} | {Format.Bytes(fit.BytesPerJob)} | {(fit == baseFit ? "" : Format.Ratio(baseFit is null ? null : Ratio(fit.BytesPerJob, baseFit.BytesPerJob)))} | {slopes} |");
            }
        }
        md.AppendLine();
    }

    /// <summary>True for the models whose N jobs are all alive at once (their memory per job is a job's): async waits and a thread per call.</summary>
    public static bool HoldsItsJobsAtOnce(CaseStatistics s)
    {
        ArgumentNullException.ThrowIfNull(s);
        return s.Model.Family.HoldsItsJobsAtOnce(s.Case);
    }

    /// <summary>Every twin case of every runtime as CSV: case, runtime, model, kind, count, median, interval, ratio to the reference of the same kind and its interval, CPU, switches, peak threads and memory.</summary>
    public static string ToCsv(IReadOnlyList<CaseStatistics> stats)
    {
        ArgumentNullException.ThrowIfNull(stats);
        IReadOnlyList<HostInfo> runtimes = RuntimesOf(stats);
        var csv = new StringBuilder("FullName,Runtime,Model,Kind,Count,MedianNs,CiLowerNs,CiUpperNs,CiLevel,RatioToReference,RatioLower,RatioUpper,CpuMs,VoluntarySwitches,InvoluntarySwitches,PeakThreads,PeakWorkingSetBytes,CpuMsLower,CpuMsUpper,PeakWorkingSetLowerBytes,PeakWorkingSetUpperBytes\n");
        if (runtimes.Count == 0)
        {
            return csv.ToString();
        }
        HostInfo reference = runtimes[0];
        foreach (var twin in Twins(stats))
        {
            CaseStatistics? baseline = twin.FirstOrDefault(s => s.Case.Host == reference);
            foreach (CaseStatistics s in twin.OrderBy(s => runtimes.ToList().IndexOf(s.Case.Host)))
            {
                foreach ((SampleSummary? mine, SampleSummary? theirs) in new[] { (s.Cold, baseline?.Cold), (s.Warm, baseline?.Warm) })
                {
                    if (mine is null)
                    {
                        continue;
                    }
                    KindRatio? ratio = theirs is null ? null : CaseStatistics.Of(mine, theirs);
                    string[] fields =
                    [
                        s.Case.FullName, s.Case.Host.RuntimeLabel, s.Model.Label, mine.Kind.ToString(), Invariant(mine.Count),
                        Invariant(mine.MedianNs), Invariant(mine.Interval.Lower), Invariant(mine.Interval.Upper), Invariant(mine.Interval.Level),
                        Invariant(ratio?.Value), Invariant(ratio?.Lower), Invariant(ratio?.Upper),
                        Invariant(mine.CpuMs), Invariant(mine.VoluntarySwitches), Invariant(mine.InvoluntarySwitches), Invariant(mine.PeakThreads), Invariant(mine.PeakWorkingSetBytes),
                        // The intervals of the CPU and memory medians, from the same bursts (at the level of the time's).
                        Invariant(mine.CpuInterval.Exists ? mine.CpuInterval.Lower : (double?)null), Invariant(mine.CpuInterval.Exists ? mine.CpuInterval.Upper : (double?)null),
                        Invariant(mine.PeakWorkingSetInterval.Exists ? mine.PeakWorkingSetInterval.Lower : (double?)null), Invariant(mine.PeakWorkingSetInterval.Exists ? mine.PeakWorkingSetInterval.Upper : (double?)null),
                    ];
                    csv.AppendLine(string.Join(',', fields.Select(Csv.Quote)));
                }
            }
        }
        return csv.ToString();
    }

    /// <summary>a / b where both are positive; null otherwise.</summary>
    public static double? Ratio(double? a, double? b) => a is > 0 && b is > 0 ? a.Value / b.Value : null;

    private static string Median(SampleSummary? s) => s is null ? "–" : $"{Format.Time(s.MedianNs)} (×{s.Count})";

    private static string WarmOrWhy(CaseStatistics s) => s.Warm is not null ? Median(s.Warm) : s.Trend.HasTrend ? "trend" : "–";

    private static string FormatRatio(KindRatio r) => Format.Ratio(r.Value) + (r.HasInterval ? " " + Format.RatioInterval(r.Lower, r.Upper) : "");

    private static string Invariant(double? value) => value is double v && !double.IsNaN(v) ? v.ToString("R", CultureInfo.InvariantCulture) : "";

    private static string Invariant(int value) => value.ToString(CultureInfo.InvariantCulture);
}

/// <summary>CSV writing shared by the report's files.</summary>
internal static class Csv
{
    /// <summary>A field quoted where it holds a comma, a quote or a line break.</summary>
    public static string Quote(string field) =>
        field.AsSpan().IndexOfAny(",\"\n") >= 0 ? "\"" + field.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"" : field;
}
