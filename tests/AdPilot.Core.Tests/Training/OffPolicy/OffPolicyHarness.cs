using AdPilot.Core.Agents;
using AdPilot.Core.Domain;
using AdPilot.Core.Simulation;
using AdPilot.Core.Training.OffPolicy;

namespace AdPilot.Core.Tests.Training.OffPolicy;

/// <summary>Logs a policy's decisions in the simulator as the action log would hold them, for the replay and evaluation tests.</summary>
internal static class OffPolicyHarness
{
    /// <summary>
    /// Runs <paramref name="logger"/> and returns the hours as one episode; the logger observes every hour, as live, unless
    /// <paramref name="frozen"/> (a checkpoint that does not learn online).
    /// </summary>
    public static LoggedHistory Log(IPolicy logger, Scenario scenario, int hours, ulong seed = 0, Func<int, string?>? skip = null, bool frozen = false)
    {
        var world = new SimulatedEnvironment(scenario);
        var result = world.Reset();
        logger.Reset(new PolicyContext(world.AdSets, world.Currency, world.Limits, seed));
        var n = world.AdSets.Count;
        var logged = new List<LoggedHour>(hours);
        for (var t = 0; t < hours; t++)
        {
            var states = result.States.ToArray();
            var actions = new AdAction[n];
            var propensities = new double[n];
            logger.Decide(new DecisionContext(t, result.HourStartUtc, states), actions, propensities);
            var hourStart = result.HourStartUtc;
            result = world.Step(actions);
            if (!frozen)
            {
                logger.Observe(new Transition(t, states, actions, result.Rewards, result.Info, result.States));
            }

            var steps = new LoggedStep[n];
            for (var i = 0; i < n; i++)
            {
                steps[i] = new LoggedStep(states[i], actions[i], propensities[i], result.Rewards[i], result.Info[i], skip?.Invoke(t));
            }

            logged.Add(new LoggedHour(hourStart, steps));
        }

        return new LoggedHistory([new LoggedEpisode(world.AdSets, world.Currency, world.Limits, logged)], new Dictionary<string, int>());
    }
}
