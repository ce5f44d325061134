using ConcurrencyBench.Models;
using ScottPlot;
using static ConcurrencyBench.Reporting.ChartDrawing;
using static ConcurrencyBench.Reporting.ChartLayout;
using static ConcurrencyBench.Reporting.ChartPalette;
using static ConcurrencyBench.Reporting.ChartTicks;
using static ConcurrencyBench.Reporting.Charts;
using static ConcurrencyBench.Reporting.FindingText;

namespace ConcurrencyBench.Reporting;

/// <summary>The seed article's own experiments at its own sizes, one point each, and the pool's repeated bursts.</summary>
public sealed partial class SeedFamily : ReportFamily
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
        new("SeedExperiments", "BlockingOffloadDefaultPool", "1,000 × sleep(1 s), default pool", 4,
            _ => Load.FromMilliseconds(1000, 1000).IdealWithWorkers(ModelCatalog.DefaultMaxPoolThreads))
        {
            IdealText = "d·ceil(N/32,767) = 1 s",
            Reference = c => Load.FromMilliseconds(1000, 1000).IdealWithWorkers(Math.Max(1, c.Host.LogicalCores)),
            ReferenceText = "no thread injection: ceil(N/cores)·d",
        },
        new("SeedExperiments", "BlockingOffload1000Workers", "1,000 × sleep(1 s), 1,000 workers", 6, _ => TimeSpan.FromSeconds(1)) { IdealText = "ceil(N/k)·d = 1 s" },
        new("SeedExperiments", "AsyncSleeps10000", "10,000 × async sleep(1 s)", 0, c => ModelCatalog.LessOneTick(TimeSpan.FromSeconds(1), c)) { IdealText = "d = 1 s, less one timer tick" },
    ];

    /// <inheritdoc/>
    public override CaseRole RoleOf(CaseResult c) => c?.Method switch
    {
        "TwoSleepers5sAnd4s" => CaseRole.ArticleTwoWaits,
        "AsyncSleeps10000" => CaseRole.ArticleSleeps,
        "BlockingOffloadDefaultPool" => CaseRole.ArticleDefaultExecutor,
        "BlockingOffload1000Workers" => CaseRole.ArticleWorkerPerCall,
        _ => CaseRole.None,
    };

    /// <inheritdoc/>
    /// <remarks>The article's cases carry their N in their names, not as a parameter.</remarks>
    public override int JobsOf(CaseResult c)
    {
        ArgumentNullException.ThrowIfNull(c);
        return c.Method switch
        {
            "AsyncSleeps10000" => 10_000,
            "BlockingOffload1000Workers" or "BlockingOffloadDefaultPool" => 1000,
            _ => base.JobsOf(c),
        };
    }

    /// <inheritdoc/>
    public override IEnumerable<ChartFile?> DrawCharts(IReadOnlyList<CaseStatistics> cases, ResultSet results, string folder)
    {
        ChartContext context = ChartContext.Of(results);
        yield return SeedBars(context, cases, folder);
        yield return RepeatedBursts(context, cases, "How do the seed's 1,000 blocking sleeps on the default pool speed up, burst after burst, in one process?", folder, "Seed-bursts");
    }

    /// <inheritdoc/>
    public override IEnumerable<string?> Findings(IReadOnlyList<CaseStatistics> cases, ResultSet? results = null)
    {
        yield return SeedOffload(cases);
        yield return SeedAsync(cases);
    }

    /// <summary>The seed chart's title.</summary>
    internal const string SeedTitle = "How long do the seed article's experiments take on each runtime?";

    /// <summary>The seed article's experiments: median wall time per experiment with its interval, and its ideal, per runtime.</summary>
    public static ChartFile? SeedBars(ChartContext context, IReadOnlyList<CaseStatistics> experiments, string folder)
    {
        using ChartFigure? figure = SeedFigure(context, experiments);
        return figure?.Save(folder, "Seed-time");
    }

    /// <summary>
    /// The seed chart: one panel per experiment (small multiples, each on its own log time axis), and in it one point
    /// per runtime, told apart by marker shape (the legend names each); colour by experiment. Null when there is no
    /// experiment.
    /// </summary>
    internal static ChartFigure? SeedFigure(ChartContext context, IReadOnlyList<CaseStatistics> experiments)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(experiments);
        var cases = experiments.OrderBy(s => s.Model.Order).ToList();
        if (cases.Count == 0)
        {
            return null;
        }
        var methods = cases.Select(s => s.Case.Method).Distinct(StringComparer.Ordinal).ToList();
        var runtimes = new RuntimeStyles(cases.Select(s => s.Case.Host));
        IReadOnlyList<HostInfo> hosts = runtimes.Hosts;
        PlottedSamples samples = PlottedSamples.For(cases);
        var figure = new ChartFigure(SeedTitle, [context.Describe(hosts), samples.Describe(cases)]);
        LayOut(figure, methods.Count);
        bool anyLast = false, anyIdeal = false;
        foreach (string method in methods)
        {
            // Each experiment under the label this family declares (Python's cases carry the article's code as labels).
            ChartPanel panel = figure.AddPanel(ModelCatalog.Declared("SeedExperiments", method)?.Label ?? method, "runtime", "wall time per operation (log scale)");
            Plot plot = panel.Plot;
            var atSlot = hosts.Select(h => cases.FirstOrDefault(c => c.Case.Method == method && c.Case.Host == h)).ToList();
            var gaps = new List<(string, Color, double, string)>();
            Color experiment = ColorOf(cases.First(c => c.Case.Method == method).Model.Order);
            for (int h = 0; h < hosts.Count; h++)
            {
                if (atSlot[h] is not { } s)
                {
                    // What a runtime did not run is said in its slot, never left blank.
                    gaps.Add((runtimes.NameOf(hosts[h]), experiment, h, "not run"));
                    continue;
                }
                Color color = ColorOf(s.Model.Order);
                double top = double.NegativeInfinity;
                // Log scale: the starved default pool takes tens of seconds, the rest about one; bars would hide them.
                if (samples.Of(s) is { } summary)
                {
                    var point = plot.Add.Marker(h, Math.Log10(summary.MedianNs), runtimes.MarkerOf(s.Case.Host, filled: summary.Kind == SampleKind.Cold), 11);
                    point.Color = color;
                    point.MarkerLineWidth = 1.5f;
                    top = Math.Log10(summary.MedianNs);
                    if (summary.Interval.Exists)
                    {
                        AddErrorBar(plot, [h], [Math.Log10(summary.MedianNs)], [Math.Log10(summary.MedianNs / summary.Interval.Lower)], [Math.Log10(summary.Interval.Upper / summary.MedianNs)], color);
                        top = Math.Log10(summary.Interval.Upper);
                    }
                    panel.AddSeries($"{s.Model.Label} · {runtimes.NameOf(s.Case.Host)}");
                    // The axis starts a decade below: the figures themselves say what a few percent are.
                    panel.AddValueLabel(h, top, Format.Time(summary.MedianNs), color);
                }
                else
                {
                    gaps.Add((runtimes.NameOf(s.Case.Host), color, h, NoPoint(s)));
                }
                if (!double.IsNaN(s.LastNs) && s.Repeated.Count > 1)
                {
                    var last = plot.Add.Marker(h + 0.2, Math.Log10(s.LastNs), MarkerShape.OpenCircleWithDot, 8);
                    last.Color = color;
                    anyLast = true;
                }
                if (s.IdealNs is double ideal)
                {
                    var marker = plot.Add.Marker(h, Math.Log10(ideal), MarkerShape.HorizontalBar, 16);
                    marker.Color = GuideColor;
                    marker.MarkerLineWidth = 2;
                    anyIdeal = true;
                }
            }
            AddGaps(panel, gaps);
            plot.Axes.Bottom.SetTicks([.. hosts.Select((_, h) => (double)h)], [.. hosts.Select(runtimes.NameOf)]);
            ShareLimits([panel], floor: AxisFloor.DecadeBelow);
            // Room above the highest figure for its label.
            AxisLimits limits = plot.Axes.GetLimits();
            plot.Axes.SetLimitsY(limits.Bottom, limits.Top + (0.12 * (limits.Top - limits.Bottom)));
            LogTicks(plot.Axes.Left, Format.TickTime);
            plot.Axes.SetLimitsX(-0.6, hosts.Count - 0.4);
        }
        AddModelLegend(figure, cases.Select(s => (ModelCatalog.Declared("SeedExperiments", s.Case.Method)?.Label ?? s.Model.Label, s.Model.Order)));
        runtimes.AddLegend(figure, filled: !samples.AllWarm);
        samples.AddLegend(figure);
        if (anyLast)
        {
            figure.AddLegendMarker("the last of one process's repeated bursts", MarkerShape.OpenCircleWithDot, GuideColor);
        }
        if (anyIdeal)
        {
            figure.AddLegendMarker("ideal, each runtime's own (default pools differ)", MarkerShape.HorizontalBar, GuideColor, 14);
            figure.AddNote("Ideal: a bound no burst of that experiment can beat on that runtime. Each panel has its own time axis.");
        }
        return figure;
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
