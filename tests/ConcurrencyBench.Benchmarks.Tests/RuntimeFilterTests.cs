using System.Reflection;
using System.Text.Json;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Exporters;
using BenchmarkDotNet.Filters;
using BenchmarkDotNet.Loggers;
using BenchmarkDotNet.Running;
using ConcurrencyBench.Reporting.Runtimes;

namespace ConcurrencyBench.Benchmarks.Tests;

/// <summary>
/// The other runtimes' case selection (<see cref="CaseFilter"/>, used by <c>cbench runtimes</c>) against BenchmarkDotNet's
/// own filters on the real .NET cases: a filtered run runs the same cases on every runtime as on .NET.
/// </summary>
[Collection(ProfileEnvironment.Name)]
public class RuntimeFilterTests
{
    [Fact]
    public void TheOrchestratorsCategoriesAreTheBenchmarkClassesOwn()
    {
        foreach ((string type, string category) in CaseFilter.Categories)
        {
            Type declared = typeof(AsyncDelays).Assembly.GetType($"ConcurrencyBench.Benchmarks.{type}") ?? throw new InvalidOperationException($"no benchmark class {type}");
            Assert.Equal([category], declared.GetCustomAttribute<BenchmarkCategoryAttribute>()!.Categories);
        }
    }

    public static TheoryData<string, string[], string[], string[]> Filters => new()
    {
        { "default", ["*"], [], [] },
        { "default", ["*TaskDelayWhenAll*"], [], [] },
        { "default", ["*taskdelaywhenall(n: 1000,*", "ConcurrencyBench.Benchmarks.BlockingCalls.Seq"], [], [] },
        { "default", ["*.BoundedExecutor(N: 100, K: ?4,*"], [], [] },
        { "default", [], ["Offload", "SharedState"], [] },
        { "default", [], [], ["Blocking"] },
        { "default", ["*N: 10,*"], ["AsyncDelays", "Blocking"], [] },
        { "quick", ["*"], [], [] },
        { "seed", ["*Sleep*"], [], [] },
        { "seed", [], ["Seed"], [] },
    };

    [Theory]
    [MemberData(nameof(Filters))]
    public void AFilterSelectsTheTwinsOfTheNetCasesBenchmarkDotNetSelects(string profileName, string[] globs, string[] any, string[] all)
    {
        BenchmarkProfile profile = BenchmarkProfile.Find(profileName)!;
        var filters = new List<IFilter>();
        if (globs.Length > 0)
        {
            filters.Add(new GlobFilter(globs));
        }
        if (any.Length > 0)
        {
            filters.Add(new AnyCategoriesFilter(any));
        }
        if (all.Length > 0)
        {
            filters.Add(new AllCategoriesFilter(all));
        }
        Dictionary<string, bool> net = NetCases(profile).ToDictionary(c => FullNameProvider.GetBenchmarkName(c), c => filters.All(f => f.Predicate(c)));
        ProfileGrid grid = ProfileGrid.Parse(JsonDocument.Parse(profile.Describe()).RootElement);
        var filter = new CaseFilter(globs, any, all);

        // Every twin with a .NET case of the profile: selected here exactly when BenchmarkDotNet selects its .NET case.
        var twins = CaseTable.Of(grid).Where(t => net.ContainsKey(t.FullName)).ToList();
        Assert.True(twins.Count >= 4, $"only {twins.Count} twins of {profileName} have a .NET case");
        Assert.All(twins, t => Assert.True(net[t.FullName] == filter.Selects(t), $"{t.FullName}: BenchmarkDotNet {(net[t.FullName] ? "selects" : "does not select")} it, the orchestrator {(filter.Selects(t) ? "does" : "does not")}"));
    }

    // The .NET cases of a profile (one job), through the real config.
    private static List<BenchmarkCase> NetCases(BenchmarkProfile profile)
    {
        string? before = Environment.GetEnvironmentVariable(BenchmarkProfile.EnvironmentVariable);
        Environment.SetEnvironmentVariable(BenchmarkProfile.EnvironmentVariable, profile.Name);
        try
        {
            IConfig config = BenchmarkConfig.Create(profile, Path.GetTempPath(), NullLogger.Instance, [BurstMode.Repeated], false);
            return [.. typeof(AsyncDelays).Assembly.GetTypes()
                .Where(t => t.IsPublic && !t.IsAbstract && t.GetMethods().Any(m => m.GetCustomAttributes(typeof(BenchmarkAttribute), false).Length > 0))
                .SelectMany(t => BenchmarkConverter.TypeToBenchmarks(t, config).BenchmarksCases)];
        }
        finally
        {
            Environment.SetEnvironmentVariable(BenchmarkProfile.EnvironmentVariable, before);
        }
    }
}
