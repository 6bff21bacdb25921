namespace AdPilot.Core.Experiments;

/// <summary>One hour of a targeting experiment: each arm's Shopify-attributed profit (revenue − cost of goods − spend).</summary>
/// <param name="Hour">The UTC hour.</param>
/// <param name="OriginalProfit">The original's profit that hour.</param>
/// <param name="CopyProfit">The copy's profit that hour.</param>
public readonly record struct ArmHour(DateTimeOffset Hour, decimal OriginalProfit, decimal CopyProfit);
