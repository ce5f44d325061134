using System.CommandLine;
using BenchmarkDotNet.Loggers;
using BenchmarkDotNet.Reports;
using BenchmarkDotNet.Running;
using ConcurrencyBench.Benchmarks;

// Our one option (--profile) is parsed with System.CommandLine; every other token goes to BenchmarkDotNet's own
// command line (--filter, --list, --job, --exporters, --profiler, --artifacts, ...).
var profileOption = new Option<string>("--profile")
{
    Description = "quick (CI), default (report) or seed (the article's experiments)",
    DefaultValueFactory = _ => BenchmarkProfile.Default.Name,
};
var root = new RootCommand("ConcurrencyBench benchmarks; all other options are BenchmarkDotNet's") { profileOption };
root.TreatUnmatchedTokensAsErrors = false;
ParseResult parsed = root.Parse(args);
string profileName = parsed.GetValue(profileOption) ?? BenchmarkProfile.Default.Name;
BenchmarkProfile? profile = BenchmarkProfile.Find(profileName);
if (profile is null)
{
    Console.Error.WriteLine($"error: unknown profile '{profileName}' (expected one of: {string.Join(", ", BenchmarkProfile.All.Select(p => p.Name))})");
    return 2;
}
Environment.SetEnvironmentVariable(BenchmarkProfile.EnvironmentVariable, profile.Name);

// Each benchmark process writes its thread-pool timeline here as PID.json; ProcessStatsDiagnoser files it by case.
string inbox = Path.Combine(Path.GetTempPath(), $"concurrencybench-{Environment.ProcessId}");
Directory.CreateDirectory(inbox);
Environment.SetEnvironmentVariable(Harness.TimelineDirectoryVariable, inbox);

try
{
    var config = BenchmarkConfig.Create(profile, inbox, ConsoleLogger.Default);
    IEnumerable<Summary> summaries = BenchmarkSwitcher
        .FromAssembly(typeof(Program).Assembly)
        .Run([.. parsed.UnmatchedTokens], config);
    // Non-zero when any case failed, as dotnet/performance does, so scripts and CI notice.
    bool failed = summaries.Any(s => s.HasCriticalValidationErrors || s.Reports.Any(r => !r.Success));
    return failed ? 1 : 0;
}
finally
{
    Directory.Delete(inbox, recursive: true);
}
