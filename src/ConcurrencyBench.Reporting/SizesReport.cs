using System.Globalization;
using System.Text;
using System.Text.Json;
using ConcurrencyBench.Reporting.Runtimes;
using Perfolizer.Horology;
using Perfolizer.Mathematics.QuantileEstimators;
using Pragmastat;
using ScottPlot;

namespace ConcurrencyBench.Reporting;

/// <summary>One case of one runtime at one size: a burst per fresh process (a cold pool each), and what the runtime saw.</summary>
/// <param name="Size">The size.</param>
/// <param name="Runtime">The runtime's id.</param>
/// <param name="RuntimeName">Its name and version ("Go 1.19.8").</param>
/// <param name="Type">The .NET twin's class.</param>
/// <param name="Method">The .NET twin's method.</param>
/// <param name="N">Jobs.</param>
/// <param name="K">The pool's size or raised minimum k; 0 for cases without one.</param>
/// <param name="DelayMs">d, in milliseconds.</param>
/// <param name="Nanoseconds">Each process's burst (the first burst of each fresh process), in nanoseconds.</param>
/// <param name="Seen">What the runtime saw at this size (its --describe under the size); null where not recorded.</param>
/// <param name="Injections">.NET's default pool: each burst's times (ms from its start) at which the pool's threads grew.</param>
/// <param name="Model">The runner's words for its model of the case ("run_in_executor(None): default executor (6 workers)").</param>
public sealed record SizePoint(MachineSize Size, string Runtime, string RuntimeName, string Type, string Method, int N, int K, int DelayMs,
    IReadOnlyList<double> Nanoseconds, SizeSeen? Seen, IReadOnlyList<IReadOnlyList<double>> Injections, string Model = "")
{
    /// <summary>Harrell–Davis median of the bursts (Perfolizer), nanoseconds.</summary>
    public double MedianNs { get; } = HarrellDavisQuantileEstimator.Instance.Quantile(new Sample(Nanoseconds, TimeUnit.Nanosecond), Probability.Median).NominalValue;

    /// <summary>The median's distribution-free interval (order statistics), with its level.</summary>
    public MedianInterval Interval { get; } = MedianInterval.Of(Nanoseconds);
}

/// <summary>
/// The sweep's chat point for one server model at one size: each fresh server process's warm window (its second; the
/// first met a cold process), read from its load's result (<see cref="SizeChat"/>).
/// </summary>
/// <param name="Size">The size.</param>
/// <param name="Model">The server model (cbench chat-server's name: async, threads, event-loop).</param>
/// <param name="Processes">Each process's load result, in process order.</param>
public sealed record SizeChatPoint(MachineSize Size, string Model, IReadOnlyList<ConcurrencyBench.Models.Chat.ChatLoadResult> Processes)
{
    /// <summary>Each process's warm window (its last), or null where the load measured none.</summary>
    public IReadOnlyList<ConcurrencyBench.Models.Chat.ChatWindow?> Warm { get; } = WarmOf(Processes);

    /// <summary>
    /// Each process's warm p99, in nanoseconds: each line from its intended send time until the last other member of its
    /// room had it (the maximum where the window's lines carry no p99); processes without a warm window are left out.
    /// </summary>
    public IReadOnlyList<double> P99Ns { get; } = P99Of(Processes);

    /// <summary>Harrell–Davis median of <see cref="P99Ns"/> (Perfolizer); NaN without any.</summary>
    public double MedianP99Ns { get; } = P99Of(Processes) is { Length: > 0 } p99
        ? HarrellDavisQuantileEstimator.Instance.Quantile(new Sample(p99, TimeUnit.Nanosecond), Probability.Median).NominalValue
        : double.NaN;

    /// <summary>The median's distribution-free interval over the processes.</summary>
    public MedianInterval Interval { get; } = MedianInterval.Of(P99Of(Processes));

    /// <summary>Processes whose warm window lost lines (sent, never delivered to the whole room) or left some unsent, or that measured no warm window.</summary>
    public int NotHeld => Processes.Zip(Warm).Count(p => p.First.Failure is not null || p.Second is not { Lost: 0, Unsent: 0 });

    /// <summary>Lines lost or never sent in the warm windows, and lines due there, over every process.</summary>
    public (long Lost, long Due) Lost => (Warm.Sum(w => w is null ? 0 : w.Lost + w.Unsent), Warm.Sum(w => w?.Due ?? 0));

    /// <summary>Processes whose load fell behind its own schedule in the warm window (its latencies then not the server's alone).</summary>
    public int Behind => Processes.Zip(Warm).Count(p => p.Second is { } w && p.First.Behind(w));

    /// <summary>Whether every process delivered every line of its warm window.</summary>
    public bool Delivered => NotHeld == 0;

    /// <summary>
    /// Whether the server held the rate as the default report's chat family judges a point: every line of every warm
    /// window delivered, and the median warm p99 within <see cref="ChatFamily.BoundUs"/> (100 ms).
    /// </summary>
    public bool Held => Delivered && MedianP99Ns <= ChatFamily.BoundUs * 1000;

    /// <summary>Not held, but the load fell behind its own schedule in some process: the server's share is undetermined.</summary>
    public bool Undetermined => !Held && Behind > 0;

    /// <summary>The chat results of one size's folder (<c>&lt;size&gt;/chat</c>), by model; none where it has no such folder.</summary>
    /// <exception cref="ResultsFormatException">A file that is not a chat-load result (naming it, the field and the problem).</exception>
    public static IEnumerable<SizeChatPoint> ReadSize(MachineSize size, string folder)
    {
        if (!Directory.Exists(folder))
        {
            return [];
        }
        return Directory.EnumerateFiles(folder, "*.json")
            .Select(f => (Model: Path.GetFileNameWithoutExtension(f)[..Math.Max(0, Path.GetFileNameWithoutExtension(f).LastIndexOf('-'))], Process: ProcessOf(f), Path: f))
            .Where(f => f.Model.Length > 0 && f.Process > 0)
            .GroupBy(f => f.Model, StringComparer.Ordinal)
            .OrderBy(g => GridChat.KnownModels.ToList().IndexOf(g.Key))
            .Select(g => new SizeChatPoint(size, g.Key, [.. g.OrderBy(f => f.Process).Select(f => ChatLoadFile.Read(f.Path))]))
            .ToList();
    }

    // Each process's last window where it measured a cold one and a warm one, else null.
    private static ConcurrencyBench.Models.Chat.ChatWindow?[] WarmOf(IReadOnlyList<ConcurrencyBench.Models.Chat.ChatLoadResult> processes) =>
        [.. processes.Select(r => r.Windows.Count >= 2 ? r.Windows[^1] : null)];

    // The warm windows' p99s (ns), for the figures the record keeps (a record's initializers cannot read each other).
    private static double[] P99Of(IReadOnlyList<ConcurrencyBench.Models.Chat.ChatLoadResult> processes) =>
        [.. WarmOf(processes).OfType<ConcurrencyBench.Models.Chat.ChatWindow>().Select(w => w.CorrectedSummary().P99OrMaxUs * 1000)];

    private static int ProcessOf(string file)
    {
        string name = Path.GetFileNameWithoutExtension(file);
        return int.TryParse(name[(name.LastIndexOf('-') + 1)..], NumberStyles.None, CultureInfo.InvariantCulture, out int n) ? n : 0;
    }
}

/// <summary>A size sweep as read from its folder (<see cref="SizeSweep"/>'s files).</summary>
/// <param name="Folder">The sweep's folder.</param>
/// <param name="RealCores">The machine's cores.</param>
/// <param name="Processor">The machine's processor, as the runners name it.</param>
/// <param name="Sizes">Every size of the index, in order, with its status ("ran", "not set", ...) and reason.</param>
/// <param name="Points">Every case of every runtime at every size that ran.</param>
/// <param name="Complete">Whether the sweep finished.</param>
/// <param name="Chat">The chat point's fresh server processes at every size that served it (<see cref="SizeChat"/>).</param>
public sealed record SizeSweepResults(string Folder, int RealCores, string Processor, IReadOnlyList<(MachineSize Size, string Status, string? Reason)> Sizes,
    IReadOnlyList<SizePoint> Points, bool Complete, IReadOnlyList<SizeChatPoint>? Chat = null)
{
    /// <summary>The chat point's processes, by size and model; empty where none was served.</summary>
    public IReadOnlyList<SizeChatPoint> ChatPoints => Chat ?? [];

    /// <summary>True where <paramref name="folder"/> holds a size sweep (its <see cref="SizeSweep.IndexFile"/>).</summary>
    public static bool IsSweep(string folder) => File.Exists(Path.Combine(folder, SizeSweep.IndexFile));

    /// <summary>Reads a sweep's folder.</summary>
    /// <exception cref="ResultsFormatException">A file is missing, not the format, or holds an impossible figure (one line naming it).</exception>
    public static SizeSweepResults Read(string folder)
    {
        ArgumentNullException.ThrowIfNull(folder);
        string index = Path.Combine(folder, SizeSweep.IndexFile);
        using JsonDocument document = Parse(index);
        JsonElement root = document.RootElement;
        if (!root.TryGetProperty("format", out JsonElement format) || format.ValueKind != JsonValueKind.String || format.GetString() != SizeSweep.Format)
        {
            throw ResultsFormatException.For(index, $"not a size sweep's index (no \"format\": \"{SizeSweep.Format}\")");
        }
        int realCores = Whole(index, root, "realCores");
        var sizes = new List<(MachineSize, string, string?)>();
        var points = new List<SizePoint>();
        var chat = new List<SizeChatPoint>();
        string processor = "";
        foreach (JsonElement item in Array(index, root, "sizes"))
        {
            MachineSize size;
            try
            {
                size = MachineSize.Parse(Text(index, item, "size"));
            }
            catch (ResultsFormatException e)
            {
                throw ResultsFormatException.For(index, e.Message);
            }
            string status = Text(index, item, "status");
            string? reason = item.TryGetProperty("reason", out JsonElement r) ? r.GetString() : null;
            sizes.Add((size, status, reason));
            string sizeFolder = Path.Combine(folder, size.Id);
            if (status is not ("ran" or "failed" or "interrupted") || !Directory.Exists(sizeFolder))
            {
                continue;
            }
            Dictionary<string, SizeSeen> seen = ReadSeen(Path.Combine(sizeFolder, SizeSweep.SizeFile));
            chat.AddRange(SizeChatPoint.ReadSize(size, Path.Combine(sizeFolder, SizeChat.Folder)));
            foreach (string file in Directory.EnumerateFiles(sizeFolder, "*.json").Where(f => Path.GetFileName(f) != SizeSweep.SizeFile).Order(StringComparer.Ordinal))
            {
                // The reader of every runtime-results file checks it first (its schema, impossible figures): fail closed.
                RuntimeResults.Read(file);
                string runtime = Path.GetFileNameWithoutExtension(file);
                using JsonDocument results = Parse(file);
                JsonElement info = results.RootElement.GetProperty("runtime");
                string name = $"{info.GetProperty("name").GetString()} {info.GetProperty("version").GetString()}";
                if (processor.Length == 0 && results.RootElement.GetProperty("machine").GetProperty("processor").GetString() is string p)
                {
                    processor = p;
                }
                foreach (JsonElement c in results.RootElement.GetProperty("cases").EnumerateArray())
                {
                    JsonElement parameters = c.GetProperty("parameters");
                    // A burst per fresh process: the repeated process's first burst (its pool cold) and every cold one.
                    var bursts = c.GetProperty("repeated").EnumerateArray().Take(1)
                        .Concat(c.TryGetProperty("cold", out JsonElement cold) ? cold.EnumerateArray() : []).ToList();
                    points.Add(new SizePoint(size, runtime, name, c.GetProperty("type").GetString()!, c.GetProperty("method").GetString()!,
                        parameters.GetProperty("N").GetInt32(), parameters.TryGetProperty("K", out JsonElement k) ? k.GetInt32() : 0, parameters.GetProperty("DelayMs").GetInt32(),
                        [.. bursts.Select(b => b.GetProperty("ns").GetDouble())],
                        seen.GetValueOrDefault(runtime),
                        [.. bursts.Select(b => b.TryGetProperty("injections", out JsonElement i) && i.ValueKind == JsonValueKind.Array
                            ? (IReadOnlyList<double>)[.. i.EnumerateArray().Select(x => x.GetDouble())]
                            : [])],
                        c.TryGetProperty("label", out JsonElement label) && label.ValueKind == JsonValueKind.String ? label.GetString()! : ""));
                }
            }
        }
        bool complete = root.TryGetProperty("complete", out JsonElement done) && done.ValueKind == JsonValueKind.True;
        if (points.Count == 0 && chat.Count == 0)
        {
            throw ResultsFormatException.For(folder, "a size sweep in which no case ran: nothing to report");
        }
        return new SizeSweepResults(folder, realCores, processor, sizes, points, complete, chat);
    }

    private static Dictionary<string, SizeSeen> ReadSeen(string path)
    {
        var seen = new Dictionary<string, SizeSeen>(StringComparer.Ordinal);
        if (!File.Exists(path))
        {
            return seen;
        }
        using JsonDocument document = Parse(path);
        if (document.RootElement.TryGetProperty("seen", out JsonElement all) && all.ValueKind == JsonValueKind.Object)
        {
            foreach (JsonProperty runtime in all.EnumerateObject())
            {
                JsonElement s = runtime.Value;
                int? Optional(string key) => s.TryGetProperty(key, out JsonElement v) && v.ValueKind == JsonValueKind.Number ? v.GetInt32() : null;
                seen[runtime.Name] = new SizeSeen(runtime.Name, Optional("processors"), Optional("defaultPoolThreads") ?? 1, Optional("defaultPoolMinimum"),
                    s.TryGetProperty("detail", out JsonElement d) ? d.GetString() ?? "" : "");
            }
        }
        return seen;
    }

    private static JsonDocument Parse(string path)
    {
        if (!File.Exists(path))
        {
            throw ResultsFormatException.For(path, "no such file");
        }
        try
        {
            return JsonDocument.Parse(File.ReadAllText(path));
        }
        catch (JsonException e)
        {
            throw ResultsFormatException.For(path, $"not JSON ({e.Message.Split('\n')[0]})");
        }
    }

    private static int Whole(string path, JsonElement e, string key) =>
        e.TryGetProperty(key, out JsonElement v) && v.ValueKind == JsonValueKind.Number && v.TryGetInt32(out int n) && n >= 1 ? n
            : throw ResultsFormatException.For(path, $"no \"{key}\" of at least 1");

    private static string Text(string path, JsonElement e, string key) =>
        e.TryGetProperty(key, out JsonElement v) && v.ValueKind == JsonValueKind.String ? v.GetString()! : throw ResultsFormatException.For(path, $"no \"{key}\" text");

    private static JsonElement.ArrayEnumerator Array(string path, JsonElement e, string key) =>
        e.TryGetProperty(key, out JsonElement v) && v.ValueKind == JsonValueKind.Array ? v.EnumerateArray() : throw ResultsFormatException.For(path, $"no \"{key}\" array");
}

/// <summary>
/// Each runtime's default pool by its documented rule, as a prediction of N blocking calls of d at a size from what the
/// runtime saw there. .NET: the pool starts at its minimum (ProcessorCount) and, while starved, its gate thread adds one
/// thread per 500 ms (dotnet/runtime PortableThreadPool.GateThread.cs; the .NET docs' starvation tutorial says 1–2 a
/// second); Thread.Sleep gets no blocking compensation (that covers Task.Wait and .Result only). Every other runtime's
/// pool has a fixed size (Python min(32, CPUs + 4), piscina ceil(1.5 × CPUs), Go a thread per blocked call up to 10,000,
/// tokio 512 blocking threads): ceil(N / size) · d.
/// </summary>
public static class PoolRule
{
    /// <summary>The gate thread's period: one thread added per period while the pool is starved, in seconds.</summary>
    public const double InjectionSeconds = 0.5;

    /// <summary>
    /// The rule's time for <paramref name="jobs"/> calls of <paramref name="delaySeconds"/> on a pool that starts with
    /// <paramref name="minimum"/> threads and gains one every <see cref="InjectionSeconds"/> while calls wait (each call
    /// taken by the first thread free), in seconds. With <paramref name="injects"/> false, a fixed pool of
    /// <paramref name="minimum"/>: ceil(N / minimum) · d.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">jobs or minimum below 1, or d not positive.</exception>
    public static double PredictSeconds(int jobs, double delaySeconds, int minimum, bool injects)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(jobs, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(minimum, 1);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(delaySeconds);
        if (!injects)
        {
            return Math.Ceiling((double)jobs / minimum) * delaySeconds;
        }
        return Simulate(jobs, delaySeconds, minimum, _ => InjectionSeconds);
    }

    /// <summary>The blocking compensation's steps: the delay before each thread past ProcessorCount extra ones grows by this, in seconds.</summary>
    public const double CompensationStepSeconds = 0.025;

    /// <summary>The blocking compensation's longest delay before a thread, in seconds.</summary>
    public const double CompensationMaxSeconds = 0.25;

    /// <summary>
    /// The blocking compensation's time for <paramref name="jobs"/> calls that each block on a task for
    /// <paramref name="delaySeconds"/> (Task.Wait, .Result) on .NET's pool, in seconds: it starts at
    /// <paramref name="minimum"/> threads and, while its threads are blocked and calls wait, adds
    /// <paramref name="processors"/> more at once, then one at a time, each after a delay of 25 ms × (1 + the threads
    /// added past those ÷ <paramref name="processors"/>), at most 250 ms (dotnet/runtime
    /// PortableThreadPool.Blocking.cs: ThreadsToAddWithoutDelay and ThreadsPerDelayStep = ProcessorCount, DelayStepMs 25,
    /// MaxDelayMs 250). Like the rule it follows, it assumes each wait ends <paramref name="delaySeconds"/> after its call
    /// starts.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">jobs, minimum or processors below 1, or d not positive.</exception>
    public static double CompensationSeconds(int jobs, double delaySeconds, int minimum, int processors)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(jobs, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(minimum, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(processors, 1);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(delaySeconds);
        int withoutDelay = minimum + processors;
        return Simulate(jobs, delaySeconds, withoutDelay,
            threads => Math.Min(CompensationStepSeconds * (1 + ((threads - withoutDelay) / processors)), CompensationMaxSeconds));
    }

    // N calls of d, each taken by the first thread free, on a pool of `start` threads at time 0 that gains one more
    // `gap(threads)` seconds after it reached `threads`, for as long as calls wait; the time the last call ends.
    private static double Simulate(int jobs, double delaySeconds, int start, Func<int, double> gap)
    {
        var free = new PriorityQueue<double, double>();
        for (int i = 0; i < start; i++)
        {
            free.Enqueue(0, 0);
        }
        int threads = start;
        double nextThread = gap(threads), end = 0;
        for (int job = 0; job < jobs; job++)
        {
            // A thread injected before the first thread frees up takes the call; calls still wait, so injection goes on.
            double at = free.Peek();
            if (nextThread < at)
            {
                at = nextThread;
                threads++;
                nextThread += gap(threads);
            }
            else
            {
                free.Dequeue();
            }
            double done = at + delaySeconds;
            end = Math.Max(end, done);
            free.Enqueue(done, done);
        }
        // To the nanosecond: sums of steps such as 0.025 s carry binary fractions (0.9999999999 s is 1 s).
        return Math.Round(end, 9);
    }

    /// <summary>The rule's time for <paramref name="p"/> (a default-pool case), from what its runtime saw; null where it saw nothing.</summary>
    public static double? PredictSeconds(SizePoint p)
    {
        ArgumentNullException.ThrowIfNull(p);
        return p.Seen is not SizeSeen seen ? null
            : p.Runtime == "dotnet" ? PredictSeconds(p.N, p.DelayMs / 1000.0, StartingThreads(seen) ?? 1, injects: true)
            : PredictSeconds(p.N, p.DelayMs / 1000.0, seen.DefaultPoolThreads, injects: false);
    }

    /// <summary>The blocking compensation's time for <paramref name="p"/> (Task.Wait in the pool), from what .NET saw; null where it saw nothing.</summary>
    public static double? CompensationSeconds(SizePoint p)
    {
        ArgumentNullException.ThrowIfNull(p);
        return p.Seen?.Processors is int processors && StartingThreads(p.Seen) is int minimum
            ? CompensationSeconds(p.N, p.DelayMs / 1000.0, minimum, processors)
            : null;
    }

    /// <summary>
    /// The threads .NET's pool starts with, as its runtime saw them: its minimum, else its processor count; null where
    /// neither was recorded.
    /// </summary>
    public static int? StartingThreads(SizeSeen? seen) => seen?.DefaultPoolMinimum ?? seen?.Processors;

    /// <summary>The rule in words, for a runtime.</summary>
    public static string Text(string runtime) => runtime switch
    {
        "dotnet" => "minimum = ProcessorCount threads, then one more per 500 ms while calls wait",
        "python" => "min(32, CPUs + 4) workers",
        "node" => "piscina: ceil(1.5 × CPUs) workers",
        "go" => "a thread per blocked call, up to 10,000",
        "rust" => "up to 512 blocking threads",
        _ => "ceil(N / threads) · d",
    };
}

/// <summary>
/// The size sweep's report: the answer charts "N blocking calls on each runtime's default pool, by machine size" (with
/// .NET's pool rule beside it) and "the same calls on a pool of k", the table of what each runtime saw and the rule's
/// error, .NET's pool by size with the timeline of its growth, the default report's answers by size, and which answers
/// change with machine size.
/// </summary>
public static class SizesReport
{
    /// <summary>The default-pool answer chart's file name.</summary>
    public const string AnswerChartName = "Answer-sizes-default-pool";

    /// <summary>The pool-of-k answer chart's file name.</summary>
    public const string FixChartName = "Answer-sizes-pool-of-k";

    /// <summary>The Task.Wait chart's file name.</summary>
    public const string TaskWaitChartName = "Sizes-dotnet-task-wait";

    /// <summary>The .NET pool's growth chart's file name.</summary>
    public const string GrowthChartName = "Sizes-dotnet-pool-growth";

    // A runtime's place in RuntimeTable (the order a run takes them; unknown ones last), its name there, and its colour
    // by that place.
    private static int Order(string runtime) => RuntimeTable.All.Select(r => r.Id).ToList().IndexOf(runtime) is int i and >= 0 ? i : RuntimeTable.All.Count;

    private static string NameOf(string runtime) => RuntimeTable.Find(runtime)?.Name ?? runtime;

    private static Color ColorOf(string runtime) => ChartPalette.ColorOf(Order(runtime));

    /// <summary>Writes report.md and the charts into <paramref name="outFolder"/>; returns report.md's path.</summary>
    public static string Write(SizeSweepResults sweep, string outFolder)
    {
        ArgumentNullException.ThrowIfNull(sweep);
        Directory.CreateDirectory(outFolder);
        var pools = sweep.Points.Where(p => p.Method == "DefaultThreadPool").ToList();
        var fixes = sweep.Points.Where(p => p.Method is "BoundedExecutor" or "RaisedMinThreads").ToList();
        ChartFile? chart = pools.Count == 0 ? null : AnswerChart(sweep, pools, AnswerTitle(sweep, pools), AnswerChartName, rule: true, outFolder);
        ChartFile? fix = fixes.Count == 0 ? null : AnswerChart(sweep, fixes, FixTitle(fixes), FixChartName, rule: false, outFolder);
        var md = new StringBuilder();
        md.AppendLine("# Machine size as an axis").AppendLine();
        md.AppendLine(CultureInfo.InvariantCulture, $"Each runtime's cases at each size of the machine: its real cores pinned (taskset), a CPU quota as a container limit sets it (the CFS quota of a cgroup v1 `cpu` controller, over a 100 ms period) and a processor count configured past the machine's {sweep.RealCores} real cores (each runtime told it has P cores: `DOTNET_PROCESSOR_COUNT`, `GOMAXPROCS`, `TOKIO_WORKER_THREADS`, and Python's and piscina's default sizes computed from P by their own formulas). A configured count is never a machine of that size: its calls still run on {sweep.RealCores} cores. Every figure is a median of one burst in each of 2 or 3 fresh processes (a cold pool each time, as a container starts), with its interval; the runs and the machine: `{sweep.Processor}`, {sweep.RealCores} cores.");
        md.AppendLine();
        md.AppendLine("Each runtime's default pool here: .NET's `ThreadPool` through `Task.Run`; Python's default executor (`loop.run_in_executor(None, …)`); Node.js's piscina pool of worker threads at its default size; Go's goroutines, each blocked call holding an OS thread; tokio's `spawn_blocking` pool.").AppendLine();
        if (!sweep.Complete)
        {
            md.AppendLine("**This sweep did not finish**: the sizes below are those that ran.").AppendLine();
        }
        foreach ((MachineSize size, string status, string? reason) in sweep.Sizes.Where(s => s.Status != "ran"))
        {
            md.AppendLine(CultureInfo.InvariantCulture, $"- {size.Label(sweep.RealCores)}: {status}{(reason is null ? "" : $": {reason}")}");
        }
        if (chart is not null)
        {
            md.AppendLine().AppendLine(CultureInfo.InvariantCulture, $"## {chart.Title}").AppendLine();
            md.AppendLine(CultureInfo.InvariantCulture, $"![{chart.Title}]({Path.GetFileName(chart.PngPath)})").AppendLine();
            WritePoolTable(md, sweep, pools);
        }
        if (fix is not null)
        {
            md.AppendLine(CultureInfo.InvariantCulture, $"## {fix.Title}").AppendLine();
            md.AppendLine(CultureInfo.InvariantCulture, $"![{fix.Title}]({Path.GetFileName(fix.PngPath)})").AppendLine();
            if (FixAgainstDefault(fixes, pools) is { Length: > 0 } against)
            {
                md.AppendLine(against).AppendLine();
            }
        }
        WriteDotnetPool(md, sweep, pools, outFolder);
        WriteTaskWait(md, sweep, outFolder);
        WriteChat(md, sweep);
        WriteDefaultAnswers(md, sweep);
        WriteChanges(md, sweep);
        string path = Path.Combine(outFolder, "report.md");
        File.WriteAllText(path, md.ToString());
        return path;
    }

    private static IEnumerable<MachineSize> SizesOf(SizeSweepResults sweep) => sweep.Sizes.Where(s => s.Status is "ran" or "failed" or "interrupted").Select(s => s.Size);

    // The size a title names first: 1 real core where it ran (the least a machine has), else the first size; and last.
    private static MachineSize LeastSize(SizeSweepResults sweep)
    {
        var sizes = SizesOf(sweep).ToList();
        return sizes.FirstOrDefault(s => s.Kind == SizeKind.RealCores && s.Cpus == 1) ?? sizes[0];
    }

    // The answer as a sentence: the runtimes slow at some size (1 s or more), their range at the least size and at the
    // last, and the runtimes whose time stays under a second at every size.
    internal static string AnswerTitle(SizeSweepResults sweep, IReadOnlyList<SizePoint> pools)
    {
        var sizes = SizesOf(sweep).ToList();
        MachineSize least = LeastSize(sweep), last = sizes[^1];
        var byRuntime = pools.GroupBy(p => p.Runtime).OrderBy(g => Order(g.Key)).ToList();
        var slow = byRuntime.Where(g => g.Any(p => p.MedianNs >= 1e9)).ToList();
        var quick = byRuntime.Where(g => g.All(p => p.MedianNs < 1e9)).Select(g => NameOf(g.Key)).ToList();
        string Range(MachineSize size)
        {
            var at = slow.SelectMany(g => g.Where(p => p.Size == size)).Select(p => p.MedianNs).ToList();
            return at.Count == 0 ? "" : at.Count == 1 ? Format.Time(at[0]) : $"{Format.Time(at.Min())} to {Format.Time(at.Max())}";
        }
        var slowNames = slow.OrderByDescending(g => g.Max(p => p.MedianNs)).Select(g => NameOf(g.Key)).ToList();
        string moves = slow.Count == 0 ? "" : $"{Join(slowNames)} take{(slow.Count == 1 ? "s" : "")} {Range(least)} {AtText(least)} and still {Range(last)} {AtText(last)}";
        string steady = quick.Count == 0 ? "" : $"{(moves.Length > 0 ? "; " : "")}{Join(quick)} stay{(quick.Count == 1 ? "s" : "")} under 1 s at every size";
        SizePoint any = pools[0];
        return $"{Format.Count(any.N)} blocking calls of {Format.Time(any.DelayMs * 1e6)} on each runtime's default pool: {moves}{steady}";
    }

    // Which runtimes size themselves by the machine's real cores under every CPU quota (they ignore it), and which by
    // the quota, from what each saw: a note for the answer chart; null without quota sizes.
    internal static string? QuotaNote(SizeSweepResults sweep, IEnumerable<SizePoint> points)
    {
        var quotas = points.Where(p => p.Size.Kind == SizeKind.Quota && p.Seen?.Processors is not null).GroupBy(p => p.Runtime).OrderBy(g => Order(g.Key)).ToList();
        if (quotas.Count == 0)
        {
            return null;
        }
        var ignore = quotas.Where(g => g.All(p => p.Seen!.Processors == sweep.RealCores)).Select(g => NameOf(g.Key)).ToList();
        var follow = quotas.Where(g => g.Any(p => p.Seen!.Processors != sweep.RealCores)).Select(g => NameOf(g.Key)).ToList();
        string these = ignore.Count == 0 ? "" : $"{Join(ignore)} {(ignore.Count == 1 ? "sizes itself" : "size themselves")} by all {sweep.RealCores} real cores under every CPU quota, ignoring it (a quota only slows their threads)";
        string those = follow.Count == 0 ? "" : $"{Join(follow)} by the quota";
        // Where such a runtime's pool is smaller at the least size than under the quotas, that is why it is slower there.
        MachineSize least = LeastSize(sweep);
        var smaller = quotas.Where(g => g.All(p => p.Seen!.Processors == sweep.RealCores))
            .Select(g => (Name: NameOf(g.Key), Least: points.FirstOrDefault(p => p.Runtime == g.Key && p.Size == least)?.Seen?.DefaultPoolThreads, Quota: g.Select(p => p.Seen!.DefaultPoolThreads).Distinct().ToList()))
            .Where(r => r.Least is int l && r.Quota.Count == 1 && l < r.Quota[0] && least.Kind != SizeKind.Quota)
            .Select(r => $"{r.Name}'s pool is {Format.Count(r.Least!.Value)} {AtText(least)} and {Format.Count(r.Quota[0])} under each quota").ToList();
        string why = smaller.Count == 0 ? "" : $"so {Join(smaller)}";
        return "what each runtime saw: " + string.Join("; ", new[] { these, why, those }.Where(t => t.Length > 0));
    }

    // The fix's answer: near its ideal at every size, and the points more than 1.5 times the ideal named apart (each
    // with its size and time), so that one slow point does not read as the range of every size.
    internal static string FixTitle(IReadOnlyList<SizePoint> fixes)
    {
        SizePoint fastest = fixes.MinBy(p => p.MedianNs)!;
        int k = fixes.Max(p => p.K);
        double ideal = PoolRule.PredictSeconds(fastest.N, fastest.DelayMs / 1000.0, k, injects: false) * 1e9;
        string what = $"{Format.Count(fastest.N)} blocking calls of {Format.Time(fastest.DelayMs * 1e6)} on a pool of {Format.Count(k)} threads";
        var far = fixes.Where(p => p.MedianNs > 1.5 * ideal).OrderByDescending(p => p.MedianNs).ToList();
        var near = fixes.Except(far).ToList();
        if (near.Count == 0)
        {
            return $"{what}: {Format.Time(fastest.MedianNs)} to {Format.Time(fixes.Max(p => p.MedianNs))}, every point over 1.5× its ideal of {Format.Time(ideal)}";
        }
        string range = $"{Format.Time(near.Min(p => p.MedianNs))} to {Format.Time(near.Max(p => p.MedianNs))}, near the ideal {Format.Time(ideal)}";
        return far.Count == 0
            ? $"{what}: {range} at every size"
            : $"{what}: {range}, except {Join([.. far.Select(p => $"{Label(p)} {AtText(p.Size)} ({Format.Time(p.MedianNs)})")])}";
    }

    // The default pools' slowest beside the fix, for the report's text (the fix's chart does not draw the default pools).
    internal static string FixAgainstDefault(IReadOnlyList<SizePoint> fixes, IReadOnlyList<SizePoint> pools) =>
        pools.Count == 0 || pools.MaxBy(p => p.MedianNs) is not SizePoint w ? ""
            : $"The same calls on each runtime's default pool took up to {Format.Time(w.MedianNs)} ({NameOf(w.Runtime)} {AtText(w.Size)}); .NET's default pool with its minimum raised to {Format.Count(fixes.Max(p => p.K))} first is its dashed line.";

    // A runner's words for its model without what differs by size in brackets: "piscina default pool (maxThreads 3),
    // Atomics.wait" is "piscina default pool, Atomics.wait".
    // A pool's k is given as its value: "max_blocking_threads = k" is "max_blocking_threads = 100".
    internal static string ModelWords(string model, int k = 0)
    {
        string words = System.Text.RegularExpressions.Regex.Replace(model, @"\s\([^()]*\)", "");
        return k > 0 ? System.Text.RegularExpressions.Regex.Replace(words, @"\bk\b", k.ToString(CultureInfo.InvariantCulture)) : words;
    }

    // A series' words: the runtime, and for .NET's raised minimum, that.
    private static string Label(SizePoint p) => p.Method == "RaisedMinThreads" ? $"{NameOf(p.Runtime)} minimum {Format.Count(p.K)}" : NameOf(p.Runtime);

    // A size as a sentence says it: "on 1 real core", "under a 0.5-CPU quota", "configured as 16 cores".
    private static string AtText(MachineSize size) => size.Kind switch
    {
        SizeKind.RealCores => size.Cpus == 1 ? "on 1 real core" : $"on {size.CpusText} real cores",
        SizeKind.Quota => $"under a {size.CpusText}-CPU quota",
        _ => $"when told of {size.CpusText} cores",
    };

    private static string Join(List<string> words) => words.Count <= 1 ? string.Concat(words) : $"{string.Join(", ", words.Take(words.Count - 1))} and {words[^1]}";

    // Short labels of the sizes for the x axis (two lines each).
    internal static string TickOf(MachineSize size) => size.Kind switch
    {
        SizeKind.RealCores => size.Cpus == 1 ? "1 real\ncore" : $"{size.CpusText} real\ncores",
        SizeKind.Quota => $"quota\n{size.CpusText} CPU",
        _ => $"as {size.CpusText}\ncores",
    };

    // rule: a log axis and .NET's rule drawn beside its line (predict: the default pool's starvation rule unless given,
    // ruleWords and slowerWords: the subtitle's words for it and the note on why .NET is slower than it).
    private static ChartFile AnswerChart(SizeSweepResults sweep, List<SizePoint> points, string title, string name, bool rule, string outFolder,
        Func<SizePoint, double?>? predict = null, string? ruleWords = null, string? slowerWords = null)
    {
        predict ??= PoolRule.PredictSeconds;
        var sizes = SizesOf(sweep).ToList();
        MachineSize leastSize = LeastSize(sweep);
        int processes = points.Max(p => p.Nanoseconds.Count), fewest = points.Min(p => p.Nanoseconds.Count);
        // The whisker's level is that of its number of processes (75% for 3, 50% for 2: the range of the bursts).
        using var figure = new ChartFigure(title,
        [
            $"{sweep.RealCores}-core {sweep.Processor}, Linux · dot: median of {(fewest == processes ? processes.ToString(CultureInfo.InvariantCulture) : $"{fewest}–{processes}")} fresh processes (a cold pool each) · whisker: fastest to slowest process"
                + (rule ? " · time on a log scale" : ""),
            rule ? $"dashed .NET line: {ruleWords ?? "what .NET's documented rule predicts (ProcessorCount threads, then one more per 500 ms)"} · labels: each line at 1 real core and at its right end"
                : $"dotted: the ideal, a bound no pool of {Format.Count(points.Max(p => p.K))} can beat · dashed .NET line: its default pool with its minimum raised to {Format.Count(points.Max(p => p.K))} (ThreadPool.SetMinThreads) · labels: each line at its right end",
        ]);
        // What each line is, in its runner's words (without the sizes that differ by machine size, in brackets).
        figure.AddNote("each line, in its runner's words: " + string.Join(" · ", points.GroupBy(p => (p.Runtime, p.Method)).OrderBy(g => Order(g.Key.Runtime)).ThenBy(g => g.Key.Method, StringComparer.Ordinal)
            .Select(g => g.Last()).Where(p => p.Model.Length > 0).Select(p => $"{Label(p)}: {ModelWords(p.Model, p.K)}")));
        // What each runtime sized its default pool by (a pool of k is sized by k alone).
        if (rule && ruleWords is null && QuotaNote(sweep, points) is string quotaNote)
        {
            figure.AddNote(quotaNote);
        }
        // Why .NET is slower than its rule where it is (the report's .NET section gives the source).
        if (rule && points.Where(p => p.Runtime == "dotnet" && predict(p) is > 0).Any(p => p.MedianNs > 1.5 * predict(p)!.Value * 1e9))
        {
            figure.AddNote(slowerWords ?? ".NET is slower than its rule: the rule's one thread per 500 ms comes only after 500 ms in which no call was taken from the queue, and calls of 100 ms free a thread sooner, so its pool grows only by its hill-climbing controller, seconds apart");
        }
        // Two panels, never one axis for both: the machine made smaller (pinned cores, CPU quotas, by the CPU time they
        // give), and each runtime told it has more cores than the machine (a configured count: still its real cores).
        var groups = new List<(string Title, string Axis, List<MachineSize> Sizes)>();
        var real = sizes.Where(s => s.Kind != SizeKind.Configured).ToList();
        var configured = sizes.Where(s => s.Kind == SizeKind.Configured).ToList();
        if (real.Count > 0)
        {
            groups.Add(($"the machine limited: real cores pinned, or a container's CPU quota", "CPU the process may use", real));
        }
        if (configured.Count > 0)
        {
            var told = configured.Select(c => c.CpusText).ToList();
            string counts = told.Count == 1 ? told[0] : $"{string.Join(", ", told.Take(told.Count - 1))} or {told[^1]}";
            groups.Add(($"told {counts} cores: still {sweep.RealCores} real cores", "cores each runtime was told of (by environment variable)", configured));
        }
        figure.Columns = groups.Count;
        figure.ColumnWeights = [.. groups.Select(g => g.Sizes.Count + 1.0)];
        string yLabel = rule ? "time for all calls (log scale)" : "time for all calls";
        double Y(double ns) => rule ? Math.Log10(Math.Max(ns, 1)) : ns;
        foreach ((string panelTitle, string axis, List<MachineSize> group) in groups)
        {
            bool lastPanel = ReferenceEquals(group, groups[^1].Sizes);
            ChartPanel panel = figure.AddPanel(panelTitle, axis, ReferenceEquals(group, groups[0].Sizes) ? yLabel : "");
            Plot plot = panel.Plot;
            double X(MachineSize s) => group.IndexOf(s);
            foreach (var series in points.Where(p => group.Contains(p.Size)).GroupBy(p => (p.Runtime, p.Method)).OrderBy(g => Order(g.Key.Runtime)).ThenBy(g => g.Key.Method, StringComparer.Ordinal))
            {
                Color color = ColorOf(series.Key.Runtime);
                // .NET's raised minimum beside its pool of k: its own line, dashed.
                bool second = series.Key.Method == "RaisedMinThreads";
                var line = series.OrderBy(p => X(p.Size)).ToList();
                double[] xs = [.. line.Select(p => X(p.Size))];
                double[] ys = [.. line.Select(p => Y(p.MedianNs))];
                ChartDrawing.AddLine(plot, xs, ys, color, 2.5f, second ? Dash.Dashed : Dash.Solid);
                var markers = plot.Add.ScatterPoints(xs, ys, color);
                markers.MarkerSize = 9;
                markers.MarkerShape = second ? MarkerShape.OpenCircle : MarkerShape.FilledCircle;
                markers.LegendText = "";
                double[] below = [.. line.Select(p => p.Interval.Exists ? Y(p.MedianNs) - Y(p.Interval.Lower) : 0)];
                double[] above = [.. line.Select(p => p.Interval.Exists ? Y(p.Interval.Upper) - Y(p.MedianNs) : 0)];
                ChartDrawing.AddErrorBar(plot, xs, ys, below, above, color);
                SizePoint last = line[^1];
                // Each line named in every panel at its end with its figure there, and at the least size (1 real core)
                // too where that is not its end: the title's first figures, found on their lines.
                if (rule && line.FirstOrDefault(p => p.Size == leastSize) is SizePoint least && !ReferenceEquals(least, last))
                {
                    panel.AddValueLabel(X(least.Size), Y(least.MedianNs), $"{Label(least)} {Format.Time(least.MedianNs)}", color);
                }
                panel.AddSeries(Label(last));
                panel.AddEndLabel(X(last.Size), Y(last.MedianNs), $"{Label(last)} {Format.Time(last.MedianNs)}", color);
                if (rule && series.Key.Runtime == "dotnet")
                {
                    var predicted = line.Select(p => (X: X(p.Size), Seconds: predict(p))).Where(p => p.Seconds is > 0).ToList();
                    if (predicted.Count > 0)
                    {
                        // A panel of one size: the rule as a short dash about its point.
                        double[] rx = predicted.Count > 1 ? [.. predicted.Select(p => p.X)] : [predicted[0].X - 0.25, predicted[0].X + 0.25];
                        double[] ry = predicted.Count > 1 ? [.. predicted.Select(p => Y(p.Seconds!.Value * 1e9))] : [Y(predicted[0].Seconds!.Value * 1e9), Y(predicted[0].Seconds!.Value * 1e9)];
                        ChartDrawing.AddLine(plot, rx, ry, color, 1.5f, Dash.Dashed);
                        panel.AddSeries(".NET pool rule");
                        // Named at the least size too, beside the line's own figure there.
                        if (group.Contains(leastSize) && predicted.FirstOrDefault(p => p.X == X(leastSize)) is { Seconds: double there } && X(leastSize) != predicted[^1].X)
                        {
                            panel.AddValueLabel(X(leastSize), Y(there * 1e9), $".NET rule {Format.Time(there * 1e9)}", color);
                        }
                        panel.AddEndLabel(predicted[^1].X, Y(predicted[^1].Seconds!.Value * 1e9), $".NET rule {Format.Time(predicted[^1].Seconds!.Value * 1e9)}", color);
                    }
                }
            }
            // A pool of k's ideal, the same at every size: ceil(N / k) · d, a bound no line can beat.
            if (!rule && points.Where(p => p.K > 0).Select(p => PoolRule.PredictSeconds(p.N, p.DelayMs / 1000.0, p.K, injects: false) * 1e9).Distinct().ToList() is [double ideal])
            {
                var grey = Color.FromHex("#555555");
                ChartDrawing.AddLine(plot, [-0.4, group.Count - 0.6], [Y(ideal), Y(ideal)], grey, 1.2f, Dash.Dotted);
                panel.AddSeries("ideal");
                // Printed where the lines leave room: below the line (no time is under its ideal), in the last panel.
                if (lastPanel)
                {
                    panel.AddValueLabel((group.Count - 1) / 2.0, Y(ideal * 0.6), $"ideal {Format.Time(ideal)}: {Format.Count(points[0].N)} ÷ {Format.Count(points[0].K)} × {Format.Time(points[0].DelayMs * 1e6)}", grey);
                }
            }
            var ticks = new ScottPlot.TickGenerators.NumericManual();
            foreach (MachineSize size in group)
            {
                ticks.AddMajor(X(size), TickOf(size));
            }
            plot.Axes.Bottom.TickGenerator = ticks;
            if (rule)
            {
                ChartTicks.LogTicks(plot.Axes.Left, Format.TickTime);
            }
        }
        if (rule)
        {
            // The time axis starts a decade below the fastest median (a log axis: no value is a sliver), one scale for both.
            ChartLayout.ShareLimits(figure.Panels, shareX: false, floor: AxisFloor.DecadeBelow);
            foreach (ChartPanel panel in figure.Panels)
            {
                ChartTicks.LogTicks(panel.Plot.Axes.Left, Format.TickTime);
            }
        }
        else
        {
            double high = points.Max(p => Math.Max(p.MedianNs, p.Interval.Exists ? p.Interval.Upper : p.MedianNs));
            foreach (ChartPanel panel in figure.Panels)
            {
                panel.Plot.Axes.SetLimitsY(0, high * 1.1);
                panel.Plot.Axes.Left.TickGenerator = new ScottPlot.TickGenerators.NumericAutomatic { LabelFormatter = v => v == 0 ? "0" : Format.TickTime(v) };
            }
        }
        for (int i = 0; i < groups.Count; i++)
        {
            figure.Panels[i].Plot.Axes.SetLimitsX(-0.4, groups[i].Sizes.Count - 0.6);
        }
        figure.Height = rule ? 740 : 620; // room for the lines named at 1 real core and the notes below
        return figure.Save(outFolder, name);
    }

    private static void WritePoolTable(StringBuilder md, SizeSweepResults sweep, IReadOnlyList<SizePoint> pools)
    {
        md.AppendLine("Per runtime and size: the median time of the burst (one per fresh process) with its interval, what the runtime saw there (the processors it sized itself by, its default pool's threads), and the time its pool's documented rule predicts from what it saw, with the rule's error (measured ÷ predicted − 1).").AppendLine();
        md.AppendLine("| Runtime | Size | Time | Interval | Processes | Saw: processors | Saw: pool | Rule | Predicted | Error |");
        md.AppendLine("|---|---|---:|---|---:|---:|---|---|---:|---:|");
        var sizes = SizesOf(sweep).ToList();
        foreach (SizePoint p in pools.OrderBy(p => Order(p.Runtime)).ThenBy(p => sizes.IndexOf(p.Size)))
        {
            double? predicted = PoolRule.PredictSeconds(p);
            string pool = p.Seen is not SizeSeen s ? "" : s.DefaultPoolMinimum is int m ? $"{m} at the start, up to {Format.Count(s.DefaultPoolThreads)}" : Format.Count(s.DefaultPoolThreads);
            md.AppendLine(CultureInfo.InvariantCulture, $"| {NameOf(p.Runtime)} | {p.Size.Label(sweep.RealCores)} | {Format.Time(p.MedianNs)} | {(p.Interval.Exists ? Format.Interval(p.Interval) : "")} | {p.Nanoseconds.Count} | {p.Seen?.Processors?.ToString(CultureInfo.InvariantCulture) ?? ""} | {pool} | {PoolRule.Text(p.Runtime)} | {(predicted is double t ? Format.Time(t * 1e9) : "")} | {(predicted is double q ? ErrorText(p.MedianNs / (q * 1e9)) : "")} |");
        }
        md.AppendLine();
    }

    /// <summary>The rule's error as the table prints it: measured ÷ predicted − 1, signed, as a percentage.</summary>
    internal static string ErrorText(double ratio) => (ratio - 1).ToString("+0%;−0%;0%", CultureInfo.InvariantCulture);

    // .NET's pool by size: the measurement between the rule's two readings (one thread per 500 ms; no thread added at
    // all), the probe's wait and the raised minimum beside it, and the chart and table of when the pool grew.
    private static void WriteDotnetPool(StringBuilder md, SizeSweepResults sweep, IReadOnlyList<SizePoint> pools, string outFolder)
    {
        var dotnet = pools.Where(p => p.Runtime == "dotnet").ToList();
        if (dotnet.Count == 0)
        {
            return;
        }
        var sizes = SizesOf(sweep).ToList();
        SizePoint? Twin(SizePoint p, string method) => sweep.Points.FirstOrDefault(q => q.Runtime == "dotnet" && q.Method == method && q.Size == p.Size && q.N == p.N && q.DelayMs == p.DelayMs);
        md.AppendLine("## .NET's pool by machine size: why its rule and the measurement part").AppendLine();
        md.AppendLine("The documented rule (one thread more per 500 ms while calls wait) is the gate thread's starvation rule, and that fires only when no work item has been taken from the queue for 500 ms (`SufficientDelaySinceLastDequeue` in dotnet/runtime's `PortableThreadPool.GateThread.cs`, at low CPU use). Blocking calls of 100 ms free a thread every 100 ms ÷ threads, so the queue never stands still that long: the gate thread never adds a thread, and what the pool gains comes from its hill-climbing controller, in steps seconds apart. The measurement therefore lies between the rule's time and the time of the minimum's threads alone (no thread ever added). Beside it: a short work item queued behind the same calls (how long it waited to start), and the same calls with the pool's minimum raised to k first (`ThreadPool.SetMinThreads`).").AppendLine();
        md.AppendLine("| Size | Saw: ProcessorCount | Measured | Rule: one thread per 500 ms | No thread added | A work item queued behind the calls waited | Minimum raised first |");
        md.AppendLine("|---|---:|---:|---:|---:|---:|---:|");
        foreach (SizePoint p in dotnet.OrderBy(p => sizes.IndexOf(p.Size)))
        {
            int minimum = PoolRule.StartingThreads(p.Seen) ?? 0;
            string rule = minimum < 1 ? "" : Format.Time(PoolRule.PredictSeconds(p.N, p.DelayMs / 1000.0, minimum, injects: true) * 1e9);
            string none = minimum < 1 ? "" : Format.Time(PoolRule.PredictSeconds(p.N, p.DelayMs / 1000.0, minimum, injects: false) * 1e9);
            string probe = Twin(p, "ProbeBehindBlockingCalls") is SizePoint w ? Format.Time(w.MedianNs) : "";
            string raised = Twin(p, "RaisedMinThreads") is SizePoint r ? $"{Format.Time(r.MedianNs)} (k = {Format.Count(r.K)})" : "";
            md.AppendLine(CultureInfo.InvariantCulture, $"| {p.Size.Label(sweep.RealCores)} | {(minimum < 1 ? "" : minimum.ToString(CultureInfo.InvariantCulture))} | {Format.Time(p.MedianNs)} | {rule} | {none} | {probe} | {raised} |");
        }
        md.AppendLine();
        var grown = dotnet.Where(p => p.Injections.Any(i => i.Count > 0)).ToList();
        if (grown.Count == 0)
        {
            return;
        }
        ChartFile growth = GrowthChart(sweep, grown, outFolder);
        md.AppendLine(CultureInfo.InvariantCulture, $"### {growth.Title}").AppendLine();
        md.AppendLine(CultureInfo.InvariantCulture, $"![{growth.Title}]({Path.GetFileName(growth.PngPath)})").AppendLine();
        md.AppendLine("Per size: threads the pool added in the first 5 s of each burst (the rule: 10), the median gap between the readings at which it grew (threads added within one 10 ms reading count once), and the threads it had added when the burst ended (from each burst's own record of the times the pool's thread count rose, read every 10 ms).").AppendLine();
        md.AppendLine("| Size | Added in the first 5 s (per burst) | Median gap between growths | Added in all (per burst) | Burst |");
        md.AppendLine("|---|---|---:|---|---:|");
        foreach (SizePoint p in grown.OrderBy(p => sizes.IndexOf(p.Size)))
        {
            string gap = MedianGapMs(p) is double g ? Format.Time(g * 1e6) : "";
            md.AppendLine(CultureInfo.InvariantCulture, $"| {p.Size.Label(sweep.RealCores)} | {string.Join(", ", p.Injections.Select(i => i.Count(t => t <= 5000)))} | {gap} | {string.Join(", ", p.Injections.Select(i => i.Count))} | {Format.Time(p.MedianNs)} |");
        }
        md.AppendLine();
    }

    // Task.Wait inside .NET's pool: the blocking compensation's rule against the measurement at each size, with the
    // threads the pool added and the pace at which it added them (its record of growth).
    private static void WriteTaskWait(StringBuilder md, SizeSweepResults sweep, string outFolder)
    {
        var waits = sweep.Points.Where(p => p.Runtime == "dotnet" && p.Method == "SyncOverAsyncInPool").ToList();
        if (waits.Count == 0)
        {
            return;
        }
        var sizes = SizesOf(sweep).ToList();
        SizePoint any = waits[0];
        md.AppendLine(CultureInfo.InvariantCulture, $"### Task.Wait inside .NET's pool: the blocking compensation's rule against the measurement").AppendLine();
        ChartFile chart = AnswerChart(sweep, waits, TaskWaitTitle(sweep, waits), TaskWaitChartName, rule: true, outFolder, PoolRule.CompensationSeconds,
            "what .NET's blocking compensation predicts (ProcessorCount threads at once past its minimum, then one per 25 to 250 ms)",
            $".NET is slower than its rule: its pool added threads at the rule's pace, but the waits outlasted their {Format.Time(any.DelayMs * 1e6)} (likely the timers' callbacks, queued to the same pool behind the calls)");
        md.AppendLine(CultureInfo.InvariantCulture, $"![{chart.Title}]({Path.GetFileName(chart.PngPath)})").AppendLine();
        md.AppendLine(CultureInfo.InvariantCulture, $"{Format.Count(any.N)} work items on the default pool that each block on `Task.Delay({any.DelayMs}).Wait()` (a cold pool per process). Unlike a sleep, a wait on a task is seen by the pool's blocking compensation (`PortableThreadPool.Blocking.cs`): from its minimum it adds ProcessorCount threads at once, then one at a time, 25 ms apart and 25 ms more per ProcessorCount threads added, at most 250 ms apart. The rule's time below assumes, as the rule does, that each wait ends {Format.Time(any.DelayMs * 1e6)} after its item starts. Threads added and the median gap between growths are each burst's own record (the pool's thread count read every 10 ms).").AppendLine();
        md.AppendLine("| Size | Saw: ProcessorCount | Measured | Interval | Compensation rule | Error | Threads added (per burst) | Median gap between growths |");
        md.AppendLine("|---|---:|---:|---|---:|---:|---|---:|");
        foreach (SizePoint p in waits.OrderBy(p => sizes.IndexOf(p.Size)))
        {
            int processors = p.Seen?.Processors ?? 0;
            int minimum = PoolRule.StartingThreads(p.Seen) ?? 0;
            double? rule = processors < 1 || minimum < 1 ? null : PoolRule.CompensationSeconds(p.N, p.DelayMs / 1000.0, minimum, processors);
            string gap = MedianGapMs(p) is double g ? Format.Time(g * 1e6) : "";
            md.AppendLine(CultureInfo.InvariantCulture, $"| {p.Size.Label(sweep.RealCores)} | {(processors < 1 ? "" : processors.ToString(CultureInfo.InvariantCulture))} | {Format.Time(p.MedianNs)} | {(p.Interval.Exists ? Format.Interval(p.Interval) : "")} | {(rule is double r ? Format.Time(r * 1e9) : "")} | {(rule is double e ? ErrorText(p.MedianNs / (e * 1e9)) : "")} | {string.Join(", ", p.Injections.Select(i => i.Count))} | {gap} |");
        }
        md.AppendLine();
        // Where the rule and the measurement part: the pace (threads per second) against the rule's, at the slowest size.
        SizePoint slowest = waits.MaxBy(p => p.MedianNs)!;
        (IReadOnlyList<double> times, double ns) = MedianBurst(slowest);
        if (times.Count > 0 && slowest.Seen?.Processors is int cores && PoolRule.StartingThreads(slowest.Seen) is int start)
        {
            double rule = PoolRule.CompensationSeconds(slowest.N, slowest.DelayMs / 1000.0, start, cores);
            double alone = PoolRule.PredictSeconds(slowest.N, slowest.DelayMs / 1000.0, start, injects: false);
            string pace = $"{AtText(slowest.Size)}, the burst of median time took {Format.Time(ns)} and its pool added {Format.Count(times.Count)} threads, one per {Format.Time(ns / times.Count)} on average (median gap {(MedianGapMs(slowest) is double mg ? Format.Time(mg * 1e6) : "none")}; the rule's gaps are 25 to 250 ms)";
            string verdict = ns / 1e9 > alone
                ? $"That is slower than the {Format.Plural(start, "thread")} it started with would be alone ({Format.Time(alone * 1e9)}, had each wait ended {Format.Time(slowest.DelayMs * 1e6)} after its item started), though the pool added threads: so the waits lasted longer than {Format.Time(slowest.DelayMs * 1e6)}, which the rule does not foresee. A `Task.Delay` is completed by a timer; of the timers due at once, .NET fires one on its timer thread and queues the others to this same pool's global queue, behind the items already waiting there (`TimerQueue.FireNextTimers`). This sweep does not time each wait, so that is the likely cause, not a measured one."
                : $"That lies between the rule's {Format.Time(rule * 1e9)} and the {Format.Time(alone * 1e9)} of the {Format.Plural(start, "thread")} it started with alone.";
            md.AppendLine(CultureInfo.InvariantCulture, $"Where they part: {pace}. {verdict}").AppendLine();
        }
    }

    // Task.Wait's answer: its time at the least size and at the last, against what the compensation rule predicts there.
    internal static string TaskWaitTitle(SizeSweepResults sweep, IReadOnlyList<SizePoint> waits)
    {
        var sizes = SizesOf(sweep).ToList();
        SizePoint first = waits.FirstOrDefault(p => p.Size == LeastSize(sweep)) ?? waits.MinBy(p => sizes.IndexOf(p.Size))!;
        SizePoint last = waits.MaxBy(p => sizes.IndexOf(p.Size))!;
        string Rule(SizePoint p) => PoolRule.CompensationSeconds(p) is double r ? $" (its rule: {Format.Time(r * 1e9)})" : "";
        return $"{Format.Count(first.N)} Task.Wait calls of {Format.Time(first.DelayMs * 1e6)} in .NET's pool: {Format.Time(first.MedianNs)} {AtText(first.Size)}{Rule(first)}; {Format.Time(last.MedianNs)} {AtText(last.Size)}{Rule(last)}";
    }

    // The chat server at one rate at each size: per server model, the warm window's p99 over fresh processes, and
    // whether every line arrived.
    private static void WriteChat(StringBuilder md, SizeSweepResults sweep)
    {
        if (sweep.ChatPoints.Count == 0)
        {
            return;
        }
        var sizes = SizesOf(sweep).ToList();
        var models = sweep.ChatPoints.Select(c => c.Model).Distinct().ToList();
        var first = sweep.ChatPoints[0].Processes[0];
        md.AppendLine("## The chat server at one rate, by machine size").AppendLine();
        md.AppendLine(CultureInfo.InvariantCulture, $"The article's chat server (.NET) under an open load of {Format.Count(first.Clients)} clients each sending {Format.Count(first.LinesPerSecond)} lines per second ({Format.Count((long)(first.Clients * first.LinesPerSecond))} lines/s, each delivered to the {first.RoomSize - 1} other members of its room). The server runs inside the size (pinned, under the quota, or told the configured count); its load runs outside it (on the other cores when the server is pinned, outside the quota's cgroup, told nothing), so that the size limits the server alone. Each fresh server process serves two windows: the first meets a cold process, the second is the one measured. p99: each line from its intended send time (so a server that falls behind is charged for the wait: no coordinated omission) until the last member of its room had it. *Held* (as the default report judges a point): every line of the warm window arrived in every process, and the median warm p99 is within {Format.Time(ChatFamily.BoundUs * 1000)}.").AppendLine();
        md.AppendLine("| Size | " + string.Join(" | ", models.Select(m => $"{ChatModelName(m)}: warm p99 | Interval | Held")) + " |");
        md.AppendLine("|---|" + string.Concat(models.Select(_ => "---:|---|---|")));
        foreach (MachineSize size in sizes)
        {
            var cells = models.Select(m => sweep.ChatPoints.FirstOrDefault(c => c.Size == size && c.Model == m) is SizeChatPoint c
                ? $"{(c.P99Ns.Count == 0 ? "" : Format.Time(c.MedianP99Ns))} | {(c.Interval.Exists ? Format.Interval(c.Interval) : "")} | {ChatHeld(c)}"
                : " | | ").ToList();
            if (cells.All(c => c == " | | "))
            {
                continue;
            }
            md.AppendLine(CultureInfo.InvariantCulture, $"| {size.Label(sweep.RealCores)} | {string.Join(" | ", cells)} |");
        }
        md.AppendLine();
        int behind = sweep.ChatPoints.Sum(c => c.Behind);
        if (behind > 0)
        {
            md.AppendLine(CultureInfo.InvariantCulture, $"In {Format.Count(behind)} of {Format.Count(sweep.ChatPoints.Sum(c => c.Processes.Count))} processes the load fell behind its own schedule by more than its tolerance in the warm window (it shares the machine's {sweep.RealCores} cores with the server except when the server is pinned): their latencies include the load's own lateness.").AppendLine();
        }
    }

    // A chat server model as the default report names it.
    internal static string ChatModelName(string model) => model switch
    {
        "async" => "async sockets",
        "threads" => "thread per connection",
        "event-loop" => "event loop",
        _ => model,
    };

    // "yes", or why not: "no: p99 over 100 ms", "no: 7,365 of 30,000 lines lost or unsent (3 of 3 processes)", and
    // "undetermined" where the load fell behind.
    internal static string ChatHeld(SizeChatPoint c)
    {
        (long lost, long due) = c.Lost;
        string why = !c.Delivered ? $"{Format.Count(lost)} of {Format.Count(due)} lines lost or unsent ({c.NotHeld} of {c.Processes.Count} processes)"
            : $"p99 over {Format.Time(ChatFamily.BoundUs * 1000)}";
        return c.Held ? "yes" : c.Undetermined ? $"undetermined: {why}, and the load fell behind in {c.Behind} of {c.Processes.Count} processes" : $"no: {why}";
    }

    // The answers table's cell: the warm p99 where held, else why not in a few words.
    internal static string ChatCell(SizeChatPoint c) =>
        c.Held ? Format.Time(c.MedianP99Ns)
        : (!c.Delivered ? "lost lines" : $"p99 {Format.Time(c.MedianP99Ns)}") + (c.Undetermined ? " (load behind)" : "");

    // The median gap between the readings at which the pool grew, in ms (threads added within one 10 ms reading count
    // once); null with fewer than two growths.
    internal static double? MedianGapMs(SizePoint p)
    {
        var gaps = p.Injections.Select(i => i.Distinct().ToList()).SelectMany(i => i.Zip(i.Skip(1), (a, b) => b - a)).Order().ToList();
        return gaps.Count == 0 ? null : gaps[gaps.Count / 2];
    }

    // The burst of median time of a point (the middle one by time; the later of the two middle ones of an even count):
    // the times its pool grew (ms from its start) and its time (ns).
    internal static (IReadOnlyList<double> Injections, double Nanoseconds) MedianBurst(SizePoint p)
    {
        int median = Enumerable.Range(0, p.Nanoseconds.Count).OrderBy(j => p.Nanoseconds[j]).ElementAt(p.Nanoseconds.Count / 2);
        return (median < p.Injections.Count ? p.Injections[median] : [], p.Nanoseconds[median]);
    }

    // The pool's threads over one burst per size (the burst with the median time), as steps, each against the rule's one
    // per 500 ms from the same start: the sizes of real cores (a configured count's pool grows in jumps of many threads
    // at once, another story), else every size with growth.
    private static ChartFile GrowthChart(SizeSweepResults sweep, IReadOnlyList<SizePoint> grown, string outFolder)
    {
        var sizes = SizesOf(sweep).ToList();
        var drawn = grown.Where(p => p.Size.Kind == SizeKind.RealCores).OrderBy(p => sizes.IndexOf(p.Size)).ToList();
        if (drawn.Count == 0)
        {
            drawn = [.. grown.OrderBy(p => sizes.IndexOf(p.Size))];
        }
        SizePoint slowest = drawn.MaxBy(p => p.MedianNs)!;
        static int Minimum(SizePoint p) => PoolRule.StartingThreads(p.Seen) ?? 1;
        double RuleEnd(SizePoint p) => PoolRule.PredictSeconds(p.N, p.DelayMs / 1000.0, Minimum(p), injects: true);
        (IReadOnlyList<double> slowestTimes, double slowestNs) = MedianBurst(slowest);
        string pace = slowestTimes.Count == 0 ? "added no thread" : $"added {slowestTimes.Count} threads in {Format.Time(slowestNs)}, one per {Format.Time(slowestNs / slowestTimes.Count)}";
        string title = $".NET's pool grew far slower than its documented one thread per 500 ms: {AtText(slowest.Size)}, during {Format.Count(slowest.N)} blocking calls of {Format.Time(slowest.DelayMs * 1e6)}, it {pace}; at one per 500 ms the calls would have been done in {Format.Time(RuleEnd(slowest) * 1e9)}";
        using var figure = new ChartFigure(title,
        [
            $"{sweep.RealCores}-core {sweep.Processor}, Linux · one burst per size, the one of median time, in a fresh process (a cold pool) · threads added since the burst started, read every 10 ms",
            "dashed, in each size's colour: the documented rule from the same start, one thread more per 500 ms while calls wait, until its calls would be done · each line's label: its size, the threads it started with and added, and when its burst ended",
        ]);
        ChartPanel panel = figure.AddPanel("", "time since the burst started (s)", "threads the pool added");
        Plot plot = panel.Plot;
        double xMax = drawn.Max(p => MedianBurst(p).Nanoseconds) / 1e9, yMax = 1;
        for (int i = 0; i < drawn.Count; i++)
        {
            SizePoint p = drawn[i];
            Color color = ChartPalette.ColorOf(i);
            // The burst of median time, and its growth as steps: flat until each reading at which the pool grew.
            (IReadOnlyList<double> times, double endNs) = MedianBurst(p);
            double end = endNs / 1e9;
            var xs = new List<double> { 0 };
            var ys = new List<double> { 0 };
            for (int j = 0; j < times.Count; j++)
            {
                xs.Add(times[j] / 1000);
                ys.Add(j);
                xs.Add(times[j] / 1000);
                ys.Add(j + 1);
            }
            xs.Add(end);
            ys.Add(times.Count);
            ChartDrawing.AddLine(plot, [.. xs], [.. ys], color, 2.5f, Dash.Solid);
            string label = p.Size.Label(sweep.RealCores);
            panel.AddSeries(label);
            panel.AddEndLabel(end, times.Count, $"{label}: {Minimum(p)} + {times.Count} threads, done at {Format.Time(endNs)}", color);
            // The rule from the same start: one thread per 500 ms until its last call starts (its end less d).
            double ruleEnd = RuleEnd(p);
            double ruleAdded = Math.Max(0, Math.Floor((ruleEnd - p.DelayMs / 1000.0) / PoolRule.InjectionSeconds));
            ChartDrawing.AddLine(plot, [0, ruleEnd], [0, ruleAdded], color, 1.5f, Dash.Dashed);
            panel.AddSeries($"rule, {label}");
            panel.AddEndLabel(ruleEnd, ruleAdded, $"rule, {label}: {Minimum(p)} + {Format.Count(ruleAdded)}, done at {Format.Time(ruleEnd * 1e9)}", color);
            xMax = Math.Max(xMax, ruleEnd);
            yMax = Math.Max(yMax, Math.Max(ruleAdded, times.Count));
        }
        plot.Axes.Left.TickGenerator = new ScottPlot.TickGenerators.NumericAutomatic { IntegerTicksOnly = true, LabelFormatter = v => Format.TickNumber(v) };
        plot.Axes.Bottom.TickGenerator = new ScottPlot.TickGenerators.NumericAutomatic { LabelFormatter = v => Format.TickNumber(v) };
        plot.Axes.SetLimits(0, xMax * 1.02, 0, yMax * 1.08 + 1);
        figure.Height = 620;
        return figure.Save(outFolder, GrowthChartName);
    }

    // The default report's answers, one by one, at each size: what this sweep measures of each, and whether it changes.
    private static void WriteDefaultAnswers(StringBuilder md, SizeSweepResults sweep)
    {
        var sizes = SizesOf(sweep).ToList();
        SizePoint? Find(string runtime, string method, int n, MachineSize size) =>
            sweep.Points.FirstOrDefault(p => p.Runtime == runtime && p.Method == method && p.N == n && p.Size == size);
        var rows = new List<(string Answer, string Measured, Func<MachineSize, (string Cell, SizePoint? Key)> At)>();
        int offload = sweep.Points.Where(p => p.Method == "DefaultThreadPool").Select(p => p.N).DefaultIfEmpty(0).Max();
        int fewest = sweep.Points.Where(p => p.Method == "TaskDelayWhenAll").Select(p => p.N).DefaultIfEmpty(0).Min();
        if (offload > 0 && fewest == offload)
        {
            rows.Add(("1. Waiting without a thread wins", $".NET: {Format.Count(offload)} waits with `Task.Delay` against {Format.Count(offload)} blocking calls on the default pool", size =>
                Find("dotnet", "TaskDelayWhenAll", offload, size) is SizePoint wait && Find("dotnet", "DefaultThreadPool", offload, size) is SizePoint pool
                    ? ($"{Format.Time(wait.MedianNs)} against {Format.Time(pool.MedianNs)} ({Format.Ratio(pool.MedianNs / wait.MedianNs, 3)})", pool) : ("", null)));
        }
        if (sweep.Points.FirstOrDefault(p => p.Method == "RaisedMinThreads") is SizePoint anyRaised)
        {
            rows.Add(("2. What the pool's size costs and buys", $".NET: {Format.Count(anyRaised.N)} blocking calls with the pool's minimum raised to {Format.Count(anyRaised.K)}, and on a dedicated pool of {Format.Count(anyRaised.K)}", size =>
                Find("dotnet", "RaisedMinThreads", anyRaised.N, size) is SizePoint raised
                    ? ($"{Format.Time(raised.MedianNs)}{(Find("dotnet", "BoundedExecutor", anyRaised.N, size) is SizePoint own ? $"; {Format.Time(own.MedianNs)}" : "")}", raised) : ("", null)));
        }
        if (sweep.Points.FirstOrDefault(p => p.Method == "ProbeBehindBlockingCalls") is SizePoint anyProbe)
        {
            rows.Add(("3. Blocking stalls everything else on the pool", $".NET: how long a short work item queued behind {Format.Count(anyProbe.N)} blocking calls waited to start", size =>
                Find("dotnet", "ProbeBehindBlockingCalls", anyProbe.N, size) is SizePoint probe ? (Format.Time(probe.MedianNs), probe) : ("", null)));
        }
        var chatRows = new List<(string Answer, string Measured, Func<MachineSize, string> At, string Verdict)>();
        foreach (string model in sweep.ChatPoints.Select(c => c.Model).Distinct())
        {
            var points = sweep.ChatPoints.Where(c => c.Model == model).ToList();
            var first = points[0].Processes[0];
            chatRows.Add(("5. The chat server's capacity", $".NET, {ChatModelName(model)}: warm p99 at {Format.Count(first.Clients)} clients × {Format.Count(first.LinesPerSecond)} lines/s", size =>
                points.FirstOrDefault(c => c.Size == size) is SizeChatPoint c ? ChatCell(c) : "", ChatVerdict(points)));
        }
        int most = sweep.Points.Where(p => p.Method == "TaskDelayWhenAll").Select(p => p.N).DefaultIfEmpty(0).Max();
        if (most > 0)
        {
            foreach (string runtime in sweep.Points.Where(p => p.Method == "TaskDelayWhenAll" && p.N == most).Select(p => p.Runtime).Distinct().OrderBy(Order))
            {
                rows.Add(($"6. {Format.Count(most)} sleeps started together", $"{NameOf(runtime)}: the time of {Format.Count(most)} sleeps of {Format.Time(sweep.Points.First(p => p.N == most).DelayMs * 1e6)}", size =>
                    Find(runtime, "TaskDelayWhenAll", most, size) is SizePoint sleeps ? (Format.Time(sleeps.MedianNs), sleeps) : ("", null)));
            }
        }
        if (rows.Count == 0 && chatRows.Count == 0)
        {
            return;
        }
        md.AppendLine("## The default report's answers, by machine size").AppendLine();
        md.AppendLine("The default report answers its questions on one machine. Here each answer this sweep measures is given at every size, from this sweep's own runs (its N and d may differ from the default report's). *Changes* means the slowest size's time is at least 1.5× the fastest's, their intervals apart, judged on the default pool for answer 1, on the raised minimum for answer 2, and on the one figure of the others. For answer 5, the chat server's capacity at one rate, *changes* means the server held the rate (every line arrived, p99 within 100 ms) at some sizes and not at others, or its warm p99 moves by 1.5× with the intervals apart. Not measured by size: answer 4 (which guard for shared state: CPU-bound work of nanoseconds, a question of contention between cores rather than of the pool's size).").AppendLine();
        md.AppendLine("| Answer | Measured here as | " + string.Join(" | ", sizes.Select(s => s.Label(sweep.RealCores).Replace(" on " + sweep.RealCores.ToString(CultureInfo.InvariantCulture) + " real cores", "", StringComparison.Ordinal))) + " | Changes with size |");
        md.AppendLine("|---|---|" + string.Concat(sizes.Select(_ => "---:|")) + "---|");
        // In the answers' order: the chat server's rows (answer 5) before the sleeps' (answer 6).
        var lines = rows.Select(r =>
        {
            var cells = sizes.Select(r.At).ToList();
            var keys = cells.Where(c => c.Key is not null).Select(c => c.Key!).ToList();
            return (r.Answer, Line: $"| {r.Answer} | {r.Measured} | {string.Join(" | ", cells.Select(c => c.Cell))} | {(keys.Count < 2 ? "" : Verdict(keys))} |");
        }).Concat(chatRows.Select(r => (r.Answer, Line: $"| {r.Answer} | {r.Measured} | {string.Join(" | ", sizes.Select(r.At))} | {r.Verdict} |")));
        foreach (var line in lines.OrderBy(l => l.Answer[..l.Answer.IndexOf('.', StringComparison.Ordinal)], StringComparer.Ordinal))
        {
            md.AppendLine(line.Line);
        }
        md.AppendLine();
    }

    // The verdict on points of one case at several sizes: "yes, 17.1×" where the slowest is at least 1.5× the fastest and
    // their intervals are apart; "unclear" where 1.5× but they overlap; "no" below 1.5×.
    internal static string Verdict(IReadOnlyList<SizePoint> points)
    {
        SizePoint fast = points.MinBy(p => p.MedianNs)!, slow = points.MaxBy(p => p.MedianNs)!;
        return RatioVerdict(fast.MedianNs, fast.Interval, slow.MedianNs, slow.Interval, "", "no, ");
    }

    // The one rule of a change with size: the slowest median at least 1.5× the fastest, their intervals apart; `what`
    // names the figure where it changes or is unclear, `no` introduces it where it does not.
    private static string RatioVerdict(double fast, MedianInterval fastInterval, double slow, MedianInterval slowInterval, string what, string no)
    {
        double ratio = slow / fast;
        bool apart = fastInterval.Exists && slowInterval.Exists && fastInterval.Upper < slowInterval.Lower;
        string figure = Format.Ratio(ratio, 3);
        return ratio >= 1.5 && apart ? $"**yes**, {what}{figure}" : ratio >= 1.5 ? $"unclear (intervals overlap), {what}{figure}" : $"{no}{figure}";
    }

    // The chat answer's verdict over sizes: it changes where the server held the rate at some sizes and not at others
    // ("yes, held at 5 of 8 sizes"), else by its warm p99 as every other case (slowest ÷ fastest, intervals apart).
    internal static string ChatVerdict(IReadOnlyList<SizeChatPoint> points)
    {
        int held = points.Count(c => c.Held), undetermined = points.Count(c => c.Undetermined), failed = points.Count - held - undetermined;
        string open = undetermined == 0 ? "" : $"; undetermined at {undetermined} (the load fell behind)";
        if (held > 0 && failed > 0)
        {
            return $"**yes**: held at {held} of {points.Count} sizes{open}";
        }
        if (undetermined > 0)
        {
            // Where the load fell behind, not holding may be the load's doing: no verdict either way.
            return $"unclear: held at {held} of {points.Count} sizes{open}";
        }
        if (held == 0)
        {
            return "no: held at no size";
        }
        // Held everywhere: by its warm p99, as every other case.
        SizeChatPoint fast = points.MinBy(c => c.MedianP99Ns)!, slow = points.MaxBy(c => c.MedianP99Ns)!;
        return RatioVerdict(fast.MedianP99Ns, fast.Interval, slow.MedianP99Ns, slow.Interval, "p99 ", "no, held at every size, p99 within ");
    }

    // Which answers change with machine size: per case and runtime, the slowest size against the fastest, called a
    // change only where their intervals do not overlap and the ratio is at least 1.5.
    private static void WriteChanges(StringBuilder md, SizeSweepResults sweep)
    {
        md.AppendLine("## Which answers change with machine size: every case").AppendLine();
        md.AppendLine("Per case and runtime: the fastest and the slowest size, and their ratio. A case *changes with size* where the ratio is at least 1.5× and the two medians' intervals do not overlap; otherwise it does not, within the ratio shown.").AppendLine();
        md.AppendLine("| Case | Runtime | Fastest | Slowest | Changes with size (slowest ÷ fastest) |");
        md.AppendLine("|---|---|---|---|---|");
        foreach (var c in sweep.Points.GroupBy(p => (p.Type, p.Method, p.N, p.K, p.DelayMs, p.Runtime))
            .OrderBy(g => g.Key.Type, StringComparer.Ordinal).ThenBy(g => g.Key.Method, StringComparer.Ordinal).ThenBy(g => g.Key.N).ThenBy(g => g.Key.K).ThenBy(g => Order(g.Key.Runtime)))
        {
            SizePoint fast = c.MinBy(p => p.MedianNs)!, slow = c.MaxBy(p => p.MedianNs)!;
            string k = c.Key.K > 0 ? $", k = {Format.Count(c.Key.K)}" : "";
            md.AppendLine(CultureInfo.InvariantCulture, $"| {c.Key.Type}.{c.Key.Method}, N = {Format.Count(c.Key.N)}{k}, d = {Format.Time(c.Key.DelayMs * 1e6)} | {NameOf(c.Key.Runtime)} | {Format.Time(fast.MedianNs)} ({fast.Size.Label(sweep.RealCores)}) | {Format.Time(slow.MedianNs)} ({slow.Size.Label(sweep.RealCores)}) | {Verdict([.. c])} |");
        }
        md.AppendLine();
    }
}
