using AdPilot.Core.Agents;
using AdPilot.Core.Domain;
using AdPilot.Core.Simulation;

namespace AdPilot.Core.Tests.Agents;

public sealed class BudgetMovesTests
{
    private static readonly double[] Moves = [-0.19, -0.10, 0, 0.10, 0.19];

    private static readonly AdSetDescriptor AdSet = new(default, "a", MinDailyBudget: 50, MaxDailyBudget: 200, StartingDailyBudget: 100);

    [Theory]
    [InlineData(100.0, 4, false)]
    [InlineData(50.0, 0, false)]
    [InlineData(200.0, 2, false)]
    [InlineData(190.0, 1, false)]
    [InlineData(100.0, 5, true)]
    [InlineData(200.0, 5, true)]
    [InlineData(200.0, 4, true)]
    public void PropensityOf_DistinctProposals_SumToOne(double budget, int greedy, bool capped)
    {
        var state = State(capped) with { CurrentBudget = budget };

        var proposals = Enumerable.Range(0, BudgetMoves.ActionCount(Moves.Length))
            .Select(a => BudgetMoves.ActionOf(a, state, AdSet, ActionLimits.Default, Moves))
            .DistinctBy(a => (a.BudgetAdjustment, a.BidStrategy))
            .ToList();
        var total = proposals.Sum(a => BudgetMoves.PropensityOf(a, state, AdSet, ActionLimits.Default, Moves, greedy, 0.3));

        Assert.Equal(1.0, total, 12);
    }

    [Fact]
    public void ActionOf_SwitchOnCappedAdSet_ProposesLowestCostWithTheBudgetHeld()
    {
        var state = State(capped: true);

        var action = BudgetMoves.ActionOf(BudgetMoves.SwitchIndex(Moves.Length), state, AdSet, ActionLimits.Default, Moves);

        Assert.True(BudgetMoves.OffersSwitch(state));
        Assert.Equal(AdAction.Keep(state) with { BidStrategy = BidStrategy.LowestCost }, action);
        Assert.Equal(0, action.BudgetAdjustment);
    }

    [Fact]
    public void ActionOf_SwitchOnLowestCost_ProposesTheHold()
    {
        var state = State(capped: false);

        var action = BudgetMoves.ActionOf(BudgetMoves.SwitchIndex(Moves.Length), state, AdSet, ActionLimits.Default, Moves);

        Assert.False(BudgetMoves.OffersSwitch(state));
        Assert.Equal(AdAction.Keep(state), action);
        Assert.Equal(BudgetMoves.ActionOf(2, state, AdSet, ActionLimits.Default, Moves), action);
    }

    [Fact]
    public void PropensityOf_HoldOnLowestCost_CarriesTheSwitchsShare()
    {
        const double epsilon = 0.3;
        var uncapped = State(capped: false);
        var capped = State(capped: true);

        var holdUncapped = BudgetMoves.PropensityOf(AdAction.Keep(uncapped), uncapped, AdSet, ActionLimits.Default, Moves, greedy: 2, epsilon);
        var holdCapped = BudgetMoves.PropensityOf(AdAction.Keep(capped), capped, AdSet, ActionLimits.Default, Moves, greedy: 2, epsilon);
        var switchCapped = BudgetMoves.PropensityOf(
            AdAction.Keep(capped) with { BidStrategy = BidStrategy.LowestCost }, capped, AdSet, ActionLimits.Default, Moves, greedy: 2, epsilon);

        Assert.Equal(1 - epsilon + (2 * epsilon / 6), holdUncapped, 12);
        Assert.Equal(1 - epsilon + (epsilon / 6), holdCapped, 12);
        Assert.Equal(epsilon / 6, switchCapped, 12);
    }

    [Fact]
    public void Adjustment_RaiseAboveMaximum_StopsAtTheMaximum()
    {
        var state = State(capped: false) with { CurrentBudget = 190 };

        Assert.Equal((200.0 / 190) - 1, BudgetMoves.Adjustment(state, AdSet, 0.19, ActionLimits.Default), 12);
        Assert.Equal(0, BudgetMoves.Adjustment(state with { CurrentBudget = 200 }, AdSet, 0.19, ActionLimits.Default));
    }

    [Theory]
    [InlineData(new[] { 1.0, 3.0, 3.0, 2.0, 0.0 }, 2)]
    [InlineData(new[] { 1.0, 3.0, 2.0, 3.0, 0.0 }, 1)]
    [InlineData(new[] { 0.0, 0.0, 0.0, 0.0, 0.0 }, 2)]
    [InlineData(new[] { 5.0, 0.0, 0.0, 0.0, 5.0 }, 0)]
    [InlineData(new[] { 0.0, 0.0, 0.0, 1.0, 1.0 }, 3)]
    public void Greedy_Ties_GoToTheMoveNearestHolding(double[] values, int expected)
    {
        Assert.Equal(expected, BudgetMoves.Greedy(values, holdIndex: 2));
    }

    private static AdEnvironmentState State(bool capped) =>
        new SimulatedEnvironment(LearningAgentHarness.Small).Reset().States[0] with
        {
            CurrentBudget = 100,
            BidStrategy = capped ? BidStrategy.CostCap(20m) : BidStrategy.LowestCost,
        };
}
