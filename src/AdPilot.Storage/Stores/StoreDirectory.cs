using AdPilot.Core.Domain;
using AdPilot.Storage.Connections;
using Dapper;

namespace AdPilot.Storage.Stores;

/// <summary>Stores on either dialect.</summary>
/// <param name="database">The database.</param>
/// <param name="time">The clock, for updated_at.</param>
public sealed class StoreDirectory(StorageDatabase database, TimeProvider time) : IStoreDirectory
{
    private const string Select = "SELECT id, shop_domain, currency, time_zone, gross_margin, target_roas, data_since FROM stores";

    /// <inheritdoc />
    public async Task<long> UpsertAsync(StoreProfile profile, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(profile);
        Validate(profile);
        const string sql = """
            INSERT INTO stores (shop_domain, currency, time_zone, gross_margin, target_roas, data_since, created_at, updated_at)
            VALUES (@ShopDomain, @Currency, @TimeZone, @GrossMargin, @TargetRoas, @DataSince, @Now, @Now)
            ON CONFLICT (shop_domain) DO UPDATE SET
                currency = excluded.currency, time_zone = excluded.time_zone, gross_margin = excluded.gross_margin,
                target_roas = excluded.target_roas, data_since = excluded.data_since, updated_at = excluded.updated_at
            WHERE stores.currency <> excluded.currency OR stores.time_zone <> excluded.time_zone
                OR stores.gross_margin <> excluded.gross_margin OR stores.target_roas IS DISTINCT FROM excluded.target_roas
                OR stores.data_since <> excluded.data_since
            """;
        await using var connection = await database.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await connection.ExecuteAsync(new CommandDefinition(
            sql,
            new { profile.ShopDomain, profile.Currency, profile.TimeZone, profile.GrossMargin, profile.TargetRoas, DataSince = Sql.Utc(profile.DataSince), Now = time.GetUtcNow() },
            cancellationToken: cancellationToken)).ConfigureAwait(false);
        return await connection.ExecuteScalarAsync<long>(new CommandDefinition("SELECT id FROM stores WHERE shop_domain = @ShopDomain", new { profile.ShopDomain }, cancellationToken: cancellationToken)).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public async Task<StoredStore?> FindAsync(string shopDomain, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        var row = await connection.QuerySingleOrDefaultAsync<StoreRow>(new CommandDefinition($"{Select} WHERE shop_domain = @shopDomain", new { shopDomain }, cancellationToken: cancellationToken)).ConfigureAwait(false);
        return row?.ToStored();
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<StoredStore>> ListAsync(CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        var rows = await connection.QueryAsync<StoreRow>(new CommandDefinition($"{Select} ORDER BY shop_domain", cancellationToken: cancellationToken)).ConfigureAwait(false);
        return [.. rows.Select(r => r.ToStored())];
    }

    /// <inheritdoc />
    public async Task<StoredStore?> GetAsync(long storeId, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        var row = await connection.QuerySingleOrDefaultAsync<StoreRow>(new CommandDefinition($"{Select} WHERE id = @storeId", new { storeId }, cancellationToken: cancellationToken)).ConfigureAwait(false);
        return row?.ToStored();
    }

    private static void Validate(StoreProfile profile)
    {
        if (string.IsNullOrWhiteSpace(profile.ShopDomain))
        {
            throw new ArgumentException("a store needs its shop domain", nameof(profile));
        }

        if (!Money.IsCurrencyCode(profile.Currency))
        {
            throw new ArgumentException($"store currency '{profile.Currency}' is not a three-letter ISO 4217 code", nameof(profile));
        }

        if (!TimeZoneInfo.TryFindSystemTimeZoneById(profile.TimeZone, out _))
        {
            throw new ArgumentException($"store time zone '{profile.TimeZone}' is not a known IANA time zone", nameof(profile));
        }

        if (profile.GrossMargin is <= 0 or >= 1)
        {
            throw new ArgumentException("gross margin must be in (0, 1)", nameof(profile));
        }
    }

    private sealed class StoreRow
    {
        public long Id { get; set; }

        public string ShopDomain { get; set; } = string.Empty;

        public string Currency { get; set; } = string.Empty;

        public string TimeZone { get; set; } = string.Empty;

        public decimal GrossMargin { get; set; }

        public decimal? TargetRoas { get; set; }

        public DateTimeOffset DataSince { get; set; }

        public StoredStore ToStored() => new(Id, new StoreProfile
        {
            ShopDomain = ShopDomain,
            Currency = Currency.Trim(),
            TimeZone = TimeZone,
            GrossMargin = GrossMargin,
            TargetRoas = TargetRoas,
            DataSince = DataSince,
        });
    }
}
