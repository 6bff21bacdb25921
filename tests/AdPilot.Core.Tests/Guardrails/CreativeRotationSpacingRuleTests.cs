using AdPilot.Core.Guardrails;

namespace AdPilot.Core.Tests.Guardrails;

public sealed class CreativeRotationSpacingRuleTests
{
    private static readonly DateTimeOffset Now = new(2026, 3, 10, 0, 30, 0, TimeSpan.Zero);

    [Fact]
    public void Check_NoEarlierRotation_Allows() => Assert.Null(CreativeRotationSpacingRule.Check(24, [], Now));

    [Fact]
    public void Check_LastRotationAnHourAgoAcrossMidnight_Refuses()
    {
        var reason = CreativeRotationSpacingRule.Check(24, [Now.AddHours(-30), Now.AddHours(-1)], Now);

        Assert.Equal(GuardrailReasonCodes.CreativeRotationMinHours, reason!.Code);
        Assert.Contains("1 h ago; at most one rotation every 24 h", reason.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(24, 24, true)]
    [InlineData(24, 23.5, false)]
    [InlineData(72, 48, false)]
    [InlineData(72, 72, true)]
    public void Check_ElapsedHours_AllowsFromMinHoursOn(int minHours, double hoursAgo, bool allowed) =>
        Assert.Equal(allowed, CreativeRotationSpacingRule.Check(minHours, [Now.AddHours(-hoursAgo)], Now) is null);
}
