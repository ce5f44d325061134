namespace ConcurrencyBench.Reporting.Tests;

public class ResultsReaderTests
{
    [Fact]
    public void ReadsAFullJsonCaseExactly()
    {
        CaseResult c = Assert.Single(ResultsReader.ReadFile(TestFiles.DefaultPoolJson));

        Assert.Equal("ConcurrencyBench.Benchmarks.DefaultPoolOffload.DefaultThreadPool(N: 100, DelayMs: 20)", c.FullName);
        Assert.Equal("DefaultPoolOffload", c.Type);
        Assert.Equal("DefaultThreadPool", c.Method);
        Assert.Equal(100, c.IntParameter("N"));
        Assert.Equal(20, c.IntParameter("DelayMs"));
        Assert.Null(c.IntParameter("K"));
        Assert.Equal("quick", c.Job);
        Assert.Equal(10, c.IterationNanoseconds.Count);
        Assert.Equal(795032584, c.IterationNanoseconds[0]);
        Assert.Equal(263655038, c.IterationNanoseconds[^1]);
        Assert.Equal(282552, c.AllocatedBytesPerOperation);
        Assert.Equal(47697920, c.Metric("PeakWorkingSet"));
        Assert.Equal(18, c.Metric("PeakThreads"));
        Assert.Equal(8, c.Metric("PeakPoolThreads"));
        Assert.Equal(100, c.Metric("CompletedWorkItemCount"));
        Assert.Equal("Intel Xeon Processor", c.Host.Processor);
        Assert.Equal(2, c.Host.LogicalCores);
        Assert.StartsWith(".NET 10.0.12", c.Host.Runtime, StringComparison.Ordinal);
        Assert.Equal("0.15.8", c.Host.BenchmarkDotNetVersion);
        Assert.Equal("DefaultThreadPool(N: 100, DelayMs: 20)", c.ShortName);
    }

    [Fact]
    public void MergesEveryFileOfAFolderWithItsTimelines()
    {
        ResultSet set = ResultsReader.Read([TestFiles.FixtureRun]);

        Assert.Equal(5, set.Cases.Count);
        Assert.Single(set.Hosts);
        Assert.Equal(4, set.Cases.Count(c => c.Type == "PoolStarvation"));
        var timeline = Assert.Single(set.Timelines);
        Assert.Equal((set.Hosts[0], BurstKind.Repeated, "ConcurrencyBench.Benchmarks.DefaultPoolOffload.DefaultThreadPool(N: 100, DelayMs: 20)"), timeline.Key);
        Assert.True(timeline.Value.Samples.Count > 10);
        Assert.True(timeline.Value.PeakWorkingSetBytes > 0);
    }

    [Fact]
    public void MergesFilesGivenSeparately()
    {
        ResultSet set = ResultsReader.Read([TestFiles.DefaultPoolJson, TestFiles.StarvationJson]);

        Assert.Equal(5, set.Cases.Select(c => c.FullName).Distinct().Count());
    }

    [Fact]
    public void RefusesTheSameCaseFromTheSameHostTwice()
    {
        var error = Assert.Throws<ResultsFormatException>(() => ResultsReader.Read([TestFiles.DefaultPoolJson, TestFiles.FixtureRun]));

        Assert.Contains("already in", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void KeepsTheSameCaseFromTwoHostsSideBySide()
    {
        using var files = new TestFiles();
        string other = files.Scaled(TestFiles.DefaultPoolJson, "other/x-report-full.json", 1.0, processor: "Other CPU");

        ResultSet set = ResultsReader.Read([TestFiles.DefaultPoolJson, other]);

        Assert.Equal(2, set.Cases.Count);
        Assert.Equal(2, set.Hosts.Count);
    }

    [Theory]
    [InlineData("missing.json", null, "no such file")]
    [InlineData("empty-report-full.json", "", "empty file")]
    [InlineData("truncated-report-full.json", "{\"HostEnvironmentInfo\": {\"ProcessorName\": \"x\"}, \"Benchmarks\": [ {\"FullName\": ", "not valid JSON")]
    [InlineData("foreign-report-full.json", "{\"name\": \"package.json\", \"version\": \"1.0.0\"}", "HostEnvironmentInfo is missing")]
    [InlineData("notes.txt", "hello", "not a JSON file")]
    public void BadInputNamesTheFileAndTheProblem(string name, string? content, string problem)
    {
        using var files = new TestFiles();
        string path = content is null ? files.PathOf(name) : files.Write(name, content);

        var error = Assert.Throws<ResultsFormatException>(() => ResultsReader.Read([path]));

        Assert.Contains(path, error.Message, StringComparison.Ordinal);
        Assert.Contains(problem, error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', error.Message);
    }

    [Fact]
    public void AFolderWithoutResultsIsBadInput()
    {
        using var files = new TestFiles();

        var error = Assert.Throws<ResultsFormatException>(() => ResultsReader.Read([files.Root]));

        Assert.Contains("no *-report-full.json", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ParsesBenchmarkDotNetParameterStrings()
    {
        var parameters = ResultsReader.ParseParameters("N=1000&K=16&DelayMs=100");

        Assert.Equal(["N", "K", "DelayMs"], parameters.Keys);
        Assert.Equal("16", parameters["K"]);
        Assert.Empty(ResultsReader.ParseParameters(""));
        Assert.Throws<FormatException>(() => ResultsReader.ParseParameters("N"));
    }

    [Fact]
    public void AModelsOwnBurstMeasurementsReplaceBenchmarkDotNetsTimeOfTheWholeCall()
    {
        CaseResult probe = ResultsReader.ReadFile(TestFiles.StarvationJson)[0];
        int n = probe.IterationNanoseconds.Count;
        // One mark per measured burst, plus the memory diagnoser's extra operation, which is not a measurement.
        Models.BurstMark[] marks = [.. Enumerable.Range(0, n + 1).Select(i => new Models.BurstMark(i * 100.0, 12, 2, 1000.0 + i))];
        var timelines = new Dictionary<(BurstKind, string), Models.ThreadPoolTimeline>
        {
            [(BurstKind.Repeated, probe.FullName)] = new(probe.FullName, 20, 1, [], "Repeated", marks),
        };

        CaseResult own = ResultsReader.WithOwnMeasurements(probe, timelines);
        CaseResult withoutMarks = ResultsReader.WithOwnMeasurements(probe, new Dictionary<(BurstKind, string), Models.ThreadPoolTimeline>());
        CaseResult tooFewMarks = ResultsReader.WithOwnMeasurements(probe, new Dictionary<(BurstKind, string), Models.ThreadPoolTimeline>
        {
            [(BurstKind.Repeated, probe.FullName)] = new(probe.FullName, 20, 1, [], "Repeated", marks[..(n - 1)]),
        });

        Assert.True(own.TimedByModel);
        Assert.Equal([.. Enumerable.Range(0, n).Select(i => 1000.0 + i)], own.IterationNanoseconds);
        Assert.Same(probe, withoutMarks);
        Assert.Same(probe, tooFewMarks);
    }

    [Fact]
    public void HostsThatDifferOnlyInSdkAreToldApartAndEachKeepsItsOwnTimelines()
    {
        using var files = new TestFiles();
        // The same fixture run twice: once as it is, once as if built by another SDK (same machine, same runtime).
        string other = files.PathOf("other");
        TestFiles.CopyFixtureRun(other);
        foreach (string json in Directory.GetFiles(Path.Combine(other, "results"), "*-report-full.json"))
        {
            TestFiles.SetSdk(json, "10.0.999");
        }

        ResultSet set = ResultsReader.Read([TestFiles.FixtureRun, other]);

        Assert.Equal(2, set.Hosts.Count);
        Assert.Equal(2, set.Hosts.Select(h => h.Label).Distinct().Count());
        Assert.Contains(set.Hosts, h => h.Label.Contains("SDK 10.0.999", StringComparison.Ordinal));
        CaseResult[] pools = [.. set.Cases.Where(c => c.Method == "DefaultThreadPool")];
        Assert.Equal(2, pools.Length);
        Assert.NotSame(set.TimelineOf(pools[0]), set.TimelineOf(pools[1]));
        Assert.All(pools, p => Assert.NotNull(set.TimelineOf(p)));
        // Compare keys cases by host when there are several: no two hosts may share a key.
        ComparisonReport report = Comparer.Compare(set, set, ComparisonOptions.Default);
        Assert.Equal(10, report.Cases.Count);
    }

    [Fact]
    public void TheSamplersOwnAllocationsComeOffTheMemoryDiagnosersOperation()
    {
        CaseResult pool = Assert.Single(ResultsReader.ReadFile(TestFiles.DefaultPoolJson));
        int n = pool.IterationNanoseconds.Count;
        // Marks for n measured bursts and the diagnoser's extra one, in which the sampler allocated 2,000 bytes.
        Models.BurstMark[] marks = [.. Enumerable.Range(0, n + 1).Select(i => new Models.BurstMark(i, 12, 2, null, i < n ? 500L * i : (500L * (n - 1)) + 2000))];
        var timelines = new Dictionary<(BurstKind, string), Models.ThreadPoolTimeline>
        {
            [(BurstKind.Repeated, pool.FullName)] = new(pool.FullName, 20, 1, [], "Repeated", marks),
        };

        CaseResult corrected = ResultsReader.WithOwnMeasurements(pool, timelines);

        Assert.Equal(pool.AllocatedBytesPerOperation - 2000, corrected.AllocatedBytesPerOperation);
        Assert.Equal(pool.IterationNanoseconds, corrected.IterationNanoseconds);
        Assert.False(corrected.TimedByModel);
    }
}
