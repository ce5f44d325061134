using System.Diagnostics;
using System.Globalization;
using BenchmarkDotNet.Attributes;
using ConcurrencyBench.Models;
using ConcurrencyBench.Models.Chat;

namespace ConcurrencyBench.Benchmarks;

/// <summary>
/// The article's application under load: a chat server on 127.0.0.1 (this process) in one of three models, and a load
/// generator in a process of its own (<c>cbench chat-load</c>: C clients in rooms of 10, each sending M lines at a fixed
/// rate). One operation is one whole load; the case's measurement is the load's p99 latency (a line's send until the
/// last other member of its room has it), and every line's latency is kept on the timeline beside it. The process's
/// peak threads and memory are the server's alone.
/// </summary>
[BenchmarkCategory(Categories.Chat)]
public class ChatServerLoad
{
    /// <summary>Clients per room.</summary>
    public const int RoomSize = 10;

    /// <summary>Lines each client sends per operation.</summary>
    public const int LinesPerClient = 5;

    /// <summary>Lines per second each client sends.</summary>
    public const int LinesPerSecond = 20;

    private ChatServer? _server;
    private ChatBurst? _burst;

    /// <summary>Clients C.</summary>
    [ParamsSource(nameof(ClientCounts))]
    public int C { get; set; }

    public static IEnumerable<int> ClientCounts => BenchmarkProfile.Current.ChatClients;

    [GlobalSetup(Target = nameof(AsyncSockets))]
    public void SetupAsync() => Start(new AsyncChatServer(new ChatServerOptions()));

    [GlobalSetup(Target = nameof(ThreadPerConnection))]
    public void SetupThreads() => Start(new ThreadPerConnectionChatServer(new ChatServerOptions()));

    [GlobalSetup(Target = nameof(EventLoop))]
    public void SetupEventLoop() => Start(new EventLoopChatServer(new ChatServerOptions()));

    [GlobalCleanup]
    public void Cleanup()
    {
        Harness.SaveTimeline();
        _server?.StopAsync(TimeSpan.FromSeconds(30)).Wait(TimeSpan.FromSeconds(60));
    }

    [IterationSetup]
    public void StartOfBurst() => Harness.StartOfBurst();

    // The burst's p99 replaces BenchmarkDotNet's time of the whole load (which is mostly the clients' fixed rate).
    // The server has seen every client of the load leave before the next load starts (outside the measured
    // operation): a load that met the last one's clients still in the user table would find their names taken.
    // The server's work of seeing them out belongs to the burst's CPU time; the wait for it does not, so it sleeps
    // between looks instead of spinning (SpinWait.SpinUntil spins first, which the burst's getrusage would count).
    [IterationCleanup]
    public void EndOfBurst()
    {
        var waited = System.Diagnostics.Stopwatch.StartNew();
        while (_server is not null && _server.Stats.Open > 0)
        {
            if (waited.Elapsed > TimeSpan.FromSeconds(30))
            {
                throw new TimeoutException($"{_server.Stats.Open} connections of the last load were still open 30 s after it ended");
            }
            Thread.Sleep(5);
        }
        ChatBurst? burst = Interlocked.Exchange(ref _burst, null);
        Harness.EndOfBurst(burst is { LatenciesUs.Count: > 0 } ? TimeSpan.FromMicroseconds(ChatBurst.Percentile(burst.LatenciesUs, 0.99)) : null, burst);
    }

    // Cold bursts too: a server process has a level of its own (measured here: the thread-per-connection server's p99
    // at 1,000 clients was 28 ms in one process and 276 ms and 317 ms in two others, each tight within its process), so
    // only samples from several processes can say what the model does, and the gate judges those.
    [Benchmark(Baseline = true)]
    [ColdBursts]
    public Task AsyncSockets() => RunLoadAsync();

    [Benchmark]
    [ColdBursts]
    public Task ThreadPerConnection() => RunLoadAsync();

    [Benchmark]
    [ColdBursts]
    public Task EventLoop() => RunLoadAsync();

    private void Start(ChatServer server)
    {
        _server = server;
        _server.Start();
        Harness.Setup(async () =>
        {
            await RunLoadAsync().ConfigureAwait(false);
            EndOfPrimingLoad();
        });
    }

    // A priming load's clients leave before the next round or the first measured burst (as EndOfBurst waits).
    private void EndOfPrimingLoad()
    {
        var waited = Stopwatch.StartNew();
        while (_server!.Stats.Open > 0 && waited.Elapsed < TimeSpan.FromSeconds(30))
        {
            Thread.Sleep(5);
        }
        _burst = null;
    }

    // The load generator runs as its own process, bounded by its own timeout and killed past the profile's bound.
    private async Task RunLoadAsync()
    {
        string cbench = Environment.GetEnvironmentVariable(Harness.CbenchVariable) is { Length: > 0 } path && File.Exists(path)
            ? path
            : throw new InvalidOperationException($"the chat load generator (cbench.dll) is not built: {Environment.GetEnvironmentVariable(Harness.CbenchVariable)}");
        string csv = Path.Combine(Path.GetTempPath(), $"concurrencybench-chat-{Environment.ProcessId}-{Guid.NewGuid():N}.csv");
        int timeoutSeconds = (int)Math.Max(10, BenchmarkProfile.Current.OperationTimeout.TotalSeconds - 5);
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (string arg in (string[])[cbench, "chat-load", "--port", _server!.EndPoint.Port.ToString(CultureInfo.InvariantCulture),
            "--clients", Math.Max(2, Harness.Jobs(C)).ToString(CultureInfo.InvariantCulture), "--lines", LinesPerClient.ToString(CultureInfo.InvariantCulture),
            "--rate", ((int)(LinesPerSecond / Harness.Slowdown)).ToString(CultureInfo.InvariantCulture), "--room-size", RoomSize.ToString(CultureInfo.InvariantCulture),
            "--timeout-seconds", timeoutSeconds.ToString(CultureInfo.InvariantCulture), "--out", csv])
        {
            start.ArgumentList.Add(arg);
        }
        using Process load = Process.Start(start) ?? throw new InvalidOperationException("the chat load generator did not start");
        Task<string> output = load.StandardOutput.ReadToEndAsync();
        Task<string> error = load.StandardError.ReadToEndAsync();
        try
        {
            await load.WaitForExitAsync().WaitAsync(BenchmarkProfile.Current.OperationTimeout).ConfigureAwait(false);
        }
        catch (TimeoutException)
        {
            load.Kill(entireProcessTree: true);
            throw;
        }
        string said = (await error.ConfigureAwait(false)).Trim();
        string summary = await output.ConfigureAwait(false);
        try
        {
            if (load.ExitCode != 0)
            {
                throw new InvalidOperationException($"chat-load exited {load.ExitCode}: {said}");
            }
            // "... delivered to their whole room in 512 ms ...": the load's own elapsed time, for the throughput.
            var elapsed = System.Text.RegularExpressions.Regex.Match(summary, @"delivered to their whole room in (\d+) ms");
            _burst = Read(csv) with { ElapsedMs = elapsed.Success ? double.Parse(elapsed.Groups[1].Value, CultureInfo.InvariantCulture) : double.NaN };
        }
        finally
        {
            File.Delete(csv);
        }
    }

    // The CSV chat-load wrote: client, line, latency_ns (empty for a lost line).
    private static ChatBurst Read(string csv)
    {
        var latencies = new List<int>();
        int sent = 0;
        foreach (string row in File.ReadLines(csv).Skip(1))
        {
            sent++;
            string latency = row[(row.LastIndexOf(',') + 1)..];
            if (latency.Length > 0)
            {
                latencies.Add((int)Math.Max(1, Math.Round(double.Parse(latency, CultureInfo.InvariantCulture) / 1000)));
            }
        }
        return new ChatBurst(latencies, sent, latencies.Count, double.NaN);
    }
}
