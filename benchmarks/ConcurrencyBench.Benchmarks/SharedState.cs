using BenchmarkDotNet.Attributes;
using ConcurrencyBench.Models.SharedState;

namespace ConcurrencyBench.Benchmarks;

/// <summary>
/// The chat server's user table (the seed's <c>self.users</c> under <c>asyncio.Lock</c>) under N users at once: each
/// joins under its own name, looks up its neighbour and leaves, guarded five ways; each guard also with the welcome
/// line written on join (awaited inside the critical section where the guard allows it, after the insert where it
/// does not). One operation is the whole burst of N sessions; the threading diagnoser counts lock contentions.
/// </summary>
[BenchmarkCategory(Categories.SharedState)]
public class UserTable
{
    private IUserTable _table = null!;

    /// <summary>Users joining at once.</summary>
    [ParamsSource(nameof(Users))]
    public int N { get; set; }

    public static IEnumerable<int> Users => BenchmarkProfile.Current.UserTableUsers;

    [GlobalSetup(Targets = [nameof(SemaphoreSlimAwaited), nameof(SemaphoreSlimWelcomeInside)])]
    public void SetupSemaphore() => Setup(new SemaphoreSlimUserTable());

    [GlobalSetup(Targets = [nameof(MonitorLock), nameof(MonitorLockWelcomeAfter)])]
    public void SetupMonitor() => Setup(new MonitorUserTable());

#if NET9_0_OR_GREATER
    [GlobalSetup(Targets = [nameof(ThreadingLock), nameof(ThreadingLockWelcomeAfter)])]
    public void SetupThreadingLock() => Setup(new ThreadingLockUserTable());
#endif

    [GlobalSetup(Targets = [nameof(ConcurrentDictionaryNoLock), nameof(ConcurrentDictionaryWelcomeAfter)])]
    public void SetupConcurrentDictionary() => Setup(new ConcurrentDictionaryUserTable());

    [GlobalSetup(Targets = [nameof(SingleOwnerActor), nameof(SingleOwnerActorWelcomeInside)])]
    public void SetupActor() => Setup(new ActorUserTable());

    [GlobalCleanup]
    public void Cleanup()
    {
        Harness.SaveTimeline();
        switch (_table)
        {
            case IAsyncDisposable asyncDisposable:
                asyncDisposable.DisposeAsync().AsTask().Wait(BenchmarkProfile.Current.OperationTimeout);
                break;
            case IDisposable disposable:
                disposable.Dispose();
                break;
        }
    }

    [IterationSetup]
    public void StartOfBurst() => Harness.StartOfBurst();

    [IterationCleanup]
    public void EndOfBurst() => Harness.EndOfBurst();

    // Every guard as cold bursts too: a process has a level of its own (measured here in the gate's A/A pairs at
    // 10,000 users: the same code up to 2.2x apart in two processes, each tight within its process; and
    // SemaphoreSlim with the welcome inside at 28.9, 29.3 and 80.0 ms in three default runs).
    [Benchmark(Baseline = true)]
    [ColdBursts]
    public Task SemaphoreSlimAwaited() => Run(welcome: false);

    [Benchmark]
    [ColdBursts]
    public Task SemaphoreSlimWelcomeInside() => Run(welcome: true);

    [Benchmark]
    [ColdBursts]
    public Task MonitorLock() => Run(welcome: false);

    [Benchmark]
    [ColdBursts]
    public Task MonitorLockWelcomeAfter() => Run(welcome: true);

#if NET9_0_OR_GREATER
    [Benchmark]
    [ColdBursts]
    public Task ThreadingLock() => Run(welcome: false);

    [Benchmark]
    [ColdBursts]
    public Task ThreadingLockWelcomeAfter() => Run(welcome: true);
#endif

    [Benchmark]
    [ColdBursts]
    public Task ConcurrentDictionaryNoLock() => Run(welcome: false);

    [Benchmark]
    [ColdBursts]
    public Task ConcurrentDictionaryWelcomeAfter() => Run(welcome: true);

    [Benchmark]
    [ColdBursts]
    public Task SingleOwnerActor() => Run(welcome: false);

    [Benchmark]
    [ColdBursts]
    public Task SingleOwnerActorWelcomeInside() => Run(welcome: true);

    // The two methods of a guard share its setup: both code paths are primed (the table is empty after each round).
    private void Setup(IUserTable table)
    {
        _table = table;
        Harness.Setup(async () =>
        {
            await Run(welcome: false).ConfigureAwait(false);
            await Run(welcome: true).ConfigureAwait(false);
        });
    }

    private Task Run(bool welcome) => Harness.Timed(() => UserSessions.RunAsync(_table, Harness.Jobs(N), welcome));
}
