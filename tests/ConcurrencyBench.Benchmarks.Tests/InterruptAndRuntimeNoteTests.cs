using System.Diagnostics;
using System.Runtime.InteropServices;
using BenchmarkDotNet.Toolchains.Results;
using ConcurrencyBench.Reporting;

namespace ConcurrencyBench.Benchmarks.Tests;

/// <summary>
/// The benchmark program under conditions a run meets (issue 18): a NativeAOT build that fails is named where the
/// report reads it, and SIGTERM to the program's process group leaves no temporary folder.
/// </summary>
public class InterruptAndRuntimeNoteTests
{
    [Fact]
    public void ANativeAotBuildThatFailedIsNamedWithItsErrorAndWhatTheRunLacks()
    {
        var failed = (false, (string?)"error : Platform linker ('clang') not found in PATH\nmore detail");

        Assert.Null(RuntimeNotes.NativeAotBuild([(true, null), (true, null)]));
        Assert.Equal("nativeaot: the ahead-of-time build failed (error : Platform linker ('clang') not found in PATH), so this run has no NativeAOT results",
            RuntimeNotes.NativeAotBuild([failed, failed]));
        Assert.Equal("nativeaot: the ahead-of-time build failed (error : Platform linker ('clang') not found in PATH), so this run has NativeAOT results for 1 of its 2 cases only",
            RuntimeNotes.NativeAotBuild([(true, null), failed]));
        // BenchmarkDotNet's own build results: a failure's message is what the note quotes.
        BuildResult bad = BuildResult.Failure(GenerateResult.Success(null!, []), "ILCompiler: linking failed");
        Assert.Contains("ILCompiler: linking failed", RuntimeNotes.NativeAotBuild([(bad.IsBuildSuccess, bad.ErrorMessage)]), StringComparison.Ordinal);
    }

    [Fact]
    public void TheNoteReachesTheReportAsAMissingRuntime()
    {
        string run = Path.Combine(Path.GetTempPath(), "cbench-note-" + Guid.NewGuid().ToString("N"));
        try
        {
            Directory.CreateDirectory(Path.Combine(run, "results"));
            File.Copy(Path.Combine(Repository, "tests", "ConcurrencyBench.Reporting.Tests", "Fixtures", "run", "results", "ConcurrencyBench.Benchmarks.PoolStarvation-report-full.json"),
                Path.Combine(run, "results", "ConcurrencyBench.Benchmarks.PoolStarvation-report-full.json"));
            RuntimeNotes.Record(run, "nativeaot: the ahead-of-time build failed (no linker), so this run has no NativeAOT results");
            // Python's line beside it (scripts/run.sh appends its own).
            File.AppendAllText(RuntimeNotes.PathIn(run), "python: python3 was not on PATH\n");

            ResultSet results = ResultsReader.Read([run]);

            Assert.Equal(["nativeaot: the ahead-of-time build failed (no linker), so this run has no NativeAOT results", "python: python3 was not on PATH"], results.RuntimeNotes);
        }
        finally
        {
            Directory.Delete(run, recursive: true);
        }
    }

    private static string Repository
    {
        get
        {
            for (DirectoryInfo? folder = new(AppContext.BaseDirectory); folder is not null; folder = folder.Parent)
            {
                if (File.Exists(Path.Combine(folder.FullName, "ConcurrencyBench.sln")))
                {
                    return folder.FullName;
                }
            }
            throw new InvalidOperationException("the repository is not above the test's folder");
        }
    }

    [DllImport("libc", EntryPoint = "kill", SetLastError = true)]
    [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
    private static extern int Kill(int pid, int signal);

    [Fact]
    public void SigtermToTheProgramsProcessGroupLeavesNoTemporaryFolder()
    {
        if (!OperatingSystem.IsLinux())
        {
            return; // process groups and setsid as CI's Linux has them
        }
        string program = Path.Combine(Repository, "benchmarks", "ConcurrencyBench.Benchmarks", "bin", "Release", "net10.0", "ConcurrencyBench.Benchmarks.dll");
        string artifacts = Path.Combine(Path.GetTempPath(), "cbench-sigterm-" + Guid.NewGuid().ToString("N"));
        // A process group of its own (setsid), as a CI job's processes are, signalled whole once it made its folder.
        var start = new ProcessStartInfo("setsid") { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (string arg in new[] { "dotnet", program, "--profile", "quick", "--filter", "*TaskDelayWhenAll*", "--artifacts", artifacts })
        {
            start.ArgumentList.Add(arg);
        }
        using Process process = Process.Start(start)!;
        _ = process.StandardOutput.ReadToEndAsync();
        _ = process.StandardError.ReadToEndAsync();
        string inbox = Path.Combine(Path.GetTempPath(), $"concurrencybench-{process.Id}");
        try
        {
            for (int i = 0; i < 600 && !Directory.Exists(inbox) && !process.HasExited; i++)
            {
                Thread.Sleep(50);
            }
            Assert.True(Directory.Exists(inbox), "the program did not make its timeline folder within 30 s");
            Thread.Sleep(500); // past its signal registration, into BenchmarkDotNet's work

            Assert.Equal(0, Kill(-process.Id, 15));

            Assert.True(process.WaitForExit(TimeSpan.FromSeconds(30)), "the program outlived SIGTERM by 30 s");
            Assert.False(Directory.Exists(inbox), $"{inbox} was left behind");
        }
        finally
        {
            if (!process.HasExited)
            {
                _ = Kill(-process.Id, 9);
            }
            if (Directory.Exists(artifacts))
            {
                Directory.Delete(artifacts, recursive: true);
            }
        }
    }
}
