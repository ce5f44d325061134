using System.Collections.Concurrent;
using System.Threading.Channels;

namespace ConcurrencyBench.Models.SharedState;

// The chat server's one piece of shared state, the seed article's `self.users[username] = (conn, addr)` under an
// `asyncio.Lock`: a table from user name to connection. A join is check-then-act (a name already taken is refused),
// so a guard that lets two joins interleave between the check and the insert hands one name to two connections: a
// lost update. The "write" is the server's welcome line to the new connection; where a guard allows it, it happens
// inside the critical section, between the check and the insert (the article's shape: the name is reserved until
// the client has been told).

/// <summary>The chat server's user table, guarded one way.</summary>
public interface IUserTable
{
    /// <summary>The guard's name, as the README and the charts use it.</summary>
    string Name { get; }

    /// <summary>
    /// Whether the welcome write may be awaited inside the critical section. Only an async lock and a single-owner
    /// actor allow it: C# forbids <c>await</c> inside <c>lock</c>, and a thread-affine lock must not be held across
    /// an await. The others write after the insert, outside any lock.
    /// </summary>
    bool AwaitsInside { get; }

    /// <summary>Users in the table.</summary>
    int Count { get; }

    /// <summary>
    /// Gives <paramref name="name"/> to <paramref name="connection"/> if it is free and sends the welcome line
    /// (<paramref name="welcome"/>, when given); false, with nothing written, when the name is taken.
    /// </summary>
    ValueTask<bool> JoinAsync(string name, int connection, Func<ValueTask>? welcome = null);

    /// <summary>The connection holding <paramref name="name"/>; null when nobody does.</summary>
    ValueTask<int?> LookupAsync(string name);

    /// <summary>Removes <paramref name="name"/> if <paramref name="connection"/> holds it (a late leave never removes a newer holder).</summary>
    ValueTask<bool> LeaveAsync(string name, int connection);
}

/// <summary>The <c>asyncio.Lock</c> analogue: a <see cref="SemaphoreSlim"/>(1, 1) awaited around every operation.</summary>
public sealed class SemaphoreSlimUserTable : IUserTable, IDisposable
{
    private readonly Dictionary<string, int> _users = new(StringComparer.Ordinal);
    private readonly SemaphoreSlim _gate = new(1, 1);
    private readonly bool _captureContext;

    /// <summary>A table whose awaits resume anywhere (<paramref name="captureContext"/> false) or on the caller's context.</summary>
    /// <param name="captureContext">True on an event loop: every resumption goes back to its one thread, as asyncio's does.</param>
    public SemaphoreSlimUserTable(bool captureContext = false) => _captureContext = captureContext;

    /// <inheritdoc/>
    public string Name => "SemaphoreSlim(1, 1) awaited";

    /// <inheritdoc/>
    public bool AwaitsInside => true;

    /// <inheritdoc/>
    public int Count => _users.Count;

    /// <inheritdoc/>
    public async ValueTask<bool> JoinAsync(string name, int connection, Func<ValueTask>? welcome = null)
    {
        await _gate.WaitAsync().ConfigureAwait(_captureContext);
        try
        {
            if (_users.ContainsKey(name))
            {
                return false;
            }
            if (welcome is not null)
            {
                await welcome().ConfigureAwait(_captureContext);
            }
            _users[name] = connection;
            return true;
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <inheritdoc/>
    public async ValueTask<int?> LookupAsync(string name)
    {
        await _gate.WaitAsync().ConfigureAwait(_captureContext);
        try
        {
            return _users.TryGetValue(name, out int connection) ? connection : null;
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <inheritdoc/>
    public async ValueTask<bool> LeaveAsync(string name, int connection)
    {
        await _gate.WaitAsync().ConfigureAwait(_captureContext);
        try
        {
            return _users.TryGetValue(name, out int holder) && holder == connection && _users.Remove(name);
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <inheritdoc/>
    public void Dispose() => _gate.Dispose();
}

/// <summary>The shape every synchronous lock shares: check and insert under the lock, the welcome after it.</summary>
public abstract class SynchronousUserTable : IUserTable
{
    private readonly Dictionary<string, int> _users = new(StringComparer.Ordinal);

    /// <inheritdoc/>
    public abstract string Name { get; }

    /// <inheritdoc/>
    public bool AwaitsInside => false;

    /// <inheritdoc/>
    public int Count => Guarded(() => _users.Count);

    /// <summary>Runs <paramref name="body"/> holding the lock.</summary>
    protected abstract T Guarded<T>(Func<T> body);

    /// <inheritdoc/>
    public async ValueTask<bool> JoinAsync(string name, int connection, Func<ValueTask>? welcome = null)
    {
        if (!Guarded(() => _users.TryAdd(name, connection)))
        {
            return false;
        }
        if (welcome is not null)
        {
            await welcome().ConfigureAwait(false);
        }
        return true;
    }

    /// <inheritdoc/>
    public ValueTask<int?> LookupAsync(string name) =>
        ValueTask.FromResult(Guarded(() => _users.TryGetValue(name, out int connection) ? connection : (int?)null));

    /// <inheritdoc/>
    public ValueTask<bool> LeaveAsync(string name, int connection) =>
        ValueTask.FromResult(Guarded(() => _users.TryGetValue(name, out int holder) && holder == connection && _users.Remove(name)));
}

/// <summary>C#'s <c>lock</c> statement on an object (<see cref="Monitor"/>).</summary>
public sealed class MonitorUserTable : SynchronousUserTable
{
    private readonly object _gate = new();

    /// <inheritdoc/>
    public override string Name => "lock (Monitor)";

    /// <inheritdoc/>
    protected override T Guarded<T>(Func<T> body)
    {
        ArgumentNullException.ThrowIfNull(body);
        lock (_gate)
        {
            return body();
        }
    }
}

#if NET9_0_OR_GREATER
/// <summary>C#'s <c>lock</c> statement on a <see cref="System.Threading.Lock"/> (.NET 9 and later).</summary>
public sealed class ThreadingLockUserTable : SynchronousUserTable
{
    private readonly Lock _gate = new();

    /// <inheritdoc/>
    public override string Name => "System.Threading.Lock";

    /// <inheritdoc/>
    protected override T Guarded<T>(Func<T> body)
    {
        ArgumentNullException.ThrowIfNull(body);
        lock (_gate)
        {
            return body();
        }
    }
}
#endif

/// <summary>No lock: a <see cref="ConcurrentDictionary{TKey, TValue}"/>, whose TryAdd is the atomic check-and-insert.</summary>
public sealed class ConcurrentDictionaryUserTable : IUserTable
{
    private readonly ConcurrentDictionary<string, int> _users = new(StringComparer.Ordinal);

    /// <inheritdoc/>
    public string Name => "ConcurrentDictionary, no lock";

    /// <inheritdoc/>
    public bool AwaitsInside => false;

    /// <inheritdoc/>
    public int Count => _users.Count;

    /// <inheritdoc/>
    public async ValueTask<bool> JoinAsync(string name, int connection, Func<ValueTask>? welcome = null)
    {
        if (!_users.TryAdd(name, connection))
        {
            return false;
        }
        if (welcome is not null)
        {
            await welcome().ConfigureAwait(false);
        }
        return true;
    }

    /// <inheritdoc/>
    public ValueTask<int?> LookupAsync(string name) =>
        ValueTask.FromResult(_users.TryGetValue(name, out int connection) ? connection : (int?)null);

    /// <inheritdoc/>
    public ValueTask<bool> LeaveAsync(string name, int connection) =>
        ValueTask.FromResult(_users.TryRemove(new KeyValuePair<string, int>(name, connection)));
}

/// <summary>
/// A single owner: one task reads commands from a channel and alone touches the table, so no lock exists. Every
/// operation is a message and a reply; the welcome is awaited by the owner, so the next command waits for it.
/// </summary>
public sealed class ActorUserTable : IUserTable, IAsyncDisposable
{
    private readonly Dictionary<string, int> _users = new(StringComparer.Ordinal);
    private readonly Channel<Command> _inbox = Channel.CreateUnbounded<Command>(new UnboundedChannelOptions { SingleReader = true });
    private readonly Task _owner;
    private int _count;

    /// <summary>Starts the owner task on the thread pool.</summary>
    public ActorUserTable() => _owner = Task.Run(OwnAsync);

    /// <inheritdoc/>
    public string Name => "single-owner actor (channel)";

    /// <inheritdoc/>
    public bool AwaitsInside => true;

    /// <inheritdoc/>
    public int Count => Volatile.Read(ref _count);

    /// <inheritdoc/>
    public async ValueTask<bool> JoinAsync(string name, int connection, Func<ValueTask>? welcome = null) =>
        await Ask(new Command(Operation.Join, name, connection, welcome)).ConfigureAwait(false) is not null;

    /// <inheritdoc/>
    public async ValueTask<int?> LookupAsync(string name) =>
        await Ask(new Command(Operation.Lookup, name, 0, null)).ConfigureAwait(false);

    /// <inheritdoc/>
    public async ValueTask<bool> LeaveAsync(string name, int connection) =>
        await Ask(new Command(Operation.Leave, name, connection, null)).ConfigureAwait(false) is not null;

    /// <summary>Stops the owner after the commands already sent.</summary>
    public async ValueTask DisposeAsync()
    {
        _inbox.Writer.TryComplete();
        await _owner.ConfigureAwait(false);
    }

    private Task<int?> Ask(Command command)
    {
        ObjectDisposedException.ThrowIf(!_inbox.Writer.TryWrite(command), this);
        return command.Reply.Task;
    }

    private async Task OwnAsync()
    {
        await foreach (Command command in _inbox.Reader.ReadAllAsync().ConfigureAwait(false))
        {
            try
            {
                command.Reply.TrySetResult(await HandleAsync(command).ConfigureAwait(false));
            }
            catch (Exception failure)
            {
                // A failed welcome fails that join only; the owner goes on serving the others.
                command.Reply.TrySetException(failure);
            }
        }
    }

    // The reply is null for "no" (name taken, not found, not the holder) and the connection otherwise.
    private async ValueTask<int?> HandleAsync(Command command)
    {
        switch (command.Operation)
        {
            case Operation.Join:
                if (_users.ContainsKey(command.Name))
                {
                    return null;
                }
                if (command.Welcome is not null)
                {
                    await command.Welcome().ConfigureAwait(false);
                }
                _users[command.Name] = command.Connection;
                Volatile.Write(ref _count, _users.Count);
                return command.Connection;
            case Operation.Lookup:
                return _users.TryGetValue(command.Name, out int holder) ? holder : null;
            default:
                if (_users.TryGetValue(command.Name, out int current) && current == command.Connection && _users.Remove(command.Name))
                {
                    Volatile.Write(ref _count, _users.Count);
                    return command.Connection;
                }
                return null;
        }
    }

    private enum Operation
    {
        Join,
        Lookup,
        Leave,
    }

    private sealed record Command(Operation Operation, string Name, int Connection, Func<ValueTask>? Welcome)
    {
        // Completed by the owner; continuations run elsewhere, so a slow caller never stalls the owner.
        public TaskCompletionSource<int?> Reply { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }
}

/// <summary>
/// Wrong on purpose: the article's join with its lock taken away (check, await the welcome, insert). Not a model to
/// measure: the tests use it to show that their stress test can see a lost update.
/// </summary>
public sealed class UnguardedUserTable : IUserTable
{
    private readonly ConcurrentDictionary<string, int> _users = new(StringComparer.Ordinal);

    /// <inheritdoc/>
    public string Name => "no guard (wrong)";

    /// <inheritdoc/>
    public bool AwaitsInside => true;

    /// <inheritdoc/>
    public int Count => _users.Count;

    /// <inheritdoc/>
    public async ValueTask<bool> JoinAsync(string name, int connection, Func<ValueTask>? welcome = null)
    {
        if (_users.ContainsKey(name))
        {
            return false;
        }
        if (welcome is not null)
        {
            await welcome().ConfigureAwait(false);
        }
        _users[name] = connection;
        return true;
    }

    /// <inheritdoc/>
    public ValueTask<int?> LookupAsync(string name) =>
        ValueTask.FromResult(_users.TryGetValue(name, out int connection) ? connection : (int?)null);

    /// <inheritdoc/>
    public ValueTask<bool> LeaveAsync(string name, int connection) =>
        ValueTask.FromResult(_users.TryRemove(new KeyValuePair<string, int>(name, connection)));
}
