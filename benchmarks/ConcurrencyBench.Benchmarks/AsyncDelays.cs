using BenchmarkDotNet.Attributes;
using ConcurrencyBench.Models;

namespace ConcurrencyBench.Benchmarks;

/// <summary>
/// Family 1, the seed's <c>asyncio.sleep</c> under <c>gather</c>: N concurrent delays of d awaited together.
/// Ideal: d whatever N is. Allocated bytes / N is the cost of one concurrent delay.
/// </summary>
[BenchmarkCategory(Categories.AsyncDelays)]
public class AsyncDelays
{
    private readonly ConcurrencyGauge _gauge = new();
    private readonly TaskDelayWhenAll _taskDelay = new();
    private readonly AsyncMethodWhenAll _asyncMethod = new();
    private readonly TaskRunWrappedDelay _taskRun = new();
    private readonly SingleThreadEventLoop _eventLoop = new();
    private readonly AsyncMethodWithState _withState = new();

    /// <summary>Concurrent delays.</summary>
    [ParamsSource(nameof(Jobs))]
    public int N { get; set; }

    /// <summary>Each delay, in milliseconds.</summary>
    [ParamsSource(nameof(Delays))]
    public int DelayMs { get; set; }

    public static IEnumerable<int> Jobs => BenchmarkProfile.Current.AsyncDelayJobs;

    // Every d the profile uses at some N; BenchmarkConfig keeps only each N's own (a profile may sleep longer at a million).
    public static IEnumerable<int> Delays => BenchmarkProfile.Current.AsyncDelayJobs.Select(BenchmarkProfile.Current.AsyncDelayMsAt).Distinct().Order();

    // Each case primes its own code path before its first measured burst (Harness.Setup).
    [GlobalSetup(Target = nameof(TaskDelayWhenAll))]
    public void SetupTaskDelay() => Harness.Setup(TaskDelayWhenAll);

    [GlobalSetup(Target = nameof(AsyncMethodWhenAll))]
    public void SetupAsyncMethod() => Harness.Setup(AsyncMethodWhenAll);

    [GlobalSetup(Target = nameof(AsyncMethodWithState))]
    public void SetupWithState() => Harness.Setup(AsyncMethodWithState);

    [GlobalSetup(Target = nameof(TaskRunWrappedDelay))]
    public void SetupTaskRun() => Harness.Setup(TaskRunWrappedDelay);

    [GlobalSetup(Target = nameof(SingleThreadEventLoop))]
    public void SetupEventLoop() => Harness.Setup(SingleThreadEventLoop);

    [GlobalCleanup]
    public void Cleanup() => Harness.SaveTimeline();

    [IterationSetup]
    public void StartOfBurst() => Harness.StartOfBurst(_gauge);

    [IterationCleanup]
    public void EndOfBurst() => Harness.EndOfBurst();

    [Benchmark(Baseline = true)]
    public Task TaskDelayWhenAll() => Harness.Timed(() => _taskDelay.RunAsync(Harness.Load(N, DelayMs), _gauge));

    [Benchmark]
    public Task AsyncMethodWhenAll() => Harness.Timed(() => _asyncMethod.RunAsync(Harness.Load(N, DelayMs), _gauge));

    // Each task holds 1 KiB across its delay and touches it after: the per-task cost of a task with some state, beside
    // the bare AsyncMethodWhenAll (the other runtimes' runners have the same twin).
    [Benchmark]
    public Task AsyncMethodWithState() => Harness.Timed(() => _withState.RunAsync(Harness.Load(N, DelayMs), _gauge));

    [Benchmark]
    public Task TaskRunWrappedDelay() => Harness.Timed(() => _taskRun.RunAsync(Harness.Load(N, DelayMs), _gauge));

    // Cold bursts too: one thread runs every resumption, and a process has a level of its own (measured here in the
    // gate's A/A pairs at N = 10,000: the same code 17% and 31% slower in one process than in the other, each tight
    // within its process), so only samples from several processes can stand for the model.
    [Benchmark]
    [ColdBursts]
    public Task SingleThreadEventLoop() => Harness.Timed(() => _eventLoop.RunAsync(Harness.Load(N, DelayMs), _gauge));
}
