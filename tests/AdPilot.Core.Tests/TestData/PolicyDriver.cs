using AdPilot.Core.Agents;
using AdPilot.Core.Domain;
using AdPilot.Core.Simulation;

namespace AdPilot.Core.Tests.TestData;

/// <summary>
/// Drives a policy hour by hour with hand-written hour reports instead of the simulator. Each step asks for
/// decisions, shows the policy the given reports, and applies the decided budget and status to the states the way
/// an environment would (no limits), so the next decision sees the consequences.
/// </summary>
public sealed class PolicyDriver
{
    private readonly IPolicy _policy;
    private readonly AdEnvironmentState[] _states;

    /// <summary>Initializes a new instance of the <see cref="PolicyDriver"/> class and resets the policy.</summary>
    /// <param name="policy">The policy.</param>
    /// <param name="context">The episode's context; the states start at its starting budgets.</param>
    public PolicyDriver(IPolicy policy, PolicyContext context)
    {
        ArgumentNullException.ThrowIfNull(policy);
        ArgumentNullException.ThrowIfNull(context);
        _policy = policy;
        _states = context.AdSets.Select(a => PolicyFixtures.State(a.StartingDailyBudget)).ToArray();
        policy.Reset(context);
    }

    /// <summary>Gets the index of the next hour to decide.</summary>
    public int HourIndex { get; private set; }

    /// <summary>Gets the states the next decision will see.</summary>
    public IReadOnlyList<AdEnvironmentState> States => _states;

    /// <summary>Replaces one ad set's state before the next decision.</summary>
    /// <param name="adSet">The ad set.</param>
    /// <param name="state">The state.</param>
    public void SetState(int adSet, AdEnvironmentState state) => _states[adSet] = state;

    /// <summary>Asks for decisions on the current hour without observing or advancing it.</summary>
    /// <param name="hourIndex">The hour index to show; the current hour when null.</param>
    /// <returns>The actions and their propensities.</returns>
    public (AdAction[] Actions, double[] Propensities) Decide(int? hourIndex = null)
    {
        var actions = new AdAction[_states.Length];
        var propensities = new double[_states.Length];
        _policy.Decide(new DecisionContext(hourIndex ?? HourIndex, DateTimeOffset.UnixEpoch, _states), actions, propensities);
        return (actions, propensities);
    }

    /// <summary>Decides the current hour, shows the policy the hour's reports, applies the actions and moves on.</summary>
    /// <param name="info">One report per ad set.</param>
    /// <returns>The actions decided for the hour.</returns>
    public AdAction[] Step(params AdSetHourInfo[] info)
    {
        ArgumentNullException.ThrowIfNull(info);
        var (actions, _) = Decide();
        var next = new AdEnvironmentState[_states.Length];
        for (var i = 0; i < _states.Length; i++)
        {
            next[i] = _states[i] with
            {
                CurrentBudget = _states[i].CurrentBudget * (1 + actions[i].BudgetAdjustment),
                Status = actions[i].Status,
            };
        }

        var rewards = new RewardMetrics[_states.Length];
        _policy.Observe(new Transition(HourIndex, _states, actions, rewards, info, next));
        next.CopyTo(_states, 0);
        HourIndex++;
        return actions;
    }

    /// <summary>Steps <paramref name="hours"/> hours with the same reports each hour.</summary>
    /// <param name="hours">The number of hours.</param>
    /// <param name="info">One report per ad set, repeated every hour.</param>
    /// <returns>The actions of every hour, oldest first.</returns>
    public List<AdAction[]> Run(int hours, params AdSetHourInfo[] info)
    {
        var all = new List<AdAction[]>(hours);
        for (var t = 0; t < hours; t++)
        {
            all.Add(Step(info));
        }

        return all;
    }
}
