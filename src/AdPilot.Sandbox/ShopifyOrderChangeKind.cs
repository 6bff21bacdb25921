namespace AdPilot.Sandbox;

/// <summary>What happened to an order after it was placed.</summary>
public enum ShopifyOrderChangeKind
{
    /// <summary>Some or all of it was refunded.</summary>
    Refunded = 0,

    /// <summary>It was cancelled (and what was paid refunded).</summary>
    Cancelled = 1,
}
