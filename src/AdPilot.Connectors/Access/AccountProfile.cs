namespace AdPilot.Connectors.Access;

/// <summary>What an ad account (Meta) or advertiser (TikTok) says about itself: the facts a run depends on.</summary>
/// <param name="AccountId">The account id as configured (Meta without <c>act_</c>).</param>
/// <param name="Name">The account's name.</param>
/// <param name="Currency">The ISO currency its spend and budgets are in.</param>
/// <param name="TimeZone">Its IANA time zone (insight hours are in it).</param>
/// <param name="Status">The platform's status value, e.g. Meta <c>1</c> or TikTok <c>STATUS_ENABLE</c>.</param>
/// <param name="IsActive">Whether the status lets ads run.</param>
public sealed record AccountProfile(string AccountId, string? Name, string Currency, string TimeZone, string Status, bool IsActive);
