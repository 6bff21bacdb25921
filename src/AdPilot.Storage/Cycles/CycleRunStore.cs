using AdPilot.Core.Domain;
using AdPilot.Storage.Connections;
using Dapper;

namespace AdPilot.Storage.Cycles;

/// <summary>The ledger of the hourly loop on either dialect; see <see cref="ICycleRunStore"/>.</summary>
/// <param name="database">The database.</param>
/// <param name="time">The clock, for start and finish times.</param>
public sealed class CycleRunStore(StorageDatabase database, TimeProvider time) : ICycleRunStore
{
    /// <summary>The most characters of an error message the ledger keeps.</summary>
    public const int MaxErrorLength = 1000;

    private const string Select =
        "SELECT id, store_id, platform, account_id, hour, status, worker, attempts, started_at, finished_at, error, summary_json FROM cycle_runs";

    /// <inheritdoc />
    public async Task<CycleRunClaim?> TryStartAsync(
        long storeId, Platform platform, string accountId, DateTimeOffset hour, string worker, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(accountId);
        ArgumentException.ThrowIfNullOrWhiteSpace(worker);
        var utcHour = Sql.Utc(hour);
        if (utcHour.Ticks % TimeSpan.TicksPerHour != 0)
        {
            throw new ArgumentException($"{hour:O} is not a whole UTC hour", nameof(hour));
        }

        await using var connection = await database.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        var row = await connection.QuerySingleOrDefaultAsync<ClaimRow>(new CommandDefinition(
            """
            INSERT INTO cycle_runs (store_id, platform, account_id, hour, status, worker, attempts, started_at)
            VALUES (@storeId, @platform, @accountId, @hour, 'running', @worker, 1, @now)
            ON CONFLICT (store_id, platform, account_id, hour) DO UPDATE
            SET status = 'running', worker = excluded.worker, attempts = cycle_runs.attempts + 1, started_at = excluded.started_at,
                finished_at = NULL, error = NULL, summary_json = NULL
            WHERE cycle_runs.status <> 'succeeded'
            RETURNING id, attempts
            """,
            new { storeId, platform = Sql.Name(platform), accountId, hour = utcHour, worker, now = time.GetUtcNow() },
            cancellationToken: cancellationToken)).ConfigureAwait(false);
        return row is null ? null : new CycleRunClaim(row.Id, storeId, platform, accountId, utcHour, worker, row.Attempts);
    }

    /// <inheritdoc />
    public async Task<bool> CompleteAsync(CycleRunClaim claim, bool succeeded, string? summaryJson, string? error, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(claim);
        await using var connection = await database.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        var updated = await connection.ExecuteAsync(new CommandDefinition(
            $"""
            UPDATE cycle_runs SET status = @status, finished_at = @now, error = @error, summary_json = {Sql.Json(database.Dialect, "@summaryJson")}
            WHERE id = @id AND attempts = @attempt AND worker = @worker AND status = 'running'
            """,
            new
            {
                status = succeeded ? "succeeded" : "failed",
                now = time.GetUtcNow(),
                error = Truncate(error),
                summaryJson,
                id = claim.Id,
                attempt = claim.Attempt,
                worker = claim.Worker,
            },
            cancellationToken: cancellationToken)).ConfigureAwait(false);
        return updated == 1;
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<CycleRun>> ListAsync(long storeId, DateTimeOffset from, DateTimeOffset to, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        var rows = await connection.QueryAsync<Row>(new CommandDefinition(
            $"{Select} WHERE store_id = @storeId AND hour >= @from AND hour < @to ORDER BY hour, platform, account_id",
            new { storeId, from = Sql.Utc(from), to = Sql.Utc(to) },
            cancellationToken: cancellationToken)).ConfigureAwait(false);
        return [.. rows.Select(r => r.ToRun())];
    }

    private static string? Truncate(string? error)
    {
        if (error is null || error.Length <= MaxErrorLength)
        {
            return error;
        }

        // Never cut between the two halves of a surrogate pair: PostgreSQL refuses the half that would be left.
        var length = char.IsHighSurrogate(error[MaxErrorLength - 1]) ? MaxErrorLength - 1 : MaxErrorLength;
        return error[..length];
    }

    private sealed class ClaimRow
    {
        public long Id { get; set; }

        public int Attempts { get; set; }
    }

    private sealed class Row
    {
        public long Id { get; set; }

        public long StoreId { get; set; }

        public string Platform { get; set; } = string.Empty;

        public string AccountId { get; set; } = string.Empty;

        public DateTimeOffset Hour { get; set; }

        public string Status { get; set; } = string.Empty;

        public string Worker { get; set; } = string.Empty;

        public int Attempts { get; set; }

        public DateTimeOffset StartedAt { get; set; }

        public DateTimeOffset? FinishedAt { get; set; }

        public string? Error { get; set; }

        public string? SummaryJson { get; set; }

        public CycleRun ToRun() => new(
            Id, StoreId, Sql.ParsePlatform(Platform), AccountId, Hour, EnumText.Parse<CycleRunStatus>(Status), Worker, Attempts, StartedAt, FinishedAt, Error, SummaryJson);
    }
}
