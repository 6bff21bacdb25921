using AdPilot.Core.Domain;
using AdPilot.Core.Simulation;

namespace AdPilot.Core.Agents;

/// <summary>
/// The automated rules marketers use today: raise the budget 20% when trailing-24 h ROAS is above 3, cut it 20%
/// when below 1.5, at most one change per ad set per day, and pause an ad set after 48 hours under 0.5.
/// </summary>
/// <param name="options">The rule thresholds; the defaults above when null.</param>
public sealed class RulesPolicy(RulesPolicyOptions? options = null) : IPolicy
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
            var state = decision.States[i];
            actions[i] = AdAction.Keep(state);
            propensities[i] = 1;
            if (state.Status == AdSetStatus.Paused)
            {
                continue;
            }

            if (_pauseWindow.IsFull(i) && _pauseWindow.Roas(i) is { } longRoas && longRoas < _options.PauseBelowRoas)
            {
                actions[i] = actions[i] with { Status = AdSetStatus.Paused };
                continue;
            }

            if (_hoursSinceChange[i] < _options.MinHoursBetweenChanges || !_window.IsFull(i) || _window.Roas(i) is not { } roas)
            {
                continue;
            }

            if (roas > _options.IncreaseAboveRoas)
            {
                actions[i] = AdAction.AdjustBudget(state, _options.Step);
                _hoursSinceChange[i] = 0;
            }
            else if (roas < _options.DecreaseBelowRoas)
            {
                actions[i] = AdAction.AdjustBudget(state, -_options.Step);
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
}
