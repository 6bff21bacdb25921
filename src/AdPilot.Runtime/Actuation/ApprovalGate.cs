using AdPilot.Core.Guardrails;
using AdPilot.Core.Platforms;
using AdPilot.Storage.Actions;
using AdPilot.Storage.Approvals;
using AdPilot.Storage.Snapshots;

namespace AdPilot.Runtime.Actuation;

/// <summary>
/// The approval rule (guide §18) where it cannot be gone around: the actuator's one write path asks it before every platform
/// call. A daily budget increase over <see cref="GuardrailOptions.ApprovalIncreaseShare"/> of the budget the platform shows
/// now, or over <see cref="GuardrailOptions.ApprovalIncreaseAmount"/>, goes through only when the entry's own approval
/// was approved for exactly that change (the same from and to budgets, currency) and is consumed by it, once; or, for a
/// kill-switch restore, when it puts back exactly the ad set's last human budget. Whatever wrote the intent (a cycle, an
/// approval, recovery, a restore, or a row written by hand), nothing else reaches the platform.
/// </summary>
/// <param name="approvals">The approvals; none means no increase over the threshold is ever authorised.</param>
/// <param name="snapshots">The human budget snapshots a restore is checked against.</param>
/// <param name="thresholds">The guardrails' approval thresholds.</param>
internal sealed class ApprovalGate(IApprovalStore? approvals, IBudgetSnapshotStore snapshots, GuardrailOptions thresholds)
{
    /// <summary>Why the change may not be applied, or <see langword="null"/> when it may.</summary>
    public async Task<string?> RefuseAsync(long storeId, ActionLogEntry entry, AdSetSnapshot shown, ActionSettings target, CancellationToken cancellationToken)
    {
        if (target.DailyBudget is not { } to || shown.DailyBudget is not { } now)
        {
            return null;
        }

        var from = now.Amount;
        var increase = to - from;
        if (increase <= 0m || (increase <= thresholds.ApprovalIncreaseShare * from && increase <= thresholds.ApprovalIncreaseAmount))
        {
            return null;
        }

        var currency = string.IsNullOrEmpty(target.Currency) ? now.Currency : target.Currency;
        if (string.Equals(entry.Decision.PolicyName, ActionPolicies.KillSwitch, StringComparison.Ordinal))
        {
            var human = (await snapshots.LatestHumanBudgetsAsync(storeId, cancellationToken).ConfigureAwait(false))
                .FirstOrDefault(s => s.AdSet == entry.Decision.AdSet);
            return human is not null && human.DailyBudget == to && string.Equals(human.Currency.Trim(), currency, StringComparison.Ordinal)
                ? null
                : $"a kill-switch restore may only put back the ad set's last human budget, and {to} {currency} is not it";
        }

        if (approvals is null)
        {
            return "no approval store is configured to authorise it";
        }

        var (authorised, reason) = await approvals.ConsumeAsync(storeId, entry.Id, from, to, currency, cancellationToken).ConfigureAwait(false);
        return authorised ? null : reason;
    }
}
