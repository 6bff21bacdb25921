using AdPilot.Core.Agents;
using AdPilot.Core.Domain;
using AdPilot.Runtime.Evidence;

namespace AdPilot.Runtime.Tests.Evidence;

public sealed class LoggedDecisionJsonTests
{
    private static readonly AdEnvironmentState State = new(
        DayOfWeek.Tuesday, 0, 123.456, AgeGroup.Age25To34, Interests.None, CreativeType.Lifestyle, Platform.TikTok, 0.012, 0.034, 0.05, 1.1,
        BidStrategy.CostCap(14.5m), AdSetStatus.Active, 110.25, 260.5, true);

    [Fact]
    public void State_RoundTrips()
    {
        Assert.True(LoggedDecisionJson.TryParseState(LoggedDecisionJson.State(State), out var read));
        Assert.Equal(State, read);
    }

    [Fact]
    public void Proposal_RoundedToTheCent_ReadsBackAsAnEquivalentAction()
    {
        var raise = AdAction.AdjustBudget(State, 0.1);

        var json = LoggedDecisionJson.Proposal(State, raise, "EUR");

        // 123.456 × 1.1 = 135.8016, logged as 135.80: the adjustment read back is 135.80 / 123.456 − 1 = 0.099987.
        Assert.Contains("\"daily_budget\":135.80", json, StringComparison.Ordinal);
        Assert.True(LoggedDecisionJson.TryParseProposal(json, State, out var read));
        Assert.Equal((135.80 / 123.456) - 1, read.BudgetAdjustment, 1e-12);
        Assert.True(ActionEquivalence.Equivalent(raise, read, State.CurrentBudget));
        Assert.Equal(State.BidStrategy, read.BidStrategy);
        Assert.Equal(AdSetStatus.Active, read.Status);
    }

    [Fact]
    public void Proposal_SwitchPauseAndHold_ReadBack()
    {
        var hold = AdAction.Keep(State);
        var pause = hold with { Status = AdSetStatus.Paused };
        var lowest = hold with { BidStrategy = BidStrategy.LowestCost };

        Assert.True(LoggedDecisionJson.TryParseProposal(LoggedDecisionJson.Proposal(State, hold, "EUR"), State, out var h));
        Assert.True(LoggedDecisionJson.TryParseProposal(LoggedDecisionJson.Proposal(State, pause, "EUR"), State, out var p));
        Assert.True(LoggedDecisionJson.TryParseProposal(LoggedDecisionJson.Proposal(State, lowest, "EUR"), State, out var l));

        Assert.Equal(hold, h);
        Assert.Equal(pause, p);
        Assert.Equal(lowest, l);
    }

    [Theory]
    [InlineData("{}")]
    [InlineData("not json")]
    [InlineData("[1,2]")]
    public void TryParse_NotAStateOrProposal_IsFalse(string json)
    {
        Assert.False(LoggedDecisionJson.TryParseState(json, out _));
        Assert.False(LoggedDecisionJson.TryParseProposal(json == "{}" ? """{"status":99}""" : json, State, out _));
    }
}
