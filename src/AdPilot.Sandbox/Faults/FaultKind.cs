namespace AdPilot.Sandbox.Faults;

/// <summary>What a <see cref="FaultRule"/> does to a request it hits (docs/sandbox-faults.md gives what the client sees).</summary>
public enum FaultKind
{
    /// <summary><c>latency</c>: waits <see cref="FaultRule.LatencyMs"/>, then answers normally.</summary>
    Latency,

    /// <summary><c>http_429</c>: HTTP 429 with <c>Retry-After</c>, as a gateway in front of the API answers.</summary>
    Http429,

    /// <summary><c>throttle</c>: the platform's own throttling answer (Meta 4/17/613/80000/80004, TikTok 40100/40133/40016, Shopify THROTTLED).</summary>
    Throttle,

    /// <summary><c>usage_near_limit</c>: the real answer, with Meta's usage headers at 90–99%.</summary>
    UsageNearLimit,

    /// <summary><c>server_error</c>: an HTTP 5xx (or, for TikTok with a <c>code</c>, HTTP 200 with code 50000/50002/60001).</summary>
    ServerError,

    /// <summary><c>timeout</c>: holds the request for <see cref="FaultRule.HoldMs"/>, then drops the connection without answering.</summary>
    Timeout,

    /// <summary><c>malformed_body</c>: runs the request, then answers HTTP 200 with the first half of its JSON body.</summary>
    MalformedBody,

    /// <summary><c>partial_batch</c>: some items of a Meta batch are not executed and answer an error item or <c>null</c>.</summary>
    PartialBatch,

    /// <summary><c>expired_token</c>: the platform's expired-token answer (Meta 190/463, TikTok 40102, Shopify 401).</summary>
    ExpiredToken,
}
