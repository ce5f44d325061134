using System.Globalization;
using System.Text.RegularExpressions;
using System.Xml.Linq;
using SkiaSharp;

namespace ConcurrencyBench.Reporting.Tests;

/// <summary>
/// A chart's SVG, read as a reader's eye would: its texts where they stand, the legend's box (the one rectangle
/// stroked in the legend's outline colour), the panels' data areas (the clip rectangles of what they plot), the markers
/// drawn in each, and the grid lines that mark the major ticks. Tests check what a chart shows through it.
/// </summary>
internal sealed partial class SvgChart
{
    private static readonly XNamespace s_svg = "http://www.w3.org/2000/svg";

    [GeneratedRegex(@"translate\((?<x>[-\d.e]+) (?<y>[-\d.e]+)\)")]
    private static partial Regex Translate();

    [GeneratedRegex(@"M(?<x1>[-\d.e]+) (?<y1>[-\d.e]+)L(?<x2>[-\d.e]+) (?<y2>[-\d.e]+)")]
    private static partial Regex Segment();

    public SvgChart(string svg)
    {
        Document = XDocument.Parse(svg);
        XElement root = Document.Root!;
        Width = D(root.Attribute("width")!.Value);
        Height = D(root.Attribute("height")!.Value);
        Texts = [.. root.Descendants(s_svg + "text").Select(TextOf)];
        LegendBox = root.Descendants(s_svg + "rect")
            .Where(r => string.Equals((string?)r.Attribute("stroke"), "#" + ChartFigure.LegendOutline.ToHex()[1..7], StringComparison.OrdinalIgnoreCase))
            .Select(RectOf).SingleOrDefault();
        // Every plotted element sits in a group clipped to its panel's data area; the legend clips its own items.
        var clips = root.Descendants(s_svg + "clipPath").ToDictionary(c => (string)c.Attribute("id")!, c => RectOf(c.Element(s_svg + "rect")!));
        Groups = [.. root.Descendants(s_svg + "g")
            .Where(g => g.Attribute("clip-path") is not null)
            .Select(g => (Clip: clips[((string)g.Attribute("clip-path")!)[5..^1]], Group: g))];
        Panels = [.. clips.Values.Distinct().Where(r => LegendBox is null || !LegendBox.Value.Contains(r)).OrderBy(r => Math.Round(r.Y)).ThenBy(r => r.X)];
    }

    public XDocument Document { get; }

    public double Width { get; }

    public double Height { get; }

    /// <summary>Every text, its left and right edge (from its glyphs' positions) and its baseline.</summary>
    public IReadOnlyList<SvgText> Texts { get; }

    /// <summary>The legend's box; null when the chart has none.</summary>
    public SvgRect? LegendBox { get; }

    /// <summary>The panels' data areas, row by row.</summary>
    public IReadOnlyList<SvgRect> Panels { get; }

    private IReadOnlyList<(SvgRect Clip, XElement Group)> Groups { get; }

    /// <summary>The texts inside the legend's box, top to bottom.</summary>
    public IReadOnlyList<string> LegendTexts => LegendBox is { } box
        ? [.. Texts.Where(t => box.Contains(t.Left, t.Baseline)).OrderBy(t => t.Baseline).Select(t => t.Content)]
        : [];

    /// <summary>
    /// The series drawn in a panel, told apart as a reader tells them: each distinct marker shape (circle, square,
    /// triangle...) in each colour, filled or open alike.
    /// </summary>
    public IReadOnlyList<string> SeriesIn(SvgRect panel) =>
    [
        .. Groups.Where(g => g.Clip.Equals(panel))
            .SelectMany(g => g.Group.Elements())
            .Select(MarkerOf)
            .OfType<string>()
            .Distinct(),
    ];

    /// <summary>Every marker drawn in a panel: its series key (shape and colour), its centre, and whether it is filled.</summary>
    public IReadOnlyList<(string Series, double X, double Y, bool Filled)> Markers(SvgRect panel) =>
    [
        .. Groups.Where(g => g.Clip.Equals(panel))
            .SelectMany(g => g.Group.Elements())
            .Where(e => MarkerOf(e) is not null)
            .Select(e => (MarkerOf(e)!, CentreOf(e).X, CentreOf(e).Y, (string?)e.Attribute("fill") is { } fill && fill != "none"))
            // A filled marker is written twice (its fill, then its outline): one marker.
            .DistinctBy(m => (m.Item1, Math.Round(m.X * 2), Math.Round(m.Y * 2))),
    ];

    private static (double X, double Y) CentreOf(XElement e)
    {
        switch (e.Name.LocalName)
        {
            case "ellipse":
                return (D((string)e.Attribute("cx")!), D((string)e.Attribute("cy")!));
            case "rect":
                return (D((string)e.Attribute("x")!) + (D((string)e.Attribute("width")!) / 2), D((string)e.Attribute("y")!) + (D((string)e.Attribute("height")!) / 2));
            default:
                var points = Regex.Matches((string)e.Attribute("d")!, @"[ML](?<x>[-\d.e]+) (?<y>[-\d.e]+)").Select(m => (X: D(m.Groups["x"].Value), Y: D(m.Groups["y"].Value))).ToList();
                var distinct = points.Take(Math.Max(1, points.Count - 1)).ToList();
                return (distinct.Average(p => p.X), distinct.Average(p => p.Y));
        }
    }

    /// <summary>The y pixel of each major grid line of a panel (horizontal lines across its data area), top to bottom.</summary>
    public IReadOnlyList<double> HorizontalGridLines(SvgRect panel) =>
    [
        .. Document.Root!.Descendants(s_svg + "path")
            .Where(p => (string?)p.Attribute("stroke-opacity") is { } o && D(o) < 0.2)
            .SelectMany(p => Segment().Matches((string)p.Attribute("d")!))
            .Select(m => (X1: D(m.Groups["x1"].Value), Y1: D(m.Groups["y1"].Value), X2: D(m.Groups["x2"].Value), Y2: D(m.Groups["y2"].Value)))
            .Where(s => Math.Abs(s.Y1 - s.Y2) < 0.01 && Math.Abs(s.X1 - panel.X) < 1 && Math.Abs(s.X2 - panel.Right) < 1)
            .Select(s => s.Y1)
            .Distinct()
            .Order(),
    ];

    /// <summary>The tick labels left of a panel's data area, top to bottom.</summary>
    public IReadOnlyList<SvgText> LeftTickLabels(SvgRect panel) =>
        [.. Texts.Where(t => !t.Rotated && t.Right <= panel.X + 1 && t.Right > panel.X - 60 && t.Baseline > panel.Y - 10 && t.Baseline < panel.Bottom + 10).OrderBy(t => t.Baseline)];

    /// <summary>The vertical strokes of the error bars in a colour inside a panel: (x, top y, bottom y).</summary>
    public IReadOnlyList<(double X, double Top, double Bottom)> Whiskers(SvgRect panel, string color) =>
    [
        .. Groups.Where(g => g.Clip.Equals(panel))
            .SelectMany(g => g.Group.Elements(s_svg + "path"))
            .Where(p => string.Equals((string?)p.Attribute("stroke"), color, StringComparison.OrdinalIgnoreCase) && (string?)p.Attribute("fill") == "none")
            .SelectMany(p => Segment().Matches((string)p.Attribute("d")!))
            .Select(m => (X1: D(m.Groups["x1"].Value), Y1: D(m.Groups["y1"].Value), X2: D(m.Groups["x2"].Value), Y2: D(m.Groups["y2"].Value)))
            .Where(s => Math.Abs(s.X1 - s.X2) < 0.01 && Math.Abs(s.Y1 - s.Y2) > 0.5)
            .Select(s => (s.X1, Math.Min(s.Y1, s.Y2), Math.Max(s.Y1, s.Y2))),
    ];

    /// <summary>The polylines of a colour (and width, where given) inside a panel (strokes with no fill), each as its points.</summary>
    public IReadOnlyList<IReadOnlyList<(double X, double Y)>> Lines(SvgRect panel, string color, double? width = null) =>
    [
        .. Groups.Where(g => g.Clip.Equals(panel))
            .SelectMany(g => g.Group.Elements(s_svg + "path"))
            .Where(p => string.Equals((string?)p.Attribute("stroke"), color, StringComparison.OrdinalIgnoreCase) && (string?)p.Attribute("fill") == "none")
            .Where(p => width is null || Math.Abs(D((string?)p.Attribute("stroke-width") ?? "1") - width.Value) < 0.01)
            .SelectMany(p => Polylines((string)p.Attribute("d")!))
            .Where(l => l.Count >= 2),
    ];

    /// <summary>The separate strokes (each move and its lines) of a colour anywhere inside a rectangle, clipped or not.</summary>
    public IReadOnlyList<IReadOnlyList<(double X, double Y)>> Strokes(SvgRect area, string color) =>
    [
        .. Document.Root!.Descendants(s_svg + "path")
            .Where(p => string.Equals((string?)p.Attribute("stroke"), color, StringComparison.OrdinalIgnoreCase))
            .SelectMany(p => Polylines((string)p.Attribute("d")!))
            .Where(l => l.All(p => area.Contains(p.X, p.Y))),
    ];

    private static IEnumerable<IReadOnlyList<(double X, double Y)>> Polylines(string d)
    {
        var current = new List<(double, double)>();
        foreach (Match m in Regex.Matches(d, @"(?<c>[ML])(?<x>[-\d.e]+) (?<y>[-\d.e]+)"))
        {
            if (m.Groups["c"].Value == "M" && current.Count > 0)
            {
                yield return current;
                current = [];
            }
            current.Add((D(m.Groups["x"].Value), D(m.Groups["y"].Value)));
        }
        if (current.Count > 0)
        {
            yield return current;
        }
    }

    // A marker: an ellipse, a square or a closed path (triangles, diamonds), in its colour.
    private static string? MarkerOf(XElement e)
    {
        string color = ((string?)e.Attribute("fill") is { } fill && fill != "none" ? fill : (string?)e.Attribute("stroke") ?? "").ToUpperInvariant();
        return e.Name.LocalName switch
        {
            "ellipse" => $"circle {color}",
            "rect" when e.Attribute("width") is { } w && D(w.Value) < 20 => $"square {color}",
            "path" when ((string?)e.Attribute("d"))?.TrimEnd().EndsWith('Z') == true => $"{Regex.Count((string)e.Attribute("d")!, "L")}-gon {color}",
            _ => null,
        };
    }

    private static SvgText TextOf(XElement text)
    {
        // Horizontal texts are translated; rotated ones (the y axes' labels) carry a matrix whose last two terms place them.
        string transform = (string?)text.Attribute("transform") ?? "translate(0 0)";
        Match t = Translate().Match(transform);
        double[] matrix = t.Success ? [] : [.. Regex.Match(transform, @"matrix\((?<m>[^)]*)\)").Groups["m"].Value.Split(' ', StringSplitOptions.RemoveEmptyEntries).Select(D)];
        double tx = t.Success ? D(t.Groups["x"].Value) : matrix[4], ty = t.Success ? D(t.Groups["y"].Value) : matrix[5];
        double[] xs = [.. ((string?)text.Attribute("x") ?? "0").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Select(D)];
        double y = D(((string?)text.Attribute("y") ?? "0").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)[0]);
        double size = D((string?)text.Attribute("font-size") ?? "12");
        string content = text.Value.Trim();
        // Where its ink is: each glyph's bounds in the bundled DejaVu Sans at its place, then through the text's transform.
        (double a, double b, double c, double d) = t.Success ? (1, 0, 0, 1) : (matrix[0], matrix[1], matrix[2], matrix[3]);
        SvgRect ink = Ink(content, xs, y, size, (x, v) => (tx + (a * x) + (c * v), ty + (b * x) + (d * v)));
        string? fill = (string?)text.Attribute("fill");
        string color;
        color = (fill ?? "#000000").ToUpperInvariant();
        if (color.Length == 4 && color[0] == '#')
        {
            color = $"#{color[1]}{color[1]}{color[2]}{color[2]}{color[3]}{color[3]}";
        }
        if (!t.Success)
        {
            // Rotated: it runs upwards from its origin; only its origin is tested against the image's edges.
            return new SvgText(content, tx, tx, ty, size) { Ink = ink, Color = color, Rotated = true };
        }
        // The last glyph's own width is not written: about 0.7 of the font size for DejaVu Sans at most.
        return new SvgText(content, tx + xs[0], tx + xs[^1] + (0.7 * size), ty + y, size) { Ink = ink, Color = color };
    }

    private static readonly Lazy<SKTypeface> s_typeface = new(() =>
    {
        ChartFonts.EnsureLoaded();
        return ScottPlot.Fonts.GetTypeface(ChartFonts.Family, bold: false, italic: false);
    });

    // The box of a text's ink: the union of its glyphs' bounds (DejaVu Sans metrics) at their written x positions.
    private static SvgRect Ink(string content, double[] xs, double y, double size, Func<double, double, (double X, double Y)> transform)
    {
        using var font = new SKFont(s_typeface.Value, (float)size);
        font.GetGlyphWidths(content, out SKRect[] bounds);
        var corners = new List<(double X, double Y)>();
        for (int i = 0; i < bounds.Length && i < xs.Length; i++)
        {
            if (bounds[i].Width <= 0 || bounds[i].Height <= 0)
            {
                continue; // a space
            }
            foreach ((double x, double v) in new[] { (xs[i] + bounds[i].Left, y + bounds[i].Top), (xs[i] + bounds[i].Right, y + bounds[i].Bottom) })
            {
                corners.Add(transform(x, v));
            }
        }
        if (corners.Count == 0)
        {
            return new SvgRect(0, 0, 0, 0);
        }
        double left = corners.Min(p => p.X), top = corners.Min(p => p.Y);
        return new SvgRect(left, top, corners.Max(p => p.X) - left, corners.Max(p => p.Y) - top);
    }

    /// <summary>Pairs of texts whose ink overlaps (by more than half a pixel each way): one drawn over the other.</summary>
    public IReadOnlyList<(SvgText First, SvgText Second)> OverlappingTexts()
    {
        // Skia writes some texts twice at one place (one ink): a text is not over itself.
        var inked = Texts.Where(t => t.Ink.Width > 0).DistinctBy(t => (t.Content, Math.Round(t.Ink.X * 2), Math.Round(t.Ink.Y * 2))).ToList();
        var pairs = new List<(SvgText, SvgText)>();
        for (int i = 0; i < inked.Count; i++)
        {
            for (int j = i + 1; j < inked.Count; j++)
            {
                SvgRect a = inked[i].Ink, b = inked[j].Ink;
                double overlapX = Math.Min(a.Right, b.Right) - Math.Max(a.X, b.X), overlapY = Math.Min(a.Bottom, b.Bottom) - Math.Max(a.Y, b.Y);
                if (overlapX > 0.5 && overlapY > 0.5)
                {
                    pairs.Add((inked[i], inked[j]));
                }
            }
        }
        return pairs;
    }

    /// <summary>The tick labels just right of a panel's data area (a second y axis's), top to bottom.</summary>
    public IReadOnlyList<SvgText> RightTickLabels(SvgRect panel) =>
        [.. Texts.Where(t => !t.Rotated && t.Left >= panel.Right && t.Left < panel.Right + 12 && t.Baseline > panel.Y - 5 && t.Baseline < panel.Bottom + 10 && double.TryParse(t.Content.Replace(",", "", StringComparison.Ordinal), NumberStyles.Float, CultureInfo.InvariantCulture, out _)).OrderBy(t => t.Baseline)];

    /// <summary>The tick labels under a panel's data area, left to right.</summary>
    public IReadOnlyList<SvgText> BottomTickLabels(SvgRect panel) =>
        [.. Texts.Where(t => !t.Rotated && t.Baseline > panel.Bottom && t.Baseline < panel.Bottom + 22 && (t.Ink.X + t.Ink.Right) / 2 > panel.X - 4 && (t.Ink.X + t.Ink.Right) / 2 < panel.Right + 4).OrderBy(t => t.Left)];

    private static SvgRect RectOf(XElement rect) => new(
        D((string?)rect.Attribute("x") ?? "0"), D((string?)rect.Attribute("y") ?? "0"),
        D((string)rect.Attribute("width")!), D((string)rect.Attribute("height")!));

    private static double D(string text) => double.Parse(text, CultureInfo.InvariantCulture);
}

/// <summary>A text of the SVG: its content, left and right edges and baseline, pixels; its font size.</summary>
internal sealed record SvgText(string Content, double Left, double Right, double Baseline, double Size)
{
    /// <summary>Where its ink is, pixels (from the font's glyph bounds, after its rotation, if any).</summary>
    public SvgRect Ink { get; init; }

    /// <summary>Its fill colour, "#RRGGBB" in capitals ("#000000" where none is written).</summary>
    public string Color { get; init; } = "#000000";

    /// <summary>True for a rotated text (a y axis's label).</summary>
    public bool Rotated { get; init; }
}

/// <summary>A rectangle of the SVG, pixels from the top left.</summary>
internal readonly record struct SvgRect(double X, double Y, double Width, double Height)
{
    public double Right => X + Width;

    public double Bottom => Y + Height;

    public bool Contains(double x, double y) => x >= X - 0.5 && x <= Right + 0.5 && y >= Y - 0.5 && y <= Bottom + 0.5;

    public bool Contains(SvgRect other) => Contains(other.X, other.Y) && Contains(other.Right, other.Bottom);

    public bool Equals(SvgRect other) => Math.Abs(X - other.X) < 0.01 && Math.Abs(Y - other.Y) < 0.01 && Math.Abs(Width - other.Width) < 0.01 && Math.Abs(Height - other.Height) < 0.01;

    public override int GetHashCode() => HashCode.Combine(Math.Round(X), Math.Round(Y), Math.Round(Width), Math.Round(Height));
}
