using AdPilot.Core.Domain;
using AdPilot.Storage.Connections;
using Dapper;

namespace AdPilot.Storage.Snapshots;

/// <summary>Budget snapshots on either dialect; see <see cref="IBudgetSnapshotStore"/>.</summary>
/// <param name="database">The database.</param>
public sealed class BudgetSnapshotStore(StorageDatabase database) : IBudgetSnapshotStore
{
    /// <inheritdoc />
    public async Task SaveAsync(long storeId, IReadOnlyList<BudgetSnapshot> snapshots, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(snapshots);
        const string sql = """
            INSERT INTO budget_snapshots (store_id, platform, adset_external_id, captured_at, daily_budget, currency, set_by, status)
            VALUES (@StoreId, @Platform, @AdSet, @CapturedAt, @DailyBudget, @Currency, @SetBy, @Status)
            ON CONFLICT (store_id, platform, adset_external_id, captured_at) DO NOTHING
            """;
        await database.InTransactionAsync(
            (connection, transaction) => connection.ExecuteAsync(new CommandDefinition(
                sql,
                snapshots.Select(s => new
                {
                    StoreId = storeId,
                    Platform = Sql.Name(s.AdSet.Platform),
                    AdSet = s.AdSet.ExternalId,
                    CapturedAt = Sql.Utc(s.CapturedAt),
                    s.DailyBudget,
                    s.Currency,
                    SetBy = s.SetBy == BudgetSetter.Human ? "human" : "adpilot",
                    Status = s.Status switch
                    {
                        AdSetStatus.Active => "active",
                        AdSetStatus.Paused => "paused",
                        _ => null,
                    },
                }),
                transaction,
                cancellationToken: cancellationToken)),
            cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<BudgetSnapshot>> LatestHumanBudgetsAsync(long storeId, CancellationToken cancellationToken)
    {
        const string sql = """
            SELECT s.platform, s.adset_external_id, s.daily_budget, s.currency, s.captured_at, s.status
            FROM budget_snapshots s
            WHERE s.store_id = @storeId AND s.set_by = 'human'
              AND s.captured_at = (SELECT max(l.captured_at) FROM budget_snapshots l
                                   WHERE l.store_id = s.store_id AND l.platform = s.platform AND l.adset_external_id = s.adset_external_id AND l.set_by = 'human')
            ORDER BY s.platform, s.adset_external_id
            """;
        await using var connection = await database.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        var rows = await connection.QueryAsync<Row>(new CommandDefinition(sql, new { storeId }, cancellationToken: cancellationToken)).ConfigureAwait(false);
        return [.. rows.Select(r => new BudgetSnapshot(new AdSetRef(Sql.ParsePlatform(r.Platform), r.AdsetExternalId), r.DailyBudget, r.Currency.Trim(), r.CapturedAt, BudgetSetter.Human, ParseStatus(r.Status)))];
    }

    /// <inheritdoc />
    public async Task<DateTimeOffset?> LatestHumanCaptureAsync(long storeId, AdSetRef adSet, CancellationToken cancellationToken)
    {
        const string sql = """
            SELECT max(captured_at) AS CapturedAt FROM budget_snapshots
            WHERE store_id = @storeId AND platform = @platform AND adset_external_id = @id AND set_by = 'human'
            """;
        await using var connection = await database.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        var row = await connection.QuerySingleAsync<CaptureRow>(new CommandDefinition(
            sql, new { storeId, platform = Sql.Name(adSet.Platform), id = adSet.ExternalId }, cancellationToken: cancellationToken)).ConfigureAwait(false);
        return row.CapturedAt;
    }

    private static AdSetStatus? ParseStatus(string? status) => status switch
    {
        "active" => AdSetStatus.Active,
        "paused" => AdSetStatus.Paused,
        _ => null,
    };

    private sealed class CaptureRow
    {
        public DateTimeOffset? CapturedAt { get; set; }
    }

    private sealed class Row
    {
        public string Platform { get; set; } = string.Empty;

        public string AdsetExternalId { get; set; } = string.Empty;

        public decimal DailyBudget { get; set; }

        public string Currency { get; set; } = string.Empty;

        public DateTimeOffset CapturedAt { get; set; }

        public string? Status { get; set; }
    }
}
