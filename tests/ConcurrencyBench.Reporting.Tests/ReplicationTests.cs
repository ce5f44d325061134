using System.Text.Json.Nodes;
using ConcurrencyBench.Cli;

namespace ConcurrencyBench.Reporting.Tests;

/// <summary><c>cbench replicate</c>: runs of one profile side by side, on runs whose relation is known by construction.</summary>
public sealed class ReplicationTests : IDisposable
{
    private readonly TestFiles _files = new();

    public void Dispose() => _files.Dispose();

    private static (int Code, string Output, string Error) Run(params string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        int code = CommandLine.Run(args, output, error);
        return (code, output.ToString(), error.ToString());
    }

    // The fixture run copied into a folder with its manifest, every measured time multiplied by factor (only the
    // method named, where one is).
    private string RunOf(string name, double factor, string profile = "quick", string? method = null, JsonObject? conditions = null)
    {
        string folder = _files.PathOf(name);
        TestFiles.CopyFixtureRun(folder);
        foreach (string json in Directory.GetFiles(Path.Combine(folder, "results"), "*-report-full.json"))
        {
            JsonNode root = JsonNode.Parse(File.ReadAllText(json))!;
            foreach (JsonNode? benchmark in root["Benchmarks"]!.AsArray().Where(b => method is null || b!["Method"]!.GetValue<string>() == method))
            {
                foreach (JsonNode? measurement in benchmark!["Measurements"]!.AsArray())
                {
                    measurement!["Nanoseconds"] = measurement["Nanoseconds"]!.GetValue<double>() * factor;
                }
            }
            File.WriteAllText(json, root.ToJsonString());
        }
        var info = new JsonObject
        {
            ["profile"] = profile,
            ["command"] = $"scripts/run.sh --profile {profile}",
            ["startedUtc"] = "2026-12-01T04:58:57Z",
            ["durationSeconds"] = 60.0,
            ["commit"] = "0123abcd",
            ["exitCode"] = 0,
            ["complete"] = true,
        };
        foreach (var field in conditions ?? [])
        {
            info[field.Key] = field.Value?.DeepClone();
        }
        File.WriteAllText(Path.Combine(folder, "run-info.json"), info.ToJsonString());
        return folder;
    }

    [Fact]
    public void ARunBesideAnExactCopyAgreesInEveryCaseWithNoSpread()
    {
        string a = RunOf("a", 1), b = RunOf("b", 1);

        Replication replication = Replication.Of([ResultsReader.Read([a]), ResultsReader.Read([b])], [a, b]);

        Assert.NotEmpty(replication.Cases);
        Assert.All(replication.Cases, c => Assert.Equal(1.0, c.Spread, 12));
        Assert.Contains(replication.Cases, c => c.HasIntervals);
        Assert.All(replication.Cases.Where(c => c.HasIntervals), c =>
        {
            Assert.True(c.Agrees);
            Assert.True(c.Overlap);
        });
        Assert.All(replication.Families, f => Assert.Equal(f.WithIntervals, f.Agreeing));
    }

    [Fact]
    public void ARunWhoseEveryTimeIsHalfAgainAsLongMovesEveryMedianByThatAndIsCoveredOnlyWhereAnIntervalIsThatWide()
    {
        string a = RunOf("a", 1), b = RunOf("b", 1.5);

        Replication replication = Replication.Of([ResultsReader.Read([a]), ResultsReader.Read([b])], [a, b]);

        Assert.All(replication.Cases, c => Assert.Equal(1.5, c.Spread, 9));
        // b's median is inside a's interval only where a's upper bound reaches 1.5 times a's median, and the other way.
        Assert.All(replication.Cases.Where(c => c.HasIntervals), c =>
        {
            int expected = (c.Medians[1] <= c.Intervals[0].Upper ? 1 : 0) + (c.Medians[0] >= c.Intervals[1].Lower ? 1 : 0);
            Assert.Equal((expected, 2), c.Covered);
        });
        string csv = replication.ToCsv();
        Assert.Equal(replication.Cases.Count + 1, csv.TrimEnd('\n').Split('\n').Length);
        Assert.StartsWith("case,family,kind,run1_median_ns,run1_lower_ns,run1_upper_ns,run2_median_ns,", csv, StringComparison.Ordinal);
        Assert.Contains("1.50×", replication.ToMarkdown(), StringComparison.Ordinal);
        Assert.Contains("**within that run**", replication.ToMarkdown(), StringComparison.Ordinal);
    }

    [Fact]
    public void TheCommandWritesTheSectionAndTheCsvAndRefusesWhatCannotBeCompared()
    {
        string a = RunOf("a", 1), b = RunOf("b", 1.2), seed = RunOf("seed", 1, profile: "seed");
        string outFolder = _files.PathOf("replication");

        var (code, output, error) = Run("replicate", a, b, "--out", outFolder);
        Assert.True(code == CommandLine.Ok, error);
        Assert.Contains("replication: ", output, StringComparison.Ordinal);
        Assert.Contains("1.20×", File.ReadAllText(Path.Combine(outFolder, "replication.md")), StringComparison.Ordinal);
        Assert.True(File.Exists(Path.Combine(outFolder, "replication.csv")));

        foreach (string[] bad in new[] { new[] { "replicate", a }, ["replicate", a, a], ["replicate", a, seed], ["replicate", a, _files.PathOf("missing")] })
        {
            string kept = File.ReadAllText(Path.Combine(outFolder, "replication.md"));
            var (refused, stdout, why) = Run([.. bad, "--out", outFolder]);
            Assert.Equal(CommandLine.BadInput, refused);
            Assert.Single(why.TrimEnd('\n').Split('\n'));
            Assert.StartsWith("error: ", why, StringComparison.Ordinal);
            Assert.Equal("", stdout);
            Assert.Equal(kept, File.ReadAllText(Path.Combine(outFolder, "replication.md")));
        }
    }

    [Fact]
    public void ARunHoldsAFigureInsideTheFirstRunsIntervalOrWhereTheIntervalsOverlapAndWithoutAnIntervalOnlyTheSameFigure()
    {
        MedianInterval first = new(90, 110, 0.969);
        var runs = new ReplicatedCase("x", "f", SampleKind.Cold,
            [100, 105, 125, 200, 100],
            [first, MedianInterval.None, new MedianInterval(108, 140, 0.969), new MedianInterval(150, 250, 0.969), new MedianInterval(95, 105, 0.5)]);

        Assert.True(runs.HeldBy(1));   // inside the first run's interval, though it has none of its own
        Assert.True(runs.HeldBy(2));   // outside it, but the intervals overlap
        Assert.False(runs.HeldBy(3));  // neither
        Assert.True(runs.HeldBy(4));   // inside (its own interval falls short of 95%)

        var noInterval = new ReplicatedCase("y", "f", SampleKind.Cold, [20, 20, 5, 20.9, 21.2], [MedianInterval.None, MedianInterval.None, MedianInterval.None, MedianInterval.None, MedianInterval.None]);
        Assert.True(noInterval.HeldBy(1));
        Assert.False(noInterval.HeldBy(2));
        Assert.True(noInterval.HeldBy(3));   // 4.5% apart: within the practical margin
        Assert.False(noInterval.HeldBy(4));  // 6% apart

        // Tight intervals that do not overlap, medians 0.4% apart (tokio's 100,000 sleeps in the two default runs): held.
        var tight = new ReplicatedCase("z", "f", SampleKind.Cold, [118.0, 118.5],
            [new MedianInterval(117.9, 118.1, 0.969), new MedianInterval(118.4, 118.6, 0.969)]);
        Assert.True(tight.HeldBy(1));
        // The same intervals 20% apart: not held.
        var apart = new ReplicatedCase("w", "f", SampleKind.Cold, [118.0, 141.6],
            [new MedianInterval(117.9, 118.1, 0.969), new MedianInterval(141.5, 141.7, 0.969)]);
        Assert.False(apart.HeldBy(1));
    }

    // The fixture's one answer: the probe behind 10 blocking calls against 10 async waits (warm/warm), its ratio in a run.
    private static KindRatio ProbeRatio(string run)
    {
        var stats = CaseStatistics.All(ResultsReader.Read([run]));
        return CaseStatistics.Ratio(
            stats.Single(s => s.Case.Method == "ProbeBehindBlockingCalls" && s.Case.IntParameter("N") == 10),
            stats.Single(s => s.Case.Method == "ProbeBehindAsyncWaits" && s.Case.IntParameter("N") == 10))!;
    }

    [Fact]
    public void AReportWithReplicatesSaysOfEachAnswerWhetherItHeldAndGivesEachRunsFigureWhereItDidNot()
    {
        // a and b: the same bursts (the answer holds); c: the blocked probe three times as slow (it does not).
        string a = RunOf("a", 1), b = RunOf("b", 1), c = RunOf("c", 3, method: "ProbeBehindBlockingCalls");
        string ratioA = Format.Ratio(ProbeRatio(a).Value), ratioC = Format.Ratio(ProbeRatio(c).Value);
        Assert.True(ProbeRatio(c).Lower > ProbeRatio(a).Upper, "the crafted run's ratio lies beyond the first run's interval");

        string held = _files.PathOf("held"), moved = _files.PathOf("moved");
        var (code, _, error) = Run("report", a, "--replicates", b, "--out", held);
        Assert.True(code == CommandLine.Ok, error);
        var (code2, _, error2) = Run("report", a, "--replicates", b, c, "--out", moved);
        Assert.True(code2 == CommandLine.Ok, error2);

        string[] heldLines = File.ReadAllLines(Path.Combine(held, "report.md"));
        Assert.Contains($"Replication: 2 runs of the profile (`{a}`, `{b}`); each answer says whether its figures held in each (see [Replication](#replication-the-same-profile-run-again)).", heldLines);
        Assert.Contains(heldLines, l => l.StartsWith("- **held, depends on the run**: another run of the profile holds a figure when its figure lies inside this run's interval, or the two runs' intervals overlap", StringComparison.Ordinal));
        // The answer held: its sentence states its figure, and its replication line gives each run's.
        Assert.Contains(heldLines, l => l.StartsWith("### 1. Blocking stalls everything else on the pool", StringComparison.Ordinal) && l.Contains($"({ratioA} longer)", StringComparison.Ordinal));
        string line = Assert.Single(heldLines, l => l.StartsWith("**Replication:** ", StringComparison.Ordinal));
        Assert.Contains($"behind blocking calls over behind async waits: held in 2 of 2 runs: {ratioA}, {ratioA}", line, StringComparison.Ordinal);
        Assert.DoesNotContain("depends on the run", line, StringComparison.Ordinal);
        Assert.Contains("## Replication: the same profile run again", heldLines);
        Assert.True(File.Exists(Path.Combine(held, "replication.csv")));

        // Three runs, one of them not holding: no single figure as the finding, in the sentence and the chart's title.
        string[] movedLines = File.ReadAllLines(Path.Combine(moved, "report.md"));
        string heading = Assert.Single(movedLines, l => l.StartsWith("### 1. ", StringComparison.Ordinal));
        Assert.Equal($"### 1. What blocking does to unrelated work: depends on the run (behind blocking calls over behind async waits {ratioA} in this run, {ratioA} and {ratioC} in the others); see [Replication](#replication-the-same-profile-run-again).", heading);
        Assert.Contains(movedLines, l => l.StartsWith($"![What blocking does to unrelated work: depends on the run (behind blocking calls over behind async waits {ratioA} in this run, {ratioA} and {ratioC} in the others)](", StringComparison.Ordinal));
        string movedLine = Assert.Single(movedLines, l => l.StartsWith("**Replication:** ", StringComparison.Ordinal));
        Assert.Contains($"behind blocking calls over behind async waits: **depends on the run**: {ratioA}, {ratioA} and {ratioC} (held in 2 of 3)", movedLine, StringComparison.Ordinal);
        // The async waits were not touched: they held in every run.
        Assert.Contains("behind 10 awaited Task.Delays: held in 3 of 3 runs", movedLine, StringComparison.Ordinal);
        // The bar that moved says so beside it.
        Assert.Contains(movedLines, l => l.StartsWith("| behind 10 blocking Thread.Sleeps |", StringComparison.Ordinal) && l.Contains("depends on the run: ", StringComparison.Ordinal));
    }

    [Fact]
    public void AReportRefusesReplicatesOfAnotherProfileInOneLineAndKeepsItsEarlierReport()
    {
        string a = RunOf("a", 1), seed = RunOf("seed", 1, profile: "seed");
        string folder = _files.PathOf("report");
        Assert.Equal(CommandLine.Ok, Run("report", a, "--out", folder).Code);
        string kept = File.ReadAllText(Path.Combine(folder, "report.md"));

        foreach (string[] bad in new[] { new[] { seed }, [a], [_files.PathOf("missing")] })
        {
            var (code, output, error) = Run(["report", a, "--replicates", .. bad, "--out", folder]);
            Assert.Equal(CommandLine.BadInput, code);
            Assert.Equal("", output);
            Assert.StartsWith("error: ", Assert.Single(error.TrimEnd('\n').Split('\n')), StringComparison.Ordinal);
            Assert.Equal(kept, File.ReadAllText(Path.Combine(folder, "report.md")));
        }
        Assert.Contains("different profiles", Run("report", a, "--replicates", seed, "--out", folder).Error, StringComparison.Ordinal);
    }

    [Fact]
    public void TheMachinesConditionsAreSetSideBySideAndARunThatPredatesThemSaysNotRecorded()
    {
        string a = RunOf("a", 1, conditions: new JsonObject
        {
            ["loadAverage1mStart"] = 0.5, ["loadAverage1mEnd"] = 1.5,
            ["cpuTicksStart"] = 1000, ["cpuTicksEnd"] = 3000, ["stealTicksStart"] = 10, ["stealTicksEnd"] = 30,
            ["calibrationNsStart"] = 30e6, ["calibrationNsEnd"] = 32e6,
        });
        string old = RunOf("old", 1);

        string md = Replication.Of([ResultsReader.Read([a]), ResultsReader.Read([old])], [a, old]).ToMarkdown();

        Assert.Contains("| Load average (1 min), start → end | 0.500 → 1.50 | not recorded |", md, StringComparison.Ordinal);
        // 20 of 2,000 ticks stolen over the run.
        Assert.Contains("| CPU time stolen over the run (/proc/stat) | 1.0% | not recorded |", md, StringComparison.Ordinal);
        Assert.Contains("| Calibration loop (`cbench calibrate`), start → end | 30.0 ms → 32.0 ms | not recorded |", md, StringComparison.Ordinal);
        // The fixture records no CPU time: no case is CPU-bound, and the section says so rather than explaining nothing.
        Assert.Contains("No case is CPU-bound", md, StringComparison.Ordinal);
        Assert.Equal(31e6, ResultsReader.ReadRunInfo(Path.Combine(a, "run-info.json")).CalibrationNs);
    }

    [Fact]
    public void TheCalibrationExplainsAMoveOnlyWhereWhatIsLeftIsUnderATenth()
    {
        Assert.Equal("calibration 1.08×; SharedState medians 1.78× (12 CPU-bound cases): not explained (1.65× left)",
            Replication.Explanation(1.08, "SharedState", 1.78, 12));
        Assert.Equal("calibration 1.50×; Chat medians 1.60× (1 CPU-bound case): explained (1.07× left)",
            Replication.Explanation(1.5, "Chat", 1.6, 1));
        Assert.Equal("calibration 0.800×; Chat medians 0.700× (2 CPU-bound cases): not explained (0.875× left)",
            Replication.Explanation(0.8, "Chat", 0.7, 2));
        Assert.Equal("calibration 1.20×; Offload medians 1.05× (4 CPU-bound cases): no move to explain (within 1.10×)",
            Replication.Explanation(1.2, "Offload", 1.05, 4));
        Assert.Equal("calibration not recorded; Chat medians 1.20× (2 CPU-bound cases): cannot tell whether the machine explains it",
            Replication.Explanation(null, "Chat", 1.2, 2));
    }

    [Fact]
    public void TheCalibrationLoopIsFnv1aOverTheBytesOfItsCountAndTheCommandPrintsOneWholeNumberOfNanoseconds()
    {
        // FNV-1a written out from its definition, over the little-endian bytes of 0, 1, 2, ...
        ulong hash = 14695981039346656037;
        for (uint i = 0; i < 1000; i++)
        {
            foreach (byte b in BitConverter.GetBytes(i))
            {
                hash = (hash ^ b) * 1099511628211;
            }
        }
        Assert.Equal(hash, Calibration.Loop(1000));

        var (code, output, error) = Run("calibrate");
        Assert.True(code == CommandLine.Ok, error);
        string line = Assert.Single(output.TrimEnd('\n').Split('\n'));
        Assert.True(long.TryParse(line, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out long ns) && ns > 0, line);
    }
}
