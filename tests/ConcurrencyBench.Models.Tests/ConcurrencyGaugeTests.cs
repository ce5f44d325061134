namespace ConcurrencyBench.Models.Tests;

public class ConcurrencyGaugeTests
{
    [Fact]
    public void RemembersTheLargestConcurrencySeen()
    {
        var gauge = new ConcurrencyGauge();
        gauge.Enter();
        gauge.Enter();
        gauge.Enter();
        gauge.Exit();
        gauge.Enter();
        gauge.Exit();
        gauge.Exit();
        gauge.Exit();

        Assert.Equal(3, gauge.MaxConcurrent);
        Assert.Equal(0, gauge.Current);
        Assert.Equal(4, gauge.Completed);
    }

    [Fact]
    public void CountsNoLostUpdatesUnderParallelEntries()
    {
        var gauge = new ConcurrencyGauge();

        Parallel.For(0, 100_000, _ =>
        {
            gauge.Enter();
            gauge.Exit();
        });

        Assert.Equal(100_000, gauge.Completed);
        Assert.Equal(0, gauge.Current);
        Assert.True(gauge.MaxConcurrent >= 1);
    }

    [Fact]
    public void ObserveNeverLowersTheMaximum()
    {
        var gauge = new ConcurrencyGauge();
        gauge.Observe(10);
        gauge.Observe(3);

        Assert.Equal(10, gauge.MaxConcurrent);
        gauge.Reset();
        Assert.Equal(0, gauge.MaxConcurrent);
    }
}
