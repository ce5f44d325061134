using System.Text.Json;
using System.Text.Json.Nodes;

namespace ConcurrencyBench.Reporting.Tests;

/// <summary>
/// The property test, field by field (issue 25): every field of every kind of file the readers open, broken one at a time in a real committed file: deleted, set to
/// null, swapped for another kind (a number for text, text for a number, a list for an object, an object for a list),
/// and set to values no run writes (a control character, 10 KB of text, extreme numbers). A field the schema declares
/// must be refused in one line naming the file and the field's path when its kind is wrong, and when it is missing or
/// null unless this test's own list says it may be; a field the schema does not declare must change nothing the reader
/// returns (so every field that reaches a reader is declared, and guarded).
/// </summary>
public partial class MutationTests
{
    /// <summary>A kind of file: the committed file it starts from, its rule, how it is read, and what may be missing or null.</summary>
    private sealed record Kind(string Source, JsonRule Rule, Func<string, object> Read, string[] MayBeMissing, string[] MayBeNull);

    private static readonly JsonSerializerOptions s_plain = new() { IncludeFields = true };

    private static string Fingerprint(object read) => JsonSerializer.Serialize(read, s_plain);

    private static string Cases(IEnumerable<CaseResult> cases) => Fingerprint(cases.Select(c => new
    {
        c.FullName, c.Type, c.Method, c.Parameters, c.IterationNanoseconds, c.AllocatedBytesPerOperation, c.Metrics, c.Host, c.Job,
        c.IterationUsage, c.IterationResources, c.GatherOrders, c.Label, c.OwnIdeal,
    }).ToList());

    private static readonly string[] s_hostFields = ["ProcessorName", "LogicalCoreCount", "OsVersion", "RuntimeVersion", "Architecture", "BenchmarkDotNetVersion", "DotNetCliVersion"];

    private static readonly string[] s_timelineOptional =
    [
        "job", "bursts", "timerTickMs", "bursts[].measuredNs", "bursts[].chat", "bursts[].usage", "bursts[].gather", "bursts[].figures",
        "bursts[].figures.maxConcurrentJobs", "bursts[].chat.window", "bursts[].chat.load", "bursts[].chat.load.failure",
        "bursts[].chat.window.buckets[].p50Us", "bursts[].chat.window.buckets[].p99Us",
    ];

    private static Kind KindOf(string name) => name switch
    {
        "full JSON" => new(Path.Combine("quick-net8", "results", "ConcurrencyBench.Benchmarks.DefaultPoolOffload-report-full.json"), FileSchemas.FullJson,
            path => Fingerprint(ResultsReader.ReadFileAndSkipped(path) is var (cases, skipped) ? new { Cases = Cases(cases), skipped } : null!),
            [.. s_hostFields.Select(f => "HostEnvironmentInfo." + f), "Benchmarks[].DisplayInfo", "Benchmarks[].Measurements", "Benchmarks[].Metrics",
             "Benchmarks[].Memory", "Benchmarks[].Memory.BytesAllocatedPerOperation", "Benchmarks[].Measurements[].LaunchIndex"],
            [.. s_hostFields.Select(f => "HostEnvironmentInfo." + f), "Benchmarks[].DisplayInfo", "Benchmarks[].Measurements", "Benchmarks[].Metrics",
             "Benchmarks[].Memory", "Benchmarks[].Memory.BytesAllocatedPerOperation"]),
        "chat timeline" => new(Path.Combine("default", "cold", "timelines", "ConcurrencyBench.Benchmarks.ChatServerLoad.AsyncSockets_C__1000__Rate__2_.json"), FileSchemas.Timeline,
            path => Fingerprint(ResultsReader.ReadTimeline(path)),
            [.. s_timelineOptional, "bursts[].samplerAllocatedBytes"], s_timelineOptional),
        "gather timeline" => new(Path.Combine("seed", "cold", "timelines", "ConcurrencyBench.Benchmarks.SeedExperiments.TwoSleepers5sAnd4s.json"), FileSchemas.Timeline,
            path => Fingerprint(ResultsReader.ReadTimeline(path)),
            [.. s_timelineOptional, "bursts[].samplerAllocatedBytes"], s_timelineOptional),
        "runtime results" => new(Path.Combine("seed", "runtimes", "python.json"), FileSchemas.RuntimeResultsV2,
            path => Fingerprint(RuntimeResults.Read(path) is var (cases, complete) ? new { Cases = Cases(cases), complete } : null!),
            ["peakRssScope", "runtime.detail", "profile", "complete", "cases[].label", "cases[].idealSeconds", "cases[].cold",
             "cases[].repeated[].maxConcurrent", "cases[].repeated[].gather", "cases[].cold[].maxConcurrent", "cases[].cold[].gather"],
            ["runtime.detail", "profile", "machine.processor", "machine.os", "machine.architecture", "cases[].label", "cases[].idealSeconds",
             "cases[].repeated[].maxConcurrent", "cases[].cold[].maxConcurrent"]),
        "run-info" => new(Path.Combine("default", "run-info.json"), FileSchemas.RunInfo,
            path => Fingerprint(ResultsReader.ReadRunInfo(path)),
            // The run's conditions (load, ticks, calibration) are optional: runs before 7 December have none.
            ["complete", "loadAverage1mStart", "loadAverage1mEnd", "cpuTicksStart", "cpuTicksEnd", "stealTicksStart", "stealTicksEnd",
             "calibrationNsStart", "calibrationNsEnd"], []),
        "chat load" => new(Path.Combine("default", "cold", "timelines", "ConcurrencyBench.Benchmarks.ChatServerLoad.AsyncSockets_C__1000__Rate__2_.json"), FileSchemas.ChatLoad,
            path => ChatLoadFile.Read(path).ToJson(),
            ["failure", "windows[].buckets[].p50Us", "windows[].buckets[].p99Us"], ["failure", "windows[].buckets[].p50Us", "windows[].buckets[].p99Us"]),
        _ => throw new ArgumentOutOfRangeException(nameof(name)),
    };

    public static TheoryData<string> Kinds() => new(["full JSON", "chat timeline", "gather timeline", "runtime results", "run-info", "chat load"]);

    // The committed file, its long lists cut to a few items (every field still there once at least).
    private static JsonNode Load(string name, Kind kind)
    {
        JsonNode root = name == "chat load" ? Crafted.CommittedChatLoad() : JsonNode.Parse(File.ReadAllText(Path.Combine(CommittedResultsTests.ResultsRoot(), kind.Source)))!;
        void Cut(JsonNode? node, string key)
        {
            if (node is JsonObject o)
            {
                foreach (var (k, child) in o.ToList())
                {
                    Cut(child, k);
                }
            }
            else if (node is JsonArray a)
            {
                // BenchmarkDotNet's measurements are kept whole: their final iterations come last.
                while (a.Count > 6 && key != "Measurements")
                {
                    a.RemoveAt(a.Count - 1);
                }
                foreach (JsonNode? child in a)
                {
                    Cut(child, "");
                }
            }
        }
        Cut(root, "");
        return root;
    }

    /// <summary>Each field once (its first occurrence): its path as a refusal names it, and as a rule's path with [] for any item.</summary>
    private static List<(string Path, string General, JsonNode Parent, object Key)> Fields(JsonNode root)
    {
        var found = new List<(string, string, JsonNode, object)>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        void Walk(JsonNode node, string path, string general)
        {
            if (node is JsonObject o)
            {
                foreach (var (key, child) in o.ToList())
                {
                    string p = path.Length == 0 ? key : $"{path}.{key}", g = general.Length == 0 ? key : $"{general}.{key}";
                    if (seen.Add(g))
                    {
                        found.Add((p, g, o, key));
                    }
                    if (child is not null)
                    {
                        Walk(child, p, g);
                    }
                }
            }
            else if (node is JsonArray a && a.Count > 0)
            {
                if (seen.Add(general + "[]"))
                {
                    found.Add(($"{path}[0]", general + "[]", a, 0));
                }
                for (int i = 0; i < a.Count; i++)
                {
                    if (a[i] is JsonNode child)
                    {
                        Walk(child, $"{path}[{i}]", general + "[]");
                    }
                }
            }
        }
        Walk(root, "", "");
        return found;
    }

    // The rule of a field at a general path (names and []), or null where the schema does not declare it.
    private static JsonRule? RuleAt(JsonRule rule, string general)
    {
        JsonRule? at = rule;
        foreach (string part in general.Replace("[]", ".[]", StringComparison.Ordinal).Split('.', StringSplitOptions.RemoveEmptyEntries))
        {
            if (at is null)
            {
                return null;
            }
            at = part == "[]" ? at.ItemRule
                : at.Field(part) is { } field ? field.Rule
                : at.ItemRule is { } values && at.Fields.Count == 0 && at.Kind == JsonRule.Shape.Map ? values
                : null;
        }
        return at;
    }

    private static JsonNode? Get(JsonNode parent, object key) => parent is JsonObject o ? o[(string)key] : parent.AsArray()[(int)key];

    private static void Set(JsonNode parent, object key, JsonNode? value)
    {
        if (parent is JsonObject o)
        {
            o[(string)key] = value;
        }
        else
        {
            parent.AsArray()[(int)key] = value;
        }
    }

    // The mutations of one value: (what, the new value or "delete", whether it is a swap of kind).
    private static IEnumerable<(string What, JsonNode? Value, bool Delete, bool Swap)> BreaksOf(JsonNode? value, bool inObject)
    {
        if (inObject)
        {
            yield return ("deleted", null, true, false);
        }
        yield return ("null", null, false, false);
        switch (value?.GetValueKind())
        {
            case JsonValueKind.Number:
                yield return ("a number as text", JsonValue.Create(value.ToJsonString()), false, true);
                yield return ("-1", JsonValue.Create(-1), false, false);
                yield return ("1e308", JsonValue.Create(1e308), false, false);
                yield return ("0.5", JsonValue.Create(0.5), false, false);
                break;
            case JsonValueKind.String:
                yield return ("text as a number", JsonValue.Create(1), false, true);
                yield return ("a control character", JsonValue.Create("a\u0007b\nc"), false, false);
                yield return ("10 KB of text", JsonValue.Create(new string('A', 10_240)), false, false);
                yield return ("a bidirectional override", JsonValue.Create("abc\u202Edef"), false, false);
                break;
            case JsonValueKind.True or JsonValueKind.False:
                yield return ("true or false as text", JsonValue.Create("true"), false, true);
                break;
            case JsonValueKind.Object:
                yield return ("an object as a list", new JsonArray(), false, true);
                break;
            case JsonValueKind.Array:
                yield return ("a list as an object", new JsonObject(), false, true);
                break;
        }
    }

    [Theory]
    [MemberData(nameof(Kinds))]
    public void EveryFieldOfACommittedFileIsGuardedAgainstEveryKindOfBreak(string name)
    {
        using var files = new TestFiles();
        Kind kind = KindOf(name);
        JsonNode root = Load(name, kind);
        string file = files.PathOf("file.json");
        File.WriteAllText(file, root.ToJsonString());
        string baseline = (string)kind.Read(file);
        var fields = Fields(root);
        var failures = new List<string>();
        int declared = 0, refused = 0;

        foreach ((string path, string general, JsonNode parent, object key) in fields)
        {
            JsonRule? rule = RuleAt(kind.Rule, general);
            declared += rule is null ? 0 : 1;
            foreach ((string what, JsonNode? value, bool delete, bool swap) in BreaksOf(Get(parent, key), parent is JsonObject))
            {
                JsonNode copy = root.DeepClone();
                var target = Fields(copy).First(f => f.Path == path);
                if (delete)
                {
                    target.Parent.AsObject().Remove((string)target.Key);
                }
                else
                {
                    Set(target.Parent, target.Key, value?.DeepClone());
                }
                File.WriteAllText(file, copy.ToJsonString());
                string? refusal = null, read = null;
                try
                {
                    read = (string)kind.Read(file);
                }
                catch (ResultsFormatException e)
                {
                    refusal = e.Message;
                }
                catch (Exception e)
                {
                    failures.Add($"{path} {what}: {e.GetType().Name}: {e.Message}");
                    continue;
                }
                refused += refusal is null ? 0 : 1;
                string parentPath = path.Contains('.', StringComparison.Ordinal) || path.EndsWith(']') ? path[..Math.Max(0, Math.Max(path.LastIndexOf('.'), path.LastIndexOf('[')))] : "";
                bool names = refusal is not null && refusal.StartsWith(file, StringComparison.Ordinal)
                    && (refusal.Contains(path, StringComparison.Ordinal) || (delete && parentPath.Length > 0 && refusal.Contains(parentPath, StringComparison.Ordinal)));
                if (refusal is not null && refusal.Contains('\n', StringComparison.Ordinal))
                {
                    failures.Add($"{path} {what}: a refusal of more than one line: {refusal}");
                }
                if (rule is null)
                {
                    // Not declared: no reader reads it, so nothing it returns may change.
                    if (refusal is not null || read != baseline)
                    {
                        failures.Add($"{path} {what}: undeclared, yet {(refusal is null ? "what the reader returns changed" : $"refused: {refusal}")}");
                    }
                    continue;
                }
                bool allowed = delete ? kind.MayBeMissing.Contains(general) : value is null && !swap ? kind.MayBeNull.Contains(general) : false;
                bool mustRefuse = swap || (delete && !kind.MayBeMissing.Contains(general)) || (value is null && !delete && !kind.MayBeNull.Contains(general))
                    || what is "a control character" or "a bidirectional override";
                if (mustRefuse && !names)
                {
                    failures.Add($"{path} {what}: {(refusal is null ? "accepted" : $"refused without naming the field: {refusal}")}");
                }
                else if (allowed && refusal is not null)
                {
                    failures.Add($"{path} {what}: may be {(delete ? "missing" : "null")}, yet refused: {refusal}");
                }
                else if (refusal is not null && !names && !refusal.StartsWith(file, StringComparison.Ordinal))
                {
                    failures.Add($"{path} {what}: refused without naming the file: {refusal}");
                }
            }
        }

        Assert.True(failures.Count == 0, $"{failures.Count} of the mutations of {fields.Count} fields went wrong:\n{string.Join("\n", failures.Take(40))}");
        // Fail closed: the file had fields the schema declares, and breaking them was refused.
        Assert.True(declared >= 5 && refused >= declared, $"{declared} declared fields, {refused} refusals");
    }

    [Theory]
    [MemberData(nameof(Kinds))]
    public void AFileOfTheWrongShapeIsRefusedNamingTheWholeFile(string name)
    {
        using var files = new TestFiles();
        Kind kind = KindOf(name);
        foreach (string text in new[] { "[]", "1", "\"text\"", "null", "{}" })
        {
            string file = files.Write($"{name.Replace(' ', '-')}.json", text);

            ResultsFormatException e = Assert.Throws<ResultsFormatException>(() => kind.Read(file));

            Assert.StartsWith(file, e.Message, StringComparison.Ordinal);
            Assert.DoesNotContain('\n', e.Message);
            Assert.True(text == "{}" ? e.Message.Contains("is missing", StringComparison.Ordinal) : e.Message.Contains("the file =", StringComparison.Ordinal), e.Message);
        }
    }
}
