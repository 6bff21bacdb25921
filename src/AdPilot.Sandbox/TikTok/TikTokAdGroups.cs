using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using AdPilot.Core.Domain;
using AdPilot.Core.Features;
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
            .Select(g => (JsonNode)Json(world, g, advertiserId)).ToArray());
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

    internal static string? Advertiser(JsonNode? body, TikTokAdvertisers advertisers, out string advertiserId)
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

    private static JsonObject Json(SandboxWorld world, SandboxAdSet group, string advertiserId)
    {
        var settings = world.SettingsOf(group.Index);
        var targeting = world.TargetingOf(group.Index);
        var capped = settings.Bid.Kind != BidStrategyKind.LowestCost;
        return new JsonObject
        {
            ["adgroup_id"] = group.Ref.ExternalId,
            ["adgroup_name"] = world.NameOf(group.Index),
            ["advertiser_id"] = advertiserId,
            ["campaign_id"] = TikTokAdvertisers.CampaignOf(advertiserId),
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
            ["placement_type"] = "PLACEMENT_TYPE_AUTOMATIC",
            ["promotion_type"] = "WEBSITE",
            ["optimization_event"] = "SHOPPING",
            ["schedule_type"] = "SCHEDULE_FROM_NOW",
            ["location_ids"] = new JsonArray([.. Locations.Select(l => (JsonNode)l)]),
            ["age_groups"] = new JsonArray([.. PlatformTargeting.ToTikTokAgeGroups(targeting.AgeGroup).Select(a => (JsonNode)a)]),
            ["interest_category_ids"] = new JsonArray([.. PlatformTargeting.ToTikTokInterestCategoryIds(targeting.Interests).Select(i => (JsonNode)i)]),
        };
    }

    /// <summary>The one location the sandbox's ad groups target (the United States' geoname id).</summary>
    private static readonly string[] Locations = ["6252001"];

    private static readonly string[] AgeGroupWords = ["AGE_18_24", "AGE_25_34", "AGE_35_44", "AGE_45_54", "AGE_55_100"];

    /// <summary>
    /// <c>POST adgroup/create/</c>: a new ad group in the advertiser's campaign with a daily budget, a bid, a targeting
    /// (<c>age_groups</c>, <c>interest_category_ids</c>) and a status, answering <c>{"adgroup_id"}</c>. It has no ads until
    /// <c>ad/create/</c> gives it some. Its market (the simulated audience and its prices) is that of the ad group whose
    /// creative its first ad reuses (<see cref="TikTokAds.Create"/>); until then it is provisionally the advertiser's first ad
    /// group's, which does not matter, since an ad group without ads delivers nothing.
    /// </summary>
    public static (JsonObject? Data, string? Error) Create(JsonNode? body, SandboxWorld world, TikTokAdvertisers advertisers)
    {
        if (Advertiser(body, advertisers, out var advertiserId) is { } error)
        {
            return (null, error);
        }

        var fields = body!.AsObject();
        string[] known =
        [
            "advertiser_id", "campaign_id", "adgroup_name", "placement_type", "placements", "location_ids", "promotion_type", "budget_mode", "budget",
            "schedule_type", "schedule_start_time", "schedule_end_time", "optimization_goal", "optimization_event", "billing_event", "bid_type",
            "bid_price", "conversion_bid_price", "pacing", "pixel_id", "operation_status", "age_groups", "interest_category_ids", "gender",
        ];
        if (fields.Select(f => f.Key).FirstOrDefault(k => !known.Contains(k, StringComparer.Ordinal)) is { } unknown)
        {
            return (null, $"{unknown}: not supported by the sandbox's adgroup/create/.");
        }

        string? Text(string name) => fields[name] is JsonValue v && v.TryGetValue<string>(out var t) ? t : null;
        decimal? Number(string name) => fields[name] is JsonValue v && v.TryGetValue<decimal>(out var d) ? d : null;

        var campaign = TikTokAdvertisers.CampaignOf(advertiserId);
        if (Text("campaign_id") != campaign)
        {
            return (null, $"campaign_id: must be the advertiser's campaign {campaign}, got '{Text("campaign_id")}'.");
        }

        var name = Text("adgroup_name");
        if (string.IsNullOrWhiteSpace(name) || name.Length > 512)
        {
            return (null, "adgroup_name: required, 1 to 512 characters.");
        }

        var placement = Text("placement_type");
        if (placement is not ("PLACEMENT_TYPE_AUTOMATIC" or "PLACEMENT_TYPE_NORMAL"))
        {
            return (null, $"placement_type: must be PLACEMENT_TYPE_AUTOMATIC or PLACEMENT_TYPE_NORMAL, got '{placement}'.");
        }

        if (placement == "PLACEMENT_TYPE_NORMAL" && fields["placements"] is not JsonArray { Count: > 0 })
        {
            return (null, "placements: required with PLACEMENT_TYPE_NORMAL.");
        }

        if (fields["location_ids"] is not JsonArray { Count: > 0 } locations || locations.Any(l => l?.GetValueKind() != JsonValueKind.String))
        {
            return (null, "location_ids: required, a non-empty list of location ids (strings).");
        }

        if (Text("budget_mode") != "BUDGET_MODE_DAY")
        {
            return (null, $"budget_mode: the sandbox's ad groups take BUDGET_MODE_DAY only, got '{Text("budget_mode")}'.");
        }

        var schedule = Text("schedule_type");
        if (schedule is not ("SCHEDULE_FROM_NOW" or "SCHEDULE_START_END"))
        {
            return (null, $"schedule_type: must be SCHEDULE_FROM_NOW or SCHEDULE_START_END, got '{schedule}'.");
        }

        if (schedule == "SCHEDULE_START_END" && (Text("schedule_start_time") is null || Text("schedule_end_time") is null))
        {
            return (null, "schedule_start_time, schedule_end_time: required with SCHEDULE_START_END.");
        }

        if (Text("optimization_goal") != "CONVERT" || Text("billing_event") != "OCPM")
        {
            return (null, $"optimization_goal, billing_event: the sandbox's ad groups optimise for CONVERT billed OCPM, got '{Text("optimization_goal")}', '{Text("billing_event")}'.");
        }

        BidStrategy bid;
        var bidType = Text("bid_type") ?? "BID_TYPE_NO_BID";
        var conversionBid = Number("conversion_bid_price");
        var bidPrice = Number("bid_price");
        switch (bidType)
        {
            case "BID_TYPE_NO_BID" when conversionBid is null or 0 && bidPrice is null or 0:
                bid = BidStrategy.LowestCost;
                break;
            case "BID_TYPE_CUSTOM" when conversionBid is > 0 && bidPrice is null or 0:
                bid = BidStrategy.CostCap(conversionBid.Value);
                break;
            case "BID_TYPE_CUSTOM" when bidPrice is > 0 && conversionBid is null or 0:
                bid = BidStrategy.BidCap(bidPrice.Value);
                break;
            default:
                return (null, "bid_type: BID_TYPE_NO_BID without prices, or BID_TYPE_CUSTOM with exactly one of conversion_bid_price or bid_price above 0.");
        }

        var status = Text("operation_status") ?? "ENABLE";
        if (status is not ("ENABLE" or "DISABLE"))
        {
            return (null, $"operation_status: must be ENABLE or DISABLE, got '{status}'.");
        }

        var ageGroups = new List<string>();
        if (fields["age_groups"] is { } rawAges)
        {
            if (rawAges is not JsonArray ages || ages.Any(a => a is not JsonValue v || !v.TryGetValue<string>(out var word) || !AgeGroupWords.Contains(word, StringComparer.Ordinal)))
            {
                return (null, $"age_groups: a list of {string.Join(", ", AgeGroupWords)}.");
            }

            ageGroups.AddRange(ages.Select(a => a!.GetValue<string>()));
        }

        var interestIds = new List<string>();
        if (fields["interest_category_ids"] is { } rawInterests)
        {
            if (rawInterests is not JsonArray ids || ids.Any(i => i is not JsonValue v || !v.TryGetValue<string>(out _)))
            {
                return (null, "interest_category_ids: a list of interest category ids (strings).");
            }

            interestIds.AddRange(ids.Select(i => i!.GetValue<string>()));
        }

        if (PlatformTargeting.InterestsFromTikTokCategoryIds(interestIds) is not { } interests)
        {
            var bad = interestIds.First(i => PlatformTargeting.InterestsFromTikTokCategoryIds([i]) is null);
            return (null, $"interest_category_ids: '{bad}' is not an interest category id of the sandbox's catalogue.");
        }

        var provisional = advertisers.AdGroupsOf(advertiserId).FirstOrDefault(g => g.CopyOf is null);
        if (provisional is null)
        {
            return (null, $"campaign_id: the sandbox's campaign {campaign} has no ad group to share a market with.");
        }

        if (Number("budget") is not { } budget || budget < provisional.MinDailyBudget || budget > provisional.MaxDailyBudget)
        {
            return (null, string.Create(
                CultureInfo.InvariantCulture, $"budget: a daily budget from {provisional.MinDailyBudget} to {provisional.MaxDailyBudget} is required, got {fields["budget"]?.ToJsonString()}."));
        }

        var targeting = new AdSetTargeting(PlatformTargeting.FromTikTok(ageGroups), interests);
        var group = world.CloneAdSet(
            provisional.Index, name, targeting, budget, status == "ENABLE" ? AdSetStatus.Active : AdSetStatus.Paused, copyAds: false);
        world.Change(group.Index, s => s with { Bid = bid });
        return (new JsonObject { ["adgroup_id"] = group.Ref.ExternalId, ["adgroup_name"] = name }, null);
    }
}
