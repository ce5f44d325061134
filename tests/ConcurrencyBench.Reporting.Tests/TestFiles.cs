using System.Text.Json.Nodes;

namespace ConcurrencyBench.Reporting.Tests;

/// <summary>The fixture files and a temporary folder that is deleted after each test.</summary>
public sealed class TestFiles : IDisposable
{
    public TestFiles()
    {
        Root = Path.Combine(Path.GetTempPath(), "cbench-tests-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(Root);
    }

    /// <summary>The fixture run folder: results/ with two full JSON files, timelines/ with one timeline.</summary>
    public static string FixtureRun => Path.Combine(AppContext.BaseDirectory, "Fixtures", "run");

    public static string DefaultPoolJson => Path.Combine(FixtureRun, "results", "ConcurrencyBench.Benchmarks.DefaultPoolOffload-report-full.json");

    public static string StarvationJson => Path.Combine(FixtureRun, "results", "ConcurrencyBench.Benchmarks.PoolStarvation-report-full.json");

    public string Root { get; }

    public string PathOf(string name) => Path.Combine(Root, name);

    public string Write(string name, string text)
    {
        string path = PathOf(name);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, text);
        return path;
    }

    /// <summary>A copy of a fixture with every measured time multiplied by <paramref name="factor"/> and, optionally, another processor name.</summary>
    public string Scaled(string fixture, string name, double factor, string? processor = null)
    {
        JsonNode root = JsonNode.Parse(File.ReadAllText(fixture))!;
        foreach (JsonNode? benchmark in root["Benchmarks"]!.AsArray())
        {
            foreach (JsonNode? measurement in benchmark!["Measurements"]!.AsArray())
            {
                measurement!["Nanoseconds"] = measurement["Nanoseconds"]!.GetValue<double>() * factor;
            }
        }
        if (processor is not null)
        {
            root["HostEnvironmentInfo"]!["ProcessorName"] = processor;
        }
        return Write(name, root.ToJsonString());
    }

    /// <summary>Copies the fixture run (results, timelines) into <paramref name="to"/>.</summary>
    public static void CopyFixtureRun(string to)
    {
        foreach (string file in Directory.GetFiles(FixtureRun, "*", SearchOption.AllDirectories))
        {
            string target = Path.Combine(to, Path.GetRelativePath(FixtureRun, file));
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(file, target);
        }
    }

    /// <summary>Rewrites a full JSON file as if another SDK had built it: the same machine and runtime, another host.</summary>
    public static void SetSdk(string fullJson, string sdk)
    {
        JsonNode root = JsonNode.Parse(File.ReadAllText(fullJson))!;
        root["HostEnvironmentInfo"]!["DotNetCliVersion"] = sdk;
        File.WriteAllText(fullJson, root.ToJsonString());
    }

    public void Dispose()
    {
        if (Directory.Exists(Root))
        {
            Directory.Delete(Root, recursive: true);
        }
    }
}
