using AdPilot.Core.Domain;

namespace AdPilot.Core.Creatives;

/// <summary>One ad of an ad set in a rotation plan: its status before and after.</summary>
/// <param name="AdId">The platform's id of the ad.</param>
/// <param name="Name">Its name.</param>
/// <param name="Type">Its creative type; null when untagged (an untagged ad is never switched).</param>
/// <param name="Before">Its status now.</param>
/// <param name="After">Its status once the rotation is applied.</param>
public sealed record PlannedAd(string AdId, string Name, CreativeType? Type, AdSetStatus Before, AdSetStatus After)
{
    /// <summary>Gets a value indicating whether the rotation switches this ad.</summary>
    public bool Changes => Before != After;
}
