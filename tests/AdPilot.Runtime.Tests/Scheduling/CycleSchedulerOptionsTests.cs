using AdPilot.Runtime.Scheduling;
using Microsoft.Extensions.Configuration;

namespace AdPilot.Runtime.Tests.Scheduling;

public sealed class CycleSchedulerOptionsTests
{
    [Fact]
    public void Bind_SchedulerSection_ReadsEverySetting()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Scheduler:MinutePastHour"] = "7",
            ["Scheduler:WorkerId"] = "worker-3",
            ["Scheduler:ClusterCheckinInterval"] = "00:00:05",
            ["Scheduler:ClusterCheckinMisfireThreshold"] = "00:00:20",
            ["Scheduler:MisfireThreshold"] = "00:02:00",
            ["Scheduler:MaxConcurrency"] = "2",
        }).Build();

        var options = configuration.GetSection(CycleSchedulerOptions.SectionName).Get<CycleSchedulerOptions>()!;

        Assert.Equal((7, "worker-3", 2), (options.MinutePastHour, options.EffectiveWorkerId, options.MaxConcurrency));
        Assert.Equal(
            (TimeSpan.FromSeconds(5), TimeSpan.FromSeconds(20), TimeSpan.FromMinutes(2)),
            (options.ClusterCheckinInterval, options.ClusterCheckinMisfireThreshold, options.MisfireThreshold));
        Assert.Empty(options.Validate());
    }

    [Fact]
    public void EffectiveWorkerId_NotSet_IsTheMachineNameAndProcessId()
    {
        var options = new CycleSchedulerOptions();

        Assert.Equal($"{Environment.MachineName}-{Environment.ProcessId}", options.EffectiveWorkerId);
        Assert.Equal(5, options.MinutePastHour);
    }

    [Theory]
    [InlineData(nameof(CycleSchedulerOptions.MinutePastHour))]
    [InlineData(nameof(CycleSchedulerOptions.ClusterCheckinInterval))]
    [InlineData(nameof(CycleSchedulerOptions.MaxConcurrency))]
    public void Validate_OutOfRange_NamesTheSetting(string setting)
    {
        var options = new CycleSchedulerOptions();
        switch (setting)
        {
            case nameof(CycleSchedulerOptions.MinutePastHour):
                options.MinutePastHour = 60;
                break;
            case nameof(CycleSchedulerOptions.ClusterCheckinInterval):
                options.ClusterCheckinInterval = TimeSpan.Zero;
                break;
            default:
                options.MaxConcurrency = 0;
                break;
        }

        Assert.Contains(options.Validate(), e => e.Contains(setting, StringComparison.Ordinal));
    }
}
