using System.Globalization;
using System.Text.Json;

namespace ConcurrencyBench.Reporting.Runtimes;

/// <summary>How a machine size is made.</summary>
public enum SizeKind
{
    /// <summary>Real cores: the process pinned to that many of the machine's (affinity, <c>taskset</c>); all of them is the machine as it is.</summary>
    RealCores,

    /// <summary>A CPU quota: the CFS quota a container limit sets (cgroup v1 <c>cpu.cfs_quota_us</c> over a 100 ms period), on every core.</summary>
    Quota,

    /// <summary>A configured processor count: each runtime told it has that many cores (<see cref="RuntimeRow.ProcessorVariables"/>), on the real ones.</summary>
    Configured,
}

/// <summary>One size of the machine-size sweep.</summary>
/// <param name="Kind">How it is made.</param>
/// <param name="Cpus">Real cores, the quota in CPUs, or the configured processor count.</param>
public sealed record MachineSize(SizeKind Kind, double Cpus)
{
    /// <summary>The CPUs as a label writes them: "1", "0.5", "16".</summary>
    public string CpusText => Cpus.ToString("0.##", CultureInfo.InvariantCulture);

    /// <summary>Its folder's name and its id on the command line: "cores-1", "quota-0.5", "configured-16".</summary>
    public string Id => Kind switch
    {
        SizeKind.RealCores => "cores-",
        SizeKind.Quota => "quota-",
        _ => "configured-",
    } + Cpus.ToString(CultureInfo.InvariantCulture);

    /// <summary>
    /// Its name in a chart or table, which never calls a configured count a machine of that size: "1 real core",
    /// "quota 0.5 CPU", "configured as 16 cores on 2 real cores".
    /// </summary>
    public string Label(int realCores) => Kind switch
    {
        SizeKind.RealCores => Cpus == 1 ? "1 real core" : $"{CpusText} real cores",
        SizeKind.Quota => $"quota {CpusText} CPU",
        _ => $"configured as {CpusText} cores on {realCores} real cores",
    };

    /// <summary>The CPU time the size gives per second of wall time: the cores, the quota, or the real cores (a configured count adds none).</summary>
    public double CpuBudget(int realCores) => Kind == SizeKind.Configured ? realCores : Cpus;

    /// <summary>
    /// The sweep on a machine of <paramref name="realCores"/> cores: 1 real core and all of them, quotas of 0.5, 1 and
    /// 1.5 CPUs, configured as 4, 16 and 64 cores (issue "Machine size and container limits").
    /// </summary>
    public static IReadOnlyList<MachineSize> Sweep(int realCores) =>
    [
        new(SizeKind.Quota, 0.5),
        new(SizeKind.Quota, 1),
        new(SizeKind.RealCores, 1),
        new(SizeKind.Quota, 1.5),
        new(SizeKind.RealCores, Math.Max(1, realCores)),
        new(SizeKind.Configured, 4),
        new(SizeKind.Configured, 16),
        new(SizeKind.Configured, 64),
    ];

    /// <summary>Reads an id ("cores-1", "quota-0.5", "configured-16").</summary>
    /// <exception cref="ResultsFormatException">It is none (the message names it and the forms).</exception>
    public static MachineSize Parse(string id)
    {
        ArgumentNullException.ThrowIfNull(id);
        int dash = id.LastIndexOf('-');
        SizeKind? kind = dash <= 0 ? null : id[..dash] switch
        {
            "cores" => SizeKind.RealCores,
            "quota" => SizeKind.Quota,
            "configured" => SizeKind.Configured,
            _ => null,
        };
        if (kind is not SizeKind k || !double.TryParse(id[(dash + 1)..], NumberStyles.Float, CultureInfo.InvariantCulture, out double cpus)
            || !double.IsFinite(cpus) || cpus <= 0 || (k != SizeKind.Quota && cpus != Math.Floor(cpus)) || cpus > 1024)
        {
            throw new ResultsFormatException($"'{id}' is not a machine size (cores-N, quota-C or configured-N: N a whole number from 1 to 1024, C a positive number of CPUs)");
        }
        return new MachineSize(k, cpus);
    }
}

/// <summary>
/// What a size needs of the machine, and the one line that says why a size cannot be set here: pinning needs taskset
/// and as many cores as asked; a quota needs cgroup v1's cpu controller, writable (root); a configured count needs
/// nothing.
/// </summary>
/// <param name="CgroupRoot">The cgroup v1 cpu controller's folder (<c>/sys/fs/cgroup/cpu</c>).</param>
/// <param name="RealCores">The cores this process may run on.</param>
/// <param name="HasTaskset">Whether <c>taskset</c> is on PATH.</param>
public sealed record SizeMachine(string CgroupRoot, int RealCores, bool HasTaskset)
{
    /// <summary>The cgroup v1 cpu controller's usual place.</summary>
    public const string DefaultCgroupRoot = "/sys/fs/cgroup/cpu";

    /// <summary>The prefix of every cgroup the sweep creates: one found at the start with no process in it is a run's leftover, removed.</summary>
    public const string CgroupPrefix = "concurrencybench-";

    /// <summary>This machine.</summary>
    public static SizeMachine Here(string? cgroupRoot = null) => new(
        cgroupRoot ?? DefaultCgroupRoot,
        Environment.ProcessorCount,
        (Environment.GetEnvironmentVariable("PATH") ?? "").Split(':', StringSplitOptions.RemoveEmptyEntries).Any(d => File.Exists(Path.Combine(d, "taskset"))));

    /// <summary>Why <paramref name="size"/> cannot be set here (one line), or null.</summary>
    public string? CannotSet(MachineSize size)
    {
        ArgumentNullException.ThrowIfNull(size);
        return size.Kind switch
        {
            SizeKind.RealCores when size.Cpus > RealCores => $"{size.Id}: this machine lets the run use {RealCores} cores, not {size.CpusText}",
            SizeKind.RealCores when size.Cpus < RealCores && !HasTaskset => $"{size.Id}: taskset is not on PATH (util-linux), so no process can be pinned to {size.CpusText} core(s)",
            SizeKind.Quota when !File.Exists(Path.Combine(CgroupRoot, "cpu.cfs_quota_us")) => $"{size.Id}: no cgroup v1 cpu controller at {CgroupRoot} (cgroup v2 only, or not mounted), so no CPU quota can be set",
            SizeKind.Quota when !CanCreateIn(CgroupRoot) => $"{size.Id}: {CgroupRoot} is not writable here (a CPU quota needs root), so no CPU quota can be set",
            _ => null,
        };
    }

    private static bool CanCreateIn(string folder)
    {
        string probe = Path.Combine(folder, $"{CgroupPrefix}probe-{Environment.ProcessId}");
        try
        {
            Directory.CreateDirectory(probe);
            Directory.Delete(probe);
            return true;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return false;
        }
    }
}

/// <summary>
/// A size set up for a run: the launch its runner processes start with (taskset's prefix, a cgroup's entry, the
/// configured count's variables) and, for a quota, the cgroup it created, removed on <see cref="Dispose"/> (after the
/// run, and after an interrupt: the orchestrator has killed its children by then).
/// </summary>
public sealed class SizeSetup : IDisposable
{
    private const int PeriodMicroseconds = 100_000;

    private readonly IDisposable? _atForcedEnd;

    private SizeSetup(MachineSize size, ProcessLaunch launch, string? cgroup)
    {
        Size = size;
        Launch = launch;
        Cgroup = cgroup;
        // An interrupt that ends the process before the run has removed the cgroup kills what is in it and removes it.
        _atForcedEnd = cgroup is null ? null : Interruption.AtForcedEnd(() => Empty(cgroup));
    }

    /// <summary>The size.</summary>
    public MachineSize Size { get; }

    /// <summary>How its runner processes start.</summary>
    public ProcessLaunch Launch { get; }

    /// <summary>The cgroup it created (a quota's), or null.</summary>
    public string? Cgroup { get; }

    /// <summary>Sets <paramref name="size"/> up on <paramref name="machine"/> (check <see cref="SizeMachine.CannotSet"/> first).</summary>
    /// <param name="size">The size.</param>
    /// <param name="machine">The machine.</param>
    /// <param name="runtimes">The runtimes the size is for: a configured count sets each one's <see cref="RuntimeRow.ProcessorVariables"/>.</param>
    /// <exception cref="IOException">The cgroup could not be created or written (the message names it).</exception>
    public static SizeSetup Create(MachineSize size, SizeMachine machine, IEnumerable<RuntimeRow> runtimes)
    {
        ArgumentNullException.ThrowIfNull(size);
        ArgumentNullException.ThrowIfNull(machine);
        ArgumentNullException.ThrowIfNull(runtimes);
        switch (size.Kind)
        {
            case SizeKind.RealCores when size.Cpus < machine.RealCores:
                // The first n cores of those this process may use.
                return new(size, new(["taskset", "-c", $"0-{(int)size.Cpus - 1}"], new Dictionary<string, string>()), null);
            case SizeKind.Quota:
                string cgroup = Path.Combine(machine.CgroupRoot, $"{SizeMachine.CgroupPrefix}{Environment.ProcessId}-{size.Id}");
                Directory.CreateDirectory(cgroup);
                try
                {
                    File.WriteAllText(Path.Combine(cgroup, "cpu.cfs_period_us"), PeriodMicroseconds.ToString(CultureInfo.InvariantCulture));
                    File.WriteAllText(Path.Combine(cgroup, "cpu.cfs_quota_us"), ((long)Math.Round(size.Cpus * PeriodMicroseconds)).ToString(CultureInfo.InvariantCulture));
                }
                catch (Exception e) when (e is IOException or UnauthorizedAccessException)
                {
                    Remove(cgroup);
                    throw new IOException($"{size.Id}: could not set the quota in {cgroup}: {e.Message}", e);
                }
                // The child enters the cgroup before it execs the runner, so that everything it starts is inside.
                return new(size, new(["sh", "-c", $"echo $$ > '{Path.Combine(cgroup, "cgroup.procs")}' && exec \"$@\"", "sh"], new Dictionary<string, string>()), cgroup);
            case SizeKind.Configured:
                string count = ((int)size.Cpus).ToString(CultureInfo.InvariantCulture);
                var variables = runtimes.SelectMany(r => r.ProcessorVariables).Distinct(StringComparer.Ordinal).ToDictionary(v => v, _ => count, StringComparer.Ordinal);
                return new(size, new([], variables), null);
            default:
                return new(size, ProcessLaunch.Plain, null);
        }
    }

    /// <summary>Removes the cgroup it created, if any.</summary>
    public void Dispose()
    {
        _atForcedEnd?.Dispose();
        if (Cgroup is not null)
        {
            Empty(Cgroup);
        }
    }

    // Kills every process still in the cgroup (a runner's child the orchestrator did not reach), then removes it.
    private static void Empty(string cgroup)
    {
        string procs = Path.Combine(cgroup, "cgroup.procs");
        try
        {
            foreach (string line in File.Exists(procs) ? File.ReadAllLines(procs) : [])
            {
                if (int.TryParse(line, NumberStyles.None, CultureInfo.InvariantCulture, out int pid))
                {
                    _ = Kill(pid, 9);
                }
            }
        }
        catch (IOException)
        {
            // Gone meanwhile.
        }
        Remove(cgroup);
    }

    /// <summary>
    /// Removes a cgroup folder (rmdir; its files are the kernel's), retrying for up to 5 s while the processes killed in
    /// it are reaped. False when it is still there.
    /// </summary>
    public static bool Remove(string cgroup)
    {
        ArgumentNullException.ThrowIfNull(cgroup);
        for (int attempt = 0; attempt < 50; attempt++)
        {
            if (!Directory.Exists(cgroup))
            {
                return true;
            }
            try
            {
                // A cgroup folder is removed with rmdir(2) whatever the files the kernel shows in it.
                if (Rmdir(cgroup) == 0)
                {
                    return true;
                }
            }
            catch (DllNotFoundException)
            {
                Directory.Delete(cgroup, recursive: false);
                return true;
            }
            Thread.Sleep(100);
        }
        return !Directory.Exists(cgroup);
    }

    /// <summary>
    /// Removes the sweep's cgroups under <paramref name="root"/> that no process is in (a run killed before it could
    /// remove its own); returns the ones removed.
    /// </summary>
    public static IReadOnlyList<string> RemoveLeftovers(string root)
    {
        ArgumentNullException.ThrowIfNull(root);
        var removed = new List<string>();
        if (!Directory.Exists(root))
        {
            return removed;
        }
        foreach (string folder in Directory.EnumerateDirectories(root, SizeMachine.CgroupPrefix + "*"))
        {
            string procs = Path.Combine(folder, "cgroup.procs");
            bool empty;
            try
            {
                empty = !File.Exists(procs) || File.ReadAllText(procs).Trim().Length == 0;
            }
            catch (IOException)
            {
                continue;
            }
            if (empty && Remove(folder))
            {
                removed.Add(folder);
            }
        }
        return removed;
    }

    [System.Runtime.InteropServices.DllImport("libc", EntryPoint = "kill", SetLastError = true)]
    [System.Runtime.InteropServices.DefaultDllImportSearchPaths(System.Runtime.InteropServices.DllImportSearchPath.SafeDirectories)]
    private static extern int Kill(int pid, int signal);

    [System.Runtime.InteropServices.DllImport("libc", EntryPoint = "rmdir", SetLastError = true, CharSet = System.Runtime.InteropServices.CharSet.Ansi, BestFitMapping = false, ThrowOnUnmappableChar = true)]
    [System.Runtime.InteropServices.DefaultDllImportSearchPaths(System.Runtime.InteropServices.DllImportSearchPath.SafeDirectories)]
    private static extern int Rmdir(string path);
}

/// <summary>What one runtime saw at one size (its <c>--describe</c> under the size's launch).</summary>
/// <param name="Runtime">The runtime's id.</param>
/// <param name="Processors">The processors it sized itself by.</param>
/// <param name="DefaultPoolThreads">Its default pool's most threads at once.</param>
/// <param name="DefaultPoolMinimum">Its default pool's starting threads, where it grows past them (.NET).</param>
/// <param name="Detail">The runtime's detail line (versions, GOMAXPROCS, ...).</param>
public sealed record SizeSeen(string Runtime, int? Processors, int DefaultPoolThreads, int? DefaultPoolMinimum, string Detail)
{
    /// <summary>What <paramref name="description"/> says.</summary>
    public static SizeSeen Of(string runtime, RunnerDescription description)
    {
        ArgumentNullException.ThrowIfNull(description);
        using JsonDocument info = JsonDocument.Parse(description.RuntimeJson);
        string detail = info.RootElement.TryGetProperty("detail", out JsonElement d) && d.ValueKind == JsonValueKind.String ? d.GetString()! : "";
        return new(runtime, description.Processors, description.DefaultPoolThreads, description.DefaultPoolMinimum, detail);
    }
}
