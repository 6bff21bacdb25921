namespace AdPilot.Core.Training.OffPolicy;

/// <summary>How the doubly robust estimator's reward model is fitted (<see cref="CrossFittedRewardModel"/>).</summary>
public sealed record RewardModelOptions
{
    /// <summary>Gets the number of folds of the cross-fitting.</summary>
    /// <value>The default value is 2: each half is predicted by a model fitted on the other half.</value>
    public int Folds { get; init; } = 2;

    /// <summary>Gets the ridge penalty on the standardised weights (<see cref="RidgeRegression"/>), per training decision.</summary>
    /// <value>
    /// The default value is 5: heavy shrinkage, the best of 1, 2, 5, 10 and 20 in the simulator check (a fold of a few
    /// dozen decisions over-fits a lighter model, which widens DR's interval beyond IPS's).
    /// </value>
    public double Ridge { get; init; } = 5.0;

    /// <summary>Checks the options.</summary>
    /// <exception cref="ArgumentOutOfRangeException">A value is out of range.</exception>
    public void Validate()
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(Folds, 2, nameof(Folds));
        if (!(Ridge >= 0) || double.IsInfinity(Ridge))
        {
            throw new ArgumentOutOfRangeException(nameof(Ridge), Ridge, "Ridge must be a non-negative number");
        }
    }
}
