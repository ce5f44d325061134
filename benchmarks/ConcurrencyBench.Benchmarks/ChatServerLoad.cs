using System.Diagnostics;
using System.Globalization;
using BenchmarkDotNet.Attributes;
using ConcurrencyBench.Models;
using ConcurrencyBench.Models.Chat;

namespace ConcurrencyBench.Benchmarks;

/// <summary>
/// The article's application under an open load, one case per point of the profile's sweep (C clients each offering
/// Rate lines per second) and server model: the server runs in this process (so that its peak threads, memory and CPU
/// time are the case's), the load in a process of its own (<c>cbench chat-load</c>, in a session of its own so that
/// the kernel shares the CPU between the two processes rather than among the server's threads). The load connects and
/// joins every client, then runs the point's windows back to back on a fixed schedule; one BenchmarkDotNet operation
/// is one window, lined up with it on the machine's monotonic clock. A window's measurement is its p99 latency, each
/// line timed from its intended send time until the last other member of its room has it (the maximum where fewer
/// than 1,000 lines carry no p99); its histograms, 100 ms slices and the load's own lateness and CPU are carried on
/// the case's timeline once the load has drained. Window 1 of a process is a cold sample (the first window a fresh,
/// primed server process serves), windows 2..n are warm. The slowdown knob has nothing to stretch here.
/// </summary>
[BenchmarkCategory(Categories.Chat)]
// A forced full collection between iterations would land in the middle of the load, which does not stop between
// windows: the server's own collections are part of what a window measures, BenchmarkDotNet's are not.
[GcForce(false)]
public class ChatServerLoad
{
    /// <summary>Clients per room.</summary>
    public const int RoomSize = 10;

    /// <summary>How long the load waits after its last intended send for lines still on their way (20 times the latency bound).</summary>
    public static readonly TimeSpan Drain = TimeSpan.FromSeconds(2);

    /// <summary>Connecting and joining: the time allowed per client, and at least (the load's limit holds it too).</summary>
    private static readonly TimeSpan ConnectAllowance = TimeSpan.FromSeconds(60);

    private ChatServer? _server;
    private Process? _load;
    private Task<string>? _loadOutput;
    private Task<string>? _loadErrors;
    private string _resultPath = "";
    private long _start;
    private TimeSpan _window;
    private int _windows;
    private int _iteration;
    private string? _failure;
    private string? _limitNote;

    /// <summary>Clients C.</summary>
    [ParamsSource(nameof(ClientCounts))]
    public int C { get; set; }

    /// <summary>Lines per second each client sends (the offered rate per client).</summary>
    [ParamsSource(nameof(Rates))]
    public int Rate { get; set; }

    /// <summary>The C values of the profile's sweep (BenchmarkConfig keeps only the sweep's points of the cross product).</summary>
    public static IEnumerable<int> ClientCounts => BenchmarkProfile.Current.ChatClients;

    /// <summary>The rates of the profile's sweep.</summary>
    public static IEnumerable<int> Rates => BenchmarkProfile.Current.ChatRates;

    [GlobalSetup(Target = nameof(AsyncSockets))]
    public void SetupAsync() => Start(options => new AsyncChatServer(options), "async");

    [GlobalSetup(Target = nameof(ThreadPerConnection))]
    public void SetupThreads() => Start(options => new ThreadPerConnectionChatServer(options), "threads");

    [GlobalSetup(Target = nameof(EventLoop))]
    public void SetupEventLoop() => Start(options => new EventLoopChatServer(options), "event-loop");

    [GlobalCleanup]
    public void Cleanup()
    {
        try
        {
            ChatLoadResult? result = null;
            try
            {
                result = FinishLoad();
            }
            catch (Exception e) when (e is InvalidOperationException or FormatException or IOException)
            {
                // The load's own failure: every burst says so, rather than leave BenchmarkDotNet's times as the measurement.
                _failure = e.Message;
            }
            CarryWindows(result);
        }
        finally
        {
            Harness.SaveTimeline();
            _server?.StopAsync(TimeSpan.FromSeconds(30)).Wait(TimeSpan.FromSeconds(60));
        }
    }

    // A burst is a window: it starts when its window does (the operation before it ended at the same instant, plus
    // BenchmarkDotNet's few microseconds between iterations).
    [IterationSetup]
    public void StartOfBurst()
    {
        if (_start != 0 && _iteration < _windows)
        {
            SleepUntil(WindowStart(_iteration));
        }
        Harness.StartOfBurst();
    }

    // The window's figures arrive once the load has drained; the cleanup gives them to this burst's mark.
    [IterationCleanup]
    public void EndOfBurst()
    {
        Harness.EndOfBurst();
        _iteration++;
    }

    [Benchmark(Baseline = true)]
    [ColdBursts(OnlyAtTheChatColdPoint = true)]
    public Task AsyncSockets() => WindowAsync();

    [Benchmark]
    [ColdBursts(OnlyAtTheChatColdPoint = true)]
    public Task ThreadPerConnection() => WindowAsync();

    [Benchmark]
    [ColdBursts(OnlyAtTheChatColdPoint = true)]
    public Task EventLoop() => WindowAsync();

    /// <summary>
    /// A point's window length: at least 1,000 lines per window (a window's p99 rests on 10 lines beyond it) and at
    /// least 10,000 lines over the warm windows together (so the point's p99.9 does too), in whole 100 ms slices, at
    /// least 500 ms. Cold launches use the same length, so that a cold window and a warm one are alike but for the process.
    /// </summary>
    public static TimeSpan WindowOf(BenchmarkProfile profile, int clients, int rate)
    {
        ArgumentNullException.ThrowIfNull(profile);
        TimeSpan perWindow = ChatLoadOptions.WindowFor(clients, rate);
        TimeSpan forP999 = ChatLoadOptions.WindowFor(clients * Math.Max(1, profile.Iterations - 1), rate, lines: 10_000);
        return perWindow > forP999 ? perWindow : forP999;
    }

    /// <summary>
    /// The time a profile's chat family takes here, from its grid: per point and model, BenchmarkDotNet's process and
    /// the load's start and priming, connecting C clients, the windows (the repeated process's, its extra diagnoser
    /// iteration included, and each cold launch's first) and the drain. The constants were measured on the 2-core
    /// machine while others used it (quick's chat cases: 7 s per repeated case of 10 windows of 0.5 s, 2.4 s per cold
    /// launch, each with 1,000 clients): about 1.5 s per process to start, prime and stop, 0.4 ms per client to connect
    /// and join, 0.3 s to drain.
    /// </summary>
    public static TimeSpan EstimatedDuration(BenchmarkProfile profile)
    {
        ArgumentNullException.ThrowIfNull(profile);
        const double processSeconds = 1.5, connectSecondsPerClient = 0.0004, drainSeconds = 0.3;
        double total = 0;
        foreach (ChatPoint point in profile.ChatPoints)
        {
            double window = WindowOf(profile, point.Clients, point.Rate).TotalSeconds;
            double launch = processSeconds + (connectSecondsPerClient * point.Clients) + drainSeconds;
            total += launch + (window * profile.Iterations);
            if (profile.ChatColdPoint == point)
            {
                total += profile.ColdLaunches * (launch + window);
            }
        }
        return TimeSpan.FromSeconds(total * 3); // three server models
    }

    // One window: the operation ends when the load's window does. A load that could not run its schedule has no
    // window to wait for (its failure is on the burst's mark).
    private async Task WindowAsync()
    {
        if (_start != 0 && _iteration < _windows)
        {
            TimeSpan left = Stopwatch.GetElapsedTime(Stopwatch.GetTimestamp(), WindowStart(_iteration + 1));
            if (left > TimeSpan.Zero)
            {
                await Task.Delay(left).ConfigureAwait(false);
            }
        }
    }

    private long WindowStart(int window) => _start + (long)(window * _window.TotalSeconds * Stopwatch.Frequency);

    private static void SleepUntil(long timestamp)
    {
        TimeSpan left = Stopwatch.GetElapsedTime(Stopwatch.GetTimestamp(), timestamp);
        if (left > TimeSpan.Zero)
        {
            Thread.Sleep(left);
        }
    }

    private void Start(Func<ChatServerOptions, ChatServer> create, string model)
    {
        Harness.StartTimeline();
        int maxConnections = C + 64;
        if (model == "threads" && ThreadBudget.Connections(out string why) is int room && room < maxConnections)
        {
            // Past this the process aborts ("Out of memory": the runtime cannot map another thread's stack), which
            // would take the measurement with it: the server is capped here and refuses the rest, and says why.
            maxConnections = room;
            _limitNote = why;
        }
        _server = create(new ChatServerOptions { MaxConnections = maxConnections });
        _server.Start();
        // The repeated process runs the profile's windows; a cold launch runs one (its window 1 is the sample).
        _windows = Harness.Job is string job && job.EndsWith("Cold", StringComparison.Ordinal) ? 1 : BenchmarkProfile.Current.Iterations;
        _window = WindowOf(BenchmarkProfile.Current, C, Rate);
        StartLoad(model);
    }

    // The load generator as its own process (in a session of its own where setsid exists), bounded by its own limit
    // and killed past it; returns once every client has joined and the schedule's start is known, or the load ended.
    private void StartLoad(string model)
    {
        string cbench = Environment.GetEnvironmentVariable(Harness.CbenchVariable) is { Length: > 0 } path && File.Exists(path)
            ? path
            : throw new InvalidOperationException($"the chat load generator (cbench.dll) is not built: {Environment.GetEnvironmentVariable(Harness.CbenchVariable)}");
        _resultPath = Path.Combine(Path.GetTempPath(), $"concurrencybench-chat-{Environment.ProcessId}-{Guid.NewGuid():N}.json");
        int timeoutSeconds = LoadLimitSeconds();
        bool setsid = File.Exists("/usr/bin/setsid");
        var start = new ProcessStartInfo(setsid ? "/usr/bin/setsid" : "dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        string[] args = [cbench, "chat-load", "--port", _server!.EndPoint.Port.ToString(CultureInfo.InvariantCulture),
            "--clients", C.ToString(CultureInfo.InvariantCulture), "--rate", Rate.ToString(CultureInfo.InvariantCulture),
            "--room-size", RoomSize.ToString(CultureInfo.InvariantCulture), "--windows", _windows.ToString(CultureInfo.InvariantCulture),
            "--window-ms", ((int)_window.TotalMilliseconds).ToString(CultureInfo.InvariantCulture),
            "--drain-ms", ((int)Drain.TotalMilliseconds).ToString(CultureInfo.InvariantCulture),
            "--timeout-seconds", timeoutSeconds.ToString(CultureInfo.InvariantCulture), "--prime", "--server", model, "--out", _resultPath];
        if (setsid)
        {
            start.ArgumentList.Add("dotnet");
        }
        foreach (string arg in args)
        {
            start.ArgumentList.Add(arg);
        }
        _load = Process.Start(start) ?? throw new InvalidOperationException("the chat load generator did not start");
        _loadErrors = _load.StandardError.ReadToEndAsync();
        // Its first line gives the schedule's start on the machine's monotonic clock (Stopwatch), shared by every process here.
        var deadline = Stopwatch.StartNew();
        string? line;
        while ((line = _load.StandardOutput.ReadLineAsync().WaitAsync(TimeSpan.FromSeconds(timeoutSeconds + 30) - deadline.Elapsed).GetAwaiter().GetResult()) is not null)
        {
            var match = System.Text.RegularExpressions.Regex.Match(line, @"schedule starts at stopwatch (\d+) \(frequency (\d+)\)");
            if (match.Success)
            {
                long at = long.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture);
                long frequency = long.Parse(match.Groups[2].Value, CultureInfo.InvariantCulture);
                // Another clock (a frequency that differs, a start far from now) cannot line the windows up: refuse.
                if (frequency != Stopwatch.Frequency || Math.Abs(Stopwatch.GetElapsedTime(Stopwatch.GetTimestamp(), at).TotalSeconds) > 10)
                {
                    throw new InvalidOperationException($"the load's clock is not this process's ({line}): its windows cannot be lined up with the bursts");
                }
                _start = at;
                break;
            }
        }
        _loadOutput = _load.StandardOutput.ReadToEndAsync();
        if (_start == 0)
        {
            // The load ended before its schedule started: the server refused clients, or it could not run at all.
            _failure = "the load could not start its windows";
        }
    }

    // The load's limit: connecting, priming, the windows and the drain, with room to spare.
    private int LoadLimitSeconds() =>
        (int)Math.Min(600, Math.Ceiling(ConnectAllowance.TotalSeconds + (C * 0.002) + (_windows * _window.TotalSeconds) + Drain.TotalSeconds + 10));

    // Waits for the load to end (its drain, bounded by its own limit; killed past it) and reads its result.
    private ChatLoadResult? FinishLoad()
    {
        if (_load is null)
        {
            return null;
        }
        using Process load = _load;
        _load = null;
        if (!load.WaitForExit(TimeSpan.FromSeconds(LoadLimitSeconds() + 30)))
        {
            load.Kill(entireProcessTree: true);
            load.WaitForExit();
            _failure = "the load generator did not end within its limit and was stopped";
        }
        string said = (_loadErrors?.GetAwaiter().GetResult() ?? "").Trim();
        _ = _loadOutput?.GetAwaiter().GetResult();
        try
        {
            if (File.Exists(_resultPath))
            {
                return ChatLoadResult.FromJson(File.ReadAllText(_resultPath));
            }
            // Exit 1 writes its result (lines lost, clients refused); no result is the load's own failure.
            throw new InvalidOperationException($"chat-load exited {load.ExitCode} without a result: {said}");
        }
        finally
        {
            File.Delete(_resultPath);
        }
    }

    // Gives each burst's mark its window: its p99 as the measurement, the window and the load's settings as its chat
    // figures. A burst without a window (a load that failed, the diagnosers' extra iteration) keeps no measurement.
    private void CarryWindows(ChatLoadResult? result)
    {
        string? failure = result?.Failure ?? _failure;
        // A window in which no line reached its whole room has no latency to measure: the point failed there.
        if (failure is null && result?.Windows.FirstOrDefault(w => w.Delivered == 0) is ChatWindow empty)
        {
            failure = $"no line of window {empty.Index} reached its whole room ({empty.Sent:#,0} sent, {empty.Due - empty.Sent:#,0} never sent)";
        }
        if (failure is not null && _limitNote is not null)
        {
            failure = $"{failure}; {_limitNote}";
        }
        ChatLoadResult load = (result ?? new ChatLoadResult(ChatLoadResult.FormatName, "", "", "", "", 1, C, RoomSize, Rate, "", 0, 0, 10, failure, 0, 0, []))
            with { Windows = [], Failure = failure };
        for (int i = 0; i < _iteration; i++)
        {
            ChatWindow? window = result is not null && i < result.Windows.Count && i < _windows ? result.Windows[i] : null;
            var burst = new ChatBurst([], 0, 0, window?.LengthMs ?? 0) { Window = window, Load = load };
            TimeSpan? measured = window is not null && window.Delivered > 0 ? TimeSpan.FromMicroseconds(window.CorrectedSummary().P99OrMaxUs) : null;
            Harness.AmendBurst(i, measured, burst);
        }
    }
}

/// <summary>
/// How many connections a thread-per-connection server can hold in this process before the operating system refuses
/// it another thread. Measured, not assumed: each thread's memory maps (stack, guard page, the runtime's own) are
/// counted by starting a few idle threads, against the kernel's limits on memory maps per process
/// (<c>vm.max_map_count</c>) and on tasks (<c>kernel.pid_max</c>, shared by the whole machine). Here each thread took
/// about 4 maps and 65,530 are allowed: the process aborts ("Out of memory") at about 16,300 threads.
/// </summary>
public static class ThreadBudget
{
    // Enough threads that the first ones' extra maps (the runtime's per-thread structures) average out: 4.6 maps a
    // thread with 32, about 4.0 with thousands.
    private const int Probe = 256;

    /// <summary>Connections of two threads each (a reader and a writer) that still fit, with a reserve; null where the limits cannot be read (not Linux).</summary>
    public static int? Connections(out string why)
    {
        why = "";
        if (!OperatingSystem.IsLinux() || !File.Exists("/proc/sys/vm/max_map_count"))
        {
            return null;
        }
        long maxMaps = long.Parse(File.ReadAllText("/proc/sys/vm/max_map_count").Trim(), CultureInfo.InvariantCulture);
        long pidMax = long.Parse(File.ReadAllText("/proc/sys/kernel/pid_max").Trim(), CultureInfo.InvariantCulture);
        int before = MapCount();
        using var gate = new ManualResetEventSlim();
        Thread[] threads = [.. Enumerable.Range(0, Probe).Select(_ => new Thread(() => gate.Wait()) { IsBackground = true })];
        foreach (Thread thread in threads)
        {
            thread.Start();
        }
        int after = MapCount();
        gate.Set();
        foreach (Thread thread in threads)
        {
            thread.Join();
        }
        double mapsPerThread = Math.Max(1, (after - before) / (double)Probe);
        long tasks = TasksOnMachine();
        // A reserve for what the process maps as it grows (heap, sockets) and for the machine's other tasks.
        long byMaps = (long)((maxMaps - after - 2000) / mapsPerThread);
        long byTasks = pidMax - tasks - 1000;
        long threadsLeft = Math.Max(0, Math.Min(byMaps, byTasks));
        int connections = (int)Math.Min(int.MaxValue, threadsLeft / 2);
        why = byMaps <= byTasks
            ? $"a thread per connection takes 2 threads per client, each thread {mapsPerThread:0.#} memory maps (measured), and this machine allows {maxMaps:#,0} maps per process (vm.max_map_count), {after:#,0} already used: room for about {connections:#,0} connections, past which the process aborts (out of memory); the server was capped there"
            : $"a thread per connection takes 2 threads per client, and this machine allows {pidMax:#,0} tasks in all (kernel.pid_max), {tasks:#,0} already running: room for about {connections:#,0} connections; the server was capped there";
        return connections;
    }

    private static int MapCount() => File.ReadLines("/proc/self/maps").Count();

    // Every thread of every process now (each takes a task ID).
    private static long TasksOnMachine()
    {
        long tasks = 0;
        foreach (string dir in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(dir), out _))
            {
                continue;
            }
            try
            {
                string? line = File.ReadLines(Path.Combine(dir, "status")).FirstOrDefault(l => l.StartsWith("Threads:", StringComparison.Ordinal));
                tasks += line is null ? 0 : long.Parse(line["Threads:".Length..].Trim(), CultureInfo.InvariantCulture);
            }
            catch (Exception gone) when (gone is IOException or UnauthorizedAccessException)
            {
                // A process that ended while being counted.
            }
        }
        return tasks;
    }
}
