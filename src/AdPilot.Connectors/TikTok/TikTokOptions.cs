using System.ComponentModel.DataAnnotations;

namespace AdPilot.Connectors.TikTok;

/// <summary>How to reach TikTok's API for Business. Bound from the <c>TikTok</c> configuration section.</summary>
public sealed class TikTokOptions
{
    /// <summary>The configuration section these options are bound from.</summary>
    public const string SectionName = "TikTok";

    /// <summary>Gets or sets the API root (without the version); the sandbox sets its own.</summary>
    /// <value>The default value is <c>https://business-api.tiktok.com/open_api/</c>.</value>
    [Required]
    public Uri BaseUrl { get; set; } = new("https://business-api.tiktok.com/open_api/");

    /// <summary>Gets or sets the API version.</summary>
    /// <value>The default value is <c>v1.3</c>.</value>
    [Required]
    [RegularExpression(@"^v\d+\.\d+$")]
    public string ApiVersion { get; set; } = "v1.3";

    /// <summary>Gets or sets the advertiser access token, sent in the <c>Access-Token</c> header. A secret: never logged.</summary>
    [Required]
    public string AccessToken { get; set; } = "";

    /// <summary>Gets or sets the report page size.</summary>
    /// <value>The default value is 1000 (TikTok's maximum).</value>
    [Range(1, 1000)]
    public int PageSize { get; set; } = 1000;

    /// <summary>
    /// Gets or sets the most requests a second this process sends to TikTok, across all its clients (a token bucket
    /// that queues the rest). 10 is the default (Basic) tier's app-wide QPS.
    /// </summary>
    /// <value>The default value is 10.</value>
    [Range(1, 10_000)]
    public int RequestsPerSecond { get; set; } = 10;

    /// <summary>
    /// Gets or sets how many times a read (a report page, an ad group page) is retried after TikTok throttled it
    /// (codes 40016, 40100, 40133). Writes are never retried here.
    /// </summary>
    /// <value>The default value is 4 retries.</value>
    [Range(0, 20)]
    public int MaxThrottleRetries { get; set; } = 4;

    /// <summary>Gets or sets the most one read waits in total across its throttle retries.</summary>
    /// <value>The default value is 1 minute.</value>
    [Range(typeof(TimeSpan), "00:00:00", "01:00:00")]
    public TimeSpan MaxThrottleWait { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>
    /// Gets or sets the first throttle delay when TikTok did not say how long to wait (it never does except for the
    /// per-second 40133); it doubles per retry, with 75–100% jitter.
    /// </summary>
    /// <value>The default value is 1 second.</value>
    [Range(typeof(TimeSpan), "00:00:00", "00:10:00")]
    public TimeSpan ThrottleBaseDelay { get; set; } = TimeSpan.FromSeconds(1);
}
