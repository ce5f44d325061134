using System.CommandLine;
using ConcurrencyBench.Reporting;
using ConcurrencyBench.Reporting.Runtimes;

namespace ConcurrencyBench.Cli;

/// <summary>
/// <c>cbench runtimes --grid DIR/profile-grid.json --runtimes python,node,go,rust --out DIR/runtimes</c>: the other
/// runtimes' twins of the .NET cases, through their runners (<see cref="Orchestrator"/>; docs/runtimes.md). Exit codes:
/// 0 every case ran; 1 a case failed or a runner did not build (the other cases are kept); 2 bad input (one line, nothing
/// run or overwritten); 3 nothing ran (every runtime absent or without a case the filter selects); 130/143 interrupted
/// (every case that finished is kept).
/// </summary>
public static class RuntimesCommand
{
    /// <summary>The command.</summary>
    public static Command Build(TextWriter output, TextWriter error)
    {
        var grid = new Option<string>("--grid") { Description = "The profile's grid, as ConcurrencyBench.Benchmarks --profile P --describe writes it (profile-grid.json).", Required = true };
        var runtimes = new Option<string>("--runtimes") { Description = $"Comma-separated runtimes, run in this order: {RuntimeTable.Ids}.", Required = true };
        var outOption = new Option<string>("--out", "-o") { Description = "Folder for <runtime>.json and absent.txt (created where missing; an existing results file is refused).", Required = true };
        var filter = new Option<string[]>("--filter", "-f")
        {
            Description = "BenchmarkDotNet's --filter: glob patterns ('*', '?') on the .NET twin's full name; the same cases on every runtime.",
            AllowMultipleArgumentsPerToken = true,
        };
        var anyCategories = new Option<string[]>("--any-categories", "--anyCategories")
        {
            Description = "Run only the cases of any of these benchmark categories (AsyncDelays, Offload, Blocking, Seed).",
            AllowMultipleArgumentsPerToken = true,
        };
        var allCategories = new Option<string[]>("--all-categories", "--allCategories")
        {
            Description = "Run only the cases of all of these benchmark categories.",
            AllowMultipleArgumentsPerToken = true,
        };
        var budget = new Option<double?>("--budget") { Description = "Seconds per case and burst kind past which no more bursts (or cold processes) start; default: the profile's budgetSeconds, else the runtime's (2 s). At least 2 repeated and 1 cold always run." };
        budget.Validators.Add(r =>
        {
            if (r.GetValueOrDefault<double?>() is double b && !(double.IsFinite(b) && b > 0))
            {
                r.AddError("--budget must be a positive number of seconds");
            }
        });
        var repository = new Option<string?>("--repository") { Description = "The repository whose scripts/build-runner.sh builds the runners (default: the one above the current folder)." };
        var runners = new Option<string[]>("--runner")
        {
            Description = "RUNTIME=PROGRAM: use this runner for RUNTIME instead of building it (a runner tried by hand).",
        };
        var command = new Command("runtimes", "Run the other runtimes' twins of the .NET cases through their runners (protocol concurrencybench-runner/1): the same cases, budget, priming, timeouts and checks on every runtime; writes <out>/<runtime>.json.")
        {
            grid, runtimes, outOption, filter, anyCategories, allCategories, budget, repository, runners,
        };
        command.SetAction(parse =>
        {
            Dictionary<string, string> given = Runners(parse.GetValue(runners));
            string root = parse.GetValue(repository) is string r ? Path.GetFullPath(r) : FindRepository();
            if (!File.Exists(Path.Combine(root, "scripts", "build-runner.sh")))
            {
                throw ResultsFormatException.For(root, "no scripts/build-runner.sh there (--repository names the repository's root)");
            }
            var options = new OrchestratorOptions(
                Path.GetFullPath(parse.GetValue(grid)!),
                [.. parse.GetValue(runtimes)!.Split(',', StringSplitOptions.TrimEntries)],
                Path.GetFullPath(parse.GetValue(outOption)!),
                new CaseFilter(parse.GetValue(filter) ?? [], parse.GetValue(anyCategories) ?? [], parse.GetValue(allCategories) ?? []),
                parse.GetValue(budget),
                root,
                given);
            return new Orchestrator(options, output, error).Run();
        });
        return command;
    }

    /// <summary>
    /// <c>cbench sizes --grid DIR/profile-grid.json --out DIR</c>: the machine-size sweep (<see cref="SizeSweep"/>).
    /// Exit codes as <c>cbench runtimes</c>'s: 0 every size and case ran; 1 a case or runner failed (the rest kept); 2 bad
    /// input; 3 nothing ran; 130/143 interrupted (the sizes that finished kept, the running size's cgroup removed).
    /// </summary>
    public static Command BuildSizes(TextWriter output, TextWriter error)
    {
        var grid = new Option<string>("--grid") { Description = "The sweep's grid: ConcurrencyBench.Benchmarks --profile sizes --describe.", Required = true };
        var runtimes = new Option<string>("--runtimes") { Description = $"Comma-separated runtimes, each size running them in this order: {RuntimeTable.Ids} (default: all).", DefaultValueFactory = _ => string.Join(',', RuntimeTable.All.Select(r => r.Id)) };
        var outOption = new Option<string>("--out", "-o") { Description = "Folder for sizes.json and a folder per size (an existing sweep is refused).", Required = true };
        var sizes = new Option<string>("--sizes") { Description = "Comma-separated sizes: cores-N (pinned to N real cores), quota-C (a CPU quota of C CPUs), configured-N (each runtime told it has N cores). Default: quota-0.5, quota-1, cores-1, quota-1.5, cores-<all>, configured-4, configured-16, configured-64." };
        var filter = new Option<string[]>("--filter", "-f") { Description = "BenchmarkDotNet's --filter on the .NET twin's full name; the same cases on every runtime.", AllowMultipleArgumentsPerToken = true };
        var anyCategories = new Option<string[]>("--any-categories", "--anyCategories") { Description = "Run only the cases of any of these benchmark categories.", AllowMultipleArgumentsPerToken = true };
        var allCategories = new Option<string[]>("--all-categories", "--allCategories") { Description = "Run only the cases of all of these benchmark categories.", AllowMultipleArgumentsPerToken = true };
        var cgroupRoot = new Option<string>("--cgroup-root") { Description = $"The cgroup v1 cpu controller in which a quota's cgroup is created (default {SizeMachine.DefaultCgroupRoot}).", DefaultValueFactory = _ => SizeMachine.DefaultCgroupRoot };
        var repository = new Option<string?>("--repository") { Description = "The repository whose scripts/build-runner.sh builds the runners (default: the one above the current folder)." };
        var runners = new Option<string[]>("--runner") { Description = "RUNTIME=PROGRAM: use this runner for RUNTIME instead of building it." };
        var command = new Command("sizes", "The machine-size sweep: every runtime's cases at each size (real cores, CPU quotas, configured processor counts), through their runners; writes <out>/sizes.json and <out>/<size>/.")
        {
            grid, runtimes, outOption, sizes, filter, anyCategories, allCategories, cgroupRoot, repository, runners,
        };
        command.SetAction(parse =>
        {
            var machine = SizeMachine.Here(parse.GetValue(cgroupRoot));
            IReadOnlyList<MachineSize> asked = parse.GetValue(sizes) is string list
                ? [.. list.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries).Select(MachineSize.Parse)]
                : MachineSize.Sweep(machine.RealCores);
            string root = parse.GetValue(repository) is string r ? Path.GetFullPath(r) : FindRepository();
            var options = new SizeSweepOptions(
                Path.GetFullPath(parse.GetValue(grid)!),
                [.. parse.GetValue(runtimes)!.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)],
                Path.GetFullPath(parse.GetValue(outOption)!),
                asked,
                new CaseFilter(parse.GetValue(filter) ?? [], parse.GetValue(anyCategories) ?? [], parse.GetValue(allCategories) ?? []),
                root,
                Runners(parse.GetValue(runners)),
                machine,
                ThisCbench());
            return new SizeSweep(options, output, error).Run();
        });
        return command;
    }

    // This program, to start the chat server and its load at each size: through the same dotnet as this process, or
    // itself where it is its own host (the apphost).
    private static string[] ThisCbench()
    {
        string host = Environment.ProcessPath ?? "dotnet";
        return Path.GetFileNameWithoutExtension(host).Equals("dotnet", StringComparison.OrdinalIgnoreCase)
            ? [host, typeof(RuntimesCommand).Assembly.Location]
            : [host];
    }

    // --runner RUNTIME=PROGRAM, each program an existing file.
    private static Dictionary<string, string> Runners(string[]? given)
    {
        var runners = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (string runner in given ?? [])
        {
            int equals = runner.IndexOf('=', StringComparison.Ordinal);
            if (equals <= 0 || equals == runner.Length - 1)
            {
                throw new ResultsFormatException($"--runner '{runner}' is not RUNTIME=PROGRAM");
            }
            string program = Path.GetFullPath(runner[(equals + 1)..]);
            if (!File.Exists(program))
            {
                throw ResultsFormatException.For(program, "no such runner (--runner)");
            }
            runners[runner[..equals]] = program;
        }
        return runners;
    }

    // The repository above the current folder (scripts/run.sh runs from its root), else above this program.
    private static string FindRepository()
    {
        foreach (string start in new[] { Environment.CurrentDirectory, AppContext.BaseDirectory })
        {
            for (var folder = new DirectoryInfo(start); folder is not null; folder = folder.Parent)
            {
                if (File.Exists(Path.Combine(folder.FullName, "scripts", "build-runner.sh")))
                {
                    return folder.FullName;
                }
            }
        }
        throw new ResultsFormatException("no scripts/build-runner.sh above the current folder or this program: pass --repository");
    }
}
