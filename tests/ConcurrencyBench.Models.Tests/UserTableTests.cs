using System.Collections.Concurrent;
using ConcurrencyBench.Models.SharedState;

namespace ConcurrencyBench.Models.Tests;

[Collection(SocketsAndThreads.Name)]
public class UserTableTests
{
    public static TheoryData<string, bool> GuardsWithAndWithoutWelcome()
    {
        var data = new TheoryData<string, bool>();
        foreach (string guard in Guards)
        {
            data.Add(guard, false);
            data.Add(guard, true);
        }
        return data;
    }

    private static readonly string[] Guards = ["SemaphoreSlim", "Monitor", "Lock", "ConcurrentDictionary", "Actor"];

    private static IUserTable Create(string guard) => guard switch
    {
        "SemaphoreSlim" => new SemaphoreSlimUserTable(),
        "Monitor" => new MonitorUserTable(),
        "Lock" => new ThreadingLockUserTable(),
        "ConcurrentDictionary" => new ConcurrentDictionaryUserTable(),
        "Actor" => new ActorUserTable(),
        "Unguarded" => new UnguardedUserTable(),
        _ => throw new ArgumentOutOfRangeException(nameof(guard)),
    };

    private static async Task DisposeAsync(IUserTable table)
    {
        switch (table)
        {
            case IAsyncDisposable asyncDisposable:
                await asyncDisposable.DisposeAsync();
                break;
            case IDisposable disposable:
                disposable.Dispose();
                break;
        }
    }

    /// <summary>
    /// The stress test: 200 names, 20 connections racing for each, all at once on the pool; then every connection
    /// tries to leave each name it raced for. Returns the connections granted each name and the leaves that succeeded.
    /// </summary>
    private static async Task<(Dictionary<string, List<int>> Granted, int Left, int CountAfterJoins)> RaceAsync(IUserTable table, bool welcome)
    {
        const int names = 200, contenders = 20;
        var granted = new ConcurrentBag<(string Name, int Connection)>();
        Func<ValueTask>? write = welcome ? UserSessions.SimulatedWrite : null;
        await Task.WhenAll(Enumerable.Range(0, names * contenders).Select(connection => Task.Run(async () =>
        {
            string name = UserSessions.NameOf(connection % names);
            if (await table.JoinAsync(name, connection, write))
            {
                granted.Add((name, connection));
            }
        })));
        int countAfterJoins = table.Count;
        var byName = granted.GroupBy(g => g.Name).ToDictionary(g => g.Key, g => g.Select(x => x.Connection).ToList());
        foreach ((string name, List<int> holders) in byName)
        {
            if (holders.Count == 1)
            {
                Assert.Equal(holders[0], await table.LookupAsync(name));
            }
        }
        int left = 0;
        await Task.WhenAll(Enumerable.Range(0, names * contenders).Select(connection => Task.Run(async () =>
        {
            if (await table.LeaveAsync(UserSessions.NameOf(connection % names), connection))
            {
                Interlocked.Increment(ref left);
            }
        })));
        return (byName, left, countAfterJoins);
    }

    [Theory]
    [MemberData(nameof(GuardsWithAndWithoutWelcome))]
    public async Task EveryGuardGivesEachContendedNameToExactlyOneConnectionAndLosesNoUpdate(string guard, bool welcome)
    {
        IUserTable table = Create(guard);
        try
        {
            var (granted, left, countAfterJoins) = await RaceAsync(table, welcome);

            Assert.Equal(200, granted.Count);
            Assert.All(granted, g => Assert.Single(g.Value));
            Assert.Equal(200, countAfterJoins);
            // Only each name's holder could leave it: 200 leaves out of 4,000 attempts, and an empty table.
            Assert.Equal(200, left);
            Assert.Equal(0, table.Count);
        }
        finally
        {
            await DisposeAsync(table);
        }
    }

    [Fact]
    public async Task TheSameStressTestSeesTheUnguardedTableHandOneNameToSeveralConnections()
    {
        // Proof that the test above can see a race: the article's join without its lock (check, await the welcome,
        // insert) gives names to several connections, the later insert overwriting the earlier: lost updates.
        IUserTable table = Create("Unguarded");

        var (granted, _, countAfterJoins) = await RaceAsync(table, welcome: true);

        Assert.Contains(granted, g => g.Value.Count > 1);
        Assert.True(granted.Sum(g => g.Value.Count) > countAfterJoins, "every grant was kept: no update was lost");
    }

    [Theory]
    [InlineData("SemaphoreSlim", true)]
    [InlineData("Actor", true)]
    [InlineData("Monitor", false)]
    [InlineData("Lock", false)]
    [InlineData("ConcurrentDictionary", false)]
    public async Task OnlyAnAsyncLockOrTheActorHoldsTheNameWhileTheWelcomeIsWritten(string guard, bool awaitsInside)
    {
        IUserTable table = Create(guard);
        try
        {
            Assert.Equal(awaitsInside, table.AwaitsInside);
            var welcomeStarted = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            var finishWelcome = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            ValueTask<bool> first = table.JoinAsync("alice", 1, async () =>
            {
                welcomeStarted.TrySetResult();
                await finishWelcome.Task;
            });
            await welcomeStarted.Task.WaitAsync(TimeSpan.FromSeconds(30));

            Task<bool> second = table.JoinAsync("alice", 2).AsTask();
            if (awaitsInside)
            {
                // The critical section spans the write: the second join waits for it (any time would do: it cannot
                // finish before the first join releases), and is then refused.
                await Task.Delay(100);
                Assert.False(second.IsCompleted);
                Assert.Equal(0, table.Count);
            }
            else
            {
                // The name was inserted before the write, outside the lock: the second join is refused at once.
                Assert.False(await second.WaitAsync(TimeSpan.FromSeconds(30)));
                Assert.Equal(1, table.Count);
            }
            finishWelcome.SetResult();
            Assert.True(await first.AsTask().WaitAsync(TimeSpan.FromSeconds(30)));
            Assert.False(await second.WaitAsync(TimeSpan.FromSeconds(30)));
            Assert.Equal(1, await table.LookupAsync("alice"));
        }
        finally
        {
            await DisposeAsync(table);
        }
    }

    [Theory]
    [MemberData(nameof(GuardsWithAndWithoutWelcome))]
    public async Task OnlyTheHolderLeavesANameAndALookupFindsTheHolder(string guard, bool welcome)
    {
        IUserTable table = Create(guard);
        try
        {
            Func<ValueTask>? write = welcome ? UserSessions.SimulatedWrite : null;
            Assert.True(await table.JoinAsync("bob", 7, write));
            Assert.Null(await table.LookupAsync("carol"));
            Assert.Equal(7, await table.LookupAsync("bob"));
            Assert.False(await table.LeaveAsync("bob", 8));
            Assert.False(await table.LeaveAsync("carol", 7));
            Assert.Equal(1, table.Count);
            Assert.True(await table.LeaveAsync("bob", 7));
            Assert.Null(await table.LookupAsync("bob"));
            Assert.True(await table.JoinAsync("bob", 8, write));
            Assert.Equal(8, await table.LookupAsync("bob"));
        }
        finally
        {
            await DisposeAsync(table);
        }
    }

    [Theory]
    [MemberData(nameof(GuardsWithAndWithoutWelcome))]
    public async Task TenThousandUsersJoinLookUpAndLeaveAndTheTableEndsEmpty(string guard, bool welcome)
    {
        IUserTable table = Create(guard);
        try
        {
            // The benchmark's operation at its largest N; it throws if a user was refused its name or a holder was wrong.
            await UserSessions.RunAsync(table, 10_000, welcome).WaitAsync(TimeSpan.FromSeconds(60));
            Assert.Equal(0, table.Count);
        }
        finally
        {
            await DisposeAsync(table);
        }
    }

    [Fact]
    public async Task AFailedWelcomeFailsOnlyItsJoinAndTheActorGoesOnServing()
    {
        var table = new ActorUserTable();
        await using (table)
        {
            await Assert.ThrowsAsync<IOException>(async () => await table.JoinAsync("dave", 1, () => throw new IOException("connection reset")));
            Assert.Equal(0, table.Count);
            Assert.True(await table.JoinAsync("dave", 2));
            Assert.Equal(2, await table.LookupAsync("dave"));
        }
        await Assert.ThrowsAsync<ObjectDisposedException>(async () => await table.LookupAsync("dave"));
    }

    [Fact]
    public async Task ARunNeedsAtLeastOneUser()
    {
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => UserSessions.RunAsync(new MonitorUserTable(), 0, welcome: false));
    }
}
