using System.Diagnostics;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace ConcurrencyBench.Models;

/// <summary>One sample of the thread pool and the process.</summary>
/// <param name="ElapsedMs">Milliseconds since the sampler started.</param>
/// <param name="PoolThreads"><see cref="ThreadPool.ThreadCount"/>.</param>
/// <param name="PendingWorkItems"><see cref="ThreadPool.PendingWorkItemCount"/>: queued, not yet started.</param>
/// <param name="CompletedWorkItems"><see cref="ThreadPool.CompletedWorkItemCount"/> since the process started.</param>
/// <param name="ProcessThreads">All operating-system threads of the process.</param>
/// <param name="WorkingSetBytes">Resident memory of the process.</param>
public readonly record struct ThreadPoolSample(
    double ElapsedMs,
    int PoolThreads,
    long PendingWorkItems,
    long CompletedWorkItems,
    int ProcessThreads,
    long WorkingSetBytes);

/// <summary>The end of one burst (one benchmark operation): when it ended and the threads the process then had.</summary>
/// <param name="ElapsedMs">Milliseconds since the sampler started.</param>
/// <param name="ProcessThreads">All operating-system threads of the process at that moment.</param>
/// <param name="PoolThreads"><see cref="ThreadPool.ThreadCount"/> at that moment.</param>
/// <param name="MeasuredNs">
/// The model's own measurement of the burst, where the model times something narrower than the whole call (the
/// starvation probe's wait, from its own stopwatch); null elsewhere.
/// </param>
/// <param name="SamplerAllocatedBytes">
/// Bytes the sampling thread had allocated by then (0 where reading the process allocates nothing, as on Linux):
/// the report subtracts the sampler's share from a burst's allocated bytes.
/// </param>
/// <param name="Chat">What a chat-server burst's load generator measured (null for every other case).</param>
/// <param name="Usage">
/// CPU time and context switches of the whole process during the burst, from its start mark to its end, the sampling
/// thread's own share taken out; null where the burst's start was not marked (older files).
/// </param>
/// <param name="Gather">What a gather of sleepers observed (the seed's first experiment); null for every other case.</param>
/// <param name="Figures">
/// The burst's own threads, memory, allocations and pool work, from its start mark to its end; null in files from
/// before they were recorded, or where the burst's start was not marked.
/// </param>
public readonly record struct BurstMark(double ElapsedMs, int ProcessThreads, int PoolThreads, double? MeasuredNs = null, long SamplerAllocatedBytes = 0, ChatBurst? Chat = null, ResourceUsage? Usage = null, GatherOrder? Gather = null, BurstFigures? Figures = null);

/// <summary>
/// What one burst (one operation) used, measured from its start mark to its end mark in the process that ran it, so
/// that a case's peak threads, peak memory and allocations come from the same bursts as the median they sit beside
/// (a process-wide peak would mix a cold burst's peak into warm ones, or one process's into another's).
/// </summary>
/// <param name="StartMs">Milliseconds since the sampler started, at the burst's start mark.</param>
/// <param name="ThreadsAtStart">Operating-system threads of the process when the burst started.</param>
/// <param name="PoolThreadsAtStart"><see cref="ThreadPool.ThreadCount"/> when the burst started: a cold burst starts at or below the pool's minimum.</param>
/// <param name="PoolMinimum">The pool's minimum worker threads (<see cref="ThreadPool.GetMinThreads"/>) when the burst started.</param>
/// <param name="PeakThreads">The most operating-system threads during the burst (sampled every interval, and at both marks).</param>
/// <param name="PeakPoolThreads">The most thread-pool threads during the burst (sampled, and at both marks).</param>
/// <param name="WorkingSetAtStartBytes">Resident memory when the burst started.</param>
/// <param name="PeakWorkingSetBytes">
/// The most resident memory during the burst: the kernel's high-water mark, reset at the start mark where it can be
/// (Linux: <c>/proc/self/clear_refs</c>), else the largest sampled working set.
/// </param>
/// <param name="PeakIsHighWaterMark">True when <paramref name="PeakWorkingSetBytes"/> is the kernel's exact high-water mark since the start mark; false when it is sampled.</param>
/// <param name="AllocatedBytes">Managed bytes allocated by every thread during the burst (<see cref="GC.GetTotalAllocatedBytes(bool)"/>, precise), the sampler's own taken out.</param>
/// <param name="LockContentions"><see cref="Monitor.LockContentionCount"/> during the burst.</param>
/// <param name="CompletedWorkItems"><see cref="ThreadPool.CompletedWorkItemCount"/> during the burst.</param>
/// <param name="MaxConcurrentJobs">
/// The most of the burst's jobs that were in progress at once (its <see cref="ConcurrencyGauge"/>): at a million delays
/// of 100 ms, creating them takes longer than one waits, so fewer than N are ever pending together; null where the
/// case has no gauge.
/// </param>
public sealed record BurstFigures(
    double StartMs,
    int ThreadsAtStart,
    int PoolThreadsAtStart,
    int PoolMinimum,
    int PeakThreads,
    int PeakPoolThreads,
    long WorkingSetAtStartBytes,
    long PeakWorkingSetBytes,
    bool PeakIsHighWaterMark,
    long AllocatedBytes,
    long LockContentions,
    long CompletedWorkItems,
    int? MaxConcurrentJobs = null);

/// <summary>What one gather of sleepers observed: the order of its results and the order its sleepers resumed in.</summary>
/// <param name="Results">Each sleeper's result (its index), in the order the gather returned them.</param>
/// <param name="Resumed">The sleepers' indexes in the order they resumed after their waits.</param>
public sealed record GatherOrder(IReadOnlyList<int> Results, IReadOnlyList<int> Resumed);

/// <summary>One chat-server burst as its load generator measured it: every line's latency, and the throughput.</summary>
/// <param name="LatenciesUs">Each delivered line's latency, from its send until the last other member of its room had it (µs).</param>
/// <param name="Sent">Lines sent.</param>
/// <param name="Delivered">Lines every other member of their room received (the rest were lost).</param>
/// <param name="ElapsedMs">From the first line sent to the last delivered.</param>
/// <remarks>
/// Since issue 17 a chat burst is one measured window of an open load (<see cref="Window"/>, with the load's settings
/// in <see cref="Load"/>), and <see cref="LatenciesUs"/> is empty (a window's latencies are its histograms); the other
/// fields describe the closed bursts of older runs.
/// </remarks>
public sealed record ChatBurst(IReadOnlyList<int> LatenciesUs, int Sent, int Delivered, double ElapsedMs)
{
    /// <summary>The measured window of an open load this burst was; null in older runs' closed bursts.</summary>
    public Chat.ChatWindow? Window { get; init; }

    /// <summary>The load's settings and what it saw outside its windows (its windows list empty); null in older runs.</summary>
    public Chat.ChatLoadResult? Load { get; init; }
}

/// <summary>A saved timeline: what the sampler saw in one process.</summary>
/// <param name="Case">The benchmark case it belongs to (filled in by the harness), or a free label.</param>
/// <param name="IntervalMs">The sampling interval asked for.</param>
/// <param name="PeakWorkingSetBytes">The most resident memory the process had from its start to the last sample.</param>
/// <param name="Samples">The samples in time order.</param>
/// <param name="Job">The BenchmarkDotNet job that ran the case (Repeated or Cold); empty in files from before jobs were recorded.</param>
/// <param name="Bursts">The end of each burst the process ran, in order; null in files from before bursts were marked.</param>
/// <param name="TimerTickMs">
/// The tick of the clock the runtime's timers read (<see cref="ProcessStats.TimerTickMilliseconds"/>): a delay of d can
/// end up to one tick early, so d less one tick is the bound of a timer-based wait; null in files from before it was recorded.
/// </param>
public sealed record ThreadPoolTimeline(
    string Case,
    double IntervalMs,
    long PeakWorkingSetBytes,
    IReadOnlyList<ThreadPoolSample> Samples,
    string? Job = null,
    IReadOnlyList<BurstMark>? Bursts = null,
    double? TimerTickMs = null)
{
    /// <summary>Writes the timeline as JSON, through a temporary file so a reader never sees half a file.</summary>
    public void Save(string path)
    {
        string temporary = path + ".tmp";
        File.WriteAllText(temporary, JsonSerializer.Serialize(this, TimelineJsonContext.Default.ThreadPoolTimeline));
        File.Move(temporary, path, overwrite: true);
    }

    /// <summary>Reads a timeline written by <see cref="Save"/>.</summary>
    /// <exception cref="InvalidDataException">The file is not a timeline.</exception>
    public static ThreadPoolTimeline Load(string path)
    {
        try
        {
            using JsonDocument document = JsonDocument.Parse(File.ReadAllText(path));
            return FromJson(document.RootElement);
        }
        catch (JsonException e)
        {
            throw new InvalidDataException($"{path}: not a thread-pool timeline ({e.Message})", e);
        }
        catch (InvalidDataException e)
        {
            throw new InvalidDataException($"{path}: {e.Message}", e);
        }
    }

    /// <summary>A timeline from its parsed JSON (the report's reader checks the document against its schema first).</summary>
    /// <exception cref="InvalidDataException">The JSON is not a timeline.</exception>
    public static ThreadPoolTimeline FromJson(JsonElement json)
    {
        try
        {
            return json.Deserialize(TimelineJsonContext.Default.ThreadPoolTimeline) ?? throw new InvalidDataException("empty timeline");
        }
        catch (Exception e) when (e is JsonException or NotSupportedException or ArgumentException or InvalidOperationException)
        {
            throw new InvalidDataException($"not a thread-pool timeline ({e.Message})", e);
        }
    }
}

/// <summary>
/// The timeline's JSON, generated at compile time: the benchmark processes also run compiled with NativeAOT, where
/// reflection-based serialization is not available.
/// </summary>
[JsonSourceGenerationOptions(WriteIndented = false, PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase, DefaultIgnoreCondition = JsonIgnoreCondition.Never)]
[JsonSerializable(typeof(ThreadPoolTimeline))]
internal sealed partial class TimelineJsonContext : JsonSerializerContext
{
}

/// <summary>
/// Samples the thread pool and the process's thread count on a dedicated thread (not a pool thread, so a starved
/// pool cannot stop it) every interval. Used for peak thread counts and for the thread-pool timeline chart.
/// </summary>
public sealed class ThreadPoolSampler : IDisposable
{
    // Room for about 10 minutes at 20 ms before the list grows: sampling must not allocate while a benchmark runs.
    private readonly List<ThreadPoolSample> _samples = new(capacity: 32 * 1024);
    private readonly List<BurstMark> _bursts = new(capacity: 256);
    private readonly ProcessStats.SelfReader _self;
    // Its own reader: a burst is marked from the benchmark's thread while the sampling thread reads with _self.
    private readonly ProcessStats.SelfReader _marks;
    private readonly object _lock = new(); // not System.Threading.Lock: the models also build for .NET 8
    private readonly ManualResetEventSlim _stop = new(false);
    private readonly Thread _thread;
    private readonly TimeSpan _interval;
    private readonly long _started;
    private int _peakProcessThreads;
    private long _samplerAllocated;
    // The sampling thread's own CPU time and switches as of its last sample (Linux), taken out of each burst's usage.
    private ResourceUsage? _samplerUsage;
    // The process's and the sampler's usage when the current burst started; null before the first start mark.
    private (ResourceUsage Process, ResourceUsage? Sampler)? _burstStart;
    private int _peakPoolThreads;
    // The open burst's own figures (null outside a burst): what it started with and the peaks seen since.
    private OpenBurst? _open;
    // The most resident memory seen in the process's life: the kernel's high-water mark is reset at each burst's start,
    // so the process-wide peak is kept here (the largest of every burst's peak and every sample).
    private long _processPeakWorkingSet;

    // Read once per process (a clock_getres call on Linux; watched for up to 100 ms elsewhere).
    private static readonly Lazy<double> s_timerTick = new(ProcessStats.TimerTickMilliseconds);

    private sealed class OpenBurst
    {
        public required double StartMs { get; init; }
        public required int ThreadsAtStart { get; init; }
        public required int PoolThreadsAtStart { get; init; }
        public required int PoolMinimum { get; init; }
        public required long WorkingSetAtStart { get; init; }
        public required bool HighWaterMarkReset { get; init; }
        public required long AllocatedAtStart { get; init; }
        public required long SamplerAllocatedAtStart { get; init; }
        public required long ContentionsAtStart { get; init; }
        public required long CompletedAtStart { get; init; }
        public int PeakThreads { get; set; }
        public int PeakPoolThreads { get; set; }
        public long PeakWorkingSet { get; set; }
    }

    private ThreadPoolSampler(TimeSpan interval, bool useProcessApi = false)
    {
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(interval, TimeSpan.Zero);
        _self = new ProcessStats.SelfReader(useProcessApi);
        _marks = new ProcessStats.SelfReader(useProcessApi);
        _interval = interval;
        _started = Stopwatch.GetTimestamp();
        _thread = new Thread(Loop) { IsBackground = true, Name = "ThreadPoolSampler" };
    }

    /// <summary>Starts sampling every <paramref name="interval"/>; the first sample is taken at once.</summary>
    public static ThreadPoolSampler Start(TimeSpan interval) => Start(interval, useProcessApi: false);

    /// <summary>Starts sampling; <paramref name="useProcessApi"/> takes the Windows and macOS path (no /proc) here too.</summary>
    internal static ThreadPoolSampler Start(TimeSpan interval, bool useProcessApi)
    {
        var sampler = new ThreadPoolSampler(interval, useProcessApi);
        sampler.SampleOnce();
        sampler._thread.Start();
        return sampler;
    }

    /// <summary>The sampling interval.</summary>
    public TimeSpan Interval => _interval;

    /// <summary>The most process threads seen, the sampler's own thread included.</summary>
    public int PeakProcessThreads => Volatile.Read(ref _peakProcessThreads);

    /// <summary>The most thread-pool threads seen.</summary>
    public int PeakPoolThreads => Volatile.Read(ref _peakPoolThreads);

    /// <summary>A copy of the samples so far.</summary>
    public IReadOnlyList<ThreadPoolSample> Samples
    {
        get
        {
            lock (_lock)
            {
                return _samples.ToArray();
            }
        }
    }

    /// <summary>The burst ends marked so far.</summary>
    public IReadOnlyList<BurstMark> Bursts
    {
        get
        {
            lock (_lock)
            {
                return _bursts.ToArray();
            }
        }
    }

    /// <summary>The samples so far as a timeline labelled <paramref name="label"/>.</summary>
    public ThreadPoolTimeline ToTimeline(string label)
    {
        long peak = ProcessStats.Current().PeakWorkingSetBytes;
        lock (_lock)
        {
            peak = Math.Max(peak, _processPeakWorkingSet);
        }
        return new(label, _interval.TotalMilliseconds, peak, Samples, null, Bursts, s_timerTick.Value);
    }

    /// <summary>
    /// Marks the start of a burst: its CPU time and context switches are counted from here to
    /// <see cref="MarkBurstEnd"/>. Called outside the measured operation, just before it.
    /// </summary>
    public void MarkBurstStart()
    {
        // The process's peak so far is kept before the kernel's high-water mark is reset for this burst.
        ProcessStats.Snapshot before = _marks.Read();
        bool reset = ProcessStats.ResetPeakWorkingSet();
        ProcessStats.Snapshot process = reset ? _marks.Read() : before;
        ThreadPool.GetMinThreads(out int minimumWorkers, out _);
        int poolThreads = ThreadPool.ThreadCount;
        var open = new OpenBurst
        {
            StartMs = Stopwatch.GetElapsedTime(_started).TotalMilliseconds,
            ThreadsAtStart = process.Threads,
            PoolThreadsAtStart = poolThreads,
            PoolMinimum = minimumWorkers,
            WorkingSetAtStart = process.WorkingSetBytes,
            HighWaterMarkReset = reset,
            AllocatedAtStart = GC.GetTotalAllocatedBytes(precise: true),
            SamplerAllocatedAtStart = Volatile.Read(ref _samplerAllocated),
            ContentionsAtStart = Monitor.LockContentionCount,
            CompletedAtStart = ThreadPool.CompletedWorkItemCount,
            PeakThreads = process.Threads,
            PeakPoolThreads = poolThreads,
            PeakWorkingSet = process.WorkingSetBytes,
        };
        ResourceUsage usage = ResourceUsage.Process();
        lock (_lock)
        {
            _processPeakWorkingSet = Math.Max(_processPeakWorkingSet, before.PeakWorkingSetBytes);
            _open = open;
            _burstStart = (usage, _samplerUsage);
        }
    }

    /// <summary>
    /// Marks the end of a burst (one benchmark operation) with the threads the process has now: the repeated-burst
    /// chart shows how many threads the pool kept after each burst. Called outside the measured operation;
    /// <paramref name="measured"/> is the model's own measurement of the burst, where it has one; <paramref name="chat"/>
    /// what a chat-server burst's load generator measured.
    /// </summary>
    public void MarkBurstEnd(TimeSpan? measured = null, ChatBurst? chat = null, GatherOrder? gather = null, int? maxConcurrentJobs = null)
    {
        ResourceUsage processUsage = ResourceUsage.Process();
        long allocated = GC.GetTotalAllocatedBytes(precise: true);
        long contentions = Monitor.LockContentionCount;
        long completed = ThreadPool.CompletedWorkItemCount;
        int poolThreads = ThreadPool.ThreadCount;
        ProcessStats.Snapshot process = _marks.Read();
        double elapsed = Stopwatch.GetElapsedTime(_started).TotalMilliseconds;
        lock (_lock)
        {
            BurstFigures? figures = null;
            if (_open is { } open)
            {
                // The kernel's mark, and never below a reading taken within the burst (its start's included): Linux
                // raises VmHWM lazily (when memory is unmapped, not at each page fault), so memory gained after the
                // reset and given back by madvise before the end (the GC's decommit) can be missing from it, and the
                // mark can trail the start's own reading (a full-suite CI run caught a burst whose peak was below it).
                long peakWorkingSet = open.HighWaterMarkReset
                    ? Math.Max(process.PeakWorkingSetBytes, open.PeakWorkingSet)
                    : Math.Max(open.PeakWorkingSet, process.WorkingSetBytes);
                figures = new BurstFigures(
                    open.StartMs,
                    open.ThreadsAtStart,
                    open.PoolThreadsAtStart,
                    open.PoolMinimum,
                    Math.Max(open.PeakThreads, process.Threads),
                    Math.Max(open.PeakPoolThreads, poolThreads),
                    open.WorkingSetAtStart,
                    Math.Max(peakWorkingSet, process.WorkingSetBytes),
                    open.HighWaterMarkReset,
                    Math.Max(0, allocated - open.AllocatedAtStart - (Volatile.Read(ref _samplerAllocated) - open.SamplerAllocatedAtStart)),
                    Math.Max(0, contentions - open.ContentionsAtStart),
                    Math.Max(0, completed - open.CompletedAtStart),
                    maxConcurrentJobs);
                _processPeakWorkingSet = Math.Max(_processPeakWorkingSet, figures.PeakWorkingSetBytes);
                _open = null;
            }
            ResourceUsage? usage = null;
            if (_burstStart is var (startProcess, startSampler))
            {
                usage = processUsage - startProcess;
                if (startSampler is ResourceUsage before && _samplerUsage is ResourceUsage after)
                {
                    // The sampler's figures lag by up to one interval: never let its share take a burst below zero.
                    usage = (usage.Value - (after - before)).AtLeastZero();
                }
                _burstStart = null;
            }
            _bursts.Add(new BurstMark(elapsed, process.Threads, poolThreads,
                measured?.TotalNanoseconds, Volatile.Read(ref _samplerAllocated), chat, usage, gather, figures));
        }
    }

    /// <summary>
    /// Replaces what burst <paramref name="index"/> (0-based, in the order marked) carries where the model's own
    /// figures for it arrive after its end (a chat window's latencies, once its load has drained): its measurement and
    /// its chat figures; the time, threads and usage marked at its end stay.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">No such burst was marked.</exception>
    public void AmendBurst(int index, TimeSpan? measured, ChatBurst? chat)
    {
        lock (_lock)
        {
            ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(index, _bursts.Count);
            ArgumentOutOfRangeException.ThrowIfNegative(index);
            _bursts[index] = _bursts[index] with { MeasuredNs = measured?.TotalNanoseconds, Chat = chat };
        }
    }

    /// <summary>Takes a last sample and stops the sampling thread.</summary>
    public void Stop()
    {
        if (_stop.IsSet)
        {
            return;
        }
        _stop.Set();
        _thread.Join();
        SampleOnce();
    }

    /// <inheritdoc />
    public void Dispose()
    {
        Stop();
        _stop.Dispose();
        _self.Dispose();
        _marks.Dispose();
    }

    private void Loop()
    {
        while (!_stop.Wait(_interval))
        {
            SampleOnce();
        }
    }

    /// <summary>
    /// Takes one sample now (the sampling thread calls this every interval). On Linux it allocates nothing. Where
    /// there is no /proc (Windows, macOS) reading the process allocates; every sample still reads it, so that thread
    /// counts are right between the first and last sample, and the sampling thread's allocations are counted so that
    /// the report can take them out of a burst's allocated bytes.
    /// </summary>
    internal void SampleOnce()
    {
        ProcessStats.Snapshot process = _self.Read();
        var sample = new ThreadPoolSample(
            Stopwatch.GetElapsedTime(_started).TotalMilliseconds,
            ThreadPool.ThreadCount,
            ThreadPool.PendingWorkItemCount,
            ThreadPool.CompletedWorkItemCount,
            process.Threads,
            process.WorkingSetBytes);
        ResourceUsage? samplerUsage = null;
        if (Thread.CurrentThread == _thread)
        {
            Volatile.Write(ref _samplerAllocated, GC.GetAllocatedBytesForCurrentThread());
            samplerUsage = ResourceUsage.CurrentThread();
        }
        lock (_lock)
        {
            if (samplerUsage is not null)
            {
                _samplerUsage = samplerUsage;
            }
            _samples.Add(sample);
            _peakProcessThreads = Math.Max(_peakProcessThreads, sample.ProcessThreads);
            _peakPoolThreads = Math.Max(_peakPoolThreads, sample.PoolThreads);
            _processPeakWorkingSet = Math.Max(_processPeakWorkingSet, sample.WorkingSetBytes);
            if (_open is { } open)
            {
                open.PeakThreads = Math.Max(open.PeakThreads, sample.ProcessThreads);
                open.PeakPoolThreads = Math.Max(open.PeakPoolThreads, sample.PoolThreads);
                open.PeakWorkingSet = Math.Max(open.PeakWorkingSet, sample.WorkingSetBytes);
            }
        }
    }
}
