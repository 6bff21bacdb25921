using System.Data.Common;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using AdPilot.Storage.Audit;
using AdPilot.Storage.Connections;
using Dapper;

namespace AdPilot.Storage.Secrets;

/// <summary>
/// Secrets encrypted at rest with AES-256-GCM on either dialect: a fresh 12-byte nonce per write, and the store id and name
/// as associated data, so a ciphertext copied to another row is refused. The key is passed in, never stored; rows record only
/// its fingerprint.
/// </summary>
/// <param name="database">The database.</param>
/// <param name="time">The clock.</param>
public sealed class SecretStore(StorageDatabase database, TimeProvider time)
{
    private const int NonceSize = 12;
    private const int TagSize = 16;

    /// <summary>Encrypts and stores a secret (a new one at version 1, else the next version).</summary>
    /// <param name="storeId">The store.</param>
    /// <param name="name">One of <see cref="SecretNames.All"/>.</param>
    /// <param name="value">The value; never logged or returned.</param>
    /// <param name="key">The key to encrypt with.</param>
    /// <param name="cancellationToken">Cancels the write.</param>
    /// <returns>The stored version.</returns>
    /// <exception cref="ArgumentException">The name is not known or the value is empty.</exception>
    /// <exception cref="SecretException">Stored secrets are under another key (every row shares one key, so rotation is whole).</exception>
    public Task<int> SetAsync(long storeId, string name, string value, SecretKey key, CancellationToken cancellationToken) =>
        SetAsync(storeId, name, value, key, AdminActor.Unattributed, cancellationToken);

    /// <summary>
    /// As <see cref="SetAsync(long, string, string, SecretKey, CancellationToken)"/>, recording <paramref name="actor"/> in
    /// the admin audit trail in the same transaction (the secret's name and version, never its value).
    /// </summary>
    /// <param name="storeId">The store.</param>
    /// <param name="name">The secret's name (see <see cref="SecretNames"/>).</param>
    /// <param name="value">The value; never logged or returned.</param>
    /// <param name="key">The key to encrypt with.</param>
    /// <param name="actor">Who sets it.</param>
    /// <param name="cancellationToken">Cancels the write.</param>
    /// <returns>The stored version.</returns>
    /// <exception cref="ArgumentException">The name is not known or the value is empty.</exception>
    /// <exception cref="SecretException">Stored secrets are under another key.</exception>
    public async Task<int> SetAsync(long storeId, string name, string value, SecretKey key, AdminActor actor, CancellationToken cancellationToken)
    {
        RequireKnown(name);
        ArgumentException.ThrowIfNullOrEmpty(value);
        ArgumentNullException.ThrowIfNull(key);
        ArgumentNullException.ThrowIfNull(actor);
        var (ciphertext, nonce) = Encrypt(storeId, name, value, key);
        const string sql = """
            INSERT INTO secrets (store_id, name, ciphertext, nonce, key_id, created_at, updated_at, version)
            VALUES (@storeId, @name, @ciphertext, @nonce, @keyId, @now, @now, 1)
            ON CONFLICT (store_id, name) DO UPDATE SET
                ciphertext = excluded.ciphertext, nonce = excluded.nonce, key_id = excluded.key_id,
                updated_at = excluded.updated_at, version = secrets.version + 1
            RETURNING version
            """;
        var now = time.GetUtcNow();
        return await database.InTransactionAsync(
            async (connection, transaction) =>
            {
                var other = await connection.QueryFirstOrDefaultAsync<string>(new CommandDefinition(
                    "SELECT key_id FROM secrets WHERE key_id <> @keyId LIMIT 1", new { keyId = key.Id }, transaction, cancellationToken: cancellationToken)).ConfigureAwait(false);
                if (other is not null)
                {
                    throw new SecretException($"the stored secrets are encrypted with key {other}, not the configured key {key.Id}: configure that key, or rotate to this one first");
                }

                var version = await connection.ExecuteScalarAsync<int>(new CommandDefinition(
                    sql, new { storeId, name, ciphertext, nonce, keyId = key.Id, now }, transaction, cancellationToken: cancellationToken)).ConfigureAwait(false);
                await AdminAuditSql.AppendAsync(
                    connection,
                    transaction,
                    database.Dialect,
                    storeId,
                    new AdminAuditRecord(
                        actor,
                        AdminActions.SecretSet,
                        name,
                        new Dictionary<string, string?> { ["name"] = name, ["version"] = version.ToString(CultureInfo.InvariantCulture), ["key_id"] = key.Id }),
                    now,
                    cancellationToken).ConfigureAwait(false);
                return version;
            },
            cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Decrypts one secret.</summary>
    /// <param name="storeId">The store.</param>
    /// <param name="name">The secret's name.</param>
    /// <param name="key">The key it was written with.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>The value, or <see langword="null"/> when none is stored.</returns>
    /// <exception cref="SecretException">It was written under another key, or altered or moved since.</exception>
    public async Task<string?> GetAsync(long storeId, string name, SecretKey key, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(key);
        await using var connection = await database.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        var row = await connection.QuerySingleOrDefaultAsync<Row>(new CommandDefinition(
            "SELECT store_id, name, ciphertext, nonce, key_id FROM secrets WHERE store_id = @storeId AND name = @name",
            new { storeId, name },
            cancellationToken: cancellationToken)).ConfigureAwait(false);
        return row is null ? null : Decrypt(row, key);
    }

    /// <summary>Decrypts every secret of a store.</summary>
    /// <param name="storeId">The store.</param>
    /// <param name="key">The key they were written with.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>Each name with its value.</returns>
    /// <exception cref="SecretException">One cannot be decrypted with <paramref name="key"/>.</exception>
    public async Task<IReadOnlyDictionary<string, string>> ReadAllAsync(long storeId, SecretKey key, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(key);
        await using var connection = await database.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        var rows = await connection.QueryAsync<Row>(new CommandDefinition(
            "SELECT store_id, name, ciphertext, nonce, key_id FROM secrets WHERE store_id = @storeId ORDER BY name",
            new { storeId },
            cancellationToken: cancellationToken)).ConfigureAwait(false);
        return rows.ToDictionary(r => r.Name, r => Decrypt(r, key), StringComparer.Ordinal);
    }

    /// <summary>What may be shown about a store's secrets: names, versions, key fingerprints and times; never values.</summary>
    /// <param name="storeId">The store.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>The secrets, by name.</returns>
    public async Task<IReadOnlyList<SecretInfo>> ListAsync(long storeId, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        var rows = await connection.QueryAsync<InfoRow>(new CommandDefinition(
            "SELECT name, version, key_id, created_at, updated_at FROM secrets WHERE store_id = @storeId ORDER BY name",
            new { storeId },
            cancellationToken: cancellationToken)).ConfigureAwait(false);
        return [.. rows.Select(r => new SecretInfo(r.Name, r.Version, r.KeyId, r.CreatedAt, r.UpdatedAt))];
    }

    /// <summary>
    /// Re-encrypts every secret in the database (every store) from <paramref name="oldKey"/> to <paramref name="newKey"/> in
    /// one transaction: either all rows move to the new key or none does. Rows already under the new key are left as they are,
    /// so an interrupted rotation can be run again.
    /// </summary>
    /// <param name="oldKey">The key the rows were written with.</param>
    /// <param name="newKey">The key to write them with.</param>
    /// <param name="cancellationToken">Cancels the rotation (nothing changes).</param>
    /// <returns>How many rows were re-encrypted.</returns>
    /// <exception cref="SecretException">A row cannot be decrypted with the old key; nothing changed.</exception>
    public Task<int> RotateAsync(SecretKey oldKey, SecretKey newKey, CancellationToken cancellationToken) =>
        RotateAsync(oldKey, newKey, AdminActor.Unattributed, cancellationToken);

    /// <summary>As <see cref="RotateAsync(SecretKey, SecretKey, CancellationToken)"/>, recording <paramref name="actor"/> in the audit trail in the same transaction (key fingerprints and the count only).</summary>
    /// <param name="oldKey">The key the rows were written with.</param>
    /// <param name="newKey">The key to write them with.</param>
    /// <param name="actor">Who rotates.</param>
    /// <param name="cancellationToken">Cancels the rotation (nothing changes).</param>
    /// <returns>How many rows were re-encrypted.</returns>
    /// <exception cref="SecretException">A row cannot be decrypted with the old key; nothing changed.</exception>
    public async Task<int> RotateAsync(SecretKey oldKey, SecretKey newKey, AdminActor actor, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(actor);
        ArgumentNullException.ThrowIfNull(oldKey);
        ArgumentNullException.ThrowIfNull(newKey);
        if (oldKey.SameAs(newKey))
        {
            throw new ArgumentException("the new key is the current key: rotate to a different key", nameof(newKey));
        }

        await using var connection = await database.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        var rows = (await connection.QueryAsync<Row>(new CommandDefinition(
            "SELECT store_id, name, ciphertext, nonce, key_id FROM secrets ORDER BY store_id, name",
            transaction: transaction,
            cancellationToken: cancellationToken)).ConfigureAwait(false)).ToList();
        var count = 0;
        foreach (var row in rows.Where(r => r.KeyId != newKey.Id))
        {
            var (ciphertext, nonce) = Encrypt(row.StoreId, row.Name, Decrypt(row, oldKey), newKey);
            await connection.ExecuteAsync(new CommandDefinition(
                "UPDATE secrets SET ciphertext = @ciphertext, nonce = @nonce, key_id = @keyId WHERE store_id = @storeId AND name = @name",
                new { ciphertext, nonce, keyId = newKey.Id, storeId = row.StoreId, name = row.Name },
                transaction,
                cancellationToken: cancellationToken)).ConfigureAwait(false);
            count++;
        }

        await AdminAuditSql.AppendAsync(
            connection,
            transaction,
            database.Dialect,
            null,
            new AdminAuditRecord(
                actor,
                AdminActions.SecretRotate,
                "all secrets",
                new Dictionary<string, string?>
                {
                    ["from_key_id"] = oldKey.Id,
                    ["to_key_id"] = newKey.Id,
                    ["names"] = string.Join(",", rows.Select(r => r.Name).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal)),
                    ["rows"] = count.ToString(CultureInfo.InvariantCulture),
                }),
            time.GetUtcNow(),
            cancellationToken).ConfigureAwait(false);
        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        return count;
    }

    private static void RequireKnown(string name)
    {
        if (!SecretNames.IsKnown(name))
        {
            throw new ArgumentException($"unknown secret name '{name}': expected one of {string.Join(", ", SecretNames.All)}", nameof(name));
        }
    }

    private static byte[] AssociatedData(long storeId, string name) =>
        Encoding.UTF8.GetBytes(string.Create(CultureInfo.InvariantCulture, $"adpilot-secret/v1\n{storeId}\n{name}"));

    private static (byte[] Ciphertext, byte[] Nonce) Encrypt(long storeId, string name, string value, SecretKey key)
    {
        var plaintext = Encoding.UTF8.GetBytes(value);
        var nonce = RandomNumberGenerator.GetBytes(NonceSize);
        var output = new byte[plaintext.Length + TagSize];
        using (var aes = new AesGcm(key.Bytes, TagSize))
        {
            aes.Encrypt(nonce, plaintext, output.AsSpan(0, plaintext.Length), output.AsSpan(plaintext.Length), AssociatedData(storeId, name));
        }

        CryptographicOperations.ZeroMemory(plaintext);
        return (output, nonce);
    }

    private static string Decrypt(Row row, SecretKey key)
    {
        if (row.KeyId != key.Id)
        {
            throw new SecretException($"secret {row.Name} was encrypted with key {row.KeyId}, not the configured key {key.Id}: configure the key it was written with, or rotate");
        }

        if (row.Nonce.Length != NonceSize || row.Ciphertext.Length < TagSize)
        {
            throw new SecretException($"secret {row.Name} is malformed at rest: set it again");
        }

        var length = row.Ciphertext.Length - TagSize;
        var plaintext = new byte[length];
        try
        {
            using var aes = new AesGcm(key.Bytes, TagSize);
            aes.Decrypt(row.Nonce, row.Ciphertext.AsSpan(0, length), row.Ciphertext.AsSpan(length), plaintext, AssociatedData(row.StoreId, row.Name));
            return Encoding.UTF8.GetString(plaintext);
        }
        catch (AuthenticationTagMismatchException)
        {
            throw new SecretException($"secret {row.Name} failed its integrity check: it was altered or moved from another row; set it again");
        }
        finally
        {
            CryptographicOperations.ZeroMemory(plaintext);
        }
    }

    private sealed class Row
    {
        public long StoreId { get; set; }

        public string Name { get; set; } = string.Empty;

        public byte[] Ciphertext { get; set; } = [];

        public byte[] Nonce { get; set; } = [];

        public string KeyId { get; set; } = string.Empty;
    }

    private sealed class InfoRow
    {
        public string Name { get; set; } = string.Empty;

        public int Version { get; set; }

        public string KeyId { get; set; } = string.Empty;

        public DateTimeOffset CreatedAt { get; set; }

        public DateTimeOffset UpdatedAt { get; set; }
    }
}
