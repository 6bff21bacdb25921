using AdPilot.Core.Domain;
using AdPilot.Core.Platforms;
using AdPilot.Runtime.Loop;
using AdPilot.Storage.Actions;
using AdPilot.Storage.Snapshots;
using Microsoft.Extensions.Logging;

namespace AdPilot.Runtime.Actuation;

/// <summary>
/// Settles open intents against the platform: the one write path of the actuator, shared by fresh decisions, recovery
/// and kill-switch restores. For each ad set only its newest intent counts (older ones are marked failed as superseded);
/// an intent the platform already shows is marked applied without a call (it went through before a crash); any other
/// is applied, in one batch when the platform has a batch path, and its outcome written.
/// </summary>
/// <remarks>
/// Before any call, <see cref="ApprovalGate"/> checks a budget increase over the approval threshold against its approval:
/// one without a matching approved approval is failed (<c>approval_required</c>) and never sent.
/// </remarks>
internal sealed class ActionWriter(IActionLog log, IBudgetSnapshotStore snapshots, TimeProvider time, ActuatorOptions options, ILogger logger, ApprovalGate gate, IFaultPoints faultPoints)
{
    private readonly TimeSpan _intentTtl = options.IntentTtl;
    private readonly int _minBatchSize = options.MinBatchSize;

    /// <summary>Settles <paramref name="intents"/>; an entry whose call failed transiently is returned still intended.</summary>
    public async Task<IReadOnlyList<ActionLogEntry>> SettleAsync(
        long storeId,
        AdAccountRef account,
        IAdPlatform platform,
        IBatchAdPlatform? batch,
        IReadOnlyList<ActionLogEntry> intents,
        bool killSwitchEngaged,
        CancellationToken cancellationToken)
    {
        if (intents.Count == 0)
        {
            return [];
        }

        var shown = (await platform.GetAdSetsAsync(account, cancellationToken).ConfigureAwait(false)).ToDictionary(a => a.AdSet);
        var now = time.GetUtcNow();
        var settled = new List<ActionLogEntry>();
        var writes = new List<(ActionLogEntry Entry, BatchUpdate Update)>();
        foreach (var group in intents.GroupBy(e => e.Decision.AdSet))
        {
            var ordered = group.OrderBy(e => e.Id).ToArray();
            var newest = ordered[^1];
            foreach (var older in ordered[..^1])
            {
                settled.Add(await FailAsync(storeId, older, $"superseded by action {newest.Id} for the same ad set", cancellationToken).ConfigureAwait(false));
            }

            if (!shown.TryGetValue(newest.Decision.AdSet, out var snapshot))
            {
                // Not this account's ad set (or gone): another account's recovery, or a person, settles it.
                settled.Add(newest);
                continue;
            }

            var policy = newest.Decision.PolicyName;
            if (string.Equals(policy, ActionPolicies.Human, StringComparison.Ordinal))
            {
                settled.Add(await log.CompleteAsync(storeId, newest.Id, true, "observed on the platform", null, cancellationToken).ConfigureAwait(false));
                continue;
            }

            var target = ActionSettings.Parse(newest.Decision.FinalActionJson);
            if (target is null)
            {
                settled.Add(await FailAsync(storeId, newest, "the intent has no final action to apply", cancellationToken).ConfigureAwait(false));
                continue;
            }

            if (target.IsShownBy(snapshot))
            {
                var entry = await log.CompleteAsync(
                    storeId, newest.Id, true, "the platform already shows these settings; no call made", null, cancellationToken).ConfigureAwait(false);
                logger.FoundApplied(entry.Id, entry.Decision.AdSet.ToString());
                settled.Add(await AfterAppliedAsync(storeId, entry, cancellationToken).ConfigureAwait(false));
                continue;
            }

            if (killSwitchEngaged && !string.Equals(policy, ActionPolicies.KillSwitch, StringComparison.Ordinal))
            {
                settled.Add(await FailAsync(storeId, newest, "kill_switch: the kill switch is engaged; not applied", cancellationToken).ConfigureAwait(false));
                continue;
            }

            var since = newest.AttemptedAt ?? newest.DecidedAt;
            if (now - since > _intentTtl)
            {
                settled.Add(await FailAsync(
                    storeId, newest, $"stale: the intent was written at {since:u}, more than {_intentTtl.TotalHours:0.##} h ago; not applied", cancellationToken).ConfigureAwait(false));
                continue;
            }

            if (await gate.RefuseAsync(storeId, newest, snapshot, target, cancellationToken).ConfigureAwait(false) is { } refusal)
            {
                settled.Add(await FailAsync(storeId, newest, $"approval_required: {refusal}; not applied", cancellationToken).ConfigureAwait(false));
                continue;
            }

            var update = target.UpdateFrom(snapshot);
            if (update.IsEmpty)
            {
                settled.Add(await FailAsync(storeId, newest, "nothing the ad set itself can be asked to change (a creative rotation is applied as its own action)", cancellationToken).ConfigureAwait(false));
                continue;
            }

            writes.Add((newest, new BatchUpdate(update, snapshot.CampaignId)));
        }

        if (writes.Count > 0)
        {
            await faultPoints.ReachedAsync(FaultPoint.BeforePlatformWrite, cancellationToken).ConfigureAwait(false);
        }

        if (batch is not null && writes.Count >= _minBatchSize)
        {
            settled.AddRange(await WriteBatchAsync(storeId, account, batch, writes, cancellationToken).ConfigureAwait(false));
        }
        else
        {
            foreach (var (entry, update) in writes)
            {
                PlatformException? error = null;
                try
                {
                    await platform.UpdateAdSetAsync(account, update.Update, cancellationToken).ConfigureAwait(false);
                }
                catch (PlatformException ex)
                {
                    error = ex;
                }

                await faultPoints.ReachedAsync(FaultPoint.AfterPlatformWrite, cancellationToken).ConfigureAwait(false);
                settled.Add(await OutcomeAsync(storeId, entry, update.Update, error, "single", cancellationToken).ConfigureAwait(false));
            }
        }

        return settled;
    }

    private async Task<IReadOnlyList<ActionLogEntry>> WriteBatchAsync(
        long storeId, AdAccountRef account, IBatchAdPlatform batch, List<(ActionLogEntry Entry, BatchUpdate Update)> writes, CancellationToken cancellationToken)
    {
        IReadOnlyList<BatchUpdateResult> results;
        try
        {
            results = await batch.UpdateAdSetsAsync(account, [.. writes.Select(w => w.Update)], cancellationToken).ConfigureAwait(false);
        }
        catch (PlatformException ex)
        {
            await faultPoints.ReachedAsync(FaultPoint.AfterPlatformWrite, cancellationToken).ConfigureAwait(false);
            // Which updates went through is unknown: transient failures stay open for recovery to check on the platform.
            var failed = new List<ActionLogEntry>();
            foreach (var (entry, update) in writes)
            {
                failed.Add(await OutcomeAsync(storeId, entry, update.Update, ex, "batch", cancellationToken).ConfigureAwait(false));
            }

            return failed;
        }

        await faultPoints.ReachedAsync(FaultPoint.AfterPlatformWrite, cancellationToken).ConfigureAwait(false);
        var settled = new List<ActionLogEntry>();
        for (var i = 0; i < writes.Count; i++)
        {
            settled.Add(await OutcomeAsync(storeId, writes[i].Entry, writes[i].Update.Update, results[i].Error, "batch", cancellationToken).ConfigureAwait(false));
        }

        return settled;
    }

    /// <summary>
    /// Writes a call's outcome. A change limit or a campaign-owned budget fails the entry with its reason (retrying within
    /// the hour fails again, and the next cycle decides afresh); other transient errors leave the intent open for the next
    /// cycle's recovery; so does an answer that could not be read, since the platform may well have made the change (recovery
    /// then reads the ad set and marks it applied, rather than the next cycle taking AdPilot's own change for a person's);
    /// anything else fails it.
    /// </summary>
    private async Task<ActionLogEntry> OutcomeAsync(
        long storeId, ActionLogEntry entry, AdSetUpdate update, PlatformException? error, string via, CancellationToken cancellationToken)
    {
        if (error is null)
        {
            var applied = await log.CompleteAsync(storeId, entry.Id, true, Response(update, via), null, cancellationToken).ConfigureAwait(false);
            logger.Applied(applied.Id, applied.Decision.AdSet.ToString(), applied.PlatformResponse ?? "");
            return await AfterAppliedAsync(storeId, applied, cancellationToken).ConfigureAwait(false);
        }

        var reason = error switch
        {
            PlatformChangeLimitException => "change_limit",
            PlatformBudgetOwnedByCampaignException => "budget_owned_by_campaign",
            { IsTransient: true } => null,
            PlatformResponseException => null,
            _ => "rejected",
        };
        if (reason is null)
        {
            logger.LeftOpen(entry.Id, entry.Decision.AdSet.ToString(), error.Message);
            return entry;
        }

        return await FailAsync(storeId, entry, $"{reason}: {error.Message}", cancellationToken).ConfigureAwait(false);
    }

    private Task<ActionLogEntry> FailAsync(long storeId, ActionLogEntry entry, string error, CancellationToken cancellationToken)
    {
        logger.Failed(entry.Id, entry.Decision.AdSet.ToString(), error);
        return log.CompleteAsync(storeId, entry.Id, false, null, error, cancellationToken);
    }

    /// <summary>A restore undoes AdPilot's applied changes to the ad set since its last human snapshot: they become rolled_back.</summary>
    private async Task<ActionLogEntry> AfterAppliedAsync(long storeId, ActionLogEntry entry, CancellationToken cancellationToken)
    {
        if (!string.Equals(entry.Decision.PolicyName, ActionPolicies.KillSwitch, StringComparison.Ordinal))
        {
            return entry;
        }

        var since = await snapshots.LatestHumanCaptureAsync(storeId, entry.Decision.AdSet, cancellationToken).ConfigureAwait(false)
            ?? DateTimeOffset.UnixEpoch;
        var undone = (await log.ListAppliedAsync(storeId, entry.Decision.AdSet, since, cancellationToken).ConfigureAwait(false))
            .Where(e => e.Id != entry.Id && IsPolicyEntry(e));
        foreach (var e in undone)
        {
            await log.MarkRolledBackAsync(storeId, e.Id, $"undone by kill switch restore {entry.Id}", cancellationToken).ConfigureAwait(false);
        }

        return entry;
    }

    internal static bool IsPolicyEntry(ActionLogEntry entry) =>
        !string.Equals(entry.Decision.PolicyName, ActionPolicies.Human, StringComparison.Ordinal)
        && !string.Equals(entry.Decision.PolicyName, ActionPolicies.KillSwitch, StringComparison.Ordinal)
        && !string.Equals(entry.Decision.PolicyName, ActionPolicies.CreativeRotation, StringComparison.Ordinal);

    private static string Response(AdSetUpdate update, string via)
    {
        var parts = new List<string>();
        if (update.DailyBudget is { } budget)
        {
            parts.Add($"daily budget {budget}");
        }

        if (update.Status is { } status)
        {
            parts.Add($"status {status}");
        }

        if (update.BidStrategy is { } bid)
        {
            parts.Add($"bid strategy {bid.Kind}");
        }

        return $"accepted ({via}): {string.Join(", ", parts)}";
    }
}
