using System.Globalization;
using System.Text.Json;
using ConcurrencyBench.Models;

namespace ConcurrencyBench.Reporting;

/// <summary>
/// Reads another runtime's results (<c>runtimes/*.json</c> in a results folder, format
/// <see cref="Format"/>, documented in docs/runtimes.md): the Python reference runs of <c>scripts/python</c>, or any
/// runtime that writes the same small file. Each case becomes a repeated-burst and a cold-burst
/// <see cref="CaseResult"/> with the same type, method and parameters as its .NET twin, on a host whose runtime is
/// the file's, so that the report puts both in the same charts and tables. Anything impossible is refused with
/// <see cref="ResultsFormatException"/>, as for BenchmarkDotNet's files.
/// </summary>
public static class RuntimeResults
{
    /// <summary>The format's name and version, the file's <c>format</c> field.</summary>
    /// <remarks>
    /// Version 2 (issue "Like for like"): each process primes its code path before its first measured burst (the
    /// file's <c>priming</c> says how), and every burst carries its own <c>threadsAtStart</c> and
    /// <c>rssAtStartBytes</c>, with <c>peakRssBytes</c> the burst's own peak where <c>peakRssScope</c> is "burst".
    /// </remarks>
    public const string Format = "concurrencybench-runtime-results/2";

    /// <summary>The first version (no priming, peaks since the process started); still read.</summary>
    public const string FormatVersion1 = "concurrencybench-runtime-results/1";

    /// <summary>The folder of a results folder that holds other runtimes' files.</summary>
    public const string Folder = "runtimes";

    /// <summary>
    /// A line per runtime the run was asked for but could not use (python3 not on PATH), written by scripts/run.sh
    /// in <see cref="Folder"/>; the report prints them.
    /// </summary>
    public const string AbsentFile = "absent.txt";

    /// <summary>
    /// The runtime files of a results folder (none when it has no <see cref="Folder"/>): its regular files only; any
    /// other entry is named in <paramref name="skipped"/> and never opened (<see cref="ResultFiles"/>).
    /// </summary>
    public static IReadOnlyList<string> FilesIn(string folder, ICollection<string> skipped)
    {
        ArgumentNullException.ThrowIfNull(folder);
        string runtimes = Path.Combine(folder, Folder);
        return Directory.Exists(runtimes) ? ResultFiles.RegularFilesIn(runtimes, "*.json", skipped) : [];
    }

    /// <summary>Reads one runtime file: its cases, repeated and cold, and whether the run completed.</summary>
    public static (IReadOnlyList<CaseResult> Cases, bool Complete) Read(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        return ResultsReader.ReadJson(path, "a runtime-results file",
            root => root.ValueKind == JsonValueKind.Object && root.TryGetProperty("format", out JsonElement f) && f.ValueKind == JsonValueKind.String && f.ValueEquals(FormatVersion1)
                ? FileSchemas.RuntimeResultsV1
                : FileSchemas.RuntimeResultsV2,
            root => Parse(root, path));
    }

    // The document has passed its version's rule (FileSchemas): every field read here is there where required, of its
    // kind and possible; what is checked here is the case against the suite (its .NET twin).
    private static (IReadOnlyList<CaseResult>, bool) Parse(JsonElement root, string path)
    {
        bool version2 = root.GetProperty("format").GetString() == Format;
        if (version2 && root.GetProperty("priming").GetString()!.Trim().Length == 0)
        {
            throw FileSchema.Refuse(path, "priming", root.GetProperty("priming").GetString(), "a version-2 file must say how each process primed its code path");
        }
        bool burstPeaks = version2 && root.TryGetProperty("peakRssScope", out JsonElement scope) && scope.ValueKind == JsonValueKind.String && scope.GetString() == "burst";
        JsonElement runtime = root.GetProperty("runtime");
        JsonElement machine = root.GetProperty("machine");
        string name = runtime.GetProperty("name").GetString()!;
        string version = runtime.GetProperty("version").GetString()!;
        string detail = runtime.TryGetProperty("detail", out JsonElement d) ? d.GetString() ?? "" : "";
        var host = new HostInfo(
            HostInfo.NormalizeProcessor(machine.GetProperty("processor").GetString()),
            machine.GetProperty("logicalCores").GetInt32(),
            machine.GetProperty("os").GetString() ?? "",
            $"{name} {version}" + (detail.Length > 0 ? $" ({detail})" : ""),
            machine.GetProperty("architecture").GetString() ?? "",
            "",
            "");
        bool complete = !root.TryGetProperty("complete", out JsonElement c) || c.ValueKind != JsonValueKind.False;
        var cases = new List<CaseResult>();
        int index = -1;
        foreach (JsonElement item in root.GetProperty("cases").EnumerateArray())
        {
            index++;
            string type = item.GetProperty("type").GetString()!;
            string method = item.GetProperty("method").GetString()!;
            var parameters = new Dictionary<string, string>(StringComparer.Ordinal);
            var order = new List<string>();
            string twin = $"ConcurrencyBench.Benchmarks.{type}.{method}";
            foreach (JsonProperty parameter in item.GetProperty("parameters").EnumerateObject())
            {
                parameters[parameter.Name] = parameter.Value.GetInt64().ToString(CultureInfo.InvariantCulture);
                order.Add($"{parameter.Name}: {parameters[parameter.Name]}");
            }
            // BenchmarkDotNet's form: no parentheses for a method without parameters.
            string fullName = twin + (order.Count > 0 ? $"({string.Join(", ", order)})" : "");
            CheckTwin(path, $"cases[{index}]", fullName, type, method, parameters);
            string? label = item.TryGetProperty("label", out JsonElement l) ? l.GetString() : null;
            TimeSpan? ideal = item.TryGetProperty("idealSeconds", out JsonElement i) && i.ValueKind == JsonValueKind.Number
                ? TimeSpan.FromSeconds(i.GetDouble())
                : null;
            foreach (BurstKind kind in new[] { BurstKind.Repeated, BurstKind.Cold })
            {
                string key = kind == BurstKind.Repeated ? "repeated" : "cold";
                if (!item.TryGetProperty(key, out JsonElement bursts) || bursts.GetArrayLength() == 0)
                {
                    if (kind == BurstKind.Repeated)
                    {
                        throw FileSchema.Refuse(path, $"cases[{index}].repeated", "[]", $"case {fullName}: no repeated bursts (a case that ran has at least one)");
                    }
                    continue;
                }
                var nanoseconds = new List<double>();
                var usage = new List<ResourceUsage?>();
                var resources = new List<BurstResources?>();
                var gathers = new List<GatherOrder>();
                double peakRss = 0, peakThreads = 0;
                foreach (JsonElement burst in bursts.EnumerateArray())
                {
                    double threads = burst.GetProperty("threads").GetDouble();
                    double rss = burst.GetProperty("peakRssBytes").GetDouble();
                    if (version2)
                    {
                        double atStart = burst.GetProperty("threadsAtStart").GetDouble();
                        double rssAtStart = burst.GetProperty("rssAtStartBytes").GetDouble();
                        int? concurrent = burst.TryGetProperty("maxConcurrent", out JsonElement most) && most.ValueKind == JsonValueKind.Number ? most.GetInt32() : null;
                        resources.Add(new BurstResources((int)atStart, (int)Math.Max(threads, atStart), null, null, (long)rssAtStart, (long)Math.Max(rss, rssAtStart), burstPeaks, null, null, null, concurrent));
                    }
                    else
                    {
                        // Version 1: the threads at the burst's peak, and the peak memory since the process started.
                        resources.Add(new BurstResources(null, (int)threads, null, null, null, (long)rss, false, null, null, null));
                    }
                    nanoseconds.Add(burst.GetProperty("ns").GetDouble());
                    usage.Add(new ResourceUsage(
                        burst.GetProperty("userMs").GetDouble(),
                        burst.GetProperty("systemMs").GetDouble(),
                        burst.GetProperty("voluntarySwitches").GetInt64(),
                        burst.GetProperty("involuntarySwitches").GetInt64()));
                    peakRss = Math.Max(peakRss, rss);
                    peakThreads = Math.Max(peakThreads, threads);
                    if (burst.TryGetProperty("gather", out JsonElement gather))
                    {
                        gathers.Add(new GatherOrder(
                            [.. gather.GetProperty("results").EnumerateArray().Select(e => e.GetInt32())],
                            [.. gather.GetProperty("resumed").EnumerateArray().Select(e => e.GetInt32())]));
                    }
                }
                var metrics = new Dictionary<string, double>(StringComparer.Ordinal)
                {
                    ["PeakWorkingSet"] = peakRss,
                    ["PeakThreads"] = peakThreads,
                };
                cases.Add(new CaseResult(fullName, type, method, parameters, nanoseconds, null, metrics, host, kind.ToString(), path)
                {
                    IterationUsage = usage,
                    IterationResources = resources,
                    GatherOrders = gathers,
                    Label = label,
                    OwnIdeal = ideal,
                });
            }
        }
        if (cases.Count == 0)
        {
            throw ResultsFormatException.For(path, "no case (a run in which nothing ran)");
        }
        return (cases, complete);
    }

    // A case stands beside its .NET twin, so the twin must exist: a benchmark method the suite declares, with exactly its
    // class's parameters, each as the .NET side's reader would accept it (whole numbers above zero, N·d bounded).
    private static void CheckTwin(string path, string field, string fullName, string type, string method, IReadOnlyDictionary<string, string> parameters)
    {
        if (ModelCatalog.Declared(type, method) is null)
        {
            throw FileSchema.Refuse(path, $"{field}.method", method, $"case {fullName}: no benchmark {type}.{method} in the suite to stand beside (its .NET twin does not exist)");
        }
        IReadOnlyList<string> expected = ModelCatalog.RequiredParameters(type);
        if (parameters.Keys.FirstOrDefault(k => !expected.Contains(k, StringComparer.Ordinal)) is string extra)
        {
            throw FileSchema.Refuse(path, $"{field}.parameters.{extra}", parameters[extra], $"case {fullName}: not one of {type}'s parameters ({(expected.Count > 0 ? string.Join(", ", expected) : "none")}): its .NET twin does not exist");
        }
        ResultsReader.CheckParameters(path, $"{field}.parameters", fullName, type, parameters);
    }
}
