using AdPilot.Core.Rewards;

namespace AdPilot.Runtime.Rewards;

/// <summary>What the rewards table keeps of a reward beside its totals, as the JSON of its <c>details</c> column.</summary>
/// <param name="Source">Which attribution the totals come from.</param>
/// <param name="Conversions">Attributed orders, exact (fractional after lag spreading or modelling); the column holds them rounded.</param>
/// <param name="Utm">The UTM-attributed figures.</param>
/// <param name="Modelled">The modelled figures.</param>
/// <param name="Components">The shaped reward's terms, profit first.</param>
public sealed record RewardDetails(
    RevenueSource Source, decimal Conversions, OrderFigures Utm, OrderFigures Modelled, IReadOnlyList<RewardComponent> Components)
{
    /// <summary>The details of a reward.</summary>
    /// <param name="reward">The reward.</param>
    /// <returns>The details.</returns>
    public static RewardDetails Of(AdSetHourReward reward)
    {
        ArgumentNullException.ThrowIfNull(reward);
        return new RewardDetails(reward.Source, reward.Conversions, reward.Utm, reward.Modelled, reward.Components);
    }
}
