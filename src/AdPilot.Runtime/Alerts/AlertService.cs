using System.Globalization;
using AdPilot.Runtime.Observability;
using AdPilot.Storage.Alerts;
using AdPilot.Storage.Rewards;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace AdPilot.Runtime.Alerts;

/// <summary>
/// Raises and resolves alerts (guide §14: spend spikes, low ROAS, API failures, queue lag, plus the guardrails' ROAS
/// pauses) in the <c>alerts</c> table, one open alert per dedupe key, and tells <see cref="AlertNotifier"/> only what
/// changed: a condition that persists notifies once, and when it clears the alert is resolved and a recovery message sent.
/// </summary>
/// <remarks>
/// <para>The hourly cycle calls <see cref="EvaluateCycleAsync"/> after each account's cycle (succeeded or failed);
/// <see cref="EvaluateStoreAsync"/> runs the store-wide rules alone, for any other caller. Rules, with the defaults of
/// <see cref="AlertOptions"/>:</para>
/// <list type="bullet">
/// <item><b>spend_spike:{account}</b> (critical): the account's spend in the hour its cycle scored is at least
/// <see cref="AlertOptions.SpendSpikeMinSpend"/> (50) and more than <see cref="AlertOptions.SpendSpikeFactor"/> (2) times
/// its baseline, the mean spend of the hours with data of the 24 hours before (or of the same hour of the 7 days
/// before); with fewer than <see cref="AlertOptions.SpendSpikeMinHistoryHours"/> (6) hours of data nothing is judged.</item>
/// <item><b>low_roas</b> (warning): over the 24 complete hours before the hour just scored (every account's cycle has
/// scored them, so each account's evaluation sees the same figures), the store's attributed revenue ÷ spend is under
/// <see cref="AlertOptions.LowRoasThreshold"/> (1.0) with at least <see cref="AlertOptions.LowRoasMinSpend"/> (100)
/// spent.</item>
/// <item><b>api_failure:{account}</b> (critical): the cycle failed, or at least <see cref="AlertOptions.ApiErrorThreshold"/>
/// (5) calls to the account's API failed while it ran (errors of another cycle running at the same time on the same API
/// count too).</item>
/// <item><b>queue_lag</b> (warning): the webhook queue's oldest entry (<see cref="AdPilotMetrics.WebhookQueueLagSeconds"/>)
/// is older than <see cref="AlertOptions.QueueLagMinutes"/> (15); judged only in a process that reports the queue.</item>
/// </list>
/// <para>Money in messages is in the account's currency, which the loop requires to be the store's.</para>
/// </remarks>
public sealed class AlertService
{
    private readonly IAlertStore _alerts;
    private readonly IRewardStore _rewards;
    private readonly AdPilotMetrics? _metrics;
    private readonly AlertNotifier _notifier;
    private readonly AlertOptions _options;
    private readonly ILogger _logger;

    /// <summary>Initializes a new instance of the <see cref="AlertService"/> class.</summary>
    /// <param name="alerts">The alerts table.</param>
    /// <param name="rewards">The scored hours (spend and attributed revenue).</param>
    /// <param name="metrics">The process's metrics (the webhook queue's lag); without them the queue-lag rule is skipped.</param>
    /// <param name="notifier">The log and the webhook.</param>
    /// <param name="options">The thresholds; the defaults when null.</param>
    /// <param name="logger">The logger; none when null.</param>
    public AlertService(
        IAlertStore alerts, IRewardStore rewards, AdPilotMetrics? metrics, AlertNotifier notifier, AlertOptions? options = null, ILogger<AlertService>? logger = null)
    {
        ArgumentNullException.ThrowIfNull(alerts);
        ArgumentNullException.ThrowIfNull(rewards);
        ArgumentNullException.ThrowIfNull(notifier);
        _alerts = alerts;
        _rewards = rewards;
        _metrics = metrics;
        _notifier = notifier;
        _options = options ?? new AlertOptions();
        _logger = logger ?? NullLogger<AlertService>.Instance;
    }

    /// <summary>Raises an alert unless one with its key is open; a new one is logged and posted.</summary>
    /// <param name="storeId">The store.</param>
    /// <param name="kind">The kind.</param>
    /// <param name="severity">How urgent.</param>
    /// <param name="dedupeKey">The key: at most one alert per key is open.</param>
    /// <param name="message">What happened.</param>
    /// <param name="cancellationToken">Cancels the write.</param>
    /// <returns>True when a new alert was raised.</returns>
    public async Task<bool> RaiseAsync(long storeId, string kind, AlertSeverity severity, string dedupeKey, string message, CancellationToken cancellationToken)
    {
        var raised = await _alerts.RaiseAsync(storeId, kind, severity, dedupeKey, message, cancellationToken).ConfigureAwait(false);
        if (raised)
        {
            await _notifier.RaisedAsync(storeId, kind, severity, dedupeKey, message, cancellationToken).ConfigureAwait(false);
        }

        return raised;
    }

    /// <summary>Resolves the open alert with this key, if any; a resolved one is logged and its recovery posted.</summary>
    /// <param name="storeId">The store.</param>
    /// <param name="kind">The kind, for the message.</param>
    /// <param name="dedupeKey">The key.</param>
    /// <param name="message">What is back to normal.</param>
    /// <param name="cancellationToken">Cancels the write.</param>
    /// <returns>True when an alert was resolved.</returns>
    public async Task<bool> ResolveAsync(long storeId, string kind, string dedupeKey, string message, CancellationToken cancellationToken)
    {
        var resolved = await _alerts.ResolveAsync(storeId, dedupeKey, cancellationToken).ConfigureAwait(false);
        if (resolved)
        {
            await _notifier.ResolvedAsync(storeId, kind, dedupeKey, message, cancellationToken).ConfigureAwait(false);
        }

        return resolved;
    }

    /// <summary>
    /// Evaluates the rules after one account's cycle: API failures always; the spend spike when the cycle succeeded; then
    /// the store-wide rules. A rule that cannot be evaluated (the database is down) is logged, never thrown: alerts never
    /// fail a cycle.
    /// </summary>
    /// <param name="input">What the cycle did.</param>
    /// <param name="cancellationToken">Cancels the evaluation.</param>
    /// <returns>A task that completes when the rules have run.</returns>
    public async Task EvaluateCycleAsync(CycleAlertInput input, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(input);
        if (!_options.Enabled)
        {
            return;
        }

        var account = input.Account.ToString();
        try
        {
            await ApiFailureAsync(input, account, cancellationToken).ConfigureAwait(false);
            if (input.Failure is null)
            {
                await SpendSpikeAsync(input, account, cancellationToken).ConfigureAwait(false);
            }

            await StoreRulesAsync(input.StoreId, input.HourUtc, input.Account.Currency, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            _logger.EvaluationFailed(input.StoreId, account, ex.GetBaseException().Message);
        }
    }

    /// <summary>Evaluates the store-wide rules (low ROAS, queue lag) for the cycles of an hour.</summary>
    /// <param name="storeId">The store.</param>
    /// <param name="hourUtc">The hour the cycles decide for; ROAS is judged over the 24 hours before the hour before it.</param>
    /// <param name="currency">The store's currency, for the messages.</param>
    /// <param name="cancellationToken">Cancels the evaluation.</param>
    /// <returns>A task that completes when the rules have run.</returns>
    public Task EvaluateStoreAsync(long storeId, DateTimeOffset hourUtc, string currency, CancellationToken cancellationToken) =>
        _options.Enabled ? StoreRulesAsync(storeId, hourUtc, currency, cancellationToken) : Task.CompletedTask;

    private async Task StoreRulesAsync(long storeId, DateTimeOffset hourUtc, string currency, CancellationToken cancellationToken)
    {
        await LowRoasAsync(storeId, hourUtc, currency, cancellationToken).ConfigureAwait(false);
        await QueueLagAsync(storeId, cancellationToken).ConfigureAwait(false);
    }

    private Task ApiFailureAsync(CycleAlertInput input, string account, CancellationToken cancellationToken)
    {
        var key = AlertKinds.KeyOf(AlertKinds.ApiFailure, account);
        if (input.Failure is { } failure)
        {
            return RaiseAsync(input.StoreId, AlertKinds.ApiFailure, AlertSeverity.Critical, key, Invariant($"The cycle of {account} at {input.HourUtc:yyyy-MM-dd HH:mm}Z failed: {failure}"), cancellationToken);
        }

        return input.ApiErrors >= _options.ApiErrorThreshold
            ? RaiseAsync(
                input.StoreId,
                AlertKinds.ApiFailure,
                AlertSeverity.Critical,
                key,
                Invariant($"{input.ApiErrors} API calls failed during the cycle of {account} at {input.HourUtc:yyyy-MM-dd HH:mm}Z (threshold {_options.ApiErrorThreshold})"),
                cancellationToken)
            : ResolveAsync(input.StoreId, AlertKinds.ApiFailure, key, Invariant($"The cycle of {account} at {input.HourUtc:yyyy-MM-dd HH:mm}Z ran with {input.ApiErrors} API errors"), cancellationToken);
    }

    private async Task SpendSpikeAsync(CycleAlertInput input, string account, CancellationToken cancellationToken)
    {
        if (input.AdSetIds.Count == 0)
        {
            return;
        }

        var scored = input.HourUtc.AddHours(-1);
        var sameHour = _options.SpendSpikeBaseline == SpendBaseline.SameHour;
        DateTimeOffset[] before = sameHour
            ? [.. Enumerable.Range(1, 7).Select(d => scored.AddDays(-d))]
            : [.. Enumerable.Range(1, 24).Select(h => scored.AddHours(-h))];
        var totals = await _rewards.HourlyTotalsAsync(
            input.StoreId, input.Account.Platform, input.AdSetIds, before.Min(), scored.AddHours(1), cancellationToken).ConfigureAwait(false);
        var spendByHour = totals.ToDictionary(t => t.Hour, t => t.Spend);
        var history = before.Where(spendByHour.ContainsKey).Select(h => spendByHour[h]).ToArray();
        if (history.Length < Math.Min(_options.SpendSpikeMinHistoryHours, before.Length) || !spendByHour.TryGetValue(scored, out var spend))
        {
            return;
        }

        var baseline = history.Average();
        var key = AlertKinds.KeyOf(AlertKinds.SpendSpike, account);
        var currency = input.Account.Currency;
        if (spend >= _options.SpendSpikeMinSpend && spend > baseline * _options.SpendSpikeFactor)
        {
            await RaiseAsync(
                input.StoreId,
                AlertKinds.SpendSpike,
                AlertSeverity.Critical,
                key,
                Invariant($"{account} spent {spend:0.00} {currency} in the hour of {scored:yyyy-MM-dd HH:mm}Z, {spend / Math.Max(baseline, 0.01m):0.0}x its baseline of {baseline:0.00} {currency} ({(sameHour ? "same hour, last 7 days" : "last 24 hours")})"),
                cancellationToken).ConfigureAwait(false);
        }
        else
        {
            await ResolveAsync(
                input.StoreId, AlertKinds.SpendSpike, key, Invariant($"{account} spent {spend:0.00} {currency} in the hour of {scored:yyyy-MM-dd HH:mm}Z, within its baseline"), cancellationToken).ConfigureAwait(false);
        }
    }

    private async Task LowRoasAsync(long storeId, DateTimeOffset hourUtc, string currency, CancellationToken cancellationToken)
    {
        var end = hourUtc.AddHours(-1);
        var totals = await _rewards.StoreHourlyTotalsAsync(storeId, end.AddHours(-24), end, cancellationToken).ConfigureAwait(false);
        var spend = totals.Sum(t => t.Spend);
        var revenue = totals.Sum(t => t.Revenue);
        var roas = spend > 0 ? revenue / spend : 0m;
        if (spend >= _options.LowRoasMinSpend && spend > 0 && roas < _options.LowRoasThreshold)
        {
            await RaiseAsync(
                storeId,
                AlertKinds.LowRoas,
                AlertSeverity.Warning,
                AlertKinds.LowRoas,
                Invariant($"The store's ROAS over the 24 hours to {end:yyyy-MM-dd HH:mm}Z is {roas:0.00} (revenue {revenue:0.00} {currency} on spend {spend:0.00} {currency}), under {_options.LowRoasThreshold:0.00}"),
                cancellationToken).ConfigureAwait(false);
        }
        else
        {
            await ResolveAsync(
                storeId, AlertKinds.LowRoas, AlertKinds.LowRoas, Invariant($"The store's ROAS over the 24 hours to {end:yyyy-MM-dd HH:mm}Z is {roas:0.00} on spend {spend:0.00} {currency}"), cancellationToken).ConfigureAwait(false);
        }
    }

    private Task QueueLagAsync(long storeId, CancellationToken cancellationToken)
    {
        // Only the process that runs the queue knows its lag: another's 0 would resolve the alert that one raised.
        if (_metrics is not { WebhookQueueReported: true })
        {
            return Task.CompletedTask;
        }

        var lag = _metrics.WebhookQueueLagSeconds;
        return lag > _options.QueueLagMinutes * 60
            ? RaiseAsync(
                storeId,
                AlertKinds.QueueLag,
                AlertSeverity.Warning,
                AlertKinds.QueueLag,
                Invariant($"The oldest unprocessed webhook is {lag / 60:0.0} minutes old (threshold {_options.QueueLagMinutes:0.#})"),
                cancellationToken)
            : ResolveAsync(storeId, AlertKinds.QueueLag, AlertKinds.QueueLag, Invariant($"The webhook queue has caught up (oldest entry {lag / 60:0.0} minutes old)"), cancellationToken);
    }

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
