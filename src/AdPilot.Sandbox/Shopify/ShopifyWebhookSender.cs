using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using System.Threading.Channels;
using AdPilot.Core.Domain;
using AdPilot.Sandbox.Faults;
using Microsoft.Extensions.Hosting;

namespace AdPilot.Sandbox.Shopify;

/// <summary>
/// Delivers an <c>orders/create</c> webhook for every order the world places (api-reference §3.6): the REST order as
/// the body, signed with base64 HMAC-SHA256 of the raw bytes under the webhook secret, with Shopify's headers. A delivery
/// that fails (no 2xx) is tried again after 1, 2 and 4 seconds of server time, then dropped; Shopify's real schedule
/// (8 tries over 4 hours) is not emulated yet. Deliveries leave in order of placement, one at a time.
/// </summary>
internal sealed class ShopifyWebhookSender(
    IHttpClientFactory clients, SandboxWorld world, SandboxCredentials credentials, Uri target, TimeProvider time, WebhookFaults faults) : BackgroundService
{
    public const string ClientName = "shopify-webhooks";
    public const string ApiVersion = "2026-01";
    private const int Attempts = 4;

    private readonly Channel<ShopifyOrder> _queue = Channel.CreateUnbounded<ShopifyOrder>(new UnboundedChannelOptions { SingleReader = true });
    private int _failed;

    /// <summary>Gets how deliveries misbehave on purpose.</summary>
    public WebhookFaults Faults { get; } = faults;

    /// <summary>Gets how many deliveries were dropped after every attempt failed.</summary>
    public int Failed => Volatile.Read(ref _failed);

    /// <summary>Signs a body as Shopify does: base64 of HMAC-SHA256 keyed with the secret over the raw bytes.</summary>
    public static string Sign(byte[] body, string secret) =>
        Convert.ToBase64String(HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), body));

    public override Task StartAsync(CancellationToken cancellationToken)
    {
        world.OrdersPlaced += Enqueue;
        return base.StartAsync(cancellationToken);
    }

    public override Task StopAsync(CancellationToken cancellationToken)
    {
        world.OrdersPlaced -= Enqueue;
        return base.StopAsync(cancellationToken);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var client = clients.CreateClient(ClientName);
        await foreach (var order in _queue.Reader.ReadAllAsync(stoppingToken).ConfigureAwait(false))
        {
            var body = Encoding.UTF8.GetBytes(RestOrder(order).ToJsonString());
            var webhookId = Guid.NewGuid().ToString();
            var eventId = Guid.NewGuid().ToString();
            var delivered = false;
            for (var attempt = 0; attempt < Attempts && !delivered; attempt++)
            {
                if (attempt > 0)
                {
                    await Task.Delay(TimeSpan.FromSeconds(1 << (attempt - 1)), time, stoppingToken).ConfigureAwait(false);
                }

                delivered = await TrySendAsync(client, body, webhookId, eventId, order, stoppingToken).ConfigureAwait(false);
            }

            if (!delivered)
            {
                Interlocked.Increment(ref _failed);
            }
        }
    }

    private async Task<bool> TrySendAsync(HttpClient client, byte[] body, string webhookId, string eventId, ShopifyOrder order, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, target) { Content = new ByteArrayContent(body) };
        request.Content.Headers.ContentType = new("application/json");
        request.Headers.Add("X-Shopify-Hmac-Sha256", Sign(body, credentials.ShopifyWebhookSecret));
        request.Headers.Add("X-Shopify-Topic", "orders/create");
        request.Headers.Add("X-Shopify-Shop-Domain", world.Scenario.Store.Domain);
        request.Headers.Add("X-Shopify-API-Version", ApiVersion);
        request.Headers.Add("X-Shopify-Webhook-Id", webhookId);
        request.Headers.Add("X-Shopify-Event-Id", eventId);
        request.Headers.Add("X-Shopify-Triggered-At", order.CreatedAtUtc.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture));
        try
        {
            using var response = await client.SendAsync(request, cancellationToken).ConfigureAwait(false);
            return response.IsSuccessStatusCode;
        }
        catch (HttpRequestException)
        {
            return false;
        }
        catch (TaskCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return false; // the client's timeout, not a stop
        }
    }

    private void Enqueue(IReadOnlyList<ShopifyOrder> orders)
    {
        foreach (var order in orders)
        {
            _queue.Writer.TryWrite(order);
        }
    }

    /// <summary>The REST order resource a webhook carries: ids, times with the store's offset, money as strings, the landing site's UTM.</summary>
    private JsonObject RestOrder(ShopifyOrder order)
    {
        var created = TimeZoneInfo.ConvertTime(order.CreatedAtUtc, world.TimeZone).ToString("yyyy-MM-dd'T'HH:mm:sszzz", CultureInfo.InvariantCulture);
        var total = order.Total.Amount.ToString("0.00", CultureInfo.InvariantCulture);
        string? landing = null;
        string? referrer = null;
        if (order.UtmAdSet is { } adSet)
        {
            var source = adSet.Platform == Platform.TikTok ? "tiktok" : "instagram";
            landing = $"/?utm_source={source}&utm_medium=paid_social&utm_campaign=adpilot&utm_content={adSet.ExternalId}";
            referrer = adSet.Platform == Platform.TikTok ? "https://www.tiktok.com/" : "https://l.instagram.com/";
        }

        return new JsonObject
        {
            ["id"] = order.Id,
            ["admin_graphql_api_id"] = order.Gid,
            ["name"] = order.Name,
            ["order_number"] = order.Number,
            ["created_at"] = created,
            ["updated_at"] = created,
            ["processed_at"] = created,
            ["cancelled_at"] = null,
            ["currency"] = order.Total.Currency,
            ["presentment_currency"] = order.Total.Currency,
            ["current_total_price"] = total,
            ["total_price"] = total,
            ["subtotal_price"] = total,
            ["total_discounts"] = "0.00",
            ["total_tax"] = "0.00",
            ["financial_status"] = "paid",
            ["source_name"] = "web",
            ["landing_site"] = landing,
            ["referring_site"] = referrer,
            ["discount_codes"] = new JsonArray(),
            ["test"] = false,
        };
    }
}
