using AdPilot.Core.Domain;

namespace AdPilot.Core.Platforms;

/// <summary>What a platform reports for one ad set over one hour.</summary>
/// <param name="AdSet">The ad set (a Meta ad set or a TikTok ad group).</param>
/// <param name="Day">The day, in the ad account's time zone (platforms report hours in it, not in UTC).</param>
/// <param name="Hour">The hour of <paramref name="Day"/>, 0–23, in the ad account's time zone.</param>
/// <param name="Spend">Spend over the hour, in the account currency, major units.</param>
/// <param name="Impressions">Impressions over the hour.</param>
/// <param name="Clicks">Clicks over the hour.</param>
/// <param name="Conversions">
/// Purchases the platform attributes to the hour, or <see langword="null"/> when the platform does not report them
/// hourly (Meta omits off-Meta conversions with its hourly breakdowns). Absent is not zero.
/// </param>
/// <param name="ConversionValue">The value of those purchases, or <see langword="null"/> when not reported.</param>
public sealed record AdSetHourInsight(
    AdSetRef AdSet,
    DateOnly Day,
    int Hour,
    Money Spend,
    long Impressions,
    long Clicks,
    long? Conversions,
    Money? ConversionValue);
