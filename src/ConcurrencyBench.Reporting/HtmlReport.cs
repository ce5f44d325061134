using System.Net;
using System.Text;
using System.Text.RegularExpressions;
using Markdig;

namespace ConcurrencyBench.Reporting;

/// <summary>
/// The report as one self-contained HTML page: <c>report.md</c> rendered by Markdig (CommonMark with pipe tables and
/// heading anchors), every chart inline as its SVG (so the page makes no request and prints as it shows), each with
/// links to download its PNG and SVG, tables a reader can sort by clicking a column's header (times, sizes and
/// ratios sort by value, not by text), and a layout that keeps every element inside its column on a laptop and a
/// phone: a wide table scrolls within its own box, a chart scales to the column.
/// </summary>
public static partial class HtmlReport
{
    // No raw HTML passes through: the report writes none, and a name from a results file ("<img onerror=...>") is text.
    private static readonly MarkdownPipeline s_pipeline = new MarkdownPipelineBuilder()
        .DisableHtml()
        .UsePipeTables()
        .UseAutoIdentifiers()
        .Build();

    /// <summary>
    /// Renders <paramref name="markdown"/> (the report) as a page titled <paramref name="title"/>, inlining each chart
    /// the Markdown shows as an image from the SVG of the same name in <paramref name="folder"/>.
    /// </summary>
    /// <exception cref="FileNotFoundException">A chart the report shows has no SVG beside it.</exception>
    public static string Render(string markdown, string folder, string title)
    {
        ArgumentNullException.ThrowIfNull(markdown);
        ArgumentNullException.ThrowIfNull(folder);
        string body = Markdown.ToHtml(markdown, s_pipeline);
        // Each chart image becomes its SVG, inline, with its files to download.
        body = ChartImage().Replace(body, match =>
        {
            string name = WebUtility.HtmlDecode(match.Groups["name"].Value);
            string alt = match.Groups["alt"].Value;
            string svgPath = Path.Combine(folder, name + ".svg");
            if (!File.Exists(svgPath))
            {
                throw new FileNotFoundException($"the report shows {name}.png, but {svgPath} is missing", svgPath);
            }
            string svg = Scalable(File.ReadAllText(svgPath), alt);
            return $"<figure class=\"chart\" data-chart=\"{WebUtility.HtmlEncode(name)}\">{svg}<figcaption>{alt} <span class=\"files\">(<a href=\"{WebUtility.HtmlEncode(name)}.png\" download>PNG</a>, <a href=\"{WebUtility.HtmlEncode(name)}.svg\" download>SVG</a>)</span></figcaption></figure>";
        });
        // Every table in a box of its own: a wide one scrolls there, never the page.
        body = body.Replace("<table>", "<div class=\"table-wrap\"><table class=\"sortable\">", StringComparison.Ordinal)
                   .Replace("</table>", "</table></div>", StringComparison.Ordinal);
        var page = new StringBuilder();
        page.Append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n")
            .Append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n")
            .Append("<title>").Append(WebUtility.HtmlEncode(title)).Append("</title>\n")
            .Append("<style>").Append(Style).Append("</style>\n</head>\n<body>\n<main>\n")
            .Append(body)
            .Append("</main>\n<script>").Append(Script).Append("</script>\n</body>\n</html>\n");
        return page.ToString();
    }

    // The SVG as drawn, scaled to its column: a viewBox from its own size, a width of 100%, the size as a maximum.
    private static string Scalable(string svg, string title)
    {
        int start = svg.IndexOf("<svg", StringComparison.Ordinal);
        if (start < 0)
        {
            throw new InvalidDataException($"not an SVG: {title}");
        }
        svg = svg[start..];
        Match size = SvgSize().Match(svg);
        if (size.Success && !svg[..svg.IndexOf('>', StringComparison.Ordinal)].Contains("viewBox", StringComparison.Ordinal))
        {
            string w = size.Groups["w"].Value, h = size.Groups["h"].Value;
            svg = $"<svg viewBox=\"0 0 {w} {h}\" style=\"max-width:{w}px\" role=\"img\" aria-label=\"{WebUtility.HtmlEncode(title)}\"" + svg[4..];
        }
        return svg;
    }

    [GeneratedRegex("<img src=\"(?<name>[^\"/]+)\\.png\" alt=\"(?<alt>[^\"]*)\"\\s*/?>")]
    private static partial Regex ChartImage();

    [GeneratedRegex("width=\"(?<w>[0-9.]+)\"\\s+height=\"(?<h>[0-9.]+)\"")]
    private static partial Regex SvgSize();

    private const string Style = """
        :root { color-scheme: light; }
        * { box-sizing: border-box; }
        body { margin: 0; font: 16px/1.5 system-ui, -apple-system, "Segoe UI", "DejaVu Sans", sans-serif; color: #1b1f24; background: #fff; }
        main { max-width: 1100px; margin: 0 auto; padding: 1rem; overflow-wrap: anywhere; }
        h1 { font-size: 1.6rem; line-height: 1.25; }
        h2 { font-size: 1.3rem; margin-top: 2.2rem; border-bottom: 1px solid #d0d7de; padding-bottom: .2rem; }
        code { font-size: .9em; background: #f2f4f6; padding: 0 .2em; border-radius: 3px; overflow-wrap: anywhere; }
        .table-wrap { max-width: 100%; overflow-x: auto; margin: .8rem 0; border: 1px solid #d0d7de; border-radius: 4px; }
        table { border-collapse: collapse; font-size: .85rem; min-width: 100%; }
        th, td { padding: .3rem .5rem; border-bottom: 1px solid #eaeef2; text-align: left; vertical-align: top; overflow-wrap: normal; }
        th { background: #f6f8fa; position: sticky; top: 0; cursor: pointer; user-select: none; white-space: nowrap; }
        th[aria-sort="ascending"]::after { content: " ▲"; }
        th[aria-sort="descending"]::after { content: " ▼"; }
        td { white-space: nowrap; }
        td:first-child, td:nth-child(2) { white-space: normal; min-width: 8rem; }
        figure.chart { margin: 1rem 0; max-width: 100%; }
        figure.chart svg { width: 100%; height: auto; display: block; }
        figcaption { font-size: .85rem; color: #57606a; }
        li { margin: .3rem 0; }
        @media (max-width: 600px) { body { font-size: 15px; } main { padding: .6rem; } h1 { font-size: 1.3rem; } }
        """;

    // Sorting by value: a cell's first number with its unit (ns, µs, ms, s; B, kB, MB, GB; ×, %) to one scale.
    private const string Script = """
        (function () {
          var units = { "ns": 1, "µs": 1e3, "ms": 1e6, "s": 1e9, "B": 1, "kB": 1e3, "MB": 1e6, "GB": 1e9, "TB": 1e12, "×": 1, "%": 1 };
          function value(text) {
            var m = /^\s*([−-]?[0-9][0-9,]*(?:\.[0-9]+)?)\s*(ns|µs|ms|s|B|kB|MB|GB|TB|×|%)?/.exec(text);
            if (!m) { return null; }
            var v = parseFloat(m[1].replace(/,/g, "").replace("−", "-"));
            return m[2] ? v * units[m[2]] : v;
          }
          document.querySelectorAll("table.sortable").forEach(function (table) {
            var head = table.tHead; if (!head) { return; }
            Array.prototype.forEach.call(head.rows[0].cells, function (th, column) {
              th.setAttribute("title", "Sort by this column");
              th.addEventListener("click", function () {
                var body = table.tBodies[0]; var rows = Array.prototype.slice.call(body.rows);
                var ascending = th.getAttribute("aria-sort") !== "ascending";
                Array.prototype.forEach.call(head.rows[0].cells, function (c) { c.removeAttribute("aria-sort"); });
                th.setAttribute("aria-sort", ascending ? "ascending" : "descending");
                rows.sort(function (a, b) {
                  var x = a.cells[column].textContent, y = b.cells[column].textContent;
                  var vx = value(x), vy = value(y);
                  var order = (vx !== null && vy !== null) ? vx - vy : (vx === null) - (vy === null) || x.localeCompare(y);
                  return ascending ? order : -order;
                });
                rows.forEach(function (r) { body.appendChild(r); });
              });
            });
          });
        })();
        """;
}
