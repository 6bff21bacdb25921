using AdPilot.Core.Domain;
using AdPilot.Core.Features;
using AdPilot.Core.Platforms;
using AdPilot.Storage.Ingestion;

namespace AdPilot.Runtime.Ingestion;

/// <summary>
/// One ad account's hourly ETL of the platform side: the configuration of its ad sets (and their campaigns) and the
/// hourly insights of the last <see cref="ReplayHours"/> hours, pulled again every cycle because the platforms correct
/// late data. The ad sets are stored first, then the insights one local day at a time as each day is pulled, so a large
/// account never holds the whole replay in memory. A failed pull (any <see cref="PlatformException"/>) leaves the days
/// not yet pulled as they were (the days before it hold the platform's newer figures), and writing the same hours twice
/// changes nothing (the stores upsert).
/// </summary>
/// <param name="store">Where the rows go.</param>
public sealed class InsightsIngestion(IIngestionStore store)
{
    /// <summary>How far back each cycle re-reads insights.</summary>
    public const int ReplayHours = 72;

    /// <summary>The status stored for a campaign, which the ad set reads do not describe.</summary>
    private const string UnknownStatus = "UNKNOWN";

    /// <summary>Pulls and stores one account's ad sets and recent hourly insights.</summary>
    /// <param name="storeId">The store that owns the account.</param>
    /// <param name="account">The ad account.</param>
    /// <param name="platform">The platform that serves it.</param>
    /// <param name="zone">The account's time zone (the platforms report hours in it).</param>
    /// <param name="nowUtc">The cycle's instant.</param>
    /// <param name="cancellationToken">Cancels the pull.</param>
    /// <returns>What was stored.</returns>
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

        var loaded = 0;
        for (var day = from; day <= to; day = day.AddDays(1))
        {
            var insights = await platform.GetHourlyInsightsAsync(account, day, cancellationToken).ConfigureAwait(false);
            var rows = insights.Select(i => ToRow(i, zone)).Where(r => r.Hour < nowUtc).ToArray();
            loaded += await store.LoadInsightsAsync(storeId, rows, cancellationToken).ConfigureAwait(false);
        }

        return new InsightsIngestionResult(account, adSets.Count, loaded, from, to) { Snapshots = adSets };
    }

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
    };
}

/// <summary>What one account's platform ETL stored.</summary>
/// <param name="Account">The account.</param>
/// <param name="AdSets">Ad sets refreshed.</param>
/// <param name="InsightRows">Hourly rows loaded (new or changed).</param>
/// <param name="FirstDay">The first local day read.</param>
/// <param name="LastDay">The last local day read.</param>
public sealed record InsightsIngestionResult(AdAccountRef Account, int AdSets, int InsightRows, DateOnly FirstDay, DateOnly LastDay)
{
    /// <summary>Gets the account's ad sets as the platform showed them.</summary>
    public IReadOnlyList<AdSetSnapshot> Snapshots { get; init; } = [];
}
