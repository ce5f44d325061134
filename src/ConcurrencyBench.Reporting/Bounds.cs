using ConcurrencyBench.Models.Chat;

namespace ConcurrencyBench.Reporting;

/// <summary>
/// The largest and smallest values a run can write into a field that a reader reads (<see cref="FileSchemas"/>). Each
/// bound is what no machine, runtime or run can go past, not what this machine happens to do: a valid file from a
/// bigger machine is never refused, and a value past a bound is corruption (or an attack on the page that prints it),
/// refused in one line before anything is drawn.
/// </summary>
public static class Bounds
{
    /// <summary>
    /// Logical cores of one machine: 8,192, the most Linux can be built for (NR_CPUS with CONFIG_MAXSMP on x86-64;
    /// arm64's limit is 4,096, Windows' 2,048). A machine has at least 1.
    /// </summary>
    public const int MaxLogicalCores = 8192;

    /// <summary>
    /// Threads of one process: 4,194,304, Linux's PID_MAX_LIMIT on 64-bit systems (every thread takes an ID from that
    /// space, so no process can have more).
    /// </summary>
    public const int MaxThreads = 4_194_304;

    /// <summary>
    /// The .NET thread pool's minimum worker threads: 32,767, the pool's own ceiling (its default maximum; a minimum
    /// above the maximum is refused by <see cref="ThreadPool.SetMinThreads"/>).
    /// </summary>
    public const int MaxPoolMinimum = 32_767;

    /// <summary>
    /// Resident memory of one process, bytes: 2^57 (128 PiB), the address space of 5-level paging, the most any 64-bit
    /// processor maps. No working set, peak or start of a burst can be larger.
    /// </summary>
    public const long MaxResidentBytes = 1L << 57;

    /// <summary>
    /// A count of events (work items, lock contentions, context switches, lines, bytes allocated over a burst or per
    /// operation): 2^53, the largest whole number a JSON number read as a double holds exactly; past it the count
    /// has lost its units and cannot be a count that was taken.
    /// </summary>
    public const long MaxCount = 1L << 53;

    /// <summary>
    /// Milliseconds of one run, and so of any time within it (a sample's or a burst's time since sampling started, a
    /// burst's wall time, a load's connecting): a year. The reader refuses a case whose N·d passes a year too
    /// (<see cref="ResultsReader"/>), and no run of the suite lasts longer.
    /// </summary>
    public const double MaxRunMs = 365.0 * 24 * 3600 * 1000;

    /// <summary><see cref="MaxRunMs"/> in nanoseconds: the longest burst, or iteration of a BenchmarkDotNet case.</summary>
    public const double MaxRunNs = MaxRunMs * 1e6;

    /// <summary><see cref="MaxRunMs"/> in seconds: the longest run in run-info.json, or an ideal time.</summary>
    public const double MaxRunSeconds = MaxRunMs / 1000;

    /// <summary>
    /// CPU time of one burst (user or system), ms: a year on every core of the largest machine
    /// (<see cref="MaxRunMs"/> × <see cref="MaxLogicalCores"/>); a process's CPU time can pass its wall time only by
    /// running on several cores at once.
    /// </summary>
    public const double MaxCpuMs = MaxRunMs * MaxLogicalCores;

    /// <summary>
    /// A timeline's sampling interval, ms: an hour. The sampler is asked for tens of milliseconds; one that sampled
    /// less often than hourly would hold nothing of a burst, and a zero or negative interval is no sampling at all.
    /// </summary>
    public const double MaxIntervalMs = 3_600_000;

    /// <summary>
    /// The tick of the clock a runtime's timers read, ms: 1,000. Linux's timer interrupt runs at 100 to 1,000 Hz (10
    /// to 1 ms), Windows' default is 15.6 ms; no system ticks less than once a second, and none never.
    /// </summary>
    public const double MaxTimerTickMs = 1000;

    /// <summary>
    /// A latency, µs: an hour, the most a latency histogram holds (<see cref="LatencyHistogram.HighestUs"/>), and the
    /// 0.1% its last bucket spans above it (a percentile reads as its bucket's highest value).
    /// </summary>
    public const double MaxLatencyUs = LatencyHistogram.HighestUs * 1.001;

    /// <summary>
    /// A name (of a processor, an operating system, a runtime and its version, an architecture, a job, a profile, a
    /// model's label, a type or method): 256 characters. A CPUID brand string is 48 bytes; the longest names runs write
    /// (".NET 10.0.12 (10.0.12, 10.0.1226.42308)", "gc go1.19.8 linux/amd64, GOMAXPROCS 2") are under 60; a name of
    /// kilobytes would fill a chart's subtitle and every table row that prints it.
    /// </summary>
    public const int MaxNameLength = 256;

    /// <summary>
    /// A case's full name, or BenchmarkDotNet's DisplayInfo of it (job characteristics and parameters): 1,024
    /// characters, three times the longest a committed run holds (334, a DisplayInfo with every characteristic of its job).
    /// </summary>
    public const int MaxCaseNameLength = 1024;

    /// <summary>
    /// One line of text a run writes (the command that ran it, how a runtime primed its code, why a load failed, a
    /// line of runtimes/absent.txt): 4,096 characters, Linux's PATH_MAX, the longest path such a line can name.
    /// </summary>
    public const int MaxLineLength = 4096;

    /// <summary>
    /// A latency histogram in HdrHistogram's compressed base64 form: 1 MiB of characters. A histogram of 1 µs to an hour
    /// at 3 significant digits has about 23,600 counts, at most 9 bytes each uncompressed (about 290 KB as base64 even
    /// if deflate gained nothing).
    /// </summary>
    public const int MaxHistogramLength = 1 << 20;

    /// <summary>
    /// A results file, bytes: 256 MiB. The largest a committed run holds is 1.6 MB (a timeline of 1,000 blocking calls
    /// of 1 s); the reader holds a file's text, its parsed document and its cases at once, so a larger one would take
    /// the machine's memory before it could be refused.
    /// </summary>
    public const long MaxFileBytes = 256L << 20;

    /// <summary>Lines of runtimes/absent.txt: 64, far more than the runtimes a run can be asked for (six).</summary>
    public const int MaxAbsentLines = 64;

    /// <summary>A process's exit code in run-info.json: 0 to 255, the 8 bits of a POSIX exit status (scripts/run.sh writes <c>$?</c>).</summary>
    public const int MaxExitCode = 255;

    /// <summary>
    /// Clients of one chat load, all its processes together: 1,010,000, the last client number the chat-load command
    /// can be given (<c>--first-client</c> up to 1,000,000, plus <see cref="ChatLoadOptions.MaxClients"/>).
    /// </summary>
    public const int MaxChatClients = 1_000_000 + ChatLoadOptions.MaxClients;

    /// <summary>A chat client's offered rate, lines per second: above 0 and at most 1,000, the chat-load command's own limits (<c>--rate</c>).</summary>
    public const double MaxChatRate = 1000;

    /// <summary>Measured windows of one chat load: 1,000, the chat-load command's limit (<c>--windows</c>).</summary>
    public const int MaxChatWindows = 1000;

    /// <summary>A chat window's length, ms: 100 to 600,000, the chat-load command's limits (<c>--window-ms</c>).</summary>
    public const double MinChatWindowMs = 100, MaxChatWindowMs = 600_000;

    /// <summary>A chat load's lateness tolerance, ms: 1 to 10,000, the command's limits (<c>--lateness-tolerance-ms</c>).</summary>
    public const double MaxChatToleranceMs = 10_000;

    /// <summary>The earliest start a run records: 2000-01-01 (no run of a .NET 10 benchmark suite is older).</summary>
    public static readonly DateTimeOffset EarliestStart = new(2000, 1, 1, 0, 0, 0, TimeSpan.Zero);

    /// <summary>How far ahead of the reader's clock a start may be: a day (clocks of two machines disagree; by more than a day, the date is not one).</summary>
    public static readonly TimeSpan ClockSkew = TimeSpan.FromDays(1);
}
