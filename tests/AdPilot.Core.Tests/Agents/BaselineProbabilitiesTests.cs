using AdPilot.Core.Agents;
using AdPilot.Core.Domain;
using AdPilot.Core.Simulation;
using AdPilot.Core.Tests.Training.OffPolicy;
using AdPilot.Core.Training.OffPolicy;

namespace AdPilot.Core.Tests.Agents;

public sealed class BaselineProbabilitiesTests
{
    public static TheoryData<string> Baselines => ["fixed", "rules", "proportional"];

    [Theory]
    [MemberData(nameof(Baselines))]
    public void Replay_OfItsOwnLog_IsCertainEveryHour(string name)
    {
        var history = OffPolicyHarness.Log(Create(name), Scenario(), hours: 24 * 5);
        var units = DecisionUnitSet.Build(history);

        var replay = PolicyReplay.Replay(Create(name), units);

        Assert.All(replay, r => Assert.Equal(1, r.TargetProbability));
        Assert.All(replay, r => Assert.Equal(1, Assert.Single(r.FirstHour).Probability));
        if (name != "fixed")
        {
            Assert.Contains(units.Units, u => Math.Abs(u.FirstAction.BudgetAdjustment) > 0 || units.History.Episodes[0].Hours.Skip(u.FirstHour).Take(u.Hours).Any(h => h.Steps[u.AdSetIndex].Action.BudgetAdjustment != 0));
        }
    }

    [Theory]
    [MemberData(nameof(Baselines))]
    public void ProbabilityOf_AnythingElse_IsZero_AndAskingChangesNothing(string name)
    {
        var policy = Create(name);
        var world = new SimulatedEnvironment(Scenario());
        var result = world.Reset();
        policy.Reset(new PolicyContext(world.AdSets, world.Currency, world.Limits, 0));
        var probabilities = (IActionProbabilities)policy;
        var distribution = new List<WeightedAction>();
        for (var t = 0; t < 60; t++)
        {
            var states = result.States.ToArray();
            var decision = new DecisionContext(t, result.HourStartUtc, states);
            probabilities.ProposalDistribution(decision, 0, distribution);
            var proposal = Assert.Single(distribution).Action;
            Assert.Equal(0, probabilities.ProbabilityOf(decision, 0, proposal with { BudgetAdjustment = proposal.BudgetAdjustment + 0.05 }));
            Assert.Equal(1, probabilities.ProbabilityOf(decision, 0, proposal));

            var actions = new AdAction[states.Length];
            var propensities = new double[states.Length];
            policy.Decide(decision, actions, propensities);
            Assert.True(ActionEquivalence.Equivalent(proposal, actions[0], states[0].CurrentBudget));
            result = world.Step(actions);
            policy.Observe(new Transition(t, states, actions, result.Rewards, result.Info, result.States));
        }
    }

    [Fact]
    public void Rules_FollowALoggedChange_WaitsADayBeforeItsOwn()
    {
        var rules = new RulesPolicy(new RulesPolicyOptions { WindowHours = 1 });
        var world = new SimulatedEnvironment(Scenario());
        var result = world.Reset();
        rules.Reset(new PolicyContext(world.AdSets, world.Currency, world.Limits, 0));
        var states = result.States.ToArray();
        var keep = states.Select(s => AdAction.Keep(s)).ToArray();
        result = world.Step(keep);
        rules.Observe(new Transition(0, states, keep, result.Rewards, result.Info, result.States));
        states = result.States.ToArray();
        var decision = new DecisionContext(1, result.HourStartUtc, states);
        var before = new List<WeightedAction>();
        ((IActionProbabilities)rules).ProposalDistribution(decision, 0, before);

        var logged = states.Select(s => AdAction.AdjustBudget(s, -0.1)).ToArray();
        rules.Follow(decision, logged);
        var after = new List<WeightedAction>();
        ((IActionProbabilities)rules).ProposalDistribution(decision, 0, after);

        Assert.Equal(AdAction.Keep(states[0]), after[0].Action);
        Assert.True(before[0].Action.BudgetAdjustment != 0, "the window of one hour should give the rules a move before the logged change");
    }

    private static Scenario Scenario() => DefaultFamily.Sample(21, 4);

    private static IPolicy Create(string name) => name switch
    {
        "rules" => new RulesPolicy(),
        "proportional" => new ProportionalPolicy(),
        _ => new FixedBudgetPolicy(),
    };
}
