using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using System.Text;
using ConcurrencyBench.Models.Chat;
using ConcurrencyBench.Models.SharedState;

namespace ConcurrencyBench.Models.Tests;

public class ChatProtocolTests
{
    [Theory]
    [InlineData("JOIN lobby alice", ChatCommandKind.Join, "lobby", "alice", "")]
    [InlineData("SAY hello there", ChatCommandKind.Say, "", "", "hello there")]
    [InlineData("SAY ", ChatCommandKind.Say, "", "", "")]
    [InlineData("QUIT", ChatCommandKind.Quit, "", "", "")]
    public void WellFormedLinesParse(string line, ChatCommandKind kind, string room, string name, string text)
    {
        Assert.Equal(new ChatCommand(kind, room, name, text), ChatProtocol.Parse(line));
    }

    [Theory]
    [InlineData("JOIN lobby")]
    [InlineData("JOIN lobby al ice")]
    [InlineData("JOIN lobby al!ce")]
    [InlineData("JOIN lobby aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa")]
    [InlineData("HELLO")]
    [InlineData("")]
    [InlineData("say hi")]
    public void AnythingElseIsMalformedWithAReason(string line)
    {
        ChatCommand command = ChatProtocol.Parse(line);
        Assert.Equal(ChatCommandKind.Malformed, command.Kind);
        Assert.NotEmpty(command.Text);
    }

    [Fact]
    public async Task TheLineReaderReturnsLinesWithoutTerminatorsAndSaysHowTheStreamEnded()
    {
        var reader = new LineReader(new MemoryStream(Encoding.UTF8.GetBytes("one\r\ntwo\nthree")), 16);
        Assert.Equal(new LineRead(LineStatus.Line, "one"), await reader.ReadAsync(false));
        Assert.Equal(new LineRead(LineStatus.Line, "two"), reader.Read());
        Assert.Equal(LineStatus.EndMidLine, (await reader.ReadAsync(false)).Status);

        var clean = new LineReader(new MemoryStream(Encoding.UTF8.GetBytes("one\n")), 16);
        Assert.Equal("one", clean.Read().Text);
        Assert.Equal(LineStatus.End, clean.Read().Status);
    }

    [Fact]
    public async Task ALineOverTheLimitIsRefusedWithoutBufferingIt()
    {
        // 10 MB with no newline: the reader stops after the limit instead of growing.
        var endless = new LineReader(new MemoryStream(new byte[10_000_000]), 100);
        Assert.Equal(LineStatus.TooLong, (await endless.ReadAsync(false)).Status);
        var exact = new LineReader(new MemoryStream(Encoding.UTF8.GetBytes(new string('x', 100) + "\n" + new string('y', 101) + "\n")), 100);
        Assert.Equal(100, exact.Read().Text!.Length);
        Assert.Equal(LineStatus.TooLong, exact.Read().Status);
    }
}

/// <summary>
/// Thousands of sockets and threads: run alone, so that the tests measuring this process (the sampler's allocations,
/// thread counts) never see them.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class SocketsAndThreads
{
    public const string Name = "Sockets and threads";
}

[Collection(SocketsAndThreads.Name)]
public class ChatServerTests
{
    public static TheoryData<string> Models => new() { "async", "threads", "event-loop" };

    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);

    private static ChatServer Create(string model, ChatServerOptions options) => model switch
    {
        "async" => new AsyncChatServer(options),
        "threads" => new ThreadPerConnectionChatServer(options),
        "event-loop" => new EventLoopChatServer(options),
        _ => throw new ArgumentOutOfRangeException(nameof(model)),
    };

    /// <summary>A test client: whole lines in and out, every wait bounded.</summary>
    private sealed class TestClient : IDisposable
    {
        private readonly TcpClient _tcp = new() { NoDelay = true };
        private NetworkStream _stream = null!;
        private LineReader _reader = null!;

        public static async Task<TestClient> ConnectAsync(ChatServer server)
        {
            var client = new TestClient();
            await client._tcp.ConnectAsync(server.EndPoint).WaitAsync(Patience);
            client._stream = client._tcp.GetStream();
            client._reader = new LineReader(client._stream, 100_000);
            return client;
        }

        public static async Task<TestClient> JoinAsync(ChatServer server, string room, string name)
        {
            TestClient client = await ConnectAsync(server);
            await client.SendAsync($"JOIN {room} {name}");
            Assert.Equal($"WELCOME {room} {name}", await client.ReadAsync());
            return client;
        }

        public Task SendAsync(string line) => SendRawAsync(Encoding.UTF8.GetBytes(line + "\n"));

        public async Task SendRawAsync(byte[] bytes) => await _stream.WriteAsync(bytes).AsTask().WaitAsync(Patience);

        // The next line; null when the server closed the connection.
        public async Task<string?> ReadAsync()
        {
            try
            {
                LineRead read = await _reader.ReadAsync(false).AsTask().WaitAsync(Patience);
                return read.Status == LineStatus.Line ? read.Text : null;
            }
            catch (IOException)
            {
                return null;
            }
        }

        public void Dispose() => _tcp.Dispose();
    }

    private static async Task<(ChatServer Server, ConcurrentQueue<string> Log)> StartAsync(string model, ChatServerOptions? options = null)
    {
        var log = new ConcurrentQueue<string>();
        ChatServer server = Create(model, (options ?? new ChatServerOptions()) with { Log = log.Enqueue });
        server.Start();
        await Task.Yield();
        return (server, log);
    }

    // After every robustness case the room still works: a line from one well-behaved member reaches the other.
    private static async Task AssertRoomStillServedAsync(TestClient from, TestClient to, string text)
    {
        await from.SendAsync($"SAY {text}");
        Assert.Equal($"FROM {(text.Split(' ')[0])} {text}", await to.ReadAsync());
    }

    private static async Task StopAndAssertNothingLeftAsync(ChatServer server)
    {
        IPEndPoint endPoint = server.EndPoint;
        int faults = server.Stats.Faults;
        await server.StopAsync(Patience);
        Assert.Equal(0, server.Stats.Open);
        // No connection, thread or event loop outlived the stop (each would have logged one more fault).
        Assert.Equal(faults, server.Stats.Faults);
        // The port is closed: nothing listens any more.
        using var probe = new TcpClient();
        await Assert.ThrowsAnyAsync<SocketException>(() => probe.ConnectAsync(endPoint).WaitAsync(Patience));
    }

    [Theory]
    [MemberData(nameof(Models))]
    public async Task ALineReachesEveryOtherMemberOfTheRoomAndNobodyElse(string model)
    {
        var (server, log) = await StartAsync(model);
        using (TestClient alice = await TestClient.JoinAsync(server, "lobby", "alice"))
        using (TestClient bob = await TestClient.JoinAsync(server, "lobby", "bob"))
        using (TestClient carol = await TestClient.JoinAsync(server, "lobby", "carol"))
        using (TestClient dave = await TestClient.JoinAsync(server, "kitchen", "dave"))
        {
            await alice.SendAsync("SAY alice hi");
            Assert.Equal("FROM alice alice hi", await bob.ReadAsync());
            Assert.Equal("FROM alice alice hi", await carol.ReadAsync());
            // Dave (another room) and Alice (the sender) got nothing: the next line each reads is the next one meant for them.
            await bob.SendAsync("SAY bob back");
            Assert.Equal("FROM bob bob back", await alice.ReadAsync());
            await dave.SendAsync("SAY dave alone");
            await carol.SendAsync("SAY carol x");
            Assert.Equal("FROM carol carol x", await alice.ReadAsync());
            Assert.Equal("FROM bob bob back", await carol.ReadAsync());
        }
        await StopAndAssertNothingLeftAsync(server);
        Assert.Empty(log);
    }

    [Theory]
    [MemberData(nameof(Models))]
    public async Task ATakenNameIsRefusedAndFreedWhenItsHolderLeaves(string model)
    {
        var (server, _) = await StartAsync(model);
        TestClient first = await TestClient.JoinAsync(server, "lobby", "erin");
        using (TestClient second = await TestClient.ConnectAsync(server))
        {
            await second.SendAsync("JOIN lobby erin");
            Assert.Equal("TAKEN erin", await second.ReadAsync());
            await first.SendAsync("QUIT");
            Assert.Null(await first.ReadAsync());
            first.Dispose();
            // Leaving is asynchronous on the server: retry until the name is free (bounded).
            string? reply = null;
            for (int attempt = 0; attempt < 100 && reply != "WELCOME lobby erin"; attempt++)
            {
                await Task.Delay(50);
                await second.SendAsync("JOIN lobby erin");
                reply = await second.ReadAsync();
            }
            Assert.Equal("WELCOME lobby erin", reply);
        }
        await StopAndAssertNothingLeftAsync(server);
    }

    [Theory]
    [MemberData(nameof(Models))]
    public async Task AMalformedLineGetsAnErrorAndOneLogLineAndTheConnectionGoesOn(string model)
    {
        var (server, log) = await StartAsync(model);
        using (TestClient alice = await TestClient.JoinAsync(server, "lobby", "alice"))
        using (TestClient bob = await TestClient.JoinAsync(server, "lobby", "bob"))
        {
            await alice.SendAsync("DANCE");
            Assert.Equal("ERROR unknown command", await alice.ReadAsync());
            await AssertRoomStillServedAsync(alice, bob, "alice still here");
            Assert.Single(log);
            Assert.Contains("malformed", log.Single(), StringComparison.Ordinal);
        }
        await StopAndAssertNothingLeftAsync(server);
    }

    [Theory]
    [MemberData(nameof(Models))]
    public async Task ALineOverTheLimitClosesThatConnectionOnly(string model)
    {
        var (server, log) = await StartAsync(model, new ChatServerOptions { MaxLineBytes = 256 });
        using (TestClient alice = await TestClient.JoinAsync(server, "lobby", "alice"))
        using (TestClient bob = await TestClient.JoinAsync(server, "lobby", "bob"))
        using (TestClient mallory = await TestClient.JoinAsync(server, "lobby", "mallory"))
        {
            await mallory.SendAsync("SAY " + new string('x', 10_000));
            Assert.Equal("ERROR line-too-long", await mallory.ReadAsync());
            Assert.Null(await mallory.ReadAsync());
            await AssertRoomStillServedAsync(alice, bob, "alice after mallory");
            Assert.Contains(log, l => l.Contains("longer than 256 bytes", StringComparison.Ordinal));
        }
        await StopAndAssertNothingLeftAsync(server);
    }

    [Theory]
    [MemberData(nameof(Models))]
    public async Task AClientThatDisconnectsMidLineIsLoggedAndForgotten(string model)
    {
        var (server, log) = await StartAsync(model);
        using (TestClient alice = await TestClient.JoinAsync(server, "lobby", "alice"))
        using (TestClient bob = await TestClient.JoinAsync(server, "lobby", "bob"))
        {
            TestClient quitter = await TestClient.JoinAsync(server, "lobby", "quitter");
            await quitter.SendRawAsync(Encoding.UTF8.GetBytes("SAY half a li"));
            quitter.Dispose();
            await WaitUntilAsync(() => server.Stats.Open == 2);
            await AssertRoomStillServedAsync(alice, bob, "alice after quitter");
            Assert.Contains(log, l => l.Contains("in the middle of a line", StringComparison.Ordinal));
        }
        await StopAndAssertNothingLeftAsync(server);
    }

    [Theory]
    [MemberData(nameof(Models))]
    public async Task AClientThatNeverReadsIsDisconnectedOnceItsOutboxIsFullAndTheRoomGoesOn(string model)
    {
        var (server, log) = await StartAsync(model, new ChatServerOptions { OutboxLines = 16, MaxLineBytes = 65_536, SlowConsumerTimeout = TimeSpan.FromSeconds(1) });
        using (TestClient alice = await TestClient.JoinAsync(server, "lobby", "alice"))
        using (TestClient bob = await TestClient.JoinAsync(server, "lobby", "bob"))
        using (TestClient sleeper = await TestClient.JoinAsync(server, "lobby", "sleeper"))
        {
            // 500 lines of 60 kB, 30 MB: far more than the sleeper's socket buffers and its 16-line outbox hold. Bob
            // reads each line before Alice sends the next; the sleeper never reads, and is cut off instead of holding
            // the room back.
            string text = new('z', 60_000);
            for (int i = 0; i < 500; i++)
            {
                await alice.SendAsync($"SAY {i} {text}");
                Assert.Equal($"FROM alice {i} {text}", await bob.ReadAsync());
            }
            await WaitUntilAsync(() => server.Stats.Open == 2);
            Assert.Contains(log, l => l.Contains("does not read its lines", StringComparison.Ordinal));
            await AssertRoomStillServedAsync(alice, bob, "alice after sleeper");
        }
        await StopAndAssertNothingLeftAsync(server);
    }

    [Theory]
    [MemberData(nameof(Models))]
    public async Task AConnectionFloodPastTheMaximumIsRefusedNotCrashed(string model)
    {
        var (server, log) = await StartAsync(model, new ChatServerOptions { MaxConnections = 5 });
        using (TestClient alice = await TestClient.JoinAsync(server, "lobby", "alice"))
        using (TestClient bob = await TestClient.JoinAsync(server, "lobby", "bob"))
        {
            var flood = new List<TestClient>();
            try
            {
                for (int i = 0; i < 10; i++)
                {
                    flood.Add(await TestClient.ConnectAsync(server));
                }
                // 3 more fit; the other 7 are told and closed.
                await WaitUntilAsync(() => server.Stats.Refused == 7);
                int refused = 0;
                foreach (TestClient client in flood)
                {
                    await client.SendAsync("JOIN lobby x" + flood.IndexOf(client));
                    string? reply = await client.ReadAsync();
                    if (reply is "ERROR server-full" or null)
                    {
                        refused++;
                    }
                }
                Assert.Equal(7, refused);
                Assert.Equal(7, log.Count(l => l.Contains("refused a connection", StringComparison.Ordinal)));
                await AssertRoomStillServedAsync(alice, bob, "alice during the flood");
            }
            finally
            {
                flood.ForEach(c => c.Dispose());
            }
        }
        await StopAndAssertNothingLeftAsync(server);
    }

    // A table whose join returns only some time after the welcome was written: the window in which a client already
    // welcomed could miss a line sent to its room, if the server put it in the room after the join returned.
    private sealed class SlowToReturnTable(IUserTable inner) : IUserTable
    {
        public string Name => inner.Name;

        public bool AwaitsInside => inner.AwaitsInside;

        public int Count => inner.Count;

        public async ValueTask<bool> JoinAsync(string name, int connection, Func<ValueTask>? welcome = null)
        {
            bool joined = await inner.JoinAsync(name, connection, welcome);
            await Task.Delay(500);
            return joined;
        }

        public ValueTask<int?> LookupAsync(string name) => inner.LookupAsync(name);

        public ValueTask<bool> LeaveAsync(string name, int connection) => inner.LeaveAsync(name, connection);
    }

    private sealed class SlowJoinServer(ChatServerOptions options) : AsyncChatServer(options, new SlowToReturnTable(new ConcurrentDictionaryUserTable()), captureContext: false);

    [Fact]
    public async Task AClientHasEveryLineSentToItsRoomOnceItIsWelcomed()
    {
        var log = new ConcurrentQueue<string>();
        ChatServer server = new SlowJoinServer(new ChatServerOptions { Log = log.Enqueue });
        server.Start();
        using (TestClient alice = await TestClient.JoinAsync(server, "lobby", "alice"))
        using (TestClient bob = await TestClient.JoinAsync(server, "lobby", "bob"))
        {
            // Bob has his WELCOME; his join has not returned on the server yet. Alice's line must still reach him.
            await alice.SendAsync("SAY right after the welcome");
            Assert.Equal("FROM alice right after the welcome", await bob.ReadAsync());
        }
        await StopAndAssertNothingLeftAsync(server);
        Assert.Empty(log);
    }

    private static async Task WaitUntilAsync(Func<bool> condition)
    {
        for (int i = 0; i < 600 && !condition(); i++)
        {
            await Task.Delay(50);
        }
        Assert.True(condition(), "the server did not get there within 30 s");
    }
}
