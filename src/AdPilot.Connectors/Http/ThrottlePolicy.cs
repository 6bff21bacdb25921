namespace AdPilot.Connectors.Http;

/// <summary>How long a read may wait out a platform's throttling before it gives up (a copy of the options).</summary>
/// <param name="MaxRetries">How many times one call is retried after a throttle; 0 never retries.</param>
/// <param name="MaxTotalWait">The most one call waits in total across its retries.</param>
/// <param name="BaseDelay">The first delay when the platform did not say how long to wait; it doubles per retry.</param>
internal readonly record struct ThrottlePolicy(int MaxRetries, TimeSpan MaxTotalWait, TimeSpan BaseDelay);
