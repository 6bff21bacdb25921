using AdPilot.Core.Domain;

namespace AdPilot.Core.Platforms;

/// <summary>
/// One ad platform as the production loop sees it: read hourly insights and their daily totals, read ad sets, change ad sets.
/// Meta, TikTok, the sandbox-backed clients and the in-process simulated platform all implement it fully;
/// nothing here models performance (that lives in Simulation alone).
/// </summary>
/// <remarks>
/// Every failure is a <see cref="PlatformException"/> naming the account, so one account's bad pull never stops
/// another's. The caller's cancellation surfaces as <see cref="OperationCanceledException"/>.
/// </remarks>
public interface IAdPlatform
{
    /// <summary>Gets the platform this instance talks to.</summary>
    Platform Platform { get; }

    /// <summary>Reads every ad set's hourly figures for one day of the account's time zone.</summary>
    /// <param name="account">The ad account.</param>
    /// <param name="day">The day, in the account's time zone.</param>
    /// <param name="cancellationToken">Cancels the pull.</param>
    /// <returns>One row per ad set and hour that had data; hours without data are absent.</returns>
    Task<IReadOnlyList<AdSetHourInsight>> GetHourlyInsightsAsync(
        AdAccountRef account, DateOnly day, CancellationToken cancellationToken);

    /// <summary>
    /// Reads every ad set's daily totals for the days <paramref name="from"/> to <paramref name="to"/> of the account's
    /// time zone: for each ad set and day, the sums of what <see cref="GetHourlyInsightsAsync"/> reports for that day,
    /// figure by figure (a figure the hourly read does not report is absent here too). One cheap read of a few requests
    /// instead of the pages of every hour, so a caller can tell which days changed since it stored their hours.
    /// </summary>
    /// <param name="account">The ad account.</param>
    /// <param name="from">The first day, in the account's time zone.</param>
    /// <param name="to">The last day; not before <paramref name="from"/>.</param>
    /// <param name="cancellationToken">Cancels the pull.</param>
    /// <returns>One row per ad set and day that had delivery; days without delivery are absent.</returns>
    Task<IReadOnlyList<AdSetDayInsight>> GetDailyInsightsAsync(
        AdAccountRef account, DateOnly from, DateOnly to, CancellationToken cancellationToken);

    /// <summary>Reads the configuration of every ad set of the account.</summary>
    /// <param name="account">The ad account.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>The ad sets.</returns>
    Task<IReadOnlyList<AdSetSnapshot>> GetAdSetsAsync(AdAccountRef account, CancellationToken cancellationToken);

    /// <summary>Applies one change to one ad set.</summary>
    /// <param name="account">The ad account that owns the ad set.</param>
    /// <param name="update">The change.</param>
    /// <param name="cancellationToken">Cancels the call; a change may still have been applied.</param>
    /// <returns>A task that completes when the platform accepted the change.</returns>
    Task UpdateAdSetAsync(AdAccountRef account, AdSetUpdate update, CancellationToken cancellationToken);
}
