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
/// happened to them later, as the simulator counts them. A cycle reads the ad sets, then each platform's history as one
/// stream of rows (insights and attributed orders, one ad set after another) that is summarised as it goes: memory holds
/// one ad set's hours and a small summary per ad set, never the whole window. The seasonality table is learned once per
/// store and UTC day from the orders counted per UTC hour (the database counts them; eight weeks of a large store's orders
/// are never read one by one).
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
        var summaries = await SummariesAsync(storeId, stored, historyFrom, hourUtc, cancellationToken).ConfigureAwait(false);
        var seasonality = cached ?? await SeasonalityAsync(storeId, day, seasonFrom, dayStart, zone, cancellationToken).ConfigureAwait(false);

        var priors = _useAccountPrior ? Priors(stored, summaries) : [];
        var result = new List<AdSetFeatures>(stored.Length);
        for (var i = 0; i < stored.Length; i++)
        {
            var adSet = stored[i];
            var configuration = StoredConfiguration.From(adSet, profile.Currency);
            var prior = priors.GetValueOrDefault(adSet.Platform, AccountPrior.Default);
            var state = _featurizer.StateAt(hourUtc, summaries[i], configuration, prior, seasonality, zone);
            result.Add(new AdSetFeatures(new AdSetRef(adSet.Platform, adSet.ExternalId), configuration, state));
        }

        return result;
    }

    /// <summary>
    /// Each ad set's history summary, in the order of <paramref name="stored"/>. The rows stream from one query per
    /// platform, one ad set at a time: that ad set's hours (platform insights joined with the UTM-attributed orders placed
    /// in each) are all that is held, however many ad sets and however long the window (a large account's 8 weeks are
    /// millions of ad set-hours).
    /// </summary>
    private async Task<HistorySummary[]> SummariesAsync(
        long storeId, AdSetRecord[] stored, DateTimeOffset fromUtc, DateTimeOffset toUtc, CancellationToken cancellationToken)
    {
        var summaries = new HistorySummary[stored.Length];
        Array.Fill(summaries, _featurizer.Summarize(toUtc, []));
        var hours = new List<AdSetHour>();
        foreach (var platform in stored.Select((a, i) => (AdSet: a, Index: i)).GroupBy(a => a.AdSet.Platform))
        {
            var index = platform.ToDictionary(a => a.AdSet.ExternalId, a => a.Index, StringComparer.Ordinal);
            string? current = null;
            var ordersStarted = false;
            await foreach (var row in _queries.AdSetHistoryAsync(storeId, platform.Key, index.Keys, fromUtc, toUtc, cancellationToken).ConfigureAwait(false))
            {
                if (!string.Equals(row.AdSetExternalId, current, StringComparison.Ordinal))
                {
                    Flush();
                    current = row.AdSetExternalId;
                    ordersStarted = false;
                }

                var hour = LocalHour.FloorToUtcHour(row.HourUtc);
                if (!row.IsOrders)
                {
                    AddInsights(hours, new AdSetHour(hour, row.Spend, row.Impressions, row.Clicks, row.Purchases, 0, 0));
                    continue;
                }

                if (!ordersStarted)
                {
                    SortAndMerge(hours);
                    ordersStarted = true;
                }

                // An ad set's history starts with its first reported hour: orders from before it have no clicks to be
                // measured against (insights are kept for a shorter time than orders, or were pulled later).
                if (hour >= fromUtc && hour < toUtc && hours.Count > 0 && hour >= hours[0].HourUtc)
                {
                    AddOrders(hours, new AdSetHour(hour, 0, 0, 0, 0, row.Orders, row.Revenue));
                }
            }

            Flush();

            void Flush()
            {
                if (current is not null && index.TryGetValue(current, out var at))
                {
                    SortAndMerge(hours);
                    summaries[at] = _featurizer.Summarize(toUtc, hours);
                }

                hours.Clear();
            }
        }

        return summaries;
    }

    /// <summary>An hour of insights, in the order read (by hour; one row per hour, but two are summed).</summary>
    private static void AddInsights(List<AdSetHour> hours, AdSetHour figures)
    {
        if (hours.Count > 0 && hours[^1].HourUtc == figures.HourUtc)
        {
            hours[^1] = Add(hours[^1], figures);
        }
        else
        {
            hours.Add(figures);
        }
    }

    /// <summary>An hour of orders, into the hour it was placed (added to its insights, or a new hour between them).</summary>
    private static void AddOrders(List<AdSetHour> hours, AdSetHour attributed)
    {
        int lo = 0, hi = hours.Count - 1;
        while (lo <= hi)
        {
            var mid = (lo + hi) >>> 1;
            var c = hours[mid].HourUtc.CompareTo(attributed.HourUtc);
            if (c == 0)
            {
                hours[mid] = Add(hours[mid], attributed);
                return;
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

        hours.Insert(lo, attributed);
    }

    /// <summary>The hours by hour with one row per hour: a no-op for rows read in order, as they are.</summary>
    private static void SortAndMerge(List<AdSetHour> hours)
    {
        for (var i = 1; i < hours.Count; i++)
        {
            if (hours[i].HourUtc <= hours[i - 1].HourUtc)
            {
                AdSetHour[] merged = [.. hours.GroupBy(h => h.HourUtc).OrderBy(g => g.Key).Select(g => g.Aggregate(Add))];
                hours.Clear();
                hours.AddRange(merged);
                return;
            }
        }
    }

    private static AdSetHour Add(AdSetHour a, AdSetHour b) => a with
    {
        Spend = a.Spend + b.Spend,
        Impressions = a.Impressions + b.Impressions,
        Clicks = a.Clicks + b.Clicks,
        PlatformPurchases = a.PlatformPurchases + b.PlatformPurchases,
        AttributedOrders = a.AttributedOrders + b.AttributedOrders,
        AttributedRevenue = a.AttributedRevenue + b.AttributedRevenue,
    };

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
                var orderHours = await _queries.OrderCountsByHourAsync(storeId, seasonFrom, dayStart, cancellationToken).ConfigureAwait(false);
                table = Seasonality.LearnHourly(orderHours, seasonFrom, dayStart, zone, _seasonalityOptions);
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
    private static Dictionary<Platform, AccountPrior> Priors(AdSetRecord[] stored, HistorySummary[] summaries) =>
        stored
            .Select((a, i) => (a.Platform, Summary: summaries[i]))
            .GroupBy(s => s.Platform)
            .ToDictionary(
                g => g.Key,
                g => AccountPrior.FromTotals(g.Sum(s => s.Summary.Impressions), g.Sum(s => s.Summary.Clicks), g.Sum(s => s.Summary.AttributedOrders)));

    /// <summary>The ad set an order's UTM tags name, as the order ETL stored it.</summary>
    internal static AdSetRef? AttributedAdSet(OrderRecord order) =>
        string.Equals(order.AttributionSource, ShopifyOrderRecords.UtmAttribution, StringComparison.Ordinal)
            && order.Platform is { } platform && !string.IsNullOrEmpty(order.AdSetExternalId)
            ? new AdSetRef(platform, order.AdSetExternalId)
            : null;

    private static DateTimeOffset Max(DateTimeOffset a, DateTimeOffset b) => a > b ? a : b;
}
