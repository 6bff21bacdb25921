namespace AdPilot.Core.Rewards;

/// <summary>
/// Orders attributed to ad set-hours. Every order's net figures are accounted for exactly once in the modelled
/// view: Σ <see cref="AttributedRevenue.Modelled"/> + Σ <see cref="Unattributed"/> = the orders' total.
/// </summary>
/// <param name="ByAdSetHour">Attributed figures, by ad set then hour.</param>
/// <param name="Unattributed">Per hour, what no ad set was credited with (organic orders, the unmodelled rest).</param>
public sealed record AttributionResult(IReadOnlyList<AttributedRevenue> ByAdSetHour, IReadOnlyDictionary<DateTimeOffset, OrderFigures> Unattributed);
