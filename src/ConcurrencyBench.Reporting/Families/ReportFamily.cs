using System.Globalization;
using System.Text;

namespace ConcurrencyBench.Reporting;

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
    /// The family's findings for the cases of one host; null where the cases a finding needs are missing.
    /// <paramref name="results"/> holds what the cases' timelines recorded (null when there is nothing more to read).
    /// </summary>
    public virtual IEnumerable<string?> Findings(IReadOnlyList<CaseStatistics> cases, ResultSet? results = null) => [];

    /// <summary>Writes the family's section: title, intro, its charts and a row per case. Nothing when it has no case.</summary>
    public virtual void WriteSection(StringBuilder md, IReadOnlyList<CaseStatistics> cases, IReadOnlyList<ChartFile> charts, ResultSet? results = null)
    {
        if (!WriteHeading(md, cases, charts))
        {
            return;
        }
        bool hasK = cases.Any(s => s.Case.IntParameter("K") is not null);
        bool manyHosts = Format.FromSeveralHosts(cases);
        md.Append("| Model | N |").Append(hasK ? " k |" : "").AppendLine(" d | Samples | Median | Interval of median (level) | First burst | Last burst | Trend over repeated bursts | Ratio to ideal | CPU per op | Context switches per op (voluntary / involuntary) | Allocated per op ÷ N (harness included) | Peak working set (whole process) | Peak threads |");
        md.Append("|---|---:|").Append(hasK ? "---:|" : "").AppendLine("---:|---|---:|---|---:|---:|---|---:|---:|---:|---:|---:|---:|");
        foreach (CaseStatistics s in cases.OrderBy(GroupIndex).ThenBy(s => s.Case.IntParameter("N")).ThenBy(s => s.Case.IntParameter("K")).ThenBy(s => s.Model.Order).ThenBy(s => s.Case.Host.Label, StringComparer.Ordinal))
        {
            string k = hasK ? $" {s.Case.IntParameter("K")?.ToString("#,0", CultureInfo.InvariantCulture) ?? "default"} |" : "";
            string d = s.Case.IntParameter("DelayMs") is int delay ? $"{delay} ms" : "";
            md.AppendLine(CultureInfo.InvariantCulture,
                $"| {s.Model.Label}{(manyHosts ? $" [{s.Case.Host.Label}]" : "")} | {Format.Count(s.Case.IntParameter("N"))} |{k} {d} | {s.SamplesLabel} | {Format.Time(s.MedianNs)} | {Format.Interval(s.Interval)} | {Format.Time(s.FirstNs)} | {Format.Time(s.LastNs)} | {Format.Trend(s.Trend)} | {Format.Ratio(s.RatioToIdeal)} | {Format.CpuMs(s.CpuMsPerOp)} | {Format.Switches(s.VoluntarySwitchesPerOp, s.InvoluntarySwitchesPerOp)} | {Format.Bytes(s.AllocatedBytesPerJob)} | {Format.Bytes(s.PeakWorkingSetBytes)} | {Format.Count(s.PeakThreads)} |");
        }
        md.AppendLine();
    }

    /// <summary>The section's opening: its title, intro and charts. False, with nothing written, when the family has no case.</summary>
    protected bool WriteHeading(StringBuilder md, IReadOnlyList<CaseStatistics> cases, IReadOnlyList<ChartFile> charts)
    {
        ArgumentNullException.ThrowIfNull(md);
        ArgumentNullException.ThrowIfNull(cases);
        ArgumentNullException.ThrowIfNull(charts);
        if (cases.Count == 0)
        {
            return false;
        }
        md.AppendLine(CultureInfo.InvariantCulture, $"## {Title}").AppendLine().AppendLine(Intro).AppendLine();
        foreach (ChartFile chart in charts)
        {
            md.AppendLine(CultureInfo.InvariantCulture, $"![{chart.Title}]({Path.GetFileName(chart.PngPath)})").AppendLine();
        }
        return true;
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
