using AdPilot.Core.Agents;
using AdPilot.Core.Domain;
using AdPilot.Core.Simulation;
using AdPilot.Core.Training;

namespace AdPilot.Core.Tests.Agents;

public sealed class OraclePolicyTests
{
    [Fact]
    public void Run_DefaultFamily_NeverTriggersALimitIntervention()
    {
        // The oracle plans within the limits (±25% an hour, min and max budgets, creative rotation spacing);
        // PolicyComparisonTests checks the same over 20 seeds of 30 days.
        ulong[] seeds = [101, 202, 303, 404];
        var ct = TestContext.Current.CancellationToken;
        var results = new EpisodeResult[seeds.Length];
        Parallel.For(0, seeds.Length, k =>
        {
            var world = new SimulatedEnvironment(DefaultFamily.Sample(seeds[k], 6));
            results[k] = EpisodeRunner.Run(world, new OraclePolicy(world), 14 * 24, cancellationToken: ct);
        });

        Assert.All(results, r => Assert.Equal(0, r.LimitInterventions));
    }

    [Fact]
    public void Decide_AnyHour_ProposesValidActionsWithPropensityOne()
    {
        var world = new SimulatedEnvironment(DefaultFamily.Sample(5, 4));
        var policy = new OraclePolicy(world);
        var first = world.Reset();
        policy.Reset(new PolicyContext(world.AdSets, world.Currency, world.Limits, 0));
        var actions = new AdAction[4];
        var propensities = new double[4];

        policy.Decide(new DecisionContext(0, first.HourStartUtc, first.States), actions, propensities);

        Assert.All(propensities, p => Assert.Equal(1.0, p));
        Assert.All(actions, a =>
        {
            Assert.True(a.BidStrategy.IsValid);
            Assert.InRange(a.BudgetAdjustment, -world.Limits.MaxHourlyBudgetChange, world.Limits.MaxHourlyBudgetChange);
        });
    }

    [Fact]
    public void Decide_BeforeReset_ThrowsInvalidOperation()
    {
        var world = new SimulatedEnvironment(DefaultFamily.Sample(5, 2));
        var policy = new OraclePolicy(world);
        var first = world.Reset();

        Assert.Throws<InvalidOperationException>(
            () => policy.Decide(new DecisionContext(0, first.HourStartUtc, first.States), new AdAction[2], new double[2]));
    }

    [Fact]
    public void Constructor_NullWorld_Throws()
    {
        Assert.Throws<ArgumentNullException>(() => new OraclePolicy(null!));
    }

    [Fact]
    public void Name_IsOracle()
    {
        Assert.Equal("oracle", new OraclePolicy(new SimulatedEnvironment(DefaultFamily.Sample(5, 1))).Name);
    }
}
