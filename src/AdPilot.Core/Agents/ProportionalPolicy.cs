using AdPilot.Core.Domain;

namespace AdPilot.Core.Agents;

/// <summary>
/// Keeps the total daily budget people set and, once a day, shares it among ad sets in proportion to their trailing
/// ROAS, moving each budget toward its share as fast as the hourly limit allows.
/// </summary>
/// <param name="options">The settings; the defaults when null.</param>
public sealed class ProportionalPolicy(ProportionalPolicyOptions? options = null) : IPolicy, IActionProbabilities
{
    private readonly ProportionalPolicyOptions _options = options ?? new ProportionalPolicyOptions();
    private PolicyContext? _context;
    private TrailingWindow _window = new(1, 1);
    private double[] _targets = [];
    private double _totalBudget;

    /// <inheritdoc />
    public string Name => "proportional";

    /// <inheritdoc />
    public void Reset(PolicyContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        _context = context;
        _window = new TrailingWindow(context.AdSets.Count, _options.WindowHours);
        _targets = context.AdSets.Select(a => a.StartingDailyBudget).ToArray();
        _totalBudget = _targets.Sum();
    }

    /// <inheritdoc />
    public void Decide(DecisionContext decision, Span<AdAction> actions, Span<double> propensities)
    {
        var context = _context ?? throw new InvalidOperationException("Reset must be called before Decide");
        if (Reallocates(decision))
        {
            Reallocate(context, _targets);
        }

        for (var i = 0; i < decision.States.Length; i++)
        {
            actions[i] = Propose(decision.States[i], _targets[i], context);
            propensities[i] = 1;
        }
    }

    /// <inheritdoc />
    /// <remarks>True: the shares follow the trailing ROAS of the logged hours.</remarks>
    public bool ReplaysTransitions => true;

    /// <inheritdoc />
    public double ProbabilityOf(DecisionContext decision, int index, in AdAction action)
    {
        var state = decision.States[index];
        return ActionEquivalence.Equivalent(ProposeWithoutChange(decision, index), action, state.CurrentBudget) ? 1 : 0;
    }

    /// <inheritdoc />
    public void ProposalDistribution(DecisionContext decision, int index, IList<WeightedAction> distribution)
    {
        ArgumentNullException.ThrowIfNull(distribution);
        distribution.Clear();
        distribution.Add(new WeightedAction(ProposeWithoutChange(decision, index), 1));
    }

    /// <inheritdoc />
    /// <remarks>The day's reallocation happens here, as in <see cref="Decide"/>; the logged actions change no share.</remarks>
    public void Follow(DecisionContext decision, ReadOnlySpan<AdAction> actions)
    {
        var context = _context ?? throw new InvalidOperationException("Reset must be called before Follow");
        if (Reallocates(decision))
        {
            Reallocate(context, _targets);
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
        }
    }

    private bool Reallocates(DecisionContext decision) => decision.HourIndex > 0 && decision.HourIndex % _options.ReallocateEveryHours == 0;

    /// <summary>The proposal for one ad set now, reallocating on a scratch copy when the hour reallocates, changing nothing.</summary>
    private AdAction ProposeWithoutChange(DecisionContext decision, int index)
    {
        var context = _context ?? throw new InvalidOperationException("Reset must be called before asking for probabilities");
        var targets = _targets;
        if (Reallocates(decision))
        {
            targets = (double[])_targets.Clone();
            Reallocate(context, targets);
        }

        return Propose(decision.States[index], targets[index], context);
    }

    private static AdAction Propose(in AdEnvironmentState state, double target, PolicyContext context)
    {
        var maxChange = context.Limits.MaxHourlyBudgetChange;
        var wanted = (target / state.CurrentBudget) - 1;
        var adjustment = Math.Abs(wanted) < 0.005 ? 0 : Math.Clamp(wanted, -maxChange, maxChange);
        return AdAction.AdjustBudget(state, adjustment);
    }

    private void Reallocate(PolicyContext context, double[] targets)
    {
        var n = context.AdSets.Count;
        var weights = new double[n];
        for (var i = 0; i < n; i++)
        {
            weights[i] = (_window.Roas(i) ?? 0) + _options.RoasFloor;
        }

        // Share the total by weight, then fix shares that hit an ad set's min or max and re-share the rest.
        var fixedShare = new bool[n];
        for (var round = 0; round < n; round++)
        {
            var remaining = _totalBudget;
            var weightSum = 0.0;
            for (var i = 0; i < n; i++)
            {
                if (fixedShare[i])
                {
                    remaining -= targets[i];
                }
                else
                {
                    weightSum += weights[i];
                }
            }

            var changed = false;
            for (var i = 0; i < n; i++)
            {
                if (fixedShare[i])
                {
                    continue;
                }

                var share = weightSum > 0 ? remaining * weights[i] / weightSum : remaining / n;
                var bounded = Math.Clamp(share, context.AdSets[i].MinDailyBudget, context.AdSets[i].MaxDailyBudget);
                targets[i] = bounded;
                if (bounded != share)
                {
                    fixedShare[i] = true;
                    changed = true;
                }
            }

            if (!changed)
            {
                break;
            }
        }
    }
}
