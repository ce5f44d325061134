using System.Text.RegularExpressions;

namespace ConcurrencyBench.Reporting.Tests;

/// <summary>
/// The answer charts (issue 22): made to be pasted alone, read back from their SVG the way a reader reads them, and
/// checked against the report's own figures; and the shared report files, which name no family.
/// </summary>
public sealed partial class AnswerChartTests
{
    private static readonly ChartContext s_context = new(["test-profile"]);

    [GeneratedRegex(@"^!\[(?<title>[^\]]*)\]\((?<file>Answer-[^)]+)\.png\)$", RegexOptions.Multiline)]
    private static partial Regex AnswerImage();

    [Fact]
    public void BarsEndInTheirPrintedValueWithTheSecondFigureBesideAndAMissingRowSaysWhy()
    {
        using var files = new TestFiles();
        var figure = new AnswerFigure("Answer-test", "Three models: 100 ms, 200 ms and one failed", "time for all calls", AnswerUnit.Time,
        [
            new AnswerRow("a Thread per call", AnswerKind.ThreadPerCall, 2e8, "200 ms") { Beside = "930 threads", Lower = 1.9e8, Upper = 2.1e8 },
            new AnswerRow("Task.Delay, awaited", AnswerKind.Async, 1e8, "100 ms") { Beside = "13 threads" },
            new AnswerRow("ThreadPool defaults", AnswerKind.DefaultPool, null, "") { Missing = "failed: timed out" },
        ], []);

        ChartFile chart = AnswerChart.Draw(figure, s_context, files.Root);
        var svg = new SvgChart(File.ReadAllText(chart.SvgPath));

        SvgRect panel = Assert.Single(svg.Panels);
        Assert.False(svg.LegendBox is { Width: > 0 }, "an answer chart has no legend: its rows are labelled");
        // Sorted, the fastest first; the row without a value last, its reason printed in its row.
        Assert.Equal(["Task.Delay, awaited", "a Thread per call", "ThreadPool defaults"], svg.LeftTickLabels(panel).Select(t => t.Content));
        var inside = svg.Texts.Where(t => t.Left >= panel.X && t.Right <= panel.Right + 1 && t.Baseline > panel.Y && t.Baseline < panel.Bottom).Select(t => t.Content).ToList();
        Assert.Equal(["100 ms (13 threads)", "200 ms (930 threads)", "failed: timed out"], inside.Order(StringComparer.Ordinal).OrderBy(t => t.StartsWith('f')));
        // Two values 2× apart: bars from zero on a linear axis, no "(log scale)".
        Assert.DoesNotContain(svg.Texts, t => t.Content.Contains("log scale", StringComparison.Ordinal));
        // The printed value sits right of its bar's end: the 200 ms label starts right of the 100 ms one.
        SvgText fast = svg.Texts.Single(t => t.Content.StartsWith("100 ms (", StringComparison.Ordinal));
        SvgText slow = svg.Texts.Single(t => t.Content.StartsWith("200 ms (", StringComparison.Ordinal));
        Assert.True(slow.Left > fast.Left + ((panel.Width / 2) * 0.2), $"{slow.Left} against {fast.Left}");
        // One subtitle line, no notes: the title's lines, the subtitle, the row labels, the axis, its ticks and the values.
        // The subtitle names no profile (a stranger does not know the suite's profiles) and says what the whisker is.
        SvgText subtitle = Assert.Single(svg.Texts, t => Math.Abs(t.Size - ChartFigure.SubtitleSize) < 0.5);
        Assert.DoesNotContain("profile", subtitle.Content, StringComparison.Ordinal);
        Assert.Contains("whisker: 95% interval within this run", subtitle.Content, StringComparison.Ordinal);
    }

    [Fact]
    public void ValuesSpanningMoreThanTwentyTimesAreDotsOnALogAxisAndMoreThanEightRowsAreRefused()
    {
        using var files = new TestFiles();
        var wide = new AnswerFigure("Answer-wide", "1,000 waits: 101 ms async, 13.1 s on the default pool", "time", AnswerUnit.Time,
        [
            new AnswerRow("Task.Delay", AnswerKind.Async, 1.01e8, "101 ms"),
            new AnswerRow("ThreadPool defaults", AnswerKind.DefaultPool, 1.31e10, "13.1 s"),
        ], []);
        Assert.True(AnswerChart.IsLog(wide));
        var svg = new SvgChart(File.ReadAllText(AnswerChart.Draw(wide, s_context, files.Root).SvgPath));
        Assert.Contains(svg.Texts, t => t.Content == "time (log scale)");
        // A decade below the smallest value at most: the axis starts at 10 ms, not at 1 µs.
        SvgText first = svg.Texts.Where(t => ChartReadingTests.TickValue(t.Content) is not null && t.Baseline > svg.Panels[0].Bottom).OrderBy(t => t.Left).First();
        Assert.Equal("10 ms", first.Content);

        var many = wide with { Rows = [.. Enumerable.Range(1, 9).Select(i => new AnswerRow($"row {i}", AnswerKind.Other, i, $"{i}"))] };
        Assert.Throws<ArgumentException>(() => AnswerChart.Draw(many, s_context, files.Root));
    }

    [Fact]
    public void EveryKindOfModelHasOneColourInEveryAnswerChart()
    {
        var colours = Enum.GetValues<AnswerKind>().Select(k => AnswerChart.ColorOf(k).ToHex()).ToList();
        Assert.Equal(colours.Count, colours.Distinct().Count());
    }

    public static TheoryData<string> CommittedReports() => new() { "results/default/report", "results/seed/report" };

    [Theory]
    [MemberData(nameof(CommittedReports))]
    public void EveryAnswerChartStatesItsAnswerAndPrintsTheReportsFiguresOnNoSecondAxisAndNoLegend(string folder)
    {
        string root = Path.Combine(ChartStandAloneTests.RepositoryRoot(), folder);
        string report = File.ReadAllText(Path.Combine(root, "report.md"));
        var images = AnswerImage().Matches(report).ToList();
        Assert.NotEmpty(images);
        foreach (Match image in images)
        {
            string name = image.Groups["file"].Value, title = image.Groups["title"].Value;
            var svg = new SvgChart(File.ReadAllText(Path.Combine(root, name + ".svg")));
            // The title is the answer with a figure, as the report gives it, and the chart draws it whole.
            Assert.Matches(@"\d", title);
            Assert.Equal(title, string.Join(" ", svg.Texts.Where(t => t.Size >= ChartFigure.TitleSize - 0.5).OrderBy(t => t.Baseline).Select(t => t.Content)));
            SvgRect panel = Assert.Single(svg.Panels);
            Assert.False(svg.LegendBox is { Width: > 0 }, "an answer chart has no legend: its rows are labelled");
            // One subtitle line, and nothing under the plot but its axis's ticks and label.
            Assert.Single(svg.Texts, t => Math.Abs(t.Size - ChartFigure.SubtitleSize) < 0.5);
            Assert.All(svg.Texts.Where(t => t.Baseline > panel.Bottom + 45), t => Assert.Fail($"{name}: '{t.Content}' under the plot"));
            // No second axis: nothing is written right of the data area.
            Assert.DoesNotContain(svg.Texts, t => t.Left >= panel.Right - 1);
            // The rows: at most 8, each the report's table row, its printed figure the report's.
            var table = TableAfter(report, image.Index);
            var labels = svg.LeftTickLabels(panel).Select(t => t.Content).ToList();
            Assert.InRange(labels.Count, 1, AnswerChart.MaxRows);
            Assert.Equal(table.Select(r => r.Label).Order(StringComparer.Ordinal), labels.Order(StringComparer.Ordinal));
            var printed = svg.Texts.Where(t => t.Left >= panel.X && t.Baseline > panel.Y && t.Baseline < panel.Bottom).Select(t => t.Content).ToList();
            var expected = table.Select(r => r.Also.Length > 0 && !r.Value.StartsWith("failed", StringComparison.Ordinal) ? $"{r.Value} ({r.Also})" : r.Value).ToList();
            Assert.Equal(expected.Order(StringComparer.Ordinal), printed.Order(StringComparer.Ordinal));
        }
    }

    [Fact]
    public void TheSeedReportAnswersEachOfTheArticlesFourExperiments()
    {
        string report = File.ReadAllText(Path.Combine(ChartStandAloneTests.RepositoryRoot(), "results", "seed", "report", "report.md"));
        string answers = report[report.IndexOf("## Answers", StringComparison.Ordinal)..report.IndexOf("## How it was measured", StringComparison.Ordinal)];
        foreach (string experiment in new[] { "Experiment 1", "Experiment 2", "Experiment 3", "Experiment 4" })
        {
            Assert.Matches($@"(?m)^### \d+\. {experiment}\b", answers);
        }
        // Each measured experiment sets the article's figure beside ours; the one no profile runs says so.
        Assert.Equal(3, Regex.Count(answers, @"\| the asyncio tutorial \(Python, its author's machine\) \| (about )?\d"));
        Assert.Contains("not measured by this suite's seed profile", answers, StringComparison.Ordinal);
    }

    [Fact]
    public void TheSharedReportFilesNameNoFamily()
    {
        string source = Path.Combine(ChartStandAloneTests.RepositoryRoot(), "src", "ConcurrencyBench.Reporting");
        var names = ReportFamilies.All.SelectMany(f => new[] { $"\"{f.Name}\"", f.GetType().Name }
            .Concat(f.Classes.Select(c => $"\"{c.Type}\""))
            .Concat(f.Models.Select(m => $"\"{m.Method}\""))).Distinct().ToList();
        Assert.Contains("\"AsyncDelays\"", names);
        Assert.Contains("AsyncDelaysFamily", names);
        foreach (string file in new[] { "Summary.cs", "Claims.cs", "RuntimeComparison.cs", "ReportWriter.cs", "PublishedFigures.cs" })
        {
            string text = File.ReadAllText(Path.Combine(source, file));
            var found = names.Where(n => n.StartsWith('"') ? text.Contains(n, StringComparison.Ordinal) : Regex.IsMatch(text, $@"\b{n}\b")).ToList();
            Assert.True(found.Count == 0, $"{file} names {string.Join(", ", found)}");
        }
    }

    // The table of an answer's figures, the first after its image: label, value (or why none), interval, the figure beside.
    private static List<(string Label, string Value, string Also)> TableAfter(string report, int at)
    {
        var rows = new List<(string, string, string)>();
        foreach (string line in report[at..].Split('\n').SkipWhile(l => !l.StartsWith("| Row |", StringComparison.Ordinal)).Skip(2))
        {
            if (!line.StartsWith('|'))
            {
                break;
            }
            string[] cells = [.. line.Split('|').Skip(1).Select(c => c.Trim())];
            rows.Add((cells[0], cells[1], cells[3]));
        }
        return rows;
    }
}
