using BenchmarkDotNet.Running;
using BenchmarkDotNet.Toolchains;
using BenchmarkDotNet.Toolchains.NativeAot;

namespace ConcurrencyBench.Benchmarks;

/// <summary>
/// The NativeAOT job's toolchain and scope. BenchmarkDotNet's own NativeAOT toolchains add a NuGet feed of the .NET
/// team's daily builds to the generated project; where that feed cannot be reached, restore fails (NU1301). This one
/// references no ILCompiler package (the SDK's PublishAot brings the one matching the runtime) and writes no feed of
/// its own, so the generated project restores from the same sources as the rest of the build.
/// </summary>
public static class NativeAot
{
    /// <summary>The families that also run compiled ahead of time: the ones whose cost per job the runtimes are compared on.</summary>
    public static IReadOnlyList<string> Categories { get; } = [Benchmarks.Categories.AsyncDelays, Benchmarks.Categories.Offload, Benchmarks.Categories.Seed];

    /// <summary>The toolchain for the running .NET (net10.0; net8.0 when the benchmarks were built for it).</summary>
    public static IToolchain Toolchain { get; } = SameSourcesBuilder.Create(
#if NET10_0_OR_GREATER
        "net10.0"
#else
        "net8.0"
#endif
    );

    /// <summary>True when <paramref name="benchmarkCase"/> belongs to a family that runs compiled ahead of time.</summary>
    public static bool Applies(BenchmarkCase benchmarkCase)
    {
        ArgumentNullException.ThrowIfNull(benchmarkCase);
        // The raised minimum is the JIT job's to show: ahead of time it is the same pool (the run of 26 November put it
        // within 5% of the JIT's at every N and k it had both) and its cold-only cases cost the run minutes.
        return benchmarkCase.Descriptor.Categories.Any(c => Categories.Contains(c))
            && benchmarkCase.Descriptor.WorkloadMethod.Name != nameof(MaxWorkersOffload.RaisedMinThreads);
    }

    private sealed class SameSourcesBuilder : NativeAotToolchainBuilder
    {
        public static IToolchain Create(string targetFramework)
        {
            var builder = new SameSourcesBuilder();
            // An empty version: no ILCompiler package reference (PublishAot brings the SDK's own).
            builder.UseNuGet(microsoftDotNetILCompilerVersion: "", nuGetFeedUrl: "unused");
            // ... and no feed: without one BenchmarkDotNet writes no NuGet.config, and restore uses the build's sources.
            builder.Feeds.Clear();
            builder.DisplayName("NativeAOT (SDK ILCompiler, the build's package sources)");
            builder.TargetFrameworkMoniker(targetFramework);
            return builder.ToToolchain();
        }
    }
}
