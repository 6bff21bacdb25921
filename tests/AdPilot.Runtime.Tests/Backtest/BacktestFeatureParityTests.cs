using AdPilot.Connectors.Exports;
using AdPilot.Core.Agents;
using AdPilot.Core.Domain;
using AdPilot.Core.Training.Backtest;
using AdPilot.Runtime.Backtest;
using AdPilot.Runtime.Features;
using AdPilot.Runtime.Ingestion;
using AdPilot.Storage.Connections;
using AdPilot.Storage.Features;
using AdPilot.Storage.Ingestion;
using AdPilot.Storage.Stores;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Time.Testing;

namespace AdPilot.Runtime.Tests.Backtest;

/// <summary>
/// The replay's states against the live feature store's: the fixture exports ingested into a SQLite database as the ETL
/// stores them, then the feature store asked for the same hours.
/// </summary>
public sealed class BacktestFeatureParityTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("adpilot-parity-").FullName;

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        Directory.Delete(_folder, recursive: true);
    }

    [Fact]
    public async Task Replay_StatesMatchTheLiveFeatureStoreOnTheSameHistory()
    {
        var ct = TestContext.Current.CancellationToken;
        var input = await ExportBacktestLoader.LoadAsync(BacktestFixtures.Files(), ct);
        var history = input.History;
        var recorder = new RecordingPolicy();
        BacktestReplay.Run(history, recorder, "fixed", new BacktestOptions { BootstrapSamples = 0 }, cancellationToken: ct);

        var time = new FakeTimeProvider(new DateTimeOffset(2025, 3, 12, 0, 0, 0, TimeSpan.Zero));
        await using var database = await StorageDatabase.OpenMigratedAsync(DatabaseTarget.Sqlite(Path.Combine(_folder, "parity.db")), ct);
        var stores = new StoreDirectory(database, time);
        var storeId = await stores.UpsertAsync(
            new StoreProfile { ShopDomain = "parity.myshopify.com", Currency = "USD", TimeZone = "America/New_York", GrossMargin = 0.5m, DataSince = history.FromUtc.AddDays(-1) },
            ct);
        var ingestion = new IngestionStore(database, time);
        await ingestion.UpsertAdAccountsAsync(storeId, [new(Platform.Instagram, "act", "Meta", "USD"), new(Platform.TikTok, "adv", "TikTok", "USD")], ct);
        await ingestion.UpsertCampaignsAsync(
            storeId, [.. history.AdSets.Select(a => new CampaignRecord(a.AdSet.Platform, a.CampaignId, a.AdSet.Platform == Platform.TikTok ? "adv" : "act", a.CampaignId, "ACTIVE")).Distinct()], ct);
        await ingestion.UpsertAdSetsAsync(storeId, [.. history.AdSets.Select(a => new AdSetRecord
        {
            Platform = a.AdSet.Platform,
            ExternalId = a.AdSet.ExternalId,
            CampaignExternalId = a.CampaignId,
            Name = a.Name,
            Status = "ACTIVE",
            DailyBudget = 100m,
            Currency = "USD",
        })], ct);
        var rows = history.AdSets.SelectMany((a, i) => history.Hours[i]
            .Select((h, t) => (h, t))
            .Where(x => x.h.Reported)
            .Select(x => new InsightRow(
                a.AdSet.Platform, InsightEntityType.AdSet, a.AdSet.ExternalId, history.FromUtc.AddHours(x.t), x.h.Impressions, x.h.Clicks, x.h.Spend, "USD", (int)(x.h.PlatformPurchases ?? 0), 0m)))
            .ToArray();
        await ingestion.LoadInsightsAsync(storeId, rows, ct);
        var orders = ShopifyOrdersExport.Read(await CsvDocument.LoadAsync(BacktestFixtures.Shopify, ct)).Orders;
        await ingestion.UpsertOrdersAsync(storeId, [.. orders.Select(o => ShopifyOrderRecords.ToRecord(o.Order))], ct);
        var features = new FeatureStore(new FeatureQueries(database), stores);

        // Hours on the first store-local day (the replay's budgets are then still the real ones) and later ones.
        foreach (var t in new[] { 6, 14, 20, 44, 67 })
        {
            var hour = history.FromUtc.AddHours(t);
            var live = (await features.StatesAsync(storeId, hour, ct)).ToDictionary(f => f.AdSet, f => f.State);
            for (var a = 0; a < history.AdSets.Count; a++)
            {
                var replayed = recorder.States[t][a];
                var stored = live[history.AdSets[a].AdSet];
                Assert.Equal((stored.DayOfWeek, stored.HourOfDay), (replayed.DayOfWeek, replayed.HourOfDay));
                Assert.Equal(stored.HistoricalCtr, replayed.HistoricalCtr, 12);
                Assert.Equal(stored.HistoricalCvr, replayed.HistoricalCvr, 12);
                Assert.Equal(stored.CompetitorActivity, replayed.CompetitorActivity, 12);
                Assert.Equal(stored.Seasonality, replayed.Seasonality, 12);
                if (t <= 20)
                {
                    Assert.True(Math.Abs(stored.SpendLast24Hours - replayed.SpendLast24Hours) < 1e-9, $"t {t} a {a}: {stored.SpendLast24Hours} vs {replayed.SpendLast24Hours}");
                    Assert.Equal(stored.RevenueLast24Hours, replayed.RevenueLast24Hours, 9);
                }
            }
        }

        Assert.Contains(recorder.States[44], s => s.RevenueLast24Hours > 0);
    }

    /// <summary>Keeps every budget, and records the states it was shown.</summary>
    private sealed class RecordingPolicy : IPolicy
    {
        public List<AdEnvironmentState[]> States { get; } = [];

        public string Name => "fixed";

        public void Reset(PolicyContext context)
        {
        }

        public void Decide(DecisionContext decision, Span<AdAction> actions, Span<double> propensities)
        {
            States.Add(decision.States.ToArray());
            for (var i = 0; i < actions.Length; i++)
            {
                actions[i] = AdAction.Keep(decision.States[i]);
                propensities[i] = 1;
            }
        }

        public void Observe(Transition transition)
        {
        }
    }
}
