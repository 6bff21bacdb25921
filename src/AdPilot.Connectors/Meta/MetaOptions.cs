using System.ComponentModel.DataAnnotations;

namespace AdPilot.Connectors.Meta;

/// <summary>How to reach Meta's Marketing API. Bound from the <c>Meta</c> configuration section.</summary>
public sealed class MetaOptions
{
    /// <summary>The configuration section these options are bound from.</summary>
    public const string SectionName = "Meta";

    /// <summary>Gets or sets the Graph API host; the sandbox sets its own.</summary>
    /// <value>The default value is <c>https://graph.facebook.com/</c>.</value>
    [Required]
    public Uri BaseUrl { get; set; } = new("https://graph.facebook.com/");

    /// <summary>Gets or sets the Graph API version.</summary>
    /// <value>The default value is <c>v25.0</c>.</value>
    [Required]
    [RegularExpression(@"^v\d+\.\d+$")]
    public string ApiVersion { get; set; } = "v25.0";

    /// <summary>Gets or sets the (long-lived) access token. A secret: never logged.</summary>
    [Required]
    public string AccessToken { get; set; } = "";

    /// <summary>Gets or sets the app secret that signs every call's <c>appsecret_proof</c>. A secret: never logged.</summary>
    [Required]
    public string AppSecret { get; set; } = "";

    /// <summary>Gets or sets the page size of ad set reads.</summary>
    /// <value>The default value is 500.</value>
    [Range(1, 5000)]
    public int PageSize { get; set; } = 500;

    /// <summary>
    /// Gets or sets the page size of insights reads: large, so that an account's hourly pull is a handful of calls (a day
    /// of 1,000 ad sets is 24,000 rows). When Meta answers that a page is too much (code 1 "reduce the amount of data",
    /// or a request timeout 100/1504018, 2/1504038), the pull halves it for the rest of the pull, down to
    /// <see cref="MinInsightsPageSize"/>, and asks for the same page again.
    /// </summary>
    /// <value>The default value is 5000.</value>
    [Range(1, 5000)]
    public int InsightsPageSize { get; set; } = 5000;

    /// <summary>Gets or sets the smallest page size an insights pull shrinks to before it gives up.</summary>
    /// <value>The default value is 100.</value>
    [Range(1, 5000)]
    public int MinInsightsPageSize { get; set; } = 100;

    /// <summary>
    /// Gets or sets the one <c>action_type</c> counted as a purchase. Meta reports one purchase under several types
    /// (<c>purchase</c>, <c>omni_purchase</c>, <c>offsite_conversion.fb_pixel_purchase</c>…): summing them counts it
    /// several times.
    /// </summary>
    /// <value>The default value is <c>omni_purchase</c>.</value>
    [Required]
    public string PurchaseActionType { get; set; } = "omni_purchase";

    /// <summary>
    /// Gets or sets the most requests a second this process sends to Meta, across all its clients (a token bucket
    /// that queues the rest). Meta's own limits are paced on its usage headers (<see cref="MetaPacer"/>); this only stops a runaway loop.
    /// </summary>
    /// <value>The default value is 10.</value>
    [Range(1, 10_000)]
    public int RequestsPerSecond { get; set; } = 10;

    /// <summary>
    /// Gets or sets how many times a read (an insights page, an ad set page, a report-run poll) is retried after Meta
    /// throttled it. Writes are never retried here.
    /// </summary>
    /// <value>The default value is 4 retries.</value>
    [Range(0, 20)]
    public int MaxThrottleRetries { get; set; } = 4;

    /// <summary>
    /// Gets or sets the most one read waits in total across its throttle retries; a wait Meta asks for that would not
    /// fit gives up at once with <see cref="AdPilot.Core.Platforms.PlatformRateLimitedException"/>. It also bounds how
    /// long <see cref="MetaPacer"/> waits for an account's access to come back before a call.
    /// </summary>
    /// <value>The default value is 2 minutes.</value>
    [Range(typeof(TimeSpan), "00:00:00", "01:00:00")]
    public TimeSpan MaxThrottleWait { get; set; } = TimeSpan.FromMinutes(2);

    /// <summary>Gets or sets the first throttle delay when Meta did not say how long to wait; it doubles per retry, with 75–100% jitter.</summary>
    /// <value>The default value is 2 seconds.</value>
    [Range(typeof(TimeSpan), "00:00:00", "00:10:00")]
    public TimeSpan ThrottleBaseDelay { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>
    /// Gets or sets the usage (percent of a limit, the highest of Meta's usage headers) from which calls are paced:
    /// the next call is delayed in proportion to how far usage is past it, up to <see cref="MaxPacingDelay"/> at 95%.
    /// </summary>
    /// <value>The default value is 75 (percent).</value>
    [Range(0.0, 94.0)]
    public double PacingThresholdPercent { get; set; } = 75;

    /// <summary>Gets or sets the delay before the next call when usage is at 95% or more.</summary>
    /// <value>The default value is 5 seconds.</value>
    [Range(typeof(TimeSpan), "00:00:00", "00:10:00")]
    public TimeSpan MaxPacingDelay { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>Gets or sets the delay between polls of an asynchronous insights report run.</summary>
    /// <value>The default value is 5 seconds.</value>
    [Range(typeof(TimeSpan), "00:00:00", "00:10:00")]
    public TimeSpan ReportPollInterval { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>Gets or sets the most a backfill waits for its report run to complete before it gives up.</summary>
    /// <value>The default value is 30 minutes.</value>
    [Range(typeof(TimeSpan), "00:00:00", "1.00:00:00")]
    public TimeSpan MaxReportWait { get; set; } = TimeSpan.FromMinutes(30);
}
