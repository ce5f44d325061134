using System.Globalization;
using System.Text;
using static ConcurrencyBench.Reporting.Charts;
using static ConcurrencyBench.Reporting.FindingText;

namespace ConcurrencyBench.Reporting;

/// <summary>
/// The chat server's shared state: its user table under five guards, N users joining, looking up and leaving at once,
/// with and without the welcome line written on join. Times per burst and per session, lock contentions, allocation.
/// </summary>
public sealed partial class SharedStateFamily : ReportFamily
{
    private const string Type = "UserTable";

    // Each guard has one colour, and its welcome variant the same colour in the other chart.
    private static readonly (string Plain, string Welcome, string Label, string WelcomeLabel)[] s_guards =
    [
        ("SemaphoreSlimAwaited", "SemaphoreSlimWelcomeInside", "SemaphoreSlim(1, 1) awaited", "SemaphoreSlim, welcome awaited inside"),
        ("MonitorLock", "MonitorLockWelcomeAfter", "lock (Monitor)", "lock (Monitor), welcome after"),
        ("ThreadingLock", "ThreadingLockWelcomeAfter", "System.Threading.Lock", "System.Threading.Lock, welcome after"),
        ("ConcurrentDictionaryNoLock", "ConcurrentDictionaryWelcomeAfter", "ConcurrentDictionary, no lock", "ConcurrentDictionary, welcome after"),
        ("SingleOwnerActor", "SingleOwnerActorWelcomeInside", "single-owner actor (channel)", "actor, welcome awaited inside"),
    ];

    /// <inheritdoc/>
    public override string Name => "SharedState";

    /// <inheritdoc/>
    public override string Title => "Shared state: the chat server's user table under a lock";

    /// <inheritdoc/>
    public override string Intro =>
        "The article's chat server keeps one table from user name to connection under an `asyncio.Lock`. Here N users join at once " +
        "(each under its own name: a check-then-insert), look up a neighbour and leave, with the table guarded five ways: " +
        "`SemaphoreSlim(1, 1)` awaited (the `asyncio.Lock` analogue), `lock` on an object (Monitor), `System.Threading.Lock`, " +
        "a `ConcurrentDictionary` with no lock, and a single-owner actor (one task reading a channel). With the welcome line " +
        "(a simulated asynchronous write to the new connection), the async lock and the actor await it inside the critical section, " +
        "holding the name until the client has been told; C# forbids an await inside `lock`, so the others write after the insert. " +
        "One operation is the whole burst of N sessions; the guards are compared on their cold bursts (the first burst of each of several " +
        "fresh processes), because a process has a level of its own. Lock contentions are the runtime's count during each burst " +
        "(`Monitor.LockContentionCount`), which includes Monitor waits inside `SemaphoreSlim` and the channel.";

    /// <inheritdoc/>
    public override int SectionOrder => 4;

    /// <inheritdoc/>
    public override IReadOnlyList<BenchmarkClass> Classes { get; } = [new(Type, "SharedState", ["N"])];

    /// <inheritdoc/>
    public override IReadOnlyList<ModelDeclaration> Models { get; } =
    [
        .. s_guards.Select((g, i) => new ModelDeclaration(Type, g.Plain, g.Label, i, _ => null)),
        .. s_guards.Select((g, i) => new ModelDeclaration(Type, g.Welcome, g.WelcomeLabel, i, _ => null)),
    ];

    /// <summary>Whether a method writes the welcome line on join.</summary>
    public static bool WritesWelcome(string method) => s_guards.Any(g => g.Welcome == method);

    /// <inheritdoc/>
    public override bool PrimingComparable(CaseResult c) => true;

    /// <inheritdoc/>
    public override IEnumerable<ChartFile?> DrawCharts(IReadOnlyList<CaseStatistics> cases, ResultSet results, string folder)
    {
        ChartContext context = ChartContext.Of(results);
        yield return TimeAgainstLoad(context, cases.Where(s => !WritesWelcome(s.Case.Method)), folder, "SharedState-time",
            "How long does a burst of N chat sessions (join, look up, leave) take under each guard of the user table?", "wall time per burst", load: "users joining at once N");
        yield return TimeAgainstLoad(context, cases.Where(s => WritesWelcome(s.Case.Method)), folder, "SharedState-welcome",
            "How long does a burst of N chat sessions take when each join also writes a welcome line?", "wall time per burst", load: "users joining at once N");
    }

    /// <inheritdoc/>
    public override void WriteSection(StringBuilder md, IReadOnlyList<CaseStatistics> cases, IReadOnlyList<ChartFile> charts, ResultSet? results = null)
    {
        if (!WriteHeading(md, cases, charts, results))
        {
            return;
        }
        bool manyHosts = Format.FromSeveralHosts(cases);
        md.Append("| Guard | Welcome |").Append(manyHosts ? " Host |" : "").AppendLine($" N | Cold bursts: median {Format.IntervalColumn} | Warm bursts: median {Format.IntervalColumn} | Per session (cold median ÷ N) | Lock contentions per burst | Allocated per session |");
        md.Append("|---|---|").Append(manyHosts ? "---|" : "").AppendLine("---:|---:|---:|---:|---:|---:|");
        foreach (CaseStatistics s in cases.OrderBy(s => WritesWelcome(s.Case.Method)).ThenBy(s => s.Case.IntParameter("N")).ThenBy(s => s.Model.Order).ThenBy(s => s.Case.Host.Label, StringComparer.Ordinal))
        {
            int n = s.Case.IntParameter("N") ?? 0;
            string welcome = !WritesWelcome(s.Case.Method) ? "none" : s.Model.Label.Contains("inside", StringComparison.Ordinal) ? "inside" : "after";
            string guard = s_guards.First(g => g.Plain == s.Case.Method || g.Welcome == s.Case.Method).Label;
            md.Append(CultureInfo.InvariantCulture, $"| {guard} | {welcome} |").Append(manyHosts ? $" {s.Case.Host.Label} |" : "")
              .AppendLine(CultureInfo.InvariantCulture,
                $" {Format.Count(n)} | {Cell(s.Cold)} | {WarmCell(s)} | {(s.HasMedian && n > 0 ? Format.Time(s.MedianNs / n) : "")} | {Contentions(s)} | {Format.Bytes(s.AllocatedBytesPerJob)} |");
        }
        md.AppendLine();
    }

    /// <inheritdoc/>
    public override IEnumerable<string?> Findings(IReadOnlyList<CaseStatistics> cases, ResultSet? results = null)
    {
        yield return Guards(cases, welcome: false);
        yield return Guards(cases, welcome: true);
    }

    // Lock contentions per burst: the median over the headline's own bursts (Monitor's count, which includes waits inside
    // SemaphoreSlim and the channel); older runs: BenchmarkDotNet's threading diagnoser's average per operation.
    private static string Contentions(CaseStatistics s) =>
        s.Headline?.LockContentions is double median ? Format.Count(median)
        : s.Case.Metric("LockContentionCount") is double count ? Format.Number(count) : "";

    // At the largest N every guard has a median for: the fastest guard by its headline median, and each other guard
    // against it (like samples only, with the ratio's interval); a guard whose interval holds 1 is within the noise.
    private static string? Guards(IReadOnlyList<CaseStatistics> cases, bool welcome)
    {
        var measured = cases.Where(s => WritesWelcome(s.Case.Method) == welcome && s.HasMedian).ToList();
        int? n = measured.Select(s => s.Case.IntParameter("N")).Max();
        if (n is null)
        {
            return null;
        }
        var atN = measured.Where(s => s.Case.IntParameter("N") == n).OrderBy(s => s.MedianNs).ToList();
        if (atN.Count < 2)
        {
            return null;
        }
        CaseStatistics fastest = atN[0];
        var tied = new List<string>();
        var slower = new List<string>();
        foreach (CaseStatistics s in atN.Skip(1))
        {
            KindRatio? ratio = CaseStatistics.Ratio(s, fastest);
            string contentions = Contentions(s) is { Length: > 0 } c ? $", {c} lock {(c == "1" ? "contention" : "contentions")} per burst" : "";
            if (ratio is null)
            {
                slower.Add($"{s.Model.Label}: {NoRatio(s, fastest)}");
            }
            else if (ratio.HasInterval && ratio.Lower <= 1)
            {
                tied.Add($"{s.Model.Label} ({Ratio(ratio)})");
            }
            else
            {
                slower.Add($"{s.Model.Label} {Format.Time(s.MedianNs)} ({Ratio(ratio)}{contentions})");
            }
        }
        string what = welcome ? "joining with a welcome write, looking up and leaving" : "joining, looking up and leaving";
        string tie = tied.Count > 0 ? $"; not distinguishable from it (the ratio's interval holds 1): {string.Join(", ", tied)}" : "";
        string rest = slower.Count > 0 ? $"; slower: {string.Join("; ", slower)}" : "";
        return $"{N(n.Value)} users {what} at once: {fastest.Model.Label} had the lowest median, {Median(fastest)} per burst " +
               $"({Format.Time(fastest.MedianNs / n.Value)} per session){tie}{rest}.";
    }
}
