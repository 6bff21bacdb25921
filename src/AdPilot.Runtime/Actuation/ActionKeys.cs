using System.Globalization;
using AdPilot.Core.Domain;
using AdPilot.Core.Platforms;

namespace AdPilot.Runtime.Actuation;

/// <summary>
/// Idempotency keys of the action log: account, ad set, hour and kind, so re-running a cycle finds its entries again
/// instead of writing (and applying) them twice.
/// </summary>
internal static class ActionKeys
{
    public static string Change(AdAccountRef account, AdSetRef adSet, DateTimeOffset hour) =>
        $"{Prefix(account, adSet)}:{Hour(hour)}:change";

    public static string Human(AdAccountRef account, AdSetRef adSet, DateTimeOffset hour, ActionSettings observed) =>
        string.Create(CultureInfo.InvariantCulture, $"{Prefix(account, adSet)}:{Hour(hour)}:human:{observed.DailyBudget:0.00##}:{observed.Status}");

    public static string Restore(AdAccountRef account, AdSetRef adSet, DateTimeOffset engagedAt) =>
        $"{Prefix(account, adSet)}:restore:{engagedAt.ToUniversalTime().ToString("yyyy-MM-ddTHH:mm:ss.fffZ", CultureInfo.InvariantCulture)}";

    public static string Rotation(AdAccountRef account, AdSetRef adSet, DateTimeOffset hour) =>
        $"{Prefix(account, adSet)}:{Hour(hour)}:creatives";

    public static string CreativeRestore(AdAccountRef account, AdSetRef adSet, DateTimeOffset engagedAt) =>
        $"{Prefix(account, adSet)}:creatives-restore:{engagedAt.ToUniversalTime().ToString("yyyy-MM-ddTHH:mm:ss.fffZ", CultureInfo.InvariantCulture)}";

    /// <summary>Whether a key is a creative rotation's or a creative restore's (settled by the rotator, not the budget writer).</summary>
    public static bool IsCreative(string key) =>
        key.EndsWith(":creatives", StringComparison.Ordinal) || key.Contains(":creatives-restore:", StringComparison.Ordinal);

    public static DateTimeOffset HourOf(DateTimeOffset instant)
    {
        var utc = instant.ToUniversalTime();
        return new DateTimeOffset(utc.Year, utc.Month, utc.Day, utc.Hour, 0, 0, TimeSpan.Zero);
    }

    private static string Prefix(AdAccountRef account, AdSetRef adSet) => $"{account.Platform}:{account.AccountId}:{adSet.ExternalId}";

    private static string Hour(DateTimeOffset hour) => HourOf(hour).ToString("yyyy-MM-ddTHH'Z'", CultureInfo.InvariantCulture);
}
