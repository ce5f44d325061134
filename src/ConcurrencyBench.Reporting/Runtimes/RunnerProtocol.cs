using System.Globalization;
using System.Text.Json;

namespace ConcurrencyBench.Reporting.Runtimes;

/// <summary>A runner's protocol was broken: the message names the runtime, the case where there is one, and the line (truncated).</summary>
public sealed class RunnerProtocolException : Exception
{
    public RunnerProtocolException()
    {
    }

    public RunnerProtocolException(string message)
        : base(message)
    {
    }

    public RunnerProtocolException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}

/// <summary>What a runner says of itself (<c>RUNNER --describe</c>).</summary>
/// <param name="RuntimeJson">The results file's <c>runtime</c> object (name, version, detail), as the runner wrote it.</param>
/// <param name="MachineJson">The results file's <c>machine</c> object (processor, logicalCores, os, architecture).</param>
/// <param name="PeakRssScope">"burst" where each burst's peak resident memory is its own, "process" where it is the process's.</param>
/// <param name="DefaultPoolThreads">How many blocking calls the runtime's default pool runs at once here.</param>
/// <param name="DefaultPoolRule">Where that figure comes from.</param>
/// <param name="TimerEarlyMs">How early a timer may fire against the runtime's clock, in milliseconds.</param>
/// <param name="Ops">The ops the runner has, each with the label the report shows.</param>
/// <param name="Processors">
/// The processors the runtime sizes itself by in this process (its own reading: affinity, a CPU quota, or a configured
/// count); null where the runner does not say (the field is optional in protocol 1; the machine-size sweep needs it).
/// </param>
/// <param name="DefaultPoolMinimum">The threads the default pool starts with, where it grows past them (.NET's minimum); null where it does not say.</param>
public sealed record RunnerDescription(string RuntimeJson, string MachineJson, string PeakRssScope, int DefaultPoolThreads, string DefaultPoolRule, double TimerEarlyMs, IReadOnlyDictionary<string, string> Ops,
    int? Processors = null, int? DefaultPoolMinimum = null)
{
    /// <summary>The runtime's name and version ("Go 1.19.8"), for messages.</summary>
    public string RuntimeName
    {
        get
        {
            using JsonDocument runtime = JsonDocument.Parse(RuntimeJson);
            return $"{runtime.RootElement.GetProperty("name").GetString()} {runtime.RootElement.GetProperty("version").GetString()}";
        }
    }
}

/// <summary>One line of a runner's child on stdout.</summary>
public abstract record RunnerLine
{
    /// <summary><c>{"ready":true}</c>: primed, waiting for "burst".</summary>
    public sealed record Ready : RunnerLine;

    /// <summary><c>{"burst":{…}}</c>: one measured burst, its record as the results file holds it.</summary>
    public sealed record Burst(JsonElement Record) : RunnerLine;

    /// <summary><c>{"error":"…"}</c>: the child failed, and says why.</summary>
    public sealed record Failure(string Message) : RunnerLine;
}

/// <summary>
/// <c>concurrencybench-runner/1</c>, the protocol between the orchestrator and each runtime's runner (docs/runtimes.md):
/// <c>RUNNER --describe</c> prints one JSON line; <c>RUNNER --case JSON</c> primes, prints <c>{"ready":true}</c>, then
/// runs one burst per "burst" line on stdin, printing <c>{"burst":{…}}</c>, until "stop" or the end of stdin; a failure is
/// <c>{"error":"…"}</c> and exit code 1. Every line is one JSON object.
/// </summary>
public static class RunnerProtocol
{
    /// <summary>The protocol's name and version, which <c>--describe</c> must name.</summary>
    public const string Version = "concurrencybench-runner/1";

    /// <summary>How many rounds of its op a child runs before its first burst.</summary>
    public const int PrimingRounds = 10;

    /// <summary>How long each job of a priming round lasts, in milliseconds.</summary>
    public const int PrimingDelayMs = 1;

    /// <summary>How long a child sleeps after priming, in milliseconds (lets priming's threads settle).</summary>
    public const int PrimingPauseMs = 50;

    /// <summary>The results file's "priming": what every runtime's child does before its first burst, the same for every runtime.</summary>
    public static string PrimingSentence { get; } = string.Create(CultureInfo.InvariantCulture,
        $"each process runs its case's operation {PrimingRounds} times at min(N, cores) jobs (k likewise capped; the two sleepers at {PrimingDelayMs} ms) with {PrimingDelayMs} ms delays, then sleeps {PrimingPauseMs} ms (a pool that must be started before a burst, such as piscina's k workers, is started then)");

    private const int ShownLine = 200;

    /// <summary>A line as an error message shows it: at most 200 characters, control characters escaped.</summary>
    public static string Shown(string line)
    {
        ArgumentNullException.ThrowIfNull(line);
        string cut = line.Length > ShownLine ? line[..ShownLine] + "…" : line;
        return FileSchema.Escape(cut);
    }

    /// <summary>Reads a runner's <c>--describe</c> line.</summary>
    /// <exception cref="RunnerProtocolException">It is not one, or names another protocol (the message names the runtime).</exception>
    public static RunnerDescription ParseDescription(string runtime, string output)
    {
        ArgumentNullException.ThrowIfNull(output);
        string[] lines = output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        if (lines.Length != 1)
        {
            throw new RunnerProtocolException($"{runtime}: --describe printed {lines.Length} lines, not one JSON line ({Version}): {Shown(string.Join(" | ", lines))}");
        }
        string line = lines[0];
        string Broken(string why) => $"{runtime}: --describe broke {Version}: {why}: {Shown(line)}";
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(line);
        }
        catch (JsonException)
        {
            throw new RunnerProtocolException(Broken("not a JSON object"));
        }
        using (document)
        {
            JsonElement root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                throw new RunnerProtocolException(Broken("not a JSON object"));
            }
            if (!root.TryGetProperty("protocol", out JsonElement protocol) || protocol.ValueKind != JsonValueKind.String)
            {
                throw new RunnerProtocolException(Broken("no \"protocol\""));
            }
            if (protocol.GetString() != Version)
            {
                throw new RunnerProtocolException($"{runtime}: the runner speaks {Shown(protocol.GetString()!)}, not {Version}");
            }
            JsonElement Object(JsonElement parent, string key) =>
                parent.TryGetProperty(key, out JsonElement value) && value.ValueKind == JsonValueKind.Object ? value : throw new RunnerProtocolException(Broken($"no \"{key}\" object"));
            string Text(JsonElement parent, string key, bool nullable = false) =>
                parent.TryGetProperty(key, out JsonElement value) && (value.ValueKind == JsonValueKind.String || (nullable && value.ValueKind == JsonValueKind.Null))
                    ? value.GetString() ?? ""
                    : throw new RunnerProtocolException(Broken($"no \"{key}\" text"));
            JsonElement runtimeInfo = Object(root, "runtime");
            if (Text(runtimeInfo, "name").Length == 0 || Text(runtimeInfo, "version").Length == 0)
            {
                throw new RunnerProtocolException(Broken("the runtime's name or version is empty"));
            }
            JsonElement machine = Object(root, "machine");
            Text(machine, "processor", nullable: true);
            Text(machine, "os", nullable: true);
            Text(machine, "architecture", nullable: true);
            if (!machine.TryGetProperty("logicalCores", out JsonElement cores) || cores.ValueKind != JsonValueKind.Number || !cores.TryGetInt32(out int c) || c < 1)
            {
                throw new RunnerProtocolException(Broken("no \"logicalCores\" of at least 1"));
            }
            string scope = Text(root, "peakRssScope");
            if (scope is not ("burst" or "process"))
            {
                throw new RunnerProtocolException(Broken($"\"peakRssScope\" is \"{scope}\", not \"burst\" or \"process\""));
            }
            JsonElement pool = Object(root, "defaultPool");
            if (!pool.TryGetProperty("threads", out JsonElement threads) || threads.ValueKind != JsonValueKind.Number || !threads.TryGetInt32(out int poolThreads) || poolThreads < 1)
            {
                throw new RunnerProtocolException(Broken("no \"defaultPool.threads\" of at least 1"));
            }
            string rule = Text(pool, "rule");
            int? Optional(JsonElement parent, string key) => !parent.TryGetProperty(key, out JsonElement value) ? null
                : value.ValueKind == JsonValueKind.Number && value.TryGetInt32(out int n) && n >= 1 ? n
                : throw new RunnerProtocolException(Broken($"\"{key}\" is not a whole number of at least 1"));
            int? processors = Optional(root, "processors");
            int? minimum = Optional(pool, "minimum");
            if (!root.TryGetProperty("timerEarlyMs", out JsonElement early) || early.ValueKind != JsonValueKind.Number || !(early.GetDouble() is double earlyMs && earlyMs >= 0 && earlyMs < 1000))
            {
                throw new RunnerProtocolException(Broken("no \"timerEarlyMs\" from 0 to 1000"));
            }
            var ops = new Dictionary<string, string>(StringComparer.Ordinal);
            foreach (JsonProperty op in Object(root, "ops").EnumerateObject())
            {
                if (op.Value.ValueKind != JsonValueKind.String || op.Value.GetString() is not { Length: > 0 } label)
                {
                    throw new RunnerProtocolException(Broken($"op \"{op.Name}\" has no label"));
                }
                ops[op.Name] = label;
            }
            return new RunnerDescription(runtimeInfo.GetRawText(), machine.GetRawText(), scope, poolThreads, rule, earlyMs, ops, processors, minimum);
        }
    }

    /// <summary>The <c>--case</c> argument for <paramref name="c"/>: op, n, k, delayMs and the priming instructions.</summary>
    public static string CaseArgument(RunnerCase c)
    {
        ArgumentNullException.ThrowIfNull(c);
        return string.Create(CultureInfo.InvariantCulture,
            $"{{\"op\":\"{c.Op}\",\"n\":{c.N},\"k\":{c.K},\"delayMs\":{c.DelayMs},\"priming\":{{\"rounds\":{PrimingRounds},\"delayMs\":{PrimingDelayMs},\"pauseMs\":{PrimingPauseMs}}}}}");
    }

    /// <summary>Reads one line of a child.</summary>
    /// <exception cref="RunnerProtocolException">It is none of the three lines (the message names the runtime, the case and the line).</exception>
    public static RunnerLine ParseLine(string runtime, string caseName, string line)
    {
        ArgumentNullException.ThrowIfNull(line);
        RunnerProtocolException Broken() => new($"{runtime}: {caseName}: the runner broke {Version}: expected {{\"ready\":true}}, {{\"burst\":{{…}}}} or {{\"error\":\"…\"}}, got: {Shown(line)}");
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(line);
        }
        catch (JsonException)
        {
            throw Broken();
        }
        using (document)
        {
            JsonElement root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                throw Broken();
            }
            var properties = root.EnumerateObject().ToList();
            if (properties.Count != 1)
            {
                throw Broken();
            }
            JsonProperty only = properties[0];
            return only.Name switch
            {
                "ready" when only.Value.ValueKind == JsonValueKind.True => new RunnerLine.Ready(),
                "burst" when only.Value.ValueKind == JsonValueKind.Object => new RunnerLine.Burst(only.Value.Clone()),
                "error" when only.Value.ValueKind == JsonValueKind.String => new RunnerLine.Failure(only.Value.GetString()!),
                _ => throw Broken(),
            };
        }
    }

    // The fields of a burst record the results file requires (format 2), each a number.
    private static readonly string[] s_required = ["ns", "userMs", "systemMs", "voluntarySwitches", "involuntarySwitches", "threads", "threadsAtStart", "peakRssBytes", "rssAtStartBytes", "maxConcurrent"];

    /// <summary>
    /// Checks a burst against its model: its record whole, a wall time above 0 and within the operation timeout, every
    /// result back (2 for the two sleepers, their join's results [0, 1]), 1 ≤ maxConcurrent ≤ N, ≤ k on a pool of k,
    /// ≤ the default pool's threads on the default pool (its minimum raised, or behind a probe), exactly 1 in turn, every buffer touched for the state variant.
    /// Returns why it cannot be true, or null.
    /// </summary>
    /// <param name="c">The case.</param>
    /// <param name="burst">The burst's record.</param>
    /// <param name="timeoutSeconds">The profile's operation timeout, in seconds.</param>
    /// <param name="defaultPoolThreads">The runtime's default pool (its <c>--describe</c>).</param>
    public static string? Verify(RunnerCase c, JsonElement burst, double timeoutSeconds, int defaultPoolThreads)
    {
        ArgumentNullException.ThrowIfNull(c);
        foreach (string field in s_required)
        {
            if (!burst.TryGetProperty(field, out JsonElement value) || value.ValueKind != JsonValueKind.Number)
            {
                return $"its record has no number \"{field}\"";
            }
        }
        double ns = burst.GetProperty("ns").GetDouble();
        if (!(ns > 0))
        {
            return string.Create(CultureInfo.InvariantCulture, $"impossible wall time {ns} ns");
        }
        if (ns > timeoutSeconds * 1e9)
        {
            return string.Create(CultureInfo.InvariantCulture, $"it took {ns / 1e9:0.0} s, past the operation timeout ({timeoutSeconds:0.###} s)");
        }
        long want = c.Op == Ops.TwoSleepers ? 2 : c.N;
        if (c.Op == Ops.TwoSleepers
            && !(burst.TryGetProperty("gather", out JsonElement gather) && gather.ValueKind == JsonValueKind.Object
                && gather.TryGetProperty("results", out JsonElement results) && results.ValueKind == JsonValueKind.Array
                && results.GetArrayLength() == 2 && results[0].ValueKind == JsonValueKind.Number && results[0].GetDouble() == 0
                && results[1].ValueKind == JsonValueKind.Number && results[1].GetDouble() == 1
                && gather.TryGetProperty("resumed", out JsonElement resumed) && resumed.ValueKind == JsonValueKind.Array))
        {
            return "the join did not return both results in order";
        }
        long? Whole(JsonElement parent, string key) =>
            parent.ValueKind == JsonValueKind.Object && parent.TryGetProperty(key, out JsonElement v) && v.ValueKind == JsonValueKind.Number && v.TryGetInt64(out long x) ? x : null;
        JsonElement check = burst.TryGetProperty("check", out JsonElement ch) ? ch : default;
        long? completed = Whole(check, "completed");
        if (completed != want)
        {
            return $"{Text(completed)} of {want} results came back";
        }
        long? most = Whole(burst, "maxConcurrent");
        if (most is not long m || m < 1 || m > want)
        {
            return $"{Text(most)} of its {want} jobs were in progress at once";
        }
        if (c.Op == Ops.OffloadWorkers && m > c.K)
        {
            return $"the pool of {c.K} workers ran {m} calls at once";
        }
        if (Ops.IsDefaultPool(c.Op) && m > defaultPoolThreads)
        {
            return $"the default pool of {defaultPoolThreads} threads ran {m} calls at once";
        }
        if (c.Op == Ops.Sequential && m != 1)
        {
            return $"calls in turn overlapped ({m} at once)";
        }
        if (c.Op == Ops.SleepsState && Whole(check, "touched") != want)
        {
            return $"{Text(Whole(check, "touched"))} of {want} buffers were intact and touched after the sleep";
        }
        return null;
    }

    private static string Text(long? value) => value?.ToString(CultureInfo.InvariantCulture) ?? "none";

    /// <summary>The text of a child's stderr worth quoting: its last non-empty line, or "no message".</summary>
    public static string LastLine(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        string? last = text.Split('\n').Select(l => l.Trim()).LastOrDefault(l => l.Length > 0);
        return last is null ? "no message" : Shown(last);
    }

}
