using System.Globalization;
using System.Text;
using AdPilot.Connectors.Http;
using AdPilot.Connectors.Json;
using AdPilot.Core.Platforms;
using Microsoft.Extensions.Options;

namespace AdPilot.Connectors.TikTok;

/// <summary>
/// Reads ad-group-level hourly integrated reports (<c>GET report/integrated/get/</c>): one day per request, as TikTok
/// allows with <c>stat_time_hour</c>, page by page, with the token in the <c>Access-Token</c> header.
/// </summary>
public sealed class TikTokReportsClient
{
    /// <summary>The metrics asked for (api-reference.md §2.2).</summary>
    internal const string Metrics =
        """["spend","impressions","clicks","cpm","conversion","complete_payment","total_complete_payment_rate","value_per_complete_payment","complete_payment_roas"]""";

    private readonly HttpClient _httpClient;
    private readonly TikTokOptions _options;

    /// <summary>Initializes a new instance of the <see cref="TikTokReportsClient"/> class.</summary>
    /// <param name="httpClient">The typed client from <c>IHttpClientFactory</c>, with its resilience pipeline.</param>
    /// <param name="options">TikTok's options.</param>
    public TikTokReportsClient(HttpClient httpClient, IOptions<TikTokOptions> options)
    {
        ArgumentNullException.ThrowIfNull(httpClient);
        ArgumentNullException.ThrowIfNull(options);
        _httpClient = httpClient;
        _options = options.Value;
    }

    /// <summary>Reads every ad group's hourly figures for one day of the advertiser's time zone.</summary>
    /// <param name="account">The advertiser.</param>
    /// <param name="day">The day, in the advertiser's time zone.</param>
    /// <param name="cancellationToken">Cancels the pull.</param>
    /// <returns>One row per ad group and hour in the report.</returns>
    /// <exception cref="PlatformException">The pull failed; the subclass says how.</exception>
    public async Task<IReadOnlyList<AdSetHourInsight>> GetHourlyInsightsAsync(
        AdAccountRef account, DateOnly day, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(account);
        var context = new PlatformErrorContext(ExternalApi.TikTok, account.AccountId);
        var rows = new List<AdSetHourInsight>();
        for (var page = 1; ; page++)
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, BuildReportUri(account.AccountId, day, page));
            request.Headers.Add("Access-Token", _options.AccessToken);
            var (sent, body) = await PlatformHttp.SendAsync(_httpClient, request, context, cancellationToken).ConfigureAwait(false);
            using var response = sent;
            if (!response.IsSuccessStatusCode)
            {
                // An HTTP error means the request never reached the API (wrong path, outage); API errors come as 200.
                throw HttpStatusErrors.FromStatus(response, context, "the report request did not reach the API");
            }

            using var document = JsonFields.Parse(body, context);
            var data = TikTokReportParser.RequireSuccess(document.RootElement, context);
            var (pageRows, totalPages) = TikTokReportParser.ParseReport(data, account, context);
            rows.AddRange(pageRows);
            if (page >= totalPages)
            {
                return rows;
            }
        }
    }

    /// <summary>The request URI of one report page.</summary>
    internal Uri BuildReportUri(string advertiserId, DateOnly day, int page)
    {
        var date = day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        (string Name, string Value)[] parameters =
        [
            ("advertiser_id", advertiserId),
            ("service_type", "AUCTION"),
            ("report_type", "BASIC"),
            ("data_level", "AUCTION_ADGROUP"),
            ("dimensions", """["adgroup_id","stat_time_hour"]"""),
            ("metrics", Metrics),
            ("start_date", date),
            ("end_date", date),
            ("page", page.ToString(CultureInfo.InvariantCulture)),
            ("page_size", _options.PageSize.ToString(CultureInfo.InvariantCulture)),
        ];
        var query = new StringBuilder();
        foreach (var (name, value) in parameters)
        {
            query.Append(query.Length == 0 ? "" : "&").Append(name).Append('=').Append(Uri.EscapeDataString(value));
        }

        // Paths end with a slash: without it TikTok answers 404.
        return new Uri(_options.BaseUrl, $"{_options.ApiVersion}/report/integrated/get/?{query}");
    }
}
