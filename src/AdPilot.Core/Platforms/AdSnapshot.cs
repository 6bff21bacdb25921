using AdPilot.Core.Domain;

namespace AdPilot.Core.Platforms;

/// <summary>One ad (a Meta ad, a TikTok ad) as the platform reports it now.</summary>
/// <param name="AdId">The platform's id of the ad.</param>
/// <param name="Name">The ad's name, which may carry its creative type by naming convention.</param>
/// <param name="AdSet">The ad set (ad group) it belongs to.</param>
/// <param name="Status">
/// Its own switch: <see cref="AdSetStatus.Active"/> when the ad is set to deliver (Meta <c>status=ACTIVE</c>, TikTok
/// <c>operation_status=ENABLE</c>), whatever its ad set does.
/// </param>
/// <param name="PlatformStatus">The platform's own delivery word (e.g. <c>ADSET_PAUSED</c>), for display.</param>
public sealed record AdSnapshot(string AdId, string Name, AdSetRef AdSet, AdSetStatus Status, string PlatformStatus);
