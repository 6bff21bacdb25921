using AdPilot.Core.Guardrails;
using static AdPilot.Core.Tests.Guardrails.GuardrailFixture;

namespace AdPilot.Core.Tests.Guardrails;

/// <summary>Increases over a share or an amount wait for a person's approval, which lapses after a set time (<c>approval_required</c>).</summary>
public sealed class ApprovalRuleTests
{
    private static readonly GuardrailOptions Options = Loose with
    {
        ApprovalIncreaseShare = 0.20m,
        ApprovalIncreaseAmount = 250m,
        ApprovalTtl = TimeSpan.FromHours(24),
    };

    [Fact]
    public void Evaluate_IncreaseExactlyAtShare_Allowed()
    {
        Assert.Equal(GuardrailVerdict.Allow, Single(Options, Input(AdSet("a", 100m, 120m))).Verdict);
    }

    [Fact]
    public void Evaluate_IncreaseJustOverShare_RequiresApprovalWithExpiry()
    {
        var decision = Single(Options, Input(AdSet("a", 100m, 120.01m)));

        Assert.Equal(GuardrailVerdict.RequireApproval, decision.Verdict);
        Assert.Equal(120.01m, decision.Change!.DailyBudget.Amount);
        Assert.Equal(Now + TimeSpan.FromHours(24), decision.ApprovalExpiresAt);
        Assert.False(decision.MayApply);
        var reason = Assert.Single(decision.Reasons);
        Assert.Equal(GuardrailReasonCodes.ApprovalRequired, reason.Code);
        Assert.Contains("more than 20%", reason.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Evaluate_IncreaseExactlyAtAmount_Allowed()
    {
        Assert.Equal(GuardrailVerdict.Allow, Single(Options, Input(AdSet("a", 2_000m, 2_250m))).Verdict);
    }

    [Fact]
    public void Evaluate_IncreaseJustOverAmountUnderShare_RequiresApproval()
    {
        var decision = Single(Options, Input(AdSet("a", 2_000m, 2_250.01m)));

        Assert.Equal(GuardrailVerdict.RequireApproval, decision.Verdict);
        Assert.Contains("more than 250.00 USD", decision.Reasons.Single().Message, StringComparison.Ordinal);
        Assert.DoesNotContain("%", decision.Reasons.Single().Message.Split(" is ")[1], StringComparison.Ordinal);
    }

    [Fact]
    public void Evaluate_LargeCut_NeverNeedsApproval()
    {
        Assert.Equal(GuardrailVerdict.Allow, Single(Options, Input(AdSet("a", 2_000m, 100m))).Verdict);
    }

    [Fact]
    public void Evaluate_GrantedApprovalCoveringBudget_Allowed()
    {
        var adSet = AdSet("a", 100m, 150m) with { Approval = new AdSetApproval(Usd(150m), Now.AddHours(1)) };

        var decision = Single(Options, Input(adSet));

        Assert.Equal(GuardrailVerdict.Allow, decision.Verdict);
        Assert.Empty(decision.Reasons);
    }

    [Fact]
    public void Evaluate_ApprovalExpiredExactlyNow_RequiresApprovalAgain()
    {
        var adSet = AdSet("a", 100m, 150m) with { Approval = new AdSetApproval(Usd(150m), Now) };

        var decision = Single(Options, Input(adSet));

        Assert.Equal(GuardrailVerdict.RequireApproval, decision.Verdict);
        Assert.Contains("expired", decision.Reasons.Single().Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Evaluate_ApprovalForSmallerBudget_RequiresApprovalAgain()
    {
        var adSet = AdSet("a", 100m, 150m) with { Approval = new AdSetApproval(Usd(140m), Now.AddHours(1)) };

        Assert.Equal(GuardrailVerdict.RequireApproval, Single(Options, Input(adSet)).Verdict);
    }

    [Fact]
    public void Evaluate_ThresholdJudgedAfterClamps_ClampedIncreaseUnderThresholdNeedsNoApproval()
    {
        var options = Options with { MaxHourlyChange = 0.25m, ApprovalIncreaseShare = 0.30m };

        var decision = Single(options, Input(AdSet("a", 100m, 200m)));

        Assert.Equal(GuardrailVerdict.Clamp, decision.Verdict);
        Assert.Equal(125m, decision.Change!.DailyBudget.Amount);
    }

    [Fact]
    public void Evaluate_ClampedIncreaseStillOverThreshold_RequiresApprovalWithBothReasons()
    {
        var options = Options with { MaxHourlyChange = 0.25m };

        var decision = Single(options, Input(AdSet("a", 100m, 200m)));

        Assert.Equal(GuardrailVerdict.RequireApproval, decision.Verdict);
        Assert.Equal(125m, decision.Change!.DailyBudget.Amount);
        Assert.Equal([GuardrailReasonCodes.DeltaLimit, GuardrailReasonCodes.ApprovalRequired], decision.Codes());
    }

    [Fact]
    public void Evaluate_SmallStepAfterEarlierIncreasesInTheWindow_RequiresApproval()
    {
        // 100 → 119 (applied earlier in the window), now 119 → 141: each step is under 20%, together 41% of 100.
        var decision = Single(Options, Input(AdSet("a", 119m, 141m) with { RecentIncrease = 19m }));

        Assert.Equal(GuardrailVerdict.RequireApproval, decision.Verdict);
        var reason = Assert.Single(decision.Reasons);
        Assert.Contains("increase of 41.00 USD (41%) with AdPilot's increases of 19.00 USD in the last 24 h, from 100.00 USD", reason.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Evaluate_StepWhoseTotalInTheWindowStaysUnderTheShare_Allowed()
    {
        Assert.Equal(GuardrailVerdict.Allow, Single(Options, Input(AdSet("a", 110m, 120m) with { RecentIncrease = 10m })).Verdict);
    }

    [Fact]
    public void Evaluate_SplitIncreaseSummingOverTheAmount_RequiresApproval()
    {
        // 2000 → 2200 earlier, now 2200 → 2300: 5% per step, 300 together is over the 250 amount.
        var decision = Single(Options, Input(AdSet("a", 2_200m, 2_300m) with { RecentIncrease = 200m }));

        Assert.Equal(GuardrailVerdict.RequireApproval, decision.Verdict);
        Assert.Contains("more than 250.00 USD", decision.Reasons.Single().Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Evaluate_CutAfterEarlierIncreases_NeverNeedsApproval()
    {
        Assert.Equal(GuardrailVerdict.Allow, Single(Options, Input(AdSet("a", 141m, 120m) with { RecentIncrease = 41m })).Verdict);
    }
}
