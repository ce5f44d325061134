using System.Text.RegularExpressions;

namespace ConcurrencyBench.Reporting.Tests;

public partial class ReportTests
{
    [GeneratedRegex(@"^- `(?<name>[^`]+)`", RegexOptions.Multiline)]
    private static partial Regex CaseLine();

    [Fact]
    public void TheCaseListNamesEveryCaseOfItsInputAndNoOther()
    {
        using var files = new TestFiles();
        ResultSet set = ResultsReader.Read([TestFiles.FixtureRun]);

        ReportOutput output = ReportWriter.Write(set, files.Root, [TestFiles.FixtureRun]);

        // The list of cases is an appendix file, not a quarter of the report.
        string listed = File.ReadAllText(Path.Combine(files.Root, "cases.md"));
        var names = CaseLine().Matches(listed).Select(m => m.Groups["name"].Value).ToList();
        Assert.Equal(set.Cases.Select(c => c.FullName).Distinct().Order(StringComparer.Ordinal), names);
        Assert.DoesNotContain("ConcurrencyBench.Benchmarks.DefaultPoolOffload.DefaultThreadPool(N: 100", File.ReadAllText(output.ReportPath), StringComparison.Ordinal);
    }

    [Fact]
    public void TheReportOpensWithTheAnswersAndNamesItsHostOnce()
    {
        using var files = new TestFiles();
        ResultSet set = ResultsReader.Read([TestFiles.FixtureRun]);

        ReportOutput output = ReportWriter.Write(set, files.Root, [TestFiles.FixtureRun]);

        string[] lines = File.ReadAllLines(output.ReportPath);
        string report = string.Join('\n', lines);
        // The title, one paragraph naming the machine and runtime, then the answers: before any method or table.
        int answers = Array.IndexOf(lines, "## Answers");
        // The title, the opening paragraph, the one line on replication (one run: not checked), then the answers.
        Assert.InRange(answers, 1, 7);
        Assert.Equal(1, lines.Count(l => l.Contains("eplication", StringComparison.Ordinal)));
        Assert.Contains("Replication: one run; not checked.", lines);
        Assert.True(answers < Array.IndexOf(lines, "## How it was measured"));
        Assert.Contains("Measured on Intel Xeon Processor (2 logical cores, X64), Linux, with .NET 10.0.12", report, StringComparison.Ordinal);
        // The blocking answer, kind for kind: the probe behind 10 blocking calls against 10 async waits.
        // It opens with a plain sentence and its figure, says what follows for code, shows its answer chart, and gives
        // the figures with their samples and intervals in a quieter line.
        int blocking = Array.FindIndex(lines, l => l.StartsWith("### ", StringComparison.Ordinal) && l.Contains("Blocking stalls everything else on the pool", StringComparison.Ordinal));
        Assert.True(blocking > answers, "the blocking answer opens with its plain sentence");
        Assert.Contains("behind 10 blocking calls of 20 ms", lines[blocking], StringComparison.Ordinal);
        Assert.StartsWith("**In code:**", lines[blocking + 2], StringComparison.Ordinal);
        Assert.StartsWith("![A work item queued behind 10 blocking calls waited ", lines[blocking + 4], StringComparison.Ordinal);
        Assert.Contains(lines, l => l.StartsWith("> What blocking does to unrelated work:", StringComparison.Ordinal) && l.Contains("blocking calls of 20 ms", StringComparison.Ordinal) && l.Contains("median of", StringComparison.Ordinal));
        // Every interval printed says what it covers: the ratio in the answer, the answer's table, the family's table.
        KindRatio ratio = CaseStatistics.Ratio(
            CaseStatistics.All(set).Single(s => s.Case.Method == "ProbeBehindBlockingCalls" && s.Case.IntParameter("N") == 10),
            CaseStatistics.All(set).Single(s => s.Case.Method == "ProbeBehindAsyncWaits" && s.Case.IntParameter("N") == 10))!;
        Assert.Contains($"{Format.Ratio(ratio.Value)} (warm/warm, 95% interval within this run {Format.Ratio(ratio.Lower)[..^1]}–{Format.Ratio(ratio.Upper)})", report, StringComparison.Ordinal);
        Assert.Contains("| Row | Value | 95% interval within this run | Also | Median of |", lines);
        Assert.Contains(lines, l => l.StartsWith("| Model | N |", StringComparison.Ordinal) && l.Contains("| Cold bursts: median [interval within this run] | Warm bursts: median [interval within this run] |", StringComparison.Ordinal));
        Assert.DoesNotContain("median [interval] |", report, StringComparison.Ordinal);
        // The words the answers use are explained before the first answer.
        Assert.InRange(Array.IndexOf(lines, "### Words used here"), answers + 1, Array.FindIndex(lines, l => l.StartsWith("### 1. ", StringComparison.Ordinal)) - 1);
        // One host: its label is in no row and no finding.
        Assert.DoesNotContain(set.Hosts[0].Label, report, StringComparison.Ordinal);
        Assert.Contains("| .NET 10.0.12 (10.0.12, 10.0.1226.42308) | BenchmarkDotNet 0.15.8, SDK 10.0.401 |", report, StringComparison.Ordinal);
        Assert.All(output.Charts, c => Assert.Contains($"({Path.GetFileName(c.PngPath)})", report, StringComparison.Ordinal));
        // The family table: at most about eight columns a reader compares; the full set in statistics.csv.
        string row = Assert.Single(lines, l => l.StartsWith("| default thread pool | 100 |", StringComparison.Ordinal));
        Assert.InRange(row.Count(c => c == '|') - 1, 5, 9);
        Assert.Equal(6, File.ReadAllLines(output.StatisticsPath).Length); // header + 5 cases
        Assert.Contains("ColdMedianNs", File.ReadLines(output.StatisticsPath).First(), StringComparison.Ordinal);
        Assert.Contains("WarmMedianNs", File.ReadLines(output.StatisticsPath).First(), StringComparison.Ordinal);
    }

    [Fact]
    public void TheHtmlReportIsOnePageWithEveryChartInlineAndNoRequest()
    {
        using var files = new TestFiles();
        ResultSet set = ResultsReader.Read([TestFiles.FixtureRun]);

        ReportOutput output = ReportWriter.Write(set, files.Root, [TestFiles.FixtureRun]);

        string html = File.ReadAllText(output.HtmlPath);
        Assert.StartsWith("<!DOCTYPE html>", html, StringComparison.Ordinal);
        // Every chart of the report inline as SVG, each with its files to download; no <img>, no external resource.
        Assert.Equal(output.Charts.Count, Regex.Count(html, "<figure class=\"chart\""));
        Assert.Equal(output.Charts.Count, Regex.Count(html, "<svg viewBox="));
        Assert.All(output.Charts, c => Assert.Contains($"href=\"{Path.GetFileName(c.PngPath)}\" download", html, StringComparison.Ordinal));
        Assert.DoesNotContain("<img", html, StringComparison.Ordinal);
        Assert.DoesNotMatch("(src|href)=\"(https?:)?//", html);
        // Every table sortable, in a box of its own.
        int tables = Regex.Count(html, "<table");
        Assert.True(tables > 0);
        Assert.Equal(tables, Regex.Count(html, "<div class=\"table-wrap\"><table class=\"sortable\">"));
        Assert.Contains("<h2 id=\"answers\">Answers</h2>", html, StringComparison.Ordinal);
    }

    [Fact]
    public void AnEmptySetOfCasesIsBadInput()
    {
        using var files = new TestFiles();
        var empty = new ResultSet([], new Dictionary<(HostInfo?, BurstKind, string), Models.ThreadPoolTimeline>(), []);

        Assert.Throws<ResultsFormatException>(() => ReportWriter.Write(empty, files.PathOf("out"), ["nothing"]));
        Assert.False(Directory.Exists(files.PathOf("out")));
    }

    [Fact]
    public void ASideBySideReportDescribesEveryRunFailedOnesIncluded()
    {
        using var files = new TestFiles();
        string ok = files.PathOf("ok"), failed = files.PathOf("failed");
        foreach ((string folder, int exit) in new[] { (ok, 0), (failed, 1) })
        {
            Directory.CreateDirectory(Path.Combine(folder, "results"));
            File.Copy(TestFiles.DefaultPoolJson, Path.Combine(folder, "results", Path.GetFileName(TestFiles.DefaultPoolJson)));
            File.WriteAllText(Path.Combine(folder, "run-info.json"),
                $$"""{"profile":"quick","command":"scripts/run.sh --profile quick","startedUtc":"2026-11-25T20:00:00Z","durationSeconds":90,"commit":"abc1234","exitCode":{{exit}}}""");
        }
        // The second run is the same cases on "another SDK", so both can stand in one report.
        TestFiles.SetSdk(Path.Combine(failed, "results", Path.GetFileName(TestFiles.DefaultPoolJson)), "10.0.999");

        ReportOutput output = ReportWriter.Write(ResultsReader.Read([ok, failed]), files.PathOf("out"), [ok, failed]);

        string report = File.ReadAllText(output.ReportPath);
        Assert.Contains($"Run (`{ok}`): profile `quick`", report, StringComparison.Ordinal);
        Assert.Contains($"Run (`{failed}`): profile `quick`", report, StringComparison.Ordinal);
        Assert.Contains("exit code 1 (**some cases failed**)", report, StringComparison.Ordinal);
    }

    [Fact]
    public void AReportFromAnInterruptedRunSaysSo()
    {
        using var files = new TestFiles();
        string run = files.PathOf("run");
        Directory.CreateDirectory(Path.Combine(run, "results"));
        File.Copy(TestFiles.DefaultPoolJson, Path.Combine(run, "results", Path.GetFileName(TestFiles.DefaultPoolJson)));
        // What scripts/run.sh leaves when it is interrupted: the manifest it wrote at the start, marked incomplete.
        File.WriteAllText(Path.Combine(run, "run-info.json"),
            """{"profile":"default","command":"scripts/run.sh --profile default","startedUtc":"2026-11-25T20:00:00Z","durationSeconds":130,"commit":"abc1234","exitCode":130,"complete":false}""");

        ReportOutput output = ReportWriter.Write(ResultsReader.Read([run]), files.PathOf("out"), [run]);

        Assert.Contains("**This run did not complete (interrupted, or still running)", File.ReadAllText(output.ReportPath), StringComparison.Ordinal);
    }
}
