using AdPilot.Core.Domain;
using AdPilot.Core.Platforms;

namespace AdPilot.Connectors.Meta;

/// <summary>Meta (Instagram placements) as an <see cref="IAdPlatform"/>, over its typed clients.</summary>
/// <param name="insights">The insights client.</param>
/// <param name="adSets">The ad sets client.</param>
public sealed class MetaAdPlatform(MetaInsightsClient insights, MetaAdSetsClient adSets) : IAdPlatform, IAdCreativePlatform, IAdSetCloner
{
    /// <inheritdoc/>
    /// <remarks>See <see cref="MetaAdSetsClient.CloneAdSetAsync"/>: read the original's targeting and ads, copy it paused (deep, or its ads one by one past Meta's 3-object limit), then one update.</remarks>
    public Task<AdSetRef> CloneAdSetAsync(AdAccountRef account, AdSetCloneRequest request, CancellationToken cancellationToken) =>
        adSets.CloneAdSetAsync(Check(account), request, cancellationToken);

    /// <inheritdoc/>
    public Platform Platform => Platform.Instagram;

    /// <inheritdoc/>
    public Task<IReadOnlyList<AdSetHourInsight>> GetHourlyInsightsAsync(
        AdAccountRef account, DateOnly day, CancellationToken cancellationToken) =>
        insights.GetHourlyInsightsAsync(Check(account), day, cancellationToken);

    /// <inheritdoc/>
    public Task<IReadOnlyList<AdSetDayInsight>> GetDailyInsightsAsync(
        AdAccountRef account, DateOnly from, DateOnly to, CancellationToken cancellationToken) =>
        insights.GetDailyInsightsAsync(Check(account), from, to, cancellationToken);

    /// <inheritdoc/>
    public Task<IReadOnlyList<AdSetSnapshot>> GetAdSetsAsync(AdAccountRef account, CancellationToken cancellationToken) =>
        adSets.GetAdSetsAsync(Check(account), cancellationToken);

    /// <inheritdoc/>
    public Task UpdateAdSetAsync(AdAccountRef account, AdSetUpdate update, CancellationToken cancellationToken) =>
        adSets.UpdateAdSetAsync(Check(account), update, cancellationToken);

    private static AdAccountRef Check(AdAccountRef account)
    {
        ArgumentNullException.ThrowIfNull(account);
        return account.Platform == Platform.Instagram
            ? account
            : throw new ArgumentException($"{account} is not a Meta ad account", nameof(account));
    }

    /// <inheritdoc/>
    public Task<IReadOnlyList<AdSnapshot>> GetAdsAsync(AdAccountRef account, CancellationToken cancellationToken) =>
        adSets.GetAdsAsync(account, cancellationToken);

    /// <inheritdoc/>
    /// <remarks>Meta has no multi-ad status call: one <c>POST /{ad_id}</c> per ad, activations first.</remarks>
    public async Task UpdateAdStatusesAsync(AdAccountRef account, IReadOnlyList<AdStatusChange> changes, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(changes);
        foreach (var change in changes.OrderBy(c => c.Status == AdSetStatus.Active ? 0 : 1))
        {
            await adSets.UpdateAdStatusAsync(account, change, cancellationToken).ConfigureAwait(false);
        }
    }
}
