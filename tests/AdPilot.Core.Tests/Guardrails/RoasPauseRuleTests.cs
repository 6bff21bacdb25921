using AdPilot.Core.Guardrails;
using static AdPilot.Core.Tests.Guardrails.GuardrailFixture;

namespace AdPilot.Core.Tests.Guardrails;

/// <summary>Every change of the account stops, with an alert, while its ROAS stays under the threshold for N hours (<c>roas_pause</c>).</summary>
public sealed class RoasPauseRuleTests
{
    private static readonly GuardrailOptions Options = Loose with { RoasPauseThreshold = 1.0m, RoasPauseHours = 4 };

    private static GuardrailResult WithRoas(params decimal[] roas) =>
        Evaluate(Options, Input(AdSet("a", 100m, 110m), AdSet("b", 100m, 90m)) with { TrailingHourlyRoas = roas });

    [Fact]
    public void Evaluate_UnderThresholdForNHours_EveryChangeBlockedAndAlertRaised()
    {
        var result = WithRoas(2.0m, 0.9m, 0.5m, 0.1m, 0.99m);

        Assert.All(result.Decisions, d =>
        {
            Assert.Equal(GuardrailVerdict.Block, d.Verdict);
            Assert.Equal([GuardrailReasonCodes.RoasPause], d.Codes());
        });
        var alert = Assert.Single(result.Alerts);
        Assert.Equal(GuardrailReasonCodes.RoasPause, alert.Code);
        Assert.Equal(AccountId, alert.AccountId);
        Assert.Contains("4 hours", alert.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Evaluate_UnderThresholdForOneHourFewer_NotPaused()
    {
        var result = WithRoas(2.0m, 0.5m, 0.1m, 0.99m);

        Assert.All(result.Decisions, d => Assert.Equal(GuardrailVerdict.Allow, d.Verdict));
        Assert.Empty(result.Alerts);
    }

    [Fact]
    public void Evaluate_OneHourExactlyAtThreshold_NotPaused()
    {
        Assert.Empty(WithRoas(0.5m, 0.5m, 1.0m, 0.5m).Alerts);
    }

    [Fact]
    public void Evaluate_RecoveredInTheLastHour_NotPaused()
    {
        Assert.Empty(WithRoas(0.5m, 0.5m, 0.5m, 0.5m, 0.5m, 1.2m).Alerts);
    }

    [Fact]
    public void Evaluate_NoHistory_NotPaused()
    {
        Assert.Empty(WithRoas().Alerts);
    }

    [Fact]
    public void Evaluate_ThresholdZero_NeverPauses()
    {
        var options = Options with { RoasPauseThreshold = 0m };

        var result = Evaluate(options, Input(AdSet("a", 100m, 110m)) with { TrailingHourlyRoas = [0m, 0m, 0m, 0m, 0m] });

        Assert.Empty(result.Alerts);
        Assert.Equal(GuardrailVerdict.Allow, result.Decisions[0].Verdict);
    }
}
