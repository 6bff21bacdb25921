using AdPilot.Core.Guardrails;
using AdPilot.Core.Platforms;
using AdPilot.Storage.Actions;
using AdPilot.Core.Experiments;
using AdPilot.Storage.Approvals;
using AdPilot.Storage.Experiments;
using AdPilot.Storage.Snapshots;

namespace AdPilot.Runtime.Actuation;

/// <summary>
/// The approval rule (guide §18) where it cannot be gone around: the actuator's one write path asks it before every platform
/// call. A daily budget increase over <see cref="GuardrailOptions.ApprovalIncreaseShare"/> of the budget the platform shows
/// now, or over <see cref="GuardrailOptions.ApprovalIncreaseAmount"/>, goes through only when the entry's own approval
/// was approved for exactly that change (the same from and to budgets, currency) and is consumed by it, once; or, for a
/// kill-switch restore, when it puts back exactly the ad set's last human budget; or, for a step of a targeting
/// experiment a person approved, when it moves exactly the budget the experiment recorded at its start back to the
/// original or, once the copy won, to the copy. Whatever wrote the intent (a cycle, an approval, recovery, a restore, or a
/// row written by hand), nothing else reaches the platform.
/// </summary>
/// <param name="approvals">The approvals; none means no increase over the threshold is ever authorised.</param>
/// <param name="snapshots">The human budget snapshots a restore is checked against.</param>
/// <param name="thresholds">The guardrails' approval thresholds.</param>
/// <param name="experiments">The targeting experiments; none means no experiment step may raise a budget over the threshold.</param>
internal sealed class ApprovalGate(IApprovalStore? approvals, IBudgetSnapshotStore snapshots, GuardrailOptions thresholds, ExperimentStore? experiments = null)
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

        if (string.Equals(entry.Decision.PolicyName, ActionPolicies.AbTest, StringComparison.Ordinal))
        {
            return await RefuseExperimentStepAsync(storeId, entry, to, currency, cancellationToken).ConfigureAwait(false);
        }

        if (approvals is null)
        {
            return "no approval store is configured to authorise it";
        }

        var (authorised, reason) = await approvals.ConsumeAsync(storeId, entry.Id, from, to, currency, cancellationToken).ConfigureAwait(false);
        return authorised ? null : reason;
    }

    /// <summary>
    /// An experiment's raise is authorised only by the experiment that holds the ad set, and only to the original's budget
    /// as recorded when it started: back to the original (the copy lost, or the test ended early), or to the copy once it
    /// won (the original is paused first).
    /// </summary>
    private async Task<string?> RefuseExperimentStepAsync(long storeId, ActionLogEntry entry, decimal to, string currency, CancellationToken cancellationToken)
    {
        if (experiments is null)
        {
            return "no experiment store is configured to authorise an experiment's step";
        }

        var held = await experiments.HeldAdSetsAsync(storeId, cancellationToken).ConfigureAwait(false);
        if (!held.TryGetValue(entry.Decision.AdSet, out var experiment) || experiment.DecidedBy is null)
        {
            return $"no approved experiment holds {entry.Decision.AdSet}";
        }

        if (experiment.OriginalBudget != to || !string.Equals(experiment.Currency, currency, StringComparison.Ordinal))
        {
            return $"experiment {experiment.Id} may only move the original's budget of {experiment.OriginalBudget} {experiment.Currency}, not {to} {currency}";
        }

        var toCopy = experiment.Copy == entry.Decision.AdSet;
        return toCopy && experiment is not { Status: ExperimentStatus.Concluding, Winner: ExperimentArm.Copy }
            ? $"experiment {experiment.Id} gives the copy the original's budget only once the copy won"
            : null;
    }
}
