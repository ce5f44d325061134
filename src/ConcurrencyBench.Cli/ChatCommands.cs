using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using ConcurrencyBench.Models.Chat;
using ConcurrencyBench.Reporting;

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
        var port = IntOption("--port", "Port to listen on (0: an ephemeral port, printed).", 0, 0, 65_535);
        var bind = new Option<string>("--bind")
        {
            Description = "The address to listen on: 127.0.0.1 (loopback only), or this machine's address (or 0.0.0.0) for a load generator on another machine. (default 127.0.0.1)",
            DefaultValueFactory = _ => "127.0.0.1",
        };
        bind.Validators.Add(result =>
        {
            if (result.Tokens.Count > 0 && !IPAddress.TryParse(result.Tokens[0].Value, out _))
            {
                result.AddError($"--bind must be an IP address such as 127.0.0.1 or 0.0.0.0, not '{result.Tokens[0].Value}'");
            }
        });
        var seconds = IntOption("--seconds", "Serve this long, then stop (Ctrl+C stops sooner).", 60, 1, 3600);
        var maxConnections = IntOption("--max-connections", "Open connections at most; more are refused.", 2000, 1, 20_000);
        var maxLine = IntOption("--max-line-bytes", "The longest line a client may send.", 1024, 16, 1_048_576);
        var outbox = IntOption("--outbox-lines", "Lines queued per client at most; a sender waits while a reader's outbox is full.", 1024, 1, 1_000_000);
        var slowConsumer = IntOption("--slow-consumer-seconds", "A client whose full outbox takes no line for this long does not read, and is cut off.", 10, 1, 3600);
        var lineSeconds = IntOption("--line-seconds", "A line must end this many seconds after its first byte, or its connection is closed.", 30, 1, 3600);
        var idleSeconds = IntOption("--idle-seconds", "A connection that sends no line for this long is closed.", 300, 1, 86_400);
        var command = new Command("chat-server", "Serve the chat protocol (on 127.0.0.1 unless --bind says otherwise) for a bounded time (attach dotnet-counters or dotnet-trace to it).")
        {
            model, bind, port, seconds, maxConnections, maxLine, outbox, slowConsumer, lineSeconds, idleSeconds,
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
            IPAddress address = IPAddress.Parse(parse.GetValue(bind)!);
            try
            {
                server.Start(address, parse.GetValue(port));
            }
            catch (SocketException e)
            {
                error.WriteLine($"error: cannot listen on {address}:{parse.GetValue(port)}: {e.Message}");
                return CommandLine.BadInput;
            }
            // Its time, or an interrupt (SIGINT, SIGTERM), stops it: the summary follows.
            using var stop = CancellationTokenSource.CreateLinkedTokenSource(Interruption.Token);
            stop.CancelAfter(TimeSpan.FromSeconds(parse.GetValue(seconds)));
            output.WriteLine($"chat-server: {server.Name} on {server.EndPoint} (process {Environment.ProcessId}) for {parse.GetValue(seconds)} s");
            output.Flush();
            try
            {
                stop.Token.WaitHandle.WaitOne();
            }
            finally
            {
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
        var host = new Option<string>("--host")
        {
            Description = "The chat server's host name or address (another machine's for a two-machine run). (default 127.0.0.1)",
            DefaultValueFactory = _ => "127.0.0.1",
        };
        var port = IntOption("--port", "The chat server's port.", 0, 1, 65_535);
        port.Required = true;
        var clients = IntOption("--clients", "Clients C of this load process (several processes: see --first-client).", 100, 2, ChatLoadOptions.MaxClients);
        var rate = DoubleOption("--rate", "Lines per second each client sends (the offered rate per client).", 10, 0.001, 1000);
        var roomSize = IntOption("--room-size", "Clients per room.", 10, 2, ChatLoadOptions.MaxClients);
        var windows = IntOption("--windows", "Measured windows, back to back, after every client has joined.", 5, 1, 1000);
        var windowMs = IntOption("--window-ms", "Each window's length in ms, whole 100 ms slices (default: the shortest that holds 1,000 lines at this C and rate, at least 500 ms).", 0, 100, 600_000);
        var drainMs = IntOption("--drain-ms", "After the last intended send, how long to wait for lines still on their way; later ones are lost.", 2000, 0, 60_000);
        var timeout = IntOption("--timeout-seconds", "The whole load's limit (default: the windows and the drain plus 60 s).", 0, 1, 600);
        var firstClient = IntOption("--first-client", "The first client's number, a multiple of the room size: each load process against one server takes its own block of clients.", 0, 0, 1_000_000);
        var prime = new Option<bool>("--prime") { Description = "Prime the server first (a few rounds of two clients, then 200 ms) so that window 1 meets compiled code." };
        var startAt = new Option<string?>("--start-at") { Description = "Start the schedule at this UTC time (ISO 8601, e.g. 2026-12-01T10:00:00Z), so that several load processes start together." };
        var runLabel = new Option<string>("--run") { Description = "A label shared by the load processes of one run (cbench chat-merge and the report merge by it).", DefaultValueFactory = _ => "" };
        var serverLabel = new Option<string>("--server") { Description = "What the server is (e.g. its model: async, threads, event-loop), written into the result.", DefaultValueFactory = _ => "" };
        var tolerance = IntOption("--lateness-tolerance-ms", "The load's own lateness p99 beyond which it is called behind (its latencies are then not the server's alone).", 10, 1, 10_000);
        var json = new Option<string?>("--out", "-o") { Description = "A new JSON file for the result (format concurrencybench-chat-load/1: every window's histograms, 100 ms slices, the load's lateness and CPU); an existing file is not overwritten." };
        var command = new Command("chat-load", "Drive a chat server with an open load (a fixed schedule that never waits for the server) and print each line's latency from its intended send time to the last member of its room; exit 1 when lines were lost or never sent, 2 on bad input.")
        {
            host, port, clients, rate, roomSize, windows, windowMs, drainMs, timeout, firstClient, prime, startAt, runLabel, serverLabel, tolerance, json,
        };
        command.SetAction(parse =>
        {
            // Everything is checked before the first connection: a mistake costs nothing and loses nothing.
            string? file = parse.GetValue(json);
            if (file is not null)
            {
                string? folder = Path.GetDirectoryName(Path.GetFullPath(string.IsNullOrWhiteSpace(file) ? "." : file));
                string? problem = string.IsNullOrWhiteSpace(file) ? "needs a file name"
                    : File.Exists(file) || Directory.Exists(file) ? "already exists; it is not overwritten"
                    : folder is null || !Directory.Exists(folder) ? $"is in a folder that does not exist ({folder})"
                    : null;
                if (problem is not null)
                {
                    error.WriteLine($"error: --out '{file}' {problem}");
                    return CommandLine.BadInput;
                }
            }
            DateTimeOffset? at = null;
            if (parse.GetValue(startAt) is string when)
            {
                if (!DateTimeOffset.TryParse(when, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out DateTimeOffset parsedAt)
                    || parsedAt < DateTimeOffset.UtcNow - TimeSpan.FromMinutes(1) || parsedAt > DateTimeOffset.UtcNow + TimeSpan.FromHours(1))
                {
                    error.WriteLine($"error: --start-at must be a UTC time within the next hour, such as {DateTimeOffset.UtcNow.AddMinutes(1):yyyy-MM-ddTHH:mm:ssZ}, not '{when}'");
                    return CommandLine.BadInput;
                }
                at = parsedAt;
            }
            int c = parse.GetValue(clients);
            double r = parse.GetValue(rate);
            TimeSpan window = parse.GetValue(windowMs) is int ms and > 0 ? TimeSpan.FromMilliseconds(ms) : ChatLoadOptions.WindowFor(c, r);
            TimeSpan drain = TimeSpan.FromMilliseconds(parse.GetValue(drainMs));
            int n = parse.GetValue(windows);
            var options = new ChatLoadOptions
            {
                Clients = c,
                LinesPerSecond = r,
                RoomSize = parse.GetValue(roomSize),
                Windows = n,
                WindowLength = window,
                Drain = drain,
                Timeout = parse.GetValue(timeout) is int seconds and > 0
                    ? TimeSpan.FromSeconds(seconds)
                    : TimeSpan.FromSeconds(Math.Min(600, Math.Ceiling(((window * n) + drain).TotalSeconds) + 60)),
                FirstClient = parse.GetValue(firstClient),
                Prime = parse.GetValue(prime),
                StartAt = at,
                Run = parse.GetValue(runLabel) ?? "",
                Server = parse.GetValue(serverLabel) ?? "",
                LatenessTolerance = TimeSpan.FromMilliseconds(parse.GetValue(tolerance)),
                // This process is the load alone: its readers and writers yield the CPU to its pacing thread.
                PacerFirst = true,
            };
            try
            {
                options.Validate();
            }
            catch (ArgumentOutOfRangeException e)
            {
                error.WriteLine($"error: {e.Message.Split(" (Parameter", 2)[0].Split('\n')[0]}");
                return CommandLine.BadInput;
            }
            string target = $"{parse.GetValue(host)}:{parse.GetValue(port)}";
            ChatLoadResult result;
            try
            {
                result = ChatLoad.RunAsync(parse.GetValue(host)!, parse.GetValue(port), options, start =>
                {
                    // The schedule's start on the machine's monotonic clock: the benchmark that started this load
                    // lines its own bursts up with the windows by it.
                    output.WriteLine($"chat-load: {c:#,0} clients joined; schedule starts at stopwatch {start} (frequency {Stopwatch.Frequency})");
                    output.Flush();
                }, Interruption.Token).GetAwaiter().GetResult();
            }
            catch (Exception e) when ((e is SocketException or IOException or InvalidOperationException or OperationCanceledException) && !Interruption.Token.IsCancellationRequested)
            {
                error.WriteLine($"error: the load could not run against {target}: {e.Message}");
                return CommandLine.BadInput;
            }
            Interruption.ThrowIfRequested();
            if (file is not null)
            {
                // A new file only, written whole: a reader never sees half of it, and nothing already there is replaced.
                OutputFolder.WriteFile(file, result.ToJson(), overwrite: false);
            }
            output.WriteLine(result.Describe());
            if (result.Lost > 0 || result.Unsent > 0 || result.Failure is not null)
            {
                error.WriteLine($"lost: {result.Lost:#,0} lines sent and not delivered to their whole room, {result.Unsent:#,0} never sent (not counted as lost){(result.Failure is null ? "" : $"; {result.Failure}")}");
                return CommandLine.Regression;
            }
            return CommandLine.Ok;
        });
        return command;
    }

    public static Command Merge(TextWriter output)
    {
        var inputs = new Argument<string[]>("results")
        {
            Description = "The chat-load results (--out files) of the load processes of one run.",
            Arity = ArgumentArity.OneOrMore,
        };
        var json = new Option<string>("--out", "-o") { Description = "A new JSON file for the merged result.", Required = true };
        var command = new Command("chat-merge", "Merge the results of several chat-load processes that ran one schedule against one server (each its own clients) into one result.")
        {
            inputs, json,
        };
        command.SetAction(parse =>
        {
            string file = parse.GetValue(json)!;
            if (string.IsNullOrWhiteSpace(file) || File.Exists(file) || Directory.Exists(file))
            {
                throw new IOException($"--out '{file}' {(string.IsNullOrWhiteSpace(file) ? "needs a file name" : "already exists; it is not overwritten")}");
            }
            List<ChatLoadResult> parts = [.. (parse.GetValue(inputs) ?? []).Select(ReadResult)];
            ChatLoadResult merged;
            try
            {
                merged = ChatLoadResult.Merge(parts);
            }
            catch (ArgumentException e)
            {
                throw new ResultsFormatException(e.Message.Split(" (Parameter", 2)[0]);
            }
            OutputFolder.WriteFile(file, merged.ToJson(), overwrite: false);
            output.WriteLine(merged.Describe());
            return CommandLine.Ok;
        });
        return command;
    }

    /// <summary>Reads a chat-load result, or fails with one line naming the file and the problem.</summary>
    public static ChatLoadResult ReadResult(string path) => ChatLoadFile.Read(path, pipeAllowed: true);

    // A number within bounds, parsed here so that a bad value is one line.
    private static Option<double> DoubleOption(string name, string description, double defaultValue, double min, double max) => new(name)
    {
        Description = $"{description} ({min.ToString(CultureInfo.InvariantCulture)} to {max.ToString("#,0", CultureInfo.InvariantCulture)}; default {defaultValue.ToString(CultureInfo.InvariantCulture)})",
        DefaultValueFactory = _ => defaultValue,
        CustomParser = result =>
        {
            string text = result.Tokens.Count > 0 ? result.Tokens[0].Value : "";
            if (!double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out double value) || !double.IsFinite(value) || value < min || value > max)
            {
                result.AddError($"{name} must be a number from {min.ToString(CultureInfo.InvariantCulture)} to {max.ToString(CultureInfo.InvariantCulture)}, not '{text}'");
                return defaultValue;
            }
            return value;
        },
    };

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
