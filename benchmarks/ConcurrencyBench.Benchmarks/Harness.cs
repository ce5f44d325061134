using System.Globalization;
using ConcurrencyBench.Models;

namespace ConcurrencyBench.Benchmarks;

/// <summary>
/// What every benchmark process does around its case: the thread-pool timeline (sampled inside the process and
/// handed to <see cref="ProcessStatsDiagnoser"/> in the host), the injected-slowdown knob, and the operation bound.
/// </summary>
public static class Harness
{
    /// <summary>Folder where each benchmark process leaves its timeline as PID.json; set by the host.</summary>
    public const string TimelineDirectoryVariable = "CONCURRENCYBENCH_TIMELINE_DIR";

    /// <summary>
    /// Stretches every delay by this factor (for example 1.25) to check that the regression gate catches a slowdown.
    /// Unset or 1 in every real run.
    /// </summary>
    public const string SlowdownVariable = "CONCURRENCYBENCH_SLOWDOWN";

    /// <summary>The path of cbench.dll (the chat load generator's host), set by the host for the chat cases.</summary>
    public const string CbenchVariable = "CONCURRENCYBENCH_CBENCH";

    /// <summary>Sampling interval of the timeline: fine enough for a 100 ms delay, cheap enough to leave on.</summary>
    public static readonly TimeSpan TimelineInterval = TimeSpan.FromMilliseconds(20);

    private static ThreadPoolSampler? s_sampler;

    /// <summary>The slowdown factor in force (1 when the knob is unset).</summary>
    public static double Slowdown
    {
        get
        {
            string? text = Environment.GetEnvironmentVariable(SlowdownVariable);
            return double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out double factor) && factor > 0
                ? factor
                : 1.0;
        }
    }

    /// <summary>The load for <paramref name="jobs"/> jobs of <paramref name="delayMs"/> ms, stretched by <see cref="Slowdown"/>.</summary>
    public static Load Load(int jobs, int delayMs) => Models.Load.FromMilliseconds(jobs, delayMs * Slowdown);

    /// <summary>Starts the timeline sampler when the host asked for one. Call from every [GlobalSetup].</summary>
    public static void StartTimeline()
    {
        if (s_sampler is null && Environment.GetEnvironmentVariable(TimelineDirectoryVariable) is { Length: > 0 })
        {
            s_sampler = ThreadPoolSampler.Start(TimelineInterval);
        }
    }

    /// <summary>
    /// Marks the start of a burst, from which its CPU time and context switches are counted. Call from every
    /// [IterationSetup]: it runs just before BenchmarkDotNet's forced collection and the operation, so a burst's CPU
    /// time includes collecting the previous burst's garbage (one burst's worth, as each burst leaves).
    /// </summary>
    public static void StartOfBurst() => s_sampler?.MarkBurstStart();

    /// <summary>
    /// Marks the end of a burst (one operation) on the timeline with the process's thread count. Call from every
    /// [IterationCleanup], which runs outside the measured operation. <paramref name="measured"/> is the model's own
    /// measurement of the burst where BenchmarkDotNet's timing of the whole call is not what the case measures; the
    /// report reads it in place of BenchmarkDotNet's.
    /// </summary>
    public static void EndOfBurst(TimeSpan? measured = null, ChatBurst? chat = null, GatherOrder? gather = null) =>
        s_sampler?.MarkBurstEnd(measured, chat, gather);

    /// <summary>
    /// Gives burst <paramref name="index"/> (0-based, in the order marked) its measurement and chat figures after its
    /// end, for a case whose figures arrive later (a chat window's, once its load has drained). Call before
    /// <see cref="SaveTimeline"/>; nothing when no timeline is kept or no such burst was marked.
    /// </summary>
    public static void AmendBurst(int index, TimeSpan? measured, ChatBurst? chat)
    {
        if (s_sampler is not null && index < s_sampler.Bursts.Count)
        {
            s_sampler.AmendBurst(index, measured, chat);
        }
    }

    /// <summary>The BenchmarkDotNet job this process runs (e.g. "Repeated" or "Cold"), as the host named it on its command line; null outside one.</summary>
    public static string? Job
    {
        get
        {
            string[] args = Environment.GetCommandLineArgs();
            return Array.IndexOf(args, "--job") is int i and >= 0 && i + 1 < args.Length ? args[i + 1] : null;
        }
    }

    /// <summary>Stops the sampler and leaves the timeline for the host. Call from every [GlobalCleanup].</summary>
    public static void SaveTimeline()
    {
        string? folder = Environment.GetEnvironmentVariable(TimelineDirectoryVariable);
        if (s_sampler is null || string.IsNullOrEmpty(folder))
        {
            return;
        }
        s_sampler.Stop();
        // The case and job this process ran, as BenchmarkDotNet's host named them on our command line: the host
        // collects every launch's timeline by them (it is told of only some of the processes it starts).
        string[] args = Environment.GetCommandLineArgs();
        string? Arg(string name) => Array.IndexOf(args, name) is int i and >= 0 && i + 1 < args.Length ? args[i + 1] : null;
        (s_sampler.ToTimeline(Arg("--benchmarkName") ?? string.Empty) with { Job = Arg("--job") })
            .Save(Path.Combine(folder, $"{Environment.ProcessId}.json"));
        s_sampler.Dispose();
        s_sampler = null;
    }

    /// <summary>Fails the operation with a TimeoutException after the profile's bound instead of letting it hang.</summary>
    public static Task Bounded(Task operation) => operation.WaitAsync(BenchmarkProfile.Current.OperationTimeout);
}
