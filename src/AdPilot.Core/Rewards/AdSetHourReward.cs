using AdPilot.Core.Domain;

namespace AdPilot.Core.Rewards;

/// <summary>
/// The reward of one ad set-hour: the outcome in money (decimal, with currency), both attributions side by side, and
/// the shaped reward the agent learns from with its components.
/// </summary>
/// <param name="AdSet">The ad set.</param>
/// <param name="HourUtc">The hour.</param>
/// <param name="Currency">The store currency.</param>
/// <param name="Source">Which attribution <see cref="Revenue"/>, <see cref="Cogs"/> and <see cref="Conversions"/> come from.</param>
/// <param name="Revenue">Attributed revenue (after lag spreading), net of refunds.</param>
/// <param name="Cogs">Its cost of goods.</param>
/// <param name="Spend">Spend.</param>
/// <param name="Conversions">Attributed orders (fractional after spreading or modelling).</param>
/// <param name="Utm">The UTM-attributed figures.</param>
/// <param name="Modelled">The modelled figures.</param>
/// <param name="Reward">The shaped reward: the sum of <see cref="Components"/>.</param>
/// <param name="Components">The reward's terms, profit first.</param>
public sealed record AdSetHourReward(
    AdSetRef AdSet,
    DateTimeOffset HourUtc,
    string Currency,
    RevenueSource Source,
    decimal Revenue,
    decimal Cogs,
    decimal Spend,
    decimal Conversions,
    OrderFigures Utm,
    OrderFigures Modelled,
    decimal Reward,
    IReadOnlyList<RewardComponent> Components)
{
    /// <summary>Gets revenue − cost of goods − spend.</summary>
    public decimal Profit => Revenue - Cogs - Spend;

    /// <summary>Gets revenue ÷ spend, or null without spend.</summary>
    public double? Roas => Spend > 0 ? (double)(Revenue / Spend) : null;

    /// <summary>Gets (revenue − cost of goods) ÷ spend, or null without spend.</summary>
    public double? MarginRoas => Spend > 0 ? (double)((Revenue - Cogs) / Spend) : null;

    /// <summary>The outcome as the learning signal's <see cref="RewardMetrics"/>.</summary>
    /// <returns>The metrics.</returns>
    public RewardMetrics ToMetrics() => new((double)Revenue, (double)Spend, (double)Cogs, (double)Conversions);
}
