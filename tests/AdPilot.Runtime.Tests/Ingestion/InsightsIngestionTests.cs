using AdPilot.Core.Domain;
using AdPilot.Core.Features;
using AdPilot.Core.Simulation;
using AdPilot.Runtime.Ingestion;
using AdPilot.Runtime.Tests.Infrastructure;
using AdPilot.Sandbox;
using AdPilot.Storage.Connections;
using AdPilot.Storage.Features;
using AdPilot.Storage.Tests.Infrastructure;
using Dapper;

namespace AdPilot.Runtime.Tests.Ingestion;

/// <summary>
/// The insights half of the hourly ETL against the sandbox over loopback, into SQLite and PostgreSQL: which days of the
/// 72-hour window it reads again hour by hour (today, and the past days whose daily totals differ from what is stored),
/// and that what it stores is what the platforms report.
/// </summary>
public sealed class InsightsIngestionTests(PostgresCluster cluster)
{
    /// <summary>Long enough for the whole window, four local days, to hold delivery.</summary>
    private const int SimulatedHours = 100;

    /// <summary>The local days before today that the window holds: 72 hours back from any instant is three days back.</summary>
    private const int PastDays = 3;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Theory]
    [InlineData(DatabaseDialect.Sqlite)]
    [InlineData(DatabaseDialect.PostgreSql)]
    public async Task IngestAsync_FirstRunThenSameHourAgain_FirstReadsEveryDayAndSecondOnlyToday(DatabaseDialect dialect)
    {
        await using var server = await StartAsync();
        await using var db = await TestDatabase.CreateAsync(cluster, dialect);
        await using var etl = await SandboxEtl.StartAsync(server, db, grossMargin: 0.6m);
        var now = server.World.Clock.GetUtcNow();

        var first = await etl.InsightsAsync(now);
        var afterFirst = await StoredAsync(db, etl.StoreId, server);
        var second = await etl.InsightsAsync(now);

        Assert.Equal(2, first.Count);
        Assert.All(first, r => Assert.Equal((PastDays, PastDays + 1), (r.DaysChecked, r.DaysRead)));
        Assert.Equal(Expected(server), afterFirst);
        Assert.All(second, r => Assert.Equal((PastDays, 1), (r.DaysChecked, r.DaysRead)));
        Assert.Equal(afterFirst, await StoredAsync(db, etl.StoreId, server));
    }

    [Theory]
    [InlineData(DatabaseDialect.Sqlite)]
    [InlineData(DatabaseDialect.PostgreSql)]
    public async Task IngestAsync_StoredPastDayDiffersFromThePlatform_ReadsThatDayAgainAndStoresThePlatformsFigures(DatabaseDialect dialect)
    {
        await using var server = await StartAsync();
        await using var db = await TestDatabase.CreateAsync(cluster, dialect);
        await using var etl = await SandboxEtl.StartAsync(server, db, grossMargin: 0.6m);
        var world = server.World;
        var now = world.Clock.GetUtcNow();
        var today = LocalDay(world, now);
        await etl.InsightsAsync(now);

        // As if each platform corrected a past day after it was stored: one TikTok ad group's spend of an hour two days
        // back, and a Meta ad set's whole yesterday (its rows gone, as if the platform had reported it late).
        var tiktokHour = DeliveryHours(world, Platform.TikTok, today.AddDays(-2)).First();
        var metaHour = DeliveryHours(world, Platform.Instagram, today.AddDays(-1)).First();
        var metaAdSet = world.AdSets[metaHour.AdSetIndex].Ref.ExternalId;
        await using (var connection = await db.Database.OpenConnectionAsync(Ct))
        {
            await connection.ExecuteAsync(new CommandDefinition(
                "UPDATE insights_hourly SET spend = @spend WHERE store_id = @store AND entity_external_id = @id AND ts_hour = @hour",
                new { spend = tiktokHour.Spend.Amount + 1.25m, store = etl.StoreId, id = world.AdSets[tiktokHour.AdSetIndex].Ref.ExternalId, hour = tiktokHour.HourStartUtc },
                cancellationToken: Ct));
            var deleted = await connection.ExecuteAsync(new CommandDefinition(
                "DELETE FROM insights_hourly WHERE store_id = @store AND entity_external_id = @id AND ts_hour >= @from AND ts_hour < @to",
                new
                {
                    store = etl.StoreId,
                    id = metaAdSet,
                    from = LocalHour.MidnightUtc(today.AddDays(-1), world.TimeZone),
                    to = LocalHour.MidnightUtc(today, world.TimeZone),
                },
                cancellationToken: Ct));
            Assert.True(deleted > 1, "the Meta ad set's day must have had several stored hours");
        }

        Assert.NotEqual(Expected(server), await StoredAsync(db, etl.StoreId, server));
        var corrected = await etl.InsightsAsync(now);
        var afterCorrection = await StoredAsync(db, etl.StoreId, server);
        var settled = await etl.InsightsAsync(now);

        // Today and the corrected day, and that day is the one read again: what is stored is the platforms' again.
        Assert.Equal(2, corrected.Count);
        Assert.All(corrected, r => Assert.Equal((PastDays, 2), (r.DaysChecked, r.DaysRead)));
        Assert.Equal(Expected(server), afterCorrection);
        Assert.All(settled, r => Assert.Equal(1, r.DaysRead));
    }

    /// <summary>A sandbox run for <see cref="SimulatedHours"/> hours, with two ad sets of each platform paused for the last two days of it.</summary>
    private static async Task<SandboxServer> StartAsync()
    {
        var server = await SandboxServer.StartAsync(DefaultFamily.Preset(), 0, Ct);
        server.World.Advance(SimulatedHours - 48);

        // Paused ad sets report nothing for whole days (the platforms omit them, nothing is stored: they match), while
        // purchases from their earlier clicks still arrive in hours without delivery.
        foreach (var platform in new[] { Platform.Instagram, Platform.TikTok })
        {
            foreach (var adSet in server.World.AdSets.Where(a => a.Ref.Platform == platform).Take(2))
            {
                server.World.Change(adSet.Index, s => s with { Status = AdSetStatus.Paused });
            }
        }

        server.World.Advance(48);
        return server;
    }

    private static DateOnly LocalDay(SandboxWorld world, DateTimeOffset utc) =>
        DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(utc, world.TimeZone).DateTime);

    private static IEnumerable<AdSetHourRecord> DeliveryHours(SandboxWorld world, Platform platform, DateOnly day) =>
        world.HoursBetween(LocalHour.MidnightUtc(day, world.TimeZone), LocalHour.MidnightUtc(day.AddDays(1), world.TimeZone))
            .Where(h => world.AdSets[h.AdSetIndex].Ref.Platform == platform && (h.Impressions > 0 || h.Spend.Amount > 0));

    /// <summary>
    /// Every ad set-hour with delivery of the window's local days up to now, as the platforms report it: TikTok with its
    /// purchases, Meta without (its hourly breakdown omits them).
    /// </summary>
    private static List<StoredHour> Expected(SandboxServer server)
    {
        var world = server.World;
        var now = world.Clock.GetUtcNow();
        var from = LocalHour.MidnightUtc(LocalDay(world, now).AddDays(-PastDays), world.TimeZone);
        return [.. world.HoursBetween(from, now)
            .Where(h => h.Impressions > 0 || h.Spend.Amount > 0)
            .Select(h =>
            {
                var adSet = world.AdSets[h.AdSetIndex].Ref;
                var tiktok = adSet.Platform == Platform.TikTok;
                return new StoredHour(
                    adSet.Platform,
                    adSet.ExternalId,
                    h.HourStartUtc,
                    h.Impressions,
                    h.Clicks,
                    h.Spend.Amount,
                    tiktok ? (int)h.PlatformConversions : 0,
                    tiktok ? h.PlatformConversionValue.Amount : 0m);
            })
            .Order()];
    }

    private static async Task<List<StoredHour>> StoredAsync(TestDatabase db, long storeId, SandboxServer server)
    {
        var rows = await new FeatureQueries(db.Database).AdSetInsightsAsync(storeId, server.World.StartUtc.AddDays(-1), server.World.Clock.GetUtcNow(), Ct);
        return [.. rows.Select(r => new StoredHour(r.Platform, r.EntityExternalId, r.Hour, r.Impressions, r.Clicks, r.Spend, r.Purchases, r.Revenue)).Order()];
    }

    /// <summary>One stored ad set-hour; money compares by value, whatever its scale.</summary>
    private sealed record StoredHour(
        Platform Platform, string AdSet, DateTimeOffset Hour, long Impressions, long Clicks, decimal Spend, int Purchases, decimal Revenue)
        : IComparable<StoredHour>
    {
        public int CompareTo(StoredHour? other) =>
            other is null ? 1 : (Platform, AdSet, Hour).CompareTo((other.Platform, other.AdSet, other.Hour));
    }
}
