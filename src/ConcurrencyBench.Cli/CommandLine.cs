using System.CommandLine;
using System.CommandLine.Parsing;
using System.Globalization;
using System.Runtime.InteropServices;
using ConcurrencyBench.Reporting;

namespace ConcurrencyBench.Cli;

/// <summary>
/// <c>cbench</c>: renders reports from saved BenchmarkDotNet results and compares two runs. Exit codes: 0 success
/// (compare: no regression), 1 compare found a slower case, 2 bad input (one line on stderr, nothing written), 130 and
/// 143 interrupted by SIGINT or SIGTERM (every command, within a second whatever it is doing: nothing written, an
/// earlier output left as it was).
/// </summary>
public static class CommandLine
{
    /// <summary>Exit code for success.</summary>
    public const int Ok = 0;

    /// <summary>Exit code when compare finds at least one slower case.</summary>
    public const int Regression = 1;

    /// <summary>Exit code for bad input: a missing or malformed file, an unknown option, an impossible value.</summary>
    public const int BadInput = 2;

    /// <summary>Exit code after SIGINT (128 + 2, as a shell reports it); SIGTERM gives 128 + 15.</summary>
    public const int Interrupted = 130;

    /// <summary>Parses and runs; never throws for bad input.</summary>
    public static int Run(string[] args, TextWriter output, TextWriter error)
    {
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(error);
        RootCommand root = Build(output, error);
        ParseResult parsed = root.Parse(args);
        // A command that takes several paths would read an unknown option as one more path ("--no-such-option: no such
        // file or folder"): a token that looks like an option and was not one is named as what it is.
        // ("--x" only, and never an option's own value: "--threshold -5%" is a bad value, said by the option.)
        var tokens = parsed.Tokens;
        if (tokens.Where((t, i) => t.Type == System.CommandLine.Parsing.TokenType.Argument && t.Value.StartsWith("--", StringComparison.Ordinal) && t.Value.Length > 2
                && (i == 0 || tokens[i - 1].Type != System.CommandLine.Parsing.TokenType.Option)).FirstOrDefault() is { } unknown)
        {
            error.WriteLine($"error: unknown option '{unknown.Value}' (see cbench {parsed.CommandResult.Command.Name} --help)");
            return BadInput;
        }
        if (parsed.Errors.Count > 0)
        {
            error.WriteLine($"error: {parsed.Errors[0].Message} (see cbench --help)");
            return BadInput;
        }
        try
        {
            return Interruptible(error, () => parsed.Invoke(new InvocationConfiguration { Output = output, Error = error, EnableDefaultExceptionHandler = false }));
        }
        catch (GateFailedException e)
        {
            error.WriteLine($"error: {e.Message}; no verdict");
            return BadInput;
        }
        catch (ResultsFormatException e)
        {
            error.WriteLine($"error: {e.Message}");
            return BadInput;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            error.WriteLine($"error: {e.Message}");
            return BadInput;
        }
    }

    /// <summary>
    /// Runs a command so that SIGINT and SIGTERM end it cleanly within a second, whatever it is doing: the signal is
    /// taken (the process is not killed mid-rename), the command stops at its next file or chart, its unfinished output
    /// is removed, and the exit code is 130 or 143 with one line on stderr. A command that has not stopped after
    /// <see cref="Interruption.Grace"/> (blocked in a read of a pipe, or in a system call) is ended then, its unfinished
    /// output removed first (<see cref="Interruption.RemoveUnfinished"/>).
    /// </summary>
    // libc's _exit: ends the process at once. Environment.Exit first runs the ProcessExit handlers, and once in a full
    // test run on a loaded 2-core machine a command blocked in a read of a FIFO was still there 30 s after SIGINT
    // (HostileInputTests, chat-merge); everything that must happen before the end (unfinished output removed, the
    // line on stderr flushed) has happened when this is called.
    [DllImport("libc", EntryPoint = "_exit")]
    private static extern void LibcExit(int status);

    private static void ExitNow(int status)
    {
        try
        {
            LibcExit(status);
        }
        catch (Exception e) when (e is DllNotFoundException or EntryPointNotFoundException)
        {
            Environment.Exit(status); // not a glibc system: the runtime's own exit
        }
    }

    private static int Interruptible(TextWriter error, Func<int> command)
    {
        using var interrupt = new CancellationTokenSource();
        int signal = 0, finished = 0;
        void Take(PosixSignalContext context)
        {
            context.Cancel = true;
            if (Interlocked.CompareExchange(ref signal, context.Signal == PosixSignal.SIGTERM ? 15 : 2, 0) != 0)
            {
                return;
            }
            interrupt.Cancel();
            var end = new Thread(() =>
            {
                Thread.Sleep(Interruption.Grace);
                if (Volatile.Read(ref finished) == 1)
                {
                    return; // it stopped by itself
                }
                Interruption.RemoveUnfinished();
                error.WriteLine($"interrupted ({(signal == 15 ? "SIGTERM" : "SIGINT")}): ended; nothing unfinished left; any earlier output is as it was");
                error.Flush();
                ExitNow(128 + signal);
            })
            { IsBackground = true, Name = "interrupt" };
            end.Start();
        }
        using PosixSignalRegistration sigint = PosixSignalRegistration.Create(PosixSignal.SIGINT, Take);
        using PosixSignalRegistration sigterm = PosixSignalRegistration.Create(PosixSignal.SIGTERM, Take);
        Interruption.Token = interrupt.Token;
        try
        {
            return command();
        }
        catch (OperationCanceledException e) when (interrupt.IsCancellationRequested)
        {
            // A command that keeps what finished (cbench runtimes) says what it kept; the others wrote nothing.
            error.WriteLine(e is ConcurrencyBench.Reporting.Runtimes.RunInterruptedException
                ? $"{e.Message} ({(signal == 15 ? "SIGTERM" : "SIGINT")})"
                : $"interrupted ({(signal == 15 ? "SIGTERM" : "SIGINT")}): nothing written; any earlier output is left as it was");
            return 128 + (signal == 0 ? 2 : signal);
        }
        finally
        {
            Volatile.Write(ref finished, 1);
            Interruption.Token = CancellationToken.None;
        }
    }

    // What the reader read and left out (failed cases, folders outside the results layout), one warning line each.
    private static void Warn(TextWriter error, ResultSet results)
    {
        foreach (string skipped in results.Skipped)
        {
            error.WriteLine($"warning: {skipped}");
        }
    }

    private static RootCommand Build(TextWriter output, TextWriter error)
    {
        var root = new RootCommand("ConcurrencyBench: charts, reports and comparisons from BenchmarkDotNet full JSON results; the chat server and its load generator by hand.");
        root.Subcommands.Add(ReportCommand(output, error));
        root.Subcommands.Add(CompareCommand(output, error));
        root.Subcommands.Add(GateCommand.Build(output, error));
        root.Subcommands.Add(GateCommand.BuildSpreads(output));
        root.Subcommands.Add(RuntimesCommand.Build(output, error));
        root.Subcommands.Add(RuntimesCommand.BuildSizes(output, error));
        root.Subcommands.Add(ReadmeCommand(output, error));
        root.Subcommands.Add(TimelineCommand(output, error));
        root.Subcommands.Add(ReplicateCommand(output, error));
        root.Subcommands.Add(CalibrateCommand(output));
        root.Subcommands.Add(ChatCommands.Server(output, error));
        root.Subcommands.Add(ChatCommands.Load(output, error));
        root.Subcommands.Add(ChatCommands.Merge(output));
        return root;
    }

    private static Command ReportCommand(TextWriter output, TextWriter error)
    {
        var inputs = new Argument<string[]>("results")
        {
            Description = "Results folders (searched for *-report-full.json, timelines/ and run-info.json) or full JSON files; several merge into one report, side by side when they come from different hosts.",
            Arity = ArgumentArity.OneOrMore,
        };
        var outOption = OutOption("Folder for report.md, report.html (one self-contained page), statistics.csv, runtimes.csv, cases.md and the charts (PNG and SVG), replaced whole. Default: <first results folder>/report. The raw results are only read.");
        var replicates = new Option<string[]>("--replicates")
        {
            Description = "Other runs of the same profile (results folders with their run-info.json): every answer then says whether its figures held in each, and the report carries the Replication section and replication.csv. A run of another profile is refused.",
            AllowMultipleArgumentsPerToken = true,
        };
        var command = new Command("report", "Render charts and the report (Markdown and one self-contained HTML page) from saved results, without running anything.") { inputs, outOption, replicates };
        command.SetAction(parse =>
        {
            string[] paths = parse.GetValue(inputs) ?? [];
            if (paths.Length == 1 && SizeSweepResults.IsSweep(paths[0]))
            {
                // A machine-size sweep (cbench sizes, scripts/run.sh --profile sizes): its own report.
                SizeSweepResults sweep = SizeSweepResults.Read(paths[0]);
                string into = parse.GetValue(outOption) ?? DefaultReportFolder(paths[0]);
                string rendered = OutputFolder.Replace(into, partial => SizesReport.Write(sweep, partial));
                output.WriteLine($"report: {Path.Combine(rendered, "report.md")}");
                output.WriteLine($"chart: {Path.Combine(rendered, SizesReport.AnswerChartName)}.png (+ .svg)");
                return Ok;
            }
            ResultSet results = ResultsReader.Read(paths);
            string folder = parse.GetValue(outOption) ?? DefaultReportFolder(paths[0]);
            string[] others = parse.GetValue(replicates) ?? [];
            Replication? replication = null;
            if (others.Length > 0)
            {
                // Checked before anything is written: runs of another profile, a run given twice, or no case in
                // common are refused in one line and leave an existing report as it was.
                replication = Replication.Of([results, .. others.Select(o => ResultsReader.Read([o]))], [string.Join(", ", paths), .. others]);
            }
            Interruption.ThrowIfRequested();
            ReportOutput written = ReportWriter.Write(results, folder, paths, replication);
            output.WriteLine($"report: {written.ReportPath}");
            output.WriteLine($"html: {written.HtmlPath}");
            output.WriteLine($"statistics: {written.StatisticsPath}");
            foreach (ChartFile chart in written.Charts)
            {
                output.WriteLine($"chart: {chart.PngPath} (+ .svg)");
            }
            Warn(error, results);
            return Ok;
        });
        return command;
    }

    // The README's generated figures (Readme): rewritten from the committed runs, or checked against them.
    private static Command ReadmeCommand(TextWriter output, TextWriter error)
    {
        var check = new Option<bool>("--check") { Description = "Only check that README.md's generated blocks match the committed runs; exit 1 when they do not." };
        var repository = new Option<string>("--repository") { Description = "The repository's root (default: the current folder).", DefaultValueFactory = _ => "." };
        var command = new Command("readme", "Rewrite the figures README.md quotes (between <!-- generated: ... --> and <!-- /generated -->) from the committed runs.") { check, repository };
        command.SetAction(parse =>
        {
            string root = parse.GetValue(repository)!;
            string path = Path.Combine(root, "README.md");
            if (!File.Exists(path))
            {
                throw ResultsFormatException.For(path, "no such file");
            }
            string before = ResultFiles.ReadText(path);
            string after = Readme.Update(before, root);
            if (parse.GetValue(check))
            {
                if (before != after)
                {
                    error.WriteLine("README.md's generated figures differ from the committed runs: run `cbench readme` and commit the result");
                    return 1;
                }
                output.WriteLine("README.md's generated figures match the committed runs");
                return Ok;
            }
            OutputFolder.WriteFile(path, after, overwrite: true);
            output.WriteLine(before == after ? "README.md was up to date" : "README.md rewritten");
            return Ok;
        });
        return command;
    }

    private static Command CompareCommand(TextWriter output, TextWriter error)
    {
        var baseline = new Argument<string>("baseline") { Description = "The baseline results (folder or full JSON file)." };
        var current = new Argument<string>("current") { Description = "The current results (folder or full JSON file)." };
        var threshold = new Option<string>("--threshold")
        {
            Description = "Relative threshold of the equivalence test: a smaller change is Same.",
            DefaultValueFactory = _ => ComparisonOptions.Default.Threshold,
        };
        threshold.Validators.Add(result =>
        {
            string? value = result.GetValueOrDefault<string>();
            // A threshold of 0 or less, NaN, infinity or 1,000% and more would disable the test: refused.
            if (value is null || !value.EndsWith('%') || !double.TryParse(value[..^1], NumberStyles.Float, CultureInfo.InvariantCulture, out double percent)
                || !double.IsFinite(percent) || percent <= 0 || percent >= 1000)
            {
                result.AddError($"--threshold must be a percentage above 0% and below 1000% such as 10%, not '{value}'");
            }
        });
        var noise = new Option<double>("--noise")
        {
            Description = "Absolute noise floor: a difference of medians below it is Same (e.g. 1ms, 500us, 0).",
            DefaultValueFactory = _ => ComparisonOptions.Default.NoiseNs,
            CustomParser = ParseNoise,
        };
        var allowHosts = new Option<bool>("--allow-different-hosts")
        {
            Description = "Compare runs from different machines or runtimes (refused otherwise); the table says so.",
        };
        var outOption = OutOption("Folder for comparison.md, the ratio chart (Compare-ratio.png/.svg) and github-action-benchmark's customSmallerIsBetter JSON (benchmark-results.json).");
        var allowMissing = new Option<bool>("--allow-missing")
        {
            Description = "Pass even when baseline cases are missing from the current run (listed either way); refused otherwise, so that a renamed or deleted benchmark cannot slip through.",
        };
        var command = new Command("compare", "Compare two runs case by case; exit 1 when any case is slower, 2 on bad input.")
        {
            baseline, current, threshold, noise, allowHosts, allowMissing, outOption,
        };
        command.SetAction(parse =>
        {
            ResultSet before = ResultsReader.Read([parse.GetValue(baseline)!]);
            ResultSet after = ResultsReader.Read([parse.GetValue(current)!]);
            var options = new ComparisonOptions(parse.GetValue(threshold)!, parse.GetValue(noise), parse.GetValue(allowHosts));
            ComparisonReport report = Comparer.Compare(before, after, options);
            // Fail closed: a gate that compared nothing has not judged the run, and writes nothing (github-action-benchmark
            // refuses an empty file).
            if (report.Cases.Count == 0)
            {
                error.WriteLine($"error: no case compared: the baseline's {before.Cases.Count} and the current run's {after.Cases.Count} results share no case");
                return BadInput;
            }
            if (report.Cases.All(c => c.Samples == SampleKind.None))
            {
                error.WriteLine($"error: none of the {report.Cases.Count} shared cases could be compared: {report.Cases[0].Note} ({Format.CaseName(report.Cases[0].Name)}{(report.Cases.Count > 1 ? " and the others alike" : "")})");
                return BadInput;
            }
            Interruption.ThrowIfRequested();
            string markdown = Comparer.ToMarkdown(report);
            if (parse.GetValue(outOption) is string folder)
            {
                string final = OutputFolder.Replace(folder, into =>
                {
                    File.WriteAllText(Path.Combine(into, "comparison.md"), markdown);
                    File.WriteAllText(Path.Combine(into, "benchmark-results.json"), Comparer.ToGitHubActionBenchmarkJson(report));
                    ComparisonChart.Ratios(ChartContext.Of([before, after]), report, options.ThresholdFraction, into);
                });
                output.Write(markdown);
                output.WriteLine($"comparison: {Path.Combine(final, "comparison.md")}");
            }
            else
            {
                output.Write(markdown);
            }
            output.WriteLine($"gate: {report.Summary}");
            if (report.OnlyInBaseline.Count > 0 && !parse.GetValue(allowMissing))
            {
                error.WriteLine($"error: {report.OnlyInBaseline.Count} baseline case(s) missing from the current run: {string.Join(", ", report.OnlyInBaseline.Select(Format.CaseName))}; pass --allow-missing to accept");
                return BadInput;
            }
            Warn(error, before);
            Warn(error, after);
            if (report.HasRegression)
            {
                error.WriteLine($"regression: {string.Join(", ", report.Cases.Where(c => c.Verdict == Verdict.Slower).Select(c => c.Name))}");
                return Regression;
            }
            return Ok;
        });
        return command;
    }

    // Runs of one profile side by side: how far each median moves between runs against the interval each run printed.
    private static Command ReplicateCommand(TextWriter output, TextWriter error)
    {
        var inputs = new Argument<string[]>("runs")
        {
            Description = "Two or more results folders of one profile (each with its run-info.json), as scripts/run.sh leaves them.",
            Arity = ArgumentArity.OneOrMore,
        };
        var outOption = OutOption("Folder for replication.md (the report section) and replication.csv (every case), replaced whole. Without it the section is printed.");
        var command = new Command("replicate", "Set runs of one profile side by side: per case the run-to-run spread of its median against each run's own interval, per family the share that agree, the machines side by side.") { inputs, outOption };
        command.SetAction(parse =>
        {
            string[] paths = parse.GetValue(inputs) ?? [];
            if (paths.Length < 2)
            {
                throw new ResultsFormatException($"replicate needs two runs or more of one profile, and was given {paths.Length}");
            }
            ResultSet[] runs = [.. paths.Select(p => ResultsReader.Read([p]))];
            Interruption.ThrowIfRequested();
            Replication replication = Replication.Of(runs, paths);
            string markdown = replication.ToMarkdown();
            if (parse.GetValue(outOption) is string folder)
            {
                string final = OutputFolder.Replace(folder, into =>
                {
                    File.WriteAllText(Path.Combine(into, "replication.md"), markdown);
                    File.WriteAllText(Path.Combine(into, "replication.csv"), replication.ToCsv());
                });
                output.WriteLine($"replication: {Path.Combine(final, "replication.md")}");
                output.WriteLine($"csv: {Path.Combine(final, "replication.csv")}");
            }
            else
            {
                output.Write(markdown);
            }
            foreach (ResultSet run in runs)
            {
                Warn(error, run);
            }
            return Ok;
        });
        return command;
    }

    // A fixed CPU loop timed Calibration.Rounds times: its median in whole nanoseconds, alone on stdout for scripts/run.sh.
    private static Command CalibrateCommand(TextWriter output)
    {
        var command = new Command("calibrate", $"Time a fixed integer hash loop ({Calibration.Iterations:#,0} iterations) {Calibration.Rounds} times and print the median in nanoseconds: what a core gave at this moment (scripts/run.sh records it at a run's start and end).");
        command.SetAction(_ =>
        {
            output.WriteLine(Math.Round(Calibration.MedianNanoseconds()).ToString("0", CultureInfo.InvariantCulture));
            return Ok;
        });
        return command;
    }

    private static Command TimelineCommand(TextWriter output, TextWriter error)
    {
        var inputs = new Argument<string[]>("results")
        {
            Description = "Results folders holding timelines/ (as scripts/run.sh and scripts/profile.sh leave them).",
            Arity = ArgumentArity.OneOrMore,
        };
        var outOption = OutOption("Folder for the charts, replaced whole. Default: <first results folder>/timeline-charts.");
        var command = new Command("timeline", "Draw the thread-pool timeline (threads and queued work items over time) of every case that has one.") { inputs, outOption };
        command.SetAction(parse =>
        {
            string[] paths = parse.GetValue(inputs) ?? [];
            ResultSet results = ResultsReader.Read(paths);
            if (results.Timelines.Count == 0)
            {
                throw new ResultsFormatException($"{string.Join(", ", paths)}: no timelines/ with thread-pool timelines");
            }
            string folder = parse.GetValue(outOption) ?? DefaultFolder(paths[0], "timeline-charts");
            Interruption.ThrowIfRequested();
            IReadOnlyList<ChartFile> charts = [];
            string partial = "";
            string final = OutputFolder.Replace(folder, into =>
            {
                partial = into;
                charts = TimelineCharts.Timelines(results, into);
            });
            foreach (ChartFile chart in charts)
            {
                output.WriteLine($"chart: {OutputFolder.Reroot(chart.PngPath, partial, final)} (+ .svg)");
            }
            foreach (string empty in ReportWriter.DrawnEmpty(charts))
            {
                error.WriteLine($"warning: drawn without data: {empty}");
            }
            Warn(error, results);
            return Ok;
        });
        return command;
    }

    /// <summary>An --out option that refuses an empty or blank folder name (Directory.CreateDirectory would throw).</summary>
    private static Option<string?> OutOption(string description)
    {
        var option = new Option<string?>("--out", "-o") { Description = description };
        option.Validators.Add(result =>
        {
            if (result.GetValueOrDefault<string?>() is string value && string.IsNullOrWhiteSpace(value))
            {
                result.AddError("--out needs a folder name, not an empty one");
            }
        });
        return option;
    }

    private static string DefaultReportFolder(string firstInput) => DefaultFolder(firstInput, "report");

    private static string DefaultFolder(string firstInput, string name) =>
        Path.Combine(Directory.Exists(firstInput) ? firstInput : Path.GetDirectoryName(Path.GetFullPath(firstInput)) ?? ".", name);

    /// <summary>Parses a noise floor such as 1ms, 500us, 2s, 100ns or 0 into nanoseconds.</summary>
    private static double ParseNoise(ArgumentResult result)
    {
        string text = result.Tokens.Count > 0 ? result.Tokens[0].Value.Trim() : "";
        (string number, double scale) = text switch
        {
            _ when text.EndsWith("ms", StringComparison.OrdinalIgnoreCase) => (text[..^2], 1e6),
            _ when text.EndsWith("us", StringComparison.OrdinalIgnoreCase) || text.EndsWith("µs", StringComparison.Ordinal) => (text[..^2], 1e3),
            _ when text.EndsWith("ns", StringComparison.OrdinalIgnoreCase) => (text[..^2], 1),
            _ when text.EndsWith('s') => (text[..^1], 1e9),
            _ => (text, 1e6),
        };
        // A floor that is not a finite time, or longer than a minute, would call every case Same: refused.
        if (!double.TryParse(number, NumberStyles.Float, CultureInfo.InvariantCulture, out double value) || !double.IsFinite(value) || value < 0 || value * scale > 60e9)
        {
            result.AddError($"--noise must be a time from 0 to 60s such as 1ms, 500us or 0, not '{text}'");
            return 0;
        }
        return value * scale;
    }
}
