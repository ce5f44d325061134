namespace ConcurrencyBench.Reporting.Tests;

/// <summary>Whether a process the tests started (or its child) is still running, read from Linux's /proc.</summary>
internal static class TestProcesses
{
    /// <summary>Alive and not a zombie (a process that ended and that nobody reaped is not running anything).</summary>
    public static bool Alive(int pid)
    {
        try
        {
            string stat = File.ReadAllText($"/proc/{pid}/stat");
            return stat[(stat.LastIndexOf(')') + 2)..][0] != 'Z';
        }
        catch (IOException)
        {
            return false; // gone
        }
    }

    /// <summary>
    /// Whether the process is gone (or a zombie) within <paramref name="limit"/>: a signal is delivered, and a process
    /// torn down, asynchronously, so a read just after a kill may still find it running (full runs on a loaded machine
    /// did, twice); the limit is a bound on a hang, not a timing.
    /// </summary>
    public static bool GoneWithin(int pid, TimeSpan limit)
    {
        var clock = System.Diagnostics.Stopwatch.StartNew();
        while (Alive(pid) && clock.Elapsed < limit)
        {
            Thread.Sleep(50);
        }
        return !Alive(pid);
    }
}
