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

    /// <summary>
    /// The load for <paramref name="jobs"/> jobs of <paramref name="delayMs"/> ms, stretched by <see cref="Slowdown"/>;
    /// while <see cref="Prime"/> runs, the priming size instead (<see cref="Jobs"/> jobs of 1 ms).
    /// </summary>
    public static Load Load(int jobs, int delayMs) => s_priming
        ? new Models.Load(Jobs(jobs), s_primingDelay)
        : Models.Load.FromMilliseconds(jobs, delayMs * Slowdown);

    // The wait of each priming job: 1 ms, or none for a model whose waiting on the pool would make it grow.
    private static TimeSpan s_primingDelay = TimeSpan.FromMilliseconds(1);

    /// <summary>
    /// A case's count of jobs (users, clients): <paramref name="count"/>, or while <see cref="Prime"/> runs at most
    /// <see cref="PrimingJobs"/>, which no pool needs to grow for.
    /// </summary>
    public static int Jobs(int count) => s_priming ? Math.Min(count, PrimingJobs) : count;

    /// <summary>A case's fixed wait (the seed's 5 s and 4 s sleepers), stretched by <see cref="Slowdown"/>; 1 ms while priming.</summary>
    public static TimeSpan Wait(TimeSpan wait) => s_priming ? TimeSpan.FromMilliseconds(1) : wait * Slowdown;

    /// <summary>
    /// Jobs per priming round: the machine's core count, the default thread pool's minimum, which the pool starts
    /// without delay; so priming a blocking model never makes the pool inject a thread it would keep.
    /// </summary>
    public static int PrimingJobs => Math.Max(1, Environment.ProcessorCount);

    private static volatile bool s_priming;

    /// <summary>
    /// Starts the timeline and primes the case's code path: call from every [GlobalSetup], with the benchmark method
    /// the process will measure, after the model is built.
    /// </summary>
    /// <remarks>
    /// A cold burst must measure a cold pool, not uncompiled code: the JIT compiling the case's methods is the
    /// runtime's start-up, which the model comparisons are not about (a user-table burst of one session took 12–17 ms
    /// unprimed against 0.03–0.11 ms warm). So before its first measured burst every process (the repeated-burst
    /// process and each cold-burst launch alike) runs <paramref name="operation"/> at the priming size
    /// (<see cref="Load"/>, <see cref="Jobs"/>, <see cref="Wait"/>): at most <see cref="PrimingJobs"/> jobs of 1 ms,
    /// which the pool runs on the threads its minimum gives at once, so it learns nothing that it would keep. It runs
    /// two phases of <see cref="PrimingRounds"/> rounds (fewer past <see cref="PrimingBudget"/>), each followed by a
    /// pause: the first round compiles every method at tier 0, the rest make the hot ones reach tiered compilation's
    /// call counts (the JIT jobs set the call-counting delay to 0, see BenchmarkConfig) for the instrumented tier in
    /// the first phase and the optimized tier 1 in the second; each pause lets the background compilation finish.
    /// Measured here on the user table at 10,000 users: 15 ms cold with one phase of 32 rounds, 3.5 ms with two
    /// phases of 200, 2.1 ms warm. NativeAOT, which has nothing to compile, runs one phase and no pause. Each burst's timeline
    /// mark records the pool threads it started with, so the report can show that the priming left the pool at its
    /// minimum.
    /// </remarks>
    /// <param name="operation">The benchmark method the process will measure.</param>
    /// <param name="primingDelay">
    /// Each priming job's wait (1 ms when null). Zero for sync-over-async in the pool: a work item blocked on a task makes
    /// the pool's blocking compensation add threads at once, which it would keep (measured: cold bursts starting with 5
    /// pool threads against a minimum of 2); a completed task runs the same code path without blocking.
    /// </param>
    public static void Setup(Func<Task> operation, TimeSpan? primingDelay = null)
    {
        ArgumentNullException.ThrowIfNull(operation);
        StartTimeline();
        s_primingDelay = primingDelay ?? TimeSpan.FromMilliseconds(1);
        Prime(operation);
    }

    /// <summary>
    /// Rounds per priming phase: past tiered compilation's call count (30) for a method called once per round, in each
    /// phase (the instrumented tier, then the optimized one); a method called per job is called one or two times as often.
    /// </summary>
    public const int PrimingRounds = 40;

    /// <summary>
    /// No more rounds of a priming phase start after this: it bounds what priming adds to every process, of which a
    /// default run starts about a thousand (a round of a 1 ms delay takes 1–2 ms).
    /// </summary>
    public static readonly TimeSpan PrimingBudget = TimeSpan.FromMilliseconds(60);

    /// <summary>Rounds after the priming phases, each after a full collection as BenchmarkDotNet's iterations are.</summary>
    public const int FinalRounds = 2;

    /// <summary>
    /// The longest pause after a priming phase under the JIT: it ends as soon as the JIT has compiled nothing new for
    /// 20 ms (<see cref="System.Runtime.JitInfo.GetCompiledMethodCount"/>), when the background compilation is done.
    /// </summary>
    public static readonly TimeSpan PrimingPause = TimeSpan.FromMilliseconds(100);

    /// <summary>
    /// Runs <paramref name="operation"/> at the priming size (see <see cref="Setup"/>); each round bounded by
    /// <paramref name="timeout"/> (the profile's operation timeout when null).
    /// </summary>
    /// <exception cref="TimeoutException">A round did not finish in time.</exception>
    public static void Prime(Func<Task> operation, TimeSpan? timeout = null)
    {
        ArgumentNullException.ThrowIfNull(operation);
        TimeSpan bound = timeout ?? BenchmarkProfile.Current.OperationTimeout;
        // Two phases under the JIT: tier 0 and its instrumented recompilation (dynamic PGO) in the first, the
        // optimized tier 1 in the second; the pause after each lets the background compilation finish.
        int phases = System.Runtime.CompilerServices.RuntimeFeature.IsDynamicCodeCompiled ? 2 : 1;
        for (int phase = 0; phase < phases; phase++)
        {
            s_priming = true;
            try
            {
                var elapsed = System.Diagnostics.Stopwatch.StartNew();
                for (int round = 0; round < PrimingRounds && (round == 0 || elapsed.Elapsed < PrimingBudget); round++)
                {
                    if (!operation().Wait(bound))
                    {
                        throw new TimeoutException($"priming did not finish within {bound}");
                    }
                }
            }
            finally
            {
                s_priming = false;
            }
            if (System.Runtime.CompilerServices.RuntimeFeature.IsDynamicCodeCompiled)
            {
                WaitForTheJit();
            }
        }
        // Last, a few rounds in the rhythm of the measured bursts: BenchmarkDotNet forces a full collection before each
        // iteration, and a process's first collections and the rounds after them still run slower than later ones
        // (measured here on the user table at one user: cold 0.16 ms without these rounds, 0.09 ms with them, warm 0.02 ms).
        for (int round = 0; round < FinalRounds; round++)
        {
            GC.Collect();
            GC.WaitForPendingFinalizers();
            GC.Collect();
            s_priming = true;
            try
            {
                if (!operation().Wait(bound))
                {
                    throw new TimeoutException($"priming did not finish within {bound}");
                }
            }
            finally
            {
                s_priming = false;
            }
        }
    }

    // Until the JIT has compiled nothing for 20 ms (its background tier-up has finished), at most PrimingPause.
    private static void WaitForTheJit()
    {
        var waited = System.Diagnostics.Stopwatch.StartNew();
        long compiled = System.Runtime.JitInfo.GetCompiledMethodCount();
        int quiet = 0;
        while (waited.Elapsed < PrimingPause && quiet < 2)
        {
            Thread.Sleep(10);
            long now = System.Runtime.JitInfo.GetCompiledMethodCount();
            quiet = now == compiled ? quiet + 1 : 0;
            compiled = now;
        }
    }

    /// <summary>Starts the timeline sampler when the host asked for one (<see cref="Setup"/> calls it).</summary>
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
    public static void StartOfBurst(ConcurrencyGauge? gauge = null)
    {
        // The gauge counts this burst's jobs in progress; its largest count goes on the burst's mark.
        s_gauge = gauge;
        gauge?.Reset();
        s_sampler?.MarkBurstStart();
    }

    private static ConcurrencyGauge? s_gauge;

    /// <summary>
    /// Marks the end of a burst (one operation) on the timeline with the process's thread count. Call from every
    /// [IterationCleanup], which runs outside the measured operation. <paramref name="measured"/> is the model's own
    /// measurement of the burst where BenchmarkDotNet's timing of the whole call is not what the case measures (the
    /// probe's wait, a chat load's latency); else the operation's own time from <see cref="Timed"/>. The report reads
    /// it in place of BenchmarkDotNet's.
    /// </summary>
    public static void EndOfBurst(TimeSpan? measured = null, ChatBurst? chat = null, GatherOrder? gather = null)
    {
        TimeSpan? own = measured ?? s_measured;
        s_measured = null;
        s_sampler?.MarkBurstEnd(own, chat, gather, s_gauge?.MaxConcurrent);
    }

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
            if (JobOverride is string job)
            {
                return job;
            }
            string[] args = Environment.GetCommandLineArgs();
            return Array.IndexOf(args, "--job") is int i and >= 0 && i + 1 < args.Length ? args[i + 1] : null;
        }
    }

    /// <summary>
    /// The job this process runs when no BenchmarkDotNet host named one: the gate's worker (<c>--gate-run</c>) sets
    /// "Cold" for a case whose process gives one sample, so that a chat case runs one window as a cold launch does.
    /// </summary>
    public static string? JobOverride { get; set; }

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

    /// <summary>
    /// Runs one operation, bounded like <see cref="Bounded"/>, and times it from its call to its completion; the time
    /// goes on the burst's timeline mark (<see cref="EndOfBurst"/>), where the report reads it in place of
    /// BenchmarkDotNet's. Why: BenchmarkDotNet's Monitoring strategy has no jitting stage, so its time of a process's
    /// first operation includes compiling its own invoke path (about 0.3 ms here: ten times a one-user burst of the
    /// user table), which priming cannot reach; a cold burst must measure a cold pool, not uncompiled code.
    /// </summary>
    public static async Task Timed(Func<Task> operation)
    {
        ArgumentNullException.ThrowIfNull(operation);
        long started = System.Diagnostics.Stopwatch.GetTimestamp();
        await operation().WaitAsync(BenchmarkProfile.Current.OperationTimeout).ConfigureAwait(false);
        TimeSpan elapsed = System.Diagnostics.Stopwatch.GetElapsedTime(started);
        if (!s_priming)
        {
            s_measured = elapsed;
        }
    }

    // The last operation's own time (Timed), taken by the burst's end mark.
    private static TimeSpan? s_measured;
}
