using System.Diagnostics;
using System.Runtime.CompilerServices;
using ConcurrencyBench.Reporting;

namespace ConcurrencyBench.Cli;

/// <summary>
/// A fixed CPU loop timed at a run's start and end (<c>cbench calibrate</c>, called by scripts/run.sh into
/// run-info.json): what one core of the machine gave the run, so that <c>cbench replicate</c> can say whether two runs'
/// CPU-bound figures moved with the machine. It touches no memory beyond registers and allocates nothing, so it
/// measures the core (its clock, and time stolen from it by a hypervisor or other processes), not caches or the heap.
/// </summary>
public static class Calibration
{
    /// <summary>How many times the loop is timed; the median is reported.</summary>
    public const int Rounds = 15;

    /// <summary>Iterations of one round: about 20 to 60 ms on a 2020s server core.</summary>
    public const int Iterations = 20_000_000;

    /// <summary>
    /// FNV-1a over the bytes of 0 … <paramref name="iterations"/> − 1, a fixed chain of dependent multiplies and
    /// exclusive ors that no compiler can shorten: the same work on every machine. Returns the hash (its result is used,
    /// so the loop cannot be removed).
    /// </summary>
    [MethodImpl(MethodImplOptions.NoInlining | MethodImplOptions.AggressiveOptimization)]
    public static ulong Loop(int iterations)
    {
        const ulong Prime = 1099511628211;
        ulong hash = 14695981039346656037;
        for (int i = 0; i < iterations; i++)
        {
            uint value = (uint)i;
            for (int b = 0; b < 4; b++)
            {
                hash = (hash ^ (value & 0xFF)) * Prime;
                value >>= 8;
            }
        }
        return hash;
    }

    /// <summary>The median, in nanoseconds, of <see cref="Rounds"/> timings of <see cref="Loop"/> over <see cref="Iterations"/>.</summary>
    public static double MedianNanoseconds()
    {
        var times = new List<double>(Rounds);
        ulong sink = 0;
        for (int round = 0; round < Rounds; round++)
        {
            Interruption.ThrowIfRequested();
            long start = Stopwatch.GetTimestamp();
            sink ^= Loop(Iterations);
            times.Add(Stopwatch.GetElapsedTime(start).TotalNanoseconds);
        }
        GC.KeepAlive(sink);
        return GateRule.Median(times);
    }
}
