using System.Runtime.InteropServices;
using System.Text;

namespace ConcurrencyBench.Reporting;

/// <summary>What a path is, as the operating system says (following symbolic links unless said otherwise).</summary>
public enum FileKind
{
    /// <summary>Nothing there (or a symbolic link to nothing).</summary>
    Missing,

    /// <summary>A regular file: the only kind a results folder's layout is read from.</summary>
    Regular,

    /// <summary>A folder.</summary>
    Directory,

    /// <summary>A FIFO (named pipe): opening it waits for a writer, reading it waits for data.</summary>
    Fifo,

    /// <summary>A Unix domain socket.</summary>
    Socket,

    /// <summary>A character device (/dev/zero, a terminal): it may never end.</summary>
    CharacterDevice,

    /// <summary>A block device (a disk).</summary>
    BlockDevice,

    /// <summary>A symbolic link (only when not followed).</summary>
    SymbolicLink,
}

/// <summary>
/// The one way the readers open a results file. A results folder's layout is read from regular files only: a FIFO, a
/// socket, a device, or a symbolic link to one of them (or to nothing) is named in one line and skipped, never opened,
/// since opening a FIFO waits for a writer that may never come and a device may never end. A file named on the command
/// line may also be a pipe (as <c>&lt;(zcat run.json.gz)</c> gives), read as it comes, but no device or socket. Every
/// file is read to at most <see cref="Bounds.MaxFileBytes"/>, and a regular file is checked again once open (it may
/// have been replaced since it was listed).
/// </summary>
public static class ResultFiles
{
    /// <summary>What <paramref name="path"/> is; a symbolic link is followed unless <paramref name="followLink"/> is false.</summary>
    public static FileKind KindOf(string path, bool followLink = true)
    {
        ArgumentNullException.ThrowIfNull(path);
        if (Stat(path, followLink) is (uint mode, _))
        {
            return KindOfMode(mode);
        }
        // No statx (not Linux, or a sandbox that forbids it): what .NET can tell.
        if (Directory.Exists(path))
        {
            return FileKind.Directory;
        }
        return File.Exists(path) ? FileKind.Regular : FileKind.Missing;
    }

    /// <summary>The kind of file <paramref name="kind"/> as a reader says it: "a FIFO (named pipe)".</summary>
    public static string Describe(FileKind kind) => kind switch
    {
        FileKind.Missing => "a path that does not exist",
        FileKind.Regular => "a regular file",
        FileKind.Directory => "a folder",
        FileKind.Fifo => "a FIFO (named pipe)",
        FileKind.Socket => "a socket",
        FileKind.CharacterDevice => "a character device",
        FileKind.BlockDevice => "a block device",
        _ => "a symbolic link",
    };

    /// <summary>
    /// The regular files matching <paramref name="pattern"/> directly in <paramref name="folder"/>, in name order; every
    /// other entry that matches (a FIFO, socket, device, or a link to one or to nothing) is added to
    /// <paramref name="skipped"/> in one line and left unopened.
    /// </summary>
    public static IReadOnlyList<string> RegularFilesIn(string folder, string pattern, ICollection<string> skipped)
    {
        ArgumentNullException.ThrowIfNull(skipped);
        var files = new List<string>();
        foreach (string entry in Directory.EnumerateFiles(folder, pattern, SearchOption.TopDirectoryOnly).Order(StringComparer.Ordinal))
        {
            if (SkipUnlessRegular(entry, skipped))
            {
                files.Add(entry);
            }
        }
        return files;
    }

    /// <summary>
    /// True when <paramref name="path"/> is a regular file (or a link to one); false when it is absent; otherwise
    /// false with a line in <paramref name="skipped"/> naming it and what it is.
    /// </summary>
    public static bool SkipUnlessRegular(string path, ICollection<string> skipped)
    {
        ArgumentNullException.ThrowIfNull(skipped);
        FileKind kind = KindOf(path);
        if (kind == FileKind.Regular)
        {
            return true;
        }
        bool link = KindOf(path, followLink: false) == FileKind.SymbolicLink;
        if (kind == FileKind.Missing && !link)
        {
            return false;
        }
        skipped.Add($"{FileSchema.Escape(path)}: {(link ? "a symbolic link to " : "")}{Describe(kind)}, not a regular file: skipped, never opened");
        return false;
    }

    /// <summary>
    /// The text of <paramref name="path"/> (UTF-8, or the encoding its byte-order mark names), read to at most
    /// <see cref="Bounds.MaxFileBytes"/>. A regular file is read; a pipe only where <paramref name="pipeAllowed"/> (a
    /// file named on the command line); anything else is refused unopened.
    /// </summary>
    /// <exception cref="ResultsFormatException">Not such a file, larger than the bound, or unreadable.</exception>
    public static string ReadText(string path, bool pipeAllowed = false)
    {
        ArgumentNullException.ThrowIfNull(path);
        FileKind kind = KindOf(path);
        if (kind == FileKind.Missing)
        {
            throw ResultsFormatException.For(path, "no such file");
        }
        if (kind != FileKind.Regular && !(pipeAllowed && kind == FileKind.Fifo))
        {
            throw ResultsFormatException.For(path, $"is {Describe(kind)}, not a regular file: not opened");
        }
        if (kind == FileKind.Regular && Stat(path, followLink: true) is (_, long size) && size > Bounds.MaxFileBytes)
        {
            throw ResultsFormatException.For(path, $"is {size:#,0} bytes, more than any run writes ({Bounds.MaxFileBytes:#,0}): not read");
        }
        Interruption.ThrowIfRequested();
        try
        {
            using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete, 1, FileOptions.SequentialScan);
            // Listed as a regular file, opened as something else: it was replaced in between.
            if (kind == FileKind.Regular && StatOpen(stream) is (uint mode, _) && KindOfMode(mode) != FileKind.Regular)
            {
                throw ResultsFormatException.For(path, $"became {Describe(KindOfMode(mode))} while it was being read: not read");
            }
            using var bytes = new MemoryStream();
            byte[] buffer = new byte[81920];
            int read;
            while ((read = stream.Read(buffer, 0, buffer.Length)) > 0)
            {
                if (bytes.Length + read > Bounds.MaxFileBytes)
                {
                    throw ResultsFormatException.For(path, $"holds more than any run writes ({Bounds.MaxFileBytes:#,0} bytes): not read");
                }
                bytes.Write(buffer, 0, read);
                Interruption.ThrowIfRequested();
            }
            bytes.Position = 0;
            using var reader = new StreamReader(bytes, Encoding.UTF8, detectEncodingFromByteOrderMarks: true);
            return reader.ReadToEnd();
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw ResultsFormatException.For(path, $"cannot be read ({e.Message})", e);
        }
    }

    private static FileKind KindOfMode(uint mode) => (mode & 0xF000) switch
    {
        0 => FileKind.Missing,
        0x8000 => FileKind.Regular,
        0x4000 => FileKind.Directory,
        0x1000 => FileKind.Fifo,
        0xC000 => FileKind.Socket,
        0x2000 => FileKind.CharacterDevice,
        0x6000 => FileKind.BlockDevice,
        _ => FileKind.SymbolicLink,
    };

    // statx(2) (Linux 4.11, glibc 2.28): its struct is laid out alike on every architecture, unlike stat's, so one
    // declaration reads the file's type (stx_mode at byte 28) and size (stx_size at byte 40). Mode 0 where nothing is
    // there; null where there is no statx.
    private static (uint Mode, long Size)? Stat(string path, bool followLink) =>
        Statx(AtCurrentDirectory, path, followLink ? 0 : AtSymlinkNoFollow);

    private static (uint Mode, long Size)? StatOpen(FileStream stream)
    {
        bool added = false;
        try
        {
            stream.SafeFileHandle.DangerousAddRef(ref added);
            return Statx((int)stream.SafeFileHandle.DangerousGetHandle(), "", AtEmptyPath);
        }
        finally
        {
            if (added)
            {
                stream.SafeFileHandle.DangerousRelease();
            }
        }
    }

    private static (uint Mode, long Size)? Statx(int directory, string path, int flags)
    {
        if (!OperatingSystem.IsLinux())
        {
            return null;
        }
        byte[] buffer = new byte[256];
        try
        {
            if (StatxCall(directory, path, flags, StatxType | StatxSize, buffer) != 0)
            {
                int error = Marshal.GetLastPInvokeError();
                // ENOENT and ENOTDIR: nothing there. Anything else (ENOSYS, EPERM from a sandbox): statx cannot say.
                return error is 2 or 20 ? (0u, 0L) : null;
            }
        }
        catch (Exception e) when (e is EntryPointNotFoundException or DllNotFoundException)
        {
            return null;
        }
        return (BitConverter.ToUInt16(buffer, 28), BitConverter.ToInt64(buffer, 40));
    }

    private const int AtCurrentDirectory = -100;

    private const int AtSymlinkNoFollow = 0x100;

    private const int AtEmptyPath = 0x1000;

    private const uint StatxType = 0x1, StatxSize = 0x200;

    [DllImport("libc", EntryPoint = "statx", SetLastError = true, CharSet = CharSet.Ansi, BestFitMapping = false, ThrowOnUnmappableChar = true)]
    [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
    private static extern int StatxCall(int directory, string path, int flags, uint mask, byte[] buffer);
}
