using AdPilot.Core.Domain;

namespace AdPilot.Storage.Onboarding;

/// <summary>An ad account (Meta) or advertiser (TikTok) chosen at connect time, with the facts a run depends on.</summary>
/// <param name="Platform">The platform.</param>
/// <param name="ExternalId">The platform's id (Meta without <c>act_</c>).</param>
/// <param name="Name">The account's name.</param>
/// <param name="Currency">Its ISO currency.</param>
/// <param name="TimeZone">Its IANA time zone.</param>
/// <param name="BudgetOwningCampaigns">The campaigns that own their budget (campaign budget optimisation).</param>
/// <param name="ConnectedAt">When it was connected.</param>
public sealed record ConnectedAccount(
    Platform Platform,
    string ExternalId,
    string Name,
    string Currency,
    string TimeZone,
    IReadOnlyList<string> BudgetOwningCampaigns,
    DateTimeOffset ConnectedAt);
