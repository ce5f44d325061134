using System.Diagnostics;

namespace ConcurrencyBench.Reporting.Tests;

/// <summary>
/// The set-up that scripts/test.sh and scripts/run.sh share (scripts/lib/toolchains.sh), run for real on a PATH that holds
/// only the tools it uses and stand-ins for apt-get, sudo, id and npm (which record how they were called), so that what it
/// does is checked whatever this machine has installed: what is missing is installed where it can be, and where it
/// cannot, one line names what is missing and why. And what a test does when its toolchain is absent: skipped, or
/// failed under CI.
/// </summary>
public sealed class SetupTests : IDisposable
{
    // What toolchains.sh runs besides the stand-ins (bash built-ins aside).
    private static readonly string[] s_tools = ["dirname", "mkdir", "mktemp", "grep", "cut", "date", "cat", "rm", "env", "timeout", "touch", "chmod", "true"];

    private static readonly string[] s_toolFolders = ["/usr/bin", "/bin"];

    private readonly TestFiles _files = new();
    private readonly string _root;
    private readonly string _bin;
    private readonly string _calls;

    public SetupTests()
    {
        // A copy of the library in a repository of its own: its .build/setup.log and tests/browser are this test's.
        _root = _files.PathOf("repo");
        _bin = _files.PathOf("bin");
        _calls = _files.PathOf("calls.log");
        if (!OperatingSystem.IsLinux())
        {
            return; // the set-up is Debian's; elsewhere (the workflow's Windows and macOS runners) these tests run nothing
        }
        Directory.CreateDirectory(Path.Combine(_root, "scripts", "lib"));
        File.Copy(Path.Combine(OtherRuntimeRunnerTests.RepositoryRoot(), "scripts", "lib", "toolchains.sh"), Path.Combine(_root, "scripts", "lib", "toolchains.sh"));
        Directory.CreateDirectory(Path.Combine(_root, "tests", "browser"));
        File.WriteAllText(Path.Combine(_root, "tests", "browser", "package-lock.json"), "{}");
        Directory.CreateDirectory(_bin);
        File.WriteAllText(_calls, "");
        // Root unless a test says otherwise, whoever runs the tests.
        StandIn("id", "echo 0");
        foreach (string tool in s_tools)
        {
            string? found = s_toolFolders.Select(d => Path.Combine(d, tool)).FirstOrDefault(File.Exists);
            if (found is not null)
            {
                File.CreateSymbolicLink(Path.Combine(_bin, tool), found);
            }
        }
    }

    public void Dispose() => _files.Dispose();

    private void StandIn(string name, string body)
    {
        if (!OperatingSystem.IsLinux())
        {
            return;
        }
        string path = Path.Combine(_bin, name);
        File.WriteAllText(path, $"#!/bin/bash\necho \"{name} $*\" >> '{_calls}'\n{body}\n");
        File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
    }

    // An apt-get that installs golang-go by putting a stand-in go on PATH.
    private void WorkingAptGet() => StandIn("apt-get", $"""
        case " $* " in *" install "*) printf '#!/bin/bash\necho go1.19\n' > '{_bin}/go'; chmod +x '{_bin}/go' ;; esac
        exit 0
        """);

    private void NotRoot(bool passwordlessSudo)
    {
        StandIn("id", "echo 1000");
        StandIn("sudo", passwordlessSudo ? "[ \"$1\" = -n ] && shift; exec \"$@\"" : "echo 'sudo: a password is required' >&2; exit 1");
    }

    // Runs ensure_toolchains NAMES in bash on the crafted PATH: its exit code, the one line and what it installed.
    private (int Status, string Missing, string Installed) Ensure(string names, Dictionary<string, string>? environment = null)
    {
        var start = new ProcessStartInfo("/bin/bash") { RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add("-c");
        start.ArgumentList.Add($". '{_root}/scripts/lib/toolchains.sh'; ensure_toolchains {names}; echo \"$?\"; echo \"$toolchains_missing\"; echo \"$toolchains_installed\"");
        start.Environment["PATH"] = _bin;
        start.Environment.Remove("CONCURRENCYBENCH_NO_INSTALL");
        start.Environment.Remove("CHROMIUM");
        foreach ((string name, string value) in environment ?? [])
        {
            start.Environment[name] = value;
        }
        using Process process = Process.Start(start)!;
        Task<string> stderr = process.StandardError.ReadToEndAsync();
        string[] lines = process.StandardOutput.ReadToEnd().Split('\n');
        Assert.True(process.WaitForExit(TimeSpan.FromMinutes(1)), "ensure_toolchains did not end within a minute");
        Assert.True(lines.Length >= 3, $"ensure_toolchains printed {string.Join(" | ", lines)}; stderr: {stderr.Result}");
        return (int.Parse(lines[0], System.Globalization.CultureInfo.InvariantCulture), lines[1], lines[2]);
    }

    private string[] Calls() => File.ReadAllLines(_calls);

    [Fact]
    public void WhereAptGetIsAbsentOneLineNamesWhatIsMissingTheInstallThatWouldBringItAndWhy()
    {
        if (!OperatingSystem.IsLinux())
        {
            return;
        }
        (int status, string missing, string installed) = Ensure("go dotnet");

        Assert.Equal(1, status);
        Assert.Equal("missing go (apt-get install golang-go: apt-get is not on PATH)", missing);
        Assert.Equal("", installed);
    }

    [Fact]
    public void WhatIsMissingIsInstalledThroughSudoWhereItAsksForNoPasswordAndThenIsPresent()
    {
        if (!OperatingSystem.IsLinux())
        {
            return;
        }
        WorkingAptGet();
        NotRoot(passwordlessSudo: true);

        (int status, string missing, string installed) = Ensure("go");

        Assert.Equal((0, "", "golang-go"), (status, missing, installed));
        string[] apt = [.. Calls().Where(c => c.StartsWith("apt-get ", StringComparison.Ordinal))];
        Assert.Equal(["apt-get -o DPkg::Lock::Timeout=600 update -qq", "apt-get -o DPkg::Lock::Timeout=600 install -y -q golang-go"], apt);
        // A second set-up finds it and installs nothing.
        Assert.Equal((0, "", ""), Ensure("go"));
        Assert.Equal(2, Calls().Count(c => c.StartsWith("apt-get ", StringComparison.Ordinal)));
    }

    [Fact]
    public void AnAptGetThatFailsIsNamedByItsFirstErrorAndASudoThatAsksForAPasswordIsNotTried()
    {
        if (!OperatingSystem.IsLinux())
        {
            return;
        }
        StandIn("apt-get", """
            case " $* " in *" install "*) echo 'E: Unable to locate package golang-go' >&2; exit 100 ;; esac
            exit 0
            """);

        Assert.Equal((1, "missing go (apt-get install golang-go: apt-get failed: Unable to locate package golang-go)", ""), Ensure("go"));

        NotRoot(passwordlessSudo: false);
        File.WriteAllText(_calls, "");
        Assert.Equal((1, "missing go (apt-get install golang-go: not root, and sudo asks for a password)", ""), Ensure("go"));
        Assert.DoesNotContain(Calls(), c => c.StartsWith("apt-get ", StringComparison.Ordinal));
    }

    [Fact]
    public void WithInstallsOffNothingIsInstalledEvenWhereItCouldBe()
    {
        if (!OperatingSystem.IsLinux())
        {
            return;
        }
        WorkingAptGet();
        StandIn("npm", "exit 0");

        (int status, string missing, _) = Ensure("go browser", new() { ["CONCURRENCYBENCH_NO_INSTALL"] = "1", ["CHROMIUM"] = "/opt/chromium" });

        Assert.Equal(1, status);
        Assert.Equal("missing go (apt-get install golang-go: installs are off (CONCURRENCYBENCH_NO_INSTALL=1)); tests/browser's npm packages (installs are off)", missing);
        Assert.Empty(Calls());
    }

    [Fact]
    public void ALockfilesPackagesAreInstalledOnceUntilTheLockfileChangesAndAFailedNpmCiIsNamed()
    {
        if (!OperatingSystem.IsLinux())
        {
            return;
        }
        var chromium = new Dictionary<string, string> { ["CHROMIUM"] = "/opt/chromium" };
        StandIn("npm", "exit 1");
        (int status, string missing, _) = Ensure("browser", chromium);
        Assert.Equal(1, status);
        Assert.Equal("missing tests/browser's npm packages (npm ci failed: see .build/setup.log)", missing);

        StandIn("npm", "mkdir -p node_modules && touch node_modules/.package-lock.json");
        Assert.Equal((0, "", ""), Ensure("browser", chromium));
        Assert.Equal((0, "", ""), Ensure("browser", chromium));
        Assert.Equal(2, Calls().Count(c => c.StartsWith("npm ci", StringComparison.Ordinal)));

        File.SetLastWriteTimeUtc(Path.Combine(_root, "tests", "browser", "package-lock.json"), DateTime.UtcNow.AddMinutes(1));
        Assert.Equal((0, "", ""), Ensure("browser", chromium));
        Assert.Equal(3, Calls().Count(c => c.StartsWith("npm ci", StringComparison.Ordinal)));
    }

    [Fact]
    public void ATestWhoseToolchainIsAbsentIsSkippedWithTheReasonAndFailsUnderCi()
    {
        SkipException skipped = Assert.Throws<SkipException>(() => Toolchains.Absent("go: go is not on PATH", underCi: false));
        Assert.Equal("go: go is not on PATH (scripts/test.sh installs it where it can)", skipped.Message);

        var failed = Assert.ThrowsAny<Xunit.Sdk.XunitException>(() => Toolchains.Absent("go: go is not on PATH", underCi: true));
        Assert.IsNotType<SkipException>(failed);
        Assert.StartsWith("go: go is not on PATH (scripts/test.sh installs it where it can); under CI", failed.Message, StringComparison.Ordinal);
    }
}
