using AdPilot.Core.Guardrails;
using static AdPilot.Core.Tests.Guardrails.GuardrailFixture;

namespace AdPilot.Core.Tests.Guardrails;

/// <summary>No change within the cool-down after the last one (<c>cooldown</c>).</summary>
public sealed class CooldownRuleTests
{
    private static readonly GuardrailOptions Options = Loose with { Cooldown = TimeSpan.FromHours(3) };

    [Fact]
    public void Evaluate_ExactlyAtEndOfCooldown_Allowed()
    {
        var adSet = AdSet("a", 100m, 110m) with { LastChangeAt = Now - TimeSpan.FromHours(3) };

        Assert.Equal(GuardrailVerdict.Allow, Single(Options, Input(adSet)).Verdict);
    }

    [Fact]
    public void Evaluate_JustInsideCooldown_BlockedWithReason()
    {
        var adSet = AdSet("a", 100m, 110m) with { LastChangeAt = Now - TimeSpan.FromHours(3) + TimeSpan.FromSeconds(1) };

        var decision = Single(Options, Input(adSet));

        Assert.Equal(GuardrailVerdict.Block, decision.Verdict);
        Assert.Null(decision.Change);
        var reason = Assert.Single(decision.Reasons);
        Assert.Equal(GuardrailReasonCodes.Cooldown, reason.Code);
        Assert.Contains("3 h", reason.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Evaluate_CutInsideCooldown_AlsoBlocked()
    {
        var adSet = AdSet("a", 100m, 90m) with { LastChangeAt = Now - TimeSpan.FromHours(1) };

        Assert.Equal(GuardrailVerdict.Block, Single(Options, Input(adSet)).Verdict);
    }

    [Fact]
    public void Evaluate_NeverChanged_Allowed()
    {
        Assert.Equal(GuardrailVerdict.Allow, Single(Options, Input(AdSet("a", 100m, 110m))).Verdict);
    }

    [Fact]
    public void Evaluate_NoChangeProposedInsideCooldown_AllowedWithoutReasons()
    {
        var adSet = AdSet("a", 100m, 100m) with { LastChangeAt = Now - TimeSpan.FromMinutes(5) };

        var decision = Single(Options, Input(adSet));

        Assert.Equal(GuardrailVerdict.Allow, decision.Verdict);
        Assert.Empty(decision.Reasons);
    }

    [Fact]
    public void Evaluate_CooldownOfOneAdSet_DoesNotBlockAnother()
    {
        var cooling = AdSet("a", 100m, 110m) with { LastChangeAt = Now - TimeSpan.FromHours(1) };
        var free = AdSet("b", 100m, 110m) with { LastChangeAt = Now - TimeSpan.FromHours(4) };

        var result = Evaluate(Options, Input(cooling, free));

        Assert.Equal(GuardrailVerdict.Block, result.For("a").Verdict);
        Assert.Equal(GuardrailVerdict.Allow, result.For("b").Verdict);
    }
}
