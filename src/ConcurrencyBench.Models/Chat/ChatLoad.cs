using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace ConcurrencyBench.Models.Chat;

/// <summary>
/// An open chat load: C clients in rooms, each sending at a constant rate on a schedule that never waits for the
/// server, measured over windows of equal length after every client has connected and joined.
/// </summary>
public sealed record ChatLoadOptions
{
    /// <summary>Clients one load process can hold: one socket each, under the 20,000 open files a process may have here.</summary>
    public const int MaxClients = 10_000;

    /// <summary>Lines one load may schedule at most (its per-line records take about 30 bytes each).</summary>
    public const long MaxLines = 5_000_000;

    /// <summary>The fewest lines a measured window holds when derived by <see cref="WindowFor"/>: p99 then rests on at least 10 lines beyond it.</summary>
    public const int LinesPerWindow = 1000;

    /// <summary>Clients C of this process.</summary>
    public required int Clients { get; init; }

    /// <summary>Lines per second each client sends (the offered rate per client).</summary>
    public required double LinesPerSecond { get; init; }

    /// <summary>Clients per room (the last room of a process may be smaller; rooms never span processes).</summary>
    public int RoomSize { get; init; } = 10;

    /// <summary>Measured windows, back to back; window 1 starts once every client has joined.</summary>
    public int Windows { get; init; } = 1;

    /// <summary>Each window's length.</summary>
    public TimeSpan WindowLength { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>How long to wait after the last intended send for lines still on their way; later ones are lost.</summary>
    public TimeSpan Drain { get; init; } = TimeSpan.FromSeconds(2);

    /// <summary>The whole load's limit (priming, connecting, the windows and the drain).</summary>
    public TimeSpan Timeout { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>
    /// The first client's number: several load processes against one server each take their own block of clients
    /// (names c&lt;number&gt;, rooms by number). A multiple of the room size, so that no room spans two processes.
    /// </summary>
    public int FirstClient { get; init; }

    /// <summary>Prime the server first: a few rounds of two clients, then a pause, so that window 1 meets warm code (not a warm pool).</summary>
    public bool Prime { get; init; }

    /// <summary>When the schedule starts (UTC), so that several load processes start together; null: as soon as every client has joined.</summary>
    public DateTimeOffset? StartAt { get; init; }

    /// <summary>A label shared by the load processes of one run (results merge by it).</summary>
    public string Run { get; init; } = "";

    /// <summary>What the server is (a model's name), for the result only.</summary>
    public string Server { get; init; } = "";

    /// <summary>The load's own lateness p99 beyond which it is called behind in a window.</summary>
    public TimeSpan LatenessTolerance { get; init; } = TimeSpan.FromMilliseconds(10);

    /// <summary>Each client socket's send buffer (bytes); null for the system's default. Tests make it small so that a stalled server blocks the sender at once.</summary>
    public int? SendBufferBytes { get; init; }

    /// <summary>Padding added to every line (bytes of text), for loads of longer lines; 0 by default.</summary>
    public int PaddingBytes { get; init; }

    /// <summary>
    /// Lower the scheduling priority (nice 10, Linux) of the load's pool threads that read and write, so that within
    /// the load's process its one pacing thread gets the CPU first and the schedule is kept. For a load in a process of
    /// its own (<c>cbench chat-load</c> sets it): the pool's threads keep the priority for the rest of the process.
    /// </summary>
    public bool PacerFirst { get; init; }

    /// <summary>The schedule these options describe.</summary>
    public ChatSchedule Schedule => new(Clients, LinesPerSecond, WindowLength, Windows);

    /// <summary>
    /// The window length that gives at least <paramref name="lines"/> lines per window to C clients at
    /// <paramref name="linesPerSecond"/> each (so that p99 rests on at least 10 lines beyond it), rounded up to whole
    /// 100 ms slices and never below <paramref name="floor"/> (default 500 ms).
    /// </summary>
    public static TimeSpan WindowFor(int clients, double linesPerSecond, int lines = LinesPerWindow, TimeSpan? floor = null)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(clients, 1);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(linesPerSecond);
        double seconds = lines / (clients * linesPerSecond);
        double slices = Math.Ceiling(Math.Round(seconds * 10, 9));
        return TimeSpan.FromMilliseconds(Math.Max((floor ?? TimeSpan.FromMilliseconds(500)).TotalMilliseconds, slices * 100));
    }

    /// <summary>Refuses an impossible load with a message naming the problem.</summary>
    /// <exception cref="ArgumentOutOfRangeException">A value out of its range.</exception>
    public void Validate()
    {
        if (Clients < 2 || Clients > MaxClients)
        {
            throw new ArgumentOutOfRangeException(nameof(Clients), Clients, $"clients must be 2 to {MaxClients:#,0}");
        }
        if (!(LinesPerSecond > 0 && LinesPerSecond <= 1000))
        {
            throw new ArgumentOutOfRangeException(nameof(LinesPerSecond), LinesPerSecond, "the rate must be above 0 and at most 1,000 lines per second");
        }
        if (RoomSize < 2 || RoomSize > MaxClients)
        {
            throw new ArgumentOutOfRangeException(nameof(RoomSize), RoomSize, $"a room needs 2 to {MaxClients:#,0} clients");
        }
        if (Windows < 1 || Windows > 1000)
        {
            throw new ArgumentOutOfRangeException(nameof(Windows), Windows, "windows must be 1 to 1,000");
        }
        if (WindowLength < TimeSpan.FromMilliseconds(100) || WindowLength > TimeSpan.FromMinutes(10) || WindowLength.Ticks % TimeSpan.FromMilliseconds(100).Ticks != 0)
        {
            throw new ArgumentOutOfRangeException(nameof(WindowLength), WindowLength, "a window must be whole 100 ms slices from 100 ms to 10 minutes");
        }
        if (Drain < TimeSpan.Zero || Drain > TimeSpan.FromMinutes(1))
        {
            throw new ArgumentOutOfRangeException(nameof(Drain), Drain, "the drain must be 0 to 60 s");
        }
        if (Timeout <= TimeSpan.Zero || Timeout > TimeSpan.FromMinutes(10))
        {
            throw new ArgumentOutOfRangeException(nameof(Timeout), Timeout, "the timeout must be above 0 and at most 10 minutes");
        }
        if ((WindowLength * Windows) + Drain >= Timeout)
        {
            throw new ArgumentOutOfRangeException(nameof(Timeout), Timeout, $"the timeout must leave time to connect beyond the windows and the drain ({((WindowLength * Windows) + Drain).TotalSeconds:0.#} s)");
        }
        if (FirstClient < 0 || FirstClient % RoomSize != 0 || FirstClient > 1_000_000)
        {
            throw new ArgumentOutOfRangeException(nameof(FirstClient), FirstClient, "the first client must be a multiple of the room size from 0 to 1,000,000 (no room may span two load processes)");
        }
        if (Schedule.TotalLines > MaxLines)
        {
            throw new ArgumentOutOfRangeException(nameof(Windows), Schedule.TotalLines, $"the schedule holds {Schedule.TotalLines:#,0} lines, more than {MaxLines:#,0}: fewer clients, a lower rate or shorter windows");
        }
        if (LatenessTolerance <= TimeSpan.Zero || SendBufferBytes is < 1 || PaddingBytes is < 0 or > 900)
        {
            throw new ArgumentOutOfRangeException(nameof(LatenessTolerance), "the lateness tolerance must be above 0, a send buffer at least 1 byte, padding 0 to 900 bytes");
        }
        if (Clients % RoomSize == 1)
        {
            throw new ArgumentOutOfRangeException(nameof(Clients), Clients, $"{Clients:#,0} clients in rooms of {RoomSize} leave one client alone in the last room, with nobody to deliver its lines to");
        }
        if (Run.Any(char.IsWhiteSpace) || Run.Length > 100)
        {
            throw new ArgumentOutOfRangeException(nameof(Run), Run, "a run label is at most 100 characters without spaces");
        }
    }
}

/// <summary>
/// When each line of an open load is due. Client i's k-th line is due at (k + i/C) / r seconds: every client at the
/// constant rate r, the clients' phases spread evenly over one interval, so that the whole load sends C·r lines per
/// second evenly spaced: line j = k·C + i of the whole schedule is due at j / (C·r). Nothing here waits for the server.
/// </summary>
/// <param name="Clients">Clients C.</param>
/// <param name="LinesPerSecond">Each client's rate r.</param>
/// <param name="WindowLength">Each window's length.</param>
/// <param name="Windows">Windows, back to back from the schedule's start.</param>
public readonly record struct ChatSchedule(int Clients, double LinesPerSecond, TimeSpan WindowLength, int Windows)
{
    /// <summary>The schedule's length: every window.</summary>
    public TimeSpan Length => WindowLength * Windows;

    /// <summary>Lines the whole schedule holds: those due before its end.</summary>
    public long TotalLines => (long)Math.Ceiling(Math.Round(Length.TotalSeconds * Clients * LinesPerSecond, 6));

    /// <summary>The intended send time of line <paramref name="j"/> of the whole schedule, from its start.</summary>
    public TimeSpan DueAt(long j) => TimeSpan.FromSeconds(j / (Clients * LinesPerSecond));

    /// <summary>The intended send time of client <paramref name="client"/>'s line <paramref name="line"/>.</summary>
    public TimeSpan DueAt(int client, int line) => DueAt(IndexOf(client, line));

    /// <summary>Line <paramref name="line"/> of client <paramref name="client"/> as a line of the whole schedule.</summary>
    public long IndexOf(int client, int line) => ((long)line * Clients) + client;

    /// <summary>Lines client <paramref name="client"/> sends.</summary>
    public int LinesOf(int client) => TotalLines <= client ? 0 : (int)(((TotalLines - client - 1) / Clients) + 1);

    /// <summary>The window (0-based) line <paramref name="j"/> is due in.</summary>
    public int WindowOf(long j) => (int)Math.Min(Windows - 1, Math.Floor(Math.Round(DueAt(j).TotalSeconds / WindowLength.TotalSeconds, 9)));

    /// <summary>The first line of window <paramref name="window"/> (0-based; <see cref="Windows"/> gives the total).</summary>
    public long FirstLineOf(int window) => window >= Windows ? TotalLines : (long)Math.Ceiling(Math.Round(window * WindowLength.TotalSeconds * Clients * LinesPerSecond, 6));
}

/// <summary>
/// The load generator (the wrk2 method for a chat server): connects C clients and joins each to its room before
/// anything is measured, then sends on a fixed schedule (<see cref="ChatSchedule"/>) from one pacing thread that never
/// waits for the server, and times every line from its <b>intended</b> send time until the last other member of its
/// room has it (corrected for coordinated omission), and from its actual send (uncorrected, for the size of the
/// correction). It checks itself: its CPU time per window, and how late each line went out, with the share the load
/// itself caused (a client's socket that the server does not drain holds the next line: that share is the server's).
/// Run it in a process of its own (<c>cbench chat-load</c>), never beside the server's thread pool.
/// </summary>
public static class ChatLoad
{
    private static readonly TimeSpan Slice = TimeSpan.FromMilliseconds(100);

    /// <summary>
    /// Runs <paramref name="options"/> against the chat server at <paramref name="host"/>:<paramref name="port"/>.
    /// <paramref name="scheduled"/> is told the schedule's start (a <see cref="Stopwatch"/> timestamp) once every
    /// client has joined. A server that refuses clients or closes connections is not an exception: the result says so
    /// (<see cref="ChatLoadResult.Failure"/>, lost and unsent lines).
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">Impossible options.</exception>
    /// <exception cref="SocketException">Not one client could connect (nothing listens there).</exception>
    public static async Task<ChatLoadResult> RunAsync(string host, int port, ChatLoadOptions options, Action<long>? scheduled = null, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(host);
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        IPAddress address = IPAddress.TryParse(host, out IPAddress? parsed)
            ? parsed
            : (await Dns.GetHostAddressesAsync(host, cancellationToken).ConfigureAwait(false)).FirstOrDefault(a => a.AddressFamily == AddressFamily.InterNetwork)
              ?? throw new SocketException((int)SocketError.HostNotFound);
        var run = new LoadRun(new IPEndPoint(address, port), $"{host}:{port}", options);
        return await run.RunAsync(scheduled, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Runs <paramref name="options"/> against <paramref name="server"/>.</summary>
    public static Task<ChatLoadResult> RunAsync(IPEndPoint server, ChatLoadOptions options, Action<long>? scheduled = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(server);
        return RunAsync(server.Address.ToString(), server.Port, options, scheduled, cancellationToken);
    }

    /// <summary>One load's state: the clients, the schedule and a record per line.</summary>
    private sealed class LoadRun
    {
        private readonly IPEndPoint _server;
        private readonly string _target;
        private readonly ChatLoadOptions _options;
        private readonly ChatSchedule _schedule;
        private readonly long _total;
        // Per line of the schedule (Stopwatch timestamps; 0 = not yet): the write's start, the last receiver's arrival,
        // and the load's own share of the lateness.
        private readonly long[] _sentAt;
        private readonly long[] _completedAt;
        private readonly long[] _loadLate;
        private readonly byte[] _sent;
        private readonly int[] _receivedBy;
        private readonly Client?[] _clients;
        // Before every name and room: a priming load's clients are apart from the load's own.
        private readonly string _prefix;
        // From the last client's join to the schedule's start (without a start time given): the pacer starts cleanly.
        private readonly TimeSpan _lead;
        private long _start;
        private double _ticksPerLine;
        private long _unexpected;
        private long _completed;
        private long _sentCount;
        private int _closedCount;

        public LoadRun(IPEndPoint server, string target, ChatLoadOptions options, string prefix = "", TimeSpan? lead = null)
        {
            _prefix = prefix;
            _lead = lead ?? TimeSpan.FromMilliseconds(100);
            _server = server;
            _target = target;
            _options = options;
            _schedule = options.Schedule;
            _total = _schedule.TotalLines;
            _sentAt = new long[_total];
            _completedAt = new long[_total];
            _loadLate = new long[_total];
            _sent = new byte[_total];
            _receivedBy = new int[_total];
            _clients = new Client?[options.Clients];
        }

        private int C => _options.Clients;

        private long Intended(long j) => _start + (long)(j * _ticksPerLine);

        private int RoomOf(int client) => (_options.FirstClient + client) / _options.RoomSize;

        // Other members of the client's room within this process (rooms never span processes).
        private int ReceiversOf(int client)
        {
            int roomStart = (RoomOf(client) * _options.RoomSize) - _options.FirstClient;
            return Math.Min(_options.RoomSize, C - roomStart) - 1;
        }

        public async Task<ChatLoadResult> RunAsync(Action<long>? scheduled, CancellationToken cancellationToken)
        {
            using var limit = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            limit.CancelAfter(_options.Timeout);
            string? failure = null;
            double connectMs = 0;
            List<Task> receivers = [];
            var cpuAt = new ResourceUsage?[_options.Windows + 1];
            string started = "";
            double drainMs = 0;
            try
            {
                if (_options.Prime)
                {
                    await PrimeAsync(limit.Token).ConfigureAwait(false);
                }
                long connectStart = Stopwatch.GetTimestamp();
                failure = await ConnectAllAsync(limit.Token).ConfigureAwait(false);
                connectMs = Stopwatch.GetElapsedTime(connectStart).TotalMilliseconds;
                if (failure is null)
                {
                    receivers = [.. _clients.Select((client, i) => Task.Run(() => ReceiveAsync(client!, i, limit.Token), CancellationToken.None))];
                    _ticksPerLine = Stopwatch.Frequency / (C * _options.LinesPerSecond);
                    TimeSpan lead = _options.StartAt is DateTimeOffset at ? at - DateTimeOffset.UtcNow : _lead;
                    _start = Stopwatch.GetTimestamp() + (long)(Math.Max(0, lead.TotalSeconds) * Stopwatch.Frequency);
                    started = (DateTimeOffset.UtcNow + Stopwatch.GetElapsedTime(Stopwatch.GetTimestamp(), _start)).ToString("O", CultureInfo.InvariantCulture);
                    scheduled?.Invoke(_start);
                    // The pacer: one thread that wakes when lines fall due and hands each to its client's sender.
                    var paced = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
                    var pacer = new Thread(() => Pace(cpuAt, paced, limit.Token)) { IsBackground = true, Name = "chat-load pacer" };
                    pacer.Start();
                    await paced.Task.ConfigureAwait(false);
                    long drainStart = Stopwatch.GetTimestamp();
                    failure = await DrainAsync(limit.Token).ConfigureAwait(false);
                    drainMs = Stopwatch.GetElapsedTime(drainStart).TotalMilliseconds;
                }
            }
            catch (OperationCanceledException) when (limit.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
            {
                failure = $"the load's limit of {_options.Timeout.TotalSeconds:0} s ran out";
            }
            finally
            {
                foreach (Client? client in _clients)
                {
                    client?.Dispose();
                }
            }
            await Task.WhenAll(receivers).ConfigureAwait(false);
            foreach (Client? client in _clients)
            {
                if (client is not null)
                {
                    await client.Pumping.ConfigureAwait(false);
                }
            }
            long closed = _clients.Count(c => c is { ClosedByServer: true });
            IReadOnlyList<ChatWindow> windows = _start == 0 ? [] : [.. Enumerable.Range(0, _options.Windows).Where(w => cpuAt[w] is not null).Select(w => WindowFigures(w, cpuAt))];
            return new ChatLoadResult(ChatLoadResult.FormatName, _options.Run, _options.Server, _target, MachineDescription(), 1, C, _options.RoomSize,
                _options.LinesPerSecond, started, connectMs, drainMs, _options.LatenessTolerance.TotalMilliseconds, failure, Interlocked.Read(ref _unexpected),
                closed, windows);
        }

        // A short load of two clients through this same machinery (pacer, senders, receivers, figures), twice, each
        // followed by a pause: the server's code paths and the load's own are compiled and reach the optimized tier
        // (the first run at tier 0 and instrumented, the second at tier 1; the pauses let background compilation
        // finish) before window 1, and no pool grows for two clients.
        private async Task PrimeAsync(CancellationToken cancellationToken)
        {
            var priming = new ChatLoadOptions
            {
                Clients = 2,
                RoomSize = 2,
                LinesPerSecond = 100,
                Windows = 1,
                // 20 lines from each client: past tiered compilation's 30 calls for the server's per-line methods.
                WindowLength = TimeSpan.FromMilliseconds(200),
                Drain = TimeSpan.FromSeconds(5),
                Timeout = TimeSpan.FromSeconds(30),
            };
            for (int phase = 0; phase < 2; phase++)
            {
                ChatLoadResult primed = await new LoadRun(_server, _target, priming, $"p{Environment.ProcessId}x{_options.FirstClient}r{phase}", TimeSpan.FromMilliseconds(10))
                    .RunAsync(null, cancellationToken).ConfigureAwait(false);
                if (primed.Failure is not null || primed.Lost > 0)
                {
                    throw new InvalidOperationException($"priming the server failed: {primed.Failure ?? $"{primed.Lost} lines lost"}");
                }
                await Task.Delay(TimeSpan.FromMilliseconds(100), cancellationToken).ConfigureAwait(false);
            }
        }

        // Connects and joins every client, 100 at a time so that the server's backlog is never what is measured.
        // Null when all joined; else why not. Throws SocketException when not one could connect.
        private async Task<string?> ConnectAllAsync(CancellationToken cancellationToken)
        {
            int joined = 0;
            string? firstRefusal = null;
            SocketException? firstError = null;
            for (int first = 0; first < C; first += 100)
            {
                await Task.WhenAll(Enumerable.Range(first, Math.Min(100, C - first)).Select(async i =>
                {
                    int number = _options.FirstClient + i;
                    try
                    {
                        Client client = await Client.ConnectAsync(_server, _options.SendBufferBytes, cancellationToken).ConfigureAwait(false);
                        client.Attach(this);
                        _clients[i] = client;
                        string reply = await client.JoinAsync($"{_prefix}room{RoomOf(i)}", $"{_prefix}c{number}", cancellationToken).ConfigureAwait(false);
                        if (reply.StartsWith("WELCOME ", StringComparison.Ordinal))
                        {
                            Interlocked.Increment(ref joined);
                        }
                        else
                        {
                            Interlocked.CompareExchange(ref firstRefusal, $"{_prefix}c{number}: {reply}", null);
                        }
                    }
                    catch (Exception e) when (e is SocketException or IOException)
                    {
                        Interlocked.CompareExchange(ref firstError, e as SocketException, null);
                        Interlocked.CompareExchange(ref firstRefusal, $"{_prefix}c{number}: {e.Message}", null);
                    }
                })).ConfigureAwait(false);
            }
            if (joined == C)
            {
                return null;
            }
            if (joined == 0 && firstError is not null)
            {
                throw firstError;
            }
            return $"the server admitted {joined:#,0} of {C:#,0} clients (first refused: {firstRefusal})";
        }

        private void Pace(ResourceUsage?[] cpuAt, TaskCompletionSource paced, CancellationToken cancellationToken)
        {
            try
            {
                long j = 0;
                int boundary = 0;
                while (true)
                {
                    long now = Stopwatch.GetTimestamp();
                    // Window boundaries: the load's own CPU time at each, for its CPU per window.
                    while (boundary <= _options.Windows && _start + (long)(boundary * _options.WindowLength.TotalSeconds * Stopwatch.Frequency) <= now)
                    {
                        cpuAt[boundary++] = ResourceUsage.Process();
                    }
                    while (j < _total && Intended(j) <= now)
                    {
                        int client = (int)(j % C);
                        Dispatch(_clients[client]!, client, (int)(j / C));
                        j++;
                    }
                    if (boundary > _options.Windows || cancellationToken.IsCancellationRequested || Volatile.Read(ref _closedCount) == C)
                    {
                        break;
                    }
                    long next = Math.Min(j < _total ? Intended(j) : long.MaxValue, _start + (long)(boundary * _options.WindowLength.TotalSeconds * Stopwatch.Frequency));
                    if (next > Stopwatch.GetTimestamp())
                    {
                        // About a millisecond at most: a line goes out within ~1 ms of its time, and nothing spins.
                        Thread.Sleep(1);
                    }
                }
                paced.TrySetResult();
            }
            catch (Exception e)
            {
                paced.TrySetException(e);
            }
        }

        // Waits for every sent line to reach its whole room, at most the drain; null, or why the load stopped early.
        private async Task<string?> DrainAsync(CancellationToken cancellationToken)
        {
            long until = Stopwatch.GetTimestamp() + (long)(_options.Drain.TotalSeconds * Stopwatch.Frequency);
            while (Stopwatch.GetTimestamp() < until)
            {
                bool allWritten = _clients.All(c => c!.Idle);
                if (allWritten && Interlocked.Read(ref _completed) >= Interlocked.Read(ref _sentCount))
                {
                    break;
                }
                await Task.Delay(10, cancellationToken).ConfigureAwait(false);
            }
            return Volatile.Read(ref _closedCount) == C ? "the server closed every client's connection" : null;
        }

        // The pacer's call when client `index`'s line k falls due. Where nothing of the client's is still being written,
        // the line is written at once from the pacer's thread, unless the socket would block: a line then goes out
        // within a system call of its time, whatever the load's thread pool is doing. Else the client's pump (on the
        // pool) writes it after the lines before it.
        private void Dispatch(Client client, int index, int k)
        {
            Volatile.Write(ref client.DueLines, k + 1);
            if (client.Closed || Interlocked.CompareExchange(ref client.Pumps, 1, 0) != 0)
            {
                return; // closed (the line is never sent), or a pump is writing and will take this line too
            }
            if (client.SentLines == k)
            {
                long j = _schedule.IndexOf(index, k);
                int length = FormatLine(index, k, client.Line);
                long start = Stopwatch.GetTimestamp();
                _sentAt[j] = start;
                _loadLate[j] = start - Math.Max(Intended(j), client.LastWriteEnd);
                int written = client.TrySendNow(client.Line.AsSpan(0, length));
                if (written == length)
                {
                    Written(client, j, k);
                    Volatile.Write(ref client.Pumps, 0);
                    return;
                }
                if (written < 0)
                {
                    Volatile.Write(ref client.Pumps, 0);
                    return; // the connection is gone: this line is never sent
                }
                client.Pending = (k, written, length);
            }
            client.Pumping = Task.Run(() => PumpAsync(client, index));
        }

        private void Written(Client client, long j, int k)
        {
            client.LastWriteEnd = Stopwatch.GetTimestamp();
            Volatile.Write(ref _sent[j], 1);
            Interlocked.Increment(ref _sentCount);
            client.SentLines = k + 1;
        }

        // "SAY <number> <k>[ ....]\n" into `line`; its length.
        private int FormatLine(int index, int k, byte[] line)
        {
            int length = Encoding.ASCII.GetBytes($"SAY {_options.FirstClient + index} {k}", line);
            if (_options.PaddingBytes > 0)
            {
                line[length] = (byte)' ';
                line.AsSpan(length + 1, _options.PaddingBytes - 1).Fill((byte)'.');
                length += _options.PaddingBytes;
            }
            line[length++] = (byte)'\n';
            return length;
        }

        // Writes, on the pool, the rest of a line the pacer could not finish and every line due to the client after it,
        // one write at a time, in order; then gives the client back to the pacer.
        private async Task PumpAsync(Client client, int index)
        {
            while (true)
            {
                if (_options.PacerFirst)
                {
                    Priority.LowerThisThread();
                }
                if (client.Pending is (int pendingLine, int offset, int pendingLength))
                {
                    client.Pending = null;
                    if (!await client.SendAsync(client.Line.AsMemory(offset, pendingLength - offset), CancellationToken.None).ConfigureAwait(false))
                    {
                        return; // closed: this line and the client's later ones are never sent
                    }
                    Written(client, _schedule.IndexOf(index, pendingLine), pendingLine);
                }
                while (client.SentLines < Volatile.Read(ref client.DueLines))
                {
                    int k = client.SentLines;
                    long j = _schedule.IndexOf(index, k);
                    int length = FormatLine(index, k, client.Line);
                    long start = Stopwatch.GetTimestamp();
                    _sentAt[j] = start;
                    _loadLate[j] = start - Math.Max(Intended(j), client.LastWriteEnd);
                    if (!await client.SendAsync(client.Line.AsMemory(0, length), CancellationToken.None).ConfigureAwait(false))
                    {
                        return;
                    }
                    Written(client, j, k);
                }
                Volatile.Write(ref client.Pumps, 0);
                // A line may have fallen due between the last look and giving up the pump: take it back if so.
                if (client.SentLines >= Volatile.Read(ref client.DueLines) || Interlocked.CompareExchange(ref client.Pumps, 1, 0) != 0)
                {
                    return;
                }
            }
        }

        // Reads one client's lines: each FROM line counts one receiver of its line; the room's last one completes it.
        private async Task ReceiveAsync(Client client, int index, CancellationToken cancellationToken)
        {
            while (true)
            {
                if (_options.PacerFirst)
                {
                    Priority.LowerThisThread();
                }
                ReadOnlyMemory<byte>? read = await client.ReadLineBytesAsync(cancellationToken).ConfigureAwait(false);
                if (read is not ReadOnlyMemory<byte> line)
                {
                    return;
                }
                long now = Stopwatch.GetTimestamp();
                if (!TryParseFrom(line.Span, out int sender, out int k) || sender < _options.FirstClient || sender >= _options.FirstClient + C
                    || sender - _options.FirstClient == index || k < 0 || _schedule.IndexOf(sender - _options.FirstClient, k) >= _total)
                {
                    Interlocked.Increment(ref _unexpected);
                    continue;
                }
                int from = sender - _options.FirstClient;
                long j = _schedule.IndexOf(from, k);
                if (Interlocked.Increment(ref _receivedBy[j]) == ReceiversOf(from))
                {
                    Volatile.Write(ref _completedAt[j], now);
                    Interlocked.Increment(ref _completed);
                }
            }
        }

        // "FROM c<name> <sender> <k>[ padding]": the sender's number and the line's index.
        private static bool TryParseFrom(ReadOnlySpan<byte> line, out int sender, out int k)
        {
            sender = k = -1;
            if (!line.StartsWith("FROM "u8))
            {
                return false;
            }
            ReadOnlySpan<byte> rest = line[5..];
            int space = rest.IndexOf((byte)' ');
            if (space < 0)
            {
                return false;
            }
            rest = rest[(space + 1)..];
            space = rest.IndexOf((byte)' ');
            if (space < 0 || !System.Buffers.Text.Utf8Parser.TryParse(rest[..space], out sender, out int used) || used != space)
            {
                return false;
            }
            rest = rest[(space + 1)..];
            space = rest.IndexOf((byte)' ');
            ReadOnlySpan<byte> number = space < 0 ? rest : rest[..space];
            return System.Buffers.Text.Utf8Parser.TryParse(number, out k, out used) && used == number.Length;
        }

        private ChatWindow WindowFigures(int w, ResourceUsage?[] cpuAt)
        {
            long first = _schedule.FirstLineOf(w), end = _schedule.FirstLineOf(w + 1);
            var corrected = LatencyHistogram.Create();
            var uncorrected = LatencyHistogram.Create();
            var lateness = LatencyHistogram.Create();
            var loadLateness = LatencyHistogram.Create();
            long sent = 0, delivered = 0;
            double usPerTick = 1e6 / Stopwatch.Frequency;
            for (long j = first; j < end; j++)
            {
                if (_sent[j] == 0)
                {
                    continue;
                }
                sent++;
                LatencyHistogram.Record(lateness, Math.Max(0, _sentAt[j] - Intended(j)) * usPerTick);
                LatencyHistogram.Record(loadLateness, Math.Max(0, _loadLate[j]) * usPerTick);
                if (_completedAt[j] != 0)
                {
                    delivered++;
                    LatencyHistogram.Record(corrected, (_completedAt[j] - Intended(j)) * usPerTick);
                    LatencyHistogram.Record(uncorrected, (_completedAt[j] - _sentAt[j]) * usPerTick);
                }
            }
            double windowMs = _options.WindowLength.TotalMilliseconds;
            double cpu = cpuAt[w + 1] is ResourceUsage after && cpuAt[w] is ResourceUsage before ? (after - before).CpuMs : 0;
            return new ChatWindow(w + 1, w * windowMs, windowMs, end - first, sent, delivered, LatencyHistogram.Encode(corrected),
                LatencyHistogram.Encode(uncorrected), LatencyHistogram.Encode(lateness), LatencyHistogram.Encode(loadLateness), Math.Max(0, cpu), Buckets(w));
        }

        // The window's 100 ms slices: lines due in each (by intended time) and their latencies; lines arriving in each.
        private List<ChatBucket> Buckets(int w)
        {
            int slices = (int)Math.Round(_options.WindowLength / Slice);
            long sliceTicks = (long)(Slice.TotalSeconds * Stopwatch.Frequency);
            long windowStart = _start + (long)(w * _options.WindowLength.TotalSeconds * Stopwatch.Frequency);
            var latencies = new List<double>[slices];
            int[] due = new int[slices], completed = new int[slices];
            for (int s = 0; s < slices; s++)
            {
                latencies[s] = [];
            }
            double usPerTick = 1e6 / Stopwatch.Frequency;
            for (long j = _schedule.FirstLineOf(w), end = _schedule.FirstLineOf(w + 1); j < end; j++)
            {
                int s = (int)Math.Clamp((Intended(j) - windowStart) / sliceTicks, 0, slices - 1);
                due[s]++;
                if (_sent[j] != 0 && _completedAt[j] != 0)
                {
                    latencies[s].Add((_completedAt[j] - Intended(j)) * usPerTick);
                }
            }
            for (long j = 0; j < _total; j++)
            {
                long at = _completedAt[j];
                if (at >= windowStart && at < windowStart + (slices * sliceTicks) && _sent[j] != 0)
                {
                    completed[(at - windowStart) / sliceTicks]++;
                }
            }
            var buckets = new List<ChatBucket>(slices);
            for (int s = 0; s < slices; s++)
            {
                double[] sorted = [.. latencies[s].Order()];
                double? At(double p) => LatencySummary.Carries(sorted.Length, p) ? sorted[Math.Clamp((int)Math.Ceiling(p / 100 * sorted.Length) - 1, 0, sorted.Length - 1)] : null;
                buckets.Add(new ChatBucket((w * _options.WindowLength.TotalMilliseconds) + (s * Slice.TotalMilliseconds), due[s], sorted.Length, completed[s],
                    At(50), At(99), sorted.Length > 0 ? sorted[^1] : 0));
            }
            return buckets;
        }

        /// <summary>One client: its socket, its receive buffer, and its sender's state.</summary>
        private sealed class Client : IDisposable
        {
            private readonly Socket _socket;
            private readonly byte[] _buffer = new byte[16 * 1024];
            private int _start;
            private int _end;
            private int _closed;
            private bool _disposed;

            // Lines due (set by the pacer), lines written (by the pump), whether a pump runs, when its last write ended.
            public int DueLines;
            public int SentLines;
            public int Pumps;
            public long LastWriteEnd;
            // The line being written (one at a time per client) and, when the pacer wrote only part of it, what is left.
            public byte[] Line = new byte[1024];
            public (int Line, int Offset, int Length)? Pending;
            private LoadRun? _run;

            private Client(Socket socket)
            {
                _socket = socket;
                // Non-blocking for the pacer's direct writes (a full socket says so instead of blocking the pacer);
                // the asynchronous reads and writes wait as ever.
                _socket.Blocking = false;
            }

            public Task Pumping { get; set; } = Task.CompletedTask;

            public bool Closed => Volatile.Read(ref _closed) != 0;

            public bool ClosedByServer { get; private set; }

            public bool Idle => Volatile.Read(ref Pumps) == 0 || Closed;

            public static async Task<Client> ConnectAsync(IPEndPoint server, int? sendBuffer, CancellationToken cancellationToken)
            {
                var socket = new Socket(server.AddressFamily, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
                try
                {
                    if (sendBuffer is int bytes)
                    {
                        socket.SendBufferSize = bytes;
                    }
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
                if (!await SendAsync(Encoding.ASCII.GetBytes($"JOIN {room} {name}\n"), cancellationToken).ConfigureAwait(false))
                {
                    return "the server closed the connection";
                }
                return await ReadLineAsync(cancellationToken).ConfigureAwait(false) ?? "the server closed the connection";
            }

            public async Task<string?> ReadLineAsync(CancellationToken cancellationToken) =>
                await ReadLineBytesAsync(cancellationToken).ConfigureAwait(false) is ReadOnlyMemory<byte> line ? Encoding.UTF8.GetString(line.Span) : null;

            // Whom to tell when the connection closes.
            public void Attach(LoadRun run) => _run = run;

            // Writes what the socket takes now without waiting: the bytes written (0 when it would block), or -1 when
            // the connection is gone.
            public int TrySendNow(ReadOnlySpan<byte> bytes)
            {
                try
                {
                    int written = _socket.Send(bytes, SocketFlags.None, out SocketError error);
                    if (error is SocketError.Success or SocketError.WouldBlock)
                    {
                        return Math.Max(0, written);
                    }
                }
                catch (ObjectDisposedException)
                {
                }
                MarkClosed(byServer: !_disposed);
                return -1;
            }

            // True when written; false when the connection is gone (the line is not sent).
            public async Task<bool> SendAsync(ReadOnlyMemory<byte> bytes, CancellationToken cancellationToken)
            {
                try
                {
                    while (bytes.Length > 0)
                    {
                        int written = await _socket.SendAsync(bytes, SocketFlags.None, cancellationToken).ConfigureAwait(false);
                        bytes = bytes[written..];
                    }
                    return true;
                }
                catch (Exception gone) when (gone is IOException or ObjectDisposedException or SocketException or OperationCanceledException)
                {
                    MarkClosed(byServer: !_disposed);
                    return false;
                }
            }

            // The next line's bytes (valid until the next read); null at the end of the connection.
            public async Task<ReadOnlyMemory<byte>?> ReadLineBytesAsync(CancellationToken cancellationToken)
            {
                while (true)
                {
                    int newline = Array.IndexOf(_buffer, (byte)'\n', _start, _end - _start);
                    if (newline >= 0)
                    {
                        var line = new ReadOnlyMemory<byte>(_buffer, _start, newline - _start);
                        _start = newline + 1;
                        return line;
                    }
                    if (_start > 0)
                    {
                        Buffer.BlockCopy(_buffer, _start, _buffer, 0, _end - _start);
                        _end -= _start;
                        _start = 0;
                    }
                    if (_end == _buffer.Length)
                    {
                        _end = 0; // a line longer than the buffer: not the protocol; dropped
                    }
                    int received;
                    try
                    {
                        received = await _socket.ReceiveAsync(_buffer.AsMemory(_end), SocketFlags.None, cancellationToken).ConfigureAwait(false);
                    }
                    catch (Exception gone) when (gone is IOException or ObjectDisposedException or SocketException or OperationCanceledException)
                    {
                        received = 0;
                    }
                    if (received == 0)
                    {
                        MarkClosed(byServer: !_disposed && !cancellationToken.IsCancellationRequested);
                        return null;
                    }
                    _end += received;
                }
            }

            private void MarkClosed(bool byServer)
            {
                if (Interlocked.Exchange(ref _closed, 1) == 0)
                {
                    ClosedByServer = byServer;
                    if (_run is not null)
                    {
                        Interlocked.Increment(ref _run._closedCount);
                    }
                }
            }

            public void Dispose()
            {
                _disposed = true;
                MarkClosed(byServer: false);
                _socket.Dispose();
            }
        }
    }

    /// <summary>A thread's scheduling priority (Linux: its nice value; elsewhere nothing).</summary>
    private static class Priority
    {
        // Nice 10: a tenth of the CPU weight of a nice-0 thread under contention; raising it back would need privileges.
        private const int Nice = 10;

        [ThreadStatic]
        private static bool t_lowered;

        public static void LowerThisThread()
        {
            if (t_lowered || !OperatingSystem.IsLinux())
            {
                return;
            }
            t_lowered = true;
            try
            {
                _ = SetPriority(0, (uint)GetTid(), Nice); // PRIO_PROCESS with a thread's ID: that thread alone
            }
            catch (Exception e) when (e is DllNotFoundException or EntryPointNotFoundException)
            {
                // A libc without gettid: the threads keep their priority.
            }
        }

        [System.Runtime.InteropServices.DllImport("libc.so.6", EntryPoint = "setpriority")]
        private static extern int SetPriority(int which, uint who, int priority);

        [System.Runtime.InteropServices.DllImport("libc.so.6", EntryPoint = "gettid")]
        private static extern int GetTid();
    }

    // The load's machine, for a result read on another: "host (2 cores, Linux 6.1, .NET 10.0.1)".
    private static string MachineDescription() =>
        $"{Environment.MachineName} ({Environment.ProcessorCount} cores, {System.Runtime.InteropServices.RuntimeInformation.OSDescription.Trim()}, {System.Runtime.InteropServices.RuntimeInformation.FrameworkDescription})";
}
