using AdPilot.Core.Agents;
using AdPilot.Core.Agents.QLearning;
using AdPilot.Core.Domain;
using AdPilot.Core.Simulation;
using AdPilot.Core.Tests.Agents;
using AdPilot.Core.Training.OffPolicy;

namespace AdPilot.Core.Tests.Training.OffPolicy;

public sealed class PolicyReplayTests
{
    [Fact]
    public void Replay_CandidateEqualToTheLogger_GivesEveryDecisionWeightOne_AndIpsTheLoggedMean()
    {
        var history = OffPolicyHarness.Log(Explorer(), LearningAgentHarness.Small, hours: 24 * 4, frozen: true);
        var units = DecisionUnitSet.Build(history);

        var replay = PolicyReplay.Replay(Explorer(), units);
        var report = OffPolicyEvaluation.Evaluate(units, replay);

        Assert.Equal(4 * 4, units.Units.Count);
        Assert.Contains(units.Units, u => u.LoggingPropensity < 1);
        Assert.All(units.Units.Zip(replay), p => Assert.Equal(p.First.LoggingPropensity, p.Second.TargetProbability, 1e-12));
        Assert.Equal(report.Logged.Value!.Value, report[OffPolicyMethod.Ips].Value!.Value, 1e-9);
        Assert.Equal(report.Logged.Value!.Value, report[OffPolicyMethod.Snips].Value!.Value, 1e-9);

        // DR's correction has weight 1 everywhere, but its model term averages the candidate's other moves too: it differs
        // from the logged mean by noise only.
        Assert.InRange(report.Logged.Value!.Value, report[OffPolicyMethod.DoublyRobust].Lower!.Value, report[OffPolicyMethod.DoublyRobust].Upper!.Value);
        Assert.Equal(units.Units.Count, report.EffectiveSampleSize, 1e-9);
        Assert.All(replay, r => Assert.Equal(1, r.FirstHour.Sum(a => a.Probability), 1e-12));
    }

    [Fact]
    public void Replay_FixedCandidateOnAnExploringLog_WeighsOnlyTheDaysThatHeld()
    {
        var history = OffPolicyHarness.Log(Explorer(), LearningAgentHarness.Small, hours: 24 * 4);
        var units = DecisionUnitSet.Build(history);

        var replay = PolicyReplay.Replay(new FixedBudgetPolicy(), units);

        Assert.All(units.Units.Zip(replay), p => Assert.Equal(p.First.FirstAction.BudgetAdjustment == 0 && p.First.FirstAction.BidStrategy == p.First.State.BidStrategy ? 1 : 0, p.Second.TargetProbability));
        Assert.Contains(replay, r => r.TargetProbability == 0);
        Assert.Contains(replay, r => r.TargetProbability == 1);
    }

    [Fact]
    public void Replay_ObservesOnlyForCandidatesThatAskAndOnlyBetweenConsecutiveHours()
    {
        var history = OffPolicyHarness.Log(new FixedBudgetPolicy(), LearningAgentHarness.Small, hours: 6);
        var episode = history.Episodes[0];
        var gapped = history with { Episodes = [episode with { Hours = [.. episode.Hours.Where((_, h) => h != 3)] }] };
        var units = DecisionUnitSet.Build(gapped);
        var watching = new RecordingPolicy(replaysTransitions: true);
        var frozen = new RecordingPolicy(replaysTransitions: false);

        PolicyReplay.Replay(watching, units);
        PolicyReplay.Replay(frozen, units);

        // Hours 0, 1, 2, 4, 5: transitions 0→1, 1→2 and 4→5 (none across the missing hour 3).
        Assert.Equal([0, 1, 4], watching.Observed);
        Assert.Empty(frozen.Observed);
        Assert.Equal(5, watching.Followed);
        Assert.Equal(1, watching.Resets);
    }

    [Fact]
    public void Replay_PolicyWithoutProbabilities_Throws()
    {
        var units = DecisionUnitSet.Build(OffPolicyHarness.Log(new FixedBudgetPolicy(), LearningAgentHarness.Small, hours: 2));

        var ex = Assert.Throws<ArgumentException>(() => PolicyReplay.Replay(new OraclePolicy(new SimulatedEnvironment(LearningAgentHarness.Small)), units));

        Assert.Contains("cannot say how probable", ex.Message, StringComparison.Ordinal);
    }

    /// <summary>A frozen Q-learner exploring a third of the time, its greedy move the largest raise everywhere.</summary>
    private static QLearningAgent Explorer()
    {
        var agent = new QLearningAgent(new QLearningOptions { EvaluationEpsilon = 0.3 }) { Training = false };
        for (var row = 0; row < agent.Table.StateCount; row++)
        {
            agent.Learn(row, 4, 1, -1);
        }

        return agent;
    }

    private sealed class RecordingPolicy(bool replaysTransitions) : IPolicy, IActionProbabilities
    {
        public List<int> Observed { get; } = [];

        public int Followed { get; private set; }

        public int Resets { get; private set; }

        public string Name => "recording";

        public bool ReplaysTransitions => replaysTransitions;

        public void Reset(PolicyContext context) => Resets++;

        public void Decide(DecisionContext decision, Span<AdAction> actions, Span<double> propensities) => throw new InvalidOperationException("a replay never decides");

        public void Observe(Transition transition) => Observed.Add(transition.HourIndex);

        public double ProbabilityOf(DecisionContext decision, int index, in AdAction action) => 1;

        public void ProposalDistribution(DecisionContext decision, int index, IList<WeightedAction> distribution)
        {
            distribution.Clear();
            distribution.Add(new WeightedAction(AdAction.Keep(decision.States[index]), 1));
        }

        public void Follow(DecisionContext decision, ReadOnlySpan<AdAction> actions) => Followed++;
    }
}
