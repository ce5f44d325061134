using System.Text.Json.Nodes;
using ConcurrencyBench.Cli;

namespace ConcurrencyBench.Reporting.Tests;

/// <summary><c>cbench replicate</c>: runs of one profile side by side, on runs whose relation is known by construction.</summary>
public sealed class ReplicationTests : IDisposable
{
    private readonly TestFiles _files = new();

    public void Dispose() => _files.Dispose();

    private static (int Code, string Output, string Error) Run(params string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        int code = CommandLine.Run(args, output, error);
        return (code, output.ToString(), error.ToString());
    }

    // The fixture run copied into a folder with its manifest, every measured time multiplied by factor.
    private string RunOf(string name, double factor, string profile = "quick")
    {
        string folder = _files.PathOf(name);
        TestFiles.CopyFixtureRun(folder);
        foreach (string json in Directory.GetFiles(Path.Combine(folder, "results"), "*-report-full.json"))
        {
            JsonNode root = JsonNode.Parse(File.ReadAllText(json))!;
            foreach (JsonNode? benchmark in root["Benchmarks"]!.AsArray())
            {
                foreach (JsonNode? measurement in benchmark!["Measurements"]!.AsArray())
                {
                    measurement!["Nanoseconds"] = measurement["Nanoseconds"]!.GetValue<double>() * factor;
                }
            }
            File.WriteAllText(json, root.ToJsonString());
        }
        File.WriteAllText(Path.Combine(folder, "run-info.json"), new JsonObject
        {
            ["profile"] = profile,
            ["command"] = $"scripts/run.sh --profile {profile}",
            ["startedUtc"] = "2026-12-01T04:58:57Z",
            ["durationSeconds"] = 60.0,
            ["commit"] = "0123abcd",
            ["exitCode"] = 0,
            ["complete"] = true,
        }.ToJsonString());
        return folder;
    }

    [Fact]
    public void ARunBesideAnExactCopyAgreesInEveryCaseWithNoSpread()
    {
        string a = RunOf("a", 1), b = RunOf("b", 1);

        Replication replication = Replication.Of([ResultsReader.Read([a]), ResultsReader.Read([b])], [a, b]);

        Assert.NotEmpty(replication.Cases);
        Assert.All(replication.Cases, c => Assert.Equal(1.0, c.Spread, 12));
        Assert.Contains(replication.Cases, c => c.HasIntervals);
        Assert.All(replication.Cases.Where(c => c.HasIntervals), c =>
        {
            Assert.True(c.Agrees);
            Assert.True(c.Overlap);
        });
        Assert.All(replication.Families, f => Assert.Equal(f.WithIntervals, f.Agreeing));
    }

    [Fact]
    public void ARunWhoseEveryTimeIsHalfAgainAsLongMovesEveryMedianByThatAndIsCoveredOnlyWhereAnIntervalIsThatWide()
    {
        string a = RunOf("a", 1), b = RunOf("b", 1.5);

        Replication replication = Replication.Of([ResultsReader.Read([a]), ResultsReader.Read([b])], [a, b]);

        Assert.All(replication.Cases, c => Assert.Equal(1.5, c.Spread, 9));
        // b's median is inside a's interval only where a's upper bound reaches 1.5 times a's median, and the other way.
        Assert.All(replication.Cases.Where(c => c.HasIntervals), c =>
        {
            int expected = (c.Medians[1] <= c.Intervals[0].Upper ? 1 : 0) + (c.Medians[0] >= c.Intervals[1].Lower ? 1 : 0);
            Assert.Equal((expected, 2), c.Covered);
        });
        string csv = replication.ToCsv();
        Assert.Equal(replication.Cases.Count + 1, csv.TrimEnd('\n').Split('\n').Length);
        Assert.StartsWith("case,family,kind,run1_median_ns,run1_lower_ns,run1_upper_ns,run2_median_ns,", csv, StringComparison.Ordinal);
        Assert.Contains("1.50×", replication.ToMarkdown(), StringComparison.Ordinal);
        Assert.Contains("**within that run**", replication.ToMarkdown(), StringComparison.Ordinal);
    }

    [Fact]
    public void TheCommandWritesTheSectionAndTheCsvAndRefusesWhatCannotBeCompared()
    {
        string a = RunOf("a", 1), b = RunOf("b", 1.2), seed = RunOf("seed", 1, profile: "seed");
        string outFolder = _files.PathOf("replication");

        var (code, output, error) = Run("replicate", a, b, "--out", outFolder);
        Assert.True(code == CommandLine.Ok, error);
        Assert.Contains("replication: ", output, StringComparison.Ordinal);
        Assert.Contains("1.20×", File.ReadAllText(Path.Combine(outFolder, "replication.md")), StringComparison.Ordinal);
        Assert.True(File.Exists(Path.Combine(outFolder, "replication.csv")));

        foreach (string[] bad in new[] { new[] { "replicate", a }, ["replicate", a, a], ["replicate", a, seed], ["replicate", a, _files.PathOf("missing")] })
        {
            string kept = File.ReadAllText(Path.Combine(outFolder, "replication.md"));
            var (refused, stdout, why) = Run([.. bad, "--out", outFolder]);
            Assert.Equal(CommandLine.BadInput, refused);
            Assert.Single(why.TrimEnd('\n').Split('\n'));
            Assert.StartsWith("error: ", why, StringComparison.Ordinal);
            Assert.Equal("", stdout);
            Assert.Equal(kept, File.ReadAllText(Path.Combine(outFolder, "replication.md")));
        }
    }
}
