namespace ConcurrencyBench.Models.Tests;

/// <summary>
/// Tests that change or depend on process-wide thread-pool state (its minimum, how busy it is) run in this
/// collection, one at a time and never beside the other collections.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class ThreadPoolSettings
{
    public const string Name = "Thread pool settings";
}
