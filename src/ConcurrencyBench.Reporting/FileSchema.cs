using System.Globalization;
using System.Text;
using System.Text.Json;

namespace ConcurrencyBench.Reporting;

/// <summary>
/// What one JSON value of a results file may be: its kind (a number, a whole number, text, true or false, an object
/// of named fields, a list, or a map of names to values), its range or length, and whether it may be null. Text is
/// never empty unless allowed, never longer than its bound and never holds a control character (nor a bidirectional
/// override, which reorders what a page shows). Built by <see cref="FileSchemas"/>, one per file kind; checked by
/// <see cref="FileSchema.Check"/>.
/// </summary>
public sealed class JsonRule
{
    internal enum Shape
    {
        Number,
        Integer,
        Text,
        Flag,
        Object,
        List,
        Map,
    }

    private JsonRule(Shape kind, string why)
    {
        Kind = kind;
        Why = why;
    }

    internal Shape Kind { get; }

    /// <summary>Why the value's range or length is what it is (printed when a value falls outside it).</summary>
    public string Why { get; }

    /// <summary>True when the value may be null (a field a run writes as null where it has nothing to say).</summary>
    public bool Nullable { get; private init; }

    internal double Min { get; private init; }

    internal double Max { get; private init; }

    internal bool AboveMin { get; private init; }

    internal int MinLength { get; private init; }

    internal int MaxLength { get; private init; }

    internal IReadOnlyList<string>? Values { get; private init; }

    internal Func<string, string?>? TextCheck { get; private init; }

    internal JsonRule? Items { get; private init; }

    internal IReadOnlyList<JsonField> Fields { get; private init; } = [];

    internal JsonRule? Keys { get; private init; }

    /// <summary>A finite number from <paramref name="min"/> to <paramref name="max"/> (above <paramref name="min"/> where <paramref name="aboveMin"/>).</summary>
    public static JsonRule Number(double min, double max, string why, bool aboveMin = false) =>
        new(Shape.Number, why) { Min = min, Max = max, AboveMin = aboveMin };

    /// <summary>A whole number (no fraction, no exponent) from <paramref name="min"/> to <paramref name="max"/>.</summary>
    public static JsonRule Whole(long min, long max, string why) =>
        new(Shape.Integer, why) { Min = min, Max = max };

    /// <summary>
    /// Text of <paramref name="minLength"/> to <paramref name="maxLength"/> characters without control characters;
    /// <paramref name="check"/>, where given, says what else is wrong with it (null: nothing).
    /// </summary>
    public static JsonRule Text(int maxLength, string why, int minLength = 0, Func<string, string?>? check = null) =>
        new(Shape.Text, why) { MinLength = minLength, MaxLength = maxLength, TextCheck = check };

    /// <summary>One of <paramref name="values"/>, exactly.</summary>
    public static JsonRule OneOf(string why, params string[] values) =>
        new(Shape.Text, why) { MaxLength = values.Max(v => v.Length), Values = values };

    /// <summary>true or false.</summary>
    public static JsonRule Flag(string why) => new(Shape.Flag, why);

    /// <summary>An object with <paramref name="fields"/> (others may be there: no reader reads them).</summary>
    public static JsonRule Record(params JsonField[] fields) => new(Shape.Object, "") { Fields = fields };

    /// <summary>A list of <paramref name="items"/> (its length is bounded by the file's, <see cref="Bounds.MaxFileBytes"/>).</summary>
    public static JsonRule List(JsonRule items) => new(Shape.List, "") { Items = items };

    /// <summary>An object whose names are <paramref name="keys"/> and whose values are <paramref name="values"/>.</summary>
    public static JsonRule Map(JsonRule keys, JsonRule values) => new(Shape.Map, "") { Keys = keys, Items = values };

    /// <summary>The same rule, null allowed too.</summary>
    public JsonRule OrNull() => new(Kind, Why)
    {
        Nullable = true, Min = Min, Max = Max, AboveMin = AboveMin, MinLength = MinLength, MaxLength = MaxLength,
        Values = Values, TextCheck = TextCheck, Items = Items, Fields = Fields, Keys = Keys,
    };

    /// <summary>The field rule <paramref name="name"/> of this object rule (for tests and the documentation).</summary>
    public JsonField? Field(string name) => Fields.FirstOrDefault(f => f.Name == name);

    /// <summary>The rule of this list's items, or of this map's values.</summary>
    public JsonRule? ItemRule => Items;
}

/// <summary>A named field of an object rule, required or not.</summary>
/// <param name="Name">The field's JSON name, exactly (case matters).</param>
/// <param name="Rule">What its value may be.</param>
/// <param name="Required">True when a file without it is refused.</param>
public sealed record JsonField(string Name, JsonRule Rule, bool Required);

/// <summary>
/// The one validation every reader of results files uses: a document is checked against its kind's rule
/// (<see cref="FileSchemas"/>) before anything computes with it, and what fails is one line naming the file, the
/// field (a path such as <c>machine.logicalCores</c> or <c>Benchmarks[2].Measurements[0].Nanoseconds</c>) and the value,
/// shown short and with control characters escaped so that the line stays one line.
/// </summary>
public static class FileSchema
{
    private sealed class Failure(string path, string problem) : Exception(problem)
    {
        public string Path { get; } = path;
    }

    /// <summary>Checks <paramref name="root"/> (the whole of <paramref name="file"/>) against <paramref name="rule"/>.</summary>
    /// <exception cref="ResultsFormatException">The first value that breaks it, named with its path and value.</exception>
    public static void Check(JsonElement root, JsonRule rule, string file)
    {
        ArgumentNullException.ThrowIfNull(rule);
        var path = new List<(string? Name, int Index)>();
        try
        {
            Walk(root, rule, path);
        }
        catch (Failure failure)
        {
            throw ResultsFormatException.For(file, failure.Path.Length == 0 ? $"the file {failure.Message}" : $"{failure.Path} {failure.Message}");
        }
    }

    /// <summary>Checks one line of a text file (<paramref name="path"/> names it, "line 3") against a text rule.</summary>
    /// <exception cref="ResultsFormatException">The line breaks the rule.</exception>
    public static void CheckText(string text, JsonRule rule, string file, string path)
    {
        ArgumentNullException.ThrowIfNull(text);
        ArgumentNullException.ThrowIfNull(rule);
        if (TextProblem(text, rule) is string problem)
        {
            throw Refuse(file, path, text, problem);
        }
    }

    /// <summary>
    /// The one line for a value that a reader's own check (one field against another) refuses, in the form
    /// <see cref="Check"/> gives: the file, the field's path, the value shown short, the problem.
    /// </summary>
    public static ResultsFormatException Refuse(string file, string path, object? value, string problem) =>
        ResultsFormatException.For(file, $"{path} = {Show(value)}: {problem}");

    /// <summary>A value as a refusal shows it: numbers invariant, text quoted, escaped and cut to 40 characters.</summary>
    public static string Show(object? value) => value switch
    {
        null => "null",
        string s => Quote(s),
        double d => d.ToString("R", CultureInfo.InvariantCulture),
        float f => f.ToString("R", CultureInfo.InvariantCulture),
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        _ => Escape(value.ToString() ?? ""),
    };

    /// <summary>
    /// <paramref name="text"/> with every control character, line separator and bidirectional control written as
    /// <c>\uXXXX</c>: a name from a file or a file's own name printed in one line of an error, a table or a chart stays
    /// one line and reads as it is stored.
    /// </summary>
    public static string Escape(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (!text.Any(IsForbidden))
        {
            return text;
        }
        var escaped = new StringBuilder(text.Length + 16);
        foreach (char c in text)
        {
            if (IsForbidden(c))
            {
                escaped.Append(CultureInfo.InvariantCulture, $"\\u{(int)c:X4}");
            }
            else
            {
                escaped.Append(c);
            }
        }
        return escaped.ToString();
    }

    /// <summary>
    /// True for what no name or line a run writes holds: control characters (C0, DEL, C1), the line and paragraph
    /// separators, and the bidirectional embeddings, overrides and isolates, which make a page show text in another
    /// order than it is stored ("Trojan Source", CVE-2021-42574).
    /// </summary>
    public static bool IsForbidden(char c) =>
        char.IsControl(c) || c is '\u2028' or '\u2029' || c is >= '\u202A' and <= '\u202E' || c is >= '\u2066' and <= '\u2069';

    private static string Quote(string text)
    {
        const int Shown = 40;
        string cut = text.Length > Shown ? text[..Shown] : text;
        return $"\"{Escape(cut)}{(text.Length > Shown ? "…" : "")}\"" + (text.Length > Shown ? $" ({text.Length:#,0} characters)" : "");
    }

    private static string PathOf(List<(string? Name, int Index)> path)
    {
        var text = new StringBuilder();
        foreach ((string? name, int index) in path)
        {
            if (name is null)
            {
                text.Append(CultureInfo.InvariantCulture, $"[{index}]");
            }
            else
            {
                text.Append(text.Length > 0 ? "." : "").Append(Escape(name.Length > 40 ? name[..40] + "…" : name));
            }
        }
        return text.ToString();
    }

    private static string Describe(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.String => TryString(value, out string? s) ? Quote(s!) : "text that is not valid UTF-16",
        JsonValueKind.Number => value.GetRawText().Length > 40 ? value.GetRawText()[..40] + "…" : value.GetRawText(),
        JsonValueKind.True => "true",
        JsonValueKind.False => "false",
        JsonValueKind.Null => "null",
        JsonValueKind.Object => "an object",
        JsonValueKind.Array => "a list",
        _ => "nothing",
    };

    private static bool TryString(JsonElement value, out string? text)
    {
        try
        {
            text = value.GetString();
            return text is not null;
        }
        catch (InvalidOperationException)
        {
            // A lone surrogate escaped in the file ("\ud800"): System.Text.Json will not make a string of it.
            text = null;
            return false;
        }
    }

    private static string Expected(JsonRule rule) => rule.Kind switch
    {
        JsonRule.Shape.Number => "a number",
        JsonRule.Shape.Integer => "a whole number",
        JsonRule.Shape.Text => "text",
        JsonRule.Shape.Flag => "true or false",
        JsonRule.Shape.Object or JsonRule.Shape.Map => "an object",
        _ => "a list",
    } + (rule.Nullable ? " or null" : "");

    private static string Range(JsonRule rule)
    {
        static string N(double v) => Math.Abs(v) >= 1e15 ? v.ToString("0.###e0", CultureInfo.InvariantCulture) : v.ToString("#,0.###", CultureInfo.InvariantCulture);
        string low = rule.AboveMin ? $"above {N(rule.Min)}" : $"from {N(rule.Min)}";
        return $"{low} to {N(rule.Max)}";
    }

    private static void Fail(List<(string? Name, int Index)> path, JsonElement value, string problem) =>
        throw new Failure(PathOf(path), $"= {Describe(value)}: {problem}");

    private static void Walk(JsonElement value, JsonRule rule, List<(string? Name, int Index)> path)
    {
        if (value.ValueKind == JsonValueKind.Null)
        {
            if (!rule.Nullable)
            {
                Fail(path, value, $"must be {Expected(rule)}");
            }
            return;
        }
        switch (rule.Kind)
        {
            case JsonRule.Shape.Number:
                if (value.ValueKind != JsonValueKind.Number)
                {
                    Fail(path, value, $"must be {Expected(rule)}");
                }
                if (!value.TryGetDouble(out double number) || !double.IsFinite(number))
                {
                    Fail(path, value, "not a finite number");
                }
                if ((rule.AboveMin ? number <= rule.Min : number < rule.Min) || number > rule.Max)
                {
                    Fail(path, value, $"impossible: {rule.Why} ({Range(rule)})");
                }
                break;
            case JsonRule.Shape.Integer:
                if (value.ValueKind != JsonValueKind.Number)
                {
                    Fail(path, value, $"must be {Expected(rule)}");
                }
                if (!value.TryGetInt64(out long whole))
                {
                    Fail(path, value, "not a whole number" + (value.TryGetDouble(out double d) && double.IsFinite(d) && Math.Abs(d) < 1e18 ? "" : $": impossible: {rule.Why} ({Range(rule)})"));
                }
                if (whole < rule.Min || whole > rule.Max)
                {
                    Fail(path, value, $"impossible: {rule.Why} ({Range(rule)})");
                }
                break;
            case JsonRule.Shape.Text:
                if (value.ValueKind != JsonValueKind.String)
                {
                    Fail(path, value, $"must be {Expected(rule)}");
                }
                if (!TryString(value, out string? text))
                {
                    Fail(path, value, "not text a run writes (an unpaired surrogate)");
                }
                if (TextProblem(text!, rule) is string problem)
                {
                    Fail(path, value, problem);
                }
                break;
            case JsonRule.Shape.Flag:
                if (value.ValueKind is not (JsonValueKind.True or JsonValueKind.False))
                {
                    Fail(path, value, $"must be {Expected(rule)}");
                }
                break;
            case JsonRule.Shape.Object:
                if (value.ValueKind != JsonValueKind.Object)
                {
                    Fail(path, value, $"must be {Expected(rule)}");
                }
                WalkObject(value, rule, path);
                break;
            case JsonRule.Shape.Map:
                if (value.ValueKind != JsonValueKind.Object)
                {
                    Fail(path, value, $"must be {Expected(rule)}");
                }
                var names = new HashSet<string>(StringComparer.Ordinal);
                foreach (JsonProperty property in value.EnumerateObject())
                {
                    path.Add((property.Name, 0));
                    if (!names.Add(property.Name))
                    {
                        throw new Failure(PathOf(path), "is given twice");
                    }
                    if (TextProblem(property.Name, rule.Keys!) is string keyProblem)
                    {
                        throw new Failure(PathOf(path), $"(a name): {keyProblem}");
                    }
                    Walk(property.Value, rule.Items!, path);
                    path.RemoveAt(path.Count - 1);
                }
                break;
            case JsonRule.Shape.List:
                if (value.ValueKind != JsonValueKind.Array)
                {
                    Fail(path, value, $"must be {Expected(rule)}");
                }
                int index = 0;
                foreach (JsonElement item in value.EnumerateArray())
                {
                    path.Add((null, index++));
                    Walk(item, rule.Items!, path);
                    path.RemoveAt(path.Count - 1);
                }
                break;
        }
    }

    // What is wrong with a text value (or a map's name), or null.
    private static string? TextProblem(string text, JsonRule rule)
    {
        if (rule.Values is { } values && !values.Contains(text, StringComparer.Ordinal))
        {
            return $"must be {string.Join(" or ", values.Select(v => $"\"{v}\""))} ({rule.Why})";
        }
        if (text.Length < rule.MinLength)
        {
            return rule.MinLength == 1 ? $"empty ({rule.Why})" : $"shorter than {rule.MinLength} characters ({rule.Why})";
        }
        if (text.Length > rule.MaxLength)
        {
            return $"longer than any a run writes ({rule.MaxLength:#,0} characters: {rule.Why})";
        }
        for (int i = text.AsSpan().IndexOfAnyExcept(s_printable); i >= 0 && i < text.Length; i++)
        {
            if (IsForbidden(text[i]))
            {
                return $"holds the control character U+{(int)text[i]:X4}, which no run writes";
            }
        }
        return rule.TextCheck?.Invoke(text);
    }

    // Printable ASCII: the text of almost every value, checked for forbidden characters only past it.
    private static readonly System.Buffers.SearchValues<char> s_printable = System.Buffers.SearchValues.Create(
        [.. Enumerable.Range(0x20, 0x7F - 0x20).Select(i => (char)i)]);

    private static void WalkObject(JsonElement value, JsonRule rule, List<(string? Name, int Index)> path)
    {
        IReadOnlyList<JsonField> fields = rule.Fields;
        Span<int> seen = fields.Count <= 64 ? stackalloc int[fields.Count] : new int[fields.Count];
        foreach (JsonProperty property in value.EnumerateObject())
        {
            for (int i = 0; i < fields.Count; i++)
            {
                if (property.NameEquals(fields[i].Name))
                {
                    if (++seen[i] > 1)
                    {
                        path.Add((fields[i].Name, 0));
                        throw new Failure(PathOf(path), "is given twice (which of the two was measured cannot be told)");
                    }
                    break;
                }
            }
        }
        for (int i = 0; i < fields.Count; i++)
        {
            JsonField field = fields[i];
            path.Add((field.Name, 0));
            if (seen[i] == 0)
            {
                if (field.Required)
                {
                    throw new Failure(PathOf(path), "is missing");
                }
            }
            else
            {
                Walk(value.GetProperty(field.Name), field.Rule, path);
            }
            path.RemoveAt(path.Count - 1);
        }
    }
}
