using System.Text;
using ConcurrencyBench.Models;
using ConcurrencyBench.Models.Chat;
using HdrHistogram;

namespace ConcurrencyBench.Reporting.Tests;

/// <summary>The chat family read back from known windows: the figures, the knee, the verdicts, the charts and the findings.</summary>
public class ChatFamilyTests
{
    // n latencies evenly from low to high (µs).
    private static double[] Spread(int n, double low, double high) => [.. Enumerable.Range(0, n).Select(i => low + ((high - low) * i / Math.Max(1, n - 1)))];

    private static string Histogram(IEnumerable<double> us)
    {
        LongHistogram histogram = LatencyHistogram.Create();
        foreach (double value in us)
        {
            LatencyHistogram.Record(histogram, value);
        }
        return LatencyHistogram.Encode(histogram);
    }

    // A window whose delivered lines took `correctedUs` from their intended send and correctedUs / correction from their
    // actual send; `lost` lines sent and not delivered, `unsent` never sent; the load's own lateness loadLateUs each.
    internal static ChatWindow Window(int index, double[] correctedUs, double correction = 1, int lost = 0, int unsent = 0, double loadLateUs = 50, double lengthMs = 500)
    {
        int sent = correctedUs.Length + lost;
        string late = Histogram(Enumerable.Repeat(loadLateUs, sent));
        return new ChatWindow(index, (index - 1) * lengthMs, lengthMs, sent + unsent, sent, correctedUs.Length, Histogram(correctedUs),
            Histogram(correctedUs.Select(u => u / correction)), late, late, lengthMs / 4,
            [new ChatBucket((index - 1) * lengthMs, sent + unsent, correctedUs.Length, correctedUs.Length, null, null, correctedUs.DefaultIfEmpty(0).Max())]);
    }

    internal static ChatLoadResult Load(int clients, int rate, string? failure = null) =>
        new(ChatLoadResult.FormatName, "", "async", "127.0.0.1:1", "test machine", 1, clients, 10, rate, "2026-01-01T00:00:00Z", 100, 10, 10, failure, 0, 0, []);

    // A chat case of the sweep as the benchmark leaves it: a window per measured operation on its timeline (its p99 as
    // the measurement), read back through the reader's own step; optionally cold launches (window 1 each).
    internal static (CaseStatistics Stats, Dictionary<(HostInfo?, BurstKind, string), ThreadPoolTimeline> Timelines) Point(
        string method, int clients, int rate, ChatWindow[] windows, string? failure = null, ChatWindow[]? cold = null)
    {
        string fullName = $"ConcurrencyBench.Benchmarks.ChatServerLoad.{method}(C: {clients}, Rate: {rate})";
        ChatLoadResult load = Load(clients, rate, failure);
        var timelines = new Dictionary<(HostInfo?, BurstKind, string), ThreadPoolTimeline>();
        CaseResult Read(ChatWindow[] ws, string job)
        {
            double[] bdn = [.. ws.Select(_ => 500e6)];
            CaseResult result = StatisticsTests.CaseWith(bdn, "ChatServerLoad", method, $"C={clients}&Rate={rate}") with { FullName = fullName, Job = job };
            var marks = ws.Select((w, i) => new BurstMark(i * 500.0, 20, 10, failure is null ? w.CorrectedSummary().P99OrMaxUs * 1000 : null, 0,
                new ChatBurst([], 0, 0, w.LengthMs) { Window = failure is null ? w : null, Load = load })).ToList();
            var timeline = new ThreadPoolTimeline(fullName, 20, 1, [], job, marks);
            result = ResultsReader.WithOwnMeasurements(result, new Dictionary<(BurstKind, string), ThreadPoolTimeline> { [(result.Bursts, fullName)] = timeline });
            timelines[(result.Host, result.Bursts, fullName)] = timeline;
            return result;
        }
        CaseResult repeated = Read(windows, "Repeated");
        CaseResult? coldResult = cold is null ? null : Read(cold, "Cold");
        return (CaseStatistics.Of(repeated, coldResult), timelines);
    }

    private static ResultSet Set(params (CaseStatistics Stats, Dictionary<(HostInfo?, BurstKind, string), ThreadPoolTimeline> Timelines)[] points) =>
        new([.. points.SelectMany(p => new[] { p.Stats.Case, p.Stats.ColdCase }).OfType<CaseResult>()],
            points.SelectMany(p => p.Timelines).ToDictionary(), []);

    // 1 cold window of slow lines, then `warm` windows of 1,000 lines each spread over [low, high] µs.
    private static ChatWindow[] Windows(int warm, double low, double high, double correction = 1, int lost = 0, double loadLateUs = 50) =>
        [Window(1, Spread(1000, 40_000, 60_000), correction), .. Enumerable.Range(2, warm).Select(i => Window(i, Spread(1000, low, high), correction, i == 2 ? lost : 0, 0, loadLateUs))];

    [Fact]
    public void APointIsDescribedByItsWarmWindowsPooledWithAPercentileOnlyWhereItIsCarried()
    {
        // Window 1 (cold, 40-60 ms) is left out; five warm windows of 1,000 lines from 1 to 10 ms.
        var (stats, timelines) = Point("AsyncSockets", 1000, 2, Windows(5, 1_000, 10_000, correction: 2));

        ChatSweepPoint point = Assert.Single(ChatSweepPoint.Of([stats], Set((stats, timelines))));

        Assert.Null(point.Failure);
        Assert.Equal(5, point.Warm.Count);
        Assert.Equal(5000, point.Corrected.Count);
        Assert.Equal(5_500, point.Corrected.P50Us!.Value, 5_500 * 0.002);
        Assert.Equal(9_910, point.Corrected.P99Us!.Value, 9_910 * 0.002);
        // 5,000 lines: p99.9 would rest on 5 lines beyond it, so it is not given; the maximum is.
        Assert.Null(point.Corrected.P999Us);
        Assert.Equal(10_000, point.Corrected.MaxUs, 10_000 * 0.002);
        // From the actual send each line took half as long: the correction's size is there to see.
        Assert.Equal(point.Corrected.P99Us!.Value / 2, point.Uncorrected.P99Us!.Value, point.Corrected.P99Us.Value * 0.002);
        Assert.Equal(2000, point.OfferedPerSecond);
        Assert.True(point.Held(ChatFamily.BoundUs));
        Assert.Equal("held", point.Verdict(ChatFamily.BoundUs));
        // The case's own measurement per window is that window's p99: warm samples 2..n (five, enough for the trend
        // test), no trend among equal windows.
        Assert.True(stats.Case.TimedByModel);
        Assert.Equal(SampleKind.Warm, stats.Kind);
    }

    [Fact]
    public void TheKneeIsTheLastLoadUpToWhichEveryPointHeld()
    {
        // p99 ≈ 5 ms, 20 ms, 150 ms, then 80 ms again: capacity 5 (the held 80 ms past a failure is not capacity).
        double[] p99Ms = [5, 20, 150, 80];
        int[] rates = [2, 5, 10, 20];
        var points = rates.Select((r, i) => ChatSweepPoint.Of([Point("AsyncSockets", 1000, r, Windows(2, 100, p99Ms[i] * 1000)).Stats],
            Set(Point("AsyncSockets", 1000, r, Windows(2, 100, p99Ms[i] * 1000)))).Single()).ToList();

        ChatKnee knee = ChatKnee.Of(points, p => p.Rate, ChatFamily.BoundUs);

        Assert.Equal(5, knee.Capacity!.Rate);
        Assert.Equal(10, knee.FirstOver!.Rate);
        Assert.StartsWith("p99 ", knee.FirstOver.Verdict(ChatFamily.BoundUs), StringComparison.Ordinal);
        Assert.Contains("over the bound", knee.FirstOver.Verdict(ChatFamily.BoundUs), StringComparison.Ordinal);
        // Every point held: the capacity is the sweep's highest; the lowest failed: there is none.
        Assert.Null(ChatKnee.Of(points.Take(2), p => p.Rate, ChatFamily.BoundUs).FirstOver);
        Assert.Null(ChatKnee.Of(points.Skip(2), p => p.Rate, ChatFamily.BoundUs).Capacity);
    }

    [Fact]
    public void ALostLineOrAFailureIsNotHeldWhateverTheLatency()
    {
        var (lossy, lt) = Point("EventLoop", 1000, 10, Windows(3, 100, 1_000, lost: 7));
        var (failed, ft) = Point("ThreadPerConnection", 10_000, 1, Windows(3, 100, 1_000), failure: "the server admitted 7,812 of 10,000 clients (first refused: c7812: ERROR server-full)");
        var points = ChatSweepPoint.Of([lossy, failed], Set((lossy, lt), (failed, ft)));

        ChatSweepPoint lost = points.Single(p => p.Stats == lossy);
        Assert.Equal(7, lost.Lost);
        Assert.False(lost.Held(ChatFamily.BoundUs));
        Assert.Equal("7 lines lost", lost.Verdict(ChatFamily.BoundUs));
        ChatSweepPoint dead = points.Single(p => p.Stats == failed);
        Assert.StartsWith("the server admitted 7,812 of 10,000 clients", dead.Failure, StringComparison.Ordinal);
        Assert.False(dead.Held(ChatFamily.BoundUs));
        // A failed case has no median: BenchmarkDotNet's times of its operations are not its measurement.
        Assert.Equal(SampleKind.None, failed.Kind);
        Assert.Equal("failed: no median", failed.SamplesLabel);
        Assert.False(failed.Case.TimedByModel);
        Assert.NotNull(failed.Case.Failure);
        // Warm windows that drift (a queue building past the knee) are pooled, and the verdict says they drift.
        ChatWindow[] rising = [Window(1, Spread(1000, 100, 1_000)), .. Enumerable.Range(2, 7).Select(i => Window(i, Spread(1000, 100, i * 30_000)))];
        var (drift, dt) = Point("EventLoop", 1000, 20, rising);
        ChatSweepPoint drifting = Assert.Single(ChatSweepPoint.Of([drift], Set((drift, dt))));
        Assert.Contains("its windows' p99 rose from window to window: a trend", drifting.Verdict(ChatFamily.BoundUs), StringComparison.Ordinal);
    }

    private static (IReadOnlyList<CaseStatistics> Cases, ResultSet Results) Sweep()
    {
        // Async holds up to 20 lines/s, the event loop up to 5, the thread per connection nowhere; the thread per
        // connection failed at 10,000 clients. The async server's actual-send p99 is a quarter of its corrected one at 20.
        var all = new List<(CaseStatistics, Dictionary<(HostInfo?, BurstKind, string), ThreadPoolTimeline>)>
        {
            Point("AsyncSockets", 1000, 2, Windows(7, 100, 2_000), cold: [Window(1, Spread(1000, 100, 30_000)), Window(1, Spread(1000, 100, 40_000))]),
            Point("AsyncSockets", 1000, 5, Windows(7, 100, 5_000)),
            Point("AsyncSockets", 1000, 20, Windows(7, 100, 60_000, correction: 4)),
            Point("AsyncSockets", 1000, 40, Windows(7, 1_000, 400_000, loadLateUs: 30_000)),
            Point("EventLoop", 1000, 2, Windows(7, 100, 3_000), cold: [Window(1, Spread(1000, 100, 30_000))]),
            Point("EventLoop", 1000, 5, Windows(7, 100, 9_000)),
            Point("EventLoop", 1000, 20, Windows(7, 100, 300_000)),
            Point("ThreadPerConnection", 1000, 2, Windows(7, 100, 200_000), cold: [Window(1, Spread(1000, 100, 300_000))]),
            Point("ThreadPerConnection", 1000, 5, Windows(7, 100, 900_000)),
            Point("AsyncSockets", 10_000, 2, Windows(7, 100, 50_000)),
            Point("EventLoop", 10_000, 1, Windows(7, 100, 40_000)),
            Point("EventLoop", 10_000, 2, Windows(7, 100, 700_000)),
            Point("ThreadPerConnection", 10_000, 2, Windows(7, 100, 1_000), failure: "the server admitted 7,812 of 10,000 clients (first refused: c7812: ERROR server-full)"),
        };
        return ([.. all.Select(p => p.Item1)], Set([.. all]));
    }

    [Fact]
    public void TheSectionStatesWhatItShowsAndGivesEachPointsLatencyDeliveryAndTheLoadsChecks()
    {
        var (cases, results) = Sweep();
        var md = new StringBuilder();

        new ChatFamily().WriteSection(md, cases, [], results);
        // Every point's tables go to cases.md, which the section links.
        Assert.Contains("[`cases.md`](cases.md#the-chat-servers-points)", md.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain("| Server model | Point | Lines |", md.ToString(), StringComparison.Ordinal);
        new ChatFamily().WriteDetails(md, cases, results);
        string text = md.ToString();

        // What it shows: the capacities first, from the findings.
        Assert.Contains("**What it shows**", text, StringComparison.Ordinal);
        // Async's next point is over the bound while the load fell behind: its capacity is a floor, not a knee.
        Assert.Contains("async sockets on the pool: at least 20 lines/s per client (20,000 lines/s offered, delivered = offered, p99 59.", text, StringComparison.Ordinal);
        Assert.Contains("at 40: inconclusive: p99 39", text, StringComparison.Ordinal);
        Assert.Contains("but the load itself fell behind (its own lateness p99 30.0 ms, in 7 of 7 windows past its tolerance)", text, StringComparison.Ordinal);
        Assert.Contains("thread per connection: below 2 lines/s per client, the sweep's lowest; at 2: p99 198 ms over the bound", text, StringComparison.Ordinal);
        // The C sweep at the shared rate: async held 10,000 clients; the thread per connection none.
        Assert.Contains("async sockets on the pool: at least 10,000 clients", text, StringComparison.Ordinal);
        Assert.Contains("thread per connection: below 1,000 clients", text, StringComparison.Ordinal);
        string[] rows = [.. text.Split('\n').Where(l => l.StartsWith("| ", StringComparison.Ordinal))];
        // Latency: 7 warm windows of 1,000 lines; p99.9 not carried by 7,000 lines.
        string asyncAt20 = Assert.Single(rows, r => r.StartsWith("| async sockets on the pool | 1,000 × 20/s (20,000 lines/s) | 7,000 |", StringComparison.Ordinal) && r.Contains("| n/a |", StringComparison.Ordinal));
        Assert.EndsWith("| held |", asyncAt20.TrimEnd(), StringComparison.Ordinal);
        Assert.All(rows.Where(r => !r.StartsWith("|-", StringComparison.Ordinal)), r => Assert.InRange(r.Count(ch => ch == '|') - 1, 1, 8));
        // Delivery and the load's checks: the correction's size, "= offered" where nothing was lost, the load behind at 40.
        string delivery = Assert.Single(rows, r => r.StartsWith("| async sockets on the pool | 1,000 × 20/s (20,000 lines/s) | 14.", StringComparison.Ordinal));
        Assert.Contains("| = offered | 0 / 0 |", delivery, StringComparison.Ordinal);
        Assert.Contains(rows, r => r.StartsWith("| async sockets on the pool | 1,000 × 40/s", StringComparison.Ordinal) && r.Contains("(**behind** in 7 of 7)", StringComparison.Ordinal));
        string dead = Assert.Single(rows, r => r.StartsWith("| thread per connection | 10,000 × 2/s", StringComparison.Ordinal));
        Assert.Contains("**failed**: the server admitted 7,812 of 10,000 clients", dead, StringComparison.Ordinal);
        // The cold point: cold and warm side by side, never mixed.
        Assert.Single(rows, r => r.StartsWith("| async sockets on the pool | 1,000 × 2/s | ", StringComparison.Ordinal));
    }

    [Fact]
    public void TheFindingsGiveTheCapacitiesTheSharedPointTheCorrectionTheLoadsLatenessAndTheFailure()
    {
        var (cases, results) = Sweep();

        var findings = new ChatFamily().Findings(cases, results).OfType<string>().ToList();

        Assert.Contains(findings, f => f.StartsWith("The chat server's capacity at 1,000 clients", StringComparison.Ordinal)
            && f.Contains("async sockets on the pool: at least 20 lines/s per client", StringComparison.Ordinal)
            && f.Contains("single-thread event loop: 5 lines/s per client", StringComparison.Ordinal)
            && f.Contains("thread per connection: below 2 lines/s per client", StringComparison.Ordinal));
        Assert.Contains(findings, f => f.StartsWith("The chat server's capacity in clients at 2 lines/s each", StringComparison.Ordinal));
        // One line per second is one line, not "1 lines/s".
        Assert.Contains(findings, f => f.StartsWith("The chat server's capacity at 10,000 clients", StringComparison.Ordinal)
            && f.Contains("single-thread event loop: 1 line/s per client (10,000 lines/s offered", StringComparison.Ordinal)
            && !f.Contains(" 1 lines/s", StringComparison.Ordinal));
        string shared = Assert.Single(findings, f => f.StartsWith("At one shared offered rate, 1,000 clients at 2 lines/s each (2,000 lines/s)", StringComparison.Ordinal));
        Assert.Contains("async sockets on the pool: p50 1.0", shared, StringComparison.Ordinal);
        Assert.Contains("(7,000 lines), and cold (window 1 of 3 fresh server processes) p99", shared, StringComparison.Ordinal);
        // The correction is largest for async at 20 lines/s, where the actual-send p99 was a quarter of the corrected one.
        string correction = Assert.Single(findings, f => f.StartsWith("Coordinated omission at 1,000 clients", StringComparison.Ordinal));
        Assert.Contains("async sockets on the pool at 20 lines/s: p99 14.", correction, StringComparison.Ordinal);
        Assert.True(correction.Contains("(4.00×)", StringComparison.Ordinal), correction);
        string late = Assert.Single(findings, f => f.StartsWith("The load generator's own lateness", StringComparison.Ordinal));
        Assert.Contains("p99 at most 30.0 ms (async sockets on the pool, 1,000 clients at 40 lines/s", late, StringComparison.Ordinal);
        Assert.Contains("fell behind its tolerance in 1 of 12 points", late, StringComparison.Ordinal);
        Assert.Contains(findings, f => f.StartsWith("The chat server's thread per connection failed at 10,000 clients (2 lines/s each): the server admitted 7,812", StringComparison.Ordinal));
        // The report's summary gets the knee in one line, with its chart.
        Answer answer = Assert.Single(new ChatFamily().Answers(cases, results).OfType<Answer>());
        Assert.Equal("Chat-knee-C1000", answer.Chart);
        Assert.Equal("async sockets on the pool: at least 20 lines/s at 1,000 clients, at least 2 lines/s at 10,000 clients; single-thread event loop: 5 lines/s at 1,000 clients, 1 line/s at 10,000 clients; thread per connection: below 2 lines/s at 1,000 clients, failed at 10,000 clients.", answer.Text);
    }

    [Fact]
    public void TheKneeChartDrawsEachPercentileWhereItIsCarriedWithACurvePerModelTheBoundAndALegendThatNamesThem()
    {
        using var files = new TestFiles();
        var (cases, results) = Sweep();
        var points = ChatSweepPoint.Of(cases, results).Where(p => p.Clients == 1000).ToList();

        ChartFile chart = ChatFamily.KneeChart(new ChartContext(["test-profile"]), points, 1000, files.Root)!;
        var svg = new SvgChart(File.ReadAllText(chart.SvgPath));

        Assert.Equal("Chat-knee-C1000", chart.Name);
        Assert.StartsWith("Where does each chat server's latency bend as the offered rate grows", chart.Title, StringComparison.Ordinal);
        Assert.Contains(chart.Subtitle, l => l.Contains("profile test-profile", StringComparison.Ordinal));
        // One panel per percentile: p50 and p99 carry a curve per model; 7,000 lines per point carry no p99.9.
        Assert.Equal(["p50", "p99", "p99.9"], chart.Panels.Select(p => p.Title));
        Assert.Equal(3, chart.Panels[0].Series.Count);
        Assert.Equal(3, chart.Panels[1].Series.Count);
        Assert.Empty(chart.Panels[2].Series);
        Assert.Equal(
            ["async sockets on the pool", "single-thread event loop", "thread per connection", ".NET JIT", "the bound (p99 panel): p99 100 ms", "ringed: the point did not hold", "crossed: the load itself fell behind (inconclusive)"],
            chart.Legend);
        Assert.Contains(svg.Texts, t => t.Content == "100 ms");
        Assert.Contains(svg.Texts, t => t.Content.StartsWith("offered rate per client", StringComparison.Ordinal));
        // The p99 bound is drawn on the p99 panel only: it bounds neither the p50 nor the p99.9.
        string guide = "#" + ChartPalette.GuideColor.ToHex()[1..7];
        double Bound(SvgRect p) => svg.Lines(p, guide).Where(l => l.Count == 2 && Math.Abs(l[0].Y - l[1].Y) < 0.01).Sum(l => Math.Abs(l[1].X - l[0].X));
        // (The p99.9 panel, empty here, draws nothing: the SVG has no data area for it.)
        Assert.Equal([false, true], svg.Panels.Select(p => Bound(p) > p.Width * 0.4));
        // Every rate of the sweep is labelled under every panel, and no rate that was not offered.
        Assert.All(svg.Panels, p => Assert.Equal(["2", "5", "20", "40"], svg.BottomTickLabels(p).Select(t => t.Content)));
        Assert.Empty(svg.OverlappingTexts());
    }

    [Fact]
    public void TheOverTimeChartDrawsEachSlicesLatencyAndTheServersPoolThreadsOnTheSameClock()
    {
        using var files = new TestFiles();
        var (stats, timelines) = Point("AsyncSockets", 1000, 2, Windows(3, 100, 2_000));
        // The server's sampler: window 1 ended 1,000 ms after it started, so the schedule started at 500 ms; the pool
        // grew from 2 to 6 threads during window 2.
        ThreadPoolTimeline timeline = timelines.Single().Value;
        var samples = Enumerable.Range(0, 120).Select(i => new ThreadPoolSample(i * 20.0, i * 20.0 < 1200 ? 2 : 6, 0, 0, 20, 1)).ToList();
        var marks = timeline.Bursts!.Select((m, i) => m with { ElapsedMs = 1000 + (i * 500.0) }).ToList();
        var results = new ResultSet([stats.Case], new Dictionary<(HostInfo?, BurstKind, string), ThreadPoolTimeline> { [timelines.Single().Key] = timeline with { Samples = samples, Bursts = marks } }, []);
        ChatSweepPoint point = Assert.Single(ChatSweepPoint.Of([stats], results));

        ChartFile chart = ChatFamily.OverTimeChart(new ChartContext(["test-profile"]), [point], files.Root, results)!;
        var svg = new SvgChart(File.ReadAllText(chart.SvgPath));

        // The latency, and the pool's threads in a panel of their own (never on a second axis), on one clock.
        Assert.Equal(["async sockets on the pool", "the servers' thread-pool threads"], chart.Panels.Select(p => p.Title));
        Assert.Contains("grey: the end of window 1 (cold)", chart.Legend);
        Assert.All(svg.Panels, p => Assert.Empty(svg.RightTickLabels(p)));
        // Its axis runs from zero past the pool's 6 threads; its line steps from 2 to 6 where window 2 began (0.7 s in).
        SvgRect threads = svg.Panels[1];
        var ticks = svg.LeftTickLabels(threads).Select(t => t.Content).ToList();
        Assert.Equal("0", ticks[^1]);
        Assert.Contains("6", ticks);
        string orange = "#" + ChartPalette.ColorOf(1).ToHex()[1..7];
        var line = Assert.Single(svg.Lines(threads, orange));
        Assert.True(line[0].Y > line[^1].Y, "the pool's threads do not grow");
        // Both panels run on one clock: the time at each panel's left and right edges, read off its tick labels, agree.
        (double Left, double Right) Clock(SvgRect p)
        {
            var ticks = svg.BottomTickLabels(p).Select(t => (X: (t.Left + t.Right) / 2, Value: double.Parse(t.Content, System.Globalization.CultureInfo.InvariantCulture))).ToList();
            double perPixel = (ticks[^1].Value - ticks[0].Value) / (ticks[^1].X - ticks[0].X);
            return (ticks[0].Value + ((p.X - ticks[0].X) * perPixel), ticks[0].Value + ((p.Right - ticks[0].X) * perPixel));
        }
        Assert.Equal(Clock(svg.Panels[0]).Left, Clock(threads).Left, 0.05);
        Assert.Equal(Clock(svg.Panels[0]).Right, Clock(threads).Right, 0.05);
    }

    [Fact]
    public void ALoadRunByHandOnAnotherMachineIsReadFromChatLoadsAndItsProcessesMergedByRun()
    {
        using var files = new TestFiles();
        ChatLoadResult Part(string machine) => Load(500, 4) with
        {
            Run = "two-machines",
            Server = "async",
            Target = "10.0.0.5:5000",
            Machine = machine,
            Windows = [Window(1, Spread(1000, 1_000, 5_000)), Window(2, Spread(1000, 1_000, 5_000)), Window(3, Spread(1000, 1_000, 5_000))],
        };
        files.Write("run/chat-loads/a.json", Part("loader-a (8 cores)").ToJson());
        files.Write("run/chat-loads/b.json", Part("loader-b (8 cores)").ToJson());

        ResultSet results = ResultsReader.Read([files.PathOf("run")]);
        ReportOutput report = ReportWriter.Write(results, files.PathOf("report"), [files.PathOf("run")]);

        Assert.Equal(2, results.ChatLoads.Count);
        string text = File.ReadAllText(report.ReportPath);
        string row = Assert.Single(text.Split('\n'), l => l.StartsWith("| two-machines |", StringComparison.Ordinal));
        // The two processes merged: 1,000 clients, windows 2 and 3 pooled (4,000 lines).
        Assert.StartsWith("| two-machines | async | 10.0.0.5:5000 | loader-a (8 cores); loader-b (8 cores) (2) | 1,000 | 4 | 2 | 4,000 |", row, StringComparison.Ordinal);
        Assert.EndsWith("| held |", row.TrimEnd(), StringComparison.Ordinal);

        files.Write("bad/chat-loads/c.json", Part("x").ToJson().Replace("\"delivered\": 1000", "\"delivered\": 1001", StringComparison.Ordinal));
        ResultsFormatException bad = Assert.Throws<ResultsFormatException>(() => ResultsReader.Read([files.PathOf("bad")]));
        Assert.Contains("c.json", bad.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ATimelineWithAChatWindowThatCannotBeIsRefused()
    {
        using var files = new TestFiles();
        ChatWindow impossible = Window(1, Spread(1000, 100, 200)) with { Delivered = 999 };
        var timeline = new ThreadPoolTimeline("ConcurrencyBench.Benchmarks.ChatServerLoad.AsyncSockets(C: 1000, Rate: 2)", 20, 1, [], "Repeated",
            [new BurstMark(1, 1, 1, 1e6, 0, new ChatBurst([], 0, 0, 500) { Window = impossible, Load = Load(1000, 2) })]);
        Directory.CreateDirectory(files.PathOf("run/timelines"));
        timeline.Save(files.PathOf("run/timelines/chat.json"));

        ResultsFormatException e = Assert.Throws<ResultsFormatException>(() => ResultsReader.Read([files.PathOf("run")]));

        Assert.Contains("chat.json: bursts[0].chat.window.corrected = a histogram of 1,000 values: not one per delivered line (999)", e.Message, StringComparison.Ordinal);
    }
}
