using System.Globalization;
using System.Text.RegularExpressions;
using ConcurrencyBench.Models.Chat;
using static ConcurrencyBench.Reporting.JsonRule;

namespace ConcurrencyBench.Reporting;

/// <summary>
/// What a run can write into each kind of file the readers open, field by field (<see cref="JsonRule"/>): BenchmarkDotNet's
/// full JSON (the fields the reader reads; BenchmarkDotNet writes many more), a thread-pool timeline, another runtime's
/// results (both format versions), a chat load, and run-info.json. Every field that reaches a reader is here, with its
/// kind, its range (<see cref="Bounds"/>, each saying why) and whether it is required; a reader checks its file against
/// its rule (<see cref="FileSchema.Check"/>) before it computes anything, and checks one field against another itself.
/// </summary>
public static partial class FileSchemas
{
    private static JsonField Req(string name, JsonRule rule) => new(name, rule, true);

    private static JsonField Opt(string name, JsonRule rule) => new(name, rule, false);

    private const string NameWhy = "a name is at most a few dozen characters";

    // A name is printed in the report's tables: a '|' would split its cell (and no processor, system, runtime, job or
    // case name holds one).
    private static string? NoCellBreak(string text) =>
        text.Contains('|', StringComparison.Ordinal) ? "holds '|', which no name a run writes holds (it would split a table's cell where the report prints it)" : null;

    private static JsonRule Name(int minLength = 0) => Text(Bounds.MaxNameLength, NameWhy, minLength, NoCellBreak);

    private static JsonRule Line(int minLength = 0) => Text(Bounds.MaxLineLength, "one line, at most PATH_MAX characters", minLength);

    private static JsonRule CaseName(int minLength = 0) => Text(Bounds.MaxCaseNameLength, "a case's name with its parameters", minLength, NoCellBreak);

    private static JsonRule RunMs() => Number(0, Bounds.MaxRunMs, "a time within a run: not negative, at most a year");

    private static JsonRule Cores() => Whole(1, Bounds.MaxLogicalCores, "a machine has 1 to 8,192 logical cores (Linux's largest build)");

    private static JsonRule ProcessThreads() => Whole(1, Bounds.MaxThreads, "a running process has at least 1 thread and at most 4,194,304 (Linux's PID_MAX_LIMIT)");

    private static JsonRule PoolThreads() => Whole(0, Bounds.MaxThreads, "a pool has 0 threads or more, at most 4,194,304 (Linux's PID_MAX_LIMIT)");

    private static JsonRule Resident() => Whole(0, Bounds.MaxResidentBytes, "resident memory is not negative and at most 2^57 bytes (the 5-level paging address space)");

    private static JsonRule Count() => Whole(0, Bounds.MaxCount, "a count is not negative and at most 2^53 (exact as a JSON number)");

    private static JsonRule SmallCount() => Whole(0, int.MaxValue, "a count is not negative");

    private static JsonRule CpuMs() => Number(0, Bounds.MaxCpuMs, "CPU time is not negative and at most a year on every core");

    private static JsonRule Histogram() => Text(Bounds.MaxHistogramLength, "an HdrHistogram of 1 µs to an hour", 1);

    private static JsonRule LatencyUs(bool aboveZero) => Number(0, Bounds.MaxLatencyUs, "a latency is at most an hour, a histogram's highest value", aboveZero);

    private static JsonRule Date(bool emptyAllowed) => Text(64, "an ISO 8601 time", emptyAllowed ? 0 : 1, text =>
        text.Length == 0 ? null
        : !DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out DateTimeOffset at)
            ? "not a time (ISO 8601, such as 2026-12-01T04:58:57Z)"
            : at < Bounds.EarliestStart || at > DateTimeOffset.UtcNow + Bounds.ClockSkew
                ? $"impossible: a run starts after {Bounds.EarliestStart:yyyy-MM-dd} and not more than a day ahead of this clock"
                : null);

    /// <summary>BenchmarkDotNet's full JSON (<c>*-report-full.json</c>): the fields <see cref="ResultsReader"/> reads.</summary>
    public static JsonRule FullJson { get; } = Record(
        Req("HostEnvironmentInfo", Record(
            Opt("ProcessorName", Name().OrNull()),
            Opt("LogicalCoreCount", Cores().OrNull()),
            Opt("OsVersion", Name().OrNull()),
            Opt("RuntimeVersion", Name().OrNull()),
            Opt("Architecture", Name().OrNull()),
            Opt("BenchmarkDotNetVersion", Name().OrNull()),
            Opt("DotNetCliVersion", Name().OrNull()))),
        Req("Benchmarks", List(Record(
            Req("FullName", CaseName(1)),
            Req("Type", Name(1)),
            Req("Method", Name(1)),
            Opt("Parameters", CaseName().OrNull()),
            Opt("DisplayInfo", CaseName().OrNull()),
            Opt("Measurements", List(Record(
                Req("IterationMode", Name(1)),
                Req("IterationStage", Name(1)),
                Opt("LaunchIndex", Whole(1, int.MaxValue, "launches are numbered from 1")),
                Req("IterationIndex", Whole(0, int.MaxValue, "iterations are numbered from 0 or 1")),
                Req("Operations", Whole(1, Bounds.MaxCount, "an iteration runs at least one operation")),
                Req("Nanoseconds", Number(0, Bounds.MaxRunNs, "an iteration's time is not negative and at most a year")))).OrNull()),
            Opt("Metrics", List(Record(
                Req("Value", Number(0, Bounds.MaxCount, "a metric (bytes, threads, work items) is not negative and at most 2^53")),
                Req("Descriptor", Record(Req("Id", Name(1)))))).OrNull()),
            Opt("Memory", Record(
                Opt("BytesAllocatedPerOperation", Number(0, Bounds.MaxCount, "bytes allocated per operation are not negative and at most 2^53").OrNull())).OrNull())))));

    private static JsonRule Usage() => Record(
        Req("userMs", CpuMs()),
        Req("systemMs", CpuMs()),
        Req("voluntarySwitches", Whole(-1, Bounds.MaxCount, "context switches are counted from 0 (-1: not counted on this platform)")),
        Req("involuntarySwitches", Whole(-1, Bounds.MaxCount, "context switches are counted from 0 (-1: not counted on this platform)")));

    private static JsonRule Gather() => Record(
        Req("results", List(SmallCount())),
        Req("resumed", List(SmallCount())));

    private static JsonRule Window() => Record(
        Req("index", Whole(1, Bounds.MaxChatWindows, "windows are numbered 1 to 1,000 (chat-load --windows)")),
        Req("startMs", RunMs()),
        Req("lengthMs", Number(Bounds.MinChatWindowMs, Bounds.MaxChatWindowMs, "a window is 100 ms to 10 minutes long (chat-load --window-ms)")),
        Req("due", Count()),
        Req("sent", Count()),
        Req("delivered", Count()),
        Req("corrected", Histogram()),
        Req("uncorrected", Histogram()),
        Req("lateness", Histogram()),
        Req("loadLateness", Histogram()),
        Req("loadCpuMs", CpuMs()),
        Req("buckets", List(Record(
            Req("startMs", RunMs()),
            Req("due", SmallCount()),
            Req("delivered", SmallCount()),
            Req("completed", SmallCount()),
            Opt("p50Us", LatencyUs(aboveZero: true).OrNull()),
            Opt("p99Us", LatencyUs(aboveZero: true).OrNull()),
            Req("maxUs", LatencyUs(aboveZero: false))))));

    private static JsonRule Load(bool windowsRequired) => Record(
        Req("format", OneOf("the chat-load format this reader knows", ChatLoadResult.FormatName)),
        Req("run", Name()),
        Req("server", Name()),
        Req("target", Name()),
        Req("machine", Line()),
        Req("processes", Whole(1, Bounds.MaxChatClients / 2, "a load runs in 1 process or more, each with 2 clients or more")),
        Req("clients", Whole(2, Bounds.MaxChatClients, "a load has 2 clients or more, at most the last client number chat-load takes")),
        Req("roomSize", Whole(2, Bounds.MaxChatClients, "a room holds 2 clients or more")),
        Req("linesPerSecond", Number(0, Bounds.MaxChatRate, "a client's rate is above 0 and at most 1,000 lines/s (chat-load --rate)", aboveMin: true)),
        Req("startedUtc", Date(emptyAllowed: true)),
        Req("connectMs", RunMs()),
        Req("drainMs", RunMs()),
        Req("latenessToleranceMs", Number(0, Bounds.MaxChatToleranceMs, "a tolerance is above 0 and at most 10 s (chat-load --lateness-tolerance-ms)", aboveMin: true)),
        Opt("failure", Line().OrNull()),
        Req("unexpected", Count()),
        Req("closedByServer", Whole(0, Bounds.MaxChatClients, "a server closes at most every client's connection")),
        new JsonField("windows", List(Window()), windowsRequired));

    /// <summary>A chat load's result (<c>chat-loads/*.json</c>, <c>cbench chat-load --out</c>).</summary>
    public static JsonRule ChatLoad { get; } = Load(windowsRequired: true);

    /// <summary>A thread-pool timeline (<c>timelines/*.json</c>), with its bursts and what a chat burst measured.</summary>
    public static JsonRule Timeline { get; } = Record(
        Req("case", CaseName(1)),
        Req("intervalMs", Number(0, Bounds.MaxIntervalMs, "the sampler samples more often than hourly, and does sample", aboveMin: true)),
        Req("peakWorkingSetBytes", Resident()),
        Req("samples", List(Record(
            Req("elapsedMs", RunMs()),
            Req("poolThreads", PoolThreads()),
            Req("pendingWorkItems", Count()),
            Req("completedWorkItems", Count()),
            Req("processThreads", ProcessThreads()),
            Req("workingSetBytes", Resident())))),
        Opt("job", Name().OrNull()),
        Opt("bursts", List(Record(
            Req("elapsedMs", RunMs()),
            Req("processThreads", ProcessThreads()),
            Req("poolThreads", PoolThreads()),
            Opt("measuredNs", Number(0, Bounds.MaxRunNs, "a burst's time is above 0 and at most a year", aboveMin: true).OrNull()),
            Opt("samplerAllocatedBytes", Count()),
            Opt("chat", Record(
                Req("latenciesUs", List(Whole(1, int.MaxValue, "a delivered line's latency is at least 1 µs"))),
                Req("sent", SmallCount()),
                Req("delivered", SmallCount()),
                Req("elapsedMs", RunMs()),
                Opt("window", Window().OrNull()),
                Opt("load", Load(windowsRequired: true).OrNull())).OrNull()),
            Opt("usage", Usage().OrNull()),
            Opt("gather", Gather().OrNull()),
            Opt("figures", Record(
                Req("startMs", RunMs()),
                Req("threadsAtStart", ProcessThreads()),
                Req("poolThreadsAtStart", PoolThreads()),
                Req("poolMinimum", Whole(0, Bounds.MaxPoolMinimum, "the pool's minimum is 0 to 32,767 (its own ceiling)")),
                Req("peakThreads", ProcessThreads()),
                Req("peakPoolThreads", PoolThreads()),
                Req("workingSetAtStartBytes", Resident()),
                Req("peakWorkingSetBytes", Resident()),
                Req("peakIsHighWaterMark", Flag("the peak is the kernel's high-water mark or sampled")),
                Req("allocatedBytes", Count()),
                Req("lockContentions", Count()),
                Req("completedWorkItems", Count()),
                Opt("maxConcurrentJobs", SmallCount().OrNull())).OrNull()))).OrNull()),
        Opt("timerTickMs", Number(0, Bounds.MaxTimerTickMs, "a timer clock ticks at least once a second", aboveMin: true).OrNull()));

    private static JsonRule RuntimeBurst(bool version2) => Record(
        Req("ns", Number(0, Bounds.MaxRunNs, "a burst's time is above 0 and at most a year", aboveMin: true)),
        Req("userMs", CpuMs()),
        Req("systemMs", CpuMs()),
        Req("voluntarySwitches", Count()),
        Req("involuntarySwitches", Count()),
        Req("threads", ProcessThreads()),
        Req("peakRssBytes", Resident()),
        new JsonField("threadsAtStart", ProcessThreads(), version2),
        new JsonField("rssAtStartBytes", Resident(), version2),
        Opt("maxConcurrent", SmallCount().OrNull()),
        Opt("gather", Gather()));

    private static JsonRule Runtime(bool version2) => Record(
        Req("format", OneOf("the runtime-results formats this reader knows", RuntimeResults.Format, RuntimeResults.FormatVersion1)),
        new JsonField("priming", Line(1), version2),
        Opt("peakRssScope", OneOf("a peak is the burst's own or the process's", "burst", "process")),
        Req("runtime", Record(
            Req("name", Name(1)),
            Req("version", Name(1)),
            Opt("detail", Name().OrNull()))),
        Req("machine", Record(
            Req("processor", Name().OrNull()),
            Req("logicalCores", Cores()),
            Req("os", Name().OrNull()),
            Req("architecture", Name().OrNull()))),
        Opt("profile", Name().OrNull()),
        Opt("complete", Flag("false while the run goes on")),
        Req("cases", List(Record(
            Req("type", Name(1)),
            Req("method", Name(1)),
            Opt("label", Name().OrNull()),
            Req("parameters", Map(Text(64, "a parameter's name", 1, text => ParameterName().IsMatch(text) ? null : "not a parameter's name (letters and digits)"),
                Whole(1, int.MaxValue, "a load parameter is a whole number above zero"))),
            Opt("idealSeconds", Number(0, Bounds.MaxRunSeconds, "an ideal time is above 0 and at most a year", aboveMin: true).OrNull()),
            Req("repeated", List(RuntimeBurst(version2))),
            Opt("cold", List(RuntimeBurst(version2)))))));

    /// <summary>Another runtime's results, version 2 (<see cref="RuntimeResults.Format"/>).</summary>
    public static JsonRule RuntimeResultsV2 { get; } = Runtime(version2: true);

    /// <summary>Another runtime's results, version 1 (<see cref="RuntimeResults.FormatVersion1"/>: no priming, no burst starts).</summary>
    public static JsonRule RuntimeResultsV1 { get; } = Runtime(version2: false);

    /// <summary>A run's manifest (<c>run-info.json</c>, written by scripts/run.sh).</summary>
    public static JsonRule RunInfo { get; } = Record(
        Req("profile", Name(1)),
        Req("command", Line(1)),
        Req("startedUtc", Date(emptyAllowed: false)),
        Req("durationSeconds", Number(0, Bounds.MaxRunSeconds, "a run lasts from 0 s to a year")),
        Req("commit", Text(80, "a git commit", 1, text => Commit().IsMatch(text) ? null : "not a git commit (hexadecimal, \"+uncommitted\" after it where the tree had changes, or \"unknown\")")),
        Req("exitCode", Whole(0, Bounds.MaxExitCode, "a POSIX exit status is 0 to 255")),
        Opt("complete", Flag("false while the run goes on")),
        // The machine's conditions at the run's start and end (issue 26); absent in runs from before they were recorded.
        Opt("loadAverage1mStart", Number(0, 1e6, "a load average is a count of runnable tasks")),
        Opt("loadAverage1mEnd", Number(0, 1e6, "a load average is a count of runnable tasks")),
        Opt("cpuTicksStart", Whole(0, long.MaxValue, "/proc/stat counts ticks from 0")),
        Opt("cpuTicksEnd", Whole(0, long.MaxValue, "/proc/stat counts ticks from 0")),
        Opt("stealTicksStart", Whole(0, long.MaxValue, "/proc/stat counts ticks from 0")),
        Opt("stealTicksEnd", Whole(0, long.MaxValue, "/proc/stat counts ticks from 0")),
        Opt("calibrationNsStart", Number(0, 1e12, "the calibration loop takes a positive time under 1,000 s", aboveMin: true)),
        Opt("calibrationNsEnd", Number(0, 1e12, "the calibration loop takes a positive time under 1,000 s", aboveMin: true)));

    /// <summary>A line of <c>runtimes/absent.txt</c> (a runtime the run could not use).</summary>
    public static JsonRule AbsentLine { get; } = Line();

    [GeneratedRegex("^[A-Za-z][A-Za-z0-9_]*$")]
    private static partial Regex ParameterName();

    [GeneratedRegex(@"^([0-9a-f]{4,64}(\+uncommitted)?|unknown)$")]
    private static partial Regex Commit();
}
