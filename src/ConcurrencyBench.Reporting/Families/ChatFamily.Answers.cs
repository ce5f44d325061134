using static ConcurrencyBench.Reporting.FindingText;

namespace ConcurrencyBench.Reporting;

/// <summary>The chat family's answer: each server model's capacity at each number of clients swept by rate.</summary>
public sealed partial class ChatFamily
{
    /// <inheritdoc/>
    public override IEnumerable<Answer?> Answers(IReadOnlyList<CaseStatistics> cases, ResultSet? results = null)
    {
        if (results is null)
        {
            yield break;
        }
        IReadOnlyList<ChatSweepPoint> points = ChatSweepPoint.Of(cases, results);
        IReadOnlyList<int> swept = SweptClients(points);
        if (swept.Count == 0)
        {
            yield break;
        }
        var knees = swept.SelectMany(c => KneesAt(points.Where(p => p.Clients == c), p => p.Rate).Select(k => (Clients: c, k.Label, k.Knee))).ToList();
        // Each model's capacity at every C swept by rate: the knees in one line.
        var byModel = knees.Select(k => (k.Label, Text: $"{ShortCapacity(k.Knee)} at {N(k.Clients)} clients"))
            .GroupBy(x => x.Label)
            .Select(g => $"{g.Key}: {string.Join(", ", g.Select(x => x.Text))}");
        var best = knees.Where(k => k.Knee.Capacity is not null).OrderByDescending(k => k.Knee.Capacity!.Rate).FirstOrDefault();
        var worst = knees.OrderBy(k => k.Knee.Capacity?.Rate ?? 0).First();
        // One number of clients in the chart (the best model's, most carried first), and beside it only the failures
        // at other numbers of clients, each labelled with its own: two client counts are never ranked in one list.
        int shown = best.Label is null ? swept[0] : best.Clients;
        var charted = knees.Where(k => k.Clients == shown).OrderByDescending(k => k.Knee.Capacity?.Rate ?? -1)
            .Concat(knees.Where(k => k.Clients != shown && k.Knee.Capacity is null).OrderBy(k => k.Clients))
            .Take(AnswerChart.MaxRows).ToList();
        var rows = charted.Select(k =>
        {
            AnswerKind kind = k.Knee.Points[0].Stats.Case.Method == "ThreadPerConnection" ? AnswerKind.ThreadPerCall : AnswerKind.Async;
            string label = $"{k.Label}, {N(k.Clients)} clients";
            // No reason on the row: a caveat on every bar read as a chart without an answer (the report's table says,
            // per point, whether the next rate was not held or could not be judged).
            return k.Knee.Capacity is ChatSweepPoint capacity
                ? new AnswerRow(label, kind, capacity.Rate, ShortCapacity(k.Knee)) { Samples = "warm windows of one process" }
                : new AnswerRow(label, kind, null, "") { Missing = k.Knee.Points[0].Failure is { } failure ? $"failed: {Short(failure)}" : ShortCapacity(k.Knee) };
        }).ToList();
        string bound = Format.Time(BoundUs * 1000);
        string worstText = $"{worst.Label} {ShortCapacity(worst.Knee)} at {N(worst.Clients)} clients";
        var failedElsewhere = knees.Where(k => k.Clients != shown && k.Knee.Capacity is null).ToList();
        string title = best.Label is null
            ? $"Chat server, p99 within {bound}: no model held the lowest rate tried"
            : $"Chat server, {N(best.Clients)} clients: {best.Label} held {ShortCapacity(best.Knee)} per client"
                + (failedElsewhere.Count > 0 ? $"; {string.Join("; ", failedElsewhere.Select(k => $"{k.Label} {ShortCapacity(k.Knee)} at {N(k.Clients)}"))}" : "");
        yield return new Answer($"The chat server's capacity (the rate per client held with p99 within {bound}, warm windows, no line lost)",
            $"{string.Join("; ", byModel)}.", $"Chat-knee-C{(swept.Contains(1000) ? 1000 : swept[0])}")
        {
            Plain = best.Label is null ? null : $"{(best.Knee.Points[0].Stats.Case.Method == "ThreadPerConnection" ? "A thread per connection carries the most here" : "An async chat server carries the most")}: {best.Label} held {ShortCapacity(best.Knee)} per client at {N(best.Clients)} clients with p99 within {bound}; {worstText}.",
            ForCode = "serve connections with async sockets (or one event loop), not a `Thread` per connection: threads cap how many clients fit and fail first as clients grow.",
            Order = 4,
            Figure = new AnswerFigure($"Answer-chat-capacity", title, $"lines per second per client held (p99 within {bound}, no line lost)", AnswerUnit.Number, rows, cases)
            {
                Each = $"bar: highest rate tried that held (99% of lines within {bound})",
                KeepOrder = true,
            },
        };
    }

    // A failure's first clause: what failed, without the details the report's table gives.
    private static string Short(string failure)
    {
        int cut = failure.IndexOf(" (", StringComparison.Ordinal);
        string head = cut > 0 ? failure[..cut] : failure;
        return head.Length <= 60 ? head : head[..57] + "...";
    }
}
