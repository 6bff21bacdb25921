using AdPilot.Core.Agents;
using AdPilot.Core.Agents.Dqn;
using AdPilot.Core.Agents.QLearning;
using AdPilot.Core.Domain;
using AdPilot.Core.Simulation;

namespace AdPilot.Core.Tests.Agents;

public sealed class DailyMoveAgentProbabilitiesTests
{
    public static TheoryData<string> Kinds => ["qlearning", "dqn"];

    [Theory]
    [MemberData(nameof(Kinds))]
    public void ProbabilityOf_TheActionDecided_IsItsLoggedPropensity_AndAskingChangesNoDecision(string kind)
    {
        var asked = Agent(kind);
        var quiet = Agent(kind);
        var world = new SimulatedEnvironment(LearningAgentHarness.Small);
        var result = world.Reset();
        var context = new PolicyContext(world.AdSets, world.Currency, world.Limits, 5);
        asked.Reset(context);
        quiet.Reset(context);
        var n = world.AdSets.Count;
        var distribution = new List<WeightedAction>();
        var decisionHours = 0;
        for (var t = 0; t < 72; t++)
        {
            var states = result.States.ToArray();
            var decision = new DecisionContext(t, result.HourStartUtc, states);
            for (var i = 0; i < n; i++)
            {
                // Asking before deciding must not move the exploration stream or the agent's pending decision.
                asked.ProbabilityOf(decision, i, AdAction.AdjustBudget(states[i], 0.19));
                asked.ProposalDistribution(decision, i, distribution);
            }

            var actions = new AdAction[n];
            var propensities = new double[n];
            var quietActions = new AdAction[n];
            var quietPropensities = new double[n];
            asked.Decide(decision, actions, propensities);
            quiet.Decide(decision, quietActions, quietPropensities);
            Assert.Equal(quietActions, actions);
            Assert.Equal(quietPropensities, propensities);
            for (var i = 0; i < n; i++)
            {
                Assert.Equal(propensities[i], asked.ProbabilityOf(decision, i, actions[i]), 1e-12);
                asked.ProposalDistribution(decision, i, distribution);
                Assert.Equal(1, distribution.Sum(a => a.Probability), 1e-12);
                Assert.Equal(propensities[i], ActionEquivalence.ProbabilityOf(distribution, actions[i], states[i].CurrentBudget), 1e-12);
                if (states[i].HourOfDay != 0)
                {
                    Assert.Equal(1, asked.ProbabilityOf(decision, i, AdAction.Keep(states[i])));
                    Assert.Equal(0, asked.ProbabilityOf(decision, i, AdAction.AdjustBudget(states[i], 0.10)));
                    Assert.Single(distribution);
                }
                else
                {
                    decisionHours++;
                    Assert.True(distribution.Count > 1);
                }
            }

            result = world.Step(actions);
            asked.Observe(new Transition(t, states, actions, result.Rewards, result.Info, result.States));
            quiet.Observe(new Transition(t, states, actions, result.Rewards, result.Info, result.States));
        }

        Assert.Equal(3 * n, decisionHours);
    }

    [Fact]
    public void ProbabilityOf_EpsilonGreedy_IsExact()
    {
        // Greedy move 4 (+19% on Instagram, +25% on TikTok) everywhere, ε = 0.3 over 6 actions (5 moves and the switch): the greedy move has
        // 0.3 / 6 + 0.7 = 0.75, every other move 0.05; on lowest cost the switch holds, so the hold has 0.05 + 0.05 = 0.1.
        var agent = new QLearningAgent(new QLearningOptions { EvaluationEpsilon = 0.3 }) { Training = false };
        for (var row = 0; row < agent.Table.StateCount; row++)
        {
            agent.Learn(row, 4, 1, -1);
        }

        var world = new SimulatedEnvironment(LearningAgentHarness.Small);
        var states = world.Reset().States.ToArray();
        agent.Reset(new PolicyContext(world.AdSets, world.Currency, world.Limits, 0));
        var decision = new DecisionContext(0, world.StartUtc, states);
        const int i = 0;
        states[i] = states[i] with { BidStrategy = BidStrategy.LowestCost };
        var state = states[i];
        var (raise, cut) = state.Platform == Platform.TikTok ? (0.25, -0.12) : (0.19, -0.10);

        Assert.Equal(0, state.HourOfDay);
        Assert.Equal(0.75, agent.ProbabilityOf(decision, i, AdAction.AdjustBudget(state, raise)), 1e-12);
        Assert.Equal(0.05, agent.ProbabilityOf(decision, i, AdAction.AdjustBudget(state, cut)), 1e-12);
        Assert.Equal(0.10, agent.ProbabilityOf(decision, i, AdAction.Keep(state)), 1e-12);

        // Within the tolerance of a logged cent; a move off the grid, a pause or another bid strategy is never proposed.
        Assert.Equal(0.75, agent.ProbabilityOf(decision, i, AdAction.AdjustBudget(state, raise + (0.004 / state.CurrentBudget))), 1e-12);
        Assert.Equal(0, agent.ProbabilityOf(decision, i, AdAction.AdjustBudget(state, 0.15)));
        Assert.Equal(0, agent.ProbabilityOf(decision, i, AdAction.Keep(state) with { Status = AdSetStatus.Paused }));
        Assert.Equal(0, agent.ProbabilityOf(decision, i, AdAction.Keep(state) with { BidStrategy = BidStrategy.CostCap(20m) }));
    }

    [Fact]
    public void ProbabilityOf_PausedAdSetAtADecisionHour_HoldsWithCertainty()
    {
        var agent = new QLearningAgent(new QLearningOptions { EvaluationEpsilon = 0.5 }) { Training = false };
        var world = new SimulatedEnvironment(LearningAgentHarness.Small);
        var states = world.Reset().States.ToArray();
        states[0] = states[0] with { Status = AdSetStatus.Paused };
        agent.Reset(new PolicyContext(world.AdSets, world.Currency, world.Limits, 0));
        var decision = new DecisionContext(0, world.StartUtc, states);

        Assert.Equal(1, agent.ProbabilityOf(decision, 0, AdAction.Keep(states[0])));
        Assert.True(agent.ProbabilityOf(decision, 1, AdAction.Keep(states[1])) < 1);
        Assert.False(agent.ReplaysTransitions);
    }

    private static DailyMoveAgent Agent(string kind) => kind == "dqn"
        ? new DqnAgent(new DqnAgentOptions { EvaluationEpsilon = 0.25, Seed = 11 }) { Training = false }
        : new QLearningAgent(new QLearningOptions { EvaluationEpsilon = 0.25, Seed = 11 }) { Training = false };
}
