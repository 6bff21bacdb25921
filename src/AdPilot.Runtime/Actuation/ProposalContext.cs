namespace AdPilot.Runtime.Actuation;

/// <summary>What the policy saw and how likely its proposal was, for one ad set (logged for off-policy evaluation).</summary>
/// <param name="StateJson">The state the policy saw, as JSON.</param>
/// <param name="Propensity">The probability of the proposed action under the policy, in [0, 1], when known.</param>
public sealed record ProposalContext(string StateJson, double? Propensity);
