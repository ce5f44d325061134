using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using ConcurrencyBench.Models.SharedState;

namespace ConcurrencyBench.Models.Chat;

/// <summary>The limits that keep a chat server bounded whatever its clients do.</summary>
public sealed record ChatServerOptions
{
    /// <summary>Open connections at most; one more is told <c>ERROR server-full</c> and closed.</summary>
    public int MaxConnections { get; init; } = 2000;

    /// <summary>The longest line a client may send; a longer one closes its connection.</summary>
    public int MaxLineBytes { get; init; } = 1024;

    /// <summary>
    /// Lines queued for one client at most. A line for a client whose outbox is full waits (and so does its sender,
    /// whose connection is not read meanwhile: a client that sends faster than its room reads is slowed down by TCP);
    /// a client whose outbox stays full for <see cref="SlowConsumerTimeout"/> does not read, and is disconnected.
    /// </summary>
    public int OutboxLines { get; init; } = 1024;

    /// <summary>How long a client's full outbox may take no line before the client is cut off as a slow consumer.</summary>
    public TimeSpan SlowConsumerTimeout { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>How long a line may take from its first byte to its end; a client trickling bytes is closed after it.</summary>
    public TimeSpan LineTimeout { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>How long a connection may send no line; an idle one is closed, so idle clients cannot hold every slot.</summary>
    public TimeSpan IdleTimeout { get; init; } = TimeSpan.FromMinutes(5);

    /// <summary>Where the server writes one line per fault (none when null).</summary>
    public Action<string>? Log { get; init; }
}

/// <summary>What a server has done so far.</summary>
/// <param name="Accepted">Connections accepted.</param>
/// <param name="Refused">Connections refused because the server was full.</param>
/// <param name="Faults">Faults logged (malformed or overlong lines, mid-line disconnects, slow consumers, refusals).</param>
/// <param name="Open">Connections open now.</param>
public readonly record struct ChatServerStats(int Accepted, int Refused, int Faults, int Open);

/// <summary>
/// A chat server on 127.0.0.1 speaking <see cref="ChatProtocol"/>: rooms of members, every SAY sent to the room's
/// other members through each member's bounded outbox, user names held in an <see cref="IUserTable"/>. The subclasses
/// differ only in how they wait: on async sockets, on a thread per connection, or on one event-loop thread.
/// </summary>
public abstract class ChatServer : IAsyncDisposable
{
    private readonly ConcurrentDictionary<string, ConcurrentDictionary<int, Member>> _rooms = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<int, Member> _members = new();
    private TcpListener? _listener;
    private int _nextId;
    private int _accepted;
    private int _refused;
    private int _faults;
    private int _open;

    /// <summary>A server with <paramref name="options"/> whose names are held in <paramref name="users"/>.</summary>
    protected ChatServer(ChatServerOptions options, IUserTable users)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(users);
        ArgumentOutOfRangeException.ThrowIfLessThan(options.MaxConnections, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(options.MaxLineBytes, 16);
        ArgumentOutOfRangeException.ThrowIfLessThan(options.OutboxLines, 1);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(options.SlowConsumerTimeout, TimeSpan.Zero);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(options.LineTimeout, TimeSpan.Zero);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(options.IdleTimeout, TimeSpan.Zero);
        Options = options;
        Users = users;
    }

    /// <summary>The server model's name, as the README and the charts use it.</summary>
    public abstract string Name { get; }

    /// <summary>The limits.</summary>
    public ChatServerOptions Options { get; }

    /// <summary>The user table.</summary>
    public IUserTable Users { get; }

    /// <summary>Where the server listens (after <see cref="Start(int)"/>).</summary>
    public IPEndPoint EndPoint => (IPEndPoint?)_listener?.LocalEndpoint ?? throw new InvalidOperationException("the server has not started");

    /// <summary>What the server has done so far.</summary>
    public ChatServerStats Stats => new(Volatile.Read(ref _accepted), Volatile.Read(ref _refused), Volatile.Read(ref _faults), Volatile.Read(ref _open));

    /// <summary>Listens on 127.0.0.1 (loopback only) and <paramref name="port"/> (0: an ephemeral port) and starts serving.</summary>
    public void Start(int port = 0) => Start(IPAddress.Loopback, port);

    /// <summary>
    /// Listens on <paramref name="address"/> and <paramref name="port"/> (0: an ephemeral port) and starts serving: an
    /// address other than loopback is for a load generator on another machine (<c>cbench chat-server --bind</c>).
    /// </summary>
    public void Start(IPAddress address, int port)
    {
        ArgumentNullException.ThrowIfNull(address);
        if (_listener is not null)
        {
            throw new InvalidOperationException("the server has already started");
        }
        _listener = new TcpListener(address, port);
        _listener.Start(backlog: 1024);
        StartServing(_listener);
    }

    /// <summary>Stops accepting, closes every connection and waits (bounded) for every connection's work to end.</summary>
    public async Task StopAsync(TimeSpan? timeout = null)
    {
        _listener?.Stop();
        foreach (Member member in _members.Values)
        {
            member.Close();
        }
        await StopServingAsync(timeout ?? TimeSpan.FromSeconds(30)).ConfigureAwait(false);
    }

    /// <inheritdoc/>
    public async ValueTask DisposeAsync()
    {
        await StopAsync().ConfigureAwait(false);
        GC.SuppressFinalize(this);
    }

    /// <summary>Starts the accept loop on <paramref name="listener"/>, however the model waits.</summary>
    protected abstract void StartServing(TcpListener listener);

    /// <summary>Waits for the accept loop and every connection to end, at most <paramref name="timeout"/>.</summary>
    protected abstract Task StopServingAsync(TimeSpan timeout);

    /// <summary>
    /// Admits a new connection, or refuses it (one line, then closed) when the server is full; returns the member to
    /// serve, or null.
    /// </summary>
    protected Member? Admit(Socket socket, Outbox outbox)
    {
        ArgumentNullException.ThrowIfNull(socket);
        ArgumentNullException.ThrowIfNull(outbox);
        socket.NoDelay = true;
        if (Interlocked.Increment(ref _open) > Options.MaxConnections)
        {
            Interlocked.Decrement(ref _open);
            Interlocked.Increment(ref _refused);
            Fault($"refused a connection from {socket.RemoteEndPoint}: {Options.MaxConnections} connections open");
            try
            {
                // Best effort, never waiting: a client that does not read this line still gets the close.
                socket.Blocking = false;
                socket.Send(ChatProtocol.Encode("ERROR server-full"), SocketFlags.None, out _);
            }
            catch (SocketException)
            {
            }
            catch (ObjectDisposedException)
            {
            }
            socket.Dispose();
            return null;
        }
        Interlocked.Increment(ref _accepted);
        var member = new Member(Interlocked.Increment(ref _nextId), socket, outbox);
        _members[member.Id] = member;
        return member;
    }

    /// <summary>
    /// Handles one read: a command, or how the connection ended. False when the connection is to be closed (QUIT, an
    /// overlong line, a deadline passed, the peer gone).
    /// </summary>
    protected async ValueTask<bool> HandleAsync(Member member, LineRead read, bool captureContext)
    {
        ArgumentNullException.ThrowIfNull(member);
        switch (read.Status)
        {
            case LineStatus.End:
                return false;
            case LineStatus.EndMidLine:
                Fault($"connection {member.Id} closed in the middle of a line");
                return false;
            case LineStatus.TooLong:
                Fault($"connection {member.Id} sent a line longer than {Options.MaxLineBytes} bytes; closing it");
                member.Outbox.TryEnqueue("ERROR line-too-long");
                return false;
            case LineStatus.LineTimeout:
                Fault($"connection {member.Id} did not finish a line within {Options.LineTimeout.TotalSeconds:0.###} s; closing it");
                member.Outbox.TryEnqueue("ERROR line-timeout");
                return false;
            case LineStatus.IdleTimeout:
                Fault($"connection {member.Id} sent no line for {Options.IdleTimeout.TotalSeconds:0.###} s; closing it");
                member.Outbox.TryEnqueue("ERROR idle-timeout");
                return false;
        }
        ChatCommand command = ChatProtocol.Parse(read.Text!);
        switch (command.Kind)
        {
            case ChatCommandKind.Quit:
                return false;
            case ChatCommandKind.Malformed:
                Fault($"connection {member.Id} sent a malformed line: {command.Text}");
                return await DeliverAsync(member, $"ERROR {command.Text}", captureContext).ConfigureAwait(captureContext);
            case ChatCommandKind.Join when member.Name is not null:
                return await DeliverAsync(member, "ERROR already joined", captureContext).ConfigureAwait(captureContext);
            case ChatCommandKind.Join:
                // The welcome goes out inside the table's critical section where the guard allows it: the name stays
                // reserved until its client has been told. The member is in its room before the welcome is queued: a
                // line another member sends once this client has its WELCOME must reach it (the load generator starts
                // sending as soon as every client has been welcomed). And no line reaches it before its WELCOME: a
                // broadcast meets it either before it is welcomed (the line is not its) or after (queued behind the
                // welcome; Member.Welcome).
                ValueTask<bool> Join() => Users.JoinAsync(command.Name, member.Id, () =>
                {
                    member.Name = command.Name;
                    member.Room = command.Room;
                    _rooms.GetOrAdd(command.Room, _ => new ConcurrentDictionary<int, Member>())[member.Id] = member;
                    member.Welcome($"WELCOME {command.Room} {command.Name}");
                    return ValueTask.CompletedTask;
                });
                bool joined = await Join().ConfigureAwait(captureContext);
                // A name held by a connection that is already gone (reset or closed, its end not yet seen by its own
                // reader) is freed now: a client rejoining right after a reset is welcomed, not refused.
                if (!joined && await EvictGoneHolderAsync(command.Name, captureContext).ConfigureAwait(captureContext))
                {
                    joined = await Join().ConfigureAwait(captureContext);
                }
                return joined || await DeliverAsync(member, $"TAKEN {command.Name}", captureContext).ConfigureAwait(captureContext);
            case ChatCommandKind.Say when member.Name is null:
                return await DeliverAsync(member, "ERROR join first", captureContext).ConfigureAwait(captureContext);
            default:
                await BroadcastAsync(member, $"FROM {member.Name} {command.Text}", captureContext).ConfigureAwait(captureContext);
                return true;
        }
    }

    /// <summary>
    /// A read that failed (the peer reset the connection, or the server closed it): a reset in the middle of a line is
    /// a fault, as a close there is; one between lines, or the server's own close, is not.
    /// </summary>
    protected void ReadFailed(Member member, LineReader reader)
    {
        ArgumentNullException.ThrowIfNull(member);
        ArgumentNullException.ThrowIfNull(reader);
        if (reader.HasPartialLine && !member.IsClosed)
        {
            Fault($"connection {member.Id} was reset in the middle of a line");
        }
    }

    /// <summary>
    /// Takes a member out of its room and frees its name, at once when its reading ends (before what is queued for
    /// it is written out): no line waits for a member that has left, and its name can be taken again. Harmless to
    /// repeat.
    /// </summary>
    protected async ValueTask DepartAsync(Member member, bool captureContext)
    {
        ArgumentNullException.ThrowIfNull(member);
        member.Depart();
        if (member.Room is string room && _rooms.TryGetValue(room, out var members))
        {
            members.TryRemove(member.Id, out _);
        }
        if (member.Name is string name)
        {
            await Users.LeaveAsync(name, member.Id).ConfigureAwait(captureContext);
        }
    }

    /// <summary>Takes a closed connection out of its room, the user table and the server, once.</summary>
    protected async ValueTask LeaveAsync(Member member, bool captureContext)
    {
        ArgumentNullException.ThrowIfNull(member);
        if (!member.TryRetire())
        {
            return;
        }
        member.Close();
        await DepartAsync(member, captureContext).ConfigureAwait(captureContext);
        _members.TryRemove(member.Id, out _);
        Interlocked.Decrement(ref _open);
    }

    // The holder of a name, when its connection is already gone: it departs now (its reader closes it for good). True
    // when the name may be free now: its holder was gone, or left meanwhile.
    private async ValueTask<bool> EvictGoneHolderAsync(string name, bool captureContext)
    {
        if (await Users.LookupAsync(name).ConfigureAwait(captureContext) is not int holder || !_members.TryGetValue(holder, out Member? member))
        {
            return true;
        }
        if (!member.IsGone)
        {
            return false;
        }
        member.Close();
        await DepartAsync(member, captureContext).ConfigureAwait(captureContext);
        return true;
    }

    /// <summary>Logs one fault line.</summary>
    protected void Fault(string what)
    {
        Interlocked.Increment(ref _faults);
        Options.Log?.Invoke($"{Name}: {what}");
    }

    /// <summary>
    /// Queues a line for a member, waiting while its outbox is full (the caller, and so the connection it reads, waits
    /// with it); a member whose outbox takes no line for <see cref="ChatServerOptions.SlowConsumerTimeout"/> does not
    /// read, and is cut off. A member that has left or is leaving (it sent QUIT) is no fault. False when the line was
    /// not queued.
    /// </summary>
    private async ValueTask<bool> DeliverAsync(Member member, string line, bool captureContext)
    {
        switch (await member.Outbox.EnqueueAsync(line, Options.SlowConsumerTimeout, captureContext).ConfigureAwait(captureContext))
        {
            case Enqueued.Queued:
                return true;
            case Enqueued.Full when !member.IsClosed && !member.HasDeparted:
                Fault($"connection {member.Id} does not read its lines ({Options.OutboxLines} queued, none taken for {Options.SlowConsumerTimeout.TotalSeconds:0.###} s); closing it");
                member.Close();
                return false;
            default:
                return false;
        }
    }

    // Every other member of the room gets the line in its outbox, in turn: the sender waits for each one that is
    // full (its reader takes a line, or it is cut off as a slow consumer), so a sender that outruns its room is slowed
    // down, never its readers cut off.
    private async ValueTask BroadcastAsync(Member sender, string line, bool captureContext)
    {
        if (!_rooms.TryGetValue(sender.Room!, out var members))
        {
            return;
        }
        foreach ((int id, Member member) in members)
        {
            if (id != sender.Id && !member.HasDeparted && member.IsWelcomed)
            {
                await DeliverAsync(member, line, captureContext).ConfigureAwait(captureContext);
            }
        }
    }

    /// <summary>What became of a line offered to an outbox.</summary>
    public enum Enqueued
    {
        /// <summary>Queued for the client.</summary>
        Queued,

        /// <summary>The outbox stayed full for the whole wait: its client does not read.</summary>
        Full,

        /// <summary>The outbox takes no more lines: its client has left or is leaving.</summary>
        Closed,
    }

    /// <summary>The lines waiting to be written to one client, bounded.</summary>
    public abstract class Outbox
    {
        /// <summary>Queues a line if there is room now; false when the queue is full or closed.</summary>
        public abstract bool TryEnqueue(string line);

        /// <summary>
        /// Queues a line, waiting up to <paramref name="patience"/> for room (resuming on the caller's context if
        /// <paramref name="captureContext"/>).
        /// </summary>
        public abstract ValueTask<Enqueued> EnqueueAsync(string line, TimeSpan patience, bool captureContext);

        /// <summary>Lets the writer finish: no more lines.</summary>
        public abstract void Complete();
    }

    /// <summary>One connection.</summary>
    public sealed class Member
    {
        private int _closed;
        private int _retired;
        private int _departed;
        private readonly object _welcome = new();
        private volatile bool _welcomed;

        internal Member(int id, Socket socket, Outbox outbox)
        {
            Id = id;
            Socket = socket;
            Outbox = outbox;
        }

        /// <summary>The connection's number.</summary>
        public int Id { get; }

        /// <summary>Its socket.</summary>
        public Socket Socket { get; }

        /// <summary>Its outbox.</summary>
        public Outbox Outbox { get; }

        /// <summary>Its user name once joined.</summary>
        public string? Name { get; internal set; }

        /// <summary>Its room once joined.</summary>
        public string? Room { get; internal set; }

        /// <summary>Closed (by either side, or by the server).</summary>
        public bool IsClosed => Volatile.Read(ref _closed) != 0;

        /// <summary>Its reading has ended (QUIT, a close, a fault): it is out of its room, its name free.</summary>
        public bool HasDeparted => Volatile.Read(ref _departed) != 0;

        /// <summary>
        /// Closed, or its peer has gone (a reset or a close that its reader has not yet seen: nothing left to read and
        /// the socket readable, as poll(2) reports the end of a connection).
        /// </summary>
        public bool IsGone
        {
            get
            {
                if (IsClosed || HasDeparted)
                {
                    return true;
                }
                try
                {
                    return Socket.Poll(0, SelectMode.SelectRead) && Socket.Available == 0;
                }
                catch (SocketException)
                {
                    return true;
                }
                catch (ObjectDisposedException)
                {
                    return true;
                }
            }
        }

        /// <summary>Closes the socket and the outbox, once: the reader and the writer see the end and stop.</summary>
        public void Close()
        {
            if (Interlocked.Exchange(ref _closed, 1) != 0)
            {
                return;
            }
            Outbox.Complete();
            try
            {
                Socket.Shutdown(SocketShutdown.Both);
            }
            catch (SocketException)
            {
            }
            catch (ObjectDisposedException)
            {
            }
            Socket.Dispose();
        }

        internal bool TryRetire() => Interlocked.Exchange(ref _retired, 1) == 0;

        internal void Depart() => Volatile.Write(ref _departed, 1);

        /// <summary>
        /// True once its WELCOME is queued. A broadcast that finds it being welcomed waits (briefly) for the welcome,
        /// so that its line is queued behind it, never before it.
        /// </summary>
        internal bool IsWelcomed
        {
            get
            {
                if (_welcomed)
                {
                    return true;
                }
                lock (_welcome)
                {
                    return _welcomed;
                }
            }
        }

        // The welcome line and the flag together, under the lock a broadcast checks.
        internal void Welcome(string line)
        {
            lock (_welcome)
            {
                Outbox.TryEnqueue(line);
                _welcomed = true;
            }
        }
    }
}
