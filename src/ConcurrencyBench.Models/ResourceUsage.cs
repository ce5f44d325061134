using System.Runtime.InteropServices;

namespace ConcurrencyBench.Models;

/// <summary>
/// CPU time and context switches, cumulative, as the operating system counts them (<c>getrusage</c>, the same call
/// Python's <c>resource.getrusage</c> makes, so that both runtimes are counted alike). Voluntary switches are the
/// thread giving up the CPU to wait (a blocking sleep, a lock, an empty queue); involuntary ones are the scheduler
/// taking it away (more runnable threads than cores).
/// </summary>
/// <param name="UserMs">CPU time in user mode, milliseconds.</param>
/// <param name="SystemMs">CPU time in the kernel, milliseconds.</param>
/// <param name="VoluntarySwitches">Voluntary context switches; -1 where the system does not count them.</param>
/// <param name="InvoluntarySwitches">Involuntary context switches; -1 where the system does not count them.</param>
public readonly record struct ResourceUsage(double UserMs, double SystemMs, long VoluntarySwitches, long InvoluntarySwitches)
{
    /// <summary>User plus system CPU time, milliseconds.</summary>
    [System.Text.Json.Serialization.JsonIgnore]
    public double CpuMs => UserMs + SystemMs;

    /// <summary>True where context switches are counted (Linux, macOS).</summary>
    [System.Text.Json.Serialization.JsonIgnore]
    public bool HasSwitches => VoluntarySwitches >= 0 && InvoluntarySwitches >= 0;

    /// <summary>What was used between <paramref name="start"/> and <paramref name="end"/>.</summary>
    public static ResourceUsage operator -(ResourceUsage end, ResourceUsage start) =>
        new(end.UserMs - start.UserMs, end.SystemMs - start.SystemMs,
            end.HasSwitches && start.HasSwitches ? end.VoluntarySwitches - start.VoluntarySwitches : -1,
            end.HasSwitches && start.HasSwitches ? end.InvoluntarySwitches - start.InvoluntarySwitches : -1);

    /// <summary>Each figure raised to zero where it fell below (switches that are not counted stay -1).</summary>
    public ResourceUsage AtLeastZero() => new(Math.Max(0, UserMs), Math.Max(0, SystemMs),
        HasSwitches ? Math.Max(0, VoluntarySwitches) : -1, HasSwitches ? Math.Max(0, InvoluntarySwitches) : -1);

    /// <summary>
    /// The whole process so far, every thread included. Where <c>getrusage</c> cannot be called (Windows) the CPU
    /// time comes from <see cref="Process"/> and the switches are -1 (not counted).
    /// </summary>
    public static ResourceUsage Process() => Read(RusageSelf) ?? ProcessApi();

    /// <summary>The calling thread so far (Linux only: <c>RUSAGE_THREAD</c>); null elsewhere.</summary>
    public static ResourceUsage? CurrentThread() => OperatingSystem.IsLinux() ? Read(RusageThread) : null;

    private const int RusageSelf = 0;
    private const int RusageThread = 1; // Linux

    private static ResourceUsage? Read(int who)
    {
        try
        {
            if (OperatingSystem.IsLinux())
            {
                return LinuxGetrusage(who, out Rusage usage) == 0 ? usage.ToUsage() : null;
            }
            if (OperatingSystem.IsMacOS() && who == RusageSelf)
            {
                return MacGetrusage(who, out Rusage usage) == 0 ? usage.ToUsage() : null;
            }
        }
        catch (Exception e) when (e is DllNotFoundException or EntryPointNotFoundException)
        {
            // A libc without getrusage: fall back below.
        }
        return null;
    }

    private static ResourceUsage ProcessApi()
    {
        using var process = System.Diagnostics.Process.GetCurrentProcess();
        return new ResourceUsage(process.UserProcessorTime.TotalMilliseconds, process.PrivilegedProcessorTime.TotalMilliseconds, -1, -1);
    }

    // "libc.so.6", not "libc": the unversioned name exists only where the C headers are installed.
    [DllImport("libc.so.6", EntryPoint = "getrusage")]
    private static extern int LinuxGetrusage(int who, out Rusage usage);

    [DllImport("libSystem.dylib", EntryPoint = "getrusage")]
    private static extern int MacGetrusage(int who, out Rusage usage);

    // struct rusage on 64-bit Linux and macOS: two struct timevals (a 64-bit seconds field, then microseconds, padded
    // to 16 bytes: a long on Linux, an int on macOS, so read as an int that both fill) and 14 longs.
    [StructLayout(LayoutKind.Sequential)]
    private struct Rusage
    {
        public long UserSeconds;
        public int UserMicroseconds;
        public int UserPadding;
        public long SystemSeconds;
        public int SystemMicroseconds;
        public int SystemPadding;
        public long MaxRss;
        public long Ixrss;
        public long Idrss;
        public long Isrss;
        public long Minflt;
        public long Majflt;
        public long Nswap;
        public long Inblock;
        public long Oublock;
        public long Msgsnd;
        public long Msgrcv;
        public long Nsignals;
        public long Nvcsw;
        public long Nivcsw;

        public readonly ResourceUsage ToUsage() => new(
            (UserSeconds * 1000.0) + (UserMicroseconds / 1000.0),
            (SystemSeconds * 1000.0) + (SystemMicroseconds / 1000.0),
            Nvcsw,
            Nivcsw);
    }
}
