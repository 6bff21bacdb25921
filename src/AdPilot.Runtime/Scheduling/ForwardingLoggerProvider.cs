using Microsoft.Extensions.Logging;

namespace AdPilot.Runtime.Scheduling;

/// <summary>
/// Hands Quartz's container the application's logging. A standalone Quartz container with a logger factory but no
/// provider sends its lines to Quartz's process-wide <c>LogProvider</c> instead (nowhere, unless set); registering this
/// provider beside the factory makes Quartz log through the factory the scheduler was given, cluster recovery included.
/// </summary>
internal sealed class ForwardingLoggerProvider(ILoggerFactory factory) : ILoggerProvider
{
    public ILogger CreateLogger(string categoryName) => factory.CreateLogger(categoryName);

    public void Dispose()
    {
    }
}
