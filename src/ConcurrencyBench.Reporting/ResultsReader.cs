using System.Text.Json;
using ConcurrencyBench.Models;

namespace ConcurrencyBench.Reporting;

/// <summary>
/// Reads BenchmarkDotNet's full JSON (<c>*-report-full.json</c>), which BenchmarkDotNet itself cannot load back.
/// Files and folders merge into one <see cref="ResultSet"/>; a folder is searched for full JSON files, for
/// <c>timelines/*.json</c> and for <c>run-info.json</c>. Anything unreadable raises
/// <see cref="ResultsFormatException"/> naming the file and the problem.
/// </summary>
public static class ResultsReader
{
    /// <summary>The file-name ending of BenchmarkDotNet's full JSON exporter.</summary>
    public const string FullJsonSuffix = "-report-full.json";

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
        bool any = false;
        // Every case once per host and burst kind, whichever file (BenchmarkDotNet's or another runtime's) it comes from.
        void Add(CaseResult result, string file)
        {
            if (seen.TryGetValue((result.Host, result.Bursts, result.FullName), out string? first))
            {
                throw ResultsFormatException.For(file, $"case {result.FullName} ({result.Bursts} bursts) from the same host is already in {first}");
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
            IReadOnlyList<string> runtimeFiles = [];
            if (Directory.Exists(path))
            {
                foreach (string file in Directory.EnumerateFiles(path, "*.json", SearchOption.AllDirectories)
                    .Where(f => Path.GetFileName(Path.GetDirectoryName(f)) == "timelines").Order(StringComparer.Ordinal))
                {
                    ThreadPoolTimeline timeline = ReadTimeline(file);
                    (CaseResult.IsNativeAotJob(timeline.Job) ? ownAot : own)[(CaseResult.BurstKindOf(timeline.Job), timeline.Case)] = timeline;
                }
                string info = Path.Combine(path, "run-info.json");
                if (File.Exists(info))
                {
                    runs.Add(ReadRunInfo(info) with { Folder = path });
                }
                // Chat loads run by hand, on this machine or another (cbench chat-load --out into chat-loads/).
                chatLoads.AddRange(ChatLoadFile.ReadFolder(path));
                // Other runtimes' cases (scripts/python): no timelines; their host is their runtime's.
                runtimeFiles = RuntimeResults.FilesIn(path);
                string absent = Path.Combine(path, RuntimeResults.Folder, RuntimeResults.AbsentFile);
                if (File.Exists(absent))
                {
                    runtimeNotes.AddRange(File.ReadAllLines(absent).Where(l => l.Trim().Length > 0).Select(l => l.Trim()));
                }
            }
            foreach (string file in runtimeFiles)
            {
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
            foreach (string file in FullJsonFiles(path, allowNone: runtimeFiles.Count > 0 || chatLoads.Count > 0))
            {
                foreach (CaseResult read in ReadFile(file))
                {
                    CaseResult result = WithOwnMeasurements(read, CaseResult.IsNativeAotJob(read.Job) ? ownAot : own);
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
        // Hosts whose short labels collide (they differ only in SDK or BenchmarkDotNet version) are told apart.
        var hosts = cases.Select(c => c.Host).Distinct().ToList();
        var qualified = hosts.ToDictionary(h => h, h => hosts.Count(o => o.ShortLabel == h.ShortLabel) > 1
            ? h with { Qualifier = $" (SDK {h.SdkVersion}, BenchmarkDotNet {h.BenchmarkDotNetVersion})" }
            : h);
        var timelines = new Dictionary<(HostInfo?, BurstKind, string), ThreadPoolTimeline>();
        foreach ((HostInfo? host, var own) in folders)
        {
            foreach (((BurstKind bursts, string name), ThreadPoolTimeline timeline) in own)
            {
                timelines[(host is null ? null : qualified[host], bursts, name)] = timeline;
            }
        }
        return new ResultSet([.. cases.Select(c => c with { Host = qualified[c.Host] })], timelines, runs) { IncompleteRuntimeFiles = incompleteRuntimes, RuntimeNotes = runtimeNotes, ChatLoads = chatLoads };
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

    /// <summary>Reads the cases of one full JSON file.</summary>
    public static IReadOnlyList<CaseResult> ReadFile(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        if (!File.Exists(path))
        {
            throw ResultsFormatException.For(path, "no such file");
        }
        return ReadJson(path, "a BenchmarkDotNet full JSON report", root => ParseDocument(root, path), rejectEmpty: true);
    }

    /// <summary>
    /// Reads a JSON file and parses it with <paramref name="parse"/>; every way it can fail (unreadable, empty, not
    /// JSON, a field missing or of the wrong kind) becomes one <see cref="ResultsFormatException"/> naming the file.
    /// </summary>
    internal static T ReadJson<T>(string path, string what, Func<JsonElement, T> parse, bool rejectEmpty = false)
    {
        string text;
        try
        {
            text = File.ReadAllText(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw ResultsFormatException.For(path, $"cannot be read ({e.Message})", e);
        }
        if (rejectEmpty && string.IsNullOrWhiteSpace(text))
        {
            throw ResultsFormatException.For(path, "empty file");
        }
        try
        {
            using JsonDocument document = JsonDocument.Parse(text);
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

    private static List<CaseResult> ParseDocument(JsonElement root, string path)
    {
        if (root.ValueKind != JsonValueKind.Object
            || !root.TryGetProperty("HostEnvironmentInfo", out JsonElement hostElement)
            || !root.TryGetProperty("Benchmarks", out JsonElement benchmarks)
            || benchmarks.ValueKind != JsonValueKind.Array)
        {
            throw ResultsFormatException.For(path, "not a BenchmarkDotNet full JSON report (no HostEnvironmentInfo and Benchmarks)");
        }
        HostInfo host = ParseHost(hostElement);
        // The ahead-of-time job runs under the same host process: its runtime is the host's, compiled ahead of time.
        HostInfo aotHost = host with { Runtime = "NativeAOT " + host.Runtime };
        var cases = new List<CaseResult>();
        foreach (JsonElement benchmark in benchmarks.EnumerateArray())
        {
            string fullName = benchmark.GetProperty("FullName").GetString() ?? throw new FormatException("a benchmark without FullName");
            if (!benchmark.TryGetProperty("Measurements", out JsonElement measurements) || measurements.ValueKind != JsonValueKind.Array)
            {
                // A case that failed has no measurements (and a report-full file that lists it without statistics).
                continue;
            }
            List<double> iterations = [.. measurements.EnumerateArray()
                .Where(m => m.GetProperty("IterationMode").GetString() == "Workload"
                            && m.GetProperty("IterationStage").GetString() == "Result")
                .OrderBy(m => m.TryGetProperty("LaunchIndex", out JsonElement l) ? l.GetInt32() : 1)
                .ThenBy(m => m.GetProperty("IterationIndex").GetInt32())
                .Select(m => m.GetProperty("Nanoseconds").GetDouble() / Math.Max(1, m.GetProperty("Operations").GetInt64()))];
            if (iterations.Count == 0)
            {
                continue;
            }
            // A time that cannot be true is refused, never rendered: a negative or zero time has no logarithm, and an
            // axis built from one is unbounded.
            int bad = iterations.FindIndex(v => !double.IsFinite(v) || v <= 0);
            if (bad >= 0)
            {
                throw ResultsFormatException.For(path, $"case {fullName}: an iteration time of {iterations[bad]} ns is impossible (times must be positive and finite)");
            }
            var metrics = new Dictionary<string, double>(StringComparer.Ordinal);
            if (benchmark.TryGetProperty("Metrics", out JsonElement metricArray) && metricArray.ValueKind == JsonValueKind.Array)
            {
                foreach (JsonElement metric in metricArray.EnumerateArray())
                {
                    string id = metric.GetProperty("Descriptor").GetProperty("Id").GetString() ?? "";
                    double value = metric.GetProperty("Value").GetDouble();
                    if (!double.IsFinite(value) || value < 0)
                    {
                        throw ResultsFormatException.For(path, $"case {fullName}: metric {id} = {value} is impossible (must be finite and not negative)");
                    }
                    metrics[id] = value;
                }
            }
            double? allocated = benchmark.TryGetProperty("Memory", out JsonElement memory) && memory.ValueKind == JsonValueKind.Object
                && memory.TryGetProperty("BytesAllocatedPerOperation", out JsonElement bytes) && bytes.ValueKind == JsonValueKind.Number
                ? bytes.GetDouble()
                : null;
            if (allocated is double a && (!double.IsFinite(a) || a < 0))
            {
                throw ResultsFormatException.For(path, $"case {fullName}: {a} bytes allocated per operation is impossible");
            }
            string job = JobOf(benchmark);
            string type = benchmark.GetProperty("Type").GetString() ?? "";
            IReadOnlyDictionary<string, string> parameters = ParseParameters(benchmark.TryGetProperty("Parameters", out JsonElement p) ? p.GetString() : null);
            CheckParameters(path, fullName, type, parameters);
            cases.Add(new CaseResult(
                fullName,
                type,
                benchmark.GetProperty("Method").GetString() ?? "",
                parameters,
                iterations,
                allocated,
                metrics,
                CaseResult.IsNativeAotJob(job) ? aotHost : host,
                job,
                path));
        }
        return cases;
    }

    // The loads the report computes with: whole numbers above zero, present where the family needs them, and a total
    // N·d that a time can hold.
    private static void CheckParameters(string path, string fullName, string type, IReadOnlyDictionary<string, string> parameters)
    {
        foreach (string name in ModelCatalog.RequiredParameters(type))
        {
            if (!parameters.ContainsKey(name))
            {
                throw ResultsFormatException.For(path, $"case {fullName}: parameter {name} is missing");
            }
        }
        foreach (string name in new[] { "N", "K", "DelayMs" })
        {
            if (parameters.TryGetValue(name, out string? text)
                && !(int.TryParse(text, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out int value) && value > 0))
            {
                throw ResultsFormatException.For(path, $"case {fullName}: parameter {name} = '{text}' is not a whole number above zero");
            }
        }
        if (parameters.TryGetValue("N", out string? n) && parameters.TryGetValue("DelayMs", out string? d) && (long)int.Parse(n, System.Globalization.CultureInfo.InvariantCulture) * int.Parse(d, System.Globalization.CultureInfo.InvariantCulture) > MaxTotalDelayMs)
        {
            throw ResultsFormatException.For(path, $"case {fullName}: N·d = {n} × {d} ms is beyond any run (more than {MaxTotalDelayMs / 3.6e6:0} hours of delays)");
        }
    }

    /// <summary>The largest N·d (ms) a case can claim: a year of delays; anything larger is a corrupt file.</summary>
    private const long MaxTotalDelayMs = 365L * 24 * 3600 * 1000;

    private static HostInfo ParseHost(JsonElement host) => new(
        Text(host, "ProcessorName"),
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
            parameters[pair[..equals]] = pair[(equals + 1)..];
        }
        return parameters;
    }

    // DisplayInfo is "Type.Method: Job(...)" in BenchmarkDotNet's full JSON; the job ID is the word after ": ".
    private static string JobOf(JsonElement benchmark)
    {
        string display = benchmark.TryGetProperty("DisplayInfo", out JsonElement d) ? d.GetString() ?? "" : "";
        int colon = display.IndexOf(": ", StringComparison.Ordinal);
        if (colon < 0)
        {
            return "";
        }
        string rest = display[(colon + 2)..];
        int end = rest.IndexOfAny(['(', ' ']);
        return end < 0 ? rest : rest[..end];
    }

    private static string[] FullJsonFiles(string path, bool allowNone = false)
    {
        if (File.Exists(path))
        {
            if (!path.EndsWith(".json", StringComparison.OrdinalIgnoreCase))
            {
                throw ResultsFormatException.For(path, $"not a JSON file (expected *{FullJsonSuffix} or a results folder)");
            }
            return [path];
        }
        if (Directory.Exists(path))
        {
            string[] files = [.. Directory.EnumerateFiles(path, "*" + FullJsonSuffix, SearchOption.AllDirectories).Order(StringComparer.Ordinal)];
            if (files.Length == 0 && !allowNone)
            {
                throw ResultsFormatException.For(path, $"no *{FullJsonSuffix} file in this folder");
            }
            return files;
        }
        throw ResultsFormatException.For(path, "no such file or folder");
    }

    private static ThreadPoolTimeline ReadTimeline(string path)
    {
        try
        {
            ThreadPoolTimeline timeline = ThreadPoolTimeline.Load(path);
            // Every field the charts read, present and possible.
            if (string.IsNullOrEmpty(timeline.Case) || timeline.Samples is null)
            {
                throw ResultsFormatException.For(path, "not a thread-pool timeline (no case or no samples)");
            }
            if (timeline.Samples.Any(s => !double.IsFinite(s.ElapsedMs) || s.ElapsedMs < 0 || s.ProcessThreads < 0 || s.PoolThreads < 0 || s.PendingWorkItems < 0 || s.WorkingSetBytes < 0)
                || timeline.Bursts?.Any(b => !double.IsFinite(b.ElapsedMs) || b.ProcessThreads < 0 || b.MeasuredNs is double m && (!double.IsFinite(m) || m <= 0)) == true
                || timeline.Bursts?.Any(b => b.Usage is { } u && (!double.IsFinite(u.UserMs) || u.UserMs < 0 || !double.IsFinite(u.SystemMs) || u.SystemMs < 0 || u.VoluntarySwitches < -1 || u.InvoluntarySwitches < -1)) == true
                || timeline.Bursts?.Any(b => b.Figures is { } f && (!double.IsFinite(f.StartMs) || f.StartMs < 0 || f.ThreadsAtStart < 0 || f.PoolThreadsAtStart < 0
                    || f.PoolMinimum < 0 || f.PeakThreads < f.ThreadsAtStart || f.PeakPoolThreads < 0 || f.WorkingSetAtStartBytes < 0
                    || f.PeakWorkingSetBytes < 0 || f.AllocatedBytes < 0 || f.LockContentions < 0 || f.CompletedWorkItems < 0)) == true)
            {
                throw ResultsFormatException.For(path, "a thread-pool timeline with an impossible sample (negative or not finite)");
            }
            // A chat burst: positive latencies, one per delivered line, no more delivered than sent.
            if (timeline.Bursts?.Any(b => b.Chat is { } chat && (chat.LatenciesUs is null || chat.LatenciesUs.Any(l => l <= 0)
                || chat.Delivered != chat.LatenciesUs.Count || chat.Sent < chat.Delivered || chat.ElapsedMs is < 0 or double.PositiveInfinity)) == true)
            {
                throw ResultsFormatException.For(path, "a chat burst with an impossible latency or line count");
            }
            // A chat window (an open load's): counts that can be, histograms that hold one value per line.
            foreach (ChatBurst chat in timeline.Bursts?.Select(b => b.Chat).OfType<ChatBurst>().Where(c => c.Window is not null) ?? [])
            {
                try
                {
                    chat.Window!.Validate();
                }
                catch (FormatException e)
                {
                    throw ResultsFormatException.For(path, $"a chat window that cannot be: {e.Message}", e);
                }
            }
            return timeline;
        }
        catch (InvalidDataException e)
        {
            throw new ResultsFormatException(e.Message, e);
        }
    }

    /// <summary>Reads a run's manifest (run-info.json).</summary>
    /// <exception cref="ResultsFormatException">It is not one.</exception>
    public static RunInfo ReadRunInfo(string path)
    {
        try
        {
            RunInfo run = JsonSerializer.Deserialize<RunInfo>(File.ReadAllText(path), JsonOptions.Web)
                ?? throw ResultsFormatException.For(path, "empty run-info");
            if (run.Profile is null || run.Command is null || run.StartedUtc is null || run.Commit is null
                || !double.IsFinite(run.DurationSeconds) || run.DurationSeconds < 0)
            {
                throw ResultsFormatException.For(path, "not a run-info file (a field is missing or impossible)");
            }
            return run;
        }
        catch (JsonException e)
        {
            throw ResultsFormatException.For(path, $"not a run-info file ({e.Message})", e);
        }
    }
}

/// <summary>Shared JSON settings.</summary>
internal static class JsonOptions
{
    public static readonly JsonSerializerOptions Web = new(JsonSerializerDefaults.Web) { WriteIndented = true };
}
