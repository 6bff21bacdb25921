using AdPilot.Core.Domain;
using AdPilot.Core.Features;
using AdPilot.Core.Platforms;
using AdPilot.Storage.Ingestion;

namespace AdPilot.Runtime.Ingestion;

/// <summary>
/// One ad account's hourly ETL of the platform side: the configuration of its ad sets (and their campaigns) and the
/// hourly insights of the last <see cref="ReplayHours"/> hours, which the platforms keep correcting after the fact.
/// </summary>
/// <remarks>
/// <para>
/// Re-reading every hour of the window every cycle would keep every late correction, but at scale it costs most of the
/// cycle: at 2,500 ad sets an account, four local days of hourly rows are about 240 TikTok report pages, and TikTok's
/// default app limit of 10 requests a second is shared by all advertisers, so 40-50 s of a 60 s cycle would go to the
/// replay. So each cycle first reads the account's per-ad-set daily totals of the window's local days
/// (<see cref="IAdPlatform.GetDailyInsightsAsync"/>: one or a few requests) and compares each past day, ad set by ad
/// set, with the sums of what is stored over that day's UTC hours (<see cref="IIngestionStore.SumAdSetInsightsAsync"/>):
/// spend, impressions and clicks always, purchases and their value where the daily read reports them, exactly, money
/// at the stored precision. A missing row on either side counts as zeros: platforms omit ad sets without delivery, so
/// an ad set with nothing stored and nothing reported matches, while one with nothing stored but a daily total (the
/// first run, a new ad set) does not.
/// </para>
/// <para>
/// A platform's late correction changes the day's totals, so the day is then read again hour by hour and stored in
/// full; a day whose totals all match is not read again. Today, the local day holding the cycle's instant, is always
/// read hourly and never compared: new hours arrive in it, and its daily total includes the hour in progress.
/// </para>
/// <para>
/// The ad sets are stored first, then the insights one local day at a time as each day is pulled, so a large account
/// never holds the whole replay in memory, and hours at or after the cycle's instant are dropped. A failed pull (any
/// <see cref="PlatformException"/>, the daily read included) leaves the days not yet pulled as they were (the days
/// before it hold the platform's newer figures), and writing the same hours twice changes nothing (the stores upsert).
/// </para>
/// </remarks>
/// <param name="store">Where the rows go, and the sums the daily totals are checked against.</param>
public sealed class InsightsIngestion(IIngestionStore store)
{
    /// <summary>How far back each cycle checks, and if changed re-reads, insights.</summary>
    public const int ReplayHours = 72;

    /// <summary>The status stored for a campaign, which the ad set reads do not describe.</summary>
    private const string UnknownStatus = "UNKNOWN";

    /// <summary>The places money is stored to (numeric(18, 4)), and so compared at.</summary>
    private const int StoredMoneyDecimals = 4;

    /// <summary>Pulls and stores one account's ad sets and the recent hourly insights that changed.</summary>
    /// <param name="storeId">The store that owns the account.</param>
    /// <param name="account">The ad account.</param>
    /// <param name="platform">The platform that serves it.</param>
    /// <param name="zone">The account's time zone (the platforms report hours in it).</param>
    /// <param name="nowUtc">The cycle's instant.</param>
    /// <param name="cancellationToken">Cancels the pull.</param>
    /// <returns>What was checked and stored.</returns>
    /// <exception cref="PlatformException">The pull failed; the ad sets and the days pulled before it are stored.</exception>
    public async Task<InsightsIngestionResult> IngestAsync(
        long storeId, AdAccountRef account, IAdPlatform platform, TimeZoneInfo zone, DateTimeOffset nowUtc, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(account);
        ArgumentNullException.ThrowIfNull(platform);
        ArgumentNullException.ThrowIfNull(zone);

        var adSets = await platform.GetAdSetsAsync(account, cancellationToken).ConfigureAwait(false);
        var from = LocalDay(nowUtc.AddHours(-ReplayHours), zone);
        var to = LocalDay(nowUtc, zone);
        await store.UpsertAdAccountsAsync(
            storeId, [new AdAccountRecord(account.Platform, account.AccountId, account.ToString(), account.Currency)], cancellationToken).ConfigureAwait(false);
        await store.UpsertCampaignsAsync(
            storeId,
            adSets.Select(a => a.CampaignId).Distinct(StringComparer.Ordinal)
                .Select(c => new CampaignRecord(account.Platform, c, account.AccountId, c, UnknownStatus)).ToArray(),
            cancellationToken).ConfigureAwait(false);
        await store.UpsertAdSetsAsync(storeId, adSets.Select(a => ToRecord(a, account)).ToArray(), cancellationToken).ConfigureAwait(false);

        var changed = from < to
            ? await ChangedDaysAsync(storeId, account, platform, zone, from, to.AddDays(-1), cancellationToken).ConfigureAwait(false)
            : [];
        var loaded = 0;
        var daysRead = 0;
        for (var day = from; day <= to; day = day.AddDays(1))
        {
            if (day < to && !changed.Contains(day))
            {
                continue;
            }

            var insights = await platform.GetHourlyInsightsAsync(account, day, cancellationToken).ConfigureAwait(false);
            var rows = insights.Select(i => ToRow(i, zone)).Where(r => r.Hour < nowUtc).ToArray();
            loaded += await store.LoadInsightsAsync(storeId, rows, cancellationToken).ConfigureAwait(false);
            daysRead++;
        }

        return new InsightsIngestionResult(account, adSets.Count, loaded, from, to)
        {
            Snapshots = adSets,
            DaysChecked = to.DayNumber - from.DayNumber,
            DaysRead = daysRead,
        };
    }

    /// <summary>
    /// The past days in [<paramref name="first"/>, <paramref name="last"/>] where any ad set's daily totals differ from
    /// the sums of its stored hours of that day.
    /// </summary>
    private async Task<HashSet<DateOnly>> ChangedDaysAsync(
        long storeId, AdAccountRef account, IAdPlatform platform, TimeZoneInfo zone, DateOnly first, DateOnly last, CancellationToken cancellationToken)
    {
        var reported = (await platform.GetDailyInsightsAsync(account, first, last, cancellationToken).ConfigureAwait(false))
            .ToLookup(d => d.Day);
        var changed = new HashSet<DateOnly>();
        for (var day = first; day <= last; day = day.AddDays(1))
        {
            var stored = (await store.SumAdSetInsightsAsync(
                    storeId, account.Platform, account.AccountId, LocalHour.MidnightUtc(day, zone), LocalHour.MidnightUtc(day.AddDays(1), zone), cancellationToken)
                .ConfigureAwait(false))
                .ToDictionary(t => t.AdSetExternalId, StringComparer.Ordinal);
            if (DayDiffers(reported[day], stored))
            {
                changed.Add(day);
            }
        }

        return changed;
    }

    /// <summary>Whether one day's reported totals differ from the stored sums, a missing row on either side counting as zeros.</summary>
    private static bool DayDiffers(IEnumerable<AdSetDayInsight> reported, Dictionary<string, AdSetInsightTotals> stored)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var day in reported)
        {
            if (!seen.Add(day.AdSet.ExternalId))
            {
                return true; // two rows for one ad set and day: nothing to trust but the hours
            }

            var sums = stored.GetValueOrDefault(day.AdSet.ExternalId) ?? Zero(day.AdSet.ExternalId);
            if (day.Impressions != sums.Impressions
                || day.Clicks != sums.Clicks
                || AsStored(day.Spend.Amount) != sums.Spend
                || (day.Conversions is { } conversions && conversions != sums.Purchases)
                || (day.ConversionValue is { } value && AsStored(value.Amount) != sums.Revenue))
            {
                return true;
            }
        }

        // Stored hours of an ad set the platform now reports nothing for: a day corrected down to no delivery.
        return stored.Values.Any(s => !seen.Contains(s.AdSetExternalId) && s != Zero(s.AdSetExternalId));
    }

    private static AdSetInsightTotals Zero(string adSetExternalId) => new(adSetExternalId, 0, 0, 0m, 0, 0m);

    private static decimal AsStored(decimal amount) => Math.Round(amount, StoredMoneyDecimals, MidpointRounding.AwayFromZero);

    private static DateOnly LocalDay(DateTimeOffset utc, TimeZoneInfo zone) => DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(utc, zone).DateTime);

    private static InsightRow ToRow(AdSetHourInsight insight, TimeZoneInfo zone) => new(
        insight.AdSet.Platform,
        InsightEntityType.AdSet,
        insight.AdSet.ExternalId,
        LocalHour.ToUtc(insight.Day, insight.Hour, zone),
        insight.Impressions,
        insight.Clicks,
        insight.Spend.Amount,
        insight.Spend.Currency,
        (int)Math.Min(int.MaxValue, insight.Conversions ?? 0),
        insight.ConversionValue?.Amount ?? 0m);

    private static AdSetRecord ToRecord(AdSetSnapshot snapshot, AdAccountRef account) => new()
    {
        Platform = account.Platform,
        ExternalId = snapshot.AdSet.ExternalId,
        CampaignExternalId = snapshot.CampaignId,
        Name = snapshot.Name,
        Status = snapshot.PlatformStatus,
        DailyBudget = snapshot.DailyBudget?.Amount,
        Currency = snapshot.DailyBudget?.Currency ?? account.Currency,
        BidStrategy = snapshot.PlatformBidStrategy,
        TargetAgeGroup = snapshot.Targeting?.AgeLabel,
        Interests = snapshot.Targeting?.InterestNames ?? [],
        KeepStoredTargeting = snapshot.Targeting is null,
    };
}

/// <summary>What one account's platform ETL stored.</summary>
/// <param name="Account">The account.</param>
/// <param name="AdSets">Ad sets refreshed.</param>
/// <param name="InsightRows">Hourly rows loaded (new or changed).</param>
/// <param name="FirstDay">The first local day of the window (checked, and read hourly only if it changed).</param>
/// <param name="LastDay">The last local day of the window: today, always read hourly.</param>
public sealed record InsightsIngestionResult(AdAccountRef Account, int AdSets, int InsightRows, DateOnly FirstDay, DateOnly LastDay)
{
    /// <summary>Gets the account's ad sets as the platform showed them.</summary>
    public IReadOnlyList<AdSetSnapshot> Snapshots { get; init; } = [];

    /// <summary>Gets how many past days of the window had their daily totals checked against the stored hours.</summary>
    public int DaysChecked { get; init; }

    /// <summary>
    /// Gets how many days were read hour by hour and stored: today, and each checked day whose totals differed (every
    /// day on the first run).
    /// </summary>
    public int DaysRead { get; init; }
}
