using AdPilot.Core.Domain;
using AdPilot.Storage.Connections;
using AdPilot.Storage.Ingestion;
using AdPilot.Storage.Stores;
using AdPilot.Storage.Testing;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Engines;
using Dapper;

namespace AdPilot.Benchmarks.Storage;

/// <summary>
/// Hourly insight ingest through <see cref="IngestionStore.LoadInsightsAsync"/>, the production path: validation, then
/// binary COPY into a staging table and one upsert on PostgreSQL (a throwaway local cluster, durability as configured by
/// <see cref="ThrowawayPostgres"/>: fsync off), or a prepared upsert per row on SQLite (WAL, synchronous=NORMAL). One
/// invocation loads 100,000 new rows (500 ad sets × 200 hours) into an empty table; times are per row, so rows/s = 1e9 ÷ ns.
/// Targets: PostgreSQL ≥ 100,000 rows/s, SQLite ≥ 20,000 rows/s.
/// </summary>
[SimpleJob(RunStrategy.Monitoring, launchCount: 1, warmupCount: 1, iterationCount: 7)]
[MemoryDiagnoser]
[MedianColumn]
public class InsightIngestBenchmarks
{
    private const int AdSets = 500;
    private const int Hours = 200;
    private const int Rows = AdSets * Hours;

    private ThrowawayPostgres? _postgres;
    private string? _folder;
    private StorageDatabase _database = null!;
    private IngestionStore _ingestion = null!;
    private long _storeId;
    private InsightRow[] _rows = [];

    /// <summary>Gets or sets the database.</summary>
    [Params(DatabaseDialect.PostgreSql, DatabaseDialect.Sqlite)]
    public DatabaseDialect Dialect { get; set; }

    [GlobalSetup]
    public async Task Setup()
    {
        DatabaseTarget target;
        if (Dialect == DatabaseDialect.PostgreSql)
        {
            _postgres = new ThrowawayPostgres();
            await _postgres.StartAsync();
            target = DatabaseTarget.Parse(await _postgres.CreateMigratedDatabaseAsync());
        }
        else
        {
            _folder = Directory.CreateTempSubdirectory("adpilot-bench-sqlite-").FullName;
            target = DatabaseTarget.Sqlite(Path.Combine(_folder, "adpilot.db"));
        }

        _database = await StorageDatabase.OpenMigratedAsync(target, CancellationToken.None);
        var since = new DateTimeOffset(2025, 1, 1, 0, 0, 0, TimeSpan.Zero);
        _storeId = await new StoreDirectory(_database, TimeProvider.System).UpsertAsync(
            new StoreProfile { ShopDomain = "bench.myshopify.com", Currency = "USD", TimeZone = "America/New_York", GrossMargin = 0.6m, DataSince = since },
            CancellationToken.None);
        _ingestion = new IngestionStore(_database, TimeProvider.System);
        await _ingestion.UpsertAdAccountsAsync(_storeId, [new AdAccountRecord(Platform.Instagram, "act_1", "Main", "USD")], CancellationToken.None);
        await _ingestion.UpsertCampaignsAsync(_storeId, [new CampaignRecord(Platform.Instagram, "c1", "act_1", "Prospecting", "ACTIVE")], CancellationToken.None);
        await _ingestion.UpsertAdSetsAsync(
            _storeId,
            [.. Enumerable.Range(0, AdSets).Select(i => new AdSetRecord
            {
                Platform = Platform.Instagram,
                ExternalId = $"as{i}",
                CampaignExternalId = "c1",
                Name = $"Ad set {i}",
                Status = "ACTIVE",
                DailyBudget = 50m,
                Currency = "USD",
            })],
            CancellationToken.None);

        var first = new DateTimeOffset(2025, 6, 1, 0, 0, 0, TimeSpan.Zero);
        _rows = [.. Enumerable.Range(0, Rows).Select(i =>
        {
            var adSet = i % AdSets;
            var hour = i / AdSets;
            return new InsightRow(Platform.Instagram, InsightEntityType.AdSet, $"as{adSet}", first.AddHours(hour), 1000 + i % 977, 10 + i % 53, 12.34m + (i % 100) / 100m, "USD", i % 5, 40.5m + (i % 300) / 10m);
        })];
    }

    [IterationSetup]
    public void EmptyTheTable()
    {
        using var connection = _database.OpenConnectionAsync(CancellationToken.None).GetAwaiter().GetResult();
        connection.Execute(Dialect == DatabaseDialect.PostgreSql ? "TRUNCATE insights_hourly" : "DELETE FROM insights_hourly");
    }

    [Benchmark(OperationsPerInvoke = Rows)]
    public Task<int> Load100kRows() => _ingestion.LoadInsightsAsync(_storeId, _rows, CancellationToken.None);

    [GlobalCleanup]
    public async Task Cleanup()
    {
        await _database.DisposeAsync();
        if (_postgres is not null)
        {
            await _postgres.DisposeAsync();
        }

        if (_folder is not null)
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            Directory.Delete(_folder, recursive: true);
        }
    }
}
