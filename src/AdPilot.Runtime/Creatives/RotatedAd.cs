using AdPilot.Core.Domain;

namespace AdPilot.Runtime.Creatives;

/// <summary>One ad of a logged rotation, with its status before and after (what a revert puts back).</summary>
/// <param name="AdId">The platform's id of the ad.</param>
/// <param name="Name">Its name.</param>
/// <param name="Type">Its creative type; null when untagged.</param>
/// <param name="Before">Its status before.</param>
/// <param name="After">Its status after.</param>
internal sealed record RotatedAd(string AdId, string Name, CreativeType? Type, AdSetStatus Before, AdSetStatus After);
