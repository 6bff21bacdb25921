namespace AdPilot.Core.Rewards;

/// <summary>One term of a shaped reward, so the dashboard can explain it.</summary>
/// <param name="Name">A stable name: one of the constants of this type.</param>
/// <param name="Amount">Its amount in the store currency (negative for penalties).</param>
/// <param name="Explanation">A short English explanation with its numbers.</param>
public sealed record RewardComponent(string Name, decimal Amount, string Explanation)
{
    /// <summary>Revenue − cost of goods − spend.</summary>
    public const string Profit = "profit";

    /// <summary>The bonus of the highest ROAS tier beaten.</summary>
    public const string RoasTierBonus = "roas_tier_bonus";

    /// <summary>The per-conversion bonus.</summary>
    public const string ConversionBonus = "conversion_bonus";

    /// <summary>The penalty for high spend at poor ROAS.</summary>
    public const string PoorRoasPenalty = "poor_roas_penalty";

    /// <summary>The penalty for a budget spike.</summary>
    public const string BudgetSpikePenalty = "budget_spike_penalty";
}
