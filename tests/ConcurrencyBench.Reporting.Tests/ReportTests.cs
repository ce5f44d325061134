using System.Text.RegularExpressions;

namespace ConcurrencyBench.Reporting.Tests;

public partial class ReportTests
{
    [GeneratedRegex(@"^- `(?<name>[^`]+)`", RegexOptions.Multiline)]
    private static partial Regex CaseLine();

    [Fact]
    public void TheReportListsEveryCaseOfItsInputAndNoOther()
    {
        using var files = new TestFiles();
        ResultSet set = ResultsReader.Read([TestFiles.FixtureRun]);

        ReportOutput output = ReportWriter.Write(set, files.Root, [TestFiles.FixtureRun]);

        string report = File.ReadAllText(output.ReportPath);
        string listed = report[report.IndexOf("## Every case read", StringComparison.Ordinal)..];
        var names = CaseLine().Matches(listed).Select(m => m.Groups["name"].Value).ToList();
        Assert.Equal(set.Cases.Select(c => c.FullName).Order(StringComparer.Ordinal), names);
    }

    [Fact]
    public void TheReportStatesTheMachineFindingsTablesAndCharts()
    {
        using var files = new TestFiles();
        ResultSet set = ResultsReader.Read([TestFiles.FixtureRun]);

        ReportOutput output = ReportWriter.Write(set, files.Root, [TestFiles.FixtureRun]);

        string report = File.ReadAllText(output.ReportPath);
        Assert.Contains("| Processor | Intel Xeon Processor, 2 logical cores, X64 |", report, StringComparison.Ordinal);
        Assert.Contains("| BenchmarkDotNet | 0.15.8", report, StringComparison.Ordinal);
        Assert.Contains("![", report, StringComparison.Ordinal);
        Assert.All(output.Charts, c => Assert.Contains($"({Path.GetFileName(c.PngPath)})", report, StringComparison.Ordinal));
        // The starvation finding, computed from the fixture: medians of the N = 10 probes (at N = 100 the probe's
        // repeated bursts have a trend and the fixture has no cold bursts, so there is no median to quote).
        string finding = Assert.Single(output.Findings, f => f.StartsWith("A short work item queued behind 10 blocking calls", StringComparison.Ordinal));
        Assert.Contains(finding, report, StringComparison.Ordinal);
        Assert.Contains("| default thread pool | 100 | 20 ms |", report, StringComparison.Ordinal);
        Assert.Equal(6, File.ReadAllLines(output.StatisticsPath).Length); // header + 5 cases
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
                $$"""{"profile":"quick","command":"scripts/run.sh --profile quick","startedUtc":"2026-11-25T20:00:00Z","durationSeconds":90,"commit":"abc","exitCode":{{exit}}}""");
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
            """{"profile":"default","command":"scripts/run.sh --profile default","startedUtc":"2026-11-25T20:00:00Z","durationSeconds":130,"commit":"abc","exitCode":130,"complete":false}""");

        ReportOutput output = ReportWriter.Write(ResultsReader.Read([run]), files.PathOf("out"), [run]);

        Assert.Contains("**This run did not complete (interrupted, or still running)", File.ReadAllText(output.ReportPath), StringComparison.Ordinal);
    }
}
