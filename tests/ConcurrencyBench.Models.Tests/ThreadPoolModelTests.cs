namespace ConcurrencyBench.Models.Tests;

[Collection(ThreadPoolSettings.Name)]
public class ThreadPoolModelTests
{
    [Theory]
    [InlineData(1, 5)]
    [InlineData(2, 6)]
    [InlineData(4, 10)]
    public async Task NBlockingJobsOnKWorkersTakeAtLeastCeilingNOverKTimesD(int workers, int jobs)
    {
        var load = Load.FromMilliseconds(jobs, 60);
        using var model = new BoundedExecutorOffload(workers);

        ModelRun run = await ModelRunner.MeasureAsync(model, load);

        TimeSpan ideal = load.IdealWithWorkers(workers);
        Assert.Equal(ideal, run.Ideal);
        Assert.True(run.Wall >= ideal, $"{run.Wall} < ceil(N/k)·d = {ideal}");
        Assert.InRange(run.MaxConcurrent, 1, workers);
        Assert.InRange(model.Executor.MaxConcurrentlyRunning, 1, workers);
    }

    [Fact]
    public async Task RaisingTheMinimumGivesKWorkersAtOnceAndIsUndoneOnDispose()
    {
        int before = ThreadPoolMinimumScope.CurrentMinWorkers;
        // 24 calls of 500 ms with the minimum at 24: the pool creates threads up to the minimum without delay, so
        // the calls overlap well beyond what the default minimum (the core count) plus injection would allow.
        var load = Load.FromMilliseconds(24, 500);
        ModelRun run;
        using (var model = new RaisedMinThreadPoolOffload(24))
        {
            Assert.Equal(24, ThreadPoolMinimumScope.CurrentMinWorkers);
            run = await ModelRunner.MeasureAsync(model, load);
            Assert.Equal(TimeSpan.FromMilliseconds(500), run.Ideal);
        }

        Assert.Equal(before, ThreadPoolMinimumScope.CurrentMinWorkers);
        Assert.True(run.MaxConcurrent >= 12, $"only {run.MaxConcurrent} calls overlapped");
        Assert.True(run.Wall >= TimeSpan.FromMilliseconds(490));
    }

    [Fact]
    public void AnImpossibleMinimumIsRejected()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new ThreadPoolMinimumScope(0));
        Assert.Throws<ArgumentOutOfRangeException>(() => new ThreadPoolMinimumScope(int.MaxValue));
    }

    [Fact]
    public async Task TheDefaultPoolRunsEveryCallAndItsIdealIsALowerBoundFromItsMaximum()
    {
        var load = Load.FromMilliseconds(8, 50);

        ModelRun run = await ModelRunner.MeasureAsync(new DefaultThreadPoolOffload(), load);

        // The pool may inject up to its maximum: d is the bound; ceil(N/min)·d is only what no injection would take.
        Assert.Equal(load.IdealWithWorkers(ThreadPoolMinimumScope.CurrentMaxWorkers), run.Ideal);
        Assert.Equal(TimeSpan.FromMilliseconds(50), run.Ideal);
        Assert.True(run.Wall >= run.Ideal);
        Assert.Equal(load.IdealWithWorkers(ThreadPoolMinimumScope.CurrentMinWorkers), DefaultThreadPoolOffload.NoInjectionTime(load));
        Assert.InRange(run.MaxConcurrent, 1, 8);
        Assert.True(run.PeakPoolThreads >= 1);
    }

    [Fact]
    public async Task SyncOverAsyncInThePoolFinishesEveryCall()
    {
        var gauge = new ConcurrencyGauge();

        await new SyncOverAsyncInPool().RunAsync(Load.FromMilliseconds(16, 50), gauge).WaitAsync(TimeSpan.FromSeconds(60));

        Assert.Equal(16, gauge.Completed);
    }

    [Fact]
    public async Task AProbeWaitsLongerBehindBlockingCallsThanBehindAsyncWaits()
    {
        // Cap the pool so earlier tests' threads cannot absorb the load: with at most `cap` workers, 3·cap blocking
        // calls of 500 ms hold every thread, and the probe queued behind them must wait for calls to end.
        ThreadPool.GetMaxThreads(out int maxWorkers, out int maxIo);
        int cap = Math.Max(4, ThreadPoolMinimumScope.CurrentMinWorkers);
        Assert.True(ThreadPool.SetMaxThreads(cap, maxIo));
        try
        {
            var load = Load.FromMilliseconds(3 * cap, 500);

            TimeSpan idle = await StarvationProbe.MeasureAsync(load, PoolLoadKind.AsyncWaits, new ConcurrencyGauge());
            TimeSpan blocked = await StarvationProbe.MeasureAsync(load, PoolLoadKind.BlockingCalls, new ConcurrencyGauge());

            Assert.True(blocked > idle, $"blocked {blocked} <= idle {idle}");
            Assert.True(blocked >= TimeSpan.FromMilliseconds(400), $"the probe waited only {blocked} behind {load.Jobs} blocking calls on {cap} threads");
        }
        finally
        {
            ThreadPool.SetMaxThreads(maxWorkers, maxIo);
        }
    }
}
