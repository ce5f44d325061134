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

    /// <summary>Lines queued for one client at most; a client that does not read past it is disconnected (a slow consumer).</summary>
    public int OutboxLines { get; init; } = 1024;

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
    /// overlong line, the peer gone).
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
        }
        ChatCommand command = ChatProtocol.Parse(read.Text!);
        switch (command.Kind)
        {
            case ChatCommandKind.Quit:
                return false;
            case ChatCommandKind.Malformed:
                Fault($"connection {member.Id} sent a malformed line: {command.Text}");
                return Send(member, $"ERROR {command.Text}");
            case ChatCommandKind.Join when member.Name is not null:
                return Send(member, "ERROR already joined");
            case ChatCommandKind.Join:
                // The welcome goes out inside the table's critical section where the guard allows it: the name stays
                // reserved until its client has been told. The member is in its room before the welcome is queued: a
                // line another member sends once this client has its WELCOME must reach it (the load generator starts
                // sending as soon as every client has been welcomed).
                bool joined = await Users.JoinAsync(command.Name, member.Id, () =>
                {
                    member.Name = command.Name;
                    member.Room = command.Room;
                    _rooms.GetOrAdd(command.Room, _ => new ConcurrentDictionary<int, Member>())[member.Id] = member;
                    member.Outbox.TryEnqueue($"WELCOME {command.Room} {command.Name}");
                    return ValueTask.CompletedTask;
                }).ConfigureAwait(captureContext);
                return joined || Send(member, $"TAKEN {command.Name}");
            case ChatCommandKind.Say when member.Name is null:
                return Send(member, "ERROR join first");
            default:
                Broadcast(member, $"FROM {member.Name} {command.Text}");
                return true;
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
        if (member.Room is string room && _rooms.TryGetValue(room, out var members))
        {
            members.TryRemove(member.Id, out _);
        }
        if (member.Name is string name)
        {
            await Users.LeaveAsync(name, member.Id).ConfigureAwait(captureContext);
        }
        _members.TryRemove(member.Id, out _);
        Interlocked.Decrement(ref _open);
    }

    /// <summary>Logs one fault line.</summary>
    protected void Fault(string what)
    {
        Interlocked.Increment(ref _faults);
        Options.Log?.Invoke($"{Name}: {what}");
    }

    private bool Send(Member member, string line)
    {
        if (member.Outbox.TryEnqueue(line))
        {
            return true;
        }
        Fault($"connection {member.Id} does not read its lines ({Options.OutboxLines} queued); closing it");
        return false;
    }

    // Every other member of the room gets the line in its outbox; one whose outbox is full is a slow consumer and is
    // closed, so that it cannot hold the room back.
    private void Broadcast(Member sender, string line)
    {
        if (!_rooms.TryGetValue(sender.Room!, out var members))
        {
            return;
        }
        foreach (Member member in members.Values)
        {
            if (member.Id != sender.Id && !member.Outbox.TryEnqueue(line) && !member.IsClosed)
            {
                Fault($"connection {member.Id} does not read its lines ({Options.OutboxLines} queued); closing it");
                member.Close();
            }
        }
    }

    /// <summary>The lines waiting to be written to one client, bounded.</summary>
    public abstract class Outbox
    {
        /// <summary>Queues a line; false when the queue is full or closed.</summary>
        public abstract bool TryEnqueue(string line);

        /// <summary>Lets the writer finish: no more lines.</summary>
        public abstract void Complete();
    }

    /// <summary>One connection.</summary>
    public sealed class Member
    {
        private int _closed;
        private int _retired;

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
    }
}
