namespace AdPilot.Core.Training.OffPolicy;

/// <summary>How the doubly robust estimator's reward model is fitted (<see cref="CrossFittedRewardModel"/>).</summary>
public sealed record RewardModelOptions
{
    /// <summary>Gets the number of folds of the cross-fitting.</summary>
    /// <value>The default value is 2: each half is predicted by a model fitted on the other half.</value>
    public int Folds { get; init; } = 2;

    /// <summary>
    /// Gets the ridge penalty on the standardised weights (<see cref="RidgeRegression"/>), per training decision; null to
    /// choose it per fold among <see cref="RidgeGrid"/> by leave-one-out error.
    /// </summary>
    /// <value>
    /// The default value is null: noisy rewards need heavy shrinkage (a fold of a few dozen noisy decisions over-fits a
    /// light model, which widens DR's interval beyond IPS's), rewards the state explains well need little.
    /// </value>
    public double? Ridge { get; init; }

    /// <summary>Gets the penalties per training decision the leave-one-out choice picks from.</summary>
    /// <value>The default value is 0.001, 0.01, 0.1, 0.5, 2, 5 and 20.</value>
    public IReadOnlyList<double> RidgeGrid { get; init; } = [0.001, 0.01, 0.1, 0.5, 2, 5, 20];

    /// <summary>Checks the options.</summary>
    /// <exception cref="ArgumentOutOfRangeException">A value is out of range.</exception>
    public void Validate()
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(Folds, 2, nameof(Folds));
        if (Ridge is { } ridge && (!(ridge >= 0) || double.IsInfinity(ridge)))
        {
            throw new ArgumentOutOfRangeException(nameof(Ridge), Ridge, "Ridge must be a non-negative number");
        }

        if (Ridge is null && (RidgeGrid is null || RidgeGrid.Count == 0 || RidgeGrid.Any(r => !(r >= 0) || double.IsInfinity(r))))
        {
            throw new ArgumentOutOfRangeException(nameof(RidgeGrid), "RidgeGrid must hold at least one non-negative number");
        }
    }
}
