using System.Net;
using System.Net.Sockets;
using ConcurrencyBench.Cli;
using ConcurrencyBench.Models.Chat;

namespace ConcurrencyBench.Reporting.Tests;

public class ChatCommandTests
{
    private static (int Code, string Output, string Error) Run(params string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        int code = CommandLine.Run(args, output, error);
        return (code, output.ToString(), error.ToString());
    }

    [Theory]
    [InlineData("chat-server")]
    [InlineData("chat-server", "--model", "fibers")]
    [InlineData("chat-server", "--model", "async", "--seconds", "0")]
    [InlineData("chat-server", "--model", "async", "--port", "70000")]
    [InlineData("chat-server", "--model", "async", "--max-connections", "x")]
    [InlineData("chat-server", "--model", "async", "--bind", "localhost-ish")]
    [InlineData("chat-load")]
    [InlineData("chat-load", "--port", "5000", "--clients", "1")]
    [InlineData("chat-load", "--port", "5000", "--rate", "0")]
    [InlineData("chat-load", "--port", "5000", "--timeout-seconds", "601")]
    [InlineData("chat-load", "--port", "5000", "--frobnicate")]
    [InlineData("chat-merge", "--out", "x.json", "no-such-result.json")]
    public void BadOptionsGetOneLineAndExitCode2(params string[] args)
    {
        var (code, output, error) = Run(args);
        Assert.Equal(CommandLine.BadInput, code);
        Assert.Equal("", output);
        Assert.Single(error.TrimEnd('\n').Split('\n'));
        Assert.StartsWith("error: ", error, StringComparison.Ordinal);
    }

    [Fact]
    public void ALoadAgainstAPortWhereNothingListensIsOneLineAndExitCode2()
    {
        // A port just released by a listener: nothing listens there now.
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        int port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();

        var (code, _, error) = Run("chat-load", "--port", port.ToString(System.Globalization.CultureInfo.InvariantCulture), "--clients", "2", "--windows", "1", "--window-ms", "1000", "--timeout-seconds", "10");

        Assert.Equal(CommandLine.BadInput, code);
        Assert.StartsWith($"error: the load could not run against 127.0.0.1:{port}", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ALoadAgainstAServerPrintsItsPercentilesAndWritesItsResultAndNeverOverwritesAFile()
    {
        using var files = new TestFiles();
        await using var server = new AsyncChatServer(new ChatServerOptions());
        server.Start();
        string port = server.EndPoint.Port.ToString(System.Globalization.CultureInfo.InvariantCulture);
        string json = files.PathOf("load.json");

        var (code, output, error) = Run("chat-load", "--port", port, "--clients", "20", "--rate", "100", "--room-size", "5", "--windows", "2", "--server", "async", "--run", "by-hand", "--out", json);

        Assert.True(code == CommandLine.Ok, error);
        Assert.Contains("schedule starts at stopwatch ", output, StringComparison.Ordinal);
        // 20 clients × 100 lines/s: 2,000 lines/s, so 1,000 lines in the 500 ms window the load derives.
        Assert.Contains("chat-load: 20 clients at 100 lines/s each (2,000 lines/s offered) for 2 windows of 0.5 s: 2,000 lines due, 2,000 sent, 2,000 delivered", output, StringComparison.Ordinal);
        Assert.Contains("latency from the intended send p50 ", output, StringComparison.Ordinal);
        ChatLoadResult result = ChatLoadResult.FromJson(File.ReadAllText(json));
        Assert.Equal(("by-hand", "async", 20, 2), (result.Run, result.Server, result.Clients, result.Windows.Count));
        Assert.All(result.Windows, w => Assert.Equal(1000, w.Delivered));

        string before = File.ReadAllText(json);
        var (again, _, refused) = Run("chat-load", "--port", port, "--clients", "2", "--out", json);
        Assert.Equal(CommandLine.BadInput, again);
        Assert.Contains("already exists", refused, StringComparison.Ordinal);
        Assert.Equal(before, File.ReadAllText(json));
    }

    [Theory]
    [InlineData("--out", "{missing}/load.json")]
    [InlineData("--out", "{existing}")]
    [InlineData("--rate", "-1")]
    [InlineData("--clients", "11")]
    [InlineData("--first-client", "5")]
    [InlineData("--window-ms", "150")]
    [InlineData("--windows", "0")]
    [InlineData("--start-at", "yesterday")]
    [InlineData("--lateness-tolerance-ms", "0")]
    public void AChatLoadOptionErrorIsOneLineAndExitCode2BeforeAnyConnection(string option, string value)
    {
        using var files = new TestFiles();
        File.WriteAllText(files.PathOf("existing.json"), "keep");
        // A listener that would see any connection the load made.
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        try
        {
            string port = ((IPEndPoint)listener.LocalEndpoint).Port.ToString(System.Globalization.CultureInfo.InvariantCulture);
            string given = value.Replace("{missing}", files.PathOf("no-such-folder"), StringComparison.Ordinal).Replace("{existing}", files.PathOf("existing.json"), StringComparison.Ordinal);

            string[] clients = option == "--clients" ? [] : ["--clients", "10"];
            var (code, output, error) = Run(["chat-load", "--port", port, .. clients, "--room-size", "10", option, given]);

            Assert.Equal(CommandLine.BadInput, code);
            Assert.Equal("", output);
            Assert.Single(error.TrimEnd('\n').Split('\n'));
            Assert.StartsWith("error: ", error, StringComparison.Ordinal);
            Assert.False(listener.Pending(), "the load connected before refusing its options");
            Assert.Equal("keep", File.ReadAllText(files.PathOf("existing.json")));
        }
        finally
        {
            listener.Stop();
        }
    }

    [Fact]
    public async Task AServerThatDiesMidLoadIsExitCode1WithItsLinesLostOrUnsentNeverCalledBadInput()
    {
        var server = new AsyncChatServer(new ChatServerOptions());
        server.Start();
        string port = server.EndPoint.Port.ToString(System.Globalization.CultureInfo.InvariantCulture);

        Task<(int Code, string Output, string Error)> load = Task.Run(() => Run("chat-load", "--port", port, "--clients", "20", "--rate", "20", "--windows", "4", "--window-ms", "1000", "--drain-ms", "1000"));
        // Stopped once the load is well into its windows (connecting 20 clients takes milliseconds).
        await Task.Delay(TimeSpan.FromSeconds(2.5));
        await server.StopAsync(TimeSpan.FromSeconds(30));
        var (code, output, error) = await load.WaitAsync(TimeSpan.FromMinutes(2));

        Assert.Equal(CommandLine.Regression, code);
        Assert.StartsWith("lost: ", error, StringComparison.Ordinal);
        Assert.Contains("never sent (not counted as lost)", error, StringComparison.Ordinal);
        Assert.DoesNotContain("error:", error, StringComparison.Ordinal);
        Assert.Contains("the server closed 20 of the clients' connections", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ChatMergeJoinsTheLoadsOfOneRunAndRefusesLoadsOfDifferentRuns()
    {
        using var files = new TestFiles();
        await using var server = new AsyncChatServer(new ChatServerOptions());
        server.Start();
        string port = server.EndPoint.Port.ToString(System.Globalization.CultureInfo.InvariantCulture);
        // A light load (300 lines/s offered in all, a long drain): this test is about joining files, and three loads and
        // a server in one test process beside the rest of the suite on 2 cores lost lines at 50 lines/s a client.
        string start = DateTimeOffset.UtcNow.AddSeconds(6).ToString("yyyy-MM-ddTHH:mm:ss.fffZ", System.Globalization.CultureInfo.InvariantCulture);
        string[] Part(int first, string run, string file) => ["chat-load", "--port", port, "--clients", "20", "--rate", "5", "--windows", "2", "--drain-ms", "10000", "--first-client", first.ToString(System.Globalization.CultureInfo.InvariantCulture), "--start-at", start, "--run", run, "--out", files.PathOf(file)];

        var parts = await Task.WhenAll(Task.Run(() => Run(Part(0, "r1", "a.json"))), Task.Run(() => Run(Part(20, "r1", "b.json"))), Task.Run(() => Run(Part(40, "r2", "c.json"))));
        Assert.All(parts, p => Assert.True(p.Code == CommandLine.Ok, p.Error));

        var (code, output, error) = Run("chat-merge", files.PathOf("a.json"), files.PathOf("b.json"), "--out", files.PathOf("ab.json"));
        Assert.True(code == CommandLine.Ok, error);
        Assert.StartsWith("chat-load: 40 clients at 5 lines/s each (200 lines/s offered)", output, StringComparison.Ordinal);
        Assert.Equal((2, 40), (ChatLoadResult.FromJson(File.ReadAllText(files.PathOf("ab.json"))).Processes, ChatLoadResult.FromJson(File.ReadAllText(files.PathOf("ab.json"))).Clients));

        var (refused, _, why) = Run("chat-merge", files.PathOf("a.json"), files.PathOf("c.json"), "--out", files.PathOf("ac.json"));
        Assert.Equal(CommandLine.BadInput, refused);
        Assert.Single(why.TrimEnd('\n').Split('\n'));
        Assert.Contains("not parts of one run", why, StringComparison.Ordinal);
        Assert.False(File.Exists(files.PathOf("ac.json")));
    }
}
