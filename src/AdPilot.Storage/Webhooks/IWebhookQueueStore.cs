namespace AdPilot.Storage.Webhooks;

/// <summary>
/// The webhook receiver's durable queue in <c>webhook_events</c>: webhooks are stored under (store, webhook id) before
/// they are acknowledged, insert-if-absent, so a redelivery is stored once; processing completes them and clears the
/// payload, which holds customer data.
/// </summary>
public interface IWebhookQueueStore
{
    /// <summary>
    /// Stores a batch in one transaction, each webhook only when its (store, webhook id) is not stored yet. A webhook
    /// that repeats an earlier one of the same batch counts as a duplicate.
    /// </summary>
    /// <param name="webhooks">The webhooks.</param>
    /// <param name="cancellationToken">Cancels the write; nothing is stored then.</param>
    /// <returns>For each webhook, in order, whether it was new (stored) rather than a duplicate.</returns>
    Task<bool[]> StoreAsync(IReadOnlyList<IncomingWebhook> webhooks, CancellationToken cancellationToken);

    /// <summary>Lists the pending webhooks, oldest first.</summary>
    /// <param name="limit">At most this many.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>The pending webhooks, without payloads.</returns>
    Task<IReadOnlyList<PendingWebhook>> ListPendingAsync(int limit, CancellationToken cancellationToken);

    /// <summary>Reads the payloads of pending webhooks.</summary>
    /// <param name="storeId">The store.</param>
    /// <param name="webhookIds">The webhook ids.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>The payload of each of them still pending, by webhook id.</returns>
    Task<IReadOnlyDictionary<string, string>> ReadPayloadsAsync(long storeId, IReadOnlyList<string> webhookIds, CancellationToken cancellationToken);

    /// <summary>Completes pending webhooks in one transaction: processed, or failed with the reason; the payload cleared either way.</summary>
    /// <param name="completions">How each ended; a webhook no longer pending is left as it is.</param>
    /// <param name="cancellationToken">Cancels the write.</param>
    /// <returns>How many were completed.</returns>
    Task<int> CompleteAsync(IReadOnlyList<WebhookCompletion> completions, CancellationToken cancellationToken);

    /// <summary>Counts the pending webhooks and finds the oldest.</summary>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>The backlog.</returns>
    Task<WebhookBacklog> BacklogAsync(CancellationToken cancellationToken);

    /// <summary>Reads one stored webhook.</summary>
    /// <param name="storeId">The store.</param>
    /// <param name="webhookId">The webhook id.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>The webhook, or null when none is stored under that id.</returns>
    Task<StoredWebhook?> FindAsync(long storeId, string webhookId, CancellationToken cancellationToken);
}
