using AdPilot.Core.Domain;

namespace AdPilot.Core.Agents;

/// <summary>Set and forget: keeps every ad set exactly as people left it.</summary>
/// <remarks>For off-policy evaluation it proposes the hold with probability 1, whatever it has seen.</remarks>
public sealed class FixedBudgetPolicy : IPolicy, IActionProbabilities
{
    /// <inheritdoc />
    public string Name => "fixed";

    /// <inheritdoc />
    public void Reset(PolicyContext context)
    {
    }

    /// <inheritdoc />
    public void Decide(DecisionContext decision, Span<AdAction> actions, Span<double> propensities)
    {
        for (var i = 0; i < decision.States.Length; i++)
        {
            actions[i] = AdAction.Keep(decision.States[i]);
            propensities[i] = 1;
        }
    }

    /// <inheritdoc />
    public void Observe(Transition transition)
    {
    }

    /// <inheritdoc />
    public bool ReplaysTransitions => false;

    /// <inheritdoc />
    public double ProbabilityOf(DecisionContext decision, int index, in AdAction action)
    {
        var state = decision.States[index];
        return ActionEquivalence.Equivalent(AdAction.Keep(state), action, state.CurrentBudget) ? 1 : 0;
    }

    /// <inheritdoc />
    public void ProposalDistribution(DecisionContext decision, int index, IList<WeightedAction> distribution)
    {
        ArgumentNullException.ThrowIfNull(distribution);
        distribution.Clear();
        distribution.Add(new WeightedAction(AdAction.Keep(decision.States[index]), 1));
    }

    /// <inheritdoc />
    public void Follow(DecisionContext decision, ReadOnlySpan<AdAction> actions)
    {
    }
}
