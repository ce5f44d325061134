using static ConcurrencyBench.Reporting.AnswerRows;
using static ConcurrencyBench.Reporting.FindingText;

namespace ConcurrencyBench.Reporting;

/// <summary>
/// The seed family's answers: each of the article's four experiments, with the article's own figure beside ours on
/// every runtime the run holds.
/// </summary>
public sealed partial class SeedFamily
{
    // The article's own figures (../shared/seed: "총 5초", "약 1초"): quoted, not measured; its experiment 2 is the
    // blocking twin of experiment 1, "about 5 s".
    private const double ArticleTwoWaitsNs = 5e9, ArticleWorkersNs = 1e9, ArticleSleepsNs = 1e9;

    /// <inheritdoc/>
    public override IEnumerable<Answer?> Answers(IReadOnlyList<CaseStatistics> cases, ResultSet? results, IReadOnlyList<CaseStatistics> primary, IReadOnlyList<CaseStatistics> all)
    {
        ArgumentNullException.ThrowIfNull(all);
        var mine = all.Where(s => s.Model.Family is SeedFamily).ToList();
        if (mine.Count == 0)
        {
            yield break;
        }
        var hosts = ChartPalette.InRuntimeOrder(mine.Select(s => s.Case.Host).Distinct()).ToList();
        yield return Experiment(mine, hosts, CaseRole.ArticleTwoWaits, 10, "1", "Two async sleeps of 5 s and 4 s under gather", "5 s", ArticleTwoWaitsNs,
            "two awaited waits take as long as the longer one: start them together (`Task.WhenAll`), don't await one after the other.", "two-waits");
        yield return new Answer("The article's experiment 2: two blocking sleeps of 5 s and 4 s offloaded with run_in_executor(None)",
            "the seed profile runs no such case, so this report has no figure for it (the article's: about 5 s).")
        {
            Plain = "Experiment 2 (two blocking sleeps of 5 s and 4 s offloaded with `run_in_executor(None)`; the article: about 5 s) is not measured by this suite's seed profile.",
            Order = 11,
        };
        yield return Experiment(mine, hosts, CaseRole.ArticleWorkerPerCall, 12, "3", "1,000 blocking sleeps of 1 s on 1,000 workers", "about 1 s", ArticleWorkersNs,
            "a pool with a worker per blocking call finishes in about one call's time, at the cost of a thread each.", "workers");
        yield return Experiment(mine, hosts, CaseRole.ArticleDefaultExecutor, 13, "3, default executor", "1,000 blocking sleeps of 1 s on each runtime's default pool", "far longer", null,
            "the default pool has few workers and adds them slowly: don't hand it a thousand blocking calls.", "default-pool");
        yield return Experiment(mine, hosts, CaseRole.ArticleSleeps, 14, "4", "10,000 async sleeps of 1 s under gather", "about 1 s", ArticleSleepsNs,
            "ten thousand awaited waits cost no thread each: async scales where threads do not.", "sleeps");
    }

    // The article the seed profile re-runs, as a reader who has never seen it needs it named.
    private const string Tutorial = "the asyncio tutorial";

    // One experiment: the article's figure as the first row (where it gave one), then each runtime's median, the
    // fastest first, and the runtimes without a figure last, each saying why.
    private static Answer? Experiment(IReadOnlyList<CaseStatistics> mine, IReadOnlyList<HostInfo> hosts, CaseRole role, int order, string number, string what,
        string article, double? articleNs, string forCode, string name)
    {
        var ofRole = mine.Where(s => s.Plays(role)).ToList();
        if (ofRole.Count == 0)
        {
            return null;
        }
        var rows = new List<AnswerRow>();
        if (articleNs is double quoted)
        {
            rows.Add(new AnswerRow($"{Tutorial} (Python, its author's machine)", AnswerKind.Quoted, quoted, article));
        }
        var measured = new List<CaseStatistics>();
        var runtimeRows = new List<AnswerRow>();
        foreach (HostInfo host in hosts.Take(AnswerChart.MaxRows - rows.Count))
        {
            CaseStatistics? s = ofRole.FirstOrDefault(c => c.Case.Host == host);
            AnswerKind kind = role switch
            {
                CaseRole.ArticleWorkerPerCall => AnswerKind.DedicatedPool,
                CaseRole.ArticleDefaultExecutor => AnswerKind.DefaultPool,
                _ => AnswerKind.Async,
            };
            // The default pool is a different thing on each runtime: its row says which.
            string label = role == CaseRole.ArticleDefaultExecutor ? $"{ChartContext.Runtime(host)}: {DefaultPoolOf(host)}" : ChartContext.Runtime(host);
            runtimeRows.Add(Timed(s, label, kind, s is { HasMedian: true } && role is CaseRole.ArticleWorkerPerCall or CaseRole.ArticleDefaultExecutor ? $"peak {Threads(s)}" : null,
                missing: "not measured in this run"));
            if (s is { HasMedian: true })
            {
                measured.Add(s);
            }
        }
        if (measured.Count == 0)
        {
            return null;
        }
        rows.AddRange(runtimeRows.OrderBy(r => r.Value is null ? 1 : 0).ThenBy(r => r.Value ?? 0));
        double low = measured.Min(s => s.MedianNs), high = measured.Max(s => s.MedianNs);
        string ours = Format.Time(low) == Format.Time(high) ? $"{Format.Time(low)} on every runtime" : $"{Format.Time(low)} to {Format.Time(high)} across {Format.Plural(measured.Count, "runtime")}";
        string each = string.Join("; ", measured.Select(s => $"{s.Case.Host.RuntimeLabel} ({s.Model.Label}) {Median(s)}"));
        string quotedText = articleNs is null ? $"{Tutorial} says only \"{article}\"" : $"{Tutorial}'s figure: {article}";
        return new Answer($"The article's experiment {number}: {what}", $"the article: {article}; this run: {each}.", "Seed-time")
        {
            Plain = $"Experiment {number}, {char.ToLowerInvariant(what[0])}{what[1..]}: the article says {article}; this run measured {ours}.",
            ForCode = forCode,
            Order = order,
            // The article first, then the runtimes, the fastest first.
            Figure = new AnswerFigure($"Answer-seed-{name}", $"{what}: {Standouts(measured)} ({quotedText})", "wall time", AnswerUnit.Time, rows, measured) { KeepOrder = true },
        };
    }

    // What each runtime's default pool is, in its own words.
    private static string DefaultPoolOf(HostInfo host) => ChartPalette.RuntimeOf(host) switch
    {
        ChartRuntime.DotNetJit or ChartRuntime.NativeAot => "ThreadPool defaults",
        ChartRuntime.Python => "default executor",
        ChartRuntime.NodeJs => "piscina's default pool",
        ChartRuntime.Go => "a goroutine each",
        ChartRuntime.Rust => "spawn_blocking pool",
        _ => "default pool",
    };

    // The runtimes' figures as a reader takes them in: those within 1.5x of each other as one group, each group named
    // (a runtime alone by its name, one family by its name, else the count of runtimes), the fastest first:
    // "Go 1.11 s, Rust tokio 2.01 s, .NET 80.4–91.9 s, Python 167 s"; "1.02–1.12 s on 5 runtimes, Node.js 2.38 s".
    private static string Standouts(IReadOnlyList<CaseStatistics> measured)
    {
        var sorted = measured.OrderBy(s => s.MedianNs).ToList();
        if (Format.Time(sorted[0].MedianNs) == Format.Time(sorted[^1].MedianNs))
        {
            return $"{Format.Time(sorted[0].MedianNs)} on every runtime";
        }
        var groups = new List<List<CaseStatistics>> { new() { sorted[0] } };
        for (int i = 1; i < sorted.Count; i++)
        {
            if (sorted[i].MedianNs > sorted[i - 1].MedianNs * 1.5)
            {
                groups.Add([]);
            }
            groups[^1].Add(sorted[i]);
        }
        if (groups.Count == 1)
        {
            return $"{Format.Time(sorted[0].MedianNs)} to {Format.Time(sorted[^1].MedianNs)} across {Format.Plural(sorted.Count, "runtime")}";
        }
        static string Range(List<CaseStatistics> g)
        {
            string from = Format.Time(g[0].MedianNs), to = Format.Time(g[^1].MedianNs);
            int unit = from.LastIndexOf(' ');
            return from == to ? from
                : unit > 0 && to.EndsWith(from[unit..], StringComparison.Ordinal) ? $"{from[..unit]}–{to}" : $"{from}–{to}";
        }
        string Named(List<CaseStatistics> g)
        {
            var families = g.Select(s => AnswerChart.Family(s.Case.Host)).Distinct().ToList();
            bool whole = families.Count == 1 && measured.All(s => AnswerChart.Family(s.Case.Host) != families[0] || g.Contains(s));
            string one = AnswerChart.Family(g[0].Case.Host);
            if (g.Count == 1 && !whole)
            {
                one = ChartPalette.RuntimeOf(g[0].Case.Host) == ChartRuntime.NativeAot ? "NativeAOT .NET" : ".NET JIT";
            }
            return g.Count == 1 ? $"{one} {Range(g)}"
                : whole ? $"{families[0]} {Range(g)}"
                : $"{Range(g)} on {g.Count} runtimes";
        }
        return string.Join(", ", groups.Select(Named));
    }
}
