using System.Diagnostics;
using System.Runtime.InteropServices;
using System.Text;

namespace ConcurrencyBench.Reporting;

/// <summary>
/// Writes a command's output (a report, a comparison, timeline charts) as one folder that replaces the earlier one in
/// one step, or not at all: everything goes into a new folder beside the target (<c>DIR.partial-PID-GUID</c>), each
/// chart is checked whole, and only then does one rename put it in place (on Linux an atomic exchange with the earlier
/// folder, which is then deleted). So no earlier chart survives beside a new report, two renders into one folder each
/// leave a whole folder (the last one wins), and a failure, a full disk or an interrupt (<see cref="Interruption"/>)
/// leaves the earlier output as it was and no partial folder; one left by a killed process is removed by the next
/// render into the same folder.
/// </summary>
public static class OutputFolder
{
    // What the suite's commands write into an output folder; a folder holding anything else is not replaced.
    private static readonly string[] s_extensions = [".md", ".csv", ".png", ".svg", ".html"];
    private static readonly string[] s_files = ["benchmark-results.json"];

    /// <summary>
    /// Writes through <paramref name="write"/> (given the new folder) and replaces <paramref name="target"/> with the
    /// result. Returns the final folder's full path; <paramref name="write"/>'s paths move with it (see
    /// <see cref="Reroot"/>).
    /// </summary>
    /// <exception cref="ResultsFormatException">The target is a file, or a folder holding what is not an earlier output.</exception>
    /// <exception cref="OperationCanceledException">An interrupt was asked for before the output was in place.</exception>
    public static string Replace(string target, Action<string> write)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(target);
        ArgumentNullException.ThrowIfNull(write);
        string final = Path.TrimEndingDirectorySeparator(Path.GetFullPath(target));
        Check(final, target);
        Directory.CreateDirectory(Path.GetDirectoryName(final)!);
        RemoveStale(final);
        string partial = $"{final}.partial-{Environment.ProcessId}-{Guid.NewGuid():N}";
        Interruption.Track(partial);
        Directory.CreateDirectory(partial);
        try
        {
            write(partial);
            CheckWhole(partial);
            string? leftover = null;
            Interruption.Commit(() => leftover = Swap(partial, final));
            if (leftover is not null)
            {
                DeleteQuietly(leftover);
                Interruption.Untrack(leftover);
            }
        }
        catch
        {
            DeleteQuietly(partial);
            throw;
        }
        finally
        {
            Interruption.Untrack(partial);
        }
        return final;
    }

    /// <summary>
    /// Writes <paramref name="text"/> to the file <paramref name="path"/> whole or not at all: into a new file beside
    /// it, renamed into place in one step (replacing an earlier file only where <paramref name="overwrite"/>), so that a
    /// reader never sees half a file and an interrupt (<see cref="Interruption"/>) leaves no partial file.
    /// </summary>
    /// <exception cref="IOException">The file exists and <paramref name="overwrite"/> is false, or the write failed.</exception>
    /// <exception cref="OperationCanceledException">An interrupt was asked for before the file was in place.</exception>
    public static void WriteFile(string path, string text, bool overwrite)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        ArgumentNullException.ThrowIfNull(text);
        string temporary = $"{Path.GetFullPath(path)}.partial-{Environment.ProcessId}-{Guid.NewGuid():N}";
        Interruption.Track(temporary);
        try
        {
            File.WriteAllText(temporary, text);
            Interruption.Commit(() => File.Move(temporary, path, overwrite));
        }
        finally
        {
            if (File.Exists(temporary))
            {
                File.Delete(temporary);
            }
            Interruption.Untrack(temporary);
        }
    }

    /// <summary>A path written under <paramref name="partial"/>, as it is once the folder is in place at <paramref name="final"/>.</summary>
    public static string Reroot(string path, string partial, string final) =>
        Path.Combine(final, Path.GetRelativePath(partial, path));

    // The target must be a folder that is empty, absent, or an earlier output: --out replaces it whole, so pointing it at
    // a results folder (or a home folder) must not delete what is there.
    private static void Check(string final, string given)
    {
        if (File.Exists(final))
        {
            throw ResultsFormatException.For(given, "is a file, not a folder (--out names the folder to write)");
        }
        if (!Directory.Exists(final))
        {
            return;
        }
        string? foreign = Directory.EnumerateFileSystemEntries(final).Order(StringComparer.Ordinal).FirstOrDefault(e => !IsOutput(e));
        if (foreign is not null)
        {
            throw ResultsFormatException.For(given, $"holds {Path.GetFileName(foreign)}, which no report, comparison or timeline writes: --out replaces the whole folder, so give an empty one or an earlier output");
        }
    }

    private static bool IsOutput(string entry)
    {
        string name = Path.GetFileName(entry);
        return File.Exists(entry) && new FileInfo(entry).LinkTarget is null
            && (s_extensions.Contains(Path.GetExtension(name), StringComparer.OrdinalIgnoreCase) || s_files.Contains(name, StringComparer.Ordinal));
    }

    // Folders a killed render left beside the target (a process that no longer runs): never anyone else's.
    private static void RemoveStale(string final)
    {
        string parent = Path.GetDirectoryName(final)!;
        string name = Path.GetFileName(final);
        foreach (string folder in Directory.EnumerateDirectories(parent).Where(f => Path.GetFileName(f).StartsWith(name + ".", StringComparison.Ordinal)))
        {
            string rest = Path.GetFileName(folder)[(name.Length + 1)..];
            string[] parts = rest.Split('-', 3);
            if (parts.Length == 3 && parts[0] is "partial" or "old" && int.TryParse(parts[1], out int pid) && pid != Environment.ProcessId && !Alive(pid))
            {
                DeleteQuietly(folder);
            }
        }
    }

    private static bool Alive(int pid)
    {
        try
        {
            using Process process = Process.GetProcessById(pid);
            return !process.HasExited;
        }
        catch (ArgumentException)
        {
            return false;
        }
        catch (InvalidOperationException)
        {
            return false;
        }
    }

    // Every chart whole: a PNG ends with its IEND chunk, an SVG with its closing tag. A writer that lost bytes to a full
    // disk without saying so is caught here, before anything replaces the earlier output.
    private static void CheckWhole(string folder)
    {
        ReadOnlySpan<byte> iend = [0x49, 0x45, 0x4E, 0x44, 0xAE, 0x42, 0x60, 0x82];
        foreach (string file in Directory.EnumerateFiles(folder))
        {
            bool whole = Path.GetExtension(file).ToUpperInvariant() switch
            {
                ".PNG" => new FileInfo(file).Length >= 8 + 12 && File.ReadAllBytes(file).AsSpan().EndsWith(iend),
                ".SVG" => File.ReadAllText(file, Encoding.UTF8).TrimEnd().EndsWith("</svg>", StringComparison.Ordinal),
                _ => new FileInfo(file).Length > 0,
            };
            if (!whole)
            {
                throw new IOException($"{file} was not written whole (is the disk full?); the earlier output is left as it was");
            }
        }
    }

    // Puts the new folder in place; returns the folder left to delete (the earlier output), tracked until it is deleted.
    private static string? Swap(string partial, string final)
    {
        if (!Directory.Exists(final))
        {
            try
            {
                Directory.Move(partial, final);
                return null;
            }
            catch (IOException) when (Directory.Exists(final))
            {
                // Another render put its folder there first: replace it below.
            }
        }
        // One step where the system has it: exchange the two folders atomically, then delete the earlier one.
        if (TryExchange(partial, final))
        {
            return partial;
        }
        // Elsewhere two renames: the earlier folder aside, the new one in its place (and the earlier one back if that fails).
        string old = final + $".old-{Environment.ProcessId}-{Guid.NewGuid():N}";
        Interruption.Track(old);
        Directory.Move(final, old);
        try
        {
            Directory.Move(partial, final);
        }
        catch (IOException)
        {
            if (!Directory.Exists(final))
            {
                Directory.Move(old, final);
            }
            throw;
        }
        return old;
    }

    private static bool TryExchange(string a, string b)
    {
        if (!OperatingSystem.IsLinux())
        {
            return false;
        }
        try
        {
            return RenameAt2(AtCurrentDirectory, a, AtCurrentDirectory, b, RenameExchange) == 0;
        }
        catch (Exception e) when (e is EntryPointNotFoundException or DllNotFoundException)
        {
            return false; // a C library without renameat2: the two renames below
        }
    }

    private static void DeleteQuietly(string folder)
    {
        try
        {
            if (Directory.Exists(folder))
            {
                Directory.Delete(folder, recursive: true);
            }
        }
        catch (IOException)
        {
        }
        catch (UnauthorizedAccessException)
        {
        }
    }

    private const int AtCurrentDirectory = -100;

    private const uint RenameExchange = 2;

    // renameat2(2) with RENAME_EXCHANGE (Linux 3.15, glibc 2.28): both paths must exist; they trade places atomically.
    [DllImport("libc", EntryPoint = "renameat2", SetLastError = true, CharSet = CharSet.Ansi, BestFitMapping = false, ThrowOnUnmappableChar = true)]
    [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
    private static extern int RenameAt2(int oldDirectory, string oldPath, int newDirectory, string newPath, uint flags);
}
