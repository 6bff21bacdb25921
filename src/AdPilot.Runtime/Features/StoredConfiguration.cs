using AdPilot.Core.Domain;
using AdPilot.Core.Features;
using AdPilot.Storage.Ingestion;

namespace AdPilot.Runtime.Features;

/// <summary>Maps an ad set's stored configuration (platform words and labels) to the featurizer's <see cref="AdSetConfiguration"/>.</summary>
public static class StoredConfiguration
{
    /// <summary>The configuration of a stored ad set.</summary>
    /// <param name="adSet">The stored ad set.</param>
    /// <param name="currency">The store currency, used when the ad set has none of its own.</param>
    /// <returns>The configuration; an ad set without a daily budget of its own gets 0.</returns>
    public static AdSetConfiguration From(AdSetRecord adSet, string currency)
    {
        ArgumentNullException.ThrowIfNull(adSet);
        var budgetCurrency = Money.IsCurrencyCode(adSet.Currency) ? adSet.Currency : currency;
        return new AdSetConfiguration(
            new Money(adSet.DailyBudget ?? 0m, budgetCurrency),
            adSet.Platform,
            PlatformTargeting.FromLabel(adSet.TargetAgeGroup),
            PlatformTargeting.InterestsFromNames(adSet.Interests),
            PlatformTargeting.CreativeTypeFromTags(adSet.CreativeGroup is { } group ? [group] : []),
            BidStrategyFromWord(adSet.BidStrategy),
            StatusFromWord(adSet.Status));
    }

    /// <summary>
    /// The status of a platform status word: Meta's <c>ACTIVE</c> and TikTok's <c>ENABLE</c> deliver; every other
    /// word (paused, disabled, archived, deleted, in review) does not.
    /// </summary>
    /// <param name="word">The word.</param>
    /// <returns>The status.</returns>
    public static AdSetStatus StatusFromWord(string? word) =>
        (word ?? string.Empty).Trim().ToUpperInvariant() switch
        {
            "ACTIVE" or "ENABLE" or "ADGROUP_STATUS_DELIVERY_OK" => AdSetStatus.Active,
            _ => AdSetStatus.Paused,
        };

    /// <summary>
    /// The bid strategy of a platform bid word. The stored word carries no cap, so capped strategies come without one;
    /// unknown words (and TikTok's <c>BID_TYPE_CUSTOM</c>, whose kind depends on fields not stored) read as lowest cost.
    /// </summary>
    /// <param name="word">The word.</param>
    /// <returns>The strategy.</returns>
    public static BidStrategy BidStrategyFromWord(string? word) =>
        (word ?? string.Empty).Trim().ToUpperInvariant() switch
        {
            "COST_CAP" => new BidStrategy(BidStrategyKind.CostCap),
            "BID_CAP" or "LOWEST_COST_WITH_BID_CAP" => new BidStrategy(BidStrategyKind.BidCap),
            _ => BidStrategy.LowestCost,
        };
}
