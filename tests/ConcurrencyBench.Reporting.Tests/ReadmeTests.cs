namespace ConcurrencyBench.Reporting.Tests;

/// <summary>The README quotes figures only from the committed runs, through generated blocks that a test keeps current.</summary>
public class ReadmeTests
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

    [Fact]
    public void TheReadmesFiguresAreTheCommittedRunsOwn()
    {
        string root = RepositoryRoot();
        string readme = File.ReadAllText(Path.Combine(root, "README.md"));

        // Fail closed: a README with no generated block would pass whatever its figures say.
        Assert.Contains("<!-- generated: answers -->", readme, StringComparison.Ordinal);
        Assert.Contains("<!-- generated: profiles -->", readme, StringComparison.Ordinal);
        Assert.True(Readme.Update(readme, root) == readme, "README.md's generated figures differ from the committed runs: run `cbench readme` (dotnet src/ConcurrencyBench.Cli/bin/Release/net10.0/cbench.dll readme) and commit");
    }

    [Fact]
    public void AGeneratedBlockIsRewrittenFromTheRunsAndNothingElseIsTouched()
    {
        using var files = new TestFiles();
        string repository = files.PathOf("repo");
        files.Write(Path.Combine("repo", "results", "default", "report", "report.md"),
            "# Report\n\nIntro.\n\n## Answers\n\n### Words used here\n\n- **N**: jobs.\n\n### 1. An answer with 13.1 s.\n\n**In code:** await.\n\n![Title 13.1 s](Answer-one.png)\n\n| Row | Value |\n\n> Q: detail ([chart](Offload-workers-N1000.png))\n\n### 2. A second answer, no chart.\n\n> Q2: detail\n\n## How it was measured\n\nText.\n");
        files.Write(Path.Combine("repo", "results", "default", "run-info.json"),
            """{"profile":"default","command":"scripts/run.sh --profile default","startedUtc":"2026-12-01T00:00:00Z","durationSeconds":1692,"commit":"abc1234","exitCode":0}""");
        string readme = "# Title\n\nHand-written.\n\n<!-- generated: headline -->\n<!-- /generated -->\n\n<!-- generated: answers -->\nstale\n<!-- /generated -->\n\nMore.\n\n<!-- generated: profiles -->\n<!-- /generated -->\n";

        string updated = Readme.Update(readme, repository);

        // The headline: the first answer's sentence and what follows for code, then its answer chart.
        Assert.StartsWith("# Title\n\nHand-written.\n\n<!-- generated: headline -->\n**An answer with 13.1 s.**\n**In code:** await.\n\n![Title 13.1 s](results/default/report/Answer-one.png)\n<!-- /generated -->", updated, StringComparison.Ordinal);
        // Every answer in a line, with its answer chart where it has one, and a link to the words they use.
        Assert.Contains("<!-- generated: answers -->\n1. An answer with 13.1 s. ([chart](results/default/report/Answer-one.png))\n2. A second answer, no chart.\n", updated, StringComparison.Ordinal);
        Assert.Contains("(results/default/report/report.md#words-used-here)", updated, StringComparison.Ordinal);
        Assert.DoesNotContain("stale", updated, StringComparison.Ordinal);
        Assert.Contains("\n\nMore.\n\n", updated, StringComparison.Ordinal);
        Assert.Contains("| [`results/default`](results/default/report/report.md) | `default` | `scripts/run.sh --profile default` | 28 min 12 s |", updated, StringComparison.Ordinal);
        // Rewriting again changes nothing.
        Assert.Equal(updated, Readme.Update(updated, repository));
        Assert.Throws<ResultsFormatException>(() => Readme.Update("<!-- generated: nonsense -->\n<!-- /generated -->", repository));
    }
}
