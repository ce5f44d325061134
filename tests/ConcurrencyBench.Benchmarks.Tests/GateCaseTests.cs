using System.Reflection;
using System.Text.Json;
using ConcurrencyBench.Reporting;

namespace ConcurrencyBench.Benchmarks.Tests;

/// <summary>The gate's cases and its worker mode (<c>--gate-list</c>, <c>--gate-run</c>). No timing is asserted.</summary>
[Collection(ProfileEnvironment.Name)]
public class GateCaseTests
{
    [Fact]
    public void EveryFamilyOfTheQuickProfileHasAGateCase()
    {
        var families = GateCases.All.Select(c => c.Family).ToHashSet(StringComparer.Ordinal);

        Assert.All(BenchmarkProfile.Quick.Categories, category => Assert.Contains(category, families));
    }

    [Fact]
    public void EveryCaseHasItsMeasuredSpreadsAndEveryFamilyStaysInTheGateByTheTrendRecordRule()
    {
        GateRule rule = GateRule.Default;
        Assert.All(GateCases.All, c => Assert.True(c.TimeSpread is >= 0 and < 1 && c.AllocationSpread is >= 0 and < 1, $"{c.Id} has no measured spread"));
        var plans = GateCases.All.Select(c => (Case: c, Plan: rule.Plan(c.TimeSpread, c.AllocationSpread))).ToList();

        // The rule keeps at least one case of every family in the gate (on its time or its allocations).
        Assert.All(BenchmarkProfile.Quick.Categories, family =>
            Assert.Contains(plans, p => p.Case.Family == family && p.Plan.Measure != GateMeasure.TrendRecord));
        // A case whose time must stretch at +10% is gated on its time, at a look its spread reaches.
        Assert.All(plans.Where(p => p.Case.ScalesWithD), p => Assert.Equal(GateMeasure.Time, p.Plan.Measure));
        // What the quiet run's spreads decide today (docs/gate.md): the times of the user tables, the chat load, the probe
        // behind async waits, sync-over-async and the 1 KiB state at N = 10,000 go to the trend record, their allocated
        // bytes gated; no case goes whole.
        Assert.Equal(
            ["AsyncDelays.AsyncMethodWithState(N: 10000, DelayMs: 20)", "BlockingCalls.SyncOverAsyncInPool(N: 10, DelayMs: 20)", "ChatServerLoad.AsyncSockets(C: 1000, Rate: 2)", "PoolStarvation.ProbeBehindAsyncWaits(N: 100, DelayMs: 20)",
             "UserTable.ConcurrentDictionaryNoLock(N: 10000)", "UserTable.MonitorLock(N: 10000)", "UserTable.SingleOwnerActor(N: 10000)"],
            plans.Where(p => p.Plan.Measure == GateMeasure.Allocations).Select(p => p.Case.Id).Order(StringComparer.Ordinal));
        Assert.DoesNotContain(plans, p => p.Plan.Measure == GateMeasure.TrendRecord);
    }

    [Fact]
    public void EveryGateCaseIsABenchmarkMethodWithTheClassesOwnParametersInOrder()
    {
        Assert.Equal(GateCases.All.Count, GateCases.All.Select(c => c.Id).Distinct(StringComparer.Ordinal).Count());
        foreach (GateCase gateCase in GateCases.All)
        {
            Type type = typeof(GateWorker).Assembly.GetType($"ConcurrencyBench.Benchmarks.{gateCase.Type}")!;
            Assert.NotNull(type.GetMethod(gateCase.Method)?.GetCustomAttribute<BenchmarkDotNet.Attributes.BenchmarkAttribute>());
            // BenchmarkDotNet names a case by its parameters in declaration order: the gate's IDs must read the same.
            string[] declared = [.. type.GetProperties().Where(p => p.GetCustomAttribute<BenchmarkDotNet.Attributes.ParamsSourceAttribute>() is not null).Select(p => p.Name)];
            Assert.Equal(declared, gateCase.Parameters.Select(p => p.Name));
        }
        Assert.Equal("AsyncDelays.TaskDelayWhenAll(N: 100, DelayMs: 20)", GateCases.All[0].Id);
    }

    [Fact]
    public void TheListIsOneJsonObjectPerCase()
    {
        using var output = new StringWriter();

        Assert.Equal(0, GateWorker.List(output));

        string[] lines = output.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(GateCases.All.Count, lines.Length);
        using JsonDocument first = JsonDocument.Parse(lines[0]);
        Assert.Equal("AsyncDelays.TaskDelayWhenAll(N: 100, DelayMs: 20)", first.RootElement.GetProperty("case").GetString());
        Assert.Equal("process-median", first.RootElement.GetProperty("sampling").GetString());
        Assert.True(first.RootElement.GetProperty("scalesWithD").GetBoolean());
        Assert.Equal(0.0037, first.RootElement.GetProperty("timeSpread").GetDouble());
        Assert.Equal(0, first.RootElement.GetProperty("allocationSpread").GetDouble());
    }

    [Fact]
    public void AnUnknownCaseOrBurstCountIsRefusedInOneLine()
    {
        using var output = new StringWriter();
        using var errors = new StringWriter();

        Assert.Equal(2, GateWorker.Run("AsyncDelays.NoSuch(N: 1)", null, output, errors));
        Assert.Equal(2, GateWorker.Run(GateCases.All[0].Id, 0, output, errors));

        Assert.Equal("", output.ToString());
        Assert.Equal(2, errors.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries).Length);
        Assert.StartsWith("error: 'AsyncDelays.NoSuch(N: 1)' is not a gate case of this build", errors.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void ARunPrintsOneLinePerBurstWithItsTimeAndCounters()
    {
        string? profile = Environment.GetEnvironmentVariable(BenchmarkProfile.EnvironmentVariable);
        string? timelines = Environment.GetEnvironmentVariable(Harness.TimelineDirectoryVariable);
        using var output = new StringWriter();
        using var errors = new StringWriter();
        try
        {
            Assert.Equal(0, GateWorker.Run("AsyncDelays.TaskDelayWhenAll(N: 100, DelayMs: 20)", 3, output, errors));
        }
        finally
        {
            Environment.SetEnvironmentVariable(BenchmarkProfile.EnvironmentVariable, profile);
            Environment.SetEnvironmentVariable(Harness.TimelineDirectoryVariable, timelines);
            Harness.JobOverride = null;
        }

        string[] lines = output.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.True(lines.Length == 3, errors.ToString());
        for (int i = 0; i < lines.Length; i++)
        {
            using JsonDocument burst = JsonDocument.Parse(lines[i]);
            Assert.Equal(i, burst.RootElement.GetProperty("burst").GetInt32());
            // A burst of 100 delays of 20 ms cannot end before its delays (less a timer tick), whatever the machine's load.
            Assert.True(burst.RootElement.GetProperty("ns").GetDouble() > 15e6);
            Assert.True(burst.RootElement.GetProperty("allocatedBytes").GetInt64() > 0);
        }
    }
}
