using AdPilot.Core.Domain;
using AdPilot.Core.Guardrails;
using static AdPilot.Core.Tests.Guardrails.GuardrailFixture;

namespace AdPilot.Core.Tests.Guardrails;

/// <summary>What the evaluator does across rules: input checks, decision order, no-op proposals, defaults end to end.</summary>
public sealed class GuardrailEvaluatorTests
{
    [Fact]
    public void Evaluate_ProposalInOtherCurrency_ThrowsNamingIt()
    {
        var adSet = AdSet("a", 100m) with { Proposed = Settings(100m) with { DailyBudget = new Money(110m, "EUR") } };

        var error = Assert.Throws<ArgumentException>(() => Evaluate(Loose, Input(adSet)));

        Assert.Contains("EUR", error.Message, StringComparison.Ordinal);
        Assert.Contains("USD", error.Message, StringComparison.Ordinal);
        Assert.Contains("instagram", error.Message, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public void Evaluate_ApprovalInOtherCurrency_Throws()
    {
        var adSet = AdSet("a", 100m, 110m) with { Approval = new AdSetApproval(new Money(110m, "GBP"), Now.AddHours(1)) };

        Assert.Contains("GBP", Assert.Throws<ArgumentException>(() => Evaluate(Loose, Input(adSet))).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Evaluate_DuplicateAdSet_Throws()
    {
        Assert.Throws<ArgumentException>(() => Evaluate(Loose, Input(AdSet("a", 100m), AdSet("a", 100m))));
    }

    [Fact]
    public void Evaluate_NegativeCurrentBudget_Throws()
    {
        Assert.Throws<ArgumentException>(() => Evaluate(Loose, Input(AdSet("a", -1m))));
    }

    [Fact]
    public void Evaluate_Decisions_OnePerProposalInInputOrder()
    {
        var result = Evaluate(Loose, Input(AdSet("z", 100m, 110m), AdSet("idle", 100m), AdSet("a", 100m, 90m)));

        Assert.Equal([Ref("z"), Ref("a")], result.Decisions.Select(d => d.AdSet));
    }

    [Fact]
    public void Evaluate_NoOpProposal_AllowedWithoutReasonsUnderEveryStop()
    {
        var options = Loose with
        {
            WeeklyFreezeWindows = [new WeeklyFreezeWindow(DayOfWeek.Wednesday, 0, 24)],
            RoasPauseThreshold = 1m,
        };
        var input = Input(AdSet("a", 100m, 100m)) with { TrailingHourlyRoas = [0.1m], Stage = RolloutStage.Pilot };

        var decision = Single(options, input);

        Assert.Equal(GuardrailVerdict.Allow, decision.Verdict);
        Assert.Empty(decision.Reasons);
        Assert.Equal(Settings(100m), decision.Change);
    }

    [Fact]
    public void Evaluate_SeveralStops_EveryReasonListed()
    {
        var options = Loose with
        {
            WeeklyFreezeWindows = [new WeeklyFreezeWindow(DayOfWeek.Wednesday, 0, 24)],
            RoasPauseThreshold = 1m,
        };
        var adSet = AdSet("a", 100m, 110m) with { LastChangeAt = Now.AddMinutes(-10) };
        var input = Input(adSet) with { TrailingHourlyRoas = [0.1m], Stage = RolloutStage.Pilot, KillSwitchEngaged = true };

        var decision = Single(options, input);

        Assert.Equal(
            [GuardrailReasonCodes.KillSwitch, GuardrailReasonCodes.RoasPause, GuardrailReasonCodes.FreezeWindow, GuardrailReasonCodes.Canary, GuardrailReasonCodes.Cooldown],
            decision.Codes());
    }

    [Fact]
    public void Evaluate_MalformedBidStrategy_DroppedRestKept()
    {
        var adSet = AdSet("a", 100m) with { Proposed = Settings(110m) with { BidStrategy = new BidStrategy(BidStrategyKind.CostCap) } };

        var decision = Single(Loose, Input(adSet));

        Assert.Equal(GuardrailVerdict.Clamp, decision.Verdict);
        Assert.Equal(Settings(110m), decision.Change);
        Assert.Equal([GuardrailReasonCodes.InvalidBidStrategy], decision.Codes());
    }

    [Fact]
    public void Evaluate_ProductionDefaults_HugeIncreaseClampedToQuarterAndSentForApproval()
    {
        var decision = Single(GuardrailOptions.Default, Input(AdSet("a", 100m, 10_000m)));

        Assert.Equal(GuardrailVerdict.RequireApproval, decision.Verdict);
        Assert.Equal(125m, decision.Change!.DailyBudget.Amount);
        Assert.Equal([GuardrailReasonCodes.DeltaLimit, GuardrailReasonCodes.ApprovalRequired], decision.Codes());
    }
}
