using AdPilot.Core.Domain;
using AdPilot.Core.Guardrails;
using static AdPilot.Core.Tests.Guardrails.GuardrailFixture;

namespace AdPilot.Core.Tests.Guardrails;

/// <summary>Caps on the sums of active daily budgets per campaign (<c>daily_cap_campaign</c>) and account (<c>daily_cap_account</c>).</summary>
public sealed class SpendCapRuleTests
{
    private static readonly GuardrailOptions Campaign = Loose with { CampaignDailyCap = 300m };
    private static readonly GuardrailOptions Account = Loose with { AccountDailyCap = 300m };

    [Fact]
    public void Evaluate_CampaignTotalExactlyAtCap_Allowed()
    {
        var result = Evaluate(Campaign, Input(AdSet("a", 100m, 150m), AdSet("b", 100m, 150m)));

        Assert.All(result.Decisions, d => Assert.Equal(GuardrailVerdict.Allow, d.Verdict));
    }

    [Fact]
    public void Evaluate_CampaignTotalOverCap_IncreasesScaledByOneFactor()
    {
        // Room 75, requested 50 + 100 = 150: every increase halved.
        var options = Loose with { CampaignDailyCap = 275m };

        var result = Evaluate(options, Input(AdSet("a", 100m, 150m), AdSet("b", 100m, 200m)));

        Assert.Equal(125m, result.For("a").Change!.DailyBudget.Amount);
        Assert.Equal(150m, result.For("b").Change!.DailyBudget.Amount);
        Assert.All(result.Decisions, d =>
        {
            Assert.Equal(GuardrailVerdict.Clamp, d.Verdict);
            var reason = Assert.Single(d.Reasons);
            Assert.Equal(GuardrailReasonCodes.DailyCapCampaign, reason.Code);
            Assert.Contains("campaign c1", reason.Message, StringComparison.Ordinal);
            Assert.Contains("275.00 USD", reason.Message, StringComparison.Ordinal);
            Assert.Contains("50%", reason.Message, StringComparison.Ordinal);
        });
    }

    [Fact]
    public void Evaluate_CutInSameCampaign_MakesRoomForIncrease()
    {
        var result = Evaluate(Campaign, Input(AdSet("a", 150m, 100m), AdSet("b", 150m, 200m)));

        Assert.All(result.Decisions, d => Assert.Equal(GuardrailVerdict.Allow, d.Verdict));
    }

    [Fact]
    public void Evaluate_OtherCampaigns_DoNotShareTheCampaignCap()
    {
        var result = Evaluate(Campaign, Input(AdSet("a", 200m, 300m, campaign: "c1"), AdSet("b", 290m, 290m, campaign: "c2")));

        Assert.Equal(GuardrailVerdict.Allow, result.For("a").Verdict);
    }

    [Fact]
    public void Evaluate_CampaignAlreadyOverCap_CutsAllowedIncreasesBlocked()
    {
        var result = Evaluate(Campaign, Input(AdSet("a", 200m, 150m), AdSet("b", 200m, 210m)));

        Assert.Equal(GuardrailVerdict.Allow, result.For("a").Verdict);
        var raise = result.For("b");
        Assert.Equal(GuardrailVerdict.Block, raise.Verdict);
        Assert.Equal([GuardrailReasonCodes.DailyCapCampaign], raise.Codes());
    }

    [Fact]
    public void Evaluate_AccountTotalOverCap_ScaledAcrossCampaigns()
    {
        var result = Evaluate(Account, Input(AdSet("a", 100m, 200m, campaign: "c1"), AdSet("b", 100m, 200m, campaign: "c2")));

        Assert.Equal(150m, result.For("a").Change!.DailyBudget.Amount);
        Assert.Equal(150m, result.For("b").Change!.DailyBudget.Amount);
        Assert.All(result.Decisions, d => Assert.Equal([GuardrailReasonCodes.DailyCapAccount], d.Codes()));
    }

    [Fact]
    public void Evaluate_AdSetsWithoutProposals_CountTowardsTheTotals()
    {
        var result = Evaluate(Account, Input(AdSet("a", 100m, 150m), AdSet("idle", 180m)));

        Assert.Equal(120m, result.For("a").Change!.DailyBudget.Amount);
        Assert.Single(result.Decisions);
    }

    [Fact]
    public void Evaluate_PausedAdSets_DoNotCountTowardsTheTotals()
    {
        var paused = AdSet("paused", 500m) with { Current = Settings(500m, AdSetStatus.Paused) };

        var result = Evaluate(Account, Input(AdSet("a", 100m, 200m), paused));

        Assert.Equal(GuardrailVerdict.Allow, result.For("a").Verdict);
    }

    [Fact]
    public void Evaluate_ActivationWithoutRoom_StaysPausedWhileBudgetChangeApplies()
    {
        var sleeper = AdSet("s", 100m) with { Current = Settings(100m, AdSetStatus.Paused), Proposed = Settings(110m) };

        var decision = Single(Account, Input(sleeper, AdSet("busy", 250m)));

        Assert.Equal(GuardrailVerdict.Clamp, decision.Verdict);
        Assert.Equal(AdSetStatus.Paused, decision.Change!.Status);
        Assert.Equal(110m, decision.Change.DailyBudget.Amount);
        Assert.Contains("stays paused", Assert.Single(decision.Reasons).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Evaluate_ActivationWithRoom_Allowed()
    {
        var sleeper = AdSet("s", 100m) with { Current = Settings(100m, AdSetStatus.Paused), Proposed = Settings(100m) };

        Assert.Equal(GuardrailVerdict.Allow, Single(Account, Input(sleeper, AdSet("busy", 200m))).Verdict);
    }

    [Fact]
    public void Evaluate_ScaledIncrease_RoundedDownToTheCent()
    {
        // Room 100 over three equal requests: 33.333… each, granted 33.33.
        var result = Evaluate(Account, Input(
            AdSet("a", 50m, 100m, campaign: "x"), AdSet("b", 50m, 100m, campaign: "y"), AdSet("c", 100m, 150m, campaign: "z")));

        Assert.All(result.Decisions, d => Assert.Equal(33.33m, d.Change!.DailyBudget.Amount - (d.AdSet == Ref("c") ? 100m : 50m)));
        Assert.True(result.Decisions.Sum(d => d.Change!.DailyBudget.Amount) <= 300m);
    }

    [Fact]
    public void Evaluate_CampaignAndAccountBothBinding_SmallerFactorWinsAndBothNamed()
    {
        var options = Loose with { CampaignDailyCap = 250m, AccountDailyCap = 260m };

        var result = Evaluate(options, Input(AdSet("a", 100m, 200m, campaign: "c1"), AdSet("b", 100m, 200m, campaign: "c1")));

        // Campaign room 50 of 200 (25%), account room 60 of 200 (30%): 25% wins.
        Assert.All(result.Decisions, d =>
        {
            Assert.Equal(125m, d.Change!.DailyBudget.Amount);
            Assert.Equal([GuardrailReasonCodes.DailyCapAccount, GuardrailReasonCodes.DailyCapCampaign], d.Codes());
        });
    }

    [Fact]
    public void Evaluate_PauseWithRaiseAwaitingApproval_FreesNoRoomForOthers()
    {
        // X's pause would free 200, but it comes with a raise over the approval threshold, so it may never be applied.
        var options = Account with { ApprovalIncreaseShare = 0.2m };
        var x = AdSet("x", 200m) with { Proposed = Settings(300m, AdSetStatus.Paused) };
        var y = AdSet("y", 150m) with { Current = Settings(150m, AdSetStatus.Paused), Proposed = Settings(150m) };

        var result = Evaluate(options, Input(x, y));

        Assert.Equal(GuardrailVerdict.RequireApproval, result.For("x").Verdict);
        Assert.Equal(GuardrailVerdict.Block, result.For("y").Verdict);
        Assert.Equal([GuardrailReasonCodes.DailyCapAccount], result.For("y").Codes());
    }
}
