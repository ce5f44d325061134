using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Diagnosers;
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
    /// Builds the configuration of <paramref name="mode"/> for <paramref name="profile"/>; <paramref name="timelineInbox"/>
    /// is where benchmark processes leave their timelines.
    /// </summary>
    public static ManualConfig Create(BenchmarkProfile profile, string timelineInbox, ILogger logger, BurstMode mode = BurstMode.Repeated, bool nativeAot = false)
    {
        ArgumentNullException.ThrowIfNull(profile);
        var excluded = new List<string>();
        Job job = mode == BurstMode.Repeated
            ? Job.Default
                // Operations last milliseconds to seconds: Monitoring runs one operation per iteration, with no
                // pilot stage, no overhead subtraction and no outlier removal (the outliers are the story here).
                .WithStrategy(RunStrategy.Monitoring)
                .WithIterationCount(profile.Iterations)
                // No warm-up: the first iteration meets a cold thread pool, and the ones after it show how the pool
                // learns. The report tests every case's iterations for a trend before it summarises them.
                .WithWarmupCount(0)
                // One process per case (BenchmarkDotNet's default toolchain), so thread-pool settings never leak.
                .WithLaunchCount(1)
            : Job.Default
                // Cold bursts: one operation in each of L fresh processes, so that the samples are independent.
                .WithStrategy(RunStrategy.Monitoring)
                .WithIterationCount(1)
                .WithWarmupCount(0)
                // The JIT's repeated-burst process gives each case one more cold burst (its first); the ahead-of-time
                // job runs no repeated bursts for these cases (below), so it launches that one itself.
                .WithLaunchCount(profile.ColdLaunches + (nativeAot ? 1 : 0));
        if (nativeAot)
        {
            // The same job compiled ahead of time (its ID below says so: how the report tells its results apart).
            job = job.WithRuntime(NativeAotRuntime.GetCurrentVersion()).WithToolchain(NativeAot.Toolchain);
        }
        job = job.WithId(JobId(mode, nativeAot));
        ManualConfig config = ManualConfig.CreateEmpty()
            // Default columns, loggers and analysers, but none of the default exporters or jobs: ours follow.
            .AddColumnProvider(DefaultColumnProviders.Instance)
            .AddLogger(logger)
            .AddAnalyser(DefaultConfig.Instance.GetAnalysers().ToArray())
            .AddValidator(DefaultConfig.Instance.GetValidators().ToArray())
            .AddJob(job)
            // Peak working set and thread counts per process, and the thread-pool timeline.
            .AddDiagnoser(new ProcessStatsDiagnoser(timelineInbox))
            // Full JSON is what the report and compare commands read; GitHub markdown and CSV are for people.
            .AddExporter(JsonExporter.Full, MarkdownExporter.GitHub, CsvExporter.Default, CsvMeasurementsExporter.Default)
            .AddFilter(new AnyCategoriesFilter([.. profile.Categories]))
            .AddFilter(new SimpleFilter(benchmarkCase => Keep(profile, benchmarkCase, excluded)))
            // A whole run for a report takes minutes: keep going past one failed case, and say so in the exit code.
            .WithOption(ConfigOptions.StopOnFirstError, false)
            // One summary per class, so that Ratio compares a class's models with its own baseline only.
            .WithOption(ConfigOptions.JoinSummary, false)
            .WithOrderer(new BenchmarkDotNet.Order.DefaultOrderer(BenchmarkDotNet.Order.SummaryOrderPolicy.Declared))
            .WithSummaryStyle(SummaryStyle.Default.WithMaxParameterColumnWidth(40));
        if (nativeAot)
        {
            config.AddFilter(new SimpleFilter(NativeAot.Applies));
            if (mode == BurstMode.Repeated)
            {
                // A case whose time depends on the pool's history is compared across runtimes on its cold bursts; its
                // repeated bursts (the pool learning, shown by the JIT job) would cost the ahead-of-time job as much
                // again, and its second build already costs minutes: the NativeAOT job runs it cold only.
                config.AddFilter(new SimpleFilter(c => !ColdBurstsAttribute.Applies(c)));
            }
        }
        if (mode == BurstMode.Repeated)
        {
            // Allocated bytes per operation (the cost of one concurrent delay) and completed work items and lock
            // contentions per operation. Both add one extra operation after the measured ones, which in a cold-burst
            // process would double its cost for figures the repeated bursts already give: repeated bursts only.
            config.AddDiagnoser(MemoryDiagnoser.Default, ThreadingDiagnoser.Default);
        }
        else
        {
            config.AddFilter(new SimpleFilter(ColdBurstsAttribute.Applies));
        }
        return config;
    }

    /// <summary>The job's ID: "Repeated" or "Cold", prefixed "NativeAot" for the ahead-of-time job (the report reads both parts).</summary>
    public static string JobId(BurstMode mode, bool nativeAot) => (nativeAot ? "NativeAot" : "") + mode;

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
        TimeSpan? ideal = IdealTime.For(benchmarkCase);
        string? reason = profile.LeftOut.TryGetValue(shortName, out string? why)
            ? why
            : ideal > profile.MaxIdealPerOperation
                ? $"ideal {ideal.Value.TotalSeconds:0.###} s per operation > limit {profile.MaxIdealPerOperation.TotalSeconds:0.###} s"
                : null;
        if (reason is null)
        {
            return true;
        }
        lock (excluded)
        {
            if (!excluded.Contains(name))
            {
                excluded.Add(name);
                Console.Error.WriteLine($"left out of profile '{profile.Name}': {name}: {reason}");
            }
        }
        return false;
    }
}
