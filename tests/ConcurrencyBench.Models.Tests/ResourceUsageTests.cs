namespace ConcurrencyBench.Models.Tests;

public class ResourceUsageTests
{
    [Fact]
    public void TheProcessCpuTimeGrowsWithWorkAndItsSwitchesAreCountedOnLinux()
    {
        ResourceUsage before = ResourceUsage.Process();
        // About 50 ms of CPU on this thread, whatever the machine's load (CPU time, not wall time, is what is asserted).
        double sink = 0;
        var watch = System.Diagnostics.Stopwatch.StartNew();
        while (ResourceUsage.Process().CpuMs - before.CpuMs < 50 && watch.Elapsed < TimeSpan.FromSeconds(60))
        {
            for (int i = 1; i < 100_000; i++)
            {
                sink += Math.Sqrt(i);
            }
        }
        ResourceUsage used = ResourceUsage.Process() - before;

        Assert.True(sink > 0);
        Assert.True(used.CpuMs >= 50, $"CPU {used.CpuMs} ms");
        Assert.True(used.UserMs >= 0 && used.SystemMs >= 0);
        if (OperatingSystem.IsLinux())
        {
            Assert.True(used.HasSwitches);
            Assert.True(used.VoluntarySwitches >= 0 && used.InvoluntarySwitches >= 0);
        }
    }

    [Fact]
    public void AThreadThatSleepsCountsAVoluntarySwitchForEachSleep()
    {
        if (!OperatingSystem.IsLinux())
        {
            Assert.Null(ResourceUsage.CurrentThread()); // RUSAGE_THREAD is Linux's
            return;
        }
        ResourceUsage? before = null, after = null;
        var thread = new Thread(() =>
        {
            before = ResourceUsage.CurrentThread();
            for (int i = 0; i < 5; i++)
            {
                Thread.Sleep(2);
            }
            after = ResourceUsage.CurrentThread();
        });
        thread.Start();
        thread.Join();

        ResourceUsage slept = after!.Value - before!.Value;
        Assert.True(slept.VoluntarySwitches >= 5, $"{slept.VoluntarySwitches} voluntary switches for 5 sleeps");
    }

    [Fact]
    public void ABurstCarriesItsCpuTimeAndSwitchesFromItsStartMarkToItsEnd()
    {
        using var sampler = ThreadPoolSampler.Start(TimeSpan.FromMilliseconds(5));
        sampler.MarkBurstStart();
        double sink = 0;
        var watch = System.Diagnostics.Stopwatch.StartNew();
        ResourceUsage start = ResourceUsage.Process();
        while (ResourceUsage.Process().CpuMs - start.CpuMs < 30 && watch.Elapsed < TimeSpan.FromSeconds(60))
        {
            for (int i = 1; i < 100_000; i++)
            {
                sink += Math.Sqrt(i);
            }
        }
        sampler.MarkBurstEnd();
        // A burst whose start was not marked has no usage: it cannot be told apart from what came before it.
        sampler.MarkBurstEnd();

        IReadOnlyList<BurstMark> bursts = sampler.Bursts;
        Assert.True(sink > 0);
        Assert.NotNull(bursts[0].Usage);
        // The sampling thread's own share is taken out, so the burst holds at least most of the loop's CPU time.
        Assert.True(bursts[0].Usage!.Value.CpuMs >= 20, $"CPU {bursts[0].Usage!.Value.CpuMs} ms");
        Assert.Null(bursts[1].Usage);
    }

    [Fact]
    public void ATimelineKeepsEachBurstsUsageAndGatherOrderThroughJson()
    {
        string path = Path.Combine(Path.GetTempPath(), $"cbench-timeline-{Guid.NewGuid():N}.json");
        var timeline = new ThreadPoolTimeline("case", 20, 1024, [new ThreadPoolSample(0, 1, 0, 0, 5, 100)], "Cold",
            [new BurstMark(10, 5, 1, Usage: new ResourceUsage(1.5, 0.25, 7, 2), Gather: new GatherOrder([0, 1], [1, 0]))]);
        try
        {
            timeline.Save(path);
            ThreadPoolTimeline read = ThreadPoolTimeline.Load(path);

            BurstMark burst = Assert.Single(read.Bursts!);
            Assert.Equal(new ResourceUsage(1.5, 0.25, 7, 2), burst.Usage);
            Assert.Equal([0, 1], burst.Gather!.Results);
            Assert.Equal([1, 0], burst.Gather.Resumed);
            Assert.Equal("Cold", read.Job);
        }
        finally
        {
            File.Delete(path);
        }
    }
}
