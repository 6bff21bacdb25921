using System.Text.Json;
using AdPilot.Core.Domain;
using AdPilot.Core.Simulation;
using AdPilot.Core.Training.OffPolicy;
using AdPilot.Runtime.Actuation;
using AdPilot.Runtime.Loop;
using AdPilot.Runtime.Rewards;
using AdPilot.Storage.Actions;
using AdPilot.Storage.Connections;
using AdPilot.Storage.Evidence;
using AdPilot.Storage.Features;
using AdPilot.Storage.Rewards;
using AdPilot.Storage.Snapshots;
using AdPilot.Storage.Stores;

namespace AdPilot.Runtime.Evidence;

/// <summary>
/// Reads a store's logged decisions over a range into the episodes off-policy evaluation replays: the action log's
/// policy decisions (state, proposal, propensity), the rewards table's profit of each ad set-hour, and the insights the
/// loop hands a learning policy; on SQLite and PostgreSQL alike.
/// </summary>
/// <remarks>
/// <list type="bullet">
/// <item>An episode is one ad account's ad sets over the hours the loop logged the same set of them (ordered as the loop
/// orders them), as the loop runs one policy per account; a change in the set starts another. An ad set the database
/// does not hold is grouped by its platform.</item>
/// <item>The candidate gets the ad sets as the loop gives its policy: the budget range of the guardrails, the hourly
/// limit, and as starting budget the budget people last set (the kill switch's snapshot), else the budget at the
/// episode's first hour.</item>
/// <item>Left out and counted per entry: <c>human</c> and <c>kill_switch</c> entries (no policy decided them),
/// <c>unreadable</c> entries (a state or proposal that does not parse), <c>duplicate</c> entries (a second decision for
/// the same ad set-hour; the last one logged is kept). Hours logged in shadow mode are replayed but not scored
/// (<c>shadow</c>: the proposal was never applied, so the hour's outcome says nothing about it), and hours before the
/// range (the warm-up) are replayed only.</item>
/// <item>An hour's outcome is its row in the rewards table (revenue, cost of goods, spend; profit is their difference);
/// without a row, the hour had no delivery (the reward job scores the hours a platform reported, and platforms leave out
/// hours without impressions) when the reward job has scored a later hour of the store: its outcome is zero; otherwise
/// the hour's reward is pending. What the platform reported (spend, impressions, clicks) comes from the
/// insights, the orders and revenue the loop attributes from the reward's UTM figures, as the loop builds them.</item>
/// </list>
/// </remarks>
/// <param name="database">The database.</param>
/// <param name="time">The clock of the stores the reader opens.</param>
public sealed class LoggedDecisionReader(StorageDatabase database, TimeProvider time)
{
    /// <summary>Reads the logged decisions of hours in [<paramref name="from"/>, <paramref name="to"/>).</summary>
    /// <param name="storeId">The store.</param>
    /// <param name="from">The first hour (UTC).</param>
    /// <param name="to">The end hour, exclusive.</param>
    /// <param name="options">The options; the defaults when null.</param>
    /// <param name="cancellationToken">Cancels the reads.</param>
    /// <returns>The episodes and the entries left out.</returns>
    /// <exception cref="ArgumentException">The range is empty or the options are invalid.</exception>
    /// <exception cref="InvalidOperationException">The store is unknown.</exception>
    public async Task<LoggedHistory> ReadAsync(
        long storeId, DateTimeOffset from, DateTimeOffset to, LoggedDecisionReaderOptions? options, CancellationToken cancellationToken)
    {
        options ??= new LoggedDecisionReaderOptions();
        var errors = options.Validate();
        if (errors.Count > 0)
        {
            throw new ArgumentException($"invalid options: {string.Join("; ", errors)}", nameof(options));
        }

        if (from >= to)
        {
            throw new ArgumentException($"the range [{from:O}, {to:O}) is empty", nameof(to));
        }

        var store = await new StoreDirectory(database, time).GetAsync(storeId, cancellationToken).ConfigureAwait(false)
            ?? throw new InvalidOperationException($"store {storeId} is unknown");
        var readFrom = from.AddHours(-options.WarmUpHours);
        string[] others = [ActionPolicies.Human, ActionPolicies.KillSwitch, ActionPolicies.CreativeRotation];
        var queries = new LoggedDecisionQueries(database);
        var rows = await queries.ListAsync(storeId, readFrom, to, others, cancellationToken).ConfigureAwait(false);
        var skipped = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var (policy, count) in await queries.CountByPolicyAsync(storeId, from, to, others, cancellationToken).ConfigureAwait(false))
        {
            skipped[policy] = count;
        }

        var rewards = (await new RewardStore(database, time).ListAsync(storeId, null, readFrom, to, cancellationToken).ConfigureAwait(false))
            .ToDictionary(r => (r.AdSet, r.Hour.ToUniversalTime()));
        var lastScored = rewards.Count == 0 ? DateTimeOffset.MinValue : rewards.Keys.Max(k => k.Item2);
        var insights = (await new FeatureQueries(database).AdSetInsightsAsync(storeId, readFrom, to, cancellationToken).ConfigureAwait(false))
            .GroupBy(r => (new AdSetRef(r.Platform, r.EntityExternalId), r.Hour.ToUniversalTime()))
            .ToDictionary(g => g.Key, g => (Spend: g.Sum(r => r.Spend), Impressions: g.Sum(r => r.Impressions), Clicks: g.Sum(r => r.Clicks), Purchases: g.Sum(r => (long)r.Purchases), Value: g.Sum(r => r.Revenue)));
        var humanBudgets = (await new BudgetSnapshotStore(database).LatestHumanBudgetsAsync(storeId, cancellationToken).ConfigureAwait(false))
            .ToDictionary(s => s.AdSet, s => (double)s.DailyBudget);

        // Parse, keep the last decision of each ad set-hour, and count what cannot be used.
        var decisions = new Dictionary<(AdSetRef AdSet, DateTimeOffset Hour), Parsed>();
        foreach (var row in rows)
        {
            var inRange = row.Hour >= from;
            if (!LoggedDecisionJson.TryParseState(row.StateJson, out var state) || !LoggedDecisionJson.TryParseProposal(row.ProposedActionJson, state, out var action))
            {
                Count(skipped, "unreadable", inRange);
                continue;
            }

            var key = (row.AdSet, row.Hour.ToUniversalTime());
            if (decisions.ContainsKey(key))
            {
                Count(skipped, "duplicate", inRange);
            }

            decisions[key] = new Parsed(row, state, action);
        }

        var episodes = new List<LoggedEpisode>();
        foreach (var account in decisions.Values.GroupBy(d => (d.Row.AdSet.Platform, Account: d.Row.AccountExternalId ?? string.Empty)).OrderBy(g => g.Key))
        {
            LoggedEpisodeBuilder? open = null;
            foreach (var hour in account.GroupBy(d => d.Row.Hour.ToUniversalTime()).OrderBy(g => g.Key))
            {
                var ordered = hour.OrderBy(d => d.Row.AdSet.ToString(), StringComparer.Ordinal).ToArray();
                var order = ordered.Select(d => d.Row.AdSet).ToArray();
                if (open is null || !open.Order.SequenceEqual(order))
                {
                    if (open is not null)
                    {
                        episodes.Add(open.Build());
                    }

                    open = new LoggedEpisodeBuilder(order, Descriptors(ordered, humanBudgets, options), store.Profile.Currency, Limits(options));
                }

                open.Hours.Add(new LoggedHour(hour.Key, [.. ordered.Select(d => Step(d, hour.Key, from, rewards, lastScored, insights))]));
            }

            if (open is not null)
            {
                episodes.Add(open.Build());
            }
        }

        return new LoggedHistory(episodes, skipped);
    }

    private static void Count(Dictionary<string, int> skipped, string reason, bool inRange)
    {
        if (inRange)
        {
            skipped[reason] = skipped.GetValueOrDefault(reason) + 1;
        }
    }

    private static AdSetDescriptor[] Descriptors(Parsed[] ordered, Dictionary<AdSetRef, double> humanBudgets, LoggedDecisionReaderOptions options)
    {
        var guardrails = options.Guardrails;
        return [.. ordered.Select(d => new AdSetDescriptor(
            d.Row.AdSet,
            d.Row.AdSet.ExternalId,
            (double)guardrails.MinDailyBudgetFor(d.Row.AdSet.Platform),
            (double)Math.Min(guardrails.MaxDailyBudget, guardrails.AdSetDailyCap),
            humanBudgets.TryGetValue(d.Row.AdSet, out var human) ? human : d.State.CurrentBudget))];
    }

    private static ActionLimits Limits(LoggedDecisionReaderOptions options) => PolicyHost.Context([], string.Empty, options.Guardrails, 0).Limits;

    /// <summary>One ad set-hour as the replay reads it: its outcome from the rewards, and what the loop would hand a learning policy.</summary>
    private static LoggedStep Step(
        Parsed decision,
        DateTimeOffset hour,
        DateTimeOffset from,
        Dictionary<(AdSetRef, DateTimeOffset), RewardRecord> rewards,
        DateTimeOffset lastScored,
        Dictionary<(AdSetRef, DateTimeOffset), (decimal Spend, long Impressions, long Clicks, long Purchases, decimal Value)> insights)
    {
        var adSet = decision.Row.AdSet;
        var reward = rewards.GetValueOrDefault((adSet, hour));
        var details = Details(reward?.Details);
        var insight = insights.GetValueOrDefault((adSet, hour));
        var orders = (long)Math.Round(details?.Utm.Conversions ?? 0m);
        var revenue = (double)(details?.Utm.Revenue ?? 0m);
        var info = new AdSetHourInfo(
            decision.State.CurrentBudget,
            (double)insight.Spend,
            insight.Impressions,
            insight.Clicks,
            insight.Purchases,
            (double)insight.Value,
            orders,
            revenue,
            0,
            0,
            orders,
            revenue,
            decision.State.InLearningPhase,
            0);
        RewardMetrics? outcome = reward is null
            ? hour < lastScored ? new RewardMetrics(0, 0, 0, 0) : null
            : new RewardMetrics((double)reward.Revenue, (double)reward.Spend, (double)reward.Cogs, (double)(details?.Conversions ?? reward.Conversions));
        var skip = hour < from ? LoggedStep.WarmUp : decision.Row.Mode == RolloutMode.Shadow ? "shadow" : null;
        return new LoggedStep(decision.State, decision.Action, decision.Row.Propensity, outcome, info, skip);
    }

    private static RewardDetails? Details(string? json)
    {
        if (string.IsNullOrWhiteSpace(json))
        {
            return null;
        }

        try
        {
            return JsonSerializer.Deserialize(json, RewardJsonContext.Default.RewardDetails);
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private sealed record Parsed(LoggedDecisionRow Row, AdEnvironmentState State, AdAction Action);

    private sealed class LoggedEpisodeBuilder(AdSetRef[] order, AdSetDescriptor[] adSets, string currency, ActionLimits limits)
    {
        public AdSetRef[] Order { get; } = order;

        public List<LoggedHour> Hours { get; } = [];

        public LoggedEpisode Build() => new(adSets, currency, limits, Hours);
    }
}
