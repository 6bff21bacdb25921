namespace AdPilot.Core.Domain;

/// <summary>A bid strategy with its cap, if it has one.</summary>
/// <param name="Kind">The strategy.</param>
/// <param name="CapPerResult">
/// The cap per result (purchase) in the store currency, for <see cref="BidStrategyKind.CostCap"/> and
/// <see cref="BidStrategyKind.BidCap"/>; <see langword="null"/> for <see cref="BidStrategyKind.LowestCost"/>.
/// </param>
public readonly record struct BidStrategy(BidStrategyKind Kind, decimal? CapPerResult = null)
{
    /// <summary>Lowest cost, no cap.</summary>
    public static BidStrategy LowestCost { get; } = new(BidStrategyKind.LowestCost);

    /// <summary>Gets a value indicating whether the kind is known and the strategy carries a valid cap when it needs one.</summary>
    [System.Text.Json.Serialization.JsonIgnore]
    public bool IsValid => Kind switch
    {
        BidStrategyKind.LowestCost => CapPerResult is null,
        BidStrategyKind.CostCap or BidStrategyKind.BidCap => CapPerResult is > 0m,
        _ => false,
    };

    /// <summary>A cost cap at <paramref name="cap"/> per result.</summary>
    /// <param name="cap">The average cost per result to stay near.</param>
    /// <returns>The strategy.</returns>
    public static BidStrategy CostCap(decimal cap) => new(BidStrategyKind.CostCap, cap);

    /// <summary>A bid cap at <paramref name="cap"/> per result.</summary>
    /// <param name="cap">The most to bid per result in any auction.</param>
    /// <returns>The strategy.</returns>
    public static BidStrategy BidCap(decimal cap) => new(BidStrategyKind.BidCap, cap);
}
