using System.Globalization;
using System.Text;
using AdPilot.Connectors.Http;
using AdPilot.Connectors.Json;
using AdPilot.Core.Domain;
using AdPilot.Core.Platforms;
using Microsoft.Extensions.Options;

namespace AdPilot.Connectors.Meta;

/// <summary>
/// Reads ad-set-level insights with the hourly breakdown: one paginated <c>GET /act_{id}/insights</c> per account and
/// day, every call carrying <c>access_token</c> and <c>appsecret_proof</c>.
/// </summary>
/// <remarks>
/// Hours are in the ad account's time zone (the breakdown's name says so). Meta omits off-Meta purchases when an
/// hourly breakdown is asked for, so <see cref="AdSetHourInsight.Conversions"/> is usually absent here: purchases
/// come from Shopify. HTTP retries belong to the typed client's resilience pipeline.
/// </remarks>
public sealed class MetaInsightsClient
{
    /// <summary>The fields asked for (api-reference.md §1.2).</summary>
    internal const string Fields =
        "spend,impressions,clicks,cpm,actions,action_values,purchase_roas,adset_id,adset_name,account_currency,date_start,date_stop";

    private readonly HttpClient _httpClient;
    private readonly MetaOptions _options;
    private readonly string _appSecretProof;

    /// <summary>Initializes a new instance of the <see cref="MetaInsightsClient"/> class.</summary>
    /// <param name="httpClient">The typed client from <c>IHttpClientFactory</c>, with its resilience pipeline.</param>
    /// <param name="options">Meta's options.</param>
    public MetaInsightsClient(HttpClient httpClient, IOptions<MetaOptions> options)
    {
        ArgumentNullException.ThrowIfNull(httpClient);
        ArgumentNullException.ThrowIfNull(options);
        _httpClient = httpClient;
        _options = options.Value;
        _appSecretProof = AppSecretProof.Compute(_options.AppSecret, _options.AccessToken);
    }

    /// <summary>Reads every ad set's hourly figures for one day of the account's time zone.</summary>
    /// <param name="account">The ad account (numeric id, without <c>act_</c>).</param>
    /// <param name="day">The day, in the account's time zone.</param>
    /// <param name="cancellationToken">Cancels the pull.</param>
    /// <returns>One row per ad set and hour with delivery.</returns>
    /// <exception cref="PlatformException">The pull failed; the subclass says how.</exception>
    public async Task<IReadOnlyList<AdSetHourInsight>> GetHourlyInsightsAsync(
        AdAccountRef account, DateOnly day, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(account);
        var context = new PlatformErrorContext(ExternalApi.Meta, account.AccountId);
        var rows = new List<AdSetHourInsight>();
        string? after = null;
        do
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, BuildInsightsUri(account.AccountId, day, after));
            var (sent, body) = await PlatformHttp.SendAsync(_httpClient, request, context, cancellationToken).ConfigureAwait(false);
            using var response = sent;
            if (!response.IsSuccessStatusCode)
            {
                throw MetaErrors.FromResponse(response, body, context);
            }

            using var document = JsonFields.Parse(body, context);
            var (page, next) = MetaInsightsParser.ParsePage(document.RootElement, account, _options.PurchaseActionType, context);
            rows.AddRange(page);
            after = next;
        }
        while (after is not null);

        return rows;
    }

    /// <summary>The request URI of one insights page.</summary>
    internal Uri BuildInsightsUri(string accountId, DateOnly day, string? after)
    {
        var date = day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        var parameters = new List<(string, string)>
        {
            ("level", "adset"),
            ("fields", Fields),
            ("breakdowns", MetaInsightsParser.HourlyBreakdown),
            ("time_range", $$"""{"since":"{{date}}","until":"{{date}}"}"""),
            ("limit", _options.PageSize.ToString(CultureInfo.InvariantCulture)),
        };
        if (after is not null)
        {
            parameters.Add(("after", after));
        }

        return new Uri(_options.BaseUrl, $"{_options.ApiVersion}/act_{Uri.EscapeDataString(accountId)}/insights?{Query(parameters)}");
    }

    private string Query(List<(string Name, string Value)> parameters)
    {
        parameters.Add(("access_token", _options.AccessToken));
        parameters.Add(("appsecret_proof", _appSecretProof));
        var builder = new StringBuilder();
        foreach (var (name, value) in parameters)
        {
            builder.Append(builder.Length == 0 ? "" : "&").Append(name).Append('=').Append(Uri.EscapeDataString(value));
        }

        return builder.ToString();
    }
}
