namespace ConcurrencyBench.Reporting.Tests;

/// <summary>
/// Checks of the runs committed under results/: what a reviewer recomputing them from the raw files must find. They
/// read the committed files themselves (no timing happens here), so a re-run that breaks a rule fails CI before its
/// report is published.
/// </summary>
public class CommittedResultsTests
{
    /// <summary>The repository's committed run folders (each with a run-info.json), found from the test's own folder.</summary>
    public static TheoryData<string> Runs()
    {
        var data = new TheoryData<string>();
        foreach (string folder in CommittedRunFolders())
        {
            data.Add(Path.GetFileName(folder));
        }
        return data;
    }

    internal static string ResultsRoot()
    {
        for (DirectoryInfo? folder = new(AppContext.BaseDirectory); folder is not null; folder = folder.Parent)
        {
            if (File.Exists(Path.Combine(folder.FullName, "ConcurrencyBench.sln")))
            {
                return Path.Combine(folder.FullName, "results");
            }
        }
        throw new InvalidOperationException("the repository root (ConcurrencyBench.sln) is not above the test's folder");
    }

    // The size sweeps (scripts/run.sh --profile sizes) have a layout of their own, checked by the sweep tests below.
    private static IEnumerable<string> CommittedRunFolders() =>
        Directory.Exists(ResultsRoot())
            ? Directory.EnumerateDirectories(ResultsRoot()).Where(f => File.Exists(Path.Combine(f, "run-info.json")) && !SizeSweepResults.IsSweep(f)).Order(StringComparer.Ordinal)
            : [];

    private static IEnumerable<string> CommittedSweeps() =>
        Directory.Exists(ResultsRoot()) ? Directory.EnumerateDirectories(ResultsRoot()).Where(SizeSweepResults.IsSweep).Order(StringComparer.Ordinal) : [];

    [Fact]
    public void EveryCommittedSizeSweepReadsAndNoBurstBeatsItsIdeal()
    {
        // Fail closed: the committed sweep is there and read whole (every size that ran has its runtimes' files).
        var sweeps = CommittedSweeps().ToList();
        Assert.NotEmpty(sweeps);
        foreach (string folder in sweeps)
        {
            SizeSweepResults sweep = SizeSweepResults.Read(folder);
            Assert.True(sweep.Complete, $"{folder}: the sweep did not finish");
            Assert.All(sweep.Sizes.Where(s => s.Status == "ran"), s => Assert.Contains(sweep.Points, p => p.Size == s.Size));
            // The chat point, where the sweep served one: at every size that ran, each model's processes all read (their
            // loads' files pass the chat-load reader's checks) and each measured its warm window.
            if (sweep.ChatPoints.Count > 0)
            {
                var models = sweep.ChatPoints.Select(c => c.Model).Distinct().ToList();
                Assert.All(sweep.Sizes.Where(s => s.Status == "ran"), s => Assert.All(models, m =>
                    Assert.Contains(sweep.ChatPoints, c => c.Size == s.Size && c.Model == m && c.Processes.Count >= 2 && c.Warm.All(w => w is not null && w.Due > 0))));
            }
            // An ideal is a bound: every burst of every runtime's file at every size is at least 98% of it.
            foreach (string file in Directory.EnumerateFiles(folder, "*.json", SearchOption.AllDirectories).Where(f => Path.GetFileName(Path.GetDirectoryName(f)!) is not ("report" or ConcurrencyBench.Reporting.Runtimes.SizeChat.Folder) && Path.GetFileName(f) is not ("sizes.json" or "size.json" or "run-info.json" or "profile-grid.json")))
            {
                using var document = System.Text.Json.JsonDocument.Parse(File.ReadAllText(file));
                foreach (var c in document.RootElement.GetProperty("cases").EnumerateArray())
                {
                    // A case without an ideal (the starvation probe's: no bound above 0) has none to beat.
                    double ideal = c.TryGetProperty("idealSeconds", out var bound) ? bound.GetDouble() * 1e9 : 0;
                    var bursts = c.GetProperty("repeated").EnumerateArray().Concat(c.TryGetProperty("cold", out var cold) ? cold.EnumerateArray() : []);
                    Assert.All(bursts, b => Assert.True(b.GetProperty("ns").GetDouble() >= 0.98 * ideal, $"{file}: {c.GetProperty("method").GetString()} {b.GetProperty("ns").GetDouble()} ns against its ideal {ideal} ns"));
                }
            }
        }
    }

    private static IReadOnlyList<CaseStatistics> StatisticsOf(string run) =>
        CaseStatistics.All(ResultsReader.Read([Path.Combine(ResultsRoot(), run)]));

    [Fact]
    public void EveryCommittedResultsFileIsReadAndNoneIsRefused()
    {
        // Every results folder under results/ (one or two levels down: results/default, results/baseline/<machine kind>),
        // with or without a run-info.json: each of its files passes the readers' checks (FileSchemas), none is skipped.
        var folders = Directory.EnumerateDirectories(ResultsRoot()).SelectMany(f => new[] { f }.Concat(Directory.EnumerateDirectories(f)))
            .Where(f => Directory.Exists(Path.Combine(f, "results")) || Directory.Exists(Path.Combine(f, RuntimeResults.Folder))).Order(StringComparer.Ordinal).ToList();
        int read = 0, committed = 0;
        foreach (string folder in folders)
        {
            ResultSet results = ResultsReader.Read([folder]);

            Assert.DoesNotContain(results.Skipped, s => s.Contains("not a regular file", StringComparison.Ordinal));
            read += results.Timelines.Count + results.Cases.Select(c => c.SourceFile).Distinct().Count() + results.Runs.Count + results.ChatLoads.Count;
            committed += new[] { "", "cold", "nativeaot", Path.Combine("nativeaot", "cold") }
                .SelectMany(part => new[] { "results", "timelines", RuntimeResults.Folder, ChatLoadFile.Folder }.Select(kind => Path.Combine(folder, part, kind)))
                .Where(Directory.Exists).Sum(f => Directory.GetFiles(f, "*.json").Length)
                + (File.Exists(Path.Combine(folder, "run-info.json")) ? 1 : 0);
        }

        // Fail closed: the committed runs are all there, and every one of their files was read.
        Assert.True(folders.Count >= 4, string.Join(", ", folders));
        Assert.True(committed > 400, $"{committed} committed results files");
        Assert.Equal(committed, read);
    }

    [Fact]
    public void TheRepositoryHasCommittedRunsToCheck()
    {
        // Fail closed: a check over no run would pass whatever the runs say.
        Assert.Contains("default", CommittedRunFolders().Select(Path.GetFileName));
    }

    [Theory]
    [MemberData(nameof(Runs))]
    public void NoBurstOfAnyCommittedRunBeatsItsIdealByMoreThanTwoPercent(string run)
    {
        // An ideal is a bound no measurement of the model can beat: a burst more than 2% below it means the ideal is
        // not one (the pool models' old ceil(N/cores)·d was beaten by thread injection, 0.18x in the seed run).
        var beaten = StatisticsOf(run)
            .Where(s => s.IdealNs is > 0)
            .SelectMany(s => s.ColdSamples.Concat(s.Repeated).Where(ns => ns < 0.98 * s.IdealNs!.Value)
                .Select(ns => $"{s.Case.FullName} [{s.Case.Host.RuntimeLabel}]: {Format.Time(ns)} against its ideal {s.Model.IdealText} = {Format.Time(s.IdealNs!.Value)}"))
            .ToList();

        Assert.True(beaten.Count == 0, string.Join(Environment.NewLine, beaten));
    }

    [Theory]
    [MemberData(nameof(Runs))]
    public void WhereThePoolHasNothingToLearnColdAndWarmAgreeAtTheSmallestSizeOrDifferByLessThanTheJitWould(string run)
    {
        // Priming makes a cold burst a cold pool with compiled code: where the pool has nothing to learn at a case's
        // smallest size (async delays, the user table, the chat server), its cold and warm medians must agree within
        // their intervals. A run measured before priming existed (no burst records its threads at start) is exempt.
        var stats = StatisticsOf(run);
        var checkedCases = new List<string>();
        var disagree = new List<string>();
        foreach (var model in stats.Where(s => s.Case.Type is "AsyncDelays" or "UserTable" or "ChatServerLoad" && s.Cold?.Resources.Any(r => r?.ThreadsAtStart is not null) == true)
                     .GroupBy(s => (s.Case.Type, s.Case.Method, s.Case.Host)))
        {
            // The smallest size, where the pool has nothing to learn (a profile whose smallest is 10,000 users has none).
            CaseStatistics smallest = model.OrderBy(s => s.Case.IntParameter("N") ?? s.Case.IntParameter("C") ?? 0).First();
            if ((smallest.Case.IntParameter("N") ?? smallest.Case.IntParameter("C") ?? 0) > 100)
            {
                continue;
            }
            if (smallest.Cold is not { Count: >= 2 } cold || smallest.Warm is not { Count: >= 2 } warm)
            {
                continue;
            }
            checkedCases.Add(smallest.Case.FullName);
            // Agreement within the intervals, or a gap far below the JIT's (12–17 ms unprimed on a one-user burst of the
            // user table): what is left after priming is the process's first bursts (a few tens of µs), which its warm
            // bursts 2 and 3 show too; the report states every such gap.
            bool overlap = !(cold.Interval.Upper < warm.Interval.Lower || warm.Interval.Upper < cold.Interval.Lower);
            if (!overlap && Math.Abs(cold.MedianNs - warm.MedianNs) >= 1e6)
            {
                disagree.Add($"{smallest.Case.FullName} [{smallest.Case.Host.RuntimeLabel}]: cold {Format.Time(cold.MedianNs)} {Format.Interval(cold.Interval)}, warm {Format.Time(warm.MedianNs)} {Format.Interval(warm.Interval)}");
            }
        }

        Assert.True(disagree.Count == 0, string.Join(Environment.NewLine, disagree));
        // Fail closed: a primed run with async delays at a size of 100 or less must have had cases to check (the
        // all-pending profile's smallest is 10,000, in fresh processes only: it has no such size and no warm bursts).
        Assert.True(checkedCases.Count > 0 || !stats.Any(s => s.Cold?.Resources.Any(r => r?.ThreadsAtStart is not null) == true && s.Case.Type is "AsyncDelays" && s.Case.IntParameter("N") <= 100),
            "a primed run with async delays at N <= 100 had no case with both cold and warm bursts to compare");
    }
}
