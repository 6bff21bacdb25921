using AdPilot.Core.Domain;

namespace AdPilot.Core.Guardrails;

/// <summary>
/// Chooses the pilot's canary set (guide §11: "start with 5–10% of budget managed by RL"): the smallest ad sets first,
/// as many as fit together within <see cref="GuardrailOptions.CanaryShare"/> of the account's total daily budget. The
/// budgets to pass are the ones people set (the human snapshots, or the current budget where none was taken yet), not
/// the ones AdPilot has since moved them to, so the set stays the same from hour to hour while the canary grows.
/// </summary>
public static class CanarySelection
{
    /// <summary>The canary ad sets.</summary>
    /// <param name="humanBudgets">Every active ad set of the account with the daily budget people gave it.</param>
    /// <param name="share">The share of the account's budget the canary may hold, in (0, 1).</param>
    /// <returns>
    /// The chosen ad sets: ascending by budget (ties by id, so the choice is deterministic), taken while the running total
    /// stays within the share. Empty when even the smallest ad set holds more than the share.
    /// </returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="share"/> is not in (0, 1), or a budget is negative.</exception>
    public static IReadOnlySet<AdSetRef> Choose(IEnumerable<KeyValuePair<AdSetRef, decimal>> humanBudgets, decimal share)
    {
        ArgumentNullException.ThrowIfNull(humanBudgets);
        if (share is <= 0m or >= 1m)
        {
            throw new ArgumentOutOfRangeException(nameof(share), share, "the canary share must be in (0, 1)");
        }

        var budgets = humanBudgets.ToArray();
        foreach (var (adSet, budget) in budgets)
        {
            if (budget < 0m)
            {
                throw new ArgumentOutOfRangeException(nameof(humanBudgets), budget, $"ad set {adSet} has a negative budget");
            }
        }

        var limit = share * budgets.Sum(b => b.Value);
        var chosen = new HashSet<AdSetRef>();
        var total = 0m;
        foreach (var (adSet, budget) in budgets.OrderBy(b => b.Value).ThenBy(b => b.Key.ToString(), StringComparer.Ordinal))
        {
            if (total + budget > limit)
            {
                break;
            }

            total += budget;
            chosen.Add(adSet);
        }

        return chosen;
    }
}
