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
        // Starting servers dominates this project's test time; the warm-up changes speed, not behaviour.
        WarmUp = false,
        // Start even where isolation is incomplete (no root, no CAP_SYS_ADMIN): the behaviour tests still run, the
        // hostile corpus runs only when isolated, and the refusal itself is tested with an unprivileged server.
        AllowUnsafe = true,
    };

    private ForkServerSandbox? sandbox;

    public ForkServerSandbox Sandbox => sandbox ?? throw new InvalidOperationException(PythonAvailability.SkipReason);

    /// <summary>True when every isolation feature works; hostile cells are only safe to run then.</summary>
    public bool Isolated => !Sandbox.IsUnsafe;

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
