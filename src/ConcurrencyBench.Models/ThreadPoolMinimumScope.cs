namespace ConcurrencyBench.Models;

/// <summary>
/// Sets the thread pool's minimum worker threads for the scope's lifetime and restores the previous minimum on
/// dispose. The minimum is process-wide: benchmarks get a process per case, tests must not run beside it.
/// </summary>
public sealed class ThreadPoolMinimumScope : IDisposable
{
    private readonly int _previousWorkers;
    private readonly int _previousIo;
    private bool _disposed;

    /// <exception cref="ArgumentOutOfRangeException"><paramref name="minWorkers"/> is below 1 or above the pool's maximum.</exception>
    /// <exception cref="InvalidOperationException">The runtime refused (for example when DOTNET_ThreadPool_ForceMinWorkerThreads is set).</exception>
    public ThreadPoolMinimumScope(int minWorkers)
    {
        ThreadPool.GetMaxThreads(out int maxWorkers, out _);
        ArgumentOutOfRangeException.ThrowIfLessThan(minWorkers, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(minWorkers, maxWorkers);
        ThreadPool.GetMinThreads(out _previousWorkers, out _previousIo);
        if (!ThreadPool.SetMinThreads(minWorkers, _previousIo))
        {
            throw new InvalidOperationException(
                $"ThreadPool.SetMinThreads({minWorkers}) was refused; is DOTNET_ThreadPool_ForceMinWorkerThreads set?");
        }
        MinWorkers = minWorkers;
    }

    /// <summary>The minimum in force inside the scope.</summary>
    public int MinWorkers { get; }

    /// <summary>
    /// The runtime's current maximum worker threads (32,767 by default): the most the pool may ever run at once, so
    /// d·ceil(N / this) is the only time a pool that may inject threads cannot beat.
    /// </summary>
    public static int CurrentMaxWorkers
    {
        get
        {
            ThreadPool.GetMaxThreads(out int workers, out _);
            return workers;
        }
    }

    /// <summary>The runtime's current minimum worker threads.</summary>
    public static int CurrentMinWorkers
    {
        get
        {
            ThreadPool.GetMinThreads(out int workers, out _);
            return workers;
        }
    }

    /// <inheritdoc />
    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }
        _disposed = true;
        ThreadPool.SetMinThreads(_previousWorkers, _previousIo);
    }
}
