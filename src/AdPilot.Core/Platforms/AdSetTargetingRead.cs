using AdPilot.Core.Domain;

namespace AdPilot.Core.Platforms;

/// <summary>An ad set's targeting as the platform reports it, normalised to the domain's age band and interests.</summary>
/// <param name="AgeGroup">The age band (Meta's <c>age_min</c>/<c>age_max</c>, TikTok's <c>age_groups</c>; none reported is broad).</param>
/// <param name="Interests">The interests (<see cref="Interests.None"/> for broad).</param>
public sealed record AdSetTargetingRead(AgeGroup AgeGroup, Interests Interests)
{
    /// <summary>Gets the label of the age band as stored in <c>adsets.target_age_group</c>, e.g. <c>25-34</c>.</summary>
    public string AgeLabel => AgeGroup.Label();

    /// <summary>
    /// Gets the interests' names as stored in <c>adsets.interests</c> (lower case, e.g. <c>fashion</c>, in the enum's order;
    /// empty for broad). They read back to the same interests.
    /// </summary>
    public IReadOnlyList<string> InterestNames =>
        [.. Enum.GetValues<Interests>().Where(i => i != Interests.None && (Interests & i) == i).Select(i => i.ToString().ToLowerInvariant())];
}
