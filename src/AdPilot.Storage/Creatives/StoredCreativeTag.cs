using AdPilot.Core.Creatives;
using AdPilot.Core.Domain;

namespace AdPilot.Storage.Creatives;

/// <summary>One ad's row of <c>creative_tags</c>.</summary>
/// <param name="AdSet">The ad set the ad belongs to.</param>
/// <param name="AdId">The platform's id of the ad.</param>
/// <param name="AdName">The ad's name when tagged.</param>
/// <param name="Type">Its creative type; null when untagged.</param>
/// <param name="Source">What gave the type.</param>
/// <param name="Note">Why (the mapping line, the matched word, or why it is untagged).</param>
/// <param name="Status">The ad's own status when it was read.</param>
/// <param name="PlatformStatus">The platform's delivery word when it was read.</param>
/// <param name="TaggedAt">When it was tagged.</param>
public sealed record StoredCreativeTag(
    AdSetRef AdSet,
    string AdId,
    string AdName,
    CreativeType? Type,
    CreativeTagSource Source,
    string Note,
    AdSetStatus Status,
    string PlatformStatus,
    DateTimeOffset TaggedAt);
