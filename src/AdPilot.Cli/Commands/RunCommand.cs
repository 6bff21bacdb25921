using System.Collections;
using System.CommandLine;
using System.Data.Common;
using AdPilot.Connectors;
using AdPilot.Core.Guardrails;
using AdPilot.Runtime.Configuration;
using AdPilot.Runtime.Loop;
using AdPilot.Runtime.Observability;
using AdPilot.Runtime.Onboarding;
using AdPilot.Runtime.Platforms;
using AdPilot.Runtime.Scheduling;
using AdPilot.Runtime.Secrets;
using AdPilot.Sandbox;
using AdPilot.Storage.Audit;
using AdPilot.Storage.Connections;
using AdPilot.Storage.Cycles;
using AdPilot.Storage.Secrets;
using AdPilot.Storage.Stores;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace AdPilot.Cli.Commands;

/// <summary>
/// <c>adpilot run --mode shadow|pilot|expand [--once] [--store DOMAIN] [--db CONN] [--json]</c>: the hourly loop. With
/// <c>--once</c> it runs the current hour for every configured ad account and exits (0 when every account's cycle
/// succeeded); without it, it runs every hour on the scheduler until Ctrl-C, and, when <c>Retraining:Enabled</c> is set,
/// retrains the store's policy every night (<see cref="RetrainCommand"/>).
/// </summary>
internal static class RunCommand
{
    public static Command Create(CliConsole console, IDictionary environment, TimeProvider time)
    {
        var mode = new Option<string>("--mode")
        {
            Description = "shadow: log every decision, change nothing; pilot: change only the canary ad sets; expand: manage every ad set.",
            Required = true,
        };
        mode.AcceptOnlyFromAmong("shadow", "pilot", "expand");
        var once = new Option<bool>("--once") { Description = "Run the current hour for every account, print what each cycle did, and exit." };
        var store = StoreChoice.Option();
        var db = DbCommand.DatabaseOption();
        var json = new Option<bool>("--json") { Description = "With --once, print the cycle reports as a JSON array." };
        var actor = CliActor.Option();
        var command = new Command("run", "Run the hourly loop: ETL, features, the policy, the guardrails and the actuator.") { mode, once, store, db, json, actor };
        command.SetAction(async (parsed, cancellationToken) =>
        {
            var stage = parsed.GetValue(mode) switch
            {
                "pilot" => RolloutStage.Pilot,
                "expand" => RolloutStage.Expand,
                _ => RolloutStage.Shadow,
            };
            var target = DbCommand.Target(parsed.GetValue(db), name => environment[name] as string);
            try
            {
                await using var database = await StorageDatabase.OpenMigratedAsync(target, cancellationToken).ConfigureAwait(false);
                var connected = await ConnectedEnvironment.WithConnectionsAsync(environment, database, parsed.GetValue(store), time, cancellationToken).ConfigureAwait(false);
                var withSecrets = await StoredSecretsEnvironment.WithStoredSecretsAsync(connected, database, parsed.GetValue(store), time, cancellationToken).ConfigureAwait(false);
                return await RunAsync(console, withSecrets, time, database, stage, parsed.GetValue(store), parsed.GetValue(once), parsed.GetValue(json), CliActor.Resolve(parsed.GetValue(actor)), cancellationToken)
                    .ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is SecretKeyException or SecretException)
            {
                await console.Error.WriteLineAsync($"adpilot: stored secrets: {ex.Message}").ConfigureAwait(false);
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

    private static async Task<int> RunAsync(
        CliConsole console,
        IDictionary environment,
        TimeProvider time,
        StorageDatabase database,
        RolloutStage stage,
        string? storeOption,
        bool once,
        bool json,
        AdminActor actor,
        CancellationToken cancellationToken)
    {
        var configuration = AdPilotConfiguration.Build(environment);
        ServiceProvider provider;
        HourlyCycle cycle;
        StoreOptions storeOptions;
        try
        {
            storeOptions = ConfigurationSections.Read(configuration, StoreOptions.SectionName, () => new StoreOptions(), o => o.Validate());
            provider = new ServiceCollection()
                .AddSingleton(time)
                .AddLogging(logging => logging.AddAdPilotJsonConsole().SetMinimumLevel(LogLevel.Information))
                .AddHourlyLoop(configuration, database)
                .BuildServiceProvider();
            cycle = provider.GetRequiredService<HourlyCycle>();
        }
        catch (OptionsValidationException ex)
        {
            await console.Error.WriteLineAsync($"adpilot: the configuration is not valid: {string.Join("; ", ex.Failures)}").ConfigureAwait(false);
            return CliApp.Failure;
        }

        await using (provider.ConfigureAwait(false))
        {
            if (!await ScopesAllowStartAsync(console, configuration, time, storeOptions.HistoryDays, cancellationToken).ConfigureAwait(false))
            {
                return CliApp.Failure;
            }

            var storeId = await StoreAsync(provider, configuration, storeOptions, storeOption, time, cancellationToken).ConfigureAwait(false);
            await RecordModeAsync(provider.GetRequiredService<IAdminAuditStore>(), storeId, stage, actor, cancellationToken).ConfigureAwait(false);
            CycleSchedulerOptions schedulerOptions;
            NightlyRetrainingPlan? retraining;
            try
            {
                schedulerOptions = ConfigurationSections.Read(configuration, CycleSchedulerOptions.SectionName, () => new CycleSchedulerOptions(), o => o.Validate());
                retraining = once ? null : await RetrainCommand.PlanAsync(provider, configuration, database, storeId, time, cancellationToken).ConfigureAwait(false);
            }
            catch (OptionsValidationException ex)
            {
                await console.Error.WriteLineAsync($"adpilot: the configuration is not valid: {string.Join("; ", ex.Failures)}").ConfigureAwait(false);
                return CliApp.Failure;
            }

            TokenRefreshOptions refreshOptions;
            try
            {
                refreshOptions = ConfigurationSections.Read(configuration, TokenRefreshOptions.SectionName, () => new TokenRefreshOptions(), o => o.Validate());
            }
            catch (OptionsValidationException ex)
            {
                await console.Error.WriteLineAsync($"adpilot: the configuration is not valid: {string.Join("; ", ex.Failures)}").ConfigureAwait(false);
                return CliApp.Failure;
            }

            await using var oauth = new ServiceCollection().AddSingleton(time).AddLogging().AddMetaOAuth().BuildServiceProvider();
            var key = SecretKey.FromEnvironment(name => environment[name] as string, SecretsCommand.DataDirectory(database.Target));
            var tokenRefresh = once || key is null
                ? null
                : new TokenRefreshPlan(
                    new StoredTokenRefreshRunner(
                        new MetaTokenRefresher(database, oauth.GetRequiredService<AdPilot.Connectors.Meta.MetaOAuthClient>(), provider.GetRequiredService<AdPilot.Runtime.Alerts.AlertService>(), refreshOptions, time),
                        key,
                        configuration["Meta:ApiVersion"] is { Length: > 0 } version ? version : "v25.0",
                        new Uri(configuration["Meta:BaseUrl"] is { Length: > 0 } root ? root : "https://graph.facebook.com/")),
                    [storeId],
                    refreshOptions.CheckEveryHours);
            var runner = new CycleRunner(cycle, stage);
            var scheduler = new CycleScheduler(
                runner,
                new CycleRunStore(database, time),
                [.. cycle.Accounts.Select(a => new ScheduledAccount(storeId, a))],
                database.Target,
                schedulerOptions,
                time,
                provider.GetRequiredService<ILoggerFactory>(),
                retraining)
            {
                TokenRefresh = tokenRefresh,
            };
            await using (scheduler.ConfigureAwait(false))
            {
                try
                {
                    return once
                        ? await OnceAsync(console, scheduler, runner, json, cancellationToken).ConfigureAwait(false)
                        : await ServeAsync(console, scheduler, stage, schedulerOptions, cancellationToken).ConfigureAwait(false);
                }
                finally
                {
                    // Order pulls and late-change rescoring run beside the cycles: let them finish their writes.
                    await cycle.WhenIdleAsync().ConfigureAwait(false);
                }
            }
        }
    }

    /// <summary>
    /// The start-up check of every connection's granted scopes against least privilege (<see cref="LeastPrivilegeCheck"/>):
    /// a missing one stops the start, naming the platform, the scope and the fix; one beyond what AdPilot needs is a warning.
    /// </summary>
    private static async Task<bool> ScopesAllowStartAsync(
        CliConsole console, IConfiguration configuration, TimeProvider time, int historyDays, CancellationToken cancellationToken)
    {
        var (errors, warnings) = await new LeastPrivilegeCheck(time).CheckAsync(configuration, historyDays, cancellationToken).ConfigureAwait(false);
        foreach (var warning in warnings)
        {
            await console.Error.WriteLineAsync($"adpilot: warning: {warning}").ConfigureAwait(false);
        }

        foreach (var error in errors)
        {
            await console.Error.WriteLineAsync($"adpilot: {error}").ConfigureAwait(false);
        }

        if (errors.Count > 0)
        {
            await console.Error.WriteLineAsync($"adpilot: not started: {errors.Count} connection(s) lack a scope AdPilot needs ('adpilot doctor' shows every check).").ConfigureAwait(false);
            return false;
        }

        return true;
    }

    /// <summary>The current hour for every account, through the cycle ledger: an account-hour already done is not run again.</summary>
    private static async Task<int> OnceAsync(CliConsole console, CycleScheduler scheduler, CycleRunner runner, bool json, CancellationToken cancellationToken)
    {
        var results = await scheduler.RunOnceAsync(cancellationToken).ConfigureAwait(false);
        var reports = runner.Reports;
        if (json)
        {
            await console.Out.WriteLineAsync(HourlyCycle.ToJson(reports)).ConfigureAwait(false);
        }
        else
        {
            foreach (var report in reports)
            {
                await console.Out.WriteLineAsync(Describe(report)).ConfigureAwait(false);
            }
        }

        foreach (var result in results)
        {
            var what = $"{result.Work.Account} {result.Work.HourUtc:yyyy-MM-dd HH:mm}Z";
            if (result.Outcome == AccountHourOutcome.AlreadySucceeded && !json)
            {
                await console.Out.WriteLineAsync($"{what}: already done this hour; nothing run again.").ConfigureAwait(false);
            }
            else if (result.Outcome == AccountHourOutcome.Failed)
            {
                await console.Error.WriteLineAsync($"adpilot: {what}: the cycle failed and the next one catches up: {result.Error}").ConfigureAwait(false);
            }
        }

        return results.Any(r => r.Outcome == AccountHourOutcome.Failed) ? CliApp.Failure : CliApp.Ok;
    }

    /// <summary>Every hour on the scheduler until Ctrl-C, then a graceful stop that lets running cycles finish.</summary>
    private static async Task<int> ServeAsync(
        CliConsole console, CycleScheduler scheduler, RolloutStage stage, CycleSchedulerOptions options, CancellationToken cancellationToken)
    {
        await scheduler.StartAsync(cancellationToken).ConfigureAwait(false);
        await console.Error.WriteLineAsync(FormattableString.Invariant(
            $"adpilot: running {stage.ToString().ToLowerInvariant()} for {scheduler.Accounts.Count} ad accounts, every hour at minute {options.MinutePastHour} (worker {scheduler.WorkerId}); Ctrl-C stops after the running cycles finish.")).ConfigureAwait(false);
        foreach (var store in scheduler.RetrainedStores)
        {
            await console.Error.WriteLineAsync($"adpilot: store {store.StoreId} is retrained every night ({store.TimeZone}); see 'adpilot checkpoints list'.").ConfigureAwait(false);
        }

        try
        {
            await Task.Delay(Timeout.InfiniteTimeSpan, TimeProvider.System, cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // Ctrl-C: stop below.
        }

        await scheduler.StopAsync(CancellationToken.None).ConfigureAwait(false);
        await console.Error.WriteLineAsync("adpilot: stopped").ConfigureAwait(false);
        return CliApp.Ok;
    }

    /// <summary>A run in another mode than the store's last one is a mode change: recorded in the audit trail before any cycle runs.</summary>
    internal static async Task RecordModeAsync(IAdminAuditStore audit, long storeId, RolloutStage stage, AdminActor actor, CancellationToken cancellationToken)
    {
        var mode = stage.ToString().ToLowerInvariant();
        var last = await audit.LastModeAsync(storeId, cancellationToken).ConfigureAwait(false);
        if (!string.Equals(last, mode, StringComparison.Ordinal))
        {
            await audit.AppendAsync(
                storeId,
                new AdminAuditRecord(actor, AdminActions.ModeChange, "rollout mode", new Dictionary<string, string?> { ["from"] = last, ["to"] = mode }),
                cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>
    /// The store to run: <c>--store</c>, else the configured Shopify shop, else the simulated world's; registered (or its
    /// settings brought up to date) from the <c>Store</c> section when it is the configured one, else it must be in the
    /// database already.
    /// </summary>
    internal static async Task<long> StoreAsync(
        IServiceProvider provider, IConfiguration configuration, StoreOptions options, string? storeOption, TimeProvider time, CancellationToken cancellationToken)
    {
        var directory = provider.GetRequiredService<IStoreDirectory>();
        var configured = configuration["Shopify:ShopDomain"];
        if (string.IsNullOrWhiteSpace(configured) && provider.GetRequiredService<AdPlatforms>().Source == PlatformSource.Simulated)
        {
            configured = provider.GetRequiredService<SandboxWorld>().Scenario.Store.Domain;
        }

        var domain = storeOption ?? configured;
        if (domain is null)
        {
            return await StoreChoice.ResolveAsync(directory, null, cancellationToken).ConfigureAwait(false);
        }

        if (!string.Equals(domain, configured, StringComparison.OrdinalIgnoreCase))
        {
            return await StoreChoice.ResolveAsync(directory, domain, cancellationToken).ConfigureAwait(false);
        }

        try
        {
            return await StoreRegistration.EnsureAsync(directory, options, domain, time.GetUtcNow(), cancellationToken).ConfigureAwait(false);
        }
        catch (ArgumentException ex)
        {
            throw new UsageException(ex.Message);
        }
    }

    private static string Describe(CycleReport r) =>
        FormattableString.Invariant(
            $"{r.Account} {r.Hour:yyyy-MM-dd HH:mm}Z {r.Stage.ToString().ToLowerInvariant()}: {r.Managed} ad sets, {r.InsightRows} insight rows, {r.Orders} new orders, ")
        + FormattableString.Invariant(
            $"{r.Decisions} decisions ({r.Changes} changes proposed: {r.Applied} applied, {r.Blocked} blocked, {r.PendingApproval} awaiting approval, {r.Failed} failed)")
        + (r.KillSwitchEngaged ? ", kill switch engaged" : string.Empty)
        + (r.HumanChanges > 0 ? FormattableString.Invariant($", {r.HumanChanges} human changes seen") : string.Empty)
        + FormattableString.Invariant($" in {r.Seconds:0.00} s");
}
