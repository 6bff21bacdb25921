using AdPilot.Core.Simulation;

namespace AdPilot.Core.Agents;

/// <summary>What a policy knows at the start of an episode.</summary>
/// <param name="AdSets">The managed ad sets, in the order of every span.</param>
/// <param name="Currency">The store currency.</param>
/// <param name="Limits">The limits every action passes.</param>
/// <param name="Seed">The seed of the policy's own randomness.</param>
public sealed record PolicyContext(IReadOnlyList<AdSetDescriptor> AdSets, string Currency, ActionLimits Limits, ulong Seed);
