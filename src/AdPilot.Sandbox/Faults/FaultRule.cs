namespace AdPilot.Sandbox.Faults;

/// <summary>
/// One HTTP fault: on each request to <see cref="Endpoint"/> of <see cref="Platform"/>, with <see cref="Probability"/>,
/// the sandbox answers with <see cref="Fault"/> instead of (or on top of) its real answer. Fields that do not apply to
/// the fault kind are null; docs/sandbox-faults.md lists which apply to which.
/// </summary>
public sealed record FaultRule
{
    /// <summary>Gets the platform.</summary>
    /// <value>The default value is <see cref="FaultPlatform.Any"/>.</value>
    public FaultPlatform Platform { get; init; } = FaultPlatform.Any;

    /// <summary>
    /// Gets the endpoint name (<see cref="FaultEndpoints"/>): Meta <c>insights</c>, <c>report_run</c>, <c>report</c>,
    /// <c>account</c>, <c>adsets</c>, <c>adset_update</c>, <c>batch</c>; TikTok <c>report</c>, <c>adgroup_get</c>,
    /// <c>adgroup_update</c>; Shopify <c>graphql</c>; or <c>*</c> for every endpoint of the platform.
    /// </summary>
    /// <value>The default value is <c>*</c>.</value>
    public string Endpoint { get; init; } = FaultEndpoints.All;

    /// <summary>Gets what the rule does.</summary>
    public required FaultKind Fault { get; init; }

    /// <summary>Gets the chance, from 0 to 1, that the rule hits a request it is tried on.</summary>
    public required double Probability { get; init; }

    /// <summary>Gets the delay of a <see cref="FaultKind.Latency"/> fault, in milliseconds.</summary>
    public int? LatencyMs { get; init; }

    /// <summary>
    /// Gets how long the client should wait, in seconds: <c>Retry-After</c> of <see cref="FaultKind.Http429"/> (default 1)
    /// and of <see cref="FaultKind.ServerError"/> (none by default); for <see cref="FaultKind.Throttle"/>, Meta's
    /// <c>estimated_time_to_regain_access</c> (rounded up to minutes, default 60 s) and Shopify's cost numbers (default 1 s).
    /// </summary>
    public int? RetryAfterSeconds { get; init; }

    /// <summary>
    /// Gets the HTTP status of a <see cref="FaultKind.ServerError"/> (500–599, default 500) or of a Shopify
    /// <see cref="FaultKind.Throttle"/> (200 or 429, default 200).
    /// </summary>
    public int? Status { get; init; }

    /// <summary>
    /// Gets the platform error code of a <see cref="FaultKind.Throttle"/> (Meta 4, 17, 613, 80000 or 80004, default 80000 on
    /// insights and 80004 elsewhere; TikTok 40100, 40133 or 40016, default 40100) or of a TikTok
    /// <see cref="FaultKind.ServerError"/> (50000, 50002 or 60001, answered with HTTP 200).
    /// </summary>
    public int? Code { get; init; }

    /// <summary>Gets how long a <see cref="FaultKind.Timeout"/> holds the request before dropping it, in milliseconds (default 300000).</summary>
    public int? HoldMs { get; init; }

    /// <summary>Gets the chance that each item of a batch fails under <see cref="FaultKind.PartialBatch"/> (default 0.5).</summary>
    public double? ItemProbability { get; init; }

    /// <summary>Gets how many times the rule may hit at most; no limit when null.</summary>
    public int? Times { get; init; }
}
