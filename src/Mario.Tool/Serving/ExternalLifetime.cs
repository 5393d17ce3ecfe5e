using Microsoft.Extensions.Hosting;

namespace Mario.Tool.Serving;

/// <summary>
/// A host lifetime that leaves signals alone: <c>mario serve</c> stops when the command's cancellation token fires
/// (System.CommandLine turns Ctrl-C and SIGTERM into it), and servers started in-process by tests never hook the
/// console.
/// </summary>
internal sealed class ExternalLifetime : IHostLifetime
{
    /// <inheritdoc />
    public Task WaitForStartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    /// <inheritdoc />
    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
