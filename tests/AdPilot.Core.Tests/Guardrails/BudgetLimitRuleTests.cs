using AdPilot.Core.Domain;
using AdPilot.Core.Guardrails;
using static AdPilot.Core.Tests.Guardrails.GuardrailFixture;

namespace AdPilot.Core.Tests.Guardrails;

/// <summary>Delta per hour (<c>delta_limit</c>), global bounds (<c>min_budget</c>, <c>max_budget</c>) and the ad set cap (<c>daily_cap_adset</c>).</summary>
public sealed class BudgetLimitRuleTests
{
    private static readonly GuardrailOptions Delta = Loose with { MaxHourlyChange = 0.25m, MinDailyBudget = 0m };

    [Theory]
    [InlineData(125.00)]
    [InlineData(75.00)]
    [InlineData(110.00)]
    [InlineData(100.00)]
    public void Evaluate_ChangeWithinHourlyLimit_Allowed(decimal proposed)
    {
        var decision = Single(Delta, Input(AdSet("a", 100m, proposed)));

        Assert.Equal(GuardrailVerdict.Allow, decision.Verdict);
        Assert.Empty(decision.Reasons);
        Assert.Equal(proposed, decision.Change!.DailyBudget.Amount);
    }

    [Theory]
    [InlineData(125.01, 125.00)]
    [InlineData(1_000_000, 125.00)]
    [InlineData(74.99, 75.00)]
    [InlineData(-500, 75.00)]
    [InlineData(0, 75.00)]
    public void Evaluate_ChangeBeyondHourlyLimit_ClampedToLimitWithDeltaReason(decimal proposed, decimal expected)
    {
        var decision = Single(Delta, Input(AdSet("a", 100m, proposed)));

        Assert.Equal(GuardrailVerdict.Clamp, decision.Verdict);
        Assert.Equal(expected, decision.Change!.DailyBudget.Amount);
        var reason = Assert.Single(decision.Reasons);
        Assert.Equal(GuardrailReasonCodes.DeltaLimit, reason.Code);
        Assert.Contains("25%", reason.Message, StringComparison.Ordinal);
        Assert.Contains(expected.ToString("0.00", System.Globalization.CultureInfo.InvariantCulture), reason.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Evaluate_ClampedBudgetBetweenCents_RoundedInwards()
    {
        var up = Single(Delta, Input(AdSet("a", 10.01m, 20m)));
        var down = Single(Delta, Input(AdSet("a", 10.01m, 1m)));

        Assert.Equal(12.51m, up.Change!.DailyBudget.Amount);
        Assert.True(up.Change.DailyBudget.Amount <= 10.01m * 1.25m);
        Assert.Equal(7.51m, down.Change!.DailyBudget.Amount);
        Assert.True(down.Change.DailyBudget.Amount >= 10.01m * 0.75m);
    }

    [Fact]
    public void Evaluate_CutToExactlyMinimum_Allowed()
    {
        var options = Delta with { MinDailyBudget = 80m };

        var decision = Single(options, Input(AdSet("a", 100m, 80m)));

        Assert.Equal(GuardrailVerdict.Allow, decision.Verdict);
    }

    [Fact]
    public void Evaluate_CutBelowMinimum_ClampedToMinimumWithReason()
    {
        var options = Delta with { MinDailyBudget = 80m };

        var decision = Single(options, Input(AdSet("a", 100m, 79.99m)));

        Assert.Equal(GuardrailVerdict.Clamp, decision.Verdict);
        Assert.Equal(80m, decision.Change!.DailyBudget.Amount);
        Assert.Equal([GuardrailReasonCodes.MinBudget], decision.Codes());
    }

    [Fact]
    public void Evaluate_IncreaseToExactlyMaximum_Allowed()
    {
        var options = Delta with { MaxDailyBudget = 120m };

        Assert.Equal(GuardrailVerdict.Allow, Single(options, Input(AdSet("a", 100m, 120m))).Verdict);
    }

    [Fact]
    public void Evaluate_IncreaseOverMaximum_ClampedToMaximumWithReason()
    {
        var options = Delta with { MaxDailyBudget = 120m };

        var decision = Single(options, Input(AdSet("a", 100m, 120.01m)));

        Assert.Equal(120m, decision.Change!.DailyBudget.Amount);
        Assert.Equal([GuardrailReasonCodes.MaxBudget], decision.Codes());
    }

    [Fact]
    public void Evaluate_IncreaseOverAdSetCap_ClampedToCapWithReason()
    {
        var options = Delta with { AdSetDailyCap = 110m, MaxDailyBudget = 500m };

        var atCap = Single(options, Input(AdSet("a", 100m, 110m)));
        var over = Single(options, Input(AdSet("a", 100m, 110.01m)));

        Assert.Equal(GuardrailVerdict.Allow, atCap.Verdict);
        Assert.Equal(GuardrailVerdict.Clamp, over.Verdict);
        Assert.Equal(110m, over.Change!.DailyBudget.Amount);
        Assert.Equal([GuardrailReasonCodes.DailyCapAdSet], over.Codes());
    }

    [Fact]
    public void Evaluate_BudgetAlreadyAboveMaximum_CutAllowedButIncreaseBlocked()
    {
        var options = Delta with { MaxDailyBudget = 50m };

        var cut = Single(options, Input(AdSet("a", 100m, 90m)));
        var raise = Single(options, Input(AdSet("a", 100m, 101m)));

        Assert.Equal(GuardrailVerdict.Allow, cut.Verdict);
        Assert.Equal(GuardrailVerdict.Block, raise.Verdict);
        Assert.Null(raise.Change);
        Assert.Equal([GuardrailReasonCodes.MaxBudget], raise.Codes());
    }

    [Fact]
    public void Evaluate_BudgetBelowMinimum_IncreaseTowardsItAllowedCutBlocked()
    {
        var options = Delta with { MinDailyBudget = 50m };

        var raise = Single(options, Input(AdSet("a", 10m, 12m)));
        var cut = Single(options, Input(AdSet("a", 10m, 9m)));

        Assert.Equal(GuardrailVerdict.Allow, raise.Verdict);
        Assert.Equal(GuardrailVerdict.Block, cut.Verdict);
        Assert.Equal([GuardrailReasonCodes.MinBudget], cut.Codes());
    }

    [Fact]
    public void Evaluate_SeveralBoundsAtTheSameValue_EachNamed()
    {
        var options = Delta with { MaxDailyBudget = 125m, AdSetDailyCap = 125m };

        var decision = Single(options, Input(AdSet("a", 100m, 200m)));

        Assert.Equal(125m, decision.Change!.DailyBudget.Amount);
        Assert.Equal(
            [GuardrailReasonCodes.DeltaLimit, GuardrailReasonCodes.MaxBudget, GuardrailReasonCodes.DailyCapAdSet],
            decision.Codes());
    }

    [Fact]
    public void Evaluate_ActivationWithBudgetOverAdSetCap_StaysPausedBudgetCutApplies()
    {
        var options = Delta with { AdSetDailyCap = 100m };
        var adSet = AdSet("a", 200m) with { Current = Settings(200m, AdSetStatus.Paused), Proposed = Settings(160m) };

        var decision = Single(options, Input(adSet));

        Assert.Equal(GuardrailVerdict.Clamp, decision.Verdict);
        Assert.Equal(Settings(160m, AdSetStatus.Paused), decision.Change);
        Assert.Equal([GuardrailReasonCodes.DailyCapAdSet], decision.Codes());
    }

    [Fact]
    public void Evaluate_ActivationWithBudgetAtAdSetCap_Allowed()
    {
        var options = Delta with { AdSetDailyCap = 100m };
        var adSet = AdSet("a", 100m) with { Current = Settings(100m, AdSetStatus.Paused), Proposed = Settings(100m) };

        Assert.Equal(GuardrailVerdict.Allow, Single(options, Input(adSet)).Verdict);
    }

    [Fact]
    public void Evaluate_TikTokCutBelowItsPlatformMinimum_StopsThereWithMinBudgetReason()
    {
        var options = Delta with { MinDailyBudget = 5m, PlatformMinDailyBudgets = new Dictionary<Platform, decimal> { [Platform.TikTok] = 20m } };
        var tikTok = AdSet("a", 22m, 16.5m) with { AdSet = new AdSetRef(Platform.TikTok, "a") };
        var instagram = AdSet("b", 22m, 16.5m) with { AdSet = new AdSetRef(Platform.Instagram, "b") };

        var result = new GuardrailEvaluator(options).Evaluate(Input(tikTok, instagram));

        var cut = result.Decisions.Single(d => d.AdSet.Platform == Platform.TikTok);
        Assert.Equal(GuardrailVerdict.Clamp, cut.Verdict);
        Assert.Equal(20m, cut.Change!.DailyBudget.Amount);
        Assert.Contains("TikTok", Assert.Single(cut.Reasons, r => r.Code == GuardrailReasonCodes.MinBudget).Message, StringComparison.Ordinal);
        Assert.Equal(16.5m, result.Decisions.Single(d => d.AdSet.Platform == Platform.Instagram).Change!.DailyBudget.Amount);
    }

    [Fact]
    public void Validate_NegativePlatformMinimum_NamesIt()
    {
        var errors = (Delta with { PlatformMinDailyBudgets = new Dictionary<Platform, decimal> { [Platform.TikTok] = -1m } }).Validate();

        Assert.Contains(errors, e => e.Name == "PlatformMinDailyBudgets:TikTok");
    }
}
