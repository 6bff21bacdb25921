using AdPilot.Runtime.Retraining;

namespace AdPilot.Runtime.Tests.Retraining;

public sealed class RetrainingOptionsTests
{
    [Theory]
    [InlineData(null, "dqn", "dqn")]
    [InlineData("", "rules", "bandit")]
    [InlineData(" qlearning ", "dqn", "qlearning")]
    public void Snapshot_AgentKind_IsTheConfiguredOne_ElseTheLoopsLearningPolicy_ElseBandit(string? configured, string loopPolicy, string expected)
    {
        var settings = new RetrainingOptions { AgentKind = configured, Directory = "retrained" }.Snapshot(loopPolicy);

        Assert.Equal(expected, settings.AgentKind);
        Assert.Equal(Path.GetFullPath("retrained"), settings.Directory);
    }

    [Fact]
    public void Validate_NamesEachBadSettingByItsVariable()
    {
        var ranges = new RetrainingOptions { LocalHour = 24, Episodes = 0, Directory = " " }.Validate();
        var kind = new RetrainingOptions { AgentKind = "ppo" }.Validate();

        Assert.Contains(ranges, e => e.Contains("LocalHour", StringComparison.Ordinal));
        Assert.Contains(ranges, e => e.Contains("Episodes", StringComparison.Ordinal));
        Assert.Contains(ranges, e => e.Contains("Directory", StringComparison.Ordinal));
        Assert.Contains(kind, e => e.Contains("RETRAINING__AGENTKIND", StringComparison.Ordinal) && e.Contains("'ppo'", StringComparison.Ordinal));
        Assert.Empty(new RetrainingOptions().Validate());
    }
}
