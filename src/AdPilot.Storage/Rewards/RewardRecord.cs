using AdPilot.Core.Domain;

namespace AdPilot.Storage.Rewards;

/// <summary>The reward of one ad set-hour, computed from Shopify revenue and platform spend.</summary>
/// <param name="AdSet">The ad set.</param>
/// <param name="Hour">The UTC hour.</param>
/// <param name="Revenue">Attributed Shopify revenue.</param>
/// <param name="Spend">Spend.</param>
/// <param name="Cogs">Cost of goods of that revenue.</param>
/// <param name="Profit">Revenue − cost of goods − spend.</param>
/// <param name="Currency">The store currency.</param>
/// <param name="Roas">Revenue ÷ spend, null without spend.</param>
/// <param name="MarginRoas">(Revenue − cost of goods) ÷ spend, null without spend.</param>
/// <param name="Conversions">Attributed orders.</param>
/// <param name="Reward">The scalar reward the agent learns from (profit with bonuses and penalties).</param>
/// <param name="Details">
/// The reward's explanation as a JSON document (attribution source, exact conversions, UTM and modelled figures,
/// components), or null when none was recorded. Stored as written; its shape belongs to the writer.
/// </param>
public sealed record RewardRecord(
    AdSetRef AdSet,
    DateTimeOffset Hour,
    decimal Revenue,
    decimal Spend,
    decimal Cogs,
    decimal Profit,
    string Currency,
    double? Roas,
    double? MarginRoas,
    int Conversions,
    double Reward,
    string? Details = null);
