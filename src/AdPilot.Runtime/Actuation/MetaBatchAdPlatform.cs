using AdPilot.Connectors.Meta;
using AdPilot.Core.Platforms;

namespace AdPilot.Runtime.Actuation;

/// <summary>Meta's batch write path over <see cref="MetaAdSetsClient.UpdateAdSetsBatchAsync"/>.</summary>
/// <param name="client">The Meta ad sets client.</param>
public sealed class MetaBatchAdPlatform(MetaAdSetsClient client) : IBatchAdPlatform
{
    /// <inheritdoc />
    public async Task<IReadOnlyList<BatchUpdateResult>> UpdateAdSetsAsync(
        AdAccountRef account, IReadOnlyList<BatchUpdate> updates, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(account);
        ArgumentNullException.ThrowIfNull(updates);
        var meta = updates.Select(u => new MetaBatchUpdate(u.Update, u.CampaignId)).ToArray();
        var results = await client.UpdateAdSetsBatchAsync(account, meta, cancellationToken).ConfigureAwait(false);
        return [.. results.Select((r, i) => new BatchUpdateResult(updates[i], r.Error))];
    }
}
