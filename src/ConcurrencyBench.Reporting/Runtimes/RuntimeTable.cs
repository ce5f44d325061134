namespace ConcurrencyBench.Reporting.Runtimes;

/// <summary>One runtime the orchestrator runs besides .NET: a row of <see cref="RuntimeTable.All"/>.</summary>
/// <param name="Id">Its name on the command line, in scripts/build-runner.sh, in <c>runtimes/&lt;id&gt;.json</c> and in every line printed about it.</param>
/// <param name="Name">Its name in sentences ("Python", "Node.js").</param>
/// <param name="DefaultBudgetSeconds">
/// Seconds per case and burst kind past which no more bursts (or cold processes) start, where neither the command line
/// nor the profile sets one.
/// </param>
public sealed record RuntimeRow(string Id, string Name, double DefaultBudgetSeconds);

/// <summary>
/// The runtimes besides .NET, one row each: a 7th runtime is one folder (its runner, speaking
/// <see cref="RunnerProtocol.Version"/>) plus a case in scripts/build-runner.sh plus one row here.
/// </summary>
public static class RuntimeTable
{
    /// <summary>
    /// Every runtime, in the order a run takes them. The budgets are the runners' own before the orchestrator (2 s each):
    /// measured here, 3 s per case and kind took 167 s of the default profile for Go (load 17 on 2 cores) and 168 s for
    /// Rust, 30 s took 488 s for Python; 2 s leaves a warm median (6 repeated bursts or more) to every case whose bursts
    /// last under about 0.3 s and keeps each runtime within its share of run.sh's 35 minutes.
    /// </summary>
    public static IReadOnlyList<RuntimeRow> All { get; } =
    [
        new("python", "Python", 2.0),
        new("node", "Node.js", 2.0),
        new("go", "Go", 2.0),
        new("rust", "Rust", 2.0),
    ];

    /// <summary>The row of <paramref name="id"/>; null when there is none.</summary>
    public static RuntimeRow? Find(string id) => All.FirstOrDefault(r => r.Id == id);

    /// <summary>The ids, comma-separated, for messages.</summary>
    public static string Ids => string.Join(", ", All.Select(r => r.Id));
}
