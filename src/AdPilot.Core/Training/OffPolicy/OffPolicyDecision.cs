namespace AdPilot.Core.Training.OffPolicy;

/// <summary>One logged decision as the estimators read it.</summary>
/// <param name="Reward">The reward observed after the logged action.</param>
/// <param name="LoggingPropensity">The probability of the logged action under the policy that logged it, in (0, 1].</param>
/// <param name="TargetProbability">The probability of the logged action under the target policy, in [0, 1].</param>
/// <param name="PredictedReward">
/// For <see cref="OffPolicyMethod.DoublyRobust"/>: the reward model's prediction for the logged action (fitted without this
/// decision, see <see cref="CrossFittedRewardModel"/>); ignored by the others.
/// </param>
/// <param name="TargetPredictedReward">
/// For <see cref="OffPolicyMethod.DoublyRobust"/>: the reward model's expected reward under the target policy in this
/// decision's state (Σ over actions of target probability × prediction); ignored by the others.
/// </param>
public readonly record struct OffPolicyDecision(
    double Reward, double LoggingPropensity, double TargetProbability, double PredictedReward = 0, double TargetPredictedReward = 0)
{
    /// <summary>Gets the importance weight: target probability ÷ logging propensity.</summary>
    public double Weight => TargetProbability / LoggingPropensity;
}
