using ConcurrencyBench.Cli;

namespace ConcurrencyBench.Reporting.Tests;

public class CommandLineTests
{
    private static (int Code, string Output, string Error) Run(params string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        int code = CommandLine.Run(args, output, error);
        return (code, output.ToString(), error.ToString());
    }

    [Fact]
    public void ReportWritesTheReportAndChartsIntoOut()
    {
        using var files = new TestFiles();
        string output = files.PathOf("report");

        var (code, stdout, _) = Run("report", TestFiles.FixtureRun, "--out", output);

        Assert.Equal(CommandLine.Ok, code);
        Assert.True(File.Exists(Path.Combine(output, "report.md")));
        Assert.True(File.Exists(Path.Combine(output, "Blocking-starvation.png")));
        Assert.True(File.Exists(Path.Combine(output, "Blocking-starvation.svg")));
        Assert.Contains("report: ", stdout, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("missing")]
    [InlineData("empty")]
    [InlineData("truncated")]
    [InlineData("foreign")]
    public void BadResultsExitWithTwoAndOneLineAndWriteNothing(string kind)
    {
        using var files = new TestFiles();
        string input = kind switch
        {
            "missing" => files.PathOf("nowhere"),
            "empty" => files.Write("in/a-report-full.json", ""),
            "truncated" => files.Write("in/a-report-full.json", File.ReadAllText(TestFiles.DefaultPoolJson)[..4000]),
            _ => files.Write("in/a-report-full.json", "[1, 2, 3]"),
        };
        string output = files.PathOf("out");

        var (code, _, error) = Run("report", input, "--out", output);

        Assert.Equal(CommandLine.BadInput, code);
        Assert.Single(error.TrimEnd().Split('\n'));
        Assert.StartsWith("error: ", error, StringComparison.Ordinal);
        Assert.Contains(input, error, StringComparison.Ordinal);
        Assert.False(Directory.Exists(output));
    }

    [Fact]
    public void ReRenderingDoesNotTouchTheRawResults()
    {
        using var files = new TestFiles();
        string before = File.ReadAllText(TestFiles.DefaultPoolJson);
        DateTime written = File.GetLastWriteTimeUtc(TestFiles.DefaultPoolJson);

        Assert.Equal(CommandLine.Ok, Run("report", TestFiles.FixtureRun, "--out", files.PathOf("r")).Code);

        Assert.Equal(before, File.ReadAllText(TestFiles.DefaultPoolJson));
        Assert.Equal(written, File.GetLastWriteTimeUtc(TestFiles.DefaultPoolJson));
        Assert.False(Directory.Exists(Path.Combine(TestFiles.FixtureRun, "report")));
    }

    [Theory]
    [InlineData("report")]
    [InlineData("report", "--bogus")]
    [InlineData("frobnicate")]
    [InlineData("compare", "a")]
    public void UnknownOptionsAndMissingArgumentsExitWithTwo(params string[] args)
    {
        var (code, _, error) = Run(args);

        Assert.Equal(CommandLine.BadInput, code);
        Assert.Single(error.TrimEnd().Split('\n'));
    }

    [Fact]
    public void AnUnknownOptionAfterAPathIsNamedAsAnUnknownOptionNotAsAMissingPathAndNothingIsWritten()
    {
        using var files = new TestFiles();

        var (code, stdout, error) = Run("report", TestFiles.FixtureRun, "--out", files.PathOf("r"), "--no-such-option");
        var (compareCode, _, compareError) = Run("compare", TestFiles.FixtureRun, "--bogus", TestFiles.FixtureRun);

        Assert.Equal(CommandLine.BadInput, code);
        Assert.Equal("error: unknown option '--no-such-option' (see cbench report --help)", error.TrimEnd());
        Assert.Empty(stdout);
        Assert.False(Directory.Exists(files.PathOf("r")));
        Assert.Equal(CommandLine.BadInput, compareCode);
        Assert.Contains("'--bogus'", Assert.Single(compareError.TrimEnd().Split('\n')), StringComparison.Ordinal);
    }

    [Fact]
    public void CompareOfARunWithItselfExitsZero()
    {
        using var files = new TestFiles();

        var (code, stdout, _) = Run("compare", TestFiles.FixtureRun, TestFiles.FixtureRun, "--out", files.PathOf("cmp"));

        Assert.Equal(CommandLine.Ok, code);
        Assert.Contains("| Same |", stdout, StringComparison.Ordinal);
        Assert.True(File.Exists(files.PathOf("cmp/comparison.md")));
        Assert.True(File.Exists(files.PathOf("cmp/benchmark-results.json")));
        Assert.True(File.Exists(files.PathOf("cmp/Compare-ratio.png")));
        Assert.True(File.Exists(files.PathOf("cmp/Compare-ratio.svg")));
    }

    [Fact]
    public void CompareExitsOneAndNamesTheSlowedCases()
    {
        using var files = new TestFiles();
        string slow = files.Scaled(TestFiles.StarvationJson, "slow/x-report-full.json", 1.5);

        var (code, _, error) = Run("compare", TestFiles.StarvationJson, slow);

        Assert.Equal(CommandLine.Regression, code);
        Assert.Contains("regression: ", error, StringComparison.Ordinal);
        Assert.Contains("ProbeBehindBlockingCalls", error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("--threshold", "ten")]
    [InlineData("--threshold", "-5%")]
    [InlineData("--noise", "fast")]
    public void ImpossibleCompareSettingsExitWithTwo(string option, string value)
    {
        var (code, _, error) = Run("compare", TestFiles.FixtureRun, TestFiles.FixtureRun, option, value);

        Assert.Equal(CommandLine.BadInput, code);
        Assert.Contains(option, error, StringComparison.Ordinal);
    }

    [Fact]
    public void CompareRefusesMixedHostsWithExitTwoUnlessAllowed()
    {
        using var files = new TestFiles();
        // The starvation fixture: its cases have warm bursts without a trend, so there is something to compare.
        string other = files.Scaled(TestFiles.StarvationJson, "o/x-report-full.json", 1.0, processor: "Other CPU");

        Assert.Equal(CommandLine.BadInput, Run("compare", TestFiles.StarvationJson, other).Code);
        Assert.Equal(CommandLine.Ok, Run("compare", TestFiles.StarvationJson, other, "--allow-different-hosts").Code);
    }

    [Fact]
    public void HelpExplainsEveryOption()
    {
        var (code, stdout, _) = Run("compare", "--help");

        Assert.Equal(0, code);
        foreach (string option in new[] { "--threshold", "--noise", "--allow-different-hosts", "--out" })
        {
            Assert.Contains(option, stdout, StringComparison.Ordinal);
        }
    }
}
