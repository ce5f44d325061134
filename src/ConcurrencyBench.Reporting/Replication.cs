using System.Globalization;
using System.Text;

namespace ConcurrencyBench.Reporting;

/// <summary>One case's median and within-run interval in each of several runs of one profile.</summary>
/// <param name="Key">What identifies the case across runs: its runtime kind and BenchmarkDotNet full name.</param>
/// <param name="Family">The family it belongs to (its catalog entry's).</param>
/// <param name="Kind">The kind of every run's headline samples (cold in every run, or warm in every run: never mixed).</param>
/// <param name="Medians">Each run's median, in nanoseconds, in the order the runs were given.</param>
/// <param name="Intervals">Each run's 95% interval of its median, within that run (<see cref="MedianInterval.None"/> where too few bursts).</param>
public sealed record ReplicatedCase(string Key, string Family, SampleKind Kind, IReadOnlyList<double> Medians, IReadOnlyList<MedianInterval> Intervals)
{
    /// <summary>The largest median over the smallest: 1 where every run gave the same median.</summary>
    public double Spread => Medians.Max() / Medians.Min();

    /// <summary>
    /// True where the case is CPU-bound in the first run: its headline bursts' CPU time (the whole process) is at least
    /// <see cref="Replication.CpuBoundShare"/> of their wall time, so a slower core slows it in proportion.
    /// </summary>
    public bool CpuBound { get; init; }

    /// <summary>True where every run has an interval that reaches 95% (else <see cref="Covered"/> and <see cref="Overlap"/> say nothing).</summary>
    public bool HasIntervals => Intervals.All(i => i.Exists && i.ReachesTarget);

    /// <summary>
    /// How many of the ordered pairs (run a, run b) have b's median inside a's within-run interval: what a reader who
    /// took a's interval as "what a re-run gives" would see confirmed. Null without intervals.
    /// </summary>
    public (int Inside, int Pairs)? Covered => !HasIntervals ? null
        : (Pairs().Count(p => Inside(p.A, p.B)), Pairs().Count());

    /// <summary>True where every two runs' within-run intervals overlap; null without intervals.</summary>
    public bool? Overlap => !HasIntervals ? null
        : Pairs().All(p => Overlaps(p.A, p.B));

    /// <summary>
    /// How far apart two runs' medians may be and still hold each other's figure, as a ratio (±5%): a reader acts the
    /// same on 118 MB and 119 MB, while a within-run interval of memory or of a sleep-bound time can be far narrower
    /// than that (tokio's 100,000 sleeps: 118 MB in both committed default runs, intervals apart by 0.3%).
    /// </summary>
    public const double PracticalMargin = 1.05;

    /// <summary>
    /// True where run <paramref name="run"/> holds the first run's figure: its median lies inside the first run's
    /// 95% interval within that run, or the two runs' intervals overlap, or the two medians are within
    /// <see cref="PracticalMargin"/> of each other. Where the first run has no 95% interval, only a figure within the
    /// margin holds. The one rule by which a report's answers say "held in n of m runs".
    /// </summary>
    public bool HeldBy(int run)
    {
        if (WithinMargin(Medians[0], Medians[run]))
        {
            return true;
        }
        if (!Reaches(0))
        {
            return false;
        }
        return Inside(0, run) || (Reaches(run) && Overlaps(0, run));
    }

    private static bool WithinMargin(double a, double b) =>
        a == b || (a > 0 && b > 0 && Math.Max(a, b) / Math.Min(a, b) <= PracticalMargin);

    private bool Reaches(int run) => Intervals[run].Exists && Intervals[run].ReachesTarget;

    // Run b's median inside run a's interval.
    private bool Inside(int a, int b) => Medians[b] >= Intervals[a].Lower && Medians[b] <= Intervals[a].Upper;

    private bool Overlaps(int a, int b) => Intervals[a].Lower <= Intervals[b].Upper && Intervals[b].Lower <= Intervals[a].Upper;

    /// <summary>True where every run's median lies inside every other run's within-run interval; null without intervals.</summary>
    public bool? Agrees => Covered is { } c ? c.Inside == c.Pairs : null;

    private IEnumerable<(int A, int B)> Pairs()
    {
        for (int a = 0; a < Medians.Count; a++)
        {
            for (int b = 0; b < Medians.Count; b++)
            {
                if (a != b)
                {
                    yield return (a, b);
                }
            }
        }
    }
}

/// <summary>One family's replication across the runs: how many of its cases' within-run intervals held on the other runs.</summary>
/// <param name="Family">The family's name.</param>
/// <param name="Cases">Its cases present in every run with the same kind of samples.</param>
/// <param name="WithIntervals">Those with a 95% interval in every run.</param>
/// <param name="Agreeing">Those where every run's median lies inside every other run's interval.</param>
/// <param name="Overlapping">Those where every two runs' intervals overlap.</param>
/// <param name="MedianSpread">The median over its cases of the largest median over the smallest.</param>
/// <param name="Widest">The case with the largest spread.</param>
public sealed record FamilyReplication(string Family, int Cases, int WithIntervals, int Agreeing, int Overlapping, double MedianSpread, ReplicatedCase Widest);

/// <summary>
/// Several runs of one profile set side by side (<c>cbench replicate</c>): per case, how far its median moved from run
/// to run against the interval each run printed for it; per family, the share of cases whose runs agree within their
/// intervals; and the runs' machines side by side, so that a reader can see why a figure moved. The intervals a report
/// prints cover one run (bursts within it); this measures the next level of repetition, whole runs (Kalibera and Jones,
/// "Rigorous benchmarking in reasonable time", ISMM 2013: repeat at the level where the variance is).
/// </summary>
public sealed class Replication
{
    private Replication(IReadOnlyList<ResultSet> runs, IReadOnlyList<string> names, IReadOnlyList<ReplicatedCase> cases, IReadOnlyList<string> leftOut)
    {
        Runs = runs;
        Names = names;
        Cases = cases;
        LeftOut = leftOut;
    }

    /// <summary>The runs, in the order given.</summary>
    public IReadOnlyList<ResultSet> Runs { get; }

    /// <summary>The name each run is shown by (its folder as given).</summary>
    public IReadOnlyList<string> Names { get; }

    /// <summary>Every case present in all runs with the same kind of headline samples, in catalog order.</summary>
    public IReadOnlyList<ReplicatedCase> Cases { get; }

    /// <summary>Cases left out, one line each with why (missing from a run, cold in one run and warm in another).</summary>
    public IReadOnlyList<string> LeftOut { get; }

    /// <summary>Per family, in the order of <see cref="Cases"/>.</summary>
    public IReadOnlyList<FamilyReplication> Families => [.. Cases.GroupBy(c => c.Family).Select(g =>
        new FamilyReplication(g.Key, g.Count(), g.Count(c => c.HasIntervals), g.Count(c => c.Agrees == true), g.Count(c => c.Overlap == true),
            GateRule.Median([.. g.Select(c => c.Spread)]), g.MaxBy(c => c.Spread)!))];

    /// <summary>Sets <paramref name="runs"/> side by side.</summary>
    /// <exception cref="ResultsFormatException">
    /// Fewer than two runs, a run given twice, runs of different profiles (from their run-info.json), or no case with a
    /// median in every run: nothing to compare is an error, never an empty table.
    /// </exception>
    public static Replication Of(IReadOnlyList<ResultSet> runs, IReadOnlyList<string> names)
    {
        ArgumentNullException.ThrowIfNull(runs);
        ArgumentNullException.ThrowIfNull(names);
        if (runs.Count < 2 || names.Count != runs.Count)
        {
            throw new ResultsFormatException($"replicate needs two runs or more of one profile, and was given {runs.Count}");
        }
        if (names.Select(n => Path.GetFullPath(n)).GroupBy(n => n, StringComparer.Ordinal).FirstOrDefault(g => g.Count() > 1) is { } twice)
        {
            throw new ResultsFormatException($"{twice.Key} is given twice: a run set beside itself replicates by construction");
        }
        var profiles = runs.Select((r, i) => (Name: names[i], Profiles: r.Runs.Select(x => x.Profile).Distinct(StringComparer.Ordinal).ToList())).ToList();
        if (profiles.FirstOrDefault(p => p.Profiles.Count != 1) is { Name: not null } unknown)
        {
            throw new ResultsFormatException($"{unknown.Name}: {(unknown.Profiles.Count == 0 ? "no run-info.json names its profile" : $"holds runs of several profiles ({string.Join(", ", unknown.Profiles)})")}; replicate sets runs of one profile side by side");
        }
        if (profiles.Select(p => p.Profiles[0]).Distinct(StringComparer.Ordinal).Count() > 1)
        {
            throw new ResultsFormatException($"the runs are of different profiles ({string.Join(", ", profiles.Select(p => $"{p.Name}: {p.Profiles[0]}"))}); replicate sets runs of one profile side by side");
        }

        var perRun = runs.Select(r => CaseStatistics.All(r).Where(s => s.HasMedian)
            .GroupBy(Key, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.First(), StringComparer.Ordinal)).ToList();
        var cases = new List<ReplicatedCase>();
        var leftOut = new List<string>();
        IEnumerable<CaseStatistics> ordered = perRun.SelectMany(r => r.Values).DistinctBy(Key)
            .OrderBy(s => s.Model.Family.SectionOrder).ThenBy(s => s.Model.Order).ThenBy(s => s.Case.FullName, StringComparer.Ordinal);
        foreach (CaseStatistics first in ordered)
        {
            string key = Key(first);
            var present = perRun.Select(r => r.GetValueOrDefault(key)).ToList();
            if (present.Any(s => s is null))
            {
                leftOut.Add($"{key}: not in {string.Join(", ", names.Where((_, i) => present[i] is null))}");
                continue;
            }
            if (present.Select(s => s!.Kind).Distinct().Count() > 1)
            {
                leftOut.Add($"{key}: {string.Join(", ", present.Select((s, i) => $"{(s!.Kind == SampleKind.Cold ? "cold" : "warm")} in {names[i]}"))}: a cold median is not set against a warm one");
                continue;
            }
            cases.Add(new ReplicatedCase(key, first.Model.Family.Name, first.Kind, [.. present.Select(s => s!.MedianNs)], [.. present.Select(s => s!.Interval)])
            {
                CpuBound = present[0]!.CpuMsPerOp is double cpu && cpu * 1e6 >= CpuBoundShare * present[0]!.MedianNs,
            });
        }
        if (cases.Count == 0)
        {
            throw new ResultsFormatException($"no case has a median in every run ({string.Join(", ", names)}): nothing to compare");
        }
        return new Replication(runs, names, cases, leftOut);
    }

    /// <summary>A case is CPU-bound where its CPU time is at least this share of its wall time.</summary>
    public const double CpuBoundShare = 0.5;

    /// <summary>
    /// The calibration explains a family's move where the family's median ratio over the calibration's ratio lies
    /// within this factor of 1 (what is left after the machine's own change is under 10%).
    /// </summary>
    public const double ExplainedWithin = 1.1;

    /// <summary>
    /// Whether the machine explains a move: "calibration 1.08×; SharedState medians 1.78× (12 CPU-bound cases): not
    /// explained (1.65× left)"; a family whose medians moved by less than <see cref="ExplainedWithin"/> has no move to
    /// explain. <paramref name="calibration"/> is the later run's calibration loop time over the first's
    /// (null where either run did not record it).
    /// </summary>
    public static string Explanation(double? calibration, string family, double ratio, int cases)
    {
        string moved = $"{family} medians {Format.Ratio(ratio, 3)} ({Format.Plural(cases, "CPU-bound case")})";
        if (calibration is not double c)
        {
            return $"calibration not recorded; {moved}: cannot tell whether the machine explains it";
        }
        double left = ratio / c;
        if (Within(ratio))
        {
            return $"calibration {Format.Ratio(c, 3)}; {moved}: no move to explain (within {Format.Ratio(ExplainedWithin, 3)})";
        }
        return $"calibration {Format.Ratio(c, 3)}; {moved}: {(Within(left) ? "explained" : "not explained")} ({Format.Ratio(left, 3)} left)";

        static bool Within(double r) => r <= ExplainedWithin && r >= 1 / ExplainedWithin;
    }

    private static string Key(CaseStatistics s) =>
        $"{s.Case.Host.Kind}{(s.Case.Host.Variant.Length > 0 ? $", {s.Case.Host.Variant}" : "")}: {Format.CaseName(s.Case.FullName)}";

    /// <summary>The report section: the machines side by side, the families' shares, the cases that moved most.</summary>
    public string ToMarkdown(int largest = 15)
    {
        var md = new StringBuilder();
        md.AppendLine("## Replication: the same profile run again").AppendLine();
        md.AppendLine(CultureInfo.InvariantCulture, $"{Runs.Count} runs of the profile `{Runs[0].Runs[0].Profile}`, {Cases.Count} cases with a median in every run. Each run's interval is a 95% interval of its median **within that run** (its bursts); if it described what a re-run gives, about 95% of other runs' medians would fall inside it. Ratios are of medians of the same kind of bursts (cold/cold or warm/warm).").AppendLine();

        md.AppendLine("| | " + string.Join(" | ", Names.Select(n => $"`{n}`")) + " |");
        md.AppendLine("|---|" + string.Concat(Enumerable.Repeat("---|", Names.Count)));
        Row("Started (UTC)", r => string.Join(", ", r.Runs.Select(x => x.StartedUtc)));
        Row("Commit", r => string.Join(", ", r.Runs.Select(x => x.Commit.Length > 12 ? x.Commit[..12] : x.Commit)));
        Row("Took", r => string.Join(", ", r.Runs.Select(x => Format.Duration(x.DurationSeconds))));
        Row("Processor", r => string.Join(", ", r.Hosts.Select(h => h.Processor).Distinct(StringComparer.Ordinal)));
        Row("Logical cores", r => string.Join(", ", r.Hosts.Select(h => h.LogicalCores).Distinct()));
        Row("OS", r => string.Join(", ", r.Hosts.Select(h => h.Os).Distinct(StringComparer.Ordinal)));
        Row("Runtimes", r => string.Join(", ", r.Hosts.Select(h => h.RuntimeLabel).Distinct(StringComparer.Ordinal)));
        Row("Load average (1 min), start → end", r => Each(r, x => x.LoadAverage1mStart is null && x.LoadAverage1mEnd is null ? null
            : $"{Recorded(x.LoadAverage1mStart, Format.Number)} → {Recorded(x.LoadAverage1mEnd, Format.Number)}"));
        Row("CPU time stolen over the run (/proc/stat)", r => Each(r, x => x.StealShare is double s ? Format.Percent(s) : null));
        Row("Calibration loop (`cbench calibrate`), start → end", r => Each(r, x => x.CalibrationNsStart is null && x.CalibrationNsEnd is null ? null
            : $"{Recorded(x.CalibrationNsStart, Format.Time)} → {Recorded(x.CalibrationNsEnd, Format.Time)}"));
        md.AppendLine();
        WriteExplanations(md);

        md.AppendLine("| Family | Cases | With an interval in every run | Every run's median inside every other run's interval | Intervals overlap | Median spread (largest/smallest median) | Widest case |");
        md.AppendLine("|---|---:|---:|---:|---:|---:|---|");
        foreach (FamilyReplication f in Families)
        {
            md.AppendLine(CultureInfo.InvariantCulture, $"| {f.Family} | {f.Cases} | {f.WithIntervals} | {Share(f.Agreeing, f.WithIntervals)} | {Share(f.Overlapping, f.WithIntervals)} | {Format.Ratio(f.MedianSpread, 3)} | {f.Widest.Key}: {Format.Ratio(f.Widest.Spread, 3)} |");
        }
        md.AppendLine();

        md.AppendLine(CultureInfo.InvariantCulture, $"The {Math.Min(largest, Cases.Count)} cases whose median moved most (every case is in `replication.csv`):").AppendLine();
        md.AppendLine("| Case | Kind | " + string.Join(" | ", Names.Select(n => $"`{n}`: median [interval within the run]")) + " | Spread | Medians inside the other runs' intervals |");
        md.AppendLine("|---|---|" + string.Concat(Enumerable.Repeat("---:|", Names.Count)) + "---:|---:|");
        foreach (ReplicatedCase c in Cases.OrderByDescending(c => c.Spread).Take(largest))
        {
            md.AppendLine(CultureInfo.InvariantCulture, $"| {c.Key} | {(c.Kind == SampleKind.Cold ? "cold" : "warm")} | {string.Join(" | ", c.Medians.Select((m, i) => $"{Format.Time(m)} {(c.Intervals[i].Exists ? Format.Interval(c.Intervals[i]) : "(too few bursts for an interval)")}"))} | {Format.Ratio(c.Spread, 3)} | {(c.Covered is { } k ? $"{k.Inside} of {k.Pairs}" : "no interval")} |");
        }
        md.AppendLine();
        if (LeftOut.Count > 0)
        {
            md.AppendLine(CultureInfo.InvariantCulture, $"**Left out ({LeftOut.Count}):** {string.Join("; ", LeftOut)}.").AppendLine();
        }
        return md.ToString();

        void Row(string name, Func<ResultSet, string> value) =>
            md.AppendLine(CultureInfo.InvariantCulture, $"| {name} | {string.Join(" | ", Runs.Select(value))} |");
    }

    // Each manifest's value, "not recorded" where a run predates it.
    private static string Each(ResultSet run, Func<RunInfo, string?> value) =>
        run.Runs.Count == 0 ? "not recorded" : string.Join(", ", run.Runs.Select(x => value(x) ?? "not recorded"));

    private static string Recorded(double? value, Func<double, string> format) => value is double v ? format(v) : "not recorded";

    // Each later run against the first: does the calibration loop's ratio explain the CPU-bound cases' move, by family?
    private void WriteExplanations(StringBuilder md)
    {
        var cpuBound = Cases.Where(c => c.CpuBound).ToList();
        md.AppendLine(CultureInfo.InvariantCulture, $"**Does the machine explain the moves?** A case is CPU-bound where its CPU time is at least {Format.Percent(CpuBoundShare)} of its wall time in `{Names[0]}`; its median moves with the core where the calibration loop moved as much (within {Format.Ratio(ExplainedWithin, 3)}).");
        md.AppendLine();
        if (cpuBound.Count == 0)
        {
            md.AppendLine(CultureInfo.InvariantCulture, $"No case is CPU-bound in `{Names[0]}` (or none recorded its CPU time): nothing for the calibration to explain.").AppendLine();
            return;
        }
        for (int i = 1; i < Runs.Count; i++)
        {
            double? calibration = Runs[i].Runs.Select(r => r.CalibrationNs).FirstOrDefault() / Runs[0].Runs.Select(r => r.CalibrationNs).FirstOrDefault();
            foreach (var family in cpuBound.GroupBy(c => c.Family))
            {
                double ratio = GateRule.Median([.. family.Select(c => c.Medians[i] / c.Medians[0])]);
                md.AppendLine(CultureInfo.InvariantCulture, $"- `{Names[i]}` against `{Names[0]}`: {Explanation(calibration, family.Key, ratio, family.Count())}.");
            }
        }
        md.AppendLine();
    }

    private static string Share(int part, int whole) => whole == 0 ? "no interval" : $"{part} of {whole} ({Format.Percent((double)part / whole)})";

    /// <summary>Every case, one row: each run's median and interval bounds in nanoseconds, the spread and the coverage.</summary>
    public string ToCsv()
    {
        var csv = new StringBuilder();
        csv.Append("case,family,kind");
        for (int i = 0; i < Names.Count; i++)
        {
            csv.Append(CultureInfo.InvariantCulture, $",run{i + 1}_median_ns,run{i + 1}_lower_ns,run{i + 1}_upper_ns");
        }
        csv.AppendLine(",spread,inside_pairs,pairs,overlap");
        foreach (ReplicatedCase c in Cases)
        {
            csv.Append(CultureInfo.InvariantCulture, $"\"{c.Key.Replace("\"", "\"\"", StringComparison.Ordinal)}\",{c.Family},{(c.Kind == SampleKind.Cold ? "cold" : "warm")}");
            for (int i = 0; i < c.Medians.Count; i++)
            {
                csv.Append(CultureInfo.InvariantCulture, $",{c.Medians[i]:R},{(c.Intervals[i].Exists ? c.Intervals[i].Lower.ToString("R", CultureInfo.InvariantCulture) : "")},{(c.Intervals[i].Exists ? c.Intervals[i].Upper.ToString("R", CultureInfo.InvariantCulture) : "")}");
            }
            csv.AppendLine(CultureInfo.InvariantCulture, $",{c.Spread:R},{(c.Covered is { } k ? k.Inside.ToString(CultureInfo.InvariantCulture) : "")},{(c.Covered is { } p ? p.Pairs.ToString(CultureInfo.InvariantCulture) : "")},{(c.Overlap is bool o ? (o ? "yes" : "no") : "")}");
        }
        return csv.ToString();
    }
}
