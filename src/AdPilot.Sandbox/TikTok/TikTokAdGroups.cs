using System.Text.Json;
using System.Text.Json.Nodes;
using AdPilot.Core.Domain;
using Microsoft.AspNetCore.Http;

namespace AdPilot.Sandbox.TikTok;

/// <summary>
/// TikTok ad groups (api-reference §2.3): <c>GET adgroup/get/</c> with an optional <c>{"adgroup_ids":[…]}</c> filter and
/// page paging, <c>POST adgroup/budget/update/</c>, <c>POST adgroup/update/</c> (bids) and <c>POST adgroup/status/update/</c>
/// with JSON bodies. Budgets are
/// decimal major units (<c>BUDGET_MODE_DAY</c>); a change applies from the next simulated hour. A request that fails
/// validation changes nothing, not even the ad groups it named correctly. Each advertiser sees and changes only its own ad
/// groups: another advertiser's ad group is refused as an unknown id.
/// </summary>
internal static class TikTokAdGroups
{
    public static (JsonObject? Data, string? Error) Get(IQueryCollection query, SandboxWorld world, TikTokAdvertisers advertisers)
    {
        if (TikTokApi.Param(query, "advertiser_id") is not { } advertiserId || !advertisers.Contains(advertiserId))
        {
            return (null, advertisers.Unknown(TikTokApi.Param(query, "advertiser_id")));
        }

        if (!TikTokApi.TryPage(query, out var page, out var pageSize))
        {
            return (null, "page must be at least 1 and page_size from 1 to 1000.");
        }

        var groups = advertisers.AdGroupsOf(advertiserId);
        if (TikTokApi.Param(query, "filtering") is { } filtering)
        {
            HashSet<string> ids;
            try
            {
                ids = JsonNode.Parse(filtering)?["adgroup_ids"]?.AsArray().Select(n => n!.GetValue<string>()).ToHashSet(StringComparer.Ordinal)
                    ?? throw new InvalidOperationException();
            }
            catch (Exception ex) when (ex is JsonException or InvalidOperationException or NullReferenceException or FormatException)
            {
                return (null, "filtering: must be a JSON object such as {\"adgroup_ids\":[\"123\"]}; the sandbox filters on adgroup_ids only.");
            }

            groups = groups.Where(g => ids.Contains(g.Ref.ExternalId)).ToArray();
        }

        var list = new JsonArray(groups.Skip((int)Math.Min(int.MaxValue, ((long)page - 1) * pageSize)).Take(pageSize)
            .Select(g => (JsonNode)Json(g, world.SettingsOf(g.Index), advertiserId)).ToArray());
        return (new JsonObject { ["list"] = list, ["page_info"] = TikTokApi.PageInfo(page, pageSize, groups.Length) }, null);
    }

    public static (JsonObject? Data, string? Error) UpdateBudgets(JsonNode? body, SandboxWorld world, TikTokAdvertisers advertisers)
    {
        if (Advertiser(body, advertisers, out var advertiserId) is { } error)
        {
            return (null, error);
        }

        if (body!["budget"] is not JsonArray items || items.Count == 0)
        {
            return (null, "budget: required, a list of {\"adgroup_id\",\"budget\"}.");
        }

        var changes = new List<(SandboxAdSet AdGroup, decimal Budget)>();
        foreach (var item in items)
        {
            var id = item?["adgroup_id"]?.GetValueKind() == JsonValueKind.String ? item["adgroup_id"]!.GetValue<string>() : null;
            if (id is null || Find(world, advertisers, advertiserId, id) is not { } group)
            {
                return (null, $"budget.adgroup_id: ad group '{id}' does not exist.");
            }

            if (item!["budget"] is not JsonValue value || !value.TryGetValue<decimal>(out var budget))
            {
                return (null, $"budget.budget: a number is required for ad group {id}.");
            }

            if (budget < group.MinDailyBudget || budget > group.MaxDailyBudget)
            {
                return (null, $"budget.budget: must be between {group.MinDailyBudget} and {group.MaxDailyBudget} for ad group {id}, got {budget}.");
            }

            changes.Add((group, budget));
        }

        foreach (var (group, budget) in changes)
        {
            world.Change(group.Index, s => s with { DailyBudget = budget });
        }

        return (new JsonObject(), null);
    }

    /// <summary>
    /// <c>POST adgroup/update/</c> for the bid: <c>bid_type</c> <c>BID_TYPE_NO_BID</c> (lowest cost), or <c>BID_TYPE_CUSTOM</c>
    /// with <c>conversion_bid_price</c> (a cost cap) or <c>bid_price</c> (a bid cap). Other fields of the real endpoint are
    /// refused by name rather than ignored.
    /// </summary>
    public static (JsonObject? Data, string? Error) UpdateBid(JsonNode? body, SandboxWorld world, TikTokAdvertisers advertisers)
    {
        if (Advertiser(body, advertisers, out var advertiserId) is { } error)
        {
            return (null, error);
        }

        var fields = body!.AsObject();
        string[] known = ["advertiser_id", "adgroup_id", "bid_type", "bid_price", "conversion_bid_price"];
        if (fields.Select(f => f.Key).FirstOrDefault(k => !known.Contains(k, StringComparer.Ordinal)) is { } unknown)
        {
            return (null, $"{unknown}: the sandbox's adgroup/update/ takes bid_type, bid_price and conversion_bid_price only.");
        }

        var id = fields["adgroup_id"]?.GetValueKind() == JsonValueKind.String ? fields["adgroup_id"]!.GetValue<string>() : null;
        if (id is null || Find(world, advertisers, advertiserId, id) is not { } group)
        {
            return (null, $"adgroup_id: ad group '{id}' does not exist.");
        }

        var type = fields["bid_type"]?.GetValueKind() == JsonValueKind.String ? fields["bid_type"]!.GetValue<string>() : null;
        decimal? Price(string name) =>
            fields[name] is JsonValue v && v.TryGetValue<decimal>(out var price) ? price : null;
        var conversionBid = Price("conversion_bid_price");
        var bidPrice = Price("bid_price");
        BidStrategy bid;
        switch (type)
        {
            case "BID_TYPE_NO_BID" when conversionBid is null or 0 && bidPrice is null or 0:
                bid = BidStrategy.LowestCost;
                break;
            case "BID_TYPE_NO_BID":
                return (null, "bid_type: BID_TYPE_NO_BID takes no bid_price or conversion_bid_price.");
            case "BID_TYPE_CUSTOM" when conversionBid is > 0 && bidPrice is null or 0:
                bid = BidStrategy.CostCap(conversionBid.Value);
                break;
            case "BID_TYPE_CUSTOM" when bidPrice is > 0 && conversionBid is null or 0:
                bid = BidStrategy.BidCap(bidPrice.Value);
                break;
            case "BID_TYPE_CUSTOM":
                return (null, "bid_type: BID_TYPE_CUSTOM needs exactly one of conversion_bid_price (cost cap) or bid_price (bid cap), greater than 0.");
            default:
                return (null, $"bid_type: must be BID_TYPE_NO_BID or BID_TYPE_CUSTOM, got '{type}'.");
        }

        world.Change(group.Index, s => s with { Bid = bid });
        return (new JsonObject { ["adgroup_id"] = id }, null);
    }

    public static (JsonObject? Data, string? Error) UpdateStatus(JsonNode? body, SandboxWorld world, TikTokAdvertisers advertisers)
    {
        if (Advertiser(body, advertisers, out var advertiserId) is { } error)
        {
            return (null, error);
        }

        var status = body!["operation_status"]?.GetValueKind() == JsonValueKind.String ? body["operation_status"]!.GetValue<string>() : null;
        if (status is not ("ENABLE" or "DISABLE"))
        {
            return (null, $"operation_status: the sandbox takes ENABLE or DISABLE, got '{status}'.");
        }

        if (body["adgroup_ids"] is not JsonArray ids || ids.Count is 0 or > 100)
        {
            return (null, "adgroup_ids: required, 1 to 100 ids.");
        }

        var groups = new List<SandboxAdSet>();
        foreach (var node in ids)
        {
            var id = node?.GetValueKind() == JsonValueKind.String ? node.GetValue<string>() : null;
            if (id is null || Find(world, advertisers, advertiserId, id) is not { } group)
            {
                return (null, $"adgroup_ids: ad group '{id}' does not exist.");
            }

            groups.Add(group);
        }

        var wanted = status == "ENABLE" ? AdSetStatus.Active : AdSetStatus.Paused;
        foreach (var group in groups)
        {
            world.Change(group.Index, s => s with { Status = wanted });
        }

        return (new JsonObject
        {
            ["adgroup_ids"] = new JsonArray(groups.Select(g => (JsonNode)g.Ref.ExternalId).ToArray()),
            ["status"] = status,
        }, null);
    }

    private static string? Advertiser(JsonNode? body, TikTokAdvertisers advertisers, out string advertiserId)
    {
        advertiserId = string.Empty;
        if (body is not JsonObject)
        {
            return "the body must be a JSON object.";
        }

        var given = body["advertiser_id"]?.GetValueKind() == JsonValueKind.String ? body["advertiser_id"]!.GetValue<string>() : null;
        if (!advertisers.Contains(given))
        {
            return advertisers.Unknown(given);
        }

        advertiserId = given!;
        return null;
    }

    /// <summary>An ad group of the advertiser; null for an unknown id and for another advertiser's ad group, which TikTok refuses alike.</summary>
    private static SandboxAdSet? Find(SandboxWorld world, TikTokAdvertisers advertisers, string advertiserId, string id) =>
        world.Find(Platform.TikTok, id) is { } group && advertisers.Holds(advertiserId, group.Index) ? group : null;

    private static JsonObject Json(SandboxAdSet group, AdSetSettings settings, string advertiserId)
    {
        var capped = settings.Bid.Kind != BidStrategyKind.LowestCost;
        return new JsonObject
        {
            ["adgroup_id"] = group.Ref.ExternalId,
            ["adgroup_name"] = group.Name,
            ["advertiser_id"] = advertiserId,
            ["campaign_id"] = "18" + advertiserId[2..],
            ["operation_status"] = settings.Status == AdSetStatus.Active ? "ENABLE" : "DISABLE",
            ["secondary_status"] = settings.Status == AdSetStatus.Active ? "ADGROUP_STATUS_DELIVERY_OK" : "ADGROUP_STATUS_DISABLE",
            ["budget_mode"] = "BUDGET_MODE_DAY",
            ["budget"] = settings.DailyBudget,
            ["bid_type"] = capped ? "BID_TYPE_CUSTOM" : "BID_TYPE_NO_BID",
            ["bid_price"] = settings.Bid.Kind == BidStrategyKind.BidCap ? settings.Bid.CapPerResult!.Value : 0m,
            ["conversion_bid_price"] = settings.Bid.Kind == BidStrategyKind.CostCap ? settings.Bid.CapPerResult!.Value : 0m,
            ["optimization_goal"] = "CONVERT",
            ["billing_event"] = "OCPM",
            ["pacing"] = "PACING_MODE_SMOOTH",
        };
    }
}
