using System.Text.Json;
using AdPilot.Core.Domain;
using AdPilot.Storage.Connections;
using Dapper;

namespace AdPilot.Storage.Onboarding;

/// <summary>The connections <c>adpilot connect</c> records and the ad accounts chosen, on either dialect; upserts, so connecting again changes nothing twice.</summary>
/// <param name="database">The database.</param>
/// <param name="time">The clock, for updated_at.</param>
public sealed class PlatformConnectionStore(StorageDatabase database, TimeProvider time)
{
    /// <summary>The platform names a connection is kept under.</summary>
    public static readonly IReadOnlyList<string> Platforms = ["shopify", "meta", "tiktok"];

    /// <summary>Records a connection and its chosen accounts in one transaction.</summary>
    /// <param name="connection">The connection.</param>
    /// <param name="accounts">The accounts chosen (none for Shopify).</param>
    /// <param name="cancellationToken">Cancels the write.</param>
    /// <returns>A task that completes when both are written.</returns>
    public async Task SaveAsync(PlatformConnection connection, IReadOnlyList<ConnectedAccount> accounts, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(connection);
        ArgumentNullException.ThrowIfNull(accounts);
        if (!Platforms.Contains(connection.Platform, StringComparer.Ordinal))
        {
            throw new ArgumentException($"unknown platform '{connection.Platform}'", nameof(connection));
        }

        const string upsertConnection = """
            INSERT INTO platform_connections (store_id, platform, app_id, base_url, granted_scopes, token_expires_at, connected_at, refreshed_at, updated_at)
            VALUES (@StoreId, @Platform, @AppId, @BaseUrl, @Scopes, @ExpiresAt, @ConnectedAt, @RefreshedAt, @Now)
            ON CONFLICT (store_id, platform) DO UPDATE SET
                app_id = excluded.app_id, base_url = excluded.base_url, granted_scopes = excluded.granted_scopes,
                token_expires_at = excluded.token_expires_at, connected_at = excluded.connected_at,
                refreshed_at = excluded.refreshed_at, updated_at = excluded.updated_at
            """;
        const string upsertAccount = """
            INSERT INTO ad_accounts (store_id, platform, external_id, name, currency, updated_at, time_zone, connected_at, budget_owning_campaigns)
            VALUES (@StoreId, @Platform, @ExternalId, @Name, @Currency, @Now, @TimeZone, @ConnectedAt, @Owning)
            ON CONFLICT (store_id, platform, external_id) DO UPDATE SET
                name = excluded.name, currency = excluded.currency, updated_at = excluded.updated_at, time_zone = excluded.time_zone,
                connected_at = excluded.connected_at, budget_owning_campaigns = excluded.budget_owning_campaigns
            """;
        var now = time.GetUtcNow();
        await database.InTransactionAsync(
            async (db, transaction) =>
            {
                await db.ExecuteAsync(new CommandDefinition(
                    upsertConnection,
                    new
                    {
                        connection.StoreId,
                        connection.Platform,
                        connection.AppId,
                        connection.BaseUrl,
                        Scopes = JsonSerializer.Serialize(connection.GrantedScopes, StorageJsonContext.Default.IReadOnlyListString),
                        ExpiresAt = Sql.Utc(connection.TokenExpiresAt),
                        ConnectedAt = Sql.Utc(connection.ConnectedAt),
                        RefreshedAt = Sql.Utc(connection.RefreshedAt),
                        Now = now,
                    },
                    transaction,
                    cancellationToken: cancellationToken)).ConfigureAwait(false);
                foreach (var account in accounts)
                {
                    await db.ExecuteAsync(new CommandDefinition(
                        upsertAccount,
                        new
                        {
                            connection.StoreId,
                            Platform = Sql.Name(account.Platform),
                            account.ExternalId,
                            account.Name,
                            account.Currency,
                            Now = now,
                            account.TimeZone,
                            ConnectedAt = Sql.Utc(account.ConnectedAt),
                            Owning = JsonSerializer.Serialize(account.BudgetOwningCampaigns, StorageJsonContext.Default.IReadOnlyListString),
                        },
                        transaction,
                        cancellationToken: cancellationToken)).ConfigureAwait(false);
                }

                return 0;
            },
            cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Records a refreshed token's expiry.</summary>
    /// <param name="storeId">The store.</param>
    /// <param name="platform">The platform.</param>
    /// <param name="expiresAt">The new token's expiry.</param>
    /// <param name="cancellationToken">Cancels the write.</param>
    /// <returns>Whether a connection was updated.</returns>
    public async Task<bool> RecordRefreshAsync(long storeId, string platform, DateTimeOffset? expiresAt, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        await using var connection = await database.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        return await connection.ExecuteAsync(new CommandDefinition(
            "UPDATE platform_connections SET token_expires_at = @expiresAt, refreshed_at = @now, updated_at = @now WHERE store_id = @storeId AND platform = @platform",
            new { storeId, platform, expiresAt = Sql.Utc(expiresAt), now },
            cancellationToken: cancellationToken)).ConfigureAwait(false) == 1;
    }

    /// <summary>Reads a store's connections.</summary>
    /// <param name="storeId">The store.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>The connections, by platform.</returns>
    public async Task<IReadOnlyList<PlatformConnection>> ListAsync(long storeId, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        var rows = await connection.QueryAsync<ConnectionRow>(new CommandDefinition(
            "SELECT store_id, platform, app_id, base_url, granted_scopes, token_expires_at, connected_at, refreshed_at FROM platform_connections WHERE store_id = @storeId ORDER BY platform",
            new { storeId },
            cancellationToken: cancellationToken)).ConfigureAwait(false);
        return [.. rows.Select(r => r.ToConnection())];
    }

    /// <summary>Reads one connection.</summary>
    /// <param name="storeId">The store.</param>
    /// <param name="platform">The platform.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>The connection, or null.</returns>
    public async Task<PlatformConnection?> GetAsync(long storeId, string platform, CancellationToken cancellationToken) =>
        (await ListAsync(storeId, cancellationToken).ConfigureAwait(false)).FirstOrDefault(c => c.Platform == platform);

    /// <summary>Reads the accounts connected for a store (ingested-only accounts are left out).</summary>
    /// <param name="storeId">The store.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>The accounts, by platform and id.</returns>
    public async Task<IReadOnlyList<ConnectedAccount>> ListAccountsAsync(long storeId, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        var rows = await connection.QueryAsync<AccountRow>(new CommandDefinition(
            """
            SELECT platform, external_id, name, currency, time_zone, budget_owning_campaigns, connected_at
            FROM ad_accounts WHERE store_id = @storeId AND connected_at IS NOT NULL ORDER BY platform, external_id
            """,
            new { storeId },
            cancellationToken: cancellationToken)).ConfigureAwait(false);
        return [.. rows.Select(r => r.ToAccount())];
    }

    private static IReadOnlyList<string> List(string? json) =>
        string.IsNullOrEmpty(json) ? [] : JsonSerializer.Deserialize(json, StorageJsonContext.Default.IReadOnlyListString) ?? [];

    private sealed class ConnectionRow
    {
        public long StoreId { get; set; }

        public string Platform { get; set; } = string.Empty;

        public string? AppId { get; set; }

        public string? BaseUrl { get; set; }

        public string GrantedScopes { get; set; } = "[]";

        public object? TokenExpiresAt { get; set; }

        public object ConnectedAt { get; set; } = string.Empty;

        public object? RefreshedAt { get; set; }

        public PlatformConnection ToConnection() => new(
            StoreId,
            Platform,
            AppId,
            BaseUrl,
            List(GrantedScopes),
            TokenExpiresAt is null ? null : Sql.ReadInstant(TokenExpiresAt),
            Sql.ReadInstant(ConnectedAt),
            RefreshedAt is null ? null : Sql.ReadInstant(RefreshedAt));
    }

    private sealed class AccountRow
    {
        public string Platform { get; set; } = string.Empty;

        public string ExternalId { get; set; } = string.Empty;

        public string Name { get; set; } = string.Empty;

        public string Currency { get; set; } = string.Empty;

        public string? TimeZone { get; set; }

        public string BudgetOwningCampaigns { get; set; } = "[]";

        public object ConnectedAt { get; set; } = string.Empty;

        public ConnectedAccount ToAccount() => new(
            Sql.ParsePlatform(Platform),
            ExternalId,
            Name,
            Currency.Trim(),
            TimeZone ?? "UTC",
            List(BudgetOwningCampaigns),
            Sql.ReadInstant(ConnectedAt));
    }
}
