using ScottPlot;

namespace ConcurrencyBench.Reporting;

/// <summary>
/// The kind of model a row of an answer chart shows: its colour, the same in every answer chart, so that a reader who
/// learnt "green is async" in one chart reads the next one by it.
/// </summary>
public enum AnswerKind
{
    /// <summary>Async waits (<c>Task.Delay</c>, <c>asyncio.sleep</c>, an event loop): green.</summary>
    Async,

    /// <summary>A dedicated pool of k threads (a bounded executor, <c>max_workers</c>): blue.</summary>
    DedicatedPool,

    /// <summary>A <c>Thread</c> per call or per connection: orange.</summary>
    ThreadPerCall,

    /// <summary>The runtime's default pool (<c>ThreadPool</c> defaults, <c>run_in_executor(None)</c>): red.</summary>
    DefaultPool,

    /// <summary>The default pool with its minimum raised (<c>SetMinThreads</c>): purple.</summary>
    RaisedPool,

    /// <summary>Calls one after the other: grey.</summary>
    InTurn,

    /// <summary>Anything else a chart compares (a guard for shared state): slate.</summary>
    Other,

    /// <summary>A figure quoted from the article the suite grew from, not measured here: light grey.</summary>
    Quoted,
}

/// <summary>What an answer chart's axis measures: how its ticks read.</summary>
public enum AnswerUnit
{
    /// <summary>Nanoseconds, ticked as 100 ms, 1.5 s.</summary>
    Time,

    /// <summary>Bytes, ticked as 100 MB, 1.5 GB.</summary>
    Bytes,

    /// <summary>A plain number (a rate, a count).</summary>
    Number,
}

/// <summary>One row of an answer chart: a model, its value and its interval, or why it has none.</summary>
/// <param name="Label">The row's name in a .NET developer's words (`Task.Delay`, "a Thread per call").</param>
/// <param name="Kind">Its kind of model: its colour.</param>
/// <param name="Value">The value drawn (in <see cref="AnswerFigure.Unit"/>); null for a row that failed or did not run.</param>
/// <param name="Printed">The value as the report writes it, printed at the bar's end (the same text as the report's figure).</param>
public sealed record AnswerRow(string Label, AnswerKind Kind, double? Value, string Printed)
{
    /// <summary>The lower end of the value's interval (null: none).</summary>
    public double? Lower { get; init; }

    /// <summary>The upper end of the value's interval (null: none).</summary>
    public double? Upper { get; init; }

    /// <summary>A second figure that matters (threads, memory), printed beside the value, never on a second axis.</summary>
    public string? Beside { get; init; }

    /// <summary>Why the row has no value ("failed: ...", "left out for time"), printed in the row.</summary>
    public string? Missing { get; init; }

    /// <summary>What the value is a median of ("6 cold bursts"), for the report's table under the chart.</summary>
    public string? Samples { get; init; }

    /// <summary>The interval as the report's table writes it (empty where the row has none).</summary>
    public string IntervalText(AnswerUnit unit) => Lower is double l && Upper is double u
        ? unit switch
        {
            AnswerUnit.Time => Format.Interval(l, u),
            AnswerUnit.Bytes => $"[{Format.Bytes(l)}, {Format.Bytes(u)}]",
            _ => $"[{Format.Number(l)}, {Format.Number(u)}]",
        }
        : "";
}

/// <summary>An answer chart's content: its file name, its title (the answer as a sentence with its figure) and its rows.</summary>
/// <param name="Name">The chart's file name without extension.</param>
/// <param name="Title">The answer as a sentence, with its figure.</param>
/// <param name="Axis">What the axis measures, with its unit's kind ("time for all 1,000 calls").</param>
/// <param name="Unit">How the axis's ticks read.</param>
/// <param name="Rows">At most <see cref="AnswerChart.MaxRows"/> rows.</param>
/// <param name="Cases">The cases the rows come from: the subtitle's machine, runtimes and counts of processes.</param>
public sealed record AnswerFigure(string Name, string Title, string Axis, AnswerUnit Unit, IReadOnlyList<AnswerRow> Rows, IReadOnlyList<CaseStatistics> Cases)
{
    /// <summary>Rows in the order given (true) or sorted by value, missing rows last (false, the default).</summary>
    public bool KeepOrder { get; init; }

    /// <summary>What each bar is, for the subtitle, where it is not a median of bursts ("each bar: the highest rate held").</summary>
    public string? Each { get; init; }
}

/// <summary>
/// The chart people paste: one question answered with a few labelled numbers. Horizontal bars from zero, or dots on a
/// log axis where the values span more than <see cref="LogSpan"/>×; sorted; at most <see cref="MaxRows"/> rows, each
/// labelled in words, its value printed at its end with a second figure beside it, its interval a thin whisker; a row
/// that failed or did not run says so in its row. The title is the answer; one subtitle line says where the figures
/// come from; no legend (the rows are labelled) and no notes (the report's text says the rest).
/// </summary>
public static class AnswerChart
{
    /// <summary>The most rows an answer chart shows (a reader compares at most about this many at a glance).</summary>
    public const int MaxRows = 8;

    /// <summary>Values spanning more than this ratio are drawn as dots on a log axis (bars from zero would hide the small ones).</summary>
    public const double LogSpan = 20;

    private const float ValueSize = 13;

    /// <summary>The colour of a kind of model in every answer chart.</summary>
    public static Color ColorOf(AnswerKind kind) => kind switch
    {
        AnswerKind.Async => Color.FromHex("#2ca02c"),
        AnswerKind.DedicatedPool => Color.FromHex("#1f77b4"),
        AnswerKind.ThreadPerCall => Color.FromHex("#ff7f0e"),
        AnswerKind.DefaultPool => Color.FromHex("#d62728"),
        AnswerKind.RaisedPool => Color.FromHex("#9467bd"),
        AnswerKind.InTurn => Color.FromHex("#7f7f7f"),
        AnswerKind.Quoted => Color.FromHex("#b0b0b0"),
        _ => Color.FromHex("#4c6a8a"),
    };

    // 1, 2 or 5 times a power of ten, the nearest at or above the rough step.
    private static double NiceStep(double rough)
    {
        if (!(rough > 0))
        {
            return 1;
        }
        double magnitude = Math.Pow(10, Math.Floor(Math.Log10(rough)));
        double fraction = rough / magnitude;
        return (fraction <= 1 ? 1 : fraction <= 2 ? 2 : fraction <= 5 ? 5 : 10) * magnitude;
    }

    /// <summary>True where the figure's values span more than <see cref="LogSpan"/>×: it is drawn on a log axis.</summary>
    public static bool IsLog(AnswerFigure figure)
    {
        ArgumentNullException.ThrowIfNull(figure);
        var values = figure.Rows.Where(r => r.Value is > 0).Select(r => r.Value!.Value).ToList();
        return values.Count > 1 && values.Max() / values.Min() > LogSpan;
    }

    /// <summary>
    /// The one subtitle line (at most <see cref="ChartFigure.MaxLineChars"/> characters): the machine and its cores, the
    /// runtime where the chart shows one (rows that are runtimes name their own), what each bar is ("bar: median of 6
    /// fresh processes", naming the runtimes with fewer where the counts differ), and $"whisker: {Format.IntervalWithinRun}" where a
    /// row draws one. Where the whole does not fit, the processor's model, then the runtime, then the runtimes with
    /// fewer processes are left out, in that order.
    /// </summary>
    public static string Subtitle(AnswerFigure figure, ChartContext context)
    {
        ArgumentNullException.ThrowIfNull(figure);
        ArgumentNullException.ThrowIfNull(context);
        var hosts = ChartPalette.InRuntimeOrder(figure.Cases.Select(s => s.Case.Host).Distinct()).ToList();
        string Machine(int words) => hosts.Count == 0 ? "" : $"{hosts[0].LogicalCores}-core {string.Join(' ', hosts[0].Processor.Split(' ', StringSplitOptions.RemoveEmptyEntries).Take(words))}";
        var runtimes = hosts.Select(h => h.RuntimeLabel).Distinct().ToList();
        string runtime = runtimes.Count == 1 ? runtimes[0] : "";
        var counts = figure.Cases.Where(s => s.Headline is not null).Select(s => (s.Case.Host, s.Headline!.Count, s.Headline.Kind)).ToList();
        string what = counts.Count > 0 && counts.All(c => c.Kind == SampleKind.Cold) ? "fresh processes" : "runs";
        // Where values span past LogSpan the rows are dots on a log axis, not bars: the subtitle names what is drawn.
        string mark = IsLog(figure) ? "dot" : "bar";
        string eachLong = figure.Each ?? (counts.Count == 0 ? "" : $"{mark}: median of {Format.CountRange(counts.Select(c => c.Count))} {what}");
        string eachShort = eachLong;
        if (figure.Each is null && counts.Select(c => c.Count).Distinct().Count() > 1)
        {
            int most = counts.Max(c => c.Count);
            var full = counts.Where(c => c.Count == most).Select(c => c.Host).ToList();
            var fewer = counts.Where(c => c.Count < most).ToList();
            var fewerNames = fewer.Select(c => Family(c.Host)).Distinct().ToList();
            var fullNames = full.Select(Family).Distinct().ToList();
            string range = Format.CountRange(fewer.Select(c => c.Count));
            eachLong = fewerNames.Count <= 2
                ? $"{mark}: median of {most} {what}, {range} on {string.Join(" and ", fewerNames)}"
                : fullNames.Count <= 2 ? $"{mark}: median of {most} {what} on {string.Join(" and ", fullNames)}, {range} elsewhere" : eachLong;
        }
        string whisker = figure.Rows.Any(r => r.Lower is > 0 && r.Upper > r.Lower && r.Value is > 0) ? $"whisker: {Format.IntervalWithinRun}" : "";
        string Join(params string[] parts) => string.Join(" · ", parts.Where(p => p.Length > 0));
        return new[]
        {
            Join(Machine(3), runtime, eachLong, whisker),
            Join(Machine(2), runtime, eachLong, whisker),
            Join(Machine(2), eachLong, whisker),
            Join(Machine(2), eachShort, whisker),
        }.FirstOrDefault(t => t.Length <= ChartFigure.MaxLineChars) ?? Join(Machine(2), eachShort, whisker);
    }

    /// <summary>".NET", "Python", "Node.js", "Go", "Rust": a runtime's name without its version or compiler.</summary>
    public static string Family(HostInfo host) => ChartPalette.RuntimeOf(host) switch
    {
        ChartRuntime.DotNetJit or ChartRuntime.NativeAot => ".NET",
        ChartRuntime.Python => "Python",
        ChartRuntime.NodeJs => "Node.js",
        ChartRuntime.Go => "Go",
        ChartRuntime.Rust => "Rust",
        _ => host.RuntimeLabel,
    };

    /// <summary>Draws <paramref name="figure"/> into <paramref name="folder"/>; refuses more than <see cref="MaxRows"/> rows.</summary>
    /// <exception cref="ArgumentException">The figure has no row or more than <see cref="MaxRows"/>.</exception>
    public static ChartFile Draw(AnswerFigure figure, ChartContext context, string folder)
    {
        ArgumentNullException.ThrowIfNull(figure);
        ArgumentNullException.ThrowIfNull(context);
        if (figure.Rows.Count == 0 || figure.Rows.Count > MaxRows)
        {
            throw new ArgumentException($"answer chart '{figure.Name}' has {figure.Rows.Count} rows: it shows 1 to {MaxRows}", nameof(figure));
        }
        var rows = figure.KeepOrder ? [.. figure.Rows]
            : figure.Rows.OrderBy(r => r.Value is null ? 1 : 0).ThenBy(r => r.Value ?? 0).ToList();
        bool log = IsLog(figure);
        using var chart = new ChartFigure(figure.Title, [Subtitle(figure, context)])
        {
            Width = 1100,
            Height = 150 + (rows.Count * 52),
        };
        ChartPanel panel = chart.AddPanel("", figure.Axis + (log ? " (log scale)" : ""), "");
        Plot plot = panel.Plot;
        double Map(double v) => log ? Math.Log10(v) : v;
        var drawn = rows.Where(r => r.Value is > 0).ToList();
        double high = drawn.Select(r => Math.Max(r.Value!.Value, r.Upper ?? 0)).DefaultIfEmpty(1).Max();
        double low = drawn.Select(r => Math.Min(r.Value!.Value, r.Lower is > 0 ? r.Lower.Value : r.Value!.Value)).DefaultIfEmpty(1).Min();
        // The axis ends where the printed figures end (the figure fits it at render time: FitsBarLabels), not further.
        panel.FitsBarLabels = true;
        double left = log ? Math.Floor(Math.Log10(low) - 0.15) : 0;
        double right = log ? Math.Log10(high) + 0.05 : high * 1.02;
        double[] positions = new double[rows.Count];
        string[] labels = new string[rows.Count];
        for (int i = 0; i < rows.Count; i++)
        {
            AnswerRow row = rows[i];
            double y = rows.Count - 1 - i;
            positions[i] = y;
            labels[i] = row.Label;
            Color color = ColorOf(row.Kind);
            if (row.Value is not double value || value <= 0)
            {
                panel.AddBarLabel(left, y, row.Missing ?? "no value", Color.FromHex("#555555"), fromAxis: true);
                continue;
            }
            double end = value;
            if (log)
            {
                // A thin stem from the axis to the dot keeps the row readable; the dot is the value.
                var stem = plot.Add.Line(left, y, Map(value), y);
                stem.LineColor = color.WithAlpha(0.35);
                stem.LineWidth = 2;
                var dot = plot.Add.Marker(Map(value), y, MarkerShape.FilledCircle, 13);
                dot.Color = color;
            }
            else
            {
                var bar = plot.Add.Bar(new Bar { Position = y, Value = value, ValueBase = 0, FillColor = color, LineWidth = 0, Size = 0.62 });
                bar.Horizontal = true;
            }
            if (row.Lower is double lower && row.Upper is double upper && upper > lower && lower > 0)
            {
                Color whisker = Color.FromHex("#222222");
                var line = plot.Add.Line(Map(lower), y, Map(upper), y);
                line.LineColor = whisker;
                line.LineWidth = 1.2f;
                foreach (double x in new[] { lower, upper })
                {
                    var cap = plot.Add.Line(Map(x), y - 0.12, Map(x), y + 0.12);
                    cap.LineColor = whisker;
                    cap.LineWidth = 1.2f;
                }
                end = Math.Max(end, upper);
            }
            panel.AddBarLabel(Map(end), y, row.Beside is { Length: > 0 } beside ? $"{row.Printed} ({beside})" : row.Printed, Color.FromHex("#111111"));
        }
        plot.Axes.SetLimits(left, right, -0.6, rows.Count - 0.4);
        plot.Axes.Left.SetTicks(positions, labels);
        plot.Axes.Left.TickLabelStyle.FontSize = 13;
        plot.Axes.Left.MajorTickStyle.Length = 0;
        plot.Grid.YAxisStyle.MajorLineStyle.Width = 0;
        Func<double, int, string> format = figure.Unit switch
        {
            AnswerUnit.Time => Format.TickTime,
            AnswerUnit.Bytes => Format.TickBytes,
            _ => Format.TickNumber,
        };
        if (log)
        {
            // Ticks up to the data only: the room right of it is for the printed figures, not for values nobody measured.
            plot.Axes.SetLimitsX(left, Math.Log10(high) + 0.05);
            ChartTicks.LogTicks(plot.Axes.Bottom, format);
            plot.Axes.SetLimitsX(left, right);
        }
        else
        {
            // About five labelled ticks from zero to the data (none over the room for the printed figures).
            double step = NiceStep(high / 5);
            var ticks = new ScottPlot.TickGenerators.NumericManual();
            for (int i = 0; i * step <= high * 1.0001; i++)
            {
                ticks.AddMajor(i * step, i == 0 ? "0" : format(i * step, 3));
            }
            plot.Axes.Bottom.TickGenerator = ticks;
        }
        return chart.Save(folder, figure.Name);
    }
}

/// <summary>Rows of answer charts built from cases: the figures the report prints, the same text in both.</summary>
public static class AnswerRows
{
    /// <summary>
    /// A case's headline median (times <paramref name="scale"/>: per session, per job), its 95% interval where its
    /// count reaches one, and its count; or, where it has no median, a row that says why.
    /// </summary>
    public static AnswerRow Timed(CaseStatistics? s, string label, AnswerKind kind, string? beside = null, double scale = 1, string missing = "not run")
    {
        if (s is null || !s.HasMedian)
        {
            return new AnswerRow(label, kind, null, "") { Missing = s?.Case.Failure is { } failure ? $"failed: {Shorten(failure)}" : s is null ? missing : "no median: its bursts have a trend" };
        }
        MedianInterval interval = s.Interval;
        bool whisker = interval.Exists && interval.ReachesTarget;
        return new AnswerRow(label, kind, s.MedianNs * scale, Format.Time(s.MedianNs * scale))
        {
            Lower = whisker ? interval.Lower * scale : null,
            Upper = whisker ? interval.Upper * scale : null,
            Beside = beside,
            Samples = s.Headline?.Description,
        };
    }

    /// <summary>"22 threads": a median count of threads as a whole number, so that a chart never shows half a thread.</summary>
    public static string Threads(CaseStatistics s)
    {
        ArgumentNullException.ThrowIfNull(s);
        return Format.Plural(Math.Round(s.PeakThreads ?? 0, MidpointRounding.AwayFromZero), "thread");
    }

    private static string Shorten(string text) => text.Length <= 60 ? text : text[..57] + "...";
}
