using Mario.Sandbox;

namespace Mario.Sandbox.Tests;

/// <summary>
/// A one-server pool for the kernel-state tests: with one server, consecutive executions are guaranteed to run in
/// the same fork server, which is where state that outlives a cell (SysV IPC, keyrings) would be found.
/// </summary>
public sealed class KernelStatePool : IAsyncLifetime
{
    public static readonly SandboxOptions Options = SandboxFixture.Options with { PoolSize = 1 };

    private ForkServerSandbox? sandbox;

    public ForkServerSandbox Sandbox => sandbox ?? throw new InvalidOperationException(PythonAvailability.SkipReason);

    public async Task InitializeAsync()
    {
        if (PythonAvailability.Interpreter is not null)
        {
            sandbox = await ForkServerSandbox.StartAsync(Options, CancellationToken.None);
        }
    }

    public async Task DisposeAsync()
    {
        if (sandbox is not null)
        {
            await sandbox.DisposeAsync();
        }
    }
}
