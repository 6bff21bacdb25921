namespace AdPilot.Core.Rewards;

/// <summary>A ROAS tier: an hour whose ROAS is above <paramref name="Threshold"/> earns a bonus of a share of its spend.</summary>
/// <param name="Threshold">The ROAS (revenue ÷ spend) to beat.</param>
/// <param name="BonusShareOfSpend">The bonus, as a fraction of the hour's spend (0.05 = 5%).</param>
public sealed record RoasTier(double Threshold, double BonusShareOfSpend);
