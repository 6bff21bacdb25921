namespace AdPilot.Runtime.Backtest;

/// <summary>The export files a backtest reads and how to read them.</summary>
public sealed record BacktestFiles
{
    /// <summary>Gets the ad platforms' hourly exports (Meta Ads Manager, TikTok Ads Manager).</summary>
    public required IReadOnlyList<string> Insights { get; init; }

    /// <summary>Gets Shopify's orders exports.</summary>
    public required IReadOnlyList<string> Orders { get; init; }

    /// <summary>Gets the Meta ad account's time zone (Meta exports report hours in it); required with a Meta export.</summary>
    public TimeZoneInfo? MetaZone { get; init; }

    /// <summary>Gets the TikTok advertiser account's time zone; required with a TikTok export.</summary>
    public TimeZoneInfo? TikTokZone { get; init; }

    /// <summary>Gets the store's time zone (the policy's hour of day); the Meta zone, else the TikTok zone, else UTC when null.</summary>
    public TimeZoneInfo? StoreZone { get; init; }

    /// <summary>Gets the cost of goods as a share of revenue, 0 to 1.</summary>
    /// <value>The default value is 0.5 (the store's default 50% gross margin).</value>
    public decimal CogsRate { get; init; } = 0.5m;

    /// <summary>Gets the exchange rates file (columns from,to,rate), or null when every amount must be in the store currency.</summary>
    public string? CurrencyRates { get; init; }

    /// <summary>Gets how orders are tied to ad sets.</summary>
    /// <value>The default value is <see cref="AttributionChoice.Auto"/>.</value>
    public AttributionChoice Attribution { get; init; } = AttributionChoice.Auto;
}
