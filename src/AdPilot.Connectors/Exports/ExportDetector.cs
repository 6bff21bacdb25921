namespace AdPilot.Connectors.Exports;

/// <summary>
/// Tells an export's format from its header. Besides the formats a backtest reads, it recognises the public data sets in
/// the repository's data folder and says why they cannot be replayed hour by hour.
/// </summary>
public static class ExportDetector
{
    /// <summary>The Kaggle "Sales Conversion Optimization" file's columns (KAG_conversion_data.csv).</summary>
    private static readonly string[] KaggleColumns = ["ad_id", "xyz_campaign_id", "fb_campaign_id", "Spent", "Total_Conversion"];

    /// <summary>Detects the format.</summary>
    /// <param name="document">The CSV file.</param>
    /// <returns>The format.</returns>
    /// <exception cref="ExportFormatException">The file is a known data set that cannot be backtested, or of no known format.</exception>
    public static ExportFormat Detect(CsvDocument document)
    {
        ArgumentNullException.ThrowIfNull(document);
        var columns = new ExportColumns(document);
        if (KaggleColumns.All(c => columns.Has(c)))
        {
            throw new ExportFormatException(
                document.File,
                1,
                null,
                "this is the Kaggle 'Sales Conversion Optimization' file (KAG_conversion_data.csv): one row per Facebook ad with its totals over "
                + "the whole campaign, no date, no hour and no revenue, so there are no hours to replay and no profit to estimate. It calibrates the "
                + "simulator's spread of ad performance instead ('adpilot calibrate'); for a backtest export hourly rows from Ads Manager");
        }

        if ((columns.Has("DATE") && columns.Has("facebook_S")) || (columns.Has("time") && columns.Has("revenue_per_conversion")))
        {
            throw new ExportFormatException(
                document.File,
                1,
                null,
                "this is a weekly marketing-mix data set (Robyn or Meridian): one row per week and channel, which has no hours to replay; "
                + "a backtest needs hourly ad set rows (Meta Ads Manager or TikTok exports) and the store's orders");
        }

        if (columns.Has("Name") && (columns.Has("Lineitem quantity") || columns.Has("Lineitem name")) && columns.Has("Created at"))
        {
            return ExportFormat.ShopifyOrders;
        }

        if (columns.Has("Ad group ID", "Ad group name", "Adgroup ID", "adgroup_id", "adgroup_name")
            || (columns.Has("Cost") && columns.Has("Clicks (destination)")))
        {
            return ExportFormat.TikTokAdsManager;
        }

        if (document.Header.Any(h => h.StartsWith("Amount spent", StringComparison.OrdinalIgnoreCase))
            || columns.Has("Ad set ID", "Ad set name", "Reporting starts"))
        {
            return ExportFormat.MetaAdsManager;
        }

        throw new ExportFormatException(
            document.File,
            1,
            null,
            "the header matches no known export: expected a Meta Ads Manager report ('Ad set name'/'Ad set ID', 'Amount spent (USD)', "
            + "'Time of day (ad account time zone)'…), a TikTok Ads Manager report ('Ad group ID'/'Ad group name', 'Cost', 'Impressions'…) "
            + $"or Shopify's orders export ('Name', 'Created at', 'Lineitem quantity'…); the header has {ExportColumns.Quoted(document.Header)}");
    }
}
