using System.Collections.Concurrent;
using AdPilot.Core.Domain;
using AdPilot.Core.Features;
using AdPilot.Runtime.Ingestion;
using AdPilot.Storage.Features;
using AdPilot.Storage.Ingestion;
using AdPilot.Storage.Stores;

namespace AdPilot.Runtime.Features;

/// <summary>
/// Builds every ad set's <see cref="AdEnvironmentState"/> for an hour from the database: the stored ad sets, their
/// hourly insights over the featurizer's history window, and the store's orders. UTM-attributed orders (those the
/// order ETL tagged with a platform and an ad set) count for their ad set in the hour they were placed, whatever
/// happened to them later, as the simulator counts them. Each cycle makes one query per kind (ad sets, insights,
/// orders), not one per ad set. The seasonality table is learned from the order history once per store and UTC day.
/// </summary>
public sealed class FeatureStore
{
    private readonly IFeatureQueries _queries;
    private readonly IStoreDirectory _stores;
    private readonly Featurizer _featurizer;
    private readonly int _historyHours;
    private readonly int _seasonalityDays;
    private readonly bool _useAccountPrior;
    private readonly SeasonalityOptions _seasonalityOptions;
    private readonly ConcurrentDictionary<long, (DateOnly Day, SeasonalityTable Table)> _seasonality = new();
    private readonly ConcurrentDictionary<long, SemaphoreSlim> _seasonalityGates = new();

    /// <summary>Initializes a new instance of the <see cref="FeatureStore"/> class.</summary>
    /// <param name="queries">The feature queries.</param>
    /// <param name="stores">The store directory (currency, time zone, start of the data).</param>
    /// <param name="options">The options; defaults when null. Their values are copied.</param>
    /// <exception cref="ArgumentException">The options are invalid.</exception>
    public FeatureStore(IFeatureQueries queries, IStoreDirectory stores, FeatureStoreOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(queries);
        ArgumentNullException.ThrowIfNull(stores);
        options ??= new FeatureStoreOptions();
        var errors = options.Validate();
        if (errors.Count > 0)
        {
            throw new ArgumentException("invalid feature store options: " + string.Join("; ", errors), nameof(options));
        }

        _queries = queries;
        _stores = stores;
        _featurizer = new Featurizer(options.Featurizer);
        _historyHours = options.Featurizer.HistoryHours;
        _seasonalityDays = options.SeasonalityDays;
        _useAccountPrior = options.UseAccountPrior;
        _seasonalityOptions = new SeasonalityOptions
        {
            MinHistoryDays = options.Seasonality.MinHistoryDays,
            MinOrders = options.Seasonality.MinOrders,
            PseudoOrders = options.Seasonality.PseudoOrders,
            SmoothingRadiusHours = options.Seasonality.SmoothingRadiusHours,
        };
    }

    /// <summary>The state of every stored ad set of a store at the start of an hour.</summary>
    /// <param name="storeId">The store.</param>
    /// <param name="hourUtc">The hour, a whole UTC hour; history up to its start is used.</param>
    /// <param name="cancellationToken">Cancels the reads.</param>
    /// <returns>One entry per ad set, by platform then id.</returns>
    /// <exception cref="ArgumentException"><paramref name="hourUtc"/> is not a whole UTC hour.</exception>
    /// <exception cref="InvalidOperationException">The store is unknown.</exception>
    public Task<IReadOnlyList<AdSetFeatures>> StatesAsync(long storeId, DateTimeOffset hourUtc, CancellationToken cancellationToken) =>
        StatesAsync(storeId, hourUtc, null, cancellationToken);

    /// <summary>
    /// The state of some stored ad sets of a store at the start of an hour (an ad account's, for its cycle): only their
    /// rows are read, and the account prior is theirs.
    /// </summary>
    /// <param name="storeId">The store.</param>
    /// <param name="hourUtc">The hour, a whole UTC hour; history up to its start is used.</param>
    /// <param name="adSets">The ad sets; every stored ad set when null.</param>
    /// <param name="cancellationToken">Cancels the reads.</param>
    /// <returns>One entry per ad set that is stored, by platform then id.</returns>
    /// <exception cref="ArgumentException"><paramref name="hourUtc"/> is not a whole UTC hour.</exception>
    /// <exception cref="InvalidOperationException">The store is unknown.</exception>
    public async Task<IReadOnlyList<AdSetFeatures>> StatesAsync(
        long storeId, DateTimeOffset hourUtc, IReadOnlyCollection<AdSetRef>? adSets, CancellationToken cancellationToken)
    {
        if (!LocalHour.IsWholeUtcHour(hourUtc))
        {
            throw new ArgumentException($"{hourUtc:O} is not a whole UTC hour", nameof(hourUtc));
        }

        hourUtc = hourUtc.ToUniversalTime();
        var store = await _stores.GetAsync(storeId, cancellationToken).ConfigureAwait(false)
            ?? throw new InvalidOperationException($"store {storeId} is unknown");
        var profile = store.Profile;
        var zone = TimeZoneInfo.FindSystemTimeZoneById(profile.TimeZone);

        var historyFrom = hourUtc.AddHours(-_historyHours);
        var day = DateOnly.FromDateTime(hourUtc.UtcDateTime);
        var dayStart = new DateTimeOffset(day.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero);
        var dataSince = LocalHour.FloorToUtcHour(profile.DataSince);
        var seasonFrom = Max(dataSince, dayStart.AddDays(-_seasonalityDays));
        var cached = _seasonality.TryGetValue(storeId, out var entry) && entry.Day == day ? entry.Table : null;

        var scope = adSets?.ToHashSet();
        var stored = (await _queries.ListAdSetsAsync(storeId, cancellationToken).ConfigureAwait(false))
            .Where(a => scope is null || scope.Contains(new AdSetRef(a.Platform, a.ExternalId)))
            .ToArray();
        IReadOnlyList<InsightRow> insights;
        if (scope is null)
        {
            insights = await _queries.AdSetInsightsAsync(storeId, historyFrom, hourUtc, cancellationToken).ConfigureAwait(false);
        }
        else
        {
            // An account's ad sets are on one platform: its rows are used as read, not copied into another list.
            var parts = new List<IReadOnlyList<InsightRow>>();
            foreach (var platform in stored.GroupBy(a => a.Platform))
            {
                parts.Add(await _queries.AdSetInsightsAsync(
                    storeId, platform.Key, [.. platform.Select(a => a.ExternalId)], historyFrom, hourUtc, cancellationToken).ConfigureAwait(false));
            }

            insights = parts.Count == 1 ? parts[0] : [.. parts.SelectMany(p => p)];
        }

        var orders = await _queries.AttributedOrderHoursAsync(storeId, historyFrom, hourUtc, cancellationToken).ConfigureAwait(false);
        var seasonality = cached ?? await SeasonalityAsync(storeId, day, seasonFrom, dayStart, zone, cancellationToken).ConfigureAwait(false);

        var history = History(insights, orders, historyFrom, hourUtc);
        var priors = _useAccountPrior ? Priors(history) : [];
        var result = new List<AdSetFeatures>(stored.Length);
        foreach (var adSet in stored)
        {
            var key = new AdSetRef(adSet.Platform, adSet.ExternalId);
            var configuration = StoredConfiguration.From(adSet, profile.Currency);
            var rows = history.GetValueOrDefault(key) ?? [];
            var prior = priors.GetValueOrDefault(adSet.Platform, AccountPrior.Default);
            var state = _featurizer.StateAt(hourUtc, rows, configuration, prior, seasonality, zone);
            result.Add(new AdSetFeatures(key, configuration, state));
        }

        return result;
    }

    /// <summary>
    /// Per ad set, its hours in order: platform insights joined with the UTM-attributed orders placed in each hour. Built
    /// straight into each ad set's list (the rows come sorted by ad set and hour, one per ad set-hour), without a map of
    /// every ad set-hour: a large account's window holds hundreds of thousands of them.
    /// </summary>
    private static Dictionary<AdSetRef, List<AdSetHour>> History(
        IReadOnlyList<InsightRow> insights, IReadOnlyList<AttributedOrderHour> orders, DateTimeOffset fromUtc, DateTimeOffset toUtc)
    {
        var result = new Dictionary<AdSetRef, List<AdSetHour>>();
        List<AdSetHour>? list = null;
        AdSetRef current = default;
        var sorted = true;
        foreach (var row in insights)
        {
            var adSet = new AdSetRef(row.Platform, row.EntityExternalId);
            if (list is null || adSet != current)
            {
                current = adSet;
                if (!result.TryGetValue(adSet, out list))
                {
                    result[adSet] = list = [];
                }
            }

            var hour = LocalHour.FloorToUtcHour(row.Hour);
            var figures = new AdSetHour(hour, row.Spend, row.Impressions, row.Clicks, row.Purchases, 0, 0);
            if (list.Count > 0 && list[^1].HourUtc >= hour)
            {
                if (list[^1].HourUtc == hour)
                {
                    list[^1] = Add(list[^1], figures);
                    continue;
                }

                sorted = false;
            }

            list.Add(figures);
        }

        if (!sorted)
        {
            foreach (var key in result.Keys.ToArray())
            {
                result[key] = [.. result[key].GroupBy(h => h.HourUtc).OrderBy(g => g.Key).Select(g => g.Aggregate(Add))];
            }
        }

        // An ad set's history starts with its first reported hour: orders from before it have no clicks to be
        // measured against (insights are kept for a shorter time than orders, or were pulled later).
        foreach (var order in orders)
        {
            var hour = LocalHour.FloorToUtcHour(order.HourUtc);
            if (hour < fromUtc || hour >= toUtc || !result.TryGetValue(new AdSetRef(order.Platform, order.AdSetExternalId), out var hours) || hour < hours[0].HourUtc)
            {
                continue;
            }

            var attributed = new AdSetHour(hour, 0, 0, 0, 0, order.Orders, order.Revenue);
            var at = BinarySearch(hours, hour);
            if (at >= 0)
            {
                hours[at] = Add(hours[at], attributed);
            }
            else
            {
                hours.Insert(~at, attributed);
            }
        }

        return result;

        static AdSetHour Add(AdSetHour a, AdSetHour b) => a with
        {
            Spend = a.Spend + b.Spend,
            Impressions = a.Impressions + b.Impressions,
            Clicks = a.Clicks + b.Clicks,
            PlatformPurchases = a.PlatformPurchases + b.PlatformPurchases,
            AttributedOrders = a.AttributedOrders + b.AttributedOrders,
            AttributedRevenue = a.AttributedRevenue + b.AttributedRevenue,
        };

        static int BinarySearch(List<AdSetHour> hours, DateTimeOffset hour)
        {
            int lo = 0, hi = hours.Count - 1;
            while (lo <= hi)
            {
                var mid = (lo + hi) >>> 1;
                var c = hours[mid].HourUtc.CompareTo(hour);
                if (c == 0)
                {
                    return mid;
                }

                if (c < 0)
                {
                    lo = mid + 1;
                }
                else
                {
                    hi = mid - 1;
                }
            }

            return ~lo;
        }
    }

    /// <summary>
    /// The store's seasonality table for a UTC day, learned from its order history once per store and day (the accounts'
    /// cycles of one hour share it; one learns while the others wait).
    /// </summary>
    private async Task<SeasonalityTable> SeasonalityAsync(
        long storeId, DateOnly day, DateTimeOffset seasonFrom, DateTimeOffset dayStart, TimeZoneInfo zone, CancellationToken cancellationToken)
    {
        var gate = _seasonalityGates.GetOrAdd(storeId, _ => new SemaphoreSlim(1, 1));
        await gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (_seasonality.TryGetValue(storeId, out var entry) && entry.Day == day)
            {
                return entry.Table;
            }

            var table = SeasonalityTable.Flat;
            if (seasonFrom < dayStart)
            {
                var orders = await _queries.OrdersAsync(storeId, seasonFrom, dayStart, cancellationToken).ConfigureAwait(false);
                table = Seasonality.Learn(orders.Select(o => o.CreatedAt), seasonFrom, dayStart, zone, _seasonalityOptions);
            }

            _seasonality[storeId] = (day, table);
            return table;
        }
        finally
        {
            gate.Release();
        }
    }

    /// <summary>One prior per platform, from the totals of all its ad sets over the history window.</summary>
    private static Dictionary<Platform, AccountPrior> Priors(Dictionary<AdSetRef, List<AdSetHour>> history) =>
        history
            .GroupBy(kv => kv.Key.Platform)
            .ToDictionary(
                g => g.Key,
                g => AccountPrior.FromTotals(
                    g.Sum(kv => kv.Value.Sum(h => (double)h.Impressions)),
                    g.Sum(kv => kv.Value.Sum(h => (double)h.Clicks)),
                    g.Sum(kv => kv.Value.Sum(h => h.AttributedOrders))));

    /// <summary>The ad set an order's UTM tags name, as the order ETL stored it.</summary>
    internal static AdSetRef? AttributedAdSet(OrderRecord order) =>
        string.Equals(order.AttributionSource, ShopifyOrderRecords.UtmAttribution, StringComparison.Ordinal)
            && order.Platform is { } platform && !string.IsNullOrEmpty(order.AdSetExternalId)
            ? new AdSetRef(platform, order.AdSetExternalId)
            : null;

    private static DateTimeOffset Min(DateTimeOffset a, DateTimeOffset b) => a < b ? a : b;

    private static DateTimeOffset Max(DateTimeOffset a, DateTimeOffset b) => a > b ? a : b;
}
