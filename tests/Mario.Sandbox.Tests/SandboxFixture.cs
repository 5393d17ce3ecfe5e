using Mario.Sandbox;

namespace Mario.Sandbox.Tests;

/// <summary>One shared pool for the behaviour and hostile-cell tests (starting servers costs ~0.4 s CPU each).</summary>
public sealed class SandboxFixture : IAsyncLifetime
{
    public static readonly SandboxOptions Options = new()
    {
        PoolSize = 3,
        Timeout = TimeSpan.FromSeconds(3),
        MemoryMiB = 512,
        MaxOutputBytes = 64 * 1024,
        // Without root the isolation cannot be complete; the isolation test checks the refusal separately.
        AllowUnsafe = !PythonAvailability.IsRoot,
    };

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
