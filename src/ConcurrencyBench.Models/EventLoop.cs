using Nito.AsyncEx;

namespace ConcurrencyBench.Models;

/// <summary>
/// An asyncio-style event loop: one thread pumps a single-threaded SynchronizationContext (Nito.AsyncEx's
/// <see cref="AsyncContext"/>), so every continuation of the coroutines given to it runs on that one thread.
/// </summary>
public static class EventLoop
{
    /// <summary>
    /// Runs <paramref name="main"/> and every continuation it captures on a new dedicated loop thread; the returned
    /// task completes when <paramref name="main"/>'s task does. Like <c>asyncio.run(main())</c>.
    /// </summary>
    public static Task RunAsync(Func<Task> main)
    {
        ArgumentNullException.ThrowIfNull(main);
        return Task.Factory.StartNew(
            () => AsyncContext.Run(main),
            CancellationToken.None,
            TaskCreationOptions.LongRunning,
            TaskScheduler.Default);
    }
}
