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
/// <param name="DelayMs">d, in milliseconds.</param>
/// <param name="Nanoseconds">Each process's burst (the first burst of each fresh process), in nanoseconds.</param>
/// <param name="Seen">What the runtime saw at this size (its --describe under the size); null where not recorded.</param>
/// <param name="Injections">.NET's default pool: each burst's times (ms from its start) at which the pool's threads grew.</param>
public sealed record SizePoint(MachineSize Size, string Runtime, string RuntimeName, string Type, string Method, int N, int DelayMs,
    IReadOnlyList<double> Nanoseconds, SizeSeen? Seen, IReadOnlyList<IReadOnlyList<double>> Injections)
{
    /// <summary>Harrell–Davis median of the bursts (Perfolizer), nanoseconds.</summary>
    public double MedianNs { get; } = HarrellDavisQuantileEstimator.Instance.Quantile(new Sample(Nanoseconds, TimeUnit.Nanosecond), Probability.Median).NominalValue;

    /// <summary>The median's distribution-free interval (order statistics), with its level.</summary>
    public MedianInterval Interval { get; } = MedianInterval.Of(Nanoseconds);
}

/// <summary>A size sweep as read from its folder (<see cref="SizeSweep"/>'s files).</summary>
/// <param name="Folder">The sweep's folder.</param>
/// <param name="RealCores">The machine's cores.</param>
/// <param name="Processor">The machine's processor, as the runners name it.</param>
/// <param name="Sizes">Every size of the index, in order, with its status ("ran", "not set", ...) and reason.</param>
/// <param name="Points">Every case of every runtime at every size that ran.</param>
/// <param name="Complete">Whether the sweep finished.</param>
public sealed record SizeSweepResults(string Folder, int RealCores, string Processor, IReadOnlyList<(MachineSize Size, string Status, string? Reason)> Sizes,
    IReadOnlyList<SizePoint> Points, bool Complete)
{
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
                        parameters.GetProperty("N").GetInt32(), parameters.GetProperty("DelayMs").GetInt32(),
                        [.. bursts.Select(b => b.GetProperty("ns").GetDouble())],
                        seen.GetValueOrDefault(runtime),
                        [.. bursts.Select(b => b.TryGetProperty("injections", out JsonElement i) && i.ValueKind == JsonValueKind.Array
                            ? (IReadOnlyList<double>)[.. i.EnumerateArray().Select(x => x.GetDouble())]
                            : [])]));
                }
            }
        }
        bool complete = root.TryGetProperty("complete", out JsonElement done) && done.ValueKind == JsonValueKind.True;
        if (points.Count == 0)
        {
            throw ResultsFormatException.For(folder, "a size sweep in which no case ran: nothing to report");
        }
        return new SizeSweepResults(folder, realCores, processor, sizes, points, complete);
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
        var free = new PriorityQueue<double, double>();
        for (int i = 0; i < minimum; i++)
        {
            free.Enqueue(0, 0);
        }
        double nextThread = InjectionSeconds, end = 0;
        for (int job = 0; job < jobs; job++)
        {
            // A thread injected before the first thread frees up takes the call; calls still wait, so injection goes on.
            double at = free.Peek();
            if (nextThread < at)
            {
                at = nextThread;
                nextThread += InjectionSeconds;
            }
            else
            {
                free.Dequeue();
            }
            double done = at + delaySeconds;
            end = Math.Max(end, done);
            free.Enqueue(done, done);
        }
        return end;
    }

    /// <summary>The rule's time for <paramref name="p"/> (a default-pool case), from what its runtime saw; null where it saw nothing.</summary>
    public static double? PredictSeconds(SizePoint p)
    {
        ArgumentNullException.ThrowIfNull(p);
        return p.Seen is not SizeSeen seen ? null
            : p.Runtime == "dotnet" ? PredictSeconds(p.N, p.DelayMs / 1000.0, seen.DefaultPoolMinimum ?? seen.Processors ?? 1, injects: true)
            : PredictSeconds(p.N, p.DelayMs / 1000.0, seen.DefaultPoolThreads, injects: false);
    }

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
/// The size sweep's report: the answer chart "N blocking calls on each runtime's default pool, by machine size" with
/// .NET's pool rule beside it, the table of what each runtime saw and the rule's error, and which answers change with
/// machine size.
/// </summary>
public static class SizesReport
{
    /// <summary>The answer chart's file name.</summary>
    public const string AnswerChartName = "Answer-sizes-default-pool";

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
        ChartFile? chart = pools.Count == 0 ? null : AnswerChart(sweep, pools, outFolder);
        var md = new StringBuilder();
        md.AppendLine("# Machine size as an axis").AppendLine();
        md.AppendLine(CultureInfo.InvariantCulture, $"Each runtime's cases at each size of the machine: its real cores pinned (taskset), a CPU quota as a container limit sets it (the CFS quota of a cgroup v1 `cpu` controller, over a 100 ms period) and a processor count configured past the machine's {sweep.RealCores} real cores (each runtime told it has P cores: `DOTNET_PROCESSOR_COUNT`, `GOMAXPROCS`, `TOKIO_WORKER_THREADS`, and Python's and piscina's default sizes computed from P by their own formulas). A configured count is never a machine of that size: its calls still run on {sweep.RealCores} cores. Every figure is a median of one burst in each of 2 or 3 fresh processes (a cold pool each time, as a container starts), with its interval; the runs and the machine: `{sweep.Processor}`, {sweep.RealCores} cores.");
        md.AppendLine();
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
            WriteInjections(md, sweep, pools);
        }
        WriteChanges(md, sweep);
        string path = Path.Combine(outFolder, "report.md");
        File.WriteAllText(path, md.ToString());
        return path;
    }

    private static IEnumerable<MachineSize> SizesOf(SizeSweepResults sweep) => sweep.Sizes.Where(s => s.Status is "ran" or "failed" or "interrupted").Select(s => s.Size);

    // The answer as a sentence: the runtime whose time moves most with size, from where to where, and the runtimes
    // whose time stays under a second at every size.
    internal static string AnswerTitle(SizeSweepResults sweep, IReadOnlyList<SizePoint> pools)
    {
        var byRuntime = pools.GroupBy(p => p.Runtime).OrderBy(g => Order(g.Key)).ToList();
        // The two runtimes whose time moves most with size (slowest ÷ fastest size), each from where to where.
        var widest = byRuntime.Where(g => g.Count() > 1).Select(g => (g.Key, Slow: g.MaxBy(p => p.MedianNs)!, Fast: g.MinBy(p => p.MedianNs)!))
            .Where(r => r.Slow.MedianNs >= 1e9).OrderByDescending(r => r.Slow.MedianNs / r.Fast.MedianNs).Take(2).ToList();
        var quick = byRuntime.Where(g => g.All(p => p.MedianNs < 1e9)).Select(g => NameOf(g.Key)).ToList();
        SizePoint any = pools[0];
        string what = $"{Format.Count(any.N)} blocking calls of {Format.Time(any.DelayMs * 1e6)} on the default pool";
        string moves = string.Join("; ", widest.Select(w => $"{NameOf(w.Key)} {Format.Time(w.Slow.MedianNs)} {At(w.Slow.Size)}, {Format.Time(w.Fast.MedianNs)} {At(w.Fast.Size)}"));
        string steady = quick.Count == 0 ? "" : $"; {Join(quick)} under 1 s at every size";
        return $"{what}: {moves}{steady}";
    }

    // A size as a sentence says it: "on 1 real core", "under a 0.5-CPU quota", "configured as 16 cores".
    private static string At(MachineSize size) => size.Kind switch
    {
        SizeKind.RealCores => size.Cpus == 1 ? "on 1 real core" : $"on {size.CpusText} real cores",
        SizeKind.Quota => $"under a {size.CpusText}-CPU quota",
        _ => $"configured as {size.CpusText} cores",
    };

    private static string Join(List<string> words) => words.Count <= 1 ? string.Concat(words) : $"{string.Join(", ", words.Take(words.Count - 1))} and {words[^1]}";

    // Short labels of the sizes for the x axis (two lines each).
    internal static string TickOf(MachineSize size) => size.Kind switch
    {
        SizeKind.RealCores => size.Cpus == 1 ? "1 real\ncore" : $"{size.CpusText} real\ncores",
        SizeKind.Quota => $"quota\n{size.CpusText} CPU",
        _ => $"configured\nas {size.CpusText}",
    };

    private static ChartFile AnswerChart(SizeSweepResults sweep, IReadOnlyList<SizePoint> pools, string outFolder)
    {
        var sizes = SizesOf(sweep).ToList();
        string title = AnswerTitle(sweep, pools);
        int processes = pools.Max(p => p.Nanoseconds.Count), fewest = pools.Min(p => p.Nanoseconds.Count);
        // The whisker's level is that of its number of processes (75% for 3, 50% for 2: the range of the bursts).
        string levels = string.Join(" or ", pools.Where(p => p.Interval.Exists).Select(p => p.Interval.Level).Distinct().Order().Select(l => l.ToString("0%", CultureInfo.InvariantCulture)));
        using var figure = new ChartFigure(title,
        [
            $"{sweep.RealCores}-core {sweep.Processor}, Linux · dot: median of {(fewest == processes ? processes.ToString(CultureInfo.InvariantCulture) : $"{fewest}–{processes}")} fresh processes · whisker: the median's {levels} distribution-free interval (the range)",
            $"shaded, configured as P: each runtime told it has P cores, still on {sweep.RealCores} real cores · dashed: what .NET's documented pool rule predicts (ProcessorCount threads, one more per 500 ms) · labels: the last size's values",
        ]);
        ChartPanel panel = figure.AddPanel("", "machine size (less CPU on the left)", "time for all calls (log scale)");
        Plot plot = panel.Plot;
        double X(MachineSize s) => sizes.IndexOf(s);
        foreach (var runtime in pools.GroupBy(p => p.Runtime).OrderBy(g => Order(g.Key)))
        {
            Color color = ColorOf(runtime.Key);
            var points = runtime.OrderBy(p => X(p.Size)).ToList();
            double[] xs = [.. points.Select(p => X(p.Size))];
            double[] ys = [.. points.Select(p => Math.Log10(p.MedianNs))];
            ChartDrawing.AddLine(plot, xs, ys, color, 2.5f, Dash.Solid);
            var markers = plot.Add.ScatterPoints(xs, ys, color);
            markers.MarkerSize = 9;
            markers.LegendText = "";
            double[] below = [.. points.Select(p => p.Interval.Exists ? Math.Log10(p.MedianNs) - Math.Log10(Math.Max(p.Interval.Lower, 1)) : 0)];
            double[] above = [.. points.Select(p => p.Interval.Exists ? Math.Log10(Math.Max(p.Interval.Upper, 1)) - Math.Log10(p.MedianNs) : 0)];
            ChartDrawing.AddErrorBar(plot, xs, ys, below, above, color);
            panel.AddSeries($"{NameOf(runtime.Key)} default pool");
            SizePoint last = points[^1];
            panel.AddEndLabel(X(last.Size), Math.Log10(last.MedianNs), $"{NameOf(runtime.Key)} {Format.Time(last.MedianNs)}", color);
            if (runtime.Key == "dotnet")
            {
                var predicted = points.Select(p => (X: X(p.Size), Seconds: PoolRule.PredictSeconds(p))).Where(p => p.Seconds is > 0).ToList();
                if (predicted.Count > 1)
                {
                    ChartDrawing.AddLine(plot, [.. predicted.Select(p => p.X)], [.. predicted.Select(p => Math.Log10(p.Seconds!.Value * 1e9))], color, 1.5f, Dash.Dashed);
                    panel.AddSeries(".NET pool rule");
                    panel.AddEndLabel(predicted[^1].X, Math.Log10(predicted[^1].Seconds!.Value * 1e9), $".NET rule {Format.Time(predicted[^1].Seconds!.Value * 1e9)}", color);
                }
            }
        }
        // The configured counts run on the machine's real cores: a shaded band sets them apart from the real sizes.
        int firstConfigured = sizes.FindIndex(s => s.Kind == SizeKind.Configured);
        if (firstConfigured >= 0)
        {
            var band = plot.Add.HorizontalSpan(firstConfigured - 0.5, sizes.Count - 0.5);
            band.FillStyle.Color = Color.FromHex("#000000").WithAlpha(0.05);
            band.LineStyle.Width = 0;
        }
        var ticks = new ScottPlot.TickGenerators.NumericManual();
        foreach (MachineSize size in sizes)
        {
            ticks.AddMajor(X(size), TickOf(size));
        }
        plot.Axes.Bottom.TickGenerator = ticks;
        // The time axis starts a decade below the fastest median (a log axis: no value is a sliver), then its ticks.
        ChartLayout.ShareLimits(figure.Panels, shareX: false, floor: AxisFloor.DecadeBelow);
        plot.Axes.SetLimitsX(-0.4, sizes.Count - 0.6);
        ChartTicks.LogTicks(plot.Axes.Left, Format.TickTime);
        figure.Height = 620;
        return figure.Save(outFolder, AnswerChartName);
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

    // Where .NET's rule and its measurement part: the pool's threads as they grew, against the rule's one per 500 ms.
    private static void WriteInjections(StringBuilder md, SizeSweepResults sweep, IReadOnlyList<SizePoint> pools)
    {
        var dotnet = pools.Where(p => p.Runtime == "dotnet" && p.Injections.Any(i => i.Count > 0)).ToList();
        if (dotnet.Count == 0)
        {
            return;
        }
        md.AppendLine("### .NET's pool: threads added against the rule's rhythm").AppendLine();
        md.AppendLine("The rule adds one thread per 500 ms while calls wait. Per size: threads the pool added in the first 5 s of each burst (the rule: 10), the median gap between the readings at which it grew (threads added within one 10 ms reading count once), and the threads it had added when the burst ended (from each burst's own record of the times the pool's thread count rose, read every 10 ms).").AppendLine();
        md.AppendLine("| Size | Added in the first 5 s (per burst) | Median gap between growths | Added in all (per burst) | Burst |");
        md.AppendLine("|---|---|---:|---|---:|");
        var sizes = SizesOf(sweep).ToList();
        foreach (SizePoint p in dotnet.OrderBy(p => sizes.IndexOf(p.Size)))
        {
            // Threads added within one 10 ms reading count once: the gaps are between the readings at which the pool grew.
            var gaps = p.Injections.Select(i => i.Distinct().ToList()).SelectMany(i => i.Zip(i.Skip(1), (a, b) => b - a)).Order().ToList();
            string gap = gaps.Count == 0 ? "" : Format.Time(gaps[gaps.Count / 2] * 1e6);
            md.AppendLine(CultureInfo.InvariantCulture, $"| {p.Size.Label(sweep.RealCores)} | {string.Join(", ", p.Injections.Select(i => i.Count(t => t <= 5000)))} | {gap} | {string.Join(", ", p.Injections.Select(i => i.Count))} | {Format.Time(p.MedianNs)} |");
        }
        md.AppendLine();
    }

    // Which answers change with machine size: per case and runtime, the slowest size against the fastest, called a
    // change only where their intervals do not overlap and the ratio is at least 1.5.
    private static void WriteChanges(StringBuilder md, SizeSweepResults sweep)
    {
        md.AppendLine("## Which answers change with machine size").AppendLine();
        md.AppendLine("Per case and runtime: the fastest and the slowest size, and their ratio. A case *changes with size* where the ratio is at least 1.5× and the two medians' intervals do not overlap; otherwise it does not, within the ratio shown.").AppendLine();
        md.AppendLine("| Case | Runtime | Fastest | Slowest | Slowest ÷ fastest | Changes with size |");
        md.AppendLine("|---|---|---|---|---:|---|");
        foreach (var c in sweep.Points.GroupBy(p => (p.Type, p.Method, p.N, p.DelayMs, p.Runtime))
            .OrderBy(g => g.Key.Type, StringComparer.Ordinal).ThenBy(g => g.Key.Method, StringComparer.Ordinal).ThenBy(g => g.Key.N).ThenBy(g => Order(g.Key.Runtime)))
        {
            SizePoint fast = c.MinBy(p => p.MedianNs)!, slow = c.MaxBy(p => p.MedianNs)!;
            double ratio = slow.MedianNs / fast.MedianNs;
            bool apart = fast.Interval.Exists && slow.Interval.Exists && fast.Interval.Upper < slow.Interval.Lower;
            string verdict = ratio >= 1.5 && apart ? "**yes**" : ratio >= 1.5 ? "unclear (intervals overlap)" : "no";
            md.AppendLine(CultureInfo.InvariantCulture, $"| {c.Key.Type}.{c.Key.Method}, N = {Format.Count(c.Key.N)}, d = {Format.Time(c.Key.DelayMs * 1e6)} | {NameOf(c.Key.Runtime)} | {Format.Time(fast.MedianNs)} ({fast.Size.Label(sweep.RealCores)}) | {Format.Time(slow.MedianNs)} ({slow.Size.Label(sweep.RealCores)}) | {Format.Ratio(ratio, 3)} | {verdict} |");
        }
        md.AppendLine();
    }
}
