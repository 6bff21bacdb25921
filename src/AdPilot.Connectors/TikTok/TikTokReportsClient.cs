using System.Globalization;
using System.Text;
using System.Text.Json;
using AdPilot.Core.Platforms;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace AdPilot.Connectors.TikTok;

/// <summary>
/// Reads ad-group-level hourly integrated reports (<c>GET report/integrated/get/</c>): one day per request, as TikTok
/// allows with <c>stat_time_hour</c>, and their daily totals (<c>stat_time_day</c>, up to 30 days per request); page by
/// page (<c>page</c>/<c>page_size</c> until <c>page_info.total_page</c>), with the token in the <c>Access-Token</c>
/// header; a page TikTok throttled is retried (<see cref="TikTokOptions.MaxThrottleRetries"/>).
/// </summary>
public sealed class TikTokReportsClient
{
    /// <summary>The metrics asked for (api-reference.md §2.2).</summary>
    internal const string Metrics =
        """["spend","impressions","clicks","cpm","conversion","complete_payment","total_complete_payment_rate","value_per_complete_payment","complete_payment_roas"]""";

    /// <summary>The longest span of one daily (<c>stat_time_day</c>) report TikTok allows (api-reference.md §2.2).</summary>
    internal const int MaxDaysPerDailyReport = 30;

    private readonly TikTokTransport _api;

    /// <summary>Initializes a new instance of the <see cref="TikTokReportsClient"/> class.</summary>
    /// <param name="httpClient">The typed client from <c>IHttpClientFactory</c>, with its resilience pipeline.</param>
    /// <param name="options">TikTok's options.</param>
    /// <param name="timeProvider">The clock throttle waits run on.</param>
    /// <param name="logger">The logger.</param>
    public TikTokReportsClient(
        HttpClient httpClient, IOptions<TikTokOptions> options, TimeProvider timeProvider, ILogger<TikTokReportsClient> logger)
    {
        ArgumentNullException.ThrowIfNull(httpClient);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(timeProvider);
        ArgumentNullException.ThrowIfNull(logger);
        _api = new TikTokTransport(httpClient, options.Value, timeProvider, logger);
    }

    /// <summary>Reads every ad group's hourly figures for one day of the advertiser's time zone, page by page.</summary>
    /// <param name="account">The advertiser.</param>
    /// <param name="day">The day, in the advertiser's time zone.</param>
    /// <param name="cancellationToken">Cancels the pull.</param>
    /// <returns>One row per ad group and hour in the report.</returns>
    /// <exception cref="PlatformException">The pull failed; the subclass says how.</exception>
    public Task<IReadOnlyList<AdSetHourInsight>> GetHourlyInsightsAsync(
        AdAccountRef account, DateOnly day, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(account);
        return ReadReportAsync(
            account, page => BuildReportUri(account.AccountId, day, page), TikTokReportParser.ParseReport, cancellationToken);
    }

    /// <summary>
    /// Reads every ad group's daily totals for the days <paramref name="from"/> to <paramref name="to"/> (inclusive,
    /// advertiser time zone) with <c>stat_time_day</c>: one report per <see cref="MaxDaysPerDailyReport"/> days, as
    /// TikTok allows, page by page.
    /// </summary>
    /// <param name="account">The advertiser.</param>
    /// <param name="from">The first day.</param>
    /// <param name="to">The last day; not before <paramref name="from"/>.</param>
    /// <param name="cancellationToken">Cancels the pull.</param>
    /// <returns>One row per ad group and day in the reports, in day order of the reports.</returns>
    /// <exception cref="PlatformException">The pull failed; the subclass says how.</exception>
    public async Task<IReadOnlyList<AdSetDayInsight>> GetDailyInsightsAsync(
        AdAccountRef account, DateOnly from, DateOnly to, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(account);
        if (to < from)
        {
            throw new ArgumentOutOfRangeException(nameof(to), to, "the last day is before the first");
        }

        var rows = new List<AdSetDayInsight>();
        for (var start = from; start <= to; start = start.AddDays(MaxDaysPerDailyReport))
        {
            var end = start.AddDays(MaxDaysPerDailyReport - 1) < to ? start.AddDays(MaxDaysPerDailyReport - 1) : to;
            rows.AddRange(await ReadReportAsync(
                account, page => BuildDailyReportUri(account.AccountId, start, end, page), TikTokReportParser.ParseDailyReport, cancellationToken)
                .ConfigureAwait(false));
        }

        return rows;
    }

    /// <summary>
    /// Reads every ad group's hourly figures for the days <paramref name="from"/> to <paramref name="to"/> (inclusive,
    /// advertiser time zone): one report per day, because TikTok allows a span of at most one day with
    /// <c>stat_time_hour</c>.
    /// </summary>
    /// <param name="account">The advertiser.</param>
    /// <param name="from">The first day.</param>
    /// <param name="to">The last day; not before <paramref name="from"/>.</param>
    /// <param name="cancellationToken">Cancels the pull.</param>
    /// <returns>One row per ad group, day and hour in the reports, in day order.</returns>
    /// <exception cref="PlatformException">A day's pull failed; the subclass says how.</exception>
    public async Task<IReadOnlyList<AdSetHourInsight>> GetHourlyInsightsRangeAsync(
        AdAccountRef account, DateOnly from, DateOnly to, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(account);
        if (to < from)
        {
            throw new ArgumentOutOfRangeException(nameof(to), to, "the last day is before the first");
        }

        var rows = new List<AdSetHourInsight>();
        for (var day = from; day <= to; day = day.AddDays(1))
        {
            rows.AddRange(await GetHourlyInsightsAsync(account, day, cancellationToken).ConfigureAwait(false));
        }

        return rows;
    }

    /// <summary>Reads one report page by page until <c>page_info.total_page</c>.</summary>
    private async Task<IReadOnlyList<T>> ReadReportAsync<T>(
        AdAccountRef account,
        Func<int, Uri> pageUri,
        Func<JsonElement, AdAccountRef, PlatformErrorContext, (IReadOnlyList<T> Rows, int TotalPages)> parse,
        CancellationToken cancellationToken)
    {
        var context = new PlatformErrorContext(ExternalApi.TikTok, account.AccountId);
        var rows = new List<T>();
        for (var page = 1; ; page++)
        {
            var uri = pageUri(page);
            using var document = await _api.ReadAsync(() => new HttpRequestMessage(HttpMethod.Get, uri), context, cancellationToken)
                .ConfigureAwait(false);
            var data = TikTokReportParser.RequireSuccess(document.RootElement, context);
            var (pageRows, totalPages) = parse(data, account, context);
            rows.AddRange(pageRows);
            if (page >= totalPages)
            {
                return rows;
            }
        }
    }

    /// <summary>The request URI of one page of a day's hourly report.</summary>
    internal Uri BuildReportUri(string advertiserId, DateOnly day, int page) =>
        BuildReportUri(advertiserId, """["adgroup_id","stat_time_hour"]""", day, day, page);

    /// <summary>The request URI of one page of a daily report over <paramref name="from"/> to <paramref name="to"/>.</summary>
    internal Uri BuildDailyReportUri(string advertiserId, DateOnly from, DateOnly to, int page) =>
        BuildReportUri(advertiserId, """["adgroup_id","stat_time_day"]""", from, to, page);

    private Uri BuildReportUri(string advertiserId, string dimensions, DateOnly from, DateOnly to, int page)
    {
        (string Name, string Value)[] parameters =
        [
            ("advertiser_id", advertiserId),
            ("service_type", "AUCTION"),
            ("report_type", "BASIC"),
            ("data_level", "AUCTION_ADGROUP"),
            ("dimensions", dimensions),
            ("metrics", Metrics),
            ("start_date", from.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)),
            ("end_date", to.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)),
            ("page", page.ToString(CultureInfo.InvariantCulture)),
            ("page_size", _api.Options.PageSize.ToString(CultureInfo.InvariantCulture)),
        ];
        var query = new StringBuilder();
        foreach (var (name, value) in parameters)
        {
            query.Append(query.Length == 0 ? "" : "&").Append(name).Append('=').Append(Uri.EscapeDataString(value));
        }

        // Paths end with a slash: without it TikTok answers 404.
        return _api.Url($"report/integrated/get/?{query}");
    }
}
