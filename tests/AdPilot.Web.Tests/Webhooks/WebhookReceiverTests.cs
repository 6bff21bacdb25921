using System.Net;
using System.Text;
using System.Text.Json;
using AdPilot.Runtime.Ingestion;
using AdPilot.Storage.Connections;
using AdPilot.Storage.Tests.Infrastructure;
using AdPilot.Storage.Webhooks;
using AdPilot.Web.Tests.Infrastructure;
using Dapper;
using Microsoft.Extensions.Configuration;

namespace AdPilot.Web.Tests.Webhooks;

public sealed class WebhookReceiverTests(PostgresCluster cluster)
{
    [Theory]
    [InlineData(DatabaseDialect.Sqlite)]
    [InlineData(DatabaseDialect.PostgreSql)]
    public async Task Receive_SignedOrder_AnswersStoredThenTheOrderLandsWithoutPersonalDataAndThePayloadIsCleared(DatabaseDialect dialect)
    {
        await using var web = await WebHarness.StartAsync(cluster, dialect);
        using var outcomes = new OutcomeCounter(web);
        var body = Webhooks.OrderBody(9001, 42.50m, web.World.Currency);

        using var response = await Webhooks.SendAsync(web, Webhooks.Delivery(body, Webhooks.Secret(web), web.Server.ShopDomain, "wh-9001"));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("stored", await StatusOfAsync(response));
        var processed = await Webhooks.EventuallyAsync(() => Webhooks.FindAsync(web, "wh-9001"), w => w?.Status == WebhookStatus.Processed);
        Assert.Null(processed!.Payload);
        Assert.NotNull(processed.ProcessedAt);
        await using var connection = await web.Db.Database.OpenConnectionAsync(WebHarness.Ct);
        var order = await connection.QuerySingleAsync<(string OrderId, string Total)>(
            new CommandDefinition("SELECT order_id, CAST(total AS TEXT) FROM orders WHERE store_id = @StoreId", new { web.StoreId }, cancellationToken: WebHarness.Ct));
        Assert.Equal("9001", order.OrderId);
        Assert.Equal(42.50m, decimal.Parse(order.Total, System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal(0, web.Service<IWebhookQueueStatus>().Depth);
        Assert.Equal(1, outcomes["stored"]);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("wrong-secret")]
    [InlineData("not base64 at all")]
    public async Task Receive_BadOrMissingSignature_Answers401AndStoresNothing(string? signWith)
    {
        await using var web = await WebHarness.StartAsync(cluster, DatabaseDialect.Sqlite);
        var body = Webhooks.OrderBody(1, 10m, web.World.Currency);
        var signature = signWith switch
        {
            null => null,
            "wrong-secret" => Webhooks.Sign(body, "wrong-secret"),
            _ => signWith,
        };
        using var request = Webhooks.Delivery(body, secret: null, web.Server.ShopDomain, "wh-1", signature: signature);

        using var response = await web.Client.SendAsync(request, WebHarness.Ct);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal("bad_signature", await StatusOfAsync(response));
        Assert.Equal(0, await Webhooks.CountAsync(web, "webhook_events"));
        Assert.Equal(0, await Webhooks.CountAsync(web, "orders"));
    }

    [Theory]
    [InlineData(DatabaseDialect.Sqlite)]
    [InlineData(DatabaseDialect.PostgreSql)]
    public async Task Receive_SameWebhookSentAgainAndConcurrently_StoredOnceEveryDeliveryAnswered200(DatabaseDialect dialect)
    {
        await using var web = await WebHarness.StartAsync(cluster, dialect);
        using var outcomes = new OutcomeCounter(web);
        var body = Webhooks.OrderBody(77, 5m, web.World.Currency);

        var answers = await Task.WhenAll(Enumerable.Range(0, 8).Select(async _ =>
        {
            using var response = await Webhooks.SendAsync(web, Webhooks.Delivery(body, Webhooks.Secret(web), web.Server.ShopDomain, "wh-77"));
            return (response.StatusCode, Status: await StatusOfAsync(response));
        }));
        using var later = await Webhooks.SendAsync(web, Webhooks.Delivery(body, Webhooks.Secret(web), web.Server.ShopDomain, "wh-77"));

        Assert.All(answers, a => Assert.Equal(HttpStatusCode.OK, a.StatusCode));
        Assert.Single(answers, a => a.Status == "stored");
        Assert.Equal("duplicate", await StatusOfAsync(later));
        Assert.Equal(1, await Webhooks.CountAsync(web, "webhook_events"));
        await Webhooks.EventuallyAsync(() => Webhooks.FindAsync(web, "wh-77"), w => w?.Status == WebhookStatus.Processed);
        Assert.Equal(1, await Webhooks.CountAsync(web, "orders"));
        Assert.Equal(8, outcomes["duplicate"]);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Receive_BodyOverTheLimit_Answers413AndStoresNothing(bool chunked)
    {
        await using var web = await WebHarness.StartAsync(cluster, DatabaseDialect.Sqlite, new Dictionary<string, string?> { ["Web:MaxWebhookBytes"] = "2048" });
        var body = new byte[64 * 1024];
        Array.Fill(body, (byte)' ');
        Webhooks.OrderBody(5, 1m, web.World.Currency).CopyTo(body, 0);

        using var response = await Webhooks.SendAsync(web, Webhooks.Delivery(body, Webhooks.Secret(web), web.Server.ShopDomain, "wh-big", chunked: chunked));

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        Assert.Equal(0, await Webhooks.CountAsync(web, "webhook_events"));
        using var small = await Webhooks.SendAsync(
            web, Webhooks.Delivery(Webhooks.OrderBody(6, 1m, web.World.Currency), Webhooks.Secret(web), web.Server.ShopDomain, "wh-small", chunked: chunked));
        Assert.Equal(HttpStatusCode.OK, small.StatusCode);
    }

    [Theory]
    [InlineData(null, "orders/create")]
    [InlineData("wh-2", null)]
    public async Task Receive_MissingWebhookIdOrTopic_Answers400AndStoresNothing(string? webhookId, string? topic)
    {
        await using var web = await WebHarness.StartAsync(cluster, DatabaseDialect.Sqlite);
        var body = Webhooks.OrderBody(2, 1m, web.World.Currency);

        using var response = await Webhooks.SendAsync(web, Webhooks.Delivery(body, Webhooks.Secret(web), web.Server.ShopDomain, webhookId, topic));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("bad_request", await StatusOfAsync(response));
        Assert.Equal(0, await Webhooks.CountAsync(web, "webhook_events"));
    }

    [Fact]
    public async Task Receive_HeaderNamesInAnyCase_AreRead()
    {
        await using var web = await WebHarness.StartAsync(cluster, DatabaseDialect.Sqlite);
        var body = Webhooks.OrderBody(3, 1m, web.World.Currency);
        using var request = new HttpRequestMessage(HttpMethod.Post, Webhooks.Path) { Content = new ByteArrayContent(body) };
        request.Headers.Add("x-shopify-hmac-SHA256", Webhooks.Sign(body, Webhooks.Secret(web)));
        request.Headers.Add("X-SHOPIFY-TOPIC", "orders/create");
        request.Headers.Add("x-shopify-shop-domain", web.Server.ShopDomain);
        request.Headers.Add("x-shopify-webhook-id", "wh-case");
        request.Headers.Add("x-SHOPIFY-triggered-at", Webhooks.TriggeredAt(web, TimeSpan.Zero));

        using var response = await web.Client.SendAsync(request, WebHarness.Ct);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.NotNull(await Webhooks.FindAsync(web, "wh-case"));
    }

    [Fact]
    public async Task Receive_UnknownShop_Answers404WithAJsonReasonAndStoresNothing()
    {
        await using var web = await WebHarness.StartAsync(cluster, DatabaseDialect.Sqlite);

        using var response = await Webhooks.SendAsync(
            web, Webhooks.Delivery(Webhooks.OrderBody(4, 1m), Webhooks.Secret(web), "someone-else.myshopify.com", "wh-4"));

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync(WebHarness.Ct));
        Assert.Equal("unknown_shop", json.RootElement.GetProperty("status").GetString());
        Assert.Contains("someone-else.myshopify.com", json.RootElement.GetProperty("error").GetString(), StringComparison.Ordinal);
        Assert.Equal(0, await Webhooks.CountAsync(web, "webhook_events"));
    }

    [Fact]
    public async Task Receive_TopicNotHandled_Answers200RecordedIgnoredWithoutPayloadAndNotQueued()
    {
        await using var web = await WebHarness.StartAsync(cluster, DatabaseDialect.Sqlite);

        using var response = await Webhooks.SendAsync(
            web, Webhooks.Delivery("""{"id":1,"title":"Shirt"}"""u8.ToArray(), Webhooks.Secret(web), web.Server.ShopDomain, "wh-product", "products/update"));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("ignored_topic", await StatusOfAsync(response));
        var stored = await Webhooks.FindAsync(web, "wh-product");
        Assert.Equal(WebhookStatus.Ignored, stored!.Status);
        Assert.Null(stored.Payload);
        Assert.Equal(0, web.Service<IWebhookQueueStatus>().Depth);
    }

    [Theory]
    [InlineData(DatabaseDialect.Sqlite)]
    [InlineData(DatabaseDialect.PostgreSql)]
    public async Task Process_UnreadablePayload_MarkedFailedWithTheReasonPayloadClearedOthersStillProcessed(DatabaseDialect dialect)
    {
        await using var web = await WebHarness.StartAsync(cluster, dialect);
        var poison = """{"id":"not-a-number","name":"#1","email":"jane.buyer@example.com"}"""u8.ToArray();

        using var bad = await Webhooks.SendAsync(web, Webhooks.Delivery(poison, Webhooks.Secret(web), web.Server.ShopDomain, "wh-poison"));
        using var good = await Webhooks.SendAsync(web, Webhooks.Delivery(Webhooks.OrderBody(12, 3m, web.World.Currency), Webhooks.Secret(web), web.Server.ShopDomain, "wh-good"));

        Assert.Equal(HttpStatusCode.OK, bad.StatusCode);
        var failed = await Webhooks.EventuallyAsync(() => Webhooks.FindAsync(web, "wh-poison"), w => w?.Status == WebhookStatus.Failed);
        await Webhooks.EventuallyAsync(() => Webhooks.FindAsync(web, "wh-good"), w => w?.Status == WebhookStatus.Processed);
        Assert.Null(failed!.Payload);
        Assert.False(string.IsNullOrWhiteSpace(failed.Error));
        Assert.DoesNotContain("jane", failed.Error, StringComparison.OrdinalIgnoreCase);
        Assert.Equal(1, await Webhooks.CountAsync(web, "orders"));
    }

    [Theory]
    [InlineData(DatabaseDialect.Sqlite)]
    [InlineData(DatabaseDialect.PostgreSql)]
    public async Task Start_WebhooksStoredButNotProcessed_AreProcessedAtStart(DatabaseDialect dialect)
    {
        await using var web = await WebHarness.StartAsync(cluster, dialect);
        // What a crash between the acknowledgement and the processing leaves: rows stored pending, with their payloads.
        var queue = new WebhookQueueStore(web.Db.Database, web.World.Clock);
        await queue.StoreAsync(
            [
                new IncomingWebhook(web.StoreId, "wh-left-1", "orders/create", Encoding.UTF8.GetString(Webhooks.OrderBody(501, 10m, web.World.Currency)), web.World.Clock.GetUtcNow()),
                new IncomingWebhook(web.StoreId, "wh-left-2", "orders/create", Encoding.UTF8.GetString(Webhooks.OrderBody(502, 20m, web.World.Currency)), web.World.Clock.GetUtcNow()),
            ],
            WebHarness.Ct);

        await using var restarted = AdPilotWebApp.Build(new WebAppSetup
        {
            Configuration = new ConfigurationBuilder().AddInMemoryCollection(web.Settings).Build(),
            Database = web.Db.Database,
            Time = web.World.Clock,
        });
        await restarted.StartAsync(WebHarness.Ct);

        await Webhooks.EventuallyAsync(() => queue.BacklogAsync(WebHarness.Ct), b => b.Depth == 0);
        Assert.Equal(2, await Webhooks.CountAsync(web, "orders"));
        Assert.Null((await Webhooks.FindAsync(web, "wh-left-1"))!.Payload);
        await restarted.StopAsync(WebHarness.Ct);
    }

    [Theory]
    [InlineData("go-shopify-valid")]
    [InlineData("go-shopify-tampered-body")]
    [InlineData("shopify-app-js-valid")]
    [InlineData("shopifysharp-valid")]
    public async Task Receive_PublishedHmacVectors_VerifyAsPublished(string id)
    {
        var vectors = Path.Combine(AppContext.BaseDirectory, "Fixtures", "webhook_hmac_vectors");
        using var document = JsonDocument.Parse(await File.ReadAllTextAsync(Path.Combine(vectors, "vectors.json"), WebHarness.Ct));
        var vector = document.RootElement.GetProperty("vectors").EnumerateArray().Single(v => v.GetProperty("id").GetString() == id);
        var body = await File.ReadAllBytesAsync(Path.Combine(vectors, vector.GetProperty("raw_body_file").GetString()!), WebHarness.Ct);
        await using var web = await WebHarness.StartAsync(
            cluster, DatabaseDialect.Sqlite, new Dictionary<string, string?> { ["Shopify:WebhookSecret"] = vector.GetProperty("secret").GetString() });

        // A topic AdPilot does not process, since the vectors' bodies are not orders: verified, stored as ignored.
        using var response = await Webhooks.SendAsync(
            web,
            Webhooks.Delivery(body, secret: null, web.Server.ShopDomain, "wh-" + id, "shop/update", signature: vector.GetProperty("x_shopify_hmac_sha256").GetString()));

        Assert.Equal(vector.GetProperty("expected_valid").GetBoolean() ? HttpStatusCode.OK : HttpStatusCode.Unauthorized, response.StatusCode);
    }

    private static async Task<string?> StatusOfAsync(HttpResponseMessage response)
    {
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync(WebHarness.Ct));
        return json.RootElement.GetProperty("status").GetString();
    }
}
