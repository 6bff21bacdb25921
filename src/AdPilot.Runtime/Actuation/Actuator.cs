using AdPilot.Core.Domain;
using AdPilot.Core.Guardrails;
using AdPilot.Core.Platforms;
using AdPilot.Runtime.Loop;
using AdPilot.Storage.Actions;
using AdPilot.Storage.Approvals;
using AdPilot.Storage.Snapshots;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using CoreVerdict = AdPilot.Core.Guardrails.GuardrailVerdict;
using StoredVerdict = AdPilot.Storage.Actions.GuardrailVerdict;

namespace AdPilot.Runtime.Actuation;

/// <summary>
/// Turns one account's guardrail decisions into platform changes, with the action log as the record of every step
/// (design §7, guide §12). A cycle calls, in order: <see cref="RecoverAsync"/> (settle intents a killed cycle left
/// open), <see cref="DetectHumanChangesAsync(long, AdAccountRef, IAdPlatform, RolloutStage, CancellationToken)"/> (log what people changed since), then, after the policy and the
/// guardrails, <see cref="RunAsync"/>.
/// </summary>
/// <remarks>
/// <para>
/// Every decision is logged under the idempotency key account + ad set + hour + kind before anything is done, and the
/// intent is written before any platform call, the outcome after it. Running a cycle again finds its entries: nothing
/// is logged or applied twice. A cycle killed after writing an intent leaves it open; recovery then reads the ad set on
/// the platform and marks the intent applied when the change is already there (the call went through), applies it
/// otherwise, or marks it failed when it is older than <see cref="ActuatorOptions.IntentTtl"/>.
/// </para>
/// <para>
/// Statuses: in shadow every decision is logged <c>shadow</c> and no platform write is ever made. In pilot and expand an
/// allowed or clamped decision is <c>intended</c>, then <c>applied</c> or <c>failed</c>; one needing approval is
/// <c>pending_approval</c> with an approval request that expires when the guardrails said (approving it writes the intent,
/// which the next <see cref="RecoverAsync"/> applies); a blocked one, or any while the kill switch is engaged, is logged
/// with verdict <c>block</c>, its reasons, and status <c>shadow</c> (logged only, never sent).
/// </para>
/// <para>
/// Before the first change AdPilot ever makes to an ad set, its human budget is snapshotted for the kill switch.
/// </para>
/// </remarks>
public sealed class Actuator
{
    /// <summary>The platform response logged for a decision that keeps an ad set as it is: applied, but no call made.</summary>
    public const string NoChangeResponse = "no change: the ad set already has these settings; no call made";

    private readonly IActionLog _log;
    private readonly IBudgetSnapshotStore _snapshots;
    private readonly IApprovalStore _approvals;
    private readonly KillSwitchService _killSwitch;
    private readonly TimeProvider _time;
    private readonly ActionWriter _writer;
    private readonly ILogger _logger;

    /// <summary>Initializes a new instance of the <see cref="Actuator"/> class.</summary>
    /// <param name="log">The action log.</param>
    /// <param name="snapshots">The human budget snapshots.</param>
    /// <param name="approvals">The approval requests.</param>
    /// <param name="killSwitch">The kill switch, read at every run.</param>
    /// <param name="time">The clock.</param>
    /// <param name="options">The settings; the defaults when null.</param>
    /// <param name="logger">The logger; none when null.</param>
    /// <param name="guardrails">The guardrails, whose approval thresholds every write is checked against; the defaults when null.</param>
    /// <param name="faultPoints">Told before and after each platform write; <see cref="FaultPoints.None"/> when null.</param>
    /// <param name="experiments">The targeting experiments, whose approved budget moves the write path lets through; none when null.</param>
    /// <exception cref="ArgumentException">The options have problems.</exception>
    public Actuator(
        IActionLog log,
        IBudgetSnapshotStore snapshots,
        IApprovalStore approvals,
        KillSwitchService killSwitch,
        TimeProvider time,
        ActuatorOptions? options = null,
        ILogger<Actuator>? logger = null,
        GuardrailOptions? guardrails = null,
        IFaultPoints? faultPoints = null,
        Storage.Experiments.ExperimentStore? experiments = null)
    {
        ArgumentNullException.ThrowIfNull(log);
        ArgumentNullException.ThrowIfNull(snapshots);
        ArgumentNullException.ThrowIfNull(approvals);
        ArgumentNullException.ThrowIfNull(killSwitch);
        ArgumentNullException.ThrowIfNull(time);
        _log = log;
        _snapshots = snapshots;
        _approvals = approvals;
        _killSwitch = killSwitch;
        _time = time;
        _logger = logger ?? NullLogger<Actuator>.Instance;
        _writer = new ActionWriter(log, snapshots, time, ActuatorOptions.Checked(options), _logger, new ApprovalGate(approvals, snapshots, guardrails ?? GuardrailOptions.Default, experiments), faultPoints ?? FaultPoints.None);
    }

    /// <summary>Logs and, outside shadow, applies one account's decisions for one hour.</summary>
    /// <param name="input">The decisions and what they were made from.</param>
    /// <param name="platform">The platform that serves the account.</param>
    /// <param name="batch">The platform's batch path, if it has one (Meta).</param>
    /// <param name="cancellationToken">Cancels the run; an intent already written stays open for recovery.</param>
    /// <returns>The log entries of the decisions as they stand after the run, by id.</returns>
    /// <exception cref="PlatformException">Reading the ad sets before applying failed; the intents stay open.</exception>
    public async Task<IReadOnlyList<ActionLogEntry>> RunAsync(
        ActuationInput input, IAdPlatform platform, IBatchAdPlatform? batch, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(input);
        ArgumentNullException.ThrowIfNull(input.Account);
        ArgumentNullException.ThrowIfNull(input.Decisions);
        ArgumentNullException.ThrowIfNull(input.AdSets);
        ArgumentNullException.ThrowIfNull(input.Policy);
        ArgumentNullException.ThrowIfNull(platform);

        var storeId = input.StoreId;
        var hour = ActionKeys.HourOf(input.Hour);
        var live = input.Stage != RolloutStage.Shadow;
        var engaged = live && (await _killSwitch.GetStateAsync(storeId, cancellationToken).ConfigureAwait(false)).Engaged;
        var logged = (await _log.ListAsync(storeId, hour, hour.AddHours(1), cancellationToken).ConfigureAwait(false))
            .ToDictionary(e => e.Decision.IdempotencyKey, StringComparer.Ordinal);

        if (live && !engaged)
        {
            await SnapshotBeforeFirstChangeAsync(input, cancellationToken).ConfigureAwait(false);
        }

        var current = input.AdSets.ToDictionary(a => a.AdSet, a => a.Current);
        var entries = new List<ActionLogEntry>();
        var intents = new List<ActionLogEntry>();
        foreach (var decision in input.Decisions)
        {
            var key = ActionKeys.Change(input.Account, decision.AdSet, hour);
            if (logged.TryGetValue(key, out var existing))
            {
                if (existing.Status == ActionStatus.PendingApproval)
                {
                    // A cycle killed between the log entry and the request left no request: asking again is a no-op otherwise.
                    await _approvals.RequestAsync(storeId, existing.Id, decision.ApprovalExpiresAt, Asked(decision, current), cancellationToken).ConfigureAwait(false);
                }

                (existing.Status == ActionStatus.Intended ? intents : entries).Add(existing);
                continue;
            }

            var entry = await _log.RecordAsync(storeId, ToDecision(input, decision, key, hour, live, engaged), cancellationToken).ConfigureAwait(false);
            if (entry.Status == ActionStatus.PendingApproval)
            {
                await _approvals.RequestAsync(storeId, entry.Id, decision.ApprovalExpiresAt, Asked(decision, current), cancellationToken).ConfigureAwait(false);
                entries.Add(entry);
            }
            else if (entry.Status == ActionStatus.Intended)
            {
                if (decision.Change is { } change && current.TryGetValue(decision.AdSet, out var now) && change == now)
                {
                    entries.Add(await _log.CompleteAsync(storeId, entry.Id, true, NoChangeResponse, null, cancellationToken).ConfigureAwait(false));
                }
                else if (decision.Change is { } rotation && current.TryGetValue(decision.AdSet, out var before) && rotation with { CreativeType = before.CreativeType } == before)
                {
                    // The ad set itself does not change: the creative rotation is its own entry (CreativeRotator), applied through the ads.
                    entries.Add(await _log.CompleteAsync(storeId, entry.Id, true, NoChangeResponse, null, cancellationToken).ConfigureAwait(false));
                }
                else
                {
                    intents.Add(entry);
                }
            }
            else
            {
                entries.Add(entry);
            }
        }

        if (!live)
        {
            _logger.ShadowLogged(input.Account.ToString(), hour, entries.Count);
        }

        entries.AddRange(await _writer.SettleAsync(storeId, input.Account, platform, batch, intents, engaged, cancellationToken).ConfigureAwait(false));
        return [.. entries.OrderBy(e => e.Id)];
    }

    /// <summary>
    /// Settles the intents a killed or failed cycle left open for this account's ad sets: applied when the platform
    /// already shows them, applied now otherwise, failed when stale, superseded or while the kill switch is engaged
    /// (restores excepted). Approved actions are open intents too, so this is also where they are applied.
    /// </summary>
    /// <param name="storeId">The store.</param>
    /// <param name="account">The ad account.</param>
    /// <param name="platform">The platform that serves it.</param>
    /// <param name="batch">The platform's batch path, if it has one.</param>
    /// <param name="cancellationToken">Cancels the recovery.</param>
    /// <returns>
    /// The open intents of the account's platform as they stand after recovery: one whose call failed transiently, or
    /// whose ad set is not on this account (another account of the same platform recovers it), is still intended.
    /// </returns>
    /// <exception cref="PlatformException">Reading the ad sets failed; the intents stay open.</exception>
    public async Task<IReadOnlyList<ActionLogEntry>> RecoverAsync(
        long storeId, AdAccountRef account, IAdPlatform platform, IBatchAdPlatform? batch, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(account);
        ArgumentNullException.ThrowIfNull(platform);
        var open = (await _log.ListOpenIntentsAsync(storeId, cancellationToken).ConfigureAwait(false))
            .Where(e => e.Decision.AdSet.Platform == account.Platform && !ActionKeys.IsCreative(e.Decision.IdempotencyKey))
            .ToArray();
        if (open.Length == 0)
        {
            return [];
        }

        var engaged = (await _killSwitch.GetStateAsync(storeId, cancellationToken).ConfigureAwait(false)).Engaged;
        return await _writer.SettleAsync(storeId, account, platform, batch, open, engaged, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Compares every ad set's budget and status on the platform with what AdPilot last applied, or with the last human
    /// snapshot when that is newer. A difference AdPilot did not make is logged as an applied action of policy
    /// <see cref="ActionPolicies.Human"/> (for the shadow comparison and the cool-down), and the human snapshot is
    /// refreshed so the kill switch restores the person's budget. An ad set with no record at all gets its first human
    /// snapshot. Ad sets with an open intent are skipped: recovery settles them first.
    /// </summary>
    /// <param name="storeId">The store.</param>
    /// <param name="account">The ad account.</param>
    /// <param name="platform">The platform that serves it.</param>
    /// <param name="stage">The rollout stage, logged with the entries.</param>
    /// <param name="cancellationToken">Cancels the detection.</param>
    /// <returns>The human actions logged.</returns>
    /// <exception cref="PlatformException">Reading the ad sets failed; nothing was written.</exception>
    public async Task<IReadOnlyList<ActionLogEntry>> DetectHumanChangesAsync(
        long storeId, AdAccountRef account, IAdPlatform platform, RolloutStage stage, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(account);
        ArgumentNullException.ThrowIfNull(platform);
        var adSets = await platform.GetAdSetsAsync(account, cancellationToken).ConfigureAwait(false);
        return await DetectHumanChangesAsync(storeId, account, adSets, stage, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// As <see cref="DetectHumanChangesAsync(long, AdAccountRef, IAdPlatform, RolloutStage, CancellationToken)"/>, over ad
    /// sets the caller has just read from the platform (the cycle's ETL), which saves a call.
    /// </summary>
    /// <param name="storeId">The store.</param>
    /// <param name="account">The ad account.</param>
    /// <param name="adSets">The account's ad sets as the platform shows them now.</param>
    /// <param name="stage">The rollout stage, logged with the entries.</param>
    /// <param name="cancellationToken">Cancels the detection.</param>
    /// <returns>The human actions logged.</returns>
    public async Task<IReadOnlyList<ActionLogEntry>> DetectHumanChangesAsync(
        long storeId, AdAccountRef account, IReadOnlyList<AdSetSnapshot> adSets, RolloutStage stage, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(account);
        ArgumentNullException.ThrowIfNull(adSets);
        var now = _time.GetUtcNow();
        var open = (await _log.ListOpenIntentsAsync(storeId, cancellationToken).ConfigureAwait(false)).Select(e => e.Decision.AdSet).ToHashSet();
        var lastApplied = (await _log.LatestAppliedAsync(storeId, cancellationToken).ConfigureAwait(false)).ToDictionary(e => e.Decision.AdSet);
        var human = (await _snapshots.LatestHumanBudgetsAsync(storeId, cancellationToken).ConfigureAwait(false)).ToDictionary(s => s.AdSet);

        var newSnapshots = new List<BudgetSnapshot>();
        var changes = new List<(AdSetSnapshot AdSet, ActionSettings Observed, string Reason)>();
        foreach (var adSet in adSets)
        {
            if (adSet.DailyBudget is not { } budget || open.Contains(adSet.AdSet))
            {
                continue;
            }

            lastApplied.TryGetValue(adSet.AdSet, out var applied);
            human.TryGetValue(adSet.AdSet, out var snapshot);
            var observed = ActionSettings.From(adSet, account.Currency);
            string? reason;
            if (applied is not null && (snapshot is null || applied.CompletedAt >= snapshot.CapturedAt))
            {
                var expected = ActionSettings.Parse(applied.Decision.FinalActionJson)!;
                reason = expected.DailyBudget is { } b && b != budget.Amount
                    ? $"daily budget {new Money(b, budget.Currency)} → {budget}"
                    : expected.Status != adSet.Status ? $"status {expected.Status} → {adSet.Status}" : null;
            }
            else if (snapshot is not null)
            {
                reason = snapshot.DailyBudget != budget.Amount
                    ? $"daily budget {new Money(snapshot.DailyBudget, snapshot.Currency)} → {budget}"
                    : snapshot.Status is { } was && was != adSet.Status ? $"status {was} → {adSet.Status}" : null;
            }
            else
            {
                newSnapshots.Add(new BudgetSnapshot(adSet.AdSet, budget.Amount, budget.Currency, now, BudgetSetter.Human, adSet.Status));
                continue;
            }

            if (reason is not null)
            {
                changes.Add((adSet, observed, reason));
                newSnapshots.Add(new BudgetSnapshot(adSet.AdSet, budget.Amount, budget.Currency, now, BudgetSetter.Human, adSet.Status));
            }
        }

        // The snapshots first: a crash between the two leaves the person's budget restorable, and the next detection
        // compares with it and logs nothing twice.
        if (newSnapshots.Count > 0)
        {
            await _snapshots.SaveAsync(storeId, newSnapshots, cancellationToken).ConfigureAwait(false);
        }

        var hour = ActionKeys.HourOf(now);
        var logged = new List<ActionLogEntry>();
        foreach (var (adSet, observed, reason) in changes)
        {
            _logger.HumanChange(adSet.AdSet.ToString(), reason);
            var json = observed.ToJson();
            var entry = await _log.RecordAsync(
                storeId,
                new ActionDecision
                {
                    IdempotencyKey = ActionKeys.Human(account, adSet.AdSet, hour, observed),
                    AdSet = adSet.AdSet,
                    Hour = hour,
                    Mode = ToMode(stage),
                    StateJson = "{}",
                    PolicyName = ActionPolicies.Human,
                    PolicyVersion = ActionPolicies.Version,
                    ProposedActionJson = json,
                    FinalActionJson = json,
                    Verdict = StoredVerdict.Allow,
                    GuardrailReasons = [$"human_change: {reason}, made outside AdPilot"],
                    Status = ActionStatus.Intended,
                },
                cancellationToken).ConfigureAwait(false);
            logged.Add(entry.Status == ActionStatus.Intended
                ? await _log.CompleteAsync(storeId, entry.Id, true, "observed on the platform", null, cancellationToken).ConfigureAwait(false)
                : entry);
        }

        return logged;
    }

    /// <summary>Whether an applied entry changed nothing (a decision to keep the ad set as it was).</summary>
    /// <param name="entry">The entry.</param>
    /// <returns>Whether it is a "no change" entry.</returns>
    public static bool IsNoChange(ActionLogEntry entry)
    {
        ArgumentNullException.ThrowIfNull(entry);
        return string.Equals(entry.PlatformResponse, NoChangeResponse, StringComparison.Ordinal);
    }

    /// <summary>The rollout mode the log records for a stage.</summary>
    /// <param name="stage">The stage.</param>
    /// <returns>The mode.</returns>
    internal static RolloutMode ToMode(RolloutStage stage) => stage switch
    {
        RolloutStage.Shadow => RolloutMode.Shadow,
        RolloutStage.Pilot => RolloutMode.Pilot,
        RolloutStage.Expand => RolloutMode.Expand,
        _ => throw new ArgumentOutOfRangeException(nameof(stage), stage, "unknown rollout stage"),
    };

    /// <summary>The exact change an approval is asked for: the budget the guardrails saw, to the budget they would apply.</summary>
    private static ApprovedChange? Asked(GuardrailDecision decision, IReadOnlyDictionary<AdSetRef, AdSetSettings> current) =>
        decision.Change is { } change && current.TryGetValue(decision.AdSet, out var now)
            ? new ApprovedChange(now.DailyBudget.Amount, change.DailyBudget.Amount, change.DailyBudget.Currency)
            : null;

    private async Task SnapshotBeforeFirstChangeAsync(ActuationInput input, CancellationToken cancellationToken)
    {
        var already = (await _snapshots.LatestHumanBudgetsAsync(input.StoreId, cancellationToken).ConfigureAwait(false)).Select(s => s.AdSet).ToHashSet();
        var take = KillSwitch.SnapshotsToTake(input.Decisions, input.AdSets, already, _time.GetUtcNow());
        if (take.Count > 0)
        {
            await _snapshots.SaveAsync(
                input.StoreId,
                [.. take.Select(s => new BudgetSnapshot(s.AdSet, s.DailyBudget.Amount, s.DailyBudget.Currency, s.TakenAt, BudgetSetter.Human, s.Status))],
                cancellationToken).ConfigureAwait(false);
        }
    }

    private static ActionDecision ToDecision(ActuationInput input, GuardrailDecision decision, string key, DateTimeOffset hour, bool live, bool engaged)
    {
        var reasons = decision.Reasons.Select(r => r.ToString()).ToList();
        var verdict = ToStored(decision.Verdict);
        var final = decision.Change;
        ActionStatus status;
        if (!live)
        {
            status = ActionStatus.Shadow;
        }
        else if (engaged || decision.Change is null || decision.Verdict == CoreVerdict.Block)
        {
            if (engaged && decision.Verdict != CoreVerdict.Block)
            {
                reasons.Add($"{GuardrailReasonCodes.KillSwitch}: the kill switch is engaged: no change is applied");
            }

            verdict = StoredVerdict.Block;
            final = null;
            status = ActionStatus.Shadow;
        }
        else
        {
            status = decision.Verdict == CoreVerdict.RequireApproval ? ActionStatus.PendingApproval : ActionStatus.Intended;
        }

        input.Proposals.TryGetValue(decision.AdSet, out var proposal);
        return new ActionDecision
        {
            IdempotencyKey = key,
            AdSet = decision.AdSet,
            Hour = hour,
            Mode = ToMode(input.Stage),
            StateJson = proposal?.StateJson ?? "{}",
            PolicyName = input.Policy.Name,
            PolicyVersion = input.Policy.Version,
            CheckpointVersion = input.Policy.CheckpointVersion,
            ProposedActionJson = ActionSettings.From(decision.Proposed).ToJson(),
            FinalActionJson = final is null ? null : ActionSettings.From(final).ToJson(),
            Propensity = proposal?.Propensity,
            Verdict = verdict,
            GuardrailReasons = reasons,
            Status = status,
        };
    }

    private static StoredVerdict ToStored(CoreVerdict verdict) => verdict switch
    {
        CoreVerdict.Allow => StoredVerdict.Allow,
        CoreVerdict.Clamp => StoredVerdict.Clamp,
        CoreVerdict.Block => StoredVerdict.Block,
        CoreVerdict.RequireApproval => StoredVerdict.RequireApproval,
        _ => throw new ArgumentOutOfRangeException(nameof(verdict), verdict, "unknown guardrail verdict"),
    };
}
