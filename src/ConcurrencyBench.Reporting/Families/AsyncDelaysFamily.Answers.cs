using static ConcurrencyBench.Reporting.FindingText;

namespace ConcurrencyBench.Reporting;

/// <summary>The async-delay family's answer across runtimes: memory, time and CPU of N concurrent sleeps on each.</summary>
public sealed partial class AsyncDelaysFamily
{
    /// <inheritdoc/>
    public override IEnumerable<Answer?> Answers(IReadOnlyList<CaseStatistics> cases, ResultSet? results, IReadOnlyList<CaseStatistics> primary, IReadOnlyList<CaseStatistics> all)
    {
        ArgumentNullException.ThrowIfNull(all);
        yield return Runtimes(all);
    }

    // The largest N of concurrent sleeps every runtime ran, and each runtime's memory, time and CPU there.
    private static Answer? Runtimes(IReadOnlyList<CaseStatistics> all)
    {
        var sleeps = all.Where(s => s.Plays(CaseRole.ConcurrentWaits) && s.HasMedian).ToList();
        var runtimes = sleeps.Select(s => s.Case.Host).Distinct().ToList();
        if (runtimes.Count < 2)
        {
            return null;
        }
        // The largest N every runtime ran at which most runtimes held every task asleep at once (a sleep shorter than
        // creating N tasks takes holds fewer, and a peak of fewer tasks is not set beside one of N: such a runtime's
        // row says how many it held, with no bar); the largest N every runtime ran where no N is so.
        var everywhere = sleeps.GroupBy(s => s.Case.IntParameter("N")).Where(g => g.Key is not null && g.Select(s => s.Case.Host).Distinct().Count() == runtimes.Count).ToList();
        int? n = everywhere.Where(g => 2 * g.Count(s => AllPending.ShortOf(s, g.Key!.Value) is null) > g.Count()).Select(g => g.Key).Max()
            ?? everywhere.Select(g => g.Key).Max();
        if (n is null)
        {
            return null;
        }
        var atN = sleeps.Where(s => s.Case.IntParameter("N") == n).OrderBy(s => s.Case.Host.Kind).ThenBy(s => s.Case.Host.Label, StringComparer.Ordinal).ToList();
        CaseStatistics reference = atN[0];
        int d = reference.Case.IntParameter("DelayMs") ?? 0;
        string each = string.Join("; ", atN.Select(s =>
            $"{s.Case.Host.RuntimeLabel} ({s.Model.Label}) {Format.Time(s.MedianNs)}, {Format.CpuMs(s.CpuMsPerOp)} CPU, {Format.Bytes(s.PeakWorkingSetBytes)}" +
            (s == reference ? "" : CaseStatistics.Ratio(s, reference) is { } r ? $" ({Ratio(r)} the time of {reference.Case.Host.RuntimeLabel})" : "")));
        string sleep = d % 1000 == 0 ? $"{d / 1000} s" : $"{d} ms";
        string Beyond(CaseStatistics s) => $"wall: the {sleep} sleep + {Format.Time(s.MedianNs - (d * 1e6))}, CPU {Format.CpuMs(s.CpuMsPerOp)}";
        string Prose(CaseStatistics s) => $"{Format.Time(s.MedianNs - (d * 1e6))} beyond the {sleep} sleep and {Format.CpuMs(s.CpuMsPerOp)} of CPU";
        // "Concurrent" only where every runtime's bursts proved all N asleep at once: with a short sleep the first
        // sleepers wake before the last are created, and a runtime holding fewer tasks at its peak needs less memory.
        var shortOf = atN.Where(s => AllPending.ShortOf(s, n.Value) is not null).ToList();
        string sleepsWord = shortOf.Count == 0 ? "concurrent sleeps" : "sleeps started together";
        var rows = atN.Take(AnswerChart.MaxRows).Select(s =>
        {
            SampleSummary? h = s.Headline;
            MedianInterval memory = h?.PeakWorkingSetInterval ?? MedianInterval.None;
            bool whisker = memory.Exists && memory.ReachesTarget;
            // A runtime that did not hold all N asleep at once has no bar: its peak is of fewer tasks, not of N.
            return AllPending.ShortOf(s, n.Value) is int most
                ? new AnswerRow(ChartContext.Runtime(s.Case.Host), AnswerKind.Async, null, "") { Missing = $"not all asleep at once: as few as {most:#,0} of {N(n.Value)} in a burst" }
                : s.PeakWorkingSetBytes is double bytes
                ? new AnswerRow(ChartContext.Runtime(s.Case.Host), AnswerKind.Async, bytes, Format.Bytes(bytes))
                {
                    Lower = whisker ? memory.Lower : null,
                    Upper = whisker ? memory.Upper : null,
                    Beside = Beyond(s),
                    Samples = h?.Description,
                }
                : new AnswerRow(ChartContext.Runtime(s.Case.Host), AnswerKind.Async, null, "") { Missing = "peak memory not recorded" };
        }).ToList();
        // The least and the most memory are named only among runtimes that held all N asleep at once, where two did:
        // a peak of fewer tasks is a smaller figure that is not a like-for-like one.
        var byMemory = atN.Where(s => s.PeakWorkingSetBytes is not null).OrderBy(s => s.PeakWorkingSetBytes).ToList();
        if (byMemory.Count(s => AllPending.ShortOf(s, n.Value) is null) >= 2)
        {
            byMemory = [.. byMemory.Where(s => AllPending.ShortOf(s, n.Value) is null)];
        }
        if (byMemory.Count < 2)
        {
            return null;
        }
        CaseStatistics least = byMemory[0], most = byMemory[^1];
        string title = $"{N(n.Value)} {(shortOf.Count == 0 ? $"concurrent sleeps of {sleep}" : $"sleeps of {sleep}, where all were asleep at once")}: peak memory {Format.Bytes(least.PeakWorkingSetBytes)} on {ChartContext.Runtime(least.Case.Host)}, {Format.Bytes(most.PeakWorkingSetBytes)} on {ChartContext.Runtime(most.Case.Host)}";
        return new Answer($"Across runtimes, {N(n.Value)} {sleepsWord}",
            $"{each} (medians of each runtime's cold bursts where it has them; every figure is in the section \"The same loads on each runtime\").",
            "AsyncDelays-time")
        {
            Plain = $"{N(n.Value)} {sleepsWord} fit in {Format.Bytes(least.PeakWorkingSetBytes)} on {least.Case.Host.RuntimeLabel} and needed {Format.Bytes(most.PeakWorkingSetBytes)} on {most.Case.Host.RuntimeLabel}; {(AllPending.ShortOf(reference, n.Value) is null ? $"{reference.Case.Host.RuntimeLabel} needed {Format.Bytes(reference.PeakWorkingSetBytes)} and {Prose(reference)}" : $"{reference.Case.Host.RuntimeLabel} took {Prose(reference)}")}." +
                (shortOf.Count == 0 ? "" : $" Not all {N(n.Value)} were asleep at once on {string.Join(", ", shortOf.Select(s => $"{s.Case.Host.RuntimeLabel} (as few as {AllPending.ShortOf(s, n.Value):#,0} in a burst)"))}: the first woke before the last were created, so their peaks hold fewer tasks{(byMemory.Count < atN.Count(s => s.PeakWorkingSetBytes is not null) ? " and the least and most memory above are named among the others" : "")} (a sleep long enough for every task, as `scripts/run.sh --profile all-pending` sets, holds them all)."),
            ForCode = "a million pending `Task.Delay`s are cheap in .NET (a timer and a small state machine each); what costs is what each task holds.",
            Order = 5,
            Figure = new AnswerFigure($"Answer-runtimes-N{n}", title, "peak memory of the whole process", AnswerUnit.Bytes, rows, atN),
        };
    }
}
