namespace AdPilot.Core.Domain;

/// <summary>
/// What a policy proposes for one ad set for the next hour (guide §10). A field equal to the ad set's
/// current value means "no change"; <see cref="Keep"/> builds the action that changes nothing.
/// </summary>
/// <param name="BudgetAdjustment">Relative change to the daily budget: 0.1 raises it by 10%, −0.25 cuts a quarter.</param>
/// <param name="BidStrategy">The bid strategy to run.</param>
/// <param name="CreativeType">The creative group to run.</param>
/// <param name="TargetAgeGroup">The age band to target (proposals only in production; see guide §10).</param>
/// <param name="TargetInterests">The interests to target (proposals only in production; see guide §10).</param>
/// <param name="Status">Whether the ad set should deliver.</param>
public readonly record struct AdAction(
    double BudgetAdjustment,
    BidStrategy BidStrategy,
    CreativeType CreativeType,
    AgeGroup TargetAgeGroup,
    Interests TargetInterests,
    AdSetStatus Status = AdSetStatus.Active)
{
    /// <summary>The action that leaves the ad set as it is.</summary>
    /// <param name="state">The ad set's current state.</param>
    /// <returns>An action with no budget change and the current settings.</returns>
    public static AdAction Keep(in AdEnvironmentState state) =>
        new(0, state.BidStrategy, state.CreativeType, state.TargetAgeGroup, state.TargetInterests, state.Status);

    /// <summary>Changes only the budget.</summary>
    /// <param name="state">The ad set's current state.</param>
    /// <param name="adjustment">Relative change to the daily budget.</param>
    /// <returns>The action.</returns>
    public static AdAction AdjustBudget(in AdEnvironmentState state, double adjustment) =>
        Keep(state) with { BudgetAdjustment = adjustment };
}
