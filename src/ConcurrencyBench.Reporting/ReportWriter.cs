using System.Globalization;
using System.Text;

namespace ConcurrencyBench.Reporting;

/// <summary>What <see cref="ReportWriter.Write"/> produced.</summary>
/// <param name="ReportPath">The Markdown report.</param>
/// <param name="StatisticsPath">The statistics of every case as CSV.</param>
/// <param name="Charts">The charts, in report order.</param>
/// <param name="Findings">The findings, as the report states them.</param>
public sealed record ReportOutput(string ReportPath, string StatisticsPath, IReadOnlyList<ChartFile> Charts, IReadOnlyList<string> Findings)
{
    /// <summary>The HTML report (one self-contained file: the same text, the charts inline, tables a reader can sort).</summary>
    public string HtmlPath { get; init; } = "";
}

/// <summary>
/// Renders the report: <c>report.md</c> opens with the answers to the questions the suite exists for (each one line
/// with its figure, interval and chart), then how it was measured and on what, then a section per family (its
/// findings, charts and a compact table), the runtimes side by side, the article's claims with verdicts and the
/// published figures beside ours; <c>report.html</c> is the same report in one self-contained page;
/// <c>statistics.csv</c> holds every figure of every case, <c>runtimes.csv</c> every twin across runtimes and
/// <c>cases.md</c> the list of cases read. No number in any of them is typed by hand.
/// </summary>
public static class ReportWriter
{
    /// <summary>
    /// Computes statistics, draws the charts and writes the report into <paramref name="folder"/>. With
    /// <paramref name="replication"/> (this run first, then other runs of its profile) every answer says whether its
    /// figures held in each run, and the report carries the Replication section and <c>replication.csv</c>; without,
    /// its header says in one line that replication was not checked.
    /// </summary>
    /// <exception cref="ResultsFormatException">No case to report.</exception>
    public static ReportOutput Write(ResultSet results, string folder, IReadOnlyList<string> inputs, Replication? replication = null)
    {
        ArgumentNullException.ThrowIfNull(results);
        ArgumentNullException.ThrowIfNull(inputs);
        if (results.Cases.Count == 0 && results.ChatLoads.Count == 0)
        {
            throw new ResultsFormatException($"{string.Join(", ", inputs)}: no case with measurements to report");
        }
        // Everything is written into a fresh folder beside the target and replaces it in one step when complete
        // (OutputFolder): a failure or an interrupt while rendering leaves an existing report as it was, no
        // half-written one, and no chart of an earlier report beside the new one.
        ReportOutput? written = null;
        string partial = "";
        string final = OutputFolder.Replace(folder, into =>
        {
            partial = into;
            written = WriteInto(results, into, inputs, replication);
        });
        string Moved(string path) => OutputFolder.Reroot(path, partial, final);
        return new ReportOutput(Moved(written!.ReportPath), Moved(written.StatisticsPath),
            [.. written.Charts.Select(c => c with { PngPath = Moved(c.PngPath), SvgPath = Moved(c.SvgPath) })], written.Findings)
        {
            HtmlPath = Moved(written.HtmlPath),
        };
    }

    /// <summary>
    /// Every panel of <paramref name="charts"/> that had nothing to draw, one line each: the chart and its title, the
    /// panel's title where it has one (together they name the case) and what the panel says instead of axes.
    /// </summary>
    public static IReadOnlyList<string> DrawnEmpty(IEnumerable<ChartFile> charts)
    {
        ArgumentNullException.ThrowIfNull(charts);
        // A panel without a title (the lower row of a column) is named by its place, so no entry reads as the whole chart.
        return [.. charts.SelectMany(c => c.Panels.Select((p, i) => (Panel: p, Place: i + 1)).Where(x => x.Panel.Empty is not null).Select(x =>
            $"{c.Name}.png (\"{c.Title}\"), panel {(x.Panel.Title.Length > 0 ? $"\"{x.Panel.Title.Replace('\n', ' ')}\"" : $"{x.Place} of {c.Panels.Count}")}: {x.Panel.Empty}"))];
    }

    /// <summary>
    /// The runtime whose cases the family sections and the summary describe: .NET's JIT where the results hold it,
    /// else the first kind present (every host of that kind: two .NET versions side by side are both primary).
    /// </summary>
    public static IReadOnlyList<HostInfo> PrimaryHosts(IReadOnlyList<CaseStatistics> stats)
    {
        ArgumentNullException.ThrowIfNull(stats);
        var hosts = stats.Select(s => s.Case.Host).Distinct().ToList();
        if (hosts.Count == 0)
        {
            return [];
        }
        RuntimeKind kind = hosts.Min(h => h.Kind);
        return [.. hosts.Where(h => h.Kind == kind)];
    }

    /// <summary>The answers a run gives (its primary runtime's, as its own report states them).</summary>
    public static IReadOnlyList<Answer> AnswersOf(ResultSet results)
    {
        ArgumentNullException.ThrowIfNull(results);
        IReadOnlyList<CaseStatistics> stats = CaseStatistics.All(results);
        IReadOnlyList<HostInfo> primaryHosts = PrimaryHosts(stats);
        return Summary.Answers([.. stats.Where(s => primaryHosts.Contains(s.Case.Host))], stats, results);
    }

    private static ReportOutput WriteInto(ResultSet results, string folder, IReadOnlyList<string> inputs, Replication? replication)
    {
        IReadOnlyList<CaseStatistics> stats = CaseStatistics.All(results);
        Directory.CreateDirectory(folder);
        FamilyCharts charts = FamilyCharts.Draw(stats, results, folder);
        IReadOnlyList<HostInfo> primaryHosts = PrimaryHosts(stats);
        var primary = stats.Where(s => primaryHosts.Contains(s.Case.Host)).ToList();
        IReadOnlyList<Answer> answers = Summary.Answers(primary, stats, results);
        if (replication is not null)
        {
            // The other runs' answers, each computed as their own reports compute them, set against this run's.
            answers = AnswerReplication.Apply(answers, [.. replication.Runs.Skip(1).Select(AnswersOf)], [.. replication.Names.Skip(1)]);
        }
        IReadOnlyList<string> findings = Findings.From(primary, results);
        // Each answer's own chart, made to be pasted alone (its rows are the answer's figures).
        IReadOnlyList<ChartFile> answerCharts = [.. answers.Where(a => a.Figure is { Rows.Count: > 0 } f && f.Rows.Any(r => r.Value is not null))
            .Select(a => AnswerChart.Draw(a.Figure!, ChartContext.Of(results), folder))];

        var md = new StringBuilder();
        md.AppendLine("# What async, threads and thread pools cost: the ConcurrencyBench report").AppendLine();
        WriteOpening(md, results, primaryHosts, inputs);
        md.AppendLine(AnswerReplication.HeaderLine(replication?.Names ?? [], inputs.Count)).AppendLine();
        Summary.Write(md, answers, answerCharts);
        WriteMethods(md, results, stats, primary);
        foreach ((ReportFamily family, IReadOnlyList<ChartFile> familyCharts) in charts.ByFamily)
        {
            family.WriteSection(md, [.. primary.Where(s => s.Model.Family == family)], familyCharts, results);
        }
        // The runtimes' table and the claims' figures are long: the report gives their gist, cases.md the whole.
        var details = new StringBuilder(CaseList(stats, results));
        RuntimeComparison.WriteBrief(md, stats, "cases.md");
        Claims.WriteVerdicts(md, stats, "cases.md");
        RuntimeComparison.Write(details, stats);
        Claims.Write(details, stats);
        AllPending.Write(md, stats, results);
        PublishedFigures.Write(md, stats);
        ReportFamilies.Other.WriteSection(md, [.. stats.Where(s => s.Model.Family == ReportFamilies.Other)], []);
        if (replication is not null)
        {
            md.Append(replication.ToMarkdown());
            File.WriteAllText(Path.Combine(folder, "replication.csv"), replication.ToCsv());
        }
        md.AppendLine("## Files").AppendLine();
        md.AppendLine(CultureInfo.InvariantCulture, $"`statistics.csv` holds every figure of all {stats.Count} cases ({stats.Count(s => s.Cold is not null)} with cold bursts, {stats.Count(s => s.Warm is not null)} with warm ones) read from {results.Cases.Select(c => c.SourceFile).Distinct().Count()} files; [`cases.md`](cases.md) lists them; `runtimes.csv` sets every case that ran on several runtimes side by side; every chart is here as PNG and SVG.")
          .AppendLine();
        if (DrawnEmpty(charts.All) is { Count: > 0 } empty)
        {
            // A panel with nothing to draw says so in the chart; the report names the chart, the case and why.
            md.AppendLine(CultureInfo.InvariantCulture, $"**Drawn without data ({empty.Count}):** {string.Join("; ", empty)}.").AppendLine();
        }
        if (results.Skipped.Count > 0)
        {
            // What the reader left out (a failed case, a folder outside the layout): never dropped without a word.
            md.AppendLine(CultureInfo.InvariantCulture, $"**Left out ({results.Skipped.Count}; listed in [`cases.md`](cases.md)):** {string.Join("; ", results.Skipped)}.").AppendLine();
        }

        string reportPath = Path.Combine(folder, "report.md");
        File.WriteAllText(reportPath, md.ToString());
        foreach (ReportFamily family in ReportFamilies.All)
        {
            family.WriteDetails(details, [.. primary.Where(s => s.Model.Family == family)], results);
        }
        File.WriteAllText(Path.Combine(folder, "cases.md"), details.ToString());
        File.WriteAllText(Path.Combine(folder, "runtimes.csv"), RuntimeComparison.ToCsv(stats));
        string statisticsPath = Path.Combine(folder, "statistics.csv");
        WriteCsv(statisticsPath, stats);
        string htmlPath = Path.Combine(folder, "report.html");
        File.WriteAllText(htmlPath, HtmlReport.Render(md.ToString(), folder, "ConcurrencyBench report"));
        return new ReportOutput(reportPath, statisticsPath, [.. answerCharts, .. charts.All], [.. answers.Select(a => $"{a.Plain ?? a.Question}: {a.Text}"), .. findings]) { HtmlPath = htmlPath };
    }

    // The report's first lines: where and what, the host named once.
    private static void WriteOpening(StringBuilder md, ResultSet results, IReadOnlyList<HostInfo> primaryHosts, IReadOnlyList<string> inputs)
    {
        var hosts = results.Hosts;
        var machines = hosts.Select(h => $"{h.Processor} ({Format.Plural(h.LogicalCores, "logical core")}, {h.Architecture}), {h.Os.Split(' ', 2)[0]}").Distinct().ToList();
        var runtimes = RuntimeComparison.RuntimesOf(results.Cases.Select(c => CaseStatistics.Of(c)).ToList()).Select(h => h.RuntimeLabel).Distinct().ToList();
        string profiles = string.Join(", ", results.Runs.Select(r => $"`{r.Profile}`").Distinct());
        md.AppendLine(CultureInfo.InvariantCulture,
            $"Measured on {string.Join("; ", machines)}, with {string.Join(", ", runtimes)}{(profiles.Length > 0 ? $", profile {profiles}" : "")}. " +
            $"Every figure below is computed from the raw results in `{string.Join("`, `", inputs)}` by `cbench report`; none is typed by hand. " +
            $"The answers, the findings and the family tables describe {string.Join(" and ", primaryHosts.Select(h => h.RuntimeLabel).Distinct())}; the other runtimes are set beside it in \"The same loads on each runtime\" and in the charts.")
          .AppendLine();
    }

    // How it was measured: the two kinds of sample, priming, the statistics, the ideal; the machines and runs.
    private static void WriteMethods(StringBuilder md, ResultSet results, IReadOnlyList<CaseStatistics> stats, IReadOnlyList<CaseStatistics> primary)
    {
        md.AppendLine("## How it was measured").AppendLine();
        md.AppendLine("One operation is one **burst**: the whole load of N jobs. Each case is measured two ways, and the two are never mixed. ")
          .AppendLine("**Cold bursts**: one burst in each of several fresh processes (BenchmarkDotNet's launch count), plus the repeated process's first burst: ")
          .AppendLine("independent samples of what a burst arriving at a quiet process meets. **Warm bursts**: bursts 2..n of one process that runs n in a row, ")
          .AppendLine(CultureInfo.InvariantCulture, $"used only where the trend test (Mann–Kendall, two-sided, α = {TrendTest.DefaultAlpha}) finds no trend over them: a pool that keeps the threads it injected makes ")
          .AppendLine("every burst faster than the one before, and a median of such bursts describes the iteration count, not the model. Before its first ")
          .AppendLine("measured burst, every process **primes** the case's code path: it runs the same operation at a size no pool grows for (one job per ")
          .AppendLine("core, 1 ms each), in rounds that bring the code through tiered compilation, so that a cold burst measures a cold pool and not ")
          .AppendLine("the JIT. Each burst times itself and records its own CPU time, context switches, peak threads and peak resident memory (the ")
          .AppendLine("kernel's high-water mark reset at its start), so every figure beside a median comes from the bursts that median describes. ")
          .AppendLine(CultureInfo.InvariantCulture, $"Medians are Harrell–Davis (Perfolizer); each median's interval, {Format.WithinRun} (its bursts), is distribution-free (a pair of order statistics) at the level its count ")
          .AppendLine(CultureInfo.InvariantCulture, $"allows, and says so. A ratio sets cold against cold or warm against warm and says which; its {Format.IntervalWithinRun} inverts the Mann–Whitney test. ")
          .AppendLine("An **ideal** is a lower bound no burst can beat: d (less one tick of the runtime's timer clock for timer waits) for async waits and a thread ")
          .AppendLine("per call, ceil(N/k)·d for exactly k workers, d·ceil(N/32,767) for a pool that may inject threads up to its maximum, N·d in turn. What a ")
          .AppendLine("pool would take without injecting threads, ceil(N/cores)·d, is a reference, named so.")
          .AppendLine();
        if (PrimingCheck(primary) is { } check)
        {
            md.AppendLine(check).AppendLine();
        }
        md.AppendLine(CultureInfo.InvariantCulture, $"**Reading the tables.** {ReportFamily.ReadingTheTables(primary)}").AppendLine();
        WriteRun(md, results, stats);
    }

    /// <summary>
    /// What the run shows of its priming: the pool threads the bursts started with against the pool's minimum, and,
    /// where the pool has nothing to learn at a model's smallest size, whether its cold and warm medians agree within
    /// their intervals. Null when the run recorded neither (runs from before priming).
    /// </summary>
    public static string? PrimingCheck(IReadOnlyList<CaseStatistics> stats)
    {
        ArgumentNullException.ThrowIfNull(stats);
        var starts = stats.SelectMany(s => new[] { s.Cold, s.Warm }).OfType<SampleSummary>()
            .Where(x => x.Kind == SampleKind.Cold && x.MaxPoolThreadsAtStart is not null && x.PoolMinimum is not null).ToList();
        var agreement = new List<string>();
        var disagreement = new List<string>();
        foreach (var model in stats.Where(s => s.Model.Family.PrimingComparable(s.Case)).GroupBy(s => (s.Case.Type, s.Case.Method)))
        {
            CaseStatistics smallest = model.OrderBy(s => s.Case.IntParameter("N") ?? s.Case.IntParameter("C") ?? 0).First();
            if ((smallest.Case.IntParameter("N") ?? smallest.Case.IntParameter("C") ?? 0) > 100 || smallest.Cold is not { Count: >= 2 } cold || smallest.Warm is not { Count: >= 2 } warm || smallest.Cold.Resources.All(r => r?.ThreadsAtStart is null))
            {
                continue;
            }
            string text = $"{smallest.Model.Label} at {(smallest.Case.IntParameter("N") is int n ? $"N = {Format.Count(n)}" : $"C = {Format.Count(smallest.Case.IntParameter("C"))}")}: cold {Format.Time(cold.MedianNs)} {Format.Interval(cold.Interval.Lower, cold.Interval.Upper)}, warm {Format.Time(warm.MedianNs)} {Format.Interval(warm.Interval.Lower, warm.Interval.Upper)}";
            (cold.Interval.Upper < warm.Interval.Lower || warm.Interval.Upper < cold.Interval.Lower ? disagreement : agreement).Add(text);
        }
        if (starts.Count == 0 && agreement.Count + disagreement.Count == 0)
        {
            return null;
        }
        var text2 = new StringBuilder("**Does the priming work?** ");
        if (starts.Count > 0)
        {
            // A fresh process's pool runs the priming's one job per core on threads it creates at once (its minimum,
            // sometimes one more); a pool that has learned holds far more (the default pool's repeated bursts: dozens).
            int most = starts.Max(x => x.MaxPoolThreadsAtStart!.Value);
            int above = starts.Count(x => x.MaxPoolThreadsAtStart > x.PoolMinimum + 1);
            text2.Append(CultureInfo.InvariantCulture, $"Every cold burst of {Format.Plural(starts.Count, "case")} started with at most {Format.Plural(most, "thread-pool thread")} ");
            text2.Append(above == 0 ? "(the pool's minimum, or one more: the threads the priming's jobs got at once); " : $"({Format.Plural(above, "burst")} started with more than the minimum + 1); ");
            text2.Append("a pool that has learned holds far more. ");
        }
        if (agreement.Count + disagreement.Count > 0)
        {
            text2.Append(CultureInfo.InvariantCulture, $"Where the pool has nothing to learn, at each model's smallest size, cold and warm medians agree within their intervals for {agreement.Count} of {agreement.Count + disagreement.Count} models");
            text2.Append(disagreement.Count > 0 ? $"; they do not for {string.Join("; ", disagreement)}: far less than the milliseconds the JIT took before priming; what is left is a process's first bursts (its warm bursts 2 and 3 are slower too)." : ".");
        }
        return text2.ToString();
    }

    // The list of every case read, for cases.md.
    private static string CaseList(IReadOnlyList<CaseStatistics> stats, ResultSet results)
    {
        var list = new StringBuilder("# Every case read\n\n");
        list.AppendLine(CultureInfo.InvariantCulture, $"{stats.Count} cases ({stats.Count(s => s.Cold is not null)} with cold bursts) from {results.Cases.Select(c => c.SourceFile).Distinct().Count()} files.").AppendLine();
        foreach (var host in stats.GroupBy(s => s.Case.Host).OrderBy(g => g.Key.Kind).ThenBy(g => g.Key.Label, StringComparer.Ordinal))
        {
            list.AppendLine(CultureInfo.InvariantCulture, $"## {host.Key.Label}").AppendLine();
            foreach (CaseStatistics s in host.OrderBy(s => s.Case.FullName, StringComparer.Ordinal))
            {
                list.AppendLine(CultureInfo.InvariantCulture, $"- `{s.Case.FullName}`: {string.Join(", ", new[] { s.Cold?.Description, s.Warm?.Description }.OfType<string>())}");
            }
            list.AppendLine();
        }
        if (results.Skipped.Count > 0)
        {
            list.AppendLine(CultureInfo.InvariantCulture, $"## Left out ({results.Skipped.Count}; in no table, chart or finding)").AppendLine();
            foreach (string skipped in results.Skipped)
            {
                list.AppendLine(CultureInfo.InvariantCulture, $"* {skipped}");
            }
            list.AppendLine();
        }
        return list.ToString();
    }

    // The runtimes and runs: one row per runtime with its exact sample counts; run manifests; what is missing.
    private static void WriteRun(StringBuilder md, ResultSet results, IReadOnlyList<CaseStatistics> stats)
    {
        md.AppendLine("| Runtime | Measured by | Cases | Warm bursts per case | Cold bursts per case | d |");
        md.AppendLine("|---|---|---:|---|---|---|");
        foreach (HostInfo host in RuntimeComparison.RuntimesOf(stats))
        {
            var cases = stats.Where(s => s.Case.Host == host).ToList();
            string by = host.BenchmarkDotNetVersion.Length > 0
                ? $"BenchmarkDotNet {host.BenchmarkDotNetVersion}, SDK {host.SdkVersion}"
                : $"its own runner ({RuntimeResults.Format})";
            string warm = Counts(cases.Select(s => s.Warm?.Count ?? 0).Where(c => c > 0)) is { Length: > 0 } w ? w : "none";
            // Exactly where the cold bursts came from: the fresh processes, and the repeated process's first burst.
            string cold = string.Join("; ", cases.Where(s => s.Cold is not null)
                .GroupBy(s => (Fresh: s.ColdCase?.IterationNanoseconds.Count ?? 0, First: s.Repeated.Count > 0 && s.ColdCase is not null))
                .OrderByDescending(g => g.Count())
                .Select(g => $"{Format.Plural(g.Key.Fresh + (g.Key.First ? 1 : 0), "burst")} ({(g.Key.Fresh > 0 ? Format.Plural(g.Key.Fresh, "fresh process", "fresh processes") : "")}{(g.Key.First ? (g.Key.Fresh > 0 ? " + " : "") + "the repeated process's first burst" : "")}) in {Format.Plural(g.Count(), "case")}"));
            string delays = string.Join(", ", cases.Select(s => s.Case.IntParameter("DelayMs")).OfType<int>().Distinct().Order().Select(d => $"{d} ms"));
            md.AppendLine(CultureInfo.InvariantCulture, $"| {host.Runtime} | {by} | {Format.Count(cases.Count)} | {warm} | {(cold.Length > 0 ? cold : "none")} | {delays} |");
        }
        md.AppendLine();
        foreach (string note in results.RuntimeNotes)
        {
            md.AppendLine(CultureInfo.InvariantCulture, $"**Runtime missing from this run:** {note}.").AppendLine();
        }
        foreach (string file in results.IncompleteRuntimeFiles)
        {
            md.AppendLine(CultureInfo.InvariantCulture, $"**`{file}` did not complete (interrupted, or still running): the report shows only the cases it finished.**").AppendLine();
        }
        // One line per input that has a manifest: a side-by-side report describes each run, failed ones included.
        foreach (RunInfo run in results.Runs)
        {
            string from = results.Runs.Count > 1 ? $" (`{run.Folder}`)" : "";
            if (!run.Complete)
            {
                md.AppendLine(CultureInfo.InvariantCulture, $"**This run did not complete{from} (interrupted, or still running): the report shows only the cases it finished.**").AppendLine();
            }
            md.AppendLine(CultureInfo.InvariantCulture, $"Run{from}: profile `{run.Profile}`, started {run.StartedUtc}, took {Format.Duration(run.DurationSeconds)} including builds, exit code {run.ExitCode}{(run.ExitCode != 0 ? " (**some cases failed**)" : "")}, commit `{run.Commit}`. Command: `{run.Command}`.").AppendLine();
        }
    }

    // "7 in 100 cases; 2 in 3 cases": how many samples cases have, most common first.
    private static string Counts(IEnumerable<int> counts) =>
        string.Join("; ", counts.GroupBy(c => c).OrderByDescending(g => g.Count()).Select(g => $"{Format.Count(g.Key)} in {Format.Plural(g.Count(), "case")}"));

    private static void WriteCsv(string path, IReadOnlyList<CaseStatistics> stats)
    {
        var csv = new StringBuilder();
        string[] kinds = ["Cold", "Warm"];
        string[] perKind = ["Count", "MedianNs", "CiLowerNs", "CiUpperNs", "CiLevel", "MinNs", "MaxNs", "CpuMs", "VoluntarySwitches", "InvoluntarySwitches", "PeakThreads", "PeakWorkingSetBytes", "AllocatedBytes", "LockContentions", "PoolThreadsAtStartMax"];
        csv.AppendLine("FullName,Family,Model,N,K,DelayMs,C,Host,Runtime,Headline,RepeatedBursts,FirstNs,LastNs,TrendS,TrendP,Trend,IdealNs,Ideal,RatioToIdeal,"
            + string.Join(',', kinds.SelectMany(k => perKind.Select(f => k + f))));
        foreach (CaseStatistics s in stats)
        {
            IEnumerable<string> Kind(SampleSummary? x) => x is null
                ? perKind.Select(_ => "")
                : [Invariant(x.Count), Invariant(x.MedianNs), Invariant(x.Interval.Lower), Invariant(x.Interval.Upper), Invariant(x.Interval.Level),
                   Invariant(x.MinNs), Invariant(x.MaxNs), Invariant(x.CpuMs), Invariant(x.VoluntarySwitches), Invariant(x.InvoluntarySwitches),
                   Invariant(x.PeakThreads), Invariant(x.PeakWorkingSetBytes), Invariant(x.AllocatedBytes), Invariant(x.LockContentions), Invariant(x.MaxPoolThreadsAtStart)];
            string[] fields =
            [
                s.Case.FullName, s.Model.Group, s.Model.Label,
                Invariant(s.Case.IntParameter("N")), Invariant(s.Case.IntParameter("K")), Invariant(s.Case.IntParameter("DelayMs")), Invariant(s.Case.IntParameter("C")),
                s.Case.Host.Label, s.Case.Host.RuntimeLabel, s.Kind.ToString(),
                Invariant(s.Repeated.Count), Invariant(s.FirstNs), Invariant(s.LastNs),
                Invariant(s.Trend.S), Invariant(s.Trend.PValue), s.Trend.Count < TrendTest.MinimumCount ? "too few to test" : s.Trend.HasTrend ? s.Trend.Description : "none",
                Invariant(s.IdealNs), s.Model.IdealText, Invariant(s.RatioToIdeal),
                .. Kind(s.Cold), .. Kind(s.Warm),
            ];
            csv.AppendLine(string.Join(',', fields.Select(Csv.Quote)));
        }
        File.WriteAllText(path, csv.ToString());
    }

    private static string Invariant<T>(T? value) where T : struct, IFormattable =>
        value is T v && !(v is double d && double.IsNaN(d)) ? v.ToString(null, CultureInfo.InvariantCulture) : "";

    private static string Invariant<T>(T value) where T : IFormattable =>
        value is double d && double.IsNaN(d) ? "" : value.ToString(null, CultureInfo.InvariantCulture);
}
