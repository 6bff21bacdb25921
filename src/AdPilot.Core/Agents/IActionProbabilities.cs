using AdPilot.Core.Domain;

namespace AdPilot.Core.Agents;

/// <summary>
/// What off-policy evaluation asks of a candidate policy replaying a logged history: how probable it is that the policy,
/// in a logged state, proposes an action equivalent to the one logged (<see cref="ActionEquivalence"/>), and which
/// actions it could propose there. Asking never advances the policy's own random stream or decision state; the replay
/// moves the policy along the logged history with <see cref="Follow"/> (and, when <see cref="ReplaysTransitions"/>,
/// <see cref="IPolicy.Observe"/>), hour after hour, after <see cref="IPolicy.Reset"/>.
/// </summary>
/// <remarks>
/// The replay's protocol for every logged hour: <see cref="ProbabilityOf"/> and <see cref="ProposalDistribution"/> for
/// any ad sets, in any order and as often as needed (their answers do not depend on the order); then
/// <see cref="Follow"/> with the logged actions; then, for the hour's outcome, <see cref="IPolicy.Observe"/> if the
/// policy asked for transitions. <see cref="IPolicy.Decide"/> is never called during a replay.
/// </remarks>
public interface IActionProbabilities
{
    /// <summary>
    /// Gets a value indicating whether the replay feeds the policy the logged transitions
    /// (<see cref="IPolicy.Observe"/>): true for a policy whose proposals rest on what it saw of the episode's ad sets
    /// (trailing ROAS, a per-ad-set posterior), false for one evaluated frozen as its checkpoint left it.
    /// </summary>
    bool ReplaysTransitions { get; }

    /// <summary>
    /// The probability that the policy, deciding the hour of <paramref name="decision"/>, proposes for ad set
    /// <paramref name="index"/> an action equivalent to <paramref name="action"/>: the same budget adjustment within
    /// <see cref="ActionEquivalence"/>'s tolerance, the same bid strategy and the same status.
    /// </summary>
    /// <param name="decision">The hour and every ad set's logged state.</param>
    /// <param name="index">The ad set's position.</param>
    /// <param name="action">The action asked about (the logged one).</param>
    /// <returns>A probability in [0, 1].</returns>
    double ProbabilityOf(DecisionContext decision, int index, in AdAction action);

    /// <summary>
    /// The actions the policy may propose for ad set <paramref name="index"/> in the hour of <paramref name="decision"/>,
    /// each with its probability, equivalent actions merged; the probabilities add up to 1.
    /// </summary>
    /// <param name="decision">The hour and every ad set's logged state.</param>
    /// <param name="index">The ad set's position.</param>
    /// <param name="distribution">Cleared, then filled.</param>
    void ProposalDistribution(DecisionContext decision, int index, IList<WeightedAction> distribution);

    /// <summary>
    /// Moves the policy's decision state on by the logged hour, as if it had proposed <paramref name="actions"/> itself
    /// (e.g. the day's budget target a multi-hour move keeps heading for); draws nothing from its random stream.
    /// </summary>
    /// <param name="decision">The hour and every ad set's logged state.</param>
    /// <param name="actions">The logged actions, one per ad set.</param>
    void Follow(DecisionContext decision, ReadOnlySpan<AdAction> actions);
}
