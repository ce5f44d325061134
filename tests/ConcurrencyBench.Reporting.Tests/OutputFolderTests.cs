using System.Diagnostics;
using System.Runtime.InteropServices;
using ConcurrencyBench.Cli;

namespace ConcurrencyBench.Reporting.Tests;

/// <summary>
/// Outputs replaced as one step or not at all (issue 18): no stale chart beside a new report, no partial folder after a
/// failure, a full disk or an interrupt, no file given as --out turned into a folder, and a results folder read only in
/// the layout the suite writes.
/// </summary>
public sealed class OutputFolderTests : IDisposable
{
    private readonly TestFiles _files = new();

    public void Dispose() => _files.Dispose();

    private static (int Code, string Output, string Error) Run(params string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        int code = CommandLine.Run(args, output, error);
        return (code, output.ToString(), error.ToString());
    }

    // Every entry beside a folder that a render or a replacement could leave: none may remain.
    private static string[] Leftovers(string folder) =>
        [.. Directory.GetFileSystemEntries(Path.GetDirectoryName(folder)!).Where(e => Path.GetFileName(e).StartsWith(Path.GetFileName(folder) + ".", StringComparison.Ordinal))];

    [Fact]
    public void AReportOverAnEarlierOneLeavesNoChartOfTheEarlierOne()
    {
        string output = _files.PathOf("report");
        Assert.Equal(CommandLine.Ok, Run("report", TestFiles.FixtureRun, "--out", output).Code);
        // An earlier report of other results: a chart this one does not draw.
        File.WriteAllText(Path.Combine(output, "Chat-p99.png"), "stale");
        File.WriteAllText(Path.Combine(output, "Chat-p99.svg"), "stale");

        var (code, _, error) = Run("report", TestFiles.FixtureRun, "--out", output);

        Assert.True(code == CommandLine.Ok, error);
        Assert.False(File.Exists(Path.Combine(output, "Chat-p99.png")));
        string report = File.ReadAllText(Path.Combine(output, "report.md"));
        // Exactly the charts the new report shows, each with its SVG, and nothing beside the folder.
        var charts = Directory.GetFiles(output, "*.png").Select(Path.GetFileName).Order(StringComparer.Ordinal).ToList();
        Assert.All(charts, c => Assert.Contains($"({c})", report, StringComparison.Ordinal));
        Assert.Equal(charts.Count, Directory.GetFiles(output, "*.svg").Length);
        Assert.Empty(Leftovers(output));
    }

    [Theory]
    [InlineData("report")]
    [InlineData("compare")]
    [InlineData("timeline")]
    public void OutNamingAFileIsOneLineAndExitTwoAndLeavesNothingBesideIt(string command)
    {
        string file = _files.Write("existing.txt", "keep me");
        string[] args = command switch
        {
            "compare" => ["compare", TestFiles.StarvationJson, TestFiles.StarvationJson, "--out", file],
            _ => [command, TestFiles.FixtureRun, "--out", file],
        };

        var (code, _, error) = Run(args);

        Assert.Equal(CommandLine.BadInput, code);
        Assert.Contains("is a file, not a folder", Assert.Single(error.Trim().Split('\n')), StringComparison.Ordinal);
        Assert.Equal("keep me", File.ReadAllText(file));
        Assert.Empty(Leftovers(file));
    }

    [Fact]
    public void OutHoldingWhatNoCommandWritesIsRefusedAndLeftAsItWas()
    {
        // A results folder given as --out: replacing it whole would delete the results.
        string run = _files.PathOf("run");
        TestFiles.CopyFixtureRun(run);
        int before = Directory.GetFiles(run, "*", SearchOption.AllDirectories).Length;

        var (code, _, error) = Run("report", run, "--out", run);

        Assert.Equal(CommandLine.BadInput, code);
        Assert.Contains("which no report, comparison or timeline writes", error, StringComparison.Ordinal);
        Assert.Equal(before, Directory.GetFiles(run, "*", SearchOption.AllDirectories).Length);
        Assert.Empty(Leftovers(run));
    }

    [Fact]
    public void AFailureWhileWritingLeavesTheEarlierOutputAndNoPartialFolder()
    {
        string output = _files.PathOf("out");
        OutputFolder.Replace(output, into => File.WriteAllText(Path.Combine(into, "report.md"), "earlier"));

        // A write that fails halfway (a full disk: ENOSPC surfaces as an IOException).
        Assert.Throws<IOException>(() => OutputFolder.Replace(output, into =>
        {
            File.WriteAllText(Path.Combine(into, "report.md"), "new");
            File.WriteAllText(Path.Combine(into, "A-chart.png"), "half");
            throw new IOException("No space left on device");
        }));

        Assert.Equal(["report.md"], Directory.GetFiles(output).Select(Path.GetFileName));
        Assert.Equal("earlier", File.ReadAllText(Path.Combine(output, "report.md")));
        Assert.Empty(Leftovers(output));
    }

    [Theory]
    [InlineData("A-chart.png", new byte[] { 0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 13 })]
    [InlineData("A-chart.png", new byte[0])]
    [InlineData("A-chart.svg", new byte[] { (byte)'<', (byte)'s', (byte)'v', (byte)'g', (byte)'>' })]
    public void AChartNotWrittenWholeIsNeverPutInPlace(string name, byte[] bytes)
    {
        // What a writer that lost bytes to a full disk without an error leaves: a truncated or empty chart.
        string output = _files.PathOf("out");
        OutputFolder.Replace(output, into => File.WriteAllText(Path.Combine(into, "comparison.md"), "earlier"));

        var error = Assert.Throws<IOException>(() => OutputFolder.Replace(output, into => File.WriteAllBytes(Path.Combine(into, name), bytes)));

        Assert.Contains("was not written whole", error.Message, StringComparison.Ordinal);
        Assert.Equal(["comparison.md"], Directory.GetFiles(output).Select(Path.GetFileName));
        Assert.Empty(Leftovers(output));
    }

    [Fact]
    public void AFolderLeftByAKilledRenderIsRemovedByTheNextOne()
    {
        // A process ID that runs nothing: the render that made this folder was killed (SIGKILL cannot be caught).
        string output = _files.PathOf("out");
        int dead = Enumerable.Range(400_000, 100_000).First(pid =>
        {
            try
            {
                using var process = Process.GetProcessById(pid);
                return false;
            }
            catch (ArgumentException)
            {
                return true;
            }
        });
        Directory.CreateDirectory($"{output}.partial-{dead}-0123456789abcdef0123456789abcdef");
        // One that a running process owns is not touched.
        string running = $"{output}.partial-{Environment.ProcessId}-fedcba9876543210fedcba9876543210";
        Directory.CreateDirectory(running);

        OutputFolder.Replace(output, into => File.WriteAllText(Path.Combine(into, "report.md"), "new"));

        Assert.Equal([running], Leftovers(output));
        Directory.Delete(running);
    }

    [Fact]
    public void TwoRendersIntoOneFolderAtOnceLeaveOneWholeOutput()
    {
        string output = _files.PathOf("out");
        string[] names = ["a", "b"];
        using var start = new Barrier(2);

        Parallel.ForEach(names, name => OutputFolder.Replace(output, into =>
        {
            start.SignalAndWait();
            for (int i = 0; i < 20; i++)
            {
                File.WriteAllText(Path.Combine(into, $"{name}-{i}.md"), name);
                Thread.Sleep(1);
            }
            File.WriteAllText(Path.Combine(into, "report.md"), name);
        }));

        // Whichever won, the folder is all of one render and none of the other.
        string winner = File.ReadAllText(Path.Combine(output, "report.md"));
        Assert.All(Directory.GetFiles(output), f => Assert.Equal(winner, File.ReadAllText(f)));
        Assert.Equal(21, Directory.GetFiles(output).Length);
        Assert.Empty(Leftovers(output));
    }

    [Theory]
    [InlineData(15, 143)]
    [InlineData(2, 130)]
    public async Task AnInterruptDuringARenderLeavesTheEarlierReportAndNoPartialFolder(int signal, int expected)
    {
        if (!OperatingSystem.IsLinux())
        {
            return; // signals as Linux delivers them (the workflow's other runners have no kill(2) of this kind)
        }
        // A report that takes a while to read and draw (another runtime's 200,000 bursts beside the fixture), over an
        // earlier one.
        string output = _files.PathOf("report");
        string other = _files.PathOf("other");
        var random = new Random(2);
        _files.Write(Path.Combine("other", RuntimeResults.Folder, "python.json"), Crafted.RuntimeFile([Crafted.RuntimeCase("AsyncDelays", "TaskDelayWhenAll",
            new System.Text.Json.Nodes.JsonObject { ["N"] = 1, ["DelayMs"] = 20 }, Enumerable.Range(0, 200_000).Select(_ => 20e6 + random.Next(1_000_000)))]).ToJsonString());
        Assert.Equal(CommandLine.Ok, Run("report", TestFiles.FixtureRun, "--out", output).Code);
        string earlier = File.ReadAllText(Path.Combine(output, "report.md"));
        var startInfo = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (string arg in new[] { Crafted.Cbench, "report", TestFiles.FixtureRun, other, "--out", output })
        {
            startInfo.ArgumentList.Add(arg);
        }
        using Process render = Process.Start(startInfo)!;
        Task<string> stderr = render.StandardError.ReadToEndAsync();
        _ = render.StandardOutput.ReadToEndAsync();
        // Signalled once its new folder exists (it is drawing into it), or after 10 s at most (still reading).
        for (int i = 0; i < 500 && Leftovers(output).Length == 0 && !render.HasExited; i++)
        {
            Thread.Sleep(20);
        }
        bool signalled = !render.HasExited && Kill(render.Id, signal) == 0;
        Assert.True(render.WaitForExit(TimeSpan.FromMinutes(1)));

        if (signalled && render.ExitCode == expected)
        {
            Assert.StartsWith("interrupted", await stderr, StringComparison.Ordinal);
            Assert.Equal(earlier, File.ReadAllText(Path.Combine(output, "report.md")));
        }
        else
        {
            // The render finished first: then it replaced the report whole.
            Assert.Equal(0, render.ExitCode);
        }
        Assert.True(signalled, "the render ended before it could be signalled; the test's input is too small to catch it drawing");
        Assert.Empty(Leftovers(output));
    }

    [DllImport("libc", EntryPoint = "kill", SetLastError = true)]
    [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
    private static extern int Kill(int pid, int signal);

    [Fact]
    public void AFolderHighUpIsReadOnlyInTheSuitesLayoutAndWhatIsSkippedIsSaid()
    {
        // A home folder: a results folder of ours, and other programs' files where a tree walk would find them.
        string home = _files.PathOf("home");
        TestFiles.CopyFixtureRun(home);
        _files.Write(Path.Combine("home", "project", "timelines", "not-ours.json"), """{"anything": 1}""");
        _files.Write(Path.Combine("home", "project", "bin", "results", "Other-report-full.json"), "not even JSON");
        _files.Write(Path.Combine("home", "node_modules", "x", "timelines", "t.json"), "[]");
        // A symbolic link loop inside the results folder, and one to the folder itself.
        if (!OperatingSystem.IsWindows())
        {
            Directory.CreateSymbolicLink(Path.Combine(home, "timelines", "loop"), Path.Combine(home, "timelines"));
            Directory.CreateSymbolicLink(Path.Combine(home, "cold"), home);
        }
        var watch = Stopwatch.StartNew();

        var (code, _, error) = Run("report", home, "--out", _files.PathOf("out"));

        Assert.True(code == CommandLine.Ok, error);
        Assert.True(watch.Elapsed < TimeSpan.FromMinutes(1), $"took {watch.Elapsed}");
        string[] warnings = [.. error.Split('\n', StringSplitOptions.RemoveEmptyEntries)];
        Assert.Contains(warnings, w => w.Contains("outside the results layout not read (node_modules, project)", StringComparison.Ordinal));
        if (!OperatingSystem.IsWindows())
        {
            Assert.Contains(warnings, w => w.Contains("a symbolic link, not followed", StringComparison.Ordinal) && w.Contains("cold", StringComparison.Ordinal));
        }
        string report = File.ReadAllText(_files.PathOf(Path.Combine("out", "report.md")));
        Assert.Contains("outside the results layout not read", report, StringComparison.Ordinal);
        Assert.Equal(ResultsReader.Read([TestFiles.FixtureRun]).Cases.Count, ResultsReader.Read([home]).Cases.Count);
    }
}
