using BenchmarkDotNet.Attributes;
using ConcurrencyBench.Models;

namespace ConcurrencyBench.Benchmarks;

/// <summary>
/// Family 2 at the runtime's defaults, the seed's <c>run_in_executor(None, time.sleep, d)</c>: N blocking calls
/// queued with Task.Run. The reference line of the offload charts. Its own class because it has no k.
/// </summary>
[BenchmarkCategory(Categories.Offload)]
public class DefaultPoolOffload
{
    private readonly ConcurrencyGauge _gauge = new();
    private readonly DefaultThreadPoolOffload _model = new();

    /// <summary>Blocking calls.</summary>
    [ParamsSource(nameof(Jobs))]
    public int N { get; set; }

    /// <summary>Each call's Thread.Sleep, in milliseconds.</summary>
    [ParamsSource(nameof(Delays))]
    public int DelayMs { get; set; }

    public static IEnumerable<int> Jobs => BenchmarkProfile.Current.OffloadJobs;

    public static IEnumerable<int> Delays => [BenchmarkProfile.Current.DelayMs];

    [GlobalSetup]
    public void Setup() => Harness.Setup(DefaultThreadPool);

    [GlobalCleanup]
    public void Cleanup() => Harness.SaveTimeline();

    [IterationSetup]
    public void StartOfBurst() => Harness.StartOfBurst(_gauge);

    [IterationCleanup]
    public void EndOfBurst() => Harness.EndOfBurst();

    [Benchmark]
    [ColdBursts]
    public Task DefaultThreadPool() => Harness.Timed(() => _model.RunAsync(Harness.Load(N, DelayMs), _gauge));
}

/// <summary>
/// Family 2 with k workers: the pool with its minimum raised to k, and a bounded executor of exactly k threads
/// (<c>ThreadPoolExecutor(max_workers=k)</c>). Ideal: ceil(N/k)·d.
/// </summary>
[BenchmarkCategory(Categories.Offload)]
public class MaxWorkersOffload
{
    private readonly ConcurrencyGauge _gauge = new();
    private RaisedMinThreadPoolOffload? _raisedMin;
    private BoundedExecutorOffload? _bounded;

    /// <summary>Blocking calls.</summary>
    [ParamsSource(nameof(Jobs))]
    public int N { get; set; }

    /// <summary>Workers: the pool's minimum, or the executor's size.</summary>
    [ParamsSource(nameof(WorkerCounts))]
    public int K { get; set; }

    /// <summary>Each call's Thread.Sleep, in milliseconds.</summary>
    [ParamsSource(nameof(Delays))]
    public int DelayMs { get; set; }

    public static IEnumerable<int> Jobs => BenchmarkProfile.Current.OffloadJobs;

    public static IEnumerable<int> WorkerCounts => BenchmarkProfile.Current.Workers;

    public static IEnumerable<int> Delays => [BenchmarkProfile.Current.DelayMs];

    // The pool setting is made once per case, in the case's own process: it cannot leak into another case.
    [GlobalSetup(Target = nameof(RaisedMinThreads))]
    public void SetupRaisedMin()
    {
        _raisedMin = new RaisedMinThreadPoolOffload(K);
        Harness.Setup(RaisedMinThreads);
    }

    // The executor's k threads start here, outside the measured operations, as a long-lived executor's would.
    [GlobalSetup(Target = nameof(BoundedExecutor))]
    public void SetupBounded()
    {
        _bounded = new BoundedExecutorOffload(K);
        Harness.Setup(BoundedExecutor);
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        Harness.SaveTimeline();
        _raisedMin?.Dispose();
        _bounded?.Dispose();
    }

    [IterationSetup]
    public void StartOfBurst() => Harness.StartOfBurst(_gauge);

    [IterationCleanup]
    public void EndOfBurst() => Harness.EndOfBurst();

    // Below N, the pool still grows past its raised minimum, and keeps what it grew.
    [Benchmark]
    [ColdBursts(OnlyWhenWorkersBelowJobs = true)]
    public Task RaisedMinThreads() => Harness.Timed(() => _raisedMin!.RunAsync(Harness.Load(N, DelayMs), _gauge));

    [Benchmark]
    public Task BoundedExecutor() => Harness.Timed(() => _bounded!.RunAsync(Harness.Load(N, DelayMs), _gauge));
}
