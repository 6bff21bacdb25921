using AdPilot.Core.Domain;
using AdPilot.Core.Simulation;

namespace AdPilot.Core.Agents;

/// <summary>
/// The oracle: it reads the simulator's true parameters and hidden state, and each hour moves every ad set's budget
/// toward the one that maximises expected profit over the next day, under the same limits as everyone (±25% an
/// hour, min and max budgets). It weighs the learning phase a big move would trigger against creeping under the
/// platform's threshold, rotates a worn creative when a fresh one pays for its learning phase, runs lowest-cost
/// bidding, and pauses an ad set that cannot make a profit at any budget. No policy that sees only what the
/// platforms report can expect to beat it; it bounds them all.
/// </summary>
/// <param name="world">The simulated world the oracle may read.</param>
/// <param name="options">The oracle's planning settings; the defaults when null.</param>
public sealed class OraclePolicy(SimulatedEnvironment world, OraclePolicyOptions? options = null) : IPolicy
{
    private readonly SimulatedEnvironment _world = world ?? throw new ArgumentNullException(nameof(world));
    private readonly OraclePolicyOptions _options = options ?? new OraclePolicyOptions();
    private PolicyContext? _context;

    /// <inheritdoc />
    public string Name => "oracle";

    /// <inheritdoc />
    public void Reset(PolicyContext context) => _context = context ?? throw new ArgumentNullException(nameof(context));

    /// <inheritdoc />
    public void Decide(DecisionContext decision, Span<AdAction> actions, Span<double> propensities)
    {
        var context = _context ?? throw new InvalidOperationException("Reset must be called before Decide");
        for (var i = 0; i < decision.States.Length; i++)
        {
            actions[i] = DecideAdSet(context, i, decision.States[i], decision.HourIndex);
            propensities[i] = 1;
        }
    }

    /// <inheritdoc />
    public void Observe(Transition transition)
    {
    }

    private AdAction DecideAdSet(PolicyContext context, int i, in AdEnvironmentState state, int hourIndex)
    {
        var descriptor = context.AdSets[i];
        var truth = _world.TruthOf(i);
        var action = AdAction.Keep(state);
        var learning = truth.Learning;
        if (state.BidStrategy.Kind != BidStrategyKind.LowestCost)
        {
            action = action with { BidStrategy = BidStrategy.LowestCost };
            learning = true;
        }

        var creative = state.CreativeType;
        if (_options.RotateCreatives && truth.HoursSinceCreativeChange >= context.Limits.MinHoursBetweenCreativeRotations && hourIndex % 24 == 0)
        {
            var best = BestCreative(i, descriptor, state, learning, truth.Platform);
            if (best != creative)
            {
                creative = best;
                learning = true;
                action = action with { CreativeType = best };
            }
        }

        var target = OptimalBudget(i, descriptor, creative, learning);
        var dayProfit = Profit(i, target, creative, learning, 0, _options.BudgetHorizonHours);
        if (dayProfit <= 0)
        {
            return action with { Status = AdSetStatus.Paused };
        }

        action = action with { Status = AdSetStatus.Active };
        var next = NextBudget(context, i, state, truth, target, creative, learning);
        var adjustment = (next / state.CurrentBudget) - 1;
        return action with { BudgetAdjustment = Math.Abs(adjustment) < 1e-4 ? 0 : adjustment };
    }

    /// <summary>The budget for the coming hour: creep toward the target under the learning threshold, or jump if that pays.</summary>
    private double NextBudget(
        PolicyContext context, int i, in AdEnvironmentState state, AdSetTruth truth, double target, CreativeType creative, bool learning)
    {
        var current = state.CurrentBudget;
        var maxChange = context.Limits.MaxHourlyBudgetChange * 0.999;
        var jump = Math.Clamp(target, current * (1 - maxChange), current * (1 + maxChange));
        if (learning)
        {
            // Already learning: a further move restarts the count, but the phase is paid for; move freely.
            return jump;
        }

        var threshold = truth.Platform.LearningBudgetChangeThreshold * 0.98;
        var reference = truth.BudgetReference;
        var safe = Math.Clamp(jump, reference * (1 - threshold), reference * (1 + threshold));
        if (!_options.AllowLearningJumps || Math.Abs(safe - jump) < 1e-9 * current)
        {
            return safe;
        }

        var creepValue = PlanValue(i, state, current, target, creative, jumping: false, threshold, maxChange, truth.Platform);
        var jumpValue = PlanValue(i, state, current, target, creative, jumping: true, threshold, maxChange, truth.Platform);
        return jumpValue > creepValue ? jump : safe;
    }

    /// <summary>Expected profit over the planning horizon of reaching the target by creeping a day at a time, or by jumping.</summary>
    private double PlanValue(
        int i,
        in AdEnvironmentState state,
        double current,
        double target,
        CreativeType creative,
        bool jumping,
        double threshold,
        double maxChange,
        PlatformParameters platform)
    {
        var horizon = _options.PlanningHorizonHours;
        var budget = current;
        var reference = current;
        var learningUntil = -1;
        var value = 0.0;
        for (var k = 0; k < horizon; k++)
        {
            if (jumping)
            {
                var before = budget;
                budget = Math.Clamp(target, budget * (1 - maxChange), budget * (1 + maxChange));
                if (Math.Abs(budget - before) > 1e-9)
                {
                    var perHour = _world.ExpectedHour(i, budget, k, creative, learning: true).Conversions;
                    var hoursToExit = perHour > 0 ? platform.LearningExitConversions / perHour : platform.LearningMaxHours;
                    learningUntil = k + (int)Math.Min(platform.LearningMaxHours, hoursToExit);
                }
            }
            else
            {
                if ((state.HourOfDay + k) % 24 == 0)
                {
                    reference = budget;
                }

                var step = Math.Clamp(target, budget * (1 - maxChange), budget * (1 + maxChange));
                budget = Math.Clamp(step, reference * (1 - threshold), reference * (1 + threshold));
            }

            value += _world.ExpectedHour(i, budget, k, creative, learning: k < learningUntil).Profit;
        }

        return value;
    }

    private CreativeType BestCreative(int i, AdSetDescriptor descriptor, in AdEnvironmentState state, bool learning, PlatformParameters platform)
    {
        var current = state.CreativeType;
        var best = current;
        var budget = OptimalBudget(i, descriptor, current, learning);
        var bestValue = Profit(i, budget, current, learning, 0, _options.PlanningHorizonHours);
        foreach (var candidate in Enum.GetValues<CreativeType>())
        {
            if (candidate == current)
            {
                continue;
            }

            var candidateBudget = OptimalBudget(i, descriptor, candidate, learning: false);
            var perHour = _world.ExpectedHour(i, candidateBudget, 0, candidate, learning: true).Conversions;
            var learningHours = (int)Math.Min(platform.LearningMaxHours, perHour > 0 ? platform.LearningExitConversions / perHour : platform.LearningMaxHours);
            var value = Profit(i, candidateBudget, candidate, true, 0, Math.Min(learningHours, _options.PlanningHorizonHours))
                + Profit(i, candidateBudget, candidate, false, learningHours, _options.PlanningHorizonHours);
            if (value > bestValue * (1 + _options.RotationMargin) + 1e-9)
            {
                best = candidate;
                bestValue = value;
            }
        }

        return best;
    }

    /// <summary>The daily budget that maximises expected profit over the next day (golden-section search in log budget).</summary>
    private double OptimalBudget(int i, AdSetDescriptor descriptor, CreativeType creative, bool learning)
    {
        const double InverseGolden = 0.618_033_988_749_895;
        var lo = Math.Log(descriptor.MinDailyBudget);
        var hi = Math.Log(descriptor.MaxDailyBudget);
        var a = hi - (InverseGolden * (hi - lo));
        var b = lo + (InverseGolden * (hi - lo));
        var fa = Profit(i, Math.Exp(a), creative, learning, 0, _options.BudgetHorizonHours);
        var fb = Profit(i, Math.Exp(b), creative, learning, 0, _options.BudgetHorizonHours);
        while (hi - lo > _options.BudgetTolerance)
        {
            if (fa < fb)
            {
                lo = a;
                a = b;
                fa = fb;
                b = lo + (InverseGolden * (hi - lo));
                fb = Profit(i, Math.Exp(b), creative, learning, 0, _options.BudgetHorizonHours);
            }
            else
            {
                hi = b;
                b = a;
                fb = fa;
                a = hi - (InverseGolden * (hi - lo));
                fa = Profit(i, Math.Exp(a), creative, learning, 0, _options.BudgetHorizonHours);
            }
        }

        return Math.Clamp(Math.Exp((lo + hi) / 2), descriptor.MinDailyBudget, descriptor.MaxDailyBudget);
    }

    private double Profit(int i, double budget, CreativeType creative, bool learning, int fromHour, int toHour)
    {
        var sum = 0.0;
        for (var k = fromHour; k < toHour; k++)
        {
            sum += _world.ExpectedHour(i, budget, k, creative, learning).Profit;
        }

        return sum;
    }
}
