using AdPilot.Core.Domain;
using AdPilot.Core.Guardrails;
using static AdPilot.Core.Tests.Guardrails.GuardrailFixture;

namespace AdPilot.Core.Tests.Guardrails;

/// <summary>At most one creative rotation per ad set per local day (<c>creative_rotation_daily</c>).</summary>
public sealed class CreativeRotationRuleTests
{
    private static readonly GuardrailOptions Options = Loose with { MaxCreativeRotationsPerLocalDay = 1 };

    private static GuardrailDecision Rotate(DateTimeOffset now, decimal proposedBudget = 100m, params DateTimeOffset[] rotations)
    {
        var adSet = AdSet("a", 100m) with
        {
            Proposed = Settings(proposedBudget, creative: CreativeType.Discount),
            RecentCreativeRotations = rotations,
        };
        return Single(Options, Input(adSet) with { Now = now });
    }

    [Fact]
    public void Evaluate_FirstRotationOfTheDay_Allowed()
    {
        var decision = Rotate(Now, rotations: Now.AddDays(-1));

        Assert.Equal(GuardrailVerdict.Allow, decision.Verdict);
        Assert.Equal(CreativeType.Discount, decision.Change!.CreativeType);
    }

    [Fact]
    public void Evaluate_SecondRotationSameLocalDay_Blocked()
    {
        var decision = Rotate(Now, rotations: NewYorkTime(2026, 3, 4, 0, 5));

        Assert.Equal(GuardrailVerdict.Block, decision.Verdict);
        var reason = Assert.Single(decision.Reasons);
        Assert.Equal(GuardrailReasonCodes.CreativeRotationDaily, reason.Code);
        Assert.Contains("2026-03-04", reason.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Evaluate_RotationJustAfterLocalMidnight_AllowedEvenAnHourAfterTheLast()
    {
        var decision = Rotate(NewYorkTime(2026, 3, 5, 0, 30), rotations: NewYorkTime(2026, 3, 4, 23, 30));

        Assert.Equal(GuardrailVerdict.Allow, decision.Verdict);
    }

    [Fact]
    public void Evaluate_MidnightInUtcButNotLocally_StillSameDay()
    {
        // 03:00 and 23:00 UTC on different UTC dates are both 4 March in New York.
        var decision = Rotate(new DateTimeOffset(2026, 3, 5, 3, 0, 0, TimeSpan.Zero), rotations: new DateTimeOffset(2026, 3, 4, 6, 0, 0, TimeSpan.Zero));

        Assert.Equal(GuardrailVerdict.Block, decision.Verdict);
    }

    [Fact]
    public void Evaluate_FallBackDay_RotationsMoreThan24HoursApartOnOneLocalDate_Blocked()
    {
        // 1 November 2026 has 25 hours in New York: 00:10 EDT to 23:50 EST is 24 h 40 min.
        var first = NewYorkTime(2026, 11, 1, 0, 10);
        var now = NewYorkTime(2026, 11, 1, 23, 50);
        Assert.True(now - first > TimeSpan.FromHours(24));

        Assert.Equal(GuardrailVerdict.Block, Rotate(now, rotations: first).Verdict);
    }

    [Fact]
    public void Evaluate_SpringForwardDay_NextLocalDateAfter23Hours_Allowed()
    {
        var first = NewYorkTime(2026, 3, 8, 0, 30);
        var now = NewYorkTime(2026, 3, 9, 0, 0);
        Assert.Equal(TimeSpan.FromHours(22.5), now - first);

        Assert.Equal(GuardrailVerdict.Allow, Rotate(now, rotations: first).Verdict);
    }

    [Fact]
    public void Evaluate_RotationRefusedWithBudgetChange_BudgetKeptAndClamped()
    {
        var decision = Rotate(Now, 110m, Now.AddHours(-1));

        Assert.Equal(GuardrailVerdict.Clamp, decision.Verdict);
        Assert.Equal(110m, decision.Change!.DailyBudget.Amount);
        Assert.Equal(CreativeType.Ugc, decision.Change.CreativeType);
        Assert.Equal([GuardrailReasonCodes.CreativeRotationDaily], decision.Codes());
    }

    [Fact]
    public void Evaluate_TwoRotationsADayConfigured_SecondAllowedThirdBlocked()
    {
        var options = Options with { MaxCreativeRotationsPerLocalDay = 2 };
        GuardrailDecision WithRotations(params DateTimeOffset[] rotations) => Single(options, Input(AdSet("a", 100m) with
        {
            Proposed = Settings(100m, creative: CreativeType.Product),
            RecentCreativeRotations = rotations,
        }));

        Assert.Equal(GuardrailVerdict.Allow, WithRotations(Now.AddHours(-2)).Verdict);
        Assert.Equal(GuardrailVerdict.Block, WithRotations(Now.AddHours(-2), Now.AddHours(-1)).Verdict);
    }
}
