using AdPilot.Core.Domain;

namespace AdPilot.Storage.Dashboard;

/// <summary>A platform's figures over one bucket of time (or over a whole range), summed from the rewards table.</summary>
/// <param name="Start">The bucket's start: a UTC hour, or the UTC instant a store-local day starts.</param>
/// <param name="Platform">The platform.</param>
/// <param name="Spend">Spend.</param>
/// <param name="Revenue">Attributed Shopify revenue.</param>
/// <param name="Cogs">Cost of goods of that revenue.</param>
/// <param name="Profit">Revenue − cost of goods − spend.</param>
/// <param name="Conversions">Attributed orders.</param>
public sealed record PerformancePoint(DateTimeOffset Start, Platform Platform, decimal Spend, decimal Revenue, decimal Cogs, decimal Profit, long Conversions)
{
    /// <summary>Gets revenue ÷ spend, or null without spend.</summary>
    public decimal? Roas => Spend == 0 ? null : Math.Round(Revenue / Spend, 4);
}
