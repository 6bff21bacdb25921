using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using System.Threading.Channels;
using AdPilot.Connectors.Shopify;
using AdPilot.Core.Platforms;
using AdPilot.Runtime.Ingestion;
using AdPilot.Runtime.Loop;
using AdPilot.Storage.Ingestion;
using AdPilot.Storage.Stores;
using AdPilot.Storage.Webhooks;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace AdPilot.Web.Webhooks;

/// <summary>
/// Turns stored webhooks into orders, oldest first, a batch at a time: parses each payload (<see cref="ShopifyWebhookParser"/>),
/// upserts the orders (<see cref="ShopifyOrderRecords"/>: no names, emails or addresses), then marks the webhooks
/// processed and clears their payloads in one statement. A payload that cannot be read is marked failed with the reason
/// and never retried; a database failure retries the batch with a growing wait. At start it first queues every webhook
/// stored but not processed (a crash between the acknowledgement and the processing loses nothing). Processing twice
/// is harmless: orders upsert on their source update time, and completing a webhook that is no longer pending does nothing.
/// </summary>
internal sealed partial class WebhookProcessor : BackgroundService
{
    private static readonly TimeSpan FirstRetryDelay = TimeSpan.FromMilliseconds(500);
    private static readonly TimeSpan MaxRetryDelay = TimeSpan.FromSeconds(30);
    private static readonly TimeSpan PublishInterval = TimeSpan.FromSeconds(1);

    // Not SingleReader: the queue status peeks at the head from other threads.
    private readonly Channel<QueuedWebhook> _channel = Channel.CreateUnbounded<QueuedWebhook>();
    private readonly IWebhookQueueStore _store;
    private readonly IIngestionStore _ingestion;
    private readonly WebhookShops _shops;
    private readonly WebhookQueueState _state;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly IFaultPoints _faultPoints;
    private readonly int _batch;
    private readonly int _maxPayloadsInMemory;
    private long _payloadsInMemory;
    private long _oldestInFlightTicks = long.MaxValue;

    public WebhookProcessor(
        IWebhookQueueStore store,
        IIngestionStore ingestion,
        WebhookShops shops,
        WebhookQueueState state,
        WebhookReceiverOptions options,
        TimeProvider time,
        ILogger<WebhookProcessor> logger,
        IFaultPoints? faultPoints = null)
    {
        _faultPoints = faultPoints ?? FaultPoints.None;
        _store = store;
        _ingestion = ingestion;
        _shops = shops;
        _state = state;
        _time = time;
        _logger = logger;
        _batch = options.ProcessBatch;
        _maxPayloadsInMemory = options.MaxPayloadsInMemory;
        state.ReadOldestFrom(Oldest);
    }

    /// <summary>Gets how many webhooks were found stored but not processed at start.</summary>
    public int PendingAtStart { get; private set; }

    /// <summary>Queues a webhook just stored; its payload is dropped (and read back later) when too many are held.</summary>
    public void Enqueue(QueuedWebhook webhook)
    {
        if (webhook.Payload is not null)
        {
            if (Interlocked.Increment(ref _payloadsInMemory) > _maxPayloadsInMemory)
            {
                Interlocked.Decrement(ref _payloadsInMemory);
                webhook = webhook with { Payload = null };
            }
        }

        _channel.Writer.TryWrite(webhook);
    }

    public override async Task StartAsync(CancellationToken cancellationToken)
    {
        // Before the server takes requests (hosted services start first), so the backlog goes ahead of new webhooks.
        var pending = await _store.ListPendingAsync(int.MaxValue, cancellationToken).ConfigureAwait(false);
        foreach (var p in pending)
        {
            _channel.Writer.TryWrite(new QueuedWebhook(p.StoreId, p.WebhookId, p.Topic, p.ReceivedAt, null));
        }

        PendingAtStart = pending.Count;
        if (pending.Count > 0)
        {
            _logger.Backlog(pending.Count);
        }

        _state.Added(pending.Count);
        await base.StartAsync(cancellationToken).ConfigureAwait(false);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var publisher = PublishAsync(stoppingToken);
        var batch = new List<QueuedWebhook>(_batch);
        var reader = _channel.Reader;
        try
        {
            while (await reader.WaitToReadAsync(stoppingToken).ConfigureAwait(false))
            {
                batch.Clear();
                var oldest = long.MaxValue;
                while (batch.Count < _batch && reader.TryRead(out var webhook))
                {
                    batch.Add(webhook);
                    oldest = Math.Min(oldest, webhook.ReceivedAt.UtcTicks);
                    if (webhook.Payload is not null)
                    {
                        Interlocked.Decrement(ref _payloadsInMemory);
                    }
                }

                Interlocked.Exchange(ref _oldestInFlightTicks, oldest);
                await ProcessWithRetriesAsync(batch, stoppingToken).ConfigureAwait(false);
                Interlocked.Exchange(ref _oldestInFlightTicks, long.MaxValue);
                _state.Removed(batch.Count);
            }
        }
        finally
        {
            await publisher.ConfigureAwait(false);
        }
    }

    /// <summary>Why a payload could not be read, without any of its values (a quoted value might be a buyer's).</summary>
    internal static string Reason(Exception exception)
    {
        var reason = QuotedValue().Replace(exception.Message, "\"…\"");
        return reason.Length > WebhookQueueStore.MaxErrorLength ? reason[..WebhookQueueStore.MaxErrorLength] : reason;
    }

    private static bool IsUnreadable(Exception exception) => exception is PlatformResponseException or JsonException or FormatException
        or OverflowException or InvalidOperationException or ArgumentException or KeyNotFoundException or InvalidCastException;

    [GeneratedRegex("\"[^\"]*\"")]
    private static partial Regex QuotedValue();

    private DateTimeOffset? Oldest()
    {
        var inFlight = Interlocked.Read(ref _oldestInFlightTicks);
        if (inFlight != long.MaxValue)
        {
            return new DateTimeOffset(inFlight, TimeSpan.Zero);
        }

        return _channel.Reader.TryPeek(out var next) ? next.ReceivedAt : null;
    }

    private async Task PublishAsync(CancellationToken stoppingToken)
    {
        // The lag grows while nothing happens; the gauge is refreshed on a timer as well as at every batch.
        using var timer = new PeriodicTimer(PublishInterval, _time);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false))
            {
                _state.Publish();
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // stopping
        }
    }

    private async Task ProcessWithRetriesAsync(List<QueuedWebhook> batch, CancellationToken stoppingToken)
    {
        var delay = FirstRetryDelay;
        while (true)
        {
            try
            {
                await ProcessAsync(batch, stoppingToken).ConfigureAwait(false);
                return;
            }
#pragma warning disable CA1031 // a failed batch (the database away) is retried until it goes through or the service stops
            catch (Exception ex) when (!stoppingToken.IsCancellationRequested)
#pragma warning restore CA1031
            {
                _logger.ProcessRetry(batch.Count, delay.TotalSeconds, ex);
                await Task.Delay(delay, _time, stoppingToken).ConfigureAwait(false);
                delay = delay * 2 > MaxRetryDelay ? MaxRetryDelay : delay * 2;
            }
        }
    }

    private async Task ProcessAsync(List<QueuedWebhook> batch, CancellationToken cancellationToken)
    {
        var completions = new List<WebhookCompletion>(batch.Count);
        foreach (var group in batch.GroupBy(w => w.StoreId))
        {
            var store = await _shops.GetAsync(group.Key, cancellationToken).ConfigureAwait(false);
            if (store is null)
            {
                foreach (var webhook in group)
                {
                    _logger.StoreGone(webhook.WebhookId, webhook.StoreId);
                    completions.Add(new WebhookCompletion(webhook.StoreId, webhook.WebhookId, "the store is not in the database"));
                }

                continue;
            }

            await ProcessStoreAsync(store, [.. group], completions, cancellationToken).ConfigureAwait(false);
        }

        await _faultPoints.ReachedAsync(FaultPoint.WebhookProcessing, cancellationToken).ConfigureAwait(false);
        await _store.CompleteAsync(completions, cancellationToken).ConfigureAwait(false);
    }

    private async Task ProcessStoreAsync(StoredStore store, List<QueuedWebhook> webhooks, List<WebhookCompletion> completions, CancellationToken cancellationToken)
    {
        var missing = webhooks.Where(w => w.Payload is null).Select(w => w.WebhookId).ToList();
        var loaded = missing.Count > 0
            ? await _store.ReadPayloadsAsync(store.Id, missing, cancellationToken).ConfigureAwait(false)
            : null;
        var orders = new List<(QueuedWebhook Webhook, OrderRecord Order)>();
        var failures = new Dictionary<string, string>(StringComparer.Ordinal);
        var done = new List<QueuedWebhook>(webhooks.Count);
        foreach (var webhook in webhooks)
        {
            var payload = webhook.Payload ?? loaded?.GetValueOrDefault(webhook.WebhookId);
            if (payload is null)
            {
                continue; // completed already (processed twice: by another process, or queued again at a start)
            }

            done.Add(webhook);
            try
            {
                if (Parse(webhook.Topic, payload, store.Profile) is { } order)
                {
                    orders.Add((webhook, order));
                }
            }
#pragma warning disable CA1031 // only the exceptions an unreadable payload throws (IsUnreadable); anything else is a bug and propagates
            catch (Exception ex) when (IsUnreadable(ex))
#pragma warning restore CA1031
            {
                failures[webhook.WebhookId] = Reason(ex);
                _logger.Poison(webhook.WebhookId, webhook.Topic, store.Id, failures[webhook.WebhookId]);
            }
        }

        await UpsertAsync(store.Id, orders, failures, cancellationToken).ConfigureAwait(false);
        foreach (var webhook in done)
        {
            completions.Add(new WebhookCompletion(store.Id, webhook.WebhookId, failures.GetValueOrDefault(webhook.WebhookId)));
        }
    }

    private static OrderRecord? Parse(string topicName, string payload, StoreProfile shop)
    {
        if (!ShopifyWebhookParser.TryParseTopic(topicName, out var topic))
        {
            throw new InvalidOperationException($"the topic {topicName} is not one AdPilot processes");
        }

        // A refund's amounts reach the order with the orders/updated Shopify sends after it (and with the next pull).
        var parsed = ShopifyWebhookParser.Parse(topic, Encoding.UTF8.GetBytes(payload), shop.ShopDomain, shop.Currency);
        return parsed.Order is { Test: false } order ? ShopifyOrderRecords.ToRecord(order) : null;
    }

    private async Task UpsertAsync(
        long storeId, List<(QueuedWebhook Webhook, OrderRecord Order)> orders, Dictionary<string, string> failures, CancellationToken cancellationToken)
    {
        if (orders.Count == 0)
        {
            return;
        }

        try
        {
            await _ingestion.UpsertOrdersAsync(storeId, [.. orders.Select(o => o.Order)], cancellationToken).ConfigureAwait(false);
        }
        catch (ArgumentException)
        {
            // One order the store refuses (negative amounts) must not hold up the others: store them one by one.
            foreach (var (webhook, order) in orders)
            {
                try
                {
                    await _ingestion.UpsertOrdersAsync(storeId, [order], cancellationToken).ConfigureAwait(false);
                }
                catch (ArgumentException ex)
                {
                    failures[webhook.WebhookId] = Reason(ex);
                    _logger.Poison(webhook.WebhookId, webhook.Topic, storeId, failures[webhook.WebhookId]);
                }
            }
        }
    }
}
