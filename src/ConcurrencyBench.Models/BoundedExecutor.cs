using System.Collections.Concurrent;

namespace ConcurrencyBench.Models;

/// <summary>
/// Exactly <see cref="MaxWorkers"/> dedicated threads serving one FIFO queue, whose work is awaited as tasks:
/// the .NET analogue of Python's <c>ThreadPoolExecutor(max_workers=k)</c>. Never more than k items run at once,
/// every submitted item runs (or is cancelled before it starts), exceptions and cancellation reach the awaiting
/// task, and <see cref="Dispose"/> drains the queue and joins the workers, like <c>shutdown(wait=True)</c>.
/// </summary>
public sealed class BoundedExecutor : IDisposable
{
    private readonly BlockingCollection<IWorkItem> _queue = new(new ConcurrentQueue<IWorkItem>());
    private readonly Thread[] _workers;
    private int _running;
    private int _maxRunning;
    private int _disposed;

    /// <summary>Starts <paramref name="maxWorkers"/> worker threads at once (Python starts them lazily; starting them
    /// here keeps thread creation out of the measured operation).</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="maxWorkers"/> is below 1 or above 32,767.</exception>
    public BoundedExecutor(int maxWorkers, string name = "BoundedExecutor")
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxWorkers, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(maxWorkers, 32_767);
        MaxWorkers = maxWorkers;
        _workers = new Thread[maxWorkers];
        for (int i = 0; i < maxWorkers; i++)
        {
            // Small stacks: 1,000 workers only sleep; the default 8 MB reservation per thread is address space wasted.
            _workers[i] = new Thread(Work, maxStackSize: 256 * 1024) { IsBackground = true, Name = $"{name}-{i}" };
            _workers[i].Start();
        }
    }

    /// <summary>The number of worker threads, k.</summary>
    public int MaxWorkers { get; }

    /// <summary>The most items seen running at once since the executor started.</summary>
    public int MaxConcurrentlyRunning => Volatile.Read(ref _maxRunning);

    /// <summary>Items queued and not yet taken by a worker.</summary>
    public int QueuedCount => _queue.Count;

    /// <summary>Queues <paramref name="work"/>; the task completes when it has run.</summary>
    public Task RunAsync(Action work, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(work);
        return RunAsync<object?>(() =>
        {
            work();
            return null;
        }, cancellationToken);
    }

    /// <summary>Queues <paramref name="work"/>; the task carries its result, its exception, or its cancellation.</summary>
    /// <exception cref="ObjectDisposedException">The executor has been disposed.</exception>
    public Task<T> RunAsync<T>(Func<T> work, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(work);
        ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) != 0, this);
        if (cancellationToken.IsCancellationRequested)
        {
            return Task.FromCanceled<T>(cancellationToken);
        }
        var item = new WorkItem<T>(work, cancellationToken);
        try
        {
            _queue.Add(item, CancellationToken.None);
        }
        catch (InvalidOperationException)
        {
            // Dispose completed the queue between the check above and the Add.
            throw new ObjectDisposedException(nameof(BoundedExecutor));
        }
        return item.Task;
    }

    /// <summary>Stops taking work, lets the workers finish everything already queued, and joins them.</summary>
    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }
        _queue.CompleteAdding();
        foreach (Thread worker in _workers)
        {
            // A worker that disposes its own executor must not wait for itself.
            if (worker != Thread.CurrentThread)
            {
                worker.Join();
            }
        }
        _queue.Dispose();
    }

    private void Work()
    {
        foreach (IWorkItem item in _queue.GetConsumingEnumerable())
        {
            if (item.IsCompleted)
            {
                continue; // cancelled while it waited in the queue
            }
            int running = Interlocked.Increment(ref _running);
            int seen = Volatile.Read(ref _maxRunning);
            while (running > seen)
            {
                int previous = Interlocked.CompareExchange(ref _maxRunning, running, seen);
                if (previous == seen)
                {
                    break;
                }
                seen = previous;
            }
            try
            {
                item.Execute();
            }
            finally
            {
                Interlocked.Decrement(ref _running);
            }
        }
    }

    private interface IWorkItem
    {
        bool IsCompleted { get; }

        void Execute();
    }

    private sealed class WorkItem<T> : IWorkItem
    {
        // Continuations must not run on the worker: an awaiting caller would otherwise steal one of the k workers.
        private readonly TaskCompletionSource<T> _completion = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private readonly Func<T> _work;
        private readonly CancellationToken _cancellationToken;
        private readonly CancellationTokenRegistration _registration;

        public WorkItem(Func<T> work, CancellationToken cancellationToken)
        {
            _work = work;
            _cancellationToken = cancellationToken;
            if (cancellationToken.CanBeCanceled)
            {
                // Cancelling a queued item completes its task at once, as Future.cancel() does for a pending future.
                _registration = cancellationToken.Register(
                    static state => ((WorkItem<T>)state!).CancelIfPending(), this);
            }
        }

        public Task<T> Task => _completion.Task;

        public bool IsCompleted => _completion.Task.IsCompleted;

        private int _started;

        public void Execute()
        {
            if (Interlocked.Exchange(ref _started, 1) != 0)
            {
                return;
            }
            _registration.Dispose();
            try
            {
                _completion.TrySetResult(_work());
            }
            catch (OperationCanceledException e) when (e.CancellationToken == _cancellationToken && _cancellationToken.IsCancellationRequested)
            {
                _completion.TrySetCanceled(_cancellationToken);
            }
#pragma warning disable CA1031 // Any exception of the work belongs to the awaiting task, not to the worker thread.
            catch (Exception e)
#pragma warning restore CA1031
            {
                _completion.TrySetException(e);
            }
        }

        private void CancelIfPending()
        {
            if (Interlocked.Exchange(ref _started, 1) == 0)
            {
                _completion.TrySetCanceled(_cancellationToken);
            }
        }
    }
}
