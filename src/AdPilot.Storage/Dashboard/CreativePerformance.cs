using AdPilot.Core.Domain;

namespace AdPilot.Storage.Dashboard;

/// <summary>The figures of one creative group on one platform over a range, summed from the rewards of its ad sets.</summary>
/// <param name="Platform">The platform.</param>
/// <param name="CreativeGroup">The ad sets' creative group as stored (e.g. <c>ugc</c>), or null when none is known.</param>
/// <param name="AdSets">How many ad sets contributed.</param>
/// <param name="Spend">Spend.</param>
/// <param name="Revenue">Attributed Shopify revenue.</param>
/// <param name="Profit">Revenue − cost of goods − spend.</param>
public sealed record CreativePerformance(Platform Platform, string? CreativeGroup, int AdSets, decimal Spend, decimal Revenue, decimal Profit)
{
    /// <summary>Gets revenue ÷ spend, or null without spend.</summary>
    public decimal? Roas => Spend == 0 ? null : Math.Round(Revenue / Spend, 4);
}
