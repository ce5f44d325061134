using System.Globalization;

namespace ConcurrencyBench.Reporting;

/// <summary>How a stated figure is written.</summary>
public enum StatedUnit
{
    /// <summary>A ratio: 130×.</summary>
    Ratio,

    /// <summary>Nanoseconds: 101 ms.</summary>
    Time,

    /// <summary>Bytes: 65.0 MB.</summary>
    Bytes,

    /// <summary>A plain number.</summary>
    Number,
}

/// <summary>
/// A figure an answer states, with its interval within this run: what a re-run of the profile is checked against
/// (<see cref="AnswerReplication"/>). An answer's chart rows are stated figures too; an answer names the others (its
/// ratios) and which figures are its finding (<see cref="Headline"/>).
/// </summary>
/// <param name="Name">What the figure is, the same in every run ("the default pool over Task.Delay").</param>
/// <param name="Value">The figure.</param>
/// <param name="Interval">Its 95% interval within this run (<see cref="MedianInterval.None"/> where it has none).</param>
/// <param name="Unit">How it is written.</param>
public sealed record StatedFigure(string Name, double Value, MedianInterval Interval, StatedUnit Unit)
{
    /// <summary>True for a figure the answer's sentence states as its finding: the answer replicates when these all hold.</summary>
    public bool Headline { get; init; }

    /// <summary>The figure as its chart prints it where that says more than the number ("at least 20 lines/s"); null: <see cref="Text(double)"/> of <see cref="Value"/>.</summary>
    public string? Printed { get; init; }

    /// <summary>The figure as the report writes it.</summary>
    public string Text() => Printed ?? Text(Value);

    /// <summary>A value in the figure's unit, as the report writes it.</summary>
    public string Text(double value) => Unit switch
    {
        StatedUnit.Ratio => Format.Ratio(value, 3),
        StatedUnit.Time => Format.Time(value),
        StatedUnit.Bytes => Format.Bytes(value),
        _ => Format.Number(value),
    };

    /// <summary>A ratio with its interval within this run (none where the ratio has too few bursts for one).</summary>
    public static StatedFigure Of(string name, KindRatio ratio, bool headline = false)
    {
        ArgumentNullException.ThrowIfNull(ratio);
        return new StatedFigure(name, ratio.Value, ratio.HasInterval ? new MedianInterval(ratio.Lower, ratio.Upper, MedianInterval.TargetLevel) : MedianInterval.None, StatedUnit.Ratio)
        {
            Headline = headline,
        };
    }

    /// <summary>An answer chart's row as a stated figure (its value and whisker); null for a row without a value.</summary>
    public static StatedFigure? Of(AnswerRow row, AnswerUnit unit)
    {
        ArgumentNullException.ThrowIfNull(row);
        if (row.Value is not double value)
        {
            return null;
        }
        MedianInterval interval = row.Lower is double l && row.Upper is double u ? new MedianInterval(l, u, MedianInterval.TargetLevel) : MedianInterval.None;
        return new StatedFigure(row.Label, value, interval, unit switch
        {
            AnswerUnit.Time => StatedUnit.Time,
            AnswerUnit.Bytes => StatedUnit.Bytes,
            _ => StatedUnit.Number,
        })
        {
            Printed = row.Printed is { Length: > 0 } printed ? printed : null,
        };
    }
}

/// <summary>One stated figure across the runs: its value in each run that states it, and whether each run held it.</summary>
/// <param name="Figure">The figure as this run (the primary) states it.</param>
/// <param name="Runs">Its value and interval in every run that states it, the primary first (Replication's own case record, whose rule decides).</param>
/// <param name="Missing">The runs that do not state it (the answer or the figure absent there).</param>
/// <param name="Stated">The figure as each run that states it states it, in the order of <paramref name="Runs"/>.</param>
public sealed record FigureReplication(StatedFigure Figure, ReplicatedCase Runs, IReadOnlyList<string> Missing, IReadOnlyList<StatedFigure> Stated)
{
    /// <summary>How many runs hold it, the primary included (it holds itself).</summary>
    public int Held => 1 + Enumerable.Range(1, Runs.Medians.Count - 1).Count(Runs.HeldBy);

    /// <summary>True where every run that states it holds it.</summary>
    public bool Holds => Held == Runs.Medians.Count;

    /// <summary>Each run's value as the report writes it: "130×, 133×" or "2.10× and 3.79×".</summary>
    public string Values(string and = ", ")
    {
        var texts = Stated.Select(s => s.Text()).ToList();
        return texts.Count <= 1 ? string.Concat(texts) : string.Join(", ", texts.Take(texts.Count - 1)) + and + texts[^1];
    }

    /// <summary>
    /// This run's figure (the one its chart draws) against the others': "297 ms in this run, 136 ms in the other", so
    /// that a reader of the chart alone knows which figure is plotted (a fresh reader asked which of "297 ms and
    /// 136 ms" was the real one).
    /// </summary>
    public string HereAgainstOthers()
    {
        var texts = Stated.Select(s => s.Text()).ToList();
        if (texts.Count <= 1)
        {
            return string.Concat(texts);
        }
        var others = texts.Skip(1).ToList();
        string rest = others.Count == 1 ? $"{others[0]} in the other" : $"{string.Join(", ", others.Take(others.Count - 1))} and {others[^1]} in the others";
        return $"{texts[0]} in this run, {rest}";
    }
}

/// <summary>
/// Each answer's replication over other runs of the profile: every figure it states (its ratios and its chart's rows),
/// set against the same figure of the same answer in each other run by <see cref="ReplicatedCase.HeldBy"/>, the one
/// rule <c>cbench replicate</c> counts by. An answer whose finding did not hold in every run states no single figure
/// as its finding: its sentence and its chart's title say it depends on the run and give each run's figure.
/// </summary>
public static class AnswerReplication
{
    /// <summary>The anchor of the report's Replication section (<see cref="Replication.ToMarkdown"/>'s heading).</summary>
    public const string SectionAnchor = "#replication-the-same-profile-run-again";

    /// <summary>The rule, once, for "Words used here".</summary>
    public const string Rule =
        "another run of the profile holds a figure when its figure lies inside this run's interval, or the two runs' intervals overlap, or the two figures are within 5% of each other (a figure without an interval holds only within that 5%); " +
        "\"held in 3 of 3 runs\" counts this run too. An answer replicates when every figure its sentence states held in every run; where one did not, the answer says \"depends on the run\" and gives each run's figure instead of one.";

    /// <summary>The figures <paramref name="answer"/> states: its own (<see cref="Answer.Stated"/>), then its chart's rows not named among them.</summary>
    public static IReadOnlyList<StatedFigure> FiguresOf(Answer answer)
    {
        ArgumentNullException.ThrowIfNull(answer);
        var rows = answer.Figure is { } f ? f.Rows.Select(r => StatedFigure.Of(r, f.Unit)).OfType<StatedFigure>() : [];
        return [.. answer.Stated, .. rows.Where(r => answer.Stated.All(s => s.Name != r.Name))];
    }

    /// <summary>
    /// <paramref name="answers"/> (the primary run's) with their replication over <paramref name="others"/> (each other
    /// run's answers, named by <paramref name="names"/>): each gets its <see cref="Answer.Replicated"/> line, and one whose
    /// finding did not hold gets a sentence and a chart title without a single figure, and the chart's rows that did
    /// not hold say so beside their bars.
    /// </summary>
    public static IReadOnlyList<Answer> Apply(IReadOnlyList<Answer> answers, IReadOnlyList<IReadOnlyList<Answer>> others, IReadOnlyList<string> names)
    {
        ArgumentNullException.ThrowIfNull(answers);
        ArgumentNullException.ThrowIfNull(others);
        ArgumentNullException.ThrowIfNull(names);
        return [.. answers.Select(a => Apply(a, Of(a, others, names)))];
    }

    /// <summary>Each figure of <paramref name="answer"/> across the runs (the primary's, then each of <paramref name="others"/>).</summary>
    public static IReadOnlyList<FigureReplication> Of(Answer answer, IReadOnlyList<IReadOnlyList<Answer>> others, IReadOnlyList<string> names)
    {
        ArgumentNullException.ThrowIfNull(answer);
        ArgumentNullException.ThrowIfNull(others);
        ArgumentNullException.ThrowIfNull(names);
        // The same answer in another run: the one at the same place (its Order, fixed per answer), else the same question
        // (a question may name a word its run chose, "concurrent" or "started together").
        var theirs = others.Select(o => (o.Count(x => x.Order == answer.Order) == 1 ? o.First(x => x.Order == answer.Order) : o.FirstOrDefault(x => x.Question == answer.Question)) is { } match
            ? FiguresOf(match) : null).ToList();
        var result = new List<FigureReplication>();
        foreach (StatedFigure figure in FiguresOf(answer))
        {
            var values = new List<double> { figure.Value };
            var intervals = new List<MedianInterval> { figure.Interval };
            var stated = new List<StatedFigure> { figure };
            var missing = new List<string>();
            for (int i = 0; i < theirs.Count; i++)
            {
                if (theirs[i]?.FirstOrDefault(x => x.Name == figure.Name) is { } other)
                {
                    values.Add(other.Value);
                    intervals.Add(other.Interval);
                    stated.Add(other);
                }
                else
                {
                    missing.Add(names[i]);
                }
            }
            result.Add(new FigureReplication(figure, new ReplicatedCase(figure.Name, answer.Question, SampleKind.Cold, values, intervals), missing, stated));
        }
        return result;
    }

    private static Answer Apply(Answer answer, IReadOnlyList<FigureReplication> figures)
    {
        if (figures.Count == 0)
        {
            return answer with { Replicated = "no figure of this answer can be set against the other runs." };
        }
        var compared = figures.Where(f => f.Runs.Medians.Count > 1).ToList();
        var held = compared.Where(f => f.Holds).ToList();
        var moved = compared.Where(f => !f.Holds).ToList();
        var parts = new List<string>();
        if (held.Count > 0)
        {
            parts.Add(string.Join("; ", held.Select(f => $"{f.Figure.Name}: held in {f.Held} of {f.Runs.Medians.Count} runs: {f.Values()}")));
        }
        if (moved.Count > 0)
        {
            parts.Add(string.Join("; ", moved.Select(f => $"{f.Figure.Name}: **depends on the run**: {f.Values(" and ")} (held in {f.Held} of {f.Runs.Medians.Count})")) + $"; see [Replication]({SectionAnchor})");
        }
        var absent = figures.Where(f => f.Missing.Count > 0).ToList();
        if (absent.Count > 0)
        {
            parts.Add($"not stated by {string.Join(", ", absent.SelectMany(f => f.Missing).Distinct().Select(n => $"`{n}`"))} for {string.Join(", ", absent.Select(f => f.Figure.Name))}");
        }
        // The finding: the figures the sentence states where the answer names them, else every figure it shows.
        var finding = figures.Any(f => f.Figure.Headline) ? figures.Where(f => f.Figure.Headline).ToList() : figures;
        var notHeld = finding.Where(f => f.Runs.Medians.Count > 1 && !f.Holds).ToList();
        string line = string.Join(". ", parts) + ".";
        if (notHeld.Count == 0)
        {
            return answer with { Replicated = line };
        }
        // No single figure as the finding: the sentence and the chart's title give each run's.
        string each = string.Join("; ", notHeld.Select(f => $"{f.Figure.Name} {f.HereAgainstOthers()}"));
        string plain = $"{answer.Question}: depends on the run ({each}); see [Replication]({SectionAnchor}).";
        AnswerFigure? chart = answer.Figure is { } fig
            ? fig with
            {
                Title = $"{answer.Question}: depends on the run ({each})",
                Rows = [.. fig.Rows.Select(r => moved.FirstOrDefault(f => f.Figure.Name == r.Label) is { } m
                    // A note that compares rows within this run ("not told apart ... in this run") says nothing of a
                    // figure that moved between runs, and beside the runs' figures it ran past the chart's edge.
                    ? r with { Beside = string.Join(", ", new[] { r.Beside is { } b && b.Contains("in this run", StringComparison.Ordinal) ? null : r.Beside, $"depends on the run: {m.HereAgainstOthers()}" }.Where(t => t is { Length: > 0 })) }
                    : r)],
            }
            : null;
        return answer with { Plain = plain, Figure = chart, Replicated = line, Replicates = false };
    }

    /// <summary>
    /// The report's header line on replication: one run (not checked); several inputs set side by side without
    /// replicates (not re-runs of one another: not checked either); or the runs the answers were set against.
    /// </summary>
    public static string HeaderLine(IReadOnlyList<string> names, int inputs = 1) => names.Count <= 1
        ? inputs <= 1 ? "Replication: one run; not checked." : "Replication: not checked (the runs here are set side by side, not as re-runs of one profile)."
        : string.Create(CultureInfo.InvariantCulture, $"Replication: {names.Count} runs of the profile (`{string.Join("`, `", names)}`); each answer says whether its figures held in each (see [Replication]({SectionAnchor})).");
}
