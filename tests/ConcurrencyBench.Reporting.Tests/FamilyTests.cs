using System.Text;

namespace ConcurrencyBench.Reporting.Tests;

public class FamilyTests
{
    [Fact]
    public void TheFamiliesAreFoundInSectionOrderWithTheirFindingsOrderAndOneNameEach()
    {
        Assert.Equal(["AsyncDelays", "Offload", "Blocking", "Seed", "SharedState", "Chat"], ReportFamilies.All.Select(f => f.Name));
        // The headline (the default pool against k workers) leads the findings, as it did before families had files.
        Assert.Equal(["Offload", "AsyncDelays", "Blocking", "Seed", "SharedState", "Chat"], ReportFamilies.All.OrderBy(f => f.FindingsOrder).Select(f => f.Name));
        Assert.Equal(ReportFamilies.All.Count, ReportFamilies.All.Select(f => f.SectionOrder).Distinct().Count());
        Assert.DoesNotContain(ReportFamilies.Other, ReportFamilies.All);
    }

    [Fact]
    public void ACaseIsShownByTheFamilyThatDeclaresItsClassAndAnUnknownOneByOther()
    {
        CaseResult probe = StatisticsTests.CaseWith([1e6, 1e6, 1e6, 1e6, 1e6, 1e6], "PoolStarvation", "ProbeBehindBlockingCalls", "N=10&DelayMs=20");
        ModelInfo model = ModelCatalog.For(probe);
        Assert.IsType<BlockingFamily>(model.Family);
        Assert.Equal("Starvation", model.Group);
        Assert.Equal("probe behind blocking calls", model.Label);

        ModelInfo unknown = ModelCatalog.For(StatisticsTests.CaseWith([1e6, 1e6, 1e6, 1e6, 1e6, 1e6], "NewFamily", "NewModel", "N=10"));
        Assert.Same(ReportFamilies.Other, unknown.Family);
        Assert.Equal("NewModel", unknown.Label);
        Assert.Equal(["N", "K", "DelayMs"], ModelCatalog.RequiredParameters("MaxWorkersOffload"));
        Assert.Empty(ModelCatalog.RequiredParameters("NewFamily"));
    }

    [Fact]
    public void TwoFamiliesClaimingOneClassOrAModelWithoutItsClassAreRefused()
    {
        var twice = Assert.Throws<InvalidOperationException>(() => ModelCatalog.Build([new OffloadFamily(), new OffloadFamily()]));
        Assert.Contains("DefaultPoolOffload", twice.Message, StringComparison.Ordinal);
        var orphan = Assert.Throws<InvalidOperationException>(() => ModelCatalog.Build([new Orphan()]));
        Assert.Contains("Missing.Method", orphan.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void AFamilysSectionHoldsItsChartsAndARowPerCaseInItsGroupsOrder()
    {
        // Two groups of one family, declared Blocking before Starvation: rows follow the declaration, then N.
        List<CaseStatistics> cases =
        [
            CaseStatistics.Of(StatisticsTests.CaseWith([2e7, 2e7, 2e7, 2e7, 2e7, 2e7], "PoolStarvation", "ProbeBehindBlockingCalls", "N=10&DelayMs=20")),
            CaseStatistics.Of(StatisticsTests.CaseWith([2e8, 2e8, 2e8, 2e8, 2e8, 2e8], "BlockingCalls", "Sequential", "N=10&DelayMs=20")),
            CaseStatistics.Of(StatisticsTests.CaseWith([2e7, 2e7, 2e7, 2e7, 2e7, 2e7], "BlockingCalls", "Sequential", "N=1&DelayMs=20")),
        ];
        var md = new StringBuilder();
        new BlockingFamily().WriteSection(md, cases, [new ChartFile("Blocking-time", "The time chart", "/x/Blocking-time.png", "/x/Blocking-time.svg")]);

        string[] lines = md.ToString().Split('\n');
        Assert.Equal("## Blocking calls", lines[0]);
        Assert.Contains("![The time chart](Blocking-time.png)", lines);
        var rows = lines.Where(l => l.StartsWith("| sequential", StringComparison.Ordinal) || l.StartsWith("| probe", StringComparison.Ordinal)).ToList();
        Assert.Equal(3, rows.Count);
        Assert.StartsWith("| sequential | 1 |", rows[0], StringComparison.Ordinal);
        Assert.StartsWith("| sequential | 10 |", rows[1], StringComparison.Ordinal);
        Assert.StartsWith("| probe behind blocking calls | 10 |", rows[2], StringComparison.Ordinal);

        var none = new StringBuilder();
        new BlockingFamily().WriteSection(none, [], []);
        Assert.Equal(0, none.Length);
    }

    [Fact]
    public void TheUserTableSectionGivesEachGuardsTimePerSessionAndItsLockContentionsAndTheFindingNamesTheFastest()
    {
        CaseStatistics Case(string method, int n, double ns, double contentions)
        {
            CaseResult c = StatisticsTests.CaseWith([ns, ns, ns, ns, ns, ns], "UserTable", method, $"N={n}");
            return CaseStatistics.Of(c with { Metrics = new Dictionary<string, double>(c.Metrics) { ["LockContentionCount"] = contentions } });
        }
        // 10,000 users: Monitor 20 ms per burst (2 µs per session), SemaphoreSlim 50 ms (2.5x), the actor with the
        // welcome inside 80 ms against SemaphoreSlim's 40 ms.
        List<CaseStatistics> cases =
        [
            Case("SemaphoreSlimAwaited", 10_000, 50e6, 3),
            Case("MonitorLock", 10_000, 20e6, 12.5),
            Case("SemaphoreSlimWelcomeInside", 10_000, 40e6, 0),
            Case("SingleOwnerActorWelcomeInside", 10_000, 80e6, 1),
            Case("MonitorLock", 100, 1e6, 0),
        ];
        var family = new SharedStateFamily();
        var md = new StringBuilder();
        family.WriteSection(md, cases, []);

        var rows = md.ToString().Split('\n').Where(l => l.StartsWith("| ", StringComparison.Ordinal) && !l.StartsWith("| Guard", StringComparison.Ordinal)).ToList();
        Assert.Equal(5, rows.Count);
        // Without the welcome first, by N, then by guard; with it after.
        Assert.StartsWith("| lock (Monitor) | none | 100 |", rows[0], StringComparison.Ordinal);
        Assert.StartsWith("| SemaphoreSlim(1, 1) awaited | none | 10,000 |", rows[1], StringComparison.Ordinal);
        Assert.Contains("| 5.00 µs |", rows[1], StringComparison.Ordinal);
        Assert.Contains("| 3.00 |", rows[1], StringComparison.Ordinal);
        Assert.StartsWith("| lock (Monitor) | none | 10,000 |", rows[2], StringComparison.Ordinal);
        Assert.Contains("| 2.00 µs |", rows[2], StringComparison.Ordinal);
        Assert.Contains("| 12.5 |", rows[2], StringComparison.Ordinal);
        Assert.StartsWith("| SemaphoreSlim(1, 1) awaited | inside | 10,000 |", rows[3], StringComparison.Ordinal);
        Assert.StartsWith("| single-owner actor (channel) | inside | 10,000 |", rows[4], StringComparison.Ordinal);

        var findings = family.Findings(cases).OfType<string>().ToList();
        Assert.Equal(2, findings.Count);
        Assert.StartsWith("10,000 users joining, looking up and leaving at once: lock (Monitor) had the lowest median, 20.0 ms", findings[0], StringComparison.Ordinal);
        Assert.Contains("SemaphoreSlim(1, 1) awaited 50.0 ms (2.50× (", findings[0], StringComparison.Ordinal);
        Assert.Contains("3.00 lock contentions per burst", findings[0], StringComparison.Ordinal);
        Assert.StartsWith("10,000 users joining with a welcome write, looking up and leaving at once: SemaphoreSlim, welcome awaited inside had the lowest median, 40.0 ms", findings[1], StringComparison.Ordinal);
        Assert.Contains("actor, welcome awaited inside 80.0 ms (2.00× (", findings[1], StringComparison.Ordinal);
    }

    private sealed class Orphan : ReportFamily
    {
        public override string Name => "Orphan";

        public override string Title => "Orphan";

        public override string Intro => "";

        public override int SectionOrder => 99;

        public override IReadOnlyList<BenchmarkClass> Classes => [];

        public override IReadOnlyList<ModelDeclaration> Models => [new("Missing", "Method", "missing", 0, _ => null)];
    }
}
