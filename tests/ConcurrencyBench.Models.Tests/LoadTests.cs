namespace ConcurrencyBench.Models.Tests;

public class LoadTests
{
    [Theory]
    [InlineData(1000, 1000, 1)]
    [InlineData(1000, 1, 1000)]
    [InlineData(1000, 16, 63)]
    [InlineData(10, 4, 3)]
    [InlineData(0, 4, 0)]
    public void IdealWithWorkersIsCeilingOfJobsOverWorkersTimesDelay(int jobs, int workers, int rounds)
    {
        var load = Load.FromMilliseconds(jobs, 100);

        Assert.Equal(TimeSpan.FromMilliseconds(100 * rounds), load.IdealWithWorkers(workers));
    }

    [Fact]
    public void ImpossibleLoadsAreRejected()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new Load(-1, TimeSpan.Zero));
        Assert.Throws<ArgumentOutOfRangeException>(() => new Load(1, TimeSpan.FromMilliseconds(-1)));
        Assert.Throws<ArgumentOutOfRangeException>(() => Load.FromMilliseconds(1, 1).IdealWithWorkers(0));
    }

    [Fact]
    public void EachModelStatesItsIdealTime()
    {
        var load = Load.FromMilliseconds(10, 50);

        Assert.Equal(TimeSpan.FromMilliseconds(50), new TaskDelayWhenAll().IdealTime(load));
        Assert.Equal(TimeSpan.FromMilliseconds(500), new SequentialBlocking().IdealTime(load));
        Assert.Equal(TimeSpan.FromMilliseconds(500), new BlockingOnEventLoop().IdealTime(load));
        Assert.Equal(TimeSpan.FromMilliseconds(50), new ThreadPerCall().IdealTime(load));
        using var bounded = new BoundedExecutorOffload(4);
        Assert.Equal(TimeSpan.FromMilliseconds(150), bounded.IdealTime(load));
    }
}
