namespace ConcurrencyBench.Reporting;

/// <summary>
/// Bad input: a results file or folder that is missing, empty, truncated or not what it should be. The message
/// names the path and the problem in one line, which the command line prints before exiting with code 2.
/// </summary>
public sealed class ResultsFormatException : Exception
{
    public ResultsFormatException()
    {
    }

    public ResultsFormatException(string message)
        : base(message)
    {
    }

    public ResultsFormatException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <summary>
    /// Creates the exception for <paramref name="path"/> and <paramref name="problem"/>; a control character in the path
    /// (a file named with a line break) is escaped, so that the message stays one line.
    /// </summary>
    public static ResultsFormatException For(string path, string problem, Exception? inner = null)
    {
        string message = $"{FileSchema.Escape(path ?? "")}: {problem}";
        return inner is null ? new(message) : new(message, inner);
    }
}
