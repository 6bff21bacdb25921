using System.ComponentModel.DataAnnotations;
using AdPilot.Core.Training;

namespace AdPilot.Core.Agents.Dqn;

/// <summary>
/// The hyperparameters of <see cref="DqnAgent"/>; every source of randomness flows from <see cref="Seed"/> and the
/// episode's policy seed.
/// </summary>
public sealed record DqnAgentOptions
{
    /// <summary>Gets the daily budget moves on Meta, as relative changes, in ascending order, one of them 0.</summary>
    /// <value>The default value is −19%, −10%, 0, +10%, +19%: under Meta's ~20% learning threshold.</value>
    public IReadOnlyList<double> InstagramMoves { get; init; } = [-0.19, -0.10, 0, 0.10, 0.19];

    /// <summary>Gets the daily budget moves on TikTok, as relative changes, in ascending order, one of them 0; as many as on Meta.</summary>
    /// <value>The default value is −25%, −12%, 0, +12%, +25%: under TikTok's ~30% threshold and within the ±25%-an-hour limit.</value>
    public IReadOnlyList<double> TikTokMoves { get; init; } = [-0.25, -0.12, 0, 0.12, 0.25];

    /// <summary>Gets the hours between two decisions on an ad set; the reward of a decision is the profit until the next one.</summary>
    /// <value>
    /// The default value is 24: one move a day at local midnight, for the reasons given at
    /// <see cref="QLearning.QLearningOptions.DecisionIntervalHours"/>. Must divide 24.
    /// </value>
    [Range(1, 24)]
    public int DecisionIntervalHours { get; init; } = 24;

    /// <summary>Gets the exploration rate while training, by the number of decisions taken in training.</summary>
    /// <value>The default value is linear from 1 to 0.05 over 15,000 decisions (about 60 episodes of 30 days on 8 ad sets).</value>
    public DecaySchedule Epsilon { get; init; } = new(1.0, 0.05, 15_000);

    /// <summary>Gets the exploration rate when not training: the floor that keeps an evaluated agent adapting.</summary>
    /// <value>The default value is 0.02.</value>
    [Range(0.0, 1.0)]
    public double EvaluationEpsilon { get; init; } = 0.02;

    /// <summary>Gets the gradient steps taken per observed transition once the replay holds <see cref="MinReplayToTrain"/> transitions.</summary>
    /// <value>The default value is 2.</value>
    [Range(1, 64)]
    public int TrainStepsPerTransition { get; init; } = 2;

    /// <summary>
    /// Gets the transitions the replay must hold before the agent takes gradient steps. A loaded agent starts with an empty
    /// replay (checkpoints do not save it), so this is also how long an evaluated agent waits before it learns online.
    /// </summary>
    /// <value>The default value is 64 (eight days of an eight-ad-set store).</value>
    [Range(1, 100_000_000)]
    public int MinReplayToTrain { get; init; } = 64;

    /// <summary>Gets the learner's hyperparameters; its <see cref="DqnLearnerOptions.Seed"/> is replaced by <see cref="Seed"/>.</summary>
    /// <value>
    /// The default value is two hidden layers of 64, batch 32, a replay of 50,000 transitions, γ = 0.5 per decision (see
    /// <see cref="QLearning.QLearningOptions.Gamma"/>; on family seeds 501–520 after 100 training episodes 0.9 reached 44%
    /// of the oracle and 0.5 47–49% over three training seeds), a hard target update every 500 steps, and Adam at 5e-4.
    /// </value>
    public DqnLearnerOptions Learner { get; init; } = new()
    {
        HiddenSizes = [64, 64],
        BatchSize = 32,
        ReplayCapacity = 50_000,
        Gamma = 0.5f,
        TargetUpdateInterval = 500,
        Adam = new AdamOptions { LearningRate = 5e-4f },
    };

    /// <summary>Gets the seed of the network's initialisation, the replay sampling and the exploration.</summary>
    /// <value>The default value is 0.</value>
    public ulong Seed { get; init; }

    /// <summary>Throws when a value is out of range.</summary>
    /// <exception cref="ArgumentException">A value is out of range or the move lists do not fit together.</exception>
    public void Validate()
    {
        ArgumentNullException.ThrowIfNull(Learner, nameof(Learner));
        ArgumentNullException.ThrowIfNull(Learner.HiddenSizes, "Learner.HiddenSizes");
        ArgumentNullException.ThrowIfNull(Learner.Adam, "Learner.Adam");
        BudgetMoves.Validate(InstagramMoves, TikTokMoves, DecisionIntervalHours, Learner.Gamma, Epsilon, EvaluationEpsilon, learningRate: null);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(Learner.Adam.LearningRate, "Learner.Adam.LearningRate");
        ArgumentOutOfRangeException.ThrowIfGreaterThan(Learner.Adam.LearningRate, 1f, "Learner.Adam.LearningRate");
        ArgumentOutOfRangeException.ThrowIfLessThan(TrainStepsPerTransition, 1, nameof(TrainStepsPerTransition));
        ArgumentOutOfRangeException.ThrowIfGreaterThan(TrainStepsPerTransition, 64, nameof(TrainStepsPerTransition));
        ArgumentOutOfRangeException.ThrowIfLessThan(MinReplayToTrain, 1, nameof(MinReplayToTrain));
        foreach (var width in Learner.HiddenSizes)
        {
            ArgumentOutOfRangeException.ThrowIfLessThan(width, 1, "Learner.HiddenSizes");
            ArgumentOutOfRangeException.ThrowIfGreaterThan(width, 4096, "Learner.HiddenSizes");
        }

        ArgumentOutOfRangeException.ThrowIfLessThan(Learner.BatchSize, 1, "Learner.BatchSize");
        ArgumentOutOfRangeException.ThrowIfGreaterThan(Learner.BatchSize, 4096, "Learner.BatchSize");
        ArgumentOutOfRangeException.ThrowIfLessThan(Learner.ReplayCapacity, Learner.BatchSize, "Learner.ReplayCapacity");
        ArgumentOutOfRangeException.ThrowIfLessThan(Learner.TargetUpdateInterval, 1, "Learner.TargetUpdateInterval");
        ArgumentOutOfRangeException.ThrowIfNegative(Learner.HuberDelta, "Learner.HuberDelta");
        ArgumentOutOfRangeException.ThrowIfNegative(Learner.MaxGradientNorm, "Learner.MaxGradientNorm");
        ArgumentOutOfRangeException.ThrowIfNegative(Learner.TargetSmoothing, "Learner.TargetSmoothing");
        ArgumentOutOfRangeException.ThrowIfGreaterThan(Learner.TargetSmoothing, 1f, "Learner.TargetSmoothing");
    }
}
