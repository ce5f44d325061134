using System.Collections.Concurrent;

namespace ConcurrencyBench.Models;

/// <summary>
/// The seed's first experiment: <c>asyncio.gather</c> over coroutines that sleep different times. Results come
/// back in the order the coroutines were passed; the coroutines resume in the order their waits finish.
/// </summary>
public static class Gather
{
    /// <summary>What <see cref="SleepersAsync"/> observed.</summary>
    /// <param name="Results">Each sleeper's result (its index), in the order the sleepers were passed.</param>
    /// <param name="CompletionOrder">Indexes of the sleepers in the order they resumed after their wait.</param>
    public sealed record Outcome(IReadOnlyList<int> Results, IReadOnlyList<int> CompletionOrder);

    /// <summary>Starts one coroutine per delay, each returning its index after awaiting its delay; joins them with <c>Task.WhenAll</c>.</summary>
    public static async Task<Outcome> SleepersAsync(IReadOnlyList<TimeSpan> delays, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(delays);
        var completed = new ConcurrentQueue<int>();
        var sleepers = new Task<int>[delays.Count];
        for (int i = 0; i < delays.Count; i++)
        {
            sleepers[i] = SleepAsync(i, delays[i], completed, cancellationToken);
        }
        int[] results = await Task.WhenAll(sleepers).ConfigureAwait(false);
        return new Outcome(results, completed.ToArray());
    }

    private static async Task<int> SleepAsync(int index, TimeSpan delay, ConcurrentQueue<int> completed, CancellationToken cancellationToken)
    {
        await Task.Delay(delay, cancellationToken).ConfigureAwait(false);
        completed.Enqueue(index);
        return index;
    }
}
