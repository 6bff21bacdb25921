using AdPilot.Core.Domain;
using AdPilot.Core.Rewards;

namespace AdPilot.Core.Tests.Rewards;

/// <summary>Test data for attribution and rewards.</summary>
internal static class RewardBuilders
{
    public static readonly DateTimeOffset Hour = new(2026, 5, 10, 14, 0, 0, TimeSpan.Zero);
    public static readonly AdSetRef Meta = new(Platform.Instagram, "238001");
    public static readonly AdSetRef TikTok = new(Platform.TikTok, "17001");
    public static readonly CostOfGoods HalfMargin = CostOfGoods.FromMargin(0.5);

    private static int _next;

    public static UtmTag TagFor(AdSetRef adSet) =>
        new(adSet.Platform == Platform.Instagram ? "instagram" : "tiktok", "paid_social", "adpilot", adSet.ExternalId);

    public static ShopOrder Order(
        decimal total, AdSetRef? adSet = null, int hour = 0, decimal? cogs = null, decimal refunded = 0, bool canceled = false, int minute = 10) =>
        new($"#{Interlocked.Increment(ref _next)}", Hour.AddHours(hour).AddMinutes(minute), "USD", total, cogs, refunded, canceled, adSet is { } a ? TagFor(a) : UtmTag.None);

    public static AdSetHourActivity Activity(AdSetRef adSet, decimal spend, int hour = 0, decimal budget = 240m, long? purchases = null) =>
        new(adSet, Hour.AddHours(hour), spend, budget, purchases);
}
