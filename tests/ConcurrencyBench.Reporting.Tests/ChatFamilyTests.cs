using System.Text;
using System.Text.RegularExpressions;
using ConcurrencyBench.Models;

namespace ConcurrencyBench.Reporting.Tests;

public partial class ChatFamilyTests
{
    [GeneratedRegex("<text[^>]*>(?<text>[^<]*)</text>")]
    private static partial Regex SvgText();

    // A chat case of 4 bursts (p99 per burst as its measurements) with the given latencies (µs) per burst on its timeline.
    private static (CaseStatistics Stats, ResultSet Results) Case(string method, int clients, int[][] bursts, int lostInLast = 0)
    {
        double[] p99s = [.. bursts.Select(b => ChatBurst.Percentile(b, 0.99) * 1000)];
        CaseResult result = StatisticsTests.CaseWith(p99s, "ChatServerLoad", method, $"C={clients}") with
        {
            FullName = $"ConcurrencyBench.Benchmarks.ChatServerLoad.{method}(C: {clients})",
        };
        var marks = bursts.Select((b, i) => new BurstMark(i * 1000.0, 20, 10, p99s[i], 0,
            new ChatBurst(b, b.Length + (i == bursts.Length - 1 ? lostInLast : 0), b.Length, 500))).ToList();
        var timeline = new ThreadPoolTimeline(result.FullName, 20, 1, [], "Repeated", marks);
        var results = new ResultSet([result], new Dictionary<(HostInfo?, BurstKind, string), ThreadPoolTimeline> { [(result.Host, result.Bursts, result.FullName)] = timeline }, []);
        return (CaseStatistics.Of(result), results);
    }

    [Fact]
    public void TheSummaryDescribesTheBurstsAfterTheFirstP50MaxThroughputAndLostLines()
    {
        // Burst 1 (cold) is slow and left out; bursts 2-4 have p50s 2, 3 and 4 ms, a largest latency of 9 ms, and the
        // last lost 5 lines; each delivered its lines in 500 ms.
        int[][] bursts = [[50_000, 60_000, 70_000], [1_000, 2_000, 9_000], [2_000, 3_000, 4_000], [3_000, 4_000, 5_000]];
        var (stats, results) = Case("AsyncSockets", 1000, bursts, lostInLast: 5);

        ChatSummary summary = ChatSummary.Of(stats, results)!;

        Assert.Equal(3, summary.Bursts);
        Assert.Equal(3e6, summary.P50Ns, 6);
        Assert.Equal(9e6, summary.MaxNs);
        Assert.Equal(5, summary.Lost);
        Assert.Equal(6, summary.LinesPerSecond, 9);
        Assert.Equal(9, summary.LatenciesNs.Count);
        Assert.Equal(2, ChatBurst.Percentile([1, 2, 3, 4], 0.5));
        Assert.Equal(4, ChatBurst.Percentile([1, 2, 3, 4], 0.99));
    }

    [Fact]
    public void TheDistributionChartDrawsAModelsLatenciesAndNamesItsLinesAndBursts()
    {
        using var files = new TestFiles();
        int[] burst = [.. Enumerable.Range(1, 100).Select(i => i * 100)]; // 100 µs to 10 ms
        var (stats, results) = Case("EventLoop", 100, [burst, burst, burst]);

        ChartFile chart = ChatFamily.LatencyDistribution(new ChartContext(["test"]), [stats], results, 100, files.Root)!;

        Assert.Equal("Chat-latency-C100", chart.Name);
        string svg = File.ReadAllText(chart.SvgPath);
        // The legend names the model and its lines; the subtitle, the bursts they came from (the warm ones: 2..n).
        Assert.Contains("single-thread event loop (200 lines)", svg, StringComparison.Ordinal);
        Assert.Contains("every line's latency from 2 warm bursts (2..n of one process)", string.Join(" ", chart.Subtitle), StringComparison.Ordinal);
        var labels = SvgText().Matches(svg).Select(m => m.Groups["text"].Value.Trim()).ToList();
        // The time axis spans 100 µs to 10 ms with labels in their own units; the fraction axis 0 to 1.
        Assert.Contains("1 ms", labels);
        Assert.Contains("100 µs", labels);
        Assert.Contains("0.5", labels);
        Assert.Contains("1", labels);
    }

    [Fact]
    public void TheSectionGivesEachModelsP99P50ThroughputAndLostLinesAndTheFindingNamesThem()
    {
        int[][] fast = [[9_000], [1_000, 2_000, 3_000], [1_000, 2_000, 3_000], [1_000, 2_000, 3_000]];
        int[][] slow = [[90_000], [100_000, 200_000, 300_000], [100_000, 200_000, 300_000], [100_000, 200_000, 300_000]];
        var (a, ra) = Case("AsyncSockets", 1000, fast);
        var (t, rt) = Case("ThreadPerConnection", 1000, slow);
        var results = new ResultSet([a.Case, t.Case], ra.Timelines.Concat(rt.Timelines).ToDictionary(), []);
        var family = new ChatFamily();

        var md = new StringBuilder();
        family.WriteSection(md, [a, t], [], results);
        string[] rows = [.. md.ToString().Split('\n').Where(l => l.StartsWith("| async", StringComparison.Ordinal) || l.StartsWith("| thread", StringComparison.Ordinal))];

        Assert.Equal(2, rows.Length);
        Assert.StartsWith("| async sockets on the pool | 1,000 | warm × 3 | 3.00 ms |", rows[0], StringComparison.Ordinal);
        Assert.Contains("| 2.00 ms ", rows[0], StringComparison.Ordinal);
        Assert.Contains("| 6.00 |", rows[0], StringComparison.Ordinal);
        Assert.StartsWith("| thread per connection | 1,000 | warm × 3 | 300 ms |", rows[1], StringComparison.Ordinal);
        string finding = Assert.Single(family.Findings([a, t], results).OfType<string>());
        Assert.Contains("async sockets on the pool: p99 3.00 ms (median of 3 warm bursts), p50 2.00 ms, 6.00 lines/s", finding, StringComparison.Ordinal);
        Assert.Contains("thread per connection: p99 300 ms", finding, StringComparison.Ordinal);
    }
}
