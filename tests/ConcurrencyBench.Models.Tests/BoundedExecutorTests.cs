namespace ConcurrencyBench.Models.Tests;

public class BoundedExecutorTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);

    [Theory]
    [InlineData(1)]
    [InlineData(4)]
    [InlineData(16)]
    public async Task BoundedExecutorNeverRunsMoreThanMaxWorkers(int workers)
    {
        using var executor = new BoundedExecutor(workers);
        var gauge = new ConcurrencyGauge();

        // Stress: many short jobs, some sleeping, some spinning, so the workers race for the queue.
        Task[] jobs = [.. Enumerable.Range(0, 2000).Select(i => executor.RunAsync(() =>
        {
            gauge.Enter();
            if (i % 3 == 0)
            {
                Thread.Sleep(1);
            }
            else
            {
                Thread.SpinWait(200);
            }
            gauge.Exit();
        }))];
        await Task.WhenAll(jobs).WaitAsync(Patience);

        Assert.InRange(gauge.MaxConcurrent, 1, workers);
        Assert.InRange(executor.MaxConcurrentlyRunning, 1, workers);
        Assert.Equal(2000, gauge.Completed);
    }

    [Fact]
    public async Task RunsEveryJobOnceInFifoOrderWithOneWorker()
    {
        using var executor = new BoundedExecutor(1);
        var order = new List<int>();

        await Task.WhenAll(Enumerable.Range(0, 500).Select(i => executor.RunAsync(() => order.Add(i)))).WaitAsync(Patience);

        Assert.Equal(Enumerable.Range(0, 500), order);
    }

    [Fact]
    public async Task ReturnsEachJobsResultToItsOwnTask()
    {
        using var executor = new BoundedExecutor(3);

        int[] results = await Task.WhenAll(Enumerable.Range(0, 100).Select(i => executor.RunAsync(() => i * i))).WaitAsync(Patience);

        Assert.Equal(Enumerable.Range(0, 100).Select(i => i * i), results);
    }

    [Fact]
    public async Task PropagatesTheJobsExceptionAndKeepsWorking()
    {
        using var executor = new BoundedExecutor(1);

        var error = await Assert.ThrowsAsync<InvalidOperationException>(
            () => executor.RunAsync<int>(() => throw new InvalidOperationException("boom")));
        int after = await executor.RunAsync(() => 42).WaitAsync(Patience);

        Assert.Equal("boom", error.Message);
        Assert.Equal(42, after);
    }

    [Fact]
    public async Task CancellingAQueuedJobCancelsItsTaskAndTheJobNeverRuns()
    {
        using var executor = new BoundedExecutor(1);
        using var gate = new ManualResetEventSlim(false);
        using var cts = new CancellationTokenSource();
        bool ran = false;

        Task blocker = executor.RunAsync(() => gate.Wait(Patience));
        Task queued = executor.RunAsync(() => ran = true, cts.Token);
        await cts.CancelAsync();
        gate.Set();
        await blocker.WaitAsync(Patience);
        await Task.WhenAll(executor.RunAsync(() => { })).WaitAsync(Patience); // the worker has passed the cancelled item

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => queued);
        Assert.True(queued.IsCanceled);
        Assert.False(ran);
    }

    [Fact]
    public async Task AnAlreadyCancelledTokenGivesACancelledTask()
    {
        using var executor = new BoundedExecutor(1);

        Task task = executor.RunAsync(() => { }, new CancellationToken(canceled: true));

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => task);
        Assert.True(task.IsCanceled);
    }

    [Fact]
    public async Task AJobThatObservesItsOwnCancellationEndsCancelled()
    {
        using var executor = new BoundedExecutor(1);
        using var cts = new CancellationTokenSource();
        using var started = new ManualResetEventSlim(false);

        Task task = executor.RunAsync(() =>
        {
            started.Set();
            while (true)
            {
                cts.Token.ThrowIfCancellationRequested();
                Thread.Sleep(1);
            }
        }, cts.Token);
        Assert.True(started.Wait(Patience));
        await cts.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => task.WaitAsync(Patience));
        Assert.True(task.IsCanceled);
    }

    [Fact]
    public void DisposeRunsEverythingQueuedThenRefusesNewWork()
    {
        var executor = new BoundedExecutor(2);
        using var gate = new ManualResetEventSlim(false);
        int done = 0;

        Task[] jobs = [.. Enumerable.Range(0, 20).Select(_ => executor.RunAsync(() =>
        {
            gate.Wait(Patience);
            Interlocked.Increment(ref done);
        }))];
        gate.Set();
        executor.Dispose();

        Assert.Equal(20, done);
        Assert.All(jobs, job => Assert.True(job.IsCompletedSuccessfully));
        Assert.Throws<ObjectDisposedException>(() => { _ = executor.RunAsync(() => { }); });
        executor.Dispose(); // twice is harmless
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-1)]
    [InlineData(40_000)]
    public void ImpossibleWorkerCountsAreRejected(int workers)
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new BoundedExecutor(workers));
    }

    [Fact]
    public async Task ContinuationsDoNotRunOnTheWorkers()
    {
        using var executor = new BoundedExecutor(1);
        int workerThread = await executor.RunAsync(() => Environment.CurrentManagedThreadId);

        // If the continuation ran inline on the only worker, this second job could not start until it returned.
        int second = await executor.RunAsync(() => Environment.CurrentManagedThreadId).WaitAsync(Patience);

        Assert.Equal(workerThread, second);
        Assert.NotEqual(workerThread, Environment.CurrentManagedThreadId);
    }
}
