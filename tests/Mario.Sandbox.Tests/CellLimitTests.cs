using Mario.Sandbox;

namespace Mario.Sandbox.Tests;

/// <summary>Limits one cell cannot exhaust for another, and verdicts a cell cannot forge (the shared 3-server pool).</summary>
[Collection(SandboxCollection.Name)]
public sealed class CellLimitTests(SandboxFixture fixture)
{
    [SandboxFact]
    public async Task ForkBomb_InOneServer_LeavesTheProcessLimitOfAnotherCellIntact()
    {
        if (!fixture.Isolated)
        {
            return; // without root all cells run as the invoking user; the doctor reports it
        }

        // The bomb keeps every process slot it gets until the deadline, instead of dying at the first EAGAIN.
        var bomb = fixture.Sandbox.RunAsync(
            ["import os, time\nwhile True:\n    try:\n        os.fork()\n    except OSError:\n        time.sleep(0.05)"],
            CancellationToken.None).AsTask();
        await Task.Delay(TimeSpan.FromSeconds(1));
        var victim = await fixture.Sandbox.RunAsync(
            ["import subprocess\nprint(sum(subprocess.run(['true']).returncode for _ in range(4)), 'failed runs')"],
            CancellationToken.None);
        var bombResult = await bomb;

        Assert.True(bombResult.TimedOut, $"the bomb was not still running at its deadline: {bombResult.Error}");
        Assert.True(victim.Succeeded, $"{victim.Error} {victim.Stderr}");
        Assert.Equal("0 failed runs\n", victim.Stdout);
    }

    [SandboxFact]
    public async Task Verdict_CellClosesEveryDescriptor_StillReportsItsException()
    {
        var result = await fixture.Sandbox.RunAsync(
            ["import os\nos.closerange(0, 65536)\nraise ValueError('hidden')"], CancellationToken.None);

        Assert.Equal(new ExecutionError("ValueError", "hidden"), result.Error);
        Assert.False(result.TimedOut);
    }
}
