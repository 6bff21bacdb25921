namespace AdPilot.Connectors;

/// <summary>Log event ids of the connectors: the ingestion range (1000s), 1100–1199.</summary>
internal static class LogEventIds
{
    public const int ShopifyThrottled = 1101;
    public const int ShopifyOrdersPageRead = 1102;
    public const int ShopifyBulkBackfillRead = 1103;
    public const int ThrottledRead = 1110;
    public const int MetaPacing = 1111;
    public const int MetaRegainAccessWait = 1112;
    public const int MetaReportRunPolled = 1113;
}
