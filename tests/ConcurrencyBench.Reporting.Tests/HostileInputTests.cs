using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Runtime.InteropServices;
using System.Text.Json.Nodes;
using ConcurrencyBench.Cli;

namespace ConcurrencyBench.Reporting.Tests;

/// <summary>
/// Hostile input, second round (issue 25), tried as a newcomer would, with new members of each kind: entries of a results
/// folder that are not regular files (FIFOs, sockets, devices, links to them or to nothing, a file too large to be a
/// run's), impossible run metadata wherever it sits (machine and runtime descriptions, flags, counts, magnitudes),
/// series with nothing in them, and interrupts of commands blocked in a read. Each has its right outcome: skipped with a
/// line, refused in one line naming the file, the field and the value (exit 2, nothing written), a panel that says it
/// has nothing to draw, or an end within a bounded wait that leaves no partial output.
/// </summary>
public sealed class HostileInputTests : IDisposable
{
    private readonly TestFiles _files = new();

    // Sockets bound for a test stay open until it ends: .NET removes a socket's file when it is closed.
    private readonly List<Socket> _sockets = [];

    public void Dispose()
    {
        foreach (Socket socket in _sockets)
        {
            socket.Dispose();
        }
        _files.Dispose();
    }

    private static (int Code, string Output, string Error) Run(params string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        int code = CommandLine.Run(args, output, error);
        return (code, output.ToString(), error.ToString());
    }

    private static string[] Lines(string text) => text.Split('\n', StringSplitOptions.RemoveEmptyEntries);

    [DllImport("libc", EntryPoint = "mkfifo", SetLastError = true)]
    [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
    private static extern int MkFifo(string path, uint mode);

    [DllImport("libc", EntryPoint = "open", SetLastError = true)]
    [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
    private static extern int Open(string path, int flags);

    [DllImport("libc", EntryPoint = "close")]
    [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
    private static extern int Close(int fd);

    [DllImport("libc", EntryPoint = "kill", SetLastError = true)]
    [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
    private static extern int Kill(int pid, int signal);

    private const int WriteOnlyNonBlocking = 0x1 | 0x800; // O_WRONLY | O_NONBLOCK

    private static void Fifo(string path)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        Assert.Equal(0, MkFifo(path, Convert.ToUInt32("644", 8)));
    }

    // A run folder: the fixture (two full JSON files, one timeline) and a run-info.json.
    private string FixtureRun(string name = "run")
    {
        string run = _files.PathOf(name);
        TestFiles.CopyFixtureRun(run);
        File.WriteAllText(Path.Combine(run, "run-info.json"),
            """{"profile":"quick","command":"scripts/run.sh --profile quick","startedUtc":"2026-11-25T20:00:00Z","durationSeconds":90,"commit":"abc1234","exitCode":0}""");
        return run;
    }

    // Makes what `kind` names at `path` (never a regular file).
    private void Make(string kind, string path)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        switch (kind)
        {
            case "fifo":
                Fifo(path);
                break;
            case "link to a fifo":
                Fifo(_files.PathOf("elsewhere.fifo"));
                File.CreateSymbolicLink(path, _files.PathOf("elsewhere.fifo"));
                break;
            case "socket":
                var socket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
                _sockets.Add(socket);
                socket.Bind(new UnixDomainSocketEndPoint(path));
                break;
            case "link to /dev/zero":
                File.CreateSymbolicLink(path, "/dev/zero");
                break;
            case "link to /dev/null":
                File.CreateSymbolicLink(path, "/dev/null");
                break;
            case "dangling link":
                File.CreateSymbolicLink(path, _files.PathOf("nothing-here.json"));
                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(kind));
        }
    }

    public static TheoryData<string, string> NotRegularFiles()
    {
        var data = new TheoryData<string, string>();
        foreach (string kind in new[] { "fifo", "link to a fifo", "socket", "link to /dev/zero", "link to /dev/null", "dangling link" })
        {
            data.Add(kind, "results/zz-report-full.json");
        }
        foreach (string where in new[] { "zz-report-full.json", "timelines/zz.json", "cold/timelines/zz.json", "nativeaot/results/zz-report-full.json",
                     "runtimes/zz.json", "chat-loads/zz.json", "runtimes/absent.txt" })
        {
            data.Add("fifo", where);
        }
        data.Add("socket", "run-info.json");
        data.Add("fifo", "run-info.json");
        return data;
    }

    [Theory]
    [MemberData(nameof(NotRegularFiles))]
    public async Task AnEntryOfTheLayoutThatIsNoRegularFileIsNamedAndSkippedNeverOpened(string kind, string where)
    {
        if (!OperatingSystem.IsLinux())
        {
            return; // FIFOs and sockets as Linux makes them
        }
        string run = FixtureRun();
        string path = Path.Combine(run, where);
        if (File.Exists(path))
        {
            File.Delete(path);
        }
        Make(kind, path);

        // Bounded: a reader that opened a FIFO would wait for a writer; the writer this test then opens lets it go on.
        Task<ResultSet> read = Task.Run(() => ResultsReader.Read([run]));
        bool ended = await Task.WhenAny(read, Task.Delay(TimeSpan.FromSeconds(60))) == read;
        if (!ended && kind.Contains("fifo", StringComparison.Ordinal))
        {
            _ = Close(Open(path, WriteOnlyNonBlocking));
        }

        Assert.True(ended, $"reading a results folder with {kind} at {where} did not end: it was opened");
        ResultSet results = await read;
        string line = Assert.Single(results.Skipped, s => s.StartsWith(path, StringComparison.Ordinal));
        Assert.EndsWith("not a regular file: skipped, never opened", line, StringComparison.Ordinal);
        string what = kind switch
        {
            "fifo" => ": a FIFO (named pipe),",
            "link to a fifo" => ": a symbolic link to a FIFO (named pipe),",
            "socket" => ": a socket,",
            "dangling link" => ": a symbolic link to a path that does not exist,",
            _ => ": a symbolic link to a character device,",
        };
        Assert.Contains(what, line, StringComparison.Ordinal);
        // Everything else is read as before.
        Assert.Equal(ResultsReader.Read([TestFiles.FixtureRun]).Cases.Count, results.Cases.Count);
    }

    [Fact]
    public void AFifoNamedLikeAResultsFileDoesNotHangTheReportWhichSaysItSkippedIt()
    {
        if (!OperatingSystem.IsLinux())
        {
            return;
        }
        // The issue's own input: `mkfifo results/zz-report-full.json` and `cbench report`.
        string run = FixtureRun();
        string fifo = Path.Combine(run, "results", "zz-report-full.json");
        Fifo(fifo);

        var (code, _, error) = Crafted.RunCbench(TimeSpan.FromMinutes(3), "report", run, "--out", _files.PathOf("out"));

        Assert.True(code == CommandLine.Ok, error);
        Assert.Contains(Lines(error), l => l == $"warning: {fifo}: a FIFO (named pipe), not a regular file: skipped, never opened");
        string report = File.ReadAllText(_files.PathOf(Path.Combine("out", "report.md")));
        Assert.Contains("zz-report-full.json: a FIFO (named pipe), not a regular file: skipped, never opened", report, StringComparison.Ordinal);
    }

    [Fact]
    public void AFileLargerThanAnyRunWritesIsRefusedUnread()
    {
        // A sparse file of 256 MiB and one byte: its size alone refuses it (reading it would take the memory first).
        string run = FixtureRun();
        string huge = Path.Combine(run, "results", "Huge-report-full.json");
        using (var stream = new FileStream(huge, FileMode.CreateNew))
        {
            stream.SetLength(Bounds.MaxFileBytes + 1);
        }

        var (code, _, error) = Run("report", run, "--out", _files.PathOf("out"));

        Assert.Equal(CommandLine.BadInput, code);
        string line = Assert.Single(Lines(error));
        Assert.Equal($"error: {huge}: is {Bounds.MaxFileBytes + 1:#,0} bytes, more than any run writes ({Bounds.MaxFileBytes:#,0}): not read", line);
        Assert.False(Directory.Exists(_files.PathOf("out")));
    }

    [Fact]
    public void AFileNamedWithALineBreakIsNamedInOneLine()
    {
        string run = FixtureRun();
        _files.Write(Path.Combine("run", "results", "two\nlines-report-full.json"), "{ not json");

        var (code, _, error) = Run("report", run, "--out", _files.PathOf("out"));

        Assert.Equal(CommandLine.BadInput, code);
        string line = Assert.Single(Lines(error));
        Assert.Contains("two\\u000Alines-report-full.json: not valid JSON", line, StringComparison.Ordinal);
    }

    // The files of a run whose fields the theory below breaks, by kind.
    private string FileOf(string run, string kind)
    {
        switch (kind)
        {
            case "runtime":
                string python = Path.Combine(run, RuntimeResults.Folder, "python.json");
                Directory.CreateDirectory(Path.GetDirectoryName(python)!);
                File.WriteAllText(python, Crafted.RuntimeFile([Crafted.RuntimeCase("AsyncDelays", "TaskDelayWhenAll", new JsonObject { ["N"] = 100, ["DelayMs"] = 20 }, Crafted.Steady(21))]).ToJsonString());
                return python;
            case "full":
                return Path.Combine(run, "results", "ConcurrencyBench.Benchmarks.DefaultPoolOffload-report-full.json");
            case "timeline":
                return Directory.GetFiles(Path.Combine(run, "timelines"))[0];
            case "chat load":
                string load = Path.Combine(run, ChatLoadFile.Folder, "load.json");
                Directory.CreateDirectory(Path.GetDirectoryName(load)!);
                File.WriteAllText(load, Crafted.CommittedChatLoad().ToJsonString());
                return load;
            default:
                return Path.Combine(run, "run-info.json");
        }
    }

    // Sets the value at a path such as "cases[0].repeated[0].threads" (created where absent).
    private static void SetAt(JsonNode root, string path, JsonNode? value)
    {
        string[] parts = path.Replace("[", ".[", StringComparison.Ordinal).Split('.', StringSplitOptions.RemoveEmptyEntries);
        JsonNode node = root;
        for (int i = 0; i < parts.Length - 1; i++)
        {
            node = parts[i].StartsWith('[') ? node.AsArray()[int.Parse(parts[i][1..^1], CultureInfo.InvariantCulture)]! : node[parts[i]]!;
        }
        string last = parts[^1];
        if (last.StartsWith('['))
        {
            node.AsArray()[int.Parse(last[1..^1], CultureInfo.InvariantCulture)] = value;
        }
        else
        {
            node[last] = value;
        }
    }

    [Theory]
    // Machine and runtime descriptions of another runtime's file: the issue's "AMD EPYC (-2 logical cores, X64)" and its kin.
    [InlineData("runtime", "machine.logicalCores", "-2", "machine.logicalCores = -2: impossible: a machine has 1 to 8,192 logical cores")]
    [InlineData("runtime", "machine.logicalCores", "0", "machine.logicalCores = 0: impossible")]
    [InlineData("runtime", "machine.logicalCores", "100000", "machine.logicalCores = 100000: impossible")]
    [InlineData("runtime", "machine.logicalCores", "\"2\"", "machine.logicalCores = \"2\": must be a whole number")]
    [InlineData("runtime", "machine.logicalCores", "2.5", "machine.logicalCores = 2.5: not a whole number")]
    [InlineData("runtime", "machine.processor", "\"AMD\\u0007EPYC\"", "machine.processor = \"AMD\\u0007EPYC\": holds the control character U+0007")]
    [InlineData("runtime", "machine.processor", "@10KB", "machine.processor = \"AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA…\" (10,240 characters): longer than any a run writes")]
    [InlineData("runtime", "machine.processor", "\"Intel | Evil\"", "machine.processor = \"Intel | Evil\": holds '|'")]
    [InlineData("runtime", "machine.os", "\"Linux\\u202Ednuos\"", "machine.os = \"Linux\\u202Ednuos\": holds the control character U+202E")]
    [InlineData("runtime", "runtime.name", "\"\"", "runtime.name = \"\": empty")]
    [InlineData("runtime", "runtime.version", "\"3.11\\n7\"", "runtime.version = \"3.11\\u000A7\": holds the control character U+000A")]
    [InlineData("runtime", "complete", "\"yes\"", "complete = \"yes\": must be true or false")]
    [InlineData("runtime", "cases[0].repeated[0].threads", "0", "cases[0].repeated[0].threads = 0: impossible: a running process has at least 1 thread")]
    [InlineData("runtime", "cases[0].repeated[0].peakRssBytes", "1e30", "cases[0].repeated[0].peakRssBytes = 1e30: not a whole number: impossible")]
    [InlineData("runtime", "cases[0].repeated[0].ns", "1e300", "cases[0].repeated[0].ns = 1e300: impossible: a burst's time is above 0 and at most a year")]
    [InlineData("runtime", "cases[0].label", "{}", "cases[0].label = an object: must be text or null")]
    // BenchmarkDotNet's host, measurements and metrics.
    [InlineData("full", "HostEnvironmentInfo.ProcessorName", "\"Intel\\nXeon\"", "HostEnvironmentInfo.ProcessorName = \"Intel\\u000AXeon\": holds the control character U+000A")]
    [InlineData("full", "HostEnvironmentInfo.LogicalCoreCount", "-2", "HostEnvironmentInfo.LogicalCoreCount = -2: impossible")]
    [InlineData("full", "HostEnvironmentInfo.RuntimeVersion", "@10KB", "HostEnvironmentInfo.RuntimeVersion = \"AAAA")]
    [InlineData("full", "HostEnvironmentInfo", "[]", "HostEnvironmentInfo = a list: must be an object")]
    [InlineData("full", "Benchmarks[0].Measurements[0].Operations", "0", "Benchmarks[0].Measurements[0].Operations = 0: impossible: an iteration runs at least one operation")]
    [InlineData("full", "Benchmarks[0].Metrics[6].Value", "1e20", "Benchmarks[0].Metrics[6].Value = 1e20: impossible")]
    [InlineData("full", "Benchmarks[0].Metrics[7].Value", "1e10", "Benchmarks[0].Metrics[7].Value = 10000000000: impossible for metric PeakThreads")]
    [InlineData("full", "Benchmarks[0].Memory.BytesAllocatedPerOperation", "-5", "Benchmarks[0].Memory.BytesAllocatedPerOperation = -5: impossible")]
    // A timeline's settings and samples.
    [InlineData("timeline", "intervalMs", "0", "intervalMs = 0: impossible: the sampler samples more often than hourly, and does sample")]
    [InlineData("timeline", "samples[0].processThreads", "0", "samples[0].processThreads = 0: impossible")]
    [InlineData("timeline", "samples[0].elapsedMs", "1e300", "samples[0].elapsedMs = 1e300: impossible: a time within a run")]
    [InlineData("timeline", "timerTickMs", "5000", "timerTickMs = 5000: impossible: a timer clock ticks at least once a second")]
    [InlineData("timeline", "case", "\"x\\u0000y\"", "case = \"x\\u0000y\": holds the control character U+0000")]
    [InlineData("timeline", "samples[3].elapsedMs", "0.001", "samples[3].elapsedMs = 0.001: before the sample it follows")]
    // A chat load's settings.
    [InlineData("chat load", "clients", "2147483647", "clients = 2147483647: impossible")]
    [InlineData("chat load", "linesPerSecond", "0", "linesPerSecond = 0: impossible")]
    [InlineData("chat load", "windows[0].lengthMs", "-500", "windows[0].lengthMs = -500: impossible")]
    [InlineData("chat load", "windows[0].corrected", "\"HISTFAAA\"", "windows[0].corrected")]
    // The run's manifest.
    [InlineData("runinfo", "exitCode", "300", "exitCode = 300: impossible: a POSIX exit status is 0 to 255")]
    [InlineData("runinfo", "durationSeconds", "1e12", "durationSeconds = 1e12: impossible: a run lasts from 0 s to a year")]
    [InlineData("runinfo", "startedUtc", "\"yesterday\"", "startedUtc = \"yesterday\": not a time")]
    [InlineData("runinfo", "startedUtc", "\"2999-01-01T00:00:00Z\"", "startedUtc = \"2999-01-01T00:00:00Z\": impossible")]
    [InlineData("runinfo", "commit", "\"abc1234\\n\"", "commit = \"abc1234\\u000A\": holds the control character U+000A")]
    [InlineData("runinfo", "profile", "\"quick\\u001b[31m\"", "profile = \"quick\\u001B[31m\": holds the control character U+001B")]
    public void AnImpossibleValueAnywhereIsRefusedInOneLineNamingTheFileTheFieldAndTheValue(string kind, string field, string value, string expected)
    {
        string run = FixtureRun();
        string file = FileOf(run, kind);
        JsonNode root = JsonNode.Parse(File.ReadAllText(file))!;
        SetAt(root, field, value == "@10KB" ? JsonValue.Create(new string('A', 10_240)) : JsonNode.Parse(value));
        File.WriteAllText(file, root.ToJsonString());

        var (code, output, error) = Run("report", run, "--out", _files.PathOf("out"));

        string line = Crafted.AssertRefused(code, output, error, expected, _files.PathOf("out"));
        Assert.StartsWith($"error: {file}: ", line, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("\"logicalCores\":2,", "\"logicalCores\":2,\"logicalCores\":-2,", "machine.logicalCores is given twice")]
    [InlineData("\"AMD EPYC\"", "\"AMD \\ud800EPYC\"", "machine.processor = text that is not valid UTF-16: not text a run writes")]
    public void AFieldGivenTwiceOrTextThatIsNotTextIsRefused(string from, string to, string expected)
    {
        string run = FixtureRun();
        string file = FileOf(run, "runtime");
        string text = JsonNode.Parse(File.ReadAllText(file))!.ToJsonString()
            .Replace(from, to, StringComparison.Ordinal);
        Assert.Contains(to, text, StringComparison.Ordinal);
        File.WriteAllText(file, text);

        var (code, _, error) = Run("report", run, "--out", _files.PathOf("out"));

        Assert.Equal(CommandLine.BadInput, code);
        Assert.Contains(expected, Assert.Single(Lines(error)), StringComparison.Ordinal);
    }

    [Fact]
    public void MarkupInANameIsTextInTheHtmlReport()
    {
        string run = FixtureRun();
        string file = FileOf(run, "runtime");
        JsonNode root = JsonNode.Parse(File.ReadAllText(file))!;
        root["machine"]!["processor"] = "<img src=x onerror=alert(1)>";
        File.WriteAllText(file, root.ToJsonString());

        var (code, _, error) = Run("report", run, "--out", _files.PathOf("out"));

        Assert.True(code == CommandLine.Ok, error);
        string html = File.ReadAllText(_files.PathOf(Path.Combine("out", "report.html")));
        Assert.DoesNotContain("<img src=x", html, StringComparison.Ordinal);
        Assert.Contains("&lt;img src=x onerror=alert(1)&gt;", html, StringComparison.Ordinal);
    }

    private string TimelineWith(int samples)
    {
        string run = FixtureRun();
        string file = FileOf(run, "timeline");
        JsonNode root = JsonNode.Parse(File.ReadAllText(file))!;
        JsonArray all = root["samples"]!.AsArray();
        while (all.Count > samples)
        {
            all.RemoveAt(all.Count - 1);
        }
        File.WriteAllText(file, root.ToJsonString());
        return run;
    }

    [Theory]
    [InlineData(0, "no samples in this timeline")]
    [InlineData(1, "1 sample in this timeline: no course over time to draw")]
    public void ATimelineWithNoCourseSaysSoInItsPanelWithNoAxisAndTheReportNamesTheCase(int samples, string says)
    {
        string run = TimelineWith(samples);
        ResultSet results = ResultsReader.Read([run]);

        ChartFile chart = Assert.Single(TimelineCharts.Timelines(results, _files.PathOf("charts")));

        // Threads and the queue are two panels on one clock: each says what it lacks.
        Assert.Equal(2, chart.Panels.Count);
        Assert.All(chart.Panels, panel =>
        {
            Assert.Equal(says, panel.Empty);
            Assert.Empty(panel.Series);
        });
        // No legend for lines that are not there, and no axis: the -10 to 10 s ScottPlot makes up had tick labels.
        Assert.Equal(0, chart.LegendBox.Width);
        string svg = File.ReadAllText(chart.SvgPath);
        Assert.Contains(says.Split(':')[0], svg, StringComparison.Ordinal);
        Assert.DoesNotContain("time since the case's setup started sampling", svg, StringComparison.Ordinal);

        var (code, _, error) = Run("timeline", run, "--out", _files.PathOf("timeline-out"));
        Assert.True(code == CommandLine.Ok, error);
        Assert.Contains(Lines(error), l => l.StartsWith("warning: drawn without data: Timeline-", StringComparison.Ordinal)
            && l.Contains("default thread pool, N = 100, d = 20 ms", StringComparison.Ordinal) && l.EndsWith(says, StringComparison.Ordinal));

        var (reportCode, _, reportError) = Run("report", run, "--out", _files.PathOf("report"));
        Assert.True(reportCode == CommandLine.Ok, reportError);
        string report = File.ReadAllText(_files.PathOf(Path.Combine("report", "report.md")));
        // Both panels of the timeline chart (threads, queue) are named with the case and the reason; the bursts charts'
        // thread rows, drawn from the same timeline, are named too.
        string drawnEmpty = Assert.Single(report.Split('\n'), l => l.StartsWith("**Drawn without data (", StringComparison.Ordinal));
        Assert.Equal(2, drawnEmpty.Split("Offload-timeline.png").Length - 1);
        Assert.Contains("default thread pool", drawnEmpty, StringComparison.Ordinal);
        Assert.Contains(says.Replace("this timeline", "this case's timeline", StringComparison.Ordinal), drawnEmpty, StringComparison.Ordinal);
    }

    [Fact]
    public void ATimelineWithNoBurstsIsReadAndReported()
    {
        string run = FixtureRun();
        string file = FileOf(run, "timeline");
        JsonNode root = JsonNode.Parse(File.ReadAllText(file))!;
        root["bursts"] = new JsonArray();
        File.WriteAllText(file, root.ToJsonString());

        var (code, _, error) = Run("report", run, "--out", _files.PathOf("out"));

        Assert.True(code == CommandLine.Ok, error);
    }

    [Theory]
    [InlineData("the server refused every client", "**failed**: the server refused every client")]
    [InlineData(null, "**nothing measured**: no window ran")]
    public void AChatLoadWithNoWindowsIsReportedAsNothingMeasuredNeverAsHeld(string? failure, string note)
    {
        string run = FixtureRun();
        string file = FileOf(run, "chat load");
        JsonObject load = JsonNode.Parse(File.ReadAllText(file))!.AsObject();
        load["windows"] = new JsonArray();
        load["failure"] = failure;
        File.WriteAllText(file, load.ToJsonString());

        var (code, _, error) = Run("report", run, "--out", _files.PathOf("out"));

        Assert.True(code == CommandLine.Ok, error);
        string row = Assert.Single(File.ReadAllLines(_files.PathOf(Path.Combine("out", "report.md"))), l => l.Contains(load["target"]!.GetValue<string>(), StringComparison.Ordinal) && l.StartsWith('|'));
        Assert.EndsWith($"| {note} |", row, StringComparison.Ordinal);
        Assert.DoesNotContain("| held |", row, StringComparison.Ordinal);
    }

    [Fact]
    public void AChatWindowWithNoSlicesIsRead()
    {
        string run = FixtureRun();
        string file = FileOf(run, "chat load");
        JsonObject load = JsonNode.Parse(File.ReadAllText(file))!.AsObject();
        load["windows"]![0]!["buckets"] = new JsonArray();
        File.WriteAllText(file, load.ToJsonString());

        var (code, _, error) = Run("report", run, "--out", _files.PathOf("out"));

        Assert.True(code == CommandLine.Ok, error);
    }

    [Fact]
    public void ARunWithZeroBurstsIsRefusedAndACaseWithNoMeasurementsIsLeftOutWithALine()
    {
        // Another runtime's case that ran no burst: a run in which nothing ran is an error, never a chart.
        string run = FixtureRun();
        string python = FileOf(run, "runtime");
        JsonNode root = JsonNode.Parse(File.ReadAllText(python))!;
        root["cases"]![0]!["repeated"] = new JsonArray();
        File.WriteAllText(python, root.ToJsonString());
        var (code, _, error) = Run("report", run, "--out", _files.PathOf("out"));
        Assert.Equal(CommandLine.BadInput, code);
        Assert.Contains("cases[0].repeated = \"[]\": case ConcurrencyBench.Benchmarks.AsyncDelays.TaskDelayWhenAll(N: 100, DelayMs: 20): no repeated bursts", Assert.Single(Lines(error)), StringComparison.Ordinal);

        // A BenchmarkDotNet case with no measurement at all, beside one that has them: left out, said so.
        string other = FixtureRun("other");
        string full = FileOf(other, "full");
        JsonNode doc = JsonNode.Parse(File.ReadAllText(full))!;
        JsonNode empty = doc["Benchmarks"]![0]!.DeepClone();
        empty["FullName"] = "ConcurrencyBench.Benchmarks.DefaultPoolOffload.DefaultThreadPool(N: 10, DelayMs: 20)";
        empty["Parameters"] = "N=10&DelayMs=20";
        empty["Measurements"] = new JsonArray();
        doc["Benchmarks"]!.AsArray().Add(empty);
        File.WriteAllText(full, doc.ToJsonString());
        var (okCode, _, warnings) = Run("report", other, "--out", _files.PathOf("other-out"));
        Assert.True(okCode == CommandLine.Ok, warnings);
        Assert.Contains(Lines(warnings), l => l.Contains("DefaultThreadPool(N: 10, DelayMs: 20) left out: no final measurements (it has none)", StringComparison.Ordinal));

        // A file of no case at all: nothing to report.
        string none = FixtureRun("none");
        foreach (string json in Directory.GetFiles(Path.Combine(none, "results")))
        {
            JsonNode nothing = JsonNode.Parse(File.ReadAllText(json))!;
            nothing["Benchmarks"] = new JsonArray();
            File.WriteAllText(json, nothing.ToJsonString());
        }
        var (noneCode, _, noneError) = Run("report", none, "--out", _files.PathOf("none-out"));
        Assert.Equal(CommandLine.BadInput, noneCode);
        Assert.Contains("no case with measurements to report", Assert.Single(Lines(noneError)), StringComparison.Ordinal);
    }

    // Starts cbench, waits until it reads `fifo` (a writer can then open it without blocking: the reader is there), keeps
    // the writer open so the read blocks, and signals it; the wait for its end is bounded, never the test run.
    private static (int Code, string Stderr) SignalWhileBlocked(string fifo, int signal, params string[] args)
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add(Crafted.Cbench);
        foreach (string arg in args)
        {
            start.ArgumentList.Add(arg);
        }
        using Process process = Process.Start(start)!;
        Task<string> stderr = process.StandardError.ReadToEndAsync();
        _ = process.StandardOutput.ReadToEndAsync();
        int writer = -1;
        try
        {
            var waited = Stopwatch.StartNew();
            while (writer < 0 && waited.Elapsed < TimeSpan.FromMinutes(1) && !process.HasExited)
            {
                writer = Open(fifo, WriteOnlyNonBlocking);
                if (writer < 0)
                {
                    Thread.Sleep(50);
                }
            }
            Assert.True(writer >= 0, $"cbench {string.Join(' ', args)} never opened {fifo}");
            Thread.Sleep(300); // it is now blocked in its read: the writer sends nothing
            Assert.Equal(0, Kill(process.Id, signal));
            if (!process.WaitForExit(TimeSpan.FromSeconds(30)))
            {
                process.Kill(entireProcessTree: true);
                Assert.Fail($"cbench {string.Join(' ', args)} was still blocked 30 s after signal {signal}");
            }
            return (process.ExitCode, stderr.Result);
        }
        finally
        {
            if (writer >= 0)
            {
                _ = Close(writer);
            }
        }
    }

    public static TheoryData<string, int> BlockedCommands() => new()
    {
        { "report", 15 },
        { "report", 2 },
        { "compare", 15 },
        { "chat-merge", 2 },
    };

    [Theory]
    [MemberData(nameof(BlockedCommands))]
    public void ASignalEndsACommandBlockedInAReadOfAFifoAndLeavesNoPartialOutput(string command, int signal)
    {
        if (!OperatingSystem.IsLinux())
        {
            return; // signals and FIFOs as Linux has them
        }
        // A pipe named on the command line is read as it comes (as <(zcat ...) gives one): one with no writer blocks.
        string fifo = _files.PathOf("blocked-report-full.json");
        Fifo(fifo);
        string output = _files.PathOf(command == "chat-merge" ? "merged.json" : "out");
        string earlier = "";
        if (command == "report")
        {
            Assert.Equal(CommandLine.Ok, Run("report", TestFiles.FixtureRun, "--out", output).Code);
            earlier = File.ReadAllText(Path.Combine(output, "report.md"));
        }
        string[] args = command switch
        {
            "report" => ["report", fifo, "--out", output],
            "compare" => ["compare", fifo, TestFiles.FixtureRun, "--out", output],
            _ => ["chat-merge", fifo, "--out", output],
        };

        var (code, stderr) = SignalWhileBlocked(fifo, signal, args);

        Assert.Equal(128 + signal, code);
        Assert.StartsWith($"interrupted ({(signal == 15 ? "SIGTERM" : "SIGINT")})", Assert.Single(Lines(stderr)), StringComparison.Ordinal);
        if (command == "report")
        {
            Assert.Equal(earlier, File.ReadAllText(Path.Combine(output, "report.md")));
        }
        else
        {
            Assert.False(Path.Exists(output), "nothing is written");
        }
        Assert.DoesNotContain(Directory.GetFileSystemEntries(_files.Root), e => Path.GetFileName(e).Contains(".partial-", StringComparison.Ordinal));
    }

    [Fact]
    public async Task ASignalEndsAChatLoadWaitingOnAServerThatNeverAnswersAndWritesNoResult()
    {
        if (!OperatingSystem.IsLinux())
        {
            return;
        }
        // A "server" on loopback that accepts connections and never answers: the load waits for its joins.
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        int port = ((IPEndPoint)listener.LocalEndpoint).Port;
        string result = _files.PathOf("load.json");
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (string arg in new[] { Crafted.Cbench, "chat-load", "--port", port.ToString(CultureInfo.InvariantCulture), "--clients", "2", "--room-size", "2",
                     "--windows", "1", "--window-ms", "1000", "--timeout-seconds", "600", "--out", result })
        {
            start.ArgumentList.Add(arg);
        }
        using Process load = Process.Start(start)!;
        Task<string> stderr = load.StandardError.ReadToEndAsync();
        _ = load.StandardOutput.ReadToEndAsync();
        var accepted = new List<TcpClient>();
        try
        {
            using var limit = new CancellationTokenSource(TimeSpan.FromMinutes(1));
            while (accepted.Count < 2)
            {
                accepted.Add(await listener.AcceptTcpClientAsync(limit.Token));
            }
            await Task.Delay(300);
            Assert.Equal(0, Kill(load.Id, 15));
            if (!load.WaitForExit(TimeSpan.FromSeconds(30)))
            {
                load.Kill(entireProcessTree: true);
                Assert.Fail("chat-load was still waiting 30 s after SIGTERM");
            }
        }
        finally
        {
            foreach (TcpClient client in accepted)
            {
                client.Dispose();
            }
        }

        Assert.Equal(143, load.ExitCode);
        Assert.StartsWith("interrupted (SIGTERM)", await stderr, StringComparison.Ordinal);
        Assert.False(File.Exists(result));
        Assert.Empty(Directory.GetFiles(_files.Root, "load.json.partial-*"));
    }

    [Fact]
    public async Task ASignalStopsAChatServerWhichSaysWhatItServed()
    {
        if (!OperatingSystem.IsLinux())
        {
            return;
        }
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (string arg in new[] { Crafted.Cbench, "chat-server", "--model", "async", "--seconds", "600" })
        {
            start.ArgumentList.Add(arg);
        }
        using Process server = Process.Start(start)!;
        _ = server.StandardError.ReadToEndAsync();
        // Serving once it says where.
        string? first = await server.StandardOutput.ReadLineAsync().WaitAsync(TimeSpan.FromMinutes(1));
        Assert.StartsWith("chat-server: ", first, StringComparison.Ordinal);
        Task<string> rest = server.StandardOutput.ReadToEndAsync();

        Assert.Equal(0, Kill(server.Id, 15));
        bool ended = server.WaitForExit(TimeSpan.FromSeconds(30));
        if (!ended)
        {
            server.Kill(entireProcessTree: true);
        }

        Assert.True(ended, "chat-server was still serving 30 s after SIGTERM (asked to serve 600 s)");
        Assert.Equal(0, server.ExitCode);
        Assert.StartsWith("chat-server: stopped;", await rest, StringComparison.Ordinal);
    }
}
