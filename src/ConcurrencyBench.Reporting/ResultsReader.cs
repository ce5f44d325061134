using System.Text.Json;
using ConcurrencyBench.Models;

namespace ConcurrencyBench.Reporting;

/// <summary>
/// Reads BenchmarkDotNet's full JSON (<c>*-report-full.json</c>), which BenchmarkDotNet itself cannot load back.
/// Files and folders merge into one <see cref="ResultSet"/>. A folder is read in the layout the suite writes, and
/// nothing else: its <c>results/*-report-full.json</c> (or the full JSON files in it, for BenchmarkDotNet's own
/// results folder), <c>timelines/*.json</c>, <c>runtimes/*.json</c> and <c>run-info.json</c>, and the same in its
/// run parts (<see cref="Parts"/>: <c>cold/</c>, <c>nativeaot/</c>, <c>nativeaot/cold/</c>, the gate's
/// <c>first/</c> and <c>second/</c>). No tree is walked and no symbolic link inside a folder is followed; what is
/// left out is said (<see cref="ResultSet.Skipped"/>). Anything unreadable raises
/// <see cref="ResultsFormatException"/> naming the file and the problem.
/// </summary>
public static class ResultsReader
{
    /// <summary>The file-name ending of BenchmarkDotNet's full JSON exporter.</summary>
    public const string FullJsonSuffix = "-report-full.json";

    /// <summary>
    /// The sub-folders of a results folder that hold more of the same run, each an artifacts folder of its own
    /// (results/, timelines/): the cold-burst pass, the ahead-of-time job, and the two halves of a gate run
    /// (scripts/ci-perf.sh). They nest at most two deep (nativeaot/cold, first/cold).
    /// </summary>
    public static IReadOnlyList<string> Parts { get; } = ["cold", "nativeaot", "first", "second"];

    // What a results folder holds besides its parts, and what the suite itself writes beside them: never reported as skipped.
    private static readonly string[] s_known = ["results", "timelines", RuntimeResults.Folder, ChatLoadFile.Folder, "report", "timeline-charts", "compare", "confirm", "gate", "gate-a-a"];

    /// <summary>Reads and merges every path given (files or folders).</summary>
    public static ResultSet Read(IEnumerable<string> paths)
    {
        ArgumentNullException.ThrowIfNull(paths);
        var cases = new List<CaseResult>();
        var folders = new List<(HostInfo? Host, Dictionary<(BurstKind, string), ThreadPoolTimeline> Timelines)>();
        var runs = new List<RunInfo>();
        var seen = new Dictionary<(HostInfo, BurstKind, string), string>();
        var incompleteRuntimes = new List<string>();
        var chatLoads = new List<ChatLoadFile>();
        var runtimeNotes = new List<string>();
        var skipped = new List<string>();
        var filesRead = new Dictionary<string, string>(StringComparer.Ordinal);
        bool any = false;
        // A file given twice (alone and inside a folder given too) would bring every case twice.
        void Once(string file, string given)
        {
            if (!filesRead.TryAdd(Path.GetFullPath(file), given))
            {
                throw ResultsFormatException.For(file, $"read twice: its cases are already in from {filesRead[Path.GetFullPath(file)]} (give each results file or folder once)");
            }
        }
        // Every case once per host and burst kind, whichever file (BenchmarkDotNet's or another runtime's) it comes from.
        void Add(CaseResult result, string file)
        {
            if (seen.TryGetValue((result.Host, result.Bursts, result.FullName), out string? first))
            {
                throw ResultsFormatException.For(file, first == file
                    ? $"case {result.FullName} ({result.Bursts} bursts, job {result.Job}) appears twice in this file"
                    : $"case {result.FullName} ({result.Bursts} bursts) from the same host and runtime is already in {first}");
            }
            seen[(result.Host, result.Bursts, result.FullName)] = file;
            cases.Add(result);
        }
        foreach (string path in paths)
        {
            any = true;
            // A folder's own timelines, read first: they carry the bursts that a model timed itself. The JIT's and the
            // ahead-of-time job's are kept apart (their cases share names).
            var own = new Dictionary<(BurstKind, string), ThreadPoolTimeline>();
            var ownAot = new Dictionary<(BurstKind, string), ThreadPoolTimeline>();
            var timelineFiles = new Dictionary<(bool, BurstKind, string), string>();
            IReadOnlyList<string> runtimeFiles = [];
            IReadOnlyList<string> fullJson;
            if (Directory.Exists(path))
            {
                IReadOnlyList<string> artifacts = ArtifactFolders(path, skipped);
                foreach (string file in artifacts.SelectMany(a => JsonFilesIn(Path.Combine(a, "timelines"), "*.json", skipped)))
                {
                    Interruption.ThrowIfRequested();
                    ThreadPoolTimeline timeline = ReadTimeline(file);
                    bool aot = CaseResult.IsNativeAotJob(timeline.Job);
                    var key = (CaseResult.BurstKindOf(timeline.Job), timeline.Case);
                    // Two timelines of one case and job: which one belongs to the results cannot be told.
                    if (timelineFiles.TryGetValue((aot, key.Item1, key.Case), out string? other))
                    {
                        throw ResultsFormatException.For(file, $"a second timeline of case {timeline.Case} (job {timeline.Job}) besides {other}; a results folder holds one per case and job");
                    }
                    timelineFiles[(aot, key.Item1, key.Case)] = file;
                    (aot ? ownAot : own)[key] = timeline;
                }
                string info = Path.Combine(path, "run-info.json");
                if (ResultFiles.SkipUnlessRegular(info, skipped))
                {
                    runs.Add(ReadRunInfo(info) with { Folder = path });
                }
                // Chat loads run by hand, on this machine or another (cbench chat-load --out into chat-loads/).
                chatLoads.AddRange(ChatLoadFile.ReadFolder(path, skipped));
                // Other runtimes' cases (scripts/python): no timelines; their host is their runtime's.
                runtimeFiles = RuntimeResults.FilesIn(path, skipped);
                string absent = Path.Combine(path, RuntimeResults.Folder, RuntimeResults.AbsentFile);
                if (ResultFiles.SkipUnlessRegular(absent, skipped))
                {
                    runtimeNotes.AddRange(ReadAbsent(absent));
                }
                fullJson = [.. artifacts.SelectMany(a => JsonFilesIn(Path.Combine(a, "results"), "*" + FullJsonSuffix, skipped))
                    .Concat(JsonFilesIn(path, "*" + FullJsonSuffix, skipped, followLink: true)).Order(StringComparer.Ordinal)];
                if (fullJson.Count == 0 && runtimeFiles.Count == 0 && chatLoads.Count == 0)
                {
                    throw ResultsFormatException.For(path, $"no *{FullJsonSuffix} file in this folder's results layout (results/, cold/results/, nativeaot/results/, or the folder itself)");
                }
            }
            else
            {
                fullJson = [FullJsonFile(path)];
            }
            foreach (string file in runtimeFiles)
            {
                Interruption.ThrowIfRequested();
                Once(file, path);
                (IReadOnlyList<CaseResult> read, bool complete) = RuntimeResults.Read(file);
                foreach (CaseResult result in read)
                {
                    Add(result, file);
                }
                if (!complete)
                {
                    incompleteRuntimes.Add(file);
                }
            }
            var hostsHere = new HashSet<HostInfo>();
            foreach (string file in fullJson)
            {
                Interruption.ThrowIfRequested();
                Once(file, path);
                (IReadOnlyList<CaseResult> read, IReadOnlyList<string> left) = ReadFileAndSkipped(file, pipeAllowed: file == path);
                skipped.AddRange(left);
                foreach (CaseResult parsed in read)
                {
                    CaseResult result = WithOwnMeasurements(parsed, CaseResult.IsNativeAotJob(parsed.Job) ? ownAot : own);
                    Add(result, file);
                    hostsHere.Add(result.Host);
                }
            }
            // A folder's timelines belong to the host of its results (unknown where it held several), each runtime's to its own.
            var jitHosts = hostsHere.Where(h => h.Kind != RuntimeKind.NativeAot).ToList();
            var aotHosts = hostsHere.Where(h => h.Kind == RuntimeKind.NativeAot).ToList();
            folders.Add((jitHosts.Count == 1 ? jitHosts[0] : null, own));
            if (ownAot.Count > 0)
            {
                folders.Add((aotHosts.Count == 1 ? aotHosts[0] : null, ownAot));
            }
        }
        if (!any)
        {
            throw new ResultsFormatException("no results given");
        }
        // Hosts whose short labels collide (they differ only in SDK or BenchmarkDotNet version) are told apart; where
        // even those agree (the full OS name or the runtime's build differs), by the whole OS and runtime, and last by a
        // number: every host's label is unique, as every series, row and comparison key built from it must be.
        var hosts = cases.Select(c => c.Host).Distinct().ToList();
        var qualified = hosts.ToDictionary(h => h, h => hosts.Count(o => o.ShortLabel == h.ShortLabel) > 1
            ? h with { Qualifier = $" (SDK {h.SdkVersion}, BenchmarkDotNet {h.BenchmarkDotNetVersion})" }
            : h);
        foreach (var same in qualified.GroupBy(q => q.Value.Label).Where(g => g.Count() > 1).ToList())
        {
            int number = 0;
            foreach (HostInfo host in same.Select(q => q.Key).ToList())
            {
                HostInfo q = qualified[host];
                qualified[host] = q with { Qualifier = $"{q.Qualifier} ({host.Os}, {host.Architecture}, {host.Runtime}) #{++number}" };
            }
        }
        var timelines = new Dictionary<(HostInfo?, BurstKind, string), ThreadPoolTimeline>();
        foreach ((HostInfo? host, var own) in folders)
        {
            foreach (((BurstKind bursts, string name), ThreadPoolTimeline timeline) in own)
            {
                timelines[(host is null ? null : qualified[host], bursts, name)] = timeline;
            }
        }
        return new ResultSet([.. cases.Select(c => c with { Host = qualified[c.Host] })], timelines, runs)
        {
            IncompleteRuntimeFiles = incompleteRuntimes,
            RuntimeNotes = runtimeNotes,
            ChatLoads = chatLoads,
            Skipped = skipped,
        };
    }

    /// <summary>
    /// The artifacts folders of a results folder: itself and its <see cref="Parts"/>, two deep at most, never through a
    /// symbolic link. Every other sub-folder is left out and said so, in one line per folder that holds them.
    /// </summary>
    private static List<string> ArtifactFolders(string root, List<string> skipped)
    {
        var folders = new List<string> { root };
        void Visit(string folder, int depth)
        {
            var others = new List<string>();
            foreach (string sub in SubFolders(folder, skipped))
            {
                string name = Path.GetFileName(sub);
                if (depth < 2 && Parts.Contains(name, StringComparer.Ordinal))
                {
                    folders.Add(sub);
                    Visit(sub, depth + 1);
                }
                else if (!s_known.Contains(name, StringComparer.Ordinal) && !name.Contains(".partial-", StringComparison.Ordinal) && !name.StartsWith('.'))
                {
                    others.Add(name);
                }
            }
            if (others.Count > 0)
            {
                others.Sort(StringComparer.Ordinal);
                string listed = string.Join(", ", others.Take(5)) + (others.Count > 5 ? $" and {others.Count - 5} more" : "");
                skipped.Add($"{folder}: {others.Count} sub-folder(s) outside the results layout not read ({listed})");
            }
        }
        Visit(root, 0);
        return folders;
    }

    // A folder's sub-folders, without following symbolic links (a link may lead back up: a loop, or the same files twice).
    private static List<string> SubFolders(string folder, List<string> skipped)
    {
        var found = new List<string>();
        foreach (string sub in Directory.EnumerateDirectories(folder).Order(StringComparer.Ordinal))
        {
            if (new DirectoryInfo(sub).LinkTarget is not null)
            {
                skipped.Add($"{sub}: a symbolic link, not followed");
                continue;
            }
            found.Add(sub);
        }
        return found;
    }

    // The regular files matching a pattern directly in a folder (none when it does not exist), in name order; a folder
    // that is a symbolic link is not read, and an entry that is no regular file is named in skipped and never opened.
    private static IEnumerable<string> JsonFilesIn(string folder, string pattern, List<string> skipped, bool followLink = false)
    {
        if (!Directory.Exists(folder))
        {
            return [];
        }
        if (!followLink && new DirectoryInfo(folder).LinkTarget is not null)
        {
            skipped.Add($"{folder}: a symbolic link, not followed");
            return [];
        }
        return ResultFiles.RegularFilesIn(folder, pattern, skipped);
    }

    /// <summary>
    /// Corrections a case's timeline carries. Where the sampler allocated (no /proc), its allocations during the
    /// memory diagnoser's operation come off the allocated bytes. Where the model timed each burst itself (the
    /// starvation probe's wait, from its own stopwatch), its figures
    /// replace BenchmarkDotNet's time of the whole call, which also holds queuing the load and waking the benchmark
    /// thread. They are on the case's timeline as burst marks, one per measured operation in order (a repeated-burst
    /// process may add one more for the memory diagnoser's extra operation, which is not a measurement).
    /// </summary>
    public static CaseResult WithOwnMeasurements(CaseResult result, IReadOnlyDictionary<(BurstKind, string), ThreadPoolTimeline> timelines)
    {
        ArgumentNullException.ThrowIfNull(result);
        ArgumentNullException.ThrowIfNull(timelines);
        int n = result.IterationNanoseconds.Count;
        if (!timelines.TryGetValue((result.Bursts, result.FullName), out ThreadPoolTimeline? timeline))
        {
            return result;
        }
        if (timeline.TimerTickMs is > 0 and < 1000)
        {
            result = result with { TimerTickMs = timeline.TimerTickMs };
        }
        if (timeline.Bursts is not { } marks)
        {
            return result;
        }
        // The memory diagnoser's figure is its extra operation's, after the measured ones (marks[n]): where the
        // sampler had to allocate to read the process (no /proc), its own allocations in that operation are not the model's.
        if (result.AllocatedBytesPerOperation is double allocated && n > 0 && marks.Count > n
            && marks[n].SamplerAllocatedBytes - marks[n - 1].SamplerAllocatedBytes is > 0 and long sampler)
        {
            result = result with { AllocatedBytesPerOperation = Math.Max(0, allocated - sampler) };
        }
        if (marks.Count >= n)
        {
            // Each iteration's CPU time and context switches, and what a gather observed, in iteration order.
            result = result with
            {
                IterationUsage = [.. marks.Take(n).Select(m => m.Usage)],
                IterationResources = marks.Take(n).Any(m => m.Figures is not null)
                    ? [.. marks.Take(n).Select(m => m.Figures is { } f ? BurstResources.From(f) : null)]
                    : [],
                GatherOrders = [.. marks.Take(n).Select(m => m.Gather).OfType<GatherOrder>()],
            };
        }
        // A chat point that could not measure (its load's failure on its marks, or a window short of its figures) has
        // no measurement at all: BenchmarkDotNet's times of its operations are not one.
        if (marks.Count >= n && marks.Take(n).Any(m => m.Chat is { Load: not null } chat && (chat.Load.Failure is not null || chat.Window is null)))
        {
            ChatBurst failed = marks.Take(n).Select(m => m.Chat!).First(c => c.Load!.Failure is not null || c.Window is null);
            return result with { Failure = failed.Load!.Failure ?? "a window of its load has no figures" };
        }
        if (marks.Count < n || marks.Take(n).Any(m => m.MeasuredNs is not > 0))
        {
            return result;
        }
        return result with { IterationNanoseconds = [.. marks.Take(n).Select(m => m.MeasuredNs!.Value)], TimedByModel = true };
    }

    /// <summary>Reads the cases of one full JSON file (those with final measurements).</summary>
    public static IReadOnlyList<CaseResult> ReadFile(string path) => ReadFileAndSkipped(path).Cases;

    /// <summary>
    /// Reads the cases of one full JSON file, and one line for each case it lists without final measurements (a
    /// benchmark that failed, or a file cut short): those are left out of every table, and said so.
    /// </summary>
    public static (IReadOnlyList<CaseResult> Cases, IReadOnlyList<string> Skipped) ReadFileAndSkipped(string path) => ReadFileAndSkipped(path, pipeAllowed: false);

    private static (IReadOnlyList<CaseResult> Cases, IReadOnlyList<string> Skipped) ReadFileAndSkipped(string path, bool pipeAllowed)
    {
        ArgumentNullException.ThrowIfNull(path);
        return ReadJson(path, "a BenchmarkDotNet full JSON report", _ => FileSchemas.FullJson, root => ParseDocument(root, path), pipeAllowed);
    }

    /// <summary>
    /// Reads a JSON file (a regular file, or a pipe where <paramref name="pipeAllowed"/>: <see cref="ResultFiles"/>),
    /// checks it against its kind's rule (<paramref name="schema"/> of the parsed document: <see cref="FileSchemas"/>)
    /// and parses it with <paramref name="parse"/>; every way it can fail (unreadable, empty, not JSON, a field
    /// missing, of the wrong kind or impossible) becomes one <see cref="ResultsFormatException"/> naming the file, and
    /// the field and its value where one is at fault.
    /// </summary>
    internal static T ReadJson<T>(string path, string what, Func<JsonElement, JsonRule> schema, Func<JsonElement, T> parse, bool pipeAllowed = false)
    {
        string text = ResultFiles.ReadText(path, pipeAllowed);
        if (string.IsNullOrWhiteSpace(text))
        {
            throw ResultsFormatException.For(path, $"empty file (not {what})");
        }
        try
        {
            using JsonDocument document = JsonDocument.Parse(text);
            FileSchema.Check(document.RootElement, schema(document.RootElement), path);
            return parse(document.RootElement);
        }
        catch (JsonException e)
        {
            throw ResultsFormatException.For(path, $"not valid JSON, truncated or corrupt (line {e.LineNumber + 1})", e);
        }
        catch (Exception e) when (e is InvalidOperationException or KeyNotFoundException or FormatException)
        {
            throw ResultsFormatException.For(path, $"not {what} ({e.Message})", e);
        }
    }

    // The document has passed FileSchemas.FullJson: every field read here is there (where required) and possible.
    private static (IReadOnlyList<CaseResult>, IReadOnlyList<string>) ParseDocument(JsonElement root, string path)
    {
        HostInfo host = ParseHost(root.GetProperty("HostEnvironmentInfo"));
        var cases = new List<CaseResult>();
        var skipped = new List<string>();
        int index = -1;
        foreach (JsonElement benchmark in root.GetProperty("Benchmarks").EnumerateArray())
        {
            index++;
            string fullName = benchmark.GetProperty("FullName").GetString()!;
            if (!benchmark.TryGetProperty("Measurements", out JsonElement measurements) || measurements.ValueKind != JsonValueKind.Array)
            {
                // A case that failed has no measurements (and a report-full file that lists it without statistics).
                skipped.Add($"{FileSchema.Escape(path)}: case {fullName} left out: no measurements (its benchmark failed, or the file lost them)");
                continue;
            }
            var stages = new List<string>();
            var final = new List<(int Launch, int Iteration, double Ns)>();
            int at = -1;
            foreach (JsonElement m in measurements.EnumerateArray())
            {
                at++;
                string mode = m.GetProperty("IterationMode").GetString()!, stage = m.GetProperty("IterationStage").GetString()!;
                stages.Add(FileSchema.Escape(mode + stage));
                if (mode != "Workload" || stage != "Result")
                {
                    continue;
                }
                double ns = m.GetProperty("Nanoseconds").GetDouble() / m.GetProperty("Operations").GetInt64();
                // A time that cannot be true is refused, never rendered: a zero time has no logarithm, and an axis built
                // from one is unbounded.
                if (!(ns > 0))
                {
                    throw FileSchema.Refuse(path, $"Benchmarks[{index}].Measurements[{at}].Nanoseconds", m.GetProperty("Nanoseconds").GetDouble(),
                        $"case {fullName}: a final iteration of no time is impossible (times must be positive)");
                }
                final.Add((m.TryGetProperty("LaunchIndex", out JsonElement l) ? l.GetInt32() : 1, m.GetProperty("IterationIndex").GetInt32(), ns));
            }
            List<double> iterations = [.. final.OrderBy(f => f.Launch).ThenBy(f => f.Iteration).Select(f => f.Ns)];
            if (iterations.Count == 0)
            {
                string had = stages.Count == 0 ? "none" : string.Join(", ", stages.Distinct().Take(3));
                skipped.Add($"{FileSchema.Escape(path)}: case {fullName} left out: no final measurements (it has {had}): its benchmark failed");
                continue;
            }
            var metrics = new Dictionary<string, double>(StringComparer.Ordinal);
            if (benchmark.TryGetProperty("Metrics", out JsonElement metricArray) && metricArray.ValueKind == JsonValueKind.Array)
            {
                int m = -1;
                foreach (JsonElement metric in metricArray.EnumerateArray())
                {
                    m++;
                    string id = metric.GetProperty("Descriptor").GetProperty("Id").GetString()!;
                    double value = metric.GetProperty("Value").GetDouble();
                    // The suite's own metrics have the bounds of what they count (FileSchemas bounds every metric by 2^53).
                    (double Max, string Why)? bound = id switch
                    {
                        "PeakThreads" or "PeakPoolThreads" => (Bounds.MaxThreads, "a process has at most 4,194,304 threads (Linux's PID_MAX_LIMIT)"),
                        "PeakWorkingSet" => (Bounds.MaxResidentBytes, "resident memory is at most 2^57 bytes (the 5-level paging address space)"),
                        _ => null,
                    };
                    if (bound is { } b && value > b.Max)
                    {
                        throw FileSchema.Refuse(path, $"Benchmarks[{index}].Metrics[{m}].Value", value, $"impossible for metric {id}: {b.Why}");
                    }
                    metrics[id] = value;
                }
            }
            double? allocated = benchmark.TryGetProperty("Memory", out JsonElement memory) && memory.ValueKind == JsonValueKind.Object
                && memory.TryGetProperty("BytesAllocatedPerOperation", out JsonElement bytes) && bytes.ValueKind == JsonValueKind.Number
                ? bytes.GetDouble()
                : null;
            (string job, string? jobRuntime) = JobOf(benchmark);
            string type = benchmark.GetProperty("Type").GetString()!;
            IReadOnlyDictionary<string, string> parameters;
            try
            {
                parameters = ParseParameters(benchmark.TryGetProperty("Parameters", out JsonElement p) ? p.GetString() : null);
            }
            catch (FormatException e)
            {
                throw FileSchema.Refuse(path, $"Benchmarks[{index}].Parameters", benchmark.GetProperty("Parameters").GetString(), $"case {fullName}: {e.Message}");
            }
            CheckParameters(path, $"Benchmarks[{index}].Parameters", fullName, type, parameters);
            cases.Add(new CaseResult(
                fullName,
                type,
                benchmark.GetProperty("Method").GetString() ?? "",
                parameters,
                iterations,
                allocated,
                metrics,
                HostOfJob(host, job, jobRuntime),
                job,
                path));
        }
        return (WithJobVariants(cases), skipped);
    }

    /// <summary>
    /// The host a job ran on: the file's host, with the job's own runtime where it names another (a .NET 8 job run
    /// from a .NET 10 host runs on .NET 8). ConcurrencyBench's ahead-of-time jobs run the host's runtime compiled
    /// ahead of time.
    /// </summary>
    private static HostInfo HostOfJob(HostInfo host, string job, string? jobRuntime)
    {
        if (CaseResult.IsNativeAotJob(job))
        {
            return host with { Runtime = "NativeAOT " + host.Runtime };
        }
        if (string.IsNullOrEmpty(jobRuntime) || SameRuntime(host.RuntimeLabel, jobRuntime))
        {
            return host;
        }
        return host with { Runtime = jobRuntime };
    }

    // ".NET 10.0.12" and ".NET 10.0" are one runtime; ".NET 8.0", "NativeAOT 10.0" or "Mono" another.
    private static bool SameRuntime(string hostRuntime, string jobRuntime)
    {
        static (string Name, string Version) Split(string runtime)
        {
            int digit = runtime.AsSpan().IndexOfAnyInRange('0', '9');
            if (digit < 0)
            {
                return (runtime.Trim(), "");
            }
            string[] version = runtime[digit..].Split(' ', 2)[0].Split('.');
            return (runtime[..digit].Trim(), string.Join('.', version.Take(2)));
        }
        var (hostName, hostVersion) = Split(hostRuntime);
        var (jobName, jobVersion) = Split(jobRuntime);
        return hostName == jobName && (jobVersion.Length == 0 || hostVersion.StartsWith(jobVersion, StringComparison.Ordinal));
    }

    // Several jobs of one runtime in one file that are not the suite's repeated and cold pair (ShortRun and MediumRun,
    // or jobs that differ in a setting): each job's cases stand apart, under the job's name.
    private static List<CaseResult> WithJobVariants(List<CaseResult> cases)
    {
        // The suite's own jobs: Repeated, Cold, and the ahead-of-time job's OnlyCold (its history-dependent cases, run
        // cold only in one launch more), each with its runtime's prefix.
        static string Variant(string job) =>
            job.EndsWith("OnlyCold", StringComparison.Ordinal) ? job[..^"OnlyCold".Length]
            : job.EndsWith(nameof(BurstKind.Repeated), StringComparison.Ordinal) ? job[..^nameof(BurstKind.Repeated).Length]
            : job.EndsWith(nameof(BurstKind.Cold), StringComparison.Ordinal) ? job[..^nameof(BurstKind.Cold).Length]
            : job;
        var several = cases.GroupBy(c => c.Host).Where(g => g.Select(c => Variant(c.Job)).Distinct().Skip(1).Any()).Select(g => g.Key).ToHashSet();
        return several.Count == 0
            ? cases
            : [.. cases.Select(c => several.Contains(c.Host) ? c with { Host = c.Host with { Variant = $"job {(Variant(c.Job) is { Length: > 0 } v ? v : c.Job)}" } } : c)];
    }

    // The loads the report computes with: whole numbers above zero, present where the family needs them, and a total
    // N·d that a time can hold.
    internal static void CheckParameters(string path, string field, string fullName, string type, IReadOnlyDictionary<string, string> parameters)
    {
        string shown = string.Join("&", parameters.Select(p => $"{p.Key}={p.Value}"));
        foreach (string name in ModelCatalog.RequiredParameters(type))
        {
            if (!parameters.ContainsKey(name))
            {
                throw FileSchema.Refuse(path, field, shown, $"case {fullName}: parameter {name} is missing");
            }
        }
        foreach (string name in s_loadParameters)
        {
            if (parameters.TryGetValue(name, out string? text)
                && !(int.TryParse(text, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out int value) && value > 0))
            {
                throw FileSchema.Refuse(path, field, shown, $"case {fullName}: parameter {name} = '{text}' is not a whole number above zero");
            }
        }
        if (parameters.TryGetValue("N", out string? n) && parameters.TryGetValue("DelayMs", out string? d) && (long)int.Parse(n, System.Globalization.CultureInfo.InvariantCulture) * int.Parse(d, System.Globalization.CultureInfo.InvariantCulture) > MaxTotalDelayMs)
        {
            throw FileSchema.Refuse(path, field, shown, $"case {fullName}: N·d = {n} × {d} ms is beyond any run (more than {MaxTotalDelayMs / 3.6e6:0} hours of delays)");
        }
        // The case's name carries its parameters too ("Method(N: 100, DelayMs: 20)"): a load the two disagree on was
        // not measured as either.
        int open = fullName.IndexOf('(', StringComparison.Ordinal);
        if (open >= 0 && fullName.EndsWith(')'))
        {
            foreach (string pair in fullName[(open + 1)..^1].Split(", "))
            {
                int colon = pair.IndexOf(": ", StringComparison.Ordinal);
                if (colon > 0 && s_loadParameters.Contains(pair[..colon], StringComparer.Ordinal)
                    && (!parameters.TryGetValue(pair[..colon], out string? value) || value != pair[(colon + 2)..]))
                {
                    throw FileSchema.Refuse(path, field, shown, $"case {fullName}: its name says {pair} but its parameters say otherwise");
                }
            }
        }
    }

    // The parameters the report computes loads with.
    private static readonly string[] s_loadParameters = ["N", "K", "DelayMs", "C"];

    /// <summary>The largest N·d (ms) a case can claim: a year of delays; anything larger is a corrupt file.</summary>
    private const long MaxTotalDelayMs = 365L * 24 * 3600 * 1000;

    private static HostInfo ParseHost(JsonElement host) => new(
        HostInfo.NormalizeProcessor(Text(host, "ProcessorName")),
        host.TryGetProperty("LogicalCoreCount", out JsonElement cores) && cores.ValueKind == JsonValueKind.Number ? cores.GetInt32() : 0,
        Text(host, "OsVersion"),
        Text(host, "RuntimeVersion"),
        Text(host, "Architecture"),
        Text(host, "BenchmarkDotNetVersion"),
        Text(host, "DotNetCliVersion"));

    private static string Text(JsonElement element, string name) =>
        element.TryGetProperty(name, out JsonElement value) && value.ValueKind == JsonValueKind.String ? value.GetString() ?? "" : "";

    /// <summary>Parses BenchmarkDotNet's "N=100&amp;DelayMs=20" parameter string.</summary>
    public static IReadOnlyDictionary<string, string> ParseParameters(string? text)
    {
        var parameters = new Dictionary<string, string>(StringComparer.Ordinal);
        if (string.IsNullOrEmpty(text))
        {
            return parameters;
        }
        foreach (string pair in text.Split('&', StringSplitOptions.RemoveEmptyEntries))
        {
            int equals = pair.IndexOf('=', StringComparison.Ordinal);
            if (equals <= 0)
            {
                throw new FormatException($"parameter '{pair}' is not name=value");
            }
            // "N=1&N=2" is not a case: which N was measured cannot be told.
            if (!parameters.TryAdd(pair[..equals], pair[(equals + 1)..]))
            {
                throw new FormatException($"parameter {pair[..equals]} is given twice in '{text}'");
            }
        }
        return parameters;
    }

    // DisplayInfo is "Type.Method: JobId(Characteristic=value, ...) [Param=value, ...]" in BenchmarkDotNet's full JSON;
    // a job's ID may hold spaces (".NET 8.0", "ShortRun-.NET 8.0"), and its runtime is the Runtime characteristic.
    private static (string Job, string? Runtime) JobOf(JsonElement benchmark)
    {
        string display = benchmark.TryGetProperty("DisplayInfo", out JsonElement d) ? d.GetString() ?? "" : "";
        int colon = display.IndexOf(": ", StringComparison.Ordinal);
        if (colon < 0)
        {
            return ("", null);
        }
        string rest = display[(colon + 2)..];
        int parameters = rest.EndsWith(']') ? rest.LastIndexOf(" [", StringComparison.Ordinal) : -1;
        if (parameters >= 0)
        {
            rest = rest[..parameters];
        }
        int open = rest.IndexOf('(', StringComparison.Ordinal);
        if (open < 0)
        {
            return (rest.Trim(), null);
        }
        string characteristics = rest[(open + 1)..].TrimEnd(')');
        string? runtime = characteristics.Split(", ").Select(c => c.Trim()).FirstOrDefault(c => c.StartsWith("Runtime=", StringComparison.Ordinal))?["Runtime=".Length..];
        return (rest[..open].Trim(), runtime);
    }

    // A file named on the command line: a full JSON file, or a pipe (as <(zcat run.json.gz) gives) whatever its name.
    private static string FullJsonFile(string path)
    {
        FileKind kind = ResultFiles.KindOf(path);
        if (kind == FileKind.Missing)
        {
            throw ResultsFormatException.For(path, "no such file or folder");
        }
        if (kind != FileKind.Fifo && !path.EndsWith(".json", StringComparison.OrdinalIgnoreCase))
        {
            throw ResultsFormatException.For(path, $"not a JSON file (expected *{FullJsonSuffix} or a results folder)");
        }
        return path;
    }

    /// <summary>Reads a thread-pool timeline, checked against <see cref="FileSchemas.Timeline"/> and against itself.</summary>
    /// <exception cref="ResultsFormatException">It is not one, or holds what no run writes.</exception>
    internal static ThreadPoolTimeline ReadTimeline(string path) =>
        ReadJson(path, "a thread-pool timeline", _ => FileSchemas.Timeline, root =>
        {
            ThreadPoolTimeline timeline;
            try
            {
                timeline = ThreadPoolTimeline.FromJson(root);
            }
            catch (InvalidDataException e)
            {
                throw ResultsFormatException.For(path, e.Message, e);
            }
            // One sampler's samples, in the order it took them (a cold timeline's bursts come from several processes and
            // need not be): a sample before the one it follows would draw the timeline back in time.
            for (int i = 1; i < timeline.Samples.Count; i++)
            {
                if (timeline.Samples[i].ElapsedMs < timeline.Samples[i - 1].ElapsedMs)
                {
                    throw FileSchema.Refuse(path, $"samples[{i}].elapsedMs", timeline.Samples[i].ElapsedMs, $"before the sample it follows ({timeline.Samples[i - 1].ElapsedMs:R} ms): a sampler's samples are in time order");
                }
            }
            for (int i = 0; i < (timeline.Bursts?.Count ?? 0); i++)
            {
                BurstMark mark = timeline.Bursts![i];
                // A peak below the start it is the peak of cannot be.
                if (mark.Figures is { } f && f.PeakThreads < f.ThreadsAtStart)
                {
                    throw FileSchema.Refuse(path, $"bursts[{i}].figures.peakThreads", f.PeakThreads, $"below the burst's own threadsAtStart ({f.ThreadsAtStart}): a peak is at least the start");
                }
                if (mark.Figures is { } g && g.PeakPoolThreads < g.PoolThreadsAtStart)
                {
                    throw FileSchema.Refuse(path, $"bursts[{i}].figures.peakPoolThreads", g.PeakPoolThreads, $"below the burst's own poolThreadsAtStart ({g.PoolThreadsAtStart}): a peak is at least the start");
                }
                if (mark.Chat is not { } chat)
                {
                    continue;
                }
                // A chat burst: one latency per delivered line, no more delivered than sent.
                if (chat.Delivered != chat.LatenciesUs.Count)
                {
                    throw FileSchema.Refuse(path, $"bursts[{i}].chat.delivered", chat.Delivered, $"not one per latency ({chat.LatenciesUs.Count:#,0} latencies)");
                }
                if (chat.Sent < chat.Delivered)
                {
                    throw FileSchema.Refuse(path, $"bursts[{i}].chat.sent", chat.Sent, $"fewer lines sent than delivered ({chat.Delivered:#,0})");
                }
                // A chat window (an open load's): counts that can be, histograms that hold one value per line.
                try
                {
                    chat.Window?.Validate();
                }
                catch (FormatException e)
                {
                    throw ResultsFormatException.For(path, $"bursts[{i}].chat.window.{e.Message}", e);
                }
            }
            return timeline;
        });

    /// <summary>Reads a run's manifest (run-info.json), checked against <see cref="FileSchemas.RunInfo"/>.</summary>
    /// <exception cref="ResultsFormatException">It is not one.</exception>
    public static RunInfo ReadRunInfo(string path) =>
        ReadJson(path, "a run-info file", _ => FileSchemas.RunInfo, root =>
        {
            try
            {
                return root.Deserialize<RunInfo>(JsonOptions.Web) ?? throw ResultsFormatException.For(path, "empty run-info");
            }
            catch (JsonException e)
            {
                throw ResultsFormatException.For(path, $"not a run-info file ({e.Message})", e);
            }
        });

    // runtimes/absent.txt: one runtime the run could not use per line, each a line a run writes (FileSchemas.AbsentLine).
    private static List<string> ReadAbsent(string path)
    {
        string[] lines = [.. ResultFiles.ReadText(path).Split('\n').Select(l => l.TrimEnd('\r').Trim()).Where(l => l.Length > 0)];
        if (lines.Length > Bounds.MaxAbsentLines)
        {
            throw FileSchema.Refuse(path, "lines", lines.Length, $"more lines than runtimes a run can be asked for (at most {Bounds.MaxAbsentLines})");
        }
        for (int i = 0; i < lines.Length; i++)
        {
            FileSchema.CheckText(lines[i], FileSchemas.AbsentLine, path, $"line {i + 1}");
        }
        return [.. lines];
    }
}

/// <summary>Shared JSON settings.</summary>
internal static class JsonOptions
{
    public static readonly JsonSerializerOptions Web = new(JsonSerializerDefaults.Web) { WriteIndented = true };
}
