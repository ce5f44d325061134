using System.Text;
using System.Text.Json;

namespace ConcurrencyBench.Reporting.Runtimes;

/// <summary>
/// A runtime's results file (<see cref="RuntimeResults.Format"/>, read by <see cref="RuntimeResults"/>) as the run
/// goes on: format, runtime, machine, profile, priming, peakRssScope, complete, cases (type, method, label, parameters in
/// the .NET order, idealSeconds, repeated, cold), each burst record as its runner printed it. Written whole after every
/// case, through a temporary file renamed into place, so that the file on disk is always whole.
/// </summary>
public sealed class RuntimeResultsDocument
{
    private readonly RunnerDescription _runner;
    private readonly string _profile;
    private readonly string _priming;
    private readonly List<(PlannedCase Case, List<JsonElement> Repeated, List<JsonElement> Cold)> _cases = [];

    /// <summary>An empty document of <paramref name="runner"/>'s runtime and machine, for <paramref name="profile"/>.</summary>
    /// <param name="runner">What the runner said of itself.</param>
    /// <param name="profile">The profile's name.</param>
    /// <param name="priming">The file's "priming": how each process primed (<see cref="RunnerProtocol.PrimingSentence"/> and the runtime's own note).</param>
    public RuntimeResultsDocument(RunnerDescription runner, string profile, string priming)
    {
        _priming = priming ?? throw new ArgumentNullException(nameof(priming));
        _runner = runner ?? throw new ArgumentNullException(nameof(runner));
        _profile = profile ?? throw new ArgumentNullException(nameof(profile));
    }

    /// <summary>The cases it holds.</summary>
    public int Count => _cases.Count;

    /// <summary>Adds a case that finished, with its bursts (at least one repeated).</summary>
    public void Add(PlannedCase planned, IReadOnlyList<JsonElement> repeated, IReadOnlyList<JsonElement> cold)
    {
        ArgumentNullException.ThrowIfNull(planned);
        ArgumentNullException.ThrowIfNull(repeated);
        ArgumentNullException.ThrowIfNull(cold);
        _cases.Add((planned, [.. repeated], [.. cold]));
    }

    /// <summary>The document as JSON (indented by one space, as the runners wrote it).</summary>
    public string ToJson(bool complete)
    {
        using var stream = new MemoryStream();
        using (var json = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true, IndentSize = 1, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            json.WriteStartObject();
            json.WriteString("format", RuntimeResults.Format);
            WriteOrdered(json, "runtime", _runner.RuntimeJson, ["name", "version", "detail"]);
            WriteOrdered(json, "machine", _runner.MachineJson, ["processor", "logicalCores", "os", "architecture"]);
            json.WriteString("profile", _profile);
            json.WriteString("priming", _priming);
            json.WriteString("peakRssScope", _runner.PeakRssScope);
            json.WriteBoolean("complete", complete);
            json.WriteStartArray("cases");
            foreach ((PlannedCase planned, List<JsonElement> repeated, List<JsonElement> cold) in _cases)
            {
                json.WriteStartObject();
                json.WriteString("type", planned.Case.Type);
                json.WriteString("method", planned.Case.Method);
                json.WriteString("label", planned.Label);
                json.WriteStartObject("parameters");
                foreach (KeyValuePair<string, int> parameter in planned.Case.Parameters)
                {
                    json.WriteNumber(parameter.Key, parameter.Value);
                }
                json.WriteEndObject();
                // A delay of one timer tick has no lower bound above zero: its case says none.
                if (planned.IdealSeconds > 0)
                {
                    json.WriteNumber("idealSeconds", Math.Round(planned.IdealSeconds, 9));
                }
                json.WriteStartArray("repeated");
                foreach (JsonElement burst in repeated)
                {
                    burst.WriteTo(json);
                }
                json.WriteEndArray();
                json.WriteStartArray("cold");
                foreach (JsonElement burst in cold)
                {
                    burst.WriteTo(json);
                }
                json.WriteEndArray();
                json.WriteEndObject();
            }
            json.WriteEndArray();
            json.WriteEndObject();
        }
        return Encoding.UTF8.GetString(stream.ToArray()) + "\n";
    }

    // An object as the runner gave it, its known fields in the format's order (a runner may print its keys in any order),
    // any other after them.
    private static void WriteOrdered(Utf8JsonWriter json, string name, string objectJson, string[] order)
    {
        using JsonDocument document = JsonDocument.Parse(objectJson);
        json.WriteStartObject(name);
        var fields = document.RootElement.EnumerateObject().ToList();
        foreach (JsonProperty field in fields.OrderBy(f => Array.IndexOf(order, f.Name) is int i && i >= 0 ? i : order.Length))
        {
            field.WriteTo(json);
        }
        json.WriteEndObject();
    }

    /// <summary>
    /// Writes the document to <paramref name="path"/> through <c>path.tmp</c> renamed into place (an interrupt leaves the
    /// previous whole file, never a half one).
    /// </summary>
    public void Write(string path, bool complete)
    {
        ArgumentNullException.ThrowIfNull(path);
        string temporary = path + ".tmp";
        Interruption.Track(temporary);
        try
        {
            File.WriteAllText(temporary, ToJson(complete));
            Interruption.Commit(() => File.Move(temporary, path, overwrite: true));
        }
        finally
        {
            if (File.Exists(temporary))
            {
                File.Delete(temporary);
            }
            Interruption.Untrack(temporary);
        }
    }
}
