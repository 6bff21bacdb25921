using AdPilot.Core.Domain;

namespace AdPilot.Core.Agents;

/// <summary>An action a policy may propose and its probability (see <see cref="IActionProbabilities.ProposalDistribution"/>).</summary>
/// <param name="Action">The action.</param>
/// <param name="Probability">Its probability, in [0, 1].</param>
public readonly record struct WeightedAction(AdAction Action, double Probability);
