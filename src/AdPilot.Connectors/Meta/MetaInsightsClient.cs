using System.Globalization;
using System.Text.Json;
using AdPilot.Core.Platforms;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using static AdPilot.Connectors.Json.JsonFields;

namespace AdPilot.Connectors.Meta;

/// <summary>
/// Reads ad-set-level insights with the hourly breakdown: one paginated <c>GET /act_{id}/insights</c> per account and
/// day, or, for a backfill over many days, one asynchronous report run (api-reference.md §1.3); and their daily totals
/// over a range of days, one paginated <c>GET</c> with <c>time_increment=1</c>. Every call carries
/// <c>access_token</c> and <c>appsecret_proof</c>, is paced on Meta's usage headers (<see cref="MetaPacer"/>) and is
/// retried after Meta throttled it (<see cref="MetaOptions.MaxThrottleRetries"/>, <see cref="MetaOptions.MaxThrottleWait"/>).
/// </summary>
/// <remarks>
/// Hours are in the ad account's time zone (the breakdown's name says so). Meta omits off-Meta purchases when an
/// hourly breakdown is asked for, so <see cref="AdSetHourInsight.Conversions"/> is usually absent here: purchases
/// come from Shopify. HTTP-level retries (429, 5xx) belong to the typed client's resilience pipeline.
/// </remarks>
public sealed class MetaInsightsClient
{
    /// <summary>The fields asked for (api-reference.md §1.2).</summary>
    internal const string Fields =
        "spend,impressions,clicks,cpm,actions,action_values,purchase_roas,adset_id,adset_name,account_currency,date_start,date_stop";

    /// <summary>The fields asked for by the daily read: the figures the hourly read reports reliably.</summary>
    internal const string DailyFields = "spend,impressions,clicks,adset_id,account_currency,date_start,date_stop";

    /// <summary>The report run fields polled.</summary>
    internal const string ReportRunFields = "id,async_status,async_percent_completion,error_code,error_subcode,error_message";

    private readonly MetaGraph _graph;
    private readonly MetaOptions _options;
    private readonly TimeProvider _timeProvider;
    private readonly ILogger _logger;

    /// <summary>Initializes a new instance of the <see cref="MetaInsightsClient"/> class.</summary>
    /// <param name="httpClient">The typed client from <c>IHttpClientFactory</c>, with its resilience pipeline.</param>
    /// <param name="options">Meta's options.</param>
    /// <param name="pacer">The pacer shared by the Meta clients.</param>
    /// <param name="timeProvider">The clock throttle waits and report polls run on.</param>
    /// <param name="logger">The logger.</param>
    public MetaInsightsClient(
        HttpClient httpClient, IOptions<MetaOptions> options, MetaPacer pacer, TimeProvider timeProvider, ILogger<MetaInsightsClient> logger)
    {
        ArgumentNullException.ThrowIfNull(httpClient);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(pacer);
        ArgumentNullException.ThrowIfNull(timeProvider);
        ArgumentNullException.ThrowIfNull(logger);
        _options = options.Value;
        _timeProvider = timeProvider;
        _logger = logger;
        _graph = new MetaGraph(httpClient, _options, pacer, timeProvider, logger);
    }

    /// <summary>Reads every ad set's hourly figures for one day of the account's time zone.</summary>
    /// <param name="account">The ad account (numeric id, without <c>act_</c>).</param>
    /// <param name="day">The day, in the account's time zone.</param>
    /// <param name="cancellationToken">Cancels the pull.</param>
    /// <returns>One row per ad set and hour with delivery.</returns>
    /// <exception cref="PlatformException">The pull failed; the subclass says how.</exception>
    public Task<IReadOnlyList<AdSetHourInsight>> GetHourlyInsightsAsync(
        AdAccountRef account, DateOnly day, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(account);
        return ReadPagesAsync(
            account, (after, limit) => BuildInsightsUri(account.AccountId, day, after, limit), MetaInsightsParser.ParsePage, cancellationToken);
    }

    /// <summary>
    /// Reads every ad set's daily totals for the days <paramref name="from"/> to <paramref name="to"/> (inclusive,
    /// account time zone): one paginated <c>GET /act_{id}/insights</c> with <c>level=adset</c>, <c>time_increment=1</c>
    /// and no breakdown, so a row is one ad set's whole day.
    /// </summary>
    /// <remarks>
    /// It asks for spend, impressions and clicks only (<see cref="DailyFields"/>): these are the figures the hourly read
    /// reports reliably, while Meta omits off-Meta purchases from hourly rows but not from daily ones, so daily purchases
    /// would never equal the sum of the hours (<see cref="AdSetDayInsight.Conversions"/> is absent here).
    /// </remarks>
    /// <param name="account">The ad account (numeric id, without <c>act_</c>).</param>
    /// <param name="from">The first day.</param>
    /// <param name="to">The last day; not before <paramref name="from"/>.</param>
    /// <param name="cancellationToken">Cancels the pull.</param>
    /// <returns>One row per ad set and day with delivery.</returns>
    /// <exception cref="PlatformException">The pull failed; the subclass says how.</exception>
    public Task<IReadOnlyList<AdSetDayInsight>> GetDailyInsightsAsync(
        AdAccountRef account, DateOnly from, DateOnly to, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(account);
        if (to < from)
        {
            throw new ArgumentOutOfRangeException(nameof(to), to, "the last day is before the first");
        }

        return ReadPagesAsync(
            account,
            (after, limit) => BuildDailyInsightsUri(account.AccountId, from, to, after, limit),
            MetaInsightsParser.ParseDailyPage,
            cancellationToken);
    }

    /// <summary>
    /// Backfills every ad set's hourly figures for the days <paramref name="from"/> to <paramref name="to"/> (inclusive,
    /// account time zone) through one asynchronous report run: <c>POST /act_{id}/insights</c> with
    /// <c>time_increment=1</c>, polls of <c>GET /{report_run_id}</c> every <see cref="MetaOptions.ReportPollInterval"/>
    /// until <c>"Job Completed"</c>, then the pages of <c>GET /{report_run_id}/insights</c>.
    /// </summary>
    /// <remarks>
    /// <c>time_increment=1</c> is what keeps each row to one day: without it Meta sums each hour of the day over the
    /// whole range ("aggregated" is in the breakdown's name), so a row would hold, say, 13:00 of every day at once.
    /// </remarks>
    /// <param name="account">The ad account.</param>
    /// <param name="from">The first day.</param>
    /// <param name="to">The last day; not before <paramref name="from"/>.</param>
    /// <param name="cancellationToken">Cancels the backfill.</param>
    /// <returns>One row per ad set, day and hour with delivery.</returns>
    /// <exception cref="PlatformUnavailableException">The run failed, was skipped or did not complete within <see cref="MetaOptions.MaxReportWait"/>.</exception>
    /// <exception cref="PlatformException">A call failed; the subclass says how.</exception>
    public async Task<IReadOnlyList<AdSetHourInsight>> GetHourlyInsightsRangeAsync(
        AdAccountRef account, DateOnly from, DateOnly to, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(account);
        if (to < from)
        {
            throw new ArgumentOutOfRangeException(nameof(to), to, "the last day is before the first");
        }

        var context = new PlatformErrorContext(ExternalApi.Meta, account.AccountId);
        var runId = await StartReportRunAsync(account, from, to, context, cancellationToken).ConfigureAwait(false);
        await WaitForReportRunAsync(account, runId, context, cancellationToken).ConfigureAwait(false);
        return await ReadPagesAsync(account, (after, limit) => BuildReportRowsUri(runId, after, limit), MetaInsightsParser.ParsePage, cancellationToken)
            .ConfigureAwait(false);
    }

    private async Task<string> StartReportRunAsync(
        AdAccountRef account, DateOnly from, DateOnly to, PlatformErrorContext context, CancellationToken cancellationToken)
    {
        // Creating a run changes nothing an ad sees, so it is retried after throttles like any read.
        using var document = await _graph.ReadAsync(
            () => new HttpRequestMessage(HttpMethod.Post, _graph.PostUrl($"act_{Uri.EscapeDataString(account.AccountId)}/insights"))
            {
                Content = _graph.Form(ReportRunParameters(from, to)),
            },
            context,
            cancellationToken).ConfigureAwait(false);
        var root = RequireObject(document.RootElement, "$", context);
        return Optional(root, "report_run_id") is { } id
            ? AsString(id, "report_run_id", context)
            : throw Invalid(context, "report_run_id", "is missing: Meta did not start a report run");
    }

    private async Task WaitForReportRunAsync(AdAccountRef account, string runId, PlatformErrorContext context, CancellationToken cancellationToken)
    {
        var started = _timeProvider.GetTimestamp();
        while (true)
        {
            using var document = await _graph.ReadAsync(
                () => new HttpRequestMessage(HttpMethod.Get, _graph.Url(Uri.EscapeDataString(runId), [("fields", ReportRunFields)])),
                context,
                cancellationToken).ConfigureAwait(false);
            var root = RequireObject(document.RootElement, "$", context);
            var status = RequiredString(root, "async_status", "", context);
            var percent = (int)Math.Clamp(OptionalInt64(root, "async_percent_completion", "", context) ?? 0, 0, 100);
            _logger.MetaReportRunPolled(account.AccountId, runId, status, percent);
            switch (status)
            {
                case "Job Completed":
                    return;
                case "Job Failed" or "Job Skipped":
                    var code = Optional(root, "error_code") is { } c ? AsString(c, "error_code", context) : null;
                    var message = OptionalString(root, "error_message", "", context);
                    throw new PlatformUnavailableException(
                        context with { ErrorCode = code ?? context.ErrorCode },
                        $"report run {runId} ended with \"{status}\"{(message is null ? "" : ": " + message)}; retry the backfill later");
            }

            if (_timeProvider.GetElapsedTime(started) + _options.ReportPollInterval > _options.MaxReportWait)
            {
                throw new PlatformUnavailableException(
                    context, $"report run {runId} did not complete within {_options.MaxReportWait} (last \"{status}\", {percent}%)");
            }

            await Task.Delay(_options.ReportPollInterval, _timeProvider, cancellationToken).ConfigureAwait(false);
        }
    }

    private async Task<IReadOnlyList<T>> ReadPagesAsync<T>(
        AdAccountRef account,
        Func<string?, int, Uri> pageUri,
        Func<JsonElement, AdAccountRef, string, PlatformErrorContext, (IReadOnlyList<T> Rows, string? After)> parsePage,
        CancellationToken cancellationToken)
    {
        var context = new PlatformErrorContext(ExternalApi.Meta, account.AccountId);
        var rows = new List<T>();
        var limit = _options.InsightsPageSize;
        string? after = null;
        while (true)
        {
            var uri = pageUri(after, limit);
            JsonDocument document;
            try
            {
                document = await _graph.ReadAsync(() => new HttpRequestMessage(HttpMethod.Get, uri), context, cancellationToken)
                    .ConfigureAwait(false);
            }
            catch (PlatformUnavailableException ex) when (IsTooMuchData(ex) && limit > _options.MinInsightsPageSize)
            {
                // Cursors mark a position, not a page: the same page is asked again, smaller, and later pages stay small.
                var smaller = Math.Max(_options.MinInsightsPageSize, limit / 2);
                _logger.MetaInsightsPageShrunk(account.AccountId, ex.Context.ErrorCode ?? "", limit, smaller);
                limit = smaller;
                continue;
            }

            using (document)
            {
                var (page, next) = parsePage(document.RootElement, account, _options.PurchaseActionType, context);
                rows.AddRange(page);
                after = next;
            }

            if (after is null)
            {
                break;
            }
        }

        return rows;
    }

    /// <summary>Meta's answers that a page asked for too much: smaller pages succeed where retrying the same one fails.</summary>
    internal static bool IsTooMuchData(PlatformException error) =>
        error.Context.ErrorCode is "1" or "1/99" or "100/1504018" or "2/1504038";

    /// <summary>The request URI of one insights page.</summary>
    internal Uri BuildInsightsUri(string accountId, DateOnly day, string? after, int limit)
    {
        var date = day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        var parameters = new List<(string, string)>
        {
            ("level", "adset"),
            ("fields", Fields),
            ("breakdowns", MetaInsightsParser.HourlyBreakdown),
            ("time_range", $$"""{"since":"{{date}}","until":"{{date}}"}"""),
            ("limit", limit.ToString(CultureInfo.InvariantCulture)),
        };
        if (after is not null)
        {
            parameters.Add(("after", after));
        }

        return _graph.Url($"act_{Uri.EscapeDataString(accountId)}/insights", parameters);
    }

    /// <summary>The request URI of one page of daily rows over a range of days.</summary>
    internal Uri BuildDailyInsightsUri(string accountId, DateOnly from, DateOnly to, string? after, int limit)
    {
        var since = from.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        var until = to.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        var parameters = new List<(string, string)>
        {
            ("level", "adset"),
            ("fields", DailyFields),
            ("time_range", $$"""{"since":"{{since}}","until":"{{until}}"}"""),
            ("time_increment", "1"),
            ("limit", limit.ToString(CultureInfo.InvariantCulture)),
        };
        if (after is not null)
        {
            parameters.Add(("after", after));
        }

        return _graph.Url($"act_{Uri.EscapeDataString(accountId)}/insights", parameters);
    }

    /// <summary>The form fields (without credentials) that start a report run over a range of days.</summary>
    internal static List<(string Name, string Value)> ReportRunParameters(DateOnly from, DateOnly to)
    {
        var since = from.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        var until = to.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        return
        [
            ("level", "adset"),
            ("fields", Fields),
            ("breakdowns", MetaInsightsParser.HourlyBreakdown),
            ("time_range", $$"""{"since":"{{since}}","until":"{{until}}"}"""),
            ("time_increment", "1"),
        ];
    }

    /// <summary>The request URI of one page of a completed report run's rows.</summary>
    internal Uri BuildReportRowsUri(string runId, string? after, int limit)
    {
        var parameters = new List<(string, string)> { ("limit", limit.ToString(CultureInfo.InvariantCulture)) };
        if (after is not null)
        {
            parameters.Add(("after", after));
        }

        return _graph.Url($"{Uri.EscapeDataString(runId)}/insights", parameters);
    }
}
