using System.Data.Common;
using AdPilot.Storage.Audit;
using AdPilot.Storage.Connections;
using Dapper;

namespace AdPilot.Storage.Approvals;

/// <summary>Approvals on either dialect; see <see cref="IApprovalStore"/>.</summary>
/// <param name="database">The database.</param>
/// <param name="time">The clock, for request, decision and expiry times.</param>
public sealed class ApprovalStore(StorageDatabase database, TimeProvider time) : IApprovalStore
{
    private const string Select =
        "SELECT id, action_id, status, requested_at, expires_at, decided_by, decided_at, note, from_budget, to_budget, currency, consumed_at FROM approvals";

    /// <inheritdoc />
    public Task<Approval> RequestAsync(long storeId, long actionId, DateTimeOffset? expiresAt, CancellationToken cancellationToken) =>
        RequestAsync(storeId, actionId, expiresAt, null, cancellationToken);

    /// <inheritdoc />
    public async Task<Approval> RequestAsync(long storeId, long actionId, DateTimeOffset? expiresAt, ApprovedChange? change, CancellationToken cancellationToken)
    {
        return await database.InTransactionAsync(
            async (connection, transaction) =>
            {
                var status = await connection.ExecuteScalarAsync<string?>(new CommandDefinition(
                    "SELECT status FROM actions_log WHERE store_id = @storeId AND id = @actionId", new { storeId, actionId }, transaction, cancellationToken: cancellationToken)).ConfigureAwait(false);
                if (status != "pending_approval")
                {
                    throw new InvalidOperationException(status is null ? $"action {actionId} is not in the log of store {storeId}" : $"action {actionId} is {status}, not pending_approval");
                }

                await connection.ExecuteAsync(new CommandDefinition(
                    """
                    INSERT INTO approvals (store_id, action_id, status, requested_at, expires_at, from_budget, to_budget, currency)
                    VALUES (@storeId, @actionId, 'pending', @now, @expiresAt, @fromBudget, @toBudget, @currency)
                    ON CONFLICT (action_id) DO NOTHING
                    """,
                    new { storeId, actionId, now = time.GetUtcNow(), expiresAt = Sql.Utc(expiresAt), fromBudget = change?.FromBudget, toBudget = change?.ToBudget, currency = change?.Currency },
                    transaction,
                    cancellationToken: cancellationToken)).ConfigureAwait(false);
                return await SingleAsync(connection, transaction, "WHERE store_id = @storeId AND action_id = @actionId", new { storeId, actionId }, cancellationToken).ConfigureAwait(false);
            },
            cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public async Task<Approval> DecideAsync(long storeId, long approvalId, bool approve, string decidedBy, string? note, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(decidedBy);
        var now = time.GetUtcNow();
        var (approval, expired) = await database.InTransactionAsync(
            async (connection, transaction) =>
            {
                var current = await SingleAsync(connection, transaction, "WHERE store_id = @storeId AND id = @approvalId", new { storeId, approvalId }, cancellationToken).ConfigureAwait(false);
                if (current.Status != ApprovalStatus.Pending)
                {
                    throw new InvalidOperationException($"approval {approvalId} is already {EnumText.ToText(current.Status)}");
                }

                var expired = current.ExpiresAt is { } expiry && expiry <= now;
                var status = expired ? "expired" : approve ? "approved" : "rejected";
                var updated = await connection.ExecuteAsync(new CommandDefinition(
                    "UPDATE approvals SET status = @status, decided_by = @decidedBy, decided_at = @now, note = @note WHERE id = @approvalId AND status = 'pending'",
                    new { status, decidedBy = expired ? null : decidedBy, now, note = expired ? null : note, approvalId },
                    transaction,
                    cancellationToken: cancellationToken)).ConfigureAwait(false);
                if (updated != 1)
                {
                    // Another decision got there first (PostgreSQL's read committed lets two read it pending).
                    throw new InvalidOperationException($"approval {approvalId} was decided by someone else at the same time");
                }
                if (!expired)
                {
                    var details = new Dictionary<string, string?> { ["action_id"] = current.ActionId.ToString(System.Globalization.CultureInfo.InvariantCulture), ["note"] = note };
                    if (current.Change is { } change)
                    {
                        details["from_budget"] = change.FromBudget.ToString(System.Globalization.CultureInfo.InvariantCulture);
                        details["to_budget"] = change.ToBudget.ToString(System.Globalization.CultureInfo.InvariantCulture);
                        details["currency"] = change.Currency;
                    }

                    await AdminAuditSql.AppendAsync(
                        connection,
                        transaction,
                        database.Dialect,
                        storeId,
                        new AdminAuditRecord(AdminActor.Parse(decidedBy), approve ? AdminActions.Approve : AdminActions.Reject, $"approval {approvalId}", details),
                        now,
                        cancellationToken).ConfigureAwait(false);
                }

                if (approve && !expired)
                {
                    await connection.ExecuteAsync(new CommandDefinition(
                        "UPDATE actions_log SET status = 'intended', attempted_at = @now WHERE store_id = @storeId AND id = @actionId AND status = 'pending_approval'",
                        new { now, storeId, actionId = current.ActionId },
                        transaction,
                        cancellationToken: cancellationToken)).ConfigureAwait(false);
                }

                return (await SingleAsync(connection, transaction, "WHERE id = @approvalId", new { approvalId }, cancellationToken).ConfigureAwait(false), expired);
            },
            cancellationToken).ConfigureAwait(false);
        return expired ? throw new InvalidOperationException($"approval {approvalId} expired at {approval.ExpiresAt:u}; it was not {(approve ? "approved" : "rejected")}") : approval;
    }

    /// <inheritdoc />
    public async Task<(bool Authorised, string? Reason)> ConsumeAsync(
        long storeId, long actionId, decimal from, decimal to, string currency, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(currency);
        return await database.InTransactionAsync(
            async (connection, transaction) =>
            {
                var row = await connection.QuerySingleOrDefaultAsync<Row>(new CommandDefinition(
                    $"{Select} WHERE store_id = @storeId AND action_id = @actionId", new { storeId, actionId }, transaction, cancellationToken: cancellationToken)).ConfigureAwait(false);
                if (row is null)
                {
                    return (false, $"action {actionId} has no approval");
                }

                var approval = row.ToApproval();
                if (approval.Status != ApprovalStatus.Approved)
                {
                    return (false, $"approval {approval.Id} is {EnumText.ToText(approval.Status)}, not approved");
                }

                if (approval.Change is not { } change)
                {
                    return (false, $"approval {approval.Id} does not say which change it approves (requested before approvals recorded amounts)");
                }

                if (change.FromBudget != from || change.ToBudget != to || !string.Equals(change.Currency, currency, StringComparison.Ordinal))
                {
                    return (false, string.Create(
                        System.Globalization.CultureInfo.InvariantCulture,
                        $"approval {approval.Id} approves {change.FromBudget} → {change.ToBudget} {change.Currency}, not {from} → {to} {currency}"));
                }

                var status = await connection.ExecuteScalarAsync<string?>(new CommandDefinition(
                    "SELECT status FROM actions_log WHERE store_id = @storeId AND id = @actionId", new { storeId, actionId }, transaction, cancellationToken: cancellationToken)).ConfigureAwait(false);
                if (status != "intended")
                {
                    return (false, $"action {actionId} is {status ?? "missing"}, not an open intent");
                }

                if (approval.ConsumedAt is not null)
                {
                    // Consumed by this same action's earlier attempt whose call failed transiently: the retry is that one application.
                    return (true, null);
                }

                var consumed = await connection.ExecuteAsync(new CommandDefinition(
                    "UPDATE approvals SET consumed_at = @now WHERE id = @id AND consumed_at IS NULL",
                    new { now = time.GetUtcNow(), id = approval.Id },
                    transaction,
                    cancellationToken: cancellationToken)).ConfigureAwait(false);
                return consumed == 1 ? (true, null) : (false, $"approval {approval.Id} was consumed already");
            },
            cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<Approval>> ListPendingAsync(long storeId, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        var rows = await connection.QueryAsync<Row>(new CommandDefinition(
            $"{Select} WHERE store_id = @storeId AND status = 'pending' AND (expires_at IS NULL OR expires_at > @now) ORDER BY requested_at, id",
            new { storeId, now = time.GetUtcNow() },
            cancellationToken: cancellationToken)).ConfigureAwait(false);
        return [.. rows.Select(r => r.ToApproval())];
    }

    private static async Task<Approval> SingleAsync(DbConnection connection, DbTransaction transaction, string where, object parameters, CancellationToken cancellationToken)
    {
        var row = await connection.QuerySingleOrDefaultAsync<Row>(new CommandDefinition($"{Select} {where}", parameters, transaction, cancellationToken: cancellationToken)).ConfigureAwait(false);
        return row?.ToApproval() ?? throw new InvalidOperationException("no such approval for this store");
    }

    private sealed class Row
    {
        public long Id { get; set; }

        public long ActionId { get; set; }

        public string Status { get; set; } = string.Empty;

        public DateTimeOffset RequestedAt { get; set; }

        public DateTimeOffset? ExpiresAt { get; set; }

        public string? DecidedBy { get; set; }

        public DateTimeOffset? DecidedAt { get; set; }

        public string? Note { get; set; }

        public decimal? FromBudget { get; set; }

        public decimal? ToBudget { get; set; }

        public string? Currency { get; set; }

        public DateTimeOffset? ConsumedAt { get; set; }

        /// <summary>PostgreSQL's numeric(18, 4) reads back with four decimals; the amount as written reads the same on both dialects.</summary>
        private static decimal Normal(decimal amount) => amount / 1.000000000000000000000000000000000m;

        public Approval ToApproval() => new(
            Id,
            ActionId,
            EnumText.Parse<ApprovalStatus>(Status),
            RequestedAt,
            ExpiresAt,
            DecidedBy,
            DecidedAt,
            Note,
            FromBudget is { } from && ToBudget is { } to && Currency is { } currency ? new ApprovedChange(Normal(from), Normal(to), currency.Trim()) : null,
            ConsumedAt);
    }
}
