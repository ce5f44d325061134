using System.Globalization;
using System.Runtime.CompilerServices;

namespace ConcurrencyBench.Reporting;

/// <summary>
/// What every chart of one report says about where its figures come from, so that a chart pasted alone into a post
/// still names them: the run's profile (from <c>run-info.json</c>), and for the hosts a chart draws, the machine
/// (processor, logical cores, operating system) and the runtimes. Built once per <see cref="ResultSet"/>
/// (<see cref="Of(ResultSet)"/>); each chart adds what its own points and whiskers are.
/// </summary>
public sealed class ChartContext
{
    private static readonly ConditionalWeakTable<ResultSet, ChartContext> s_byResults = new();

    /// <summary>A context for the profiles given (the run manifests' profile names, in order).</summary>
    /// <param name="profiles">Profile names; empty when no input recorded one.</param>
    public ChartContext(IEnumerable<string> profiles)
    {
        ArgumentNullException.ThrowIfNull(profiles);
        Profiles = [.. profiles.Where(p => !string.IsNullOrWhiteSpace(p)).Distinct(StringComparer.Ordinal)];
    }

    /// <summary>The profiles of the runs charted (distinct, in input order); empty when no run manifest was found.</summary>
    public IReadOnlyList<string> Profiles { get; }

    /// <summary>"profile default", "profiles quick and default", or "profile not recorded" (no <c>run-info.json</c>).</summary>
    public string ProfileText => Profiles.Count switch
    {
        0 => "profile not recorded",
        1 => $"profile {Profiles[0]}",
        _ => $"profiles {string.Join(", ", Profiles.Take(Profiles.Count - 1))} and {Profiles[^1]}",
    };

    /// <summary>The context of a report's results, built once per result set.</summary>
    public static ChartContext Of(ResultSet results)
    {
        ArgumentNullException.ThrowIfNull(results);
        return s_byResults.GetValue(results, r => new ChartContext(r.Runs.Select(run => run.Profile)));
    }

    /// <summary>The context of several result sets charted together (a comparison's baseline and current run).</summary>
    public static ChartContext Of(IEnumerable<ResultSet> results)
    {
        ArgumentNullException.ThrowIfNull(results);
        return new ChartContext(results.SelectMany(r => Of(r).Profiles));
    }

    /// <summary>
    /// The first line of a chart's subtitle for the hosts it draws: "AMD EPYC, 2 logical cores, Linux · .NET 10.0.12
    /// (JIT), NativeAOT .NET 10.0.12, Python 3.11.7 · profile default"; where the hosts ran on several machines, each
    /// machine with its runtimes ("AMD EPYC, 2 logical cores, Linux: .NET 10.0.12 (JIT) · Intel Xeon ...: .NET 8.0.31 (JIT)").
    /// </summary>
    public string Describe(IEnumerable<HostInfo> hosts)
    {
        ArgumentNullException.ThrowIfNull(hosts);
        var shown = ChartPalette.InRuntimeOrder(hosts.Distinct()).ToList();
        var machines = shown.GroupBy(Machine, StringComparer.Ordinal).ToList();
        // One machine: it, then its runtimes; several (runs side by side): each machine with the runtimes it ran.
        IEnumerable<string> parts = machines.Count <= 1
            ? [.. machines.Select(m => m.Key), string.Join(", ", shown.Select(Runtime).Distinct(StringComparer.Ordinal))]
            : machines.Select(m => $"{m.Key}: {string.Join(", ", m.Select(Runtime).Distinct(StringComparer.Ordinal))}");
        return string.Join(" · ", parts.Append(ProfileText).Where(p => p.Length > 0));
    }

    /// <summary>"AMD EPYC, 2 logical cores, Linux": the machine a host ran on.</summary>
    public static string Machine(HostInfo host)
    {
        ArgumentNullException.ThrowIfNull(host);
        string os = host.Os.Split(' ', 2)[0];
        string cores = host.LogicalCores == 1 ? "1 logical core" : $"{host.LogicalCores.ToString("#,0", CultureInfo.InvariantCulture)} logical cores";
        return $"{host.Processor}, {cores}{(os.Length > 0 ? $", {os}" : "")}";
    }

    /// <summary>".NET 10.0.12 (JIT)", "NativeAOT .NET 10.0.12", "Python 3.11.7": a host's runtime, with its version.</summary>
    public static string Runtime(HostInfo host)
    {
        ArgumentNullException.ThrowIfNull(host);
        return (ChartPalette.RuntimeOf(host) == ChartRuntime.DotNetJit ? $"{host.RuntimeLabel} (JIT)" : host.RuntimeLabel) + host.Qualifier;
    }
}
