using AdPilot.Core.Simulation;

namespace AdPilot.Core.Training.OffPolicy;

/// <summary>The design of the simulator check of the estimators (<see cref="OffPolicyValidation"/>).</summary>
public sealed record OffPolicyValidationOptions
{
    /// <summary>Gets how many worlds of the default scenario family to draw, one per seed.</summary>
    /// <value>The default value is 200.</value>
    public int Seeds { get; init; } = 200;

    /// <summary>Gets the first seed; the worlds use this seed and the ones after it.</summary>
    /// <value>The default value is 1.</value>
    public ulong FirstSeed { get; init; } = 1;

    /// <summary>Gets how many days each world runs: each active ad set gets one logged decision a day.</summary>
    /// <value>The default value is 14.</value>
    public int Days { get; init; } = 14;

    /// <summary>Gets how many ad sets each world has.</summary>
    /// <value>The default value is <see cref="DefaultFamily.DefaultAdSetCount"/>.</value>
    public int AdSets { get; init; } = DefaultFamily.DefaultAdSetCount;

    /// <summary>Gets the logging policy's exploration rate: the chance it picks a move uniformly instead of its rule's.</summary>
    /// <value>The default value is 0.5.</value>
    public double LoggingEpsilon { get; init; } = 0.5;

    /// <summary>Gets the target policy's exploration rate.</summary>
    /// <value>The default value is 0.1.</value>
    public double TargetEpsilon { get; init; } = 0.1;

    /// <summary>Gets how the doubly robust estimator's reward model is fitted in each world.</summary>
    public RewardModelOptions RewardModel { get; init; } = new();

    /// <summary>Checks the options.</summary>
    /// <exception cref="ArgumentOutOfRangeException">A value is out of range.</exception>
    public void Validate()
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(Seeds, 1, nameof(Seeds));
        ArgumentOutOfRangeException.ThrowIfLessThan(Days, 1, nameof(Days));
        ArgumentOutOfRangeException.ThrowIfLessThan(AdSets, 1, nameof(AdSets));
        if (!(LoggingEpsilon > 0 && LoggingEpsilon <= 1))
        {
            throw new ArgumentOutOfRangeException(nameof(LoggingEpsilon), LoggingEpsilon, "LoggingEpsilon must be in (0, 1] so every move has a propensity");
        }

        if (!(TargetEpsilon >= 0 && TargetEpsilon <= 1))
        {
            throw new ArgumentOutOfRangeException(nameof(TargetEpsilon), TargetEpsilon, "TargetEpsilon must be in [0, 1]");
        }

        ArgumentNullException.ThrowIfNull(RewardModel, nameof(RewardModel));
        RewardModel.Validate();
    }
}
