using System.Data.Common;
using AdPilot.Core.Domain;
using AdPilot.Core.Experiments;
using AdPilot.Core.Features;
using AdPilot.Core.Platforms;
using AdPilot.Storage.Audit;
using AdPilot.Storage.Connections;
using Dapper;

namespace AdPilot.Storage.Experiments;

/// <summary>
/// Targeting experiments (<c>targeting_experiments</c>) on either dialect. Every change of status is one conditional
/// update from the status the caller read, so two workers (or a person and a cycle) never both move an experiment: the
/// loser's update changes no row and it reads the experiment again.
/// </summary>
/// <param name="database">The database.</param>
/// <param name="time">The clock.</param>
public sealed class ExperimentStore(StorageDatabase database, TimeProvider time)
{
    private const string Select = """
        SELECT id AS Id, platform AS Platform, account_id AS AccountId, original_adset_id AS OriginalId, from_age_group AS FromAge,
               from_interests AS FromInterests, to_age_group AS ToAge, to_interests AS ToInterests, currency AS Currency, status AS Status,
               proposed_by AS ProposedBy, proposed_at AS ProposedAt, reason AS Reason, decided_by AS DecidedBy, decided_at AS DecidedAt,
               original_budget AS OriginalBudget, test_budget AS TestBudget, copy_name AS CopyName, copy_adset_id AS CopyId,
               started_at AS StartedAt, ends_at AS EndsAt, finished_at AS FinishedAt, winner AS Winner, p_value AS PValue,
               original_profit AS OriginalProfit, copy_profit AS CopyProfit, outcome AS Outcome,
               end_requested_by AS EndRequestedBy, end_requested_at AS EndRequestedAt
        FROM targeting_experiments
        """;

    /// <summary>
    /// Records a proposal, unless the ad set already has an open experiment (proposed, approved or running), which is
    /// returned instead: one targeting test per ad set at a time.
    /// </summary>
    /// <param name="storeId">The store.</param>
    /// <param name="proposal">The proposal.</param>
    /// <param name="cancellationToken">Cancels the write.</param>
    /// <returns>The experiment, and whether it is new.</returns>
    /// <exception cref="ArgumentException">The proposal keeps the ad set's targeting.</exception>
    /// <param name="audit">The audit record when a person proposed it (written with it, in its transaction); null for a policy.</param>
    /// <param name="maxOpen">The most open experiments the store may have (<c>Experiments:MaxOpen</c>); no limit when null.</param>
    /// <exception cref="InvalidOperationException">The store already has <paramref name="maxOpen"/> open experiments.</exception>
    public async Task<(TargetingExperiment Experiment, bool Created)> ProposeAsync(
        long storeId, ExperimentProposal proposal, CancellationToken cancellationToken, AdminAuditRecord? audit = null, int? maxOpen = null)
    {
        ArgumentNullException.ThrowIfNull(proposal);
        ArgumentException.ThrowIfNullOrWhiteSpace(proposal.ProposedBy);
        if (proposal.FromAgeGroup == proposal.ToAgeGroup && proposal.FromInterests == proposal.ToInterests)
        {
            throw new ArgumentException($"the proposal for {proposal.Original} keeps its targeting ({TargetingText.Describe(proposal.ToAgeGroup, proposal.ToInterests)}); there is nothing to test", nameof(proposal));
        }

        return await database.InTransactionAsync(
            async (connection, transaction) =>
            {
                var open = await OpenForAsync(connection, transaction, storeId, proposal.Original, cancellationToken).ConfigureAwait(false);
                if (open is not null)
                {
                    return (open, false);
                }

                if (maxOpen is { } most)
                {
                    var count = await connection.ExecuteScalarAsync<long>(new CommandDefinition(
                        "SELECT COUNT(*) FROM targeting_experiments WHERE store_id = @storeId AND status IN ('proposed', 'approved', 'starting', 'running', 'concluding')",
                        new { storeId },
                        transaction,
                        cancellationToken: cancellationToken)).ConfigureAwait(false);
                    if (count >= most)
                    {
                        throw new InvalidOperationException(
                            $"the store already has {count} open experiments, the most Experiments:MaxOpen allows; end or decide one first");
                    }
                }

                var id = await connection.ExecuteScalarAsync<long>(new CommandDefinition(
                    """
                    INSERT INTO targeting_experiments (store_id, platform, account_id, original_adset_id, from_age_group, from_interests,
                        to_age_group, to_interests, currency, status, proposed_by, proposed_at, reason)
                    VALUES (@storeId, @platform, @account, @original, @fromAge, @fromInterests, @toAge, @toInterests, @currency, 'proposed',
                        @proposedBy, @now, @reason)
                    RETURNING id
                    """,
                    new
                    {
                        storeId,
                        platform = Sql.Name(proposal.Original.Platform),
                        account = proposal.Account.AccountId,
                        original = proposal.Original.ExternalId,
                        fromAge = proposal.FromAgeGroup.Label(),
                        fromInterests = TargetingText.Format(proposal.FromInterests),
                        toAge = proposal.ToAgeGroup.Label(),
                        toInterests = TargetingText.Format(proposal.ToInterests),
                        currency = proposal.Account.Currency,
                        proposedBy = proposal.ProposedBy,
                        now = Sql.Utc(time.GetUtcNow()),
                        reason = proposal.Reason,
                    },
                    transaction,
                    cancellationToken: cancellationToken)).ConfigureAwait(false);
                var created = await SingleAsync(connection, transaction, storeId, id, cancellationToken).ConfigureAwait(false);
                if (audit is not null)
                {
                    await AdminAuditSql.AppendAsync(
                        connection, transaction, database.Dialect, storeId, audit with { Target = $"experiment {id}", Details = Details(created) }, time.GetUtcNow(), cancellationToken).ConfigureAwait(false);
                }

                return (created, true);
            },
            cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// An ad set as the last pull stored it, with its account and its targeting read as the features read it: what a
    /// person's proposal starts from.
    /// </summary>
    /// <param name="storeId">The store.</param>
    /// <param name="adSet">The ad set.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>The ad set's account, name and targeting; null when no pull has stored it.</returns>
    public async Task<(AdAccountRef Account, string Name, AgeGroup AgeGroup, Interests Interests)?> FindAdSetAsync(
        long storeId, AdSetRef adSet, CancellationToken cancellationToken)
    {
        const string sql =
            "SELECT a.external_id AS AccountId, a.currency AS Currency, s.name AS Name, s.target_age_group AS AgeGroup, s.interests AS Interests " +
            "FROM adsets s JOIN campaigns c ON c.id = s.campaign_id JOIN ad_accounts a ON a.id = c.account_id " +
            "WHERE s.store_id = @storeId AND s.platform = @platform AND s.external_id = @id";
        await using var connection = await database.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        var row = await connection.QuerySingleOrDefaultAsync<AdSetRow>(new CommandDefinition(
            sql, new { storeId, platform = Sql.Name(adSet.Platform), id = adSet.ExternalId }, cancellationToken: cancellationToken)).ConfigureAwait(false);
        if (row is null)
        {
            return null;
        }

        var names = System.Text.Json.JsonSerializer.Deserialize(row.Interests ?? "[]", StorageJsonContext.Default.IReadOnlyListString) ?? [];
        return (new AdAccountRef(adSet.Platform, row.AccountId, row.Currency.Trim()), row.Name, PlatformTargeting.FromLabel(row.AgeGroup), PlatformTargeting.InterestsFromNames(names));
    }

    /// <summary>
    /// Every ad set of one account with its stored targeting and its Shopify-attributed revenue, cost of goods, spend and
    /// orders since <paramref name="since"/> (zero without rewards): what the targeting advisor compares audiences on.
    /// </summary>
    /// <param name="storeId">The store.</param>
    /// <param name="account">The ad account.</param>
    /// <param name="since">The first hour counted.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>One row per ad set.</returns>
    public async Task<IReadOnlyList<TargetingPerformance>> TargetingPerformanceAsync(
        long storeId, AdAccountRef account, DateTimeOffset since, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(account);
        var interests = database.Dialect == DatabaseDialect.PostgreSql ? "s.interests::text" : "s.interests";
        var sql =
            "SELECT s.external_id AS AdSetId, s.target_age_group AS AgeGroup, " + interests + " AS Interests, " +
            "COALESCE(SUM(CAST(r.revenue AS DOUBLE PRECISION)), 0.0) AS Revenue, COALESCE(SUM(CAST(r.cogs AS DOUBLE PRECISION)), 0.0) AS Cogs, " +
            "COALESCE(SUM(CAST(r.spend AS DOUBLE PRECISION)), 0.0) AS Spend, COALESCE(SUM(r.conversions), 0) AS Orders " +
            "FROM adsets s JOIN campaigns c ON c.id = s.campaign_id JOIN ad_accounts a ON a.id = c.account_id " +
            "LEFT JOIN rewards r ON r.store_id = s.store_id AND r.platform = s.platform AND r.adset_external_id = s.external_id AND r.ts_hour >= @since " +
            "WHERE s.store_id = @storeId AND s.platform = @platform AND a.external_id = @account " +
            "GROUP BY s.external_id, s.target_age_group, " + interests + " ORDER BY s.external_id";
        await using var connection = await database.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        var rows = await connection.QueryAsync<PerformanceRow>(new CommandDefinition(
            sql, new { storeId, platform = Sql.Name(account.Platform), account = account.AccountId, since = Sql.Utc(since) }, cancellationToken: cancellationToken))
            .ConfigureAwait(false);
        return [.. rows.Select(r =>
        {
            var names = System.Text.Json.JsonSerializer.Deserialize(r.Interests ?? "[]", StorageJsonContext.Default.IReadOnlyListString) ?? [];
            return new TargetingPerformance(
                new AdSetRef(account.Platform, r.AdSetId),
                PlatformTargeting.FromLabel(r.AgeGroup),
                PlatformTargeting.InterestsFromNames(names),
                r.Revenue,
                r.Cogs,
                r.Spend,
                r.Orders);
        })];
    }

    /// <summary>One experiment.</summary>
    /// <param name="storeId">The store.</param>
    /// <param name="id">The experiment's id.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>The experiment, or null when the store has none with that id.</returns>
    public async Task<TargetingExperiment?> GetAsync(long storeId, long id, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        var row = await connection.QuerySingleOrDefaultAsync<Row>(new CommandDefinition(
            $"{Select} WHERE store_id = @storeId AND id = @id", new { storeId, id }, cancellationToken: cancellationToken)).ConfigureAwait(false);
        return row?.ToExperiment();
    }

    /// <summary>Every experiment of the store, newest first.</summary>
    /// <param name="storeId">The store.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>The experiments.</returns>
    public async Task<IReadOnlyList<TargetingExperiment>> ListAsync(long storeId, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        var rows = await connection.QueryAsync<Row>(new CommandDefinition(
            $"{Select} WHERE store_id = @storeId ORDER BY id DESC", new { storeId }, cancellationToken: cancellationToken)).ConfigureAwait(false);
        return [.. rows.Select(r => r.ToExperiment())];
    }

    /// <summary>The open experiments of one account (proposed, approved, starting, running, concluding), oldest first.</summary>
    /// <param name="storeId">The store.</param>
    /// <param name="account">The ad account.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>The experiments.</returns>
    public async Task<IReadOnlyList<TargetingExperiment>> ListOpenAsync(long storeId, AdAccountRef account, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(account);
        await using var connection = await database.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        var rows = await connection.QueryAsync<Row>(new CommandDefinition(
            $"{Select} WHERE store_id = @storeId AND platform = @platform AND account_id = @account AND status IN ('proposed', 'approved', 'starting', 'running', 'concluding') ORDER BY id",
            new { storeId, platform = Sql.Name(account.Platform), account = account.AccountId },
            cancellationToken: cancellationToken)).ConfigureAwait(false);
        return [.. rows.Select(r => r.ToExperiment())];
    }

    /// <summary>A person's decision on a proposed experiment.</summary>
    /// <param name="storeId">The store.</param>
    /// <param name="id">The experiment.</param>
    /// <param name="approve">Approve (true) or reject.</param>
    /// <param name="decidedBy">Who.</param>
    /// <param name="cancellationToken">Cancels the write.</param>
    /// <returns>The experiment as decided.</returns>
    /// <exception cref="InvalidOperationException">It is unknown or no longer proposed.</exception>
    public async Task<TargetingExperiment> DecideAsync(long storeId, long id, bool approve, string decidedBy, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(decidedBy);
        var current = await GetAsync(storeId, id, cancellationToken).ConfigureAwait(false)
            ?? throw new InvalidOperationException($"experiment {id} is not an experiment of store {storeId}");
        if (current.Status != ExperimentStatus.Proposed)
        {
            throw new InvalidOperationException($"experiment {id} is {EnumText.ToText(current.Status)}, not proposed; only a proposed experiment can be approved or rejected");
        }

        return await MoveAsync(
            storeId,
            current,
            approve ? ExperimentStatus.Approved : ExperimentStatus.Rejected,
            "decided_by = @decidedBy, decided_at = @now" + (approve ? string.Empty : ", finished_at = @now, outcome = 'rejected by ' || @decidedBy"),
            new { decidedBy },
            cancellationToken,
            new AdminAuditRecord(AdminActor.Parse(decidedBy), approve ? AdminActions.ExperimentApprove : AdminActions.ExperimentReject, $"experiment {id}", Details(current))).ConfigureAwait(false);
    }

    /// <summary>
    /// A person's wish to end an experiment: one not started yet (proposed, approved) ends at once, withdrawn; a started
    /// one is marked, and its account's next cycle pauses the copy and gives the original its budget back.
    /// </summary>
    /// <param name="storeId">The store.</param>
    /// <param name="id">The experiment.</param>
    /// <param name="requestedBy">Who.</param>
    /// <param name="cancellationToken">Cancels the write.</param>
    /// <returns>The experiment as it stands after the request.</returns>
    /// <exception cref="InvalidOperationException">It is unknown or already finished.</exception>
    public async Task<TargetingExperiment> RequestEndAsync(long storeId, long id, string requestedBy, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(requestedBy);
        var current = await GetAsync(storeId, id, cancellationToken).ConfigureAwait(false)
            ?? throw new InvalidOperationException($"experiment {id} is not an experiment of store {storeId}");
        if (!current.IsOpen)
        {
            throw new InvalidOperationException($"experiment {id} is already {EnumText.ToText(current.Status)}");
        }

        if (!current.HoldsAdSets)
        {
            return await MoveAsync(
                storeId, current, ExperimentStatus.Ended, "end_requested_by = @requestedBy, end_requested_at = @now, finished_at = @now, outcome = 'withdrawn by ' || @requestedBy || ' before it started'",
                new { requestedBy }, cancellationToken, Audit()).ConfigureAwait(false);
        }

        return await MoveAsync(
            storeId, current, current.Status, "end_requested_by = COALESCE(end_requested_by, @requestedBy), end_requested_at = COALESCE(end_requested_at, @now)",
            new { requestedBy }, cancellationToken, Audit()).ConfigureAwait(false);

        AdminAuditRecord Audit() => new(AdminActor.Parse(requestedBy), AdminActions.ExperimentEnd, $"experiment {id}", Details(current));
    }

    /// <summary>Writes the intent to start: the budgets and the copy's name, before any platform call.</summary>
    /// <param name="storeId">The store.</param>
    /// <param name="experiment">The approved experiment.</param>
    /// <param name="originalBudget">The original's daily budget now.</param>
    /// <param name="testBudget">The copy's daily budget.</param>
    /// <param name="copyName">The copy's name.</param>
    /// <param name="cancellationToken">Cancels the write.</param>
    /// <returns>The experiment, starting.</returns>
    /// <exception cref="InvalidOperationException">It moved on since it was read.</exception>
    public Task<TargetingExperiment> MarkStartingAsync(
        long storeId, TargetingExperiment experiment, decimal originalBudget, decimal testBudget, string copyName, CancellationToken cancellationToken) =>
        MoveAsync(
            storeId,
            experiment,
            ExperimentStatus.Starting,
            "original_budget = @originalBudget, test_budget = @testBudget, copy_name = @copyName",
            new { originalBudget, testBudget, copyName },
            cancellationToken);

    /// <summary>Records the copy and the test period: both arms run.</summary>
    /// <param name="storeId">The store.</param>
    /// <param name="experiment">The starting experiment.</param>
    /// <param name="copy">The copy.</param>
    /// <param name="startedAt">When both arms started.</param>
    /// <param name="endsAt">When the test period ends.</param>
    /// <param name="cancellationToken">Cancels the write.</param>
    /// <returns>The experiment, running.</returns>
    /// <exception cref="InvalidOperationException">It moved on since it was read.</exception>
    public Task<TargetingExperiment> MarkRunningAsync(
        long storeId, TargetingExperiment experiment, AdSetRef copy, DateTimeOffset startedAt, DateTimeOffset endsAt, CancellationToken cancellationToken) =>
        MoveAsync(
            storeId,
            experiment,
            ExperimentStatus.Running,
            "copy_adset_id = @copyId, started_at = @startedAt, ends_at = @endsAt",
            new { copyId = copy.ExternalId, startedAt = Sql.Utc(startedAt), endsAt = Sql.Utc(endsAt) },
            cancellationToken);

    /// <summary>Records the verdict, before the loser is paused and the winner given the budget.</summary>
    /// <param name="storeId">The store.</param>
    /// <param name="experiment">The running experiment.</param>
    /// <param name="winner">The arm kept.</param>
    /// <param name="pValue">The test's two-sided p-value (null when it could not be computed).</param>
    /// <param name="originalProfit">The original's profit over the period.</param>
    /// <param name="copyProfit">The copy's profit over the period.</param>
    /// <param name="outcome">The verdict for people.</param>
    /// <param name="cancellationToken">Cancels the write.</param>
    /// <returns>The experiment, concluding.</returns>
    /// <exception cref="InvalidOperationException">It moved on since it was read.</exception>
    public Task<TargetingExperiment> MarkConcludingAsync(
        long storeId,
        TargetingExperiment experiment,
        ExperimentArm winner,
        double? pValue,
        decimal originalProfit,
        decimal copyProfit,
        string outcome,
        CancellationToken cancellationToken) =>
        MoveAsync(
            storeId,
            experiment,
            ExperimentStatus.Concluding,
            "winner = @winner, p_value = @pValue, original_profit = @originalProfit, copy_profit = @copyProfit, outcome = @outcome",
            new { winner = EnumText.ToText(winner), pValue, originalProfit, copyProfit, outcome },
            cancellationToken);

    /// <summary>Finishes an experiment: concluded (from concluding), ended early, or failed.</summary>
    /// <param name="storeId">The store.</param>
    /// <param name="experiment">The experiment as read.</param>
    /// <param name="status"><see cref="ExperimentStatus.Concluded"/>, <see cref="ExperimentStatus.Ended"/> or <see cref="ExperimentStatus.Failed"/>.</param>
    /// <param name="outcome">What happened, for people; null keeps the verdict's.</param>
    /// <param name="cancellationToken">Cancels the write.</param>
    /// <returns>The experiment, finished.</returns>
    /// <exception cref="InvalidOperationException">It moved on since it was read.</exception>
    public Task<TargetingExperiment> FinishAsync(
        long storeId, TargetingExperiment experiment, ExperimentStatus status, string? outcome, CancellationToken cancellationToken)
    {
        if (status is not (ExperimentStatus.Concluded or ExperimentStatus.Ended or ExperimentStatus.Failed))
        {
            throw new ArgumentOutOfRangeException(nameof(status), status, "an experiment finishes concluded, ended or failed");
        }

        return MoveAsync(
            storeId, experiment, status, "finished_at = @now, outcome = COALESCE(@outcome, outcome)", new { outcome }, cancellationToken);
    }

    /// <summary>The experiment that holds an ad set now (as its original or its copy; starting, running or concluding), if any.</summary>
    /// <param name="storeId">The store.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>The holding experiments by ad set.</returns>
    public async Task<IReadOnlyDictionary<AdSetRef, TargetingExperiment>> HeldAdSetsAsync(long storeId, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        var rows = await connection.QueryAsync<Row>(new CommandDefinition(
            $"{Select} WHERE store_id = @storeId AND status IN ('starting', 'running', 'concluding')", new { storeId }, cancellationToken: cancellationToken))
            .ConfigureAwait(false);
        var held = new Dictionary<AdSetRef, TargetingExperiment>();
        foreach (var experiment in rows.Select(r => r.ToExperiment()))
        {
            held[experiment.Original] = experiment;
            if (experiment.Copy is { } copy)
            {
                held[copy] = experiment;
            }
        }

        return held;
    }

    /// <summary>What the audit trail keeps of an experiment a person acted on.</summary>
    private static Dictionary<string, string?> Details(TargetingExperiment experiment) => new()
    {
        ["ad_set"] = experiment.Original.ToString(),
        ["from"] = TargetingText.Describe(experiment.FromAgeGroup, experiment.FromInterests),
        ["to"] = TargetingText.Describe(experiment.ToAgeGroup, experiment.ToInterests),
        ["status"] = EnumText.ToText(experiment.Status),
    };

    private async Task<TargetingExperiment> MoveAsync(
        long storeId, TargetingExperiment from, ExperimentStatus to, string set, object extra, CancellationToken cancellationToken, AdminAuditRecord? audit = null)
    {
        var parameters = new DynamicParameters(extra);
        parameters.Add("storeId", storeId);
        parameters.Add("id", from.Id);
        parameters.Add("from", EnumText.ToText(from.Status));
        parameters.Add("to", EnumText.ToText(to));
        parameters.Add("now", Sql.Utc(time.GetUtcNow()));
        return await database.InTransactionAsync(
            async (connection, transaction) =>
            {
                var changed = await connection.ExecuteAsync(new CommandDefinition(
                    $"UPDATE targeting_experiments SET status = @to, {set} WHERE store_id = @storeId AND id = @id AND status = @from",
                    parameters,
                    transaction,
                    cancellationToken: cancellationToken)).ConfigureAwait(false);
                var now = await SingleAsync(connection, transaction, storeId, from.Id, cancellationToken).ConfigureAwait(false);
                if (changed == 1 && audit is not null)
                {
                    await AdminAuditSql.AppendAsync(connection, transaction, database.Dialect, storeId, audit, time.GetUtcNow(), cancellationToken).ConfigureAwait(false);
                }

                return changed == 1
                    ? now
                    : throw new InvalidOperationException(
                        $"experiment {from.Id} is {EnumText.ToText(now.Status)}, not {EnumText.ToText(from.Status)}: it moved on since it was read");
            },
            cancellationToken).ConfigureAwait(false);
    }

    private static async Task<TargetingExperiment?> OpenForAsync(DbConnection connection, DbTransaction transaction, long storeId, AdSetRef adSet, CancellationToken cancellationToken)
    {
        var row = await connection.QuerySingleOrDefaultAsync<Row>(new CommandDefinition(
            $"{Select} WHERE store_id = @storeId AND platform = @platform AND original_adset_id = @id AND status IN ('proposed', 'approved', 'starting', 'running', 'concluding')",
            new { storeId, platform = Sql.Name(adSet.Platform), id = adSet.ExternalId },
            transaction,
            cancellationToken: cancellationToken)).ConfigureAwait(false);
        return row?.ToExperiment();
    }

    private static async Task<TargetingExperiment> SingleAsync(DbConnection connection, DbTransaction transaction, long storeId, long id, CancellationToken cancellationToken)
    {
        var row = await connection.QuerySingleAsync<Row>(new CommandDefinition(
            $"{Select} WHERE store_id = @storeId AND id = @id", new { storeId, id }, transaction, cancellationToken: cancellationToken)).ConfigureAwait(false);
        return row.ToExperiment();
    }

    private sealed class PerformanceRow
    {
        public string AdSetId { get; set; } = string.Empty;

        public string? AgeGroup { get; set; }

        public string? Interests { get; set; }

        public double Revenue { get; set; }

        public double Cogs { get; set; }

        public double Spend { get; set; }

        public long Orders { get; set; }
    }

    private sealed class AdSetRow
    {
        public string AccountId { get; set; } = string.Empty;

        public string Currency { get; set; } = string.Empty;

        public string Name { get; set; } = string.Empty;

        public string? AgeGroup { get; set; }

        public string? Interests { get; set; }
    }

    private sealed class Row
    {
        public long Id { get; set; }

        public string Platform { get; set; } = string.Empty;

        public string AccountId { get; set; } = string.Empty;

        public string OriginalId { get; set; } = string.Empty;

        public string FromAge { get; set; } = string.Empty;

        public string FromInterests { get; set; } = string.Empty;

        public string ToAge { get; set; } = string.Empty;

        public string ToInterests { get; set; } = string.Empty;

        public string Currency { get; set; } = string.Empty;

        public string Status { get; set; } = string.Empty;

        public string ProposedBy { get; set; } = string.Empty;

        public DateTimeOffset ProposedAt { get; set; }

        public string Reason { get; set; } = string.Empty;

        public string? DecidedBy { get; set; }

        public DateTimeOffset? DecidedAt { get; set; }

        public decimal? OriginalBudget { get; set; }

        public decimal? TestBudget { get; set; }

        public string? CopyName { get; set; }

        public string? CopyId { get; set; }

        public DateTimeOffset? StartedAt { get; set; }

        public DateTimeOffset? EndsAt { get; set; }

        public DateTimeOffset? FinishedAt { get; set; }

        public string? Winner { get; set; }

        public double? PValue { get; set; }

        public decimal? OriginalProfit { get; set; }

        public decimal? CopyProfit { get; set; }

        public string? Outcome { get; set; }

        public string? EndRequestedBy { get; set; }

        public DateTimeOffset? EndRequestedAt { get; set; }

        /// <summary>PostgreSQL's numeric(18, 4) reads back with four decimals; the amount as written reads the same on both dialects.</summary>
        private static decimal? Normal(decimal? amount) => amount / 1.000000000000000000000000000000000m;

        private static Interests ParseInterests(string text) =>
            TargetingText.TryParseInterests(text, out var interests, out _) ? interests : Interests.None;

        public TargetingExperiment ToExperiment()
        {
            var platform = Sql.ParsePlatform(Platform);
            return new TargetingExperiment(
                Id,
                new AdAccountRef(platform, AccountId, Currency.Trim()),
                new AdSetRef(platform, OriginalId),
                PlatformTargeting.FromLabel(FromAge),
                ParseInterests(FromInterests),
                PlatformTargeting.FromLabel(ToAge),
                ParseInterests(ToInterests),
                EnumText.Parse<ExperimentStatus>(Status),
                ProposedBy,
                ProposedAt,
                Reason)
            {
                DecidedBy = DecidedBy,
                DecidedAt = DecidedAt,
                OriginalBudget = Normal(OriginalBudget),
                TestBudget = Normal(TestBudget),
                CopyName = CopyName,
                Copy = CopyId is null ? null : new AdSetRef(platform, CopyId),
                StartedAt = StartedAt,
                EndsAt = EndsAt,
                FinishedAt = FinishedAt,
                Winner = Winner is null ? null : EnumText.Parse<ExperimentArm>(Winner),
                PValue = PValue,
                OriginalProfit = Normal(OriginalProfit),
                CopyProfit = Normal(CopyProfit),
                Outcome = Outcome,
                EndRequestedBy = EndRequestedBy,
                EndRequestedAt = EndRequestedAt,
            };
        }
    }
}
