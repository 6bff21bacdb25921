using Quartz;

namespace AdPilot.Runtime.Scheduling;

/// <summary>
/// When the accounts' triggers fire: hourly in production, every few seconds in tests. <paramref name="Description"/> is
/// stored on the trigger, so a worker starting with another schedule reschedules the jobs and one with the same leaves
/// them alone.
/// </summary>
/// <param name="Description">Says the schedule, e.g. <c>hourly at minute 5 UTC</c>.</param>
/// <param name="Build">Makes the trigger's schedule.</param>
internal sealed record CycleSchedule(string Description, Func<IScheduleBuilder> Build)
{
    /// <summary>Fires at <paramref name="minutePastHour"/> past every UTC hour; a misfired hour fires once, late, for its own hour.</summary>
    public static CycleSchedule Hourly(int minutePastHour) => new(
        $"hourly at minute {minutePastHour} UTC",
        () => CronScheduleBuilder.Create($"0 {minutePastHour} * * * ?")
            .InTimeZone(TimeZoneInfo.Utc)
            .WithMisfireInstruction(CronTriggerMisfireInstruction.FireAndProceed));
}
