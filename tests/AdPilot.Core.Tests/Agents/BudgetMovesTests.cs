using AdPilot.Core.Agents;
using AdPilot.Core.Simulation;

namespace AdPilot.Core.Tests.Agents;

public sealed class BudgetMovesTests
{
    private static readonly double[] Moves = [-0.19, -0.10, 0, 0.10, 0.19];

    [Theory]
    [InlineData(100.0, 4)]
    [InlineData(50.0, 0)]
    [InlineData(200.0, 2)]
    [InlineData(190.0, 1)]
    public void PropensityOf_DistinctAdjustments_SumToOne(double budget, int greedy)
    {
        var adSet = new AdSetDescriptor(default, "a", MinDailyBudget: 50, MaxDailyBudget: 200, StartingDailyBudget: 100);
        var state = new SimulatedEnvironment(LearningAgentHarness.Small).Reset().States[0] with { CurrentBudget = budget };

        var adjustments = Moves.Select(m => BudgetMoves.Adjustment(state, adSet, m, ActionLimits.Default)).Distinct().ToList();
        var total = adjustments.Sum(a => BudgetMoves.PropensityOf(a, state, adSet, ActionLimits.Default, Moves, greedy, 0.3));

        Assert.Equal(1.0, total, 12);
    }

    [Fact]
    public void Adjustment_RaiseAboveMaximum_StopsAtTheMaximum()
    {
        var adSet = new AdSetDescriptor(default, "a", MinDailyBudget: 50, MaxDailyBudget: 200, StartingDailyBudget: 100);
        var state = new SimulatedEnvironment(LearningAgentHarness.Small).Reset().States[0] with { CurrentBudget = 190 };

        Assert.Equal((200.0 / 190) - 1, BudgetMoves.Adjustment(state, adSet, 0.19, ActionLimits.Default), 12);
        Assert.Equal(0, BudgetMoves.Adjustment(state with { CurrentBudget = 200 }, adSet, 0.19, ActionLimits.Default));
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
}
