using System.Collections.Concurrent;
using System.Diagnostics;
using System.Runtime.InteropServices;
using System.Text;

namespace ConcurrencyBench.Reporting.Runtimes;

/// <summary>How a runner's processes are started: a prefix command that execs the rest (taskset, a cgroup's entry) and environment variables.</summary>
/// <param name="Prefix">Words before the program (empty: the program itself).</param>
/// <param name="Environment">Variables set in the child, beside what it inherits.</param>
public sealed record ProcessLaunch(IReadOnlyList<string> Prefix, IReadOnlyDictionary<string, string> Environment)
{
    /// <summary>The program as it is, in this process's environment.</summary>
    public static ProcessLaunch Plain { get; } = new([], new Dictionary<string, string>());
}

/// <summary>
/// A child process in a process group of its own (started through setsid(1), which execs it in place), so that a burst
/// past its timeout or an interrupt ends the child and everything it started with one signal to the group. Its stdout
/// is read line by line; the end of its stderr is kept for a one-line reason.
/// </summary>
internal sealed class RunnerProcess : IDisposable
{
    private const int Sigkill = 9;
    private const int StderrKept = 8192;
    private readonly Process _process;
    private readonly BlockingCollection<string> _lines = new();
    private readonly StringBuilder _stderr = new();
    private readonly Thread _reader;
    private int _killed;

    private RunnerProcess(Process process)
    {
        _process = process;
        _reader = new Thread(ReadLines) { IsBackground = true, Name = "runner stdout" };
        _reader.Start();
    }

    /// <summary>
    /// Starts <paramref name="program"/> with <paramref name="arguments"/> in a new process group, through
    /// <paramref name="launch"/>'s prefix (a command that sets something up and execs the rest, as taskset does) and with
    /// its environment variables.
    /// </summary>
    /// <exception cref="InvalidOperationException">It could not be started (the message says why).</exception>
    public static RunnerProcess Start(string program, IEnumerable<string> arguments, string? workingDirectory = null, ProcessLaunch? launch = null)
    {
        var start = new ProcessStartInfo("setsid")
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            StandardOutputEncoding = Encoding.UTF8,
            StandardErrorEncoding = Encoding.UTF8,
            WorkingDirectory = workingDirectory ?? Environment.CurrentDirectory,
        };
        foreach (string prefix in launch?.Prefix ?? [])
        {
            start.ArgumentList.Add(prefix);
        }
        foreach ((string name, string value) in launch?.Environment ?? new Dictionary<string, string>())
        {
            start.Environment[name] = value;
        }
        start.ArgumentList.Add(program);
        foreach (string argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }
        Process process;
        try
        {
            process = Process.Start(start) ?? throw new InvalidOperationException($"{program} could not be started");
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            throw new InvalidOperationException($"{program} could not be started: {e.Message}", e);
        }
        var child = new RunnerProcess(process);
        process.ErrorDataReceived += (_, e) =>
        {
            if (e.Data is null)
            {
                return;
            }
            lock (child._stderr)
            {
                child._stderr.Append(e.Data).Append('\n');
                if (child._stderr.Length > StderrKept)
                {
                    child._stderr.Remove(0, child._stderr.Length - StderrKept);
                }
            }
        };
        process.BeginErrorReadLine();
        return child;
    }

    /// <summary>The end of what the child wrote on stderr.</summary>
    public string Stderr
    {
        get
        {
            lock (_stderr)
            {
                return _stderr.ToString();
            }
        }
    }

    /// <summary>The child's exit code, once it has exited (after <see cref="WaitForExit"/>).</summary>
    public int ExitCode => _process.ExitCode;

    /// <summary>Whether the child was killed by <see cref="Kill"/>.</summary>
    public bool Killed => Volatile.Read(ref _killed) == 1;

    /// <summary>
    /// The child's next line on stdout: the line; null at the end of its stdout.
    /// </summary>
    /// <exception cref="TimeoutException">No line within <paramref name="limit"/>.</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancel"/> was cancelled.</exception>
    public string? NextLine(TimeSpan limit, CancellationToken cancel)
    {
        try
        {
            if (_lines.TryTake(out string? line, (int)Math.Clamp(limit.TotalMilliseconds, 0, int.MaxValue), cancel))
            {
                return line;
            }
        }
        catch (InvalidOperationException)
        {
            return null; // completed while waiting
        }
        if (_lines.IsCompleted)
        {
            return null;
        }
        throw new TimeoutException();
    }

    /// <summary>Writes one line to the child's stdin; a child that has ended is noticed at its next read.</summary>
    public void Send(string line)
    {
        try
        {
            _process.StandardInput.Write(line + "\n");
            _process.StandardInput.Flush();
        }
        catch (IOException)
        {
            // The child has ended (its stdin is closed): its stdout ends too, which the reader of its next line sees.
        }
    }

    /// <summary>Waits for the child to exit; false when it did not within <paramref name="limit"/>.</summary>
    public bool WaitForExit(TimeSpan limit)
    {
        if (!_process.WaitForExit(limit))
        {
            return false;
        }
        _process.WaitForExit(); // the stderr reader has drained
        _reader.Join(limit);
        return true;
    }

    /// <summary>Kills the child's process group (the child and everything it started) and waits for the child.</summary>
    public void Kill()
    {
        Interlocked.Exchange(ref _killed, 1);
        try
        {
            if (!_process.HasExited)
            {
                // The group is the child's pid (setsid made it the leader); a group already gone is no error.
                if (KillGroup(-_process.Id, Sigkill) != 0)
                {
                    _process.Kill(entireProcessTree: true);
                }
            }
        }
        catch (Exception e) when (e is InvalidOperationException or System.ComponentModel.Win32Exception)
        {
            // It exited meanwhile.
        }
        _process.WaitForExit(TimeSpan.FromSeconds(10));
    }

    public void Dispose()
    {
        if (!_process.HasExited)
        {
            Kill();
        }
        // The reader ends with the child's stdout; the collection is disposed only once nothing can add to it.
        bool read = _reader.Join(TimeSpan.FromSeconds(5));
        _process.Dispose();
        if (read)
        {
            _lines.Dispose();
        }
    }

    private void ReadLines()
    {
        try
        {
            while (_process.StandardOutput.ReadLine() is string line)
            {
                _lines.Add(line);
            }
        }
        catch (Exception e) when (e is IOException or ObjectDisposedException or InvalidOperationException)
        {
            // The pipe broke (the child was killed): its stdout has ended.
        }
        finally
        {
            _lines.CompleteAdding();
        }
    }

    [DllImport("libc", EntryPoint = "kill", SetLastError = true)]
    [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
    private static extern int KillGroup(int pid, int signal);
}
