using System.Globalization;
using System.Text;

namespace ConcurrencyBench.Reporting;

/// <summary>What <see cref="ReportWriter.Write"/> produced.</summary>
/// <param name="ReportPath">The Markdown report.</param>
/// <param name="StatisticsPath">The statistics of every case as CSV.</param>
/// <param name="Charts">The charts, in report order.</param>
/// <param name="Findings">The findings, as the report states them.</param>
public sealed record ReportOutput(string ReportPath, string StatisticsPath, IReadOnlyList<ChartFile> Charts, IReadOnlyList<string> Findings);

/// <summary>
/// Renders <c>report.md</c>: the machine and run, the findings (each a sentence computed from the data), a section
/// per family (<see cref="ReportFamily.WriteSection"/>: its charts and its table), and the list of every case read.
/// No number in it is typed by hand.
/// </summary>
public static class ReportWriter
{
    /// <summary>Computes statistics, draws the charts and writes the report into <paramref name="folder"/>.</summary>
    public static ReportOutput Write(ResultSet results, string folder, IReadOnlyList<string> inputs)
    {
        ArgumentNullException.ThrowIfNull(results);
        ArgumentNullException.ThrowIfNull(inputs);
        if (results.Cases.Count == 0 && results.ChatLoads.Count == 0)
        {
            throw new ResultsFormatException($"{string.Join(", ", inputs)}: no case with measurements to report");
        }
        // Everything is written into a fresh folder beside the target and moved into place only when complete: a
        // failure while rendering leaves an existing report as it was, and no half-written one.
        string final = Path.GetFullPath(folder);
        string partial = final.TrimEnd(Path.DirectorySeparatorChar) + $".partial-{Guid.NewGuid():N}";
        ReportOutput written;
        try
        {
            written = WriteInto(results, partial, inputs);
        }
        catch
        {
            if (Directory.Exists(partial))
            {
                Directory.Delete(partial, recursive: true);
            }
            throw;
        }
        Directory.CreateDirectory(final);
        string Move(string path)
        {
            string target = Path.Combine(final, Path.GetFileName(path));
            File.Move(path, target, overwrite: true);
            return target;
        }
        var charts = written.Charts.Select(c => c with { PngPath = Move(c.PngPath), SvgPath = Move(c.SvgPath) }).ToList();
        var output = new ReportOutput(Move(written.ReportPath), Move(written.StatisticsPath), charts, written.Findings);
        Directory.Delete(partial, recursive: true);
        return output;
    }

    private static ReportOutput WriteInto(ResultSet results, string folder, IReadOnlyList<string> inputs)
    {
        IReadOnlyList<CaseStatistics> stats = CaseStatistics.All(results);
        Directory.CreateDirectory(folder);
        FamilyCharts charts = FamilyCharts.Draw(stats, results, folder);
        IReadOnlyList<string> findings = Findings.From(stats, results);

        var md = new StringBuilder();
        md.AppendLine("# ConcurrencyBench report").AppendLine();
        md.AppendLine(CultureInfo.InvariantCulture, $"Rendered by `cbench report` from {string.Join(", ", inputs.Select(i => $"`{i}`"))}. ")
          .AppendLine("Every figure below is computed from those results (BenchmarkDotNet's, and other runtimes' files in the runtime-results format); none is typed by hand. ")
          .AppendLine("Times are per operation (one operation = one burst: the whole load of N jobs). Each case runs its operations one ")
          .AppendLine("after another in one process (**repeated bursts**); every case's sequence after the first burst is tested for a trend ")
          .AppendLine(CultureInfo.InvariantCulture, $"over the iteration index (Mann–Kendall, two-sided, α = {TrendTest.DefaultAlpha}) before anything summarises it, because ")
          .AppendLine("a pool that keeps the threads it injected makes every burst faster than the one before, and a median across such ")
          .AppendLine("bursts describes the iteration count, not the model. The cases whose time depends on the pool's history are also ")
          .AppendLine("measured as **cold bursts**: one operation in each of several fresh processes (BenchmarkDotNet's launch count, plus ")
          .AppendLine("the repeated process's own first burst), which are independent samples. The median (Harrell–Davis, Perfolizer) describes ")
          .AppendLine("the cold bursts where a case has them, else the warm repeated bursts (2..n) where they show no trend, else nothing: ")
          .AppendLine("such a case shows its first and last burst and its curve. Each median's interval is distribution-free (a pair of order ")
          .AppendLine("statistics) and is labelled with its exact confidence level, which is below 95% only where the samples are too few. ")
          .AppendLine("The ideal is what the model's structure allows at best: d for async waits, ceil(N/k)·d for k guaranteed workers ")
          .AppendLine("(the pool's default minimum is the core count), N·d when calls serialize.")
          .AppendLine();
        WriteRun(md, results);
        md.AppendLine("## Findings").AppendLine();
        if (findings.Count == 0)
        {
            md.AppendLine("The results hold too few families to compare.").AppendLine();
        }
        foreach (string finding in findings)
        {
            md.AppendLine(CultureInfo.InvariantCulture, $"- {finding}");
        }
        md.AppendLine();

        foreach ((ReportFamily family, IReadOnlyList<ChartFile> familyCharts) in charts.ByFamily)
        {
            family.WriteSection(md, [.. stats.Where(s => s.Model.Family == family)], familyCharts, results);
        }
        RuntimeComparison.Write(md, stats);
        Claims.Write(md, stats);
        string published = PublishedFigures.BesideOurs(stats);
        if (published.Length > 0)
        {
            md.AppendLine("## Beside published figures").AppendLine();
            md.AppendLine("Peak memory of N concurrent sleeping tasks as others published it; \"ours\" is the peak working set of our whole benchmark ")
              .AppendLine("process for the same shape of workload (`Task.Delay` + `WhenAll` beside `Task.Delay`, `Task.Run`-wrapped beside `Task.Run`), ")
              .AppendLine("on the machine and runtime named at the top. Their sleeps lasted 10 s and ours d: peak memory depends on how many ")
              .AppendLine("tasks wait at once, not on how long. Their machines, runtimes and methods differ from ours (see each source); ")
              .AppendLine("our peak covers every iteration of the case, in a process that also hosts BenchmarkDotNet's engine.").AppendLine();
            md.AppendLine(published);
        }
        ReportFamilies.Other.WriteSection(md, [.. stats.Where(s => s.Model.Family == ReportFamilies.Other)], []);

        md.AppendLine("## Every case read").AppendLine();
        md.AppendLine(CultureInfo.InvariantCulture, $"{stats.Count} cases ({stats.Count(s => s.Cold is not null)} with cold bursts) from {results.Cases.Select(c => c.SourceFile).Distinct().Count()} files.").AppendLine();
        bool severalHosts = Format.FromSeveralHosts(stats);
        foreach (CaseStatistics s in stats.OrderBy(s => s.Case.FullName, StringComparer.Ordinal))
        {
            md.AppendLine(CultureInfo.InvariantCulture, $"- `{s.Case.FullName}`{(severalHosts ? $" ({s.Case.Host.Label})" : "")}");
        }
        md.AppendLine();

        string reportPath = Path.Combine(folder, "report.md");
        File.WriteAllText(reportPath, md.ToString());
        string statisticsPath = Path.Combine(folder, "statistics.csv");
        WriteCsv(statisticsPath, stats);
        return new ReportOutput(reportPath, statisticsPath, charts.All, findings);
    }

    private static void WriteRun(StringBuilder md, ResultSet results)
    {
        md.AppendLine("## Machine and run").AppendLine();
        foreach (HostInfo host in results.Hosts)
        {
            md.AppendLine("| | |").AppendLine("|---|---|");
            md.AppendLine(CultureInfo.InvariantCulture, $"| Processor | {host.Processor}, {host.LogicalCores} logical cores, {host.Architecture} |");
            md.AppendLine(CultureInfo.InvariantCulture, $"| OS | {host.Os} |");
            md.AppendLine(CultureInfo.InvariantCulture, $"| Runtime | {host.Runtime} |");
            md.AppendLine(host.BenchmarkDotNetVersion.Length > 0
                ? $"| BenchmarkDotNet | {host.BenchmarkDotNetVersion} (SDK {host.SdkVersion}) |"
                : $"| Measured by | its own runner, in the runtime-results format ({RuntimeResults.Format}) |");
            var jobs = results.Cases.Where(c => c.Host == host).Select(c => c.Job).Distinct().ToList();
            md.AppendLine(CultureInfo.InvariantCulture, $"| Profile (job) | {string.Join(", ", jobs)} |");
            var delays = results.Cases.Where(c => c.Host == host).Select(c => c.IntParameter("DelayMs")).OfType<int>().Distinct().Order().ToList();
            if (delays.Count > 0)
            {
                md.AppendLine(CultureInfo.InvariantCulture, $"| Delay d | {string.Join(", ", delays.Select(d => $"{d} ms"))} |");
            }
            var iterations = results.Cases.Where(c => c.Host == host && c.Bursts == BurstKind.Repeated).Select(c => c.IterationNanoseconds.Count).Distinct().Order().ToList();
            md.AppendLine(CultureInfo.InvariantCulture, $"| Repeated bursts per case | {string.Join(", ", iterations)} |");
            var launches = results.Cases.Where(c => c.Host == host && c.Bursts == BurstKind.Cold).Select(c => c.IterationNanoseconds.Count).Distinct().Order().ToList();
            if (launches.Count > 0)
            {
                md.AppendLine(CultureInfo.InvariantCulture, $"| Cold bursts per history-dependent case | {string.Join(", ", launches.Select(l => $"{l} fresh processes + the repeated process's first burst"))} |");
            }
            md.AppendLine();
        }
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
            md.AppendLine(CultureInfo.InvariantCulture, $"Run{from}: profile `{run.Profile}`, started {run.StartedUtc}, benchmarks took {run.DurationSeconds.ToString("0", CultureInfo.InvariantCulture)} s including build, exit code {run.ExitCode}{(run.ExitCode != 0 ? " (**some cases failed**)" : "")}, commit `{run.Commit}`. Command: `{run.Command}`.").AppendLine();
        }
    }

    private static void WriteCsv(string path, IReadOnlyList<CaseStatistics> stats)
    {
        var csv = new StringBuilder();
        csv.AppendLine("FullName,Family,Model,N,K,DelayMs,Samples,SampleCount,MedianNs,CiLowerNs,CiUpperNs,CiLevel,MinNs,MaxNs,RepeatedBursts,FirstNs,LastNs,TrendS,TrendP,Trend,ColdBursts,IdealNs,RatioToIdeal,AllocatedBytesPerJob,PeakWorkingSetBytes,PeakThreads,Host,CpuMsPerOp,VoluntarySwitchesPerOp,InvoluntarySwitchesPerOp,Runtime");
        foreach (CaseStatistics s in stats)
        {
            string[] fields =
            [
                s.Case.FullName, s.Model.Group, s.Model.Label,
                Invariant(s.Case.IntParameter("N")), Invariant(s.Case.IntParameter("K")), Invariant(s.Case.IntParameter("DelayMs")),
                s.Kind.ToString(), Invariant(s.Iterations), Invariant(s.MedianNs), Invariant(s.CiLowerNs), Invariant(s.CiUpperNs), Invariant(s.Interval.Level),
                Invariant(s.MinNs), Invariant(s.MaxNs), Invariant(s.Repeated.Count), Invariant(s.FirstNs), Invariant(s.LastNs),
                Invariant(s.Trend.S), Invariant(s.Trend.PValue), s.Trend.HasTrend ? s.Trend.Description : "none", Invariant(s.ColdSamples.Count),
                Invariant(s.IdealNs), Invariant(s.RatioToIdeal),
                Invariant(s.AllocatedBytesPerJob), Invariant(s.PeakWorkingSetBytes), Invariant(s.PeakThreads), s.Case.Host.Label,
                Invariant(s.CpuMsPerOp), Invariant(s.VoluntarySwitchesPerOp), Invariant(s.InvoluntarySwitchesPerOp), s.Case.Host.RuntimeLabel,
            ];
            csv.AppendLine(string.Join(',', fields.Select(Quote)));
        }
        File.WriteAllText(path, csv.ToString());
    }

    private static string Invariant<T>(T? value) where T : struct, IFormattable =>
        value is T v ? v.ToString(null, CultureInfo.InvariantCulture) : "";

    private static string Invariant<T>(T value) where T : IFormattable => value.ToString(null, CultureInfo.InvariantCulture);

    private static string Quote(string field) =>
        field.AsSpan().IndexOfAny(",\"\n") >= 0 ? "\"" + field.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"" : field;
}
