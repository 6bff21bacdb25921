using AdPilot.Core.Simulation;
using AdPilot.Core.Training;

namespace AdPilot.Core.Tests.Training;

public sealed class PolicyComparisonTests
{
    private const int Seeds = 20;
    private const int Days = 30;
    private static readonly string[] Policies = ["oracle", "fixed", "rules", "proportional"];

    [Fact]
    public void Run_DefaultFamilyOverTwentySeeds_OracleBeatsEveryBaselineAndRulesBeatFixed()
    {
        // The headline requirement: decisions matter in the default family. The oracle bounds every
        // baseline on average, and even simple rules beat leaving budgets alone.
        var ct = TestContext.Current.CancellationToken;
        var runs = new IReadOnlyList<PolicyOutcome>[Seeds];
        Parallel.For(0, Seeds, k => runs[k] = PolicyComparison.Run(FamilyScenario(k), Policies, Days, cancellationToken: ct));

        var mean = Policies.ToDictionary(p => p, p => runs.Average(r => r.Single(o => o.Name == p).Total.Profit));
        var summary = string.Join(", ", mean.Select(kv => $"{kv.Key} {kv.Value:F0}"));
        foreach (var baseline in new[] { "fixed", "rules", "proportional" })
        {
            Assert.True(mean["oracle"] > mean[baseline], $"the oracle does not beat {baseline} on average: {summary}");
        }

        Assert.True(mean["rules"] > mean["fixed"], $"rules do not beat fixed budgets on average: {summary}");
        for (var k = 0; k < Seeds; k++)
        {
            Assert.Equal(Policies, runs[k].Select(o => o.Name));
            var oracle = runs[k][0];
            Assert.Equal(0, oracle.LimitInterventions);
            if (oracle.Total.Profit > 0)
            {
                Assert.Equal(1.0, oracle.FractionOfOracle);
            }
            else
            {
                Assert.Null(oracle.FractionOfOracle);
            }

            Assert.Equal(Days, runs[k][1].DailyProfit.Count);
        }

        // Determinism: the same scenario and policies give bit-identical outcomes, whatever the thread schedule.
        foreach (var k in new[] { 0, Seeds - 1 })
        {
            var again = PolicyComparison.Run(FamilyScenario(k), Policies, Days, cancellationToken: ct);
            Assert.Equal(runs[k].Count, again.Count);
            for (var p = 0; p < again.Count; p++)
            {
                Assert.Equal(runs[k][p].Total, again[p].Total);
                Assert.Equal(runs[k][p].FractionOfOracle, again[p].FractionOfOracle);
                Assert.Equal(runs[k][p].DailyProfit, again[p].DailyProfit);
                Assert.Equal(runs[k][p].LimitInterventions, again[p].LimitInterventions);
            }
        }
    }

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    /// <summary>The k-th (0-based) scenario of the comparison: the default family's seed k + 1 with 8 ad sets.</summary>
    private static Scenario FamilyScenario(int k) => DefaultFamily.Sample((ulong)k + 1, 8);

    [Fact]
    public void Run_UnknownPolicyName_ThrowsArgumentExceptionNamingIt()
    {
        var scenario = DefaultFamily.Sample(1, 2);

        var ex = Assert.Throws<ArgumentException>(() => PolicyComparison.Run(scenario, ["fixed", "greedy"], 1, cancellationToken: Ct));

        Assert.Equal("policies", ex.ParamName);
        Assert.Contains("'greedy'", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Run_OracleNotRequested_IsNotListedButFractionIsStillComputed()
    {
        var scenario = DefaultFamily.Sample(4, 3);

        var without = PolicyComparison.Run(scenario, ["rules", "fixed"], 3, cancellationToken: Ct);
        var with = PolicyComparison.Run(scenario, ["oracle", "rules", "fixed"], 3, cancellationToken: Ct);

        Assert.Equal(["rules", "fixed"], without.Select(o => o.Name));
        var oracleProfit = with[0].Total.Profit;
        Assert.True(oracleProfit > 0, "the oracle should make a profit in this scenario");
        for (var p = 0; p < without.Count; p++)
        {
            Assert.Equal(with[p + 1].Total, without[p].Total);
            Assert.NotNull(without[p].FractionOfOracle);
            Assert.Equal(without[p].Total.Profit / oracleProfit, without[p].FractionOfOracle!.Value, 1e-12);
        }
    }

    [Fact]
    public void Run_PolicyNamedTwice_IsListedOnce()
    {
        var outcomes = PolicyComparison.Run(DefaultFamily.Sample(4, 2), ["fixed", "fixed"], 1, cancellationToken: Ct);

        Assert.Equal("fixed", Assert.Single(outcomes).Name);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-1)]
    public void Run_NonPositiveDays_Throws(int days)
    {
        var scenario = DefaultFamily.Sample(1, 2);

        Assert.Throws<ArgumentOutOfRangeException>(() => PolicyComparison.Run(scenario, ["fixed"], days, cancellationToken: Ct));
    }
}
