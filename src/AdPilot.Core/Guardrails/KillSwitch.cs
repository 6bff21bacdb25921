using AdPilot.Core.Domain;

namespace AdPilot.Core.Guardrails;

/// <summary>
/// The kill switch's two pure halves: which human snapshots to take before AdPilot first changes an ad set, and which
/// changes put every ad set back to its last human budget and status. While the switch is engaged
/// <see cref="GuardrailEvaluator.Evaluate"/> blocks every proposal with <see cref="GuardrailReasonCodes.KillSwitch"/>.
/// Restores bypass every other guardrail (freeze windows, delta limits, cool-downs): the switch exists to undo AdPilot
/// at once.
/// </summary>
public static class KillSwitch
{
    /// <summary>The changes that restore the last human budget and status of every ad set that has a snapshot.</summary>
    /// <param name="snapshots">The human snapshots; where an ad set has several, the latest counts.</param>
    /// <param name="current">Every ad set's settings now.</param>
    /// <returns>One restore per ad set whose budget or status differs from its snapshot, ordered by ad set.</returns>
    /// <exception cref="ArgumentException">A snapshot's currency differs from the ad set's current budget's.</exception>
    public static IReadOnlyList<BudgetRestore> Restore(
        IEnumerable<HumanBudgetSnapshot> snapshots, IReadOnlyDictionary<AdSetRef, AdSetSettings> current)
    {
        ArgumentNullException.ThrowIfNull(snapshots);
        ArgumentNullException.ThrowIfNull(current);

        var latest = new Dictionary<AdSetRef, HumanBudgetSnapshot>();
        foreach (var snapshot in snapshots)
        {
            ArgumentNullException.ThrowIfNull(snapshot);
            if (!latest.TryGetValue(snapshot.AdSet, out var seen) || snapshot.TakenAt > seen.TakenAt)
            {
                latest[snapshot.AdSet] = snapshot;
            }
        }

        var restores = new List<BudgetRestore>();
        foreach (var snapshot in latest.Values.OrderBy(s => s.AdSet.ToString(), StringComparer.Ordinal))
        {
            if (!current.TryGetValue(snapshot.AdSet, out var now))
            {
                continue;
            }

            if (!string.Equals(now.DailyBudget.Currency, snapshot.DailyBudget.Currency, StringComparison.Ordinal))
            {
                throw new ArgumentException(
                    $"ad set {snapshot.AdSet}: the human snapshot is in {snapshot.DailyBudget.Currency} but its budget is in {now.DailyBudget.Currency}",
                    nameof(snapshots));
            }

            if (now.DailyBudget.Amount != snapshot.DailyBudget.Amount || now.Status != snapshot.Status)
            {
                restores.Add(new BudgetRestore(snapshot.AdSet, now.DailyBudget, snapshot.DailyBudget, now.Status, snapshot.Status));
            }
        }

        return restores;
    }

    /// <summary>The snapshots to store before applying <paramref name="decisions"/>: one for each ad set about to change for the first time.</summary>
    /// <param name="decisions">The decisions about to be applied.</param>
    /// <param name="adSets">The ad sets they are for, with their settings now.</param>
    /// <param name="alreadySnapshotted">The ad sets that already have a snapshot.</param>
    /// <param name="now">The instant to stamp the snapshots with.</param>
    /// <returns>The snapshots, in decision order.</returns>
    public static IReadOnlyList<HumanBudgetSnapshot> SnapshotsToTake(
        IEnumerable<GuardrailDecision> decisions,
        IEnumerable<GuardedAdSet> adSets,
        IReadOnlySet<AdSetRef> alreadySnapshotted,
        DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(decisions);
        ArgumentNullException.ThrowIfNull(adSets);
        ArgumentNullException.ThrowIfNull(alreadySnapshotted);

        var byRef = adSets.ToDictionary(a => a.AdSet);
        var taken = new List<HumanBudgetSnapshot>();
        foreach (var decision in decisions)
        {
            if (!decision.MayApply || decision.Change is null || alreadySnapshotted.Contains(decision.AdSet)
                || !byRef.TryGetValue(decision.AdSet, out var adSet) || decision.Change == adSet.Current
                || taken.Any(t => t.AdSet == decision.AdSet))
            {
                continue;
            }

            taken.Add(new HumanBudgetSnapshot(adSet.AdSet, adSet.Current.DailyBudget, adSet.Current.Status, now));
        }

        return taken;
    }
}
