namespace AdPilot.Core.Training.OffPolicy;

/// <summary>How logged decisions are estimated from (<see cref="OffPolicyEvaluation"/>).</summary>
public sealed record OffPolicyEvaluationOptions
{
    /// <summary>Gets the clip on importance weights; null for none.</summary>
    /// <value>The default value is null: no clipping, so IPS and DR stay unbiased.</value>
    public double? MaxWeight { get; init; }

    /// <summary>Gets how the doubly robust estimator's reward model is fitted.</summary>
    public RewardModelOptions RewardModel { get; init; } = new();

    /// <summary>Checks the options.</summary>
    /// <exception cref="ArgumentOutOfRangeException">A value is out of range.</exception>
    public void Validate()
    {
        if (MaxWeight is { } m && !(m > 0 && double.IsFinite(m)))
        {
            throw new ArgumentOutOfRangeException(nameof(MaxWeight), MaxWeight, "MaxWeight must be a positive number");
        }

        ArgumentNullException.ThrowIfNull(RewardModel, nameof(RewardModel));
        RewardModel.Validate();
    }
}
