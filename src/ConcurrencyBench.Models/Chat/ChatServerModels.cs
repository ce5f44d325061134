using System.Collections.Concurrent;
using System.Net.Sockets;
using System.Text;
using System.Threading.Channels;
using ConcurrencyBench.Models.SharedState;

namespace ConcurrencyBench.Models.Chat;

/// <summary>
/// Async sockets on the thread pool: every read and write awaited, a coroutine per connection and one per outbox,
/// continuations wherever the pool runs them; the user table under an awaited <see cref="SemaphoreSlim"/>.
/// </summary>
public class AsyncChatServer : ChatServer
{
    private readonly bool _captureContext;
    private readonly ConcurrentDictionary<int, Task> _connections = new();
    private Task _serving = Task.CompletedTask;

    /// <summary>A server on the thread pool.</summary>
    public AsyncChatServer(ChatServerOptions options)
        : this(options, new SemaphoreSlimUserTable(), captureContext: false)
    {
    }

    /// <summary>A server whose coroutines resume on the context they started on (<paramref name="captureContext"/>) or anywhere.</summary>
    protected AsyncChatServer(ChatServerOptions options, IUserTable users, bool captureContext)
        : base(options, users) => _captureContext = captureContext;

    /// <inheritdoc/>
    public override string Name => "async sockets on the thread pool";

    /// <inheritdoc/>
    protected override void StartServing(TcpListener listener) => _serving = AcceptLoopAsync(listener);

    /// <inheritdoc/>
    protected override async Task StopServingAsync(TimeSpan timeout)
    {
        try
        {
            await _serving.WaitAsync(timeout).ConfigureAwait(false);
        }
        catch (TimeoutException)
        {
            Fault($"connections still open {timeout.TotalSeconds:0} s after stopping");
        }
    }

    /// <summary>Accepts until the listener stops, then waits for every connection it started.</summary>
    protected async Task AcceptLoopAsync(TcpListener listener)
    {
        ArgumentNullException.ThrowIfNull(listener);
        while (true)
        {
            Socket socket;
            try
            {
                socket = await listener.AcceptSocketAsync().ConfigureAwait(_captureContext);
            }
            catch (Exception stopped) when (stopped is SocketException or ObjectDisposedException or InvalidOperationException)
            {
                break;
            }
            var outbox = new ChannelOutbox(Options.OutboxLines);
            if (Admit(socket, outbox) is Member member)
            {
                _connections[member.Id] = ServeAsync(member, outbox);
            }
        }
        await Task.WhenAll(_connections.Values).ConfigureAwait(_captureContext);
    }

    private async Task ServeAsync(Member member, ChannelOutbox outbox)
    {
        try
        {
            using var stream = new NetworkStream(member.Socket, ownsSocket: false);
            Task writer = WriteLoopAsync(member, outbox, stream);
            var reader = new LineReader(stream, Options.MaxLineBytes);
            try
            {
                while (true)
                {
                    LineRead read;
                    try
                    {
                        read = await reader.ReadAsync(_captureContext, Options.IdleTimeout, Options.LineTimeout).ConfigureAwait(_captureContext);
                    }
                    catch (Exception gone) when (gone is IOException or ObjectDisposedException or SocketException)
                    {
                        ReadFailed(member, reader);
                        break;
                    }
                    if (!await HandleAsync(member, read, _captureContext).ConfigureAwait(_captureContext))
                    {
                        break;
                    }
                }
            }
            finally
            {
                // Out of the room and the table at once; what is queued (an ERROR line, say) goes out first, for as long
                // as the client reads it.
                await DepartAsync(member, _captureContext).ConfigureAwait(_captureContext);
                outbox.Complete();
                await Task.WhenAny(writer, Task.Delay(TimeSpan.FromSeconds(2))).ConfigureAwait(_captureContext);
                await LeaveAsync(member, _captureContext).ConfigureAwait(_captureContext);
                await writer.ConfigureAwait(_captureContext);
            }
        }
        finally
        {
            _connections.TryRemove(member.Id, out _);
        }
    }

    // One writer per connection: it alone writes the socket, batching whatever is queued into one write.
    private async Task WriteLoopAsync(Member member, ChannelOutbox outbox, NetworkStream stream)
    {
        var batch = new StringBuilder();
        try
        {
            while (await outbox.Lines.WaitToReadAsync().ConfigureAwait(_captureContext))
            {
                batch.Clear();
                while (batch.Length < 64 * 1024 && outbox.Lines.TryRead(out string? line))
                {
                    batch.Append(line).Append('\n');
                }
                await stream.WriteAsync(Encoding.UTF8.GetBytes(batch.ToString())).ConfigureAwait(_captureContext);
            }
        }
        catch (Exception gone) when (gone is IOException or ObjectDisposedException or SocketException or OperationCanceledException)
        {
            member.Close();
        }
    }

    private sealed class ChannelOutbox(int capacity) : Outbox
    {
        private readonly Channel<string> _lines = Channel.CreateBounded<string>(new BoundedChannelOptions(capacity) { SingleReader = true });
        private int _completed;

        public ChannelReader<string> Lines => _lines.Reader;

        public override bool TryEnqueue(string line) => _lines.Writer.TryWrite(line);

        public override async ValueTask<Enqueued> EnqueueAsync(string line, TimeSpan patience, bool captureContext)
        {
            if (_lines.Writer.TryWrite(line))
            {
                return Enqueued.Queued;
            }
            if (Volatile.Read(ref _completed) != 0)
            {
                return Enqueued.Closed;
            }
            // Room frees as the writer takes lines: wait for it, at most the patience, then say the outbox stayed full.
            using var wait = new CancellationTokenSource(patience);
            try
            {
                while (await _lines.Writer.WaitToWriteAsync(wait.Token).ConfigureAwait(captureContext))
                {
                    if (_lines.Writer.TryWrite(line))
                    {
                        return Enqueued.Queued;
                    }
                }
                return Enqueued.Closed;
            }
            catch (OperationCanceledException) when (wait.IsCancellationRequested)
            {
                return Volatile.Read(ref _completed) != 0 ? Enqueued.Closed : Enqueued.Full;
            }
        }

        public override void Complete()
        {
            Volatile.Write(ref _completed, 1);
            _lines.Writer.TryComplete();
        }
    }
}

/// <summary>
/// The asyncio model: the same coroutines as <see cref="AsyncChatServer"/>, every continuation on one event-loop thread
/// (<see cref="EventLoop"/>), the user table under a <see cref="SemaphoreSlim"/> that resumes on the loop too.
/// </summary>
public sealed class EventLoopChatServer : AsyncChatServer
{
    /// <summary>A server on its own event-loop thread.</summary>
    public EventLoopChatServer(ChatServerOptions options)
        : base(options, new SemaphoreSlimUserTable(captureContext: true), captureContext: true)
    {
    }

    /// <inheritdoc/>
    public override string Name => "single-thread event loop";

    /// <inheritdoc/>
    protected override void StartServing(TcpListener listener)
    {
        ArgumentNullException.ThrowIfNull(listener);
        Loop = EventLoop.RunAsync(() => AcceptLoopAsync(listener));
    }

    /// <inheritdoc/>
    protected override async Task StopServingAsync(TimeSpan timeout)
    {
        try
        {
            await Loop.WaitAsync(timeout).ConfigureAwait(false);
        }
        catch (TimeoutException)
        {
            Fault($"the event loop still ran {timeout.TotalSeconds:0} s after stopping");
        }
    }

    private Task Loop { get; set; } = Task.CompletedTask;
}

/// <summary>
/// A thread per connection with blocking reads (and one more per connection for its blocking writes, so that a slow
/// client blocks only its own writer), the user table under <c>lock</c>.
/// </summary>
public sealed class ThreadPerConnectionChatServer : ChatServer
{
    private readonly ConcurrentDictionary<int, Thread[]> _threads = new();
    private Thread? _acceptor;

    /// <summary>A server with a thread per connection.</summary>
    public ThreadPerConnectionChatServer(ChatServerOptions options)
        : base(options, new MonitorUserTable())
    {
    }

    /// <inheritdoc/>
    public override string Name => "thread per connection";

    /// <inheritdoc/>
    protected override void StartServing(TcpListener listener)
    {
        ArgumentNullException.ThrowIfNull(listener);
        _acceptor = new Thread(() => AcceptLoop(listener)) { IsBackground = true, Name = "chat accept" };
        _acceptor.Start();
    }

    /// <inheritdoc/>
    protected override Task StopServingAsync(TimeSpan timeout) => Task.Run(() =>
    {
        DateTime until = DateTime.UtcNow + timeout;
        bool Join(Thread thread) => thread.Join(Max(until - DateTime.UtcNow, TimeSpan.Zero));
        bool stopped = _acceptor is null || Join(_acceptor);
        // Connections that ended remove their threads; the rest end as their sockets close.
        while (stopped && !_threads.IsEmpty && DateTime.UtcNow < until)
        {
            foreach (Thread thread in _threads.Values.SelectMany(t => t))
            {
                stopped &= Join(thread);
            }
            if (!_threads.IsEmpty)
            {
                Thread.Sleep(10);
            }
        }
        if (!stopped || !_threads.IsEmpty)
        {
            Fault($"threads still running {timeout.TotalSeconds:0} s after stopping");
        }
    });

    private static TimeSpan Max(TimeSpan a, TimeSpan b) => a > b ? a : b;

    private void AcceptLoop(TcpListener listener)
    {
        while (true)
        {
            Socket socket;
            try
            {
                socket = listener.AcceptSocket();
            }
            catch (Exception stopped) when (stopped is SocketException or ObjectDisposedException or InvalidOperationException)
            {
                return;
            }
            var outbox = new BlockingOutbox(Options.OutboxLines);
            if (Admit(socket, outbox) is not Member member)
            {
                continue;
            }
            var stream = new NetworkStream(socket, ownsSocket: false);
            var writer = new Thread(() => WriteLoop(member, outbox, stream)) { IsBackground = true, Name = $"chat write {member.Id}" };
            var reader = new Thread(() => ReadLoop(member, outbox, stream, writer)) { IsBackground = true, Name = $"chat read {member.Id}" };
            _threads[member.Id] = [reader, writer];
            writer.Start();
            reader.Start();
        }
    }

    private void ReadLoop(Member member, BlockingOutbox outbox, NetworkStream stream, Thread writer)
    {
        try
        {
            var reader = new LineReader(stream, Options.MaxLineBytes);
            while (true)
            {
                LineRead read;
                try
                {
                    read = reader.Read(Options.IdleTimeout, Options.LineTimeout);
                }
                catch (Exception gone) when (gone is IOException or ObjectDisposedException or SocketException)
                {
                    ReadFailed(member, reader);
                    break;
                }
                // The table is under a lock and the outbox never waits: this completes on this thread.
                if (!HandleAsync(member, read, captureContext: false).AsTask().GetAwaiter().GetResult())
                {
                    break;
                }
            }
        }
        finally
        {
            // Out of the room and the table at once; then what is queued goes out, for as long as the client reads it.
            DepartAsync(member, captureContext: false).AsTask().GetAwaiter().GetResult();
            outbox.Complete();
            writer.Join(TimeSpan.FromSeconds(2));
            LeaveAsync(member, captureContext: false).AsTask().GetAwaiter().GetResult();
            writer.Join();
            stream.Dispose();
            _threads.TryRemove(member.Id, out _);
        }
    }

    private static void WriteLoop(Member member, BlockingOutbox outbox, NetworkStream stream)
    {
        try
        {
            foreach (string line in outbox.Lines.GetConsumingEnumerable())
            {
                stream.Write(ChatProtocol.Encode(line));
            }
        }
        catch (Exception gone) when (gone is IOException or ObjectDisposedException or SocketException or InvalidOperationException)
        {
            member.Close();
        }
    }

    private sealed class BlockingOutbox(int capacity) : Outbox
    {
        public BlockingCollection<string> Lines { get; } = new(capacity);

        public override bool TryEnqueue(string line)
        {
            try
            {
                return Lines.TryAdd(line);
            }
            catch (InvalidOperationException)
            {
                return false;
            }
        }

        // Blocks the calling reader thread (the sender's) while the outbox is full, at most the patience.
        public override ValueTask<Enqueued> EnqueueAsync(string line, TimeSpan patience, bool captureContext)
        {
            try
            {
                return ValueTask.FromResult(Lines.TryAdd(line, patience) ? Enqueued.Queued : Lines.IsAddingCompleted ? Enqueued.Closed : Enqueued.Full);
            }
            catch (InvalidOperationException)
            {
                return ValueTask.FromResult(Enqueued.Closed);
            }
        }

        public override void Complete()
        {
            try
            {
                Lines.CompleteAdding();
            }
            catch (ObjectDisposedException)
            {
            }
        }
    }
}
