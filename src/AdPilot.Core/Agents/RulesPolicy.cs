using AdPilot.Core.Domain;
using AdPilot.Core.Simulation;

namespace AdPilot.Core.Agents;

/// <summary>
/// The automated rules marketers use today: raise the budget 20% when trailing-24 h ROAS is above 3, cut it 20%
/// when below 1.5, at most one change per ad set per day, and pause an ad set after 48 hours under 0.5.
/// </summary>
/// <param name="options">The rule thresholds; the defaults above when null.</param>
public sealed class RulesPolicy(RulesPolicyOptions? options = null) : IPolicy, IActionProbabilities
{
    private readonly RulesPolicyOptions _options = options ?? new RulesPolicyOptions();
    private TrailingWindow _window = new(1, 1);
    private TrailingWindow _pauseWindow = new(1, 1);
    private int[] _hoursSinceChange = [];

    /// <inheritdoc />
    public string Name => "rules";

    /// <inheritdoc />
    public void Reset(PolicyContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var n = context.AdSets.Count;
        _window = new TrailingWindow(n, _options.WindowHours);
        _pauseWindow = new TrailingWindow(n, _options.PauseAfterHours);
        _hoursSinceChange = Enumerable.Repeat(_options.MinHoursBetweenChanges, n).ToArray();
    }

    /// <inheritdoc />
    public void Decide(DecisionContext decision, Span<AdAction> actions, Span<double> propensities)
    {
        for (var i = 0; i < decision.States.Length; i++)
        {
            actions[i] = Propose(decision.States[i], i);
            propensities[i] = 1;
            if (actions[i].BudgetAdjustment != 0)
            {
                _hoursSinceChange[i] = 0;
            }
        }
    }

    /// <inheritdoc />
    /// <remarks>True: the rules read the trailing ROAS of the logged hours.</remarks>
    public bool ReplaysTransitions => true;

    /// <inheritdoc />
    public double ProbabilityOf(DecisionContext decision, int index, in AdAction action)
    {
        var state = decision.States[index];
        return ActionEquivalence.Equivalent(Propose(state, index), action, state.CurrentBudget) ? 1 : 0;
    }

    /// <inheritdoc />
    public void ProposalDistribution(DecisionContext decision, int index, IList<WeightedAction> distribution)
    {
        ArgumentNullException.ThrowIfNull(distribution);
        distribution.Clear();
        distribution.Add(new WeightedAction(Propose(decision.States[index], index), 1));
    }

    /// <inheritdoc />
    /// <remarks>A logged budget change starts the once-a-day wait, as the rules' own change would.</remarks>
    public void Follow(DecisionContext decision, ReadOnlySpan<AdAction> actions)
    {
        for (var i = 0; i < actions.Length; i++)
        {
            if (decision.States[i].Status != AdSetStatus.Paused && Math.Abs(actions[i].BudgetAdjustment) > ActionEquivalence.Tolerance(decision.States[i].CurrentBudget))
            {
                _hoursSinceChange[i] = 0;
            }
        }
    }

    /// <inheritdoc />
    public void Observe(Transition transition)
    {
        for (var i = 0; i < transition.Info.Length; i++)
        {
            var info = transition.Info[i];
            var revenue = _options.RoasSource.RevenueOf(info);
            _window.Add(i, info.Spend, revenue);
            _pauseWindow.Add(i, info.Spend, revenue);
            _hoursSinceChange[i]++;
        }
    }

    /// <summary>What the rules propose for one ad set now, changing nothing.</summary>
    private AdAction Propose(in AdEnvironmentState state, int i)
    {
        var keep = AdAction.Keep(state);
        if (state.Status == AdSetStatus.Paused)
        {
            return keep;
        }

        if (_pauseWindow.IsFull(i) && _pauseWindow.Roas(i) is { } longRoas && longRoas < _options.PauseBelowRoas)
        {
            return keep with { Status = AdSetStatus.Paused };
        }

        if (_hoursSinceChange[i] < _options.MinHoursBetweenChanges || !_window.IsFull(i) || _window.Roas(i) is not { } roas)
        {
            return keep;
        }

        return roas > _options.IncreaseAboveRoas ? AdAction.AdjustBudget(state, _options.Step)
            : roas < _options.DecreaseBelowRoas ? AdAction.AdjustBudget(state, -_options.Step)
            : keep;
    }
}
