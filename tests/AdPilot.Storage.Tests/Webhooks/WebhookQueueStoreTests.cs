using AdPilot.Storage.Connections;
using AdPilot.Storage.Tests.Infrastructure;
using AdPilot.Storage.Webhooks;

namespace AdPilot.Storage.Tests.Webhooks;

public sealed class WebhookQueueStoreTests(PostgresCluster cluster)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Theory]
    [InlineData(DatabaseDialect.Sqlite)]
    [InlineData(DatabaseDialect.PostgreSql)]
    public async Task Store_RepeatsInTheBatchAndAcrossBatches_StoredOnceAndReportedAsDuplicates(DatabaseDialect dialect)
    {
        await using var db = await TestDatabase.CreateAsync(cluster, dialect);
        var clock = Builders.Clock();
        var storeId = await Builders.SeedAsync(db, clock);
        var queue = new WebhookQueueStore(db.Database, clock);
        var at = clock.GetUtcNow();

        var first = await queue.StoreAsync(
            [Incoming(storeId, "a", at), Incoming(storeId, "b", at), Incoming(storeId, "a", at)], Ct);
        var second = await queue.StoreAsync([Incoming(storeId, "b", at), Incoming(storeId, "c", at)], Ct);

        Assert.Equal([true, true, false], first);
        Assert.Equal([false, true], second);
        Assert.Equal(3, (await queue.BacklogAsync(Ct)).Depth);
        var a = await queue.FindAsync(storeId, "a", Ct);
        Assert.NotNull(a);
        Assert.Equal(WebhookStatus.Pending, a.Status);
        Assert.Equal("""{"id":"a"}""", a.Payload);
        Assert.Null(a.ProcessedAt);
    }

    [Theory]
    [InlineData(DatabaseDialect.Sqlite)]
    [InlineData(DatabaseDialect.PostgreSql)]
    public async Task Store_IgnoredTopic_RecordedDoneWithoutPayloadAndNotPending(DatabaseDialect dialect)
    {
        await using var db = await TestDatabase.CreateAsync(cluster, dialect);
        var clock = Builders.Clock();
        var storeId = await Builders.SeedAsync(db, clock);
        var queue = new WebhookQueueStore(db.Database, clock);

        var stored = await queue.StoreAsync([new IncomingWebhook(storeId, "x", "products/update", null, clock.GetUtcNow(), Ignored: true)], Ct);

        Assert.Equal([true], stored);
        var x = await queue.FindAsync(storeId, "x", Ct);
        Assert.NotNull(x);
        Assert.Equal(WebhookStatus.Ignored, x.Status);
        Assert.Null(x.Payload);
        Assert.NotNull(x.ProcessedAt);
        Assert.Equal(new WebhookBacklog(0, null), await queue.BacklogAsync(Ct));
        Assert.Empty(await queue.ListPendingAsync(10, Ct));
    }

    [Theory]
    [InlineData(DatabaseDialect.Sqlite)]
    [InlineData(DatabaseDialect.PostgreSql)]
    public async Task ListPendingAndReadPayloads_OldestFirst_OnlyPendingOnes(DatabaseDialect dialect)
    {
        await using var db = await TestDatabase.CreateAsync(cluster, dialect);
        var clock = Builders.Clock();
        var storeId = await Builders.SeedAsync(db, clock);
        var queue = new WebhookQueueStore(db.Database, clock);
        var at = clock.GetUtcNow();
        await queue.StoreAsync([Incoming(storeId, "late", at.AddSeconds(2)), Incoming(storeId, "early", at), Incoming(storeId, "done", at.AddSeconds(1))], Ct);
        await queue.CompleteAsync([new WebhookCompletion(storeId, "done")], Ct);

        var pending = await queue.ListPendingAsync(10, Ct);
        var payloads = await queue.ReadPayloadsAsync(storeId, ["early", "late", "done"], Ct);

        Assert.Equal(["early", "late"], pending.Select(p => p.WebhookId));
        Assert.Equal(at, pending[0].ReceivedAt);
        Assert.Equal(new WebhookBacklog(2, at), await queue.BacklogAsync(Ct));
        Assert.Equal(2, payloads.Count);
        Assert.Equal("""{"id":"late"}""", payloads["late"]);
    }

    [Theory]
    [InlineData(DatabaseDialect.Sqlite)]
    [InlineData(DatabaseDialect.PostgreSql)]
    public async Task Complete_ProcessedAndFailed_ClearsPayloadKeepsReasonAndIsDoneOnce(DatabaseDialect dialect)
    {
        await using var db = await TestDatabase.CreateAsync(cluster, dialect);
        var clock = Builders.Clock();
        var storeId = await Builders.SeedAsync(db, clock);
        var queue = new WebhookQueueStore(db.Database, clock);
        await queue.StoreAsync([Incoming(storeId, "ok", clock.GetUtcNow()), Incoming(storeId, "bad", clock.GetUtcNow())], Ct);
        clock.Advance(TimeSpan.FromSeconds(3));

        var completed = await queue.CompleteAsync([new WebhookCompletion(storeId, "ok"), new WebhookCompletion(storeId, "bad", new string('e', 1500))], Ct);
        var again = await queue.CompleteAsync([new WebhookCompletion(storeId, "ok", "late failure")], Ct);

        Assert.Equal(2, completed);
        Assert.Equal(0, again);
        var ok = await queue.FindAsync(storeId, "ok", Ct);
        var bad = await queue.FindAsync(storeId, "bad", Ct);
        Assert.Equal(WebhookStatus.Processed, ok!.Status);
        Assert.Null(ok.Payload);
        Assert.Null(ok.Error);
        Assert.Equal(clock.GetUtcNow(), ok.ProcessedAt);
        Assert.Equal(WebhookStatus.Failed, bad!.Status);
        Assert.Null(bad.Payload);
        Assert.Equal(WebhookQueueStore.MaxErrorLength, bad.Error!.Length);
        Assert.Equal(0, (await queue.BacklogAsync(Ct)).Depth);
    }

    [Theory]
    [InlineData(DatabaseDialect.Sqlite)]
    [InlineData(DatabaseDialect.PostgreSql)]
    public async Task Store_ConcurrentBatchesOfTheSameWebhooksInOppositeOrders_EachStoredOnceAndNeitherFails(DatabaseDialect dialect)
    {
        await using var db = await TestDatabase.CreateAsync(cluster, dialect);
        var clock = Builders.Clock();
        var storeId = await Builders.SeedAsync(db, clock);
        var queue = new WebhookQueueStore(db.Database, clock);

        for (var round = 0; round < 10; round++)
        {
            var batch = Enumerable.Range(0, 50).Select(i => Incoming(storeId, $"r{round}-{i}", clock.GetUtcNow())).ToList();
            var reversed = Enumerable.Reverse(batch).ToList();

            var results = await Task.WhenAll(queue.StoreAsync(batch, Ct), queue.StoreAsync(reversed, Ct));

            for (var i = 0; i < batch.Count; i++)
            {
                Assert.True(results[0][i] ^ results[1][batch.Count - 1 - i], $"round {round}: webhook {i} must be new to exactly one batch");
            }
        }

        Assert.Equal(500, (await queue.BacklogAsync(Ct)).Depth);
    }

    private static IncomingWebhook Incoming(long storeId, string id, DateTimeOffset at) =>
        new(storeId, id, "orders/create", $$"""{"id":"{{id}}"}""", at);
}
