namespace AdPilot.Storage.Ingestion;

/// <summary>The level an hourly insight row reports on.</summary>
public enum InsightEntityType
{
    /// <summary>An ad account.</summary>
    Account = 0,

    /// <summary>A campaign.</summary>
    Campaign = 1,

    /// <summary>An ad set (ad group).</summary>
    AdSet = 2,

    /// <summary>An ad.</summary>
    Ad = 3,
}
