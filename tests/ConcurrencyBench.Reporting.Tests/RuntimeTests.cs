using System.Text;
using System.Text.Json.Nodes;
using ConcurrencyBench.Models;

namespace ConcurrencyBench.Reporting.Tests;

/// <summary>Other runtimes' results (the runtime-results format), the runtime comparison and the article's claims.</summary>
public sealed class RuntimeTests : IDisposable
{
    private readonly TestFiles _files = new();

    public void Dispose() => _files.Dispose();

    private static JsonObject Burst(double ns, double userMs, double systemMs, long voluntary, long involuntary, int threads = 1, long rss = 20_000_000) => new()
    {
        ["ns"] = ns,
        ["userMs"] = userMs,
        ["systemMs"] = systemMs,
        ["voluntarySwitches"] = voluntary,
        ["involuntarySwitches"] = involuntary,
        ["threadsAtStart"] = 1,
        ["threads"] = threads,
        ["rssAtStartBytes"] = 10_000_000,
        ["peakRssBytes"] = rss,
    };

    private static JsonObject PythonFile(params JsonObject[] cases) => new()
    {
        ["format"] = RuntimeResults.Format,
        ["priming"] = "each process runs the operation 10 times at min(N, cores) jobs of 1 ms first",
        ["peakRssScope"] = "burst",
        ["runtime"] = new JsonObject { ["name"] = "Python", ["version"] = "3.11.7", ["detail"] = "CPython 3.11.7" },
        ["machine"] = new JsonObject { ["processor"] = "AMD EPYC", ["logicalCores"] = 2, ["os"] = "Linux Debian GNU/Linux 12 (bookworm)", ["architecture"] = "X64" },
        ["profile"] = "default",
        ["complete"] = true,
        ["cases"] = new JsonArray([.. cases]),
    };

    private static JsonObject GatherCase(int n, JsonArray repeated, JsonArray cold) => new()
    {
        ["type"] = "AsyncDelays",
        ["method"] = "TaskDelayWhenAll",
        ["label"] = "asyncio.sleep + gather",
        ["parameters"] = new JsonObject { ["N"] = n, ["DelayMs"] = 100 },
        ["idealSeconds"] = 0.1,
        ["repeated"] = repeated,
        ["cold"] = cold,
    };

    private string WriteRun(string name, JsonObject python, bool withDotNet = true)
    {
        string folder = _files.PathOf(name);
        if (withDotNet)
        {
            TestFiles.CopyFixtureRun(folder);
        }
        _files.Write(Path.Combine(name, RuntimeResults.Folder, "python.json"), python.ToJsonString());
        return folder;
    }

    [Fact]
    public void APythonFileBecomesTwinCasesOnItsOwnRuntimeWithItsCpuTimeAndSwitches()
    {
        string folder = WriteRun("run", PythonFile(GatherCase(10_000,
            [Burst(150e6, 30, 10, 4, 1, rss: 30_000_000), Burst(120e6, 20, 5, 3, 0), Burst(121e6, 21, 5, 3, 0), Burst(119e6, 20, 5, 3, 0), Burst(122e6, 21, 5, 3, 0), Burst(120e6, 20, 5, 3, 0)],
            [Burst(140e6, 28, 12, 5, 2, rss: 31_000_000), Burst(145e6, 26, 9, 6, 1)])));

        ResultSet results = ResultsReader.Read([folder]);

        var python = results.Cases.Where(c => c.Host.Kind == RuntimeKind.Python).ToList();
        Assert.Equal(2, python.Count);
        Assert.All(python, c => Assert.Equal("ConcurrencyBench.Benchmarks.AsyncDelays.TaskDelayWhenAll(N: 10000, DelayMs: 100)", c.FullName));
        Assert.Equal("Python 3.11.7", python[0].Host.RuntimeLabel);
        Assert.Contains(results.Cases, c => c.Host.Kind == RuntimeKind.DotNet);
        CaseStatistics stats = CaseStatistics.All(results).Single(s => s.Case.Host.Kind == RuntimeKind.Python);
        // Cold: the repeated process's first burst and the two cold ones; their CPU times are 40, 40 and 35 ms.
        Assert.Equal(SampleKind.Cold, stats.Kind);
        Assert.Equal(3, stats.Iterations);
        Assert.Equal(40, stats.CpuMsPerOp);
        Assert.Equal(5, stats.VoluntarySwitchesPerOp);
        Assert.Equal(1, stats.InvoluntarySwitchesPerOp);
        // Each burst's own peak (30, 31 and 20 MB): their median, from the same bursts as the time's.
        Assert.Equal(30_000_000, stats.PeakWorkingSetBytes);
        Assert.True(stats.Headline!.MemoryPerBurst);
        Assert.Equal(1, stats.PeakThreads);
        // Warm: the repeated process's bursts 2 to 6 (enough for the trend test, which finds none).
        Assert.Equal(5, stats.Warm!.Count);
        Assert.Equal(25, stats.Warm.CpuMs);
        Assert.Equal("asyncio.sleep + gather", stats.Model.Label);
        Assert.Equal("AsyncDelays", stats.Model.Family.Name);
        Assert.Equal(1e8, stats.IdealNs);
    }

    [Theory]
    [InlineData("ns", -1.0, "cases[0].repeated[0].ns = -1: impossible")]
    [InlineData("ns", 0.0, "cases[0].repeated[0].ns = 0: impossible")]
    [InlineData("userMs", -0.5, "cases[0].repeated[0].userMs = -0.5: impossible")]
    [InlineData("voluntarySwitches", -3.0, "cases[0].repeated[0].voluntarySwitches = -3: impossible")]
    public void AnImpossibleBurstIsRefusedNamingTheFileAndTheField(string field, double value, string problem)
    {
        JsonObject bad = Burst(1e8, 1, 1, 1, 1);
        bad[field] = value;
        string folder = WriteRun("run", PythonFile(GatherCase(10, [bad, Burst(1e8, 1, 1, 1, 1)], [])), withDotNet: false);

        var error = Assert.Throws<ResultsFormatException>(() => ResultsReader.Read([folder]));

        Assert.Contains("python.json", error.Message, StringComparison.Ordinal);
        Assert.Contains(problem, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void AFileOfAnotherFormatOrWithNoCaseIsRefused()
    {
        JsonObject other = PythonFile(GatherCase(10, [Burst(1e8, 1, 1, 1, 1)], []));
        other["format"] = "something-else/2";
        string folder = WriteRun("other", other, withDotNet: false);
        Assert.Contains("format = \"something-else/2\": must be", Assert.Throws<ResultsFormatException>(() => ResultsReader.Read([folder])).Message, StringComparison.Ordinal);

        string empty = WriteRun("empty", PythonFile(), withDotNet: false);
        Assert.Contains("no case", Assert.Throws<ResultsFormatException>(() => ResultsReader.Read([empty])).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void AFolderWithOnlyAnotherRuntimeIsReadAndAnInterruptedRunAndAMissingRuntimeAreReported()
    {
        JsonObject partial = PythonFile(GatherCase(10, [Burst(1e8, 1, 1, 1, 1), Burst(1e8, 1, 1, 1, 1)], []));
        partial["complete"] = false;
        string folder = WriteRun("run", partial, withDotNet: false);
        _files.Write(Path.Combine("run", RuntimeResults.Folder, RuntimeResults.AbsentFile), "python: python3 was not on PATH\n");

        ResultSet results = ResultsReader.Read([folder]);
        ReportOutput output = ReportWriter.Write(results, _files.PathOf("report"), ["run"]);

        Assert.Single(results.IncompleteRuntimeFiles);
        string report = File.ReadAllText(output.ReportPath);
        Assert.Contains("python.json` did not complete", report, StringComparison.Ordinal);
        Assert.Contains("**Runtime missing from this run:** python: python3 was not on PATH.", report, StringComparison.Ordinal);
    }

    private static CaseStatistics Stats(string type, string method, string parameters, double[] ns, double cpuMs = 10, long voluntary = 10, long involuntary = 0,
        double threads = 12, string runtime = ".NET 10.0.12 (10.0.12)", double peak = 40e6, IReadOnlyList<GatherOrder>? gathers = null, double[]? cold = null)
    {
        CaseResult c = StatisticsTests.CaseWith(ns, type, method, parameters);
        string arguments = string.Join(", ", c.Parameters.Select(p => $"{p.Key}: {p.Value}"));
        CaseResult repeated = c with
        {
            FullName = $"ConcurrencyBench.Benchmarks.{type}.{method}" + (arguments.Length > 0 ? $"({arguments})" : ""),
            Host = c.Host with { Runtime = runtime },
            Metrics = new Dictionary<string, double> { ["PeakThreads"] = threads, ["PeakWorkingSet"] = peak },
            IterationUsage = [.. ns.Select(_ => (ResourceUsage?)new ResourceUsage(cpuMs, 0, voluntary, involuntary))],
            GatherOrders = gathers ?? [],
        };
        // Cold bursts, where given: one fresh process each, with the same figures.
        return CaseStatistics.Of(repeated, cold is null ? null : repeated with
        {
            Job = "Cold",
            IterationNanoseconds = cold,
            IterationUsage = [.. cold.Select(_ => (ResourceUsage?)new ResourceUsage(cpuMs, 0, voluntary, involuntary))],
        });
    }

    private static double[] Flat(double ns) => [ns, ns, ns * 1.01, ns * 0.99, ns, ns * 1.02, ns * 0.98, ns, ns * 1.01, ns];

    [Fact]
    public void TheDefaultExecutorClaimIsJudgedFromTheRatioAndTheThreads()
    {
        // .NET's pool beyond its minimum has no warm median (it keeps the threads it injects): the claim sets cold
        // bursts against cold.
        CaseStatistics pool = Stats("DefaultPoolOffload", "DefaultThreadPool", "N=1000&DelayMs=100", Flat(16e9), threads: 47, cold: Flat(16e9));
        CaseStatistics workers = Stats("MaxWorkersOffload", "BoundedExecutor", "N=1000&K=1000&DelayMs=100", Flat(0.12e9), threads: 1013, cold: Flat(0.12e9));
        CaseStatistics close = Stats("DefaultPoolOffload", "DefaultThreadPool", "N=1000&DelayMs=100", Flat(0.13e9), threads: 1000, cold: Flat(0.13e9));
        // The raised minimum of the same class and parameters is not the executor the claim names: it must not be taken for it.
        CaseStatistics raised = Stats("MaxWorkersOffload", "RaisedMinThreads", "N=1000&K=1000&DelayMs=100", Flat(0.5e9), threads: 1011);

        ClaimVerdict far = Claims.Judge([pool, raised, workers]).Single(v => v.Id == 'c');
        ClaimVerdict notFar = Claims.Judge([close, workers]).Single(v => v.Id == 'c');

        Assert.Equal(ClaimStatus.Holds, far.Verdict);
        Assert.Contains("133×", far.Figure, StringComparison.Ordinal);
        Assert.Contains("cold/cold", far.Figure, StringComparison.Ordinal);
        Assert.Contains("with 47 threads against 1,013", far.Figure, StringComparison.Ordinal);
        Assert.Equal(ClaimStatus.DoesNotHold, notFar.Verdict);
    }

    [Fact]
    public void AVerdictSaysWhyItIsOpenTooFewBurstsWhereTheCountIsTheReasonTooCloseOnlyWhereTheIntervalStraddles()
    {
        var side = new SampleSummary(SampleKind.Cold, [1e8, 1e8], [], [], (null, null));
        // 90.5×, the seed's Python claim (c), from two bursts a side: no interval, so the count decides nothing.
        var fewBursts = new KindRatio(90.5, SampleKind.Cold, double.NaN, double.NaN, side, side);
        Assert.Equal(ClaimStatus.TooFewBursts, Claims.AtLeast(fewBursts, Claims.FarRatio));
        Assert.Equal("too few bursts to decide", new ClaimVerdict('c', "Python 3.11.7", ClaimStatus.TooFewBursts, "").VerdictText);
        // Enough bursts, an interval across the threshold: too close to call.
        var straddles = new KindRatio(2.1, SampleKind.Cold, 1.8, 2.4, side, side);
        Assert.Equal(ClaimStatus.TooClose, Claims.AtLeast(straddles, Claims.FarRatio));
        Assert.Equal(ClaimStatus.Holds, Claims.AtLeast(straddles with { Lower = 2.05 }, Claims.FarRatio));
        // No ratio of like samples: said so, not "too close".
        Assert.Equal(ClaimStatus.NoLikeSamples, Claims.AtLeast(null, Claims.FarRatio));
    }

    [Fact]
    public void TheWorkersClaimFollowsTheSwitchesAgainstK()
    {
        CaseStatistics Executor(int k, long switches) => Stats("MaxWorkersOffload", "BoundedExecutor", $"N=100&K={k}&DelayMs=100", Flat(1e8 * 100 / k), voluntary: switches);

        Assert.Equal(ClaimStatus.Holds, Claims.Judge([Executor(4, 200), Executor(16, 260), Executor(64, 450)]).Single(v => v.Id == 'd').Verdict);
        Assert.Equal(ClaimStatus.DoesNotHold, Claims.Judge([Executor(4, 400), Executor(64, 150)]).Single(v => v.Id == 'd').Verdict);
        ClaimVerdict close = Claims.Judge([Executor(4, 200), Executor(64, 210)]).Single(v => v.Id == 'd');
        Assert.Equal(ClaimStatus.TooClose, close.Verdict);
        Assert.Contains("k = 4: 200", close.Figure, StringComparison.Ordinal);
        Assert.Contains("k = 64: 210", close.Figure, StringComparison.Ordinal);
        Assert.Equal(ClaimStatus.NotMeasured, Claims.Judge([Executor(4, 200)]).Single(v => v.Id == 'd').Verdict);
        // At N = 10 only k = 1 and 4 can all be busy: the claim is judged at N = 100, where k = 4, 16 and 64 can.
        CaseStatistics Small(int k, long switches) => Stats("MaxWorkersOffload", "BoundedExecutor", $"N=10&K={k}&DelayMs=100", Flat(1e8 * Math.Ceiling(10.0 / k)), voluntary: switches);
        ClaimVerdict wide = Claims.Judge([Small(1, 900), Small(4, 300), Small(16, 310), Small(64, 320), Executor(4, 200), Executor(16, 260), Executor(64, 450)]).Single(v => v.Id == 'd');
        Assert.Equal(ClaimStatus.Holds, wide.Verdict);
        Assert.StartsWith("N = 100 blocking calls", wide.Figure, StringComparison.Ordinal);
    }

    [Fact]
    public void TheTwoSleepersClaimNeedsTheLongestWaitAndBothOrdersInEveryBurst()
    {
        GatherOrder asClaimed = new([0, 1], [1, 0]);
        CaseStatistics Sleepers(double seconds, params GatherOrder[] orders) =>
            Stats("SeedExperiments", "TwoSleepers5sAnd4s", "", [.. Enumerable.Repeat(seconds * 1e9, 6)], gathers: orders);

        Assert.Equal(ClaimStatus.Holds, Claims.Judge([Sleepers(5.01, asClaimed, asClaimed, asClaimed)]).Single(v => v.Id == 'a').Verdict);
        // The longer wait resumed first in one burst: the claim's order does not hold.
        Assert.Equal(ClaimStatus.DoesNotHold, Claims.Judge([Sleepers(5.01, asClaimed, new([0, 1], [0, 1]))]).Single(v => v.Id == 'a').Verdict);
        // The two waits in turn (9 s): not the time of the longest wait.
        Assert.Equal(ClaimStatus.DoesNotHold, Claims.Judge([Sleepers(9.0, asClaimed)]).Single(v => v.Id == 'a').Verdict);
    }

    [Fact]
    public void TenThousandSleepsCostNoThreadOrSwitchWhenTheyAddFewerThanOnePerHundred()
    {
        CaseStatistics one = Stats("AsyncDelays", "TaskDelayWhenAll", "N=1&DelayMs=100", Flat(1e8), voluntary: 20, threads: 12);
        CaseStatistics tenThousand = Stats("AsyncDelays", "TaskDelayWhenAll", "N=10000&DelayMs=100", Flat(1.1e8), voluntary: 40, threads: 13);
        CaseStatistics threaded = Stats("AsyncDelays", "TaskDelayWhenAll", "N=10000&DelayMs=100", Flat(1.1e8), voluntary: 10_020, threads: 13);

        ClaimVerdict holds = Claims.Judge([one, tenThousand]).Single(v => v.Id == 'e');
        Assert.Equal(ClaimStatus.Holds, holds.Verdict);
        Assert.Contains("0.002 switches", holds.Figure, StringComparison.Ordinal);
        Assert.Equal(ClaimStatus.DoesNotHold, Claims.Judge([one, threaded]).Single(v => v.Id == 'e').Verdict);
        // Without the one-sleep baseline (the seed profile) the whole process's switches are an upper bound: under the
        // threshold it still shows the claim; past it, it shows nothing either way.
        Assert.Equal(ClaimStatus.Holds, Claims.Judge([tenThousand]).Single(v => v.Id == 'e').Verdict);
        CaseStatistics busy = Stats("AsyncDelays", "TaskDelayWhenAll", "N=10000&DelayMs=100", Flat(1.1e8), voluntary: 200, threads: 13);
        ClaimVerdict unknown = Claims.Judge([busy]).Single(v => v.Id == 'e');
        Assert.Equal(ClaimStatus.NoBaseline, unknown.Verdict);
        Assert.Contains("upper bounds", unknown.Figure, StringComparison.Ordinal);
    }

    [Fact]
    public void TheSeedChartGivesEachExperimentAPanelAndEachRuntimeItsOwnMarkerInIt()
    {
        const string python = "Python 3.11.7 (CPython)";
        // The default pool learns: its experiment is set out in cold bursts (filled markers), the async sleeps in warm (open).
        CaseStatistics jitPool = Stats("SeedExperiments", "BlockingOffloadDefaultPool", "", Flat(90e9), cold: Flat(91e9));
        CaseStatistics pyPool = Stats("SeedExperiments", "BlockingOffloadDefaultPool", "", Flat(167e9), runtime: python, cold: Flat(168e9));
        CaseStatistics jitSleeps = Stats("SeedExperiments", "AsyncSleeps10000", "", Flat(1e9));
        CaseStatistics pySleeps = Stats("SeedExperiments", "AsyncSleeps10000", "", Flat(1.09e9), runtime: python);

        using ChartFigure figure = SeedFamily.SeedFigure(new ChartContext(["seed"]), [pyPool, jitSleeps, pySleeps, jitPool])!;

        // One panel per experiment, under the .NET suite's labels, in the family's order (the async sleeps first).
        Assert.Equal(["10,000 × async sleep(1 s)", "1,000 × sleep(1 s), default pool"], figure.Panels.Select(p => p.Title));
        figure.GetSvgXml(); // the tick generators fill their ticks when the panels are laid out
        var expected = new[] { (jitSleeps, pySleeps), (jitPool, pyPool) };
        for (int i = 0; i < 2; i++)
        {
            ScottPlot.Plot plot = figure.Panels[i].Plot;
            Assert.Equal([(0.0, ".NET JIT"), (1.0, "Python")], plot.Axes.Bottom.TickGenerator.Ticks.Where(t => t.Label.Length > 0).Select(t => (t.Position, t.Label)));
            // Each median at its runtime's position, in its runtime's marker (warm bursts: open; cold: filled).
            ScottPlot.MarkerShape[] shapes = i == 0
                ? [ScottPlot.MarkerShape.OpenCircle, ScottPlot.MarkerShape.OpenTriangleUp]
                : [ScottPlot.MarkerShape.FilledCircle, ScottPlot.MarkerShape.FilledTriangleUp];
            var medians = plot.GetPlottables().OfType<ScottPlot.Plottables.Marker>()
                .Where(m => shapes.Contains(m.MarkerShape))
                .Select(m => (m.X, Ns: Math.Pow(10, m.Y), m.MarkerShape)).OrderBy(m => m.X).ToList();
            Assert.Equal([(0.0, shapes[0]), (1.0, shapes[1])], medians.Select(m => (m.X, m.MarkerShape)));
            Assert.Equal([expected[i].Item1.MedianNs, expected[i].Item2.MedianNs], medians.Select(m => m.Ns), new RelativeTolerance(1e-9));
        }
        // The legend names each runtime by its marker, once.
        Assert.Contains(".NET JIT", figure.LegendLabels);
        Assert.Contains("Python", figure.LegendLabels);
        Assert.Equal(figure.LegendLabels.Count, figure.LegendLabels.Distinct().Count());
    }

    private sealed class RelativeTolerance(double tolerance) : IEqualityComparer<double>
    {
        public bool Equals(double x, double y) => Math.Abs(x - y) <= tolerance * Math.Max(Math.Abs(x), Math.Abs(y));

        public int GetHashCode(double obj) => 0;
    }

    [Fact]
    public void ThePoolsRepeatedBurstsFindingExplainsASpeedUpOnlyWhereTheBurstsShowOne()
    {
        // .NET's pool learns (8 bursts, each faster); Python's default executor has a fixed size (flat bursts).
        CaseStatistics repeated = Stats("DefaultPoolOffload", "DefaultThreadPool", "N=1000&DelayMs=100", [16e9, 7e9, 5.4e9, 4.5e9, 3.9e9, 3.4e9, 3.0e9, 2.7e9], threads: 55);
        // With its cold bursts, as the profile runs it (the trend leaves the repeated bursts no median of their own).
        CaseStatistics learning = CaseStatistics.Of(repeated.Case, repeated.Case with { Job = "Cold", IterationNanoseconds = [15.9e9, 16.3e9, 16.1e9, 16.6e9, 15.8e9] });
        CaseStatistics fixedSize = Stats("DefaultPoolOffload", "DefaultThreadPool", "N=1000&DelayMs=100", [16.8e9, 16.9e9, 16.7e9, 16.9e9, 16.8e9, 16.7e9], threads: 7, runtime: "Python 3.11.7 (CPython)");

        string? Finding(CaseStatistics pool) => new OffloadFamily().Findings([pool]).OfType<string>().SingleOrDefault(f => f.StartsWith("Repeated bursts", StringComparison.Ordinal));

        Assert.Contains("a trend the stationarity test confirms", Finding(learning), StringComparison.Ordinal);
        Assert.Contains("keeps the threads it injected", Finding(learning), StringComparison.Ordinal);
        Assert.Contains("no trend the stationarity test can confirm", Finding(fixedSize), StringComparison.Ordinal);
        Assert.DoesNotContain("keeps the threads it injected", Finding(fixedSize), StringComparison.Ordinal);
    }

    [Fact]
    public void TheComparisonTableGivesEachRuntimesMediansOfEachKindAndTheirRatiosToTheFirstOfTheSameKind()
    {
        CaseStatistics jit = Stats("AsyncDelays", "TaskDelayWhenAll", "N=10000&DelayMs=100", Flat(1e8), cpuMs: 8);
        CaseStatistics python = Stats("AsyncDelays", "TaskDelayWhenAll", "N=10000&DelayMs=100", Flat(1.5e8), cpuMs: 40, runtime: "Python 3.11.7 (CPython)");
        CaseStatistics alone = Stats("AsyncDelays", "TaskDelayWhenAll", "N=100&DelayMs=100", Flat(1e8));
        var md = new StringBuilder();

        RuntimeComparison.Write(md, [jit, python, alone]);

        // A row per runtime: Case | Runtime (model) | cold | × cold | warm | × warm | CPU | peak memory.
        string[] rows = [.. md.ToString().Split('\n').Where(l => l.StartsWith("| `", StringComparison.Ordinal) || l.StartsWith("|  | ", StringComparison.Ordinal))];
        Assert.Equal(2, rows.Length);
        string[] first = [.. rows[0].Split('|').Select(c => c.Trim())];
        string[] second = [.. rows[1].Split('|').Select(c => c.Trim())];
        Assert.Equal("`AsyncDelays.TaskDelayWhenAll(N: 10000, DelayMs: 100)`", first[1]);
        Assert.StartsWith(".NET 10.0.12", first[2], StringComparison.Ordinal);
        Assert.StartsWith("Python 3.11.7", second[2], StringComparison.Ordinal);
        // These cases have warm bursts only: no cold median, no cold ratio; the warm ratio is warm over warm.
        Assert.Equal("–", second[3]);
        Assert.Equal("", second[4]);
        Assert.StartsWith(Format.Time(python.Warm!.MedianNs), second[5], StringComparison.Ordinal);
        Assert.StartsWith(Format.Ratio(python.Warm.MedianNs / jit.Warm!.MedianNs), second[6], StringComparison.Ordinal);
        Assert.Equal("40.0 ms", second[7]);
        Assert.Equal("", first[6]);
    }

    [Fact]
    public void TheFittedMarginalMemoryIsTheLeastSquaresSlopeOverEveryN()
    {
        CaseStatistics At(int n, double noise) => Stats("AsyncDelays", "TaskDelayWhenAll", $"N={n}&DelayMs=100", Flat(1e8), peak: 40e6 + (100.0 * n) + noise);

        FittedMarginalCost fit = Assert.Single(MarginalCost.Fitted([At(1, 0), At(100, 0), At(10_000, 0), At(100_000, 0)]));
        Assert.Equal(100, fit.BytesPerJob, 6);
        Assert.Equal(40e6, fit.InterceptBytes, 0);
        Assert.Equal([1, 100, 10_000, 100_000], fit.Jobs);

        // Noise at small N barely moves a fit that N = 100,000 anchors; the neighbour slope at N = 100 would be 10x off.
        FittedMarginalCost noisy = Assert.Single(MarginalCost.Fitted([At(1, 0), At(100, 90_000), At(100_000, 0)]));
        Assert.InRange(noisy.BytesPerJob, 99, 101);
    }
}
