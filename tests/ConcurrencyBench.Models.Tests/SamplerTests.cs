namespace ConcurrencyBench.Models.Tests;

// Process-wide figures (threads, resident memory, allocations) are read here: never beside the other collections.
[Collection(ThreadPoolSettings.Name)]
public class SamplerTests
{
    private const string Status = "Name:\tdotnet\nUmask:\t0022\nVmPeak:\t  999999 kB\nVmHWM:\t   51200 kB\nVmRSS:\t   40960 kB\nThreads:\t17\nSigQ:\t0/1\n";

    [Fact]
    public void ParsesThreadsAndMemoryFromProcStatus()
    {
        ProcessStats.Snapshot? snapshot = ProcessStats.ParseProcStatus(Status);

        Assert.Equal(new ProcessStats.Snapshot(17, 40960L * 1024, 51200L * 1024), snapshot);
        Assert.Null(ProcessStats.ParseProcStatus("Name:\tx\n"));
    }

    [Fact]
    public void ReadsThisProcess()
    {
        using var reader = new ProcessStats.SelfReader();

        ProcessStats.Snapshot snapshot = reader.Read();

        Assert.True(snapshot.Threads >= 1);
        Assert.True(snapshot.WorkingSetBytes > 1024 * 1024);
        Assert.True(snapshot.PeakWorkingSetBytes >= snapshot.WorkingSetBytes);
    }

    [Fact]
    public void SamplingAllocatesNothing()
    {
        // The sampler runs beside every benchmark, whose memory diagnoser counts all threads' allocations: a sample
        // must not allocate. (An hour's interval keeps the sampler's own thread out of the way.)
        using var sampler = ThreadPoolSampler.Start(TimeSpan.FromHours(1));
        sampler.SampleOnce();
        // The thread's counter is the memory handed to its allocation context less the part not yet used. A background
        // collection ends its marking by voiding every thread's context without uncounting that part (dotnet/runtime
        // gc.cpp, repair_allocation_contexts(FALSE)): the counter then jumps by up to 8 KB with nothing allocated. In the
        // full test run the other tests' garbage starts such collections at any moment (it failed so with 7,744 bytes).
        // A blocking collection first uncounts the unused part and leaves the context empty; samples that allocate
        // nothing keep it empty, so a background collection finds nothing to void, and a real allocation still counts.
        GC.Collect();
        long before = GC.GetAllocatedBytesForCurrentThread();

        for (int i = 0; i < 1000; i++)
        {
            sampler.SampleOnce();
        }

        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        Assert.True(allocated < 1000, $"1,000 samples allocated {allocated} bytes");
        Assert.Equal(1002, sampler.Samples.Count);
    }

    [Fact]
    public void TheSamplerKeepsPeaksAndSavesATimelineThatLoadsBack()
    {
        string path = Path.Combine(Path.GetTempPath(), $"timeline-{Guid.NewGuid():N}.json");
        try
        {
            using (var sampler = ThreadPoolSampler.Start(TimeSpan.FromMilliseconds(5)))
            {
                WaitForSamples(sampler, 3);
                sampler.Stop();
                Assert.True(sampler.Samples.Count >= 4);
                Assert.True(sampler.PeakProcessThreads >= 2); // this thread and the sampler's
                Assert.Equal(sampler.Samples.Max(s => s.ProcessThreads), sampler.PeakProcessThreads);
                sampler.ToTimeline("case").Save(path);
            }

            ThreadPoolTimeline loaded = ThreadPoolTimeline.Load(path);

            Assert.Equal("case", loaded.Case);
            Assert.Equal(5, loaded.IntervalMs);
            Assert.True(loaded.PeakWorkingSetBytes > 0);
            Assert.True(loaded.Samples.Zip(loaded.Samples.Skip(1)).All(p => p.First.ElapsedMs <= p.Second.ElapsedMs));
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void BurstEndsCarryTheThreadsThenAndTheModelsOwnMeasurementAndSurviveASaveAndLoad()
    {
        string path = Path.Combine(Path.GetTempPath(), $"timeline-{Guid.NewGuid():N}.json");
        try
        {
            using var sampler = ThreadPoolSampler.Start(TimeSpan.FromHours(1));
            sampler.MarkBurstEnd();
            sampler.MarkBurstEnd(TimeSpan.FromMilliseconds(1.5));
            sampler.Stop();
            (sampler.ToTimeline("case") with { Job = "Cold" }).Save(path);

            ThreadPoolTimeline loaded = ThreadPoolTimeline.Load(path);

            Assert.Equal("Cold", loaded.Job);
            Assert.Equal(2, loaded.Bursts!.Count);
            Assert.All(loaded.Bursts, b => Assert.True(b.ProcessThreads >= 1));
            Assert.True(loaded.Bursts[1].ElapsedMs >= loaded.Bursts[0].ElapsedMs);
            Assert.Null(loaded.Bursts[0].MeasuredNs);
            Assert.Equal(1.5e6, loaded.Bursts[1].MeasuredNs!.Value, 3);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void ABurstsFiguresAreItsOwnFromItsStartMarkToItsEnd()
    {
        // What a burst's row in the report is built from: its own peak threads and memory, allocations and pool work.
        using var sampler = ThreadPoolSampler.Start(TimeSpan.FromMilliseconds(5));
        // Memory the process touches before the burst and gives back: it must not be the burst's peak.
        byte[]? before = new byte[64 << 20];
        Array.Fill(before, (byte)1);
        before = null;
        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();

        sampler.MarkBurstStart();
        using var started = new ManualResetEventSlim();
        using var release = new ManualResetEventSlim();
        var threads = Enumerable.Range(0, 8).Select(_ => new Thread(() => { started.Set(); release.Wait(); })).ToList();
        threads.ForEach(t => t.Start());
        started.Wait();
        // A few samples see the extra threads (the first may have been read before they started).
        WaitForSamples(sampler, sampler.Samples.Count + 2);
        byte[] inBurst = new byte[8 << 20];
        Array.Fill(inBurst, (byte)2);
        int[] items = [.. Enumerable.Range(0, 20).Select(i => Task.Run(() => i).Result)];
        release.Set();
        threads.ForEach(t => t.Join());
        sampler.MarkBurstEnd();
        GC.KeepAlive(inBurst);

        BurstFigures figures = sampler.Bursts.Single().Figures!;
        Assert.True(figures.PeakThreads >= figures.ThreadsAtStart + 8, $"peak {figures.PeakThreads}, at start {figures.ThreadsAtStart}");
        Assert.True(figures.AllocatedBytes >= 8 << 20, $"{figures.AllocatedBytes} bytes allocated");
        Assert.True(figures.CompletedWorkItems >= items.Length);
        Assert.True(figures.PeakWorkingSetBytes >= figures.WorkingSetAtStartBytes);
        Assert.True(figures.PoolMinimum >= 1);
        if (OperatingSystem.IsLinux())
        {
            // The kernel's high-water mark was reset at the start: the 64 MB touched before the burst is not its peak,
            // the 8 MB touched in it is.
            Assert.True(figures.PeakIsHighWaterMark);
            Assert.True(figures.PeakWorkingSetBytes - figures.WorkingSetAtStartBytes < 40 << 20,
                $"peak {figures.PeakWorkingSetBytes} against {figures.WorkingSetAtStartBytes} at start");
        }
        // The process-wide peak is kept for the timeline: it is still the 64 MB one.
        Assert.True(sampler.ToTimeline("c").PeakWorkingSetBytes >= figures.PeakWorkingSetBytes);
    }

    [Fact]
    public void ABurstEndWithoutAStartMarkHasNoFigures()
    {
        using var sampler = ThreadPoolSampler.Start(TimeSpan.FromHours(1));
        sampler.MarkBurstEnd();
        Assert.Null(sampler.Bursts.Single().Figures);
    }

    [Fact]
    public void ATimelineWrittenBeforeJobsAndBurstsStillLoads()
    {
        string path = Path.Combine(Path.GetTempPath(), $"timeline-{Guid.NewGuid():N}.json");
        try
        {
            File.WriteAllText(path, """{"case":"c","intervalMs":20,"peakWorkingSetBytes":1,"samples":[]}""");

            ThreadPoolTimeline loaded = ThreadPoolTimeline.Load(path);

            Assert.Null(loaded.Job);
            Assert.Null(loaded.Bursts);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void WithoutProcEverySampleStillCountsTheProcesssThreadsAndTheSamplersAllocationsAreKept()
    {
        // The Windows and macOS path, taken here on purpose: the process is read through System.Diagnostics.Process.
        using var sampler = ThreadPoolSampler.Start(TimeSpan.FromMilliseconds(5), useProcessApi: true);
        WaitForSamples(sampler, 5);
        sampler.MarkBurstEnd();
        sampler.Stop();

        IReadOnlyList<ThreadPoolSample> samples = sampler.Samples;
        Assert.True(samples.Count >= 5);
        // A .NET process has several threads (main, finalizer, the sampler...): no sample may read 0 or 1 in between.
        Assert.All(samples, s => Assert.True(s.ProcessThreads > 1, $"a sample read {s.ProcessThreads} threads"));
        Assert.True(sampler.Bursts.Single().SamplerAllocatedBytes > 0);
    }

    // Waits until the sampler holds at least <paramref name="count"/> samples. Its thread samples every interval, but on
    // a loaded machine it may not run for longer than any fixed sleep (a 200 ms sleep saw fewer than 5 samples at 5 ms).
    private static void WaitForSamples(ThreadPoolSampler sampler, int count)
    {
        var waited = System.Diagnostics.Stopwatch.StartNew();
        while (sampler.Samples.Count < count)
        {
            Assert.True(waited.Elapsed < TimeSpan.FromMinutes(1), $"the sampler took {sampler.Samples.Count} samples in a minute, not {count}");
            Thread.Sleep(5);
        }
    }
}
