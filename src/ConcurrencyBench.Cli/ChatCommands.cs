using System.CommandLine;
using System.Net;
using System.Net.Sockets;
using ConcurrencyBench.Models.Chat;
using Perfolizer.Horology;
using Perfolizer.Mathematics.QuantileEstimators;
using Pragmastat;

namespace ConcurrencyBench.Cli;

/// <summary>
/// The chat server and its load generator by hand, for a local profiling session: <c>cbench chat-server</c> serves on
/// 127.0.0.1 for a bounded time; <c>cbench chat-load</c>, in a process of its own, drives it and prints the latency
/// percentiles (and writes every line's latency as CSV).
/// </summary>
internal static class ChatCommands
{
    private static readonly string[] s_models = ["async", "threads", "event-loop"];

    public static Command Server(TextWriter output, TextWriter error)
    {
        var model = new Option<string>("--model")
        {
            Description = "The server model: async (async sockets on the thread pool), threads (a thread per connection), event-loop (one thread, the asyncio model).",
            Required = true,
        };
        model.Validators.Add(result =>
        {
            // One line, not System.CommandLine's list of choices over several lines.
            if (result.Tokens.Count > 0 && !s_models.Contains(result.Tokens[0].Value))
            {
                result.AddError($"--model must be one of {string.Join(", ", s_models)}, not '{result.Tokens[0].Value}'");
            }
        });
        var port = IntOption("--port", "Port on 127.0.0.1 (0: an ephemeral port, printed).", 0, 0, 65_535);
        var seconds = IntOption("--seconds", "Serve this long, then stop (Ctrl+C stops sooner).", 60, 1, 3600);
        var maxConnections = IntOption("--max-connections", "Open connections at most; more are refused.", 2000, 1, 20_000);
        var maxLine = IntOption("--max-line-bytes", "The longest line a client may send.", 1024, 16, 1_048_576);
        var outbox = IntOption("--outbox-lines", "Lines queued per client at most; a sender waits while a reader's outbox is full.", 1024, 1, 1_000_000);
        var slowConsumer = IntOption("--slow-consumer-seconds", "A client whose full outbox takes no line for this long does not read, and is cut off.", 10, 1, 3600);
        var lineSeconds = IntOption("--line-seconds", "A line must end this many seconds after its first byte, or its connection is closed.", 30, 1, 3600);
        var idleSeconds = IntOption("--idle-seconds", "A connection that sends no line for this long is closed.", 300, 1, 86_400);
        var command = new Command("chat-server", "Serve the chat protocol on 127.0.0.1 for a bounded time (attach dotnet-counters or dotnet-trace to it).")
        {
            model, port, seconds, maxConnections, maxLine, outbox, slowConsumer, lineSeconds, idleSeconds,
        };
        command.SetAction(parse =>
        {
            var options = new ChatServerOptions
            {
                MaxConnections = parse.GetValue(maxConnections),
                MaxLineBytes = parse.GetValue(maxLine),
                OutboxLines = parse.GetValue(outbox),
                SlowConsumerTimeout = TimeSpan.FromSeconds(parse.GetValue(slowConsumer)),
                LineTimeout = TimeSpan.FromSeconds(parse.GetValue(lineSeconds)),
                IdleTimeout = TimeSpan.FromSeconds(parse.GetValue(idleSeconds)),
                Log = line => error.WriteLine($"fault: {line}"),
            };
            ChatServer server = parse.GetValue(model) switch
            {
                "threads" => new ThreadPerConnectionChatServer(options),
                "event-loop" => new EventLoopChatServer(options),
                _ => new AsyncChatServer(options),
            };
            try
            {
                server.Start(parse.GetValue(port));
            }
            catch (SocketException e)
            {
                error.WriteLine($"error: cannot listen on 127.0.0.1:{parse.GetValue(port)}: {e.Message}");
                return CommandLine.BadInput;
            }
            using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(parse.GetValue(seconds)));
            ConsoleCancelEventHandler onCancel = (_, e) =>
            {
                e.Cancel = true;
                stop.Cancel();
            };
            Console.CancelKeyPress += onCancel;
            output.WriteLine($"chat-server: {server.Name} on {server.EndPoint} (process {Environment.ProcessId}) for {parse.GetValue(seconds)} s");
            output.Flush();
            try
            {
                stop.Token.WaitHandle.WaitOne();
            }
            finally
            {
                Console.CancelKeyPress -= onCancel;
                server.StopAsync().GetAwaiter().GetResult();
            }
            ChatServerStats stats = server.Stats;
            output.WriteLine($"chat-server: stopped; {stats.Accepted} connections accepted, {stats.Refused} refused, {stats.Faults} faults");
            return CommandLine.Ok;
        });
        return command;
    }

    public static Command Load(TextWriter output, TextWriter error)
    {
        var port = IntOption("--port", "The chat server's port on 127.0.0.1.", 0, 1, 65_535);
        port.Required = true;
        var clients = IntOption("--clients", "Clients C.", 100, 2, 10_000);
        var lines = IntOption("--lines", "Lines M each client sends.", 10, 1, 10_000);
        var rate = IntOption("--rate", "Lines per second each client sends.", 10, 1, 1000);
        var roomSize = IntOption("--room-size", "Clients per room.", 10, 2, 10_000);
        var timeout = IntOption("--timeout-seconds", "The whole load's limit; lines not delivered by then are lost.", 60, 1, 600);
        var csv = new Option<string?>("--out", "-o") { Description = "A new CSV file for every line's latency (client, line, latency_ns); an existing file is not overwritten." };
        var command = new Command("chat-load", "Drive a chat server on 127.0.0.1 with C clients and print latency p50 / p99 / max and lines per second; exit 1 when lines were lost.")
        {
            port, clients, lines, rate, roomSize, timeout, csv,
        };
        command.SetAction(parse =>
        {
            string? file = parse.GetValue(csv);
            if (file is not null && (string.IsNullOrWhiteSpace(file) || File.Exists(file)))
            {
                error.WriteLine($"error: --out '{file}' {(string.IsNullOrWhiteSpace(file) ? "needs a file name" : "already exists; it is not overwritten")}");
                return CommandLine.BadInput;
            }
            var options = new ChatLoadOptions(parse.GetValue(clients), parse.GetValue(lines), parse.GetValue(rate), parse.GetValue(roomSize),
                TimeSpan.FromSeconds(parse.GetValue(timeout)));
            ChatLoadResult result;
            try
            {
                result = ChatLoad.RunAsync(new IPEndPoint(IPAddress.Loopback, parse.GetValue(port)), options).GetAwaiter().GetResult();
            }
            catch (Exception e) when (e is SocketException or IOException or InvalidOperationException or OperationCanceledException)
            {
                error.WriteLine($"error: the load could not run against 127.0.0.1:{parse.GetValue(port)}: {e.Message}");
                return CommandLine.BadInput;
            }
            if (file is not null)
            {
                File.WriteAllText(file, result.ToCsv(options.LinesPerClient));
            }
            double[] delivered = [.. result.LatenciesNs.Where(double.IsFinite)];
            string percentiles = "no line delivered";
            if (delivered.Length > 0)
            {
                var sample = new Sample(delivered, TimeUnit.Nanosecond);
                double Quantile(double p) => HarrellDavisQuantileEstimator.Instance.Quantile(sample, p).NominalValue;
                percentiles = $"latency p50 {Reporting.Format.Time(Quantile(0.5))}, p99 {Reporting.Format.Time(Quantile(0.99))}, max {Reporting.Format.Time(delivered.Max())}";
            }
            output.WriteLine($"chat-load: {result.Sent} lines sent by {options.Clients} clients, {result.Delivered} delivered to their whole room in {result.Elapsed.TotalMilliseconds:0} ms " +
                             $"({result.LinesPerSecond:0} lines/s); {percentiles}");
            if (result.Delivered < options.Clients * options.LinesPerClient)
            {
                error.WriteLine($"lost: {options.Clients * options.LinesPerClient - result.Delivered} lines not delivered to their whole room within {parse.GetValue(timeout)} s");
                return CommandLine.Regression;
            }
            return CommandLine.Ok;
        });
        return command;
    }

    // A whole number within bounds, parsed here so that a bad value is one line (a validator would see a parse failure thrown).
    private static Option<int> IntOption(string name, string description, int defaultValue, int min, int max) => new(name)
    {
        Description = $"{description} ({min} to {max:#,0}; default {defaultValue})",
        DefaultValueFactory = _ => defaultValue,
        CustomParser = result =>
        {
            string text = result.Tokens.Count > 0 ? result.Tokens[0].Value : "";
            if (!int.TryParse(text, System.Globalization.NumberStyles.Integer, System.Globalization.CultureInfo.InvariantCulture, out int value) || value < min || value > max)
            {
                result.AddError($"{name} must be a whole number from {min} to {max}, not '{text}'");
                return defaultValue;
            }
            return value;
        },
    };
}
