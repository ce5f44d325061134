namespace ConcurrencyBench.Reporting;

/// <summary>
/// An interrupt (SIGINT, SIGTERM) of the command that is running. The command line sets <see cref="Token"/>; the
/// readers stop at their next file and the writers at their next chart (<see cref="ThrowIfRequested"/>), so that a
/// half-written output can be removed and an earlier one left as it was. A command that does not stop by itself (blocked
/// in a read of a pipe, in a system call, in a long computation) is ended by the command line after
/// <see cref="Grace"/>: <see cref="RemoveUnfinished"/> first deletes every output that is not yet in place
/// (<see cref="Track"/>), under the same lock that puts an output in place (<see cref="Commit"/>), so that no partial
/// output survives and no output is put in place half.
/// </summary>
public static class Interruption
{
    private static readonly Lock s_lock = new();
    private static readonly HashSet<string> s_unfinished = new(StringComparer.Ordinal);
    private static CancellationToken s_token;

    /// <summary>
    /// How long an interrupted command has to stop by itself before it is ended: 400 ms, so that with the removal of
    /// its unfinished output it ends within a second of the signal whatever it was doing.
    /// </summary>
    public static TimeSpan Grace { get; } = TimeSpan.FromMilliseconds(400);

    /// <summary>The interrupt of the command that is running; none by default.</summary>
    public static CancellationToken Token
    {
        get => s_token;
        set => s_token = value;
    }

    /// <summary>Throws <see cref="OperationCanceledException"/> when an interrupt was asked for.</summary>
    public static void ThrowIfRequested() => s_token.ThrowIfCancellationRequested();

    /// <summary>Notes <paramref name="path"/> (a partial folder or file) as an output not yet in place: an interrupt that ends the process deletes it.</summary>
    public static void Track(string path)
    {
        lock (s_lock)
        {
            s_unfinished.Add(path);
        }
    }

    /// <summary>Forgets <paramref name="path"/> (it is in place, or already deleted).</summary>
    public static void Untrack(string path)
    {
        lock (s_lock)
        {
            s_unfinished.Remove(path);
        }
    }

    /// <summary>
    /// Puts an output in place (<paramref name="commit"/>: a rename) unless an interrupt was asked for; an interrupt that
    /// arrives meanwhile waits for it, so that an output is in place whole or not at all.
    /// </summary>
    /// <exception cref="OperationCanceledException">An interrupt was asked for first.</exception>
    public static void Commit(Action commit)
    {
        ArgumentNullException.ThrowIfNull(commit);
        lock (s_lock)
        {
            ThrowIfRequested();
            commit();
        }
    }

    private static readonly List<Action> s_atForcedEnd = [];

    /// <summary>
    /// Registers <paramref name="cleanup"/> (removing a cgroup the command created, say) to run if an interrupt ends the
    /// process before the command has undone it itself; dispose the result once it has.
    /// </summary>
    public static IDisposable AtForcedEnd(Action cleanup)
    {
        ArgumentNullException.ThrowIfNull(cleanup);
        lock (s_lock)
        {
            s_atForcedEnd.Add(cleanup);
        }
        return new Registration(cleanup);
    }

    private sealed class Registration(Action cleanup) : IDisposable
    {
        public void Dispose()
        {
            lock (s_lock)
            {
                s_atForcedEnd.Remove(cleanup);
            }
        }
    }

    /// <summary>
    /// Deletes every output not yet in place (<see cref="Track"/>) and runs every cleanup still registered
    /// (<see cref="AtForcedEnd"/>), holding the lock that <see cref="Commit"/> takes, and keeps it: the process is
    /// ending, and no output may be put in place after this.
    /// </summary>
    public static void RemoveUnfinished()
    {
        s_lock.Enter();
        foreach (Action cleanup in s_atForcedEnd)
        {
            try
            {
                cleanup();
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException or InvalidOperationException)
            {
                // The process is ending: what cannot be undone now is a leftover the next run removes.
            }
        }
        s_atForcedEnd.Clear();
        foreach (string path in s_unfinished)
        {
            try
            {
                if (Directory.Exists(path))
                {
                    Directory.Delete(path, recursive: true);
                }
                else if (File.Exists(path))
                {
                    File.Delete(path);
                }
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                // What cannot be deleted now is a stale partial output, which the next render into the same place removes.
            }
        }
        s_unfinished.Clear();
    }
}
