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
}
