using System.Globalization;
using Quartz;

namespace AdPilot.Runtime.Scheduling;

/// <summary>
/// What the cycle scheduler also runs when retraining is enabled: each store's retraining once a night, at half past
/// <paramref name="LocalHour"/> in the store's time zone (after that hour's cycles have scored the hour before).
/// </summary>
/// <param name="Runner">Runs a store's night.</param>
/// <param name="Stores">The stores.</param>
/// <param name="LocalHour">The store-local hour, 0 to 23.</param>
public sealed record NightlyRetrainingPlan(IRetrainingRunner Runner, IReadOnlyList<ScheduledRetraining> Stores, int LocalHour)
{
    /// <summary>The minute past <see cref="LocalHour"/> the retraining fires at.</summary>
    public const int MinutePastHour = 30;

    /// <summary>Gets another schedule than the nightly one, for tests.</summary>
    internal Func<ScheduledRetraining, CycleSchedule>? ScheduleOverride { get; init; }

    /// <summary>The schedule of a store's retraining: daily at <see cref="LocalHour"/>:30 in its time zone; a misfired night fires once, late, for its own night.</summary>
    /// <param name="store">The store.</param>
    /// <returns>The schedule.</returns>
    internal CycleSchedule ScheduleFor(ScheduledRetraining store)
    {
        if (ScheduleOverride is { } other)
        {
            return other(store);
        }

        var zone = TimeZoneInfo.FindSystemTimeZoneById(store.TimeZone);
        return new CycleSchedule(
            string.Create(CultureInfo.InvariantCulture, $"daily at {LocalHour:00}:{MinutePastHour:00} {store.TimeZone}"),
            () => CronScheduleBuilder.Create(string.Create(CultureInfo.InvariantCulture, $"0 {MinutePastHour} {LocalHour} * * ?"))
                .InTimeZone(zone)
                .WithMisfireInstruction(CronTriggerMisfireInstruction.FireAndProceed));
    }
}
