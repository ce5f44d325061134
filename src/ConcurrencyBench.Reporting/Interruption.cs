namespace ConcurrencyBench.Reporting;

/// <summary>
/// An interrupt (SIGINT, SIGTERM) asked for while a report, a comparison or timelines are being written: the command
/// line sets <see cref="Token"/>, and the writing stops at its next chart (<see cref="ThrowIfRequested"/>), so that its
/// half-written folder can be removed and the earlier output left as it was.
/// </summary>
public static class Interruption
{
    private static CancellationToken s_token;

    /// <summary>The interrupt of the command that is running; none by default.</summary>
    public static CancellationToken Token
    {
        get => s_token;
        set => s_token = value;
    }

    /// <summary>Throws <see cref="OperationCanceledException"/> when an interrupt was asked for.</summary>
    public static void ThrowIfRequested() => s_token.ThrowIfCancellationRequested();
}
