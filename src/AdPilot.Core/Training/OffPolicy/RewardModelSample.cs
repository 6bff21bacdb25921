namespace AdPilot.Core.Training.OffPolicy;

/// <summary>One logged decision as the reward model learns from it.</summary>
/// <param name="Features">The features of the state and the logged action (<see cref="RewardFeatures"/>).</param>
/// <param name="Reward">The reward observed.</param>
/// <param name="Group">
/// Which group the decision belongs to (e.g. its day): a group's decisions all fall in one fold, so the model that
/// predicts for a decision never saw its group's other decisions either.
/// </param>
public readonly record struct RewardModelSample(double[] Features, double Reward, long Group);
