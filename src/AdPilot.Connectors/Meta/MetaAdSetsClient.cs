using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using AdPilot.Connectors.Json;
using AdPilot.Core.Domain;
using AdPilot.Core.Features;
using AdPilot.Core.Platforms;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using static AdPilot.Connectors.Json.JsonFields;

namespace AdPilot.Connectors.Meta;

/// <summary>
/// Reads an ad account's ad sets (<c>GET /act_{id}/adsets</c>) and updates one (<c>POST /{adset_id}</c>), every call
/// carrying <c>access_token</c> and <c>appsecret_proof</c>. Budgets and bid amounts cross this edge in minor units.
/// </summary>
public sealed class MetaAdSetsClient
{
    /// <summary>The fields asked for (api-reference.md §1.4), with <c>targeting</c> for the ad set's ages and interests.</summary>
    internal const string Fields =
        "id,name,status,effective_status,daily_budget,lifetime_budget,bid_strategy,bid_amount,campaign_id,targeting";

    /// <summary>The ad fields asked for.</summary>
    internal const string AdFields = "id,name,status,effective_status,adset_id";

    private readonly MetaGraph _graph;

    /// <summary>Initializes a new instance of the <see cref="MetaAdSetsClient"/> class.</summary>
    /// <param name="httpClient">The typed client from <c>IHttpClientFactory</c>, with its resilience pipeline.</param>
    /// <param name="options">Meta's options.</param>
    /// <param name="pacer">The pacer shared by the Meta clients.</param>
    /// <param name="timeProvider">The clock throttle waits run on.</param>
    /// <param name="logger">The logger.</param>
    public MetaAdSetsClient(
        HttpClient httpClient, IOptions<MetaOptions> options, MetaPacer pacer, TimeProvider timeProvider, ILogger<MetaAdSetsClient> logger)
    {
        ArgumentNullException.ThrowIfNull(httpClient);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(pacer);
        ArgumentNullException.ThrowIfNull(timeProvider);
        ArgumentNullException.ThrowIfNull(logger);
        _graph = new MetaGraph(httpClient, options.Value, pacer, timeProvider, logger);
    }

    /// <summary>Reads every ad set of the account; each page is retried after Meta throttled it.</summary>
    /// <param name="account">The ad account.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>The ad sets.</returns>
    /// <exception cref="PlatformException">The read failed; the subclass says how.</exception>
    public async Task<IReadOnlyList<AdSetSnapshot>> GetAdSetsAsync(AdAccountRef account, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(account);
        var context = new PlatformErrorContext(ExternalApi.Meta, account.AccountId);
        var adSets = new List<AdSetSnapshot>();
        string? after = null;
        do
        {
            var parameters = new List<(string, string)>
            {
                ("fields", Fields),
                ("limit", _graph.Options.PageSize.ToString(CultureInfo.InvariantCulture)),
            };
            if (after is not null)
            {
                parameters.Add(("after", after));
            }

            var uri = _graph.Url($"act_{Uri.EscapeDataString(account.AccountId)}/adsets", parameters);
            using var document = await _graph.ReadAsync(() => new HttpRequestMessage(HttpMethod.Get, uri), context, cancellationToken)
                .ConfigureAwait(false);
            var root = RequireObject(document.RootElement, "$", context);
            adSets.AddRange(RequiredArray(root, "data", "", context).Select(x => ParseAdSet(x.Item, x.Path, account, context)));
            after = Optional(root, "paging") is { } paging && Optional(paging, "next") is not null
                ? RequiredString(Required(paging, "cursors", "paging", context), "after", "paging.cursors", context)
                : null;
        }
        while (after is not null);

        return adSets;
    }

    /// <summary>Reads every ad of the account (<c>GET /act_{id}/ads</c>, all pages); each page is retried after Meta throttled it.</summary>
    /// <param name="account">The ad account.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>The ads.</returns>
    /// <exception cref="PlatformException">The read failed; the subclass says how.</exception>
    public async Task<IReadOnlyList<AdSnapshot>> GetAdsAsync(AdAccountRef account, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(account);
        var context = new PlatformErrorContext(ExternalApi.Meta, account.AccountId);
        var ads = new List<AdSnapshot>();
        string? after = null;
        do
        {
            var parameters = new List<(string, string)>
            {
                ("fields", AdFields),
                ("limit", _graph.Options.PageSize.ToString(CultureInfo.InvariantCulture)),
            };
            if (after is not null)
            {
                parameters.Add(("after", after));
            }

            var uri = _graph.Url($"act_{Uri.EscapeDataString(account.AccountId)}/ads", parameters);
            using var document = await _graph.ReadAsync(() => new HttpRequestMessage(HttpMethod.Get, uri), context, cancellationToken)
                .ConfigureAwait(false);
            var root = RequireObject(document.RootElement, "$", context);
            ads.AddRange(RequiredArray(root, "data", "", context).Select(x => ParseAd(x.Item, x.Path, context)));
            after = Optional(root, "paging") is { } paging && Optional(paging, "next") is not null
                ? RequiredString(Required(paging, "cursors", "paging", context), "after", "paging.cursors", context)
                : null;
        }
        while (after is not null);

        return ads;
    }

    /// <summary>Sets one ad's status (<c>POST /{ad_id}</c> with <c>status=ACTIVE|PAUSED</c>), once: writes are never retried here.</summary>
    /// <param name="account">The ad account that owns the ad.</param>
    /// <param name="change">The ad and its new status.</param>
    /// <param name="cancellationToken">Cancels the call; the change may still have been applied.</param>
    /// <returns>A task that completes when Meta answered <c>{"success": true}</c>.</returns>
    /// <exception cref="PlatformException">The update failed; the subclass says how.</exception>
    public async Task UpdateAdStatusAsync(AdAccountRef account, AdStatusChange change, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(account);
        ArgumentException.ThrowIfNullOrWhiteSpace(change.AdId);
        var context = new PlatformErrorContext(ExternalApi.Meta, account.AccountId);
        using var document = await _graph.WriteAsync(
            () => new HttpRequestMessage(HttpMethod.Post, _graph.PostUrl(Uri.EscapeDataString(change.AdId)))
            {
                Content = _graph.Form([("status", change.Status == AdSetStatus.Active ? "ACTIVE" : "PAUSED")]),
            },
            context,
            budgetWrite: false,
            cancellationToken).ConfigureAwait(false);
        if (!RequiredBoolean(document.RootElement, "success", "", context))
        {
            throw new PlatformRequestRejectedException(context, $"Meta did not apply the status of ad {change.AdId}");
        }
    }

    /// <summary>Applies one change to one ad set, once: a write is never retried here (see remarks).</summary>
    /// <remarks>
    /// A throttled write surfaces at once. The actuator owns write retries, because it records each change under an
    /// idempotency key before sending it; and Meta's budget limit (4 changes per ad set per hour, code 17 subcode
    /// 2446079) blocks the ad set's budget for an hour, so a blind retry only fails again and may extend the block.
    /// </remarks>
    /// <param name="account">The ad account that owns the ad set.</param>
    /// <param name="update">The change; its budget must be in the account currency.</param>
    /// <param name="cancellationToken">Cancels the call; the change may still have been applied.</param>
    /// <returns>A task that completes when Meta answered <c>{"success": true}</c>.</returns>
    /// <exception cref="PlatformChangeLimitException">The ad set's budget changed too often within the hour; nothing was applied.</exception>
    /// <exception cref="PlatformException">The update failed; the subclass says how.</exception>
    public async Task UpdateAdSetAsync(AdAccountRef account, AdSetUpdate update, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(account);
        ArgumentNullException.ThrowIfNull(update);
        var context = new PlatformErrorContext(ExternalApi.Meta, account.AccountId);
        var fields = UpdateFields(account, update);
        using var document = await _graph.WriteAsync(
            () => new HttpRequestMessage(HttpMethod.Post, _graph.PostUrl(Uri.EscapeDataString(update.AdSet.ExternalId)))
            {
                Content = _graph.Form(fields.Select(f => (f.Key, f.Value))),
            },
            context,
            budgetWrite: update.DailyBudget is not null,
            cancellationToken).ConfigureAwait(false);
        if (!RequiredBoolean(document.RootElement, "success", "", context))
        {
            throw new PlatformRequestRejectedException(context, $"Meta did not apply the update to ad set {update.AdSet.ExternalId}");
        }
    }

    /// <summary>
    /// Copies an ad set with its ads under a new targeting, budget, name and status (<see cref="IAdSetCloner"/>): reads of
    /// the original's <c>targeting</c> and ads (retried after throttles); <c>POST /{ad-set-id}/copies</c> with
    /// <c>status_option=PAUSED</c>, deep (<c>deep_copy=true</c>) when the ad set and its ads are at most Meta's
    /// <see cref="MaxDeepCopyObjects"/> objects, otherwise without its ads, which are then copied one by one
    /// (<c>POST /{ad-id}/copies</c> with <c>adset_id</c>, their own status and name); then one <c>POST /{copy-id}</c> that
    /// sets the name, the targeting (the original's spec with the new ages and interests: a targeting update replaces the
    /// whole spec), the daily budget and the status. Each write is sent once.
    /// </summary>
    /// <remarks>
    /// The copy is paused until the last call, so it never delivers with the original's targeting. Meta's copy cannot take
    /// a name, so the copy is first named <c>{original} - {name}</c>: if a later call fails, a paused copy of that name is
    /// left (perhaps with only some of the ads), which the caller finds by its name's ending.
    /// </remarks>
    /// <param name="account">The ad account that owns the original.</param>
    /// <param name="request">What to copy and how the copy differs.</param>
    /// <param name="cancellationToken">Cancels the calls; a copy may have been made already.</param>
    /// <returns>The copy.</returns>
    /// <exception cref="PlatformException">A call failed; the subclass says how.</exception>
    public async Task<AdSetRef> CloneAdSetAsync(AdAccountRef account, AdSetCloneRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(account);
        ArgumentNullException.ThrowIfNull(request);
        CheckCloneRequest(account, request);
        var context = new PlatformErrorContext(ExternalApi.Meta, account.AccountId);
        var original = Uri.EscapeDataString(request.Original.ExternalId);

        var readUri = _graph.Url(original, [("fields", "targeting")]);
        string targeting;
        using (var read = await _graph.ReadAsync(() => new HttpRequestMessage(HttpMethod.Get, readUri), context, cancellationToken).ConfigureAwait(false))
        {
            var root = RequireObject(read.RootElement, "$", context);
            var spec = Optional(root, "targeting") is { ValueKind: JsonValueKind.Object } found ? found : (JsonElement?)null;
            targeting = RetargetedSpec(spec, request.AgeGroup, request.Interests);
        }

        var ads = await GetAdsOfAsync(original, context, cancellationToken).ConfigureAwait(false);
        var deep = 1 + ads.Count <= MaxDeepCopyObjects;
        string copyId;
        using (var copied = await _graph.WriteAsync(
            () => new HttpRequestMessage(HttpMethod.Post, _graph.PostUrl(original + "/copies")) { Content = _graph.Form(CopyFields(request, deep)) },
            context,
            budgetWrite: false,
            cancellationToken).ConfigureAwait(false))
        {
            copyId = RequiredString(RequireObject(copied.RootElement, "$", context), "copied_adset_id", "", context);
        }

        if (!deep)
        {
            foreach (var ad in ads)
            {
                using var adCopy = await _graph.WriteAsync(
                    () => new HttpRequestMessage(HttpMethod.Post, _graph.PostUrl(Uri.EscapeDataString(ad) + "/copies")) { Content = _graph.Form(AdCopyFields(copyId)) },
                    context,
                    budgetWrite: false,
                    cancellationToken).ConfigureAwait(false);
                RequiredString(RequireObject(adCopy.RootElement, "$", context), "copied_ad_id", "", context);
            }
        }

        var fields = CopyUpdateFields(account, request, targeting);
        using var updated = await _graph.WriteAsync(
            () => new HttpRequestMessage(HttpMethod.Post, _graph.PostUrl(Uri.EscapeDataString(copyId))) { Content = _graph.Form(fields) },
            context,
            budgetWrite: true,
            cancellationToken).ConfigureAwait(false);
        if (!RequiredBoolean(updated.RootElement, "success", "", context))
        {
            throw new PlatformRequestRejectedException(context, $"Meta did not apply the targeting, budget and status of copy {copyId} of ad set {request.Original.ExternalId}");
        }

        return new AdSetRef(Platform.Instagram, copyId);
    }

    /// <summary>Refuses a copy request Meta could not take, before any call.</summary>
    internal static void CheckCloneRequest(AdAccountRef account, AdSetCloneRequest request)
    {
        if (request.Original.Platform != Platform.Instagram)
        {
            throw new ArgumentException($"ad set {request.Original} is not on Meta", nameof(request));
        }

        if (string.IsNullOrWhiteSpace(request.Name) || request.Name.Length > 400)
        {
            throw new ArgumentException("the copy's name must be 1 to 400 characters, not blank", nameof(request));
        }

        if (!string.Equals(request.DailyBudget.Currency, account.Currency, StringComparison.Ordinal))
        {
            throw new ArgumentException($"the budget is in {request.DailyBudget.Currency}, the account in {account.Currency}", nameof(request));
        }

        if (request.DailyBudget.Amount <= 0 || !Enum.IsDefined(request.AgeGroup) || !Enum.IsDefined(request.Status)
            || (request.Interests & ~InterestsJsonConverter.Defined) != 0)
        {
            throw new ArgumentException(
                $"the copy needs a budget above 0 and a defined age group, interests and status, got {request.DailyBudget}, {request.AgeGroup}, {(int)request.Interests}, {request.Status}",
                nameof(request));
        }
    }

    /// <summary>The most objects (the ad set and its ads) Meta copies in one synchronous deep copy (100/1885194 beyond).</summary>
    internal const int MaxDeepCopyObjects = 3;

    /// <summary>The form fields of the ad set copy call (without the credentials).</summary>
    internal static List<(string Name, string Value)> CopyFields(AdSetCloneRequest request, bool deep)
    {
        var rename = new JsonObject { ["rename_strategy"] = "ONLY_TOP_LEVEL_RENAME", ["rename_suffix"] = " - " + request.Name };
        return [("deep_copy", deep ? "true" : "false"), ("status_option", "PAUSED"), ("rename_options", rename.ToJsonString())];
    }

    /// <summary>The form fields of one ad's copy into the copied ad set: its own status and name (without the credentials).</summary>
    internal static List<(string Name, string Value)> AdCopyFields(string adSetId) =>
        [("adset_id", adSetId), ("status_option", "INHERITED_FROM_SOURCE"), ("rename_options", new JsonObject { ["rename_strategy"] = "NO_RENAME" }.ToJsonString())];

    /// <summary>The ids of an ad set's ads that are on or paused (<c>GET /{ad-set-id}/ads</c>, every page).</summary>
    private async Task<List<string>> GetAdsOfAsync(string adSetId, PlatformErrorContext context, CancellationToken cancellationToken)
    {
        var ids = new List<string>();
        string? after = null;
        do
        {
            var parameters = new List<(string, string)> { ("fields", "id,status"), ("limit", _graph.Options.PageSize.ToString(CultureInfo.InvariantCulture)) };
            if (after is not null)
            {
                parameters.Add(("after", after));
            }

            var uri = _graph.Url(adSetId + "/ads", parameters);
            using var document = await _graph.ReadAsync(() => new HttpRequestMessage(HttpMethod.Get, uri), context, cancellationToken).ConfigureAwait(false);
            var root = RequireObject(document.RootElement, "$", context);
            ids.AddRange(RequiredArray(root, "data", "", context)
                .Where(x => OptionalString(x.Item, "status", x.Path, context) is null or "ACTIVE" or "PAUSED")
                .Select(x => RequiredString(x.Item, "id", x.Path, context)));
            after = Optional(root, "paging") is { } paging && Optional(paging, "next") is not null
                ? RequiredString(Required(paging, "cursors", "paging", context), "after", "paging.cursors", context)
                : null;
        }
        while (after is not null);

        return ids;
    }

    /// <summary>The form fields of the update that finishes a copy (without the credentials).</summary>
    internal static List<(string Name, string Value)> CopyUpdateFields(AdAccountRef account, AdSetCloneRequest request, string targeting) =>
    [
        ("name", request.Name),
        ("targeting", targeting),
        ("daily_budget", MetaMoney.ToMinorUnits(new Money(request.DailyBudget.Amount, account.Currency)).ToString(CultureInfo.InvariantCulture)),
        ("status", request.Status == AdSetStatus.Active ? "ACTIVE" : "PAUSED"),
    ];

    /// <summary>
    /// The original's targeting spec with the copy's ages and interests: <c>age_min</c>/<c>age_max</c> of the band, the
    /// interests at the top level (none for broad), every <c>flexible_spec</c> entry's interests removed (an entry left empty
    /// goes); everything else (locations, genders, placements…) kept, since an update replaces the whole spec.
    /// </summary>
    internal static string RetargetedSpec(JsonElement? original, AgeGroup ageGroup, Interests interests)
    {
        var spec = original is { } element && JsonNode.Parse(element.GetRawText()) is JsonObject parsed ? parsed : [];
        var (ageMin, ageMax) = PlatformTargeting.ToMetaAgeRange(ageGroup);
        spec["age_min"] = ageMin;
        spec["age_max"] = ageMax;
        spec.Remove("interests");
        if (spec["flexible_spec"] is JsonArray flexible)
        {
            foreach (var entry in flexible.OfType<JsonObject>())
            {
                entry.Remove("interests");
            }

            for (var i = flexible.Count - 1; i >= 0; i--)
            {
                if (flexible[i] is JsonObject { Count: 0 })
                {
                    flexible.RemoveAt(i);
                }
            }

            if (flexible.Count == 0)
            {
                spec.Remove("flexible_spec");
            }
        }

        var named = PlatformTargeting.ToMetaInterests(interests);
        if (named.Count > 0)
        {
            spec["interests"] = new JsonArray([.. named.Select(n => (JsonNode)new JsonObject { ["id"] = n.Id, ["name"] = n.Name })]);
        }

        return spec.ToJsonString();
    }

    /// <summary>
    /// Applies many updates through the Graph batch API: batches of at most 50, never two ad sets of one campaign in a
    /// batch. Each update succeeds or fails on its own.
    /// </summary>
    /// <param name="account">The ad account that owns the ad sets.</param>
    /// <param name="updates">The updates with their campaigns.</param>
    /// <param name="cancellationToken">Cancels the calls; batches already sent may have been applied.</param>
    /// <returns>One result per update, in the input order.</returns>
    /// <exception cref="PlatformException">A whole batch call failed; results of earlier batches are lost to the caller.</exception>
    public async Task<IReadOnlyList<MetaBatchResult>> UpdateAdSetsBatchAsync(
        AdAccountRef account, IReadOnlyList<MetaBatchUpdate> updates, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(account);
        ArgumentNullException.ThrowIfNull(updates);
        var context = new PlatformErrorContext(ExternalApi.Meta, account.AccountId);
        var results = new Dictionary<MetaBatchUpdate, MetaBatchResult>(ReferenceEqualityComparer.Instance);
        foreach (var batch in MetaBatchPlanner.Plan(updates, u => u.CampaignId))
        {
            var batchJson = BatchJson(account, batch);
            using var document = await _graph.WriteAsync(
                () => new HttpRequestMessage(HttpMethod.Post, _graph.PostUrl(""))
                {
                    Content = _graph.Form([("batch", batchJson), ("include_headers", "false")]),
                },
                context,
                budgetWrite: false,
                cancellationToken).ConfigureAwait(false);
            var items = Items(document.RootElement, "$", context).ToList();
            if (items.Count != batch.Count)
            {
                throw Invalid(context, "$", $"has {items.Count} answers for {batch.Count} requests");
            }

            for (var i = 0; i < batch.Count; i++)
            {
                results[batch[i]] = new MetaBatchResult(batch[i], BatchItemError(items[i].Item, items[i].Path, batch[i], context));
            }
        }

        return updates.Select(u => results[u]).ToList();
    }

    private static string BatchJson(AdAccountRef account, List<MetaBatchUpdate> batch)
    {
        using var stream = new MemoryStream();
        using (var writer = new Utf8JsonWriter(stream))
        {
            writer.WriteStartArray();
            foreach (var item in batch)
            {
                writer.WriteStartObject();
                writer.WriteString("method", "POST");
                writer.WriteString("relative_url", item.Update.AdSet.ExternalId);
                writer.WriteString("body", string.Join("&", UpdateFields(account, item.Update)
                    .Select(f => $"{f.Key}={Uri.EscapeDataString(f.Value)}")));
                writer.WriteEndObject();
            }

            writer.WriteEndArray();
        }

        return Encoding.UTF8.GetString(stream.ToArray());
    }

    private static PlatformException? BatchItemError(JsonElement item, string path, MetaBatchUpdate update, PlatformErrorContext context)
    {
        if (item.ValueKind == JsonValueKind.Null)
        {
            return new PlatformUnavailableException(context, $"Meta did not execute the update of ad set {update.Update.AdSet.ExternalId}");
        }

        var code = RequiredInt64(item, "code", path, context);
        var body = Encoding.UTF8.GetBytes(OptionalString(item, "body", path, context) ?? "");
        if (code is >= 200 and < 300)
        {
            using var document = JsonFields.Parse(body, context);
            return RequiredBoolean(document.RootElement, "success", Join(path, "body"), context)
                ? null
                : new PlatformRequestRejectedException(context, $"Meta did not apply the update to ad set {update.Update.AdSet.ExternalId}");
        }

        using var response = new HttpResponseMessage((System.Net.HttpStatusCode)(int)Math.Clamp(code, 100, 599));
        return MetaErrors.FromResponse(response, body, context, budgetWrite: update.Update.DailyBudget is not null);
    }

    /// <summary>The form fields of an update, in a fixed order (without the credentials).</summary>
    internal static List<KeyValuePair<string, string>> UpdateFields(AdAccountRef account, AdSetUpdate update)
    {
        if (update.IsEmpty)
        {
            throw new ArgumentException("the update changes nothing", nameof(update));
        }

        var fields = new List<KeyValuePair<string, string>>();
        if (update.DailyBudget is { } budget)
        {
            if (!string.Equals(budget.Currency, account.Currency, StringComparison.Ordinal))
            {
                throw new ArgumentException($"the budget is in {budget.Currency}, the account in {account.Currency}", nameof(update));
            }

            fields.Add(new("daily_budget", MetaMoney.ToMinorUnits(budget).ToString(CultureInfo.InvariantCulture)));
        }

        if (update.BidStrategy is { } bid)
        {
            fields.Add(new("bid_strategy", bid.Kind switch
            {
                BidStrategyKind.LowestCost => "LOWEST_COST_WITHOUT_CAP",
                BidStrategyKind.CostCap => "COST_CAP",
                BidStrategyKind.BidCap => "LOWEST_COST_WITH_BID_CAP",
                _ => throw new ArgumentOutOfRangeException(nameof(update), bid.Kind, "not a bid strategy Meta knows"),
            }));
            if (bid.CapPerResult is { } cap)
            {
                fields.Add(new("bid_amount", MetaMoney.ToMinorUnits(new Money(cap, account.Currency)).ToString(CultureInfo.InvariantCulture)));
            }
        }

        if (update.Status is { } status)
        {
            fields.Add(new("status", status == AdSetStatus.Active ? "ACTIVE" : "PAUSED"));
        }

        return fields;
    }

    private static AdSnapshot ParseAd(JsonElement item, string path, PlatformErrorContext context)
    {
        var status = RequiredString(item, "status", path, context);
        return new AdSnapshot(
            RequiredString(item, "id", path, context),
            OptionalString(item, "name", path, context) ?? string.Empty,
            new AdSetRef(Platform.Instagram, RequiredString(item, "adset_id", path, context)),
            status == "ACTIVE" ? AdSetStatus.Active : AdSetStatus.Paused,
            OptionalString(item, "effective_status", path, context) ?? status);
    }

    private static AdSetSnapshot ParseAdSet(JsonElement item, string path, AdAccountRef account, PlatformErrorContext context)
    {
        var effectiveStatus = OptionalString(item, "effective_status", path, context) ?? RequiredString(item, "status", path, context);
        var dailyBudget = OptionalInt64(item, "daily_budget", path, context);
        var platformBid = OptionalString(item, "bid_strategy", path, context) ?? "";
        var bidAmount = OptionalInt64(item, "bid_amount", path, context);
        BidStrategy? bid = platformBid switch
        {
            "LOWEST_COST_WITHOUT_CAP" => BidStrategy.LowestCost,
            "COST_CAP" when bidAmount is > 0 => BidStrategy.CostCap(MetaMoney.FromMinorUnits(bidAmount.Value, account.Currency).Amount),
            "LOWEST_COST_WITH_BID_CAP" when bidAmount is > 0 => BidStrategy.BidCap(MetaMoney.FromMinorUnits(bidAmount.Value, account.Currency).Amount),
            _ => null,
        };
        return new AdSetSnapshot(
            new AdSetRef(Platform.Instagram, RequiredString(item, "id", path, context)),
            RequiredString(item, "name", path, context),
            RequiredString(item, "campaign_id", path, context),
            effectiveStatus == "ACTIVE" ? AdSetStatus.Active : AdSetStatus.Paused,
            effectiveStatus,
            dailyBudget is > 0 ? MetaMoney.FromMinorUnits(dailyBudget.Value, account.Currency) : null,
            bid,
            platformBid)
        {
            Targeting = TargetingReads.FromMeta(Optional(item, "targeting")),
        };
    }
}
