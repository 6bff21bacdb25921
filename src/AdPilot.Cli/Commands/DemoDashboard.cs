using AdPilot.Runtime.Demo;
using AdPilot.Web.Demo;

namespace AdPilot.Cli.Commands;

/// <summary><c>demo --serve</c>: the demo's web application (dashboard, webhooks, metrics) stays up over its database and sandbox until Ctrl-C.</summary>
internal static class DemoDashboard
{
    public static async Task<int> ServeAsync(CliConsole console, DemoRunner runner, TimeProvider time, CancellationToken cancellationToken)
    {
        if (runner.Host is not DemoWebHost web)
        {
            await console.Error.WriteLineAsync("adpilot: the demo ran without its web application; nothing to serve.").ConfigureAwait(false);
            return CliApp.Failure;
        }

        await console.Error.WriteLineAsync($"adpilot: the dashboard is on {web.BaseUrl} (sign in with the token {web.Options.AdminToken}); Ctrl-C stops.").ConfigureAwait(false);
        try
        {
            await Task.Delay(Timeout.InfiniteTimeSpan, time, cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // Ctrl-C: the runner's disposal stops the web application.
        }

        return CliApp.Ok;
    }
}
