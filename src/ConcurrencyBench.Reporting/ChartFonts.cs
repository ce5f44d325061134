using System.Reflection;

namespace ConcurrencyBench.Reporting;

/// <summary>
/// Makes chart text render on any machine: the DejaVu Sans font ships inside this assembly and is registered with
/// ScottPlot before the first chart. Without a font ScottPlot draws every label blank, silently, so a font that
/// cannot be loaded is an error, never a chart without words.
/// </summary>
public static class ChartFonts
{
    /// <summary>The family name charts use (the bundled font is registered under it).</summary>
    public const string Family = "DejaVu Sans";

    private const string Resource = "ConcurrencyBench.Reporting.Fonts.DejaVuSans.ttf";
    private static readonly Lock s_lock = new();
    private static bool s_ready;

    /// <summary>Registers the bundled font once per process.</summary>
    /// <exception cref="InvalidOperationException">The font could not be loaded.</exception>
    public static void EnsureLoaded()
    {
        lock (s_lock)
        {
            if (s_ready)
            {
                return;
            }
            using Stream stream = Assembly.GetExecutingAssembly().GetManifestResourceStream(Resource)
                ?? throw new InvalidOperationException($"the chart font {Resource} is missing from the assembly");
            string folder = Path.Combine(Path.GetTempPath(), "concurrencybench-fonts");
            Directory.CreateDirectory(folder);
            string path = Path.Combine(folder, $"DejaVuSans-{stream.Length}.ttf");
            if (!File.Exists(path) || new FileInfo(path).Length != stream.Length)
            {
                string temporary = path + $".{Environment.ProcessId}.tmp";
                using (FileStream file = File.Create(temporary))
                {
                    stream.CopyTo(file);
                }
                File.Move(temporary, path, overwrite: true);
            }
            ScottPlot.Fonts.AddFontFile(Family, path, bold: false, italic: false);
            if (ScottPlot.Fonts.GetTypeface(Family, bold: false, italic: false) is not { } typeface
                || !string.Equals(typeface.FamilyName, Family, StringComparison.OrdinalIgnoreCase))
            {
                throw new InvalidOperationException($"the chart font '{Family}' could not be loaded from {path}");
            }
            ScottPlot.Fonts.Default = Family;
            s_ready = true;
        }
    }
}
