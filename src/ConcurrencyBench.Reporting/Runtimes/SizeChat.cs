using System.Globalization;
using System.Text.RegularExpressions;

namespace ConcurrencyBench.Reporting.Runtimes;

/// <summary>
/// The chat point of a machine-size sweep at one size (<see cref="GridChat"/>): for each server model, fresh server
/// processes (<c>cbench chat-server</c>) started inside the size (its launch: pinned cores, a quota's cgroup, a
/// configured processor count), each driven by a load (<c>cbench chat-load --prime</c>, two windows: cold, then warm)
/// started outside it, so that the size limits the server alone (pinned: the load on the cores the server was not given;
/// a quota: the load outside the cgroup; a configured count: the load told nothing). Each load writes its result
/// (<c>concurrencybench-chat-load/1</c>) to <c>&lt;size&gt;/chat/&lt;model&gt;-&lt;process&gt;.json</c>.
/// </summary>
public static partial class SizeChat
{
    /// <summary>The size folder's subfolder of chat-load results.</summary>
    public const string Folder = "chat";

    /// <summary>How long a server serves at most (it stops by itself): the connections, two windows, the drain, and room.</summary>
    private static readonly TimeSpan ServeLimit = TimeSpan.FromSeconds(240);

    /// <summary>How long a load may take, its own limit (the windows, the drain and connecting are far less).</summary>
    private const int LoadLimitSeconds = 180;

    /// <summary>The file a model's process writes.</summary>
    public static string FileName(string model, int process) =>
        string.Create(CultureInfo.InvariantCulture, $"{model}-{process}.json");

    /// <summary>
    /// How the load starts at <paramref name="size"/>: on the cores a pinned server was not given (taskset), else as the
    /// sweep itself runs (outside a quota's cgroup, without a configured count's variables).
    /// </summary>
    public static ProcessLaunch LoadLaunch(MachineSize size, SizeMachine machine)
    {
        ArgumentNullException.ThrowIfNull(size);
        ArgumentNullException.ThrowIfNull(machine);
        return size.Kind == SizeKind.RealCores && size.Cpus < machine.RealCores
            ? new(["taskset", "-c", string.Create(CultureInfo.InvariantCulture, $"{(int)size.Cpus}-{machine.RealCores - 1}")], new Dictionary<string, string>())
            : ProcessLaunch.Plain;
    }

    /// <summary>
    /// Serves <paramref name="chat"/> at the size of <paramref name="setup"/>, <paramref name="processes"/> fresh server
    /// processes per model, one after another; returns the failures (one line each: a server that did not start, a load
    /// that wrote no result). A load that lost lines still wrote its result: that is a measurement, not a failure.
    /// </summary>
    /// <param name="chat">The point and models.</param>
    /// <param name="setup">The size, set up.</param>
    /// <param name="machine">The machine (the load's cores).</param>
    /// <param name="command">How to start cbench: the program and the words before its command (dotnet, cbench.dll).</param>
    /// <param name="sizeFolder">The size's folder.</param>
    /// <param name="processes">Fresh server processes per model (at least 1).</param>
    /// <param name="output">Progress, one line per process.</param>
    /// <exception cref="RunInterruptedException">An interrupt: both processes killed, the results written so far kept.</exception>
    public static IReadOnlyList<string> Run(GridChat chat, SizeSetup setup, SizeMachine machine, IReadOnlyList<string> command, string sizeFolder, int processes, TextWriter output)
    {
        ArgumentNullException.ThrowIfNull(chat);
        ArgumentNullException.ThrowIfNull(setup);
        ArgumentNullException.ThrowIfNull(command);
        ArgumentNullException.ThrowIfNull(output);
        ArgumentOutOfRangeException.ThrowIfLessThan(processes, 1);
        if (command.Count == 0)
        {
            throw new ArgumentException("no program to start", nameof(command));
        }
        string folder = Path.Combine(sizeFolder, Folder);
        Directory.CreateDirectory(folder);
        var failures = new List<string>();
        CancellationToken interrupt = Interruption.Token;
        foreach (string model in chat.Models)
        {
            for (int process = 1; process <= processes; process++)
            {
                string file = Path.Combine(folder, FileName(model, process));
                string? failure = Serve(chat, setup, machine, command, model, process, file, interrupt);
                output.WriteLine(failure is null
                    ? $"sizes: chat {model} server, process {process}: {Path.GetFileName(file)}"
                    : $"sizes: chat {model} server, process {process}: failed: {failure}");
                if (failure is not null)
                {
                    failures.Add($"chat {model} server, process {process}: {failure}");
                }
            }
        }
        return failures;
    }

    private static string? Serve(GridChat chat, SizeSetup setup, SizeMachine machine, IReadOnlyList<string> command, string model, int process, string file, CancellationToken interrupt)
    {
        string Text(int value) => value.ToString(CultureInfo.InvariantCulture);
        string[] serve = [.. command.Skip(1), "chat-server", "--model", model, "--port", "0", "--seconds", Text((int)ServeLimit.TotalSeconds), "--max-connections", Text(chat.Clients + 64)];
        using RunnerProcess server = RunnerProcess.Start(command[0], serve, launch: setup.Launch);
        int port;
        try
        {
            string? line = server.NextLine(TimeSpan.FromSeconds(60), interrupt);
            if (line is null || ServerLine().Match(line) is not { Success: true } m)
            {
                return $"the server did not say where it listens ({Reason(line, server)})";
            }
            port = int.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture);
        }
        catch (TimeoutException)
        {
            return "the server did not start within 60 s";
        }
        catch (OperationCanceledException e)
        {
            throw new RunInterruptedException($"interrupted while the chat {model} server started", e);
        }
        string[] load =
        [
            .. command.Skip(1), "chat-load", "--port", Text(port), "--clients", Text(chat.Clients), "--rate", Text(chat.Rate),
            "--windows", "2", "--window-ms", Text(chat.WindowMs), "--prime", "--server", model,
            "--run", string.Create(CultureInfo.InvariantCulture, $"{setup.Size.Id}/{model}/{process}"),
            "--timeout-seconds", Text(LoadLimitSeconds), "--out", file,
        ];
        using RunnerProcess client = RunnerProcess.Start(command[0], load, launch: LoadLaunch(setup.Size, machine));
        var limit = TimeSpan.FromSeconds(LoadLimitSeconds + 30);
        var clock = System.Diagnostics.Stopwatch.StartNew();
        while (!client.WaitForExit(TimeSpan.FromMilliseconds(200)))
        {
            if (interrupt.IsCancellationRequested)
            {
                client.Kill();
                server.Kill();
                throw new RunInterruptedException($"interrupted while the chat {model} server was under load");
            }
            if (clock.Elapsed > limit)
            {
                client.Kill();
                return string.Create(CultureInfo.InvariantCulture, $"the load did not end within {limit.TotalSeconds:0} s, killed");
            }
        }
        server.Kill();
        // Exit 1: lines lost or never sent, written into the result (a server that did not hold the rate).
        return File.Exists(file) ? null : string.Create(CultureInfo.InvariantCulture, $"the load wrote no result (exit {client.ExitCode}: {Reason(null, client)})");
    }

    private static string Reason(string? line, RunnerProcess process)
    {
        string said = line ?? process.Stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).LastOrDefault() ?? "";
        return said.Length == 0 ? "it said nothing" : said.Length > 200 ? said[..200] : said;
    }

    // "chat-server: async sockets on the thread pool on 127.0.0.1:36607 (process 23120) for 40 s"
    [GeneratedRegex(@"^chat-server: .* on [0-9.]+:([0-9]{1,5}) \(process", RegexOptions.CultureInvariant)]
    private static partial Regex ServerLine();
}
