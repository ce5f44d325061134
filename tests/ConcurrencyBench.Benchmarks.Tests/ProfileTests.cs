using BenchmarkDotNet.Exporters;
using BenchmarkDotNet.Loggers;
using BenchmarkDotNet.Running;

namespace ConcurrencyBench.Benchmarks.Tests;

/// <summary>The profile is read from an environment variable: these tests set it, so they run one at a time.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class ProfileEnvironment
{
    public const string Name = "Profile environment variable";
}

[Collection(ProfileEnvironment.Name)]
public class ProfileTests
{
    /// <summary>The cases BenchmarkDotNet would run for <paramref name="profile"/>, through the real config and its filters.</summary>
    /// <remarks>
    /// One run holds a job per burst kind (both by default, as scripts/run.sh runs them); <paramref name="mode"/>
    /// picks the cases of that kind's job(s) out of it.
    /// </remarks>
    private static List<BenchmarkCase> CasesOf(BenchmarkProfile profile, BurstMode mode = BurstMode.Repeated, bool nativeAot = false)
    {
        string? before = Environment.GetEnvironmentVariable(BenchmarkProfile.EnvironmentVariable);
        Environment.SetEnvironmentVariable(BenchmarkProfile.EnvironmentVariable, profile.Name);
        try
        {
            var config = BenchmarkConfig.Create(profile, Path.GetTempPath(), NullLogger.Instance, [BurstMode.Repeated, BurstMode.Cold], nativeAot);
            return [.. typeof(AsyncDelays).Assembly.GetTypes()
                .Where(t => t.IsPublic && !t.IsAbstract && t.GetMethods().Any(m => m.GetCustomAttributes(typeof(BenchmarkDotNet.Attributes.BenchmarkAttribute), false).Length > 0))
                .SelectMany(t => BenchmarkConverter.TypeToBenchmarks(t, config).BenchmarksCases)
                .Where(c => c.Job.Id.EndsWith(mode.ToString(), StringComparison.Ordinal))];
        }
        finally
        {
            Environment.SetEnvironmentVariable(BenchmarkProfile.EnvironmentVariable, before);
        }
    }

    private static int Param(BenchmarkCase c, string name) => (int)c.Parameters[name];

    [Fact]
    public void TheQuickProfileRunsEveryFamilyWithShortDelaysAndTenIterations()
    {
        var cases = CasesOf(BenchmarkProfile.Quick);

        Assert.Equal(["AsyncDelays", "BlockingCalls", "ChatServerLoad", "DefaultPoolOffload", "MaxWorkersOffload", "PoolStarvation", "UserTable"],
            cases.Select(c => c.Descriptor.Type.Name).Distinct().Order());
        // Every timed family waits 10 to 50 ms per job; the user table does not wait on a timer.
        Assert.All(cases.Where(c => c.Descriptor.Type != typeof(UserTable) && c.Descriptor.Type != typeof(ChatServerLoad)), c => Assert.InRange(Param(c, "DelayMs"), 10, 50));
        // The chat server: three models at 1,000 clients, at 2 and at 20 lines/s per client.
        Assert.Equal(6, cases.Count(c => c.Descriptor.Type == typeof(ChatServerLoad) && Param(c, "C") == 1000));
        // The user table: five guards (System.Threading.Lock on this runtime), each with and without the welcome, at 10,000 users.
        Assert.Equal(10, cases.Count(c => c.Descriptor.Type == typeof(UserTable) && Param(c, "N") == 10_000));
        Assert.All(cases.Where(c => c.Descriptor.Type != typeof(ChatServerLoad)), c => Assert.InRange(Param(c, "N"), 1, 10_000));
        Assert.All(cases, c => Assert.True(c.Job.Run.IterationCount >= 10));
        Assert.DoesNotContain(cases, c => c.Descriptor.Type == typeof(SeedExperiments));
    }

    [Fact]
    public void TheDefaultProfileLeavesOutExactlyTheCasesWhoseIdealBreaksItsLimit()
    {
        var cases = CasesOf(BenchmarkProfile.Default);

        // Every case kept has no fixed bound or one within the limit ...
        Assert.All(cases, c => Assert.True(IdealTime.For(c) is null || IdealTime.For(c) <= BenchmarkProfile.Default.MaxIdealPerOperation));
        // ... k = 4 with N = 1000 (25 s per operation) and with N = 100 (2.5 s, past the 2 s limit) are left out, k = 1000 with N = 1000 is kept ...
        Assert.DoesNotContain(cases, c => c.Descriptor.WorkloadMethod.Name == "BoundedExecutor" && Param(c, "K") == 4 && Param(c, "N") == 100);
        Assert.Contains(cases, c => c.Descriptor.WorkloadMethod.Name == "BoundedExecutor" && Param(c, "K") == 4 && Param(c, "N") == 10);
        Assert.DoesNotContain(cases, c => c.Descriptor.WorkloadMethod.Name == "BoundedExecutor" && Param(c, "K") == 4 && Param(c, "N") == 1000);
        Assert.Contains(cases, c => c.Descriptor.WorkloadMethod.Name == "BoundedExecutor" && Param(c, "K") == 1000 && Param(c, "N") == 1000);
        // ... the default pool is always kept (its time depends on injection: the operation timeout bounds it) ...
        Assert.Equal([10, 100, 1000], cases.Where(c => c.Descriptor.Type == typeof(DefaultPoolOffload)).Select(c => Param(c, "N")).Order());
        // ... and async delays go up to 100,000 (the million is the all-pending profile's, every task asleep at once).
        Assert.Equal(100_000, cases.Where(c => c.Descriptor.Type == typeof(AsyncDelays)).Max(c => Param(c, "N")));
        // The cases left out by name (for time, each with the reason the run prints) are the only other gaps.
        Assert.Equal([1, 10, 100], cases.Where(c => c.Descriptor.WorkloadMethod.Name == "SyncOverAsyncInPool").Select(c => Param(c, "N")).Order());
        Assert.Equal([1, 10, 100], cases.Where(c => c.Descriptor.WorkloadMethod.Name == "ProbeBehindBlockingCalls").Select(c => Param(c, "N")).Order());
        Assert.Equal([1, 10, 100, 1000], cases.Where(c => c.Descriptor.WorkloadMethod.Name == "ProbeBehindAsyncWaits").Select(c => Param(c, "N")).Order());
        Assert.Equal(2, BenchmarkProfile.Default.LeftOut.Count);
    }

    [Fact]
    public void EveryCaseAlsoRunsAsColdBurstsInFreshProcessesInTheSameRun()
    {
        // Like for like: a ratio sets cold against cold or warm against warm, so every case has both kinds. The chat
        // sweep's points are the exception: each has one cold sample of its own (window 1 of its repeated process),
        // and only the profile's cold point runs fresh processes too (every point's would cost the budget many times).
        string Name(BenchmarkCase c) => FullNameProvider.GetBenchmarkName(c);
        bool ChatBesideItsColdPoint(BenchmarkCase c) => c.Descriptor.Type == typeof(ChatServerLoad) && !ColdBurstsAttribute.Applies(c);
        foreach (BenchmarkProfile profile in BenchmarkProfile.All)
        {
            var repeated = CasesOf(profile);
            var cold = CasesOf(profile, BurstMode.Cold);
            Assert.Equal(repeated.Where(c => !ChatBesideItsColdPoint(c)).Select(Name).Order(StringComparer.Ordinal), cold.Select(Name).Order(StringComparer.Ordinal));
            // One operation in each of ColdLaunches processes, no warm-up; the repeated process's first burst is one more.
            Assert.All(cold, c => Assert.Equal((1, profile.ColdLaunches, 0), (c.Job.Run.IterationCount, c.Job.Run.LaunchCount, c.Job.Run.WarmupCount)));
            Assert.All(cold, c => Assert.Equal("Cold", c.Job.Id));
            Assert.All(repeated, c => Assert.Equal((profile.Iterations, 1, 0), (c.Job.Run.IterationCount, c.Job.Run.LaunchCount, c.Job.Run.WarmupCount)));
            // No diagnoser that adds an operation after the measured ones (it would double a cold process's cost):
            // allocations and lock contentions come from each burst's own timeline mark.
            Assert.DoesNotContain(repeated[0].Config.GetDiagnosers(), d => d is BenchmarkDotNet.Diagnosers.MemoryDiagnoser or BenchmarkDotNet.Diagnosers.ThreadingDiagnoser);
            // Priming reaches tier 1 without the tiering delay, on every job alike.
            Assert.All(repeated.Concat(cold), c => Assert.Contains(c.Job.Environment.EnvironmentVariables!, v => v.Key == "DOTNET_TC_CallCountingDelayMs" && v.Value == "0"));
        }
    }

    [Fact]
    public void TheCasesThatDependOnThePoolsHistoryAreMarkedForTheirColdBursts()
    {
        // The default pool, the raised minimum below N, sync-over-async in the pool and the probe behind blocking
        // calls: the cases whose repeated bursts show the pool learning. Not the raised minimum at k = 1000 > N. And
        // the chat server, the event loop and the user table, whose levels differ from process to process.
        string Name(BenchmarkCase c) => c.Descriptor.WorkloadMethod.Name + string.Concat(c.Parameters.Items.Select(p => $" {p.Name}={p.Value}"));
        var marked = CasesOf(BenchmarkProfile.Quick, BurstMode.Cold).Where(ColdBurstsAttribute.Applies).ToList();
        Assert.Equal(
            ["AsyncSockets C=1000 Rate=2", "DefaultThreadPool N=100 DelayMs=20", "EventLoop C=1000 Rate=2", "ProbeBehindBlockingCalls N=10 DelayMs=20",
             "ProbeBehindBlockingCalls N=100 DelayMs=20", "RaisedMinThreads N=100 K=4 DelayMs=20", "RaisedMinThreads N=100 K=64 DelayMs=20",
             "SingleThreadEventLoop N=1 DelayMs=20", "SingleThreadEventLoop N=100 DelayMs=20", "SingleThreadEventLoop N=10000 DelayMs=20",
             "SyncOverAsyncInPool N=10 DelayMs=20", "SyncOverAsyncInPool N=100 DelayMs=20", "ThreadPerConnection C=1000 Rate=2"],
            marked.Where(c => c.Descriptor.Type != typeof(UserTable)).Select(Name).Order(StringComparer.Ordinal));
        Assert.Equal(10, marked.Count(c => c.Descriptor.Type == typeof(UserTable)));
        Assert.Equal(["BlockingOffloadDefaultPool"], CasesOf(BenchmarkProfile.Seed, BurstMode.Cold).Where(ColdBurstsAttribute.Applies).Select(c => c.Descriptor.WorkloadMethod.Name));
    }

    private static readonly string[] s_chatModels = ["AsyncSockets", "EventLoop", "ThreadPerConnection"];

    [Fact]
    public void TheChatSweepRunsItsPointsNotTheCrossProductOfItsValuesAndOnlyItsColdPointCold()
    {
        foreach (BenchmarkProfile profile in new[] { BenchmarkProfile.Quick, BenchmarkProfile.Default })
        {
            var chat = CasesOf(profile).Where(c => c.Descriptor.Type == typeof(ChatServerLoad)).ToList();
            var cold = CasesOf(profile, BurstMode.Cold).Where(c => c.Descriptor.Type == typeof(ChatServerLoad)).ToList();

            // Every point once per model, and nothing else of C × Rate.
            Assert.Equal(profile.ChatPoints.Count * 3, chat.Count);
            Assert.Equal(
                profile.ChatPoints.SelectMany(p => s_chatModels.Select(m => $"{m} {p.Clients} {p.Rate}")).Order(StringComparer.Ordinal),
                chat.Select(c => $"{c.Descriptor.WorkloadMethod.Name} {Param(c, "C")} {Param(c, "Rate")}").Order(StringComparer.Ordinal));
            // Cold bursts at the one cold point only, for each model.
            Assert.Equal(3, cold.Count);
            Assert.All(cold, c => Assert.Equal(profile.ChatColdPoint, new ChatPoint(Param(c, "C"), Param(c, "Rate"))));
            // The C sweep's fixed rate is a rate of the sweep at several C, and the cold point is on it.
            Assert.True(profile.ChatPoints.Count(p => p.Rate == profile.ChatSharedRate) >= (profile == BenchmarkProfile.Default ? 3 : 1));
            Assert.Equal(profile.ChatSharedRate, profile.ChatColdPoint!.Value.Rate);
            // No forced collection lands in the middle of a load that does not stop between windows.
            Assert.All(chat, c => Assert.False(c.Job.Environment.Gc.Force));
        }
        // The default sweep reaches 10,000 clients, at three rates, and sweeps the rate at 1,000 too.
        Assert.Equal([1, 2, 4], BenchmarkProfile.Default.ChatPoints.Where(p => p.Clients == 10_000).Select(p => p.Rate).Order());
        Assert.True(BenchmarkProfile.Default.ChatPoints.Count(p => p.Clients == 1000) >= 4);
    }

    [Fact]
    public void EveryChatPointsWindowsHoldAThousandLinesEachAndTenThousandWarmLinesTogether()
    {
        foreach (BenchmarkProfile profile in new[] { BenchmarkProfile.Quick, BenchmarkProfile.Default })
        {
            foreach (ChatPoint point in profile.ChatPoints)
            {
                TimeSpan window = ChatServerLoad.WindowOf(profile, point.Clients, point.Rate);
                double lines = window.TotalSeconds * point.Clients * point.Rate;
                Assert.True(lines >= 1000, $"{profile.Name} {point}: {lines} lines per window of {window}");
                Assert.True(lines * (profile.Iterations - 1) >= 10_000, $"{profile.Name} {point}: {lines * (profile.Iterations - 1)} warm lines");
                Assert.Equal(0, window.Ticks % TimeSpan.FromMilliseconds(100).Ticks);
            }
        }
    }

    [Fact]
    public void TheChatFamilysTimeFromItsGridStaysWithinItsBudget()
    {
        // Computed from the grid (ChatServerLoad.EstimatedDuration: per point and model, the processes, connecting,
        // the windows and the drain), so that a grid that grows past its share of the run's 30 minutes fails here.
        TimeSpan defaultTime = ChatServerLoad.EstimatedDuration(BenchmarkProfile.Default);
        TimeSpan quickTime = ChatServerLoad.EstimatedDuration(BenchmarkProfile.Quick);
        Console.WriteLine($"chat family: default about {defaultTime.TotalSeconds:0} s, quick about {quickTime.TotalSeconds:0} s");

        Assert.InRange(defaultTime, TimeSpan.FromMinutes(2), TimeSpan.FromMinutes(5));
        // quick's chat cases took 48 s before the sweep (results/baseline: 26 s repeated, 22 s cold); at most 60 s more.
        Assert.InRange(quickTime, TimeSpan.FromSeconds(20), TimeSpan.FromSeconds(48 + 60));
    }

    [Fact]
    public void TheNativeAotJobRunsTheAsyncDelayAndOffloadFamiliesUnderJobIdsOfItsOwn()
    {
        string[] families = ["AsyncDelays", "DefaultPoolOffload", "MaxWorkersOffload"];
        string Name(BenchmarkCase c) => FullNameProvider.GetBenchmarkName(c);

        var aot = CasesOf(BenchmarkProfile.Default, BurstMode.Repeated, nativeAot: true);
        var aotCold = CasesOf(BenchmarkProfile.Default, BurstMode.Cold, nativeAot: true);

        // The same cases as the JIT job's in those families, and no other family's: every case cold; the
        // history-dependent ones cold only (their learning curve is the JIT job's to show), every other one repeated too.
        // (The raised minimum stays the JIT's: ahead of time it is the same pool.)
        // (Nor does the default pool at N = 1,000, by name: the same pool again, and 97 s of the run.)
        string shortName(BenchmarkCase c) => Name(c)["ConcurrencyBench.Benchmarks.".Length..];
        var jit = CasesOf(BenchmarkProfile.Default).Where(c => families.Contains(c.Descriptor.Type.Name) && c.Descriptor.WorkloadMethod.Name != "RaisedMinThreads"
            && !BenchmarkProfile.Default.LeftOutAheadOfTime.ContainsKey(shortName(c))).ToList();
        // (Nor the bounded executors, by name: k dedicated threads, the same managed code, 0.988x to 1.037x the JIT's.)
        Assert.Equal(13, BenchmarkProfile.Default.LeftOutAheadOfTime.Count);
        Assert.Contains("DefaultPoolOffload.DefaultThreadPool(N: 1000, DelayMs: 100)", BenchmarkProfile.Default.LeftOutAheadOfTime.Keys);
        var bounded = CasesOf(BenchmarkProfile.Default).Where(c => c.Descriptor.WorkloadMethod.Name == "BoundedExecutor").Select(shortName).Distinct().ToList();
        Assert.Equal(12, bounded.Count);
        Assert.All(bounded, name => Assert.Contains(name, BenchmarkProfile.Default.LeftOutAheadOfTime.Keys));
        Assert.DoesNotContain(aotCold, c => c.Descriptor.WorkloadMethod.Name == "BoundedExecutor");
        Assert.Contains(CasesOf(BenchmarkProfile.Default, BurstMode.Cold), c => shortName(c) == "DefaultPoolOffload.DefaultThreadPool(N: 1000, DelayMs: 100)");
        Assert.Contains(aotCold, c => shortName(c) == "DefaultPoolOffload.DefaultThreadPool(N: 100, DelayMs: 100)");
        var history = jit.Where(ColdBurstsAttribute.Applies).Select(Name).ToList();
        Assert.NotEmpty(history);
        Assert.Equal(jit.Select(Name).Order(StringComparer.Ordinal), aotCold.Select(Name).Order(StringComparer.Ordinal));
        Assert.Equal(jit.Select(Name).Except(history).Order(StringComparer.Ordinal), aot.Select(Name).Order(StringComparer.Ordinal));
        Assert.All(aot, c => Assert.Equal("NativeAotRepeated", c.Job.Id));
        Assert.All(aot, c => Assert.IsType<BenchmarkDotNet.Environments.NativeAotRuntime>(c.Job.Environment.Runtime));
        Assert.All(aot, c => Assert.Same(NativeAot.Toolchain, c.Job.Infrastructure.Toolchain));
        // Without a repeated-burst process to give its first burst, a history-dependent case launches one process
        // more than the JIT's: the same ColdLaunches + 1 independent samples.
        Assert.All(aotCold.Where(c => history.Contains(Name(c))), c => Assert.Equal(("NativeAotOnlyCold", 1, BenchmarkProfile.Default.ColdLaunches + 1), (c.Job.Id, c.Job.Run.IterationCount, c.Job.Run.LaunchCount)));
        Assert.All(aotCold.Where(c => !history.Contains(Name(c))), c => Assert.Equal(("NativeAotCold", 1, BenchmarkProfile.Default.ColdLaunches), (c.Job.Id, c.Job.Run.IterationCount, c.Job.Run.LaunchCount)));
        Assert.Equal(["AsyncSleeps10000", "BlockingOffload1000Workers", "TwoSleepers5sAnd4s"],
            CasesOf(BenchmarkProfile.Seed, BurstMode.Repeated, nativeAot: true).Select(c => c.Descriptor.WorkloadMethod.Name).Order(StringComparer.Ordinal));
        Assert.Equal(["AsyncSleeps10000", "BlockingOffload1000Workers", "BlockingOffloadDefaultPool", "TwoSleepers5sAnd4s"],
            CasesOf(BenchmarkProfile.Seed, BurstMode.Cold, nativeAot: true).Select(c => c.Descriptor.WorkloadMethod.Name).Order(StringComparer.Ordinal));
    }

    [Fact]
    public void TheSizesGridGivesEveryRuntimeTheCasesWhoseAnswerDependsOnTheCores()
    {
        using var document = System.Text.Json.JsonDocument.Parse(BenchmarkProfile.Sizes.Describe());
        var grid = ConcurrencyBench.Reporting.Runtimes.ProfileGrid.Parse(document.RootElement);

        // The bare sleeps only (the profile's async-delay method), the default pool, the fixes at k = 100, a thread per
        // call, and .NET's starvation probe and Task.Wait in the pool (at 100); 1,000 calls in turn (100 s, past the 2 s limit) are not a
        // question of cores and are dropped as on .NET.
        var run = ConcurrencyBench.Reporting.Runtimes.CaseTable.Of(grid)
            .Where(c => !(c.Bounded && c.LimitSeconds(c.IdealSeconds(512, 0)) > grid.MaxIdealPerOperationSeconds))
            .Select(c => c.ShortName);
        Assert.Equal(
        [
            "AsyncDelays.TaskDelayWhenAll(N: 1000, DelayMs: 100)",
            "AsyncDelays.TaskDelayWhenAll(N: 100000, DelayMs: 100)",
            "DefaultPoolOffload.DefaultThreadPool(N: 1000, DelayMs: 100)",
            "MaxWorkersOffload.BoundedExecutor(N: 1000, K: 100, DelayMs: 100)",
            "MaxWorkersOffload.RaisedMinThreads(N: 1000, K: 100, DelayMs: 100)",
            "BlockingCalls.ThreadPerCall(N: 1000, DelayMs: 100)",
            "PoolStarvation.ProbeBehindBlockingCalls(N: 1000, DelayMs: 100)",
            "BlockingCalls.SyncOverAsyncInPool(N: 100, DelayMs: 100)",
        ], run);
        Assert.Equal(["TaskDelayWhenAll"], grid.AsyncDelayMethods);
        // The chat server at one rate, both models the default report compares, a cold and a warm window per process.
        Assert.Equal((1000, 5, 2000), (grid.Chat!.Clients, grid.Chat.Rate, grid.Chat.WindowMs));
        Assert.Equal(["async", "threads"], grid.Chat.Models);
        // No other profile's grid asks the sweep for either.
        Assert.All(BenchmarkProfile.All.Where(p => p != BenchmarkProfile.Sizes), p =>
        {
            using var other = System.Text.Json.JsonDocument.Parse(p.Describe());
            var parsed = ConcurrencyBench.Reporting.Runtimes.ProfileGrid.Parse(other.RootElement);
            Assert.Null(parsed.Chat);
            Assert.Empty(parsed.SyncOverAsyncJobs!);
        });
        // Node's default pool on one core (2 workers): 50 s a burst, within the timeout.
        Assert.True(grid.OperationTimeoutSeconds > 50);
    }

    [Fact]
    public void DescribeGivesOtherRuntimesTheProfilesGrid()
    {
        foreach (BenchmarkProfile profile in BenchmarkProfile.All)
        {
            using var grid = System.Text.Json.JsonDocument.Parse(profile.Describe());
            System.Text.Json.JsonElement root = grid.RootElement;
            int[] Ints(string name) => [.. root.GetProperty(name).EnumerateArray().Select(e => e.GetInt32())];

            Assert.Equal(profile.Name, root.GetProperty("name").GetString());
            Assert.Equal(profile.DelayMs, root.GetProperty("delayMs").GetInt32());
            Assert.Equal(profile.Iterations, root.GetProperty("iterations").GetInt32());
            Assert.Equal(profile.ColdLaunches, root.GetProperty("coldLaunches").GetInt32());
            Assert.Equal(profile.AsyncDelayJobs, Ints("asyncDelayJobs"));
            Assert.Equal(profile.OffloadJobs, Ints("offloadJobs"));
            Assert.Equal(profile.Workers, Ints("workers"));
            Assert.Equal(profile.BlockingJobs, Ints("blockingJobs"));
            Assert.Equal(profile.OperationTimeout.TotalSeconds, root.GetProperty("operationTimeoutSeconds").GetDouble());
            double limit = root.GetProperty("maxIdealPerOperationSeconds").GetDouble();
            Assert.Equal(profile.MaxIdealPerOperation == TimeSpan.MaxValue ? 1e9 : profile.MaxIdealPerOperation.TotalSeconds, limit);
        }
    }

    [Fact]
    public void TheDefaultProfileLeavesOutSyncOverAsyncAtAThousandForItsColdBurstsCost()
    {
        var repeated = CasesOf(BenchmarkProfile.Default);
        var cold = CasesOf(BenchmarkProfile.Default, BurstMode.Cold);

        Assert.Equal([1, 10, 100], repeated.Where(c => c.Descriptor.WorkloadMethod.Name == "SyncOverAsyncInPool").Select(c => Param(c, "N")).Order());
        Assert.Equal([1, 10, 100], cold.Where(c => c.Descriptor.WorkloadMethod.Name == "SyncOverAsyncInPool").Select(c => Param(c, "N")).Order());
        Assert.Contains(repeated, c => c.Descriptor.WorkloadMethod.Name == "ThreadPerCall" && Param(c, "N") == 1000);
    }

    private static readonly string[] s_allPendingMethods = ["AsyncMethodWithState", "TaskDelayWhenAll", "TaskRunWrappedDelay"];
    private static readonly bool[] s_bothCompilers = [false, true];

    [Fact]
    public void TheAllPendingProfileRunsEachSizeWithItsOwnSleepInFreshProcessesOnly()
    {
        string Name(BenchmarkCase c) => $"{c.Descriptor.WorkloadMethod.Name} N={Param(c, "N")} d={Param(c, "DelayMs")}";
        string[] expected = [.. s_allPendingMethods.SelectMany(m => new[] { $"{m} N=10000 d=1000", $"{m} N=100000 d=3000", $"{m} N=1000000 d=25000" })];

        foreach (bool nativeAot in s_bothCompilers)
        {
            var repeated = CasesOf(BenchmarkProfile.AllPending, BurstMode.Repeated, nativeAot);
            var cold = CasesOf(BenchmarkProfile.AllPending, BurstMode.Cold, nativeAot);

            // Each N with its own d (1 s, 3 s at 100,000, 25 s at a million), never the cross product; only the published shapes' twins.
            Assert.Equal(expected, repeated.Select(Name).Order(StringComparer.Ordinal));
            Assert.Equal(expected, cold.Select(Name).Order(StringComparer.Ordinal));
            // One burst per process: the repeated process's single burst and 2 cold launches, 3 fresh processes a case.
            Assert.All(repeated, c => Assert.Equal((1, 1), (c.Job.Run.IterationCount, c.Job.Run.LaunchCount)));
            Assert.All(cold, c => Assert.Equal((1, 2), (c.Job.Run.IterationCount, c.Job.Run.LaunchCount)));
        }
        // The other runners read the same sizes, sleeps and budget from the grid.
        using var grid = System.Text.Json.JsonDocument.Parse(BenchmarkProfile.AllPending.Describe());
        Assert.Equal(25_000, grid.RootElement.GetProperty("asyncDelayMsByJobs").GetProperty("1000000").GetInt32());
        Assert.Equal(3000, grid.RootElement.GetProperty("asyncDelayMsByJobs").GetProperty("100000").GetInt32());
        Assert.Equal(1000, grid.RootElement.GetProperty("delayMs").GetInt32());
        Assert.True(grid.RootElement.GetProperty("budgetSeconds").GetDouble() > 600);
        // The other profiles' grids are as before: no optional key.
        using var defaultGrid = System.Text.Json.JsonDocument.Parse(BenchmarkProfile.Default.Describe());
        Assert.False(defaultGrid.RootElement.TryGetProperty("asyncDelayMsByJobs", out _));
        Assert.False(defaultGrid.RootElement.TryGetProperty("budgetSeconds", out _));
    }

    [Fact]
    public void TheSeedProfileRunsTheArticlesFourExperimentsOnly()
    {
        var cases = CasesOf(BenchmarkProfile.Seed);

        Assert.Equal(["AsyncSleeps10000", "BlockingOffload1000Workers", "BlockingOffloadDefaultPool", "TwoSleepers5sAnd4s"],
            cases.Select(c => c.Descriptor.WorkloadMethod.Name).Order());
    }

    [Fact]
    public void EveryProfileBoundsItsOperations()
    {
        Assert.All(BenchmarkProfile.All, p => Assert.InRange(p.OperationTimeout, TimeSpan.FromSeconds(1), TimeSpan.FromMinutes(10)));
        Assert.Null(BenchmarkProfile.Find("nonsense"));
        Assert.Same(BenchmarkProfile.Quick, BenchmarkProfile.Find("QUICK"));
    }

    [Fact]
    public void EveryBenchmarkClassHasACategory()
    {
        var classes = typeof(AsyncDelays).Assembly.GetTypes()
            .Where(t => t.GetMethods().Any(m => m.GetCustomAttributes(typeof(BenchmarkDotNet.Attributes.BenchmarkAttribute), false).Length > 0));

        Assert.All(classes, t => Assert.Single(t.GetCustomAttributes(typeof(BenchmarkDotNet.Attributes.BenchmarkCategoryAttribute), false)));
    }

    [Fact]
    public void EveryCaseOfEveryProfileIsPrimedAndSavesItsTimeline()
    {
        // A case without its own [GlobalSetup] is measured unprimed (its first cold burst pays the JIT) and, without the
        // [GlobalCleanup] that saves it, has no timeline: no timer tick, so its ideal would be d where the bursts can end
        // a tick early (AsyncMethodWithState was merged that way, 94.5 ms against an "ideal" of 100 ms).
        foreach (BenchmarkProfile profile in BenchmarkProfile.All)
        {
            foreach (BenchmarkCase c in CasesOf(profile))
            {
                Assert.True(c.Descriptor.GlobalSetupMethod is not null, $"{c.Descriptor.Type.Name}.{c.Descriptor.WorkloadMethod.Name} ({profile.Name}) has no [GlobalSetup]");
                Assert.True(c.Descriptor.GlobalCleanupMethod is not null, $"{c.Descriptor.Type.Name}.{c.Descriptor.WorkloadMethod.Name} ({profile.Name}) has no [GlobalCleanup]");
            }
        }
    }

    [Theory]
    [InlineData("ConcurrencyBench.Benchmarks.MaxWorkersOffload.BoundedExecutor(N: 100, K: 4, DelayMs: 20)",
        "ConcurrencyBench.Benchmarks.MaxWorkersOffload.BoundedExecutor_N__100__K__4__DelayMs__20_.json")]
    public void TimelineFileNamesAreSafe(string fullName, string expected)
    {
        Assert.Equal(expected, ProcessStatsDiagnoser.FileNameFor(fullName));
    }

    [Fact]
    public void EveryCaseOfEveryProfileHasAFamilyInTheReportAndCarriesTheParametersItsFamilyRequires()
    {
        // A benchmark added without its family file would land in the report's "Other cases", uncharted; a renamed
        // [Params] would make the report refuse the results as corrupt.
        foreach (BenchmarkProfile profile in BenchmarkProfile.All)
        {
            foreach (BenchmarkCase c in CasesOf(profile))
            {
                string type = c.Descriptor.Type.Name, method = c.Descriptor.WorkloadMethod.Name;
                Assert.True(ConcurrencyBench.Reporting.ModelCatalog.Declared(type, method) is not null, $"{type}.{method} ({profile.Name}) has no family");
                foreach (string name in ConcurrencyBench.Reporting.ModelCatalog.RequiredParameters(type))
                {
                    Assert.True(c.Parameters.Items.Any(p => p.Name == name), $"{type}.{method} ({profile.Name}) lacks the parameter {name}");
                }
            }
        }
    }
}

[Collection(ProfileEnvironment.Name)]
public class SlowdownTests
{
    [Theory]
    [InlineData(null, 20.0)]
    [InlineData("1.25", 25.0)]
    [InlineData("not a number", 20.0)]
    [InlineData("-3", 20.0)]
    public void TheSlowdownKnobStretchesEveryDelayAndIgnoresNonsense(string? knob, double expectedMs)
    {
        string? before = Environment.GetEnvironmentVariable(Harness.SlowdownVariable);
        Environment.SetEnvironmentVariable(Harness.SlowdownVariable, knob);
        try
        {
            Assert.Equal(TimeSpan.FromMilliseconds(expectedMs), Harness.Load(5, 20).Delay);
            Assert.Equal(5, Harness.Load(5, 20).Jobs);
            Assert.Equal(TimeSpan.FromMilliseconds(expectedMs * 50), Harness.Wait(TimeSpan.FromSeconds(1)));
        }
        finally
        {
            Environment.SetEnvironmentVariable(Harness.SlowdownVariable, before);
        }
    }
}

[Collection(ProfileEnvironment.Name)]
public class PrimingTests
{
    [Fact]
    public void PrimingRunsTheOperationAtASizeThePoolsMinimumCoversAndThenRestoresTheCasesSize()
    {
        var loads = new List<ConcurrencyBench.Models.Load>();
        var counts = new List<int>();
        var waits = new List<TimeSpan>();

        Harness.Prime(() =>
        {
            loads.Add(Harness.Load(1_000_000, 100));
            counts.Add(Harness.Jobs(10_000));
            waits.Add(Harness.Wait(TimeSpan.FromSeconds(5)));
            return Task.CompletedTask;
        });

        // Several rounds in two phases (tier 0 and the instrumented tier, then tier 1), each at most one job per core of 1 ms.
        Assert.InRange(loads.Count, 2, (2 * Harness.PrimingRounds) + Harness.FinalRounds);
        Assert.All(loads, l => Assert.Equal((Harness.PrimingJobs, TimeSpan.FromMilliseconds(1)), (l.Jobs, l.Delay)));
        Assert.All(counts, c => Assert.Equal(Harness.PrimingJobs, c));
        Assert.All(waits, w => Assert.Equal(TimeSpan.FromMilliseconds(1), w));
        Assert.True(Harness.PrimingJobs <= Environment.ProcessorCount);
        // Outside priming, the case's own size.
        Assert.Equal(1_000_000, Harness.Load(1_000_000, 100).Jobs);
        Assert.Equal(3, Harness.Jobs(3));
        Assert.Equal(1, Harness.Jobs(1));
    }

    [Fact]
    public void PrimingABlockingPoolModelLeavesThePoolNoLargerThanItsMinimum()
    {
        // What a cold burst must start with: a pool that has learned nothing it keeps. Blocking calls of one core's
        // worth fit in the default minimum, so the pool never injects for them: priming never has more calls blocked at
        // once than the minimum has threads. (The pool's thread count itself is not asserted here: the pool is the
        // test process's, shared with xunit's own work, and on a loaded machine its starvation and hill-climbing rules
        // add threads for that work; a cold burst's starting pool is recorded per burst as poolThreadsAtStart.)
        var model = new ConcurrencyBench.Models.DefaultThreadPoolOffload();
        var gauge = new ConcurrencyBench.Models.ConcurrencyGauge();
        ThreadPool.GetMinThreads(out int minimum, out _);

        Harness.Prime(() => model.RunAsync(Harness.Load(1000, 100), gauge));

        Assert.InRange(gauge.MaxConcurrent, 1, Harness.PrimingJobs);
        Assert.True(Harness.PrimingJobs <= minimum, $"priming blocks {Harness.PrimingJobs} calls at once, past the pool's minimum of {minimum}");
    }

    [Fact]
    public void PrimingFailsAnOperationThatDoesNotFinishInsteadOfHanging()
    {
        var never = new TaskCompletionSource();
        var started = System.Diagnostics.Stopwatch.StartNew();
        Assert.Throws<TimeoutException>(() => Harness.Prime(() => never.Task, TimeSpan.FromMilliseconds(200)));
        Assert.True(started.Elapsed < TimeSpan.FromSeconds(60));
        // The case's own size again after the failed priming.
        Assert.Equal(10_000, Harness.Jobs(10_000));
    }
}
