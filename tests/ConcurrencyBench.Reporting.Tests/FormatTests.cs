namespace ConcurrencyBench.Reporting.Tests;

/// <summary>Numbers as a careful writer writes them: the slips a reader found in the reports, each made impossible.</summary>
public class FormatTests
{
    [Theory]
    [InlineData(35_819, "35,800×")]
    [InlineData(134.4, "134×")]
    [InlineData(1.234, "1.23×")]
    [InlineData(1.0, "1.00×")]
    [InlineData(0.0951, "0.0951×")]
    [InlineData(0.1, "0.100×")]
    [InlineData(0.004, "less than 0.01×")]
    public void RatiosHaveThreeSignificantFiguresAndOneMultiplicationSign(double ratio, string expected) =>
        Assert.Equal(expected, Format.Ratio(ratio));

    [Theory]
    [InlineData(1, "thread", "1 thread")]
    [InlineData(45, "thread", "45 threads")]
    [InlineData(1, "switch", "1 switch")]
    [InlineData(1000, "call", "1,000 calls")]
    public void CountsAgreeWithTheirNouns(double count, string noun, string expected)
    {
        string plural = noun == "switch" ? "switches" : noun + "s";
        Assert.Equal(expected, Format.Plural(count, noun, plural));
    }

    [Theory]
    [InlineData(-18_577, "−18.6 kB")]
    [InlineData(176, "176 B")]
    [InlineData(999.6, "1.00 kB")]
    [InlineData(243_000_000, "243 MB")]
    [InlineData(1_510_000_000, "1.51 GB")]
    public void BytesAreDecimalWithOneMinusSign(double bytes, string expected) => Assert.Equal(expected, Format.Bytes(bytes));

    [Theory]
    [InlineData(2.0, "2")]
    [InlineData(12.5, "12.5")]
    [InlineData(14_971, "14,971")]
    public void ACountIsWholeOnlyWhereItIsWhole(double value, string expected) => Assert.Equal(expected, Format.Count(value));

    [Theory]
    [InlineData(1692, "28 min 12 s")]
    [InlineData(45, "45 s")]
    [InlineData(3725, "1 h 2 min")]
    public void DurationsAreWrittenInMinutesAndSeconds(double seconds, string expected) => Assert.Equal(expected, Format.Duration(seconds));

    [Theory]
    [InlineData(99.96, "100")]
    [InlineData(1234.5, "1,235")]
    [InlineData(0.012345, "0.0123")]
    public void NumbersHaveThreeSignificantFiguresAndThousandsSeparators(double value, string expected) => Assert.Equal(expected, Format.Number(value));

    [Fact]
    public void ATrendTestThatCannotRunSaysWhyAndNamesTheDriftItCouldNotJudge()
    {
        var trend = TrendTest.Of([82.5e9, 40e9, 25e9, 18e9]);
        Assert.Equal("4 bursts: too few to test (it needs 5); they went 82.5 s → 18.0 s", Format.Trend(trend, [82.5e9, 40e9, 25e9, 18e9]));
        Assert.Equal("1 burst: too few to test (it needs 5)", Format.Trend(TrendTest.Of([1e6])));
    }
}
