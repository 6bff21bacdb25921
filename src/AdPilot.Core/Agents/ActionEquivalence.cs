using AdPilot.Core.Domain;

namespace AdPilot.Core.Agents;

/// <summary>
/// When two proposals for the same ad set-hour count as the same action for off-policy evaluation: the same budget
/// adjustment within a small tolerance, the same bid strategy (kind and cap) and the same status. Creative and targeting
/// are not compared: the budget policies never propose targeting changes, and a creative rotation is treated as part of
/// the world the budget decision runs in.
/// </summary>
public static class ActionEquivalence
{
    /// <summary>The least tolerance on a budget adjustment: a tenth of a percent of the budget.</summary>
    public const double AdjustmentTolerance = 1e-3;

    /// <summary>
    /// The budget step the action log rounds proposals to (a cent of the store currency), so a logged adjustment is exact
    /// only to a cent over the budget; the tolerance is never below that.
    /// </summary>
    public const double BudgetStep = 0.01;

    /// <summary>The tolerance on the budget adjustment of an ad set whose daily budget is <paramref name="currentBudget"/>.</summary>
    /// <param name="currentBudget">The daily budget the adjustment applies to.</param>
    /// <returns>The largest difference of adjustments still counted as the same.</returns>
    public static double Tolerance(double currentBudget) =>
        currentBudget > 0 ? Math.Max(AdjustmentTolerance, BudgetStep / currentBudget) : AdjustmentTolerance;

    /// <summary>Whether two proposals for an ad set whose daily budget is <paramref name="currentBudget"/> are the same action.</summary>
    /// <param name="left">One proposal.</param>
    /// <param name="right">The other.</param>
    /// <param name="currentBudget">The ad set's daily budget now.</param>
    /// <returns>Whether they are equivalent.</returns>
    public static bool Equivalent(in AdAction left, in AdAction right, double currentBudget) =>
        left.Status == right.Status
        && left.BidStrategy == right.BidStrategy
        && Math.Abs(left.BudgetAdjustment - right.BudgetAdjustment) <= Tolerance(currentBudget);

    /// <summary>The probability a distribution gives to actions equivalent to <paramref name="action"/>.</summary>
    /// <param name="distribution">The actions and their probabilities.</param>
    /// <param name="action">The action asked about.</param>
    /// <param name="currentBudget">The ad set's daily budget now.</param>
    /// <returns>The summed probability, at most 1.</returns>
    public static double ProbabilityOf(IReadOnlyList<WeightedAction> distribution, in AdAction action, double currentBudget)
    {
        ArgumentNullException.ThrowIfNull(distribution);
        var sum = 0.0;
        for (var k = 0; k < distribution.Count; k++)
        {
            if (Equivalent(distribution[k].Action, action, currentBudget))
            {
                sum += distribution[k].Probability;
            }
        }

        return Math.Min(sum, 1);
    }

    /// <summary>Adds an action to a distribution, merging it into an equivalent one already there.</summary>
    /// <param name="distribution">The distribution being built.</param>
    /// <param name="action">The action.</param>
    /// <param name="probability">Its probability.</param>
    /// <param name="currentBudget">The ad set's daily budget now.</param>
    public static void Add(IList<WeightedAction> distribution, in AdAction action, double probability, double currentBudget)
    {
        ArgumentNullException.ThrowIfNull(distribution);
        for (var k = 0; k < distribution.Count; k++)
        {
            if (Equivalent(distribution[k].Action, action, currentBudget))
            {
                distribution[k] = distribution[k] with { Probability = distribution[k].Probability + probability };
                return;
            }
        }

        distribution.Add(new WeightedAction(action, probability));
    }
}
