using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Engines;
using BenchmarkDotNet.Environments;
using BenchmarkDotNet.Exporters;
using BenchmarkDotNet.Exporters.Csv;
using BenchmarkDotNet.Exporters.Json;
using BenchmarkDotNet.Filters;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Loggers;
using BenchmarkDotNet.Reports;
using BenchmarkDotNet.Running;

namespace ConcurrencyBench.Benchmarks;

/// <summary>The one configuration every profile uses; each setting says why.</summary>
public static class BenchmarkConfig
{
    /// <summary>
    /// Builds the configuration of one BenchmarkDotNet run for <paramref name="profile"/>: a job per burst kind of
    /// <paramref name="modes"/>, on the JIT or compiled ahead of time; <paramref name="timelineInbox"/> is where
    /// benchmark processes leave their timelines. Both kinds in one run share one build (the ahead-of-time one takes
    /// minutes).
    /// </summary>
    public static ManualConfig Create(BenchmarkProfile profile, string timelineInbox, ILogger logger, IReadOnlyCollection<BurstMode> modes, bool nativeAot = false)
    {
        ArgumentNullException.ThrowIfNull(profile);
        ArgumentNullException.ThrowIfNull(modes);
        var excluded = new List<string>();
        ManualConfig config = ManualConfig.CreateEmpty()
            // Default columns, loggers and analysers, but none of the default exporters or jobs: ours follow.
            .AddColumnProvider(DefaultColumnProviders.Instance)
            .AddLogger(logger)
            .AddAnalyser(DefaultConfig.Instance.GetAnalysers().ToArray())
            .AddValidator(DefaultConfig.Instance.GetValidators().ToArray())
            // Peak working set and thread counts, allocations, lock contentions and completed work items per burst
            // (from the thread-pool timeline, recorded from each burst's start to its end), and the timeline itself.
            // BenchmarkDotNet's memory and threading diagnosers are not used: each adds an extra operation after the
            // measured ones, which in a cold-burst process would double its cost, and gives one figure per case
            // where the report needs one per burst (a case's figures come from the same bursts as its median).
            .AddDiagnoser(new ProcessStatsDiagnoser(timelineInbox))
            // Full JSON is what the report and compare commands read; GitHub markdown and CSV are for people.
            .AddExporter(JsonExporter.Full, MarkdownExporter.GitHub, CsvExporter.Default, CsvMeasurementsExporter.Default)
            .AddFilter(new AnyCategoriesFilter([.. profile.Categories]))
            .AddFilter(new SimpleFilter(benchmarkCase => Keep(profile, benchmarkCase, excluded)))
            // The ahead-of-time build took 121 s on a quiet machine and passed BenchmarkDotNet's default 5 minutes at a load
            // of 15 to 20 on the 2 shared cores (the all-pending run of 7 December lost its NativeAOT job to it): 20 minutes
            // still ends a build that hangs.
            .WithBuildTimeout(TimeSpan.FromMinutes(20))
            // A whole run for a report takes minutes: keep going past one failed case, and say so in the exit code.
            .WithOption(ConfigOptions.StopOnFirstError, false)
            // One summary per class, so that Ratio compares a class's models with its own baseline only.
            .WithOption(ConfigOptions.JoinSummary, false)
            .WithOrderer(new BenchmarkDotNet.Order.DefaultOrderer(BenchmarkDotNet.Order.SummaryOrderPolicy.Declared))
            .WithSummaryStyle(SummaryStyle.Default.WithMaxParameterColumnWidth(40));
        var jobs = new List<(Job Job, Func<BenchmarkCase, bool> Runs)>();
        if (modes.Contains(BurstMode.Repeated))
        {
            // The ahead-of-time job runs a case whose time depends on the pool's history cold only: it is compared
            // across runtimes on its cold bursts, and its repeated bursts (the pool learning, shown by the JIT job)
            // would cost as much again.
            jobs.Add((Repeated(profile), c => !nativeAot || !ColdBurstsAttribute.Applies(c)));
        }
        if (modes.Contains(BurstMode.Cold))
        {
            // Every case also runs as cold bursts: a ratio sets cold against cold or warm against warm, so every case
            // needs both kinds. The repeated process's first burst is one more cold sample; a case with no repeated
            // process here (the ahead-of-time job's history-dependent ones) launches that one itself, in a job of its
            // own so that the others keep the JIT's sample count.
            bool coldOnly = nativeAot && modes.Contains(BurstMode.Repeated);
            jobs.Add((Cold(profile, profile.ColdLaunches + (nativeAot && !modes.Contains(BurstMode.Repeated) ? 1 : 0)),
                c => !coldOnly || !ColdBurstsAttribute.Applies(c)));
            if (coldOnly)
            {
                jobs.Add((Cold(profile, profile.ColdLaunches + 1).WithId("OnlyCold"), ColdBurstsAttribute.Applies));
            }
        }
        var ids = new Dictionary<Job, string>();
        foreach ((Job job, Func<BenchmarkCase, bool> runs) in jobs)
        {
            Job final = job;
            if (nativeAot)
            {
                // The same job compiled ahead of time (its ID says so: how the report tells its results apart).
                final = final.WithRuntime(NativeAotRuntime.GetCurrentVersion()).WithToolchain(NativeAot.Toolchain);
            }
            final = final.WithId((nativeAot ? "NativeAot" : "") + job.Id);
            config.AddJob(final);
            string id = final.Id;
            config.AddFilter(new SimpleFilter(c => c.Job.Id != id || runs(c)));
        }
        if (nativeAot)
        {
            config.AddFilter(new SimpleFilter(NativeAot.Applies));
        }
        // The chat sweep's points are described by their warm windows and each one's window 1 (a cold sample of its
        // own): fresh processes for every point would cost the profile's budget several times over, so only the
        // profile's cold point runs cold launches (see ColdBurstsAttribute.OnlyAtTheChatColdPoint).
        config.AddFilter(new SimpleFilter(c => c.Descriptor.Type != typeof(ChatServerLoad)
            || !c.Job.Id.EndsWith(nameof(BurstMode.Cold), StringComparison.Ordinal) || ColdBurstsAttribute.Applies(c)));
        return config;
    }

    // Repeated bursts: the profile's iterations one after another in one process.
    private static Job Repeated(BenchmarkProfile profile) => Common
        .WithIterationCount(profile.Iterations)
        // One process per case (BenchmarkDotNet's default toolchain), so thread-pool settings never leak.
        .WithLaunchCount(1)
        .WithId(nameof(BurstMode.Repeated));

    // Cold bursts: one operation in each of L fresh processes, so that the samples are independent.
    private static Job Cold(BenchmarkProfile profile, int launches) => Common
        .WithIterationCount(1)
        .WithLaunchCount(launches)
        .WithId(nameof(BurstMode.Cold));

    private static Job Common => Job.Default
        // Operations last milliseconds to seconds: Monitoring runs one operation per iteration, with no pilot
        // stage, no overhead subtraction and no outlier removal (the outliers are the story here).
        .WithStrategy(RunStrategy.Monitoring)
        // No warm-up operation: the first iteration meets a cold thread pool (its code primed, see Harness.Setup),
        // and the ones after it show how the pool learns. The report tests every case's iterations for a trend.
        .WithWarmupCount(0)
        // Tiered compilation counts calls at once instead of after a 100 ms delay, so that a process's priming
        // (Harness.Setup) brings the case's hot methods to tier 1 in a few rounds; in steady state the code is the
        // same. Set on every job alike (NativeAOT ignores it).
        .WithEnvironmentVariables(new EnvironmentVariable("DOTNET_TC_CallCountingDelayMs", "0"));

    /// <summary>
    /// Leaves out the cases whose ideal time per operation breaks the profile's limit, and logs each once.
    /// </summary>
    private static bool Keep(BenchmarkProfile profile, BenchmarkCase benchmarkCase, List<string> excluded)
    {
        string name = FullNameProvider.GetBenchmarkName(benchmarkCase);
        string shortName = name.StartsWith(typeof(BenchmarkConfig).Namespace + ".", StringComparison.Ordinal)
            ? name[(typeof(BenchmarkConfig).Namespace!.Length + 1)..]
            : name;
        // The chat sweep is a list of points, not the cross product of its C and rate values.
        if (benchmarkCase.Descriptor.Type == typeof(ChatServerLoad))
        {
            return profile.ChatPoints.Contains(new ChatPoint((int)benchmarkCase.Parameters["C"], (int)benchmarkCase.Parameters["Rate"]));
        }
        // The async delay family at each N with that N's own d, and only the methods the profile names: its grid, not cases
        // left out (nothing to print).
        if (benchmarkCase.Descriptor.Type == typeof(AsyncDelays)
            && ((int)benchmarkCase.Parameters["DelayMs"] != profile.AsyncDelayMsAt((int)benchmarkCase.Parameters["N"])
                || (profile.AsyncDelayMethods.Count > 0 && !profile.AsyncDelayMethods.Contains(benchmarkCase.Descriptor.WorkloadMethod.Name))))
        {
            return false;
        }
        TimeSpan? ideal = IdealTime.For(benchmarkCase);
        bool aheadOfTime = benchmarkCase.Job.Id.StartsWith("NativeAot", StringComparison.Ordinal);
        string? reason = profile.LeftOut.TryGetValue(shortName, out string? why)
            ? why
            : aheadOfTime && profile.LeftOutAheadOfTime.TryGetValue(shortName, out string? whyAhead)
                ? "ahead of time only: " + whyAhead
            : ideal > profile.MaxIdealPerOperation
                ? $"{(benchmarkCase.Descriptor.WorkloadMethod.Name == nameof(MaxWorkersOffload.RaisedMinThreads) ? "k threads alone need" : "ideal")} {ideal.Value.TotalSeconds:0.###} s per operation > limit {profile.MaxIdealPerOperation.TotalSeconds:0.###} s"
                : null;
        if (reason is null)
        {
            return true;
        }
        lock (excluded)
        {
            string key = reason.StartsWith("ahead of time only", StringComparison.Ordinal) ? "NativeAOT " + name : name;
            if (!excluded.Contains(key))
            {
                excluded.Add(key);
                Console.Error.WriteLine($"left out of profile '{profile.Name}': {name}: {reason}");
            }
        }
        return false;
    }
}
