using ScottPlot;

namespace ConcurrencyBench.Reporting;

/// <summary>
/// The runtimes of one figure: each host's name in the legend, its marker (<see cref="ChartPalette.MarkerOf"/>) and its
/// line width. Two hosts of one runtime (.NET 8 beside .NET 10) share the marker and differ by line width and name.
/// </summary>
internal sealed class RuntimeStyles
{
    private readonly Dictionary<HostInfo, (string Name, ChartRuntime Runtime, int Variant)> _styles = [];

    public RuntimeStyles(IEnumerable<HostInfo> hosts)
    {
        ArgumentNullException.ThrowIfNull(hosts);
        Hosts = [.. ChartPalette.InRuntimeOrder(hosts.Distinct())];
        foreach (var runtime in Hosts.GroupBy(ChartPalette.RuntimeOf))
        {
            var same = runtime.ToList();
            for (int i = 0; i < same.Count; i++)
            {
                HostInfo host = same[i];
                string name = same.Count == 1 ? ChartPalette.ShortName(runtime.Key)
                    : same.Count(h => ChartContext.Runtime(h) == ChartContext.Runtime(host)) == 1 ? ChartContext.Runtime(host)
                    : $"{ChartContext.Runtime(host)}, {ChartContext.Machine(host)}";
                _styles[host] = (name, runtime.Key, i);
            }
        }
    }

    /// <summary>The hosts, in runtime order.</summary>
    public IReadOnlyList<HostInfo> Hosts { get; }

    /// <summary>True when two hosts share a runtime (and so a marker).</summary>
    public bool HasVariants => _styles.Values.Any(s => s.Variant > 0);

    /// <summary>The host's name in legends and panel titles.</summary>
    public string NameOf(HostInfo host) => _styles.TryGetValue(host, out var style) ? style.Name : host.RuntimeLabel;

    /// <summary>The host's marker: its runtime's, filled for cold and open for warm.</summary>
    public MarkerShape MarkerOf(HostInfo host, bool filled) => ChartPalette.MarkerOf(_styles.TryGetValue(host, out var style) ? style.Runtime : ChartPalette.RuntimeOf(host), filled);

    /// <summary>The host's line width: 2, then 1 and 3 for a second and third host of the same runtime.</summary>
    public float LineWidthOf(HostInfo host) => (_styles.TryGetValue(host, out var style) ? style.Variant : 0) switch
    {
        0 => 2,
        1 => 1,
        _ => 3,
    };

    /// <summary>
    /// One legend entry per runtime (its marker): even a chart of one runtime names its marker; drawn open where every
    /// point of the chart is (all of warm bursts), else filled.
    /// </summary>
    public void AddLegend(ChartFigure figure, bool filled = true)
    {
        ArgumentNullException.ThrowIfNull(figure);
        foreach (HostInfo host in Hosts)
        {
            if (HasVariants)
            {
                figure.AddLegendLine(NameOf(host), ChartPalette.GuideColor, Dash.Solid, LineWidthOf(host), MarkerOf(host, filled));
            }
            else
            {
                figure.AddLegendMarker(NameOf(host), MarkerOf(host, filled), ChartPalette.GuideColor);
            }
        }
    }
}

/// <summary>
/// Which of its two kinds of sample each case's point shows: cold bursts for every case where every case has at least
/// two, else warm bursts where every case has them (like against like across the chart), else each case's headline,
/// and then cold points are filled and warm points open, never joined by one line.
/// </summary>
internal sealed class PlottedSamples
{
    private readonly SampleKind? _all;
    private readonly IReadOnlyList<CaseStatistics> _cases;

    private PlottedSamples(SampleKind? all, IReadOnlyList<CaseStatistics> cases)
    {
        _all = all;
        _cases = cases;
    }

    /// <summary>The choice for the cases of one chart.</summary>
    public static PlottedSamples For(IEnumerable<CaseStatistics> cases)
    {
        var measured = cases.Where(s => s.HasMedian).ToList();
        SampleKind? all = measured.Count == 0 ? null
            : measured.All(s => s.Cold is { Count: >= 2 }) ? SampleKind.Cold
            : measured.All(s => s.Warm is { Count: > 0 }) ? SampleKind.Warm
            : null;
        return new PlottedSamples(all, measured);
    }

    /// <summary>The summary a case's point shows (null: no point).</summary>
    public SampleSummary? Of(CaseStatistics s)
    {
        ArgumentNullException.ThrowIfNull(s);
        return _all switch
        {
            SampleKind.Cold => s.Cold,
            SampleKind.Warm => s.Warm,
            _ => s.Headline,
        };
    }

    /// <summary>True when every point of the chart is a median of warm bursts (open markers).</summary>
    public bool AllWarm => _cases.Select(Of).OfType<SampleSummary>().Any() && _cases.Select(Of).OfType<SampleSummary>().All(s => s.Kind == SampleKind.Warm);

    /// <summary>True when the chart shows both kinds (filled and open points).</summary>
    public bool Mixed => _cases.Select(Of).OfType<SampleSummary>().Select(s => s.Kind).Distinct().Skip(1).Any();

    /// <summary>
    /// The subtitle's line on the points and whiskers, from the summaries plotted: "Points: medians of 6 cold bursts
    /// (one per fresh process); whiskers: 96.9% distribution-free interval of each median".
    /// </summary>
    public string Describe(IEnumerable<CaseStatistics> cases, string points = "Points: medians")
    {
        var plotted = cases.Select(Of).OfType<SampleSummary>().Where(s => s.Count > 0).ToList();
        if (plotted.Count == 0)
        {
            return "";
        }
        var kinds = plotted.GroupBy(p => p.Kind).OrderBy(g => g.Key).ToList();
        bool mixed = kinds.Count > 1;
        return string.Join("; ", kinds.Select(kind =>
        {
            string prefix = !mixed ? points : kind.Key == SampleKind.Cold ? $"Filled {points.ToLowerInvariant()}" : $"open {points.ToLowerInvariant()}";
            string single = kind.Any(s => s.Count < 2) ? " (none for a single burst)" : "";
            return $"{prefix} of {Format.CountRange(kind.Select(s => s.Count))} {KindWords(kind.Key)}; whiskers: {Format.Levels(kind)} distribution-free interval of each median, {Format.WithinRun}{single}";
        }));
    }

    /// <summary>
    /// "6 cold bursts (one per fresh process)", or both kinds with which points are filled and open: the samples a
    /// chart's figures other than times (peaks, rates) come from.
    /// </summary>
    public string Which(IEnumerable<CaseStatistics> cases)
    {
        var plotted = cases.Select(Of).OfType<SampleSummary>().Where(s => s.Count > 0).ToList();
        var kinds = plotted.GroupBy(p => p.Kind).OrderBy(g => g.Key).ToList();
        string text = KindsText(kinds.Select(k => (k.Key, k.Select(s => s.Count))));
        return plotted.All(s => s.ResourcesPerBurst) ? text : text + " (whole processes' peaks where bursts did not record their own)";
    }

    /// <summary>
    /// "6 cold bursts (one per fresh process)", or where both kinds are drawn "6 cold bursts (one per fresh process;
    /// filled markers) or 7 warm bursts (2..n of one process; open markers)".
    /// </summary>
    internal static string KindsText(IEnumerable<(SampleKind Kind, IEnumerable<int> Counts)> kinds)
    {
        var list = kinds.OrderBy(k => k.Kind).ToList();
        return string.Join(" or ", list.Select(k =>
        {
            string words = KindWords(k.Kind);
            string marker = list.Count > 1 ? (k.Kind == SampleKind.Cold ? "; filled markers)" : "; open markers)") : ")";
            return $"{Format.CountRange(k.Counts)} {words[..^1]}{marker}";
        }));
    }

    /// <summary>"cold bursts (one per fresh process)" or "warm bursts (2..n of one process)".</summary>
    internal static string KindWords(SampleKind kind) =>
        kind == SampleKind.Cold ? "cold bursts (one per fresh process)" : "warm bursts (2..n of one process)";

    /// <summary>Legend entries for filled and open points, where the chart has both.</summary>
    public void AddLegend(ChartFigure figure)
    {
        ArgumentNullException.ThrowIfNull(figure);
        if (Mixed)
        {
            figure.AddLegendMarker("filled markers: medians of cold bursts", MarkerShape.FilledCircle, ChartPalette.KindColor);
            figure.AddLegendMarker("open markers: medians of warm bursts", MarkerShape.OpenCircle, ChartPalette.KindColor);
        }
    }
}

/// <summary>
/// The ideals (dashed: lower bounds no burst can beat) and references (dotted: named times that are not bounds) of the
/// models a chart draws. A guide is drawn in its model's colour where only one model has it, else in black; each text
/// once in the legend, named for what it is.
/// </summary>
internal sealed class Guides
{
    private readonly Dictionary<(bool Reference, string Text), Color> _colors = [];
    private readonly HashSet<(bool Reference, string Text)> _used = [];

    public Guides(IEnumerable<CaseStatistics> cases)
    {
        ArgumentNullException.ThrowIfNull(cases);
        var all = cases.ToList();
        foreach (var guide in all.Where(s => s.IdealNs is > 0).GroupBy(s => IdealText(s)))
        {
            _colors[(false, guide.Key)] = ColorFor(guide);
        }
        foreach (var guide in all.Where(s => s.Model.Reference is not null && s.Case.OwnIdeal is null).GroupBy(s => s.Model.ReferenceText))
        {
            _colors[(true, guide.Key)] = ColorFor(guide);
        }
    }

    private static string IdealText(CaseStatistics s) => s.Model.IdealText.Length > 0 ? s.Model.IdealText : "the model's own";

    private static Color ColorFor(IEnumerable<CaseStatistics> users)
    {
        var orders = users.Select(s => s.Model.Order).Distinct().ToList();
        return orders.Count == 1 ? ChartPalette.ColorOf(orders[0]) : ChartPalette.GuideColor;
    }

    /// <summary>Draws the ideal and the reference of one series (where every point has them) into a panel, once per curve.</summary>
    public void Draw(ChartPanel panel, IReadOnlyList<CaseStatistics> series, Func<CaseStatistics, double> x)
    {
        ArgumentNullException.ThrowIfNull(panel);
        ArgumentNullException.ThrowIfNull(series);
        var points = series.OrderBy(x).ToList();
        if (points.Count > 0 && points.All(p => p.IdealNs is > 0))
        {
            Curve(panel, (false, IdealText(points[0])), [.. points.Select(x)], [.. points.Select(p => p.IdealNs!.Value)]);
        }
        if (points.Count > 0 && points[0].Model.Reference is { } reference && points.All(p => p.Case.OwnIdeal is null && reference(p.Case) is not null))
        {
            Curve(panel, (true, points[0].Model.ReferenceText), [.. points.Select(x)], [.. points.Select(p => reference(p.Case)!.Value.TotalNanoseconds)]);
        }
    }

    private readonly Dictionary<ChartPanel, HashSet<string>> _drawn = [];

    private void Curve(ChartPanel panel, (bool Reference, string Text) key, double[] xs, double[] ns)
    {
        string id = $"{key.Reference}|{string.Join(',', xs.Zip(ns).Select(p => $"{p.First:R}:{Math.Round(p.Second):R}"))}";
        if (!_drawn.TryGetValue(panel, out HashSet<string>? drawn))
        {
            _drawn[panel] = drawn = [];
        }
        if (!drawn.Add(id))
        {
            return;
        }
        ChartDrawing.AddLine(panel.Plot, xs, [.. ns.Select(Math.Log10)], _colors.TryGetValue(key, out Color color) ? color : ChartPalette.GuideColor, 1.5f, key.Reference ? Dash.Dotted : Dash.Dashed);
        _used.Add(key);
    }

    /// <summary>One legend entry per guide drawn.</summary>
    public void AddLegend(ChartFigure figure)
    {
        ArgumentNullException.ThrowIfNull(figure);
        foreach ((bool reference, string text) in _used.OrderBy(k => k.Reference).ThenBy(k => k.Text, StringComparer.Ordinal))
        {
            Color color = _colors.TryGetValue((reference, text), out Color c) ? c : ChartPalette.GuideColor;
            figure.AddLegendLine(reference ? $"{text}, not a bound" : $"ideal {text}", color, reference ? Dash.Dotted : Dash.Dashed, 1.5f);
        }
        if (_used.Count > 0)
        {
            figure.AddNote(Charts.GuidesNote);
        }
    }
}
