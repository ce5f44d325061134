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
        new("SeedExperiments", "TwoSleepers5sAnd4s", "2 sleepers, 5 s and 4 s (gather)", 1, c => ModelCatalog.LessOneTick(TimeSpan.FromSeconds(5), c)) { IdealText = "the longer wait, 5 s, less one timer tick" },
        // The pool may inject up to its maximum (32,767 threads): 1 s is the bound; what its minimum alone would take
        // (500 s on 2 cores) is the reference the pool beats by injecting.
        new("SeedExperiments", "BlockingOffloadDefaultPool", "1,000 x sleep(1 s), default pool", 4,
            _ => Load.FromMilliseconds(1000, 1000).IdealWithWorkers(ModelCatalog.DefaultMaxPoolThreads))
        {
            IdealText = "d·ceil(N/32,767) = 1 s",
            Reference = c => Load.FromMilliseconds(1000, 1000).IdealWithWorkers(Math.Max(1, c.Host.LogicalCores)),
            ReferenceText = "no thread injection: ceil(N/cores)·d",
        },
        new("SeedExperiments", "BlockingOffload1000Workers", "1,000 x sleep(1 s), 1,000 workers", 6, _ => TimeSpan.FromSeconds(1)) { IdealText = "ceil(N/k)·d = 1 s" },
        new("SeedExperiments", "AsyncSleeps10000", "10,000 x async sleep(1 s)", 0, c => ModelCatalog.LessOneTick(TimeSpan.FromSeconds(1), c)) { IdealText = "d = 1 s, less one timer tick" },
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

    /// <summary>The seed chart's title.</summary>
    internal const string SeedTitle = "The seed article's experiments on each runtime";

    /// <summary>The seed article's experiments: median wall time per experiment with its interval, and its ideal, per runtime.</summary>
    public static ChartFile? SeedBars(IReadOnlyList<CaseStatistics> experiments, string folder) =>
        SeedPlot(experiments) is { } plot ? Save(plot, folder, "Seed-time", SeedTitle) : null;

    /// <summary>
    /// The seed chart's plot: one x position per experiment, and beside it one point per runtime, told apart by marker
    /// shape (the legend names each); colour by experiment. Null when there is no experiment.
    /// </summary>
    internal static Plot? SeedPlot(IReadOnlyList<CaseStatistics> experiments)
    {
        ArgumentNullException.ThrowIfNull(experiments);
        var cases = experiments.OrderBy(s => s.Model.Order).ToList();
        if (cases.Count == 0)
        {
            return null;
        }
        var methods = cases.Select(s => s.Case.Method).Distinct(StringComparer.Ordinal).ToList();
        IReadOnlyList<HostInfo> hosts = RuntimeComparison.RuntimesOf(cases);
        // Four long experiment names need the chart's whole width: the legend goes below the axis instead.
        Plot plot = NewPlot(SeedTitle, "experiment", "wall time per operation (log scale; ms, s)", Edge.Bottom);
        for (int i = 0; i < methods.Count; i++)
        {
            for (int h = 0; h < hosts.Count; h++)
            {
                if (cases.FirstOrDefault(c => c.Case.Method == methods[i] && c.Case.Host == hosts[h]) is not { } s)
                {
                    continue;
                }
                // The runtimes side by side within the experiment's slot, in the order of the legend.
                double x = hosts.Count == 1 ? i : i - 0.25 + (0.5 * h / (hosts.Count - 1));
                Color color = ColorOf(s.Model.Order);
                // Log scale: the starved default pool takes tens of seconds, the rest about one; bars would hide them.
                if (s.HasMedian)
                {
                    var point = plot.Add.Marker(x, Math.Log10(s.MedianNs), HostMarkers[h % HostMarkers.Length], 12);
                    point.Color = color;
                    if (s.Interval.Exists)
                    {
                        AddErrorBar(plot, [x], [Math.Log10(s.MedianNs)], [Math.Log10(s.MedianNs / s.CiLowerNs)], [Math.Log10(s.CiUpperNs / s.MedianNs)], color);
                    }
                }
                if (!double.IsNaN(s.LastNs))
                {
                    var last = plot.Add.Marker(x + 0.06, Math.Log10(s.LastNs), MarkerShape.OpenTriangleDown, 8);
                    last.Color = color;
                }
                if (s.IdealNs is double ideal)
                {
                    var marker = plot.Add.Marker(x, Math.Log10(ideal), MarkerShape.HorizontalBar, 16);
                    marker.Color = Colors.Black;
                }
            }
        }
        // The legend: one entry per runtime (its marker), then what the other marks are.
        for (int h = 0; h < hosts.Count; h++)
        {
            var entry = plot.Add.Marker(double.NaN, double.NaN, HostMarkers[h % HostMarkers.Length], 12);
            entry.Color = Colors.Gray;
            entry.LegendText = $"median and interval (cold bursts where a case has them), {hosts[h].Label}";
        }
        var lastEntry = plot.Add.Marker(double.NaN, double.NaN, MarkerShape.OpenTriangleDown, 8);
        lastEntry.Color = Colors.Gray;
        lastEntry.LegendText = "last repeated burst";
        var idealEntry = plot.Add.Marker(double.NaN, double.NaN, MarkerShape.HorizontalBar, 16);
        idealEntry.Color = Colors.Black;
        idealEntry.LegendText = "ideal (the runtime's own: its default pool's workers differ)";
        // Each experiment under the label this family declares (Python's cases carry the article's code as labels).
        plot.Axes.Bottom.SetTicks([.. Enumerable.Range(0, methods.Count).Select(i => (double)i)],
            [.. methods.Select(m => ModelCatalog.Declared("SeedExperiments", m)?.Label ?? m)]);
        plot.Axes.Bottom.TickLabelStyle.FontSize = 11;
        LogTicks(plot, plot.Axes.Left, v => FormatTime(Pow10(v)));
        plot.Axes.SetLimitsX(-0.6, methods.Count - 0.4);
        return plot;
    }

    private static string? SeedOffload(IReadOnlyList<CaseStatistics> cases)
    {
        if (Find(cases, "SeedExperiments", "BlockingOffloadDefaultPool") is not { } pool
            || Find(cases, "SeedExperiments", "BlockingOffload1000Workers") is not { } workers)
        {
            return null;
        }
        string last = double.IsNaN(pool.LastNs) ? "" : $"; in one process, repeated burst {pool.Repeated.Count} of the pool took {Format.Time(pool.LastNs)}";
        string against = CaseStatistics.Ratio(pool, workers) is { } ratio ? Against(ratio) : NoRatio(pool, workers);
        return $"The article's experiment 3 on {pool.Case.Host.RuntimeLabel}: 1,000 × 1 s blocking sleeps on the default pool against 1,000 dedicated workers: {against}{last}.";
    }

    private static string? SeedAsync(IReadOnlyList<CaseStatistics> cases)
    {
        if (Find(cases, "SeedExperiments", "AsyncSleeps10000") is not { } sleeps)
        {
            return null;
        }
        string two = Find(cases, "SeedExperiments", "TwoSleepers5sAnd4s") is { } t ? $"; the 5 s and 4 s sleepers under gather took {Median(t)}" : "";
        return $"10,000 async sleeps of 1 s took {Median(sleeps)}, {Format.Ratio(sleeps.RatioToIdeal)} their ideal ({sleeps.Model.IdealText}){two}.";
    }
}
