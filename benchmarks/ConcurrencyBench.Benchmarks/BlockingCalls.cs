using BenchmarkDotNet.Attributes;
using ConcurrencyBench.Models;

namespace ConcurrencyBench.Benchmarks;

/// <summary>
/// Family 3, the seed's synchronous breakfast: N blocking calls of d run one after the other (the baseline, N·d),
/// on a thread each, blocked inside pool work items, and inside the single-threaded event loop.
/// </summary>
[BenchmarkCategory(Categories.Blocking)]
public class BlockingCalls
{
    private readonly ConcurrencyGauge _gauge = new();
    private readonly SequentialBlocking _sequential = new();
    private readonly ThreadPerCall _threadPerCall = new();
    private readonly SyncOverAsyncInPool _syncOverAsync = new();
    private readonly BlockingOnEventLoop _eventLoop = new();

    /// <summary>Blocking calls.</summary>
    [ParamsSource(nameof(Jobs))]
    public int N { get; set; }

    /// <summary>Each call's wait, in milliseconds.</summary>
    [ParamsSource(nameof(Delays))]
    public int DelayMs { get; set; }

    public static IEnumerable<int> Jobs => BenchmarkProfile.Current.BlockingJobs;

    public static IEnumerable<int> Delays => [BenchmarkProfile.Current.DelayMs];

    // Each case primes its own code path before its first measured burst (Harness.Setup).
    [GlobalSetup(Target = nameof(Sequential))]
    public void SetupSequential() => Harness.Setup(Sequential);

    [GlobalSetup(Target = nameof(ThreadPerCall))]
    public void SetupThreadPerCall() => Harness.Setup(ThreadPerCall);

    [GlobalSetup(Target = nameof(SyncOverAsyncInPool))]
    public void SetupSyncOverAsync() => Harness.Setup(SyncOverAsyncInPool, primingDelay: TimeSpan.Zero);

    [GlobalSetup(Target = nameof(BlockingOnEventLoop))]
    public void SetupBlockingOnEventLoop() => Harness.Setup(BlockingOnEventLoop);

    [GlobalCleanup]
    public void Cleanup() => Harness.SaveTimeline();

    [IterationSetup]
    public void StartOfBurst() => Harness.StartOfBurst(_gauge);

    [IterationCleanup]
    public void EndOfBurst() => Harness.EndOfBurst();

    [Benchmark(Baseline = true)]
    public Task Sequential() => Harness.Timed(() => _sequential.RunAsync(Harness.Load(N, DelayMs), _gauge));

    [Benchmark]
    public Task ThreadPerCall() => Harness.Timed(() => _threadPerCall.RunAsync(Harness.Load(N, DelayMs), _gauge));

    [Benchmark]
    [ColdBursts]
    public Task SyncOverAsyncInPool() => Harness.Timed(() => _syncOverAsync.RunAsync(Harness.Load(N, DelayMs), _gauge));

    [Benchmark]
    public Task BlockingOnEventLoop() => Harness.Timed(() => _eventLoop.RunAsync(Harness.Load(N, DelayMs), _gauge));
}

/// <summary>
/// Family 3's collateral damage: how long a short probe work item, queued to the pool behind N jobs, waits before it
/// runs. Behind blocking calls it waits for a thread; behind async waits (the baseline) it should hardly wait. The
/// probe times its own wait (queued to started); BenchmarkDotNet's time of the call also holds queuing the N jobs
/// and waking the benchmark thread, so the probe's own figure goes on the timeline as the burst's measurement and
/// the report reads that. The N jobs drain in [IterationCleanup], outside the measurement, so one iteration's
/// blocked threads never delay the next.
/// </summary>
[BenchmarkCategory(Categories.Blocking)]
public class PoolStarvation
{
    private readonly ConcurrencyGauge _gauge = new();
    private StarvationProbe.Run? _run;

    /// <summary>Jobs queued ahead of the probe.</summary>
    [ParamsSource(nameof(Jobs))]
    public int N { get; set; }

    /// <summary>Each job's wait, in milliseconds.</summary>
    [ParamsSource(nameof(Delays))]
    public int DelayMs { get; set; }

    public static IEnumerable<int> Jobs => BenchmarkProfile.Current.BlockingJobs;

    public static IEnumerable<int> Delays => [BenchmarkProfile.Current.DelayMs];

    // Each case primes its own code path, its load drained before the first measured burst (Harness.Setup).
    [GlobalSetup(Target = nameof(ProbeBehindAsyncWaits))]
    public void SetupAsyncWaits() => Harness.Setup(() => PrimeRound(PoolLoadKind.AsyncWaits));

    [GlobalSetup(Target = nameof(ProbeBehindBlockingCalls))]
    public void SetupBlockingCalls() => Harness.Setup(() => PrimeRound(PoolLoadKind.BlockingCalls));

    [GlobalCleanup]
    public void Cleanup() => Harness.SaveTimeline();

    [IterationSetup]
    public void StartOfBurst() => Harness.StartOfBurst(_gauge);

    [IterationCleanup]
    public void DrainLoad()
    {
        // Bounded like the operation itself: a load that cannot drain fails the case instead of hanging it (or
        // leaking its blocked threads into the next iteration).
        if (_run is not null && !_run.Load.Wait(BenchmarkProfile.Current.OperationTimeout))
        {
            throw new TimeoutException($"the load behind the probe did not drain within {BenchmarkProfile.Current.OperationTimeout}");
        }
        Harness.EndOfBurst(_run?.ProbeWait.Status == TaskStatus.RanToCompletion ? _run.ProbeWait.Result : null);
        _run = null;
    }

    [Benchmark(Baseline = true)]
    public Task ProbeBehindAsyncWaits() => Probe(PoolLoadKind.AsyncWaits);

    [Benchmark]
    [ColdBursts]
    public Task ProbeBehindBlockingCalls() => Probe(PoolLoadKind.BlockingCalls);

    private async Task PrimeRound(PoolLoadKind kind)
    {
        await Probe(kind).ConfigureAwait(false);
        await _run!.Load.ConfigureAwait(false);
        _run = null;
    }

    private Task Probe(PoolLoadKind kind)
    {
        _run = StarvationProbe.Start(Harness.Load(N, DelayMs), kind, _gauge);
        return Harness.Bounded(_run.ProbeWait);
    }
}
