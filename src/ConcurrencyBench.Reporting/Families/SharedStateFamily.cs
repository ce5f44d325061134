using System.Globalization;
using System.Text;
using static ConcurrencyBench.Reporting.Charts;
using static ConcurrencyBench.Reporting.FindingText;

namespace ConcurrencyBench.Reporting;

/// <summary>
/// The chat server's shared state: its user table under five guards, N users joining, looking up and leaving at once,
/// with and without the welcome line written on join. Times per burst and per session, lock contentions, allocation.
/// </summary>
public sealed class SharedStateFamily : ReportFamily
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
        "One operation is the whole burst of N sessions; where a case has cold bursts (its first burst in each of several fresh " +
        "processes), its median describes them, because a process has a level of its own. Lock contentions are the runtime's count (BenchmarkDotNet's threading " +
        "diagnoser), which includes Monitor waits inside `SemaphoreSlim` and the channel.";

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
        if (!WriteHeading(md, cases, charts))
        {
            return;
        }
        bool manyHosts = Format.FromSeveralHosts(cases);
        md.AppendLine("| Guard | Welcome | N | Samples | Median per burst | Interval of median (level) | Per session (median ÷ N) | Trend over repeated bursts | Lock contentions per burst | Allocated per session (harness included) | Peak threads |");
        md.AppendLine("|---|---|---:|---|---:|---|---:|---|---:|---:|---:|");
        foreach (CaseStatistics s in cases.OrderBy(s => WritesWelcome(s.Case.Method)).ThenBy(s => s.Case.IntParameter("N")).ThenBy(s => s.Model.Order).ThenBy(s => s.Case.Host.Label, StringComparer.Ordinal))
        {
            int n = s.Case.IntParameter("N") ?? 0;
            string welcome = !WritesWelcome(s.Case.Method) ? "none" : s.Model.Label.Contains("inside", StringComparison.Ordinal) ? "inside" : "after";
            string guard = s_guards.First(g => g.Plain == s.Case.Method || g.Welcome == s.Case.Method).Label;
            md.AppendLine(CultureInfo.InvariantCulture,
                $"| {guard}{(manyHosts ? $" [{s.Case.Host.Label}]" : "")} | {welcome} | {Format.Count(n)} | {s.SamplesLabel} | {Format.Time(s.MedianNs)} | {Format.Interval(s.Interval)} | {(s.HasMedian && n > 0 ? Format.Time(s.MedianNs / n) : "")} | {Format.Trend(s.Trend)} | {Contentions(s)} | {Format.Bytes(s.AllocatedBytesPerJob)} | {Format.Count(s.PeakThreads)} |");
        }
        md.AppendLine();
    }

    /// <inheritdoc/>
    public override IEnumerable<string?> Findings(IReadOnlyList<CaseStatistics> cases, ResultSet? results = null)
    {
        yield return Guards(cases, welcome: false);
        yield return Guards(cases, welcome: true);
    }

    // The runtime's count per operation, as BenchmarkDotNet's threading diagnoser reports it (fractional: an average).
    private static string Contentions(CaseStatistics s) =>
        s.Case.Metric("LockContentionCount") is double count ? Format.Number(count) : "";

    // At the largest N every guard has a median for: the fastest guard, and each other guard as a multiple of it.
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
        string others = string.Join("; ", atN.Skip(1).Select(s =>
            $"{s.Model.Label} {Format.Time(s.MedianNs)} ({Format.Ratio(s.MedianNs / fastest.MedianNs)}{(Contentions(s) is { Length: > 0 } c ? $", {c} lock contentions per burst" : "")})"));
        string what = welcome ? "joining with a welcome write, looking up and leaving" : "joining, looking up and leaving";
        return $"{N(n.Value)} users {what} at once: {fastest.Model.Label} was fastest at {Median(fastest)} per burst " +
               $"({Format.Time(fastest.MedianNs / n.Value)} per session); {others}.";
    }
}
