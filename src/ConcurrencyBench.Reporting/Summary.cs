using System.Globalization;
using System.Text;

namespace ConcurrencyBench.Reporting;

/// <summary>
/// The report's opening: the answers to the questions the suite exists for. Each family owns its answers
/// (<see cref="ReportFamily.Answers(IReadOnlyList{CaseStatistics}, ResultSet?, IReadOnlyList{CaseStatistics}, IReadOnlyList{CaseStatistics})"/>):
/// one plain sentence with its figure, what follows for code, its answer chart and, quieter, the figures with their
/// samples and intervals. Every answer is computed from the run; an answer whose cases the run lacks is left out, never
/// guessed. This file names no family.
/// </summary>
public static class Summary
{
    /// <summary>The words the answers use, each said once, before the first answer (the README links here).</summary>
    public static IReadOnlyList<(string Word, string Meaning)> Words { get; } =
    [
        ("N", "how many jobs run at once (waits, calls, users)."),
        ("d", "how long each job waits (`Task.Delay(d)`, or a blocking `Thread.Sleep(d)`)."),
        ("k", "how many threads a dedicated pool has."),
        ("burst", "one measured run of all N jobs, started together and awaited together."),
        ("cold and warm", "a cold burst is the first in a fresh process (its thread pool at its minimum); warm bursts repeat in one process, whose pool may have kept threads. Ratios set cold against cold or warm against warm."),
        ("ideal", "the least time a model could take (for N waits of d on k threads: ceil(N/k)·d); a bound nothing beats."),
        ("p99", "the latency 99% of messages beat."),
        ("capacity", "the highest rate per client a server held with p99 within the bound and nothing lost; \"at least\" where no higher rate was tried or every higher one failed."),
        ("knee", "where latency leaves the bound as the load grows: just past the capacity."),
        ("interval", $"the 95% distribution-free interval of a median or a ratio, {Format.WithinRun} on this machine: it covers this run's bursts, not what a re-run gives. Written \"{Format.IntervalWithinRun}\", and in tables and charts \"{Format.IntervalColumn}\" or \"whisker: {Format.IntervalWithinRun}\"."),
    ];

    /// <summary>The answers for <paramref name="primary"/> (the primary runtime's cases) and <paramref name="all"/> (every runtime's), in their order.</summary>
    public static IReadOnlyList<Answer> Answers(IReadOnlyList<CaseStatistics> primary, IReadOnlyList<CaseStatistics> all, ResultSet? results = null)
    {
        ArgumentNullException.ThrowIfNull(primary);
        ArgumentNullException.ThrowIfNull(all);
        var answers = new List<Answer?>();
        foreach (ReportFamily family in ReportFamilies.All)
        {
            answers.AddRange(family.Answers([.. primary.Where(s => s.Model.Family == family)], results, primary, all));
        }
        return [.. answers.OfType<Answer>().Select((a, i) => (a, i)).OrderBy(x => x.a.Order).ThenBy(x => x.i).Select(x => x.a)];
    }

    /// <summary>
    /// Writes the answers as the report's first section: the words they use, then each answer's sentence, what follows
    /// for code, its chart (where <paramref name="charts"/> holds it) and a quieter table of its figures.
    /// </summary>
    public static void Write(StringBuilder md, IReadOnlyList<Answer> answers, IReadOnlyList<ChartFile>? charts = null)
    {
        ArgumentNullException.ThrowIfNull(md);
        ArgumentNullException.ThrowIfNull(answers);
        md.AppendLine("## Answers").AppendLine();
        if (answers.Count == 0)
        {
            md.AppendLine("This run holds none of the cases the summary's questions need (see the sections below).").AppendLine();
            return;
        }
        md.AppendLine("### Words used here").AppendLine();
        foreach ((string word, string meaning) in Words)
        {
            md.AppendLine(CultureInfo.InvariantCulture, $"- **{word}**: {meaning}");
        }
        if (answers.Any(a => a.Replicated is not null))
        {
            // Only where other runs were given: a report of one run says so once, in its header, and nothing here.
            md.AppendLine(CultureInfo.InvariantCulture, $"- **held, depends on the run**: {AnswerReplication.Rule}");
        }
        md.AppendLine();
        int number = 0;
        foreach (Answer answer in answers)
        {
            number++;
            md.AppendLine(CultureInfo.InvariantCulture, $"### {number}. {answer.Plain ?? answer.Question}").AppendLine();
            if (answer.ForCode is { } code)
            {
                md.AppendLine(CultureInfo.InvariantCulture, $"**In code:** {code}").AppendLine();
            }
            if (answer.Figure is { } figure && charts?.FirstOrDefault(c => c.Name == figure.Name) is { } chart)
            {
                md.AppendLine(CultureInfo.InvariantCulture, $"![{chart.Title}]({Path.GetFileName(chart.PngPath)})").AppendLine();
                WriteRows(md, figure);
            }
            string detail = answer.Chart is { } name ? $" (detailed chart: [{name}]({name}.png))" : "";
            md.AppendLine(CultureInfo.InvariantCulture, $"> {answer.Question}: {answer.Text}{detail}").AppendLine();
            if (answer.Replicated is { } replicated)
            {
                md.AppendLine(CultureInfo.InvariantCulture, $"**Replication:** {replicated}").AppendLine();
            }
        }
    }

    // The chart's rows as a table: the value printed in the chart, its interval, the figure beside it and its samples.
    private static void WriteRows(StringBuilder md, AnswerFigure figure)
    {
        md.AppendLine($"| Row | Value | {Format.IntervalWithinRun} | Also | Median of |").AppendLine("|---|---:|---|---|---|");
        foreach (AnswerRow row in figure.Rows)
        {
            string value = row.Value is null ? row.Missing ?? "" : row.Printed;
            md.AppendLine(CultureInfo.InvariantCulture, $"| {row.Label} | {value} | {row.IntervalText(figure.Unit)} | {row.Beside} | {row.Samples} |");
        }
        md.AppendLine();
    }
}
