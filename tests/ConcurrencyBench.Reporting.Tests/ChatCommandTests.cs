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
    [InlineData("chat-load")]
    [InlineData("chat-load", "--port", "5000", "--clients", "1")]
    [InlineData("chat-load", "--port", "5000", "--rate", "0")]
    [InlineData("chat-load", "--port", "5000", "--timeout-seconds", "601")]
    [InlineData("chat-load", "--port", "5000", "--frobnicate")]
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

        var (code, _, error) = Run("chat-load", "--port", port.ToString(System.Globalization.CultureInfo.InvariantCulture), "--clients", "2", "--timeout-seconds", "10");

        Assert.Equal(CommandLine.BadInput, code);
        Assert.StartsWith($"error: the load could not run against 127.0.0.1:{port}", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ALoadAgainstAServerPrintsItsPercentilesAndWritesEveryLineAndNeverOverwritesAFile()
    {
        using var files = new TestFiles();
        await using var server = new AsyncChatServer(new ChatServerOptions());
        server.Start();
        string port = server.EndPoint.Port.ToString(System.Globalization.CultureInfo.InvariantCulture);
        string csv = files.PathOf("latencies.csv");

        var (code, output, error) = Run("chat-load", "--port", port, "--clients", "20", "--lines", "3", "--rate", "100", "--room-size", "5", "--out", csv);

        Assert.True(code == CommandLine.Ok, error);
        Assert.StartsWith("chat-load: 60 lines sent by 20 clients, 60 delivered to their whole room", output, StringComparison.Ordinal);
        Assert.Contains("latency p50 ", output, StringComparison.Ordinal);
        string[] rows = File.ReadAllLines(csv);
        Assert.Equal(61, rows.Length);
        Assert.All(rows.Skip(1), r => Assert.True(double.Parse(r.Split(',')[2], System.Globalization.CultureInfo.InvariantCulture) > 0));

        string before = File.ReadAllText(csv);
        var (again, _, refused) = Run("chat-load", "--port", port, "--clients", "2", "--out", csv);
        Assert.Equal(CommandLine.BadInput, again);
        Assert.Contains("already exists", refused, StringComparison.Ordinal);
        Assert.Equal(before, File.ReadAllText(csv));
    }
}
