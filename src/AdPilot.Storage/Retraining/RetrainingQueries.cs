using AdPilot.Storage.Connections;
using Dapper;

namespace AdPilot.Storage.Retraining;

/// <summary>The retraining's counts on either dialect; see <see cref="IRetrainingQueries"/>.</summary>
/// <param name="database">The database.</param>
public sealed class RetrainingQueries(StorageDatabase database) : IRetrainingQueries
{
    /// <inheritdoc />
    public async Task<long> CountDecisionsAsync(
        long storeId, DateTimeOffset from, DateTimeOffset to, IReadOnlyCollection<string> excludedPolicies, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(excludedPolicies);
        var excluded = excludedPolicies.Count == 0
            ? string.Empty
            : database.Dialect == DatabaseDialect.PostgreSql ? "AND policy_name <> ALL(@excluded)" : "AND policy_name NOT IN @excluded";
        await using var connection = await database.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        return await connection.ExecuteScalarAsync<long>(new CommandDefinition(
            $"SELECT count(*) FROM actions_log WHERE store_id = @storeId AND ts_hour >= @from AND ts_hour < @to {excluded}",
            new { storeId, from = Sql.Utc(from), to = Sql.Utc(to), excluded = excludedPolicies.ToArray() },
            cancellationToken: cancellationToken)).ConfigureAwait(false);
    }
}
