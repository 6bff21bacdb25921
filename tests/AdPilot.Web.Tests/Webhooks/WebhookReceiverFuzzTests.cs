using System.Net;
using System.Text.Json;
using AdPilot.Storage.Connections;
using AdPilot.Storage.Tests.Infrastructure;
using AdPilot.Storage.Webhooks;
using AdPilot.Tests.Fuzz;
using AdPilot.Web.Tests.Infrastructure;

namespace AdPilot.Web.Tests.Webhooks;

/// <summary>
/// Fuzzes the Shopify webhook receiver on the real application (in-process server, SQLite) and the processor that reads
/// the stored payloads (docs/fuzzing.md). Bodies are mutated order bodies, signed (so the parser is reached) unless the
/// input also mutates the headers: a bad or missing signature, topic, shop or webhook id, a huge or odd header value.
/// A request is accepted (2xx) or rejected with a 4xx whose JSON names the reason, and a rejected one leaves
/// <c>webhook_events</c> and <c>orders</c> as they were. A stored payload is then processed or marked failed with its
/// reason, its payload cleared, and a failed one adds no order.
/// </summary>
public sealed class WebhookReceiverFuzzTests(PostgresCluster cluster)
{
    private static readonly string[] Topics = ["orders/create", "orders/updated", "refunds/create", "ORDERS/CREATE", "orders/delete", "", "app/uninstalled"];

    private static readonly string[] OddHeaderValues =
        ["", " ", "\t", "x", "../../etc", "%00", "%C3%A9", new string('a', 300), new string('z', 9000), "a,b", "null", "-1"];

    [Fact]
    public async Task Receive_FuzzedBodiesAndHeaders_AcceptedOrRejectedWithAReasonAndNothingStoredFromARejection()
    {
        await using var web = await WebHarness.StartAsync(cluster, DatabaseDialect.Sqlite);
        var secret = Webhooks.Secret(web);
        var seeds = new List<byte[]>
        {
            Webhooks.OrderBody(9001, 42.50m, web.World.Currency),
            Webhooks.OrderBody(9002, 0m, web.World.Currency, new DateTimeOffset(2026, 3, 2, 0, 0, 0, TimeSpan.Zero)),
        };
        seeds.AddRange(Directory.GetFiles(Path.Combine(AppContext.BaseDirectory, "Fixtures", "webhook_hmac_vectors"), "*.body").Order(StringComparer.Ordinal).Select(File.ReadAllBytes));
        var sent = 0;
        (long Events, long Orders) before = default;
        var target = new FuzzTarget
        {
            Parser = "Webhook.receiver",
            Corpus = FuzzCorpus.Json(seeds),
            Weight = 2,
            Parse = async (input, ct) =>
            {
                var r = FuzzRng.For(FuzzSettings.Seed, "Webhook.headers", Interlocked.Increment(ref sent));
                var webhookId = "fz-" + sent.ToString(System.Globalization.CultureInfo.InvariantCulture);
                var topic = r.Chance(0.7) ? "orders/create" : r.Pick(Topics);
                string? signature = Webhooks.Sign(input.Bytes, secret);
                var shop = web.Server.ShopDomain;
                string? triggeredAt = Webhooks.TriggeredAt(web, TimeSpan.Zero);
                if (r.Chance(0.25))
                {
                    switch (r.Next(7))
                    {
                        case 0: signature = r.Chance(0.5) ? null : r.Pick(OddHeaderValues); break;
                        case 1: signature = Webhooks.Sign(input.Bytes, "wrong-secret"); break;
                        case 2: topic = r.Chance(0.5) ? null : r.Pick(OddHeaderValues); break;
                        case 3: shop = r.Pick(OddHeaderValues); break;
                        case 4: webhookId = r.Chance(0.3) ? null! : r.Pick(OddHeaderValues); break;
                        case 5: triggeredAt = r.Chance(0.3) ? null : r.Chance(0.5) ? r.Pick(OddHeaderValues) : Webhooks.TriggeredAt(web, TimeSpan.FromHours(r.Chance(0.5) ? -7 : 1)); break;
                        default: shop = shop.ToUpperInvariant(); break;
                    }
                }

                before = (await Webhooks.CountAsync(web, "webhook_events"), await Webhooks.CountAsync(web, "orders"));
                using var request = Webhooks.Delivery(input.Bytes, secret: null, shop, webhookId, topic, chunked: r.Chance(0.2), signature: signature ?? (string?)null, triggeredAt: triggeredAt);
                if (signature is null)
                {
                    request.Headers.Remove("X-Shopify-Hmac-Sha256");
                }

                using var response = await web.Client.SendAsync(request, ct);
                var text = await response.Content.ReadAsStringAsync(ct);
                if ((int)response.StatusCode is >= 200 and < 300)
                {
                    return;
                }

                if ((int)response.StatusCode is >= 400 and < 500)
                {
                    throw new WebhookRejectedException((int)response.StatusCode, ReasonOf(text));
                }

                throw new InvalidOperationException($"HTTP {(int)response.StatusCode}: {text}");
            },
            IsDocumentedError = e => e is WebhookRejectedException,
            AfterRejected = async (_, _) =>
            {
                var after = (await Webhooks.CountAsync(web, "webhook_events"), await Webhooks.CountAsync(web, "orders"));
                Assert.Equal(before, after);
            },
        };

        (await Fuzzer.RunAsync(target)).AssertBothPaths();
    }

    [Fact]
    public async Task Process_FuzzedStoredPayloads_ProcessedOrFailedWithAReasonAndNoOrderFromAFailure()
    {
        await using var web = await WebHarness.StartAsync(cluster, DatabaseDialect.Sqlite);
        var secret = Webhooks.Secret(web);
        var queue = new WebhookQueueStore(web.Db.Database, TimeProvider.System);
        var seeds = new[] { Webhooks.OrderBody(9101, 12.34m, web.World.Currency), Webhooks.OrderBody(9102, 1m, web.World.Currency) };
        var sent = 0;
        var target = new FuzzTarget
        {
            Parser = "Webhook.processor",
            Corpus = FuzzCorpus.Json(seeds),
            Weight = 4,
            Parse = async (input, ct) =>
            {
                var webhookId = "fp-" + Interlocked.Increment(ref sent).ToString(System.Globalization.CultureInfo.InvariantCulture);
                var orders = await Webhooks.CountAsync(web, "orders");
                using var response = await Webhooks.SendAsync(web, Webhooks.Delivery(input.Bytes, secret, web.Server.ShopDomain, webhookId));
                if (response.StatusCode == HttpStatusCode.RequestEntityTooLarge)
                {
                    // Over the size limit: refused before it is stored, so there is no payload to process.
                    Assert.Null(await queue.FindAsync(web.StoreId, webhookId, ct));
                    throw new WebhookRejectedException(413, "the body is over the size limit");
                }

                Assert.Equal(HttpStatusCode.OK, response.StatusCode);
                StoredWebhook? stored = null;
                for (var poll = 0; poll < 2000 && stored?.Status is null or WebhookStatus.Pending; poll++)
                {
                    await Task.Delay(TimeSpan.FromMilliseconds(5), TimeProvider.System, ct);
                    stored = await queue.FindAsync(web.StoreId, webhookId, ct);
                }

                Assert.NotNull(stored);
                Assert.Null(stored.Payload);
                if (stored.Status == WebhookStatus.Failed)
                {
                    Assert.Equal(orders, await Webhooks.CountAsync(web, "orders"));
                    throw new WebhookRejectedException(0, stored.Error ?? "");
                }

                Assert.Equal(WebhookStatus.Processed, stored.Status);
            },
            IsDocumentedError = e => e is WebhookRejectedException,
        };

        (await Fuzzer.RunAsync(target)).AssertBothPaths();
    }

    /// <summary>Found by the 2,000-input campaign (a 9,000-character X-Shopify-Shop-Domain): the 404's reason quoted the whole header.</summary>
    [Fact]
    public async Task Receive_HugeUnknownShopHeader_Answers404WithAShortReasonAndStoresNothing()
    {
        await using var web = await WebHarness.StartAsync(cluster, DatabaseDialect.Sqlite);
        var body = Webhooks.OrderBody(77, 1m, web.World.Currency);

        using var response = await Webhooks.SendAsync(web, Webhooks.Delivery(body, Webhooks.Secret(web), new string('z', 9000), "wh-77"));

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.InRange((await response.Content.ReadAsStringAsync(WebHarness.Ct)).Length, 1, 400);
        Assert.Equal(0, await Webhooks.CountAsync(web, "webhook_events"));
    }

    private static string ReasonOf(string body)
    {
        try
        {
            using var json = JsonDocument.Parse(body);
            return json.RootElement.TryGetProperty("status", out var status) && status.ValueKind == JsonValueKind.String
                ? status.GetString() + (json.RootElement.TryGetProperty("error", out var error) ? ": " + error : "")
                : "";
        }
        catch (JsonException)
        {
            return "";
        }
    }

    /// <summary>A request the receiver refused (a 4xx) or a payload the processor marked failed, with the reason it gave.</summary>
    private sealed class WebhookRejectedException(int status, string reason)
        : Exception(reason.Length == 0 ? "" : $"HTTP {status}: {reason}");
}
