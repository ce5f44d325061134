using System.Reflection;
using BenchmarkDotNet.Running;

namespace ConcurrencyBench.Benchmarks;

/// <summary>
/// Marks a benchmark whose time depends on the thread pool's history: the pool keeps the threads it injected, so
/// every operation in one process is faster than the one before and the iterations are not exchangeable samples.
/// Such a case is also measured as cold bursts (<see cref="BurstMode.Cold"/>): one operation in each of several
/// fresh processes, which is what a burst arriving at a quiet server meets and what the seed article measured (a
/// fresh interpreter per experiment). The list is checked by the report's stationarity test on every case. Also for
/// cases whose level differs from process to process by more than their bursts differ within one (the chat server):
/// samples from one process would make a gate compare two processes, not two versions of the code.
/// </summary>
[AttributeUsage(AttributeTargets.Method, AllowMultiple = false, Inherited = false)]
public sealed class ColdBurstsAttribute : Attribute
{
    /// <summary>
    /// Only where the pool must grow past its configured minimum: with k workers guaranteed and N ≤ k jobs there is
    /// nothing for the pool to learn.
    /// </summary>
    public bool OnlyWhenWorkersBelowJobs { get; init; }

    /// <summary>
    /// Only at the profile's <see cref="BenchmarkProfile.ChatColdPoint"/>: the chat sweep's other points are described
    /// by their warm windows (a fresh server process per launch at every point would cost the profile's budget many times).
    /// </summary>
    public bool OnlyAtTheChatColdPoint { get; init; }

    /// <summary>True when <paramref name="benchmarkCase"/> is measured as cold bursts too.</summary>
    public static bool Applies(BenchmarkCase benchmarkCase)
    {
        ArgumentNullException.ThrowIfNull(benchmarkCase);
        if (benchmarkCase.Descriptor.WorkloadMethod.GetCustomAttribute<ColdBurstsAttribute>() is not { } cold)
        {
            return false;
        }
        var parameters = benchmarkCase.Parameters;
        if (cold.OnlyAtTheChatColdPoint)
        {
            return BenchmarkProfile.Current.ChatColdPoint is ChatPoint point && parameters.Items.Any(p => p.Name == "C") && parameters.Items.Any(p => p.Name == "Rate")
                && (int)parameters["C"] == point.Clients && (int)parameters["Rate"] == point.Rate;
        }
        if (!cold.OnlyWhenWorkersBelowJobs)
        {
            return true;
        }
        return parameters.Items.Any(p => p.Name == "K") && parameters.Items.Any(p => p.Name == "N")
            && (int)parameters["K"] < (int)parameters["N"];
    }
}

/// <summary>How a case's operations are sampled.</summary>
public enum BurstMode
{
    /// <summary>
    /// Repeated bursts: the profile's iterations one after another in one process (BenchmarkDotNet's Monitoring
    /// strategy, no warm-up). A curve where the pool learns, exchangeable samples where it does not.
    /// </summary>
    Repeated,

    /// <summary>Cold bursts: one operation in each of L fresh processes (BenchmarkDotNet's launch count): independent samples.</summary>
    Cold,
}
