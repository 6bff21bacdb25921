using AdPilot.Core.Agents;

namespace AdPilot.Core.Training.OffPolicy;

/// <summary>A candidate policy's view of one logged decision.</summary>
/// <param name="TargetProbability">The probability that the candidate proposes the decision's logged actions, hour after hour: the product of its per-hour probabilities.</param>
/// <param name="FirstHour">What the candidate may propose at the decision's first hour, with probabilities (the doubly robust estimator's expectation).</param>
public readonly record struct ReplayedUnit(double TargetProbability, IReadOnlyList<WeightedAction> FirstHour);
