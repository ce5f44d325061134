using System.Collections.Concurrent;
using System.Net.Sockets;
using System.Text;
using ConcurrencyBench.Models.Chat;

namespace ConcurrencyBench.Models.Tests;

/// <summary>
/// The chat server under hostile clients (issue 18), in all three models: a flooding sender is slowed, never its
/// readers cut; a client that reads and QUITs is no slow consumer; a reset mid-line is a fault; a name freed by a reset
/// can be taken at once; clients that trickle bytes or send nothing cannot hold every slot. Loopback only, every wait
/// bounded.
/// </summary>
[Collection(SocketsAndThreads.Name)]
public class ChatHostileClientTests
{
    public static TheoryData<string> Models => new() { "async", "threads", "event-loop" };

    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);

    private static ChatServer Create(string model, ChatServerOptions options) => model switch
    {
        "async" => new AsyncChatServer(options),
        "threads" => new ThreadPerConnectionChatServer(options),
        "event-loop" => new EventLoopChatServer(options),
        _ => throw new ArgumentOutOfRangeException(nameof(model)),
    };

    private static (ChatServer Server, ConcurrentQueue<string> Log) Start(string model, ChatServerOptions options)
    {
        var log = new ConcurrentQueue<string>();
        ChatServer server = Create(model, options with { Log = log.Enqueue });
        server.Start();
        return (server, log);
    }

    /// <summary>A client speaking the protocol, every wait bounded.</summary>
    private sealed class Client : IDisposable
    {
        private Client(TcpClient tcp)
        {
            Tcp = tcp;
            Stream = tcp.GetStream();
            Reader = new LineReader(Stream, 100_000);
        }

        public TcpClient Tcp { get; }

        public NetworkStream Stream { get; }

        public LineReader Reader { get; }

        public static async Task<Client> ConnectAsync(ChatServer server)
        {
            var tcp = new TcpClient { NoDelay = true };
            await tcp.ConnectAsync(server.EndPoint).WaitAsync(Patience);
            return new Client(tcp);
        }

        public static async Task<Client> JoinAsync(ChatServer server, string room, string name)
        {
            Client client = await ConnectAsync(server);
            await client.SendAsync($"JOIN {room} {name}");
            Assert.Equal($"WELCOME {room} {name}", await client.ReadAsync());
            return client;
        }

        public Task SendAsync(string text) => Stream.WriteAsync(Encoding.UTF8.GetBytes(text + "\n")).AsTask().WaitAsync(Patience);

        // The next line; null when the server closed the connection.
        public async Task<string?> ReadAsync()
        {
            try
            {
                LineRead read = await Reader.ReadAsync(false).AsTask().WaitAsync(Patience);
                return read.Status == LineStatus.Line ? read.Text : null;
            }
            catch (IOException)
            {
                return null;
            }
        }

        // An abrupt close: RST instead of FIN (SO_LINGER on with a zero timeout).
        public void Reset()
        {
            Tcp.Client.LingerState = new LingerOption(true, 0);
            Tcp.Client.Close();
            Tcp.Dispose();
        }

        public void Dispose() => Tcp.Dispose();
    }

    private static async Task WaitUntilAsync(Func<bool> condition, string what)
    {
        for (int i = 0; i < 1200 && !condition(); i++)
        {
            await Task.Delay(50);
        }
        Assert.True(condition(), $"{what} did not happen within 60 s");
    }

    private static string[] SlowConsumers(ConcurrentQueue<string> log) => [.. log.Where(l => l.Contains("does not read its lines", StringComparison.Ordinal))];

    [Theory]
    [MemberData(nameof(Models))]
    public async Task AFloodingSenderIsSlowedDownAndItsReadersGetEveryLineUncut(string model)
    {
        // One client writes 20,000 lines at once and reads nothing; its room's two readers read. Outboxes of 64 lines
        // fill at once: the sender must wait for the readers, not have them cut off.
        var (server, log) = Start(model, new ChatServerOptions { OutboxLines = 64 });
        await using var _ = server;
        using Client bob = await Client.JoinAsync(server, "lobby", "bob");
        using Client carol = await Client.JoinAsync(server, "lobby", "carol");
        using Client mallory = await Client.JoinAsync(server, "lobby", "mallory");
        const int Lines = 20_000;
        byte[] flood = Encoding.UTF8.GetBytes(string.Concat(Enumerable.Range(0, Lines).Select(i => $"SAY {i}\n")));
        Task sending = mallory.Stream.WriteAsync(flood).AsTask();

        async Task<int> ReadAll(Client reader)
        {
            for (int i = 0; i < Lines; i++)
            {
                Assert.Equal($"FROM mallory {i}", await reader.ReadAsync());
            }
            return Lines;
        }
        int[] received = await Task.WhenAll(ReadAll(bob), ReadAll(carol)).WaitAsync(TimeSpan.FromMinutes(3));
        await sending.WaitAsync(Patience);

        Assert.Equal([Lines, Lines], received);
        Assert.Empty(SlowConsumers(log));
        Assert.Equal(3, server.Stats.Open);
    }

    [Theory]
    [MemberData(nameof(Models))]
    public async Task AReaderThatNeverReadsIsCutOffOnceItsOutboxStaysFullAndTheSenderGoesOn(string model)
    {
        // The other side of the rule: a client that reads nothing is cut off after the patience, and only it.
        var (server, log) = Start(model, new ChatServerOptions { OutboxLines = 8, MaxLineBytes = 65_536, SlowConsumerTimeout = TimeSpan.FromSeconds(1) });
        await using var _ = server;
        using Client alice = await Client.JoinAsync(server, "lobby", "alice");
        using Client bob = await Client.JoinAsync(server, "lobby", "bob");
        using Client sleeper = await Client.JoinAsync(server, "lobby", "sleeper");
        string text = new('z', 60_000);
        sleeper.Tcp.Client.ReceiveBufferSize = 4096;

        for (int i = 0; i < 200; i++)
        {
            await alice.SendAsync($"SAY {i} {text}");
            Assert.Equal($"FROM alice {i} {text}", await bob.ReadAsync());
        }

        await WaitUntilAsync(() => server.Stats.Open == 2, "the sleeper's cut-off");
        Assert.Single(SlowConsumers(log));
    }

    [Theory]
    [MemberData(nameof(Models))]
    public async Task AClientThatReadsEverythingAndQuitsWhileTheRoomIsBusyIsNoSlowConsumer(string model)
    {
        var (server, log) = Start(model, new ChatServerOptions { OutboxLines = 16 });
        await using var _ = server;
        using Client alice = await Client.JoinAsync(server, "lobby", "alice");
        using Client carol = await Client.JoinAsync(server, "lobby", "carol");
        // The room is busy: Alice sends without pause while Bob reads a while and QUITs, reading to the end.
        using var busy = new CancellationTokenSource();
        Task chatter = Task.Run(async () =>
        {
            for (int i = 0; !busy.IsCancellationRequested; i++)
            {
                await alice.SendAsync($"SAY busy {i}");
            }
        });
        Task carolReads = Task.Run(async () =>
        {
            while (await carol.ReadAsync() is not null && !busy.IsCancellationRequested)
            {
            }
        });
        for (int round = 0; round < 5; round++)
        {
            using Client bob = await Client.JoinAsync(server, "lobby", "bob" + round);
            for (int i = 0; i < 50; i++)
            {
                Assert.StartsWith("FROM alice busy", await bob.ReadAsync(), StringComparison.Ordinal);
            }
            await bob.SendAsync("QUIT");
            while (await bob.ReadAsync() is not null)
            {
            }
        }
        busy.Cancel();
        await chatter.WaitAsync(Patience);

        Assert.Empty(SlowConsumers(log));
        carol.Dispose();
        await carolReads.WaitAsync(Patience);
    }

    [Theory]
    [MemberData(nameof(Models))]
    public async Task AResetInTheMiddleOfALineIsAFaultAndTheRoomGoesOn(string model)
    {
        var (server, log) = Start(model, new ChatServerOptions());
        await using var _ = server;
        using Client alice = await Client.JoinAsync(server, "lobby", "alice");
        using Client bob = await Client.JoinAsync(server, "lobby", "bob");
        Client quitter = await Client.JoinAsync(server, "lobby", "quitter");
        await quitter.Stream.WriteAsync(Encoding.UTF8.GetBytes("SAY half a li"));
        await Task.Delay(200); // the server has the half line

        quitter.Reset();

        await WaitUntilAsync(() => server.Stats.Open == 2, "the reset connection's end");
        Assert.Contains(log, l => l.Contains("reset in the middle of a line", StringComparison.Ordinal));
        await alice.SendAsync("SAY alice after the reset");
        Assert.Equal("FROM alice alice after the reset", await bob.ReadAsync());
    }

    [Theory]
    [MemberData(nameof(Models))]
    public async Task ANameFreedByAResetOrACloseCanBeTakenAtOnce(string model)
    {
        var (server, log) = Start(model, new ChatServerOptions());
        await using var _ = server;
        for (int attempt = 0; attempt < 20; attempt++)
        {
            Client erin = await Client.JoinAsync(server, "lobby", "erin");
            if (attempt % 2 == 0)
            {
                erin.Reset();
            }
            else
            {
                erin.Dispose();
            }
            using Client again = await Client.ConnectAsync(server);
            await again.SendAsync("JOIN lobby erin");
            Assert.Equal("WELCOME lobby erin", await again.ReadAsync());
            again.Dispose();
            await WaitUntilAsync(() => server.Stats.Open == 0, "the rejoined connection's end");
        }
        Assert.DoesNotContain(log, l => l.Contains("TAKEN", StringComparison.Ordinal));
    }

    [Theory]
    [MemberData(nameof(Models))]
    public async Task ClientsThatTrickleBytesOrSendNothingCannotHoldEverySlot(string model)
    {
        var (server, log) = Start(model, new ChatServerOptions { MaxConnections = 4, LineTimeout = TimeSpan.FromSeconds(1), IdleTimeout = TimeSpan.FromSeconds(2) });
        await using var _ = server;
        var hostile = new List<Client>();
        try
        {
            // Every slot taken: two clients trickling a byte every 200 ms, never ending a line; two sending nothing.
            for (int i = 0; i < 4; i++)
            {
                hostile.Add(await Client.ConnectAsync(server));
            }
            await WaitUntilAsync(() => server.Stats.Open == 4, "the hostile clients' admission");
            using var trickle = new CancellationTokenSource();
            Task trickling = Task.Run(async () =>
            {
                try
                {
                    while (!trickle.IsCancellationRequested)
                    {
                        foreach (Client client in hostile.Take(2))
                        {
                            await client.Stream.WriteAsync("x"u8.ToArray());
                        }
                        await Task.Delay(200);
                    }
                }
                catch (IOException)
                {
                    // closed by the server: what the test waits for
                }
            });

            // A real client gets a slot within the deadlines.
            await WaitUntilAsync(() => server.Stats.Open < 4, "a slot freed by a deadline");
            using Client dave = await Client.JoinAsync(server, "lobby", "dave");
            await WaitUntilAsync(() => server.Stats.Open == 1, "every hostile client's end");
            trickle.Cancel();
            await trickling.WaitAsync(Patience);

            Assert.Equal(2, log.Count(l => l.Contains("did not finish a line within 1 s", StringComparison.Ordinal)));
            Assert.Equal(2, log.Count(l => l.Contains("sent no line for 2 s", StringComparison.Ordinal)));
        }
        finally
        {
            hostile.ForEach(c => c.Dispose());
        }
    }
}
