using System.Globalization;
using AdPilot.Core.Training.Backtest;
using AdPilot.Storage.Actions;
using AdPilot.Storage.Connections;
using AdPilot.Storage.Rewards;
using AdPilot.Storage.Stores;

namespace AdPilot.Runtime.Evidence.Shadow;

/// <summary>Reads what a <see cref="ShadowReport"/> needs from the database and builds it.</summary>
public static class ShadowReportQuery
{
    /// <summary>The history the spend-response curves are fitted on: this many days up to the end of the range.</summary>
    public const int CurveHistoryDays = 56;

    /// <summary>Builds the report of a store over [from, to).</summary>
    /// <param name="database">The database.</param>
    /// <param name="storeId">The store.</param>
    /// <param name="from">The first UTC hour.</param>
    /// <param name="to">The end hour (exclusive).</param>
    /// <param name="time">The clock (for the stores' reads).</param>
    /// <param name="cancellationToken">Cancels the reads.</param>
    /// <returns>The report.</returns>
    /// <exception cref="ArgumentException">The range is empty or the store does not exist.</exception>
    public static async Task<ShadowReport> LoadAsync(
        StorageDatabase database, long storeId, DateTimeOffset from, DateTimeOffset to, TimeProvider time, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(database);
        ArgumentNullException.ThrowIfNull(time);
        if (to <= from)
        {
            throw new ArgumentException($"the range is empty: {Text(from)} is not before {Text(to)}", nameof(to));
        }

        var store = await new StoreDirectory(database, time).GetAsync(storeId, cancellationToken).ConfigureAwait(false)
            ?? throw new ArgumentException($"no store with id {storeId}", nameof(storeId));
        var zone = TimeZoneInfo.FindSystemTimeZoneById(store.Profile.TimeZone);
        var entries = await new ActionLog(database, time).ListAsync(storeId, from, to, cancellationToken).ConfigureAwait(false);
        var rewardStore = new RewardStore(database, time);
        var historyFrom = to.AddDays(-CurveHistoryDays) < from ? to.AddDays(-CurveHistoryDays) : from;
        var history = await rewardStore.ListAsync(storeId, null, historyFrom, to, cancellationToken).ConfigureAwait(false);
        var rewards = history.Where(r => r.Hour >= from).ToList();

        var hours = history
            .Select(r => new SpendRevenueHour(r.AdSet, r.Hour, TimeZoneInfo.ConvertTime(r.Hour, zone).Hour, (double)r.Spend, (double)r.Revenue))
            .ToList();
        ExpectedRevenue? revenue = null;
        string note;
        if (!hours.Exists(h => h.Spend > 0))
        {
            note = "no ad set-hour with spend and a computed reward in the history: nothing to fit a spend-response curve on";
        }
        else
        {
            var curve = SpendResponseCurve.Fit(hours);
            var profile = curve.HourProfile;
            revenue = (adSet, spend, hour) => curve.Knows(adSet) ? curve.For(adSet).ExpectedRevenue(spend, profile[hour]) : null;
            var d = curve.Diagnostics;
            note = string.Create(
                CultureInfo.InvariantCulture,
                $"spend-response curves fitted on {d.Hours:N0} ad set-hours of {d.AdSets} ad sets ({Text(historyFrom)} to {Text(to)}), R² {d.RSquared:0.00}, mean data weight {d.MeanDataWeight:0.00}");
        }

        return ShadowReportBuilder.Build(
            store.Profile.ShopDomain, from, to, store.Profile.Currency, zone, store.Profile.GrossMargin, entries, rewards, revenue, note);
    }

    private static string Text(DateTimeOffset t) => t.ToString("yyyy-MM-dd HH:mm'Z'", CultureInfo.InvariantCulture);
}
