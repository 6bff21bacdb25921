using AdPilot.Core.Agents;
using AdPilot.Core.Domain;
using AdPilot.Core.Simulation;

namespace AdPilot.Core.Training.OffPolicy;

/// <summary>
/// Replays a logged history through a candidate policy (<see cref="IActionProbabilities"/>): each episode starts with
/// <see cref="IPolicy.Reset"/>, and each logged hour, in order, asks the candidate how probable every ad set's logged
/// action is, then moves it on with <see cref="IActionProbabilities.Follow"/> and, for a candidate that learns from the
/// episode's hours, hands it the logged outcome of the hour with <see cref="IPolicy.Observe"/> (only between consecutive
/// hours, as the live loop does). The candidate never decides, so it never draws its own exploration.
/// </summary>
public static class PolicyReplay
{
    /// <summary>The candidate's probability of every usable decision's logged actions, and its first-hour proposals.</summary>
    /// <param name="policy">The candidate; it must implement <see cref="IActionProbabilities"/>, and is reset by the replay.</param>
    /// <param name="units">The logged decisions.</param>
    /// <param name="seed">The seed of the candidate's episodes.</param>
    /// <returns>One entry per decision of <paramref name="units"/>, in its order.</returns>
    /// <exception cref="ArgumentException">The policy cannot say how probable an action is.</exception>
    public static ReplayedUnit[] Replay(IPolicy policy, DecisionUnitSet units, ulong seed = 0)
    {
        ArgumentNullException.ThrowIfNull(policy);
        ArgumentNullException.ThrowIfNull(units);
        var probabilities = policy as IActionProbabilities
            ?? throw new ArgumentException($"the policy '{policy.Name}' cannot say how probable a logged action is, so it cannot be evaluated off-policy", nameof(policy));
        var target = new double[units.Units.Count];
        Array.Fill(target, 1.0);
        var firstHour = new IReadOnlyList<WeightedAction>[units.Units.Count];
        var scratch = new List<WeightedAction>();
        var history = units.History;
        for (var e = 0; e < history.Episodes.Count; e++)
        {
            var episode = history.Episodes[e];
            var n = episode.AdSets.Count;
            if (episode.Hours.Count == 0)
            {
                continue;
            }

            policy.Reset(new PolicyContext(episode.AdSets, episode.Currency, episode.Limits, seed));
            var start = episode.Hours[0].HourUtc;
            AdEnvironmentState[]? previousStates = null;
            AdAction[]? previousActions = null;
            LoggedHour? previous = null;
            for (var h = 0; h < episode.Hours.Count; h++)
            {
                var hour = episode.Hours[h];
                var states = new AdEnvironmentState[n];
                var actions = new AdAction[n];
                for (var i = 0; i < n; i++)
                {
                    states[i] = hour.Steps[i].State;
                    actions[i] = hour.Steps[i].Action;
                }

                if (probabilities.ReplaysTransitions && previous is not null && hour.HourUtc == previous.HourUtc.AddHours(1))
                {
                    var rewards = new RewardMetrics[n];
                    var info = new AdSetHourInfo[n];
                    for (var i = 0; i < n; i++)
                    {
                        rewards[i] = previous.Steps[i].Outcome ?? default;
                        info[i] = previous.Steps[i].Info;
                    }

                    policy.Observe(new Transition(HourIndex(start, previous.HourUtc), previousStates!, previousActions!, rewards, info, states));
                }

                var decision = new DecisionContext(HourIndex(start, hour.HourUtc), hour.HourUtc, states);
                for (var i = 0; i < n; i++)
                {
                    var u = units.UnitOf(e, h, i);
                    if (u < 0)
                    {
                        continue;
                    }

                    target[u] *= probabilities.ProbabilityOf(decision, i, actions[i]);
                    if (units.Units[u].FirstHour == h)
                    {
                        probabilities.ProposalDistribution(decision, i, scratch);
                        firstHour[u] = [.. scratch];
                    }
                }

                probabilities.Follow(decision, actions);
                previous = hour;
                previousStates = states;
                previousActions = actions;
            }
        }

        var replayed = new ReplayedUnit[target.Length];
        for (var u = 0; u < target.Length; u++)
        {
            replayed[u] = new ReplayedUnit(Math.Clamp(target[u], 0, 1), firstHour[u] ?? []);
        }

        return replayed;
    }

    private static int HourIndex(DateTimeOffset start, DateTimeOffset hour) => (int)Math.Round((hour - start).TotalHours);
}
