using AdPilot.Core.Agents;
using AdPilot.Core.Simulation;
using AdPilot.Core.Training;

namespace AdPilot.Core.Tests.Training;

public sealed class PolicyEvaluationTests
{
    private static readonly Scenario[] HeldOut = Enumerable.Range(501, 4).Select(s => DefaultFamily.Sample((ulong)s, 4)).ToArray();

    [Fact]
    public void Run_WithoutCandidate_OracleFirstThenBaselinesAndNoComparison()
    {
        var report = PolicyEvaluation.Run(HeldOut, days: 3, cancellationToken: TestContext.Current.CancellationToken);

        Assert.Equal(["oracle", "fixed", "rules", "proportional"], report.Policies.Select(p => p.Name));
        Assert.Equal(4, report.Scenarios);
        Assert.Null(report.CandidateMinusBestBaseline);
        Assert.All(report.Policies, p => Assert.Equal(4, p.ProfitByScenario.Count));
        Assert.Equal(1.0, report.Policies[0].FractionOfOracle!.Value, 12);
        var best = report.Policies.Skip(1).MaxBy(p => p.Total.Profit)!;
        Assert.Equal(best.Name, report.BestBaseline);
    }

    [Fact]
    public void Run_CandidateEqualToABaseline_MatchesItScenarioByScenario()
    {
        // Common random numbers: a candidate that behaves exactly like the fixed baseline earns exactly its profits.
        var report = PolicyEvaluation.Run(
            HeldOut, days: 3, world => new FixedBudgetPolicy(), "fixed-copy", seed: 7, cancellationToken: TestContext.Current.CancellationToken);

        var fixedProfits = report.Policies.Single(p => p.Name == "fixed").ProfitByScenario;
        var copyProfits = report.Policies.Single(p => p.Name == "fixed-copy").ProfitByScenario;
        Assert.Equal(fixedProfits, copyProfits);
    }

    [Fact]
    public void Run_CandidateIsTheOracle_BeatsTheBestBaselineWithAnIntervalAboveZero()
    {
        var report = PolicyEvaluation.Run(
            HeldOut, days: 7, world => new OraclePolicy(world), "oracle-copy", seed: 3, cancellationToken: TestContext.Current.CancellationToken);

        var comparison = report.CandidateMinusBestBaseline!;
        Assert.True(comparison.Mean > 0, $"mean difference {comparison.Mean}");
        Assert.Equal(1.0, report.Policies[^1].FractionOfOracle!.Value, 9);
        Assert.True(comparison.Lower <= comparison.Mean && comparison.Mean <= comparison.Upper);
    }

    [Fact]
    public void Run_CandidateNamedLikeABaseline_Throws()
    {
        Assert.Throws<ArgumentException>(() => PolicyEvaluation.Run(
            HeldOut, 1, world => new FixedBudgetPolicy(), "rules", cancellationToken: TestContext.Current.CancellationToken));
    }
}
