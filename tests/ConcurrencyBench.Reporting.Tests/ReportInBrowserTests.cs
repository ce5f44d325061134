using System.Diagnostics;
using System.Text.Json;

namespace ConcurrencyBench.Reporting.Tests;

/// <summary>
/// The HTML report as a reader sees it: rendered in headless Chromium (Debian's <c>chromium</c>, which scripts/test.sh
/// installs) at a laptop's width and at a phone's, through tests/browser/check-report.mjs (playwright-core, pinned by
/// its lockfile; no browser is downloaded). Checked from the screenshots and the DOM: nothing spills out of the
/// report's column, every chart drew, every table has its rows, sorting works, and the page requested nothing.
/// </summary>
public class ReportInBrowserTests
{
    private static string RepositoryRoot()
    {
        for (DirectoryInfo? folder = new(AppContext.BaseDirectory); folder is not null; folder = folder.Parent)
        {
            if (File.Exists(Path.Combine(folder.FullName, "ConcurrencyBench.sln")))
            {
                return folder.FullName;
            }
        }
        throw new InvalidOperationException("the repository root is not above the test's folder");
    }

    private static (int Exit, string Stdout, string Stderr) Run(string file, string workingDirectory, TimeSpan timeout, params string[] args)
    {
        var start = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = workingDirectory };
        foreach (string arg in args)
        {
            start.ArgumentList.Add(arg);
        }
        using Process process = Process.Start(start)!;
        Task<string> stdout = process.StandardOutput.ReadToEndAsync();
        Task<string> stderr = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(timeout))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{file} {string.Join(' ', args)} did not finish within {timeout}");
        }
        return (process.ExitCode, stdout.Result, stderr.Result);
    }

    [SkippableFact]
    public void TheHtmlReportFitsALaptopAndAPhoneWithEveryChartAndTableShown()
    {
        string browser = Path.Combine(RepositoryRoot(), "tests", "browser");
        if (!File.Exists("/usr/bin/chromium") && Environment.GetEnvironmentVariable("CHROMIUM") is not { Length: > 0 })
        {
            Toolchains.Absent("Debian's chromium is not installed (apt-get install chromium)");
        }
        if (!Directory.Exists(Path.Combine(browser, "node_modules", "playwright-core")))
        {
            Toolchains.Absent("tests/browser's npm packages are not installed (npm ci in tests/browser)");
        }
        using var files = new TestFiles();
        ReportOutput output = ReportWriter.Write(ResultsReader.Read([TestFiles.FixtureRun]), files.PathOf("report"), [TestFiles.FixtureRun]);

        var check = Run("node", browser, TimeSpan.FromMinutes(3), "check-report.mjs", output.HtmlPath, files.PathOf("shots"));

        Assert.True(check.Exit == 0, check.Stderr);
        using JsonDocument facts = JsonDocument.Parse(check.Stdout);
        foreach ((string name, int width) in new[] { ("laptop", 1280), ("phone", 390) })
        {
            JsonElement view = facts.RootElement.GetProperty(name);
            Assert.Equal(width, view.GetProperty("viewportWidth").GetInt32());
            // Nothing wider than the screen: the page does not scroll sideways, no block leaves the column.
            Assert.True(view.GetProperty("pageWidth").GetInt32() <= width, $"{name}: the page is {view.GetProperty("pageWidth")} px wide");
            Assert.Equal(0, view.GetProperty("outside").GetArrayLength());
            // Every chart of the report drew, with its text.
            var charts = view.GetProperty("charts").EnumerateArray().ToList();
            Assert.Equal(output.Charts.Count, charts.Count);
            Assert.All(charts, c => Assert.True(c.GetProperty("width").GetDouble() > 100 && c.GetProperty("height").GetDouble() > 50 && c.GetProperty("texts").GetInt32() > 3,
                $"{name}: chart {c.GetProperty("name")} did not draw"));
            Assert.All(charts, c => Assert.True(c.GetProperty("width").GetDouble() <= width, $"{name}: chart {c.GetProperty("name")} is wider than the screen"));
            // Every table has its header and rows; a click on a header sorts.
            var tables = view.GetProperty("tables").EnumerateArray().ToList();
            Assert.NotEmpty(tables);
            Assert.All(tables, t => Assert.True(t.GetProperty("head").GetInt32() > 1 && t.GetProperty("rows").GetInt32() > 0));
            Assert.Equal("ascending", view.GetProperty("sorted").GetString());
            Assert.Equal("Answers", view.GetProperty("firstHeading").GetString());
            Assert.Equal(0, view.GetProperty("requests").GetArrayLength());
            // The screenshot is the screen's size and holds a page (not blank: a PNG of a blank page is tiny).
            string screenshot = view.GetProperty("screenshot").GetString()!;
            byte[] png = File.ReadAllBytes(screenshot);
            Assert.Equal(width, (png[16] << 24) | (png[17] << 16) | (png[18] << 8) | png[19]);
            Assert.True(view.GetProperty("screenshotBytes").GetInt64() > 20_000, $"{name}: the screenshot looks blank");
        }
    }
}
