using ConcurrencyBench.Models;

namespace ConcurrencyBench.Reporting;

/// <summary>What the report knows about one benchmark method: its family, its legend label and its ideal time.</summary>
/// <param name="Family">The family whose section, charts and findings show it.</param>
/// <param name="Group">Its benchmark class's group within the family (the <c>Family</c> column of <c>statistics.csv</c>).</param>
/// <param name="Label">The model's name in legends and tables, as the README names it.</param>
/// <param name="Order">Position in legends and the palette (stable across charts).</param>
/// <param name="Ideal">The ideal time of one operation for a case (null where none applies).</param>
public sealed record ModelInfo(ReportFamily Family, string Group, string Label, int Order, Func<CaseResult, TimeSpan?> Ideal);

/// <summary>
/// Maps the benchmark classes and methods (the results' permanent IDs) to what their families declare
/// (<see cref="ReportFamily.Classes"/>, <see cref="ReportFamily.Models"/>); the ideals come from the models of
/// ConcurrencyBench.Models (<see cref="IConcurrencyModel.IdealTime"/>).
/// </summary>
public static class ModelCatalog
{
    private static readonly Lazy<(Dictionary<(string Type, string Method), ModelInfo> Models, Dictionary<string, BenchmarkClass> Classes)> s_catalog =
        new(() => Build(ReportFamilies.All));

    /// <summary>
    /// What is known of <paramref name="result"/>'s method; a generic entry (family "Other") for unknown cases. A
    /// parameter that no column of the case's table shows (a class's own, such as Size) is part of its label, so that
    /// its rows and series stay apart: "Sort (Size: 256)".
    /// </summary>
    public static ModelInfo For(CaseResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        bool known = s_catalog.Value.Models.TryGetValue((result.Type, result.Method), out ModelInfo? info);
        IReadOnlyList<string> shown = known ? RequiredParameters(result.Type) : s_otherColumns;
        string extra = string.Join(", ", result.Parameters.Where(p => !shown.Contains(p.Key, StringComparer.Ordinal)).Select(p => $"{p.Key}: {p.Value}"));
        string Labelled(string label) => extra.Length > 0 ? $"{label} ({extra})" : label;
        return known
            // Another runtime's form of the same load keeps its family, group and ideal, under its own name.
            ? info! with { Label = Labelled(result.Label is { Length: > 0 } label ? label : info!.Label) }
            : new ModelInfo(ReportFamilies.Other, ReportFamilies.Other.Name, Labelled(result.Method), 10, _ => null);
    }

    // The parameters the table of cases no family declares has columns for (N, k and d).
    private static readonly string[] s_otherColumns = ["N", "K", "DelayMs"];

    /// <summary>What a family declares for a benchmark method; null when no family does.</summary>
    public static ModelInfo? Declared(string type, string method) =>
        s_catalog.Value.Models.TryGetValue((type, method), out ModelInfo? info) ? info : null;

    /// <summary>The parameters every case of a benchmark class carries; a case without one is a corrupt file.</summary>
    public static IReadOnlyList<string> RequiredParameters(string type) =>
        s_catalog.Value.Classes.TryGetValue(type, out BenchmarkClass? declared) ? declared.RequiredParameters : [];

    /// <summary>The load of a case from its N and DelayMs parameters; null when it has none.</summary>
    public static Load? LoadOf(CaseResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        return result.IntParameter("N") is int n && result.IntParameter("DelayMs") is int d ? Load.FromMilliseconds(n, d) : null;
    }

    /// <summary>The ideal of <paramref name="model"/> at a case's load.</summary>
    public static TimeSpan? Ideal(IConcurrencyModel model, CaseResult result)
    {
        ArgumentNullException.ThrowIfNull(model);
        return LoadOf(result) is Load load ? model.IdealTime(load) : null;
    }

    /// <summary>The ideal with exactly k workers, ceil(N/k)·d, from a case's K parameter.</summary>
    public static TimeSpan? WorkersIdeal(CaseResult result) =>
        LoadOf(result) is Load load && result.IntParameter("K") is int k and > 0 ? load.IdealWithWorkers(k) : null;

    /// <summary>
    /// The ideal on the default pool: its default minimum is the benchmark machine's core count (the models' own
    /// ideal reads the minimum of the process it runs in, which is not the benchmark's process here).
    /// </summary>
    public static TimeSpan? PoolIdeal(CaseResult result) =>
        LoadOf(result) is Load load ? load.IdealWithWorkers(Math.Max(1, result.Host.LogicalCores)) : null;

    // Two families may not claim one class or one method: the results' IDs must map to one place.
    internal static (Dictionary<(string Type, string Method), ModelInfo> Models, Dictionary<string, BenchmarkClass> Classes) Build(IEnumerable<ReportFamily> families)
    {
        var models = new Dictionary<(string, string), ModelInfo>();
        var classes = new Dictionary<string, BenchmarkClass>(StringComparer.Ordinal);
        foreach (ReportFamily family in families)
        {
            foreach (BenchmarkClass declared in family.Classes)
            {
                if (!classes.TryAdd(declared.Type, declared))
                {
                    throw new InvalidOperationException($"benchmark class {declared.Type} is declared by two families");
                }
            }
            foreach (ModelDeclaration model in family.Models)
            {
                BenchmarkClass owner = family.Classes.FirstOrDefault(c => c.Type == model.Type)
                    ?? throw new InvalidOperationException($"{family.Name} declares {model.Type}.{model.Method} but not its class");
                if (!models.TryAdd((model.Type, model.Method), new ModelInfo(family, owner.Group, model.Label, model.Order, model.Ideal)))
                {
                    throw new InvalidOperationException($"{model.Type}.{model.Method} is declared twice");
                }
            }
        }
        return (models, classes);
    }
}
