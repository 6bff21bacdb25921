using AdPilot.Core.Domain;

namespace AdPilot.Core.Platforms;

/// <summary>
/// What a platform reports for one ad set over one whole day: the sums of the same figures its hourly read gives for
/// that day (<see cref="AdSetHourInsight"/>), so a day whose totals still match what was stored need not be read again
/// hour by hour.
/// </summary>
/// <param name="AdSet">The ad set (a Meta ad set or a TikTok ad group).</param>
/// <param name="Day">The day, in the ad account's time zone.</param>
/// <param name="Spend">Spend over the day, in the account currency, major units.</param>
/// <param name="Impressions">Impressions over the day.</param>
/// <param name="Clicks">Clicks over the day.</param>
/// <param name="Conversions">
/// Purchases the platform attributes to the day, or <see langword="null"/> when its hourly read does not report them
/// (Meta omits off-Meta conversions with its hourly breakdowns, so its daily read leaves them out too). Absent is not zero.
/// </param>
/// <param name="ConversionValue">The value of those purchases, or <see langword="null"/> when not reported.</param>
public sealed record AdSetDayInsight(
    AdSetRef AdSet,
    DateOnly Day,
    Money Spend,
    long Impressions,
    long Clicks,
    long? Conversions,
    Money? ConversionValue);
