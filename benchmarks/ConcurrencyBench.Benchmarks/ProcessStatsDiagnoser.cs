using System.Collections.Concurrent;
using BenchmarkDotNet.Analysers;
using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Diagnosers;
using BenchmarkDotNet.Engines;
using BenchmarkDotNet.Exporters;
using BenchmarkDotNet.Loggers;
using BenchmarkDotNet.Reports;
using BenchmarkDotNet.Running;
using BenchmarkDotNet.Validators;
using ConcurrencyBench.Models;

namespace ConcurrencyBench.Benchmarks;

/// <summary>
/// Adds each case's peak working set and peak thread counts to the results (published memory comparisons of
/// concurrency models use peak process memory), and files the case's thread-pool timeline under the artifacts
/// folder as <c>timelines/{FullName}.json</c>. The numbers are sampled inside the benchmark process by
/// <see cref="Harness"/>; this host-side half only knows which process ran which case.
/// </summary>
public sealed class ProcessStatsDiagnoser : IDiagnoser
{
    /// <summary>Metric IDs in the full JSON's <c>Metrics[].Descriptor.Id</c>.</summary>
    public const string PeakWorkingSetId = "PeakWorkingSet";

    /// <inheritdoc cref="PeakWorkingSetId"/>
    public const string PeakThreadsId = "PeakThreads";

    /// <inheritdoc cref="PeakWorkingSetId"/>
    public const string PeakPoolThreadsId = "PeakPoolThreads";

    private readonly string _inbox;
    // The timelines read so far per case, in launch order.
    private readonly ConcurrentDictionary<BenchmarkCase, List<ThreadPoolTimeline>> _timelines = new();

    /// <param name="inbox">The folder the benchmark processes write PID.json into (see <see cref="Harness.TimelineDirectoryVariable"/>).</param>
    public ProcessStatsDiagnoser(string inbox)
    {
        _inbox = inbox;
    }

    /// <inheritdoc />
    public IEnumerable<string> Ids => ["ProcessStats"];

    /// <inheritdoc />
    public IEnumerable<IExporter> Exporters => [];

    /// <inheritdoc />
    public IEnumerable<IAnalyser> Analysers => [];

    /// <inheritdoc />
    public RunMode GetRunMode(BenchmarkCase benchmarkCase) => RunMode.NoOverhead;

    /// <inheritdoc />
    public void Handle(HostSignal signal, DiagnoserActionParameters parameters)
    {
        // Nothing to do per signal: BenchmarkDotNet attaches a diagnoser to only one of a case's launches, so the
        // timelines are collected from the inbox by the case and job each process wrote into its own.
    }

    /// <inheritdoc />
    public IEnumerable<Metric> ProcessResults(DiagnoserResults results)
    {
        ArgumentNullException.ThrowIfNull(results);
        string fullName = FullNameProvider.GetBenchmarkName(results.BenchmarkCase);
        string job = results.BenchmarkCase.Job.Id;
        List<ThreadPoolTimeline> timelines = _timelines.GetOrAdd(results.BenchmarkCase, _ => []);
        // Every process of this case that has finished (a process that failed before its GlobalCleanup left none),
        // in the order they finished: the launch order.
        foreach (string path in Directory.EnumerateFiles(_inbox, "*.json").OrderBy(File.GetLastWriteTimeUtc))
        {
            ThreadPoolTimeline timeline = ThreadPoolTimeline.Load(path);
            if (timeline.Case == fullName && timeline.Job == job)
            {
                timelines.Add(timeline);
                File.Delete(path);
            }
        }
        if (timelines.Count == 0)
        {
            yield break;
        }
        // The first process's samples are filed (for cold bursts, the first launch's) with every process's burst
        // marks in launch order (a cold burst's own measurement is in its launch's mark); the peaks cover every process.
        // A run holds both burst kinds' jobs; their timelines share case names, so each kind has its folder (the
        // layout the report reads: timelines/ and cold/timelines/).
        string folder = job.EndsWith(nameof(BurstMode.Cold), StringComparison.Ordinal)
            ? Path.Combine(results.BenchmarkCase.Config.ArtifactsPath, "cold", "timelines")
            : Path.Combine(results.BenchmarkCase.Config.ArtifactsPath, "timelines");
        Directory.CreateDirectory(folder);
        (timelines[0] with { Case = fullName, Job = job, Bursts = [.. timelines.SelectMany(t => t.Bursts ?? [])] })
            .Save(Path.Combine(folder, FileNameFor(fullName)));

        yield return new Metric(PeakWorkingSetDescriptor.Instance, timelines.Max(t => t.PeakWorkingSetBytes));
        yield return new Metric(PeakThreadsDescriptor.Instance, timelines.Max(t => t.Samples.Max(s => s.ProcessThreads)));
        yield return new Metric(PeakPoolThreadsDescriptor.Instance, timelines.Max(t => t.Samples.Max(s => s.PoolThreads)));
    }

    /// <summary>A file name for a case's full name (parameters contain characters no file system likes).</summary>
    public static string FileNameFor(string fullName)
    {
        ArgumentNullException.ThrowIfNull(fullName);
        char[] name = fullName.ToCharArray();
        for (int i = 0; i < name.Length; i++)
        {
            if (!(char.IsLetterOrDigit(name[i]) || name[i] is '.' or '-' or '_'))
            {
                name[i] = '_';
            }
        }
        return new string(name) + ".json";
    }

    /// <inheritdoc />
    public void DisplayResults(ILogger logger)
    {
    }

    /// <inheritdoc />
    public IEnumerable<ValidationError> Validate(ValidationParameters validationParameters) => [];

    private sealed class PeakWorkingSetDescriptor : IMetricDescriptor
    {
        public static readonly PeakWorkingSetDescriptor Instance = new();

        public string Id => PeakWorkingSetId;
        public string DisplayName => "Peak WS";
        public string Legend => "Peak working set of the whole benchmark process over its life (VmHWM; every burst's own peak is on its timeline)";
        public string NumberFormat => "0";
        public UnitType UnitType => UnitType.Size;
        public string Unit => "B";
        public bool TheGreaterTheBetter => false;
        public int PriorityInCategory => 0;
        public bool GetIsAvailable(Metric metric) => true;
    }

    private sealed class PeakThreadsDescriptor : IMetricDescriptor
    {
        public static readonly PeakThreadsDescriptor Instance = new();

        public string Id => PeakThreadsId;
        public string DisplayName => "Peak threads";
        public string Legend => "Most operating-system threads of the benchmark process, sampled every 20 ms";
        public string NumberFormat => "0";
        public UnitType UnitType => UnitType.Dimensionless;
        public string Unit => "threads";
        public bool TheGreaterTheBetter => false;
        public int PriorityInCategory => 1;
        public bool GetIsAvailable(Metric metric) => true;
    }

    private sealed class PeakPoolThreadsDescriptor : IMetricDescriptor
    {
        public static readonly PeakPoolThreadsDescriptor Instance = new();

        public string Id => PeakPoolThreadsId;
        public string DisplayName => "Peak pool threads";
        public string Legend => "Most thread-pool threads (ThreadPool.ThreadCount), sampled every 20 ms";
        public string NumberFormat => "0";
        public UnitType UnitType => UnitType.Dimensionless;
        public string Unit => "threads";
        public bool TheGreaterTheBetter => false;
        public int PriorityInCategory => 2;
        public bool GetIsAvailable(Metric metric) => true;
    }
}
