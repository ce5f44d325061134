using System.Globalization;
using System.Text.Json;
using ConcurrencyBench.Cli;

namespace ConcurrencyBench.Reporting.Tests;

/// <summary>
/// The regression gate's sequential rule on synthetic samples, its runs on synthetic workers (no timing: every sample
/// is made up), its fail-closed paths and its summary's wording.
/// </summary>
public class GateTests
{
    private static readonly GateRule Rule = GateRule.Default;

    // Log-normal samples around a median, with a relative spread (sigma of the log).
    private static double[] Samples(int seed, int count, double median, double sigma)
    {
        var random = new Random(seed);
        return [.. Enumerable.Range(0, count).Select(_ =>
        {
            double u1 = 1 - random.NextDouble(), u2 = random.NextDouble();
            double normal = Math.Sqrt(-2 * Math.Log(u1)) * Math.Cos(2 * Math.PI * u2);
            return median * Math.Exp(sigma * normal);
        })];
    }

    // The rule's looks in turn on growing samples, as the gate takes them: the first decision and the look it came at.
    private static (GateDecision Decision, int Look) Sequential(double[] baseline, double[] head)
    {
        for (int look = 0; look < Rule.Looks.Count; look++)
        {
            int n = Rule.Looks[look];
            GateDecision decision = Rule.Decide(baseline[..n], head[..n], look);
            if (decision.Step != GateStep.Continue)
            {
                return (decision, look);
            }
        }
        throw new InvalidOperationException("the last look must decide");
    }

    [Fact]
    public void EqualQuietSamplesAreSameAtTheFirstLook()
    {
        var (decision, look) = Sequential(Samples(1, 16, 20e6, 0.01), Samples(2, 16, 20e6, 0.01));

        Assert.Equal(GateStep.Same, decision.Step);
        Assert.Equal(0, look);
        Assert.InRange(decision.Lower, 1 / 1.1, 1);
        Assert.InRange(decision.Upper, 1, 1.1);
    }

    [Fact]
    public void EqualSamplesOfModerateSpreadNeedMoreLooksAndThenAreSame()
    {
        // 6% spread a process: four a side cannot show ±10%, sixteen can.
        double[] baseline = Samples(3, 16, 20e6, 0.06), head = Samples(4, 16, 20e6, 0.06);

        var (decision, look) = Sequential(baseline, head);

        Assert.Equal(GateStep.Same, decision.Step);
        Assert.True(look > 0, "four processes a side of 6% spread should not show ±10% yet");
    }

    [Fact]
    public void TwentyPercentSlowerIsSlowerAndTwentyPercentFasterIsFaster()
    {
        double[] baseline = Samples(5, 16, 20e6, 0.02);
        double[] slow = [.. Samples(6, 16, 20e6, 0.02).Select(v => v * 1.2)];

        Assert.Equal(GateStep.Slower, Sequential(baseline, slow).Decision.Step);
        Assert.Equal(GateStep.Faster, Sequential(slow, baseline).Decision.Step);
    }

    [Fact]
    public void TenPercentSlowerIsSlowerNotSame()
    {
        double[] baseline = Samples(7, 16, 20e6, 0.01);
        double[] slow = [.. Samples(8, 16, 20e6, 0.01).Select(v => v * 1.1)];

        var (decision, _) = Sequential(baseline, slow);

        Assert.Equal(GateStep.Slower, decision.Step);
        Assert.InRange(decision.Ratio, 1.05, 1.15);
    }

    [Fact]
    public void ASmallShownSlowdownBelowHalfTheThresholdIsSameNotSlower()
    {
        // 2% slower, shown (interval above 1) but below the 5% the rule fails a pull request for, and inside ±10%.
        double[] baseline = Samples(9, 16, 20e6, 0.003);
        double[] head = [.. Samples(10, 16, 20e6, 0.003).Select(v => v * 1.02)];

        Assert.Equal(GateStep.Same, Sequential(baseline, head).Decision.Step);
    }

    [Fact]
    public void NoisySamplesAreUndecidedAtTheLastLookWithTheirInterval()
    {
        var (decision, look) = Sequential(Samples(11, 16, 20e6, 0.4), Samples(12, 16, 20e6, 0.4));

        Assert.Equal(GateStep.Undecided, decision.Step);
        Assert.Equal(Rule.Looks.Count - 1, look);
        Assert.Contains("after 16 processes a side the interval", decision.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void TheFirstLookHasAnIntervalAtItsBonferroniLevel()
    {
        // α/K = 0.05/3 one-sided: four a side give an interval (the smallest one-sided p of Mann–Whitney is 1/70 =
        // 0.014); three a side (1/20) would not. A finding's level (0.0005) has no interval at four a side, and one at
        // eight (the smallest p there is 1/12,870).
        Assert.Equal(0.05 / 3, Rule.AlphaPerLook, 10);
        Assert.Equal(4, Rule.Looks[0]);
        Assert.False(double.IsNaN(Rule.Decide(Samples(13, 4, 1e6, 0.01), Samples(14, 4, 1e6, 0.01), 0).Lower));
        Assert.True(double.IsNaN(Comparer.RatioInterval(Samples(13, 3, 1e6, 0.01), Samples(14, 3, 1e6, 0.01), Rule.AlphaPerLook).Lower));
        Assert.True(double.IsNaN(Comparer.RatioInterval(Samples(13, 4, 1e6, 0.01), Samples(14, 4, 1e6, 0.01), Rule.FindingAlpha).Lower));
        Assert.False(double.IsNaN(Comparer.RatioInterval(Samples(13, 8, 1e6, 0.01), Samples(14, 8, 1e6, 0.01), Rule.FindingAlpha).Lower));
    }

    [Fact]
    public void AcrossManyEqualCasesTheRuleFindsAlmostNothing()
    {
        // A finding's level is 0.0005 per look and direction, at two looks: at most 0.002 of 1,000 synthetic A/A cases
        // of 5% spread (2 expected at most), and none of 20% spread shown Same wrongly often (α = 0.05 per direction).
        int found = 0, wrongSame = 0;
        for (int i = 0; i < 1000; i++)
        {
            GateStep step = Sequential(Samples(1000 + (3 * i), 16, 20e6, 0.05), Samples(1001 + (3 * i), 16, 20e6, 0.05)).Decision.Step;
            found += step is GateStep.Slower or GateStep.Faster ? 1 : 0;
            double[] slow = [.. Samples(5000 + (3 * i), 16, 20e6, 0.05).Select(v => v * 1.2)];
            wrongSame += Sequential(Samples(5001 + (3 * i), 16, 20e6, 0.05), slow).Decision.Step == GateStep.Same ? 1 : 0;
        }

        Assert.InRange(found, 0, 4);
        Assert.InRange(wrongSame, 0, 2 * Rule.Alpha * 1000);
    }

    [Fact]
    public void AFindingNeedsTheSecondLookAndAChangeShownOnlyAtTheLooksLevelIsNotSame()
    {
        // Every head above every base at four a side: p = 1/70 at α/K, short of the finding's 0.0005: continue.
        double[] baseline = Samples(20, 8, 20e6, 0.01);
        double[] slow = [.. Samples(21, 8, 20e6, 0.01).Select(v => v * 1.2)];
        GateDecision first = Rule.Decide(baseline[..4], slow[..4], 0);
        Assert.Equal(GateStep.Continue, first.Step);
        Assert.StartsWith("a change of 1.", first.Reason, StringComparison.Ordinal);
        // At eight a side it is a finding, with the strict level's interval.
        GateDecision second = Rule.Decide(baseline, slow, 1);
        Assert.Equal(GateStep.Slower, second.Step);
        Assert.InRange(second.Lower, 1, second.Ratio);
        Assert.Equal("slowdown shown at one-sided 0.0005", second.Reason);
        // At the last look a change shown at α/K only is Undecided, saying so.
        double[] wide = Samples(22, 16, 20e6, 0.10), wider = [.. Samples(23, 16, 20e6, 0.10).Select(v => v * 1.12)];
        GateDecision last = Rule.Decide(wide, wider, 2);
        if (last.Step == GateStep.Undecided && last.Lower > 1)
        {
            Assert.StartsWith("after 16 processes a side a change of", last.Reason, StringComparison.Ordinal);
        }
        Assert.NotEqual(GateStep.Same, last.Step);
    }

    [Fact]
    public void AllocationsRegressOnlyWhenEveryHeadProcessIsAboveEveryBaseProcessByTheMargin()
    {
        double[] baseline = [19_544, 19_544, 19_560, 19_544, 19_544];

        Assert.True(GateRule.CounterRegressed(baseline, [23_000, 23_010, 23_000, 23_000, 23_000]));
        Assert.False(GateRule.CounterRegressed(baseline, [19_600, 19_610, 19_600, 19_600, 19_600]), "within the 5% margin");
        Assert.False(GateRule.CounterRegressed(baseline, [23_000, 19_000, 23_000, 23_000, 23_000]), "one head process below the base");
        Assert.False(GateRule.CounterRegressed([], [1.0]));
    }

    [Fact]
    public void ATimeThatIsNotPositiveIsRefused()
    {
        Assert.Throws<ArgumentException>(() => Rule.Decide([1, 2, 3, 4, 5], [1, 2, 3, 4, -5], 0));
        Assert.Throws<ArgumentException>(() => Rule.Decide([1, 2, 3, 4, 5], [1, 2, 3, 4, double.NaN], 0));
        Assert.Throws<ArgumentOutOfRangeException>(() => Rule.Decide([1, 2, 3, 4, 5], [1, 2, 3, 4, 5], Rule.Looks.Count));
    }

    [Fact]
    public void TheSummaryCountsEveryVerdictAndNamesEverySlowerAndTrendRecordCaseWithItsReason()
    {
        string line = GateSummary.Line(
            [
                ("A.X(N: 1)", "AsyncDelays", "Same", "equivalence shown"),
                ("A.Y(N: 1)", "AsyncDelays", "Slower", "slowdown shown at one-sided 0.0005"),
                ("U.Z(N: 1)", "SharedState", "Undecided", "budget: ran out"),
                ("C.W(C: 1)", "Chat", "Undecided", "after 16 processes a side the interval [0.6, 1.9] still reaches outside ±10%"),
            ],
            TimeSpan.FromSeconds(301.4));

        Assert.Equal(
            "4 cases (3 families) in 301 s: 1 same, 1 slower, 0 faster, 2 undecided; slower: A.Y(N: 1); "
            + "trend record: U.Z(N: 1) (budget: ran out); C.W(C: 1) (after 16 processes a side the interval [0.6, 1.9] still reaches outside ±10%).",
            line);
        Assert.EndsWith("trend record: none.", GateSummary.Line([("A.X(N: 1)", "AsyncDelays", "Same", "")], TimeSpan.FromSeconds(1)), StringComparison.Ordinal);
        Assert.Equal(
            "2 cases (2 families) in 5 s: 1 same, 0 slower, 0 faster, 0 undecided, 1 in the trend record only; "
            + "trend record: C.W(C: 1) (trend record by its spread: p99 spreads 41%); the time of A.X(N: 1) (its allocations gated: time spreads 31%).",
            GateSummary.Line([("A.X(N: 1)", "SharedState", "Same", "equivalence shown"), ("C.W(C: 1)", "Chat", "Trend", "trend record by its spread: p99 spreads 41%")],
                TimeSpan.FromSeconds(5), [("A.X(N: 1)", "time spreads 31%")]));
        Assert.Throws<ArgumentException>(() => GateSummary.Line([], TimeSpan.Zero));
        Assert.Throws<ArgumentException>(() => GateSummary.Line([("A.X", "F", "Maybe", "")], TimeSpan.Zero));
    }

    // Synthetic workers: each case's process gives bursts drawn from its own distribution (per side), no process runs.
    private sealed class FakeWorkers
    {
        private readonly Random _random = new(42);

        public Dictionary<string, (double Median, double Sigma, bool FirstBurst, bool ScalesWithD)> Cases { get; } = new(StringComparer.Ordinal);

        public HashSet<string> MissingFromHead { get; } = [];

        // Each case's measured spreads as --gate-list gives them (time, allocations); none by default.
        public Dictionary<string, (double Time, double Allocations)> Spreads { get; } = new(StringComparer.Ordinal);

        // Each case's allocated bytes a burst (1,000 by default) and the head's factor on them.
        public Dictionary<string, double> Allocated { get; } = new(StringComparer.Ordinal);

        public double HeadAllocationFactor { get; set; } = 1;

        public List<string> Launched { get; } = [];

        public double HeadFactor { get; set; } = 1;

        public string? FailingCase { get; set; }

        public int Processes { get; private set; }

        public TimeSpan Pause { get; set; }

        // A pause of one case's processes on top of Pause (a slow case, for the order of later looks).
        public Dictionary<string, TimeSpan> PauseOf { get; } = new(StringComparer.Ordinal);

        public (int, string, string) Launch(string folder, IReadOnlyList<string> args, double? slowdown)
        {
            bool head = folder == "head";
            if (args[0] == "--gate-list")
            {
                var lines = Cases.Where(c => !(head && MissingFromHead.Contains(c.Key))).Select(c => JsonSerializer.Serialize(new Dictionary<string, object>
                {
                    ["case"] = c.Key,
                    ["family"] = c.Key.Split('.')[0],
                    ["sampling"] = c.Value.FirstBurst ? "first-burst" : "process-median",
                    ["bursts"] = c.Value.FirstBurst ? 1 : 4,
                    ["scalesWithD"] = c.Value.ScalesWithD,
                    ["gateAllocations"] = false,
                    ["timeSpread"] = Spreads.TryGetValue(c.Key, out var spread) ? spread.Time : -1,
                    ["allocationSpread"] = Spreads.TryGetValue(c.Key, out var spread2) ? spread2.Allocations : -1,
                }));
                return (0, string.Join('\n', lines) + "\n", "");
            }
            Processes++;
            string id = args[1];
            Thread.Sleep(Pause + PauseOf.GetValueOrDefault(id));
            Launched.Add(id);
            if (id == FailingCase)
            {
                return (1, "", $"error: {id} failed: TimeoutException: burst 0 did not end");
            }
            (double median, double sigma, bool firstBurst, bool scales) = Cases[id];
            double factor = head ? HeadFactor * (scales ? slowdown ?? 1 : 1) : 1;
            var output = new System.Text.StringBuilder();
            double allocated = Allocated.GetValueOrDefault(id, 1000) * (head ? HeadAllocationFactor : 1);
            for (int burst = 0; burst < (firstBurst ? 1 : 4); burst++)
            {
                double normal = Math.Sqrt(-2 * Math.Log(1 - _random.NextDouble())) * Math.Cos(2 * Math.PI * _random.NextDouble());
                double ns = median * factor * Math.Exp(sigma * normal);
                output.Append(string.Create(CultureInfo.InvariantCulture, $"{{\"case\":\"{id}\",\"burst\":{burst},\"ns\":{ns:0.0},\"allocatedBytes\":{allocated:0},\"lockContentions\":0,\"threadsCreated\":0,\"poolThreadsAtStart\":2}}\n"));
            }
            return (0, output.ToString(), "");
        }
    }

    private static (int Code, string Output, string Error, string Folder) RunGate(FakeWorkers workers, TestFiles files, double? slowdown = null, int budgetSeconds = 300)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        string folder = files.PathOf("gate");
        int code = new GateRun("base", "head", slowdown, 7, output, error, workers.Launch).Execute(folder, TimeSpan.FromSeconds(budgetSeconds), []);
        return (code, output.ToString(), error.ToString(), folder);
    }

    private static FakeWorkers ThreeFamilies() => new()
    {
        Cases =
        {
            ["AsyncDelays.TaskDelayWhenAll(N: 100, DelayMs: 20)"] = (20.3e6, 0.005, false, true),
            ["Offload.DefaultThreadPool(N: 10, DelayMs: 20)"] = (100e6, 0.01, true, true),
            ["Chat.AsyncSockets(C: 1000, Rate: 2)"] = (2e6, 0.5, true, false),
        },
    };

    [Fact]
    public void AnAaGatePassesWithTheQuietCasesSameAndTheNoisyOneInTheTrendRecord()
    {
        using var files = new TestFiles();
        FakeWorkers workers = ThreeFamilies();

        var (code, output, _, folder) = RunGate(workers, files);

        Assert.Equal(CommandLine.Ok, code);
        string[] rows = File.ReadAllLines(Path.Combine(folder, "verdicts.tsv"));
        Assert.Equal("case\tfamily\tverdict\tscales_with_d\tbase_processes\thead_processes\tnote\tgated_on\ttime_in_trend_record", rows[0]);
        Assert.Contains(rows, r => r.StartsWith("AsyncDelays.TaskDelayWhenAll(N: 100, DelayMs: 20)\tAsyncDelays\tSame\tyes\t4\t4\t", StringComparison.Ordinal));
        Assert.Contains(rows, r => r.StartsWith("Offload.DefaultThreadPool(N: 10, DelayMs: 20)\tOffload\tSame\tyes\t", StringComparison.Ordinal));
        Assert.Contains(rows, r => r.StartsWith("Chat.AsyncSockets(C: 1000, Rate: 2)\tChat\tUndecided\tno\t16\t16\t", StringComparison.Ordinal));
        Assert.Contains("- `Chat.AsyncSockets(C: 1000, Rate: 2)` (Chat): after 16 processes a side", File.ReadAllText(Path.Combine(folder, "trend-record.md")), StringComparison.Ordinal);
        Assert.Contains("gate: 3 cases (3 families) in ", output, StringComparison.Ordinal);
        Assert.Contains(": 2 same, 0 slower, 0 faster, 1 undecided; trend record: Chat.AsyncSockets(C: 1000, Rate: 2) (after 16", output, StringComparison.Ordinal);
        // Every process's bursts are kept, with their side: 4 + 4, 4 + 4 and 16 + 16 processes.
        Assert.Equal(((4 + 4) * 4) + 4 + 4 + 16 + 16, File.ReadAllLines(Path.Combine(folder, "samples.jsonl")).Length);
    }

    [Fact]
    public void TheSlowdownReachesTheHeadsDScalingCasesOnlyAndFailsTheGateWithThemSlowerAtTheSecondLook()
    {
        using var files = new TestFiles();
        FakeWorkers workers = ThreeFamilies();

        var (code, _, error, folder) = RunGate(workers, files, slowdown: 1.10);

        Assert.Equal(CommandLine.Regression, code);
        string[] rows = File.ReadAllLines(Path.Combine(folder, "verdicts.tsv"));
        Assert.Contains(rows, r => r.StartsWith("AsyncDelays.TaskDelayWhenAll(N: 100, DelayMs: 20)\tAsyncDelays\tSlower\tyes\t8\t8\tslowdown shown at one-sided 0.0005", StringComparison.Ordinal));
        Assert.Contains(rows, r => r.StartsWith("Offload.DefaultThreadPool(N: 10, DelayMs: 20)\tOffload\tSlower\tyes\t8\t8\tslowdown shown", StringComparison.Ordinal));
        Assert.Contains("regression: AsyncDelays.TaskDelayWhenAll(N: 100, DelayMs: 20); Offload.DefaultThreadPool(N: 10, DelayMs: 20)", error, StringComparison.Ordinal);
    }

    [Fact]
    public void CasesTheBudgetCannotReachGoToTheTrendRecordSayingBudget()
    {
        using var files = new TestFiles();
        FakeWorkers workers = ThreeFamilies();
        workers.Pause = TimeSpan.FromMilliseconds(150);

        // Eight processes of 150 ms each for the first case's first look: past a budget of one second.
        var (code, output, _, folder) = RunGate(workers, files, budgetSeconds: 1);

        Assert.Equal(CommandLine.Ok, code);
        string trend = File.ReadAllText(Path.Combine(folder, "trend-record.md"));
        Assert.Contains("- `Offload.DefaultThreadPool(N: 10, DelayMs: 20)` (Offload): budget: the gate's 1 s of measuring ran out with 0 processes a side", trend, StringComparison.Ordinal);
        Assert.Contains("trend record: Offload.DefaultThreadPool(N: 10, DelayMs: 20) (budget: ", output, StringComparison.Ordinal);
    }

    [Fact]
    public void ACaseWhoseSpreadsAreBothBeyondTheLastLookGoesToTheTrendRecordUnmeasuredSayingWhy()
    {
        using var files = new TestFiles();
        FakeWorkers workers = ThreeFamilies();
        workers.Spreads["Chat.AsyncSockets(C: 1000, Rate: 2)"] = (0.41, 0.20);

        var (code, output, _, folder) = RunGate(workers, files);

        Assert.Equal(CommandLine.Ok, code);
        Assert.DoesNotContain("Chat.AsyncSockets(C: 1000, Rate: 2)", workers.Launched);
        string why = "trend record by its spread: its time spreads 41% from process to process; the last look (16 processes a side) shows ±10% only up to 6%, and its allocations 20%";
        Assert.Contains($"- `Chat.AsyncSockets(C: 1000, Rate: 2)` (Chat): {why}", File.ReadAllText(Path.Combine(folder, "trend-record.md")), StringComparison.Ordinal);
        Assert.Contains($": 2 same, 0 slower, 0 faster, 0 undecided, 1 in the trend record only; trend record: Chat.AsyncSockets(C: 1000, Rate: 2) ({why}).", output, StringComparison.Ordinal);
        Assert.Contains(File.ReadAllLines(Path.Combine(folder, "verdicts.tsv")), r => r.StartsWith("Chat.AsyncSockets(C: 1000, Rate: 2)\tChat\tTrend\tno\t0\t0\t", StringComparison.Ordinal));
    }

    [Fact]
    public void ACaseWhoseTimeSpreadsTooFarIsGatedOnItsExactAllocationsWithItsTimeInTheTrendRecord()
    {
        using var files = new TestFiles();
        FakeWorkers workers = ThreeFamilies();
        workers.Spreads["Chat.AsyncSockets(C: 1000, Rate: 2)"] = (0.41, 0.0);

        var (code, output, _, folder) = RunGate(workers, files);

        Assert.Equal(CommandLine.Ok, code);
        // Its time spreads by half (sigma 0.5), its bytes not at all: Same at the first look, on the bytes.
        Assert.Contains(File.ReadAllLines(Path.Combine(folder, "verdicts.tsv")), r => r.StartsWith("Chat.AsyncSockets(C: 1000, Rate: 2)\tChat\tSame\tno\t4\t4\tequivalence shown\tallocations\tits time spreads 41%", StringComparison.Ordinal));
        Assert.Contains("- the time of `Chat.AsyncSockets(C: 1000, Rate: 2)` (Chat; the gate gates its allocated bytes): its time spreads 41%", File.ReadAllText(Path.Combine(folder, "trend-record.md")), StringComparison.Ordinal);
        Assert.Contains(": 3 same, 0 slower, 0 faster, 0 undecided; trend record: the time of Chat.AsyncSockets(C: 1000, Rate: 2) (its allocations gated: its time spreads 41%", output, StringComparison.Ordinal);
    }

    [Fact]
    public void AnAllocationRegressionOfACaseGatedOnItsAllocationsIsSlowerAtTheSecondLook()
    {
        using var files = new TestFiles();
        FakeWorkers workers = ThreeFamilies();
        workers.Spreads["Chat.AsyncSockets(C: 1000, Rate: 2)"] = (0.41, 0.0);
        workers.HeadAllocationFactor = 1.2;

        var (code, _, error, folder) = RunGate(workers, files);

        Assert.Equal(CommandLine.Regression, code);
        Assert.Contains(File.ReadAllLines(Path.Combine(folder, "verdicts.tsv")), r => r.StartsWith("Chat.AsyncSockets(C: 1000, Rate: 2)\tChat\tSlower\tno\t8\t8\tslowdown shown at one-sided 0.0005\tallocations", StringComparison.Ordinal));
        Assert.Contains("regression: ", error, StringComparison.Ordinal);
    }

    [Fact]
    public void EveryCasesFirstLookComesBeforeAnyCasesSecondLookAndLaterLooksTakeTheCheapestFirst()
    {
        using var files = new TestFiles();
        FakeWorkers workers = ThreeFamilies();
        // The chat case's processes are the slowest: at the second look the two d-scaling cases (Slower there) go first.
        workers.PauseOf["Chat.AsyncSockets(C: 1000, Rate: 2)"] = TimeSpan.FromMilliseconds(100);
        var (code, _, _, _) = RunGate(workers, files, slowdown: 1.10);

        Assert.Equal(CommandLine.Regression, code);
        List<string> order = workers.Launched;
        int Nth(string id, int n) => order.Select((c, i) => (c, i)).Where(x => x.c == id).Skip(n - 1).First().i;
        string[] ids = [.. workers.Cases.Keys];
        int lastFirstLook = ids.Max(id => Nth(id, 8));
        Assert.All(ids, id => Assert.True(Nth(id, 9) > lastFirstLook, $"{id} took a second look before every case's first look"));
        string chat = "Chat.AsyncSockets(C: 1000, Rate: 2)";
        Assert.True(Nth(chat, 9) > Nth("AsyncDelays.TaskDelayWhenAll(N: 100, DelayMs: 20)", 16), "the cheaper case's second look comes first");
        Assert.True(Nth(chat, 9) > Nth("Offload.DefaultThreadPool(N: 10, DelayMs: 20)", 16), "the cheaper case's second look comes first");
        // No confirmation: 8 + 8 a side for each finding, every look for the noisy chat case.
        Assert.Equal(16 + 16 + 32, order.Count);
    }

    [Fact]
    public void AFindingOfAWideCaseWaitsForTheLookThatShowsItAtTheStrictLevel()
    {
        using var files = new TestFiles();
        var workers = new FakeWorkers { HeadFactor = 1.20 };
        // A case of 3.5% spread, 20% slower: Slower at the second or the third look, never the first.
        workers.Cases["Offload.Wide(N: 1)"] = (50e6, 0.035, true, false);
        workers.Spreads["Offload.Wide(N: 1)"] = (0.035, 0);

        var (code, output, _, folder) = RunGate(workers, files);

        Assert.True(code == CommandLine.Regression, output);
        string[] row = File.ReadAllLines(Path.Combine(folder, "verdicts.tsv"))[1].Split('\t');
        Assert.Equal(["Offload.Wide(N: 1)", "Offload", "Slower"], row[..3]);
        Assert.Contains(int.Parse(row[4], CultureInfo.InvariantCulture), Rule.Looks.Skip(1));
    }

    // One burst of samples.jsonl.
    private static string Burst(string side, string id, int burst, double ns, double bytes) =>
        string.Create(CultureInfo.InvariantCulture, $"{{\"side\":\"{side}\",\"case\":\"{id}\",\"burst\":{burst},\"ns\":{ns},\"allocatedBytes\":{bytes},\"lockContentions\":0}}");

    [Fact]
    public void TheSpreadsAreTheRobustSpreadOfTheProcessSamplesAsTheGateTakesThem()
    {
        var lines = new List<string>();
        // Warm case: 4 bursts a process; the first half (huge) is dropped, the sample is the median of the last two.
        // Base samples 100, 101, 99, 100 (ms); head the same times 1.1 (a shift is not a spread); bytes all 5,000.
        double[] levels = [100, 101, 99, 100];
        foreach ((string side, double factor) in new[] { ("base", 1.0), ("head", 1.1) })
        {
            foreach (double level in levels)
            {
                lines.AddRange([Burst(side, "W.X(N: 1)", 0, 9e9, 1), Burst(side, "W.X(N: 1)", 1, 9e9, 1), Burst(side, "W.X(N: 1)", 2, level * factor * 1e6, 5000), Burst(side, "W.X(N: 1)", 3, level * factor * 1e6, 5000)]);
            }
        }
        // Cold case: one burst a process, one process a side: no spread.
        lines.AddRange([Burst("base", "C.Y(N: 1)", 0, 5e6, 100), Burst("head", "C.Y(N: 1)", 0, 5e6, 100)]);

        IReadOnlyList<GateSpread> spreads = GateSpreads.FromSamples(lines, "samples.jsonl");

        Assert.Equal(["W.X(N: 1)", "C.Y(N: 1)"], spreads.Select(s => s.Case));
        GateSpread warm = spreads[0];
        Assert.Equal((4, 4), (warm.BaseProcesses, warm.HeadProcesses));
        Assert.Equal(100e6, warm.MedianNs, 3);
        // Centred logs a side: 0, 0, log 1.01, log 0.99; the absolute deviations pooled: four 0 and four about 0.01, so
        // their median is half-way between 0 and log 1.01; times 1.4826.
        Assert.Equal(1.4826 * Math.Log(1.01) / 2, warm.TimeSpread, 6);
        Assert.Equal(0, warm.AllocationSpread);
        Assert.True(double.IsNaN(spreads[1].TimeSpread));
        string table = GateSpreads.Table(spreads, Rule);
        Assert.Contains("W.X(N: 1)\t4\t4\t100.00\t0.74\t0.00\ttime\t4", table, StringComparison.Ordinal);
        Assert.Contains("C.Y(N: 1)\t1\t1\t5.00\tn/a\tn/a\tn/a\t-", table, StringComparison.Ordinal);
        var e = Assert.Throws<ResultsFormatException>(() => GateSpreads.FromSamples(["{\"side\":\"base\"}"], "s.jsonl"));
        Assert.StartsWith("s.jsonl line 1: not a gate burst", e.Message, StringComparison.Ordinal);
        Assert.Throws<ResultsFormatException>(() => GateSpreads.FromSamples([Burst("base", "W.X", 0, -1, 0)], "s.jsonl"));
    }

    [Fact]
    public void TheGateSpreadsCommandPrintsTheTableAndRefusesAMissingFileInOneLine()
    {
        using var files = new TestFiles();
        string path = files.PathOf("samples.jsonl");
        File.WriteAllLines(path, [Burst("base", "C.Y(N: 1)", 0, 5e6, 100), Burst("base", "C.Y(N: 1)", 0, 5.1e6, 100), Burst("head", "C.Y(N: 1)", 0, 5e6, 100), Burst("head", "C.Y(N: 1)", 0, 5.1e6, 100)]);
        using var output = new StringWriter();
        using var error = new StringWriter();

        Assert.Equal(CommandLine.Ok, CommandLine.Run(["gate-spreads", path], output, error));
        Assert.StartsWith("case\tbase_processes\thead_processes\tbase_median_ms\ttime_spread_pct", output.ToString(), StringComparison.Ordinal);
        Assert.Contains("C.Y(N: 1)\t2\t2\t5.05\t", output.ToString(), StringComparison.Ordinal);
        using var output2 = new StringWriter();
        using var error2 = new StringWriter();
        Assert.Equal(CommandLine.BadInput, CommandLine.Run(["gate-spreads", files.PathOf("none.jsonl")], output2, error2));
        Assert.Single(error2.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries));
    }

    [Fact]
    public void TheProcessesNeededGrowWithTheSpreadAndEndPastTheLastLook()
    {
        Assert.Equal(4, Rule.ProcessesNeeded(0));
        Assert.Equal(4, Rule.ProcessesNeeded(0.02));
        Assert.Equal(8, Rule.ProcessesNeeded(0.035));
        Assert.Equal(16, Rule.ProcessesNeeded(0.045));
        Assert.Equal(16, Rule.ProcessesNeeded(0.058));
        Assert.Null(Rule.ProcessesNeeded(0.062));
        Assert.Null(Rule.ProcessesNeeded(0.30));
        Assert.InRange(Rule.MaxSpread, 0.058, 0.062);
        Assert.Throws<ArgumentOutOfRangeException>(() => Rule.ProcessesNeeded(-0.01));
        Assert.Throws<ArgumentOutOfRangeException>(() => Rule.ProcessesNeeded(double.NaN));
    }

    [Fact]
    public void ThePlanGatesTimeThenAllocationsThenTheTrendRecord()
    {
        Assert.Equal(new GatePlan(GateMeasure.Time, 4, ""), Rule.Plan(0.004, 0));
        Assert.Equal(new GatePlan(GateMeasure.Time, null, ""), Rule.Plan(null, null));
        GatePlan bytes = Rule.Plan(0.31, 0);
        Assert.Equal(GateMeasure.Allocations, bytes.Measure);
        Assert.Equal(4, bytes.ProcessesNeeded);
        Assert.Equal("its time spreads 31% from process to process; the last look (16 processes a side) shows ±10% only up to 6%", bytes.TrendReason);
        Assert.Equal(GateMeasure.TrendRecord, Rule.Plan(0.14, 0.09).Measure);
        Assert.EndsWith(", and its allocations were not measured", Rule.Plan(0.14, null).TrendReason, StringComparison.Ordinal);
    }

    [Fact]
    public void ASpreadThePlanSaysALookDecidesIsSameThereInNearlyEveryAaRun()
    {
        // What the plan's margin promises (GateRule.SpreadMargin): at the spread the plan puts at each look, synthetic A/A
        // runs show Same at that look in at least about 90% of runs (here at least 80% of 200, a generous bound); at
        // twice that spread, in far fewer.
        foreach ((int look, double spread) in new[] { (0, 0.0225), (1, 0.037), (2, 0.06) })
        {
            int n = Rule.Looks[look];
            Assert.Equal(n, Rule.ProcessesNeeded(spread * 0.98));
            int same = Enumerable.Range(0, 200).Count(i => Rule.Decide(Samples(5000 + (2 * i), n, 1e6, spread), Samples(5001 + (2 * i), n, 1e6, spread), look).Step == GateStep.Same);
            int wide = Enumerable.Range(0, 200).Count(i => Rule.Decide(Samples(9000 + (2 * i), n, 1e6, 2 * spread), Samples(9001 + (2 * i), n, 1e6, 2 * spread), look).Step == GateStep.Same);
            Assert.True(same >= 160, $"{same} of 200 Same at {n} a side and spread {spread}");
            Assert.True(wide < same - 40, $"{wide} of 200 Same at twice the spread, against {same}");
        }
    }

    [Fact]
    public void AGateThatMeasuredNothingIsAnError()
    {
        using var files = new TestFiles();
        FakeWorkers workers = ThreeFamilies();

        var e = Assert.Throws<GateFailedException>(() => RunGate(workers, files, budgetSeconds: 0));

        Assert.Equal("nothing compared: no process ran within the budget of 0 s", e.Message);
        Assert.Equal(0, workers.Processes);
        Assert.False(Directory.Exists(files.PathOf("gate")));
    }

    [Fact]
    public void ACaseOfTheBaseMissingFromTheHeadIsAnErrorNotAPass()
    {
        using var files = new TestFiles();
        FakeWorkers workers = ThreeFamilies();
        workers.MissingFromHead.Add("Chat.AsyncSockets(C: 1000, Rate: 2)");

        var e = Assert.Throws<ResultsFormatException>(() => RunGate(workers, files));

        Assert.Equal("1 gate case(s) of the base missing from the head: Chat.AsyncSockets(C: 1000, Rate: 2)", e.Message);
        Assert.False(Directory.Exists(files.PathOf("gate")));
    }

    [Fact]
    public void AWorkerThatFailedEndsTheGateWithoutAVerdictAndWritesNothing()
    {
        using var files = new TestFiles();
        FakeWorkers workers = ThreeFamilies();
        workers.FailingCase = "Offload.DefaultThreadPool(N: 10, DelayMs: 20)";

        var e = Assert.Throws<GateFailedException>(() => RunGate(workers, files));

        Assert.StartsWith("the base's process for Offload.DefaultThreadPool(N: 10, DelayMs: 20) failed (exit 1): error: ", e.Message.Replace("head's", "base's", StringComparison.Ordinal), StringComparison.Ordinal);
        Assert.False(Directory.Exists(files.PathOf("gate")));
    }

    [Fact]
    public void BuildsThatShareNoCaseAreAnError()
    {
        using var files = new TestFiles();
        var workers = new FakeWorkers();

        Assert.Throws<ResultsFormatException>(() => RunGate(workers, files));
    }

    [Fact]
    public void TheGateCommandRefusesAFolderWithoutTheBenchmarksInOneLine()
    {
        using var files = new TestFiles();
        string empty = files.PathOf("empty");
        Directory.CreateDirectory(empty);
        using var output = new StringWriter();
        using var error = new StringWriter();

        int code = CommandLine.Run(["gate", "--base", empty, "--head", empty, "--out", files.PathOf("gate")], output, error);

        Assert.Equal(CommandLine.BadInput, code);
        Assert.Single(error.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.Contains("no ConcurrencyBench.Benchmarks.dll there", error.ToString(), StringComparison.Ordinal);
        Assert.False(Directory.Exists(files.PathOf("gate")));
    }
}
