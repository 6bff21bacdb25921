using System.Globalization;
using AdPilot.Core.Domain;
using AdPilot.Core.Simulation;
using AdPilot.Runtime.Ingestion;
using AdPilot.Sandbox;
using AdPilot.Storage.Connections;
using AdPilot.Runtime.Tests.Infrastructure;
using AdPilot.Storage.Tests.Infrastructure;

namespace AdPilot.Runtime.Tests.Ingestion;

/// <summary>The hourly ETL against the sandbox over loopback, into SQLite and PostgreSQL.</summary>
public sealed class IngestionTests(PostgresCluster cluster)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Theory]
    [InlineData(DatabaseDialect.Sqlite)]
    [InlineData(DatabaseDialect.PostgreSql)]
    public async Task HourlyEtl_StoresWhatTheWorldRecorded_AndRunningItAgainChangesNothing(DatabaseDialect dialect)
    {
        await using var server = await SandboxServer.StartAsync(DefaultFamily.Preset(), 0, Ct);
        server.World.Advance(30);
        await using var db = await TestDatabase.CreateAsync(cluster, dialect);
        await using var etl = await SandboxEtl.StartAsync(server, db, grossMargin: 0.6m, lineItemsPerOrder: 3, refundsPerOrder: 2);

        await etl.RunAsync();
        var first = await Stored.ReadAsync(db, etl.StoreId);
        await etl.RunAsync();
        var second = await Stored.ReadAsync(db, etl.StoreId);

        var world = server.World;
        var hours = world.HoursBetween(world.StartUtc, world.Clock.GetUtcNow()).Where(h => h.Impressions > 0 || h.Spend.Amount > 0).ToArray();
        Assert.Equal(hours.Length, first.InsightRows);
        foreach (var adSet in world.AdSets)
        {
            Assert.Equal(
                hours.Where(h => h.AdSetIndex == adSet.Index).Sum(h => h.Spend.Amount),
                first.SpendByAdSet.GetValueOrDefault(adSet.Ref.ExternalId));
        }

        var orders = world.Orders();
        Assert.Equal(orders.Count, first.Orders);
        Assert.Equal(orders.Sum(o => o.Total.Amount), first.OrderTotal);
        Assert.Equal(orders.Count(o => o.UtmAdSet is not null), first.UtmAttributed);
        Assert.Equal(world.AdSets.Count, first.AdSets);
        Assert.Equal(first, second);
    }

    [Fact]
    public async Task OrderEtl_LaterRefundsAndCancellations_UpdateTheStoredOrders()
    {
        // The sandbox's Shopify cost bucket refills 100 points a second of its own time; that time runs 100 times faster
        // here, so the half-day pulls below do not wait for real seconds between them.
        await using var server = await SandboxServer.StartAsync(DefaultFamily.Preset(), 0, Ct, serverTime: new FastTime(100));
        server.World.Advance(24);
        await using var db = await TestDatabase.CreateAsync(cluster, DatabaseDialect.Sqlite);
        await using var etl = await SandboxEtl.StartAsync(server, db, grossMargin: 0.6m, lineItemsPerOrder: 3, refundsPerOrder: 2);
        await etl.RunAsync();
        var before = await Stored.ReadAsync(db, etl.StoreId);

        // Twice a day rather than hourly keeps the test short; each pull stays within one page, so the client has no
        // reason of its own to pace.
        for (var halfDay = 0; halfDay < 8; halfDay++)
        {
            server.World.Advance(12);
            await etl.RunAsync();
        }

        var after = await Stored.ReadAsync(db, etl.StoreId);

        var orders = server.World.Orders();
        Assert.True(after.Refunded > before.Refunded, "orders of the first day were refunded later");
        Assert.Equal(orders.Sum(o => o.Refunds.Sum(r => r.Amount.Amount)), after.Refunded);
        Assert.Equal(orders.Count(o => o.CancelledAtUtc is not null), after.Cancelled);
        Assert.Equal(orders.Count, after.Orders);
    }

    [Theory]
    [InlineData(DatabaseDialect.Sqlite)]
    [InlineData(DatabaseDialect.PostgreSql)]
    public async Task OrderEtl_ExpectedLargePull_RunsAsOneBulkOperation_AndStoresWhatPagesWould(DatabaseDialect dialect)
    {
        await using var server = await SandboxServer.StartAsync(DefaultFamily.Preset(), 0, Ct, serverTime: new FastTime(100));
        server.World.Advance(24);
        await using var pagedDb = await TestDatabase.CreateAsync(cluster, dialect);
        await using var bulkDb = await TestDatabase.CreateAsync(cluster, dialect);
        await using var paged = await SandboxEtl.StartAsync(server, pagedDb, grossMargin: 0.6m, lineItemsPerOrder: 3, refundsPerOrder: 2);
        await using var bulk = await SandboxEtl.StartAsync(server, bulkDb, grossMargin: 0.6m, lineItemsPerOrder: 3, refundsPerOrder: 2);
        Assert.True((await paged.OrdersAsync()).Bulk, "the first pull is the bulk backfill");
        Assert.True((await bulk.OrdersAsync()).Bulk, "the first pull is the bulk backfill");

        // Half a day later: the same pull, expected small for one and large for the other.
        server.World.Advance(12);
        var byPages = await paged.OrdersAsync(bulkAbove: int.MaxValue);
        var byBulk = await bulk.OrdersAsync(bulkAbove: 0);

        Assert.False(byPages.Bulk);
        Assert.True(byPages.Pages >= 1 && byPages.Orders > 0, "orders placed and changed in half a day, read by pages");
        Assert.True(byBulk.Bulk);
        Assert.Equal((0, byPages.Orders), (byBulk.Pages, byBulk.Orders));
        Assert.Equal(byPages.Watermark, byBulk.Watermark);
        Assert.Equal(await Stored.ReadAsync(pagedDb, paged.StoreId), await Stored.ReadAsync(bulkDb, bulk.StoreId));
        Assert.Equal(server.World.Orders().Count, (await Stored.ReadAsync(bulkDb, bulk.StoreId)).Orders);
    }

    /// <summary>What the database holds for a store, summed in decimal.</summary>
    private sealed record Stored(
        int InsightRows, Dictionary<string, decimal> SpendByAdSet, int AdSets, int Orders, decimal OrderTotal, decimal Refunded, int Cancelled, int UtmAttributed)
    {
        public static async Task<Stored> ReadAsync(TestDatabase db, long storeId)
        {
            await using var connection = await db.Database.OpenConnectionAsync(Ct);
            var spend = new Dictionary<string, decimal>(StringComparer.Ordinal);
            var rows = 0;
            await foreach (var r in QueryAsync(connection, $"SELECT entity_external_id, spend FROM insights_hourly WHERE store_id = {storeId}"))
            {
                rows++;
                spend[r[0]!] = spend.GetValueOrDefault(r[0]!) + decimal.Parse(r[1]!, CultureInfo.InvariantCulture);
            }

            var adSets = 0;
            await foreach (var unused in QueryAsync(connection, $"SELECT external_id FROM adsets WHERE store_id = {storeId}"))
            {
                adSets++;
            }

            int orders = 0, cancelled = 0, utm = 0;
            decimal total = 0, refunded = 0;
            await foreach (var r in QueryAsync(connection, $"SELECT total, refunded, canceled_at, attribution_source FROM orders WHERE store_id = {storeId}"))
            {
                orders++;
                total += decimal.Parse(r[0]!, CultureInfo.InvariantCulture);
                refunded += decimal.Parse(r[1]!, CultureInfo.InvariantCulture);
                cancelled += r[2] is null ? 0 : 1;
                utm += r[3] == ShopifyOrderRecords.UtmAttribution ? 1 : 0;
            }

            return new Stored(rows, spend, adSets, orders, total, refunded, cancelled, utm);
        }

        public bool Equals(Stored? other) =>
            other is not null && (InsightRows, AdSets, Orders, OrderTotal, Refunded, Cancelled, UtmAttributed)
                == (other.InsightRows, other.AdSets, other.Orders, other.OrderTotal, other.Refunded, other.Cancelled, other.UtmAttributed)
            && SpendByAdSet.Count == other.SpendByAdSet.Count && SpendByAdSet.All(kv => other.SpendByAdSet.GetValueOrDefault(kv.Key) == kv.Value);

        public override int GetHashCode() => HashCode.Combine(InsightRows, Orders, OrderTotal);

        private static async IAsyncEnumerable<string?[]> QueryAsync(System.Data.Common.DbConnection connection, string sql)
        {
            await using var command = connection.CreateCommand();
            command.CommandText = sql;
            await using var reader = await command.ExecuteReaderAsync(Ct);
            while (await reader.ReadAsync(Ct))
            {
                var values = new string?[reader.FieldCount];
                for (var i = 0; i < values.Length; i++)
                {
                    values[i] = reader.IsDBNull(i) ? null : Convert.ToString(reader.GetValue(i), CultureInfo.InvariantCulture);
                }

                yield return values;
            }
        }
    }
}
