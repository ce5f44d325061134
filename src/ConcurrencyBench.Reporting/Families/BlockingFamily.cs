using ConcurrencyBench.Models;
using static ConcurrencyBench.Reporting.Charts;
using static ConcurrencyBench.Reporting.FindingText;

namespace ConcurrencyBench.Reporting;

/// <summary>
/// Family 3, blocking calls under different loads (the seed's synchronous breakfast): one after the other, a thread
/// each, blocked inside pool work items and on the event loop; and the collateral damage, a probe's wait behind N
/// jobs on the pool (its own group, <c>Starvation</c>).
/// </summary>
public sealed partial class BlockingFamily : ReportFamily
{
    private const string Blocking = "Blocking";
    private const string Starvation = "Starvation";

    /// <inheritdoc/>
    public override string Name => Blocking;

    /// <inheritdoc/>
    public override string Title => "Blocking calls";

    /// <inheritdoc/>
    public override string Intro => "Blocking calls one after the other, a thread each, blocked inside pool work items (sync-over-async), and inside the single-threaded event loop; then the collateral damage: how long a short probe queued to the pool waits behind N jobs, timed by the probe itself from being queued to starting (BenchmarkDotNet's time of the call would add queuing the N jobs).";

    /// <inheritdoc/>
    public override int SectionOrder => 2;

    /// <inheritdoc/>
    public override IReadOnlyList<BenchmarkClass> Classes { get; } =
    [
        new("BlockingCalls", Blocking, ["N", "DelayMs"]),
        new("PoolStarvation", Starvation, ["N", "DelayMs"]),
    ];

    /// <inheritdoc/>
    public override IReadOnlyList<ModelDeclaration> Models { get; } =
    [
        new("BlockingCalls", "Sequential", "sequential", 7, c => ModelCatalog.Ideal(new SequentialBlocking(), c)) { IdealText = "N·d" },
        new("BlockingCalls", "ThreadPerCall", "thread per call", 8, c => ModelCatalog.Ideal(new ThreadPerCall(), c)) { IdealText = "d" },
        new("BlockingCalls", "SyncOverAsyncInPool", "sync-over-async in pool", 9, c => ModelCatalog.InjectingPoolIdeal(c) is TimeSpan ideal ? ModelCatalog.LessOneTick(ideal, c) : null)
        {
            IdealText = "d·ceil(N/32,767) − one timer tick",
            Reference = ModelCatalog.NoInjectionReference,
            ReferenceText = "no thread injection: ceil(N/cores)·d",
        },
        new("BlockingCalls", "BlockingOnEventLoop", "blocking on event loop", 3, c => ModelCatalog.Ideal(new BlockingOnEventLoop(), c)) { IdealText = "N·d" },
        new("PoolStarvation", "ProbeBehindAsyncWaits", "probe behind async waits", 1, _ => null),
        new("PoolStarvation", "ProbeBehindBlockingCalls", "probe behind blocking calls", 4, _ => null),
    ];

    /// <inheritdoc/>
    public override CaseRole RoleOf(CaseResult c) => (c?.Type, c?.Method) switch
    {
        ("BlockingCalls", "ThreadPerCall") => CaseRole.ThreadPerCall,
        ("BlockingCalls", "Sequential") => CaseRole.InTurn,
        _ => CaseRole.None,
    };

    /// <inheritdoc/>
    public override bool HoldsItsJobsAtOnce(CaseResult c) => RoleOf(c) == CaseRole.ThreadPerCall;

    /// <inheritdoc/>
    public override IEnumerable<ChartFile?> DrawCharts(IReadOnlyList<CaseStatistics> cases, ResultSet results, string folder)
    {
        ChartContext context = ChartContext.Of(results);
        var blocking = InGroup(cases, Blocking);
        var starvation = InGroup(cases, Starvation);
        yield return TimeAgainstLoad(context, blocking, folder, "Blocking-time",
            $"How long do N blocking calls{OfDelay(blocking)} take, one after another, a thread each, or blocking the pool or a loop?", "wall time per operation");
        yield return TimeAgainstLoad(context, starvation, folder, "Blocking-starvation",
            $"How long does a short work item wait to start behind N jobs{OfDelay(starvation)} on the thread pool?", "probe's wait from queued to running");
        yield return RepeatedBursts(context, cases, $"How do repeated bursts of blocking calls{OfDelay(cases)} in pool work items speed up in one process?", folder, "Blocking-bursts");
    }

    /// <inheritdoc/>
    public override IEnumerable<string?> Findings(IReadOnlyList<CaseStatistics> cases, ResultSet? results = null)
    {
        yield return SequentialAgainstThreads(cases);
        yield return SyncOverAsync(cases);
        yield return StarvedProbe(cases);
    }

    private static string? SequentialAgainstThreads(IReadOnlyList<CaseStatistics> cases)
    {
        int? n = cases.Where(s => s.Case.Method == "Sequential").Select(s => s.Case.IntParameter("N"))
            .Where(x => Find(cases, "BlockingCalls", "ThreadPerCall", x) is not null).Max();
        if (n is null || Find(cases, "BlockingCalls", "Sequential", n) is not { } sequential || Find(cases, "BlockingCalls", "ThreadPerCall", n) is not { } threads)
        {
            return null;
        }
        string against = CaseStatistics.Ratio(sequential, threads) is { } ratio ? Against(ratio) : NoRatio(sequential, threads);
        return $"{N(n.Value)} blocking calls of {Ms(sequential)} one after the other against a thread each: {against}, " +
               $"for {Format.Plural(threads.PeakThreads ?? 0, "thread")} at the bursts' peak.";
    }

    private static string? SyncOverAsync(IReadOnlyList<CaseStatistics> cases)
    {
        int? n = LargestN(cases, "BlockingCalls", "SyncOverAsyncInPool");
        if (n is null || Find(cases, "BlockingCalls", "SyncOverAsyncInPool", n) is not { } blocked)
        {
            return null;
        }
        string threads = Find(cases, "BlockingCalls", "ThreadPerCall", n) is { } t
            ? CaseStatistics.Ratio(blocked, t) is { } ratio ? $"; against a thread per call, {Against(ratio)}" : $"; {NoRatio(blocked, t)}"
            : "";
        string last = double.IsNaN(blocked.LastNs) ? "" : $"; after {Format.Plural(blocked.Repeated.Count, "repeated burst")} in one process, the last took {Format.Time(blocked.LastNs)}";
        return $"{N(n.Value)} sync-over-async waits (`Task.Delay({Ms(blocked)}).Wait()`) inside pool work items took {Median(blocked)}{threads}{last}.";
    }

    private static string? StarvedProbe(IReadOnlyList<CaseStatistics> cases)
    {
        int? n = LargestN(cases, "PoolStarvation", "ProbeBehindBlockingCalls");
        if (n is null || Find(cases, "PoolStarvation", "ProbeBehindBlockingCalls", n) is not { } blocked
            || Find(cases, "PoolStarvation", "ProbeBehindAsyncWaits", n) is not { } idle)
        {
            return null;
        }
        string against = CaseStatistics.Ratio(blocked, idle) is { } ratio ? Against(ratio) : NoRatio(blocked, idle);
        return $"A short work item queued to the pool behind {N(n.Value)} blocking calls of {Ms(blocked)}, against behind {N(n.Value)} async waits, waited to start: {against}.";
    }
}
