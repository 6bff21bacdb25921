using System.Data.Common;
using AdPilot.Core.Domain;
using AdPilot.Storage.Connections;
using AdPilot.Storage.Ingestion;
using AdPilot.Storage.Tests.Infrastructure;
using Dapper;

namespace AdPilot.Storage.Tests.Ingestion;

public sealed class IngestionStoreTests(PostgresCluster cluster)
{
    private static readonly DateTimeOffset Hour = new(2026, 3, 1, 10, 0, 0, TimeSpan.Zero);

    [Theory]
    [InlineData(DatabaseDialect.Sqlite)]
    [InlineData(DatabaseDialect.PostgreSql)]
    public async Task LoadInsights_SameBatchTwice_OneRowPerKeyAndSecondLoadChangesNothing(DatabaseDialect dialect)
    {
        await using var db = await TestDatabase.CreateAsync(cluster, dialect);
        var clock = Builders.Clock();
        var storeId = await Builders.SeedAsync(db, clock);
        var store = new IngestionStore(db.Database, clock);
        InsightRow[] batch = [Builders.Insight("as1", Hour), Builders.Insight("as2", Hour), Builders.Insight("as1", Hour.AddHours(1))];

        await store.LoadInsightsAsync(storeId, batch, TestContext.Current.CancellationToken);
        var first = await InsightsAsync(db);
        clock.Advance(TimeSpan.FromMinutes(5));
        await store.LoadInsightsAsync(storeId, batch, TestContext.Current.CancellationToken);
        var second = await InsightsAsync(db);

        Assert.Equal(3, second.Count);
        Assert.Equal(first, second);
        Assert.All(second, r => Assert.Equal(12.34m, r.Spend));
    }

    [Theory]
    [InlineData(DatabaseDialect.Sqlite)]
    [InlineData(DatabaseDialect.PostgreSql)]
    public async Task LoadInsights_ChangedFigures_UpdatesTheRowInPlace(DatabaseDialect dialect)
    {
        await using var db = await TestDatabase.CreateAsync(cluster, dialect);
        var clock = Builders.Clock();
        var storeId = await Builders.SeedAsync(db, clock);
        var store = new IngestionStore(db.Database, clock);

        await store.LoadInsightsAsync(storeId, [Builders.Insight("as1", Hour, spend: 10m)], TestContext.Current.CancellationToken);
        await store.LoadInsightsAsync(storeId, [Builders.Insight("as1", Hour, spend: 10.005m)], TestContext.Current.CancellationToken);

        var row = Assert.Single(await InsightsAsync(db));
        Assert.Equal(10.005m, row.Spend);
    }

    [Theory]
    [InlineData(DatabaseDialect.Sqlite, "spend")]
    [InlineData(DatabaseDialect.PostgreSql, "spend")]
    [InlineData(DatabaseDialect.Sqlite, "currency")]
    [InlineData(DatabaseDialect.PostgreSql, "currency")]
    [InlineData(DatabaseDialect.Sqlite, "before")]
    [InlineData(DatabaseDialect.PostgreSql, "before")]
    [InlineData(DatabaseDialect.Sqlite, "future")]
    [InlineData(DatabaseDialect.PostgreSql, "future")]
    [InlineData(DatabaseDialect.Sqlite, "entity")]
    [InlineData(DatabaseDialect.PostgreSql, "entity")]
    [InlineData(DatabaseDialect.Sqlite, "duplicate")]
    [InlineData(DatabaseDialect.PostgreSql, "duplicate")]
    public async Task LoadInsights_OneBadRow_RefusesTheBatchNamingRowAndField(DatabaseDialect dialect, string fault)
    {
        await using var db = await TestDatabase.CreateAsync(cluster, dialect);
        var clock = Builders.Clock();
        var storeId = await Builders.SeedAsync(db, clock);
        var store = new IngestionStore(db.Database, clock);
        var rows = Enumerable.Range(0, 50).Select(i => Builders.Insight(i % 2 == 0 ? "as1" : "as2", Hour.AddHours(i / 2))).ToArray();
        var (bad, field) = fault switch
        {
            "spend" => (Builders.Insight("as1", Hour.AddDays(5), spend: -0.01m), "spend"),
            "currency" => (Builders.Insight("as1", Hour.AddDays(5), currency: "EUR"), "currency"),
            "before" => (Builders.Insight("as1", Builders.Since.AddHours(-1)), "ts_hour"),
            "future" => (Builders.Insight("as1", new DateTimeOffset(2026, 3, 15, 13, 0, 0, TimeSpan.Zero)), "ts_hour"),
            "entity" => (Builders.Insight("nope", Hour.AddDays(5)), "entity_external_id"),
            _ => (rows[3], "ts_hour"),
        };
        rows[37] = bad;

        var ex = await Assert.ThrowsAsync<InsightBatchException>(() => store.LoadInsightsAsync(storeId, rows, TestContext.Current.CancellationToken));

        Assert.Equal(37, ex.Row);
        Assert.Equal(field, ex.Field);
        Assert.Contains("row 37", ex.Message, StringComparison.Ordinal);
        Assert.Contains(field, ex.Message, StringComparison.Ordinal);
        Assert.Empty(await InsightsAsync(db));
    }

    [Theory]
    [InlineData(DatabaseDialect.Sqlite)]
    [InlineData(DatabaseDialect.PostgreSql)]
    public async Task LoadInsights_DatabaseRefusesARow_NothingOfTheBatchIsWritten(DatabaseDialect dialect)
    {
        await using var db = await TestDatabase.CreateAsync(cluster, dialect);
        var clock = Builders.Clock();
        var storeId = await Builders.SeedAsync(db, clock);
        var store = new IngestionStore(db.Database, clock);
        var rows = Enumerable.Range(0, 20).Select(i => Builders.Insight("as1", Hour.AddHours(i))).ToArray();
        rows[15] = rows[15] with { Spend = 1e16m }; // passes our checks, overflows numeric(18, 4) / is fine in SQLite text

        if (dialect == DatabaseDialect.PostgreSql)
        {
            await Assert.ThrowsAnyAsync<DbException>(() => store.LoadInsightsAsync(storeId, rows, TestContext.Current.CancellationToken));
            Assert.Empty(await InsightsAsync(db));
        }
        else
        {
            await store.LoadInsightsAsync(storeId, rows, TestContext.Current.CancellationToken);
            Assert.Equal(20, (await InsightsAsync(db)).Count);
        }
    }

    [Theory]
    [InlineData(DatabaseDialect.Sqlite)]
    [InlineData(DatabaseDialect.PostgreSql)]
    public async Task LoadInsights_SameHourFromTwoConnectionsAtOnce_LeavesOneRow(DatabaseDialect dialect)
    {
        await using var db = await TestDatabase.CreateAsync(cluster, dialect);
        var clock = Builders.Clock();
        var storeId = await Builders.SeedAsync(db, clock);
        await using var other = new StorageDatabase(db.Target);
        var first = new IngestionStore(db.Database, clock);
        var second = new IngestionStore(other, clock);
        var newMonth = new DateTimeOffset(2026, 2, 10, 7, 0, 0, TimeSpan.Zero);

        for (var round = 0; round < 5; round++)
        {
            InsightRow[] batch = [Builders.Insight("as1", newMonth.AddHours(round), spend: round), Builders.Insight("as2", newMonth.AddHours(round))];
            await Task.WhenAll(
                Task.Run(() => first.LoadInsightsAsync(storeId, batch, TestContext.Current.CancellationToken), TestContext.Current.CancellationToken),
                Task.Run(() => second.LoadInsightsAsync(storeId, batch, TestContext.Current.CancellationToken), TestContext.Current.CancellationToken));
        }

        var rows = await InsightsAsync(db);
        Assert.Equal(10, rows.Count);
        Assert.Equal(10, rows.Select(r => (r.EntityExternalId, r.TsHour)).Distinct().Count());
    }

    [Fact]
    public async Task LoadInsights_PostgreSql_RowsLandInMonthlyPartitions()
    {
        await using var db = await TestDatabase.CreateAsync(cluster, DatabaseDialect.PostgreSql);
        var clock = Builders.Clock();
        var storeId = await Builders.SeedAsync(db, clock);

        await new IngestionStore(db.Database, clock).LoadInsightsAsync(
            storeId,
            [Builders.Insight("as1", new DateTimeOffset(2026, 1, 31, 23, 0, 0, TimeSpan.Zero)), Builders.Insight("as1", new DateTimeOffset(2026, 2, 1, 0, 0, 0, TimeSpan.Zero))],
            TestContext.Current.CancellationToken);

        await using var connection = await db.Database.OpenConnectionAsync(TestContext.Current.CancellationToken);
        var counts = (await connection.QueryAsync<(string, long)>("SELECT tableoid::regclass::text, count(*) FROM insights_hourly GROUP BY 1 ORDER BY 1")).ToList();
        Assert.Equal([("insights_hourly_y2026m01", 1L), ("insights_hourly_y2026m02", 1L)], counts);
    }

    [Theory]
    [InlineData(DatabaseDialect.Sqlite)]
    [InlineData(DatabaseDialect.PostgreSql)]
    public async Task SumAdSetInsights_HoursOfTwoAccounts_SumsTheAccountsAdSetsInTheSpanExactly(DatabaseDialect dialect)
    {
        var ct = TestContext.Current.CancellationToken;
        await using var db = await TestDatabase.CreateAsync(cluster, dialect);
        var clock = Builders.Clock();
        var storeId = await Builders.SeedAsync(db, clock);
        var store = new IngestionStore(db.Database, clock);
        await store.UpsertAdAccountsAsync(storeId, [new AdAccountRecord(Platform.Instagram, "act_2", "Other", "USD")], ct);
        await store.UpsertCampaignsAsync(storeId, [new CampaignRecord(Platform.Instagram, "c2", "act_2", "Other", "ACTIVE")], ct);
        await store.UpsertAdSetsAsync(storeId, [Builders.AdSet("as3") with { CampaignExternalId = "c2" }], ct);
        await store.LoadInsightsAsync(
            storeId,
            [
                Builders.Insight("as1", Hour, spend: 0.1m),
                Builders.Insight("as1", Hour.AddHours(1), spend: 0.2m),
                Builders.Insight("as1", Hour.AddHours(2), spend: 10.0051m),
                Builders.Insight("as2", Hour.AddHours(2)),
                Builders.Insight("as2", Hour.AddHours(3)), // after the span
                Builders.Insight("as1", Hour.AddHours(-1)), // before it
                Builders.Insight("as3", Hour), // another account's
            ],
            ct);

        var totals = await store.SumAdSetInsightsAsync(storeId, Platform.Instagram, "act_1", Hour, Hour.AddHours(3), ct);

        Assert.Equal(
            [
                new AdSetInsightTotals("as1", 3000, 75, 10.3051m, 6, 241.5m),
                new AdSetInsightTotals("as2", 1000, 25, 12.34m, 2, 80.5m),
            ],
            totals);
        Assert.Empty(await store.SumAdSetInsightsAsync(storeId, Platform.TikTok, "act_1", Hour, Hour.AddHours(3), ct));
    }

    [Theory]
    [InlineData(DatabaseDialect.Sqlite)]
    [InlineData(DatabaseDialect.PostgreSql)]
    public async Task UpsertAdSets_Twice_OneRowAndUpdatedAtUnchanged(DatabaseDialect dialect)
    {
        await using var db = await TestDatabase.CreateAsync(cluster, dialect);
        var clock = Builders.Clock();
        var storeId = await Builders.SeedAsync(db, clock);
        var store = new IngestionStore(db.Database, clock);
        await using var connection = await db.Database.OpenConnectionAsync(TestContext.Current.CancellationToken);
        var before = await connection.QuerySingleAsync<DateTimeOffset>("SELECT updated_at FROM adsets WHERE external_id = 'as1'");

        clock.Advance(TimeSpan.FromHours(1));
        await store.UpsertAdSetsAsync(storeId, [Builders.AdSet("as1")], TestContext.Current.CancellationToken);
        var unchanged = await connection.QuerySingleAsync<DateTimeOffset>("SELECT updated_at FROM adsets WHERE external_id = 'as1'");
        await store.UpsertAdSetsAsync(storeId, [Builders.AdSet("as1", budget: 75m)], TestContext.Current.CancellationToken);
        var changed = await connection.QuerySingleAsync<(decimal, DateTimeOffset)>("SELECT daily_budget, updated_at FROM adsets WHERE external_id = 'as1'");

        Assert.Equal(2, await connection.ExecuteScalarAsync<long>("SELECT count(*) FROM adsets"));
        Assert.Equal(before, unchanged);
        Assert.Equal(75m, changed.Item1);
        Assert.Equal(clock.GetUtcNow(), changed.Item2);
    }

    [Theory]
    [InlineData(DatabaseDialect.Sqlite)]
    [InlineData(DatabaseDialect.PostgreSql)]
    public async Task UpsertAdSets_UnknownCampaign_RefusedNamingIt(DatabaseDialect dialect)
    {
        await using var db = await TestDatabase.CreateAsync(cluster, dialect);
        var clock = Builders.Clock();
        var storeId = await Builders.SeedAsync(db, clock);

        var ex = await Assert.ThrowsAsync<ArgumentException>(() => new IngestionStore(db.Database, clock).UpsertAdSetsAsync(
            storeId, [Builders.AdSet("as9") with { CampaignExternalId = "c404" }], TestContext.Current.CancellationToken));

        Assert.Contains("c404", ex.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(DatabaseDialect.Sqlite)]
    [InlineData(DatabaseDialect.PostgreSql)]
    public async Task UpsertOrders_BatchNamingAnOrderTwiceAndAnOlderEdition_KeepsEachOrdersLatestEdition(DatabaseDialect dialect)
    {
        await using var db = await TestDatabase.CreateAsync(cluster, dialect);
        var clock = Builders.Clock();
        var storeId = await Builders.SeedAsync(db, clock);
        var store = new IngestionStore(db.Database, clock);
        var first = new OrderRecord
        {
            OrderId = "1",
            CreatedAt = Hour,
            Total = 10m,
            Cogs = 4m,
            Currency = "USD",
            Platform = Platform.TikTok,
            AdSetExternalId = "as1",
            AttributionSource = "utm",
            UtmCampaign = "adpilot",
            SourceUpdatedAt = Hour,
        };
        var second = first with { OrderId = "2", Cogs = null, Platform = null, AdSetExternalId = null, AttributionSource = null, UtmCampaign = null, Total = 20m };
        await store.UpsertOrdersAsync(storeId, [second with { Refunded = 5m, SourceUpdatedAt = Hour.AddHours(3) }], TestContext.Current.CancellationToken);

        await store.UpsertOrdersAsync(
            storeId,
            [first with { Refunded = 2m, SourceUpdatedAt = Hour.AddHours(2) }, first, second, first with { CanceledAt = Hour.AddHours(1), SourceUpdatedAt = Hour.AddHours(1) }],
            TestContext.Current.CancellationToken);

        await using var connection = await db.Database.OpenConnectionAsync(TestContext.Current.CancellationToken);
        var stored = (await connection.QueryAsync<(string OrderId, decimal Total, decimal Refunded, decimal? Cogs, string? Platform, DateTimeOffset? CanceledAt)>(
            "SELECT order_id, total, refunded, cogs, platform, canceled_at FROM orders ORDER BY order_id")).ToList();
        Assert.Equal([("1", 10m, 2m, (decimal?)4m, (string?)"tiktok", (DateTimeOffset?)null), ("2", 20m, 5m, null, null, null)], stored);
    }

    [Theory]
    [InlineData(DatabaseDialect.Sqlite)]
    [InlineData(DatabaseDialect.PostgreSql)]
    public async Task UpsertOrders_OlderEditionAfterNewer_KeepsTheNewer(DatabaseDialect dialect)
    {
        await using var db = await TestDatabase.CreateAsync(cluster, dialect);
        var clock = Builders.Clock();
        var storeId = await Builders.SeedAsync(db, clock);
        var store = new IngestionStore(db.Database, clock);
        var order = new OrderRecord
        {
            OrderId = "gid://shopify/Order/1",
            CreatedAt = Hour.AddMinutes(7),
            Total = 99.95m,
            Currency = "USD",
            Platform = Platform.Instagram,
            AdSetExternalId = "as1",
            AttributionSource = "instagram",
            SourceUpdatedAt = Hour.AddMinutes(7),
        };
        var refunded = order with { Refunded = 20m, SourceUpdatedAt = Hour.AddHours(2) };

        await store.UpsertOrdersAsync(storeId, [refunded], TestContext.Current.CancellationToken);
        await store.UpsertOrdersAsync(storeId, [order], TestContext.Current.CancellationToken);

        await using var connection = await db.Database.OpenConnectionAsync(TestContext.Current.CancellationToken);
        var stored = await connection.QuerySingleAsync<(decimal Total, decimal Refunded, DateTimeOffset CreatedAt)>("SELECT total, refunded, created_at FROM orders");
        Assert.Equal((99.95m, 20m, Hour.AddMinutes(7)), stored);
    }

    [Theory]
    [InlineData(DatabaseDialect.Sqlite)]
    [InlineData(DatabaseDialect.PostgreSql)]
    public async Task RecordWebhook_Redelivery_IsRecognisedAndProcessingDropsThePayload(DatabaseDialect dialect)
    {
        await using var db = await TestDatabase.CreateAsync(cluster, dialect);
        var clock = Builders.Clock();
        var storeId = await Builders.SeedAsync(db, clock);
        var store = new IngestionStore(db.Database, clock);
        var webhook = new WebhookEvent("wh-1", "orders/create", """{"id":1}""", clock.GetUtcNow());

        Assert.True(await store.RecordWebhookAsync(storeId, webhook, TestContext.Current.CancellationToken));
        Assert.False(await store.RecordWebhookAsync(storeId, webhook, TestContext.Current.CancellationToken));
        await store.MarkWebhookProcessedAsync(storeId, "wh-1", TestContext.Current.CancellationToken);

        await using var connection = await db.Database.OpenConnectionAsync(TestContext.Current.CancellationToken);
        Assert.Null(await connection.ExecuteScalarAsync<string?>("SELECT payload FROM webhook_events"));
        Assert.False(await store.RecordWebhookAsync(storeId, webhook, TestContext.Current.CancellationToken));
    }

    [Theory]
    [InlineData(DatabaseDialect.Sqlite)]
    [InlineData(DatabaseDialect.PostgreSql)]
    public async Task AdvanceWatermark_OlderValue_DoesNotMoveItBack(DatabaseDialect dialect)
    {
        await using var db = await TestDatabase.CreateAsync(cluster, dialect);
        var clock = Builders.Clock();
        var storeId = await Builders.SeedAsync(db, clock);
        var store = new IngestionStore(db.Database, clock);

        Assert.Null(await store.GetWatermarkAsync(storeId, "meta:insights:act_1", TestContext.Current.CancellationToken));
        await store.AdvanceWatermarkAsync(storeId, "meta:insights:act_1", Hour, TestContext.Current.CancellationToken);
        await store.AdvanceWatermarkAsync(storeId, "meta:insights:act_1", Hour.AddHours(-3), TestContext.Current.CancellationToken);

        Assert.Equal(Hour, await store.GetWatermarkAsync(storeId, "meta:insights:act_1", TestContext.Current.CancellationToken));
    }

    [Theory]
    [InlineData(DatabaseDialect.Sqlite)]
    [InlineData(DatabaseDialect.PostgreSql)]
    public async Task UpsertAdSets_KeepStoredTargeting_KeepsTheStoredTargetingAndUpdatesTheRest(DatabaseDialect dialect)
    {
        var ct = TestContext.Current.CancellationToken;
        await using var db = await TestDatabase.CreateAsync(cluster, dialect);
        var clock = Builders.Clock();
        var storeId = await Builders.SeedAsync(db, clock, "as1");
        var store = new IngestionStore(db.Database, clock);

        // A pull whose platform did not report the targeting: the name changes, the stored targeting (25-34, fitness and yoga) stays.
        await store.UpsertAdSetsAsync(storeId, [Builders.AdSet("as1") with { Name = "Renamed", TargetAgeGroup = null, Interests = [], KeepStoredTargeting = true }], ct);
        var kept = await AdSetRowAsync(db, "as1");

        // A pull that reports it: written, broad interests included; a new ad set without targeting is stored without any.
        await store.UpsertAdSetsAsync(
            storeId,
            [
                Builders.AdSet("as1") with { TargetAgeGroup = "55+", Interests = [] },
                Builders.AdSet("as2") with { TargetAgeGroup = null, Interests = [], KeepStoredTargeting = true },
            ],
            ct);

        Assert.Equal(("Renamed", "25-34"), (kept.Name, kept.TargetAgeGroup));
        Assert.Equal(["fitness", "yoga"], kept.Interests);
        var written = await AdSetRowAsync(db, "as1");
        Assert.Equal(("Ad set as1", "55+"), (written.Name, written.TargetAgeGroup));
        Assert.Empty(written.Interests);
        var added = await AdSetRowAsync(db, "as2");
        Assert.Equal(("Ad set as2", (string?)null), (added.Name, added.TargetAgeGroup));
        Assert.Empty(added.Interests);
    }

    private static async Task<(string Name, string? TargetAgeGroup, List<string> Interests)> AdSetRowAsync(TestDatabase db, string externalId)
    {
        await using var connection = await db.Database.OpenConnectionAsync(TestContext.Current.CancellationToken);
        var row = await connection.QuerySingleAsync<(string Name, string? TargetAgeGroup, string Interests)>(
            "SELECT name, target_age_group, CAST(interests AS TEXT) FROM adsets WHERE external_id = @externalId", new { externalId });
        return (row.Name, row.TargetAgeGroup, System.Text.Json.JsonSerializer.Deserialize<List<string>>(row.Interests)!);
    }

    private static async Task<List<StoredInsight>> InsightsAsync(TestDatabase db)
    {
        await using var connection = await db.Database.OpenConnectionAsync(TestContext.Current.CancellationToken);
        return [.. await connection.QueryAsync<StoredInsight>(
            "SELECT entity_external_id, ts_hour, impressions, clicks, spend, currency, purchases, revenue, updated_at FROM insights_hourly ORDER BY entity_external_id, ts_hour")];
    }

    private sealed record StoredInsight
    {
        public string EntityExternalId { get; init; } = string.Empty;

        public DateTimeOffset TsHour { get; init; }

        public long Impressions { get; init; }

        public long Clicks { get; init; }

        public decimal Spend { get; init; }

        public string Currency { get; init; } = string.Empty;

        public long Purchases { get; init; }

        public decimal Revenue { get; init; }

        public DateTimeOffset UpdatedAt { get; init; }
    }
}
