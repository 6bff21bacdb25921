using AdPilot.Core.Agents;
using AdPilot.Core.Domain;
using AdPilot.Core.Simulation;

namespace AdPilot.Core.Training;

/// <summary>Runs one policy through one simulated episode: reset, then decide → step → observe each hour.</summary>
public static class EpisodeRunner
{
    /// <summary>Runs an episode.</summary>
    /// <param name="world">The world; it is reset first.</param>
    /// <param name="policy">The policy; it is reset first.</param>
    /// <param name="hours">Hours to simulate.</param>
    /// <param name="policySeed">The seed of the policy's own randomness.</param>
    /// <param name="onHour">Called after each hour, e.g. to move a progress bar.</param>
    /// <param name="cancellationToken">Stops the run between hours.</param>
    /// <returns>The totals.</returns>
    public static EpisodeResult Run(
        SimulatedEnvironment world, IPolicy policy, int hours, ulong policySeed = 0, Action? onHour = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(world);
        ArgumentNullException.ThrowIfNull(policy);
        ArgumentOutOfRangeException.ThrowIfNegative(hours);

        var n = world.AdSets.Count;
        var states = new AdEnvironmentState[n];
        var actions = new AdAction[n];
        var propensities = new double[n];
        var dailyProfit = new List<double>(hours / 24 + 1);
        var total = default(RewardMetrics);
        long interventions = 0;
        var dayProfit = 0.0;

        var result = world.Reset();
        policy.Reset(new PolicyContext(world.AdSets, world.Currency, world.Limits, policySeed));
        for (var t = 0; t < hours; t++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            result.States.CopyTo(states);
            policy.Decide(new DecisionContext(t, result.HourStartUtc, states), actions, propensities);
            result = world.Step(actions);
            policy.Observe(new Transition(t, states, actions, result.Rewards, result.Info, result.States));

            foreach (var reward in result.Rewards)
            {
                total += reward;
                dayProfit += reward.Profit;
            }

            foreach (var info in result.Info)
            {
                interventions += info.LimitInterventions;
            }

            if ((t + 1) % 24 == 0 || t == hours - 1)
            {
                dailyProfit.Add(dayProfit);
                dayProfit = 0;
            }

            onHour?.Invoke();
        }

        return new EpisodeResult(policy.Name, hours, total, interventions, dailyProfit);
    }

    /// <summary>
    /// Runs every policy on every scenario, each in its own copy of the scenario's world (so all policies meet the same
    /// random streams), in parallel across the machine's cores.
    /// </summary>
    /// <param name="scenarios">The scenarios.</param>
    /// <param name="policies">One factory per policy, given the world it will run in.</param>
    /// <param name="days">Days per run.</param>
    /// <param name="limits">The limits every action passes.</param>
    /// <param name="onHour">Called after each simulated hour of any run (from several threads).</param>
    /// <param name="cancellationToken">Stops the runs.</param>
    /// <returns>The results, indexed [policy, scenario].</returns>
    public static EpisodeResult[,] RunGrid(
        IReadOnlyList<Scenario> scenarios,
        IReadOnlyList<Func<SimulatedEnvironment, IPolicy>> policies,
        int days,
        ActionLimits? limits = null,
        Action? onHour = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(scenarios);
        ArgumentNullException.ThrowIfNull(policies);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(days);
        var results = new EpisodeResult[policies.Count, scenarios.Count];
        var parallel = new ParallelOptions { MaxDegreeOfParallelism = Environment.ProcessorCount, CancellationToken = cancellationToken };
        Parallel.For(0, policies.Count * scenarios.Count, parallel, job =>
        {
            var (p, s) = (job / scenarios.Count, job % scenarios.Count);
            var world = new SimulatedEnvironment(scenarios[s], limits);
            results[p, s] = Run(world, policies[p](world), days * 24, scenarios[s].Seed, onHour, cancellationToken);
        });
        return results;
    }
}
