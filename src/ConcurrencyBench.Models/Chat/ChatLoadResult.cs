using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;
using HdrHistogram;

namespace ConcurrencyBench.Models.Chat;

/// <summary>
/// Latency histograms as the load generator records them: HdrHistogram (the standard of wrk2 and of Gil Tene's
/// coordinated-omission work) in microseconds from 1 µs to 1 hour at 3 significant digits (a value is kept within
/// 0.1%), stored in HdrHistogram's own compressed interchange form (the "HISTFAAA…" base64 of its log format) so
/// that another tool can read them and histograms of several windows or load processes add up exactly.
/// </summary>
public static class LatencyHistogram
{
    /// <summary>The largest latency a histogram holds: one hour, in microseconds.</summary>
    public const long HighestUs = 3_600_000_000L;

    /// <summary>A new, empty histogram (µs).</summary>
    public static LongHistogram Create() => new(1, HighestUs, 3);

    /// <summary>Records <paramref name="us"/> microseconds, clamped to 1 µs .. 1 hour.</summary>
    public static void Record(HistogramBase histogram, double us)
    {
        ArgumentNullException.ThrowIfNull(histogram);
        histogram.RecordValue((long)Math.Clamp(Math.Round(us), 1, HighestUs));
    }

    /// <summary>The histogram in HdrHistogram's compressed base64 form ("HISTFAAA…").</summary>
    public static string Encode(HistogramBase histogram)
    {
        ArgumentNullException.ThrowIfNull(histogram);
        using var stream = new MemoryStream();
        using (var writer = new HistogramLogWriter(stream))
        {
            writer.Append(histogram);
        }
        stream.Position = 0;
        using var text = new StreamReader(stream, Encoding.UTF8, detectEncodingFromByteOrderMarks: true);
        // The log's one data line is "start,length,max,HISTF…": the histogram is its last field.
        string line = text.ReadToEnd().Split('\n').Select(l => l.Trim()).Last(l => l.Length > 0 && !l.StartsWith('#') && !l.StartsWith('"'));
        return line[(line.LastIndexOf(',') + 1)..];
    }

    /// <summary>Reads a histogram written by <see cref="Encode"/>.</summary>
    /// <exception cref="FormatException">The text is not an encoded histogram.</exception>
    public static HistogramBase Decode(string encoded)
    {
        if (string.IsNullOrWhiteSpace(encoded) || encoded.Contains(',', StringComparison.Ordinal) || encoded.Contains('\n', StringComparison.Ordinal))
        {
            throw new FormatException("not an encoded HdrHistogram");
        }
        try
        {
            using var reader = new HistogramLogReader(new MemoryStream(Encoding.UTF8.GetBytes($"0.000,0.000,0.000,{encoded}\n")));
            HistogramBase histogram = reader.ReadHistograms().SingleOrDefault() ?? throw new FormatException("not an encoded HdrHistogram");
            // The reader keeps the writer's range; the report adds histograms, so every one has ours.
            LongHistogram ours = Create();
            ours.Add(histogram);
            return ours;
        }
        catch (Exception e) when (e is ArgumentException or InvalidOperationException or IOException or IndexOutOfRangeException or InvalidDataException)
        {
            throw new FormatException($"not an encoded HdrHistogram ({e.Message})", e);
        }
    }

    /// <summary>The sum of <paramref name="encoded"/> histograms, decoded (empty for none).</summary>
    public static HistogramBase Sum(IEnumerable<string> encoded)
    {
        ArgumentNullException.ThrowIfNull(encoded);
        LongHistogram sum = Create();
        foreach (string one in encoded)
        {
            sum.Add(Decode(one));
        }
        return sum;
    }
}

/// <summary>
/// What a latency distribution can say with the samples it has (the suite's rule, conventions of issue 15): a
/// percentile is given only where at least <see cref="MinBeyond"/> samples lie beyond it (p50 needs 20 samples, p99
/// 1,000, p99.9 10,000); where fewer do, it is null and the maximum is what can be said.
/// </summary>
/// <param name="Count">Samples.</param>
/// <param name="P50Us">Median, µs; null with fewer than 20 samples.</param>
/// <param name="P99Us">99th percentile, µs; null with fewer than 1,000 samples.</param>
/// <param name="P999Us">99.9th percentile, µs; null with fewer than 10,000 samples.</param>
/// <param name="MaxUs">The largest sample, µs (0 with none).</param>
public sealed record LatencySummary(long Count, double? P50Us, double? P99Us, double? P999Us, double MaxUs)
{
    /// <summary>Samples that must lie beyond a percentile for it to be reported.</summary>
    public const int MinBeyond = 10;

    /// <summary>True when <paramref name="count"/> samples carry the <paramref name="percentile"/>-th percentile (0..100).</summary>
    public static bool Carries(long count, double percentile) => count * (100 - percentile) / 100 >= MinBeyond - 1e-9;

    /// <summary>The summary of a histogram (µs).</summary>
    public static LatencySummary Of(HistogramBase histogram)
    {
        ArgumentNullException.ThrowIfNull(histogram);
        long n = histogram.TotalCount;
        double? At(double p) => Carries(n, p) ? histogram.GetValueAtPercentile(p) : null;
        return new LatencySummary(n, At(50), At(99), At(99.9), n > 0 ? histogram.GetMaxValue() : 0);
    }

    /// <summary>The p99 where it is carried, else the maximum: what one figure of a window can honestly be.</summary>
    public double P99OrMaxUs => P99Us ?? MaxUs;
}

/// <summary>
/// One 100 ms slice of a load: the lines due in it (by intended send time) and how they fared, and the lines that
/// reached their whole room during it (by arrival time): latency over time, where GC pauses and thread injection show.
/// </summary>
/// <param name="StartMs">Start, ms from the schedule's start.</param>
/// <param name="Due">Lines whose intended send time falls in the slice.</param>
/// <param name="Delivered">Of those, lines that reached their whole room.</param>
/// <param name="Completed">Lines (of any slice) that reached their whole room during this slice: the throughput.</param>
/// <param name="P50Us">Median corrected latency of the slice's delivered lines (µs); null with fewer than 20.</param>
/// <param name="P99Us">p99 of the same; null with fewer than 1,000.</param>
/// <param name="MaxUs">The largest of the same (0 with none).</param>
public sealed record ChatBucket(double StartMs, int Due, int Delivered, int Completed, double? P50Us, double? P99Us, double MaxUs);

/// <summary>
/// One measured window of an open chat load: every line whose intended send time falls in it, timed from that
/// intended time (corrected for coordinated omission) and from its actual send (uncorrected) until the last other
/// member of its room had it.
/// </summary>
/// <param name="Index">1-based position in the load (window 1 is the first after connecting and joining).</param>
/// <param name="StartMs">Start, ms from the schedule's start.</param>
/// <param name="LengthMs">Length, ms.</param>
/// <param name="Due">Lines the schedule put in the window.</param>
/// <param name="Sent">Of those, lines sent (the rest were never written: the client's socket stayed blocked or closed).</param>
/// <param name="Delivered">Of the sent lines, those every other member of their room received before the load ended.</param>
/// <param name="Corrected">HdrHistogram (µs) of the delivered lines' latency from their intended send time.</param>
/// <param name="Uncorrected">HdrHistogram (µs) of the same lines' latency from their actual send (what a closed loop reports).</param>
/// <param name="Lateness">HdrHistogram (µs) of how late each sent line went out against its intended time, whatever held it.</param>
/// <param name="LoadLateness">
/// HdrHistogram (µs) of the share of that lateness the load itself caused: from the later of the intended time and the
/// end of the client's previous write (a socket the server does not drain holds the next line: that is the server's)
/// to the write's start. The load fell behind when its p99 passes the tolerance.
/// </param>
/// <param name="LoadCpuMs">CPU time (user + system) of the load process during the window, ms.</param>
/// <param name="Buckets">The window's 100 ms slices, in order.</param>
public sealed record ChatWindow(
    int Index,
    double StartMs,
    double LengthMs,
    long Due,
    long Sent,
    long Delivered,
    string Corrected,
    string Uncorrected,
    string Lateness,
    string LoadLateness,
    double LoadCpuMs,
    IReadOnlyList<ChatBucket> Buckets)
{
    /// <summary>Sent lines that did not reach their whole room before the load ended.</summary>
    [JsonIgnore]
    public long Lost => Sent - Delivered;

    /// <summary>Due lines never sent (not lost: the server never had them).</summary>
    [JsonIgnore]
    public long Unsent => Due - Sent;

    /// <summary>The offered rate of the window: due lines per second.</summary>
    [JsonIgnore]
    public double OfferedPerSecond => LengthMs > 0 ? Due / (LengthMs / 1000) : double.NaN;

    /// <summary>Lines that reached their whole room during the window, per second (by arrival time).</summary>
    [JsonIgnore]
    public double CompletedPerSecond => LengthMs > 0 ? Buckets.Sum(b => (double)b.Completed) / (LengthMs / 1000) : double.NaN;

    /// <summary>The corrected latency's summary.</summary>
    public LatencySummary CorrectedSummary() => LatencySummary.Of(LatencyHistogram.Decode(Corrected));

    /// <summary>
    /// Checks what a reader must not accept: counts that cannot be, a histogram that is not one or disagrees with them.
    /// The message names the window's field and its value ("sent = 7: more lines than were due (5)"); a reader puts the
    /// window's own path before it.
    /// </summary>
    /// <exception cref="FormatException">Naming the field, its value and the problem.</exception>
    public void Validate()
    {
        static FormatException Bad(string field, object value, string problem) =>
            new(string.Create(CultureInfo.InvariantCulture, $"{field} = {value}: {problem}"));
        if (Index < 1)
        {
            throw Bad("index", Index, "windows are numbered from 1");
        }
        if (!double.IsFinite(StartMs) || StartMs < 0)
        {
            throw Bad("startMs", StartMs, "a window starts at or after its schedule");
        }
        if (!(LengthMs > 0) || !double.IsFinite(LengthMs))
        {
            throw Bad("lengthMs", LengthMs, "a window lasts some time");
        }
        if (Due < 0 || Sent < 0 || Sent > Due)
        {
            throw Bad("sent", Sent, $"not from 0 to the lines due ({Due})");
        }
        if (Delivered < 0 || Delivered > Sent)
        {
            throw Bad("delivered", Delivered, $"not from 0 to the lines sent ({Sent})");
        }
        if (!double.IsFinite(LoadCpuMs) || LoadCpuMs < 0)
        {
            throw Bad("loadCpuMs", LoadCpuMs, "CPU time is not negative");
        }
        if (Buckets is null)
        {
            throw new FormatException("buckets is missing");
        }
        foreach ((string name, string encoded, long count, string per) in new[]
        {
            ("corrected", Corrected, Delivered, "delivered"), ("uncorrected", Uncorrected, Delivered, "delivered"),
            ("lateness", Lateness, Sent, "sent"), ("loadLateness", LoadLateness, Sent, "sent"),
        })
        {
            long held;
            try
            {
                held = LatencyHistogram.Decode(encoded).TotalCount;
            }
            catch (FormatException e)
            {
                throw new FormatException($"{name}: {e.Message}", e);
            }
            if (held != count)
            {
                throw Bad(name, $"a histogram of {held:#,0} values", $"not one per {per} line ({count:#,0})");
            }
        }
        for (int i = 0; i < Buckets.Count; i++)
        {
            ChatBucket b = Buckets[i];
            if (b is null || b.Due < 0 || b.Delivered < 0 || b.Delivered > b.Due || b.Completed < 0 || !double.IsFinite(b.StartMs) || b.MaxUs < 0)
            {
                throw new FormatException(b is null ? $"buckets[{i}] is missing" : string.Create(CultureInfo.InvariantCulture, $"buckets[{i}].delivered = {b.Delivered}: impossible counts (due {b.Due}, delivered {b.Delivered}, completed {b.Completed})"));
            }
        }
    }

    /// <summary>The window of several load processes that ran the same schedule at once: their lines together.</summary>
    public static ChatWindow Merge(IReadOnlyList<ChatWindow> parts)
    {
        ArgumentNullException.ThrowIfNull(parts);
        if (parts.Count == 0)
        {
            throw new ArgumentException("nothing to merge", nameof(parts));
        }
        ChatWindow first = parts[0];
        if (parts.Any(p => p.Index != first.Index || Math.Abs(p.StartMs - first.StartMs) > 0.5 || Math.Abs(p.LengthMs - first.LengthMs) > 0.5))
        {
            throw new ArgumentException($"window {first.Index}: the loads' windows do not line up (start or length differ)", nameof(parts));
        }
        string Sum(Func<ChatWindow, string> histogram) => LatencyHistogram.Encode(LatencyHistogram.Sum(parts.Select(histogram)));
        // Slices add up their counts; their percentiles cannot be merged from summaries, so only the maximum is kept.
        var buckets = parts.SelectMany(p => p.Buckets).GroupBy(b => Math.Round(b.StartMs, 3)).OrderBy(g => g.Key)
            .Select(g => new ChatBucket(g.Key, g.Sum(b => b.Due), g.Sum(b => b.Delivered), g.Sum(b => b.Completed),
                g.Count() == 1 ? g.First().P50Us : null, g.Count() == 1 ? g.First().P99Us : null, g.Max(b => b.MaxUs)))
            .ToList();
        return new ChatWindow(first.Index, first.StartMs, first.LengthMs, parts.Sum(p => p.Due), parts.Sum(p => p.Sent), parts.Sum(p => p.Delivered),
            Sum(p => p.Corrected), Sum(p => p.Uncorrected), Sum(p => p.Lateness), Sum(p => p.LoadLateness), parts.Sum(p => p.LoadCpuMs), buckets);
    }
}

/// <summary>
/// What a chat load measured, as <c>cbench chat-load --out</c> writes it (format <see cref="FormatName"/>): the load's
/// settings, the machine it ran on, and each measured window. Several load processes that ran the same schedule
/// against one server (each its own share of the clients) merge into one result (<see cref="Merge"/>).
/// </summary>
/// <param name="Format">Always <see cref="FormatName"/>.</param>
/// <param name="Run">A label shared by the load processes of one run (they merge by it).</param>
/// <param name="Server">What the load was told the server is (a model's name), or empty.</param>
/// <param name="Target">The server's host and port, as the load was given them.</param>
/// <param name="Machine">The load's machine: host name, processor count, operating system and runtime.</param>
/// <param name="Processes">Load processes merged into this result (1 for one process).</param>
/// <param name="Clients">Clients C, all processes together.</param>
/// <param name="RoomSize">Clients per room.</param>
/// <param name="LinesPerSecond">Each client's offered rate.</param>
/// <param name="StartedUtc">When the schedule started (UTC, ISO 8601).</param>
/// <param name="ConnectMs">How long connecting and joining every client took (before the windows; the slowest process).</param>
/// <param name="DrainMs">How long the load waited after the last intended send for lines still on their way.</param>
/// <param name="LatenessToleranceMs">The load's own lateness p99 beyond which it is called behind (the server's latency is then not measured alone).</param>
/// <param name="Failure">Why the load could not run its schedule (a server that refused clients, a connection lost before the windows), or null.</param>
/// <param name="Unexpected">Lines from the server the load could not place (neither a FROM line of its own clients nor a reply it waited for).</param>
/// <param name="ClosedByServer">Clients whose connection the server closed before the load ended (a slow consumer cut off, a server that died).</param>
/// <param name="Windows">The measured windows, in order (empty when the load failed before them).</param>
public sealed record ChatLoadResult(
    string Format,
    string Run,
    string Server,
    string Target,
    string Machine,
    int Processes,
    int Clients,
    int RoomSize,
    double LinesPerSecond,
    string StartedUtc,
    double ConnectMs,
    double DrainMs,
    double LatenessToleranceMs,
    string? Failure,
    long Unexpected,
    long ClosedByServer,
    IReadOnlyList<ChatWindow> Windows)
{
    /// <summary>The format's name and version, the first field of every file.</summary>
    public const string FormatName = "concurrencybench-chat-load/1";

    /// <summary>Lines sent and not delivered, over every window.</summary>
    [JsonIgnore]
    public long Lost => Windows.Sum(w => w.Lost);

    /// <summary>Lines due and never sent, over every window.</summary>
    [JsonIgnore]
    public long Unsent => Windows.Sum(w => w.Unsent);

    /// <summary>
    /// True when the load fell behind its own schedule in some window: its own lateness p99 (the maximum where p99 is
    /// not carried) passed <see cref="LatenessToleranceMs"/>. Its latencies then hold the load's delay as well as the server's.
    /// </summary>
    public bool Behind(ChatWindow window)
    {
        ArgumentNullException.ThrowIfNull(window);
        return LatencySummary.Of(LatencyHistogram.Decode(window.LoadLateness)).P99OrMaxUs > LatenessToleranceMs * 1000;
    }

    /// <summary>The result as indented JSON.</summary>
    public string ToJson() => JsonSerializer.Serialize(this, ChatLoadJsonContext.Default.ChatLoadResult);

    /// <summary>Reads a result written by <see cref="ToJson"/> (or <c>cbench chat-load --out</c>).</summary>
    /// <exception cref="FormatException">Not a chat-load result, or one with impossible contents, naming the problem.</exception>
    public static ChatLoadResult FromJson(string json)
    {
        try
        {
            using JsonDocument document = JsonDocument.Parse(json);
            return FromJson(document.RootElement);
        }
        catch (JsonException e)
        {
            throw new FormatException($"not a chat-load result ({e.Message})", e);
        }
    }

    /// <summary>Reads a result from its parsed JSON (the report's reader checks the document against its schema first).</summary>
    /// <exception cref="FormatException">Not a chat-load result, or one with impossible contents, naming the problem.</exception>
    public static ChatLoadResult FromJson(JsonElement json)
    {
        ChatLoadResult? result;
        try
        {
            result = json.Deserialize(ChatLoadJsonContext.Default.ChatLoadResult);
        }
        catch (Exception e) when (e is JsonException or InvalidOperationException)
        {
            throw new FormatException($"not a chat-load result ({e.Message})", e);
        }
        if (result is null || result.Format != FormatName)
        {
            throw new FormatException($"not a chat-load result (its format is not {FormatName})");
        }
        if (result.Run is null || result.Target is null || result.Machine is null || result.Server is null || result.StartedUtc is null || result.Windows is null
            || result.Clients < 2 || result.RoomSize < 2 || result.Processes < 1 || !(result.LinesPerSecond > 0) || !double.IsFinite(result.LinesPerSecond)
            || !double.IsFinite(result.ConnectMs) || result.ConnectMs < 0 || !double.IsFinite(result.DrainMs) || result.DrainMs < 0
            || !(result.LatenessToleranceMs > 0) || result.Unexpected < 0 || result.ClosedByServer < 0)
        {
            throw new FormatException("a chat-load result with a missing or impossible field");
        }
        for (int i = 0; i < result.Windows.Count; i++)
        {
            if (result.Windows[i] is null || result.Windows[i].Index != i + 1)
            {
                throw new FormatException(result.Windows[i] is null ? $"windows[{i}] is missing" : $"windows[{i}].index = {result.Windows[i].Index}: out of order (windows are numbered 1, 2, 3... in order)");
            }
            try
            {
                result.Windows[i].Validate();
            }
            catch (FormatException e)
            {
                throw new FormatException($"windows[{i}].{e.Message}", e);
            }
        }
        return result;
    }

    /// <summary>
    /// The results of several load processes that ran one schedule at once (same run, rate, room size, windows), each
    /// with its own clients, as one: counts and histograms added, the slowest connect, the first failure.
    /// </summary>
    /// <exception cref="ArgumentException">The results are not parts of one run.</exception>
    public static ChatLoadResult Merge(IReadOnlyList<ChatLoadResult> parts)
    {
        ArgumentNullException.ThrowIfNull(parts);
        if (parts.Count == 0)
        {
            throw new ArgumentException("nothing to merge", nameof(parts));
        }
        ChatLoadResult first = parts[0];
        string? differs = parts.Skip(1).Select(p =>
            p.Run != first.Run ? $"run '{p.Run}' is not '{first.Run}'"
            : p.LinesPerSecond != first.LinesPerSecond ? $"rate {p.LinesPerSecond} is not {first.LinesPerSecond}"
            : p.RoomSize != first.RoomSize ? $"room size {p.RoomSize} is not {first.RoomSize}"
            : p.Target != first.Target ? $"target {p.Target} is not {first.Target}"
            : p.Windows.Count != first.Windows.Count && p.Failure is null && first.Failure is null ? $"{p.Windows.Count} windows is not {first.Windows.Count}"
            : null).FirstOrDefault(d => d is not null);
        if (differs is not null)
        {
            throw new ArgumentException($"these loads are not parts of one run: {differs}", nameof(parts));
        }
        int windows = parts.Min(p => p.Windows.Count);
        return first with
        {
            Machine = string.Join("; ", parts.Select(p => p.Machine).Distinct(StringComparer.Ordinal)),
            Processes = parts.Sum(p => p.Processes),
            Clients = parts.Sum(p => p.Clients),
            StartedUtc = parts.Select(p => p.StartedUtc).Min(StringComparer.Ordinal)!,
            ConnectMs = parts.Max(p => p.ConnectMs),
            DrainMs = parts.Max(p => p.DrainMs),
            Failure = parts.Select(p => p.Failure).FirstOrDefault(f => f is not null),
            Unexpected = parts.Sum(p => p.Unexpected),
            ClosedByServer = parts.Sum(p => p.ClosedByServer),
            Windows = [.. Enumerable.Range(0, windows).Select(i => ChatWindow.Merge([.. parts.Select(p => p.Windows[i])]))],
        };
    }

    /// <summary>One line for people: the windows' corrected p50 / p99 / p99.9 / max, lines, losses and the load's own lateness.</summary>
    public string Describe()
    {
        if (Windows.Count == 0)
        {
            return $"chat-load: {Clients:#,0} clients; no window ran: {Failure ?? "nothing measured"}";
        }
        HistogramBase corrected = LatencyHistogram.Sum(Windows.Select(w => w.Corrected));
        HistogramBase uncorrected = LatencyHistogram.Sum(Windows.Select(w => w.Uncorrected));
        HistogramBase lateness = LatencyHistogram.Sum(Windows.Select(w => w.LoadLateness));
        LatencySummary c = LatencySummary.Of(corrected), u = LatencySummary.Of(uncorrected), l = LatencySummary.Of(lateness);
        long due = Windows.Sum(w => w.Due), sent = Windows.Sum(w => w.Sent), delivered = Windows.Sum(w => w.Delivered);
        double seconds = Windows.Sum(w => w.LengthMs) / 1000;
        static string Us(double? us) => us is double v ? FormatUs(v) : "n/a";
        var text = new StringBuilder();
        text.Append(CultureInfo.InvariantCulture, $"chat-load: {Clients:#,0} clients at {LinesPerSecond:0.###} lines/s each ({due / seconds:#,0} lines/s offered) for {Windows.Count} windows of {Windows[0].LengthMs / 1000:0.###} s: ");
        text.Append(CultureInfo.InvariantCulture, $"{due:#,0} lines due, {sent:#,0} sent, {delivered:#,0} delivered to their whole room, {sent - delivered:#,0} lost, {due - sent:#,0} never sent; ");
        text.Append(CultureInfo.InvariantCulture, $"latency from the intended send p50 {Us(c.P50Us)}, p99 {Us(c.P99Us)}, p99.9 {Us(c.P999Us)}, max {Us(c.MaxUs)} ({c.Count:#,0} lines); ");
        text.Append(CultureInfo.InvariantCulture, $"from the actual send p99 {Us(u.P99Us)}, max {Us(u.MaxUs)}; ");
        text.Append(CultureInfo.InvariantCulture, $"the load's own lateness p99 {Us(l.P99Us)}, max {Us(l.MaxUs)}, its CPU {Windows.Sum(w => w.LoadCpuMs) / 1000:0.00} s");
        if (Windows.Any(Behind))
        {
            text.Append(CultureInfo.InvariantCulture, $"; BEHIND: the load fell behind its schedule by more than {LatenessToleranceMs:0.###} ms (p99) in {Windows.Count(Behind)} of {Windows.Count} windows, so these latencies are not the server's alone");
        }
        if (ClosedByServer > 0)
        {
            text.Append(CultureInfo.InvariantCulture, $"; the server closed {ClosedByServer:#,0} of the clients' connections");
        }
        if (Failure is not null)
        {
            text.Append("; failed: ").Append(Failure);
        }
        return text.ToString();
    }

    /// <summary>Microseconds as people read them: µs, ms or s with three significant digits.</summary>
    public static string FormatUs(double us) => us switch
    {
        >= 1e6 => (us / 1e6).ToString("0.00", CultureInfo.InvariantCulture) + " s",
        >= 1e3 => (us / 1e3).ToString(us >= 1e5 ? "0" : us >= 1e4 ? "0.0" : "0.00", CultureInfo.InvariantCulture) + " ms",
        _ => us.ToString("0", CultureInfo.InvariantCulture) + " µs",
    };
}

/// <summary>The chat-load result's JSON, generated at compile time (indented, camelCase).</summary>
[JsonSourceGenerationOptions(WriteIndented = true, PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase, DefaultIgnoreCondition = JsonIgnoreCondition.Never)]
[JsonSerializable(typeof(ChatLoadResult))]
internal sealed partial class ChatLoadJsonContext : JsonSerializerContext
{
}
