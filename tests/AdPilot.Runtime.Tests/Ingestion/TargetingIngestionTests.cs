using AdPilot.Core.Domain;
using AdPilot.Core.Features;
using AdPilot.Core.Platforms;
using AdPilot.Core.Simulation;
using AdPilot.Runtime.Features;
using AdPilot.Runtime.Ingestion;
using AdPilot.Runtime.Tests.Infrastructure;
using AdPilot.Sandbox;
using AdPilot.Storage.Connections;
using AdPilot.Storage.Features;
using AdPilot.Storage.Stores;
using AdPilot.Storage.Tests.Infrastructure;

namespace AdPilot.Runtime.Tests.Ingestion;

/// <summary>
/// The hourly pull stores each ad set's targeting: the Meta and TikTok connectors over loopback against the sandbox read
/// it, the ETL writes <c>adsets.target_age_group</c> and <c>adsets.interests</c>, and the feature store's state then
/// holds the real age band and interests, A/B copies included. A pull that does not report targeting keeps what is stored.
/// </summary>
public sealed class TargetingIngestionTests(PostgresCluster cluster)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Theory]
    [InlineData(DatabaseDialect.Sqlite)]
    [InlineData(DatabaseDialect.PostgreSql)]
    public async Task IngestAsync_RetargetedAdSetsAndCopies_StoresTheSandboxTargetingAndTheFeatureStateReadsIt(DatabaseDialect dialect)
    {
        await using var server = await SandboxServer.StartAsync(DefaultFamily.Preset(), 0, Ct);
        var world = server.World;
        world.Advance(30);
        await using var db = await TestDatabase.CreateAsync(cluster, dialect);
        await using var etl = await SandboxEtl.StartAsync(server, db, grossMargin: 0.6m);
        var queries = new FeatureQueries(db.Database);
        var meta = world.AdSets.First(a => a.Ref.Platform == Platform.Instagram);
        var tiktokAccount = etl.Platforms.Accounts.Single(a => a.Platform == Platform.TikTok);
        var tiktokGroup = (await etl.Platforms.For(tiktokAccount).GetAdSetsAsync(tiktokAccount, Ct))[0].AdSet;
        var tiktok = world.Find(Platform.TikTok, tiktokGroup.ExternalId)!;
        world.Retarget(meta.Index, new AdSetTargeting(AgeGroup.Age25To34, Interests.Fashion | Interests.Beauty));
        world.Retarget(tiktok.Index, new AdSetTargeting(AgeGroup.Age55Plus, Interests.Pets));

        await etl.InsightsAsync(world.Clock.GetUtcNow());
        var first = await StoredAsync(queries, etl.StoreId);

        // An A/B copy of each (IAdSetCloner over the connectors) with another targeting; the next pull stores it.
        var copies = new List<AdSetRef>();
        foreach (var account in etl.Platforms.Accounts)
        {
            var original = account.Platform == Platform.Instagram ? meta : tiktok;
            var request = new AdSetCloneRequest(
                original.Ref, "exp-1 targeting B", AgeGroup.Age18To24, Interests.Tech | Interests.Gaming,
                new Money(world.SettingsOf(original.Index).DailyBudget, world.Currency), AdSetStatus.Active);
            copies.Add(await ((IAdSetCloner)etl.Platforms.For(account)).CloneAdSetAsync(account, request, Ct));
        }

        world.Advance(1);
        var now = world.Clock.GetUtcNow();
        await etl.InsightsAsync(now);
        var second = await StoredAsync(queries, etl.StoreId);

        Assert.Equal((AgeGroup.Age25To34.Label(), "fashion,beauty"), first[meta.Ref]);
        Assert.Equal((AgeGroup.Age55Plus.Label(), "pets"), first[tiktok.Ref]);
        Assert.Equal(Expected(world, first.Keys), first);
        Assert.Equal(2, copies.Count);
        Assert.All(copies, c => Assert.Equal(("18-24", "tech,gaming"), second[c]));
        Assert.Equal(Expected(world, second.Keys), second);
        Assert.Equal(first.Count + 2, second.Count);

        // The feature state of the cycle's hour reads the stored targeting, not the broad default (35-44, no interests).
        var hour = new DateTimeOffset(now.Year, now.Month, now.Day, now.Hour, 0, 0, TimeSpan.Zero);
        var states = (await new FeatureStore(queries, new StoreDirectory(db.Database, world.Clock)).StatesAsync(etl.StoreId, hour, Ct))
            .ToDictionary(f => f.AdSet, f => (f.Configuration.TargetAgeGroup, f.Configuration.TargetInterests));
        Assert.Equal((AgeGroup.Age25To34, Interests.Fashion | Interests.Beauty), states[meta.Ref]);
        Assert.Equal((AgeGroup.Age55Plus, Interests.Pets), states[tiktok.Ref]);
        Assert.All(copies, c => Assert.Equal((AgeGroup.Age18To24, Interests.Tech | Interests.Gaming), states[c]));
        Assert.All(states, s =>
        {
            var targeting = world.TargetingOf(world.Find(s.Key.Platform, s.Key.ExternalId)!.Index);
            Assert.Equal((targeting.AgeGroup, targeting.Interests), s.Value);
        });
    }

    [Fact]
    public async Task IngestAsync_PlatformReportsNoTargeting_KeepsTheStoredTargetingAndUpdatesTheRest()
    {
        await using var server = await SandboxServer.StartAsync(DefaultFamily.Preset(), 0, Ct);
        var world = server.World;
        world.Advance(6);
        var meta = world.AdSets.First(a => a.Ref.Platform == Platform.Instagram);
        world.Retarget(meta.Index, new AdSetTargeting(AgeGroup.Age45To54, Interests.Home | Interests.Food));
        await using var db = await TestDatabase.CreateAsync(cluster, DatabaseDialect.Sqlite);
        await using var etl = await SandboxEtl.StartAsync(server, db, grossMargin: 0.6m);
        var queries = new FeatureQueries(db.Database);
        var account = etl.Platforms.Accounts.Single(a => a.Platform == Platform.Instagram);
        await etl.InsightsAsync(world.Clock.GetUtcNow());

        // The platform then says nothing of targeting (an account whose token may not read it, an odd answer) while the
        // ad set's budget changed: the budget is stored, the targeting read before stays.
        var budget = world.SettingsOf(meta.Index).DailyBudget + 1m;
        world.Change(meta.Index, s => s with { DailyBudget = budget });
        await new InsightsIngestion(etl.Store).IngestAsync(
            etl.StoreId, account, new WithoutTargeting(etl.Platforms.For(account)), world.TimeZone, world.Clock.GetUtcNow(), Ct);

        var stored = (await queries.ListAdSetsAsync(etl.StoreId, Ct)).Single(a => a.ExternalId == meta.Ref.ExternalId);
        Assert.Equal(budget, stored.DailyBudget);
        Assert.Equal("45-54", stored.TargetAgeGroup);
        Assert.Equal(["home", "food"], stored.Interests);
    }

    /// <summary>Each stored ad set's target_age_group and interests (joined), by ad set.</summary>
    private static async Task<Dictionary<AdSetRef, (string?, string)>> StoredAsync(FeatureQueries queries, long storeId) =>
        (await queries.ListAdSetsAsync(storeId, Ct)).ToDictionary(
            a => new AdSetRef(a.Platform, a.ExternalId), a => (a.TargetAgeGroup, string.Join(',', a.Interests)));

    /// <summary>The sandbox's targeting of the ad sets, as the store should hold it.</summary>
    private static Dictionary<AdSetRef, (string?, string)> Expected(SandboxWorld world, IEnumerable<AdSetRef> adSets) =>
        adSets.ToDictionary(a => a, a =>
        {
            var targeting = world.TargetingOf(world.Find(a.Platform, a.ExternalId)!.Index);
            return ((string?)targeting.AgeGroup.Label(), string.Join(',', new AdSetTargetingRead(targeting.AgeGroup, targeting.Interests).InterestNames));
        });

    /// <summary>A platform that reports its ad sets without their targeting.</summary>
    private sealed class WithoutTargeting(IAdPlatform inner) : IAdPlatform
    {
        public Platform Platform => inner.Platform;

        public Task<IReadOnlyList<AdSetHourInsight>> GetHourlyInsightsAsync(AdAccountRef account, DateOnly day, CancellationToken cancellationToken) =>
            inner.GetHourlyInsightsAsync(account, day, cancellationToken);

        public Task<IReadOnlyList<AdSetDayInsight>> GetDailyInsightsAsync(AdAccountRef account, DateOnly from, DateOnly to, CancellationToken cancellationToken) =>
            inner.GetDailyInsightsAsync(account, from, to, cancellationToken);

        public async Task<IReadOnlyList<AdSetSnapshot>> GetAdSetsAsync(AdAccountRef account, CancellationToken cancellationToken) =>
            [.. (await inner.GetAdSetsAsync(account, cancellationToken)).Select(a => a with { Targeting = null })];

        public Task UpdateAdSetAsync(AdAccountRef account, AdSetUpdate update, CancellationToken cancellationToken) =>
            inner.UpdateAdSetAsync(account, update, cancellationToken);
    }
}
