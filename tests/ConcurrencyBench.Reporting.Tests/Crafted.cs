using System.Diagnostics;
using System.Text.Json.Nodes;

namespace ConcurrencyBench.Reporting.Tests;

/// <summary>
/// Results files written from scratch, in the shapes BenchmarkDotNet and the runtime-results format give them, for
/// the inputs real runs produce in unusual cases (a filtered run's lone case, a failed benchmark, several jobs).
/// </summary>
internal static class Crafted
{
    public const string DotNet10 = ".NET 10.0.12 (10.0.12, 10.0.1226.42308)";

    /// <summary>One benchmark of a full JSON file: its final measurements are <paramref name="nanoseconds"/>, in order.</summary>
    public static JsonObject Benchmark(string type, string method, string parameters, IEnumerable<double> nanoseconds,
        string job = "Repeated", string? characteristics = null, int launchEach = 0)
    {
        var pairs = parameters.Length == 0 ? [] : parameters.Split('&').Select(p => p.Split('=')).ToArray();
        string args = pairs.Length == 0 ? "" : $"({string.Join(", ", pairs.Select(p => $"{p[0]}: {p[1]}"))})";
        var measurements = new JsonArray();
        int index = 0;
        foreach (double ns in nanoseconds)
        {
            index++;
            measurements.Add(new JsonObject
            {
                ["IterationMode"] = "Workload",
                ["IterationStage"] = "Result",
                ["LaunchIndex"] = launchEach > 0 ? index : 1,
                ["IterationIndex"] = launchEach > 0 ? 1 : index,
                ["Operations"] = 1,
                ["Nanoseconds"] = ns,
            });
        }
        return new JsonObject
        {
            ["DisplayInfo"] = $"{type}.{method}: {job}({characteristics ?? "InvocationCount=1, RunStrategy=Monitoring"})" + (pairs.Length == 0 ? "" : $" [{string.Join(", ", pairs.Select(p => $"{p[0]}={p[1]}"))}]"),
            ["Namespace"] = "ConcurrencyBench.Benchmarks",
            ["Type"] = type,
            ["Method"] = method,
            ["MethodTitle"] = method,
            ["Parameters"] = parameters,
            ["FullName"] = $"ConcurrencyBench.Benchmarks.{type}.{method}{args}",
            ["Measurements"] = measurements,
        };
    }

    /// <summary>A full JSON document of <paramref name="benchmarks"/> on one host.</summary>
    public static JsonObject File(IEnumerable<JsonObject> benchmarks, string processor = "Intel Xeon Processor", string runtime = DotNet10) => new()
    {
        ["Title"] = "crafted",
        ["HostEnvironmentInfo"] = new JsonObject
        {
            ["BenchmarkDotNetCaption"] = "BenchmarkDotNet",
            ["BenchmarkDotNetVersion"] = "0.15.8",
            ["OsVersion"] = "Linux Debian GNU/Linux 12 (bookworm)",
            ["ProcessorName"] = processor,
            ["PhysicalProcessorCount"] = 1,
            ["PhysicalCoreCount"] = 2,
            ["LogicalCoreCount"] = 2,
            ["RuntimeVersion"] = runtime,
            ["Architecture"] = "X64",
            ["DotNetCliVersion"] = "10.0.401",
        },
        ["Benchmarks"] = new JsonArray([.. benchmarks]),
    };

    /// <summary>Writes a results folder holding one full JSON file of <paramref name="benchmarks"/>; returns the folder.</summary>
    public static string Run(TestFiles files, string name, IEnumerable<JsonObject> benchmarks, string processor = "Intel Xeon Processor", string runtime = DotNet10)
    {
        files.Write(Path.Combine(name, "results", "Crafted-report-full.json"), File(benchmarks, processor, runtime).ToJsonString());
        return files.PathOf(name);
    }

    /// <summary>A burst of the runtime-results format.</summary>
    public static JsonObject Burst(double ns) => new()
    {
        ["ns"] = ns,
        ["userMs"] = 1.0,
        ["systemMs"] = 0.5,
        ["voluntarySwitches"] = 3,
        ["involuntarySwitches"] = 1,
        ["threads"] = 1,
        ["peakRssBytes"] = 20_000_000,
    };

    /// <summary>A runtime-results case.</summary>
    public static JsonObject RuntimeCase(string type, string method, JsonObject parameters, IEnumerable<double> repeated, IEnumerable<double>? cold = null) => new()
    {
        ["type"] = type,
        ["method"] = method,
        ["label"] = "python form",
        ["parameters"] = parameters,
        ["repeated"] = new JsonArray([.. repeated.Select(Burst)]),
        ["cold"] = new JsonArray([.. (cold ?? []).Select(Burst)]),
    };

    /// <summary>A runtime-results file of <paramref name="cases"/>.</summary>
    public static JsonObject RuntimeFile(IEnumerable<JsonObject> cases, string processor = "AMD EPYC") => new()
    {
        ["format"] = RuntimeResults.FormatVersion1,
        ["runtime"] = new JsonObject { ["name"] = "Python", ["version"] = "3.11.7", ["detail"] = "CPython 3.11.7" },
        ["machine"] = new JsonObject { ["processor"] = processor, ["logicalCores"] = 2, ["os"] = "Linux Debian GNU/Linux 12 (bookworm)", ["architecture"] = "X64" },
        ["profile"] = "default",
        ["complete"] = true,
        ["cases"] = new JsonArray([.. cases]),
    };

    /// <summary>
    /// A chat load as <c>cbench chat-load --out</c> writes it, from a committed run's own: the settings of the load of
    /// its first cold chat burst, and the window that burst measured.
    /// </summary>
    public static JsonObject CommittedChatLoad()
    {
        JsonNode timeline = JsonNode.Parse(System.IO.File.ReadAllText(Path.Combine(CommittedResultsTests.ResultsRoot(),
            "default", "cold", "timelines", "ConcurrencyBench.Benchmarks.ChatServerLoad.AsyncSockets_C__1000__Rate__2_.json")))!;
        JsonObject burst = timeline["bursts"]![0]!["chat"]!.AsObject();
        JsonObject load = burst["load"]!.DeepClone().AsObject();
        load["windows"] = new JsonArray(burst["window"]!.DeepClone());
        return load;
    }

    /// <summary>Seven bursts getting faster: 30, 29, ... 24 ms (a trend, so no median without cold bursts).</summary>
    public static double[] Trending => [.. Enumerable.Range(0, 7).Select(i => (30 - i) * 1e6)];

    /// <summary>Ten bursts around <paramref name="ms"/> without a trend.</summary>
    public static double[] Steady(double ms) => [.. s_shuffled.Select(j => (ms * 1e6) + (j * ms * 1e3))];

    private static readonly int[] s_shuffled = [3, 7, 1, 9, 5, 2, 8, 4, 6, 0];

    /// <summary>
    /// Asserts a command's refusal of bad input: exit code 2, one line on stderr holding <paramref name="expected"/>,
    /// nothing on stdout, and no <paramref name="output"/> folder written.
    /// </summary>
    public static string AssertRefused(int code, string stdout, string stderr, string expected, string output)
    {
        Assert.Equal(ConcurrencyBench.Cli.CommandLine.BadInput, code);
        string line = Assert.Single(stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.StartsWith("error: ", line, StringComparison.Ordinal);
        Assert.Contains(expected, line, StringComparison.Ordinal);
        Assert.Equal("", stdout);
        Assert.False(Directory.Exists(output), "nothing is written");
        return line;
    }

    /// <summary>The cbench program beside the tests (built with them).</summary>
    public static string Cbench => Path.Combine(AppContext.BaseDirectory, "cbench.dll");

    /// <summary>
    /// Runs cbench in a process of its own, for what must not happen in the test process, bounded by the CPU time it may
    /// use (<paramref name="limit"/>): a loaded machine stretches its wall time, not its work (a full test run beside
    /// other builds saw a report that needs seconds take past 90 s of wall time). A process that uses no CPU (blocked)
    /// is ended after <see cref="WallTimesCpuLimit"/> times the limit.
    /// </summary>
    public static (int Code, string Stdout, string Stderr) RunCbench(TimeSpan limit, params string[] args) => RunCbench(limit, ("", ""), args);

    /// <summary>How many times its CPU limit a process run by <see cref="RunCbench(TimeSpan, string[])"/> may take in wall time.</summary>
    public const int WallTimesCpuLimit = 30;

    /// <summary>Runs cbench in a process of its own with one environment variable set (none when its name is empty).</summary>
    public static (int Code, string Stdout, string Stderr) RunCbench(TimeSpan limit, (string Name, string Value) environment, params string[] args)
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true };
        if (environment.Name.Length > 0)
        {
            start.Environment[environment.Name] = environment.Value;
        }
        start.ArgumentList.Add(Cbench);
        foreach (string arg in args)
        {
            start.ArgumentList.Add(arg);
        }
        using Process process = Process.Start(start)!;
        Task<string> stdout = process.StandardOutput.ReadToEndAsync();
        Task<string> stderr = process.StandardError.ReadToEndAsync();
        var wall = Stopwatch.StartNew();
        while (!process.WaitForExit(TimeSpan.FromSeconds(1)))
        {
            TimeSpan cpu = process.TotalProcessorTime;
            if (cpu > limit || wall.Elapsed > limit * WallTimesCpuLimit)
            {
                process.Kill(entireProcessTree: true);
                throw new TimeoutException($"cbench {string.Join(' ', args)} did not finish within {limit} of CPU time ({cpu.TotalSeconds:F0} s of CPU, {wall.Elapsed.TotalSeconds:F0} s of wall time)");
            }
        }
        return (process.ExitCode, stdout.Result, stderr.Result);
    }
}
