using System.Diagnostics.CodeAnalysis;

namespace ConcurrencyBench.Reporting.Tests;

/// <summary>
/// What a test does when a toolchain it needs is not on this machine (Python, Go, Debian's crates for tokio, Chromium,
/// an npm lockfile's packages). scripts/test.sh installs them first where it can (scripts/lib/toolchains.sh: root and
/// the package registries); where it could not, or where the tests run without it (plain <c>dotnet test</c>), the test
/// is reported as skipped with the reason. Under CI (<c>CI=true</c>) it fails instead: CI must run every test.
/// </summary>
internal static class Toolchains
{
    /// <summary>scripts/build-runner.sh's exit code when the runtime's toolchain is not on this machine.</summary>
    internal const int MissingToolchainExitCode = 3;

    /// <summary>True under CI: the environment variable CI is "true" (or "1"), as CI services and .ci/run's host set it.</summary>
    internal static bool UnderCi =>
        Environment.GetEnvironmentVariable("CI") is { } ci && (ci.Equals("true", StringComparison.OrdinalIgnoreCase) || ci == "1");

    /// <summary>
    /// Ends the test: skipped with <paramref name="missing"/> (what is not on this machine), or failed with it under CI.
    /// </summary>
    [DoesNotReturn]
    internal static void Absent(string missing) => Absent(missing, UnderCi);

    /// <summary><see cref="Absent(string)"/> with CI given rather than read from the environment.</summary>
    [DoesNotReturn]
    internal static void Absent(string missing, bool underCi)
    {
        string reason = $"{missing} (scripts/test.sh installs it where it can)";
        if (underCi)
        {
            Assert.Fail($"{reason}; under CI a test that cannot run fails instead of being skipped");
        }
        throw new SkipException(reason);
    }
}
