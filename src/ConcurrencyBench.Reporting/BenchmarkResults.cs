using System.Globalization;
using System.Text.RegularExpressions;

namespace ConcurrencyBench.Reporting;

/// <summary>The machine and runtime a results file came from (BenchmarkDotNet's HostEnvironmentInfo).</summary>
/// <param name="Processor">Processor name.</param>
/// <param name="LogicalCores">Logical cores.</param>
/// <param name="Os">Operating system.</param>
/// <param name="Runtime">The runtime that ran the benchmarks (e.g. ".NET 10.0.12 (...)").</param>
/// <param name="Architecture">X64, Arm64, ...</param>
/// <param name="BenchmarkDotNetVersion">BenchmarkDotNet's version.</param>
/// <param name="SdkVersion">The .NET SDK that built them.</param>
public sealed partial record HostInfo(
    string Processor,
    int LogicalCores,
    string Os,
    string Runtime,
    string Architecture,
    string BenchmarkDotNetVersion,
    string SdkVersion)
{
    /// <summary>
    /// What tells this host apart from another in the same results whose short label is the same (they differ only
    /// in SDK or BenchmarkDotNet version); set by the reader, empty otherwise.
    /// </summary>
    public string Qualifier { get; init; } = "";

    /// <summary>
    /// The job's name where one results file holds several jobs of the same runtime that are not ConcurrencyBench's
    /// repeated and cold pair (e.g. "job ShortRun" beside "job MediumRun"): their cases are told apart by it. Empty
    /// otherwise.
    /// </summary>
    public string Variant { get; init; } = "";

    /// <summary>The runtime's short name: ".NET 10.0.12", "NativeAOT .NET 10.0.12", "Python 3.11.7".</summary>
    public string RuntimeLabel => Runtime.Split(" (", 2)[0];

    /// <summary>Which kind of runtime ran the cases: the report's runtime comparison is keyed by it.</summary>
    public RuntimeKind Kind => Runtime.StartsWith("Python", StringComparison.Ordinal) ? RuntimeKind.Python
        : Runtime.StartsWith("NativeAOT", StringComparison.Ordinal) ? RuntimeKind.NativeAot
        : Runtime.StartsWith(".NET", StringComparison.Ordinal) ? RuntimeKind.DotNet
        : Runtime.StartsWith("Node.js ", StringComparison.Ordinal) ? RuntimeKind.Node
        : Runtime.StartsWith("Go ", StringComparison.Ordinal) ? RuntimeKind.Go
        : Runtime.StartsWith("Rust ", StringComparison.Ordinal) ? RuntimeKind.Rust
        : RuntimeKind.Other;

    /// <summary>A short label for charts and tables: "Intel Xeon Processor ×2, .NET 10.0.12, Linux" (×2: logical cores), unique within one result set.</summary>
    public string Label => ShortLabel + Qualifier;

    /// <summary>The label without its <see cref="Qualifier"/>.</summary>
    public string ShortLabel
    {
        get
        {
            string runtime = Runtime.Split(" (", 2)[0];
            string os = Os.Split(' ', 2)[0];
            return $"{Processor} ×{LogicalCores.ToString(CultureInfo.InvariantCulture)}, {runtime}, {os}" + (Variant.Length > 0 ? $", {Variant}" : "");
        }
    }

    /// <summary>
    /// What a case is matched by when two runs with several runtimes each are compared: the kind of runtime and its
    /// major version (".NET 10", "NativeAOT .NET 10", "Python 3"), and the job where a file held several. Not the
    /// machine: comparing one machine with another is what <c>--allow-different-hosts</c> is for.
    /// </summary>
    public string RuntimeSlot => MajorVersion().Replace(RuntimeLabel, "$1", 1) + (Variant.Length > 0 ? $", {Variant}" : "");

    /// <summary>
    /// One processor named one way whoever named it: BenchmarkDotNet prettifies the brand string ("Intel(R) Xeon(R)
    /// Processor" becomes "Intel Xeon Processor", "@" and "N-Core Processor" go, an Intel Core model gets its
    /// microarchitecture in parentheses) and other runners write it raw; both become the prettified form without
    /// the microarchitecture.
    /// </summary>
    public static string NormalizeProcessor(string? name)
    {
        string text = (name ?? "").Replace("(R)", "", StringComparison.OrdinalIgnoreCase)
            .Replace("(TM)", "", StringComparison.OrdinalIgnoreCase)
            .Replace("@", "", StringComparison.Ordinal);
        text = CoreCount().Replace(text, "");
        text = Whitespace().Replace(text, " ").Trim();
        text = Microarchitecture().Replace(text, "");
        return text.Length > 0 ? text : "Unknown processor";
    }

    [GeneratedRegex(@"(\d+)(\.\d+)+")]
    private static partial Regex MajorVersion();

    [GeneratedRegex(@"\b\w+-Core Processor\b")]
    private static partial Regex CoreCount();

    [GeneratedRegex(@"\s+")]
    private static partial Regex Whitespace();

    [GeneratedRegex(@"\s*\([A-Za-z][A-Za-z ]*\)$")]
    private static partial Regex Microarchitecture();

    /// <summary>True when two runs came from the same kind of machine and the same runtime (comparable).</summary>
    public bool SameHostAs(HostInfo other)
    {
        ArgumentNullException.ThrowIfNull(other);
        return Processor == other.Processor && LogicalCores == other.LogicalCores && Os == other.Os
            && Runtime == other.Runtime && Architecture == other.Architecture;
    }
}

/// <summary>The kinds of runtime the report sets side by side.</summary>
public enum RuntimeKind
{
    /// <summary>.NET with its JIT (the benchmarks' own runtime).</summary>
    DotNet,

    /// <summary>.NET compiled ahead of time (BenchmarkDotNet's NativeAOT toolchain).</summary>
    NativeAot,

    /// <summary>CPython (scripts/python).</summary>
    Python,

    /// <summary>Node.js (scripts/node; runtime name "Node.js").</summary>
    Node,

    /// <summary>Go (scripts/go; runtime name "Go").</summary>
    Go,

    /// <summary>Rust with tokio (scripts/rust; runtime name "Rust tokio").</summary>
    Rust,

    /// <summary>Any other runtime that writes the runtime-results format.</summary>
    Other,
}

/// <summary>How a case's operations were sampled (the BenchmarkDotNet job that ran them).</summary>
public enum BurstKind
{
    /// <summary>One process, the iterations one after another: the pool keeps what it learned between them.</summary>
    Repeated,

    /// <summary>One operation in each of several fresh processes: independent samples of a burst meeting a quiet process.</summary>
    Cold,
}

/// <summary>
/// One benchmark case from a full JSON file: its identity, its final measured iterations and its metrics.
/// </summary>
/// <param name="FullName">BenchmarkDotNet's permanent ID, e.g. <c>ConcurrencyBench.Benchmarks.AsyncDelays.TaskDelayWhenAll(N: 100, DelayMs: 20)</c>.</param>
/// <param name="Type">The benchmark class, without namespace.</param>
/// <param name="Method">The benchmark method.</param>
/// <param name="Parameters">Parameter values by name, as BenchmarkDotNet printed them.</param>
/// <param name="IterationNanoseconds">Nanoseconds per operation of each final iteration, in the order they ran.</param>
/// <param name="AllocatedBytesPerOperation">Managed bytes allocated per operation; null without the memory diagnoser.</param>
/// <param name="Metrics">Every metric by its descriptor ID (PeakWorkingSet, PeakThreads, CompletedWorkItemCount, ...).</param>
/// <param name="Host">The machine and runtime that produced it.</param>
/// <param name="Job">The job's ID (the profile name for ConcurrencyBench runs).</param>
/// <param name="SourceFile">The file it was read from.</param>
public sealed record CaseResult(
    string FullName,
    string Type,
    string Method,
    IReadOnlyDictionary<string, string> Parameters,
    IReadOnlyList<double> IterationNanoseconds,
    double? AllocatedBytesPerOperation,
    IReadOnlyDictionary<string, double> Metrics,
    HostInfo Host,
    string Job,
    string SourceFile)
{
    /// <summary>An integer parameter (N, K, DelayMs); null when absent or not an integer.</summary>
    public int? IntParameter(string name) =>
        Parameters.TryGetValue(name, out string? text) && int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out int value)
            ? value
            : null;

    /// <summary>
    /// True when <see cref="IterationNanoseconds"/> are the model's own measurements of each burst (read from its
    /// timeline) rather than BenchmarkDotNet's time of the whole call.
    /// </summary>
    public bool TimedByModel { get; init; }

    /// <summary>
    /// CPU time and context switches of each iteration, aligned with <see cref="IterationNanoseconds"/> (null where an
    /// iteration's were not recorded: runs from before they were, or a platform that does not count them).
    /// </summary>
    public IReadOnlyList<Models.ResourceUsage?> IterationUsage { get; init; } = [];

    /// <summary>
    /// Each iteration's own threads, memory, allocations and pool work, aligned with <see cref="IterationNanoseconds"/>
    /// (null where an iteration's were not recorded: files from before they were, or an iteration whose start was not
    /// marked); empty when none were.
    /// </summary>
    public IReadOnlyList<BurstResources?> IterationResources { get; init; } = [];

    /// <summary>
    /// The tick of the clock the runtime's timers read in the process that ran the case, milliseconds (4 ms on Linux at
    /// 250 Hz): a timer-based wait of d can end up to one tick early. Null where it was not recorded.
    /// </summary>
    public double? TimerTickMs { get; init; }

    /// <summary>What each iteration's gather of sleepers observed (the seed's first experiment); empty elsewhere.</summary>
    public IReadOnlyList<Models.GatherOrder> GatherOrders { get; init; } = [];

    /// <summary>
    /// The case's own name for its model where it differs from its .NET twin's (another runtime's form of the same
    /// load, e.g. "asyncio.sleep + gather"); null for the benchmarks' own cases.
    /// </summary>
    public string? Label { get; init; }

    /// <summary>The case's own ideal time where its runtime's model differs from the .NET twin's (Python's default executor); null elsewhere.</summary>
    public TimeSpan? OwnIdeal { get; init; }

    /// <summary>
    /// Why the case could not measure what it measures, as its own timeline says (a chat point whose server refused
    /// clients or whose load lost every line of a window); null elsewhere. Such a case has no median: BenchmarkDotNet's
    /// times of its operations are not its measurement.
    /// </summary>
    public string? Failure { get; init; }

    /// <summary>Cold bursts for the job called "Cold"; every other job (including older runs' profile-named jobs) ran repeated bursts.</summary>
    public BurstKind Bursts => BurstKindOf(Job);

    /// <summary>The burst kind of a job ID.</summary>
    public static BurstKind BurstKindOf(string? job) =>
        job is not null && job.EndsWith(nameof(BurstKind.Cold), StringComparison.Ordinal) ? BurstKind.Cold : BurstKind.Repeated;

    /// <summary>True for the ahead-of-time jobs ("NativeAotRepeated", "NativeAotCold").</summary>
    public static bool IsNativeAotJob(string? job) => job is not null && job.StartsWith("NativeAot", StringComparison.Ordinal);

    /// <summary>A metric's value; null when the case has no such metric.</summary>
    public double? Metric(string id) => Metrics.TryGetValue(id, out double value) ? value : null;

    /// <summary>"Method" plus its parameters, for tables: <c>TaskDelayWhenAll(N: 100, DelayMs: 20)</c>.</summary>
    public string ShortName
    {
        get
        {
            int open = FullName.IndexOf('(', StringComparison.Ordinal);
            return open < 0 ? Method : Method + FullName[open..];
        }
    }
}

/// <summary>
/// What one burst used, as the report reads it: a BenchmarkDotNet case's timeline mark (<see cref="Models.BurstFigures"/>)
/// or a runtime-results file's burst. Null where a runtime does not record a figure.
/// </summary>
/// <param name="ThreadsAtStart">Operating-system threads of the process when the burst started.</param>
/// <param name="PeakThreads">The most operating-system threads during the burst.</param>
/// <param name="PoolThreadsAtStart">Thread-pool threads when the burst started (.NET only).</param>
/// <param name="PoolMinimum">The pool's minimum worker threads then (.NET only).</param>
/// <param name="WorkingSetAtStartBytes">Resident memory when the burst started.</param>
/// <param name="PeakWorkingSetBytes">The most resident memory during the burst (see <paramref name="PeakIsBurstOwn"/>).</param>
/// <param name="PeakIsBurstOwn">
/// True when <paramref name="PeakWorkingSetBytes"/> is the burst's own peak (the kernel's high-water mark reset at its
/// start, or sampled through it); false when it is the peak since the process started (it may hold an earlier burst's).
/// </param>
/// <param name="AllocatedBytes">Managed bytes allocated during the burst (.NET only).</param>
/// <param name="LockContentions">Monitor lock contentions during the burst (.NET only).</param>
/// <param name="CompletedWorkItems">Thread-pool work items completed during the burst (.NET only).</param>
/// <param name="MaxConcurrentJobs">The most of the burst's N jobs in progress at once, where the runtime counted them.</param>
public sealed record BurstResources(
    int? ThreadsAtStart,
    int? PeakThreads,
    int? PoolThreadsAtStart,
    int? PoolMinimum,
    long? WorkingSetAtStartBytes,
    long? PeakWorkingSetBytes,
    bool PeakIsBurstOwn,
    long? AllocatedBytes,
    long? LockContentions,
    long? CompletedWorkItems,
    int? MaxConcurrentJobs = null)
{
    /// <summary>A BenchmarkDotNet case's burst, from its timeline mark.</summary>
    public static BurstResources From(Models.BurstFigures figures)
    {
        ArgumentNullException.ThrowIfNull(figures);
        return new(figures.ThreadsAtStart, figures.PeakThreads, figures.PoolThreadsAtStart, figures.PoolMinimum,
            figures.WorkingSetAtStartBytes, figures.PeakWorkingSetBytes, true,
            figures.AllocatedBytes, figures.LockContentions, figures.CompletedWorkItems, figures.MaxConcurrentJobs);
    }
}

/// <summary>Several results files merged: every case, and the timelines found beside them.</summary>
/// <param name="Cases">Every case, in the order read.</param>
/// <param name="Timelines">
/// Thread-pool timelines by host (the host of the results in the same folder; null where that folder held several),
/// burst kind and case full name.
/// </param>
/// <param name="Runs">Each input's run manifest (profile, command, duration, exit code), where <c>run-info.json</c> was found.</param>
public sealed record ResultSet(
    IReadOnlyList<CaseResult> Cases,
    IReadOnlyDictionary<(HostInfo? Host, BurstKind Bursts, string Case), Models.ThreadPoolTimeline> Timelines,
    IReadOnlyList<RunInfo> Runs)
{
    /// <summary>The timeline of <paramref name="result"/>'s process (the first one, for cold bursts); null when none was saved.</summary>
    public Models.ThreadPoolTimeline? TimelineOf(CaseResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        return Timelines.TryGetValue((result.Host, result.Bursts, result.FullName), out Models.ThreadPoolTimeline? timeline)
            || Timelines.TryGetValue((null, result.Bursts, result.FullName), out timeline)
            ? timeline
            : null;
    }

    /// <summary>Runtimes a run was asked for but could not use, one line each (e.g. python3 was not on PATH).</summary>
    public IReadOnlyList<string> RuntimeNotes { get; init; } = [];

    /// <summary>
    /// What was read but left out, one line each, naming the file or folder and why: a case without final measurements
    /// (its benchmark failed), a folder outside the results layout, a symbolic link not followed. The report lists
    /// them beside its cases, and the command line prints them on stderr.
    /// </summary>
    public IReadOnlyList<string> Skipped { get; init; } = [];

    /// <summary>Chat loads run by hand (<c>cbench chat-load --out</c>), read from a results folder's <c>chat-loads/</c>, possibly from another machine.</summary>
    public IReadOnlyList<ChatLoadFile> ChatLoads { get; init; } = [];

    /// <summary>Other runtimes' files whose run did not complete (interrupted): the report says so.</summary>
    public IReadOnlyList<string> IncompleteRuntimeFiles { get; init; } = [];

    /// <summary>The distinct hosts in the set.</summary>
    public IReadOnlyList<HostInfo> Hosts => Cases.Select(c => c.Host).Distinct().ToArray();
}

/// <summary>What <c>scripts/run.sh</c> records about a run beside its results.</summary>
/// <param name="Profile">The profile name.</param>
/// <param name="Command">The command line that ran it.</param>
/// <param name="StartedUtc">When it started (ISO 8601).</param>
/// <param name="DurationSeconds">How long the benchmarks took, build included.</param>
/// <param name="Commit">The git commit of the code measured.</param>
/// <param name="ExitCode">The benchmark program's exit code.</param>
public sealed record RunInfo(string Profile, string Command, string StartedUtc, double DurationSeconds, string Commit, int ExitCode)
{
    /// <summary>The results folder it was read from, as given.</summary>
    public string Folder { get; init; } = "";

    /// <summary>False while the run goes on or after it was interrupted (scripts/run.sh writes it first as false); true in older manifests.</summary>
    public bool Complete { get; init; } = true;

    /// <summary>The machine's 1-minute load average when the run started (/proc/loadavg); null where not recorded (older runs).</summary>
    public double? LoadAverage1mStart { get; init; }

    /// <summary>The 1-minute load average when the benchmarks ended; null where not recorded.</summary>
    public double? LoadAverage1mEnd { get; init; }

    /// <summary>All CPUs' ticks (/proc/stat's "cpu" line, user to steal) at the start; null where not recorded.</summary>
    public long? CpuTicksStart { get; init; }

    /// <summary>The same at the end.</summary>
    public long? CpuTicksEnd { get; init; }

    /// <summary>Ticks stolen from the machine's CPUs by its hypervisor (/proc/stat's steal) at the start; null where not recorded.</summary>
    public long? StealTicksStart { get; init; }

    /// <summary>The same at the end.</summary>
    public long? StealTicksEnd { get; init; }

    /// <summary>The median time of <c>cbench calibrate</c>'s fixed CPU loop at the run's start, in nanoseconds; null where not recorded.</summary>
    public double? CalibrationNsStart { get; init; }

    /// <summary>The same at the run's end.</summary>
    public double? CalibrationNsEnd { get; init; }

    /// <summary>The share of CPU time stolen over the run (steal ticks over all ticks between start and end); null where not recorded.</summary>
    public double? StealShare => CpuTicksEnd - CpuTicksStart is long all && all > 0 && StealTicksEnd - StealTicksStart is long steal && steal >= 0
        ? (double)steal / all : null;

    /// <summary>The calibration loop's time over the run: the mean of its start and end where both were recorded, else the one recorded; null where neither.</summary>
    public double? CalibrationNs => (CalibrationNsStart, CalibrationNsEnd) switch
    {
        (double a, double b) => (a + b) / 2,
        (double a, null) => a,
        (null, double b) => b,
        _ => null,
    };
}
