using System.Diagnostics;
using Mario.Sandbox;

namespace Mario.Sandbox.Tests;

/// <summary>These tests share a one-server pool of their own, so killing servers cannot disturb the shared fixture.</summary>
public sealed class PoolRecoveryTests(OneServerPool pool) : IClassFixture<OneServerPool>
{
    private static readonly SandboxOptions Options = OneServerPool.Options;

    [SandboxFact]
    public async Task Run_ServerKilledMidRun_IsRestartedAndTheCellsRerun()
    {
        var sandbox = pool.Sandbox;
        var restarts = sandbox.Restarts;
        var victim = Assert.Single(sandbox.ServerProcessIds());

        var run = sandbox.RunAsync(["import time\ntime.sleep(1.5)\nprint('done')"], CancellationToken.None).AsTask();
        await Task.Delay(500);
        Process.GetProcessById(victim).Kill();
        var result = await run;

        Assert.Equal("done\n", result.Stdout);
        Assert.True(result.Succeeded);
        Assert.Equal(restarts + 1, sandbox.Restarts);
        Assert.NotEqual(victim, Assert.Single(sandbox.ServerProcessIds()));
    }

    [SandboxFact]
    public async Task Run_ServerKilledWhileIdle_NextRunRestartsIt()
    {
        var sandbox = pool.Sandbox;
        var restarts = sandbox.Restarts;
        var victim = Assert.Single(sandbox.ServerProcessIds());
        var process = Process.GetProcessById(victim);
        process.Kill();
        await process.WaitForExitAsync();

        var result = await sandbox.RunAsync(["print(6 * 7)"], CancellationToken.None);

        Assert.Equal("42\n", result.Stdout);
        Assert.Equal(restarts + 1, sandbox.Restarts);
    }

    [SandboxFact]
    public async Task Run_Cancelled_ThrowsAndTheNextRunStillWorks()
    {
        var sandbox = pool.Sandbox;
        using var cancel = new CancellationTokenSource(TimeSpan.FromMilliseconds(300));

        await Assert.ThrowsAnyAsync<OperationCanceledException>(
            () => sandbox.RunAsync(["import time\ntime.sleep(30)"], cancel.Token).AsTask());
        var result = await sandbox.RunAsync(["print('after')"], CancellationToken.None);

        Assert.Equal("after\n", result.Stdout);
    }

    [SandboxFact]
    public async Task Start_AsUnprivilegedUser_RefusesAndNamesWhatIsMissing()
    {
        if (!OperatingSystem.IsLinux() || !PythonAvailability.IsRoot || !File.Exists("/usr/bin/setpriv"))
        {
            return; // the refusal needs a way to run the server as another user
        }

        var wrapper = UnprivilegedPythonWrapper();
        try
        {
            var error = await Assert.ThrowsAsync<SandboxUnavailableException>(
                () => ForkServerSandbox.StartAsync(Options with { PythonPath = wrapper, AllowUnsafe = false }, CancellationToken.None).AsTask());

            Assert.Contains("NetworkNamespace", error.Message, StringComparison.Ordinal);
            Assert.Contains("not root", error.Message, StringComparison.Ordinal);
            Assert.Contains("--unsafe-sandbox", error.Message, StringComparison.Ordinal);
            Assert.NotNull(error.Report);
            Assert.False(error.Report.IsComplete);

            var leftoversBefore = Directory.GetDirectories("/tmp", "mario-cell-*").Length;
            var unsafeSandbox = await ForkServerSandbox.StartAsync(
                Options with { PythonPath = wrapper, AllowUnsafe = true }, CancellationToken.None);
            var result = await unsafeSandbox.RunAsync(["x = 2", "print(x + 40)"], CancellationToken.None);
            var timeout = await unsafeSandbox.RunAsync(["while True: pass"], CancellationToken.None);
            var isUnsafe = unsafeSandbox.IsUnsafe;
            await unsafeSandbox.DisposeAsync();

            Assert.True(isUnsafe);
            Assert.Equal("42\n", result.Stdout);
            Assert.True(timeout.TimedOut);
            // without the private view the working dirs live in the host's /tmp: every one must be removed
            Assert.Equal(leftoversBefore, Directory.GetDirectories("/tmp", "mario-cell-*").Length);
        }
        finally
        {
            Directory.Delete(Path.GetDirectoryName(wrapper)!, recursive: true);
        }
    }

    [SandboxFact]
    public async Task Run_AfterDispose_ThrowsObjectDisposed()
    {
        var sandbox = await ForkServerSandbox.StartAsync(Options with { WarmUp = false }, CancellationToken.None);
        var pid = Assert.Single(sandbox.ServerProcessIds());
        await sandbox.DisposeAsync();

        await Assert.ThrowsAsync<ObjectDisposedException>(() => sandbox.RunAsync(["print(1)"], CancellationToken.None).AsTask());
        Assert.False(File.Exists($"/proc/{pid}/cmdline") && File.ReadAllText($"/proc/{pid}/cmdline").Contains("mario fork server", StringComparison.Ordinal),
            "the fork server outlived DisposeAsync");
    }

    [SandboxFact]
    public async Task Locate_ExplicitPathWithoutSympy_NamesThePathAndTheReason()
    {
        var error = await Assert.ThrowsAsync<SandboxUnavailableException>(
            () => PythonLocator.LocateAsync("/nonexistent/python3", null, CancellationToken.None).AsTask());

        Assert.Contains("/nonexistent/python3: cannot start", error.Message, StringComparison.Ordinal);
        Assert.Contains("--python", error.Message, StringComparison.Ordinal);
    }

    [System.Runtime.Versioning.SupportedOSPlatform("linux")]
    private static string UnprivilegedPythonWrapper()
    {
        var dir = Directory.CreateTempSubdirectory("mario-unpriv-").FullName;
        File.SetUnixFileMode(dir, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute |
                                  UnixFileMode.GroupRead | UnixFileMode.GroupExecute | UnixFileMode.OtherRead | UnixFileMode.OtherExecute);
        var path = Path.Combine(dir, "python3");
        File.WriteAllText(path,
            $"#!/bin/sh\ncd /\nexec /usr/bin/setpriv --reuid=65534 --regid=65534 --clear-groups {PythonAvailability.Interpreter!.Path} \"$@\"\n");
        File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserExecute | UnixFileMode.UserWrite |
                                   UnixFileMode.OtherRead | UnixFileMode.OtherExecute);
        return path;
    }
}
