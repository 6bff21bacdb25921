using AdPilot.Core.Domain;
using AdPilot.Core.Platforms;

namespace AdPilot.Connectors.Meta;

/// <summary>Meta (Instagram placements) as an <see cref="IAdPlatform"/>, over its typed clients.</summary>
/// <param name="insights">The insights client.</param>
/// <param name="adSets">The ad sets client.</param>
public sealed class MetaAdPlatform(MetaInsightsClient insights, MetaAdSetsClient adSets) : IAdPlatform
{
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
}
