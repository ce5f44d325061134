using System.Globalization;
using System.Text.Json;

namespace ConcurrencyBench.Reporting.Runtimes;

/// <summary>
/// A profile's grid as <c>ConcurrencyBench.Benchmarks --profile P --describe</c> writes it (<c>profile-grid.json</c>):
/// the N, k and d every runtime runs, with the profile's limits. Read once, by the orchestrator, for every runtime.
/// </summary>
/// <param name="Name">The profile's name ("default", "seed", ...); "seed" runs the seed article's own experiments.</param>
/// <param name="DelayMs">d of every case whose d the grid does not set otherwise, in milliseconds (at least 1).</param>
/// <param name="Iterations">Repeated bursts per case at most, in one process (at least 1).</param>
/// <param name="ColdLaunches">Fresh processes of one burst per case at most (0 or more).</param>
/// <param name="AsyncDelayJobs">The async delays' N.</param>
/// <param name="OffloadJobs">The offload families' N.</param>
/// <param name="Workers">The bounded pools' k.</param>
/// <param name="BlockingJobs">The blocking calls' N.</param>
/// <param name="MaxIdealPerOperationSeconds">A bounded case whose ideal is past this is not run (the .NET side's IdealTime rule).</param>
/// <param name="OperationTimeoutSeconds">The most one burst may take, in seconds.</param>
/// <param name="AsyncDelayMsByJobs">The async delays' d at an N where it is not <paramref name="DelayMs"/> (all-pending).</param>
/// <param name="BudgetSeconds">The profile's own budget per case and burst kind, in seconds; null where it sets none.</param>
/// <param name="AsyncDelayMethods">The async delays' .NET methods the profile runs (their twins only); empty: every one.</param>
/// <param name="SyncOverAsyncJobs">N of Task.Wait inside the pool (BlockingCalls.SyncOverAsyncInPool); empty: not run.</param>
/// <param name="Chat">The chat point a machine-size sweep serves at every size; null: none.</param>
public sealed record ProfileGrid(
    string Name,
    int DelayMs,
    int Iterations,
    int ColdLaunches,
    IReadOnlyList<int> AsyncDelayJobs,
    IReadOnlyList<int> OffloadJobs,
    IReadOnlyList<int> Workers,
    IReadOnlyList<int> BlockingJobs,
    double MaxIdealPerOperationSeconds,
    double OperationTimeoutSeconds,
    IReadOnlyDictionary<int, int> AsyncDelayMsByJobs,
    double? BudgetSeconds,
    IReadOnlyList<string>? AsyncDelayMethods = null,
    IReadOnlyList<int>? SyncOverAsyncJobs = null,
    GridChat? Chat = null)
{
    /// <summary>The async delays' d at <paramref name="jobs"/>, in milliseconds.</summary>
    public int AsyncDelayMsAt(int jobs) => AsyncDelayMsByJobs.TryGetValue(jobs, out int d) ? d : DelayMs;

    /// <summary>Reads and checks a grid file.</summary>
    /// <exception cref="ResultsFormatException">The file is missing, not JSON, or not a grid (the message names what is wrong, in one line).</exception>
    public static ProfileGrid Read(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        if (!File.Exists(path))
        {
            throw ResultsFormatException.For(path, "no such file (the profile's grid, as ConcurrencyBench.Benchmarks --profile P --describe writes it)");
        }
        try
        {
            using JsonDocument document = JsonDocument.Parse(File.ReadAllText(path));
            return Parse(document.RootElement);
        }
        catch (JsonException e)
        {
            throw ResultsFormatException.For(path, $"not a profile grid (not JSON: {e.Message.Split('\n')[0]})");
        }
        catch (FormatException e)
        {
            throw ResultsFormatException.For(path, $"not a profile grid ({e.Message})");
        }
    }

    /// <summary>Checks and reads a grid's JSON object.</summary>
    /// <exception cref="FormatException">It is not a grid (the message says why).</exception>
    public static ProfileGrid Parse(JsonElement root)
    {
        if (root.ValueKind != JsonValueKind.Object)
        {
            throw new FormatException("not a JSON object");
        }
        foreach (string key in new[] { "name", "delayMs", "iterations", "coldLaunches", "asyncDelayJobs", "offloadJobs", "workers", "blockingJobs", "maxIdealPerOperationSeconds", "operationTimeoutSeconds" })
        {
            if (!root.TryGetProperty(key, out _))
            {
                throw new FormatException($"no '{key}'");
            }
        }
        string name = root.GetProperty("name").ValueKind == JsonValueKind.String && root.GetProperty("name").GetString() is { Length: > 0 } n
            ? n
            : throw new FormatException("'name' is not a profile's name");
        int Whole(string key, int least) =>
            root.GetProperty(key).ValueKind == JsonValueKind.Number && root.GetProperty(key).TryGetInt32(out int v) && v >= least
                ? v
                : throw new FormatException($"'{key}' is {root.GetProperty(key).GetRawText()}, not a whole number of at least {least}");
        IReadOnlyList<int> Counts(string key)
        {
            JsonElement list = root.GetProperty(key);
            if (list.ValueKind != JsonValueKind.Array)
            {
                throw new FormatException($"'{key}' is not a list");
            }
            var values = new List<int>();
            foreach (JsonElement item in list.EnumerateArray())
            {
                values.Add(item.ValueKind == JsonValueKind.Number && item.TryGetInt32(out int v) && v >= 1
                    ? v
                    : throw new FormatException($"'{key}' holds {item.GetRawText()}, not a count of at least 1"));
            }
            return values;
        }
        double Seconds(string key) =>
            root.GetProperty(key).ValueKind == JsonValueKind.Number && root.GetProperty(key).GetDouble() is double s && double.IsFinite(s) && s > 0
                ? s
                : throw new FormatException($"'{key}' is {root.GetProperty(key).GetRawText()}, not a number of seconds above 0");
        var byJobs = new Dictionary<int, int>();
        if (root.TryGetProperty("asyncDelayMsByJobs", out JsonElement map))
        {
            if (map.ValueKind != JsonValueKind.Object)
            {
                throw new FormatException("'asyncDelayMsByJobs' is not an object of counts to delays");
            }
            foreach (JsonProperty entry in map.EnumerateObject())
            {
                if (!int.TryParse(entry.Name, NumberStyles.None, CultureInfo.InvariantCulture, out int jobs) || jobs < 1
                    || entry.Value.ValueKind != JsonValueKind.Number || !entry.Value.TryGetInt32(out int d) || d < 1)
                {
                    throw new FormatException($"'asyncDelayMsByJobs' holds \"{entry.Name}\": {entry.Value.GetRawText()}, not a count and a delay of at least 1 ms");
                }
                byJobs[jobs] = d;
            }
        }
        double? budget = null;
        if (root.TryGetProperty("budgetSeconds", out JsonElement b))
        {
            budget = b.ValueKind == JsonValueKind.Number && b.GetDouble() is double v && double.IsFinite(v) && v > 0
                ? v
                : throw new FormatException($"'budgetSeconds' is {b.GetRawText()}, not a number of seconds above 0");
        }
        var methods = new List<string>();
        if (root.TryGetProperty("asyncDelayMethods", out JsonElement m))
        {
            foreach (JsonElement method in m.ValueKind == JsonValueKind.Array ? m.EnumerateArray() : throw new FormatException("'asyncDelayMethods' is not a list"))
            {
                methods.Add(method.ValueKind == JsonValueKind.String && method.GetString() is { Length: > 0 } text
                    ? text
                    : throw new FormatException($"'asyncDelayMethods' holds {method.GetRawText()}, not a method's name"));
            }
        }
        GridChat? chat = null;
        if (root.TryGetProperty("sizesChat", out JsonElement c))
        {
            chat = GridChat.Parse(c);
        }
        return new ProfileGrid(name, Whole("delayMs", 1), Whole("iterations", 1), Whole("coldLaunches", 0),
            Counts("asyncDelayJobs"), Counts("offloadJobs"), Counts("workers"), Counts("blockingJobs"),
            Seconds("maxIdealPerOperationSeconds"), Seconds("operationTimeoutSeconds"), byJobs, budget, methods,
            root.TryGetProperty("syncOverAsyncJobs", out _) ? Counts("syncOverAsyncJobs") : [], chat);
    }
}

/// <summary>
/// The chat point of a machine-size sweep (the grid's <c>sizesChat</c>): <paramref name="Clients"/> clients each
/// offering <paramref name="Rate"/> lines per second to each of <paramref name="Models"/> (cbench chat-server's model
/// names), in two windows of <paramref name="WindowMs"/> ms per fresh server process (the first cold, the second warm).
/// </summary>
public sealed record GridChat(int Clients, int Rate, int WindowMs, IReadOnlyList<string> Models)
{
    /// <summary>The server models cbench chat-server serves.</summary>
    public static IReadOnlyList<string> KnownModels { get; } = ["async", "threads", "event-loop"];

    /// <summary>Reads and checks the grid's <c>sizesChat</c> object.</summary>
    /// <exception cref="FormatException">It is not one (the message says why).</exception>
    public static GridChat Parse(JsonElement chat)
    {
        if (chat.ValueKind != JsonValueKind.Object)
        {
            throw new FormatException("'sizesChat' is not an object");
        }
        int Whole(string key, int least, int most) =>
            chat.TryGetProperty(key, out JsonElement v) && v.ValueKind == JsonValueKind.Number && v.TryGetInt32(out int n) && n >= least && n <= most
                ? n
                : throw new FormatException($"'sizesChat.{key}' is missing or not a whole number from {least} to {most}");
        var models = new List<string>();
        if (!chat.TryGetProperty("models", out JsonElement list) || list.ValueKind != JsonValueKind.Array || list.GetArrayLength() == 0)
        {
            throw new FormatException("'sizesChat.models' is missing or not a list of server models");
        }
        foreach (JsonElement model in list.EnumerateArray())
        {
            models.Add(model.ValueKind == JsonValueKind.String && model.GetString() is string m && KnownModels.Contains(m)
                ? m
                : throw new FormatException($"'sizesChat.models' holds {model.GetRawText()}, not one of {string.Join(", ", KnownModels)}"));
        }
        return new GridChat(Whole("clients", 2, 10_000), Whole("rate", 1, 1000), Whole("windowMs", 100, 600_000), models);
    }
}
