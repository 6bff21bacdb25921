using System.Globalization;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using AdPilot.Connectors.Http;
using AdPilot.Connectors.Json;
using AdPilot.Core.Domain;
using AdPilot.Core.Platforms;
using Microsoft.Extensions.Options;
using static AdPilot.Connectors.Json.JsonFields;

namespace AdPilot.Connectors.TikTok;

/// <summary>
/// Reads an advertiser's ad groups (<c>GET adgroup/get/</c>) and changes one: budget through
/// <c>POST adgroup/budget/update/</c>, bid through <c>POST adgroup/update/</c>, status through
/// <c>POST adgroup/status/update/</c>. TikTok budgets and bids are decimal major units.
/// </summary>
public sealed class TikTokAdGroupsClient
{
    private readonly HttpClient _httpClient;
    private readonly TikTokOptions _options;

    /// <summary>Initializes a new instance of the <see cref="TikTokAdGroupsClient"/> class.</summary>
    /// <param name="httpClient">The typed client from <c>IHttpClientFactory</c>, with its resilience pipeline.</param>
    /// <param name="options">TikTok's options.</param>
    public TikTokAdGroupsClient(HttpClient httpClient, IOptions<TikTokOptions> options)
    {
        ArgumentNullException.ThrowIfNull(httpClient);
        ArgumentNullException.ThrowIfNull(options);
        _httpClient = httpClient;
        _options = options.Value;
    }

    /// <summary>Reads every ad group of the advertiser.</summary>
    /// <param name="account">The advertiser.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>The ad groups.</returns>
    /// <exception cref="PlatformException">The read failed; the subclass says how.</exception>
    public async Task<IReadOnlyList<AdSetSnapshot>> GetAdGroupsAsync(AdAccountRef account, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(account);
        var context = new PlatformErrorContext(ExternalApi.TikTok, account.AccountId);
        var adGroups = new List<AdSetSnapshot>();
        for (var page = 1; ; page++)
        {
            var query = string.Create(
                CultureInfo.InvariantCulture,
                $"advertiser_id={Uri.EscapeDataString(account.AccountId)}&page={page}&page_size={_options.PageSize}");
            using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(_options.BaseUrl, $"{_options.ApiVersion}/adgroup/get/?{query}"));
            using var document = await SendAsync(request, context, cancellationToken).ConfigureAwait(false);
            var data = TikTokReportParser.RequireSuccess(document.RootElement, context);
            adGroups.AddRange(RequiredArray(data, "list", "data", context).Select(x => ParseAdGroup(x.Item, x.Path, account, context)));
            var totalPages = Optional(data, "page_info") is { } pageInfo
                ? RequiredInt64(pageInfo, "total_page", "data.page_info", context)
                : 1;
            if (page >= totalPages)
            {
                return adGroups;
            }
        }
    }

    /// <summary>Applies one change to one ad group: one call per changed part (budget, bid, status), in that order.</summary>
    /// <param name="account">The advertiser.</param>
    /// <param name="update">The change; its budget must be in the advertiser's currency.</param>
    /// <param name="cancellationToken">Cancels the calls; parts already sent may have been applied.</param>
    /// <returns>A task that completes when every part was accepted.</returns>
    /// <exception cref="PlatformException">A part failed; the subclass says how.</exception>
    public async Task UpdateAdGroupAsync(AdAccountRef account, AdSetUpdate update, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(account);
        ArgumentNullException.ThrowIfNull(update);
        var context = new PlatformErrorContext(ExternalApi.TikTok, account.AccountId);
        foreach (var (path, body) in UpdateRequests(account, update))
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(_options.BaseUrl, $"{_options.ApiVersion}/{path}"))
            {
                Content = new ByteArrayContent(body) { Headers = { ContentType = new MediaTypeHeaderValue("application/json") } },
            };
            using var document = await SendAsync(request, context, cancellationToken).ConfigureAwait(false);
            TikTokReportParser.RequireSuccess(document.RootElement, context);
        }
    }

    /// <summary>The path and JSON body of each call an update needs.</summary>
    internal static List<(string Path, byte[] Body)> UpdateRequests(AdAccountRef account, AdSetUpdate update)
    {
        if (update.IsEmpty)
        {
            throw new ArgumentException("the update changes nothing", nameof(update));
        }

        var id = update.AdSet.ExternalId;
        var requests = new List<(string, byte[])>();
        if (update.DailyBudget is { } budget)
        {
            if (!string.Equals(budget.Currency, account.Currency, StringComparison.Ordinal))
            {
                throw new ArgumentException($"the budget is in {budget.Currency}, the advertiser in {account.Currency}", nameof(update));
            }

            requests.Add(("adgroup/budget/update/", Json(w =>
            {
                w.WriteString("advertiser_id", account.AccountId);
                w.WriteStartArray("budget");
                w.WriteStartObject();
                w.WriteString("adgroup_id", id);
                w.WriteNumber("budget", budget.Amount);
                w.WriteEndObject();
                w.WriteEndArray();
            })));
        }

        if (update.BidStrategy is { } bid)
        {
            requests.Add(("adgroup/update/", Json(w =>
            {
                w.WriteString("advertiser_id", account.AccountId);
                w.WriteString("adgroup_id", id);
                switch (bid.Kind)
                {
                    case BidStrategyKind.LowestCost:
                        w.WriteString("bid_type", "BID_TYPE_NO_BID");
                        break;
                    case BidStrategyKind.CostCap:
                        w.WriteString("bid_type", "BID_TYPE_CUSTOM");
                        w.WriteNumber("conversion_bid_price", bid.CapPerResult ?? throw new ArgumentException("a cost cap needs an amount", nameof(update)));
                        break;
                    case BidStrategyKind.BidCap:
                        w.WriteString("bid_type", "BID_TYPE_CUSTOM");
                        w.WriteNumber("bid_price", bid.CapPerResult ?? throw new ArgumentException("a bid cap needs an amount", nameof(update)));
                        break;
                    default:
                        throw new ArgumentOutOfRangeException(nameof(update), bid.Kind, "not a bid strategy TikTok knows");
                }
            })));
        }

        if (update.Status is { } status)
        {
            requests.Add(("adgroup/status/update/", Json(w =>
            {
                w.WriteString("advertiser_id", account.AccountId);
                w.WriteStartArray("adgroup_ids");
                w.WriteStringValue(id);
                w.WriteEndArray();
                w.WriteString("operation_status", status == AdSetStatus.Active ? "ENABLE" : "DISABLE");
            })));
        }

        return requests;
    }

    private static AdSetSnapshot ParseAdGroup(JsonElement item, string path, AdAccountRef account, PlatformErrorContext context)
    {
        var operationStatus = RequiredString(item, "operation_status", path, context);
        var budgetMode = OptionalString(item, "budget_mode", path, context);
        var budget = OptionalDecimal(item, "budget", path, context);
        var bidType = OptionalString(item, "bid_type", path, context) ?? "";
        var conversionBid = OptionalDecimal(item, "conversion_bid_price", path, context);
        var bidPrice = OptionalDecimal(item, "bid_price", path, context);
        BidStrategy? bid = bidType switch
        {
            "BID_TYPE_NO_BID" => BidStrategy.LowestCost,
            "BID_TYPE_CUSTOM" when conversionBid is > 0 => BidStrategy.CostCap(conversionBid.Value),
            "BID_TYPE_CUSTOM" when bidPrice is > 0 => BidStrategy.BidCap(bidPrice.Value),
            _ => null,
        };

        // Under campaign budget optimisation the ad group reports BUDGET_MODE_INFINITE and 0: it has no budget of its own.
        return new AdSetSnapshot(
            new AdSetRef(Platform.TikTok, RequiredString(item, "adgroup_id", path, context)),
            RequiredString(item, "adgroup_name", path, context),
            RequiredString(item, "campaign_id", path, context),
            operationStatus == "ENABLE" ? AdSetStatus.Active : AdSetStatus.Paused,
            OptionalString(item, "secondary_status", path, context) ?? operationStatus,
            budgetMode == "BUDGET_MODE_DAY" && budget is > 0 ? new Money(budget.Value, account.Currency) : null,
            bid,
            bidType);
    }

    private async Task<JsonDocument> SendAsync(HttpRequestMessage request, PlatformErrorContext context, CancellationToken cancellationToken)
    {
        request.Headers.Add("Access-Token", _options.AccessToken);
        var (sent, body) = await PlatformHttp.SendAsync(_httpClient, request, context, cancellationToken).ConfigureAwait(false);
        using var response = sent;
        return response.IsSuccessStatusCode
            ? JsonFields.Parse(body, context)
            : throw HttpStatusErrors.FromStatus(response, context, "the request did not reach the API");
    }

    private static byte[] Json(Action<Utf8JsonWriter> write)
    {
        using var stream = new MemoryStream();
        using (var writer = new Utf8JsonWriter(stream))
        {
            writer.WriteStartObject();
            write(writer);
            writer.WriteEndObject();
        }

        return stream.ToArray();
    }
}
