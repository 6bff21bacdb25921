using AdPilot.Runtime.Demo;
using AdPilot.Web;
using Microsoft.AspNetCore.Builder;

namespace AdPilot.Cli.Commands;

/// <summary><c>demo --serve</c>: the dashboard over the demo's database and sandbox until Ctrl-C, signed in with a one-time token.</summary>
internal static class DemoDashboard
{
    public static async Task<int> ServeAsync(CliConsole console, DemoRunner runner, TimeProvider time, CancellationToken cancellationToken)
    {
        var options = new WebOptions { Url = "http://127.0.0.1:8080", Production = false };
        var app = AdPilotWebApp.Build(new WebAppSetup
        {
            Configuration = runner.Configuration,
            Database = runner.Database,
            Time = runner.Sandbox.World.Clock,
            Options = options,
        });
        await using (app.ConfigureAwait(false))
        {
            await app.StartAsync(cancellationToken).ConfigureAwait(false);
            await console.Error.WriteLineAsync($"adpilot: the dashboard is on {options.Url}; Ctrl-C stops.").ConfigureAwait(false);
            try
            {
                await Task.Delay(Timeout.InfiniteTimeSpan, time, cancellationToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                // Ctrl-C: stop below.
            }

            await app.StopAsync(CancellationToken.None).ConfigureAwait(false);
        }

        return CliApp.Ok;
    }
}
