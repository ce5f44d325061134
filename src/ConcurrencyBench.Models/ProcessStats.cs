using System.Diagnostics;
using Microsoft.Win32.SafeHandles;

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

    /// <summary>
    /// Resets the kernel's peak resident memory of this process (VmHWM) to its current resident memory, so that the
    /// next reading is the peak since now: a burst's own peak, not the process's lifetime one. Linux only (writing "5"
    /// to <c>/proc/self/clear_refs</c>, proc(5)); false where it cannot be done, and the caller samples instead.
    /// </summary>
    public static bool ResetPeakWorkingSet()
    {
        if (!OperatingSystem.IsLinux())
        {
            return false;
        }
        try
        {
            File.WriteAllText("/proc/self/clear_refs", "5");
            return true;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return false;
        }
    }

    /// <summary>
    /// The tick of the clock .NET's timers read (<see cref="Environment.TickCount64"/>), in milliseconds: a timer due
    /// in d is due at a reading of that clock plus d, and that reading lags real time by up to one tick, so a
    /// <c>Task.Delay(d)</c> can end up to one tick early as a high-resolution clock measures it. On Linux the clock is
    /// CLOCK_MONOTONIC_COARSE, whose tick is the kernel's (4 ms at 250 Hz; read with clock_getres); elsewhere it is
    /// measured by watching the clock change (Windows: about 15.6 ms).
    /// </summary>
    public static double TimerTickMilliseconds()
    {
        if (OperatingSystem.IsLinux())
        {
            try
            {
                if (ClockGetres(ClockMonotonicCoarse, out TimeSpec resolution) == 0)
                {
                    return (resolution.Seconds * 1000.0) + (resolution.Nanoseconds / 1e6);
                }
            }
            catch (Exception e) when (e is DllNotFoundException or EntryPointNotFoundException)
            {
                // Measured below.
            }
        }
        // The smallest step between two readings, watched for up to 100 ms.
        var watch = Stopwatch.StartNew();
        long last = Environment.TickCount64;
        long smallest = long.MaxValue;
        while (watch.ElapsedMilliseconds < 100)
        {
            long now = Environment.TickCount64;
            if (now != last)
            {
                smallest = Math.Min(smallest, now - last);
                last = now;
            }
        }
        return smallest == long.MaxValue ? 0 : smallest;
    }

    private const int ClockMonotonicCoarse = 6; // Linux <time.h>

    [System.Runtime.InteropServices.StructLayout(System.Runtime.InteropServices.LayoutKind.Sequential)]
    private struct TimeSpec
    {
        public long Seconds;
        public long Nanoseconds;
    }

    [System.Runtime.InteropServices.DllImport("libc.so.6", EntryPoint = "clock_getres")]
    private static extern int ClockGetres(int clock, out TimeSpec resolution);

    /// <summary>Reads process <paramref name="pid"/>; null when it has exited or cannot be read.</summary>
    public static Snapshot? Read(int pid)
    {
        if (OperatingSystem.IsLinux())
        {
            try
            {
                return ParseProcStatus(File.ReadAllBytes($"/proc/{pid}/status"));
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                return null;
            }
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

    /// <summary>Parses the text of a Linux /proc/PID/status file; null when the Threads line is missing.</summary>
    public static Snapshot? ParseProcStatus(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        return ParseProcStatus(System.Text.Encoding.UTF8.GetBytes(text));
    }

    /// <summary>Parses the bytes of a Linux /proc/PID/status file without allocating; null without a Threads line.</summary>
    public static Snapshot? ParseProcStatus(ReadOnlySpan<byte> text)
    {
        int? threads = null;
        long rss = 0, hwm = 0;
        while (!text.IsEmpty)
        {
            int end = text.IndexOf((byte)'\n');
            ReadOnlySpan<byte> line = end < 0 ? text : text[..end];
            text = end < 0 ? [] : text[(end + 1)..];
            if (line.StartsWith("Threads:"u8))
            {
                threads = (int)FirstNumber(line[8..]);
            }
            else if (line.StartsWith("VmRSS:"u8))
            {
                rss = FirstNumber(line[6..]) * 1024;
            }
            else if (line.StartsWith("VmHWM:"u8))
            {
                hwm = FirstNumber(line[6..]) * 1024;
            }
        }
        return threads is int t ? new Snapshot(t, rss, Math.Max(hwm, rss)) : null;
    }

    // The first run of digits in a field ("   1234 kB" -> 1234).
    private static long FirstNumber(ReadOnlySpan<byte> field)
    {
        long value = 0;
        bool seen = false;
        foreach (byte b in field)
        {
            if (b is >= (byte)'0' and <= (byte)'9')
            {
                value = (value * 10) + (b - '0');
                seen = true;
            }
            else if (seen)
            {
                break;
            }
        }
        return value;
    }

    /// <summary>
    /// Reads the current process again and again without allocating (on Linux: one open /proc/self/status, re-read
    /// from offset 0 into a reused buffer). A sampler that runs beside a benchmark must not add its own garbage to
    /// the benchmark's allocated bytes: BenchmarkDotNet's memory diagnoser counts every thread's allocations.
    /// </summary>
    public sealed class SelfReader : IDisposable
    {
        private readonly SafeFileHandle? _status;
        private readonly byte[] _buffer = new byte[16 * 1024];

        /// <summary>Opens /proc/self/status where there is one.</summary>
        public SelfReader()
            : this(useProcessApi: false)
        {
        }

        /// <summary>
        /// <paramref name="useProcessApi"/> reads through <see cref="Process"/> even where /proc exists: the path
        /// Windows and macOS take, so that it can be tested here.
        /// </summary>
        internal SelfReader(bool useProcessApi)
        {
            if (OperatingSystem.IsLinux() && !useProcessApi)
            {
                try
                {
                    _status = File.OpenHandle("/proc/self/status", FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
                }
                catch (Exception e) when (e is IOException or UnauthorizedAccessException)
                {
                    _status = null;
                }
            }
        }

        /// <summary>True where <see cref="Read"/> allocates nothing (Linux); elsewhere it falls back to <see cref="Process"/>.</summary>
        public bool IsAllocationFree => _status is not null;

        /// <summary>A fresh snapshot of the current process (allocating only where there is no /proc).</summary>
        public Snapshot Read()
        {
            if (_status is null)
            {
                return Current();
            }
            int length = RandomAccess.Read(_status, _buffer, fileOffset: 0);
            return ParseProcStatus(_buffer.AsSpan(0, length)) ?? default;
        }

        /// <inheritdoc />
        public void Dispose() => _status?.Dispose();
    }
}
