using BenchmarkDotNet.Attributes;
using ConcurrencyBench.Models;

namespace ConcurrencyBench.Benchmarks;

/// <summary>
/// The seed article's experiments at the article's own sizes (run with <c>--profile seed</c>). Each method names
/// the experiment it repeats; the article's Python timings were single runs of the same shapes.
/// </summary>
[BenchmarkCategory(Categories.Seed)]
public class SeedExperiments
{
    private readonly ConcurrencyGauge _gauge = new();
    private readonly DefaultThreadPoolOffload _defaultPool = new();
    private readonly AsyncMethodWhenAll _coroutines = new();
    private BoundedExecutorOffload? _thousandWorkers;
    // The last gather of sleepers, read after the burst: its result order and resumption order go on the timeline,
    // where the report's claims section reads them.
    private Task<Gather.Outcome>? _sleepers;

    // Each case primes its own code path before its first measured burst (Harness.Setup).
    [GlobalSetup(Target = nameof(TwoSleepers5sAnd4s))]
    public void SetupSleepers() => Harness.Setup(TwoSleepers5sAnd4s);

    [GlobalSetup(Target = nameof(BlockingOffloadDefaultPool))]
    public void SetupDefaultPool() => Harness.Setup(BlockingOffloadDefaultPool);

    [GlobalSetup(Target = nameof(AsyncSleeps10000))]
    public void SetupAsyncSleeps() => Harness.Setup(AsyncSleeps10000);

    // Python's ThreadPoolExecutor(max_workers=1000) starts threads on demand; starting all 1,000 here keeps thread
    // creation out of the measurement, which favours the executor slightly. The report says so.
    [GlobalSetup(Target = nameof(BlockingOffload1000Workers))]
    public void SetupExecutor()
    {
        _thousandWorkers = new BoundedExecutorOffload(1000);
        Harness.Setup(BlockingOffload1000Workers);
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        Harness.SaveTimeline();
        _thousandWorkers?.Dispose();
    }

    [IterationSetup]
    public void StartOfBurst() => Harness.StartOfBurst(_gauge);

    [IterationCleanup]
    public void EndOfBurst()
    {
        Task<Gather.Outcome>? sleepers = Interlocked.Exchange(ref _sleepers, null);
        Harness.EndOfBurst(gather: sleepers is { IsCompletedSuccessfully: true }
            ? new GatherOrder(sleepers.Result.Results, sleepers.Result.CompletionOrder)
            : null);
    }

    /// <summary>Experiment 1: asyncio.sleep(5) and asyncio.sleep(4) under gather: about 5 s.</summary>
    [Benchmark]
    public Task TwoSleepers5sAnd4s() => Harness.Timed(() => _sleepers = Gather.SleepersAsync(
        [Harness.Wait(TimeSpan.FromSeconds(5)), Harness.Wait(TimeSpan.FromSeconds(4))]));

    /// <summary>Experiment 3, default executor: 1,000 × time.sleep(1) via run_in_executor(None, ...).</summary>
    [Benchmark]
    [ColdBursts]
    public Task BlockingOffloadDefaultPool() => Harness.Timed(() => _defaultPool.RunAsync(Harness.Load(1000, 1000), _gauge));

    /// <summary>Experiment 3: 1,000 × time.sleep(1) on ThreadPoolExecutor(max_workers=1000): about 1 s.</summary>
    [Benchmark]
    public Task BlockingOffload1000Workers() => Harness.Timed(() => _thousandWorkers!.RunAsync(Harness.Load(1000, 1000), _gauge));

    /// <summary>Experiment 4: 10,000 × asyncio.sleep(1) under gather: about 1 s.</summary>
    [Benchmark]
    public Task AsyncSleeps10000() => Harness.Timed(() => _coroutines.RunAsync(Harness.Load(10_000, 1000), _gauge));
}
