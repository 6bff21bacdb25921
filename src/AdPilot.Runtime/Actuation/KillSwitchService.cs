using AdPilot.Core.Domain;
using AdPilot.Core.Guardrails;
using AdPilot.Core.Platforms;
using AdPilot.Runtime.Alerts;
using AdPilot.Storage.Actions;
using AdPilot.Storage.Alerts;
using AdPilot.Storage.Audit;
using AdPilot.Storage.Snapshots;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace AdPilot.Runtime.Actuation;

/// <summary>
/// The kill switch (guide §11): engaging it stops every change (<see cref="Actuator.RunAsync"/> logs every decision as
/// blocked, recovery applies no open intent but restores) and <see cref="RestoreAsync(long, AdAccountRef, IAdPlatform, IBatchAdPlatform?, RolloutStage, CancellationToken)"/> puts every ad set back to the
/// last budget a person set.
/// </summary>
/// <remarks>
/// The switch's state is a critical alert of kind <see cref="AlertKind"/>: open while engaged, resolved on release. The
/// alert store already keeps one open alert per key with its time and message, shows it to people, and needs no schema
/// of its own. A restore puts back the budget and the status a person left; a snapshot taken before statuses were
/// recorded leaves the status as it is.
/// </remarks>
/// <param name="alerts">Where the switch's state lives.</param>
/// <param name="log">The action log, for the restores.</param>
/// <param name="snapshots">The human budget snapshots.</param>
/// <param name="time">The clock.</param>
/// <param name="options">The actuator settings; the defaults when null.</param>
/// <param name="logger">The logger; none when null.</param>
/// <param name="notifier">Tells the alert sinks (the log, the webhook) when the switch is engaged or released; none when null.</param>
/// <param name="guardrails">The guardrails, whose approval thresholds a restore is checked against; the defaults when null.</param>
/// <param name="audit">The admin audit trail, where every restore is recorded before it starts; the application always passes it.</param>
/// <param name="experiments">The targeting experiments, whose A/B copies a restore pauses; none when null.</param>
public sealed class KillSwitchService(
    IAlertStore alerts,
    IActionLog log,
    IBudgetSnapshotStore snapshots,
    TimeProvider time,
    ActuatorOptions? options = null,
    ILogger<KillSwitchService>? logger = null,
    AlertNotifier? notifier = null,
    GuardrailOptions? guardrails = null,
    IAdminAuditStore? audit = null,
    Storage.Experiments.ExperimentStore? experiments = null)
{
    private static readonly AdminActor Loop = AdminActor.Of(AdminSource.System, "adpilot");

    /// <summary>The alert kind and dedupe key that hold the switch's state.</summary>
    public const string AlertKind = "kill_switch";

    private const string MessagePrefix = "kill switch engaged: ";

    private readonly ILogger _logger = logger ?? NullLogger<KillSwitchService>.Instance;

    // Restores only: no approval store, so the gate lets through no increase over the threshold but a human budget put back.
    private readonly ActionWriter _writer = new(
        log, snapshots, time, ActuatorOptions.Checked(options), (ILogger?)logger ?? NullLogger.Instance, new ApprovalGate(null, snapshots, guardrails ?? GuardrailOptions.Default), AdPilot.Runtime.Loop.FaultPoints.None);

    private readonly Creatives.CreativeRestorer _creatives = new(log, time, (ILogger?)logger ?? NullLogger.Instance);

    /// <summary>Reads whether the switch is engaged.</summary>
    /// <param name="storeId">The store.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>The state.</returns>
    public async Task<KillSwitchState> GetStateAsync(long storeId, CancellationToken cancellationToken)
    {
        var open = (await alerts.ListOpenAsync(storeId, cancellationToken).ConfigureAwait(false))
            .FirstOrDefault(a => string.Equals(a.DedupeKey, AlertKind, StringComparison.Ordinal));
        return open is null
            ? new KillSwitchState(false, null, null)
            : new KillSwitchState(true, open.RaisedAt, open.Message.StartsWith(MessagePrefix, StringComparison.Ordinal) ? open.Message[MessagePrefix.Length..] : open.Message);
    }

    /// <summary>Engages the switch; engaging it again while engaged changes nothing.</summary>
    /// <param name="storeId">The store.</param>
    /// <param name="reason">Why, for people.</param>
    /// <param name="cancellationToken">Cancels the write.</param>
    /// <returns>The state.</returns>
    public Task<KillSwitchState> EngageAsync(long storeId, string reason, CancellationToken cancellationToken) =>
        EngageAsync(storeId, reason, Loop, cancellationToken);

    /// <summary>Engages the switch on a person's word, recorded in the admin audit trail with the switch; engaging it again while engaged changes nothing.</summary>
    /// <param name="storeId">The store.</param>
    /// <param name="reason">Why, for people.</param>
    /// <param name="actor">Who.</param>
    /// <param name="cancellationToken">Cancels the write.</param>
    /// <returns>The state.</returns>
    public async Task<KillSwitchState> EngageAsync(long storeId, string reason, AdminActor actor, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(reason);
        ArgumentNullException.ThrowIfNull(actor);
        var record = new AdminAuditRecord(actor, AdminActions.KillSwitchEngage, "kill switch", new Dictionary<string, string?> { ["reason"] = reason });
        if (await alerts.RaiseAsync(storeId, AlertKind, AlertSeverity.Critical, AlertKind, MessagePrefix + reason, record, cancellationToken).ConfigureAwait(false))
        {
            _logger.KillSwitchEngaged(storeId, reason);
            if (notifier is not null)
            {
                await notifier.RaisedAsync(storeId, AlertKind, AlertSeverity.Critical, AlertKind, MessagePrefix + reason, cancellationToken).ConfigureAwait(false);
            }
        }

        return await GetStateAsync(storeId, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Releases the switch: changes resume with the next cycle.</summary>
    /// <param name="storeId">The store.</param>
    /// <param name="cancellationToken">Cancels the write.</param>
    /// <returns>Whether it was engaged.</returns>
    public Task<bool> ReleaseAsync(long storeId, CancellationToken cancellationToken) => ReleaseAsync(storeId, Loop, cancellationToken);

    /// <summary>Releases the switch on a person's word, recorded in the admin audit trail with the release.</summary>
    /// <param name="storeId">The store.</param>
    /// <param name="actor">Who.</param>
    /// <param name="cancellationToken">Cancels the write.</param>
    /// <returns>Whether it was engaged.</returns>
    public async Task<bool> ReleaseAsync(long storeId, AdminActor actor, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(actor);
        var released = await alerts.ResolveAsync(storeId, AlertKind, new AdminAuditRecord(actor, AdminActions.KillSwitchRelease, "kill switch"), cancellationToken)
            .ConfigureAwait(false);
        if (released)
        {
            _logger.KillSwitchReleased(storeId);
            if (notifier is not null)
            {
                await notifier.ResolvedAsync(storeId, AlertKind, AlertKind, "kill switch released: changes resume with the next cycle", cancellationToken).ConfigureAwait(false);
            }
        }

        return released;
    }

    /// <summary>
    /// Restores the last human budget of every ad set of the account that has a snapshot and differs from it. Each restore
    /// is an action like any other (intent, call, outcome; policy <see cref="ActionPolicies.KillSwitch"/>), keyed by the
    /// engagement so restoring again, or after a crash, applies each once; AdPilot's changes it undoes become
    /// <c>rolled_back</c>. Restores bypass every guardrail.
    /// </summary>
    /// <param name="storeId">The store.</param>
    /// <param name="account">The ad account.</param>
    /// <param name="platform">The platform that serves it.</param>
    /// <param name="batch">The platform's batch path, if it has one.</param>
    /// <param name="stage">The rollout stage, logged with the entries.</param>
    /// <param name="cancellationToken">Cancels the restore; intents already written stay open for recovery.</param>
    /// <returns>The restore entries.</returns>
    /// <exception cref="InvalidOperationException">The switch is not engaged.</exception>
    /// <exception cref="PlatformException">Reading the ad sets failed.</exception>
    public Task<IReadOnlyList<ActionLogEntry>> RestoreAsync(
        long storeId, AdAccountRef account, IAdPlatform platform, IBatchAdPlatform? batch, RolloutStage stage, CancellationToken cancellationToken) =>
        RestoreAsync(storeId, account, platform, batch, stage, Loop, cancellationToken);

    /// <summary>As <see cref="RestoreAsync(long, AdAccountRef, IAdPlatform, IBatchAdPlatform?, RolloutStage, CancellationToken)"/>, on a person's word: recorded in the admin audit trail before anything is restored.</summary>
    /// <param name="storeId">The store.</param>
    /// <param name="account">The ad account.</param>
    /// <param name="platform">The platform that serves it.</param>
    /// <param name="batch">The platform's batch path, if it has one.</param>
    /// <param name="stage">The rollout stage, logged with the entries.</param>
    /// <param name="actor">Who.</param>
    /// <param name="cancellationToken">Cancels the restore; intents already written stay open for recovery.</param>
    /// <returns>The restore entries.</returns>
    /// <exception cref="InvalidOperationException">The switch is not engaged.</exception>
    /// <exception cref="PlatformException">Reading the ad sets failed.</exception>
    public async Task<IReadOnlyList<ActionLogEntry>> RestoreAsync(
        long storeId, AdAccountRef account, IAdPlatform platform, IBatchAdPlatform? batch, RolloutStage stage, AdminActor actor, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(account);
        ArgumentNullException.ThrowIfNull(platform);
        ArgumentNullException.ThrowIfNull(actor);
        var state = await GetStateAsync(storeId, cancellationToken).ConfigureAwait(false);
        if (state.EngagedAt is not { } engagedAt)
        {
            throw new InvalidOperationException($"the kill switch of store {storeId} is not engaged; engage it before restoring");
        }

        if (audit is not null)
        {
            await audit.AppendAsync(
                storeId,
                new AdminAuditRecord(actor, AdminActions.KillSwitchRestore, account.ToString(), new Dictionary<string, string?> { ["engaged_at"] = engagedAt.ToString("O", System.Globalization.CultureInfo.InvariantCulture) }),
                cancellationToken).ConfigureAwait(false);
        }

        // The ads first: a creative restore reads the rotations still applied, which the budget restore would mark rolled back.
        var creativeEntries = await _creatives.RestoreAsync(storeId, account, platform, engagedAt, stage, cancellationToken).ConfigureAwait(false);
        var adSets = await platform.GetAdSetsAsync(account, cancellationToken).ConfigureAwait(false);
        var current = adSets
            .Where(a => a.DailyBudget is not null)
            .ToDictionary(a => a.AdSet, a => new AdSetSettings(a.DailyBudget!.Value, a.BidStrategy ?? BidStrategy.LowestCost, CreativeType.Ugc, a.Status));
        var human = (await snapshots.LatestHumanBudgetsAsync(storeId, cancellationToken).ConfigureAwait(false))
            .Where(s => current.ContainsKey(s.AdSet))
            .Select(s => new HumanBudgetSnapshot(s.AdSet, new Money(s.DailyBudget, s.Currency), s.Status ?? current[s.AdSet].Status, s.CapturedAt));
        // A/B copies of running experiments had no budget a person set: the restore pauses them (the cycle then ends their
        // experiments), and gives their originals back the budget a person set.
        var copies = experiments is null
            ? []
            : (await experiments.HeldAdSetsAsync(storeId, cancellationToken).ConfigureAwait(false))
                .Where(h => h.Value.Copy == h.Key && current.TryGetValue(h.Key, out var shown) && shown.Status == AdSetStatus.Active)
                .Select(h => (Copy: h.Key, Experiment: h.Value))
                .ToArray();
        var restores = KillSwitch.Restore(human.Where(h => !copies.Any(c => c.Copy == h.AdSet)), current);

        var steps = restores
            .Select(r => (
                AdSet: r.AdSet,
                To: ActionSettings.From(current[r.AdSet]) with { CreativeType = null, DailyBudget = r.ToBudget.Amount, Currency = r.ToBudget.Currency, Status = r.ToStatus },
                Reason: $"restore the last human budget {r.ToBudget} (now {r.FromBudget})"))
            .Concat(copies.Select(c => (
                AdSet: c.Copy,
                To: new ActionSettings(null, current[c.Copy].DailyBudget.Currency, AdSetStatus.Paused, null, null, null),
                Reason: $"pause the A/B copy of experiment {c.Experiment.Id}")));

        var hour = ActionKeys.HourOf(time.GetUtcNow());
        var entries = new List<ActionLogEntry>();
        var intents = new List<ActionLogEntry>();
        foreach (var (adSet, to, reason) in steps)
        {
            var entry = await log.RecordAsync(
                storeId,
                new ActionDecision
                {
                    IdempotencyKey = ActionKeys.Restore(account, adSet, engagedAt),
                    AdSet = adSet,
                    Hour = hour,
                    Mode = Actuator.ToMode(stage),
                    StateJson = "{}",
                    PolicyName = ActionPolicies.KillSwitch,
                    PolicyVersion = ActionPolicies.Version,
                    ProposedActionJson = to.ToJson(),
                    FinalActionJson = to.ToJson(),
                    Verdict = AdPilot.Storage.Actions.GuardrailVerdict.Allow,
                    GuardrailReasons = [$"{GuardrailReasonCodes.KillSwitch}: {reason}"],
                    Status = ActionStatus.Intended,
                },
                cancellationToken).ConfigureAwait(false);
            (entry.Status == ActionStatus.Intended ? intents : entries).Add(entry);
        }

        entries.AddRange(await _writer.SettleAsync(storeId, account, platform, batch, intents, killSwitchEngaged: true, cancellationToken).ConfigureAwait(false));
        entries.AddRange(creativeEntries);
        return [.. entries.OrderBy(e => e.Id)];
    }
}
