using System.CommandLine;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Loggers;
using BenchmarkDotNet.Reports;
using BenchmarkDotNet.Running;
using ConcurrencyBench.Benchmarks;

// Our options (--profile, --bursts, --artifacts) are parsed with System.CommandLine; every other token goes to
// BenchmarkDotNet's own command line (--filter, --list, --exporters, --profiler, ...).
var profileOption = new Option<string>("--profile")
{
    Description = "quick (CI), default (report), seed (the article's experiments) or all-pending (10k, 100k and 1M sleeps all asleep at once)",
    DefaultValueFactory = _ => BenchmarkProfile.Default.Name,
};
var burstsOption = new Option<string>("--bursts")
{
    Description = "both (default): repeated bursts in one process, then cold bursts in fresh processes for the cases that depend on the pool's history; repeated; or cold",
    DefaultValueFactory = _ => "both",
};
burstsOption.AcceptOnlyFromAmong("both", "repeated", "cold");
var artifactsOption = new Option<string>("--artifacts")
{
    Description = "Results folder (BenchmarkDotNet's); cold bursts go to its cold/ subfolder",
    DefaultValueFactory = _ => Path.Combine(Directory.GetCurrentDirectory(), "BenchmarkDotNet.Artifacts"),
};
var runtimesOption = new Option<string>("--runtimes")
{
    Description = "dotnet (the JIT, default), nativeaot (the async-delay, offload and seed families compiled ahead of time), or both: dotnet,nativeaot",
    DefaultValueFactory = _ => "dotnet",
};
var describeOption = new Option<bool>("--describe")
{
    Description = "Print the profile's grid as JSON (what other runtimes' runners, such as scripts/python, run) and exit",
};
var root = new RootCommand("ConcurrencyBench benchmarks; all other options are BenchmarkDotNet's") { profileOption, burstsOption, artifactsOption, runtimesOption, describeOption };
root.TreatUnmatchedTokensAsErrors = false;
ParseResult parsed = root.Parse(args);
if (parsed.Errors.Count > 0)
{
    Console.Error.WriteLine($"error: {parsed.Errors[0].Message}");
    return 2;
}
string profileName = parsed.GetValue(profileOption) ?? BenchmarkProfile.Default.Name;
BenchmarkProfile? profile = BenchmarkProfile.Find(profileName);
if (profile is null)
{
    Console.Error.WriteLine($"error: unknown profile '{profileName}' (expected one of: {string.Join(", ", BenchmarkProfile.All.Select(p => p.Name))})");
    return 2;
}
if (parsed.GetValue(describeOption))
{
    Console.WriteLine(profile.Describe());
    return 0;
}
string[] runtimes = [.. parsed.GetValue(runtimesOption)!.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Distinct()];
if (runtimes.Length == 0 || runtimes.Any(r => r is not ("dotnet" or "nativeaot")))
{
    Console.Error.WriteLine($"error: --runtimes takes dotnet and/or nativeaot, comma-separated (python runs from scripts/run.sh), not '{parsed.GetValue(runtimesOption)}'");
    return 2;
}
string artifacts = Path.GetFullPath(parsed.GetValue(artifactsOption)!);
string bursts = parsed.GetValue(burstsOption)!;
string[] benchmarkArgs = [.. parsed.UnmatchedTokens];
Environment.SetEnvironmentVariable(BenchmarkProfile.EnvironmentVariable, profile.Name);

// Listing, help and version run once, repeated bursts only (the cold job would list every case again).
bool informational = benchmarkArgs.Any(a => a is "--list" or "--help" or "-h" or "-?" or "--info" or "--version");
var kinds = new List<BurstMode>();
if (bursts != "cold" || informational)
{
    kinds.Add(BurstMode.Repeated);
}
if (bursts != "repeated" && !informational)
{
    kinds.Add(BurstMode.Cold);
}
// One BenchmarkDotNet run per runtime, with a job per burst kind (one build each); the ahead-of-time run into a folder
// of its own (nativeaot/): timelines are filed by case name, which the two runtimes share. "dotnet" sorts before
// "nativeaot": the JIT's run first.
var passes = new List<(string Folder, bool NativeAot)>();
foreach (bool nativeAot in runtimes.Order(StringComparer.Ordinal).Select(r => r == "nativeaot"))
{
    passes.Add((nativeAot ? Path.Combine(artifacts, "nativeaot") : artifacts, nativeAot));
    if (informational)
    {
        break;
    }
}

// The chat cases' load generator: cbench.dll from the same repository and configuration (built with this project).
if (Environment.GetEnvironmentVariable(Harness.CbenchVariable) is not { Length: > 0 })
{
    for (DirectoryInfo? folder = new(AppContext.BaseDirectory); folder is not null; folder = folder.Parent)
    {
        if (File.Exists(Path.Combine(folder.FullName, "ConcurrencyBench.sln")))
        {
            Environment.SetEnvironmentVariable(Harness.CbenchVariable,
                Path.Combine(folder.FullName, "src", "ConcurrencyBench.Cli", "bin", "Release", "net10.0", "cbench.dll"));
            break;
        }
    }
}

// Each benchmark process writes its thread-pool timeline here as PID.json; ProcessStatsDiagnoser files it by case.
string inbox = Path.Combine(Path.GetTempPath(), $"concurrencybench-{Environment.ProcessId}");
Directory.CreateDirectory(inbox);
Environment.SetEnvironmentVariable(Harness.TimelineDirectoryVariable, inbox);
// An interrupted run (Ctrl+C, a CI job's SIGTERM) leaves no temporary folder behind either.
void RemoveInbox()
{
    try
    {
        if (Directory.Exists(inbox))
        {
            Directory.Delete(inbox, recursive: true);
        }
    }
    catch (IOException)
    {
        // Best effort: a benchmark process may still be writing its last timeline.
    }
}
Console.CancelKeyPress += (_, _) => RemoveInbox();
AppDomain.CurrentDomain.ProcessExit += (_, _) => RemoveInbox();
// SIGTERM to the process group (a CI job's timeout) ended the process without ProcessExit: remove the folder before the
// signal's default action ends it.
using var onTerm = System.Runtime.InteropServices.PosixSignalRegistration.Create(System.Runtime.InteropServices.PosixSignal.SIGTERM, _ => RemoveInbox());
using var onHangUp = System.Runtime.InteropServices.PosixSignalRegistration.Create(System.Runtime.InteropServices.PosixSignal.SIGHUP, _ => RemoveInbox());

try
{
    bool failed = false;
    for (int pass = 0; pass < passes.Count; pass++)
    {
        (string folder, bool nativeAot) = passes[pass];
        ManualConfig config = BenchmarkConfig.Create(profile, inbox, ConsoleLogger.Default, kinds, nativeAot);
        config.ArtifactsPath = folder;
        List<Summary> summaries = [.. BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(benchmarkArgs, config)];
        // Fail closed: the first run running nothing is a filter that matches nothing or an option BenchmarkDotNet
        // refused (it says which above), never a success.
        if (!informational && pass == 0 && !summaries.Any(s => s.Reports.Any()))
        {
            Console.Error.WriteLine("error: no benchmark ran: the filter matches no case of this profile, or BenchmarkDotNet refused an option (see its message above)");
            return 2;
        }
        // A NativeAOT build that failed (no native linker, say) is named, as a missing Python is: on stderr and in the
        // report's "runtime missing from this run" line.
        if (nativeAot && !informational && RuntimeNotes.NativeAotBuild(summaries) is string note)
        {
            RuntimeNotes.Record(artifacts, note);
        }
        // Non-zero when any case failed, as dotnet/performance does, so scripts and CI notice.
        failed |= summaries.Any(s => s.HasCriticalValidationErrors || s.Reports.Any(r => !r.Success));
    }
    return failed ? 1 : 0;
}
finally
{
    RemoveInbox();
}
