using System.Collections;
using System.CommandLine;
using System.Data.Common;
using AdPilot.Runtime.Configuration;
using AdPilot.Storage.Connections;
using AdPilot.Web;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace AdPilot.Cli.Commands;

/// <summary>
/// <c>adpilot serve [--url URL] [--db CONN]</c>: the Shopify webhook receiver, the dashboard, <c>/health</c> and
/// <c>/metrics</c> until Ctrl-C.
/// </summary>
internal static class ServeCommand
{
    public static Command Create(CliConsole console, IDictionary environment, TimeProvider time)
    {
        var url = new Option<string?>("--url") { Description = "The address to listen on (default Web:Url, http://127.0.0.1:8080)." };
        var db = DbCommand.DatabaseOption();
        var command = new Command("serve", "Serve the Shopify webhook receiver, the dashboard, /health and /metrics until Ctrl-C.") { url, db };
        command.SetAction(async (parsed, cancellationToken) =>
        {
            var target = DbCommand.Target(parsed.GetValue(db), name => environment[name] as string);
            var configuration = AdPilotConfiguration.Build(environment);
            WebOptions options;
            try
            {
                options = ConfigurationSections.Read(configuration, WebOptions.SectionName, () => new WebOptions(), o => o.Validate());
                if (parsed.GetValue(url) is { } u)
                {
                    options.Url = u;
                }
            }
            catch (OptionsValidationException ex)
            {
                await console.Error.WriteLineAsync($"adpilot: the configuration is not valid: {string.Join("; ", ex.Failures)}").ConfigureAwait(false);
                return CliApp.Failure;
            }

            try
            {
                await using var database = await StorageDatabase.OpenMigratedAsync(target, cancellationToken).ConfigureAwait(false);
                var app = AdPilotWebApp.Build(new WebAppSetup
                {
                    Configuration = configuration,
                    Database = database,
                    Time = time,
                    Options = options,
                    ConfigureLogging = logging => logging.AddJsonConsole(o => o.UseUtcTimestamp = true).SetMinimumLevel(LogLevel.Information),
                });
                await using (app.ConfigureAwait(false))
                {
                    await app.StartAsync(cancellationToken).ConfigureAwait(false);
                    await console.Error.WriteLineAsync($"adpilot: serving on {options.Url}; Ctrl-C stops.").ConfigureAwait(false);
                    try
                    {
                        await Task.Delay(Timeout.InfiniteTimeSpan, TimeProvider.System, cancellationToken).ConfigureAwait(false);
                    }
                    catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
                    {
                        // Ctrl-C: stop below.
                    }

                    await app.StopAsync(CancellationToken.None).ConfigureAwait(false);
                }

                return CliApp.Ok;
            }
            catch (OptionsValidationException ex)
            {
                await console.Error.WriteLineAsync($"adpilot: the configuration is not valid: {string.Join("; ", ex.Failures)}").ConfigureAwait(false);
                return CliApp.Failure;
            }
            catch (DbException ex)
            {
                await console.Error.WriteLineAsync($"adpilot: {target}: {ex.Message}").ConfigureAwait(false);
                return CliApp.Failure;
            }
        });
        return command;
    }
}
