using System.Text.Json;
using AdPilot.Core.Domain;
using AdPilot.Core.Features;
using AdPilot.Core.Rewards;
using AdPilot.Runtime.Features;
using AdPilot.Storage.Features;
using AdPilot.Storage.Ingestion;
using AdPilot.Storage.Rewards;
using AdPilot.Storage.Stores;

namespace AdPilot.Runtime.Rewards;

/// <summary>
/// Scores completed hours (guide §8) from what the database holds and upserts them into the rewards table. A run for
/// hour h scores h and the k lag hours before it (whose revenue h's orders reach back to), plus every hour an order
/// changed since the previous run reaches (a late order, refund or cancellation, within
/// <see cref="RewardJobOptions.LateChangeLookbackHours"/>). The previous run is remembered by the latest order update
/// it saw, kept as the <see cref="WatermarkSource"/> watermark. Rewards are a pure function of the stored rows, so a
/// run repeated over the same data changes nothing.
/// </summary>
/// <remarks>
/// The insights table keeps no budget per hour, so each hour is scored with the ad set's current stored daily budget:
/// the budget-spike penalty cannot fire, and "high spend" for the poor-ROAS penalty is judged against today's budget.
/// </remarks>
public sealed class RewardJob
{
    /// <summary>The watermark source under which the latest order update a run has seen is kept.</summary>
    public const string WatermarkSource = "rewards_orders";


    private readonly IFeatureQueries _queries;
    private readonly IStoreDirectory _stores;
    private readonly IRewardStore _rewards;
    private readonly IIngestionStore _watermarks;
    private readonly RewardCalculator _calculator;
    private readonly int _lagHours;
    private readonly int _lookbackHours;

    /// <summary>Gets the most hours one read of insights and orders covers.</summary>
    internal int HoursPerRead { get; init; } = 6;

    /// <summary>Initializes a new instance of the <see cref="RewardJob"/> class.</summary>
    /// <param name="queries">Reads ad sets, insights and orders.</param>
    /// <param name="stores">The store directory (currency, gross margin, start of the data).</param>
    /// <param name="rewards">Where rewards are upserted.</param>
    /// <param name="watermarks">Keeps the job's watermark.</param>
    /// <param name="options">The options; defaults when null. Their values are copied.</param>
    /// <exception cref="ArgumentException">The options are invalid.</exception>
    public RewardJob(IFeatureQueries queries, IStoreDirectory stores, IRewardStore rewards, IIngestionStore watermarks, RewardJobOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(queries);
        ArgumentNullException.ThrowIfNull(stores);
        ArgumentNullException.ThrowIfNull(rewards);
        ArgumentNullException.ThrowIfNull(watermarks);
        options ??= new RewardJobOptions();
        var errors = options.Validate();
        if (errors.Count > 0)
        {
            throw new ArgumentException("invalid reward job options: " + string.Join("; ", errors), nameof(options));
        }

        _queries = queries;
        _stores = stores;
        _rewards = rewards;
        _watermarks = watermarks;
        _calculator = new RewardCalculator(options.Rewards);
        _lagHours = options.Rewards.LagHours;
        _lookbackHours = options.LateChangeLookbackHours;
    }

    /// <summary>Scores a completed hour (and the hours it and late order changes reach), stores and returns the rewards.</summary>
    /// <param name="storeId">The store.</param>
    /// <param name="hourUtc">The completed hour, a whole UTC hour.</param>
    /// <param name="cancellationToken">Cancels the run; nothing is stored then unless the upsert already committed.</param>
    /// <returns>The rewards scored, by ad set then hour.</returns>
    /// <exception cref="ArgumentException"><paramref name="hourUtc"/> is not a whole UTC hour.</exception>
    /// <exception cref="InvalidOperationException">The store is unknown.</exception>
    public Task<IReadOnlyList<AdSetHourReward>> RunAsync(long storeId, DateTimeOffset hourUtc, CancellationToken cancellationToken) =>
        RunAsync(storeId, hourUtc, scope: null, cancellationToken);

    /// <summary>
    /// Scores a completed hour for the ad sets of one scope (an ad account's hourly cycle scores its own), with the same
    /// store-wide attribution (the untagged orders are shared over every ad set of the store), and stores only the
    /// scope's rewards. Each scope keeps its own watermark, so cycles of several accounts running side by side neither
    /// race on one watermark nor each rewrite the others' rows.
    /// </summary>
    /// <param name="storeId">The store.</param>
    /// <param name="hourUtc">The completed hour, a whole UTC hour.</param>
    /// <param name="scope">The ad sets to score and store; the whole store when null.</param>
    /// <param name="cancellationToken">Cancels the run; nothing is stored then unless the upsert already committed.</param>
    /// <returns>The scope's rewards scored, by ad set then hour.</returns>
    /// <exception cref="ArgumentException"><paramref name="hourUtc"/> is not a whole UTC hour.</exception>
    /// <exception cref="InvalidOperationException">The store is unknown.</exception>
    public async Task<IReadOnlyList<AdSetHourReward>> RunAsync(long storeId, DateTimeOffset hourUtc, RewardScope? scope, CancellationToken cancellationToken)
    {
        if (!LocalHour.IsWholeUtcHour(hourUtc))
        {
            throw new ArgumentException($"{hourUtc:O} is not a whole UTC hour", nameof(hourUtc));
        }

        hourUtc = hourUtc.ToUniversalTime();
        var store = await _stores.GetAsync(storeId, cancellationToken).ConfigureAwait(false)
            ?? throw new InvalidOperationException($"store {storeId} is unknown");
        var profile = store.Profile;
        var dataSince = LocalHour.FloorToUtcHour(profile.DataSince);
        var end = hourUtc.AddHours(1);
        var lookbackFrom = Max(dataSince, hourUtc.AddHours(-_lookbackHours));

        var watermarkSource = scope is null ? WatermarkSource : $"{WatermarkSource}:{scope.Name}";
        var watermark = await _watermarks.GetWatermarkAsync(storeId, watermarkSource, cancellationToken).ConfigureAwait(false);
        var changed = await _queries.OrdersUpdatedAfterAsync(storeId, watermark, lookbackFrom, end, cancellationToken).ConfigureAwait(false);

        var affected = new SortedSet<DateTimeOffset>(AttributionLag.AffectedHours(hourUtc, _lagHours));
        foreach (var order in changed)
        {
            affected.UnionWith(AttributionLag.AffectedHours(order.CreatedAt, _lagHours));
        }

        affected.RemoveWhere(h => h < lookbackFrom || h >= end);
        if (affected.Count == 0)
        {
            return [];
        }

        var adSets = await _queries.ListAdSetsAsync(storeId, cancellationToken).ConfigureAwait(false);
        var budgets = adSets.ToDictionary(a => new AdSetRef(a.Platform, a.ExternalId), a => a.DailyBudget ?? 0m);
        var costOfGoods = CostOfGoods.FromMargin((double)profile.GrossMargin);
        var scored = new List<AdSetHourReward>();

        // A late refund reaches an hour weeks back: score each run of nearby hours on its own, reading only its window,
        // and a long run (a first scoring, a day of late changes) a few hours at a time, so a large store's run never
        // holds more than those hours of every ad set (each hour's score reads only its own window: exact either way).
        foreach (var hours in Runs(affected, _lagHours + 1).SelectMany(run => run.Chunk(HoursPerRead)))
        {
            var first = hours[0];
            var last = hours[^1];

            // The hour before the first scored one gives its previous budget; orders up to k hours after the last reach it.
            var insights = await _queries.AdSetInsightsAsync(storeId, first.AddHours(-1), last.AddHours(1), cancellationToken).ConfigureAwait(false);
            var orders = await _queries.OrdersAsync(storeId, first, last.AddHours(_lagHours + 1), cancellationToken).ConfigureAwait(false);
            var activity = insights
                .GroupBy(r => (AdSet: new AdSetRef(r.Platform, r.EntityExternalId), Hour: LocalHour.FloorToUtcHour(r.Hour)))
                .Select(g => new AdSetHourActivity(g.Key.AdSet, g.Key.Hour, g.Sum(r => r.Spend), budgets.GetValueOrDefault(g.Key.AdSet), g.Sum(r => (long)r.Purchases)))
                .ToArray();
            var wanted = hours.ToHashSet();
            scored.AddRange(_calculator.Compute(activity, [.. orders.Select(o => ToShopOrder(o, profile.Currency))], profile.Currency, costOfGoods)
                .Where(r => wanted.Contains(r.HourUtc) && (scope is null || scope.AdSets.Contains(r.AdSet))));
        }

        scored.Sort((a, b) => a.AdSet.Platform != b.AdSet.Platform
            ? a.AdSet.Platform.CompareTo(b.AdSet.Platform)
            : string.CompareOrdinal(a.AdSet.ExternalId, b.AdSet.ExternalId) is var byId and not 0 ? byId : a.HourUtc.CompareTo(b.HourUtc));
        await _rewards.UpsertAsync(storeId, [.. scored.Select(ToRecord)], cancellationToken).ConfigureAwait(false);

        var latest = changed.Count == 0 ? (DateTimeOffset?)null : changed.Max(o => o.SourceUpdatedAt);
        if (latest is { } seen && (watermark is null || seen > watermark))
        {
            await _watermarks.AdvanceWatermarkAsync(storeId, watermarkSource, seen, cancellationToken).ConfigureAwait(false);
        }

        return scored;
    }

    /// <summary>
    /// The stored row of a reward: conversions rounded to whole orders and the shaped reward as a double, with the
    /// exact figures and components as <see cref="RewardDetails"/> JSON.
    /// </summary>
    /// <param name="reward">The reward.</param>
    /// <returns>The row.</returns>
    public static RewardRecord ToRecord(AdSetHourReward reward)
    {
        ArgumentNullException.ThrowIfNull(reward);
        return new RewardRecord(
            reward.AdSet,
            reward.HourUtc,
            reward.Revenue,
            reward.Spend,
            reward.Cogs,
            reward.Profit,
            reward.Currency,
            reward.Roas,
            reward.MarginRoas,
            (int)Math.Round(Math.Max(0, reward.Conversions), MidpointRounding.ToEven),
            (double)reward.Reward,
            JsonSerializer.Serialize(RewardDetails.Of(reward), RewardJsonContext.Default.RewardDetails));
    }

    /// <summary>A stored order as rewards read it; the ETL's UTM attribution becomes AdPilot's tag scheme again.</summary>
    private static ShopOrder ToShopOrder(OrderRecord order, string storeCurrency)
    {
        var utm = FeatureStore.AttributedAdSet(order) is { } adSet
            ? new UtmTag(adSet.Platform == Platform.TikTok ? "tiktok" : "instagram", Attribution.UtmMedium, Attribution.UtmCampaign, adSet.ExternalId)
            : UtmTag.None;
        return new ShopOrder(
            order.OrderId,
            order.CreatedAt,
            string.IsNullOrEmpty(order.Currency) ? storeCurrency : order.Currency,
            order.Total,
            order.Cogs,
            order.Refunded,
            order.CanceledAt is not null,
            utm);
    }

    private static DateTimeOffset Max(DateTimeOffset a, DateTimeOffset b) => a > b ? a : b;

    /// <summary>The hours in runs: a run ends where the next hour is more than <paramref name="gap"/> hours later.</summary>
    private static IEnumerable<List<DateTimeOffset>> Runs(SortedSet<DateTimeOffset> hours, int gap)
    {
        var run = new List<DateTimeOffset>();
        foreach (var hour in hours)
        {
            if (run.Count > 0 && hour - run[^1] > TimeSpan.FromHours(gap))
            {
                yield return run;
                run = [];
            }

            run.Add(hour);
        }

        if (run.Count > 0)
        {
            yield return run;
        }
    }
}

/// <summary>The ad sets one reward run scores and stores, under a name that keys its watermark.</summary>
/// <param name="Name">The scope's name, e.g. the ad account (<c>Instagram:123</c>).</param>
/// <param name="AdSets">The ad sets.</param>
public sealed record RewardScope(string Name, IReadOnlySet<AdSetRef> AdSets);
