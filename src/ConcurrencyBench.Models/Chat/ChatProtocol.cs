using System.Diagnostics;
using System.Text;

namespace ConcurrencyBench.Models.Chat;

// The chat server's line protocol (UTF-8, one command per '\n'-terminated line, '\r' before it ignored):
//   client -> server   JOIN <room> <name>   join a room under a name nobody holds (the user table's check-then-insert)
//                      SAY <text>           send a line to every other member of the room
//                      QUIT                 leave and close
//   server -> client   WELCOME <room> <name> | TAKEN <name> | FROM <name> <text> | ERROR <reason>
// Room and user names are 1 to 32 letters, digits, '-' or '_'.

/// <summary>What a client asked for.</summary>
public enum ChatCommandKind
{
    /// <summary>JOIN room name.</summary>
    Join,

    /// <summary>SAY text.</summary>
    Say,

    /// <summary>QUIT.</summary>
    Quit,

    /// <summary>A line that is none of them: <see cref="ChatCommand.Text"/> says why.</summary>
    Malformed,
}

/// <summary>One parsed client line.</summary>
/// <param name="Kind">The command.</param>
/// <param name="Room">The room of a JOIN.</param>
/// <param name="Name">The user name of a JOIN.</param>
/// <param name="Text">The text of a SAY, or why a line is malformed.</param>
public readonly record struct ChatCommand(ChatCommandKind Kind, string Room, string Name, string Text);

/// <summary>Parsing and formatting of the line protocol.</summary>
public static class ChatProtocol
{
    /// <summary>The longest room or user name.</summary>
    public const int MaxNameLength = 32;

    /// <summary>Parses one line (without its terminator).</summary>
    public static ChatCommand Parse(string line)
    {
        ArgumentNullException.ThrowIfNull(line);
        if (line.StartsWith("SAY ", StringComparison.Ordinal))
        {
            return new(ChatCommandKind.Say, "", "", line[4..]);
        }
        if (line == "QUIT")
        {
            return new(ChatCommandKind.Quit, "", "", "");
        }
        if (line.StartsWith("JOIN ", StringComparison.Ordinal))
        {
            string[] parts = line.Split(' ');
            if (parts.Length != 3 || !IsName(parts[1]) || !IsName(parts[2]))
            {
                return Malformed("JOIN needs a room and a name (1 to 32 letters, digits, '-' or '_')");
            }
            return new(ChatCommandKind.Join, parts[1], parts[2], "");
        }
        return Malformed("unknown command");
    }

    /// <summary>Whether <paramref name="name"/> may name a room or a user.</summary>
    public static bool IsName(string name) =>
        name.Length is > 0 and <= MaxNameLength && name.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_');

    /// <summary>A line as bytes on the wire, with its terminator.</summary>
    public static byte[] Encode(string line) => Encoding.UTF8.GetBytes(line + "\n");

    private static ChatCommand Malformed(string why) => new(ChatCommandKind.Malformed, "", "", why);
}

/// <summary>How a line read ended.</summary>
public enum LineStatus
{
    /// <summary>A whole line.</summary>
    Line,

    /// <summary>The peer closed the connection between lines.</summary>
    End,

    /// <summary>The peer closed the connection in the middle of a line.</summary>
    EndMidLine,

    /// <summary>The line is longer than the limit (it is not read further).</summary>
    TooLong,

    /// <summary>A line was begun and not finished within the line deadline (a client trickling bytes).</summary>
    LineTimeout,

    /// <summary>No line was begun within the idle deadline.</summary>
    IdleTimeout,
}

/// <summary>One line read, or how reading ended.</summary>
/// <param name="Status">Line, or why there is none.</param>
/// <param name="Text">The line without its terminator (for <see cref="LineStatus.Line"/>).</param>
public readonly record struct LineRead(LineStatus Status, string? Text);

/// <summary>
/// Reads '\n'-terminated lines of at most a given length from a stream, blocking or asynchronously, never holding
/// more than the limit: a peer that sends an endless line is cut off, not buffered.
/// </summary>
public sealed class LineReader
{
    private readonly Stream _stream;
    private readonly int _maxLineBytes;
    private readonly byte[] _buffer;
    private int _start;
    private int _end;
    private long _partialSince;

    /// <summary>A reader of <paramref name="stream"/> for lines of at most <paramref name="maxLineBytes"/> bytes.</summary>
    public LineReader(Stream stream, int maxLineBytes)
    {
        ArgumentNullException.ThrowIfNull(stream);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxLineBytes, 1);
        _stream = stream;
        _maxLineBytes = maxLineBytes;
        _buffer = new byte[Math.Max(4096, maxLineBytes + 2)];
    }

    /// <summary>True when bytes of a line have arrived without its terminator (a connection that ends now ends mid-line).</summary>
    public bool HasPartialLine => _end > _start;

    /// <summary>
    /// The next line, waiting at most <paramref name="idleTimeout"/> for it to begin and <paramref name="lineTimeout"/>
    /// from its first byte for it to end: a client that sends nothing, or a byte now and then, cannot hold its
    /// connection for ever. <see cref="LineStatus.IdleTimeout"/> or <see cref="LineStatus.LineTimeout"/> when a
    /// deadline passes.
    /// </summary>
    public async ValueTask<LineRead> ReadAsync(bool captureContext, TimeSpan idleTimeout, TimeSpan lineTimeout)
    {
        long waitingSince = Stopwatch.GetTimestamp();
        while (true)
        {
            if (TryTake(out LineRead read))
            {
                return read;
            }
            TimeSpan left = Left(waitingSince, idleTimeout, lineTimeout);
            if (left <= TimeSpan.Zero)
            {
                return new(HasPartialLine ? LineStatus.LineTimeout : LineStatus.IdleTimeout, null);
            }
            int received;
            using (var deadline = new CancellationTokenSource(left))
            {
                try
                {
                    received = await _stream.ReadAsync(_buffer.AsMemory(_end), deadline.Token).ConfigureAwait(captureContext);
                }
                catch (OperationCanceledException) when (deadline.IsCancellationRequested)
                {
                    continue; // a deadline passed: the next turn says which
                }
            }
            if (received == 0)
            {
                return new(HasPartialLine ? LineStatus.EndMidLine : LineStatus.End, null);
            }
            Received(received);
        }
    }

    /// <summary>
    /// The next line, blocking the calling thread at most <paramref name="idleTimeout"/> for it to begin and
    /// <paramref name="lineTimeout"/> from its first byte for it to end (the stream's read timeout; see the
    /// asynchronous overload).
    /// </summary>
    public LineRead Read(TimeSpan idleTimeout, TimeSpan lineTimeout)
    {
        long waitingSince = Stopwatch.GetTimestamp();
        while (true)
        {
            if (TryTake(out LineRead read))
            {
                return read;
            }
            TimeSpan left = Left(waitingSince, idleTimeout, lineTimeout);
            if (left <= TimeSpan.Zero)
            {
                return new(HasPartialLine ? LineStatus.LineTimeout : LineStatus.IdleTimeout, null);
            }
            if (_stream.CanTimeout)
            {
                _stream.ReadTimeout = (int)Math.Clamp(Math.Ceiling(left.TotalMilliseconds), 1, int.MaxValue);
            }
            int received;
            try
            {
                received = _stream.Read(_buffer, _end, _buffer.Length - _end);
            }
            catch (IOException e) when (e.InnerException is System.Net.Sockets.SocketException { SocketErrorCode: System.Net.Sockets.SocketError.TimedOut })
            {
                continue;
            }
            if (received == 0)
            {
                return new(HasPartialLine ? LineStatus.EndMidLine : LineStatus.End, null);
            }
            Received(received);
        }
    }

    // How long the next read may wait: until the line's deadline once it has begun, else until the idle deadline.
    private TimeSpan Left(long waitingSince, TimeSpan idleTimeout, TimeSpan lineTimeout) =>
        HasPartialLine ? lineTimeout - Stopwatch.GetElapsedTime(_partialSince) : idleTimeout - Stopwatch.GetElapsedTime(waitingSince);

    // Bytes arrived; a line begins now if none was pending.
    private void Received(int count)
    {
        if (!HasPartialLine)
        {
            _partialSince = Stopwatch.GetTimestamp();
        }
        _end += count;
    }

    /// <summary>The next line, waiting for it asynchronously (resuming on the caller's context if <paramref name="captureContext"/>).</summary>
    public async ValueTask<LineRead> ReadAsync(bool captureContext, CancellationToken cancellationToken = default)
    {
        while (true)
        {
            if (TryTake(out LineRead read))
            {
                return read;
            }
            int received = await _stream.ReadAsync(_buffer.AsMemory(_end), cancellationToken).ConfigureAwait(captureContext);
            if (received == 0)
            {
                return new(_end > _start ? LineStatus.EndMidLine : LineStatus.End, null);
            }
            _end += received;
        }
    }

    /// <summary>The next line, blocking the calling thread until it arrives.</summary>
    public LineRead Read()
    {
        while (true)
        {
            if (TryTake(out LineRead read))
            {
                return read;
            }
            int received = _stream.Read(_buffer, _end, _buffer.Length - _end);
            if (received == 0)
            {
                return new(_end > _start ? LineStatus.EndMidLine : LineStatus.End, null);
            }
            _end += received;
        }
    }

    // A line if the buffer holds one; TooLong once more than the limit has arrived without a terminator; else
    // makes room at the end of the buffer for the next read.
    private bool TryTake(out LineRead read)
    {
        int newline = Array.IndexOf(_buffer, (byte)'\n', _start, _end - _start);
        if (newline >= 0)
        {
            int length = newline - _start;
            if (length > 0 && _buffer[newline - 1] == (byte)'\r')
            {
                length--;
            }
            read = length > _maxLineBytes
                ? new(LineStatus.TooLong, null)
                : new(LineStatus.Line, Encoding.UTF8.GetString(_buffer, _start, length));
            _start = newline + 1;
            return true;
        }
        if (_end - _start > _maxLineBytes + 1)
        {
            read = new(LineStatus.TooLong, null);
            return true;
        }
        if (_start > 0)
        {
            Buffer.BlockCopy(_buffer, _start, _buffer, 0, _end - _start);
            _end -= _start;
            _start = 0;
        }
        read = default;
        return false;
    }
}
