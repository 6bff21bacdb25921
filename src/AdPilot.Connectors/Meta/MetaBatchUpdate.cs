using AdPilot.Core.Platforms;

namespace AdPilot.Connectors.Meta;

/// <summary>One ad set update for the batch API, with the campaign that owns the ad set.</summary>
/// <param name="Update">The update.</param>
/// <param name="CampaignId">The ad set's campaign: a batch never holds two ad sets of one campaign.</param>
public sealed record MetaBatchUpdate(AdSetUpdate Update, string CampaignId);
