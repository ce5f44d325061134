using ScottPlot;
using SkiaSharp;

namespace ConcurrencyBench.Reporting;

/// <summary>What a rendered panel held: its title, where its data area was drawn (pixels) and its series.</summary>
/// <param name="Title">The panel's title (empty for a figure of one panel).</param>
/// <param name="DataArea">The panel's data area in the image, pixels from the top left (its whole cell where it had nothing to draw).</param>
/// <param name="Series">The series drawn in it, one name each (a model on a runtime, and its variant where it has one); none where it had nothing to draw.</param>
public sealed record ChartPanelInfo(string Title, PixelRect DataArea, IReadOnlyList<string> Series)
{
    /// <summary>What the panel says instead of axes where it had nothing to draw ("no samples in this timeline"); null where it drew data.</summary>
    public string? Empty { get; init; }
}

/// <summary>One panel of a <see cref="ChartFigure"/>: a ScottPlot plot with axes of its own, and the series drawn in it.</summary>
internal sealed class ChartPanel
{
    private readonly List<string> _series = [];

    internal ChartPanel(Plot plot, string title, string whenEmpty)
    {
        Plot = plot;
        Title = title;
        WhenEmpty = whenEmpty;
    }

    /// <summary>What the panel says where it has nothing to draw (its recipe's words: "no samples in this timeline").</summary>
    public string WhenEmpty { get; private set; }

    private bool _nothing;

    /// <summary>
    /// True when the panel has nothing to draw: no plottable in it holds a point (an empty series, or none), or its
    /// recipe said so (<see cref="ShowsNothing"/>). Such a panel is drawn as its title and <see cref="WhenEmpty"/>, with
    /// no axes: an axis without data is a made-up range (ScottPlot's −10 to 10).
    /// </summary>
    public bool IsEmpty => _nothing || !Plot.GetPlottables().Any(p => p.IsVisible && p.GetAxisLimits() is { IsRealX: true, IsRealY: true });

    /// <summary>Marks the panel as having nothing worth drawing although it holds a point (one sample is no course over time), saying why.</summary>
    public void ShowsNothing(string why)
    {
        _nothing = true;
        WhenEmpty = why;
    }

    /// <summary>
    /// For a panel of samples over time: with none it is empty anyway; with one there is no course to draw (and an
    /// axis around one point is made up), so it says so, naming <paramref name="of"/> ("this timeline").
    /// </summary>
    public void ExpectCourse(int samples, string of)
    {
        if (samples == 1)
        {
            ShowsNothing($"1 sample in {of}: no course over time to draw");
        }
    }

    /// <summary>Where the last render put the panel when it had nothing to draw (its cell).</summary>
    internal PixelRect EmptyArea { get; set; }

    /// <summary>
    /// True: the x axis ends where the last printed bar figure ends (<see cref="AddBarLabel"/>), measured at render
    /// time, so that no empty band is left right of the data and no figure runs out of the plot.
    /// </summary>
    public bool FitsBarLabels { get; set; }

    /// <summary>The figures printed at bars' ends (<see cref="AddBarLabel"/>).</summary>
    public IReadOnlyList<(PointLabel Label, bool FromAxis)> BarLabels => _barLabels;

    private readonly List<(PointLabel, bool)> _barLabels = [];

    /// <summary>
    /// A figure printed just right of (x, y) (data units), level with it: a bar's value at its end. With
    /// <paramref name="fromAxis"/>, printed from the data area's left edge instead (the words of a row without a bar).
    /// </summary>
    public void AddBarLabel(double x, double y, string text, Color color, bool fromAxis = false)
    {
        if (double.IsFinite(x) && double.IsFinite(y))
        {
            _barLabels.Add((new PointLabel(x, y, text, color), fromAxis));
        }
    }

    /// <summary>The panel's plot.</summary>
    public Plot Plot { get; }

    /// <summary>The panel's title ("" for none).</summary>
    public string Title { get; }

    /// <summary>The series drawn, one name each, in the order drawn.</summary>
    public IReadOnlyList<string> Series => _series;

    /// <summary>Counts a series drawn in the panel (once per name: a series broken into segments is one series).</summary>
    public void AddSeries(string name)
    {
        if (!_series.Contains(name, StringComparer.Ordinal))
        {
            _series.Add(name);
        }
    }

    private readonly List<ChartGap> _gaps = [];
    private readonly List<PointLabel> _endLabels = [];
    private readonly List<PointLabel> _valueLabels = [];

    /// <summary>What the panel leaves out, each drawn as a label where its point would be (<see cref="AddGap"/>).</summary>
    public IReadOnlyList<ChartGap> Gaps => _gaps;

    /// <summary>The labels at the ends of the panel's lines (<see cref="AddEndLabel"/>).</summary>
    public IReadOnlyList<PointLabel> EndLabels => _endLabels;

    /// <summary>
    /// A labelled gap: a case that failed or was not run, named at x (data units; the middle of <paramref name="xs"/>
    /// where it spans several) in the band at the foot of the data area, in its series' colour, so that what is left
    /// out is never silently absent. Gaps of one text are drawn once.
    /// </summary>
    public void AddGap(IReadOnlyList<double> xs, string text, Color color)
    {
        ArgumentNullException.ThrowIfNull(xs);
        if (xs.Count > 0 && !_gaps.Any(g => g.Text == text))
        {
            _gaps.Add(new ChartGap([.. xs], text, color));
        }
    }

    /// <summary>The figures printed beside points (<see cref="AddValueLabel"/>).</summary>
    public IReadOnlyList<PointLabel> ValueLabels => _valueLabels;

    /// <summary>
    /// A figure printed beside the point (x, y) (data units) in its colour: above it, or below, right or left of it where
    /// another figure is already there. Where an axis starts a decade below the data, the printed figures say what a
    /// difference of a few percent is.
    /// </summary>
    public void AddValueLabel(double x, double y, string text, Color color)
    {
        if (double.IsFinite(x) && double.IsFinite(y))
        {
            _valueLabels.Add(new PointLabel(x, y, text, color));
        }
    }

    /// <summary>
    /// A label for the line ending at (x, y) (data units), printed beside the data area's right edge, level with the end
    /// where neighbours leave room (else moved just enough, with a leader back to the end): series of one colour are
    /// told apart by their words, not by marker shape alone. A line that ends more than half an x unit (a burst) before
    /// the panel's last is labelled just right of its own end instead.
    /// </summary>
    public void AddEndLabel(double x, double y, string text, Color color)
    {
        if (double.IsFinite(x) && double.IsFinite(y))
        {
            _endLabels.Add(new PointLabel(x, y, text, color));
        }
    }
}

/// <summary>A labelled gap of a panel: the x positions (data units) where a series has no point, and why.</summary>
internal sealed record ChartGap(IReadOnlyList<double> Xs, string Text, Color Color);

/// <summary>A label at a point (a line's last, or a figure's own): where (data units), its words and its colour.</summary>
internal sealed record PointLabel(double X, double Y, string Text, Color Color);

/// <summary>
/// A chart that stands alone: a title that asks its question, a subtitle that says where its figures come from and
/// what its points and whiskers are, one panel or several (small multiples, each a ScottPlot <see cref="Plot"/> with its
/// own axes and one quantity on its one y axis, laid out as one image), one legend for the whole figure, never wider than
/// a third of the image, and notes at the foot. The figure places the words panels carry (labelled gaps, line-end
/// labels, printed figures) so that no text is drawn over another. Rendered with ScottPlot onto one Skia canvas, so the
/// PNG and the SVG show the same.
/// </summary>
internal sealed class ChartFigure : IDisposable
{
    /// <summary>Font sizes (pixels): title, subtitle, notes, legend, panel titles.</summary>
    internal const float TitleSize = 17, SubtitleSize = 12, NoteSize = 11, LegendSize = 11, PanelTitleSize = 13;

    /// <summary>The legend box's outline: the one element of a chart drawn in this colour (tests find the box by it).</summary>
    internal static readonly Color LegendOutline = Color.FromHex("#404040");

    private const float Margin = 10, Gap = 14;
    private readonly List<ChartPanel> _panels = [];
    private readonly List<LegendItem> _legend = [];
    private readonly Dictionary<string, (Dash Dash, Color Color, float Width)> _dashes = [];
    private readonly Plot _legendOwner = new();

    public ChartFigure(string title, IEnumerable<string> subtitle)
    {
        ArgumentNullException.ThrowIfNull(subtitle);
        ChartFonts.EnsureLoaded();
        Title = title;
        Subtitle = [.. subtitle.Where(s => s.Length > 0)];
    }

    /// <summary>The question the chart answers.</summary>
    public string Title { get; }

    /// <summary>Lines of the subtitle: the machine, runtimes and profile; what the points and whiskers are.</summary>
    public IReadOnlyList<string> Subtitle { get; }

    /// <summary>Notes printed at the foot (what is offset, hidden or left out, and why), each once.</summary>
    public IReadOnlyList<string> Notes => _notes;

    private readonly List<string> _notes = [];

    /// <summary>Adds a note at the foot, unless it is there already.</summary>
    public void AddNote(string note)
    {
        if (!_notes.Contains(note, StringComparer.Ordinal))
        {
            _notes.Add(note);
        }
    }

    /// <summary>The panels, in reading order.</summary>
    public IReadOnlyList<ChartPanel> Panels => _panels;

    /// <summary>Panels per row (0: as many as fit, at most 3).</summary>
    public int Columns { get; set; }

    /// <summary>Relative widths of the columns (null: equal).</summary>
    public IReadOnlyList<double>? ColumnWeights { get; set; }

    /// <summary>The size of a chart of one row of panels, pixels (figures of several rows are taller).</summary>
    public const int DefaultWidth = 1200;

    /// <inheritdoc cref="DefaultWidth"/>
    public const int DefaultHeight = 560;

    /// <summary>The image size in pixels.</summary>
    public int Width { get; set; } = DefaultWidth;

    /// <inheritdoc cref="Width"/>
    public int Height { get; set; } = DefaultHeight;

    /// <summary>The legend's entries, in order, one per label.</summary>
    public IReadOnlyList<string> LegendLabels => [.. _legend.Select(i => i.LabelStyle.Text)];

    /// <summary>Where the last render put the legend's box (pixels); empty when the figure has no legend.</summary>
    public PixelRect LegendBox { get; private set; }

    /// <summary>
    /// Adds a panel with its axis labels; its title is printed above its data area. Where it ends up with nothing to draw
    /// (<see cref="ChartPanel.IsEmpty"/>), it says <paramref name="whenEmpty"/> in place of axes.
    /// </summary>
    public ChartPanel AddPanel(string title, string xLabel, string yLabel, string whenEmpty = "no data for this panel")
    {
        var plot = new Plot();
        // Panels share one canvas: each paints its own rectangle only.
        plot.RenderManager.ClearCanvasBeforeEachRender = false;
        plot.Font.Set(ChartFonts.Family);
        if (title.Length > 0)
        {
            plot.Title(title, PanelTitleSize);
        }
        plot.XLabel(xLabel, AxisLabelSize);
        plot.YLabel(yLabel, AxisLabelSize);
        plot.Axes.Bottom.TickLabelStyle.FontSize = 11;
        plot.Axes.Left.TickLabelStyle.FontSize = 11;
        var panel = new ChartPanel(plot, title, whenEmpty);
        _panels.Add(panel);
        return panel;
    }

    /// <summary>Adds a legend entry; an entry whose label is already there is not added again (no two alike).</summary>
    public void AddLegend(LegendItem item)
    {
        ArgumentNullException.ThrowIfNull(item);
        if (!_legend.Any(i => i.LabelStyle.Text == item.LabelStyle.Text))
        {
            _legend.Add(item);
        }
    }

    /// <summary>A legend entry drawn as a line (and a marker where one is given).</summary>
    public void AddLegendLine(string label, Color color, Dash dash, float width = 2, MarkerShape marker = MarkerShape.None, float markerSize = 7)
    {
        if (dash != Dash.Solid && !_legend.Any(i => i.LabelStyle.Text == label))
        {
            // Drawn over the symbol by the figure itself: Skia's SVG canvas would draw a patterned line solid.
            _dashes[label] = (dash, color, width);
        }
        AddLegend(new LegendItem
        {
            LabelStyle = { Text = label },
            LineColor = color,
            LineWidth = dash == Dash.Solid ? width : 0,
            MarkerShape = marker,
            MarkerSize = markerSize,
            MarkerFillColor = color,
            MarkerLineColor = color,
            MarkerLineWidth = 1.5f,
        });
    }

    /// <summary>A legend entry drawn as a marker alone.</summary>
    public void AddLegendMarker(string label, MarkerShape marker, Color color, float size = 8)
    {
        AddLegend(new LegendItem
        {
            LabelStyle = { Text = label },
            LineWidth = 0,
            MarkerShape = marker,
            MarkerSize = size,
            MarkerFillColor = color,
            MarkerLineColor = color,
            MarkerLineWidth = 1.5f,
        });
    }

    /// <summary>Renders and writes <c>{name}.png</c> and <c>{name}.svg</c> into <paramref name="folder"/>.</summary>
    public ChartFile Save(string folder, string name)
    {
        // An interrupt stops a render at its next chart (its folder is then removed: OutputFolder).
        Interruption.ThrowIfRequested();
        Directory.CreateDirectory(folder);
        string png = Path.Combine(folder, name + ".png");
        string svg = Path.Combine(folder, name + ".svg");
        using (SKSurface surface = SKSurface.Create(new SKImageInfo(Width, Height)))
        {
            Render(surface.Canvas);
            using SKImage image = surface.Snapshot();
            using SKData data = image.Encode(SKEncodedImageFormat.Png, 100);
            File.WriteAllBytes(png, data.ToArray());
        }
        File.WriteAllText(svg, GetSvgXml());
        return new ChartFile(name, Title, png, svg)
        {
            Subtitle = Subtitle,
            Panels = [.. _panels.Select(p => p.IsEmpty
                ? new ChartPanelInfo(p.Title, p.EmptyArea, []) { Empty = p.WhenEmpty }
                : new ChartPanelInfo(p.Title, p.Plot.LastRender.DataRect, p.Series))],
            Legend = LegendLabels,
            LegendBox = LegendBox,
            Width = Width,
            Height = Height,
        };
    }

    /// <summary>The figure as SVG (Skia's SVG canvas, as ScottPlot's own SaveSvg).</summary>
    public string GetSvgXml()
    {
        using var stream = new MemoryStream();
        using (SKCanvas canvas = SKSvgCanvas.Create(new SKRect(0, 0, Width, Height), stream))
        {
            Render(canvas);
        }
        return System.Text.Encoding.UTF8.GetString(stream.ToArray());
    }

    /// <summary>Lays the figure out and draws it onto <paramref name="canvas"/>.</summary>
    public void Render(SKCanvas canvas)
    {
        ArgumentNullException.ThrowIfNull(canvas);
        canvas.Clear(SKColors.White);
        using Paint paint = Paint.NewDisposablePaint();

        // The header: the title, then the subtitle's lines, each wrapped to the width and centred.
        float y = Margin;
        float textWidth = Width - (2 * Margin);
        foreach (string line in Wrap(Title, TitleSize, textWidth, paint, MaxLineChars))
        {
            y += DrawText(canvas, paint, line, TitleSize, Colors.Black, Width / 2f, y, Alignment.UpperCenter);
        }
        y += 2;
        foreach (string line in Subtitle.SelectMany(s => Wrap(s, SubtitleSize, textWidth, paint, MaxLineChars)))
        {
            y += DrawText(canvas, paint, line, SubtitleSize, Color.FromHex("#333333"), Width / 2f, y, Alignment.UpperCenter);
        }
        float top = y + 6;

        // The foot: notes, left-aligned, under everything else (the grid's shared x label included).
        var noteLines = Notes.SelectMany(n => Wrap(n, NoteSize, textWidth, paint, MaxLineChars)).ToList();
        float noteHeight = noteLines.Count * LineHeight(NoteSize);
        float notesTop = Height - Margin - noteHeight;
        float bottom = notesTop;

        // The legend: its entries wrapped so that the box stays within a third of the image; none where no panel drew
        // anything (it would key lines that are not there).
        Legend? legend = _legend.Count == 0 || _panels.All(p => p.IsEmpty) ? null : BuildLegend(paint);
        PixelSize legendSize = legend is null ? new PixelSize(0, 0) : legend.GetLayout(new PixelSize(Width / 3f, Height), paint).LegendRect.Size;

        // One quantity per y axis: a second one gets a panel of its own (a right axis is read against the wrong scale).
        if (_panels.Any(p => p.Plot.Axes.Right.Label.Text.Length > 0 || p.Plot.GetPlottables().Any(x => x.Axes.YAxis == p.Plot.Axes.Right)))
        {
            throw new InvalidOperationException($"'{Title}' draws against a second y axis: give the second quantity a panel of its own");
        }

        // Small multiples whose panels share an axis's label say it once for the grid, not once per panel.
        ShareAxisLabels();
        float labelHeight = LineHeight(AxisLabelSize);
        if (_sharedX is not null)
        {
            bottom -= labelHeight;
        }
        float gridLeft = Margin + (_sharedLeft is null ? 0 : labelHeight);

        int count = Math.Max(1, _panels.Count);
        int columns = Columns > 0 ? Columns : Math.Min(count, 3);
        int rows = (int)Math.Ceiling(count / (double)columns);
        float right = Width - Margin;
        // The legend takes a free cell of the grid where there is one big enough, else a column at the right.
        bool inCell = legend is not null && rows * columns > count;
        float gridRight = right;
        PixelRect[] cells = Cells(new PixelRect(gridLeft, gridRight, top, bottom), rows, columns);
        if (inCell && (legendSize.Width > cells[^1].Width - Gap || legendSize.Height > cells[^1].Height - Gap))
        {
            inCell = false;
        }
        if (legend is not null && !inCell)
        {
            right -= legendSize.Width + Gap;
            gridRight = right;
            cells = Cells(new PixelRect(gridLeft, gridRight, top, bottom), rows, columns);
        }
        // Every panel keeps the same room for end labels, so that small multiples keep one width.
        float endLabelRoom = EndLabelRoom(paint);
        for (int i = 0; i < _panels.Count; i++)
        {
            if (_panels[i].IsEmpty)
            {
                DrawEmpty(canvas, paint, _panels[i], cells[i]);
                continue;
            }
            Plot plot = _panels[i].Plot;
            plot.Font.Set(ChartFonts.Family);
            ReserveEndLabels(_panels[i], endLabelRoom);
            FitBarLabels(_panels[i], cells[i], paint);
            plot.Render(canvas, cells[i]);
            DrawGaps(canvas, paint, _panels[i]);
            DrawEndLabels(canvas, paint, _panels[i]);
            DrawValueLabels(canvas, paint, _panels[i]);
            DrawBarLabels(canvas, paint, _panels[i]);
        }
        Color axisColor = Color.FromHex("#222222");
        if (_sharedX is not null)
        {
            DrawText(canvas, paint, _sharedX, AxisLabelSize, axisColor, (gridLeft + gridRight) / 2, bottom, Alignment.UpperCenter);
        }
        if (_sharedLeft is not null)
        {
            float x = Margin + (labelHeight / 2), middle = (top + bottom) / 2;
            canvas.Save();
            canvas.RotateDegrees(-90f, x, middle);
            DrawText(canvas, paint, _sharedLeft, AxisLabelSize, axisColor, x, middle, Alignment.MiddleCenter);
            canvas.Restore();
        }
        if (legend is not null)
        {
            PixelRect area = inCell ? cells[^1] : new PixelRect(right + Gap, Width - Margin, top, bottom);
            float left = inCell ? area.Left + ((area.Width - legendSize.Width) / 2) : area.Left;
            float legendTop = area.Top + Math.Max(0, (area.Height - legendSize.Height) / 2);
            LegendBox = new PixelRect(left, left + legendSize.Width, legendTop, legendTop + legendSize.Height);
            // A rectangle larger than the box: one of exactly its size can round a last entry into a second column.
            legend.Render(canvas, paint, new PixelRect(left, left + legendSize.Width + Gap, legendTop, Math.Max(legendTop + legendSize.Height + Gap, area.Bottom)), Alignment.UpperLeft);
            DrawLegendDashes(canvas, legend, paint);
        }
        else
        {
            LegendBox = new PixelRect(0, 0, 0, 0);
        }
        float noteY = notesTop;
        foreach (string line in noteLines)
        {
            noteY += DrawText(canvas, paint, line, NoteSize, Color.FromHex("#333333"), Margin, noteY, Alignment.UpperLeft);
        }
    }

    public void Dispose()
    {
        foreach (ChartPanel panel in _panels)
        {
            panel.Plot.Dispose();
        }
        _legendOwner.Dispose();
    }

    // The grid's cells, row by row; the columns' widths follow ColumnWeights.
    private PixelRect[] Cells(PixelRect body, int rows, int columns)
    {
        double[] weights = ColumnWeights is { } w && w.Count == columns ? [.. w] : [.. Enumerable.Repeat(1.0, columns)];
        double total = weights.Sum();
        float rowHeight = body.Height / rows;
        var cells = new List<PixelRect>();
        for (int r = 0; r < rows; r++)
        {
            double x = body.Left;
            for (int c = 0; c < columns; c++)
            {
                double width = body.Width * weights[c] / total;
                cells.Add(new PixelRect((float)x, (float)(x + width), body.Top + (r * rowHeight), body.Top + ((r + 1) * rowHeight)));
                x += width;
            }
        }
        return [.. cells];
    }

    private Legend BuildLegend(Paint paint)
    {
        // The widest label a box of a third of the image holds beside its symbol.
        float labelWidth = (Width / 3f) - 70;
        var legend = new Legend(_legendOwner)
        {
            FontName = ChartFonts.Family,
            FontSize = LegendSize,
            OutlineColor = LegendOutline,
            OutlineWidth = 1,
            ShadowColor = Colors.Transparent,
            Margin = new PixelPadding(0),
            SymbolWidth = 28,
            InterItemPadding = new PixelPadding(0, 0, 1, 1),
        };
        foreach (LegendItem item in _legend)
        {
            legend.ManualItems.Add(new LegendItem
            {
                LabelStyle = { Text = string.Join('\n', Wrap(item.LabelStyle.Text, LegendSize, labelWidth, paint)) },
                LineStyle = item.LineStyle,
                MarkerStyle = item.MarkerStyle,
                FillStyle = item.FillStyle,
            });
        }
        return legend;
    }

    // The dashed and dotted symbols, drawn as separate strokes where the legend left their line out (see AddLegendLine).
    private void DrawLegendDashes(SKCanvas canvas, Legend legend, Paint paint)
    {
        LegendLayout layout = legend.GetLayout(new PixelSize(Width / 3f, Height), paint);
        float dx = LegendBox.Left - layout.LegendRect.Left, dy = LegendBox.Top - layout.LegendRect.Top;
        for (int i = 0; i < _legend.Count && i < layout.SymbolRects.Length; i++)
        {
            if (!_dashes.TryGetValue(_legend[i].LabelStyle.Text, out var dash))
            {
                continue;
            }
            PixelRect symbol = layout.SymbolRects[i];
            float y = symbol.VerticalCenter + dy;
            using var path = new SKPath();
            PatternedLine.AppendDashes(path, [new Pixel(symbol.Left + dx, y), new Pixel(symbol.Right + dx, y)], PatternedLine.Intervals(dash.Dash));
            using var stroke = new SKPaint
            {
                Color = dash.Color.ToSKColor(),
                StrokeWidth = dash.Width,
                IsStroke = true,
                IsAntialias = true,
                StrokeCap = dash.Dash == Dash.Dotted ? SKStrokeCap.Round : SKStrokeCap.Butt,
            };
            canvas.DrawPath(path, stroke);
        }
    }

    // A panel with nothing to draw: its title, a light frame, and what it lacks in its middle; no axes.
    private static void DrawEmpty(SKCanvas canvas, Paint paint, ChartPanel panel, PixelRect cell)
    {
        float y = cell.Top + 4;
        foreach (string line in panel.Title.Split('\n').Where(l => l.Length > 0))
        {
            y += DrawText(canvas, paint, line, PanelTitleSize, Colors.Black, cell.HorizontalCenter, y, Alignment.UpperCenter);
        }
        var frame = new PixelRect(cell.Left + Gap, cell.Right - Gap, y + 4, cell.Bottom - Gap);
        panel.EmptyArea = frame;
        using var stroke = new SKPaint { Color = new SKColor(0xC8, 0xC8, 0xC8), StrokeWidth = 1, IsStroke = true };
        canvas.DrawRect(new SKRect(frame.Left, frame.Top, frame.Right, frame.Bottom), stroke);
        var lines = Wrap(panel.WhenEmpty, 14, Math.Max(50, frame.Width - (2 * Gap)), paint);
        float top = frame.VerticalCenter - (lines.Count * LineHeight(14) / 2);
        foreach (string line in lines)
        {
            top += DrawText(canvas, paint, line, 14, Color.FromHex("#555555"), frame.HorizontalCenter, top, Alignment.UpperCenter);
        }
    }

    /// <summary>The size of the labels of gaps and of line ends, pixels.</summary>
    internal const float LabelSize = 10;

    // Room right of the data area for the widest end label of any panel that reaches it (0: none has one).
    private float EndLabelRoom(Paint paint)
    {
        var style = new LabelStyle { FontName = ChartFonts.Family, FontSize = LabelSize };
        return _panels.SelectMany(p => p.EndLabels.Where(l => l.X >= p.EndLabels.Max(o => o.X) - 0.5))
            .Select(l => style.Measure(l.Text, paint).Width + 12).DefaultIfEmpty(0).Max();
    }

    // The room is the right axis's (which draws no ticks: nothing else is there).
    private static void ReserveEndLabels(ChartPanel panel, float room)
    {
        if (room > 0)
        {
            panel.Plot.Axes.Right.MinimumSize = room;
        }
    }

    // Each end label level with its line's end: beside the data area's right edge for the lines that reach it, just right
    // of its last point for a line that ends earlier; labels at one place moved apart just enough that no two overlap.
    private static void DrawEndLabels(SKCanvas canvas, Paint paint, ChartPanel panel)
    {
        if (panel.EndLabels.Count == 0)
        {
            return;
        }
        PixelRect data = panel.Plot.LastRender.DataRect;
        float height = LineHeight(LabelSize);
        var style = new LabelStyle { FontName = ChartFonts.Family, FontSize = LabelSize };
        double last = panel.EndLabels.Max(l => l.X);
        var ends = panel.EndLabels.Select(l => (Label: l, At: panel.Plot.GetPixel(new Coordinates(l.X, l.Y)), InMargin: l.X >= last - 0.5));
        foreach (var place in ends.GroupBy(e => e.InMargin ? float.NaN : MathF.Round(e.At.X)))
        {
            var stack = place.OrderBy(e => e.At.Y).ToList();
            float[] ys = [.. stack.Select(e => Math.Clamp(e.At.Y, data.Top + (height / 2), data.Bottom - (height / 2)))];
            for (int i = 1; i < ys.Length; i++)
            {
                ys[i] = Math.Max(ys[i], ys[i - 1] + height);
            }
            // Pushed past the bottom: the whole stack moves up, still in order.
            float overflow = ys[^1] - (data.Bottom - (height / 2));
            for (int i = ys.Length - 1; i >= 0 && overflow > 0; i--)
            {
                ys[i] -= overflow;
                overflow = i > 0 ? ys[i - 1] + height - ys[i] : 0;
            }
            for (int i = 0; i < stack.Count; i++)
            {
                (PointLabel label, Pixel at, bool inMargin) = stack[i];
                // A label inside the data area ends inside it: running on into the margin, it would be drawn over the
                // labels of the lines that reach the panel's last x (as in Offload-bursts, where the JIT's line ends a
                // burst early beside k = 16's label).
                float x = inMargin ? data.Right + 8 : Math.Min(at.X + 8, data.Right - 2 - style.Measure(label.Text, paint).Width);
                if (inMargin && Math.Abs(ys[i] - at.Y) > 1)
                {
                    // A leader in the margin only, from the data area's edge at the line's level: never across the data.
                    using var leader = new SKPaint { Color = label.Color.ToSKColor(), StrokeWidth = 1, IsStroke = true, IsAntialias = true };
                    canvas.DrawLine(data.Right + 1, Math.Clamp(at.Y, data.Top, data.Bottom), x - 2, ys[i], leader);
                }
                DrawText(canvas, paint, label.Text, LabelSize, label.Color, x, ys[i], Alignment.MiddleLeft, overData: !inMargin);
            }
        }
    }

    // Each figure beside its point: above it where that is free, else below, right or left of it; inside the data area.
    private static void DrawValueLabels(SKCanvas canvas, Paint paint, ChartPanel panel)
    {
        if (panel.ValueLabels.Count == 0)
        {
            return;
        }
        PixelRect data = panel.Plot.LastRender.DataRect;
        var style = new LabelStyle { FontName = ChartFonts.Family, FontSize = LabelSize };
        float height = LineHeight(LabelSize);
        var placed = new List<PixelRect>();
        foreach (PointLabel label in panel.ValueLabels.OrderByDescending(l => l.Y))
        {
            Pixel at = panel.Plot.GetPixel(new Coordinates(label.X, label.Y));
            float width = style.Measure(label.Text, paint).Width;
            PixelRect[] candidates =
            [
                new(at.X - (width / 2), at.X + (width / 2), at.Y - 8 - height, at.Y - 8),
                new(at.X - (width / 2), at.X + (width / 2), at.Y + 8, at.Y + 8 + height),
                new(at.X + 8, at.X + 8 + width, at.Y - (height / 2), at.Y + (height / 2)),
                new(at.X - 8 - width, at.X - 8, at.Y - (height / 2), at.Y + (height / 2)),
            ];
            PixelRect Inside(PixelRect r)
            {
                float dx = Math.Max(0, data.Left + 2 - r.Left) - Math.Max(0, r.Right - (data.Right - 2));
                float dy = Math.Max(0, data.Top + 2 - r.Top) - Math.Max(0, r.Bottom - (data.Bottom - 2));
                return new PixelRect(r.Left + dx, r.Right + dx, r.Top + dy, r.Bottom + dy);
            }
            static float Overlap(PixelRect a, PixelRect b) =>
                Math.Max(0, Math.Min(a.Right, b.Right) - Math.Max(a.Left, b.Left)) * Math.Max(0, Math.Min(a.Bottom, b.Bottom) - Math.Max(a.Top, b.Top));
            PixelRect box = candidates.Select(Inside).OrderBy(c => placed.Sum(p => Overlap(p, c))).First();
            placed.Add(box);
            DrawText(canvas, paint, label.Text, LabelSize, label.Color, box.Left, box.Top, Alignment.UpperLeft, overData: true);
        }
    }

    // Where a panel fits its x axis to its bar figures: a render off-screen gives the data area's width, then the axis
    // ends where the widest-reaching figure (its x, its 8 px offset, its width and a margin) ends.
    private static void FitBarLabels(ChartPanel panel, PixelRect cell, Paint paint)
    {
        var labels = panel.BarLabels.Where(l => !l.FromAxis).Select(l => l.Label).ToList();
        if (!panel.FitsBarLabels || labels.Count == 0)
        {
            return;
        }
        Plot plot = panel.Plot;
        plot.RenderInMemory((int)Math.Ceiling(cell.Width), (int)Math.Ceiling(cell.Height));
        float width = plot.LastRender.DataRect.Width;
        double left = plot.Axes.Bottom.Range.Min;
        var style = new LabelStyle { FontName = ChartFonts.Family, FontSize = BarLabelSize };
        double needed = labels.Select(l =>
        {
            float room = width - (style.Measure(l.Text, paint).Width + 8 + 14);
            return room > width * 0.2f ? (l.X - left) * width / room : (l.X - left) * 5;
        }).Max();
        plot.Axes.SetLimitsX(left, left + Math.Max(needed, 1e-9));
    }

    // Each bar's figure just right of its end, level with it; a row without a bar says why from the left edge.
    private static void DrawBarLabels(SKCanvas canvas, Paint paint, ChartPanel panel)
    {
        PixelRect data = panel.Plot.LastRender.DataRect;
        foreach ((PointLabel label, bool fromAxis) in panel.BarLabels)
        {
            Pixel at = panel.Plot.GetPixel(new Coordinates(label.X, label.Y));
            DrawText(canvas, paint, label.Text, BarLabelSize, label.Color, fromAxis ? data.Left + 8 : at.X + 8, at.Y, Alignment.MiddleLeft, overData: true);
        }
    }

    /// <summary>The size of the figures printed at bars' ends, pixels: the chart's answer, read first.</summary>
    internal const float BarLabelSize = 13;

    // Each gap's words in the band at the foot of the data area, centred on its x (kept inside the area), in its series'
    // colour; a gap whose words would run into another's goes a line higher.
    private static void DrawGaps(SKCanvas canvas, Paint paint, ChartPanel panel)
    {
        if (panel.Gaps.Count == 0)
        {
            return;
        }
        PixelRect data = panel.Plot.LastRender.DataRect;
        float height = LineHeight(LabelSize);
        var style = new LabelStyle { FontName = ChartFonts.Family, FontSize = LabelSize };
        var placed = new List<PixelRect>();
        foreach (ChartGap gap in panel.Gaps.OrderBy(g => g.Xs.Average()))
        {
            float centre = panel.Plot.GetPixel(new Coordinates(gap.Xs.Average(), 0)).X;
            var lines = Wrap(gap.Text, LabelSize, data.Width - 8, paint);
            float width = lines.Max(l => style.Measure(l, paint).Width);
            float left = Math.Clamp(centre - (width / 2), data.Left + 4, Math.Max(data.Left + 4, data.Right - 4 - width));
            float boxHeight = lines.Count * height;
            float top = data.Bottom - 3 - boxHeight;
            while (placed.Any(p => p.Left < left + width + 6 && left < p.Right + 6 && p.Top < top + boxHeight && top < p.Bottom) && top > data.Top)
            {
                top -= height;
            }
            placed.Add(new PixelRect(left, left + width, top, top + boxHeight));
            foreach (string line in lines)
            {
                top += DrawText(canvas, paint, line, LabelSize, gap.Color, left, top, Alignment.UpperLeft, overData: true);
            }
        }
    }

    private static float LineHeight(float size) => size * 1.35f;

    /// <summary>The size of an axis label said once for the whole grid (as a panel's own, see <see cref="AddPanel"/>).</summary>
    internal const float AxisLabelSize = 13;

    /// <summary>
    /// No line of the title, subtitle or notes holds more characters than this: a longer one wraps, so that the figure
    /// reads in lines a reader takes in at once.
    /// </summary>
    internal const int MaxLineChars = 100;

    private bool _shared;
    private string? _sharedX, _sharedLeft;

    // Once, at the first render (the PNG and the SVG render the same figure): an axis label that every panel gives
    // alike moves from the panels to the grid.
    private void ShareAxisLabels()
    {
        if (_shared)
        {
            return;
        }
        _shared = true;
        // Panels with nothing to draw show no axes: their labels are not counted.
        var drawn = _panels.Where(p => !p.IsEmpty).ToList();
        string? Shared(Func<Plot, IAxis> axis)
        {
            var texts = drawn.Select(p => axis(p.Plot).Label.Text).Distinct().ToList();
            if (drawn.Count < 2 || texts.Count != 1 || string.IsNullOrEmpty(texts[0]))
            {
                return null;
            }
            foreach (ChartPanel panel in drawn)
            {
                axis(panel.Plot).Label.Text = "";
            }
            return texts[0];
        }
        _sharedX = Shared(p => p.Axes.Bottom);
        _sharedLeft = Shared(p => p.Axes.Left);
    }

    // Draws one line of text at (x, y) with its top there; returns the line's height.
    // Over data (a label inside a panel), on a white ground, so that the lines under it do not cross its words.
    private static float DrawText(SKCanvas canvas, Paint paint, string text, float size, Color color, float x, float y, Alignment alignment, bool overData = false)
    {
        var label = new LabelStyle
        {
            Text = text,
            FontName = ChartFonts.Family,
            FontSize = size,
            ForeColor = color,
            Alignment = alignment,
            BackgroundColor = overData ? Colors.White.WithAlpha(0.85) : Colors.Transparent,
        };
        label.Render(canvas, new Pixel(x, y), paint);
        return LineHeight(size);
    }

    /// <summary>
    /// Splits <paramref name="text"/> into lines no wider than <paramref name="width"/>: at its clauses (after "; " and
    /// " · ") where they fit, else at spaces.
    /// </summary>
    internal static IReadOnlyList<string> Wrap(string text, float size, float width, Paint paint, int maxChars = int.MaxValue)
    {
        var label = new LabelStyle { FontName = ChartFonts.Family, FontSize = size };
        // A line too long for the width, or past maxChars: either way the next line.
        float Measure(string s) => s.TrimEnd().Length > maxChars ? float.PositiveInfinity : label.Measure(s, paint).Width;
        var lines = new List<string>();
        foreach (string paragraph in text.Split('\n'))
        {
            string current = "";
            foreach (string clause in Clauses(paragraph))
            {
                if (current.Length > 0 && Measure(current + clause) <= width)
                {
                    current += clause;
                    continue;
                }
                if (current.Length > 0)
                {
                    lines.Add(current.TrimEnd(' ', '·'));
                    current = "";
                }
                foreach (string word in clause.Split(' ', StringSplitOptions.RemoveEmptyEntries))
                {
                    if (word == "·" && current.Length == 0)
                    {
                        continue;
                    }
                    string candidate = current.Length == 0 ? word : current + " " + word;
                    if (current.Length > 0 && Measure(candidate) > width)
                    {
                        lines.Add(current.TrimEnd(' ', '·'));
                        current = word;
                    }
                    else
                    {
                        current = candidate;
                    }
                }
                current += clause.EndsWith(' ') ? " " : "";
            }
            lines.Add(current.TrimEnd(' ', '·'));
        }
        return lines;
    }

    // A paragraph cut after each "; " and before each " · ", the pieces keeping their separators.
    private static IEnumerable<string> Clauses(string paragraph)
    {
        int start = 0;
        for (int i = 0; i < paragraph.Length; i++)
        {
            if (paragraph[i] == ';' && i + 1 < paragraph.Length && paragraph[i + 1] == ' ')
            {
                yield return paragraph[start..(i + 2)];
                start = i + 2;
                i++;
            }
            else if (paragraph[i] == '·' && i > 0 && paragraph[i - 1] == ' ' && i - 1 > start)
            {
                yield return paragraph[start..(i - 1)];
                start = i - 1;
            }
        }
        if (start < paragraph.Length)
        {
            yield return paragraph[start..];
        }
    }
}
