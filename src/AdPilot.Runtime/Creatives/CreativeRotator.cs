using AdPilot.Core.Creatives;
using AdPilot.Core.Domain;
using AdPilot.Core.Guardrails;
using AdPilot.Core.Platforms;
using AdPilot.Runtime.Actuation;
using AdPilot.Storage.Actions;
using AdPilot.Storage.Creatives;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using StoredVerdict = AdPilot.Storage.Actions.GuardrailVerdict;

namespace AdPilot.Runtime.Creatives;

/// <summary>
/// Creative rotation (guide §10, §12, §16 step 11): a policy's creative type, when it differs from what an ad set runs,
/// becomes "activate the ads of this type in the ad set, pause the others", logged in the action log as its own entry
/// (policy <see cref="ActionPolicies.CreativeRotation"/>, one per ad set and hour) with every ad's status before and after.
/// </summary>
/// <remarks>
/// <para>
/// A rotation goes ahead only when the guardrails kept the proposed type in the hour's change (kill switch, ROAS pause,
/// freeze window, pilot stage, cool-down, rotations per local day), it is at least <see cref="CreativeOptions.RotationMinHours"/>
/// after the ad set's last rotation, some of the ad set's ads are tagged with the type (untagged ads are never switched)
/// and the ad set keeps an active ad. Anything else is logged as blocked with its reasons (status <c>shadow</c>, nothing
/// sent). In shadow mode the plan is logged and nothing is sent.
/// </para>
/// <para>
/// Outside shadow the entry is written <c>intended</c> before any call, then <c>applied</c> or <c>failed</c>; a transient
/// error leaves it open and <see cref="RecoverAsync"/> settles it at the next cycle (applied if the platform already shows
/// it, failed when stale or while the kill switch is engaged, applied otherwise). The kill switch's restore
/// (<see cref="RestoreAsync"/>) and <see cref="RevertAsync"/> put the statuses back and mark the rotations rolled back.
/// </para>
/// </remarks>
public sealed class CreativeRotator
{
    private readonly IActionLog _log;
    private readonly CreativeStore _store;
    private readonly KillSwitchService _killSwitch;
    private readonly TimeProvider _time;
    private readonly int _minHours;
    private readonly TimeSpan _intentTtl;
    private readonly ILogger _logger;
    private readonly CreativeRestorer _restorer;

    /// <summary>Initializes a new instance of the <see cref="CreativeRotator"/> class.</summary>
    /// <param name="log">The action log.</param>
    /// <param name="store">The creative tags and rotation history.</param>
    /// <param name="killSwitch">The kill switch, read at every run.</param>
    /// <param name="time">The clock.</param>
    /// <param name="options">The creative settings; the defaults when null.</param>
    /// <param name="actuator">The actuator settings (the intent lifetime); the defaults when null.</param>
    /// <param name="logger">The logger; none when null.</param>
    /// <exception cref="ArgumentException">The options have problems.</exception>
    public CreativeRotator(
        IActionLog log,
        CreativeStore store,
        KillSwitchService killSwitch,
        TimeProvider time,
        CreativeOptions? options = null,
        ActuatorOptions? actuator = null,
        ILogger<CreativeRotator>? logger = null)
    {
        ArgumentNullException.ThrowIfNull(log);
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(killSwitch);
        ArgumentNullException.ThrowIfNull(time);
        options ??= new CreativeOptions();
        var errors = options.Validate();
        if (errors.Count > 0)
        {
            throw new ArgumentException($"invalid creative options: {string.Join("; ", errors)}", nameof(options));
        }

        _log = log;
        _store = store;
        _killSwitch = killSwitch;
        _time = time;
        _minHours = options.RotationMinHours;
        _intentTtl = ActuatorOptions.Checked(actuator).IntentTtl;
        _logger = logger ?? NullLogger<CreativeRotator>.Instance;
        _restorer = new CreativeRestorer(log, time, _logger);
    }

    /// <summary>
    /// The creative type each ad set runs now, from the platform's ads and the stored tags: the type of most of its active
    /// tagged ads. Ad sets none of whose active ads is tagged are absent.
    /// </summary>
    /// <param name="storeId">The store.</param>
    /// <param name="account">The ad account.</param>
    /// <param name="platform">Its platform's ads; not called when the store has no tags at all.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>The running type per ad set.</returns>
    /// <exception cref="PlatformException">Reading the ads failed.</exception>
    public async Task<IReadOnlyDictionary<AdSetRef, CreativeType>> RunningTypesAsync(
        long storeId, AdAccountRef account, IAdCreativePlatform platform, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(account);
        ArgumentNullException.ThrowIfNull(platform);
        var tags = await TagsAsync(storeId, cancellationToken).ConfigureAwait(false);
        if (tags.Count == 0)
        {
            return new Dictionary<AdSetRef, CreativeType>();
        }

        var ads = await platform.GetAdsAsync(account, cancellationToken).ConfigureAwait(false);
        var running = new Dictionary<AdSetRef, CreativeType>();
        foreach (var adSet in ads.Select(a => a.AdSet).Distinct())
        {
            if (CreativeRotationPlan.Running(adSet, ads, tags) is { } type)
            {
                running[adSet] = type;
            }
        }

        return running;
    }

    /// <summary>When each ad set's creatives were rotated in the last two days (or <see cref="CreativeOptions.RotationMinHours"/>, if longer).</summary>
    /// <param name="storeId">The store.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>The instants per ad set, for <see cref="GuardedAdSet.RecentCreativeRotations"/>.</returns>
    public Task<IReadOnlyDictionary<AdSetRef, IReadOnlyList<DateTimeOffset>>> RecentRotationsAsync(long storeId, CancellationToken cancellationToken) =>
        _store.RotationsSinceAsync(storeId, _time.GetUtcNow().AddHours(-Math.Max(48, _minHours + 1)), cancellationToken);

    /// <summary>
    /// Logs and, outside shadow, applies the hour's creative rotations: one for each decision whose proposed creative type
    /// differs from the type its ad set runs (<see cref="GuardedAdSet.Current"/>). Running it again for the same hour finds
    /// its entries and does nothing twice.
    /// </summary>
    /// <param name="input">The hour's decisions, as the actuator got them.</param>
    /// <param name="platform">The platform that serves the account.</param>
    /// <param name="cancellationToken">Cancels the run; an intent already written stays open for recovery.</param>
    /// <returns>The rotation entries as they stand after the run.</returns>
    public async Task<IReadOnlyList<ActionLogEntry>> RunAsync(ActuationInput input, IAdPlatform platform, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(input);
        ArgumentNullException.ThrowIfNull(platform);
        var guarded = input.AdSets.ToDictionary(a => a.AdSet);
        var proposals = input.Decisions
            .Where(d => guarded.TryGetValue(d.AdSet, out var g) && d.Proposed.CreativeType != g.Current.CreativeType)
            .ToList();
        if (proposals.Count == 0)
        {
            return [];
        }

        var hour = ActionKeys.HourOf(input.Hour);
        var live = input.Stage != RolloutStage.Shadow;
        var logged = (await _log.ListAsync(input.StoreId, hour, hour.AddHours(1), cancellationToken).ConfigureAwait(false))
            .ToDictionary(e => e.Decision.IdempotencyKey, StringComparer.Ordinal);
        var entries = new List<ActionLogEntry>();
        var fresh = new List<GuardrailDecision>();
        foreach (var decision in proposals)
        {
            if (logged.TryGetValue(ActionKeys.Rotation(input.Account, decision.AdSet, hour), out var existing))
            {
                entries.Add(existing);
            }
            else
            {
                fresh.Add(decision);
            }
        }

        if (fresh.Count == 0)
        {
            return entries;
        }

        var now = _time.GetUtcNow();
        var engaged = live && (await _killSwitch.GetStateAsync(input.StoreId, cancellationToken).ConfigureAwait(false)).Engaged;
        var creatives = platform as IAdCreativePlatform;
        var tags = await TagsAsync(input.StoreId, cancellationToken).ConfigureAwait(false);
        IReadOnlyList<AdSnapshot> ads = [];
        string? unreadable = null;
        if (creatives is not null && tags.Count > 0)
        {
            try
            {
                ads = await creatives.GetAdsAsync(input.Account, cancellationToken).ConfigureAwait(false);
            }
            catch (PlatformException ex)
            {
                // The hour's budget changes are already made: the rotations are logged as not applied, and the next hour decides afresh.
                unreadable = $"{GuardrailReasonCodes.CreativeUnsupported}: reading the ads failed: {ex.Message}";
            }
        }

        var rotations = await _store.RotationsSinceAsync(input.StoreId, now.AddHours(-_minHours - 1), cancellationToken).ConfigureAwait(false);
        var proposedBy = $"{input.Policy.Name} {input.Policy.Version}";
        foreach (var decision in fresh)
        {
            var current = guarded[decision.AdSet].Current;
            var target = decision.Proposed.CreativeType;
            var reasons = new List<string>();
            var kept = decision.Change is { } change && change.CreativeType == target && decision.MayApply;
            if (!kept)
            {
                var why = decision.Reasons.Select(r => r.ToString()).ToList();
                if (decision.Verdict == Core.Guardrails.GuardrailVerdict.RequireApproval)
                {
                    why.Add($"{GuardrailReasonCodes.ApprovalRequired}: the hour's change awaits approval; its creative rotation is not applied with it");
                }

                reasons.AddRange(why.Count > 0 ? why : ["the guardrails did not keep the creative rotation in the hour's change"]);
            }

            CreativeRotationPlan? plan = null;
            if (creatives is null)
            {
                reasons.Add($"{GuardrailReasonCodes.CreativeUnsupported}: the {input.Account.Platform} connector cannot read or switch ads");
            }
            else if (tags.Count == 0)
            {
                reasons.Add($"{GuardrailReasonCodes.CreativeUntagged}: no ad of the store is tagged yet (untagged ads are never rotated); run adpilot creatives tag");
            }
            else if (unreadable is not null)
            {
                reasons.Add(unreadable);
            }
            else
            {
                plan = CreativeRotationPlan.For(decision.AdSet, target, ads, tags);
                if (plan.Refusal is { } refusal)
                {
                    reasons.Add(refusal.ToString());
                }
            }

            if (CreativeRotationSpacingRule.Check(_minHours, rotations.GetValueOrDefault(decision.AdSet) ?? [], now) is { } spacing)
            {
                reasons.Add(spacing.ToString());
            }

            if (engaged && !reasons.Any(r => r.StartsWith(GuardrailReasonCodes.KillSwitch, StringComparison.Ordinal)))
            {
                reasons.Add($"{GuardrailReasonCodes.KillSwitch}: the kill switch is engaged: no creative is rotated");
            }

            var blocked = reasons.Count > 0;
            var record = CreativeRotationRecord.From(current, target, current.CreativeType, proposedBy, plan?.Ads ?? []);
            var entry = await _log.RecordAsync(
                input.StoreId,
                new ActionDecision
                {
                    IdempotencyKey = ActionKeys.Rotation(input.Account, decision.AdSet, hour),
                    AdSet = decision.AdSet,
                    Hour = hour,
                    Mode = Actuator.ToMode(input.Stage),
                    StateJson = input.Proposals.TryGetValue(decision.AdSet, out var proposal) ? proposal.StateJson : "{}",
                    PolicyName = ActionPolicies.CreativeRotation,
                    PolicyVersion = ActionPolicies.Version,
                    CheckpointVersion = input.Policy.CheckpointVersion,
                    ProposedActionJson = record.ToJson(),
                    FinalActionJson = blocked ? null : record.ToJson(),
                    Verdict = blocked ? StoredVerdict.Block : StoredVerdict.Allow,
                    GuardrailReasons = reasons,
                    Status = !live || blocked ? ActionStatus.Shadow : ActionStatus.Intended,
                },
                cancellationToken).ConfigureAwait(false);
            if (blocked)
            {
                _logger.RotationRefused(decision.AdSet.ToString(), CreativeTypes.Word(target), entry.Id, string.Join("; ", reasons));
            }

            entries.Add(entry.Status == ActionStatus.Intended
                ? await ApplyAsync(input.StoreId, input.Account, creatives!, entry, record, ads, cancellationToken).ConfigureAwait(false)
                : entry);
        }

        return [.. entries.OrderBy(e => e.Id)];
    }

    /// <summary>
    /// Settles the creative intents a killed or failed cycle left open for this account's platform: applied when the
    /// platform already shows them, failed when stale or (rotations) while the kill switch is engaged, applied otherwise.
    /// </summary>
    /// <param name="storeId">The store.</param>
    /// <param name="account">The ad account.</param>
    /// <param name="platform">The platform that serves it.</param>
    /// <param name="cancellationToken">Cancels the recovery.</param>
    /// <returns>The entries settled (or still open after a transient error).</returns>
    public async Task<IReadOnlyList<ActionLogEntry>> RecoverAsync(long storeId, AdAccountRef account, IAdPlatform platform, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(account);
        ArgumentNullException.ThrowIfNull(platform);
        var open = (await _log.ListOpenIntentsAsync(storeId, cancellationToken).ConfigureAwait(false))
            .Where(e => e.Decision.AdSet.Platform == account.Platform && ActionKeys.IsCreative(e.Decision.IdempotencyKey))
            .ToArray();
        if (open.Length == 0 || platform is not IAdCreativePlatform creatives)
        {
            return [];
        }

        var ads = await creatives.GetAdsAsync(account, cancellationToken).ConfigureAwait(false);
        var held = ads.Select(a => a.AdSet).ToHashSet();
        var engaged = (await _killSwitch.GetStateAsync(storeId, cancellationToken).ConfigureAwait(false)).Engaged;
        var now = _time.GetUtcNow();
        var settled = new List<ActionLogEntry>();
        foreach (var entry in open.Where(e => held.Contains(e.Decision.AdSet)))
        {
            var restore = string.Equals(entry.Decision.PolicyName, ActionPolicies.KillSwitch, StringComparison.Ordinal);
            var record = CreativeRotationRecord.Parse(entry.Decision.FinalActionJson);
            var since = entry.AttemptedAt ?? entry.DecidedAt;
            if (record is null)
            {
                settled.Add(await FailAsync(storeId, entry, "the intent has no rotation to apply", cancellationToken).ConfigureAwait(false));
            }
            else if (record.ChangesFrom(ads.ToDictionary(a => a.AdId, StringComparer.Ordinal)).Count == 0)
            {
                var applied = await _log.CompleteAsync(storeId, entry.Id, true, "the platform already shows these ad statuses; no call made", null, cancellationToken).ConfigureAwait(false);
                settled.Add(restore ? await _restorer.RollBackAsync(storeId, applied, cancellationToken).ConfigureAwait(false) : applied);
            }
            else if (engaged && !restore)
            {
                settled.Add(await FailAsync(storeId, entry, "kill_switch: the kill switch is engaged; not applied", cancellationToken).ConfigureAwait(false));
            }
            else if (now - since > _intentTtl)
            {
                settled.Add(await FailAsync(
                    storeId, entry, $"stale: the intent was written at {since:u}, more than {_intentTtl.TotalHours:0.##} h ago; not applied", cancellationToken).ConfigureAwait(false));
            }
            else
            {
                settled.Add(await ApplyAsync(storeId, account, creatives, entry, record, ads, cancellationToken).ConfigureAwait(false));
            }
        }

        return settled;
    }

    /// <summary>
    /// The kill switch's restore for creatives (also run by <c>KillSwitchService.RestoreAsync</c>): every ad set of
    /// the account whose rotations are applied gets its ads' statuses from before the first of them; they become rolled back.
    /// </summary>
    /// <param name="storeId">The store.</param>
    /// <param name="account">The ad account.</param>
    /// <param name="platform">The platform that serves it.</param>
    /// <param name="stage">The rollout stage, logged with the entries.</param>
    /// <param name="cancellationToken">Cancels the restore.</param>
    /// <returns>The restore entries.</returns>
    /// <exception cref="InvalidOperationException">The kill switch is not engaged.</exception>
    public async Task<IReadOnlyList<ActionLogEntry>> RestoreAsync(
        long storeId, AdAccountRef account, IAdPlatform platform, RolloutStage stage, CancellationToken cancellationToken)
    {
        var state = await _killSwitch.GetStateAsync(storeId, cancellationToken).ConfigureAwait(false);
        return state.EngagedAt is { } engagedAt
            ? await _restorer.RestoreAsync(storeId, account, platform, engagedAt, stage, cancellationToken).ConfigureAwait(false)
            : throw new InvalidOperationException($"the kill switch of store {storeId} is not engaged; engage it before restoring");
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
    public Task<ActionLogEntry> RevertAsync(long storeId, long actionId, AdAccountRef account, IAdPlatform platform, CancellationToken cancellationToken) =>
        _restorer.RevertAsync(storeId, actionId, account, platform, cancellationToken);

    private Task<ActionLogEntry> ApplyAsync(
        long storeId,
        AdAccountRef account,
        IAdCreativePlatform creatives,
        ActionLogEntry entry,
        CreativeRotationRecord record,
        IReadOnlyList<AdSnapshot> ads,
        CancellationToken cancellationToken) => _restorer.ApplyAsync(storeId, account, creatives, entry, record, ads, cancellationToken);

    private Task<ActionLogEntry> FailAsync(long storeId, ActionLogEntry entry, string error, CancellationToken cancellationToken) =>
        _restorer.FailAsync(storeId, entry, error, cancellationToken);

    private async Task<IReadOnlyDictionary<string, CreativeType?>> TagsAsync(long storeId, CancellationToken cancellationToken) =>
        (await _store.ListAsync(storeId, cancellationToken).ConfigureAwait(false))
            .GroupBy(t => t.AdId, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.First().Type, StringComparer.Ordinal);
}
