using System.Runtime.CompilerServices;
using AdPilot.Runtime.Backtest;

namespace AdPilot.Runtime.Tests.Backtest;

/// <summary>The hand-made export fixtures of the connectors' tests (tests/AdPilot.Connectors.Tests/TestData/Exports), found from this source file.</summary>
internal static class BacktestFixtures
{
    public static readonly TimeZoneInfo NewYork = TimeZoneInfo.FindSystemTimeZoneById("America/New_York");
    public static readonly TimeZoneInfo Berlin = TimeZoneInfo.FindSystemTimeZoneById("Europe/Berlin");

    public static string Folder { get; } = Path.GetFullPath(Path.Combine(SourceDirectory(), "..", "..", "AdPilot.Connectors.Tests", "TestData", "Exports"));

    public static string Meta => Path.Combine(Folder, "meta_adsets_hourly.csv");

    public static string TikTok => Path.Combine(Folder, "tiktok_adgroups_hourly.csv");

    public static string Shopify => Path.Combine(Folder, "shopify_orders.csv");

    public static BacktestFiles Files() => new()
    {
        Insights = [Meta, TikTok],
        Orders = [Shopify],
        MetaZone = NewYork,
        TikTokZone = Berlin,
        StoreZone = NewYork,
    };

    private static string SourceDirectory([CallerFilePath] string path = "") => Path.GetDirectoryName(path) ?? ".";
}
