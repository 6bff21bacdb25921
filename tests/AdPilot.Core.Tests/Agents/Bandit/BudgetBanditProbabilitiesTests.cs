using AdPilot.Core.Agents;
using AdPilot.Core.Agents.Bandit;
using AdPilot.Core.Domain;
using AdPilot.Core.Simulation;
using AdPilot.Core.Tests.Training.OffPolicy;
using AdPilot.Core.Training.OffPolicy;

namespace AdPilot.Core.Tests.Agents.Bandit;

public sealed class BudgetBanditProbabilitiesTests
{
    [Fact]
    public void Replay_OfItsOwnLog_GivesEachDayAboutItsLoggedPropensity_AndNeverZero()
    {
        // The bandit decides once a day from the second day on; logged and replayed probabilities are both Monte Carlo
        // estimates over 32 posterior draws (from different streams), so they agree to within sampling error.
        var history = OffPolicyHarness.Log(new BudgetBanditPolicy(seed: 3) { Training = false }, LearningAgentHarness.Small, hours: 24 * 8, seed: 2);
        var units = DecisionUnitSet.Build(history);

        var replay = PolicyReplay.Replay(new BudgetBanditPolicy(seed: 3) { Training = false }, units, seed: 2);

        var decided = units.Units.Select((u, k) => (Logged: u.LoggingPropensity, Replayed: replay[k].TargetProbability)).Where(p => p.Logged < 1).ToArray();
        Assert.True(decided.Length >= 20, $"only {decided.Length} days with a random move");
        Assert.All(decided, p => Assert.InRange(p.Replayed, 1.0 / 41, 1));
        Assert.All(decided, p => Assert.InRange(Math.Abs(p.Replayed - p.Logged), 0, 0.35));
        Assert.True(decided.Average(p => Math.Abs(p.Replayed - p.Logged)) < 0.12);

        // Days before the first decision follow the (unset) target: a hold, certain under both.
        Assert.All(units.Units.Where(u => u.StartUtc < units.Units[0].StartUtc.AddDays(1)).Select(u => replay[units.Units.ToList().IndexOf(u)]), r => Assert.Equal(1, r.TargetProbability));
    }

    [Fact]
    public void ProbabilityOf_AskedTwice_SameAnswer_AndTheLiveDecisionsDoNotChange()
    {
        var asked = new BudgetBanditPolicy(seed: 9) { Training = false };
        var quiet = new BudgetBanditPolicy(seed: 9) { Training = false };
        var world = new SimulatedEnvironment(LearningAgentHarness.Small);
        var result = world.Reset();
        var context = new PolicyContext(world.AdSets, world.Currency, world.Limits, 4);
        asked.Reset(context);
        quiet.Reset(context);
        var n = world.AdSets.Count;
        var distribution = new List<WeightedAction>();
        var randomHours = 0;
        for (var t = 0; t < 24 * 4; t++)
        {
            var states = result.States.ToArray();
            var decision = new DecisionContext(t, result.HourStartUtc, states);
            for (var i = 0; i < n; i++)
            {
                asked.ProposalDistribution(decision, i, distribution);
                Assert.Equal(1, distribution.Sum(a => a.Probability), 1e-9);
                var first = asked.ProbabilityOf(decision, i, distribution[0].Action);
                Assert.Equal(first, asked.ProbabilityOf(decision, i, distribution[0].Action));
                randomHours += distribution.Count > 1 ? 1 : 0;
            }

            var actions = new AdAction[n];
            var propensities = new double[n];
            var quietActions = new AdAction[n];
            var quietPropensities = new double[n];
            asked.Decide(decision, actions, propensities);
            quiet.Decide(decision, quietActions, quietPropensities);
            Assert.Equal(quietActions, actions);
            Assert.Equal(quietPropensities, propensities);
            result = world.Step(actions);
            asked.Observe(new Transition(t, states, actions, result.Rewards, result.Info, result.States));
            quiet.Observe(new Transition(t, states, actions, result.Rewards, result.Info, result.States));
        }

        Assert.True(randomHours > 0);
        Assert.True(asked.ReplaysTransitions);
    }

    [Fact]
    public void Follow_AJumpClampedToTheHourlyLimit_KeepsEveryTargetItCouldBeUntilTheHoursTellThemApart()
    {
        var history = OffPolicyHarness.Log(new BudgetBanditPolicy(seed: 3) { Training = false }, LearningAgentHarness.Small, hours: 24 * 8, seed: 2);
        var units = DecisionUnitSet.Build(history);
        var replay = PolicyReplay.Replay(new BudgetBanditPolicy(seed: 3) { Training = false }, units, seed: 2);

        // A logged hour that continues a multi-hour move is certain once its target is known, so every unit's product is
        // at least the smoothed floor of one move: nothing the bandit did is ever impossible to the replay.
        Assert.All(replay, r => Assert.True(r.TargetProbability >= 1.0 / 41, $"{r.TargetProbability}"));
        Assert.Contains(units.Units, u => u.Hours == 24 && Math.Abs(u.FirstAction.BudgetAdjustment) > 0.2);
    }
}
