using ScottPlot;
using SkiaSharp;

namespace ConcurrencyBench.Reporting;

/// <summary>How a line is stroked. Guides are dashed (an ideal: a lower bound) or dotted (a reference, not a bound).</summary>
internal enum Dash
{
    /// <summary>A continuous line: measurements.</summary>
    Solid,

    /// <summary>Long dashes: an ideal, a lower bound.</summary>
    Dashed,

    /// <summary>Dots: a reference that is not a bound, or a second quantity on the right axis.</summary>
    Dotted,

    /// <summary>Short dashes: a second kind of bound.</summary>
    DenselyDashed,
}

/// <summary>
/// A polyline in data coordinates whose dashes are drawn as separate strokes, so that the SVG shows them: Skia's SVG
/// canvas drops path effects ("Unsupported path effect"), which turns ScottPlot's dashed and dotted lines solid in
/// the SVG while the PNG shows them dashed. Dash lengths are in pixels along the drawn line.
/// </summary>
internal sealed class PatternedLine : IPlottable
{
    private readonly double[] _xs;
    private readonly double[] _ys;

    public PatternedLine(double[] xs, double[] ys, Color color, float width, Dash dash)
    {
        ArgumentNullException.ThrowIfNull(xs);
        ArgumentNullException.ThrowIfNull(ys);
        _xs = xs;
        _ys = ys;
        Color = color;
        Width = width;
        Dash = dash;
    }

    public Color Color { get; }

    public float Width { get; }

    public Dash Dash { get; }

    public bool IsVisible { get; set; } = true;

    public IAxes Axes { get; set; } = new Axes();

    public IEnumerable<LegendItem> LegendItems => [];

    public AxisLimits GetAxisLimits()
    {
        var points = _xs.Zip(_ys).Where(p => double.IsFinite(p.First) && double.IsFinite(p.Second)).ToList();
        return points.Count == 0
            ? AxisLimits.NoLimits
            : new AxisLimits(points.Min(p => p.First), points.Max(p => p.First), points.Min(p => p.Second), points.Max(p => p.Second));
    }

    public void Render(RenderPack rp)
    {
        ArgumentNullException.ThrowIfNull(rp);
        Pixel[] pixels = [.. _xs.Zip(_ys).Where(p => double.IsFinite(p.First) && double.IsFinite(p.Second)).Select(p => Axes.GetPixel(new Coordinates(p.First, p.Second)))];
        if (pixels.Length < 2)
        {
            return;
        }
        using var path = new SKPath();
        AppendDashes(path, pixels, Intervals(Dash));
        using var paint = new SKPaint
        {
            Color = Color.ToSKColor(),
            StrokeWidth = Width,
            IsStroke = true,
            IsAntialias = true,
            StrokeCap = Dash == Dash.Dotted ? SKStrokeCap.Round : SKStrokeCap.Butt,
        };
        rp.Canvas.DrawPath(path, paint);
    }

    /// <summary>The on and off lengths of a dash pattern, pixels (empty: solid).</summary>
    internal static float[] Intervals(Dash dash) => dash switch
    {
        Dash.Dashed => [9, 5],
        Dash.Dotted => [0.1f, 4.5f],
        Dash.DenselyDashed => [4, 3],
        _ => [],
    };

    /// <summary>Adds the dashes of a polyline to <paramref name="path"/>, each as its own move and lines.</summary>
    internal static void AppendDashes(SKPath path, IReadOnlyList<Pixel> pixels, float[] intervals)
    {
        if (intervals.Length == 0)
        {
            path.MoveTo(pixels[0].X, pixels[0].Y);
            for (int i = 1; i < pixels.Count; i++)
            {
                path.LineTo(pixels[i].X, pixels[i].Y);
            }
            return;
        }
        int phase = 0;
        float left = intervals[0];
        bool on = true;
        path.MoveTo(pixels[0].X, pixels[0].Y);
        for (int i = 1; i < pixels.Count; i++)
        {
            float x0 = pixels[i - 1].X, y0 = pixels[i - 1].Y;
            float dx = pixels[i].X - x0, dy = pixels[i].Y - y0;
            float length = MathF.Sqrt((dx * dx) + (dy * dy));
            float done = 0;
            while (length - done > left)
            {
                done += left;
                float x = x0 + (dx * done / length), y = y0 + (dy * done / length);
                if (on)
                {
                    path.LineTo(x, y);
                }
                else
                {
                    path.MoveTo(x, y);
                }
                on = !on;
                phase = (phase + 1) % intervals.Length;
                left = intervals[phase];
            }
            left -= length - done;
            if (on)
            {
                path.LineTo(pixels[i].X, pixels[i].Y);
            }
            else
            {
                path.MoveTo(pixels[i].X, pixels[i].Y);
            }
        }
    }
}
