namespace AdPilot.Connectors.Exports;

/// <summary>The export files a backtest reads, told apart by their headers (<see cref="ExportDetector"/>).</summary>
public enum ExportFormat
{
    /// <summary>A Meta Ads Manager report exported as CSV (Reports → Export table data).</summary>
    MetaAdsManager = 0,

    /// <summary>A TikTok Ads Manager custom report exported as CSV.</summary>
    TikTokAdsManager = 1,

    /// <summary>Shopify's orders export (Orders → Export → CSV for Excel, Numbers or other spreadsheet programs).</summary>
    ShopifyOrders = 2,
}
