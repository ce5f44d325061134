using ScottPlot;

namespace ConcurrencyBench.Reporting;

/// <summary>One chart written to disk, as PNG and SVG with the same look.</summary>
/// <param name="Name">The chart's base name, <c>{Family}-{kind}</c>.</param>
/// <param name="Title">Its title: the question it answers.</param>
/// <param name="PngPath">The PNG file.</param>
/// <param name="SvgPath">The SVG file.</param>
public sealed record ChartFile(string Name, string Title, string PngPath, string SvgPath)
{
    /// <summary>The subtitle's lines: machine, runtimes and profile; what the points and whiskers are.</summary>
    public IReadOnlyList<string> Subtitle { get; init; } = [];

    /// <summary>The panels drawn (one, or several small multiples), with their series.</summary>
    public IReadOnlyList<ChartPanelInfo> Panels { get; init; } = [];

    /// <summary>The legend's entries, in order.</summary>
    public IReadOnlyList<string> Legend { get; init; } = [];

    /// <summary>Where the legend's box was drawn, pixels (empty without a legend).</summary>
    public PixelRect LegendBox { get; init; }

    /// <summary>The image's size, pixels.</summary>
    public int Width { get; init; } = ChartFigure.DefaultWidth;

    /// <inheritdoc cref="Width"/>
    public int Height { get; init; } = ChartFigure.DefaultHeight;
}
