using AdPilot.Core.Domain;

namespace AdPilot.Sandbox;

/// <summary>
/// An ad of the sandbox's world: a creative inside an ad set. Its name follows the naming convention (<c>ugc_unboxing_v1</c>)
/// except for the untagged ones (<c>spring_teaser_v1</c>), whose type only the world knows.
/// </summary>
/// <param name="Index">Its position among the world's ads.</param>
/// <param name="Id">The platform's id of the ad (decimal digits).</param>
/// <param name="AdSetIndex">The index of its ad set.</param>
/// <param name="Name">Its name.</param>
/// <param name="Type">Its true creative type: what the simulator serves while it is active.</param>
public sealed record SandboxAd(int Index, string Id, int AdSetIndex, string Name, CreativeType Type)
{
    /// <summary>Gets the creative (TikTok's video) the ad shows when it was copied from another ad's; null for its own.</summary>
    public string? VideoId { get; init; }

    /// <summary>Gets the creative the ad shows: a copy shares its source's, an original has its own (<c>v</c> and its id).</summary>
    public string CreativeId => VideoId ?? "v" + Id;
}
