using ScottPlot;

namespace ConcurrencyBench.Reporting;

/// <summary>The runtimes a chart tells apart by marker shape, the same in every chart.</summary>
public enum ChartRuntime
{
    /// <summary>.NET with its JIT: circles.</summary>
    DotNetJit,

    /// <summary>.NET compiled ahead of time: squares.</summary>
    NativeAot,

    /// <summary>CPython: triangles pointing up.</summary>
    Python,

    /// <summary>Node.js: diamonds.</summary>
    NodeJs,

    /// <summary>Go: triangles pointing down.</summary>
    Go,

    /// <summary>Rust (tokio): crosses.</summary>
    Rust,

    /// <summary>Any other runtime: asterisks.</summary>
    Other,
}


/// <summary>
/// The one mapping every chart follows: colour = the model (<see cref="ColorOf"/>), marker shape = the runtime
/// (<see cref="MarkerOf"/>), filled marker = a median of cold bursts, open = of warm bursts; guides in near-black, the
/// legend's entries for the kinds of sample in grey; runtimes listed in one order with one short name each.
/// </summary>
public static class ChartPalette
{
    /// <summary>The colour of guides (ideals, references, thresholds) and of the legend's runtime and kind entries.</summary>
    internal static readonly Color GuideColor = Color.FromHex("#202020");

    /// <summary>The colour of the legend's entries for filled (cold) and open (warm) markers: grey, apart from the runtimes' black.</summary>
    internal static readonly Color KindColor = Color.FromHex("#8a8a8a");

    private static readonly ScottPlot.Palettes.Category10 s_palette = new();

    /// <summary>The colour of a model, the same in every chart.</summary>
    public static Color ColorOf(int order) => s_palette.GetColor(order);

    /// <summary>
    /// The runtime that produced a host's figures: by <see cref="HostInfo.Kind"/> where it names one, else by the
    /// runtime's name (a runtime the kinds do not list yet).
    /// </summary>
    public static ChartRuntime RuntimeOf(HostInfo host)
    {
        ArgumentNullException.ThrowIfNull(host);
        return host.Kind switch
        {
            RuntimeKind.DotNet => ChartRuntime.DotNetJit,
            RuntimeKind.NativeAot => ChartRuntime.NativeAot,
            RuntimeKind.Python => ChartRuntime.Python,
            RuntimeKind.Node => ChartRuntime.NodeJs,
            RuntimeKind.Go => ChartRuntime.Go,
            RuntimeKind.Rust => ChartRuntime.Rust,
            _ => host.Runtime switch
            {
                _ when host.Runtime.StartsWith("Node", StringComparison.OrdinalIgnoreCase) => ChartRuntime.NodeJs,
                _ when host.Runtime.StartsWith("Go ", StringComparison.Ordinal) || host.Runtime.StartsWith("Go1", StringComparison.Ordinal)
                    || host.Runtime.StartsWith("go1", StringComparison.Ordinal) || host.Runtime == "Go" => ChartRuntime.Go,
                _ when host.Runtime.StartsWith("Rust", StringComparison.OrdinalIgnoreCase)
                    || host.Runtime.Contains("tokio", StringComparison.OrdinalIgnoreCase) => ChartRuntime.Rust,
                _ when host.Runtime.StartsWith("Python", StringComparison.Ordinal) => ChartRuntime.Python,
                _ when host.Runtime.StartsWith("NativeAOT", StringComparison.Ordinal) => ChartRuntime.NativeAot,
                _ when host.Runtime.StartsWith(".NET", StringComparison.Ordinal) => ChartRuntime.DotNetJit,
                _ => ChartRuntime.Other,
            },
        };
    }

    /// <summary>The marker of a runtime: filled for a median of cold bursts (and single cold bursts), open for warm ones.</summary>
    public static MarkerShape MarkerOf(ChartRuntime runtime, bool filled = true) => runtime switch
    {
        ChartRuntime.DotNetJit => filled ? MarkerShape.FilledCircle : MarkerShape.OpenCircle,
        ChartRuntime.NativeAot => filled ? MarkerShape.FilledSquare : MarkerShape.OpenSquare,
        ChartRuntime.Python => filled ? MarkerShape.FilledTriangleUp : MarkerShape.OpenTriangleUp,
        ChartRuntime.NodeJs => filled ? MarkerShape.FilledDiamond : MarkerShape.OpenDiamond,
        ChartRuntime.Go => filled ? MarkerShape.FilledTriangleDown : MarkerShape.OpenTriangleDown,
        ChartRuntime.Rust => filled ? MarkerShape.Cross : MarkerShape.OpenCircleWithCross,
        _ => filled ? MarkerShape.Asterisk : MarkerShape.OpenCircleWithEks,
    };

    /// <summary>A runtime's short name in legends and panel titles: ".NET JIT", "NativeAOT", "Python".</summary>
    public static string ShortName(ChartRuntime runtime) => runtime switch
    {
        ChartRuntime.DotNetJit => ".NET JIT",
        ChartRuntime.NativeAot => "NativeAOT",
        ChartRuntime.Python => "Python",
        ChartRuntime.NodeJs => "Node.js",
        ChartRuntime.Go => "Go",
        ChartRuntime.Rust => "Rust",
        _ => "other runtime",
    };

    /// <summary>Hosts in the order charts list runtimes: .NET JIT, NativeAOT, Python, Node.js, Go, Rust, others; then by label.</summary>
    public static IEnumerable<HostInfo> InRuntimeOrder(IEnumerable<HostInfo> hosts) =>
        hosts.OrderBy(RuntimeOf).ThenBy(h => h.Label, StringComparer.Ordinal);

    /// <summary>
    /// A model's colour for the variant <paramref name="index"/> of <paramref name="count"/> (its k values): darker for
    /// the first, lighter for the last, the model's own colour for a single variant.
    /// </summary>
    internal static Color Shade(Color color, int index, int count)
    {
        if (count <= 1)
        {
            return color;
        }
        // Lightness from dark to light in even steps, the model's hue and saturation kept.
        (float hue, float saturation, _) = color.ToHSL();
        return Color.FromHSL(hue, saturation, 0.28f + (0.46f * index / (count - 1)));
    }
}
