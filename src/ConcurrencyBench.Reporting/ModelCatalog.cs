using ConcurrencyBench.Models;

namespace ConcurrencyBench.Reporting;

/// <summary>What the report knows about one benchmark method: its family, its legend label and its ideal time.</summary>
/// <param name="Family">The family whose section, charts and findings show it.</param>
/// <param name="Group">Its benchmark class's group within the family (the <c>Family</c> column of <c>statistics.csv</c>).</param>
/// <param name="Label">The model's name in legends and tables, as the README names it.</param>
/// <param name="Order">Position in legends and the palette (stable across charts).</param>
/// <param name="Ideal">The ideal time of one operation for a case: a lower bound no burst can beat (null where none applies).</param>
public sealed record ModelInfo(ReportFamily Family, string Group, string Label, int Order, Func<CaseResult, TimeSpan?> Ideal)
{
    /// <summary>How the ideal is computed, for legends and tables ("d", "ceil(N/k)·d", "N·d"); empty where there is none.</summary>
    public string IdealText { get; init; } = "";

    /// <summary>
    /// A reference time that is not a bound (the pool's time without injecting a thread, which injection beats), with
    /// <see cref="ReferenceText"/> naming it; null where the model has none.
    /// </summary>
    public Func<CaseResult, TimeSpan?>? Reference { get; init; }

    /// <summary>The reference's name ("no thread injection: ceil(N/cores)·d").</summary>
    public string ReferenceText { get; init; } = "";
}

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
    /// What is known of <paramref name="result"/>'s method; a generic entry (family "Other") for unknown cases. An unknown
    /// case's parameters that no column of its table shows (N, k and d are columns; a class's own, such as Size, are
    /// not) are part of its label, so that its rows stay apart: "Sort (Size: 256)". A family knows its own parameters.
    /// </summary>
    public static ModelInfo For(CaseResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        if (s_catalog.Value.Models.TryGetValue((result.Type, result.Method), out ModelInfo? info))
        {
            // Another runtime's form of the same load keeps its family, group and ideal, under its own name.
            return result.Label is { Length: > 0 } label ? info with { Label = label } : info;
        }
        string extra = string.Join(", ", result.Parameters.Where(p => !s_otherColumns.Contains(p.Key, StringComparer.Ordinal)).Select(p => $"{p.Key}: {p.Value}"));
        return new ModelInfo(ReportFamilies.Other, ReportFamilies.Other.Name, extra.Length > 0 ? $"{result.Method} ({extra})" : result.Method, 10, _ => null);
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

    /// <summary>
    /// The ideal of a model whose waits are the runtime's timers (<c>Task.Delay</c>): its structure's ideal less one tick
    /// of the clock the timers read (<see cref="CaseResult.TimerTickMs"/>), since a delay of d can end that much early
    /// as the burst's high-resolution stopwatch measures it (measured here: <c>Task.Delay(100 ms)</c> in 96.5 ms with a
    /// 4 ms tick). Without a recorded tick, the structure's ideal.
    /// </summary>
    public static TimeSpan? TimerIdeal(IConcurrencyModel model, CaseResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        return Ideal(model, result) is TimeSpan ideal ? LessOneTick(ideal, result) : null;
    }

    /// <summary><paramref name="ideal"/> less one timer tick of <paramref name="result"/>'s process (never below zero).</summary>
    public static TimeSpan LessOneTick(TimeSpan ideal, CaseResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        TimeSpan tick = TimeSpan.FromMilliseconds(result.TimerTickMs ?? 0);
        return ideal > tick ? ideal - tick : TimeSpan.Zero;
    }

    /// <summary>The ideal with exactly k workers, ceil(N/k)·d, from a case's K parameter.</summary>
    public static TimeSpan? WorkersIdeal(CaseResult result) =>
        LoadOf(result) is Load load && result.IntParameter("K") is int k and > 0 ? load.IdealWithWorkers(k) : null;

    /// <summary>
    /// The .NET thread pool's default maximum worker threads (<c>ThreadPool.GetMaxThreads</c>: 32,767 on 64-bit
    /// runtimes): the most threads a pool that injects may run at once.
    /// </summary>
    public const int DefaultMaxPoolThreads = 32_767;

    /// <summary>
    /// The ideal of a pool that may inject threads (the default pool, a raised minimum below N, sync-over-async in the
    /// pool): d·ceil(N/max threads), a bound no burst can beat (d for any N up to 32,767). The models' own ideal reads
    /// the maximum of the process it runs in, which is not the benchmark's process here.
    /// </summary>
    public static TimeSpan? InjectingPoolIdeal(CaseResult result) =>
        LoadOf(result) is Load load ? load.IdealWithWorkers(DefaultMaxPoolThreads) : null;

    /// <summary>
    /// What the pool would take without injecting a thread: ceil(N/cores)·d at the default minimum (the benchmark
    /// machine's core count), ceil(N/k)·d with the minimum raised to k. A reference the pool beats by injecting, never an ideal.
    /// </summary>
    public static TimeSpan? NoInjectionReference(CaseResult result) =>
        LoadOf(result) is Load load
            ? load.IdealWithWorkers(result.IntParameter("K") is int k and > 0 ? k : Math.Max(1, result.Host.LogicalCores))
            : null;

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
                var info = new ModelInfo(family, owner.Group, model.Label, model.Order, model.Ideal)
                {
                    IdealText = model.IdealText,
                    Reference = model.Reference,
                    ReferenceText = model.ReferenceText,
                };
                if (!models.TryAdd((model.Type, model.Method), info))
                {
                    throw new InvalidOperationException($"{model.Type}.{model.Method} is declared twice");
                }
            }
        }
        return (models, classes);
    }
}
