using System.Text.Json;
using System.Text.Json.Nodes;
using ConcurrencyBench.Cli;

namespace ConcurrencyBench.Reporting.Tests;

/// <summary>
/// Files that real runs produce in unusual cases (issue 18): a filtered or interrupted run's lone case, one
/// measurement, a huge number of bursts, sub-microsecond times, several jobs and runtimes in one file, failed cases,
/// other benchmarks' parameters, two machines. Each ends in a report, a verdict, or one line and exit code 2.
/// </summary>
public sealed class RealFilesTests : IDisposable
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

    private static string[] Lines(string text) => text.Split('\n', StringSplitOptions.RemoveEmptyEntries);

    private static void AssertOneLineExitTwo((int Code, string Output, string Error) result, string? naming = null)
    {
        Assert.Equal(CommandLine.BadInput, result.Code);
        string line = Assert.Single(Lines(result.Error));
        Assert.StartsWith("error: ", line, StringComparison.Ordinal);
        if (naming is not null)
        {
            Assert.Contains(naming, line, StringComparison.Ordinal);
        }
    }

    // A benchmark of every declared model, with the parameters its class requires.
    private static JsonObject CaseOf(ModelDeclaration model, IEnumerable<double> nanoseconds, string job = "Repeated", int n = 10)
    {
        string parameters = string.Join("&", ModelCatalog.RequiredParameters(model.Type).Select(p => p switch
        {
            "N" => $"N={n}",
            "K" => "K=4",
            "DelayMs" => "DelayMs=20",
            _ => $"{p}=10",
        }));
        return Crafted.Benchmark(model.Type, model.Method, parameters, nanoseconds, job);
    }

    public static TheoryData<string, string> FirstModelOfEachFamily()
    {
        var data = new TheoryData<string, string>();
        foreach (ReportFamily family in ReportFamilies.All)
        {
            data.Add(family.Models[0].Type, family.Models[0].Method);
        }
        return data;
    }

    [Theory]
    [MemberData(nameof(FirstModelOfEachFamily))]
    public void ALoneTrendingCaseRendersAReportInBoundedMemory(string type, string method)
    {
        // What a filtered or interrupted run leaves: one case, 7 bursts of 30, 29, ... 24 ms, nothing else in its family.
        // Once its empty time chart's axis ticked from -inf to +inf until 22.5 GB; the render runs in a process of its own
        // with a 1 GB heap, so that a regression fails this test instead of the machine.
        ModelDeclaration model = ReportFamilies.All.SelectMany(f => f.Models).Single(m => m.Type == type && m.Method == method);
        string run = Crafted.Run(_files, "lone", [CaseOf(model, Crafted.Trending)]);
        string output = _files.PathOf("out");

        var (code, _, stderr) = Crafted.RunCbench(TimeSpan.FromMinutes(2), ("DOTNET_GCHeapHardLimit", "0x40000000"), "report", run, "--out", output);

        Assert.True(code == 0, stderr);
        string report = File.ReadAllText(Path.Combine(output, "report.md"));
        Assert.Contains($"ConcurrencyBench.Benchmarks.{type}.{method}", File.ReadAllText(Path.Combine(output, "cases.md")), StringComparison.Ordinal);
        // No chart without a point on it: each one listed in the report is there, whole.
        foreach (string png in Directory.GetFiles(output, "*.png"))
        {
            Assert.Contains($"({Path.GetFileName(png)})", report, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void ACaseWithOneMeasurementIsComparedOnEitherSideWithoutACrash()
    {
        // --iterationCount 1: a case with a single burst, beside a case that can be compared.
        JsonObject[] Side(double scale, bool single) =>
        [
            Crafted.Benchmark("AsyncDelays", "TaskDelayWhenAll", "N=1&DelayMs=20", single ? [25e6 * scale] : Crafted.Steady(25 * scale)),
            Crafted.Benchmark("AsyncDelays", "TaskDelayWhenAll", "N=100&DelayMs=20", Crafted.Steady(26 * scale)),
        ];
        string one = Crafted.Run(_files, "one", Side(1, single: true));
        string many = Crafted.Run(_files, "many", Side(1, single: false));

        foreach ((string baseline, string current) in new[] { (one, many), (many, one), (one, one) })
        {
            var (code, output, error) = Run("compare", baseline, current);

            Assert.True(code == CommandLine.Ok, error);
            // The one burst is a cold sample (a fresh process's first); it meets warm bursts or another lone one: undecided.
            string row = Assert.Single(output.Split('\n'), l => l.StartsWith("| `ConcurrencyBench.Benchmarks.AsyncDelays.TaskDelayWhenAll(N: 1,", StringComparison.Ordinal));
            Assert.Contains("| Undecided |", row, StringComparison.Ordinal);
            Assert.Contains(output.Split('\n'), l => l.Contains("TaskDelayWhenAll(N: 100, DelayMs: 20)` | warm | Same", StringComparison.Ordinal));
        }
        // Alone, nothing could be compared: fail closed.
        string lone = Crafted.Run(_files, "lone", [Crafted.Benchmark("AsyncDelays", "TaskDelayWhenAll", "N=1&DelayMs=20", [25e6])]);
        AssertOneLineExitTwo(Run("compare", lone, many), "could be compared");
        AssertOneLineExitTwo(Run("compare", many, lone), "could be compared");
    }

    [Fact]
    public void KendallsSInLinearithmicTimeEqualsThePairwiseSum()
    {
        var random = new Random(18);
        for (int trial = 0; trial < 200; trial++)
        {
            // Few distinct values now and then: ties count zero.
            int n = random.Next(0, 80);
            int distinct = random.Next(1, 6) == 1 ? 3 : 1000;
            double[] series = [.. Enumerable.Range(0, n).Select(_ => (double)random.Next(distinct))];
            long pairwise = 0;
            for (int i = 0; i < n; i++)
            {
                for (int j = i + 1; j < n; j++)
                {
                    pairwise += Math.Sign(series[j] - series[i]);
                }
            }
            Assert.Equal(pairwise, TrendTest.KendallS(series));
        }
    }

    [Fact]
    public void TheMedianIntervalsBisectionFindsWhatSteppingFound()
    {
        foreach (int n in new[] { 2, 3, 5, 6, 7, 10, 11, 30, 101, 1000 })
        {
            double[] values = [.. Enumerable.Range(0, n).Select(i => (double)((i * 7919) % n))];
            MedianInterval interval = MedianInterval.Of(values);
            int l = 1;
            while (l + 1 <= (n + 1) / 2 && MedianInterval.LevelOf(n, l + 1) >= MedianInterval.TargetLevel)
            {
                l++;
            }
            double[] sorted = [.. values.Order()];
            Assert.Equal((sorted[l - 1], sorted[n - l]), (interval.Lower, interval.Upper));
        }
    }

    [Fact]
    public void SelectingAPairwiseDifferenceEqualsListingEveryPair()
    {
        var random = new Random(7);
        foreach ((int n, int m) in new[] { (1, 1), (3, 5), (40, 25), (400, 300) })
        {
            double[] x = [.. Enumerable.Range(0, n).Select(_ => Math.Log(1 + random.Next(50)))];
            double[] y = [.. Enumerable.Range(0, m).Select(_ => Math.Log(1 + random.Next(50)))];
            double[] all = [.. x.SelectMany(a => y.Select(b => b - a)).Order()];
            double[] xs = [.. x.Order()], ys = [.. y.Order()];
            foreach (long k in new long[] { 1, 2, all.Length / 3, all.Length / 2, all.Length })
            {
                if (k >= 1 && k <= all.Length)
                {
                    Assert.Equal(all[k - 1], Comparer.KthPairDifference(xs, ys, k), 12);
                }
            }
        }
    }

    [Fact]
    public void HundredsOfThousandsOfBurstsAreReadAndComparedWithoutListingEveryPair()
    {
        // 300,000 repeated bursts: reading them took minutes (a trend test over every pair); comparing two such cases
        // would list 9e10 ratios. Both run in a process of their own, bounded.
        var random = new Random(3);
        string Write(string name, double ms)
        {
            JsonObject file = Crafted.RuntimeFile([Crafted.RuntimeCase("AsyncDelays", "TaskDelayWhenAll", new JsonObject { ["N"] = 1, ["DelayMs"] = 20 },
                Enumerable.Range(0, 300_000).Select(_ => (ms + random.NextDouble()) * 1e6))]);
            _files.Write(Path.Combine(name, RuntimeResults.Folder, "python.json"), file.ToJsonString());
            return _files.PathOf(name);
        }
        string a = Write("a", 25), b = Write("b", 25);

        var report = Crafted.RunCbench(TimeSpan.FromSeconds(90), "report", a, "--out", _files.PathOf("report"));
        var compare = Crafted.RunCbench(TimeSpan.FromSeconds(90), "compare", a, b);

        Assert.True(report.Code == 0, report.Stderr);
        Assert.Contains("299,999 warm bursts", File.ReadAllText(_files.PathOf(Path.Combine("report", "report.md"))), StringComparison.Ordinal);
        Assert.True(compare.Code == 0, compare.Stderr);
        Assert.Contains("| warm | Same |", compare.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public void SubMicrosecondMediansAreWrittenAsTheirValueNotZero()
    {
        // 15–17 ns cases against a copy twice as slow: github-action-benchmark must see 1.6E-05 ms, not 0.
        double[] Fast(double scale) => [.. Crafted.Steady(0.000016).Select(v => v * scale)];
        string baseline = Crafted.Run(_files, "base", [Crafted.Benchmark("UserTable", "MonitorLock", "N=1", Fast(1))]);
        string current = Crafted.Run(_files, "slow", [Crafted.Benchmark("UserTable", "MonitorLock", "N=1", Fast(2))]);

        var (code, _, _) = Run("compare", baseline, current, "--noise", "0", "--out", _files.PathOf("out"));

        Assert.Equal(CommandLine.Regression, code);
        JsonElement entry = JsonDocument.Parse(File.ReadAllText(_files.PathOf(Path.Combine("out", "benchmark-results.json")))).RootElement.EnumerateArray().Single();
        double value = entry.GetProperty("value").GetDouble();
        Assert.InRange(value, 3.0e-5, 3.6e-5);
        Assert.StartsWith("Slower; ratio 2", entry.GetProperty("extra").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public void ACompareWhereNoCaseHasAMedianIsExitTwoAndWritesNothing()
    {
        string a = Crafted.Run(_files, "a", [Crafted.Benchmark("AsyncDelays", "TaskDelayWhenAll", "N=1&DelayMs=20", Crafted.Trending)]);
        string b = Crafted.Run(_files, "b", [Crafted.Benchmark("AsyncDelays", "TaskDelayWhenAll", "N=1&DelayMs=20", Crafted.Trending)]);

        AssertOneLineExitTwo(Run("compare", a, b, "--out", _files.PathOf("out")), "could be compared");
        Assert.False(Directory.Exists(_files.PathOf("out")));
    }

    // Two jobs of other runtimes under a .NET 10 host, their IDs with spaces as BenchmarkDotNet names them.
    private static JsonObject[] TwoRuntimeJobs(double scale = 1) =>
    [
        Crafted.Benchmark("AsyncDelays", "TaskDelayWhenAll", "N=1&DelayMs=20", Crafted.Steady(21 * scale), ".NET 8.0", "Runtime=.NET 8.0, Toolchain=net8.0"),
        Crafted.Benchmark("AsyncDelays", "TaskDelayWhenAll", "N=1&DelayMs=20", Crafted.Steady(22 * scale), ".NET 9.0", "Runtime=.NET 9.0, Toolchain=net9.0"),
    ];

    [Fact]
    public void EachJobIsLabelledWithItsOwnRuntimeAndTwoRuntimesAreNeverComparedAsOne()
    {
        string both = Crafted.Run(_files, "both", TwoRuntimeJobs());

        ResultSet set = ResultsReader.Read([both]);
        Assert.Equal([".NET 8.0", ".NET 9.0"], set.Cases.Select(c => c.Host.RuntimeLabel).Order(StringComparer.Ordinal));
        Assert.Equal([".NET 8.0", ".NET 9.0"], set.Cases.Select(c => c.Job).Order(StringComparer.Ordinal));
        var (code, _, error) = Run("report", both, "--out", _files.PathOf("report"));
        Assert.True(code == CommandLine.Ok, error);
        string report = File.ReadAllText(_files.PathOf(Path.Combine("report", "report.md")));
        Assert.Contains("| .NET 8.0 | BenchmarkDotNet", report, StringComparison.Ordinal);
        Assert.Contains("| .NET 9.0 | BenchmarkDotNet", report, StringComparison.Ordinal);
        Assert.DoesNotContain(".NET 10", report, StringComparison.Ordinal);

        // Each job alone in a file of its own: comparing them is comparing two runtimes.
        string net8 = Crafted.Run(_files, "net8", [TwoRuntimeJobs()[0]]);
        string net9 = Crafted.Run(_files, "net9", [TwoRuntimeJobs()[1]]);
        AssertOneLineExitTwo(Run("compare", net8, net9), "different machines or runtimes");
        Assert.Equal(CommandLine.Ok, Run("compare", net8, net9, "--allow-different-hosts").Code);
        // The same two-job file on both sides: each runtime against itself.
        var same = Run("compare", both, Crafted.Run(_files, "both-again", TwoRuntimeJobs()));
        Assert.True(same.Code == CommandLine.Ok, same.Error);
        Assert.Contains("2 cases compared", same.Output, StringComparison.Ordinal);
    }

    [Fact]
    public void TheSuitesRepeatedAndColdJobsInOneFileAreOneHostKeyedByBurstKind()
    {
        string run = Crafted.Run(_files, "run",
        [
            Crafted.Benchmark("DefaultPoolOffload", "DefaultThreadPool", "N=10&DelayMs=20", Crafted.Trending, "Repeated"),
            Crafted.Benchmark("DefaultPoolOffload", "DefaultThreadPool", "N=10&DelayMs=20", Crafted.Steady(31), "Cold", launchEach: 1),
            Crafted.Benchmark("DefaultPoolOffload", "DefaultThreadPool", "N=10&DelayMs=20", Crafted.Trending, "NativeAotRepeated", "Runtime=NativeAOT 10.0"),
            Crafted.Benchmark("DefaultPoolOffload", "DefaultThreadPool", "N=10&DelayMs=20", Crafted.Steady(29), "NativeAotCold", "Runtime=NativeAOT 10.0", launchEach: 1),
            // The ahead-of-time job's history-dependent cases, cold only, in a job of their own: the same host.
            Crafted.Benchmark("DefaultPoolOffload", "DefaultThreadPool", "N=100&DelayMs=20", Crafted.Steady(29), "NativeAotOnlyCold", "Runtime=NativeAOT 10.0", launchEach: 1),
        ]);

        IReadOnlyList<CaseStatistics> stats = CaseStatistics.All(ResultsReader.Read([run]));

        Assert.Equal(3, stats.Count);
        Assert.Equal(2, stats.Select(s => s.Case.Host).Distinct().Count());
        Assert.All(stats, s => Assert.Equal(SampleKind.Cold, s.Kind));
        Assert.Equal([".NET 10.0.12", "NativeAOT .NET 10.0.12"], stats.Select(s => s.Case.Host.RuntimeLabel).Distinct().Order(StringComparer.Ordinal));
        Assert.All(stats, s => Assert.Equal("", s.Case.Host.Variant));
    }

    [Fact]
    public void SeveralJobsOfOneRuntimeStandApartUnderTheirNames()
    {
        string run = Crafted.Run(_files, "run",
        [
            Crafted.Benchmark("AsyncDelays", "TaskDelayWhenAll", "N=1&DelayMs=20", Crafted.Steady(21), "ShortRun", "IterationCount=10, LaunchCount=1"),
            Crafted.Benchmark("AsyncDelays", "TaskDelayWhenAll", "N=1&DelayMs=20", Crafted.Steady(23), "MediumRun", "IterationCount=10, LaunchCount=2"),
        ]);

        var (code, _, error) = Run("report", run, "--out", _files.PathOf("report"));

        Assert.True(code == CommandLine.Ok, error);
        string report = File.ReadAllText(_files.PathOf(Path.Combine("report", "report.md")));
        Assert.Contains("job ShortRun", report, StringComparison.Ordinal);
        Assert.Contains("job MediumRun", report, StringComparison.Ordinal);
        Assert.DoesNotContain("already in", error, StringComparison.Ordinal);
    }

    // The ways a case comes without final measurements among valid ones.
    private static readonly Action<JsonObject>[] s_breaks =
    [
        b => b["Measurements"] = new JsonArray(new JsonObject { ["IterationMode"] = "Overhead", ["IterationStage"] = "Jitting", ["LaunchIndex"] = 1, ["IterationIndex"] = 1, ["Operations"] = 1, ["Nanoseconds"] = 5e6 }),
        b => b.Remove("Measurements"),
        b => b["Measurements"] = new JsonArray(),
        b => b["Measurements"] = null,
        b =>
        {
            JsonNode? measurements = b["Measurements"];
            b.Remove("Measurements");
            b["Measurement"] = measurements?.DeepClone();
        },
    ];

    [Fact]
    public void EveryCaseWithoutFinalMeasurementsIsListedAndWarnedAboutNeverDroppedSilently()
    {
        // A property over crafted files: any subset of cases broken in any of the ways above, among valid ones.
        var random = new Random(18);
        for (int trial = 0; trial < 25; trial++)
        {
            using var files = new TestFiles();
            var benchmarks = new List<JsonObject>();
            var broken = new List<string>();
            var valid = new List<string>();
            foreach (int n in new[] { 1, 10, 100, 1000, 10000 })
            {
                JsonObject b = Crafted.Benchmark("AsyncDelays", "AsyncMethodWhenAll", $"N={n}&DelayMs=20", Crafted.Steady(20 + n / 1000.0));
                string name = b["FullName"]!.GetValue<string>();
                if (random.Next(3) == 0)
                {
                    s_breaks[random.Next(s_breaks.Length)](b);
                    broken.Add(name);
                }
                else
                {
                    valid.Add(name);
                }
                benchmarks.Add(b);
            }
            string run = Crafted.Run(files, "run", benchmarks);

            var (code, _, error) = Run("report", run, "--out", files.PathOf("out"));

            if (valid.Count == 0)
            {
                AssertOneLineExitTwo((code, "", error));
                continue;
            }
            Assert.True(code == CommandLine.Ok, error);
            string report = File.ReadAllText(files.PathOf(Path.Combine("out", "cases.md")));
            string leftOut = report.Contains("Left out", StringComparison.Ordinal) ? report[report.IndexOf("Left out", StringComparison.Ordinal)..] : "";
            if (broken.Count > 0)
            {
                Assert.Contains("Left out", File.ReadAllText(files.PathOf(Path.Combine("out", "report.md"))), StringComparison.Ordinal);
            }
            foreach (string name in broken)
            {
                Assert.Contains(name, leftOut, StringComparison.Ordinal);
                Assert.Contains(Lines(error), l => l.StartsWith("warning: ", StringComparison.Ordinal) && l.Contains(name, StringComparison.Ordinal));
            }
            foreach (string name in valid)
            {
                Assert.Contains($"- `{name}`", report, StringComparison.Ordinal);
                Assert.DoesNotContain(name, leftOut, StringComparison.Ordinal);
            }
        }
    }

    [Fact]
    public void ACaseThatFailedInTheCurrentRunFailsTheGateAsMissing()
    {
        JsonObject Failed()
        {
            JsonObject b = Crafted.Benchmark("AsyncDelays", "TaskDelayWhenAll", "N=100&DelayMs=20", Crafted.Steady(21));
            s_breaks[0](b);
            return b;
        }
        string baseline = Crafted.Run(_files, "base", [Crafted.Benchmark("AsyncDelays", "TaskDelayWhenAll", "N=1&DelayMs=20", Crafted.Steady(20)), Crafted.Benchmark("AsyncDelays", "TaskDelayWhenAll", "N=100&DelayMs=20", Crafted.Steady(21))]);
        string current = Crafted.Run(_files, "current", [Crafted.Benchmark("AsyncDelays", "TaskDelayWhenAll", "N=1&DelayMs=20", Crafted.Steady(20)), Failed()]);

        AssertOneLineExitTwo(Run("compare", baseline, current), "missing from the current run");
    }

    [Fact]
    public void TwoTimelinesClaimingOneCaseAreRefused()
    {
        using var files = new TestFiles();
        string run = files.PathOf("run");
        TestFiles.CopyFixtureRun(run);
        string timeline = Directory.GetFiles(Path.Combine(run, "timelines")).Single();
        File.Copy(timeline, Path.Combine(run, "timelines", "copy-of-the-same-case.json"));

        AssertOneLineExitTwo(Run("report", run, "--out", files.PathOf("out")), "a second timeline of case");
        Assert.False(Directory.Exists(files.PathOf("out")));
    }

    [Theory]
    [InlineData("N=1&N=2&DelayMs=20", "given twice")]
    [InlineData("DelayMs=20&DelayMs=20&N=1", "given twice")]
    [InlineData("N=2&DelayMs=20", "its name says N: 1")]
    public void ARepeatedParameterOrANameThatDisagreesWithItsParametersIsRefused(string parameters, string problem)
    {
        JsonObject b = Crafted.Benchmark("AsyncDelays", "TaskDelayWhenAll", "N=1&DelayMs=20", Crafted.Steady(20));
        b["Parameters"] = parameters;
        string run = Crafted.Run(_files, "run", [b]);

        AssertOneLineExitTwo(Run("report", run, "--out", _files.PathOf("out")), problem);
    }

    [Theory]
    [InlineData("AsyncDelays", "TaskDelayWhenAll", """{"N": -5, "DelayMs": 20}""", "cases[0].parameters.N = -5: impossible: a load parameter is a whole number above zero")]
    [InlineData("AsyncDelays", "TaskDelayWhenAll", """{"N": 0, "DelayMs": 20}""", "cases[0].parameters.N = 0: impossible: a load parameter is a whole number above zero")]
    [InlineData("AsyncDelays", "TaskDelayWhenAll", """{"N": 10, "DelayMs": 0}""", "cases[0].parameters.DelayMs = 0: impossible: a load parameter is a whole number above zero")]
    [InlineData("AsyncDelays", "TaskDelayWhenAll", """{"DelayMs": 20}""", "parameter N is missing")]
    [InlineData("MaxWorkersOffload", "BoundedExecutor", """{"N": 10, "DelayMs": 20}""", "parameter K is missing")]
    [InlineData("AsyncDelays", "TaskDelayWhenAll", """{"N": 10, "K": 4, "DelayMs": 20}""", "its .NET twin does not exist")]
    [InlineData("AsyncDelays", "NoSuchMethod", """{"N": 10, "DelayMs": 20}""", "its .NET twin does not exist")]
    [InlineData("NoSuchClass", "TaskDelayWhenAll", """{"N": 10, "DelayMs": 20}""", "its .NET twin does not exist")]
    [InlineData("AsyncDelays", "TaskDelayWhenAll", """{"N": 10, "N": 11, "DelayMs": 20}""", "given twice")]
    public void ARuntimeCaseMustNameARealTwinWithPossibleParameters(string type, string method, string parameters, string problem)
    {
        // Beside a valid case, and alone: either way one line and exit 2, never an empty report with exit 0.
        JsonObject valid = Crafted.RuntimeCase("AsyncDelays", "TaskDelayWhenAll", new JsonObject { ["N"] = 1, ["DelayMs"] = 20 }, Crafted.Steady(20));
        string text = Crafted.RuntimeCase(type, method, new JsonObject(), Crafted.Steady(20)).ToJsonString().Replace("\"parameters\":{}", $"\"parameters\":{parameters}", StringComparison.Ordinal);
        foreach (bool alone in new[] { false, true })
        {
            JsonObject file = Crafted.RuntimeFile(alone ? [] : [valid]);
            string json = file.ToJsonString().Replace("\"cases\":[", "\"cases\":[" + text + (alone ? "" : ","), StringComparison.Ordinal);
            string name = alone ? "alone" : "beside";
            _files.Write(Path.Combine(name, RuntimeResults.Folder, "python.json"), json);

            AssertOneLineExitTwo(Run("report", _files.PathOf(name), "--out", _files.PathOf(name + "-out")), problem);
            Assert.False(Directory.Exists(_files.PathOf(name + "-out")));
        }
    }

    [Fact]
    public void ParametersBeyondTheTablesColumnsStayInTheCasesLabel()
    {
        // Another benchmark class with a Size parameter (and one with Size and N, whose N has a column).
        int[] sizes = [256, 1024, 4096, 32768];
        string run = Crafted.Run(_files, "run",
        [
            .. sizes.Select(size => Crafted.Benchmark("Sorting", "ArraySort", $"Size={size}", Crafted.Steady(1 + (size / 1000.0)))),
            .. sizes.Select(size => Crafted.Benchmark("Sorting", "ParallelSort", $"N=4&Size={size}", Crafted.Steady(1 + (size / 1000.0)))),
        ]);

        var (code, _, error) = Run("report", run, "--out", _files.PathOf("out"));

        Assert.True(code == CommandLine.Ok, error);
        string report = File.ReadAllText(_files.PathOf(Path.Combine("out", "report.md")));
        foreach (int size in sizes)
        {
            Assert.Contains($"| ArraySort (Size: {size}) |", report, StringComparison.Ordinal);
        }
        foreach (int size in sizes)
        {
            Assert.Contains($"| ParallelSort (Size: {size}) | 4 |", report, StringComparison.Ordinal);
        }
        IReadOnlyList<CaseStatistics> stats = CaseStatistics.All(ResultsReader.Read([run]));
        Assert.Equal(stats.Count, stats.Select(s => s.Model.Label).Distinct().Count());
    }

    // A run folder as scripts/run.sh leaves it, with .NET (the fixture), NativeAOT and Python, on one machine.
    private string ThreeRuntimeRun(string name, string processor, string pythonProcessor, double scale)
    {
        string run = _files.PathOf(name);
        TestFiles.CopyFixtureRun(run);
        foreach (string file in Directory.GetFiles(Path.Combine(run, "results")))
        {
            _files.Scaled(file, Path.Combine(name, "results", Path.GetFileName(file)), scale, processor);
        }
        JsonObject aot = Crafted.File(
        [
            Crafted.Benchmark("AsyncDelays", "TaskDelayWhenAll", "N=1&DelayMs=20", Crafted.Steady(20 * scale), "NativeAotRepeated", "Runtime=NativeAOT 10.0"),
        ], processor);
        _files.Write(Path.Combine(name, "nativeaot", "results", "AsyncDelays-report-full.json"), aot.ToJsonString());
        JsonObject python = Crafted.RuntimeFile(
            [Crafted.RuntimeCase("AsyncDelays", "TaskDelayWhenAll", new JsonObject { ["N"] = 1, ["DelayMs"] = 20 }, Crafted.Steady(21 * scale), [21e6 * scale])], pythonProcessor);
        _files.Write(Path.Combine(name, RuntimeResults.Folder, "python.json"), python.ToJsonString());
        return run;
    }

    [Fact]
    public void TwoMachinesRunsWithSeveralRuntimesCompareRuntimeByRuntime()
    {
        string here = ThreeRuntimeRun("here", "Intel Xeon Processor", "Intel(R) Xeon(R) Processor", 1);
        string there = ThreeRuntimeRun("there", "AMD EPYC", "AMD EPYC", 1);

        AssertOneLineExitTwo(Run("compare", here, there), "different machines or runtimes");
        var (code, output, error) = Run("compare", here, there, "--allow-different-hosts");

        Assert.True(code == CommandLine.Ok, error);
        Assert.Contains("Different hosts", output, StringComparison.Ordinal);
        // .NET's cases, NativeAOT's and Python's, each against its own runtime on the other machine.
        Assert.Contains("TaskDelayWhenAll(N: 1, DelayMs: 20) [NativeAOT .NET 10]`", output, StringComparison.Ordinal);
        Assert.Contains("TaskDelayWhenAll(N: 1, DelayMs: 20) [Python 3]`", output, StringComparison.Ordinal);
        Assert.Contains("ProbeBehindAsyncWaits(N: 10, DelayMs: 20) [.NET 10]`", output, StringComparison.Ordinal);
        Assert.DoesNotContain("Only in the baseline", output, StringComparison.Ordinal);
        // The same machine against itself needs no flag.
        Assert.Equal(CommandLine.Ok, Run("compare", here, ThreeRuntimeRun("again", "Intel Xeon Processor", "Intel(R) Xeon(R) Processor", 1)).Code);
    }

    [Fact]
    public void HostsThatDifferOnlyInDetailAreToldApartAndComparedWithoutACrash()
    {
        // One folder with two machines' runs whose short labels, SDK and BenchmarkDotNet agree: only the OS's full name
        // differs. Every label built from them must still be unique (a comparison keys its cases by them).
        string run = _files.PathOf("run");
        foreach ((string file, string os) in new[] { ("a", "Linux Debian GNU/Linux 12 (bookworm)"), ("b", "Linux Ubuntu 24.04 LTS") })
        {
            JsonObject json = Crafted.File([Crafted.Benchmark("AsyncDelays", "TaskDelayWhenAll", "N=1&DelayMs=20", Crafted.Steady(20))]);
            json["HostEnvironmentInfo"]!["OsVersion"] = os;
            _files.Write(Path.Combine("run", "results", $"{file}-report-full.json"), json.ToJsonString());
        }

        ResultSet set = ResultsReader.Read([run]);
        var (code, output, error) = Run("compare", run, run);

        Assert.Equal(2, set.Hosts.Select(h => h.Label).Distinct().Count());
        Assert.True(code == CommandLine.Ok, error);
        Assert.Contains("2 cases compared", output, StringComparison.Ordinal);
        Assert.Equal(CommandLine.Ok, Run("report", run, "--out", _files.PathOf("out")).Code);
    }

    [Theory]
    [InlineData("Intel(R) Xeon(R) Processor", "Intel Xeon Processor")]
    [InlineData("Intel(R) Core(TM) i7-6700 CPU @ 3.40GHz", "Intel Core i7-6700 CPU 3.40GHz")]
    [InlineData("Intel Core i7-6700 CPU 3.40GHz (Skylake)", "Intel Core i7-6700 CPU 3.40GHz")]
    [InlineData("AMD Ryzen 7 5800X 8-Core Processor", "AMD Ryzen 7 5800X")]
    [InlineData("  AMD   EPYC  ", "AMD EPYC")]
    [InlineData("", "Unknown processor")]
    public void OneProcessorIsNamedOneWayWhoeverNamedIt(string raw, string normalized)
    {
        Assert.Equal(normalized, HostInfo.NormalizeProcessor(raw));
    }

    [Fact]
    public void AReportOfOneMachinesRuntimesNamesItsProcessorOnce()
    {
        string run = ThreeRuntimeRun("run", "Intel Xeon Processor", "Intel(R) Xeon(R) Processor", 1);

        var (code, _, error) = Run("report", run, "--out", _files.PathOf("out"));

        Assert.True(code == CommandLine.Ok, error);
        string report = File.ReadAllText(_files.PathOf(Path.Combine("out", "report.md")));
        Assert.DoesNotContain("(R)", report, StringComparison.Ordinal);
        Assert.StartsWith("Measured on Intel Xeon Processor (2 logical cores, X64)", report.Split('\n')[2], StringComparison.Ordinal);
        Assert.Equal(["Intel Xeon Processor"], ResultsReader.Read([run]).Hosts.Select(h => h.Processor).Distinct());
    }
}
