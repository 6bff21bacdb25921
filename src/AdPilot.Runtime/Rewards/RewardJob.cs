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
    internal int HoursPerRead { get; init; } = 3;

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
    /// <param name="cancellationToken">Cancels the run; what was stored before stays stored.</param>
    /// <returns>The rewards scored, by ad set then hour.</returns>
    /// <exception cref="ArgumentException"><paramref name="hourUtc"/> is not a whole UTC hour.</exception>
    /// <exception cref="InvalidOperationException">The store is unknown.</exception>
    public async Task<IReadOnlyList<AdSetHourReward>> RunAsync(long storeId, DateTimeOffset hourUtc, CancellationToken cancellationToken)
    {
        var run = await StartAsync(storeId, hourUtc, cancellationToken).ConfigureAwait(false);
        var (changed, watermark) = await ChangedAsync(run, cancellationToken).ConfigureAwait(false);
        var affected = LagHours(hourUtc);
        affected.UnionWith(HoursReached(changed));
        var (scored, _) = await ScoreAsync(run, affected, scope: null, keep: true, cancellationToken).ConfigureAwait(false);
        await AdvanceAsync(run, changed, watermark, cancellationToken).ConfigureAwait(false);
        return scored;
    }

    /// <summary>
    /// Scores a completed hour and the lag hours it reaches for some of the store's ad sets (an ad account's hourly cycle
    /// scores its own, right after its ETL), with the store-wide attribution (the untagged orders are shared over every
    /// ad set of the store), and stores only their rewards. Late changes to older hours are
    /// <see cref="RescoreChangesAsync"/>'s, once for the whole store.
    /// </summary>
    /// <param name="storeId">The store.</param>
    /// <param name="hourUtc">The completed hour, a whole UTC hour.</param>
    /// <param name="adSets">The ad sets to score and store.</param>
    /// <param name="cancellationToken">Cancels the run; what was stored before stays stored.</param>
    /// <returns>Their rewards scored, by ad set then hour.</returns>
    /// <exception cref="ArgumentException"><paramref name="hourUtc"/> is not a whole UTC hour.</exception>
    /// <exception cref="InvalidOperationException">The store is unknown.</exception>
    public async Task<IReadOnlyList<AdSetHourReward>> ScoreHourAsync(
        long storeId, DateTimeOffset hourUtc, IReadOnlySet<AdSetRef> adSets, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(adSets);
        var run = await StartAsync(storeId, hourUtc, cancellationToken).ConfigureAwait(false);
        return (await ScoreAsync(run, LagHours(hourUtc), adSets, keep: true, cancellationToken).ConfigureAwait(false)).Scored;
    }

    /// <summary>
    /// Rescores, for the whole store, every hour an order changed since the previous rescoring reaches (a late order,
    /// refund or cancellation, within <see cref="RewardJobOptions.LateChangeLookbackHours"/> before
    /// <paramref name="hourUtc"/>), a few hours at a time, storing each as it is scored; then moves the watermark past
    /// the changes. A large store's refunds reach hundreds of hours an hour: the loop runs this once per store and hour,
    /// beside the accounts' cycles rather than in each.
    /// </summary>
    /// <param name="storeId">The store.</param>
    /// <param name="hourUtc">The last completed hour, a whole UTC hour.</param>
    /// <param name="cancellationToken">Cancels the run; what was stored stays stored, and the next run scores the rest.</param>
    /// <returns>How many ad set-hours were rescored.</returns>
    /// <exception cref="ArgumentException"><paramref name="hourUtc"/> is not a whole UTC hour.</exception>
    /// <exception cref="InvalidOperationException">The store is unknown.</exception>
    public async Task<int> RescoreChangesAsync(long storeId, DateTimeOffset hourUtc, CancellationToken cancellationToken)
    {
        var run = await StartAsync(storeId, hourUtc, cancellationToken).ConfigureAwait(false);
        var (changed, watermark) = await ChangedAsync(run, cancellationToken).ConfigureAwait(false);
        var (_, count) = await ScoreAsync(run, HoursReached(changed), scope: null, keep: false, cancellationToken).ConfigureAwait(false);
        await AdvanceAsync(run, changed, watermark, cancellationToken).ConfigureAwait(false);
        return count;
    }

    private async Task<RewardRun> StartAsync(long storeId, DateTimeOffset hourUtc, CancellationToken cancellationToken)
    {
        if (!LocalHour.IsWholeUtcHour(hourUtc))
        {
            throw new ArgumentException($"{hourUtc:O} is not a whole UTC hour", nameof(hourUtc));
        }

        hourUtc = hourUtc.ToUniversalTime();
        var store = await _stores.GetAsync(storeId, cancellationToken).ConfigureAwait(false)
            ?? throw new InvalidOperationException($"store {storeId} is unknown");
        var profile = store.Profile;
        var end = hourUtc.AddHours(1);
        var lookbackFrom = Max(LocalHour.FloorToUtcHour(profile.DataSince), hourUtc.AddHours(-_lookbackHours));
        return new RewardRun(storeId, profile, lookbackFrom, end);
    }

    /// <summary>The orders changed since the watermark (placed within the lookback), and the watermark.</summary>
    private async Task<(IReadOnlyList<OrderRecord> Changed, DateTimeOffset? Watermark)> ChangedAsync(RewardRun run, CancellationToken cancellationToken)
    {
        var watermark = await _watermarks.GetWatermarkAsync(run.StoreId, WatermarkSource, cancellationToken).ConfigureAwait(false);
        var changed = await _queries.OrdersUpdatedAfterAsync(run.StoreId, watermark, run.LookbackFrom, run.End, cancellationToken).ConfigureAwait(false);
        return (changed, watermark);
    }

    private Task AdvanceAsync(RewardRun run, IReadOnlyList<OrderRecord> changed, DateTimeOffset? watermark, CancellationToken cancellationToken)
    {
        var latest = changed.Count == 0 ? (DateTimeOffset?)null : changed.Max(o => o.SourceUpdatedAt);
        return latest is { } seen && (watermark is null || seen > watermark)
            ? _watermarks.AdvanceWatermarkAsync(run.StoreId, WatermarkSource, seen, cancellationToken)
            : Task.CompletedTask;
    }

    private SortedSet<DateTimeOffset> LagHours(DateTimeOffset hourUtc) => new(AttributionLag.AffectedHours(hourUtc.ToUniversalTime(), _lagHours));

    private SortedSet<DateTimeOffset> HoursReached(IReadOnlyList<OrderRecord> changed)
    {
        var hours = new SortedSet<DateTimeOffset>();
        foreach (var order in changed)
        {
            hours.UnionWith(AttributionLag.AffectedHours(order.CreatedAt, _lagHours));
        }

        return hours;
    }

    /// <summary>
    /// Scores the hours within the run's lookback, a run of nearby hours at a time and a long run a few hours at a time
    /// (each hour's score reads only its own window, so this is exact), storing each piece as it is scored; the scope's
    /// rows only when one is given.
    /// </summary>
    private async Task<(List<AdSetHourReward> Scored, int Count)> ScoreAsync(
        RewardRun run, SortedSet<DateTimeOffset> affected, IReadOnlySet<AdSetRef>? scope, bool keep, CancellationToken cancellationToken)
    {
        affected.RemoveWhere(h => h < run.LookbackFrom || h >= run.End);
        var scored = new List<AdSetHourReward>();
        if (affected.Count == 0)
        {
            return (scored, 0);
        }

        var profile = run.Profile;
        var adSets = await _queries.ListAdSetsAsync(run.StoreId, cancellationToken).ConfigureAwait(false);
        var budgets = adSets.ToDictionary(a => new AdSetRef(a.Platform, a.ExternalId), a => a.DailyBudget ?? 0m);
        var costOfGoods = CostOfGoods.FromMargin((double)profile.GrossMargin);
        var count = 0;

        // A late refund reaches an hour weeks back: score each run of nearby hours on its own, reading only its window,
        // and a long run (a first scoring, a day of late changes) a few hours at a time, so a large store's run never
        // holds more than those hours of every ad set.
        foreach (var hours in Runs(affected, _lagHours + 1).SelectMany(r => r.Chunk(HoursPerRead)))
        {
            var first = hours[0];
            var last = hours[^1];

            // The hour before the first scored one gives its previous budget; orders up to k hours after the last reach it.
            var insights = await _queries.AdSetInsightsAsync(run.StoreId, first.AddHours(-1), last.AddHours(1), cancellationToken).ConfigureAwait(false);
            var orders = await _queries.OrdersAsync(run.StoreId, first, last.AddHours(_lagHours + 1), cancellationToken).ConfigureAwait(false);
            // One stored row per ad set and hour (the insights table's key), so each row is one ad set-hour's activity.
            var activity = new AdSetHourActivity[insights.Count];
            for (var i = 0; i < activity.Length; i++)
            {
                var r = insights[i];
                var adSet = new AdSetRef(r.Platform, r.EntityExternalId);
                activity[i] = new AdSetHourActivity(adSet, LocalHour.FloorToUtcHour(r.Hour), r.Spend, budgets.GetValueOrDefault(adSet), r.Purchases);
            }

            var wanted = hours.ToHashSet();
            var piece = _calculator.Compute(
                activity,
                [.. orders.Select(o => ToShopOrder(o, profile.Currency))],
                profile.Currency,
                costOfGoods,
                (adSet, hour) => wanted.Contains(hour) && (scope is null || scope.Contains(adSet)));
            await _rewards.UpsertAsync(run.StoreId, [.. piece.Select(ToRecord)], cancellationToken).ConfigureAwait(false);
            count += piece.Count;
            if (keep)
            {
                scored.AddRange(piece);
            }
        }

        scored.Sort((a, b) => a.AdSet.Platform != b.AdSet.Platform
            ? a.AdSet.Platform.CompareTo(b.AdSet.Platform)
            : string.CompareOrdinal(a.AdSet.ExternalId, b.AdSet.ExternalId) is var byId and not 0 ? byId : a.HourUtc.CompareTo(b.HourUtc));
        return (scored, count);
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
    /// <param name="order">The order as stored (or as the ETL would store it).</param>
    /// <param name="storeCurrency">The store currency, for an order that names none.</param>
    /// <returns>The order as the reward calculator reads it.</returns>
    public static ShopOrder ToShopOrder(OrderRecord order, string storeCurrency)
    {
        ArgumentNullException.ThrowIfNull(order);
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


/// <summary>One reward run's store and the hours it may score: [<paramref name="LookbackFrom"/>, <paramref name="End"/>).</summary>
internal sealed record RewardRun(long StoreId, StoreProfile Profile, DateTimeOffset LookbackFrom, DateTimeOffset End);
