namespace ConcurrencyBench.Benchmarks;

/// <summary>The benchmark families, one category each (filter with <c>--anyCategories</c>).</summary>
public static class Categories
{
    /// <summary>Family 1: many concurrent Task.Delays awaited together (asyncio.sleep + gather).</summary>
    public const string AsyncDelays = "AsyncDelays";

    /// <summary>Family 2: blocking calls offloaded to pools of different sizes (run_in_executor).</summary>
    public const string Offload = "Offload";

    /// <summary>Family 3: blocking calls under different loads, and what they do to unrelated work.</summary>
    public const string Blocking = "Blocking";

    /// <summary>The chat server's shared state: its user table under five guards.</summary>
    public const string SharedState = "SharedState";

    /// <summary>The article's application: a chat server on loopback under a load generator in its own process.</summary>
    public const string Chat = "Chat";

    /// <summary>The seed article's own experiments at their own sizes.</summary>
    public const string Seed = "Seed";
}
