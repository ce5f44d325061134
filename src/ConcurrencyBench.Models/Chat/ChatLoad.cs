using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace ConcurrencyBench.Models.Chat;

/// <summary>A chat load: C clients in rooms of a given size, each sending M lines at a fixed rate.</summary>
/// <param name="Clients">Clients C.</param>
/// <param name="LinesPerClient">Lines M each client sends.</param>
/// <param name="LinesPerSecond">Each client's sending rate.</param>
/// <param name="RoomSize">Clients per room (the last room may be smaller).</param>
/// <param name="Timeout">The whole load's limit: lines not delivered by then count as lost.</param>
public sealed record ChatLoadOptions(int Clients, int LinesPerClient, double LinesPerSecond, int RoomSize, TimeSpan Timeout)
{
    /// <summary>Refuses an impossible load with a message naming the problem.</summary>
    public void Validate()
    {
        if (Clients < 2 || Clients > 10_000)
        {
            throw new ArgumentOutOfRangeException(nameof(Clients), Clients, "clients must be 2 to 10,000");
        }
        if (LinesPerClient < 1 || LinesPerClient > 10_000)
        {
            throw new ArgumentOutOfRangeException(nameof(LinesPerClient), LinesPerClient, "lines per client must be 1 to 10,000");
        }
        if (!(LinesPerSecond > 0 && LinesPerSecond <= 1000))
        {
            throw new ArgumentOutOfRangeException(nameof(LinesPerSecond), LinesPerSecond, "the rate must be above 0 and at most 1,000 lines per second");
        }
        if (RoomSize < 2)
        {
            throw new ArgumentOutOfRangeException(nameof(RoomSize), RoomSize, "a room needs at least 2 clients");
        }
        if (Timeout <= TimeSpan.Zero || Timeout > TimeSpan.FromMinutes(10))
        {
            throw new ArgumentOutOfRangeException(nameof(Timeout), Timeout, "the timeout must be above 0 and at most 10 minutes");
        }
    }
}

/// <summary>What a chat load measured.</summary>
/// <param name="LatenciesNs">
/// Per line sent, the time from its send until the last other member of its room received it (nanoseconds); NaN for
/// a line some member never received before the timeout.
/// </param>
/// <param name="Sent">Lines sent.</param>
/// <param name="Delivered">Lines every other member of the room received.</param>
/// <param name="Elapsed">From the first line sent to the last delivered (or the timeout).</param>
public sealed record ChatLoadResult(double[] LatenciesNs, int Sent, int Delivered, TimeSpan Elapsed)
{
    /// <summary>Lines delivered to their whole room per second.</summary>
    public double LinesPerSecond => Elapsed > TimeSpan.Zero ? Delivered / Elapsed.TotalSeconds : double.NaN;

    /// <summary>The result as CSV: a header, then one line per sent line (client, line, latency in ns, empty when lost).</summary>
    public string ToCsv(int linesPerClient)
    {
        var csv = new System.Text.StringBuilder("client,line,latency_ns\n");
        for (int i = 0; i < LatenciesNs.Length; i++)
        {
            string latency = double.IsNaN(LatenciesNs[i]) ? "" : LatenciesNs[i].ToString("0", CultureInfo.InvariantCulture);
            csv.Append(CultureInfo.InvariantCulture, $"{i / linesPerClient},{i % linesPerClient},{latency}\n");
        }
        return csv.ToString();
    }
}

/// <summary>
/// The load generator: opens C clients to a chat server, joins each to its room, sends M lines per client at a fixed
/// rate, and times every line from its send until every other member of its room has it. Run it in a process of its
/// own (the <c>cbench chat-load</c> command) so that it does not share the server's thread pool.
/// </summary>
public static class ChatLoad
{
    /// <summary>Runs <paramref name="options"/> against the server at <paramref name="server"/> (loopback).</summary>
    public static async Task<ChatLoadResult> RunAsync(IPEndPoint server, ChatLoadOptions options, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(server);
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        if (!IPAddress.IsLoopback(server.Address))
        {
            throw new ArgumentException($"{server} is not a loopback address: the load generator only talks to 127.0.0.1", nameof(server));
        }
        using var limit = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        limit.CancelAfter(options.Timeout);
        int c = options.Clients, m = options.LinesPerClient;
        var latencies = new double[c * m];
        Array.Fill(latencies, double.NaN);
        var sentAt = new long[c * m];
        var receivedBy = new int[c * m];
        int RoomOf(int client) => client / options.RoomSize;
        int ReceiversOf(int client) => Math.Min(options.RoomSize, c - (RoomOf(client) * options.RoomSize)) - 1;
        int delivered = 0, sent = 0;
        var allDelivered = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var clients = new Client[c];
        try
        {
            // Connect and join in batches, so that the server's backlog is never the bottleneck being measured.
            for (int first = 0; first < c; first += 100)
            {
                await Task.WhenAll(Enumerable.Range(first, Math.Min(100, c - first)).Select(async i =>
                {
                    clients[i] = await Client.ConnectAsync(server, limit.Token).ConfigureAwait(false);
                    string reply = await clients[i].JoinAsync($"room{RoomOf(i)}", $"c{i}", limit.Token).ConfigureAwait(false);
                    if (!reply.StartsWith("WELCOME ", StringComparison.Ordinal))
                    {
                        throw new InvalidOperationException($"client c{i} could not join: {reply}");
                    }
                })).ConfigureAwait(false);
            }
            // Every FROM line is "FROM c<sender> <sender> <line>": the line's slot; the last receiver sets its latency.
            Task[] receivers = [.. clients.Select(client => Task.Run(async () =>
            {
                while (await client.ReadLineAsync(limit.Token).ConfigureAwait(false) is string line)
                {
                    long now = Stopwatch.GetTimestamp();
                    string[] parts = line.Split(' ');
                    if (parts.Length != 4 || parts[0] != "FROM" || !int.TryParse(parts[2], CultureInfo.InvariantCulture, out int sender)
                        || !int.TryParse(parts[3], CultureInfo.InvariantCulture, out int index) || sender < 0 || sender >= c || index < 0 || index >= m)
                    {
                        throw new InvalidOperationException($"unexpected line from the server: {line}");
                    }
                    int slot = (sender * m) + index;
                    if (Interlocked.Increment(ref receivedBy[slot]) == ReceiversOf(sender))
                    {
                        latencies[slot] = Stopwatch.GetElapsedTime(Volatile.Read(ref sentAt[slot]), now).TotalNanoseconds;
                        if (Interlocked.Increment(ref delivered) == c * m)
                        {
                            allDelivered.TrySetResult();
                        }
                    }
                }
            }, limit.Token))];
            long start = Stopwatch.GetTimestamp();
            TimeSpan interval = TimeSpan.FromSeconds(1 / options.LinesPerSecond);
            // Each client sends at the fixed rate, the clients' phases spread over one interval.
            Task[] senders = [.. Enumerable.Range(0, c).Select(i => Task.Run(async () =>
            {
                for (int line = 0; line < m; line++)
                {
                    TimeSpan due = (interval * line) + (interval * i / c);
                    TimeSpan wait = due - Stopwatch.GetElapsedTime(start);
                    if (wait > TimeSpan.Zero)
                    {
                        await Task.Delay(wait, limit.Token).ConfigureAwait(false);
                    }
                    int slot = (i * m) + line;
                    Volatile.Write(ref sentAt[slot], Stopwatch.GetTimestamp());
                    await clients[i].SendAsync($"SAY {i} {line}", limit.Token).ConfigureAwait(false);
                    Interlocked.Increment(ref sent);
                }
            }, limit.Token))];
            try
            {
                await Task.WhenAll(senders).ConfigureAwait(false);
                await allDelivered.Task.WaitAsync(limit.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                // The timeout: what was not delivered by now is lost, and says so as NaN.
            }
            TimeSpan elapsed = Stopwatch.GetElapsedTime(start);
            foreach (Client client in clients)
            {
                client.Dispose();
            }
            await Task.WhenAll(receivers.Select(r => r.ContinueWith(_ => { }, TaskScheduler.Default))).ConfigureAwait(false);
            return new ChatLoadResult(latencies, Volatile.Read(ref sent), Volatile.Read(ref delivered), elapsed);
        }
        finally
        {
            foreach (Client? client in clients)
            {
                client?.Dispose();
            }
        }
    }

    /// <summary>One client connection: a socket, its line reader, and a lock so that one send is one whole line.</summary>
    private sealed class Client : IDisposable
    {
        private readonly Socket _socket;
        private readonly NetworkStream _stream;
        private readonly LineReader _reader;

        private Client(Socket socket)
        {
            _socket = socket;
            _stream = new NetworkStream(socket, ownsSocket: true);
            _reader = new LineReader(_stream, 4096);
        }

        public static async Task<Client> ConnectAsync(IPEndPoint server, CancellationToken cancellationToken)
        {
            var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
            try
            {
                await socket.ConnectAsync(server, cancellationToken).ConfigureAwait(false);
                return new Client(socket);
            }
            catch
            {
                socket.Dispose();
                throw;
            }
        }

        public async Task<string> JoinAsync(string room, string name, CancellationToken cancellationToken)
        {
            await SendAsync($"JOIN {room} {name}", cancellationToken).ConfigureAwait(false);
            return await ReadLineAsync(cancellationToken).ConfigureAwait(false) ?? "the server closed the connection";
        }

        public async Task SendAsync(string line, CancellationToken cancellationToken) =>
            await _stream.WriteAsync(ChatProtocol.Encode(line), cancellationToken).ConfigureAwait(false);

        // Null at the end of the connection (or once it is closed here).
        public async Task<string?> ReadLineAsync(CancellationToken cancellationToken)
        {
            try
            {
                LineRead read = await _reader.ReadAsync(captureContext: false, cancellationToken).ConfigureAwait(false);
                return read.Status == LineStatus.Line ? read.Text : null;
            }
            catch (Exception closed) when (closed is IOException or ObjectDisposedException or SocketException)
            {
                return null;
            }
        }

        public void Dispose()
        {
            _stream.Dispose();
            _socket.Dispose();
        }
    }
}
