using System.ComponentModel.DataAnnotations;
using AdPilot.Core.Training;

namespace AdPilot.Core.Agents.QLearning;

/// <summary>
/// The hyperparameters of <see cref="QLearningAgent"/>; every source of randomness flows from <see cref="Seed"/> and the
/// episode's policy seed.
/// </summary>
public sealed record QLearningOptions
{
    /// <summary>Gets the daily budget moves on Meta, as relative changes, in ascending order, one of them 0.</summary>
    /// <value>
    /// The default value is −19%, −10%, 0, +10%, +19%: each move stays under Meta's ~20% learning threshold, so a single
    /// decision never restarts an ad set's learning phase.
    /// </value>
    public IReadOnlyList<double> InstagramMoves { get; init; } = [-0.19, -0.10, 0, 0.10, 0.19];

    /// <summary>
    /// Gets the daily budget moves on TikTok, as relative changes, in ascending order, one of them 0; as many as
    /// <see cref="InstagramMoves"/>, because action <c>k</c> means the <c>k</c>-th move on either platform.
    /// </summary>
    /// <value>The default value is −25%, −12%, 0, +12%, +25%: under TikTok's ~30% threshold and within the ±25%-an-hour limit.</value>
    public IReadOnlyList<double> TikTokMoves { get; init; } = [-0.25, -0.12, 0, 0.12, 0.25];

    /// <summary>
    /// Gets the hours between two decisions on an ad set; decisions fall on local hours that are multiples of it, and the
    /// reward of a decision is the profit of the hours until the next one.
    /// </summary>
    /// <value>
    /// The default value is 24: one move a day at local midnight. A daily budget is paced over the local day and the
    /// platforms measure a budget move against the budget the day started with, so several moves a day add up towards the
    /// learning threshold, while one move a day under it never trips it; a day of profit is also far less noisy than an
    /// hour's. Must divide 24.
    /// </value>
    [Range(1, 24)]
    public int DecisionIntervalHours { get; init; } = 24;

    /// <summary>Gets the discount factor γ per decision.</summary>
    /// <value>
    /// The default value is 0.5 per decision (per day by default): a horizon of about two days, enough to see a move's
    /// next day without compounding the upward bias of max over noisy daily values. Tuned on family seeds 501–520 after
    /// 100 training episodes: 0.9 reached 36% of the oracle, 0.7 30%, 0.5 48–54% over three training seeds, 0.3 46%.
    /// </value>
    [Range(0.0, 1.0, MaximumIsExclusive = true)]
    public double Gamma { get; init; } = 0.5;

    /// <summary>Gets the exploration rate while training, by the number of decisions taken in training.</summary>
    /// <value>The default value is linear from 1 to 0.05 over 15,000 decisions (about 60 episodes of 30 days on 8 ad sets).</value>
    public DecaySchedule Epsilon { get; init; } = new(1.0, 0.05, 15_000);

    /// <summary>Gets the exploration rate when not training: the floor that keeps an evaluated agent adapting.</summary>
    /// <value>The default value is 0.02.</value>
    [Range(0.0, 1.0)]
    public double EvaluationEpsilon { get; init; } = 0.02;

    /// <summary>
    /// Gets the learning rate α by the number of updates made; an entry's first few updates use 1 / visits when that is
    /// larger, so a fresh entry becomes the mean of its first rewards instead of creeping up from 0.
    /// </summary>
    /// <value>The default value is exponential from 0.2 towards 0.05 with a half-life of 10,000 updates.</value>
    public DecaySchedule LearningRate { get; init; } = new(0.2, 0.05, 10_000, DecayKind.Exponential);

    /// <summary>Gets the seed of the agent's exploration, mixed with each episode's policy seed.</summary>
    /// <value>The default value is 0.</value>
    public ulong Seed { get; init; }

    /// <summary>Throws when a value is out of range.</summary>
    /// <exception cref="ArgumentException">A value is out of range or the move lists do not fit together.</exception>
    public void Validate() => BudgetMoves.Validate(InstagramMoves, TikTokMoves, DecisionIntervalHours, Gamma, Epsilon, EvaluationEpsilon, LearningRate);
}
