using AdPilot.Core.Creatives;
using AdPilot.Core.Domain;
using AdPilot.Storage.Connections;
using Dapper;

namespace AdPilot.Storage.Creatives;

/// <summary>
/// The creative tags of a store's ads (<c>creative_tags</c>), and the instants of its creative rotations as the action log
/// recorded them (for the rotation guardrails).
/// </summary>
/// <param name="database">The database.</param>
public sealed class CreativeStore(StorageDatabase database)
{
    /// <summary>The policy name the action log gives creative rotations.</summary>
    public const string RotationPolicy = "creative_rotation";

    /// <summary>
    /// Replaces the tags of the ad sets the given tags cover with them, in one transaction: an ad set's ads are all
    /// tagged anew, or none is (an ad no longer on the platform loses its row).
    /// </summary>
    /// <param name="storeId">The store.</param>
    /// <param name="tags">The tags of every ad of the ad sets they cover.</param>
    /// <param name="cancellationToken">Cancels the write; nothing is written then.</param>
    /// <returns>A task that completes when the tags are stored.</returns>
    public async Task ReplaceAsync(long storeId, IReadOnlyList<StoredCreativeTag> tags, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(tags);
        await using var connection = await database.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        foreach (var adSet in tags.Select(t => t.AdSet).Distinct())
        {
            await connection.ExecuteAsync(new CommandDefinition(
                "DELETE FROM creative_tags WHERE store_id = @storeId AND platform = @platform AND adset_external_id = @adSet",
                new { storeId, platform = Sql.Name(adSet.Platform), adSet = adSet.ExternalId },
                transaction,
                cancellationToken: cancellationToken)).ConfigureAwait(false);
        }

        const string insert = """
            INSERT INTO creative_tags (store_id, platform, ad_external_id, adset_external_id, ad_name, creative_type, source, note,
                                       status, platform_status, tagged_at)
            VALUES (@StoreId, @Platform, @AdId, @AdSetId, @AdName, @Type, @Source, @Note, @Status, @PlatformStatus, @TaggedAt)
            ON CONFLICT (store_id, platform, ad_external_id) DO UPDATE SET
                adset_external_id = excluded.adset_external_id, ad_name = excluded.ad_name, creative_type = excluded.creative_type,
                source = excluded.source, note = excluded.note, status = excluded.status, platform_status = excluded.platform_status,
                tagged_at = excluded.tagged_at
            """;
        foreach (var tag in tags)
        {
            await connection.ExecuteAsync(new CommandDefinition(
                insert,
                new
                {
                    StoreId = storeId,
                    Platform = Sql.Name(tag.AdSet.Platform),
                    tag.AdId,
                    AdSetId = tag.AdSet.ExternalId,
                    tag.AdName,
                    Type = tag.Type is { } type ? CreativeTypes.Word(type) : null,
                    Source = SourceWord(tag.Source),
                    tag.Note,
                    Status = tag.Status == AdSetStatus.Active ? "active" : "paused",
                    tag.PlatformStatus,
                    TaggedAt = Sql.Utc(tag.TaggedAt),
                },
                transaction,
                cancellationToken: cancellationToken)).ConfigureAwait(false);
        }

        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Every tag of the store, by platform, ad set and ad.</summary>
    /// <param name="storeId">The store.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>The tags.</returns>
    public async Task<IReadOnlyList<StoredCreativeTag>> ListAsync(long storeId, CancellationToken cancellationToken)
    {
        const string sql = """
            SELECT platform AS Platform, ad_external_id AS AdId, adset_external_id AS AdSetId, ad_name AS AdName, creative_type AS Type,
                   source AS Source, note AS Note, status AS Status, platform_status AS PlatformStatus, tagged_at AS TaggedAt
            FROM creative_tags WHERE store_id = @storeId
            ORDER BY platform, adset_external_id, ad_external_id
            """;
        await using var connection = await database.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        var rows = await connection.QueryAsync<Row>(new CommandDefinition(sql, new { storeId }, cancellationToken: cancellationToken)).ConfigureAwait(false);
        return [.. rows.Select(r => r.ToTag())];
    }

    /// <summary>
    /// When each ad set's creative rotations were applied (completed at or after <paramref name="since"/>), undone ones
    /// included: a rotation reverted by the kill switch still happened, and still counts against the rotation limits.
    /// </summary>
    /// <param name="storeId">The store.</param>
    /// <param name="since">The earliest completion.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>The instants per ad set, oldest first.</returns>
    public async Task<IReadOnlyDictionary<AdSetRef, IReadOnlyList<DateTimeOffset>>> RotationsSinceAsync(
        long storeId, DateTimeOffset since, CancellationToken cancellationToken)
    {
        const string sql = """
            SELECT platform AS Platform, adset_external_id AS AdSetId, completed_at AS CompletedAt
            FROM actions_log
            WHERE store_id = @storeId AND policy_name = @policy AND status IN ('applied', 'rolled_back')
              AND completed_at IS NOT NULL AND completed_at >= @since
            ORDER BY completed_at
            """;
        await using var connection = await database.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        var rows = await connection.QueryAsync<RotationRow>(new CommandDefinition(
            sql, new { storeId, policy = RotationPolicy, since = Sql.Utc(since) }, cancellationToken: cancellationToken)).ConfigureAwait(false);
        return rows
            .GroupBy(r => new AdSetRef(Sql.ParsePlatform(r.Platform), r.AdSetId))
            .ToDictionary(g => g.Key, g => (IReadOnlyList<DateTimeOffset>)[.. g.Select(r => Sql.ReadInstant(r.CompletedAt))]);
    }

    private static string SourceWord(CreativeTagSource source) => source switch
    {
        CreativeTagSource.Mapping => "mapping",
        CreativeTagSource.Convention => "convention",
        _ => "none",
    };

    private sealed class Row
    {
        public string Platform { get; set; } = string.Empty;

        public string AdId { get; set; } = string.Empty;

        public string AdSetId { get; set; } = string.Empty;

        public string AdName { get; set; } = string.Empty;

        public string? Type { get; set; }

        public string Source { get; set; } = string.Empty;

        public string Note { get; set; } = string.Empty;

        public string Status { get; set; } = string.Empty;

        public string PlatformStatus { get; set; } = string.Empty;

        public object TaggedAt { get; set; } = string.Empty;

        public StoredCreativeTag ToTag() => new(
            new AdSetRef(Sql.ParsePlatform(Platform), AdSetId),
            AdId,
            AdName,
            CreativeTypes.TryParse(Type, out var type) ? type : null,
            Source switch
            {
                "mapping" => CreativeTagSource.Mapping,
                "convention" => CreativeTagSource.Convention,
                _ => CreativeTagSource.None,
            },
            Note,
            string.Equals(Status, "active", StringComparison.Ordinal) ? AdSetStatus.Active : AdSetStatus.Paused,
            PlatformStatus,
            Sql.ReadInstant(TaggedAt));
    }

    private sealed class RotationRow
    {
        public string Platform { get; set; } = string.Empty;

        public string AdSetId { get; set; } = string.Empty;

        public object CompletedAt { get; set; } = string.Empty;
    }
}
