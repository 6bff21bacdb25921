using System.Collections;
using System.CommandLine;
using System.CommandLine.Parsing;
using System.Data.Common;
using System.Globalization;
using System.Text.Json;
using AdPilot.Core.Guardrails;
using AdPilot.Core.Training;
using AdPilot.Runtime.Alerts;
using AdPilot.Runtime.Configuration;
using AdPilot.Runtime.Evidence;
using AdPilot.Runtime.Loop;
using AdPilot.Runtime.Observability;
using AdPilot.Runtime.Retraining;
using AdPilot.Runtime.Scheduling;
using AdPilot.Storage.Alerts;
using AdPilot.Storage.Connections;
using AdPilot.Storage.Rewards;
using AdPilot.Storage.Stores;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Spectre.Console;

namespace AdPilot.Cli.Commands;

/// <summary>
/// <c>adpilot retrain [--db CONN] [--store DOMAIN] [--from T] [--to T] [--episodes N] [--json]</c>: runs the nightly
/// retraining once, now: the store's data over the range (by default the last <c>Retraining:WindowDays</c> days up to the
/// last complete hour), a scenario family calibrated on it, the serving checkpoint trained on further, the checkpoint
/// registered as a candidate and promoted only when the promotion gate says so. A night that has its version already is
/// reported, not trained again.
/// </summary>
internal static class RetrainCommand
{
    public static Command Create(CliConsole console, IDictionary environment, TimeProvider time)
    {
        var db = DbCommand.DatabaseOption();
        var store = StoreChoice.Option();
        var from = new Option<string?>("--from") { Description = "The first hour of data, ISO 8601 (UTC without an offset), e.g. 2026-03-01T00:00Z; default Retraining:WindowDays before --to." };
        var to = new Option<string?>("--to") { Description = "The end of the data (exclusive), a whole hour in ISO 8601; default the start of the current hour. It names the version (its store-local date)." };
        var episodes = new Option<int?>("--episodes") { Description = "Training episodes (default Retraining:Episodes)." };
        var json = new Option<bool>("--json") { Description = "Print what the run did as one JSON object." };
        var command = new Command("retrain", "Retrain the policy now from the store's accumulated data, as the nightly job does; promote it only if the promotion gate says so.")
        {
            db, store, from, to, episodes, json,
        };
        from.Validators.Add(result => CheckHour(result, "--from"));
        to.Validators.Add(result => CheckHour(result, "--to"));
        episodes.Validators.Add(result =>
        {
            if (result.Tokens is [var token] && int.TryParse(token.Value, NumberStyles.Integer, CultureInfo.InvariantCulture, out var n) && n is < 1 or > 100_000)
            {
                result.AddError($"--episodes must be between 1 and 100000, got {n}");
            }
        });
        command.Validators.Add(result =>
        {
            if (Hour(result.GetResult(from)) is { } f && Hour(result.GetResult(to)) is { } t && f >= t)
            {
                result.AddError($"--from ({f:u}) must be before --to ({t:u})");
            }

            if (Hour(result.GetResult(to)) is { } end && end > RetrainingJob.HourOf(time.GetUtcNow()))
            {
                result.AddError($"--to ({end:u}) is after the last complete hour, which ends at {RetrainingJob.HourOf(time.GetUtcNow()):u}");
            }
        });
        command.SetAction(async (parsed, cancellationToken) =>
        {
            var target = DbCommand.Target(parsed.GetValue(db), name => environment[name] as string);
            var configuration = AdPilotConfiguration.Build(environment);
            RetrainingSettings settings;
            try
            {
                settings = ConfigurationSections.Read(configuration, RetrainingOptions.SectionName, () => new RetrainingOptions(), o => o.Validate())
                    .Snapshot(configuration[$"{LoopOptions.SectionName}:Policy"] ?? new LoopOptions().Policy);
            }
            catch (OptionsValidationException ex)
            {
                await console.Error.WriteLineAsync($"adpilot: the configuration is not valid: {string.Join("; ", ex.Failures)}").ConfigureAwait(false);
                return CliApp.Failure;
            }

            try
            {
                await using var database = await StorageDatabase.OpenMigratedAsync(target, cancellationToken).ConfigureAwait(false);
                var storeId = await StoreChoice.ResolveAsync(new StoreDirectory(database, time), parsed.GetValue(store), cancellationToken).ConfigureAwait(false);
                await using var alerting = AlertServices(configuration, time);
                var alerts = new AlertService(
                    new AlertStore(database, time),
                    new RewardStore(database, time),
                    null,
                    alerting.GetRequiredService<AlertNotifier>(),
                    alerting.GetRequiredService<AlertOptions>(),
                    alerting.GetService<ILogger<AlertService>>());
                var job = RetrainingJob.Create(database, settings, CreateGate(database, configuration, time, null), time, alerts, null);
                var request = new RetrainingRequest(storeId, Hour(parsed.GetResult(from)), Hour(parsed.GetResult(to)), parsed.GetValue(episodes));
                var result = await RunAsync(console, job, request, parsed.GetValue(json), cancellationToken).ConfigureAwait(false);
                await PrintAsync(console, result, parsed.GetValue(json)).ConfigureAwait(false);
                return CliApp.Ok;
            }
            catch (RetrainingException ex)
            {
                await console.Error.WriteLineAsync($"adpilot: {ex.Message}").ConfigureAwait(false);
                return CliApp.Failure;
            }
            catch (ArgumentException ex)
            {
                throw new UsageException(ex.Message);
            }
            catch (DbException ex)
            {
                await console.Error.WriteLineAsync($"adpilot: {target}: {ex.Message}").ConfigureAwait(false);
                return CliApp.Failure;
            }
        });
        return command;
    }

    /// <summary>
    /// The promotion gate the retraining asks, here and in the nightly job that <c>adpilot run</c> and <c>adpilot serve</c>
    /// schedule: off-policy evaluation (<see cref="OffPolicyPromotionGate"/>, doubly robust) of the candidate and the
    /// serving checkpoint on the store's logged decisions, with the thresholds of the <c>PromotionGate</c> section and the
    /// guardrails of the <c>Guardrails</c> section (the candidate would have run behind them too).
    /// </summary>
    /// <param name="database">The database whose logged decisions the gate judges on.</param>
    /// <param name="configuration">The configuration: the <c>PromotionGate</c> and <c>Guardrails</c> sections.</param>
    /// <param name="time">The clock.</param>
    /// <param name="loggerFactory">Logging, or null for none (the gate's verdict carries its figures in its reason).</param>
    /// <returns>The gate.</returns>
    /// <exception cref="OptionsValidationException">The <c>PromotionGate</c> or <c>Guardrails</c> section is invalid.</exception>
    internal static IPromotionGate CreateGate(StorageDatabase database, IConfiguration configuration, TimeProvider time, ILoggerFactory? loggerFactory)
    {
        ArgumentNullException.ThrowIfNull(database);
        ArgumentNullException.ThrowIfNull(configuration);
        ArgumentNullException.ThrowIfNull(time);
        _ = loggerFactory;
        var guardrails = ConfigurationSections.Read(
            configuration, LoopServiceCollectionExtensions.GuardrailsSection, () => new GuardrailOptions(), o => o.Validate().Select(e => e.ToString()).ToList());
        var options = ConfigurationSections.Read(configuration, PromotionGateOptions.SectionName, () => new PromotionGateOptions(), o => o.Validate());
        return new OffPolicyPromotionGate(
            new LoggedDecisionReader(database, time), options with { Reader = options.Reader with { Guardrails = guardrails } });
    }

    /// <summary>The nightly retraining of a store as the scheduler runs it, or null when <c>Retraining:Enabled</c> is not set.</summary>
    /// <exception cref="OptionsValidationException">The <c>Retraining</c> section is invalid.</exception>
    internal static async Task<NightlyRetrainingPlan?> PlanAsync(
        IServiceProvider services, IConfiguration configuration, StorageDatabase database, long storeId, TimeProvider time, CancellationToken cancellationToken)
    {
        var settings = ConfigurationSections.Read(configuration, RetrainingOptions.SectionName, () => new RetrainingOptions(), o => o.Validate())
            .Snapshot(configuration[$"{LoopOptions.SectionName}:Policy"] ?? new LoopOptions().Policy);
        if (!settings.Enabled)
        {
            return null;
        }

        var loggers = services.GetService<ILoggerFactory>();
        var store = await services.GetRequiredService<IStoreDirectory>().GetAsync(storeId, cancellationToken).ConfigureAwait(false)
            ?? throw new InvalidOperationException($"store {storeId} is unknown");
        var job = RetrainingJob.Create(database, settings, CreateGate(database, configuration, time, loggers), time, services.GetService<AlertService>(), loggers);
        return new NightlyRetrainingPlan(job, [new ScheduledRetraining(storeId, store.Profile.TimeZone)], settings.LocalHour);
    }

    private static void CheckHour(OptionResult result, string name)
    {
        if (result.Tokens is not [var token])
        {
            return;
        }

        if (!TryParseInstant(token.Value, out var instant))
        {
            result.AddError($"{name}: '{token.Value}' is not an ISO 8601 instant (e.g. 2026-03-01T00:00Z)");
        }
        else if (RetrainingJob.HourOf(instant) != instant)
        {
            result.AddError($"{name}: {instant:u} is not a whole hour");
        }
    }

    private static DateTimeOffset? Hour(OptionResult? result) =>
        result?.Tokens is [var token] && TryParseInstant(token.Value, out var instant) ? instant : null;

    private static bool TryParseInstant(string text, out DateTimeOffset instant) => CliTime.TryParseUtc(text, out instant);

    private static ServiceProvider AlertServices(IConfiguration configuration, TimeProvider time) =>
        new ServiceCollection()
            .AddSingleton(time)
            .AddLogging(logging => logging.AddAdPilotJsonConsole().SetMinimumLevel(LogLevel.Warning))
            .AddAlertNotifier(configuration)
            .BuildServiceProvider();

    private static async Task<RetrainingResult> RunAsync(CliConsole console, RetrainingJob job, RetrainingRequest request, bool json, CancellationToken cancellationToken)
    {
        if (json || !console.IsTerminal)
        {
            return await job.RunAsync(request, null, cancellationToken).ConfigureAwait(false);
        }

        var episodes = request.Episodes ?? job.Settings.Episodes;
        RetrainingResult? result = null;
        await console.Rich.Progress()
            .AutoClear(true)
            .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new RemainingTimeColumn())
            .StartAsync(async ctx =>
            {
                var task = ctx.AddTask("Retraining: reading the store's data", maxValue: episodes);
                result = await job.RunAsync(
                    request,
                    (EpisodeMetrics m) =>
                    {
                        task.Description = Markup.Escape(FormattableString.Invariant($"Retraining: episode {m.Episode + 1}/{episodes} · profit/day {m.ProfitPerDay:N0}"));
                        task.Increment(1);
                    },
                    cancellationToken).ConfigureAwait(false);
            }).ConfigureAwait(false);
        return result!;
    }

    private static async Task PrintAsync(CliConsole console, RetrainingResult result, bool json)
    {
        var data = result.Meta.Data;
        var training = result.Meta.Training;
        if (json)
        {
            var report = new RetrainReport(
                result.Version,
                result.AgentKind,
                data?.From,
                data?.To,
                data?.Hours,
                data?.Decisions,
                data?.Orders,
                training?.Episodes,
                training?.StartedFrom,
                result.Promoted,
                result.Reused,
                result.Active,
                result.Meta.Verdict,
                result.Path);
            await console.Out.WriteLineAsync(JsonSerializer.Serialize(report, CheckpointsJsonContext.Default.RetrainReport)).ConfigureAwait(false);
            return;
        }

        if (result.Reused)
        {
            await console.Out.WriteLineAsync($"{result.Version} already exists for this night; nothing was trained again.").ConfigureAwait(false);
        }
        else
        {
            await console.Out.WriteLineAsync(FormattableString.Invariant(
                $"Retrained {result.Version} ({result.AgentKind}, {training?.Episodes:N0} episode{(training?.Episodes == 1 ? string.Empty : "s")} from {training?.StartedFrom ?? "a fresh agent"}) on {data?.From:yyyy-MM-dd HH:mm}Z – {data?.To:yyyy-MM-dd HH:mm}Z: {data?.Hours:N0} hours, {data?.Decisions:N0} decisions, {data?.Orders:N0} orders.")).ConfigureAwait(false);
        }

        await console.Out.WriteLineAsync($"Checkpoint: {result.Path}").ConfigureAwait(false);
        if (result.Meta.Verdict is { } verdict)
        {
            await console.Out.WriteLineAsync($"Gate ({verdict.Method}): {verdict.Reason}").ConfigureAwait(false);
        }

        await console.Out.WriteLineAsync(
            result.Promoted ? $"Promoted: {result.Version} is the active checkpoint; each account switches to it at its next cycle."
            : result.Active == result.Version ? $"{result.Version} is the active checkpoint."
            : $"Not promoted: {(result.Active is { } active ? active + " still serves" : "no registered checkpoint serves")}; promote it by hand with 'adpilot checkpoints promote {result.Version}'.").ConfigureAwait(false);
    }
}
