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
        yield return Experiment(mine, hosts, CaseRole.ArticleDefaultExecutor, 13, "3, default executor", "1,000 blocking sleeps of 1 s on the default pool", "far longer, no figure", null,
            "the default pool has few workers and adds them slowly: don't hand it a thousand blocking calls.", "default-pool");
        yield return Experiment(mine, hosts, CaseRole.ArticleSleeps, 14, "4", "10,000 async sleeps of 1 s under gather", "about 1 s", ArticleSleepsNs,
            "ten thousand awaited waits cost no thread each: async scales where threads do not.", "sleeps");
    }

    // One experiment: the article's figure as the first row (where it gave one), then each runtime's median.
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
            rows.Add(new AnswerRow("the article (Python, its machine)", AnswerKind.Quoted, quoted, article));
        }
        var measured = new List<CaseStatistics>();
        foreach (HostInfo host in hosts.Take(AnswerChart.MaxRows - rows.Count))
        {
            CaseStatistics? s = ofRole.FirstOrDefault(c => c.Case.Host == host);
            AnswerKind kind = role switch
            {
                CaseRole.ArticleWorkerPerCall => AnswerKind.DedicatedPool,
                CaseRole.ArticleDefaultExecutor => AnswerKind.DefaultPool,
                _ => AnswerKind.Async,
            };
            rows.Add(Timed(s, ChartContext.Runtime(host), kind, s is { HasMedian: true } && role is CaseRole.ArticleWorkerPerCall or CaseRole.ArticleDefaultExecutor ? Threads(s) : null,
                missing: "not run by this runtime's runner"));
            if (s is { HasMedian: true })
            {
                measured.Add(s);
            }
        }
        if (measured.Count == 0)
        {
            return null;
        }
        double low = measured.Min(s => s.MedianNs), high = measured.Max(s => s.MedianNs);
        string ours = Format.Time(low) == Format.Time(high) ? $"{Format.Time(low)} on every runtime" : $"{Format.Time(low)} to {Format.Time(high)} across {Format.Plural(measured.Count, "runtime")}";
        string each = string.Join("; ", measured.Select(s => $"{s.Case.Host.RuntimeLabel} ({s.Model.Label}) {Median(s)}"));
        return new Answer($"The article's experiment {number}: {what}", $"the article: {article}; this run: {each}.", "Seed-time")
        {
            Plain = $"Experiment {number}, {char.ToLowerInvariant(what[0])}{what[1..]}: the article says {article}; this run measured {ours}.",
            ForCode = forCode,
            Order = order,
            // The article first, then the runtimes in the order every chart lists them.
            Figure = new AnswerFigure($"Answer-seed-{name}", $"{what}: {ours} (the article: {article})", "wall time", AnswerUnit.Time, rows, measured) { KeepOrder = true },
        };
    }
}
