using Mario.Sandbox;

namespace Mario.Sandbox.Tests;

/// <summary>The one-server pool these tests kill and restart.</summary>
public sealed class OneServerPool : IAsyncLifetime
{
    public static readonly SandboxOptions Options = SandboxFixture.Options with { PoolSize = 1, Timeout = TimeSpan.FromSeconds(10) };

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
