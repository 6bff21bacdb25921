using System.Globalization;
using System.Text.Json;
using AdPilot.WebhookLoad;

// Sends signed Shopify webhooks to a receiver and prints one JSON line of results; see LoadOptions for the arguments.
var options = LoadOptions.Parse(args);
var result = await LoadRun.RunAsync(options, CancellationToken.None);
Console.WriteLine(JsonSerializer.Serialize(result, LoadJsonContext.Default.LoadResult));
Console.Error.WriteLine(string.Create(CultureInfo.InvariantCulture, $"sent {result.Sent} ({result.DuplicatesSent} repeats) in {result.Seconds:0.00} s: {result.Throughput:0} /s, p50 {result.P50Ms:0.0} ms, p95 {result.P95Ms:0.0} ms, p99 {result.P99Ms:0.0} ms, errors {result.Errors}"));
return result.Errors == 0 ? 0 : 1;
