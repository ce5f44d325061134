using System.Text;
using ConcurrencyBench.Models;

namespace ConcurrencyBench.Reporting.Tests;

/// <summary>
/// The all-pending section: only bursts with every one of their N tasks pending at once (maxConcurrent = N) make its
/// figures; the others are counted and named; the published figure of the same runtime and shape stands beside ours
/// with both versions; a version gap with its source is named.
/// </summary>
public class AllPendingTests
{
    // A case of cold bursts only (one repeated burst, the fresh process's first, and cold launches), each burst given
    // as (wall ns, CPU ms, peak bytes, pending at once).
    private static CaseStatistics Case(string runtime, string method, int n, int delayMs, params (double Ns, double CpuMs, long Peak, int Pending)[] bursts)
    {
        CaseResult template = Assert.Single(ResultsReader.ReadFile(TestFiles.DefaultPoolJson));
        BurstResources Resources((double, double, long Peak, int Pending) b) => new(10, 12, null, null, 20_000_000, b.Peak, true, null, null, null, b.Pending);
        ResourceUsage Usage((double, double CpuMs, long, int) b) => new(b.CpuMs * 0.75, b.CpuMs * 0.25, 10, 2);
        CaseResult repeated = template with
        {
            Type = "AsyncDelays",
            Method = method,
            FullName = $"ConcurrencyBench.Benchmarks.AsyncDelays.{method}(N: {n}, DelayMs: {delayMs})",
            Parameters = ResultsReader.ParseParameters($"N={n}&DelayMs={delayMs}"),
            Host = template.Host with { Runtime = runtime },
            IterationNanoseconds = [bursts[0].Ns],
            IterationUsage = [Usage(bursts[0])],
            IterationResources = [Resources(bursts[0])],
        };
        CaseResult cold = repeated with
        {
            Job = "Cold",
            IterationNanoseconds = [.. bursts.Skip(1).Select(b => b.Ns)],
            IterationUsage = [.. bursts.Skip(1).Select(b => (ResourceUsage?)Usage(b))],
            IterationResources = [.. bursts.Skip(1).Select(b => (BurstResources?)Resources(b))],
        };
        return CaseStatistics.Of(repeated, cold);
    }

    private const string Net = ".NET 10.0.12 (10.0.12)";
    private const string Tokio = "Rust tokio 1.24.2 (rustc 1.95.0)";

    private static IReadOnlyList<CaseStatistics> NetCases() =>
    [
        Case(Net, "TaskDelayWhenAll", 10_000, 1000, (1.02e9, 30, 30_000_000, 10_000), (1.03e9, 32, 31_000_000, 10_000), (1.01e9, 31, 29_000_000, 10_000)),
        Case(Net, "TaskDelayWhenAll", 100_000, 1000, (1.10e9, 300, 50_000_000, 100_000), (1.12e9, 310, 52_000_000, 100_000), (1.11e9, 305, 51_000_000, 100_000)),
        // The third burst had only 400,000 of its million pending at once: counted, never in a figure.
        Case(Net, "TaskDelayWhenAll", 1_000_000, 5000, (5.6e9, 3000, 230_000_000, 1_000_000), (5.4e9, 2800, 228_000_000, 1_000_000), (5.2e9, 900, 90_000_000, 400_000)),
    ];

    [Fact]
    public void OnlyBurstsWithEveryTaskPendingMakeTheFigures()
    {
        AllPending.Row row = Assert.Single(AllPending.Rows(NetCases()));
        AllPending.Cell million = row.Cells[^1];

        Assert.Equal([10_000, 100_000, 1_000_000], row.Cells.Select(c => c.N));
        Assert.Equal(3, million.Bursts.Count);
        Assert.Equal(2, million.AllPendingBursts.Count);
        Assert.Equal(1_000_000, million.MostPending);
        // The median of the two all-pending bursts (228 and 230 MB), never of the burst with 400,000 pending (90 MB).
        Assert.Equal(229e6, million.PeakMemory!.Value.Median);
        Assert.Equal((228e6, 230e6), (million.PeakMemory.Value.Interval.Lower, million.PeakMemory.Value.Interval.Upper));
        // Wall − d: 0.6 s and 0.4 s beyond the 5 s sleep.
        Assert.Equal(0.5e9, million.BeyondSleep!.Value.Median, 1e-3);
        Assert.Equal(2900, million.Cpu!.Value.Median, 9);
        // At 10,000: every burst, [min, max] the interval of the median of 3 (75%).
        AllPending.Cell small = row.Cells[0];
        Assert.Equal(30e6, small.PeakMemory!.Value.Median);
        Assert.Equal(0.75, small.PeakMemory.Value.Interval.Level, 6);
    }

    [Fact]
    public void MemoryPerTaskIsTheSlopeOverTheAllPendingBurstsOfEverySize()
    {
        AllPending.Row row = Assert.Single(AllPending.Rows(NetCases()));

        // Least squares over the 8 all-pending bursts: 3 at 10k, 3 at 100k, 2 at 1M (the one with 400,000 left out).
        (double X, double Y)[] points =
        [
            (1e4, 30e6), (1e4, 31e6), (1e4, 29e6), (1e5, 50e6), (1e5, 52e6), (1e5, 51e6), (1e6, 230e6), (1e6, 228e6),
        ];
        double mx = points.Average(p => p.X), my = points.Average(p => p.Y);
        double expected = points.Sum(p => (p.X - mx) * (p.Y - my)) / points.Sum(p => (p.X - mx) * (p.X - mx));
        Assert.Equal(expected, row.BytesPerTask!.Value, 6);
        Assert.InRange(row.BytesPerTask.Value, 190, 210);
    }

    [Fact]
    public void ABurstThatDidNotHoldEveryTaskIsNamedInItsRowAndACaseWithNoneHasNoFigure()
    {
        CaseStatistics none = Case(Net, "AsyncMethodWithState", 1_000_000, 5000, (5.2e9, 900, 90_000_000, 272_014), (5.2e9, 900, 91_000_000, 300_000));

        string table = AllPending.Table([.. NetCases(), none]);

        string[] rows = table.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        string million = Assert.Single(rows, r => r.Contains("`TaskDelayWhenAll`", StringComparison.Ordinal) && r.Contains("| 1,000,000 |", StringComparison.Ordinal));
        Assert.Contains("2 of 3 bursts (at most 1,000,000 at once in the others: left out)", million, StringComparison.Ordinal);
        Assert.Contains("| 229 [228, 230] (50.0%) |", million, StringComparison.Ordinal);
        string withState = Assert.Single(rows, r => r.Contains("`AsyncMethodWithState`", StringComparison.Ordinal));
        Assert.Contains("0 of 2 bursts", withState, StringComparison.Ordinal);
        Assert.Contains("at most 300,000 at once", withState, StringComparison.Ordinal);
        // No figure from bursts that were not all pending: peak, per task, time beyond d and CPU are all dashes.
        Assert.Contains("| – |  | – | – |", withState, StringComparison.Ordinal);
    }

    [Fact]
    public void ThePublishedFigureOfTheSameRuntimeAndShapeStandsBesideOursWithItsVersion()
    {
        string table = AllPending.Table(NetCases());

        string million = Assert.Single(table.Split('\n'), r => r.Contains("| 1,000,000 |", StringComparison.Ordinal));
        // hez2010's .NET 9 Task.Delay + WhenAll: 218 MB at a million, 10.5 s for sleeps of 10 s.
        Assert.Contains("218 (.NET 9.0.100; hez2010 2024, 500 ms beyond their 10.0 s", million, StringComparison.Ordinal);
        Assert.StartsWith($"| {NetCases()[0].Case.Host.Label} |", million, StringComparison.Ordinal);
        // pkolaczk's .NET 6 is Task.Run around the delay: not beside our bare Task.Delay.
        Assert.DoesNotContain("pkolaczk", million, StringComparison.Ordinal);
    }

    [Fact]
    public void TheSectionIsTheAllPendingRunsAndNamesTokiosVersionGapWithItsSource()
    {
        CaseStatistics spawned = Case(Tokio, "TaskRunWrappedDelay", 1_000_000, 5000, (5.9e9, 1500, 1_400_000_000, 1_000_000), (5.8e9, 1400, 1_390_000_000, 1_000_000));
        var run = new RunInfo(AllPending.ProfileName, "scripts/run.sh --profile all-pending", "2026-12-07T12:15:07Z", 900, "abc", 0);
        ResultSet results = new([spawned.Case, spawned.ColdCase!], new Dictionary<(HostInfo?, BurstKind, string), ThreadPoolTimeline>(), [run]);

        var md = new StringBuilder();
        AllPending.Write(md, [spawned], results);
        var other = new StringBuilder();
        AllPending.Write(other, [spawned], results with { Runs = [run with { Profile = "default" }] });

        string text = md.ToString();
        Assert.Contains("## A million sleeps, all asleep at once", text, StringComparison.Ordinal);
        Assert.Contains("439 (tokio 1.41.1; hez2010 2024", text, StringComparison.Ordinal);
        Assert.Contains("214 (Rust tokio; pkolaczk 2023", text, StringComparison.Ordinal);
        Assert.Contains("tokio-rs/tokio#5410", text, StringComparison.Ordinal);
        Assert.Contains("tokio 1.41.1 (hez2010 2024) beside ours (Rust tokio 1.24.2)", text, StringComparison.Ordinal);
        // Each gap is said once, however many published series it stands between.
        Assert.Equal(2, text.Split("tokio-rs/tokio#5468").Length);
        // A run of another profile has no such section (its sleeps were not chosen to hold every task at once).
        Assert.Equal("", other.ToString());
    }
}
