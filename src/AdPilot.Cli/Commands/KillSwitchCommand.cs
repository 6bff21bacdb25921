using System.Collections;
using System.CommandLine;
using System.Data.Common;
using AdPilot.Core.Guardrails;
using AdPilot.Core.Platforms;
using AdPilot.Runtime.Actuation;
using AdPilot.Runtime.Alerts;
using AdPilot.Runtime.Configuration;
using AdPilot.Runtime.Observability;
using AdPilot.Runtime.Platforms;
using AdPilot.Storage.Actions;
using AdPilot.Storage.Alerts;
using AdPilot.Storage.Approvals;
using AdPilot.Storage.Audit;
using AdPilot.Storage.Connections;
using AdPilot.Storage.Snapshots;
using AdPilot.Storage.Stores;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace AdPilot.Cli.Commands;

/// <summary>
/// <c>adpilot killswitch [--restore | --release | --status] [--reason TEXT] [--db CONN] [--store DOMAIN]</c>: engages the
/// kill switch (every change stops from the next cycle on); <c>--restore</c> also puts every ad set of every configured
/// account back to the last budget a person set; <c>--release</c> lets changes resume; <c>--status</c> only says.
/// </summary>
internal static class KillSwitchCommand
{
    public static Command Create(CliConsole console, IDictionary environment, TimeProvider time)
    {
        var db = DbCommand.DatabaseOption();
        var store = StoreChoice.Option();
        var restore = new Option<bool>("--restore") { Description = "Also restore the last human budget of every ad set of the configured accounts (the platforms are called)." };
        var release = new Option<bool>("--release") { Description = "Release the switch: changes resume with the next cycle." };
        var status = new Option<bool>("--status") { Description = "Only say whether the switch is engaged." };
        var reason = new Option<string?>("--reason") { Description = "Why, kept with the switch." };
        var actorOption = CliActor.Option();
        var command = new Command("killswitch", "Stop every change now; with --restore, put the last human budgets back.")
        {
            restore, release, status, reason, db, store, actorOption,
        };
        command.Validators.Add(result =>
        {
            var chosen = new[] { result.GetResult(restore), result.GetResult(release), result.GetResult(status) }.Count(r => r is not null);
            if (chosen > 1)
            {
                result.AddError("--restore, --release and --status cannot be used together");
            }
        });
        command.SetAction(async (parsed, cancellationToken) =>
        {
            var target = DbCommand.Target(parsed.GetValue(db), name => environment[name] as string);
            try
            {
                await using var database = await StorageDatabase.OpenMigratedAsync(target, cancellationToken).ConfigureAwait(false);
                var storeId = await StoreChoice.ResolveAsync(new StoreDirectory(database, time), parsed.GetValue(store), cancellationToken).ConfigureAwait(false);
                await using var alerting = AlertServices(environment, time);
                var actor = CliActor.Resolve(parsed.GetValue(actorOption));
                var kill = new KillSwitchService(
                    new AlertStore(database, time),
                    new ActionLog(database, time),
                    new BudgetSnapshotStore(database),
                    time,
                    notifier: alerting.GetRequiredService<AlertNotifier>(),
                    audit: new AdminAuditStore(database, time));
                if (parsed.GetValue(status))
                {
                    await console.Out.WriteLineAsync(Describe(await kill.GetStateAsync(storeId, cancellationToken).ConfigureAwait(false))).ConfigureAwait(false);
                    return CliApp.Ok;
                }

                if (parsed.GetValue(release))
                {
                    var released = await kill.ReleaseAsync(storeId, actor, cancellationToken).ConfigureAwait(false);
                    await console.Out.WriteLineAsync(released
                        ? "Kill switch released: changes resume with the next cycle."
                        : "The kill switch was not engaged; nothing changed.").ConfigureAwait(false);
                    return CliApp.Ok;
                }

                var state = await kill.EngageAsync(storeId, parsed.GetValue(reason) ?? $"engaged from the command line by {actor.Name}", actor, cancellationToken)
                    .ConfigureAwait(false);
                await console.Out.WriteLineAsync(Describe(state)).ConfigureAwait(false);
                return parsed.GetValue(restore)
                    ? await RestoreAsync(console, environment, database, storeId, time, actor, cancellationToken).ConfigureAwait(false)
                    : CliApp.Ok;
            }
            catch (DbException ex)
            {
                await console.Error.WriteLineAsync($"adpilot: {target}: {ex.Message}").ConfigureAwait(false);
                return CliApp.Failure;
            }
            catch (OptionsValidationException ex)
            {
                await console.Error.WriteLineAsync($"adpilot: the configuration is not valid: {string.Join("; ", ex.Failures)}").ConfigureAwait(false);
                return CliApp.Failure;
            }
        });
        return command;
    }

    /// <summary>The alert sinks (the <c>Alerts</c> section's webhook), so engaging and releasing the switch are told as the loop's alerts are.</summary>
    /// <exception cref="OptionsValidationException">The <c>Alerts</c> section is invalid.</exception>
    private static ServiceProvider AlertServices(IDictionary environment, TimeProvider time) =>
        new ServiceCollection()
            .AddSingleton(time)
            .AddLogging(logging => logging.AddAdPilotJsonConsole().SetMinimumLevel(LogLevel.Warning))
            .AddAlertNotifier(AdPilotConfiguration.Build(environment))
            .BuildServiceProvider();

    private static string Describe(KillSwitchState state) => state.Engaged
        ? $"Kill switch engaged since {state.EngagedAt:yyyy-MM-dd HH:mm'Z'} ({state.Reason}): no change is made until it is released."
        : "Kill switch not engaged.";

    /// <summary>Restores every configured account, one after another; an account that fails is named and the rest go on.</summary>
    private static async Task<int> RestoreAsync(
        CliConsole console, IDictionary environment, StorageDatabase database, long storeId, TimeProvider time, AdminActor actor, CancellationToken cancellationToken)
    {
        var configuration = AdPilotConfiguration.Build(environment);
        ServiceProvider provider;
        try
        {
            var services = new ServiceCollection()
                .AddSingleton(time)
                .AddSingleton<IAlertStore>(new AlertStore(database, time))
                .AddSingleton<IActionLog>(new ActionLog(database, time))
                .AddSingleton<IBudgetSnapshotStore>(new BudgetSnapshotStore(database))
                .AddSingleton<IApprovalStore>(new ApprovalStore(database, time))
                .AddSingleton<IAdminAuditStore>(new AdminAuditStore(database, time))
                .AddSingleton(new AdPilot.Storage.Experiments.ExperimentStore(database, time))
                .AddAdPlatforms(configuration)
                .AddActuator(configuration);
            provider = services.BuildServiceProvider();
        }
        catch (OptionsValidationException ex)
        {
            await console.Error.WriteLineAsync($"adpilot: cannot restore: {string.Join("; ", ex.Failures)}").ConfigureAwait(false);
            return CliApp.Failure;
        }

        await using (provider.ConfigureAwait(false))
        {
            AdPlatforms platforms;
            try
            {
                platforms = provider.GetRequiredService<AdPlatforms>();
            }
            catch (OptionsValidationException ex)
            {
                await console.Error.WriteLineAsync($"adpilot: cannot restore: {string.Join("; ", ex.Failures)}").ConfigureAwait(false);
                return CliApp.Failure;
            }

            var kill = provider.GetRequiredService<KillSwitchService>();
            var batches = provider.GetRequiredService<AdPlatformBatches>();
            var failed = 0;
            foreach (var account in platforms.Accounts)
            {
                try
                {
                    var entries = await kill.RestoreAsync(storeId, account, platforms.For(account), batches.For(account), RolloutStage.Expand, actor, cancellationToken)
                        .ConfigureAwait(false);
                    var applied = entries.Count(e => e.Status == ActionStatus.Applied);
                    await console.Out.WriteLineAsync($"{account}: {applied} of {entries.Count} ad sets restored to their last human budget.").ConfigureAwait(false);
                    failed += entries.Count - applied;
                }
                catch (PlatformException ex)
                {
                    await console.Error.WriteLineAsync($"adpilot: {account}: the restore failed: {ex.Message}").ConfigureAwait(false);
                    failed++;
                }
            }

            return failed == 0 ? CliApp.Ok : CliApp.Failure;
        }
    }
}
