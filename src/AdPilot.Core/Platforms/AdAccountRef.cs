using AdPilot.Core.Domain;

namespace AdPilot.Core.Platforms;

/// <summary>An ad account on a platform, with the currency AdPilot expects its money in.</summary>
/// <param name="Platform">The platform that owns the account.</param>
/// <param name="AccountId">
/// The platform's id: Meta's numeric ad account id without the <c>act_</c> prefix, TikTok's advertiser id.
/// </param>
/// <param name="Currency">
/// The ISO 4217 code of the account's currency as recorded when the account was connected. A response in any
/// other currency fails the pull with <see cref="PlatformResponseException"/>: money is never mixed silently.
/// </param>
public sealed record AdAccountRef(Platform Platform, string AccountId, string Currency)
{
    /// <inheritdoc/>
    public override string ToString() => $"{Platform}:{AccountId}";
}
