using System.Globalization;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using AdPilot.Core.Domain;
using AdPilot.Core.Features;
using AdPilot.Core.Platforms;
using Microsoft.Extensions.Logging;
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
    private readonly TikTokTransport _api;

    /// <summary>Initializes a new instance of the <see cref="TikTokAdGroupsClient"/> class.</summary>
    /// <param name="httpClient">The typed client from <c>IHttpClientFactory</c>, with its resilience pipeline.</param>
    /// <param name="options">TikTok's options.</param>
    /// <param name="timeProvider">The clock throttle waits run on.</param>
    /// <param name="logger">The logger.</param>
    public TikTokAdGroupsClient(
        HttpClient httpClient, IOptions<TikTokOptions> options, TimeProvider timeProvider, ILogger<TikTokAdGroupsClient> logger)
    {
        ArgumentNullException.ThrowIfNull(httpClient);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(timeProvider);
        ArgumentNullException.ThrowIfNull(logger);
        _api = new TikTokTransport(httpClient, options.Value, timeProvider, logger);
    }

    /// <summary>Reads every ad group of the advertiser, page by page; a page TikTok throttled is retried.</summary>
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
            var uri = _api.Url(string.Create(
                CultureInfo.InvariantCulture,
                $"adgroup/get/?advertiser_id={Uri.EscapeDataString(account.AccountId)}&page={page}&page_size={_api.Options.PageSize}"));
            using var document = await _api.ReadAsync(() => new HttpRequestMessage(HttpMethod.Get, uri), context, cancellationToken)
                .ConfigureAwait(false);
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

    /// <summary>Reads every ad of the advertiser (<c>GET ad/get/</c>), page by page; a page TikTok throttled is retried.</summary>
    /// <param name="account">The advertiser.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>The ads.</returns>
    /// <exception cref="PlatformException">The read failed; the subclass says how.</exception>
    public async Task<IReadOnlyList<AdSnapshot>> GetAdsAsync(AdAccountRef account, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(account);
        var context = new PlatformErrorContext(ExternalApi.TikTok, account.AccountId);
        var ads = new List<AdSnapshot>();
        for (var page = 1; ; page++)
        {
            var uri = _api.Url(string.Create(
                CultureInfo.InvariantCulture,
                $"ad/get/?advertiser_id={Uri.EscapeDataString(account.AccountId)}&page={page}&page_size={_api.Options.PageSize}"));
            using var document = await _api.ReadAsync(() => new HttpRequestMessage(HttpMethod.Get, uri), context, cancellationToken)
                .ConfigureAwait(false);
            var data = TikTokReportParser.RequireSuccess(document.RootElement, context);
            ads.AddRange(RequiredArray(data, "list", "data", context).Select(x => ParseAd(x.Item, x.Path, context)));
            var totalPages = Optional(data, "page_info") is { } pageInfo
                ? RequiredInt64(pageInfo, "total_page", "data.page_info", context)
                : 1;
            if (page >= totalPages)
            {
                return ads;
            }
        }
    }

    /// <summary>
    /// Sets the status of some ads through <c>POST ad/status/update/</c>: the activations first (<c>ENABLE</c>), then the
    /// pauses (<c>DISABLE</c>), at most 100 ids a call, each call sent once.
    /// </summary>
    /// <param name="account">The advertiser.</param>
    /// <param name="changes">The changes.</param>
    /// <param name="cancellationToken">Cancels the calls; calls already sent may have been applied.</param>
    /// <returns>A task that completes when every call was accepted.</returns>
    /// <exception cref="PlatformException">A call failed; the subclass says how.</exception>
    public async Task UpdateAdStatusesAsync(AdAccountRef account, IReadOnlyList<AdStatusChange> changes, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(account);
        ArgumentNullException.ThrowIfNull(changes);
        var context = new PlatformErrorContext(ExternalApi.TikTok, account.AccountId);
        foreach (var body in AdStatusRequests(account, changes))
        {
            using var document = await _api.WriteAsync(
                () => new HttpRequestMessage(HttpMethod.Post, _api.Url("ad/status/update/"))
                {
                    Content = new ByteArrayContent(body) { Headers = { ContentType = new MediaTypeHeaderValue("application/json") } },
                },
                context,
                cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>The JSON bodies of the status calls: activations first, at most 100 ids each.</summary>
    internal static List<byte[]> AdStatusRequests(AdAccountRef account, IReadOnlyList<AdStatusChange> changes)
    {
        var bodies = new List<byte[]>();
        foreach (var status in new[] { AdSetStatus.Active, AdSetStatus.Paused })
        {
            foreach (var chunk in changes.Where(c => c.Status == status).Select(c => c.AdId).Chunk(100))
            {
                bodies.Add(Json(w =>
                {
                    w.WriteString("advertiser_id", account.AccountId);
                    w.WriteStartArray("ad_ids");
                    foreach (var id in chunk)
                    {
                        w.WriteStringValue(id);
                    }

                    w.WriteEndArray();
                    w.WriteString("operation_status", status == AdSetStatus.Active ? "ENABLE" : "DISABLE");
                }));
            }
        }

        return bodies;
    }

    /// <summary>
    /// Applies one change to one ad group: one call per changed part (budget, bid, status), in that order, each sent
    /// once (writes are retried only by the actuator, under its idempotency record).
    /// </summary>
    /// <remarks>
    /// Before a budget change the ad group is read: under campaign budget optimisation it reports
    /// <c>BUDGET_MODE_INFINITE</c> and the budget lives on the campaign, so the change is refused with
    /// <see cref="PlatformBudgetOwnedByCampaignException"/> rather than moving the budget of every ad group of the
    /// campaign. A lifetime budget (<c>BUDGET_MODE_TOTAL</c>) is refused too: AdPilot sets daily budgets.
    /// </remarks>
    /// <param name="account">The advertiser.</param>
    /// <param name="update">The change; its budget must be in the advertiser's currency.</param>
    /// <param name="cancellationToken">Cancels the calls; parts already sent may have been applied.</param>
    /// <returns>A task that completes when every part was accepted.</returns>
    /// <exception cref="PlatformBudgetOwnedByCampaignException">The budget is the campaign's; nothing was sent.</exception>
    /// <exception cref="PlatformException">A part failed; the subclass says how.</exception>
    public async Task UpdateAdGroupAsync(AdAccountRef account, AdSetUpdate update, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(account);
        ArgumentNullException.ThrowIfNull(update);
        var context = new PlatformErrorContext(ExternalApi.TikTok, account.AccountId);
        var requests = UpdateRequests(account, update);
        if (update.DailyBudget is not null)
        {
            await EnsureOwnDailyBudgetAsync(account, update.AdSet.ExternalId, context, cancellationToken).ConfigureAwait(false);
        }

        foreach (var (path, body) in requests)
        {
            using var document = await _api.WriteAsync(
                () => new HttpRequestMessage(HttpMethod.Post, _api.Url(path))
                {
                    Content = new ByteArrayContent(body) { Headers = { ContentType = new MediaTypeHeaderValue("application/json") } },
                },
                context,
                cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>
    /// Copies an ad group with its ads under a new targeting, budget, name and status (<see cref="IAdSetCloner"/>). TikTok
    /// has no copy call, so: read the original (<c>adgroup/get/</c>) and its ads (<c>ad/get/</c>), both retried after
    /// throttles; <c>POST adgroup/create/</c> with the original's placement, locations, schedule (from now), optimisation,
    /// billing, bid and pacing and the copy's name, daily budget, <c>age_groups</c>, <c>interest_category_ids</c> and status;
    /// then <c>POST ad/create/</c> with the original's creatives (name, video, identity, text, call to action, landing page),
    /// once for its enabled ads and once for its disabled ones (20 creatives a call). Each write is sent once.
    /// </summary>
    /// <remarks>
    /// If an <c>ad/create/</c> fails, the ad group exists under the copy's name with fewer ads; the caller finds it by name.
    /// An original whose budget is its campaign's (<c>BUDGET_MODE_INFINITE</c>) cannot have a copy with a test budget of
    /// its own: that is refused before any write.
    /// </remarks>
    /// <param name="account">The advertiser that owns the original.</param>
    /// <param name="request">What to copy and how the copy differs.</param>
    /// <param name="cancellationToken">Cancels the calls; a copy may have been made already.</param>
    /// <returns>The copy.</returns>
    /// <exception cref="PlatformException">A call failed; the subclass says how.</exception>
    public async Task<AdSetRef> CloneAdGroupAsync(AdAccountRef account, AdSetCloneRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(account);
        ArgumentNullException.ThrowIfNull(request);
        CheckCloneRequest(account, request);
        var context = new PlatformErrorContext(ExternalApi.TikTok, account.AccountId);
        var originalId = request.Original.ExternalId;
        var filter = Uri.EscapeDataString(Encoding.UTF8.GetString(Json(w =>
        {
            w.WriteStartArray("adgroup_ids");
            w.WriteStringValue(originalId);
            w.WriteEndArray();
        })));

        byte[] createBody;
        var groupUri = _api.Url($"adgroup/get/?advertiser_id={Uri.EscapeDataString(account.AccountId)}&filtering={filter}&page=1&page_size=1");
        using (var group = await _api.ReadAsync(() => new HttpRequestMessage(HttpMethod.Get, groupUri), context, cancellationToken).ConfigureAwait(false))
        {
            var data = TikTokReportParser.RequireSuccess(group.RootElement, context);
            var (item, path) = RequiredArray(data, "list", "data", context).FirstOrDefault();
            if (item.ValueKind != JsonValueKind.Object)
            {
                throw new PlatformRequestRejectedException(context, $"ad group {originalId} does not exist");
            }

            if (OptionalString(item, "budget_mode", path, context) is "BUDGET_MODE_INFINITE" or "BUDGET_MODE_TOTAL")
            {
                throw new PlatformRequestRejectedException(
                    context, $"ad group {originalId} has no daily budget of its own ({OptionalString(item, "budget_mode", path, context)}); a test copy needs one");
            }

            createBody = CreateRequest(account, request, item, path, context);
        }

        var ads = new List<JsonElement>();
        var documents = new List<JsonDocument>();
        try
        {
            for (var page = 1; ; page++)
            {
                var uri = _api.Url(string.Create(
                    CultureInfo.InvariantCulture,
                    $"ad/get/?advertiser_id={Uri.EscapeDataString(account.AccountId)}&filtering={filter}&page={page}&page_size={_api.Options.PageSize}"));
                var document = await _api.ReadAsync(() => new HttpRequestMessage(HttpMethod.Get, uri), context, cancellationToken).ConfigureAwait(false);
                documents.Add(document);
                var data = TikTokReportParser.RequireSuccess(document.RootElement, context);
                ads.AddRange(RequiredArray(data, "list", "data", context).Select(x => x.Item));
                var totalPages = Optional(data, "page_info") is { } pageInfo ? RequiredInt64(pageInfo, "total_page", "data.page_info", context) : 1;
                if (page >= totalPages)
                {
                    break;
                }
            }

            string copyId;
            using (var created = await _api.WriteAsync(
                () => new HttpRequestMessage(HttpMethod.Post, _api.Url("adgroup/create/")) { Content = JsonContent(createBody) }, context, cancellationToken)
                .ConfigureAwait(false))
            {
                copyId = RequiredString(TikTokReportParser.RequireSuccess(created.RootElement, context), "adgroup_id", "data", context);
            }

            foreach (var body in AdCreateRequests(account, copyId, ads, context))
            {
                using var made = await _api.WriteAsync(
                    () => new HttpRequestMessage(HttpMethod.Post, _api.Url("ad/create/")) { Content = JsonContent(body) }, context, cancellationToken)
                    .ConfigureAwait(false);
            }

            return new AdSetRef(Platform.TikTok, copyId);
        }
        finally
        {
            foreach (var document in documents)
            {
                document.Dispose();
            }
        }
    }

    /// <summary>Refuses a copy request TikTok could not take, before any call.</summary>
    internal static void CheckCloneRequest(AdAccountRef account, AdSetCloneRequest request)
    {
        if (request.Original.Platform != Platform.TikTok)
        {
            throw new ArgumentException($"ad set {request.Original} is not on TikTok", nameof(request));
        }

        if (string.IsNullOrWhiteSpace(request.Name) || request.Name.Length > 512)
        {
            throw new ArgumentException("the copy's name must be 1 to 512 characters, not blank", nameof(request));
        }

        if (!string.Equals(request.DailyBudget.Currency, account.Currency, StringComparison.Ordinal))
        {
            throw new ArgumentException($"the budget is in {request.DailyBudget.Currency}, the advertiser in {account.Currency}", nameof(request));
        }

        if (request.DailyBudget.Amount <= 0 || !Enum.IsDefined(request.AgeGroup) || !Enum.IsDefined(request.Status)
            || (request.Interests & ~InterestsJsonConverter.Defined) != 0)
        {
            throw new ArgumentException(
                $"the copy needs a budget above 0 and a defined age group, interests and status, got {request.DailyBudget}, {request.AgeGroup}, {(int)request.Interests}, {request.Status}",
                nameof(request));
        }
    }

    /// <summary>The fields of the original ad group an <c>adgroup/create/</c> of its copy repeats, when it has them.</summary>
    private static readonly string[] CopiedGroupFields =
        ["placement_type", "placements", "location_ids", "promotion_type", "optimization_goal", "optimization_event", "billing_event", "pacing", "pixel_id", "gender"];

    /// <summary>The fields of an original ad an <c>ad/create/</c> creative repeats, when it has them.</summary>
    private static readonly string[] CopiedAdFields = ["ad_format", "video_id", "identity_id", "identity_type", "ad_text", "call_to_action", "landing_page_url"];

    /// <summary>The JSON body of the <c>adgroup/create/</c> of a copy of <paramref name="original"/>.</summary>
    internal static byte[] CreateRequest(AdAccountRef account, AdSetCloneRequest request, JsonElement original, string path, PlatformErrorContext context) => Json(w =>
    {
        w.WriteString("advertiser_id", account.AccountId);
        w.WriteString("campaign_id", RequiredString(original, "campaign_id", path, context));
        w.WriteString("adgroup_name", request.Name);
        foreach (var field in CopiedGroupFields)
        {
            if (Optional(original, field) is { } value && value.ValueKind != JsonValueKind.Null)
            {
                w.WritePropertyName(field);
                value.WriteTo(w);
            }
        }

        // The original's start time has passed (and its end, if any, is its own): the copy runs from now.
        w.WriteString("schedule_type", "SCHEDULE_FROM_NOW");
        w.WriteString("budget_mode", "BUDGET_MODE_DAY");
        w.WriteNumber("budget", request.DailyBudget.Amount);
        var bidType = OptionalString(original, "bid_type", path, context) ?? "BID_TYPE_NO_BID";
        w.WriteString("bid_type", bidType);
        if (bidType == "BID_TYPE_CUSTOM")
        {
            foreach (var price in new[] { "conversion_bid_price", "bid_price" })
            {
                if (OptionalDecimal(original, price, path, context) is > 0 and var amount)
                {
                    w.WriteNumber(price, amount);
                }
            }
        }

        w.WriteStartArray("age_groups");
        foreach (var group in PlatformTargeting.ToTikTokAgeGroups(request.AgeGroup))
        {
            w.WriteStringValue(group);
        }

        w.WriteEndArray();
        w.WriteStartArray("interest_category_ids");
        foreach (var id in PlatformTargeting.ToTikTokInterestCategoryIds(request.Interests))
        {
            w.WriteStringValue(id);
        }

        w.WriteEndArray();
        w.WriteString("operation_status", request.Status == AdSetStatus.Active ? "ENABLE" : "DISABLE");
    });

    /// <summary>The JSON bodies of the <c>ad/create/</c> calls copying <paramref name="ads"/>: enabled ones first, 20 creatives a call; deleted ads are not copied.</summary>
    internal static List<byte[]> AdCreateRequests(AdAccountRef account, string adGroupId, IReadOnlyList<JsonElement> ads, PlatformErrorContext context)
    {
        var bodies = new List<byte[]>();
        foreach (var status in new[] { "ENABLE", "DISABLE" })
        {
            var chosen = ads.Where(a => OptionalString(a, "operation_status", "data.list", context) == status).ToArray();
            foreach (var chunk in chosen.Chunk(20))
            {
                bodies.Add(Json(w =>
                {
                    w.WriteString("advertiser_id", account.AccountId);
                    w.WriteString("adgroup_id", adGroupId);
                    w.WriteString("operation_status", status);
                    w.WriteStartArray("creatives");
                    foreach (var ad in chunk)
                    {
                        w.WriteStartObject();
                        w.WriteString("ad_name", RequiredString(ad, "ad_name", "data.list", context));
                        foreach (var field in CopiedAdFields)
                        {
                            if (Optional(ad, field) is { } value && value.ValueKind != JsonValueKind.Null)
                            {
                                w.WritePropertyName(field);
                                value.WriteTo(w);
                            }
                        }

                        w.WriteEndObject();
                    }

                    w.WriteEndArray();
                }));
            }
        }

        return bodies;
    }

    private static ByteArrayContent JsonContent(byte[] body) =>
        new(body) { Headers = { ContentType = new MediaTypeHeaderValue("application/json") } };

    /// <summary>Reads one ad group and refuses a budget change its budget mode does not allow.</summary>
    private async Task EnsureOwnDailyBudgetAsync(AdAccountRef account, string adGroupId, PlatformErrorContext context, CancellationToken cancellationToken)
    {
        var filtering = Uri.EscapeDataString(Encoding.UTF8.GetString(Json(w =>
        {
            w.WriteStartArray("adgroup_ids");
            w.WriteStringValue(adGroupId);
            w.WriteEndArray();
        })));
        var uri = _api.Url(
            $"adgroup/get/?advertiser_id={Uri.EscapeDataString(account.AccountId)}&filtering={filtering}&page=1&page_size=1");
        using var document = await _api.ReadAsync(() => new HttpRequestMessage(HttpMethod.Get, uri), context, cancellationToken)
            .ConfigureAwait(false);
        var data = TikTokReportParser.RequireSuccess(document.RootElement, context);
        var (item, path) = RequiredArray(data, "list", "data", context).FirstOrDefault();
        if (item.ValueKind != JsonValueKind.Object)
        {
            throw new PlatformRequestRejectedException(context, $"ad group {adGroupId} does not exist");
        }

        var budgetMode = OptionalString(item, "budget_mode", path, context);
        if (budgetMode == "BUDGET_MODE_INFINITE")
        {
            var campaignId = RequiredString(item, "campaign_id", path, context);
            throw new PlatformBudgetOwnedByCampaignException(
                context,
                $"ad group {adGroupId} has no budget of its own: campaign {campaignId} owns it (campaign budget optimisation)",
                campaignId);
        }

        if (budgetMode == "BUDGET_MODE_TOTAL")
        {
            throw new PlatformRequestRejectedException(
                context, $"ad group {adGroupId} has a lifetime budget (BUDGET_MODE_TOTAL); AdPilot changes daily budgets only");
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

    private static AdSnapshot ParseAd(JsonElement item, string path, PlatformErrorContext context)
    {
        var operationStatus = RequiredString(item, "operation_status", path, context);
        return new AdSnapshot(
            RequiredString(item, "ad_id", path, context),
            OptionalString(item, "ad_name", path, context) ?? string.Empty,
            new AdSetRef(Platform.TikTok, RequiredString(item, "adgroup_id", path, context)),
            operationStatus == "ENABLE" ? AdSetStatus.Active : AdSetStatus.Paused,
            OptionalString(item, "secondary_status", path, context) ?? operationStatus);
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
            bidType)
        {
            // adgroup/get/ without a fields list answers every field, age_groups and interest_category_ids among them.
            Targeting = TargetingReads.FromTikTok(item),
        };
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
