namespace AdPilot.Sandbox.Faults;

/// <summary>What the faults do to one request.</summary>
/// <param name="Latency">The delay before anything else.</param>
/// <param name="Rule">The rule that decides the answer; none when the request is answered normally.</param>
/// <param name="Seed">The seed of the request's own random choices (which batch items fail, how near the limit usage is).</param>
internal sealed record FaultDecision(TimeSpan Latency, FaultRule? Rule, ulong Seed);
