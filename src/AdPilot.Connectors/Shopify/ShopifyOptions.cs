using System.ComponentModel.DataAnnotations;

namespace AdPilot.Connectors.Shopify;

/// <summary>How to reach one shop's Admin API. Bound from the <c>Shopify</c> configuration section.</summary>
public sealed class ShopifyOptions
{
    /// <summary>The configuration section these options are bound from.</summary>
    public const string SectionName = "Shopify";

    /// <summary>Gets or sets the shop's domain, e.g. <c>my-store.myshopify.com</c> (<c>SHOPIFY_STORE_DOMAIN</c>).</summary>
    [Required]
    public string ShopDomain { get; set; } = "";

    /// <summary>Gets or sets the Admin API access token (<c>shpat_…</c>, <c>SHOPIFY_ADMIN_TOKEN</c>). A secret: never logged.</summary>
    [Required]
    public string AdminToken { get; set; } = "";

    /// <summary>Gets or sets the app's client secret that signs webhooks. A secret: never logged.</summary>
    public string WebhookSecret { get; set; } = "";

    /// <summary>Gets or sets the Admin API version.</summary>
    /// <value>The default value is <c>2026-01</c>.</value>
    [Required]
    public string ApiVersion { get; set; } = "2026-01";

    /// <summary>
    /// Gets or sets the base URL, for the sandbox; when unset it is <c>https://{ShopDomain}/</c>.
    /// </summary>
    public Uri? BaseUrl { get; set; }

    /// <summary>Gets or sets how many orders one GraphQL page asks for.</summary>
    /// <value>
    /// The default value is 10: with <see cref="LineItemsPerOrder"/> = 10 a page's requested cost stays well under
    /// Shopify's single-query limit (each line item costs several points through its variant and unit cost).
    /// </value>
    [Range(1, 250)]
    public int OrdersPageSize { get; set; } = 10;

    /// <summary>Gets or sets how many line items are read with each order.</summary>
    /// <value>The default value is 10.</value>
    [Range(1, 250)]
    public int LineItemsPerOrder { get; set; } = 10;

    /// <summary>Gets or sets how many refunds are read with each order.</summary>
    /// <value>The default value is 10.</value>
    [Range(1, 250)]
    public int RefundsPerOrder { get; set; } = 10;

    /// <summary>
    /// Gets or sets the most requests a second this process sends to Shopify, across all its clients (a token bucket
    /// that queues the rest). GraphQL is limited by query cost, which the client paces on; this only stops a runaway loop.
    /// </summary>
    /// <value>The default value is 10.</value>
    [Range(1, 10_000)]
    public int RequestsPerSecond { get; set; } = 10;

    /// <summary>Gets or sets how often one page is retried after a <c>THROTTLED</c> answer before the pull fails.</summary>
    /// <value>The default value is 5.</value>
    [Range(0, 20)]
    public int MaxThrottleRetries { get; set; } = 5;

    /// <summary>Gets or sets how long the bulk backfill waits between polls of its operation, in milliseconds.</summary>
    /// <value>The default value is 2000 (2 seconds).</value>
    [Range(10, 600_000)]
    public int BulkPollIntervalMilliseconds { get; set; } = 2000;

    /// <summary>Gets or sets how many times the bulk backfill polls its operation before it gives up.</summary>
    /// <value>The default value is 5400 (3 hours at the default interval).</value>
    [Range(1, 1_000_000)]
    public int MaxBulkPolls { get; set; } = 5400;

    /// <summary>Gets the GraphQL endpoint relative to the base URL.</summary>
    internal string GraphQlPath => $"admin/api/{ApiVersion}/graphql.json";

    /// <summary>Gets the base URL the typed client uses.</summary>
    internal Uri EffectiveBaseUrl => BaseUrl ?? new Uri($"https://{ShopDomain}/");
}
