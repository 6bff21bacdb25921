using AdPilot.Runtime.Actuation;
using AdPilot.Storage.Features;
using AdPilot.Storage.Retraining;
using AdPilot.Storage.Rewards;
using AdPilot.Storage.Stores;

namespace AdPilot.Runtime.Retraining;

/// <summary>
/// Gathers a store's accumulated data over a range from the storage read models: the ad sets' configuration and their
/// hourly insights and UTM-attributed orders (streamed one ad set at a time), the hours the reward job scored, the store's
/// orders, and the decisions the policy logged.
/// </summary>
/// <param name="stores">The stores.</param>
/// <param name="features">Ad sets, insights and orders.</param>
/// <param name="rewards">The scored hours.</param>
/// <param name="queries">The decisions' count.</param>
public sealed class RetrainingDataReader(IStoreDirectory stores, IFeatureQueries features, IRewardStore rewards, IRetrainingQueries queries)
{
    private static readonly string[] NotThePolicy = [ActionPolicies.Human, ActionPolicies.KillSwitch, ActionPolicies.CreativeRotation];

    /// <summary>Reads the store's data over [from, to).</summary>
    /// <param name="storeId">The store.</param>
    /// <param name="from">The first hour, inclusive.</param>
    /// <param name="to">The end hour, exclusive.</param>
    /// <param name="cancellationToken">Cancels the reads.</param>
    /// <returns>The data.</returns>
    /// <exception cref="InvalidOperationException">The store is unknown.</exception>
    public async Task<RetrainingData> ReadAsync(long storeId, DateTimeOffset from, DateTimeOffset to, CancellationToken cancellationToken)
    {
        var profile = (await stores.GetAsync(storeId, cancellationToken).ConfigureAwait(false)
            ?? throw new InvalidOperationException($"store {storeId} is unknown")).Profile;
        var managed = (await features.ListAdSetsAsync(storeId, cancellationToken).ConfigureAwait(false))
            .Where(a => a.DailyBudget is > 0m && string.Equals(a.Currency, profile.Currency, StringComparison.Ordinal))
            .ToList();
        var hours = new HashSet<DateTimeOffset>();
        var observations = new List<AdSetObservation>(managed.Count);
        foreach (var platform in managed.GroupBy(a => a.Platform))
        {
            var byId = platform.ToDictionary(a => a.ExternalId, StringComparer.Ordinal);
            var sums = new Dictionary<string, Sums>(StringComparer.Ordinal);
            await foreach (var row in features.AdSetHistoryAsync(storeId, platform.Key, byId.Keys, from, to, cancellationToken).ConfigureAwait(false))
            {
                if (!sums.TryGetValue(row.AdSetExternalId, out var sum))
                {
                    sum = new Sums();
                    sums[row.AdSetExternalId] = sum;
                }

                if (row.IsOrders)
                {
                    sum.Orders += row.Orders;
                    sum.Revenue += row.Revenue;
                }
                else
                {
                    hours.Add(row.HourUtc);
                    sum.Hours++;
                    sum.Impressions += row.Impressions;
                    sum.Clicks += row.Clicks;
                    sum.Spend += row.Spend;
                    sum.Purchases += row.Purchases;
                }
            }

            foreach (var (id, adSet) in byId.OrderBy(p => p.Key, StringComparer.Ordinal))
            {
                var s = sums.GetValueOrDefault(id) ?? new Sums();
                observations.Add(new AdSetObservation(adSet, s.Hours, s.Impressions, s.Clicks, s.Spend, s.Purchases, s.Orders, s.Revenue));
            }
        }

        var scored = await rewards.StoreHourlyTotalsAsync(storeId, from, to, cancellationToken).ConfigureAwait(false);
        var orders = await features.OrderCountsByHourAsync(storeId, from, to, cancellationToken).ConfigureAwait(false);
        var decisions = await queries.CountDecisionsAsync(storeId, from, to, NotThePolicy, cancellationToken).ConfigureAwait(false);
        return new RetrainingData(
            storeId,
            profile,
            from,
            to,
            [.. observations.OrderBy(o => o.AdSet.Platform).ThenBy(o => o.AdSet.ExternalId, StringComparer.Ordinal)],
            hours.Count,
            scored.Count,
            decisions,
            orders.Sum(o => o.Orders));
    }

    private sealed class Sums
    {
        public int Hours { get; set; }

        public long Impressions { get; set; }

        public long Clicks { get; set; }

        public decimal Spend { get; set; }

        public long Purchases { get; set; }

        public long Orders { get; set; }

        public decimal Revenue { get; set; }
    }
}
