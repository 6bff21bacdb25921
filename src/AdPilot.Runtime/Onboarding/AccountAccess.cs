namespace AdPilot.Runtime.Onboarding;

/// <summary>What verifying one connection found: the token's grants, the account's facts and what is wrong.</summary>
/// <param name="Platform"><c>meta</c>, <c>tiktok</c> or <c>shopify</c>.</param>
/// <param name="AccountId">The ad account, advertiser or shop domain.</param>
/// <param name="GrantedScopes">The permissions or scopes the token holds (TikTok: the ones its calls proved).</param>
/// <param name="MissingScopes">The ones AdPilot needs and the token lacks.</param>
/// <param name="Currency">The currency the account reports; null when it could not be read.</param>
/// <param name="TimeZone">The account's IANA time zone; null when it could not be read.</param>
/// <param name="Status">The account's status as the platform states it; null when it could not be read.</param>
/// <param name="CampaignBudgetCampaigns">The campaigns that own their budget (campaign budget optimisation).</param>
/// <param name="TokenExpiresAt">When the token expires; null when it does not or the platform does not say.</param>
/// <param name="Findings">What is wrong, problems first.</param>
public sealed record AccountAccess(
    string Platform,
    string AccountId,
    IReadOnlyList<string> GrantedScopes,
    IReadOnlyList<string> MissingScopes,
    string? Currency,
    string? TimeZone,
    string? Status,
    IReadOnlyList<string> CampaignBudgetCampaigns,
    DateTimeOffset? TokenExpiresAt,
    IReadOnlyList<AccessFinding> Findings)
{
    /// <summary>Gets a value indicating whether nothing found blocks a run.</summary>
    public bool Ok => Findings.All(f => f.Severity != AccessSeverity.Problem);

    /// <summary>Gets one line naming every finding, or <c>ok</c>.</summary>
    public string Summary => Findings.Count == 0 ? "ok" : string.Join("; ", Findings.Select(f => f.Message));
}
