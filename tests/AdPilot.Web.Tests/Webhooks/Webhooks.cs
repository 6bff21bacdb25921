using System.Diagnostics.Metrics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Text;
using AdPilot.Storage.Webhooks;
using AdPilot.Web.Tests.Infrastructure;
using Dapper;

namespace AdPilot.Web.Tests.Webhooks;

/// <summary>Builders and probes for the webhook receiver's tests: signed deliveries, order bodies, and what got stored.</summary>
internal static class Webhooks
{
    public static readonly Uri Path = new("webhooks/shopify", UriKind.Relative);

    /// <summary>A REST order body as Shopify sends it, with a buyer's personal data the orders table must never hold.</summary>
    public static byte[] OrderBody(long id, decimal total, string currency = "USD", DateTimeOffset? updatedAt = null)
    {
        var created = new DateTimeOffset(2026, 3, 1, 10, 0, 0, TimeSpan.Zero);
        var updated = updatedAt ?? created;
        return Encoding.UTF8.GetBytes(string.Create(CultureInfo.InvariantCulture, $$$"""
            {"id":{{{id}}},"name":"#{{{id}}}","email":"jane.buyer@example.com","created_at":"{{{created:yyyy-MM-ddTHH:mm:ssZ}}}","updated_at":"{{{updated:yyyy-MM-ddTHH:mm:ssZ}}}",
             "currency":"{{{currency}}}","current_total_price":"{{{total:0.00}}}","test":false,
             "customer":{"first_name":"Jane","last_name":"Buyer","email":"jane.buyer@example.com"},
             "shipping_address":{"name":"Jane Buyer","address1":"1 Main Street","city":"Springfield"}}
            """));
    }

    public static string Sign(byte[] body, string secret) => Convert.ToBase64String(HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), body));

    /// <summary>The value of <c>X-Shopify-Triggered-At</c> that <see cref="SendAsync"/> replaces with the harness clock's now.</summary>
    public const string Now = "now";

    public static HttpRequestMessage Delivery(
        byte[] body,
        string? secret,
        string shop,
        string? webhookId = null,
        string? topic = "orders/create",
        bool chunked = false,
        string? signature = null,
        string? triggeredAt = Now,
        string? eventId = null)
    {
        HttpContent content = chunked ? new StreamContent(new MemoryStream(body)) : new ByteArrayContent(body);
        content.Headers.ContentType = new("application/json");
        var request = new HttpRequestMessage(HttpMethod.Post, Path) { Content = content };
        if (chunked)
        {
            request.Headers.TransferEncodingChunked = true;
        }

        if (signature is not null || secret is not null)
        {
            request.Headers.Add("X-Shopify-Hmac-Sha256", signature ?? Sign(body, secret!));
        }

        if (topic is not null)
        {
            request.Headers.Add("X-Shopify-Topic", topic);
        }

        request.Headers.Add("X-Shopify-Shop-Domain", shop);
        request.Headers.Add("X-Shopify-API-Version", "2026-01");
        if (webhookId is not null)
        {
            request.Headers.Add("X-Shopify-Webhook-Id", webhookId);
        }

        if (triggeredAt is not null)
        {
            request.Headers.Add("X-Shopify-Triggered-At", triggeredAt);
        }

        if (eventId is not null)
        {
            request.Headers.Add("X-Shopify-Event-Id", eventId);
        }

        return request;
    }

    /// <summary>A Triggered-At <paramref name="offset"/> from the harness clock's now, as Shopify writes it (nine fractional digits).</summary>
    public static string TriggeredAt(WebHarness web, TimeSpan offset) =>
        (web.World.Clock.GetUtcNow() + offset).UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fffffff'41Z'", CultureInfo.InvariantCulture);

    public static async Task<HttpResponseMessage> SendAsync(WebHarness web, HttpRequestMessage request)
    {
        using (request)
        {
            if (request.Headers.TryGetValues("X-Shopify-Triggered-At", out var values) && values.Single() == Now)
            {
                request.Headers.Remove("X-Shopify-Triggered-At");
                request.Headers.Add("X-Shopify-Triggered-At", TriggeredAt(web, TimeSpan.Zero));
            }

            return await web.Client.SendAsync(request, WebHarness.Ct);
        }
    }

    public static string Secret(WebHarness web) => web.Settings["Shopify:WebhookSecret"]!;

    public static async Task<long> CountAsync(WebHarness web, string table)
    {
        await using var connection = await web.Db.Database.OpenConnectionAsync(WebHarness.Ct);
        return await connection.ExecuteScalarAsync<long>(new CommandDefinition($"SELECT COUNT(*) FROM {table}", cancellationToken: WebHarness.Ct));
    }

    public static Task<StoredWebhook?> FindAsync(WebHarness web, string webhookId) =>
        new WebhookQueueStore(web.Db.Database, TimeProvider.System).FindAsync(web.StoreId, webhookId, WebHarness.Ct);

    /// <summary>Waits (up to a minute; the processor runs in the background) until <paramref name="done"/> holds, then returns its last value.</summary>
    public static async Task<T> EventuallyAsync<T>(Func<Task<T>> read, Func<T, bool> done)
    {
        var last = await read();
        for (var attempt = 0; attempt < 600 && !done(last); attempt++)
        {
            await Task.Delay(TimeSpan.FromMilliseconds(100), TimeProvider.System, WebHarness.Ct);
            last = await read();
        }

        Assert.True(done(last), $"not reached within a minute; last seen: {last}");
        return last;
    }

    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}

/// <summary>
/// Counts <c>adpilot.webhooks.received</c> by outcome for one web application: its meters come from its own
/// <see cref="IMeterFactory"/> (the meter's scope), so tests running side by side do not count each other's webhooks.
/// </summary>
internal sealed class OutcomeCounter : IDisposable
{
    private readonly MeterListener _listener = new();
    private readonly Dictionary<string, long> _counts = new(StringComparer.Ordinal);

    public OutcomeCounter(WebHarness web)
    {
        var factory = web.Service<IMeterFactory>();
        _listener.InstrumentPublished = (instrument, listener) =>
        {
            if (instrument.Name == "adpilot.webhooks.received" && ReferenceEquals(instrument.Meter.Scope, factory))
            {
                listener.EnableMeasurementEvents(instrument);
            }
        };
        _listener.SetMeasurementEventCallback<long>((_, value, tags, _) =>
        {
            foreach (var tag in tags)
            {
                if (tag.Key == "outcome" && tag.Value is string outcome)
                {
                    lock (_counts)
                    {
                        _counts[outcome] = _counts.GetValueOrDefault(outcome) + value;
                    }
                }
            }
        });
        _listener.Start();
    }

    public long this[string outcome]
    {
        get
        {
            lock (_counts)
            {
                return _counts.GetValueOrDefault(outcome);
            }
        }
    }

    public void Dispose() => _listener.Dispose();
}
