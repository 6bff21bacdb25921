using AdPilot.Core.Domain;
using AdPilot.Storage.Connections;
using Dapper;

namespace AdPilot.Storage.Rewards;

/// <summary>Rewards on either dialect; see <see cref="IRewardStore"/>.</summary>
/// <param name="database">The database.</param>
/// <param name="time">The clock, for computed_at.</param>
public sealed class RewardStore(StorageDatabase database, TimeProvider time) : IRewardStore
{
    /// <inheritdoc />
    public async Task UpsertAsync(long storeId, IReadOnlyList<RewardRecord> rewards, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(rewards);
        const string sql = """
            INSERT INTO rewards (store_id, platform, adset_external_id, ts_hour, revenue, spend, cogs, profit, currency, roas, margin_roas, conversions, reward, details, computed_at)
            VALUES (@StoreId, @Platform, @AdSet, @Hour, @Revenue, @Spend, @Cogs, @Profit, @Currency, @Roas, @MarginRoas, @Conversions, @Reward, @Details, @Now)
            ON CONFLICT (store_id, platform, adset_external_id, ts_hour) DO UPDATE SET
                revenue = excluded.revenue, spend = excluded.spend, cogs = excluded.cogs, profit = excluded.profit, currency = excluded.currency,
                roas = excluded.roas, margin_roas = excluded.margin_roas, conversions = excluded.conversions, reward = excluded.reward,
                details = excluded.details, computed_at = excluded.computed_at
            WHERE rewards.revenue <> excluded.revenue OR rewards.spend <> excluded.spend OR rewards.cogs <> excluded.cogs
                OR rewards.profit <> excluded.profit OR rewards.currency <> excluded.currency OR rewards.conversions <> excluded.conversions
                OR rewards.reward <> excluded.reward OR rewards.roas IS DISTINCT FROM excluded.roas OR rewards.margin_roas IS DISTINCT FROM excluded.margin_roas
                OR rewards.details IS DISTINCT FROM excluded.details
            """;
        foreach (var (reward, i) in rewards.Select((r, i) => (r, i)))
        {
            if (!double.IsFinite(reward.Reward) || reward.Roas is { } roas && !double.IsFinite(roas) || reward.MarginRoas is { } margin && !double.IsFinite(margin))
            {
                throw new ArgumentException($"reward row {i} ({reward.AdSet} at {reward.Hour:u}): reward, roas and margin_roas must be finite numbers", nameof(rewards));
            }

            if (reward.Spend < 0 || reward.Conversions < 0)
            {
                throw new ArgumentException($"reward row {i} ({reward.AdSet} at {reward.Hour:u}): spend and conversions must not be negative", nameof(rewards));
            }
        }

        var now = time.GetUtcNow();
        await database.InTransactionAsync(
            (connection, transaction) => EachRow.ExecuteAsync(
                connection,
                transaction,
                sql,
                ["StoreId", "Platform", "AdSet", "Hour", "Revenue", "Spend", "Cogs", "Profit", "Currency", "Roas", "MarginRoas", "Conversions", "Reward", "Details", "Now"],
                rewards,
                (r, v) =>
                {
                    v[0] = storeId;
                    v[1] = Sql.Name(r.AdSet.Platform);
                    v[2] = r.AdSet.ExternalId;
                    v[3] = Sql.Utc(r.Hour);
                    v[4] = r.Revenue;
                    v[5] = r.Spend;
                    v[6] = r.Cogs;
                    v[7] = r.Profit;
                    v[8] = r.Currency;
                    v[9] = r.Roas;
                    v[10] = r.MarginRoas;
                    v[11] = r.Conversions;
                    v[12] = r.Reward;
                    v[13] = r.Details;
                    v[14] = now;
                },
                cancellationToken),
            cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<RewardRecord>> ListAsync(long storeId, AdSetRef? adSet, DateTimeOffset from, DateTimeOffset to, CancellationToken cancellationToken)
    {
        var filter = adSet is null ? string.Empty : "AND platform = @Platform AND adset_external_id = @AdSet";
        var sql = $"""
            SELECT platform, adset_external_id, ts_hour, revenue, spend, cogs, profit, currency, roas, margin_roas, conversions, reward, details
            FROM rewards WHERE store_id = @StoreId AND ts_hour >= @From AND ts_hour < @To {filter}
            ORDER BY ts_hour, platform, adset_external_id
            """;
        await using var connection = await database.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        var rows = await connection.QueryAsync<Row>(new CommandDefinition(
            sql,
            new { StoreId = storeId, From = Sql.Utc(from), To = Sql.Utc(to), Platform = adSet is { } a ? Sql.Name(a.Platform) : null, AdSet = adSet?.ExternalId },
            cancellationToken: cancellationToken)).ConfigureAwait(false);
        return [.. rows.Select(r => new RewardRecord(
            new AdSetRef(Sql.ParsePlatform(r.Platform), r.AdsetExternalId), r.TsHour, r.Revenue, r.Spend, r.Cogs, r.Profit, r.Currency.Trim(), r.Roas, r.MarginRoas, (int)r.Conversions, r.Reward, r.Details))];
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<RewardHourTotals>> HourlyTotalsAsync(
        long storeId, Platform platform, IReadOnlyCollection<string> adSetIds, DateTimeOffset from, DateTimeOffset to, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(adSetIds);
        if (adSetIds.Count == 0)
        {
            return [];
        }

        var ids = Sql.InList(database.Dialect, "@ids");
        var sql = $"""
            SELECT ts_hour, revenue, spend FROM rewards
            WHERE store_id = @storeId AND platform = @platform AND adset_external_id {ids} AND ts_hour >= @from AND ts_hour < @to
            """;
        return await SumByHourAsync(
            new CommandDefinition(
                sql,
                new { storeId, platform = Sql.Name(platform), ids = adSetIds.ToArray(), from = Sql.Utc(from), to = Sql.Utc(to) },
                cancellationToken: cancellationToken),
            cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public Task<IReadOnlyList<RewardHourTotals>> StoreHourlyTotalsAsync(long storeId, DateTimeOffset from, DateTimeOffset to, CancellationToken cancellationToken) =>
        SumByHourAsync(
            new CommandDefinition(
                "SELECT ts_hour, revenue, spend FROM rewards WHERE store_id = @storeId AND ts_hour >= @from AND ts_hour < @to",
                new { storeId, from = Sql.Utc(from), to = Sql.Utc(to) },
                cancellationToken: cancellationToken),
            cancellationToken);

    /// <summary>
    /// Sums the rows (hour, revenue, spend) of a query per hour. The rows stream and are summed here, in decimal: SQLite
    /// keeps money as text, which its SUM would add in binary floating point.
    /// </summary>
    private async Task<IReadOnlyList<RewardHourTotals>> SumByHourAsync(CommandDefinition command, CancellationToken cancellationToken)
    {
        var totals = new SortedDictionary<DateTimeOffset, (decimal Revenue, decimal Spend)>();
        await using var connection = await database.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using var reader = await connection.ExecuteReaderAsync(command).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            var hour = Sql.ReadInstant(reader.GetValue(0));
            var (revenue, spend) = totals.GetValueOrDefault(hour);
            totals[hour] = (revenue + reader.GetDecimal(1), spend + reader.GetDecimal(2));
        }

        return [.. totals.Select(t => new RewardHourTotals(t.Key, t.Value.Revenue, t.Value.Spend))];
    }

    private sealed class Row
    {
        public string Platform { get; set; } = string.Empty;

        public string AdsetExternalId { get; set; } = string.Empty;

        public DateTimeOffset TsHour { get; set; }

        public decimal Revenue { get; set; }

        public decimal Spend { get; set; }

        public decimal Cogs { get; set; }

        public decimal Profit { get; set; }

        public string Currency { get; set; } = string.Empty;

        public double? Roas { get; set; }

        public double? MarginRoas { get; set; }

        public long Conversions { get; set; }

        public double Reward { get; set; }

        public string? Details { get; set; }
    }
}
