using System.Threading.Channels;
using AdPilot.Storage.Connections;
using AdPilot.Storage.Webhooks;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace AdPilot.Web.Webhooks;

/// <summary>
/// Group commit: each request puts its verified webhook on a channel and waits; a writer takes every webhook waiting
/// (up to <see cref="WebhookReceiverOptions.WriteBatch"/>), stores them in one transaction, and only then answers each
/// request with whether its webhook was new. No timer: a batch is whatever arrived while the previous commit ran, so a
/// lone webhook is written at once and a burst shares commits. New webhooks go to the <see cref="WebhookProcessor"/>
/// after their commit, so nothing is processed that is not durable.
/// </summary>
internal sealed class WebhookWriter : BackgroundService
{
    private readonly IWebhookQueueStore _store;
    private readonly WebhookProcessor _processor;
    private readonly WebhookQueueState _state;
    private readonly ILogger _logger;
    private readonly int _writers;
    private readonly int _batch;
    private readonly Channel<Submission> _channel;

    public WebhookWriter(
        IWebhookQueueStore store, StorageDatabase database, WebhookProcessor processor, WebhookQueueState state, WebhookReceiverOptions options, ILogger<WebhookWriter> logger)
    {
        _store = store;
        _processor = processor;
        _state = state;
        _logger = logger;
        _writers = database.Dialect == DatabaseDialect.Sqlite ? 1 : options.Writers; // SQLite has one writer at a time anyway
        _batch = options.WriteBatch;
        _channel = Channel.CreateBounded<Submission>(new BoundedChannelOptions(Math.Max(_batch * _writers * 4, 1024))
        {
            FullMode = BoundedChannelFullMode.Wait,
            SingleReader = _writers == 1,
        });
    }

    public int Writers => _writers;

    public int Batch => _batch;

    /// <summary>Stores one webhook with the next group commit.</summary>
    /// <param name="webhook">The verified webhook.</param>
    /// <param name="cancellationToken">Stops waiting (the request went away); the webhook may still be stored.</param>
    /// <returns>Whether it was new; false for a duplicate.</returns>
    /// <exception cref="ChannelClosedException">The receiver is stopping.</exception>
    public async Task<bool> StoreAsync(IncomingWebhook webhook, CancellationToken cancellationToken)
    {
        var submission = new Submission(webhook, new TaskCompletionSource<bool>(TaskCreationOptions.RunContinuationsAsynchronously));
        await _channel.Writer.WriteAsync(submission, cancellationToken).ConfigureAwait(false);
        return await submission.Done.Task.WaitAsync(cancellationToken).ConfigureAwait(false);
    }

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        // The server has stopped taking requests by now (it stops first); what is waiting is still written.
        _channel.Writer.TryComplete();
        await base.StopAsync(cancellationToken).ConfigureAwait(false);
    }

    protected override Task ExecuteAsync(CancellationToken stoppingToken) =>
        Task.WhenAll(Enumerable.Range(0, _writers).Select(_ => Task.Run(WriteLoopAsync, CancellationToken.None)));

    private async Task WriteLoopAsync()
    {
        var batch = new List<Submission>(_batch);
        var webhooks = new List<IncomingWebhook>(_batch);
        var reader = _channel.Reader;
        while (await reader.WaitToReadAsync(CancellationToken.None).ConfigureAwait(false))
        {
            batch.Clear();
            webhooks.Clear();
            while (batch.Count < _batch && reader.TryRead(out var submission))
            {
                batch.Add(submission);
                webhooks.Add(submission.Webhook);
            }

            if (batch.Count == 0)
            {
                continue;
            }

            bool[] stored;
            try
            {
                // Not the stopping token: a batch that started is finished, so no acknowledged webhook is half-written.
                stored = await _store.StoreAsync(webhooks, CancellationToken.None).ConfigureAwait(false);
            }
#pragma warning disable CA1031 // whatever failed the commit fails each waiting request (503, Shopify retries); the loop goes on
            catch (Exception ex)
#pragma warning restore CA1031
            {
                _logger.StoreFailed(batch.Count, ex);
                foreach (var submission in batch)
                {
                    submission.Done.TrySetException(ex);
                }

                continue;
            }

            var queued = 0;
            for (var i = 0; i < batch.Count; i++)
            {
                queued += stored[i] && !batch[i].Webhook.Ignored ? 1 : 0;
            }

            _state.Added(queued); // before the processor can complete them, so the depth never goes below zero
            for (var i = 0; i < batch.Count; i++)
            {
                var webhook = batch[i].Webhook;
                if (stored[i] && !webhook.Ignored)
                {
                    _processor.Enqueue(new QueuedWebhook(webhook.StoreId, webhook.WebhookId, webhook.Topic, webhook.ReceivedAt, webhook.Payload));
                }
            }

            for (var i = 0; i < batch.Count; i++)
            {
                batch[i].Done.TrySetResult(stored[i]);
            }
        }
    }

    private sealed record Submission(IncomingWebhook Webhook, TaskCompletionSource<bool> Done);
}
