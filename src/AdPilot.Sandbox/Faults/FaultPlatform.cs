namespace AdPilot.Sandbox.Faults;

/// <summary>The platform a <see cref="FaultRule"/> applies to.</summary>
public enum FaultPlatform
{
    /// <summary><c>any</c>: every platform.</summary>
    Any,

    /// <summary><c>meta</c>: the Graph API under <c>/meta/</c>.</summary>
    Meta,

    /// <summary><c>tiktok</c>: the TikTok API under <c>/tiktok/</c>.</summary>
    TikTok,

    /// <summary><c>shopify</c>: the Shopify Admin GraphQL API under <c>/shopify/</c>.</summary>
    Shopify,
}
