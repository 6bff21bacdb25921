using System.Globalization;
using Quartz;

namespace AdPilot.Runtime.Scheduling;

/// <summary>What the cycle scheduler also runs for token upkeep: each store's token refresh, at start and every <paramref name="EveryHours"/> hours.</summary>
/// <param name="Runner">Looks at a store's tokens.</param>
/// <param name="StoreIds">The stores.</param>
/// <param name="EveryHours">Hours between looks, 1 to 24.</param>
public sealed record TokenRefreshPlan(ITokenRefreshRunner Runner, IReadOnlyList<long> StoreIds, int EveryHours)
{
    /// <summary>The schedule: now, then every <see cref="EveryHours"/> hours; a missed look is skipped for the next one.</summary>
    internal CycleSchedule Schedule() => new(
        string.Create(CultureInfo.InvariantCulture, $"every {EveryHours} hours"),
        () => SimpleScheduleBuilder.Create()
            .WithInterval(TimeSpan.FromHours(EveryHours))
            .RepeatForever()
            .WithMisfireInstruction(SimpleTriggerMisfireInstruction.NextWithRemainingCount));
}
