using AdPilot.Core.Domain;

namespace AdPilot.Core.Creatives;

/// <summary>The creative type given to one ad, and how.</summary>
/// <param name="AdId">The platform's id of the ad.</param>
/// <param name="Type">The creative type; <see langword="null"/> when the ad is untagged.</param>
/// <param name="Source">What gave the type (or <see cref="CreativeTagSource.None"/>).</param>
/// <param name="Note">Why: the mapping line, the matched word, or why no type was given.</param>
public sealed record CreativeTag(string AdId, CreativeType? Type, CreativeTagSource Source, string Note)
{
    /// <summary>Gets a value indicating whether the ad has a type.</summary>
    public bool IsTagged => Type is not null;
}
