using System.Text.Json.Serialization;

namespace AdPilot.WebhookLoad;

/// <summary>What one load run saw. Latencies are from each request's scheduled send (open loop) or its send (closed loop) to its answer.</summary>
/// <param name="Sent">Requests sent.</param>
/// <param name="Unique">Distinct webhooks among them.</param>
/// <param name="DuplicatesSent">Requests that repeated an earlier webhook.</param>
/// <param name="Stored">Answers <c>stored</c> (redeliveries included).</param>
/// <param name="Duplicates">Answers <c>duplicate</c>.</param>
/// <param name="Errors">Answers other than 200, and requests that got no answer, in the measured run.</param>
/// <param name="Redelivered">Webhooks sent again after the run (as Shopify redelivers) because a delivery was not acknowledged.</param>
/// <param name="Unacknowledged">Webhooks still not acknowledged after five redeliveries.</param>
/// <param name="Seconds">From the first send to the last answer.</param>
/// <param name="Throughput">Answered requests a second.</param>
/// <param name="P50Ms">Median latency.</param>
/// <param name="P95Ms">95th percentile latency.</param>
/// <param name="P99Ms">99th percentile latency.</param>
/// <param name="MaxMs">Largest latency.</param>
/// <param name="FirstOrderId">The first order id sent; the run used ids up to <c>FirstOrderId + Unique - 1</c>.</param>
internal sealed record LoadResult(
    long Sent, long Unique, long DuplicatesSent, long Stored, long Duplicates, long Errors, long Redelivered, long Unacknowledged, double Seconds, double Throughput,
    double P50Ms, double P95Ms, double P99Ms, double MaxMs, long FirstOrderId);

[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase)]
[JsonSerializable(typeof(LoadResult))]
internal sealed partial class LoadJsonContext : JsonSerializerContext;
