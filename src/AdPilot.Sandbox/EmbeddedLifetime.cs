using Microsoft.Extensions.Hosting;

namespace AdPilot.Sandbox;

/// <summary>
/// A host lifetime that leaves signals to whoever embeds the sandbox. The default console lifetime would take Ctrl-C
/// and SIGTERM for itself and stop the web host while the embedding command (or test) still waits, never exiting.
/// </summary>
internal sealed class EmbeddedLifetime : IHostLifetime
{
    public Task WaitForStartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
