using System.Collections;
using System.CommandLine;
using System.Data.Common;
using AdPilot.Core.Guardrails;
using AdPilot.Runtime.Configuration;
using AdPilot.Runtime.Loop;
using AdPilot.Runtime.Observability;
using AdPilot.Runtime.Scheduling;
using AdPilot.Runtime.Secrets;
using AdPilot.Storage.Cycles;
using AdPilot.Storage.Connections;
using AdPilot.Storage.Secrets;
using AdPilot.Web;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace AdPilot.Cli.Commands;

/// <summary>
/// <c>adpilot serve [--url URL] [--db CONN] [--mode shadow|pilot|expand] [--store DOMAIN]</c>: the Shopify webhook
/// receiver, the dashboard, <c>/health</c> and <c>/metrics</c> until Ctrl-C; with <c>--mode</c> the same process also
/// runs the hourly loop on the scheduler (and, when <c>Retraining:Enabled</c> is set, the nightly retraining), as
/// <c>adpilot run</c> does, so its metrics and alerts come from one place.
/// </summary>
internal static class ServeCommand
{
    public static Command Create(CliConsole console, IDictionary environment, TimeProvider time)
    {
        var url = new Option<string?>("--url") { Description = "The address to listen on (default Web:Url, http://127.0.0.1:8080)." };
        var db = DbCommand.DatabaseOption();
        var mode = new Option<string?>("--mode") { Description = "Also run the hourly loop in this process: shadow, pilot or expand (as 'adpilot run --mode')." };
        mode.AcceptOnlyFromAmong("shadow", "pilot", "expand");
        var store = StoreChoice.Option();
        var actor = CliActor.Option();
        var command = new Command("serve", "Serve the Shopify webhook receiver, the dashboard, /health and /metrics until Ctrl-C; with --mode, run the hourly loop too.")
        {
            url, db, mode, store, actor,
        };
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
                configuration = AdPilotConfiguration.Build(
                    await StoredSecretsEnvironment.WithStoredSecretsAsync(
                        await AdPilot.Runtime.Onboarding.ConnectedEnvironment.WithConnectionsAsync(environment, database, parsed.GetValue(store), time, cancellationToken).ConfigureAwait(false),
                        database,
                        parsed.GetValue(store),
                        time,
                        cancellationToken).ConfigureAwait(false));
                var app = AdPilotWebApp.Build(new WebAppSetup
                {
                    Configuration = configuration,
                    Database = database,
                    Time = time,
                    Options = options,
                    ConfigureLogging = logging => logging.AddAdPilotJsonConsole().SetMinimumLevel(LogLevel.Information),
                });
                await using (app.ConfigureAwait(false))
                {
                    await app.StartAsync(cancellationToken).ConfigureAwait(false);
                    var scheduler = parsed.GetValue(mode) is { } stage
                        ? await StartLoopAsync(console, app.Services, configuration, database, Stage(stage), parsed.GetValue(store), CliActor.Resolve(parsed.GetValue(actor)), time, cancellationToken).ConfigureAwait(false)
                        : null;
                    await console.Error.WriteLineAsync($"adpilot: serving on {options.Url}; Ctrl-C stops.").ConfigureAwait(false);
                    if (app.Services.GetRequiredService<AdPilot.Web.Dashboard.DashboardCredentials>().GeneratedToken is { } token)
                    {
                        await console.Error.WriteLineAsync($"adpilot: no WEB__ADMINTOKEN or WEB__ADMINPASSWORD is set (not production): sign in to the dashboard with this one-time token: {token}").ConfigureAwait(false);
                    }

                    try
                    {
                        await Task.Delay(Timeout.InfiniteTimeSpan, TimeProvider.System, cancellationToken).ConfigureAwait(false);
                    }
                    catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
                    {
                        // Ctrl-C: stop below.
                    }

                    if (scheduler is not null)
                    {
                        // Running cycles finish first, then the pulls and rescorings beside them.
                        await scheduler.StopAsync(CancellationToken.None).ConfigureAwait(false);
                        await scheduler.DisposeAsync().ConfigureAwait(false);
                        await app.Services.GetRequiredService<HourlyCycle>().WhenIdleAsync().ConfigureAwait(false);
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
            catch (Exception ex) when (ex is SecretKeyException or SecretException)
            {
                await console.Error.WriteLineAsync($"adpilot: stored secrets: {ex.Message}").ConfigureAwait(false);
                return CliApp.Failure;
            }
        });
        return command;
    }

    private static RolloutStage Stage(string mode) => mode switch
    {
        "pilot" => RolloutStage.Pilot,
        "expand" => RolloutStage.Expand,
        _ => RolloutStage.Shadow,
    };

    /// <summary>The hourly loop on the scheduler, over the web application's services (one cycle, one set of metrics).</summary>
    private static async Task<CycleScheduler> StartLoopAsync(
        CliConsole console,
        IServiceProvider services,
        IConfiguration configuration,
        StorageDatabase database,
        RolloutStage stage,
        string? storeOption,
        Storage.Audit.AdminActor actor,
        TimeProvider time,
        CancellationToken cancellationToken)
    {
        var storeOptions = ConfigurationSections.Read(configuration, StoreOptions.SectionName, () => new StoreOptions(), o => o.Validate());
        var schedulerOptions = ConfigurationSections.Read(configuration, CycleSchedulerOptions.SectionName, () => new CycleSchedulerOptions(), o => o.Validate());
        var storeId = await RunCommand.StoreAsync(services, configuration, storeOptions, storeOption, time, cancellationToken).ConfigureAwait(false);
        await RunCommand.RecordModeAsync(services.GetRequiredService<Storage.Audit.IAdminAuditStore>(), storeId, stage, actor, cancellationToken).ConfigureAwait(false);
        var cycle = services.GetRequiredService<HourlyCycle>();
        var retraining = await RetrainCommand.PlanAsync(services, configuration, database, storeId, time, cancellationToken).ConfigureAwait(false);
        var scheduler = new CycleScheduler(
            new CycleRunner(cycle, stage),
            new CycleRunStore(database, time),
            [.. cycle.Accounts.Select(a => new ScheduledAccount(storeId, a))],
            database.Target,
            schedulerOptions,
            time,
            services.GetRequiredService<ILoggerFactory>(),
            retraining);
        await scheduler.StartAsync(cancellationToken).ConfigureAwait(false);
        await console.Error.WriteLineAsync(FormattableString.Invariant(
            $"adpilot: running {stage.ToString().ToLowerInvariant()} for {scheduler.Accounts.Count} ad accounts, every hour at minute {schedulerOptions.MinutePastHour}{(retraining is null ? string.Empty : "; the policy is retrained every night")}.")).ConfigureAwait(false);
        return scheduler;
    }
}
