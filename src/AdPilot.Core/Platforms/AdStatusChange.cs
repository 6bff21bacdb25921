using AdPilot.Core.Domain;

namespace AdPilot.Core.Platforms;

/// <summary>A change of one ad's status.</summary>
/// <param name="AdId">The platform's id of the ad.</param>
/// <param name="Status">The status it should have.</param>
public readonly record struct AdStatusChange(string AdId, AdSetStatus Status);
