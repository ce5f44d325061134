using System.Globalization;
using System.Text;

namespace ConcurrencyBench.Reporting;

/// <summary>One line of the report's summary: a question the suite exists for, and its answer from the run.</summary>
/// <param name="Question">The question, short ("Async against threads and a pool, at N = 1,000").</param>
/// <param name="Text">The answer: its figures, each with its interval and the kind of sample it describes.</param>
/// <param name="Chart">The chart that shows it (its file name without extension), or null.</param>
public sealed record Answer(string Question, string Text, string? Chart = null)
{
    /// <summary>The answer in one plain sentence a reader can repeat, with its figure (null: the question and text alone).</summary>
    public string? Plain { get; init; }

    /// <summary>What follows for code, in a developer's words ("don't block pool threads; ...").</summary>
    public string? ForCode { get; init; }

    /// <summary>The answer's own chart, made to be pasted alone (<see cref="AnswerChart"/>); null where it has none.</summary>
    public AnswerFigure? Figure { get; init; }

    /// <summary>Position among the report's answers (ascending; the headline first).</summary>
    public int Order { get; init; }

    /// <summary>
    /// The figures the answer states beyond its chart's rows (its ratios), each with its interval within this run;
    /// those marked <see cref="StatedFigure.Headline"/> are its finding (<see cref="AnswerReplication"/>).
    /// </summary>
    public IReadOnlyList<StatedFigure> Stated { get; init; } = [];

    /// <summary>Its replication over other runs of the profile, one line (null: rendered from one run).</summary>
    public string? Replicated { get; init; }

    /// <summary>False where the finding did not hold in every run (then <see cref="Plain"/> states no single figure).</summary>
    public bool Replicates { get; init; } = true;
}

/// <summary>A benchmark class as the report knows it: its results' type name, its group and the parameters it carries.</summary>
/// <param name="Type">The benchmark class's name, as BenchmarkDotNet writes it in the results.</param>
/// <param name="Group">The group of its cases in <c>statistics.csv</c> (a family may hold several, e.g. the probe).</param>
/// <param name="RequiredParameters">The parameters every case of the class carries; a case without one is a corrupt file.</param>
public sealed record BenchmarkClass(string Type, string Group, IReadOnlyList<string> RequiredParameters);

/// <summary>A benchmark method as the report shows it.</summary>
/// <param name="Type">The benchmark class (one of the family's <see cref="ReportFamily.Classes"/>).</param>
/// <param name="Method">The benchmark method.</param>
/// <param name="Label">The model's name in legends and tables, as the README names it.</param>
/// <param name="Order">Position in legends and the palette: one colour per model in every chart, across families.</param>
/// <param name="Ideal">The ideal time of one operation for a case: a lower bound no burst can beat (null where none applies).</param>
public sealed record ModelDeclaration(string Type, string Method, string Label, int Order, Func<CaseResult, TimeSpan?> Ideal)
{
    /// <summary>How the ideal is computed, for legends and tables ("d", "ceil(N/k)·d", "N·d").</summary>
    public string IdealText { get; init; } = "";

    /// <summary>A reference time that is not a bound (see <see cref="ModelInfo.Reference"/>).</summary>
    public Func<CaseResult, TimeSpan?>? Reference { get; init; }

    /// <summary>The reference's name.</summary>
    public string ReferenceText { get; init; } = "";
}

/// <summary>
/// One benchmark family's whole presence in the report: its models' labels and ideals, its charts, its table, its
/// findings and its section text. Adding a family means a models folder, a benchmark class and one subclass of this
/// (found by <see cref="ReportFamilies"/>), and nothing else.
/// </summary>
public abstract class ReportFamily
{
    /// <summary>The family's name: the prefix of its charts' file names.</summary>
    public abstract string Name { get; }

    /// <summary>Its section's title.</summary>
    public abstract string Title { get; }

    /// <summary>The paragraph under the title: what the family measures and how.</summary>
    public abstract string Intro { get; }

    /// <summary>Position of its section in the report (ascending).</summary>
    public abstract int SectionOrder { get; }

    /// <summary>Position of its findings in the report's list of findings (ascending; the headline first).</summary>
    public virtual int FindingsOrder => SectionOrder;

    /// <summary>The benchmark classes whose cases belong to the family.</summary>
    public abstract IReadOnlyList<BenchmarkClass> Classes { get; }

    /// <summary>The family's models.</summary>
    public abstract IReadOnlyList<ModelDeclaration> Models { get; }

    /// <summary>The family's charts for <paramref name="cases"/> (its own cases only), in the order its section shows them.</summary>
    public virtual IEnumerable<ChartFile?> DrawCharts(IReadOnlyList<CaseStatistics> cases, ResultSet results, string folder) => [];

    /// <summary>
    /// The family's findings for the cases of one host (the report states them for its primary runtime; the other
    /// runtimes' figures are in the runtime comparison); null where the cases a finding needs are missing.
    /// <paramref name="results"/> holds what the cases' timelines recorded (null when there is nothing more to read).
    /// </summary>
    public virtual IEnumerable<string?> Findings(IReadOnlyList<CaseStatistics> cases, ResultSet? results = null) => [];

    /// <summary>
    /// The family's answers for the report's summary (one line each, with its figure, interval and chart); null where
    /// the cases an answer needs are missing. Answers that need several families are the summary's own (<see cref="Summary"/>).
    /// </summary>
    public virtual IEnumerable<Answer?> Answers(IReadOnlyList<CaseStatistics> cases, ResultSet? results = null) => [];

    /// <summary>
    /// The family's answers where an answer sets its cases beside other families' (the headline, the runtimes): as
    /// <see cref="Answers(IReadOnlyList{CaseStatistics}, ResultSet?)"/>, with <paramref name="primary"/> (every family's
    /// cases of the report's primary runtime) and <paramref name="all"/> (every runtime's). By default, its own answers.
    /// </summary>
    public virtual IEnumerable<Answer?> Answers(IReadOnlyList<CaseStatistics> cases, ResultSet? results, IReadOnlyList<CaseStatistics> primary, IReadOnlyList<CaseStatistics> all) =>
        Answers(cases, results);

    /// <summary>
    /// Writes what the family shows of its cases beyond its section (tables too long for the report) into cases.md,
    /// under a heading of its own; nothing by default.
    /// </summary>
    public virtual void WriteDetails(StringBuilder md, IReadOnlyList<CaseStatistics> cases, ResultSet? results)
    {
    }

    /// <summary>The part a case of the family plays in the article's claims and the shared answers (<see cref="CaseRole"/>).</summary>
    public virtual CaseRole RoleOf(CaseResult c) => CaseRole.None;

    /// <summary>How many jobs a case runs: its N by default; a family whose cases carry their size in their names says so.</summary>
    public virtual int JobsOf(CaseResult c)
    {
        ArgumentNullException.ThrowIfNull(c);
        return c.IntParameter("N") ?? 1;
    }

    /// <summary>True for a case whose N jobs are all alive at once, so that its memory per job is a job's (async waits, a thread per call).</summary>
    public virtual bool HoldsItsJobsAtOnce(CaseResult c) => false;

    /// <summary>
    /// Which of one model's cases (ordered by N; each run on several runtimes) the runtime table shows: its largest by
    /// default (every case of every runtime is in runtimes.csv).
    /// </summary>
    public virtual IEnumerable<CaseResult> ShownOnRuntimes(IReadOnlyList<CaseResult> byN)
    {
        ArgumentNullException.ThrowIfNull(byN);
        return byN.TakeLast(1);
    }

    /// <summary>
    /// True for a model whose pool has nothing to learn at its smallest size (a case of at most 100 jobs or clients):
    /// there its cold and warm medians should agree when the priming works (the report's priming check).
    /// </summary>
    public virtual bool PrimingComparable(CaseResult c) => false;

    /// <summary>True for the family whose cases are set beside the published figures of others (peak memory of N sleeping tasks).</summary>
    public virtual bool ComparesWithPublishedFigures => false;

    /// <summary>
    /// Writes the family's section: title, intro, what it shows (its findings), its charts, and a row per case of the
    /// report's primary runtime with the columns a reader compares (the full set is in statistics.csv). Nothing when
    /// it has no case.
    /// </summary>
    public virtual void WriteSection(StringBuilder md, IReadOnlyList<CaseStatistics> cases, IReadOnlyList<ChartFile> charts, ResultSet? results = null)
    {
        if (!WriteHeading(md, cases, charts, results))
        {
            return;
        }
        WriteTable(md, cases);
    }

    /// <summary>
    /// The family's table: a row per case (model, N, k), its cold and warm medians with their intervals, its headline's
    /// ratio to the ideal, and from the headline's own bursts its CPU time, peak threads and peak memory.
    /// </summary>
    protected void WriteTable(StringBuilder md, IReadOnlyList<CaseStatistics> cases)
    {
        ArgumentNullException.ThrowIfNull(md);
        ArgumentNullException.ThrowIfNull(cases);
        if (cases.Count == 0)
        {
            return;
        }
        bool hasK = cases.Any(s => s.Case.IntParameter("K") is not null);
        bool manyHosts = Format.FromSeveralHosts(cases);
        var delays = cases.Select(s => s.Case.IntParameter("DelayMs")).Distinct().ToList();
        bool severalDelays = delays.Count > 1;
        if (!severalDelays && delays[0] is int d)
        {
            md.AppendLine(CultureInfo.InvariantCulture, $"Every job waits d = {d} ms.").AppendLine();
        }
        md.Append("| Model |").Append(manyHosts ? " Host |" : "").Append(" N |").Append(hasK ? " k |" : "").Append(severalDelays ? " d |" : "")
          .AppendLine($" Cold bursts: median {Format.IntervalColumn} | Warm bursts: median {Format.IntervalColumn} | × ideal | CPU per burst | Peak threads | Peak memory |");
        md.Append("|---|").Append(manyHosts ? "---|" : "").Append("---:|").Append(hasK ? "---:|" : "").Append(severalDelays ? "---:|" : "")
          .AppendLine("---:|---:|---:|---:|---:|---:|");
        foreach (CaseStatistics s in cases.OrderBy(GroupIndex).ThenBy(s => s.Case.IntParameter("N")).ThenBy(s => s.Case.IntParameter("K")).ThenBy(s => s.Model.Order).ThenBy(s => s.Case.Host.Label, StringComparer.Ordinal))
        {
            md.Append(CultureInfo.InvariantCulture, $"| {s.Model.Label} |");
            if (manyHosts)
            {
                md.Append(CultureInfo.InvariantCulture, $" {s.Case.Host.Label} |");
            }
            md.Append(CultureInfo.InvariantCulture, $" {Format.Count(s.Case.IntParameter("N"))} |");
            if (hasK)
            {
                md.Append(CultureInfo.InvariantCulture, $" {(s.Case.IntParameter("K") is int k ? Format.Count(k) : "default")} |");
            }
            if (severalDelays)
            {
                md.Append(CultureInfo.InvariantCulture, $" {s.Case.IntParameter("DelayMs")} ms |");
            }
            md.AppendLine(CultureInfo.InvariantCulture,
                $" {Cell(s.Cold)} | {WarmCell(s)} | {Format.Ratio(s.RatioToIdeal)} | {Format.CpuMs(s.CpuMsPerOp)} | {Format.Count(s.PeakThreads)} | {Format.Bytes(s.PeakWorkingSetBytes)} |");
        }
        md.AppendLine();
    }

    /// <summary>
    /// What a family table's columns mean, with the sample counts and interval levels actually found (a count that
    /// differs from the usual one is written in its cell).
    /// </summary>
    public static string ReadingTheTables(IReadOnlyList<CaseStatistics> cases)
    {
        ArgumentNullException.ThrowIfNull(cases);
        string Usual(Func<CaseStatistics, SampleSummary?> kind, string what)
        {
            var counts = cases.Select(kind).OfType<SampleSummary>().GroupBy(x => x.Count).OrderByDescending(g => g.Count()).FirstOrDefault();
            return counts is null ? "" : $"{Format.Plural(counts.Key, what)} per case ({(counts.First().Interval.Exists ? Format.Percent(counts.First().Interval.Level) : "no")} interval)";
        }
        string[] usual = [Usual(s => s.Cold, "cold burst"), Usual(s => s.Warm, "warm burst")];
        return $"Each family's table gives a row per case: its cold and its warm median with their intervals {Format.WithinRun} (distribution-free, at the level their count allows: {string.Join(" and ", usual.Where(t => t.Length > 0))}; a cell gives its own count where it differs), " +
               "or why it has no warm median (a trend over the repeated bursts, or .NET's pool holding more jobs than its minimum guarantees threads for, which keeps the threads it injects: first → last burst). × ideal is the headline median (the cold bursts') over the model's ideal. CPU time (user + system, the whole " +
               "process), peak threads and peak memory (resident, each burst's own) are medians over the headline's bursts. Every figure of every case is in `statistics.csv`.";
    }

    /// <summary>A summary's cell: "101 ms [99.8 ms, 103 ms]", with "n = 2, 50.0%" where the interval falls short of 95%; "–" where there is none.</summary>
    protected static string Cell(SampleSummary? s) => s is null ? "–"
        : s.Interval.Exists ? $"{Format.Time(s.MedianNs)} {Format.Interval(s.Interval.Lower, s.Interval.Upper)}{(s.Interval.ReachesTarget ? "" : $" (n = {s.Count}, {Format.Percent(s.Interval.Level)})")}"
        : $"{Format.Time(s.MedianNs)} (n = {s.Count})";

    /// <summary>Warm bursts, or why there are none: a trend over the repeated bursts, shown by the bursts chart.</summary>
    protected static string WarmCell(CaseStatistics s)
    {
        ArgumentNullException.ThrowIfNull(s);
        return s.Warm is not null ? Cell(s.Warm)
            : s.Repeated.Count > 1 && s.Trend.HasTrend ? $"trend: {s.Trend.Description} ({Format.Time(s.FirstNs)} → {Format.Time(s.LastNs)})"
            : s.Repeated.Count > 1 && CaseStatistics.InjectingPoolBeyondItsMinimum(s.Case, s.Model) ? $"a pool that learns: no warm median ({Format.Time(s.FirstNs)} → {Format.Time(s.LastNs)})"
            : s.Repeated.Count > 1 ? Format.Trend(s.Trend, [.. s.Repeated.Skip(1)])
            : "–";
    }

    /// <summary>
    /// The section's opening: its title, intro, what it shows (the family's findings for these cases) and its charts.
    /// False when the family has no case (the charts, drawn from every runtime, are still shown).
    /// </summary>
    protected bool WriteHeading(StringBuilder md, IReadOnlyList<CaseStatistics> cases, IReadOnlyList<ChartFile> charts, ResultSet? results = null)
    {
        ArgumentNullException.ThrowIfNull(md);
        ArgumentNullException.ThrowIfNull(cases);
        ArgumentNullException.ThrowIfNull(charts);
        if (cases.Count == 0 && charts.Count == 0)
        {
            return false;
        }
        md.AppendLine(CultureInfo.InvariantCulture, $"## {Title}").AppendLine().AppendLine(Intro).AppendLine();
        var findings = Findings(cases, results).OfType<string>().ToList();
        if (findings.Count > 0)
        {
            md.AppendLine("**What it shows**").AppendLine();
            foreach (string finding in findings)
            {
                md.AppendLine(CultureInfo.InvariantCulture, $"- {finding}");
            }
            md.AppendLine();
        }
        foreach (ChartFile chart in charts)
        {
            md.AppendLine(CultureInfo.InvariantCulture, $"![{chart.Title}]({Path.GetFileName(chart.PngPath)})").AppendLine();
        }
        return cases.Count > 0;
    }

    /// <summary>The cases of one group of the family (one benchmark class's, or several sharing a group).</summary>
    protected static IReadOnlyList<CaseStatistics> InGroup(IEnumerable<CaseStatistics> cases, string group) =>
        [.. cases.Where(s => string.Equals(s.Model.Group, group, StringComparison.Ordinal))];

    // Rows of the table: the family's groups in the order it declares its classes.
    private int GroupIndex(CaseStatistics s)
    {
        for (int i = 0; i < Classes.Count; i++)
        {
            if (string.Equals(Classes[i].Group, s.Model.Group, StringComparison.Ordinal))
            {
                return i;
            }
        }
        return Classes.Count;
    }
}

/// <summary>Every family of the report, found in this assembly: adding one is adding its class.</summary>
public static class ReportFamilies
{
    private static readonly Lazy<IReadOnlyList<ReportFamily>> s_all = new(() =>
    [
        .. typeof(ReportFamily).Assembly.GetTypes()
            .Where(t => t.IsSubclassOf(typeof(ReportFamily)) && !t.IsAbstract && t != typeof(OtherCases))
            .Select(t => (ReportFamily)Activator.CreateInstance(t)!)
            .OrderBy(f => f.SectionOrder).ThenBy(f => f.Name, StringComparer.Ordinal),
    ]);

    /// <summary>The families, in section order (the catch-all for unknown cases not included).</summary>
    public static IReadOnlyList<ReportFamily> All => s_all.Value;

    /// <summary>Where cases that no family declares go: a section of their own, with no charts and no findings.</summary>
    public static ReportFamily Other { get; } = new OtherCases();
}

/// <summary>The catch-all for cases no family declares (a benchmark added without its family file).</summary>
internal sealed class OtherCases : ReportFamily
{
    public override string Name => "Other";

    public override string Title => "Other cases";

    public override string Intro => "Cases this report has no family for.";

    public override int SectionOrder => int.MaxValue;

    public override IReadOnlyList<BenchmarkClass> Classes => [];

    public override IReadOnlyList<ModelDeclaration> Models => [];
}

/// <summary>Every family's charts, drawn once: in report order, and by family for the sections.</summary>
/// <param name="ByFamily">Each family with its charts, in section order.</param>
public sealed record FamilyCharts(IReadOnlyList<(ReportFamily Family, IReadOnlyList<ChartFile> Charts)> ByFamily)
{
    /// <summary>Every chart, in report order.</summary>
    public IReadOnlyList<ChartFile> All => [.. ByFamily.SelectMany(f => f.Charts)];

    /// <summary>Draws every chart the results allow into <paramref name="folder"/>, each family from its own cases.</summary>
    public static FamilyCharts Draw(IReadOnlyList<CaseStatistics> stats, ResultSet results, string folder)
    {
        ArgumentNullException.ThrowIfNull(stats);
        ArgumentNullException.ThrowIfNull(results);
        return new([.. ReportFamilies.All.Select(family => (family,
            (IReadOnlyList<ChartFile>)[.. family.DrawCharts([.. stats.Where(s => s.Model.Family == family)], results, folder).OfType<ChartFile>()]))]);
    }
}
