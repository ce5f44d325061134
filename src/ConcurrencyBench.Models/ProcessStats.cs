using System.Diagnostics;
using System.Globalization;

namespace ConcurrencyBench.Models;

/// <summary>
/// Thread count and peak working set of a process, cheaply. On Linux one read of /proc/PID/status gives both;
/// elsewhere <see cref="Process"/> is used (it enumerates every thread, so it is slower, but correct).
/// </summary>
public static class ProcessStats
{
    /// <summary>A snapshot of one process.</summary>
    /// <param name="Threads">Operating-system threads of the process.</param>
    /// <param name="WorkingSetBytes">Resident memory now.</param>
    /// <param name="PeakWorkingSetBytes">The most resident memory the process has had since it started.</param>
    public readonly record struct Snapshot(int Threads, long WorkingSetBytes, long PeakWorkingSetBytes);

    /// <summary>Reads the current process.</summary>
    public static Snapshot Current() => Read(Environment.ProcessId) ?? default;

    /// <summary>Reads process <paramref name="pid"/>; null when it has exited or cannot be read.</summary>
    public static Snapshot? Read(int pid)
    {
        if (OperatingSystem.IsLinux())
        {
            return ReadProcStatus($"/proc/{pid}/status");
        }
        try
        {
            using var process = Process.GetProcessById(pid);
            return new Snapshot(process.Threads.Count, process.WorkingSet64, process.PeakWorkingSet64);
        }
        catch (Exception e) when (e is ArgumentException or InvalidOperationException or System.ComponentModel.Win32Exception)
        {
            return null;
        }
    }

    /// <summary>Parses a Linux /proc/PID/status file (Threads, VmRSS and VmHWM lines, sizes in kB).</summary>
    public static Snapshot? ReadProcStatus(string path)
    {
        string text;
        try
        {
            text = File.ReadAllText(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }
        return ParseProcStatus(text);
    }

    /// <summary>Parses the text of a Linux /proc/PID/status file; null when the Threads line is missing.</summary>
    public static Snapshot? ParseProcStatus(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        int? threads = null;
        long rss = 0, hwm = 0;
        foreach (string line in text.Split('\n'))
        {
            if (line.StartsWith("Threads:", StringComparison.Ordinal))
            {
                threads = int.Parse(line.AsSpan(8).Trim(), CultureInfo.InvariantCulture);
            }
            else if (line.StartsWith("VmRSS:", StringComparison.Ordinal))
            {
                rss = ParseKilobytes(line.AsSpan(6));
            }
            else if (line.StartsWith("VmHWM:", StringComparison.Ordinal))
            {
                hwm = ParseKilobytes(line.AsSpan(6));
            }
        }
        return threads is int t ? new Snapshot(t, rss, Math.Max(hwm, rss)) : null;
    }

    private static long ParseKilobytes(ReadOnlySpan<char> value)
    {
        value = value.Trim();
        if (value.EndsWith("kB", StringComparison.Ordinal))
        {
            value = value[..^2].Trim();
        }
        return long.Parse(value, CultureInfo.InvariantCulture) * 1024;
    }
}
