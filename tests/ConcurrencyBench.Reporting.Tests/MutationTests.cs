using System.Text.Json.Nodes;
using ConcurrencyBench.Cli;

namespace ConcurrencyBench.Reporting.Tests;

/// <summary>
/// Bad input, found by chance: take valid results (full JSON, timeline, run-info), break one thing at random (delete
/// a field, change a value's type, swap in an extreme number, truncate the file), and run report and compare on it.
/// Each must end in a valid output or one line on stderr with exit code 2: never an unhandled exception, never a
/// stack trace, never runaway memory.
/// </summary>
public partial class MutationTests
{
    /// <summary>How many broken inputs each command meets (seeded, so a failure repeats).</summary>
    public const int Mutations = 150;

    private static readonly JsonNode?[] s_extremes =
    [
        JsonValue.Create(-1), JsonValue.Create(0), JsonValue.Create(-1e308), JsonValue.Create(1e308), JsonValue.Create(1e-300),
        JsonValue.Create(2147483648L), JsonValue.Create(-2147483649L), JsonValue.Create(long.MaxValue), JsonValue.Create("x"),
        JsonValue.Create(""), JsonValue.Create(true), null, new JsonObject(), new JsonArray(),
    ];

    private static void CopyFixture(string to, bool withRuntime = false)
    {
        TestFiles.CopyFixtureRun(to);
        File.WriteAllText(Path.Combine(to, "run-info.json"),
            """{"profile":"quick","command":"scripts/run.sh --profile quick","startedUtc":"2026-11-25T20:00:00Z","durationSeconds":90,"commit":"abc1234","exitCode":0}""");
        if (withRuntime)
        {
            // Another runtime's file beside BenchmarkDotNet's: its cases, parameters and bursts are mutated too.
            JsonObject python = Crafted.RuntimeFile(
            [
                Crafted.RuntimeCase("DefaultPoolOffload", "DefaultThreadPool", new JsonObject { ["N"] = 100, ["DelayMs"] = 20 }, Crafted.Trending, [31e6, 32e6]),
                Crafted.RuntimeCase("PoolStarvation", "ProbeBehindAsyncWaits", new JsonObject { ["N"] = 10, ["DelayMs"] = 20 }, Crafted.Steady(0.2)),
                Crafted.RuntimeCase("MaxWorkersOffload", "BoundedExecutor", new JsonObject { ["N"] = 10, ["K"] = 4, ["DelayMs"] = 20 }, Crafted.Steady(60)),
            ]);
            Directory.CreateDirectory(Path.Combine(to, RuntimeResults.Folder));
            File.WriteAllText(Path.Combine(to, RuntimeResults.Folder, "python.json"), python.ToJsonString());
        }
    }

    private static List<(JsonNode Parent, object Key)> Places(JsonNode node)
    {
        var places = new List<(JsonNode, object)>();
        void Walk(JsonNode n)
        {
            if (n is JsonObject o)
            {
                foreach (var (key, child) in o.ToList())
                {
                    places.Add((o, key));
                    if (child is not null)
                    {
                        Walk(child);
                    }
                }
            }
            else if (n is JsonArray a)
            {
                for (int i = 0; i < a.Count; i++)
                {
                    places.Add((a, i));
                    if (a[i] is JsonNode child)
                    {
                        Walk(child);
                    }
                }
            }
        }
        Walk(node);
        return places;
    }

    /// <summary>Breaks one thing in one file of <paramref name="folder"/>; says what, for the failure message.</summary>
    private static string Mutate(string folder, Random random)
    {
        string[] files = [.. Directory.GetFiles(folder, "*.json", SearchOption.AllDirectories).Order(StringComparer.Ordinal)];
        string file = files[random.Next(files.Length)];
        string text = File.ReadAllText(file);
        if (random.Next(8) == 0)
        {
            int cut = random.Next(text.Length);
            File.WriteAllText(file, text[..cut]);
            return $"{Path.GetFileName(file)}: truncated at {cut}";
        }
        JsonNode root = JsonNode.Parse(text)!;
        var places = Places(root);
        // Half the time a number: the values the report computes with, where impossible ones do harm.
        var numbers = places.Where(p => (p.Parent is JsonObject o ? o[(string)p.Key] : ((JsonArray)p.Parent)[(int)p.Key]) is JsonValue v
            && v.GetValueKind() == System.Text.Json.JsonValueKind.Number).ToList();
        (JsonNode parent, object key) = numbers.Count > 0 && random.Next(2) == 0 ? numbers[random.Next(numbers.Count)] : places[random.Next(places.Count)];
        string what;
        bool delete = random.Next(3) == 0;
        JsonNode? value = s_extremes[random.Next(s_extremes.Length)]?.DeepClone();
        if (parent is JsonObject o)
        {
            string name = (string)key;
            if (delete)
            {
                o.Remove(name);
            }
            else
            {
                o[name] = value;
            }
            what = $"{name} {(delete ? "deleted" : $"= {value?.ToJsonString() ?? "null"}")}";
        }
        else
        {
            var array = (JsonArray)parent;
            int index = (int)key;
            if (delete)
            {
                array.RemoveAt(index);
            }
            else
            {
                array[index] = value;
            }
            what = $"[{index}] {(delete ? "deleted" : $"= {value?.ToJsonString() ?? "null"}")}";
        }
        File.WriteAllText(file, root.ToJsonString());
        return $"{Path.GetRelativePath(folder, file)}: {what}";
    }

    [Theory]
    [InlineData("report", 1, false)]
    [InlineData("compare", 2, false)]
    [InlineData("report", 3, true)]
    [InlineData("compare", 4, true)]
    public void EveryBrokenInputEndsInAValidOutputOrOneLineAndExitTwo(string command, int seed, bool withRuntime)
    {
        var random = new Random(seed);
        int refused = 0;
        for (int i = 0; i < Mutations; i++)
        {
            using var files = new TestFiles();
            string input = files.PathOf("run");
            CopyFixture(input, withRuntime);
            string mutation = Mutate(input, random);
            string[] args = command == "report"
                ? ["report", input, "--out", files.PathOf("out")]
                : ["compare", TestFiles.FixtureRun, input, "--out", files.PathOf("out")];
            using var output = new StringWriter();
            using var error = new StringWriter();

            int code;
            try
            {
                code = CommandLine.Run(args, output, error);
            }
            catch (Exception e)
            {
                Assert.Fail($"{mutation}: {command} threw {e.GetType().Name}: {e.Message}");
                throw;
            }

            string[] lines = error.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries);
            Assert.True(code is CommandLine.Ok or CommandLine.Regression or CommandLine.BadInput, $"{mutation}: exit {code}");
            if (code == CommandLine.BadInput)
            {
                refused++;
                Assert.True(lines.Length == 1, $"{mutation}: {lines.Length} lines on stderr: {error}");
                Assert.StartsWith("error: ", lines[0], StringComparison.Ordinal);
            }
            else if (command == "report")
            {
                Assert.True(File.Exists(Path.Combine(files.PathOf("out"), "report.md")), $"{mutation}: exit 0 without a report");
            }
        }
        // Most mutations break something that must be refused; a few (a field nobody reads) are harmless.
        Assert.InRange(refused, 1, Mutations);
        // Bounded memory is checked where it can be told apart: RealFilesTests renders in a heap-limited child process
        // (the whole test process's peak here also holds every test running beside this one).
    }

    [Theory]
    [InlineData("results/ConcurrencyBench.Benchmarks.PoolStarvation-report-full.json", "Nanoseconds", "-1", "impossible")]
    [InlineData("results/ConcurrencyBench.Benchmarks.PoolStarvation-report-full.json", "Nanoseconds", "0", "impossible")]
    [InlineData("results/ConcurrencyBench.Benchmarks.PoolStarvation-report-full.json", "Parameters", "\"N=-5&DelayMs=20\"", "not a whole number above zero")]
    [InlineData("results/ConcurrencyBench.Benchmarks.PoolStarvation-report-full.json", "Parameters", "\"N=x&DelayMs=20\"", "not a whole number above zero")]
    [InlineData("results/ConcurrencyBench.Benchmarks.PoolStarvation-report-full.json", "Parameters", "\"DelayMs=20\"", "parameter N is missing")]
    [InlineData("results/ConcurrencyBench.Benchmarks.PoolStarvation-report-full.json", "Parameters", "\"N=2000000000&DelayMs=2000000000\"", "beyond any run")]
    [InlineData("run-info.json", "durationSeconds", "-5", "run-info")]
    public void AnImpossibleValueIsOneLineAndExitTwoNamingIt(string file, string field, string value, string expected)
    {
        using var files = new TestFiles();
        string input = files.PathOf("run");
        CopyFixture(input);
        string path = Path.Combine(input, file);
        JsonNode root = JsonNode.Parse(File.ReadAllText(path))!;
        foreach (var (parent, key) in Places(root).Where(p => p.Key as string == field))
        {
            ((JsonObject)parent)[field] = JsonNode.Parse(value);
        }
        File.WriteAllText(path, root.ToJsonString());
        using var output = new StringWriter();
        using var error = new StringWriter();

        int code = CommandLine.Run(["report", input, "--out", files.PathOf("out")], output, error);

        Crafted.AssertRefused(code, output.ToString(), error.ToString(), expected, files.PathOf("out"));
    }

    [Theory]
    [InlineData("{}")]
    [InlineData("""{"case":"c","intervalMs":20,"peakWorkingSetBytes":1,"samples":[{"elapsedMs":-5}]}""")]
    [InlineData("[]")]
    [InlineData("""{"case":"c","intervalMs":20,"peakWorkingSetBytes":1,"samples":[],"bursts":[{"elapsedMs":1,"processThreads":1,"poolThreads":1,"chat":{"latenciesUs":[-3],"sent":1,"delivered":1,"elapsedMs":5}}]}""")]
    [InlineData("""{"case":"c","intervalMs":20,"peakWorkingSetBytes":1,"samples":[],"bursts":[{"elapsedMs":1,"processThreads":1,"poolThreads":1,"chat":{"latenciesUs":[3],"sent":0,"delivered":1,"elapsedMs":5}}]}""")]
    public void ABrokenTimelineIsOneLineAndExitTwo(string timeline)
    {
        using var files = new TestFiles();
        string input = files.PathOf("run");
        CopyFixture(input);
        File.WriteAllText(Directory.GetFiles(Path.Combine(input, "timelines"))[0], timeline);
        using var output = new StringWriter();
        using var error = new StringWriter();

        int code = CommandLine.Run(["report", input, "--out", files.PathOf("out")], output, error);

        Assert.Equal(CommandLine.BadInput, code);
        Assert.Single(error.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries));
    }
}
