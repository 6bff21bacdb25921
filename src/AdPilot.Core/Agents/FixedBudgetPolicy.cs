using AdPilot.Core.Domain;

namespace AdPilot.Core.Agents;

/// <summary>Set and forget: keeps every ad set exactly as people left it.</summary>
public sealed class FixedBudgetPolicy : IPolicy
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
}
