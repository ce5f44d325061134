using System.Text;

namespace ConcurrencyBench.Reporting.Tests;

public class FamilyTests
{
    [Fact]
    public void TheFamiliesAreFoundInSectionOrderWithTheirFindingsOrderAndOneNameEach()
    {
        Assert.Equal(["AsyncDelays", "Offload", "Blocking", "Seed"], ReportFamilies.All.Select(f => f.Name));
        // The headline (the default pool against k workers) leads the findings, as it did before families had files.
        Assert.Equal(["Offload", "AsyncDelays", "Blocking", "Seed"], ReportFamilies.All.OrderBy(f => f.FindingsOrder).Select(f => f.Name));
        Assert.Equal(ReportFamilies.All.Count, ReportFamilies.All.Select(f => f.SectionOrder).Distinct().Count());
        Assert.DoesNotContain(ReportFamilies.Other, ReportFamilies.All);
    }

    [Fact]
    public void ACaseIsShownByTheFamilyThatDeclaresItsClassAndAnUnknownOneByOther()
    {
        CaseResult probe = StatisticsTests.CaseWith([1e6, 1e6, 1e6], "PoolStarvation", "ProbeBehindBlockingCalls", "N=10&DelayMs=20");
        ModelInfo model = ModelCatalog.For(probe);
        Assert.IsType<BlockingFamily>(model.Family);
        Assert.Equal("Starvation", model.Group);
        Assert.Equal("probe behind blocking calls", model.Label);

        ModelInfo unknown = ModelCatalog.For(StatisticsTests.CaseWith([1e6, 1e6, 1e6], "NewFamily", "NewModel", "N=10"));
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
            CaseStatistics.Of(StatisticsTests.CaseWith([2e7, 2e7, 2e7], "PoolStarvation", "ProbeBehindBlockingCalls", "N=10&DelayMs=20")),
            CaseStatistics.Of(StatisticsTests.CaseWith([2e8, 2e8, 2e8], "BlockingCalls", "Sequential", "N=10&DelayMs=20")),
            CaseStatistics.Of(StatisticsTests.CaseWith([2e7, 2e7, 2e7], "BlockingCalls", "Sequential", "N=1&DelayMs=20")),
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
