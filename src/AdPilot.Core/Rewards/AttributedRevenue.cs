using AdPilot.Core.Domain;

namespace AdPilot.Core.Rewards;

/// <summary>The revenue attributed to one ad set-hour, both ways side by side.</summary>
/// <param name="AdSet">The ad set.</param>
/// <param name="HourUtc">The hour.</param>
/// <param name="Utm">Orders whose UTM tags name the ad set.</param>
/// <param name="Modelled">The same plus its modelled share of the hour's untagged orders.</param>
public readonly record struct AttributedRevenue(AdSetRef AdSet, DateTimeOffset HourUtc, OrderFigures Utm, OrderFigures Modelled);
