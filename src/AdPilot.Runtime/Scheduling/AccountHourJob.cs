using System.Globalization;
using AdPilot.Core.Domain;
using AdPilot.Core.Platforms;
using Quartz;

namespace AdPilot.Runtime.Scheduling;

/// <summary>
/// The Quartz job of one ad account: each fire runs the account-hour of the trigger's scheduled fire time. Never two fires
/// of one account at once, across the cluster too; a fire whose worker died is recovered by another worker.
/// </summary>
[DisallowConcurrentExecution]
internal sealed class AccountHourJob(AccountHourExecutor executor) : IJob
{
    internal const string StoreIdKey = "storeId";
    internal const string PlatformKey = "platform";
    internal const string AccountIdKey = "accountId";
    internal const string CurrencyKey = "currency";

    private const long MaxUnixMilliseconds = 253_402_300_799_999;

    public async ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken)
    {
        var data = context.JobDetail.JobDataMap;
        var account = new AdAccountRef(
            Enum.Parse<Platform>(Text(data, PlatformKey)),
            Text(data, AccountIdKey),
            Text(data, CurrencyKey));
        var storeId = long.Parse(Text(data, StoreIdKey), CultureInfo.InvariantCulture);
        var work = new AccountHour(storeId, account, HourOf(ScheduledFireTime(context)));
        await executor.RunAsync(work, context.Recovering, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>The UTC hour an instant falls in.</summary>
    internal static DateTimeOffset HourOf(DateTimeOffset instant)
    {
        var utc = instant.ToUniversalTime();
        return new DateTimeOffset(utc.Ticks - (utc.Ticks % TimeSpan.TicksPerHour), TimeSpan.Zero);
    }

    /// <summary>
    /// When the fire was scheduled for, not when it ran: a late, misfired or recovered fire runs the hour it was meant for.
    /// A recovery trigger carries the original trigger's scheduled time in its data; Quartz also schedules it for that time.
    /// </summary>
    internal static DateTimeOffset ScheduledFireTime(IJobExecutionContext context)
    {
        if (context.Recovering
            && context.MergedJobDataMap.TryGetValue(SchedulerConstants.FailedJobOriginalTriggerScheduledFireTime, out var value)
            && Instant(value) is { } original)
        {
            return original;
        }

        return context.ScheduledFireTimeUtc ?? context.FireTimeUtc;
    }

    private static DateTimeOffset? Instant(object? value) => value switch
    {
        DateTimeOffset instant => instant,
        long millis when millis is >= 0 and <= MaxUnixMilliseconds => DateTimeOffset.FromUnixTimeMilliseconds(millis),
        string text when long.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var millis) && millis is >= 0 and <= MaxUnixMilliseconds =>
            DateTimeOffset.FromUnixTimeMilliseconds(millis),
        string text when DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var instant) => instant,
        _ => null,
    };

    private static string Text(JobDataMap data, string key) =>
        data.TryGetValue(key, out var value) && value?.ToString() is { Length: > 0 } text
            ? text
            : throw new InvalidOperationException($"the cycle job's data has no '{key}'");
}
