using AdPilot.Core.Domain;

namespace AdPilot.Core.Agents;

/// <summary>
/// A policy: each hour, given the states of all managed ad sets, it proposes one action per ad set and says how
/// probable each proposal was under the policy (its propensity, which off-policy evaluation needs); after the hour
/// it observes what happened. Any exploration belongs to the policy and is deterministic given its seed.
/// </summary>
public interface IPolicy
{
    /// <summary>Gets the policy's name in reports, e.g. <c>rules</c>.</summary>
    string Name { get; }

    /// <summary>Starts an episode.</summary>
    /// <param name="context">The ad sets, limits and seed.</param>
    void Reset(PolicyContext context);

    /// <summary>Proposes one action per ad set for the coming hour.</summary>
    /// <param name="decision">The hour and the states.</param>
    /// <param name="actions">Receives one action per ad set.</param>
    /// <param name="propensities">Receives each action's probability under the policy (1 for a deterministic policy).</param>
    void Decide(DecisionContext decision, Span<AdAction> actions, Span<double> propensities);

    /// <summary>Learns from the hour that just passed.</summary>
    /// <param name="transition">States, actions, rewards, information and next states.</param>
    void Observe(Transition transition);
}
