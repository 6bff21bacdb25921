using AdPilot.Core.Domain;
using AdPilot.Core.Guardrails;
using static AdPilot.Core.Tests.Guardrails.GuardrailFixture;

namespace AdPilot.Core.Tests.Guardrails;

/// <summary>
/// In pilot only canary ad sets change, only their budgets (<c>rollout_stage</c>), and together they hold at most the
/// canary share of the account's active budget (<c>canary</c>); shadow and expand manage every ad set.
/// </summary>
public sealed class CanaryRuleTests
{
    private static readonly GuardrailOptions Options = Loose with { CanaryShare = 0.10m };

    private static GuardrailInput Account(RolloutStage stage, decimal canaryProposal = 55m, decimal otherProposal = 1_100m) =>
        Input(AdSet("canary", 50m, canaryProposal, canary: true), AdSet("other", 1_000m, otherProposal)) with { Stage = stage };

    [Fact]
    public void Evaluate_PilotNonCanary_BlockedWithCanaryReason()
    {
        var decision = Evaluate(Options, Account(RolloutStage.Pilot)).For("other");

        Assert.Equal(GuardrailVerdict.Block, decision.Verdict);
        var reason = Assert.Single(decision.Reasons);
        Assert.Equal(GuardrailReasonCodes.Canary, reason.Code);
        Assert.Contains("not in the canary set", reason.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Evaluate_PilotCanaryBudgetWithinShare_Allowed()
    {
        Assert.Equal(GuardrailVerdict.Allow, Evaluate(Options, Account(RolloutStage.Pilot)).For("canary").Verdict);
    }

    [Theory]
    [InlineData(RolloutStage.Expand)]
    [InlineData(RolloutStage.Shadow)]
    public void Evaluate_OutsidePilot_NonCanaryManagedAndShareNotApplied(RolloutStage stage)
    {
        var result = Evaluate(Options, Account(stage, canaryProposal: 100m));

        Assert.All(result.Decisions, d => Assert.Equal(GuardrailVerdict.Allow, d.Verdict));
    }

    [Fact]
    public void Evaluate_PilotCanaryExactlyAtShare_Allowed()
    {
        // 10% of the account after the change: C = 0.1 (C + 1000), C = 111.11…; with other at 1,000 and canary 100→111.11.
        var input = Input(AdSet("canary", 100m, 111.11m, canary: true), AdSet("other", 1_000m)) with { Stage = RolloutStage.Pilot };

        Assert.Equal(GuardrailVerdict.Allow, Single(Options, input).Verdict);
    }

    [Fact]
    public void Evaluate_PilotCanaryOverShare_IncreaseCutToShare()
    {
        var input = Input(AdSet("canary", 100m, 150m, canary: true), AdSet("other", 1_000m)) with { Stage = RolloutStage.Pilot };

        var decision = Single(Options, input);

        Assert.Equal(GuardrailVerdict.Clamp, decision.Verdict);
        Assert.Equal(111.11m, decision.Change!.DailyBudget.Amount);
        Assert.True(decision.Change.DailyBudget.Amount <= 0.10m * (decision.Change.DailyBudget.Amount + 1_000m));
        var reason = Assert.Single(decision.Reasons);
        Assert.Equal(GuardrailReasonCodes.Canary, reason.Code);
        Assert.Contains("10%", reason.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Evaluate_PilotCanarySetAlreadyOverShare_CutsStillAllowed()
    {
        var input = Input(
            AdSet("c1", 100m, 90m, canary: true), AdSet("c2", 100m, 101m, canary: true), AdSet("other", 1_000m)) with { Stage = RolloutStage.Pilot };

        var result = Evaluate(Options, input);

        Assert.Equal(GuardrailVerdict.Allow, result.For("c1").Verdict);
        Assert.Equal(GuardrailVerdict.Block, result.For("c2").Verdict);
    }

    [Fact]
    public void Evaluate_PilotCanaryCreativeAndStatusChanges_DroppedBudgetKept()
    {
        var canary = AdSet("canary", 50m, canary: true) with
        {
            Proposed = new AdSetSettings(Usd(55m), BidStrategy.CostCap(12m), CreativeType.Discount, AdSetStatus.Paused),
        };

        var decision = Single(Options, Input(canary, AdSet("other", 1_000m)) with { Stage = RolloutStage.Pilot });

        Assert.Equal(GuardrailVerdict.Clamp, decision.Verdict);
        Assert.Equal(Settings(55m), decision.Change);
        Assert.Equal(3, decision.Reasons.Count);
        Assert.All(decision.Reasons, r => Assert.Equal(GuardrailReasonCodes.RolloutStage, r.Code));
    }

    [Fact]
    public void Evaluate_ExpandCreativeAndBidChanges_Allowed()
    {
        var adSet = AdSet("a", 50m) with
        {
            Proposed = new AdSetSettings(Usd(55m), BidStrategy.CostCap(12m), CreativeType.Discount, AdSetStatus.Active),
        };

        Assert.Equal(GuardrailVerdict.Allow, Single(Options, Input(adSet)).Verdict);
    }
}
