using AdPilot.Core.Domain;
using AdPilot.Storage.Connections;
using AdPilot.Storage.Features;
using AdPilot.Storage.Ingestion;
using AdPilot.Storage.Tests.Infrastructure;

namespace AdPilot.Storage.Tests.Features;

public sealed class FeatureQueriesTests(PostgresCluster cluster)
{
    private static readonly DateTimeOffset Hour = new(2026, 3, 1, 10, 0, 0, TimeSpan.Zero);

    [Theory]
    [InlineData(DatabaseDialect.Sqlite)]
    [InlineData(DatabaseDialect.PostgreSql)]
    public async Task Reads_ReturnWhatIngestionWrote(DatabaseDialect dialect)
    {
        await using var db = await TestDatabase.CreateAsync(cluster, dialect);
        var clock = Builders.Clock();
        var storeId = await Builders.SeedAsync(db, clock);
        var ingestion = new IngestionStore(db.Database, clock);
        InsightRow[] insights = [Builders.Insight("as1", Hour), Builders.Insight("as1", Hour.AddHours(1), spend: 0m), Builders.Insight("as2", Hour.AddHours(5))];
        await ingestion.LoadInsightsAsync(storeId, insights, TestContext.Current.CancellationToken);
        var order = new OrderRecord
        {
            OrderId = "1001",
            CreatedAt = Hour.AddMinutes(30),
            Total = 42.5m,
            Cogs = 17m,
            Currency = "USD",
            Platform = Platform.Instagram,
            AdSetExternalId = "as1",
            SourceUpdatedAt = Hour.AddMinutes(30),
        };
        await ingestion.UpsertOrdersAsync(storeId, [order], TestContext.Current.CancellationToken);
        var queries = new FeatureQueries(db.Database);

        var adSets = await queries.ListAdSetsAsync(storeId, TestContext.Current.CancellationToken);
        var window = await queries.AdSetInsightsAsync(storeId, Hour, Hour.AddHours(2), TestContext.Current.CancellationToken);
        var orders = await queries.OrdersAsync(storeId, Hour, Hour.AddHours(1), TestContext.Current.CancellationToken);

        Assert.Equal(["as1", "as2"], adSets.Select(a => a.ExternalId));
        Assert.Equal(Builders.AdSet("as1").Interests, adSets[0].Interests);
        Assert.Equal(Builders.AdSet("as1") with { Interests = adSets[0].Interests }, adSets[0]);
        Assert.Equal(insights[..2], window);
        Assert.Equal(order, Assert.Single(orders));
    }

    [Theory]
    [InlineData(DatabaseDialect.Sqlite)]
    [InlineData(DatabaseDialect.PostgreSql)]
    public async Task AdSetHistory_StreamsEachAdSetsInsightsThenItsAttributedOrderHours(DatabaseDialect dialect)
    {
        var ct = TestContext.Current.CancellationToken;
        await using var db = await TestDatabase.CreateAsync(cluster, dialect);
        var clock = Builders.Clock();
        var storeId = await Builders.SeedAsync(db, clock, "as1", "as2", "as3");
        var ingestion = new IngestionStore(db.Database, clock);
        await ingestion.LoadInsightsAsync(
            storeId,
            [Builders.Insight("as2", Hour.AddHours(1), spend: 7.25m), Builders.Insight("as1", Hour.AddHours(1)), Builders.Insight("as1", Hour), Builders.Insight("as1", Hour.AddHours(-1))],
            ct);
        await ingestion.UpsertOrdersAsync(
            storeId,
            [
                Order("1", Hour.AddMinutes(5), 40m, "as1"),
                Order("2", Hour.AddMinutes(59), 60.25m, "as1"),
                Order("3", Hour.AddHours(2).AddMinutes(1), 25m, "as1"),
                Order("4", Hour.AddHours(1).AddMinutes(30), 10m, "as2"),
                Order("5", Hour.AddMinutes(10), 99m, null),
                Order("6", Hour.AddHours(3), 11m, "as1"),
                Order("7", Hour.AddMinutes(20), 13m, "as3"),
            ],
            ct);
        var queries = new FeatureQueries(db.Database);

        var rows = new List<AdSetHistoryRow>();
        await foreach (var row in queries.AdSetHistoryAsync(storeId, Platform.Instagram, ["as1", "as2"], Hour, Hour.AddHours(3), ct))
        {
            rows.Add(row);
        }

        var insight = Builders.Insight("as1", Hour);
        AdSetHistoryRow[] expected =
        [
            new("as1", false, Hour, insight.Impressions, insight.Clicks, insight.Spend, insight.Purchases, 0, 0m),
            new("as1", false, Hour.AddHours(1), insight.Impressions, insight.Clicks, insight.Spend, insight.Purchases, 0, 0m),
            new("as1", true, Hour, 0, 0, 0m, 0, 2, 100.25m),
            new("as1", true, Hour.AddHours(2), 0, 0, 0m, 0, 1, 25m),
            new("as2", false, Hour.AddHours(1), insight.Impressions, insight.Clicks, 7.25m, insight.Purchases, 0, 0m),
            new("as2", true, Hour.AddHours(1), 0, 0, 0m, 0, 1, 10m),
        ];
        Assert.Equal(expected, rows);
        Assert.All(rows, r => Assert.Equal(TimeSpan.Zero, r.HourUtc.Offset));
        Assert.Empty(await ToListAsync(queries.AdSetHistoryAsync(storeId, Platform.TikTok, ["as1"], Hour, Hour.AddHours(3), ct)));
        Assert.Empty(await ToListAsync(queries.AdSetHistoryAsync(storeId, Platform.Instagram, [], Hour, Hour.AddHours(3), ct)));
    }

    [Theory]
    [InlineData(DatabaseDialect.Sqlite)]
    [InlineData(DatabaseDialect.PostgreSql)]
    public async Task OrderCountsByHour_CountEveryOrderInItsUtcHour(DatabaseDialect dialect)
    {
        var ct = TestContext.Current.CancellationToken;
        await using var db = await TestDatabase.CreateAsync(cluster, dialect);
        var clock = Builders.Clock();
        var storeId = await Builders.SeedAsync(db, clock);
        await new IngestionStore(db.Database, clock).UpsertOrdersAsync(
            storeId,
            [
                Order("1", Hour.AddMinutes(1), 10m, "as1"),
                Order("2", Hour.AddMinutes(59), 10m, null),
                Order("3", Hour.AddHours(2).AddMinutes(30), 10m, null),
                Order("4", Hour.AddHours(3), 10m, null),
                Order("5", Hour.AddMinutes(-1), 10m, null),
            ],
            ct);

        var counts = await new FeatureQueries(db.Database).OrderCountsByHourAsync(storeId, Hour, Hour.AddHours(3), ct);

        Assert.Equal([(Hour, 2L), (Hour.AddHours(2), 1L)], counts);
    }

    private static OrderRecord Order(string id, DateTimeOffset createdAt, decimal total, string? adSet) => new()
    {
        OrderId = id,
        CreatedAt = createdAt,
        Total = total,
        Cogs = total / 2,
        Currency = "USD",
        AttributionSource = adSet is null ? null : "utm",
        Platform = adSet is null ? null : Platform.Instagram,
        AdSetExternalId = adSet,
        SourceUpdatedAt = createdAt,
    };

    private static async Task<List<T>> ToListAsync<T>(IAsyncEnumerable<T> source)
    {
        var list = new List<T>();
        await foreach (var item in source)
        {
            list.Add(item);
        }

        return list;
    }
}
