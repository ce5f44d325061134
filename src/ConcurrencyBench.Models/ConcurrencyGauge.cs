using System.Collections.Concurrent;

namespace ConcurrencyBench.Models;

/// <summary>
/// Counts the jobs running at once and remembers the largest count seen. Two interlocked operations per job,
/// the same for every model, so it costs each model alike inside a benchmark.
/// </summary>
public sealed class ConcurrencyGauge
{
    private readonly ConcurrentDictionary<int, byte>? _threads;
    private int _current;
    private int _max;
    private long _completed;

    /// <param name="trackThreads">
    /// Also record which managed threads ran jobs (for tests of the single-threaded event loop).
    /// Off by default: a dictionary insert per job would dominate a million-delay benchmark.
    /// </param>
    public ConcurrencyGauge(bool trackThreads = false)
    {
        _threads = trackThreads ? new ConcurrentDictionary<int, byte>() : null;
    }

    /// <summary>The largest number of jobs seen running at once.</summary>
    public int MaxConcurrent => Volatile.Read(ref _max);

    /// <summary>Jobs running now.</summary>
    public int Current => Volatile.Read(ref _current);

    /// <summary>Jobs that entered and left.</summary>
    public long Completed => Interlocked.Read(ref _completed);

    /// <summary>Distinct managed thread IDs that ran jobs; empty unless thread tracking was asked for.</summary>
    public IReadOnlyCollection<int> ThreadsSeen => _threads is null ? [] : _threads.Keys.ToArray();

    /// <summary>A job starts.</summary>
    public void Enter()
    {
        Observe(Interlocked.Increment(ref _current));
        _threads?.TryAdd(Environment.CurrentManagedThreadId, 0);
    }

    /// <summary>A job ends.</summary>
    public void Exit()
    {
        Interlocked.Decrement(ref _current);
        Interlocked.Increment(ref _completed);
    }

    /// <summary>Records a concurrency level seen from outside the jobs (for models whose jobs have no body to hook).</summary>
    public void Observe(int running)
    {
        int seen = Volatile.Read(ref _max);
        while (running > seen)
        {
            int previous = Interlocked.CompareExchange(ref _max, running, seen);
            if (previous == seen)
            {
                return;
            }
            seen = previous;
        }
    }

    /// <summary>Forgets everything seen, between benchmark iterations.</summary>
    public void Reset()
    {
        Volatile.Write(ref _current, 0);
        Volatile.Write(ref _max, 0);
        Interlocked.Exchange(ref _completed, 0);
        _threads?.Clear();
    }
}
