using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Threading.Channels;
using AdPilot.Core.Simulation;
using AdPilot.Sandbox.Faults;
using Microsoft.Extensions.Hosting;

namespace AdPilot.Sandbox.Shopify;

/// <summary>
/// Delivers Shopify webhooks for what happens in the world (api-reference §3.6): <c>orders/create</c> for every order
/// placed; <c>refunds/create</c> (the REST refund) and then <c>orders/updated</c> (the REST order) for every refund and
/// cancellation. Each body is signed with base64 HMAC-SHA256 of the raw bytes under the webhook secret and sent with
/// Shopify's headers. Deliveries leave one at a time in the order things happened. A failed attempt (no 2xx, or a
/// <see cref="WebhookFaults.FailureProbability"/> roll) is retried with the same body and ids on a compressed form of
/// Shopify's schedule (8 attempts, the waits doubling from <see cref="FirstRetryDelay"/> of server time), then dropped.
/// <see cref="WebhookFaults"/> also sends some deliveries twice (same <c>X-Shopify-Webhook-Id</c> and
/// <c>X-Shopify-Event-Id</c>) and holds some back until the next one has gone. Fault rolls and ids come from streams
/// of the scenario seed, so a run replays the same faults. Retry waits and the hold-back bound run on the server's
/// <see cref="TimeProvider"/>: a fake one that is never advanced holds them indefinitely.
/// </summary>
internal sealed class ShopifyWebhookSender(
    IHttpClientFactory clients, SandboxWorld world, SandboxCredentials credentials, WebhookTarget target, TimeProvider time, WebhookFaults faults) : BackgroundService
{
    public const string ClientName = "shopify-webhooks";
    public const string ApiVersion = "2026-01";

    /// <summary>How many times a delivery is tried before it is dropped (Shopify: 8 over 4 hours).</summary>
    public const int Attempts = 8;

    private const ulong StreamWebhookFaults = 103;
    private const ulong StreamWebhookIds = 104;

    /// <summary>The wait before the first retry; each later wait doubles it.</summary>
    public static readonly TimeSpan FirstRetryDelay = TimeSpan.FromMilliseconds(250);

    /// <summary>How long a held-back delivery waits for a next one to overtake it before it goes anyway.</summary>
    public static readonly TimeSpan HoldTimeout = TimeSpan.FromSeconds(2);

    private readonly Channel<Delivery> _queue = Channel.CreateUnbounded<Delivery>(new UnboundedChannelOptions { SingleReader = true });
    private Rng _faultRolls = Rng.ForStream(world.Scenario.Seed, StreamWebhookFaults);
    private Rng _ids = Rng.ForStream(world.Scenario.Seed, StreamWebhookIds);

    /// <summary>Gets how deliveries misbehave on purpose.</summary>
    public WebhookFaults Faults { get; } = faults ?? WebhookFaults.None;

    /// <summary>Gets how many deliveries were dropped after every attempt failed.</summary>
    public int Failed => target.Dropped;

    /// <summary>Gets how many attempts failed (and were retried or gave up).</summary>
    public int FailedAttempts => target.FailedAttempts;

    /// <summary>Gets how many attempts failed on purpose (<see cref="WebhookFaults.FailureProbability"/>), not because the receiver did not answer 2xx.</summary>
    public int InjectedFailures => target.InjectedFailures;

    /// <summary>Gets how many deliveries were sent a second time on purpose.</summary>
    public int Duplicated => target.Duplicated;

    /// <summary>Gets how many deliveries were held back behind the next one.</summary>
    public int Reordered => target.Reordered;

    /// <summary>Signs a body as Shopify does: base64 of HMAC-SHA256 keyed with the secret over the raw bytes.</summary>
    public static string Sign(byte[] body, string secret) =>
        Convert.ToBase64String(HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), body));

    public override Task StartAsync(CancellationToken cancellationToken)
    {
        world.OrdersPlaced += OnPlaced;
        world.OrdersChanged += OnChanged;
        return base.StartAsync(cancellationToken);
    }

    public override Task StopAsync(CancellationToken cancellationToken)
    {
        world.OrdersPlaced -= OnPlaced;
        world.OrdersChanged -= OnChanged;
        return base.StopAsync(cancellationToken);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var client = clients.CreateClient(ClientName);
        await foreach (var delivery in _queue.Reader.ReadAllAsync(stoppingToken).ConfigureAwait(false))
        {
            if (Roll(Faults.OutOfOrderProbability))
            {
                var next = await NextWithinAsync(HoldTimeout, stoppingToken).ConfigureAwait(false);
                if (next is not null)
                {
                    target.CountReordered();
                    await DeliverAsync(client, next, stoppingToken).ConfigureAwait(false);
                    target.Settled();
                }
            }

            await DeliverAsync(client, delivery, stoppingToken).ConfigureAwait(false);
            target.Settled();
        }
    }

    private async Task<Delivery?> NextWithinAsync(TimeSpan wait, CancellationToken stoppingToken)
    {
        if (_queue.Reader.TryRead(out var ready))
        {
            return ready;
        }

        using var timeout = new CancellationTokenSource(wait, time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken, timeout.Token);
        try
        {
            return await _queue.Reader.ReadAsync(linked.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (!stoppingToken.IsCancellationRequested)
        {
            return null; // nothing came to overtake it
        }
        catch (ChannelClosedException)
        {
            return null;
        }
    }

    private async Task DeliverAsync(HttpClient client, Delivery delivery, CancellationToken stoppingToken)
    {
        for (var attempt = 0; attempt < Attempts; attempt++)
        {
            if (attempt > 0)
            {
                await Task.Delay(FirstRetryDelay * (1 << (attempt - 1)), time, stoppingToken).ConfigureAwait(false);
            }

            var injected = Roll(Faults.FailureProbability);
            if (!injected && await TrySendAsync(client, delivery, stoppingToken).ConfigureAwait(false))
            {
                target.Delivered(delivery.WebhookId);
                if (Roll(Faults.DuplicateProbability))
                {
                    target.CountDuplicated();
                    await TrySendAsync(client, delivery, stoppingToken).ConfigureAwait(false);
                }

                return;
            }

            if (injected)
            {
                target.CountInjectedFailure();
            }

            target.CountFailedAttempt();
        }

        target.GaveUp(delivery.WebhookId);
    }

    private bool Roll(double probability) => probability > 0 && _faultRolls.NextDouble() < probability;

    private async Task<bool> TrySendAsync(HttpClient client, Delivery delivery, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, target.Url) { Content = new ByteArrayContent(delivery.Body) };
        request.Content.Headers.ContentType = new("application/json");
        request.Headers.Add("X-Shopify-Hmac-Sha256", Sign(delivery.Body, credentials.ShopifyWebhookSecret));
        request.Headers.Add("X-Shopify-Topic", delivery.Topic);
        request.Headers.Add("X-Shopify-Shop-Domain", world.Scenario.Store.Domain);
        request.Headers.Add("X-Shopify-API-Version", ApiVersion);
        request.Headers.Add("X-Shopify-Webhook-Id", delivery.WebhookId);
        request.Headers.Add("X-Shopify-Event-Id", delivery.EventId);
        request.Headers.Add("X-Shopify-Triggered-At", delivery.TriggeredAt.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture));
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

    // Both handlers run under the world's lock, one at a time, so the id stream needs no lock of its own.
    private void OnPlaced(IReadOnlyList<ShopifyOrder> orders)
    {
        if (target.Url is null)
        {
            return;
        }

        foreach (var order in orders)
        {
            Enqueue("orders/create", ShopifyRestBodies.Order(order, world.TimeZone).ToJsonString(), order.CreatedAtUtc);
        }
    }

    private void OnChanged(IReadOnlyList<ShopifyOrderChange> changes)
    {
        if (target.Url is null)
        {
            return;
        }

        foreach (var change in changes)
        {
            if (change.Refund is { } refund)
            {
                Enqueue("refunds/create", ShopifyRestBodies.Refund(change.Order, refund, world.TimeZone).ToJsonString(), refund.CreatedAtUtc);
            }

            Enqueue("orders/updated", ShopifyRestBodies.Order(change.Order, world.TimeZone).ToJsonString(), change.Order.UpdatedAtUtc);
        }
    }

    private void Enqueue(string topic, string body, DateTimeOffset triggeredAt)
    {
        var delivery = new Delivery(topic, Encoding.UTF8.GetBytes(body), NextId(), NextId(), triggeredAt);
        target.Queued(delivery.WebhookId, topic);
        if (!_queue.Writer.TryWrite(delivery))
        {
            target.Settled();
        }
    }

    private string NextId()
    {
        Span<byte> bytes = stackalloc byte[16];
        BitConverter.TryWriteBytes(bytes, _ids.NextUInt64());
        BitConverter.TryWriteBytes(bytes[8..], _ids.NextUInt64());
        return new Guid(bytes).ToString();
    }

    private sealed record Delivery(string Topic, byte[] Body, string WebhookId, string EventId, DateTimeOffset TriggeredAt);
}

/// <summary>
/// Where the sandbox delivers webhooks: set at start, or later (<see cref="SandboxServer.DeliverWebhooksTo"/>); none while
/// null. It also keeps the sender's journal: every delivery queued, whether a receiver acknowledged it or it was given
/// up, and the delivery faults injected.
/// </summary>
internal sealed class WebhookTarget
{
    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, SentWebhook> _journal = new(StringComparer.Ordinal);
    private Uri? _url;
    private int _inFlight;
    private int _dropped;
    private int _failedAttempts;
    private int _injectedFailures;
    private int _duplicated;
    private int _reordered;
    private long _queued;

    /// <summary>Gets the deliveries queued or being sent (retries included), not yet delivered or given up.</summary>
    public int InFlight => Volatile.Read(ref _inFlight);

    /// <summary>Gets or sets the receiver's URL.</summary>
    public Uri? Url
    {
        get => Volatile.Read(ref _url);
        set => Volatile.Write(ref _url, value);
    }

    /// <summary>Gets how many deliveries were dropped after every attempt failed.</summary>
    public int Dropped => Volatile.Read(ref _dropped);

    /// <summary>Gets how many attempts failed.</summary>
    public int FailedAttempts => Volatile.Read(ref _failedAttempts);

    /// <summary>Gets how many attempts failed on purpose.</summary>
    public int InjectedFailures => Volatile.Read(ref _injectedFailures);

    /// <summary>Gets how many deliveries were sent a second time on purpose.</summary>
    public int Duplicated => Volatile.Read(ref _duplicated);

    /// <summary>Gets how many deliveries were held back behind the next one.</summary>
    public int Reordered => Volatile.Read(ref _reordered);

    /// <summary>Every delivery queued so far and where it stands.</summary>
    public IReadOnlyList<SentWebhook> Journal() => [.. _journal.Values.OrderBy(w => w.Sequence)];

    /// <summary>Counts a delivery queued.</summary>
    public void Queued(string webhookId, string topic)
    {
        Interlocked.Increment(ref _inFlight);
        _journal[webhookId] = new SentWebhook(webhookId, topic, SentWebhookState.Queued) { Sequence = Interlocked.Increment(ref _queued) };
    }

    /// <summary>Records a delivery a receiver acknowledged (2xx).</summary>
    public void Delivered(string webhookId) => _journal.AddOrUpdate(
        webhookId, id => new SentWebhook(id, "", SentWebhookState.Delivered), (_, w) => w with { State = SentWebhookState.Delivered });

    /// <summary>Records a delivery given up after its last attempt.</summary>
    public void GaveUp(string webhookId)
    {
        Interlocked.Increment(ref _dropped);
        _journal.AddOrUpdate(webhookId, id => new SentWebhook(id, "", SentWebhookState.Dropped), (_, w) => w with { State = SentWebhookState.Dropped });
    }

    /// <summary>Counts a failed attempt.</summary>
    public void CountFailedAttempt() => Interlocked.Increment(ref _failedAttempts);

    /// <summary>Counts an attempt failed on purpose.</summary>
    public void CountInjectedFailure() => Interlocked.Increment(ref _injectedFailures);

    /// <summary>Counts a delivery sent twice on purpose.</summary>
    public void CountDuplicated() => Interlocked.Increment(ref _duplicated);

    /// <summary>Counts a delivery held back behind the next one.</summary>
    public void CountReordered() => Interlocked.Increment(ref _reordered);

    /// <summary>Counts a delivery done: delivered, or given up after its last attempt.</summary>
    public void Settled() => Interlocked.Decrement(ref _inFlight);
}

/// <summary>Where one webhook delivery of the sandbox stands.</summary>
public enum SentWebhookState
{
    /// <summary>Queued or being tried: not yet acknowledged nor given up.</summary>
    Queued,

    /// <summary>A receiver answered 2xx.</summary>
    Delivered,

    /// <summary>Every attempt failed; Shopify gives up.</summary>
    Dropped,
}

/// <summary>One webhook the sandbox sent (or is sending), by its <c>X-Shopify-Webhook-Id</c>.</summary>
/// <param name="WebhookId">The webhook id (the same on every attempt and duplicate).</param>
/// <param name="Topic">The topic, e.g. <c>orders/create</c>.</param>
/// <param name="State">Where it stands.</param>
public sealed record SentWebhook(string WebhookId, string Topic, SentWebhookState State)
{
    /// <summary>Gets its place in the order deliveries were queued.</summary>
    internal long Sequence { get; init; }
}
