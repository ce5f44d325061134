using BenchmarkDotNet.Reports;

namespace ConcurrencyBench.Benchmarks;

/// <summary>
/// A runtime that a run was asked for but could not use, said where the report reads it: one line in
/// <c>runtimes/absent.txt</c> of the results folder (scripts/run.sh writes Python's there), and on stderr.
/// </summary>
public static class RuntimeNotes
{
    /// <summary>The folder and file the report reads (RuntimeResults.Folder and AbsentFile in the report's library).</summary>
    public static string PathIn(string artifacts) => Path.Combine(artifacts, "runtimes", "absent.txt");

    /// <summary>
    /// The line for an ahead-of-time run whose build failed for some or all of its <paramref name="cases"/> (built, and
    /// the build's error where it failed); null when every case was built.
    /// </summary>
    public static string? NativeAotBuild(IReadOnlyList<(bool Built, string? Error)> cases)
    {
        ArgumentNullException.ThrowIfNull(cases);
        int failed = cases.Count(c => !c.Built);
        if (failed == 0 && cases.Count > 0)
        {
            return null;
        }
        string why = cases.Where(c => !c.Built).Select(c => FirstLine(c.Error)).FirstOrDefault(e => e.Length > 0) ?? "no case was built";
        string what = failed == cases.Count
            ? "so this run has no NativeAOT results"
            : $"so this run has NativeAOT results for {cases.Count - failed} of its {cases.Count} cases only";
        return $"nativeaot: the ahead-of-time build failed ({why}), {what}";
    }

    /// <summary>The line for the ahead-of-time run's reports, from BenchmarkDotNet's summaries.</summary>
    public static string? NativeAotBuild(IEnumerable<Summary> summaries) =>
        NativeAotBuild([.. summaries.SelectMany(s => s.Reports).Select(r => (r.BuildResult.IsBuildSuccess, (string?)r.BuildResult.ErrorMessage))]);

    /// <summary>Adds <paramref name="note"/> to the results folder's list of missing runtimes and prints it on stderr.</summary>
    public static void Record(string artifacts, string note)
    {
        ArgumentNullException.ThrowIfNull(note);
        string path = PathIn(artifacts);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.AppendAllText(path, note + Environment.NewLine);
        Console.Error.WriteLine($"warning: {note}");
    }

    private static string FirstLine(string? text)
    {
        string line = (text ?? "").Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).FirstOrDefault() ?? "";
        return line.Length > 200 ? line[..200] + "…" : line;
    }
}
