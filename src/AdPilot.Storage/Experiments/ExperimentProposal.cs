using AdPilot.Core.Domain;
using AdPilot.Core.Platforms;

namespace AdPilot.Storage.Experiments;

/// <summary>A targeting test to propose for one ad set.</summary>
/// <param name="Account">The ad account that owns the ad set.</param>
/// <param name="Original">The ad set.</param>
/// <param name="FromAgeGroup">Its age band now.</param>
/// <param name="FromInterests">Its interests now.</param>
/// <param name="ToAgeGroup">The proposed age band.</param>
/// <param name="ToInterests">The proposed interests.</param>
/// <param name="ProposedBy">The policy (<c>policy:name@version</c>) or person.</param>
/// <param name="Reason">Why, for people.</param>
public sealed record ExperimentProposal(
    AdAccountRef Account,
    AdSetRef Original,
    AgeGroup FromAgeGroup,
    Interests FromInterests,
    AgeGroup ToAgeGroup,
    Interests ToInterests,
    string ProposedBy,
    string Reason);
