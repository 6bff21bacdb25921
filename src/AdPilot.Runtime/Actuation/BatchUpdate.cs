using AdPilot.Core.Platforms;

namespace AdPilot.Runtime.Actuation;

/// <summary>One update of a batch, with the campaign its ad set belongs to (Meta never batches two ad sets of one campaign together).</summary>
/// <param name="Update">The update.</param>
/// <param name="CampaignId">The ad set's campaign.</param>
public sealed record BatchUpdate(AdSetUpdate Update, string CampaignId);
