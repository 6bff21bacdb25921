using AdPilot.Core.Agents;
using AdPilot.Core.Domain;
using AdPilot.Core.Simulation;

namespace AdPilot.Runtime.Demo;

/// <summary>
/// The baselines on the demo's world: the same scenario and random streams in the simulator, under people's budgets for
/// the history hours (as the sandbox ran them), then the baseline policy for the loop's hours. Under the same limits as
/// the sandbox's world (none of AdPilot's), so a policy that changes nothing earns exactly what the loop earns in shadow.
/// </summary>
internal static class DemoBaselines
{
    /// <summary>Runs <paramref name="policy"/> from hour <paramref name="historyHours"/> for <paramref name="hours"/> hours.</summary>
    public static DemoPolicyResult Run(Scenario scenario, IPolicy policy, int historyHours, int hours, ulong seed, CancellationToken cancellationToken)
    {
        var world = new SimulatedEnvironment(scenario, ActionLimits.Default with { MaxHourlyBudgetChange = 1e9 });
        var n = world.AdSets.Count;
        var states = new AdEnvironmentState[n];
        var actions = new AdAction[n];
        var propensities = new double[n];
        var days = new RewardMetrics[(hours + 23) / 24];
        var total = default(RewardMetrics);
        var result = world.Reset();
        policy.Reset(new PolicyContext(world.AdSets, world.Currency, world.Limits, seed));
        for (var t = 0; t < historyHours + hours; t++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            result.States.CopyTo(states);
            if (t < historyHours)
            {
                for (var i = 0; i < n; i++)
                {
                    actions[i] = AdAction.Keep(states[i]);
                }
            }
            else
            {
                policy.Decide(new DecisionContext(t, result.HourStartUtc, states), actions, propensities);
            }

            result = world.Step(actions);
            policy.Observe(new Transition(t, states, actions, result.Rewards, result.Info, result.States));
            if (t < historyHours)
            {
                continue;
            }

            var day = (t - historyHours) / 24;
            foreach (var reward in result.Rewards)
            {
                total += reward;
                days[day] += reward;
            }
        }

        return new DemoPolicyResult(policy.Name, total, days);
    }
}
