using AdPilot.Core.Domain;
using AdPilot.Core.Platforms;

namespace AdPilot.Connectors.TikTok;

/// <summary>TikTok as an <see cref="IAdPlatform"/>, over its typed clients.</summary>
/// <param name="reports">The reports client.</param>
/// <param name="adGroups">The ad groups client.</param>
public sealed class TikTokAdPlatform(TikTokReportsClient reports, TikTokAdGroupsClient adGroups) : IAdPlatform, IAdCreativePlatform, IAdSetCloner
{
    /// <inheritdoc/>
    /// <remarks>See <see cref="TikTokAdGroupsClient.CloneAdGroupAsync"/>: read the original and its ads, create the ad group, then its ads.</remarks>
    public Task<AdSetRef> CloneAdSetAsync(AdAccountRef account, AdSetCloneRequest request, CancellationToken cancellationToken) =>
        adGroups.CloneAdGroupAsync(Check(account), request, cancellationToken);

    /// <inheritdoc/>
    public Platform Platform => Platform.TikTok;

    /// <inheritdoc/>
    public Task<IReadOnlyList<AdSetHourInsight>> GetHourlyInsightsAsync(
        AdAccountRef account, DateOnly day, CancellationToken cancellationToken) =>
        reports.GetHourlyInsightsAsync(Check(account), day, cancellationToken);

    /// <inheritdoc/>
    public Task<IReadOnlyList<AdSetDayInsight>> GetDailyInsightsAsync(
        AdAccountRef account, DateOnly from, DateOnly to, CancellationToken cancellationToken) =>
        reports.GetDailyInsightsAsync(Check(account), from, to, cancellationToken);

    /// <inheritdoc/>
    public Task<IReadOnlyList<AdSetSnapshot>> GetAdSetsAsync(AdAccountRef account, CancellationToken cancellationToken) =>
        adGroups.GetAdGroupsAsync(Check(account), cancellationToken);

    /// <inheritdoc/>
    public Task UpdateAdSetAsync(AdAccountRef account, AdSetUpdate update, CancellationToken cancellationToken) =>
        adGroups.UpdateAdGroupAsync(Check(account), update, cancellationToken);

    private static AdAccountRef Check(AdAccountRef account)
    {
        ArgumentNullException.ThrowIfNull(account);
        return account.Platform == Platform.TikTok
            ? account
            : throw new ArgumentException($"{account} is not a TikTok advertiser", nameof(account));
    }

    /// <inheritdoc/>
    public Task<IReadOnlyList<AdSnapshot>> GetAdsAsync(AdAccountRef account, CancellationToken cancellationToken) =>
        adGroups.GetAdsAsync(account, cancellationToken);

    /// <inheritdoc/>
    public Task UpdateAdStatusesAsync(AdAccountRef account, IReadOnlyList<AdStatusChange> changes, CancellationToken cancellationToken) =>
        adGroups.UpdateAdStatusesAsync(account, changes, cancellationToken);
}
