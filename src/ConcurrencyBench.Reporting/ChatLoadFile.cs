using ConcurrencyBench.Models.Chat;

namespace ConcurrencyBench.Reporting;

/// <summary>
/// A chat load run by hand (<c>cbench chat-load --out</c>), possibly on another machine than the server, filed in a
/// results folder's <see cref="Folder"/>. The load processes of one run (same <see cref="ChatLoadResult.Run"/>) are
/// merged into one result for the report.
/// </summary>
/// <param name="Path">The file it was read from.</param>
/// <param name="Result">What it holds.</param>
public sealed record ChatLoadFile(string Path, ChatLoadResult Result)
{
    /// <summary>The subfolder of a results folder that holds chat-load results.</summary>
    public const string Folder = "chat-loads";

    /// <summary>
    /// Every chat-load result in <paramref name="resultsFolder"/>/<see cref="Folder"/> (that folder only, its regular
    /// files: anything else is named in <paramref name="skipped"/> and never opened), in name order.
    /// </summary>
    /// <exception cref="ResultsFormatException">A file that is not a chat-load result, naming it, the field and the problem.</exception>
    public static IReadOnlyList<ChatLoadFile> ReadFolder(string resultsFolder, ICollection<string> skipped)
    {
        ArgumentNullException.ThrowIfNull(resultsFolder);
        string folder = System.IO.Path.Combine(resultsFolder, Folder);
        if (!Directory.Exists(folder))
        {
            return [];
        }
        return [.. ResultFiles.RegularFilesIn(folder, "*.json", skipped).Select(file => new ChatLoadFile(file, Read(file)))];
    }

    /// <summary>
    /// Reads one chat-load result, checked against <see cref="FileSchemas.ChatLoad"/> and against itself (its windows'
    /// counts and histograms); a pipe is read only where <paramref name="pipeAllowed"/> (a file named on the command line).
    /// </summary>
    /// <exception cref="ResultsFormatException">It is not one, naming the file, the field and the problem.</exception>
    public static ChatLoadResult Read(string path, bool pipeAllowed = false) =>
        ResultsReader.ReadJson(path, "a chat-load result", _ => FileSchemas.ChatLoad, root =>
        {
            try
            {
                return ChatLoadResult.FromJson(root);
            }
            catch (FormatException e)
            {
                throw ResultsFormatException.For(path, e.Message, e);
            }
        }, pipeAllowed);

    /// <summary>The runs in <paramref name="files"/>: the files sharing a run label merged (each unlabelled file alone), in order of first appearance.</summary>
    /// <exception cref="ResultsFormatException">Files sharing a label that are not parts of one run.</exception>
    public static IReadOnlyList<ChatLoadResult> Runs(IEnumerable<ChatLoadFile> files)
    {
        ArgumentNullException.ThrowIfNull(files);
        var runs = new List<ChatLoadResult>();
        foreach (var group in files.GroupBy(f => f.Result.Run.Length > 0 ? f.Result.Run : "\0" + f.Path))
        {
            try
            {
                runs.Add(ChatLoadResult.Merge([.. group.Select(f => f.Result)]));
            }
            catch (ArgumentException e)
            {
                throw ResultsFormatException.For(group.First().Path, e.Message.Split(" (Parameter", 2)[0]);
            }
        }
        return runs;
    }
}
