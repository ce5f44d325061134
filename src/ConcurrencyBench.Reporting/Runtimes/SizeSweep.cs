using System.Diagnostics;
using System.Globalization;
using System.Text.Json;

namespace ConcurrencyBench.Reporting.Runtimes;

/// <summary>What <c>cbench sizes</c> was asked to run.</summary>
/// <param name="GridPath">The sweep's grid (<c>ConcurrencyBench.Benchmarks --profile sizes --describe</c>).</param>
/// <param name="Runtimes">The runtimes (ids of <see cref="RuntimeTable"/>), in the order each size runs them.</param>
/// <param name="OutFolder">The folder for <c>sizes.json</c> and a folder per size with its <c>&lt;runtime&gt;.json</c> and <c>size.json</c>.</param>
/// <param name="Sizes">The sizes, in order.</param>
/// <param name="Filter">The cases the run selects (BenchmarkDotNet's filters, as <c>cbench runtimes</c> takes them).</param>
/// <param name="RepositoryRoot">The repository whose scripts/build-runner.sh builds the runners.</param>
/// <param name="Runners">Runners given by path (runtime id → program), not built.</param>
/// <param name="Machine">What the machine can set.</param>
/// <param name="ChatCommand">
/// How to start cbench for the grid's chat point (<see cref="SizeChat"/>): the program and the words before its command;
/// null: the chat point is not served.
/// </param>
public sealed record SizeSweepOptions(
    string GridPath,
    IReadOnlyList<string> Runtimes,
    string OutFolder,
    IReadOnlyList<MachineSize> Sizes,
    CaseFilter Filter,
    string RepositoryRoot,
    IReadOnlyDictionary<string, string> Runners,
    SizeMachine Machine,
    IReadOnlyList<string>? ChatCommand = null);

/// <summary>
/// <c>cbench sizes</c>: the machine-size sweep. For each size (<see cref="MachineSize"/>) it sets the size up (a pinned
/// core set, a CPU quota's cgroup, a configured processor count: <see cref="SizeSetup"/>), runs every runtime's cases
/// through the orchestrator under it (each runner's <c>--describe</c> and cases started inside the size), records what
/// each runtime saw, and undoes the size (the cgroup removed, after an interrupt too). A size the machine cannot set is
/// one line and the others run. Writes <c>sizes.json</c> (<see cref="Format"/>) after every size.
/// </summary>
public sealed class SizeSweep
{
    /// <summary>The sweep's file format.</summary>
    public const string Format = "concurrencybench-sizes/1";

    /// <summary>The sweep's index file in its folder.</summary>
    public const string IndexFile = "sizes.json";

    /// <summary>A size's own file in its folder: the size, its launch, what each runtime saw.</summary>
    public const string SizeFile = "size.json";

    private readonly SizeSweepOptions _options;
    private readonly TextWriter _output;
    private readonly TextWriter _error;

    /// <summary>A sweep.</summary>
    public SizeSweep(SizeSweepOptions options, TextWriter output, TextWriter error)
    {
        _options = options ?? throw new ArgumentNullException(nameof(options));
        _output = output ?? throw new ArgumentNullException(nameof(output));
        _error = error ?? throw new ArgumentNullException(nameof(error));
    }

    /// <summary>Runs every size; returns <see cref="Orchestrator.Ok"/>, <see cref="Orchestrator.Failed"/> (a size or case failed, the others kept) or <see cref="Orchestrator.NothingRan"/>.</summary>
    /// <exception cref="ResultsFormatException">Bad input, before anything ran (the folder holds a sweep already, a size is asked twice).</exception>
    /// <exception cref="RunInterruptedException">An interrupt: the size that was running is undone, every size that finished is kept.</exception>
    public int Run()
    {
        if (_options.Sizes.Count == 0)
        {
            throw new ResultsFormatException("--sizes needs at least one size");
        }
        if (_options.Sizes.GroupBy(s => s.Id).FirstOrDefault(g => g.Count() > 1) is { } twice)
        {
            throw new ResultsFormatException($"--sizes names '{twice.Key}' twice");
        }
        string index = Path.Combine(_options.OutFolder, IndexFile);
        if (File.Exists(index) || _options.Sizes.Any(s => Directory.Exists(Path.Combine(_options.OutFolder, s.Id))))
        {
            throw ResultsFormatException.For(_options.OutFolder, "already holds a size sweep; choose another --out (results are never overwritten)");
        }
        ProfileGrid grid = ProfileGrid.Read(_options.GridPath);
        GridChat? chat = ChatSelected(grid);
        Directory.CreateDirectory(_options.OutFolder);
        foreach (string leftover in SizeSetup.RemoveLeftovers(_options.Machine.CgroupRoot))
        {
            _output.WriteLine($"sizes: removed {leftover}, a cgroup an earlier sweep left with no process in it");
        }
        var rows = _options.Runtimes.Select(id => RuntimeTable.Find(id) ?? throw new ResultsFormatException($"unknown runtime '{id}' in --runtimes (expected {RuntimeTable.Ids}, comma-separated)")).ToList();
        var outcomes = new List<SizeOutcome>();
        var runners = new Dictionary<string, string>(_options.Runners, StringComparer.Ordinal);
        bool failed = false;
        foreach (MachineSize size in _options.Sizes)
        {
            string label = size.Label(_options.Machine.RealCores);
            if (_options.Machine.CannotSet(size) is string why)
            {
                _output.WriteLine($"sizes: {label}: cannot be set here: {why}; the other sizes run");
                outcomes.Add(new(size, "not set", why, []));
                WriteIndex(index, outcomes, complete: false);
                continue;
            }
            var clock = Stopwatch.StartNew();
            _output.WriteLine($"sizes: {label} ({size.Id})");
            int status;
            IReadOnlyList<SizeSeen> seen;
            using (SizeSetup setup = SizeSetup.Create(size, _options.Machine, rows))
            {
                string folder = Path.Combine(_options.OutFolder, size.Id);
                var orchestrator = new Orchestrator(
                    new OrchestratorOptions(_options.GridPath, _options.Runtimes, folder, _options.Filter, null, _options.RepositoryRoot, runners, setup.Launch),
                    _output, _error);
                try
                {
                    status = orchestrator.Run();
                    if (chat is not null)
                    {
                        // As many fresh processes as a runner case has: its repeated process and its cold launches.
                        int processes = grid.ColdLaunches + 1;
                        IReadOnlyList<string> chatFailures = SizeChat.Run(chat, setup, _options.Machine, _options.ChatCommand!, folder, processes, _output);
                        if (chatFailures.Count > 0)
                        {
                            status = status == Orchestrator.NothingRan && chatFailures.Count == chat.Models.Count * processes ? Orchestrator.NothingRan : Orchestrator.Failed;
                        }
                        else if (status == Orchestrator.NothingRan)
                        {
                            status = Orchestrator.Ok;
                        }
                    }
                }
                catch (RunInterruptedException e)
                {
                    seen = [.. orchestrator.Descriptions.Select(d => SizeSeen.Of(d.Key, d.Value))];
                    WriteSize(folder, size, setup, seen, complete: false);
                    outcomes.Add(new(size, "interrupted", e.Message, seen));
                    WriteIndex(index, outcomes, complete: false);
                    throw new RunInterruptedException($"interrupted at {label}: {_options.OutFolder} keeps the sizes that finished; the size's cgroup, if any, is removed", e);
                }
                // Built once: the next sizes start the same programs.
                foreach ((string id, string program) in orchestrator.Runners)
                {
                    runners[id] = program;
                }
                seen = [.. orchestrator.Descriptions.Select(d => SizeSeen.Of(d.Key, d.Value))];
                WriteSize(folder, size, setup, seen, complete: true);
            }
            failed |= status != Orchestrator.Ok;
            outcomes.Add(new(size, status == Orchestrator.Ok ? "ran" : status == Orchestrator.NothingRan ? "nothing ran" : "failed", null, seen));
            WriteIndex(index, outcomes, complete: false);
            _output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"sizes: {label}: exit {status}, {clock.Elapsed.TotalSeconds:0} s; saw {string.Join(", ", seen.Select(s => $"{s.Runtime} {s.Processors?.ToString(CultureInfo.InvariantCulture) ?? "?"} processors, pool {(s.DefaultPoolMinimum is int m ? $"{m}–" : "")}{s.DefaultPoolThreads}"))}"));
        }
        WriteIndex(index, outcomes, complete: true);
        if (!outcomes.Any(o => o.Status is "ran" or "failed"))
        {
            _error.WriteLine("error: no size ran");
            return Orchestrator.NothingRan;
        }
        return failed ? Orchestrator.Failed : Orchestrator.Ok;
    }

    /// <summary>
    /// The grid's chat point with the models the run's filter selects (their .NET twins, ChatServerLoad's methods at C
    /// and Rate); null when there is none, no model is selected, .NET is not among the runtimes, or no command starts
    /// cbench.
    /// </summary>
    private GridChat? ChatSelected(ProfileGrid grid)
    {
        if (grid.Chat is not { } chat || _options.ChatCommand is not { Count: > 0 } || !_options.Runtimes.Contains("dotnet", StringComparer.Ordinal))
        {
            return null;
        }
        string[] models = [.. chat.Models.Where(m => _options.Filter.Selects(ChatTwin(chat, m)))];
        return models.Length == 0 ? null : chat with { Models = models };
    }

    /// <summary>The BenchmarkDotNet twin of a chat model's case at the sweep's point, for the filter: ChatServerLoad.AsyncSockets(C: 1000, Rate: 5).</summary>
    public static RunnerCase ChatTwin(GridChat chat, string model)
    {
        ArgumentNullException.ThrowIfNull(chat);
        string method = model switch
        {
            "async" => "AsyncSockets",
            "threads" => "ThreadPerConnection",
            "event-loop" => "EventLoop",
            _ => throw new ArgumentException($"unknown chat server model '{model}'", nameof(model)),
        };
        return new("ChatServerLoad", method, [new("C", chat.Clients), new("Rate", chat.Rate)], "chat", chat.Clients, 0, chat.WindowMs, false);
    }

    private sealed record SizeOutcome(MachineSize Size, string Status, string? Reason, IReadOnlyList<SizeSeen> Seen);

    private void WriteSize(string folder, MachineSize size, SizeSetup setup, IReadOnlyList<SizeSeen> seen, bool complete)
    {
        Directory.CreateDirectory(folder);
        using var stream = new MemoryStream();
        using (var json = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true }))
        {
            json.WriteStartObject();
            json.WriteString("format", Format);
            WriteSizeFields(json, size);
            json.WriteStartObject("launch");
            json.WriteStartArray("prefix");
            foreach (string word in setup.Launch.Prefix)
            {
                json.WriteStringValue(word);
            }
            json.WriteEndArray();
            json.WriteStartObject("environment");
            foreach ((string name, string value) in setup.Launch.Environment.OrderBy(v => v.Key, StringComparer.Ordinal))
            {
                json.WriteString(name, value);
            }
            json.WriteEndObject();
            json.WriteEndObject();
            WriteSeen(json, seen);
            json.WriteBoolean("complete", complete);
            json.WriteEndObject();
        }
        File.WriteAllBytes(Path.Combine(folder, SizeFile), stream.ToArray());
    }

    private void WriteSizeFields(Utf8JsonWriter json, MachineSize size)
    {
        json.WriteString("size", size.Id);
        json.WriteString("kind", size.Kind switch { SizeKind.RealCores => "real cores", SizeKind.Quota => "quota", _ => "configured" });
        json.WriteNumber("cpus", size.Cpus);
        json.WriteString("label", size.Label(_options.Machine.RealCores));
        json.WriteNumber("realCores", _options.Machine.RealCores);
    }

    private static void WriteSeen(Utf8JsonWriter json, IReadOnlyList<SizeSeen> seen)
    {
        json.WriteStartObject("seen");
        foreach (SizeSeen s in seen)
        {
            json.WriteStartObject(s.Runtime);
            if (s.Processors is int p)
            {
                json.WriteNumber("processors", p);
            }
            json.WriteNumber("defaultPoolThreads", s.DefaultPoolThreads);
            if (s.DefaultPoolMinimum is int m)
            {
                json.WriteNumber("defaultPoolMinimum", m);
            }
            json.WriteString("detail", s.Detail);
            json.WriteEndObject();
        }
        json.WriteEndObject();
    }

    private void WriteIndex(string path, IReadOnlyList<SizeOutcome> outcomes, bool complete)
    {
        using var stream = new MemoryStream();
        using (var json = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true }))
        {
            json.WriteStartObject();
            json.WriteString("format", Format);
            json.WriteNumber("realCores", _options.Machine.RealCores);
            json.WriteStartArray("runtimes");
            foreach (string id in _options.Runtimes)
            {
                json.WriteStringValue(id);
            }
            json.WriteEndArray();
            json.WriteStartArray("sizes");
            foreach (SizeOutcome o in outcomes)
            {
                json.WriteStartObject();
                WriteSizeFields(json, o.Size);
                json.WriteString("status", o.Status);
                if (o.Reason is not null)
                {
                    json.WriteString("reason", o.Reason);
                }
                json.WriteEndObject();
            }
            json.WriteEndArray();
            json.WriteBoolean("complete", complete);
            json.WriteEndObject();
        }
        string temporary = path + ".partial";
        File.WriteAllBytes(temporary, stream.ToArray());
        File.Move(temporary, path, overwrite: true);
    }
}
