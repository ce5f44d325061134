using System.Globalization;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace ConcurrencyBench.Reporting.Tests;

/// <summary>
/// A test run started with SIGINT ignored (<c>nohup … &amp;</c>, or a background job of a non-interactive shell) passes
/// that disposition on to every process it starts, and a program that honours an ignored SIGINT, as .NET does, cannot
/// be interrupted by it: the interrupt tests would then fail for their environment, not for the code (a full run
/// started that way failed three of them). The test process restores SIGINT's default before any test starts a child,
/// and its children inherit that.
/// </summary>
internal static class SignalDisposition
{
    private const int Interrupt = 2;

    [ModuleInitializer]
    internal static void RestoreInterrupt()
    {
        if (OperatingSystem.IsLinux() && IsIgnored(Interrupt))
        {
            Signal(Interrupt, IntPtr.Zero); // SIG_DFL
        }
    }

    // The kernel's mask of ignored signals (/proc/self/status, "SigIgn:", hexadecimal; bit n − 1 is signal n).
    private static bool IsIgnored(int signal)
    {
        string? line = File.ReadLines("/proc/self/status").FirstOrDefault(l => l.StartsWith("SigIgn:", StringComparison.Ordinal));
        return line is not null
            && ulong.TryParse(line["SigIgn:".Length..].Trim(), NumberStyles.HexNumber, CultureInfo.InvariantCulture, out ulong mask)
            && (mask & (1UL << (signal - 1))) != 0;
    }

    [DllImport("libc", EntryPoint = "signal")]
    [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
    private static extern IntPtr Signal(int signal, IntPtr handler);
}
