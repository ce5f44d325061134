namespace ConcurrencyBench.Models.Tests;

public class GatherTests
{
    [Fact]
    public async Task WhenAllReturnsResultsInInputOrderWhileJobsCompleteInOrderOfTheirDelays()
    {
        // The seed's experiment 1 (5 s and 4 s), scaled down, with the gap wide enough for a loaded machine.
        Gather.Outcome outcome = await Gather.SleepersAsync([TimeSpan.FromMilliseconds(900), TimeSpan.FromMilliseconds(100)]);

        Assert.Equal([0, 1], outcome.Results);
        Assert.Equal([1, 0], outcome.CompletionOrder);
    }

    [Fact]
    public async Task ResultsFollowInputOrderForManySleepers()
    {
        TimeSpan[] delays = [.. Enumerable.Range(0, 20).Select(i => TimeSpan.FromMilliseconds((20 - i) * 30))];

        Gather.Outcome outcome = await Gather.SleepersAsync(delays);

        Assert.Equal(Enumerable.Range(0, 20), outcome.Results);
        Assert.Equal(20, outcome.CompletionOrder.Count);
        Assert.Equal(Enumerable.Range(0, 20).ToHashSet(), outcome.CompletionOrder.ToHashSet());
        // The longest sleeper (index 0, 600 ms) cannot resume before the shortest (index 19, 30 ms).
        Assert.True(outcome.CompletionOrder.ToList().IndexOf(19) < outcome.CompletionOrder.ToList().IndexOf(0));
    }
}
