using ConcurrencyBench.Models;
using ScottPlot;
using static ConcurrencyBench.Reporting.Charts;
using static ConcurrencyBench.Reporting.FindingText;

namespace ConcurrencyBench.Reporting;

/// <summary>The seed article's own experiments at its own sizes, one point each, and the pool's repeated bursts.</summary>
public sealed class SeedFamily : ReportFamily
{
    /// <inheritdoc/>
    public override string Name => "Seed";

    /// <inheritdoc/>
    public override string Title => "The seed article's experiments";

    /// <inheritdoc/>
    public override string Intro => "The article's own sizes: 5 s and 4 s sleeps under gather, 1,000 × 1 s blocking sleeps offloaded, 10,000 × 1 s async sleeps.";

    /// <inheritdoc/>
    public override int SectionOrder => 3;

    /// <inheritdoc/>
    public override IReadOnlyList<BenchmarkClass> Classes { get; } = [new("SeedExperiments", "Seed", [])];

    /// <inheritdoc/>
    public override IReadOnlyList<ModelDeclaration> Models { get; } =
    [
        new("SeedExperiments", "TwoSleepers5sAnd4s", "2 sleepers, 5 s and 4 s (gather)", 1, _ => TimeSpan.FromSeconds(5)),
        new("SeedExperiments", "BlockingOffloadDefaultPool", "1,000 x sleep(1 s), default pool", 4,
            c => Load.FromMilliseconds(1000, 1000).IdealWithWorkers(Math.Max(1, c.Host.LogicalCores))),
        new("SeedExperiments", "BlockingOffload1000Workers", "1,000 x sleep(1 s), 1,000 workers", 6, _ => TimeSpan.FromSeconds(1)),
        new("SeedExperiments", "AsyncSleeps10000", "10,000 x async sleep(1 s)", 0, _ => TimeSpan.FromSeconds(1)),
    ];

    /// <inheritdoc/>
    public override IEnumerable<ChartFile?> DrawCharts(IReadOnlyList<CaseStatistics> cases, ResultSet results, string folder)
    {
        yield return SeedBars(cases, folder);
        yield return RepeatedBursts(cases, results, Title, folder, "Seed-bursts");
    }

    /// <inheritdoc/>
    public override IEnumerable<string?> Findings(IReadOnlyList<CaseStatistics> cases, ResultSet? results = null)
    {
        yield return SeedOffload(cases);
        yield return SeedAsync(cases);
    }

    /// <summary>The seed article's experiments: median wall time per experiment with its 95% CI, and its ideal.</summary>
    public static ChartFile? SeedBars(IReadOnlyList<CaseStatistics> experiments, string folder)
    {
        ArgumentNullException.ThrowIfNull(experiments);
        var cases = experiments.OrderBy(s => s.Model.Order).ToList();
        if (cases.Count == 0)
        {
            return null;
        }
        const string title = "The seed article's experiments in .NET";
        // Four long experiment names need the chart's whole width: the legend goes below the axis instead.
        Plot plot = NewPlot(title, "experiment", "wall time per operation (log scale; ms, s)", Edge.Bottom);
        for (int i = 0; i < cases.Count; i++)
        {
            CaseStatistics s = cases[i];
            // Log scale: the starved default pool takes tens of seconds, the rest about one; bars would hide them.
            if (s.HasMedian)
            {
                var point = plot.Add.Marker(i, Math.Log10(s.MedianNs), MarkerShape.FilledCircle, 14);
                point.Color = ColorOf(s.Model.Order);
                point.LegendText = i == 0 ? "median with its interval (cold bursts where the case has them)" : "";
                if (s.Interval.Exists)
                {
                    AddErrorBar(plot, [i], [Math.Log10(s.MedianNs)], [Math.Log10(s.MedianNs / s.CiLowerNs)], [Math.Log10(s.CiUpperNs / s.MedianNs)], ColorOf(s.Model.Order));
                }
            }
            if (!double.IsNaN(s.LastNs))
            {
                var last = plot.Add.Marker(i + 0.15, Math.Log10(s.LastNs), MarkerShape.OpenTriangleDown, 10);
                last.Color = ColorOf(s.Model.Order);
                last.LegendText = i == 0 ? "last repeated burst" : "";
            }
            if (s.IdealNs is double ideal)
            {
                var marker = plot.Add.Marker(i, Math.Log10(ideal), MarkerShape.HorizontalBar, 40);
                marker.Color = Colors.Black;
                marker.LegendText = i == 0 ? "ideal" : "";
            }
        }
        plot.Axes.Bottom.SetTicks([.. Enumerable.Range(0, cases.Count).Select(i => (double)i)], [.. cases.Select(s => s.Model.Label)]);

        plot.Axes.Bottom.TickLabelStyle.FontSize = 11;
        plot.Axes.SetLimitsX(-0.6, cases.Count - 0.4);
        LogTicks(plot, plot.Axes.Left, v => FormatTime(Pow10(v)));
        plot.Axes.SetLimitsX(-0.6, cases.Count - 0.4);
        return Save(plot, folder, "Seed-time", title);
    }

    private static string? SeedOffload(IReadOnlyList<CaseStatistics> cases)
    {
        if (Find(cases, "SeedExperiments", "BlockingOffloadDefaultPool") is not { } pool
            || Find(cases, "SeedExperiments", "BlockingOffload1000Workers") is not { } workers)
        {
            return null;
        }
        string last = double.IsNaN(pool.LastNs) ? "" : $"; in one process, the pool's {pool.Repeated.Count}th repeated burst took {Format.Time(pool.LastNs)}";
        return $"The article's experiment 3 in .NET: 1,000 × 1 s blocking sleeps took {Median(pool)} on the default pool " +
               $"and {Median(workers)} on 1,000 dedicated workers ({Format.Ratio(pool.MedianNs / workers.MedianNs)}){last}.";
    }

    private static string? SeedAsync(IReadOnlyList<CaseStatistics> cases)
    {
        if (Find(cases, "SeedExperiments", "AsyncSleeps10000") is not { } sleeps)
        {
            return null;
        }
        string two = Find(cases, "SeedExperiments", "TwoSleepers5sAnd4s") is { } t ? $"; the 5 s and 4 s sleepers under gather took {Format.Time(t.MedianNs)}" : "";
        return $"10,000 async sleeps of 1 s took {Format.Time(sleeps.MedianNs)} ({Format.Ratio(sleeps.RatioToIdeal)} one sleep){two}.";
    }
}
