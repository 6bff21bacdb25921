namespace AdPilot.Storage.Stores;

/// <summary>A store (the tenant): one Shopify shop and the settings every stage reads.</summary>
public sealed record StoreProfile
{
    /// <summary>Gets the shop's domain, e.g. <c>example.myshopify.com</c>; its natural key.</summary>
    public required string ShopDomain { get; init; }

    /// <summary>Gets the store currency (ISO 4217); every amount stored for the store is in it.</summary>
    public required string Currency { get; init; }

    /// <summary>Gets the store's IANA time zone, e.g. <c>America/New_York</c>.</summary>
    public required string TimeZone { get; init; }

    /// <summary>Gets the gross margin, (price − cost of goods) ÷ price, in (0, 1).</summary>
    public required decimal GrossMargin { get; init; }

    /// <summary>Gets the ROAS the store aims at, or null for none.</summary>
    public decimal? TargetRoas { get; init; }

    /// <summary>Gets the first hour (UTC) the store's data covers; earlier insights are refused.</summary>
    public required DateTimeOffset DataSince { get; init; }
}
