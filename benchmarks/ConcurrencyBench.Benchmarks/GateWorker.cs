using System.Diagnostics;
using System.Reflection;
using System.Text.Json;
using BenchmarkDotNet.Attributes;
using ConcurrencyBench.Models;

namespace ConcurrencyBench.Benchmarks;

/// <summary>
/// The regression gate's worker: runs one gate case's bursts in this (fresh) process the way BenchmarkDotNet's
/// Monitoring strategy runs an iteration (global setup with its priming, then per burst: iteration setup, a forced full
/// collection unless the class says [GcForce(false)], the operation, iteration cleanup; global cleanup last), without
/// BenchmarkDotNet's host, its generated project or its child process: a sample costs one process start, not a build.
/// Each burst's time is the case's own measurement where it has one (the probe's wait, a chat window's p99, the
/// operation's own time from <see cref="Harness.Timed"/>), read from the timeline the harness keeps; its allocations,
/// lock contentions and threads come from the same burst mark.
/// </summary>
public static class GateWorker
{
    /// <summary>Prints every gate case this build can run, one JSON object per line.</summary>
    public static int List(TextWriter output)
    {
        ArgumentNullException.ThrowIfNull(output);
        foreach (GateCase gateCase in GateCases.All.Where(c => MethodOf(c) is not null))
        {
            output.WriteLine(gateCase.ToJsonLine());
        }
        return 0;
    }

    /// <summary>
    /// Runs <paramref name="id"/>'s bursts and prints one JSON line per burst: <c>case</c>, <c>burst</c> (0-based),
    /// <c>ns</c> (its time in nanoseconds), <c>allocatedBytes</c>, <c>lockContentions</c>, <c>threadsCreated</c> (peak
    /// operating-system threads during the burst less those at its start), <c>poolThreadsAtStart</c>.
    /// </summary>
    /// <returns>0; 2 for an unknown case (one line on stderr); 1 when the case failed (its message on stderr).</returns>
    public static int Run(string id, int? bursts, TextWriter output, TextWriter errors)
    {
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(errors);
        if (GateCases.Find(id) is not GateCase gateCase || MethodOf(gateCase) is not MethodInfo method)
        {
            errors.WriteLine($"error: '{id}' is not a gate case of this build (--gate-list lists them)");
            return 2;
        }
        if (bursts is < 1 or > 1000)
        {
            errors.WriteLine($"error: --gate-bursts must be from 1 to 1000, not {bursts}");
            return 2;
        }
        int count = gateCase.Sampling == GateSampling.FirstBurst ? 1 : bursts ?? gateCase.Bursts;
        // The quick profile's limits (operation timeout, chat window length) and a timeline folder of this process's own.
        Environment.SetEnvironmentVariable(BenchmarkProfile.EnvironmentVariable, BenchmarkProfile.Quick.Name);
        string folder = Path.Combine(Path.GetTempPath(), $"concurrencybench-gate-{Environment.ProcessId}");
        Directory.CreateDirectory(folder);
        Environment.SetEnvironmentVariable(Harness.TimelineDirectoryVariable, folder);
        // A process that gives one sample is a cold launch to the case (a chat case runs one window).
        Harness.JobOverride = gateCase.Sampling == GateSampling.FirstBurst ? "Cold" : "Repeated";
        try
        {
            var stopwatchNs = RunBursts(gateCase, method, count);
            string timelinePath = Path.Combine(folder, $"{Environment.ProcessId}.json");
            IReadOnlyList<BurstMark> marks = File.Exists(timelinePath) ? ThreadPoolTimeline.Load(timelinePath).Bursts ?? [] : [];
            if (marks.Count != count)
            {
                errors.WriteLine($"error: {id} marked {marks.Count} bursts, expected {count}");
                return 1;
            }
            for (int i = 0; i < count; i++)
            {
                BurstMark mark = marks[i];
                double ns = mark.MeasuredNs ?? stopwatchNs[i];
                if (!(ns > 0) || !double.IsFinite(ns))
                {
                    errors.WriteLine($"error: {id} burst {i} has no measurement ({(mark.Chat?.Load?.Failure ?? "no time")})");
                    return 1;
                }
                BurstFigures? figures = mark.Figures;
                output.WriteLine(JsonSerializer.Serialize(new Dictionary<string, object>
                {
                    ["case"] = id,
                    ["burst"] = i,
                    ["ns"] = Math.Round(ns, 1),
                    ["allocatedBytes"] = figures?.AllocatedBytes ?? -1,
                    ["lockContentions"] = figures?.LockContentions ?? -1,
                    ["threadsCreated"] = figures is null ? -1 : Math.Max(0, figures.PeakThreads - figures.ThreadsAtStart),
                    ["poolThreadsAtStart"] = figures?.PoolThreadsAtStart ?? -1,
                }));
            }
            return 0;
        }
        catch (Exception e) when (e is TimeoutException or InvalidOperationException or IOException or InvalidDataException or TargetInvocationException or AggregateException)
        {
            Exception inner = e is TargetInvocationException { InnerException: { } ti } ? ti : e is AggregateException { InnerException: { } ai } ? ai : e;
            errors.WriteLine($"error: {id} failed: {inner.GetType().Name}: {inner.Message.ReplaceLineEndings(" ")}");
            return 1;
        }
        finally
        {
            try
            {
                Directory.Delete(folder, recursive: true);
            }
            catch (IOException)
            {
                // Best effort: the folder is this process's own.
            }
        }
    }

    // Global setup, the bursts, global cleanup; each burst's time from its call to its task's end (the stopwatch, used
    // where the case has no measurement of its own).
    private static double[] RunBursts(GateCase gateCase, MethodInfo method, int count)
    {
        Type type = method.DeclaringType!;
        object instance = Activator.CreateInstance(type)!;
        foreach ((string name, int value) in gateCase.Parameters)
        {
            PropertyInfo property = type.GetProperty(name) ?? throw new InvalidOperationException($"{type.Name} has no parameter {name}");
            property.SetValue(instance, value);
        }
        // BenchmarkDotNet's Target is Targets' first (its getter throws for several): an empty list applies to every method.
        bool Applies(MethodInfo m, Func<MethodInfo, string[]?> targets) =>
            targets(m) is string[] many && (many.Length == 0 || many.Contains(method.Name));
        MethodInfo[] methods = type.GetMethods(BindingFlags.Public | BindingFlags.Instance);
        MethodInfo[] Marked<TAttribute>() where TAttribute : TargetedAttribute =>
            [.. methods.Where(m => Applies(m, x => x.GetCustomAttribute<TAttribute>() is TAttribute a ? a.Targets ?? [] : null))];
        MethodInfo[] globalSetup = Marked<GlobalSetupAttribute>();
        MethodInfo[] globalCleanup = Marked<GlobalCleanupAttribute>();
        MethodInfo[] iterationSetup = Marked<IterationSetupAttribute>();
        MethodInfo[] iterationCleanup = Marked<IterationCleanupAttribute>();
        // The one class with [GcForce] says false (ChatServerLoad: its load does not stop between windows).
        bool forceGc = type.GetCustomAttribute<GcForceAttribute>() is null;
        TimeSpan bound = BenchmarkProfile.Current.OperationTimeout + TimeSpan.FromSeconds(5);
        var times = new double[count];
        foreach (MethodInfo m in globalSetup)
        {
            m.Invoke(instance, null);
        }
        try
        {
            for (int i = 0; i < count; i++)
            {
                foreach (MethodInfo m in iterationSetup)
                {
                    m.Invoke(instance, null);
                }
                if (forceGc)
                {
                    GC.Collect();
                    GC.WaitForPendingFinalizers();
                    GC.Collect();
                }
                long started = Stopwatch.GetTimestamp();
                if (method.Invoke(instance, null) is Task task && !task.Wait(bound))
                {
                    throw new TimeoutException($"burst {i} did not end within {bound}");
                }
                times[i] = Stopwatch.GetElapsedTime(started).TotalNanoseconds;
                foreach (MethodInfo m in iterationCleanup)
                {
                    m.Invoke(instance, null);
                }
            }
        }
        finally
        {
            foreach (MethodInfo m in globalCleanup)
            {
                m.Invoke(instance, null);
            }
        }
        return times;
    }

    // The benchmark method of a case in this build (ThreadingLock exists only on .NET 9 and later), or null.
    private static MethodInfo? MethodOf(GateCase gateCase) =>
        typeof(GateWorker).Assembly.GetType($"{typeof(GateWorker).Namespace}.{gateCase.Type}")?
            .GetMethod(gateCase.Method, BindingFlags.Public | BindingFlags.Instance) is MethodInfo m && m.GetCustomAttribute<BenchmarkAttribute>() is not null
            ? m
            : null;
}
