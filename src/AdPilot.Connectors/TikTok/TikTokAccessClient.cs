using System.Globalization;
using System.Text;
using AdPilot.Connectors.Access;
using AdPilot.Core.Platforms;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using static AdPilot.Connectors.Json.JsonFields;

namespace AdPilot.Connectors.TikTok;

/// <summary>
/// Reads what onboarding verifies on TikTok: an advertiser's currency, time zone and status
/// (<c>GET advertiser/info/</c>), its campaigns' budget mode (<c>GET campaign/get/</c>), and whether the token may read
/// reports (a one-row <c>GET report/integrated/get/</c>). TikTok's Marketing API does not list a token's scopes, so each
/// permission is verified by the call that needs it: a refused call answers code 40001.
/// </summary>
public sealed class TikTokAccessClient
{
    private readonly TikTokTransport _api;

    /// <summary>Initializes a new instance of the <see cref="TikTokAccessClient"/> class.</summary>
    /// <param name="httpClient">The typed client from <c>IHttpClientFactory</c>.</param>
    /// <param name="options">TikTok's options.</param>
    /// <param name="timeProvider">The clock throttle waits run on.</param>
    /// <param name="logger">The logger.</param>
    public TikTokAccessClient(HttpClient httpClient, IOptions<TikTokOptions> options, TimeProvider timeProvider, ILogger<TikTokAccessClient> logger)
    {
        ArgumentNullException.ThrowIfNull(httpClient);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(timeProvider);
        ArgumentNullException.ThrowIfNull(logger);
        _api = new TikTokTransport(httpClient, options.Value, timeProvider, logger);
    }

    /// <summary>Reads the advertiser's name, currency, time zone and status.</summary>
    /// <param name="advertiserId">The advertiser id.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>The advertiser's profile.</returns>
    /// <exception cref="PlatformException">
    /// The read failed; an advertiser the token was not authorised for, or a token without the permission, is
    /// <see cref="PlatformAuthenticationException"/> with code 40001.
    /// </exception>
    public async Task<AccountProfile> GetAdvertiserAsync(string advertiserId, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(advertiserId);
        var context = new PlatformErrorContext(ExternalApi.TikTok, advertiserId);
        var ids = Uri.EscapeDataString($"[\"{advertiserId}\"]");
        var fields = Uri.EscapeDataString("""["advertiser_id","name","currency","timezone","display_timezone","status"]""");
        var uri = _api.Url($"advertiser/info/?advertiser_ids={ids}&fields={fields}");
        using var document = await _api.ReadAsync(() => new HttpRequestMessage(HttpMethod.Get, uri), context, cancellationToken).ConfigureAwait(false);
        var data = TikTokReportParser.RequireSuccess(document.RootElement, context);
        var (item, path) = RequiredArray(data, "list", "data", context)
            .FirstOrDefault(x => OptionalString(x.Item, "advertiser_id", x.Path, context) == advertiserId);
        if (path is null)
        {
            throw Invalid(context, "data.list", $"advertiser {advertiserId} is missing from the answer");
        }

        var status = RequiredString(item, "status", path, context);
        return new AccountProfile(
            advertiserId,
            OptionalString(item, "name", path, context),
            RequiredString(item, "currency", path, context),
            OptionalString(item, "timezone", path, context) ?? RequiredString(item, "display_timezone", path, context),
            status,
            status == "STATUS_ENABLE");
    }

    /// <summary>Reads the advertiser's campaigns and whether each owns its budget (<c>budget_optimize_on</c>).</summary>
    /// <param name="advertiserId">The advertiser id.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>The campaigns of the first page (up to the configured page size).</returns>
    /// <exception cref="PlatformException">The read failed.</exception>
    public async Task<IReadOnlyList<CampaignBudget>> GetCampaignBudgetsAsync(string advertiserId, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(advertiserId);
        var context = new PlatformErrorContext(ExternalApi.TikTok, advertiserId);
        var uri = _api.Url(string.Create(
            CultureInfo.InvariantCulture,
            $"campaign/get/?advertiser_id={Uri.EscapeDataString(advertiserId)}&page=1&page_size={_api.Options.PageSize}"));
        using var document = await _api.ReadAsync(() => new HttpRequestMessage(HttpMethod.Get, uri), context, cancellationToken).ConfigureAwait(false);
        var data = TikTokReportParser.RequireSuccess(document.RootElement, context);
        return RequiredArray(data, "list", "data", context)
            .Select(x => new CampaignBudget(
                RequiredString(x.Item, "campaign_id", x.Path, context),
                OptionalString(x.Item, "campaign_name", x.Path, context),
                Optional(x.Item, "budget_optimize_on") is { ValueKind: System.Text.Json.JsonValueKind.True }))
            .ToList();
    }

    /// <summary>Reads one row of the day's ad group report, to verify the token may read reports.</summary>
    /// <param name="advertiserId">The advertiser id.</param>
    /// <param name="day">A day in the advertiser's time zone.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>A task that completes when the report answered.</returns>
    /// <exception cref="PlatformException">The read failed; a token without the permission is <see cref="PlatformAuthenticationException"/> (40001).</exception>
    public async Task ProbeReportingAsync(string advertiserId, DateOnly day, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(advertiserId);
        var context = new PlatformErrorContext(ExternalApi.TikTok, advertiserId);
        var date = day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        (string Name, string Value)[] parameters =
        [
            ("advertiser_id", advertiserId),
            ("service_type", "AUCTION"),
            ("report_type", "BASIC"),
            ("data_level", "AUCTION_ADGROUP"),
            ("dimensions", """["adgroup_id","stat_time_day"]"""),
            ("metrics", """["spend"]"""),
            ("start_date", date),
            ("end_date", date),
            ("page", "1"),
            ("page_size", "1"),
        ];
        var query = new StringBuilder();
        foreach (var (name, value) in parameters)
        {
            query.Append(query.Length == 0 ? "" : "&").Append(name).Append('=').Append(Uri.EscapeDataString(value));
        }

        var uri = _api.Url($"report/integrated/get/?{query}");
        using var document = await _api.ReadAsync(() => new HttpRequestMessage(HttpMethod.Get, uri), context, cancellationToken).ConfigureAwait(false);
        TikTokReportParser.RequireSuccess(document.RootElement, context);
    }
}
