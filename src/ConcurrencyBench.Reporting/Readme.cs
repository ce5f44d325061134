using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace ConcurrencyBench.Reporting;

/// <summary>
/// The README's figures, generated from the committed runs so that they cannot go stale: each generated block sits
/// between <c>&lt;!-- generated: NAME --&gt;</c> and <c>&lt;!-- /generated --&gt;</c> and is rewritten by
/// <c>cbench readme</c> (or checked by <c>cbench readme --check</c>, which a test runs): <c>answers</c> is the committed
/// default report's summary, its chart links pointing into that report's folder; <c>profiles</c> gives each committed
/// run's profile, runtimes and time from its run-info.json.
/// </summary>
public static partial class Readme
{
    /// <summary>The folder, relative to the repository, whose report the README quotes.</summary>
    public const string DefaultRun = "results/default";

    /// <summary>
    /// The README with every generated block recomputed from <paramref name="repository"/>'s committed runs.
    /// </summary>
    /// <exception cref="ResultsFormatException">A block names something the committed runs do not have.</exception>
    public static string Update(string readme, string repository)
    {
        ArgumentNullException.ThrowIfNull(readme);
        ArgumentNullException.ThrowIfNull(repository);
        return Block().Replace(readme, match =>
        {
            string name = match.Groups["name"].Value;
            string body = name switch
            {
                "headline" => Headline(repository),
                "answers" => Answers(repository),
                "profiles" => Profiles(repository),
                _ => throw new ResultsFormatException($"README: unknown generated block '{name}'"),
            };
            return $"<!-- generated: {name} -->\n{body}<!-- /generated -->";
        });
    }

    // The committed default report's first answer: its sentence and what follows for code (the takeaway, at most three
    // lines), then its answer chart: the README's first image.
    private static string Headline(string repository)
    {
        (string path, List<QuotedAnswer> answers) = AnswersOf(repository);
        QuotedAnswer first = answers[0];
        if (first.File is null)
        {
            throw ResultsFormatException.For(path, "the report's first answer has no answer chart");
        }
        string code = first.Code is { } c ? $"\n**In code:** {c}" : "";
        return $"**{InReport(first.Plain)}**{code}\n\n![{first.Title}]({DefaultRun}/report/{first.File})\n";
    }

    // The committed default report's answers, one line each with its answer chart, and where their words are explained.
    private static string Answers(string repository)
    {
        (_, List<QuotedAnswer> answers) = AnswersOf(repository);
        var list = new StringBuilder();
        foreach (QuotedAnswer answer in answers)
        {
            string chart = answer.File is { } file ? $" ([chart]({DefaultRun}/report/{file}))" : "";
            list.Append(CultureInfo.InvariantCulture, $"{answer.Number}. {InReport(answer.Plain)}{chart}\n");
        }
        return list + "\n" +
               $"The words these answers use (N, d, k, burst, cold and warm, ideal, p99, capacity, knee, interval) are explained under [Words used here]({DefaultRun}/report/report.md#words-used-here). " +
               $"From [`{DefaultRun}`]({DefaultRun}/report/report.md) ([HTML]({DefaultRun}/report/report.html)), rendered from its raw results.\n";
    }

    // A link within the report ("see [Replication](#replication-...)" in an answer that depends on the run) points
    // into the report from the README.
    private static string InReport(string text) => text.Replace("](#", $"]({DefaultRun}/report/report.md#", StringComparison.Ordinal);

    // The default report's answers: number, sentence, what follows for code, and the answer chart's title and file.
    private sealed record QuotedAnswer(string Number, string Plain, string? Code, string? Title, string? File);

    private static (string Path, List<QuotedAnswer> Answers) AnswersOf(string repository)
    {
        string path = Path.Combine(repository, DefaultRun, "report", "report.md");
        if (!File.Exists(path))
        {
            throw ResultsFormatException.For(path, "no committed default report to quote (render it with scripts/report.sh results/default)");
        }
        string report = ResultFiles.ReadText(path);
        Match section = AnswersSection().Match(report);
        if (!section.Success)
        {
            throw ResultsFormatException.For(path, "the report has no \"## Answers\" section");
        }
        var answers = OneAnswer().Matches(section.Groups["body"].Value).Select(m =>
        {
            string block = m.Groups["block"].Value;
            Match code = InCode().Match(block), image = AnswerImage().Match(block);
            return new QuotedAnswer(m.Groups["n"].Value, m.Groups["plain"].Value, code.Success ? code.Groups["code"].Value : null,
                image.Success ? image.Groups["title"].Value : null, image.Success ? image.Groups["file"].Value : null);
        }).ToList();
        if (answers.Count == 0)
        {
            throw ResultsFormatException.For(path, "the report's answers section holds no answer");
        }
        return (path, answers);
    }

    // Each committed run with a run-info.json: its profile, runtimes and duration.
    private static string Profiles(string repository)
    {
        var table = new StringBuilder("| Committed run | Profile | Command | Took here |\n|---|---|---|---:|\n");
        string results = Path.Combine(repository, "results");
        // Runs one or two levels down (results/default, results/baseline/<machine kind>).
        IEnumerable<string> folders = Directory.Exists(results)
            ? Directory.EnumerateDirectories(results).SelectMany(f => new[] { f }.Concat(Directory.EnumerateDirectories(f)))
                .Where(f => ResultFiles.KindOf(Path.Combine(f, "run-info.json")) == FileKind.Regular).Order(StringComparer.Ordinal)
            : [];
        foreach (string folder in folders)
        {
            RunInfo run = ResultsReader.ReadRunInfo(Path.Combine(folder, "run-info.json"));
            string relative = Path.GetRelativePath(repository, folder).Replace('\\', '/');
            table.Append(CultureInfo.InvariantCulture,
                $"| [`{relative}`]({relative}/report/report.md) | `{run.Profile}` | `{run.Command}` | {Format.Duration(run.DurationSeconds)} |\n");
        }
        return table.ToString();
    }

    [GeneratedRegex(@"<!-- generated: (?<name>[a-z-]+) -->\n.*?<!-- /generated -->", RegexOptions.Singleline)]
    private static partial Regex Block();

    [GeneratedRegex(@"^## Answers\n(?<body>.*?)(?=^## )", RegexOptions.Singleline | RegexOptions.Multiline)]
    private static partial Regex AnswersSection();

    // One answer: its heading, then everything up to the next one (a tempered dot: never across a "### ").
    [GeneratedRegex(@"^### (?<n>\d+)\. (?<plain>[^\n]+)\n(?<block>(?:(?!^### ).)*)", RegexOptions.Singleline | RegexOptions.Multiline)]
    private static partial Regex OneAnswer();

    [GeneratedRegex(@"^\*\*In code:\*\* (?<code>[^\n]+)$", RegexOptions.Multiline)]
    private static partial Regex InCode();

    [GeneratedRegex(@"^!\[(?<title>[^\]]*)\]\((?<file>Answer-[A-Za-z0-9._-]+\.png)\)$", RegexOptions.Multiline)]
    private static partial Regex AnswerImage();
}
