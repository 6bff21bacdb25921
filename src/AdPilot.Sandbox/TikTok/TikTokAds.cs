using System.Text.Json;
using System.Text.Json.Nodes;
using AdPilot.Core.Domain;
using Microsoft.AspNetCore.Http;

namespace AdPilot.Sandbox.TikTok;

/// <summary>
/// TikTok ads: <c>GET ad/get/</c> with an optional <c>{"adgroup_ids":[…]}</c> or <c>{"ad_ids":[…]}</c> filter and page
/// paging, and <c>POST ad/status/update/</c> with <c>{"advertiser_id","ad_ids":[…],"operation_status":"ENABLE|DISABLE"}</c>.
/// Each advertiser sees and changes only the ads of its own ad groups; a request naming an unknown ad changes nothing.
/// </summary>
internal static class TikTokAds
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

        var ads = advertisers.AdGroupsOf(advertiserId).SelectMany(g => world.AdsOf(g.Index)).ToArray();
        if (TikTokApi.Param(query, "filtering") is { } filtering)
        {
            try
            {
                var filter = JsonNode.Parse(filtering)?.AsObject() ?? throw new InvalidOperationException();
                if (filter["adgroup_ids"] is JsonArray groups)
                {
                    var ids = groups.Select(n => n!.GetValue<string>()).ToHashSet(StringComparer.Ordinal);
                    ads = [.. ads.Where(a => ids.Contains(world.AdSets[a.AdSetIndex].Ref.ExternalId))];
                }

                if (filter["ad_ids"] is JsonArray adIds)
                {
                    var ids = adIds.Select(n => n!.GetValue<string>()).ToHashSet(StringComparer.Ordinal);
                    ads = [.. ads.Where(a => ids.Contains(a.Id))];
                }
            }
            catch (Exception ex) when (ex is JsonException or InvalidOperationException or NullReferenceException or FormatException)
            {
                return (null, "filtering: must be a JSON object such as {\"adgroup_ids\":[\"123\"]}; the sandbox filters on adgroup_ids and ad_ids only.");
            }
        }

        var list = new JsonArray(ads.Skip((int)Math.Min(int.MaxValue, ((long)page - 1) * pageSize)).Take(pageSize)
            .Select(a => (JsonNode)Json(world, a, advertiserId)).ToArray());
        return (new JsonObject { ["list"] = list, ["page_info"] = TikTokApi.PageInfo(page, pageSize, ads.Length) }, null);
    }

    public static (JsonObject? Data, string? Error) UpdateStatus(JsonNode? body, SandboxWorld world, TikTokAdvertisers advertisers)
    {
        if (body is not JsonObject)
        {
            return (null, "the body must be a JSON object.");
        }

        var advertiserId = body["advertiser_id"]?.GetValueKind() == JsonValueKind.String ? body["advertiser_id"]!.GetValue<string>() : null;
        if (!advertisers.Contains(advertiserId))
        {
            return (null, advertisers.Unknown(advertiserId));
        }

        var status = body["operation_status"]?.GetValueKind() == JsonValueKind.String ? body["operation_status"]!.GetValue<string>() : null;
        if (status is not ("ENABLE" or "DISABLE"))
        {
            return (null, $"operation_status: the sandbox takes ENABLE or DISABLE, got '{status}'.");
        }

        if (body["ad_ids"] is not JsonArray ids || ids.Count is 0 or > 100)
        {
            return (null, "ad_ids: required, 1 to 100 ids.");
        }

        var ads = new List<SandboxAd>();
        foreach (var node in ids)
        {
            var id = node?.GetValueKind() == JsonValueKind.String ? node.GetValue<string>() : null;
            if (world.FindAd(Platform.TikTok, id) is not { } ad || !advertisers.Holds(advertiserId!, ad.AdSetIndex))
            {
                return (null, $"ad_ids: ad '{id}' does not exist.");
            }

            ads.Add(ad);
        }

        var wanted = status == "ENABLE" ? AdSetStatus.Active : AdSetStatus.Paused;
        foreach (var ad in ads)
        {
            world.ChangeAdStatus(ad.Index, wanted);
        }

        return (new JsonObject
        {
            ["ad_ids"] = new JsonArray(ads.Select(a => (JsonNode)a.Id).ToArray()),
            ["status"] = status,
        }, null);
    }

    private static JsonObject Json(SandboxWorld world, SandboxAd ad, string advertiserId)
    {
        var group = world.AdSets[ad.AdSetIndex];
        var on = world.AdStatusOf(ad.Index) == AdSetStatus.Active;
        var groupOn = world.SettingsOf(group.Index).Status == AdSetStatus.Active;
        return new JsonObject
        {
            ["ad_id"] = ad.Id,
            ["ad_name"] = ad.Name,
            ["adgroup_id"] = group.Ref.ExternalId,
            ["advertiser_id"] = advertiserId,
            ["campaign_id"] = TikTokAdvertisers.CampaignOf(advertiserId),
            ["operation_status"] = on ? "ENABLE" : "DISABLE",
            ["secondary_status"] = !on ? "AD_STATUS_DISABLE" : groupOn ? "AD_STATUS_DELIVERY_OK" : "AD_STATUS_ADGROUP_DISABLE",
            ["ad_format"] = "SINGLE_VIDEO",
            ["video_id"] = ad.CreativeId,
            ["identity_type"] = "CUSTOMIZED_USER",
            ["identity_id"] = IdentityOf(advertiserId),
            ["ad_text"] = AdText,
            ["call_to_action"] = "SHOP_NOW",
            ["landing_page_url"] = LandingPage,
        };
    }

    private const string AdText = "Made to be worn. Shop the collection.";
    private const string LandingPage = "https://sandbox-store.example/collections/all";

    /// <summary>The advertiser's one identity (the sandbox gives each one custom identity).</summary>
    private static string IdentityOf(string advertiserId) => "7" + advertiserId[1..];

    /// <summary>
    /// <c>POST ad/create/</c>: ads in an ad group of the advertiser, one per item of <c>creatives</c>
    /// (<c>ad_name</c>, <c>ad_format</c> <c>SINGLE_VIDEO</c>, <c>video_id</c>, <c>identity_id</c>, <c>identity_type</c>,
    /// <c>ad_text</c>, optionally <c>call_to_action</c> and <c>landing_page_url</c>), answering <c>{"ad_ids":[…]}</c>. The
    /// sandbox's videos are its ads' creatives, so each <c>video_id</c> must be one an ad of the advertiser shows; the new ad
    /// shows that creative (its creative type). The sandbox's rule for a created ad group's market: its first ads decide —
    /// the ad group becomes a copy of the ad group whose ad shows the first creative (see <see cref="TikTokAdGroups.Create"/>).
    /// <c>operation_status</c> (top level, ENABLE by default) is each new ad's own status.
    /// </summary>
    public static (JsonObject? Data, string? Error) Create(JsonNode? body, SandboxWorld world, TikTokAdvertisers advertisers)
    {
        if (TikTokAdGroups.Advertiser(body, advertisers, out var advertiserId) is { } error)
        {
            return (null, error);
        }

        var fields = body!.AsObject();
        string[] known = ["advertiser_id", "adgroup_id", "creatives", "operation_status"];
        if (fields.Select(f => f.Key).FirstOrDefault(k => !known.Contains(k, StringComparer.Ordinal)) is { } unknown)
        {
            return (null, $"{unknown}: not supported by the sandbox's ad/create/.");
        }

        var groupId = fields["adgroup_id"] is JsonValue g && g.TryGetValue<string>(out var gid) ? gid : null;
        if (groupId is null || world.Find(Platform.TikTok, groupId) is not { } group || !advertisers.Holds(advertiserId, group.Index))
        {
            return (null, $"adgroup_id: ad group '{groupId}' does not exist.");
        }

        var status = fields["operation_status"] is JsonValue st && st.TryGetValue<string>(out var word) ? word : "ENABLE";
        if (status is not ("ENABLE" or "DISABLE"))
        {
            return (null, $"operation_status: must be ENABLE or DISABLE, got '{status}'.");
        }

        if (fields["creatives"] is not JsonArray { Count: > 0 and <= 20 } creatives)
        {
            return (null, "creatives: required, 1 to 20 creatives.");
        }

        var byCreative = advertisers.AdGroupsOf(advertiserId).SelectMany(a => world.AdsOf(a.Index))
            .GroupBy(a => a.CreativeId, StringComparer.Ordinal).ToDictionary(x => x.Key, x => x.First(), StringComparer.Ordinal);
        var made = new List<(string Name, SandboxAd Source)>();
        for (var k = 0; k < creatives.Count; k++)
        {
            if (creatives[k] is not JsonObject creative)
            {
                return (null, $"creatives[{k}]: must be an object.");
            }

            string? Text(string name) => creative[name] is JsonValue v && v.TryGetValue<string>(out var t) ? t : null;
            string[] required = ["ad_name", "ad_format", "video_id", "identity_id", "identity_type", "ad_text"];
            if (required.FirstOrDefault(r => string.IsNullOrWhiteSpace(Text(r))) is { } missing)
            {
                return (null, $"creatives[{k}].{missing}: required.");
            }

            if (Text("ad_format") != "SINGLE_VIDEO")
            {
                return (null, $"creatives[{k}].ad_format: the sandbox's ads are SINGLE_VIDEO, got '{Text("ad_format")}'.");
            }

            if (Text("identity_id") != IdentityOf(advertiserId))
            {
                return (null, $"creatives[{k}].identity_id: identity '{Text("identity_id")}' does not belong to the advertiser.");
            }

            if (!byCreative.TryGetValue(Text("video_id")!, out var source))
            {
                return (null, $"creatives[{k}].video_id: video '{Text("video_id")}' does not exist.");
            }

            made.Add((Text("ad_name")!, source));
        }

        if (group.CopyOf is not null && world.AdsOf(group.Index).Count == 0)
        {
            world.RebaseCopy(group.Index, made[0].Source.AdSetIndex);
        }

        var wanted = status == "ENABLE" ? AdSetStatus.Active : AdSetStatus.Paused;
        var ids = made.Select(m => world.AddAd(group.Index, m.Name, m.Source.Type, wanted, m.Source.CreativeId).Id).ToArray();
        return (new JsonObject { ["ad_ids"] = new JsonArray([.. ids.Select(id => (JsonNode)id)]) }, null);
    }
}
