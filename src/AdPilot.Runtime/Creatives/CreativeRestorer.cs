using AdPilot.Core.Creatives;
using AdPilot.Core.Domain;
using AdPilot.Core.Guardrails;
using AdPilot.Core.Platforms;
using AdPilot.Runtime.Actuation;
using AdPilot.Storage.Actions;
using Microsoft.Extensions.Logging;
using StoredVerdict = AdPilot.Storage.Actions.GuardrailVerdict;

namespace AdPilot.Runtime.Creatives;

/// <summary>
/// Applies creative intents (rotations, restores, reverts) and undoes rotations: the one write path of creative rotation,
/// shared by <see cref="CreativeRotator"/> and <see cref="KillSwitchService"/>.
/// </summary>
internal sealed class CreativeRestorer(IActionLog log, TimeProvider time, ILogger logger)
{
    private readonly IActionLog _log = log;
    private readonly TimeProvider _time = time;
    private readonly ILogger _logger = logger;

    /// <summary>
    /// The kill switch's restore for creatives: every ad set of the account whose rotations are applied (not yet rolled
    /// back) gets its ads' statuses from before the first of them, as an action of policy <see cref="ActionPolicies.KillSwitch"/>
    /// keyed by the engagement (restoring again applies nothing twice); the rotations become rolled back. Ads whose status
    /// a person changed since are put back too: the restore returns to the last state AdPilot found.
    /// </summary>
    /// <param name="storeId">The store.</param>
    /// <param name="account">The ad account.</param>
    /// <param name="platform">The platform that serves it.</param>
    /// <param name="stage">The rollout stage, logged with the entries.</param>
    /// <param name="cancellationToken">Cancels the restore.</param>
    /// <returns>The restore entries.</returns>
    /// <param name="engagedAt">When the kill switch was engaged (keys the restore).</param>
    public async Task<IReadOnlyList<ActionLogEntry>> RestoreAsync(
        long storeId, AdAccountRef account, IAdPlatform platform, DateTimeOffset engagedAt, RolloutStage stage, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(account);
        ArgumentNullException.ThrowIfNull(platform);
        if (platform is not IAdCreativePlatform creatives)
        {
            return [];
        }

        var ads = await creatives.GetAdsAsync(account, cancellationToken).ConfigureAwait(false);
        var entries = new List<ActionLogEntry>();
        foreach (var adSet in ads.Select(a => a.AdSet).Distinct().OrderBy(a => a.ExternalId, StringComparer.Ordinal))
        {
            var rotations = (await _log.ListAppliedAsync(storeId, adSet, DateTimeOffset.UnixEpoch, cancellationToken).ConfigureAwait(false))
                .Where(e => string.Equals(e.Decision.PolicyName, ActionPolicies.CreativeRotation, StringComparison.Ordinal))
                .OrderBy(e => e.Id)
                .ToList();
            if (rotations.Count == 0 || CreativeRotationRecord.Parse(rotations[0].Decision.FinalActionJson) is not { } first)
            {
                continue;
            }

            var entry = await RecordRestoreAsync(
                storeId, account, adSet, stage, ActionKeys.CreativeRestore(account, adSet, engagedAt), first, creatives, ads,
                $"{GuardrailReasonCodes.KillSwitch}: restore the ad statuses from before {rotations.Count} creative rotation(s) (first: action {rotations[0].Id})",
                cancellationToken).ConfigureAwait(false);
            entries.Add(entry);
        }

        return entries;
    }

    /// <summary>
    /// Reverts one applied rotation: its ads get their statuses from before it (an action of policy
    /// <see cref="ActionPolicies.KillSwitch"/>, keyed by the rotation), and it becomes rolled back.
    /// </summary>
    /// <param name="storeId">The store.</param>
    /// <param name="actionId">The rotation's entry.</param>
    /// <param name="account">The ad account that owns its ad set.</param>
    /// <param name="platform">The platform that serves it.</param>
    /// <param name="cancellationToken">Cancels the revert.</param>
    /// <returns>The revert's entry.</returns>
    /// <exception cref="InvalidOperationException">The entry is not an applied rotation of this account's platform.</exception>
    public async Task<ActionLogEntry> RevertAsync(long storeId, long actionId, AdAccountRef account, IAdPlatform platform, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(account);
        ArgumentNullException.ThrowIfNull(platform);
        var entry = await _log.GetAsync(storeId, actionId, cancellationToken).ConfigureAwait(false);
        if (entry is null || !string.Equals(entry.Decision.PolicyName, ActionPolicies.CreativeRotation, StringComparison.Ordinal)
            || entry.Status != ActionStatus.Applied || entry.Decision.AdSet.Platform != account.Platform
            || CreativeRotationRecord.Parse(entry.Decision.FinalActionJson) is not { } record)
        {
            throw new InvalidOperationException($"action {actionId} is not an applied creative rotation on {account.Platform}");
        }

        if (platform is not IAdCreativePlatform creatives)
        {
            throw new InvalidOperationException($"the {account.Platform} connector cannot switch ads");
        }

        var ads = await creatives.GetAdsAsync(account, cancellationToken).ConfigureAwait(false);
        return await RecordRestoreAsync(
            storeId, account, entry.Decision.AdSet, RolloutStage.Expand, $"{entry.Decision.IdempotencyKey}:revert", record, creatives, ads,
            $"revert: put back the ad statuses from before creative rotation {entry.Id}", cancellationToken).ConfigureAwait(false);
    }

    private async Task<ActionLogEntry> RecordRestoreAsync(
        long storeId,
        AdAccountRef account,
        AdSetRef adSet,
        RolloutStage stage,
        string key,
        CreativeRotationRecord undo,
        IAdCreativePlatform creatives,
        IReadOnlyList<AdSnapshot> ads,
        string reason,
        CancellationToken cancellationToken)
    {
        var byId = ads.ToDictionary(a => a.AdId, StringComparer.Ordinal);
        var back = undo with
        {
            CreativeType = undo.FromCreativeType,
            FromCreativeType = undo.CreativeType,
            ProposedBy = reason,
            Ads = [.. undo.Ads.Where(a => byId.ContainsKey(a.AdId)).Select(a => a with { Before = byId[a.AdId].Status, After = a.Before })],
        };
        var entry = await _log.RecordAsync(
            storeId,
            new ActionDecision
            {
                IdempotencyKey = key,
                AdSet = adSet,
                Hour = ActionKeys.HourOf(_time.GetUtcNow()),
                Mode = Actuator.ToMode(stage),
                StateJson = "{}",
                PolicyName = ActionPolicies.KillSwitch,
                PolicyVersion = ActionPolicies.Version,
                ProposedActionJson = back.ToJson(),
                FinalActionJson = back.ToJson(),
                Verdict = StoredVerdict.Allow,
                GuardrailReasons = [reason],
                Status = ActionStatus.Intended,
            },
            cancellationToken).ConfigureAwait(false);
        return entry.Status == ActionStatus.Intended
            ? await ApplyAsync(storeId, account, creatives, entry, back, ads, cancellationToken).ConfigureAwait(false)
            : entry;
    }

    public async Task<ActionLogEntry> ApplyAsync(
        long storeId,
        AdAccountRef account,
        IAdCreativePlatform creatives,
        ActionLogEntry entry,
        CreativeRotationRecord record,
        IReadOnlyList<AdSnapshot> ads,
        CancellationToken cancellationToken)
    {
        var changes = record.ChangesFrom(ads.ToDictionary(a => a.AdId, StringComparer.Ordinal));
        var restore = string.Equals(entry.Decision.PolicyName, ActionPolicies.KillSwitch, StringComparison.Ordinal);
        if (changes.Count > 0)
        {
            try
            {
                await creatives.UpdateAdStatusesAsync(account, changes, cancellationToken).ConfigureAwait(false);
            }
            catch (PlatformException ex) when (ex.IsTransient)
            {
                _logger.RotationLeftOpen(entry.Id, entry.Decision.AdSet.ToString(), ex.Message);
                return entry;
            }
            catch (PlatformException ex)
            {
                return await FailAsync(storeId, entry, $"rejected: {ex.Message}", cancellationToken).ConfigureAwait(false);
            }
        }

        var activated = changes.Where(c => c.Status == AdSetStatus.Active).Select(c => c.AdId).ToList();
        var paused = changes.Where(c => c.Status == AdSetStatus.Paused).Select(c => c.AdId).ToList();
        var response = changes.Count == 0
            ? "no change: the ads already have these statuses; no call made"
            : $"accepted: activated {activated.Count} ad(s) [{string.Join(", ", activated)}], paused {paused.Count} [{string.Join(", ", paused)}]";
        var applied = await _log.CompleteAsync(storeId, entry.Id, true, response, null, cancellationToken).ConfigureAwait(false);
        if (restore)
        {
            return await RollBackAsync(storeId, applied, cancellationToken).ConfigureAwait(false);
        }

        _logger.Rotated(applied.Decision.AdSet.ToString(), record.CreativeType is { } t ? CreativeTypes.Word(t) : "?", applied.Id, response);
        return applied;
    }

    /// <summary>After a restore or revert is applied, the rotations it undid become rolled back.</summary>
    public async Task<ActionLogEntry> RollBackAsync(long storeId, ActionLogEntry restore, CancellationToken cancellationToken)
    {
        var undone = (await _log.ListAppliedAsync(storeId, restore.Decision.AdSet, DateTimeOffset.UnixEpoch, cancellationToken).ConfigureAwait(false))
            .Where(e => string.Equals(e.Decision.PolicyName, ActionPolicies.CreativeRotation, StringComparison.Ordinal) && e.Id < restore.Id)
            .ToList();
        var key = restore.Decision.IdempotencyKey;
        if (key.EndsWith(":revert", StringComparison.Ordinal))
        {
            var rotationKey = key[..^":revert".Length];
            undone = [.. undone.Where(e => string.Equals(e.Decision.IdempotencyKey, rotationKey, StringComparison.Ordinal))];
        }

        foreach (var e in undone)
        {
            await _log.MarkRolledBackAsync(storeId, e.Id, $"undone by {restore.Id}", cancellationToken).ConfigureAwait(false);
        }

        _logger.CreativesRestored(restore.Decision.AdSet.ToString(), undone.Count, restore.Id);
        return restore;
    }

    public Task<ActionLogEntry> FailAsync(long storeId, ActionLogEntry entry, string error, CancellationToken cancellationToken)
    {
        _logger.RotationFailed(entry.Id, entry.Decision.AdSet.ToString(), error);
        return _log.CompleteAsync(storeId, entry.Id, false, null, error, cancellationToken);
    }

}
