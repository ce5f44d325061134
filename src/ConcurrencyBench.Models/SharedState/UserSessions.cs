namespace ConcurrencyBench.Models.SharedState;

/// <summary>
/// One operation of the user-table family: N users, all at once on the thread pool, each joining under a name of its
/// own (with or without a welcome write), looking up its neighbour and leaving: the chat server's table traffic
/// when N clients connect together.
/// </summary>
public static class UserSessions
{
    /// <summary>The welcome line's write, simulated: an asynchronous completion (the continuation is queued), no timer.</summary>
    public static Func<ValueTask> SimulatedWrite { get; } = static async () => await Task.Yield();

    /// <summary>
    /// Runs <paramref name="users"/> sessions at once against <paramref name="table"/>; with <paramref name="welcome"/>,
    /// each join writes the welcome line (inside the critical section where the guard allows it). Fails if a session
    /// was refused its own name or left the table with an entry: every guard must keep the table exact.
    /// </summary>
    public static async Task RunAsync(IUserTable table, int users, bool welcome, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(table);
        ArgumentOutOfRangeException.ThrowIfLessThan(users, 1);
        Func<ValueTask>? write = welcome ? SimulatedWrite : null;
        var sessions = new Task[users];
        for (int i = 0; i < users; i++)
        {
            int user = i;
            sessions[i] = Task.Run(() => SessionAsync(table, user, users, write), cancellationToken);
        }
        await Task.WhenAll(sessions).ConfigureAwait(false);
        if (table.Count != 0)
        {
            throw new InvalidOperationException($"{table.Name}: {table.Count} users left in the table after every session left");
        }
    }

    /// <summary>The name of user <paramref name="user"/> (made once for the first 10,000, so a run of up to 10,000 users allocates none).</summary>
    public static string NameOf(int user) => user < s_names.Length ? s_names[user] : "user" + user.ToString(System.Globalization.CultureInfo.InvariantCulture);

    private static readonly string[] s_names = [.. Enumerable.Range(0, 10_000).Select(i => "user" + i.ToString(System.Globalization.CultureInfo.InvariantCulture))];

    private static async Task SessionAsync(IUserTable table, int user, int users, Func<ValueTask>? write)
    {
        string name = NameOf(user);
        if (!await table.JoinAsync(name, user, write).ConfigureAwait(false))
        {
            throw new InvalidOperationException($"{table.Name}: {name} was refused a name nobody else holds");
        }
        // The neighbour may not have joined yet, or may have left: either answer is right, only a wrong holder is not.
        int neighbour = (user + 1) % users;
        if (await table.LookupAsync(NameOf(neighbour)).ConfigureAwait(false) is int holder && holder != neighbour)
        {
            throw new InvalidOperationException($"{table.Name}: {NameOf(neighbour)} is held by connection {holder}");
        }
        if (!await table.LeaveAsync(name, user).ConfigureAwait(false))
        {
            throw new InvalidOperationException($"{table.Name}: {name} could not leave");
        }
    }
}
