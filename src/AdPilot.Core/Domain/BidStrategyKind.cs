using System.Text.Json.Serialization;

namespace AdPilot.Core.Domain;

/// <summary>Platform-neutral bid strategy; connectors map it to Meta's and TikTok's names.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<BidStrategyKind>))]
public enum BidStrategyKind
{
    /// <summary>Spend the budget at the lowest cost per result (Meta LOWEST_COST_WITHOUT_CAP, TikTok BID_TYPE_NO_BID).</summary>
    [JsonStringEnumMemberName("lowest_cost")]
    LowestCost = 0,

    /// <summary>Keep the average cost per result near a target (Meta COST_CAP, TikTok cost cap).</summary>
    [JsonStringEnumMemberName("cost_cap")]
    CostCap = 1,

    /// <summary>Never bid more than an amount in any auction (Meta LOWEST_COST_WITH_BID_CAP, TikTok bid cap).</summary>
    [JsonStringEnumMemberName("bid_cap")]
    BidCap = 2,
}
