using System.Text.RegularExpressions;

namespace ConcurrencyBench.Reporting.Runtimes;

/// <summary>
/// BenchmarkDotNet's case selection, for every runtime: <c>--filter</c> globs and <c>--anyCategories</c>/<c>--allCategories</c>,
/// applied to the .NET twin's full name and category, so that a filtered run runs the same cases on every runtime.
/// </summary>
/// <param name="Globs">
/// --filter patterns: '*' any text, '?' one character, matched case-insensitively against the whole full name with its
/// parameters or the whole name without them (BenchmarkDotNet's GlobFilter: "*TaskDelayWhenAll" selects every N, while
/// "ConcurrencyBench.Benchmarks.BlockingCalls.Seq" selects nothing). None: every case.
/// </param>
/// <param name="AnyCategories">A case is run when its category is one of these; none: every case.</param>
/// <param name="AllCategories">A case is run when every one of these is its category; none: every case.</param>
public sealed record CaseFilter(IReadOnlyList<string> Globs, IReadOnlyList<string> AnyCategories, IReadOnlyList<string> AllCategories)
{
    /// <summary>Every case.</summary>
    public static CaseFilter None { get; } = new([], [], []);

    /// <summary>
    /// The benchmark classes' categories (their [BenchmarkCategory] in benchmarks/ConcurrencyBench.Benchmarks, whose
    /// names are Categories.cs's; a test checks this table against those attributes).
    /// </summary>
    public static IReadOnlyDictionary<string, string> Categories { get; } = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["AsyncDelays"] = "AsyncDelays",
        ["DefaultPoolOffload"] = "Offload",
        ["MaxWorkersOffload"] = "Offload",
        ["BlockingCalls"] = "Blocking",
        ["PoolStarvation"] = "Blocking",
        ["SeedExperiments"] = "Seed",
        ["ChatServerLoad"] = "Chat",
    };

    /// <summary>Whether any selection was asked for.</summary>
    public bool Any => Globs.Count > 0 || AnyCategories.Count > 0 || AllCategories.Count > 0;

    /// <summary>Whether the run takes <paramref name="c"/>.</summary>
    public bool Selects(RunnerCase c)
    {
        ArgumentNullException.ThrowIfNull(c);
        string category = Categories.TryGetValue(c.Type, out string? known) ? known : "";
        return (Globs.Count == 0 || GlobMatches(Globs, c.FullName) || GlobMatches(Globs, $"ConcurrencyBench.Benchmarks.{c.Type}.{c.Method}"))
            && (AnyCategories.Count == 0 || AnyCategories.Contains(category, StringComparer.Ordinal))
            && (AllCategories.Count == 0 || AllCategories.All(a => a == category));
    }

    /// <summary>Whether a --filter pattern matches <paramref name="name"/> whole (see <see cref="Globs"/>).</summary>
    public static bool GlobMatches(IEnumerable<string> patterns, string name)
    {
        ArgumentNullException.ThrowIfNull(patterns);
        foreach (string pattern in patterns)
        {
            string regex = "^" + Regex.Escape(pattern).Replace(@"\*", ".*", StringComparison.Ordinal).Replace(@"\?", ".", StringComparison.Ordinal) + "$";
            if (Regex.IsMatch(name, regex, RegexOptions.IgnoreCase | RegexOptions.CultureInvariant | RegexOptions.Singleline))
            {
                return true;
            }
        }
        return false;
    }
}
