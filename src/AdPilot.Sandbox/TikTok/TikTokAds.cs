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
            ["campaign_id"] = "18" + advertiserId[2..],
            ["operation_status"] = on ? "ENABLE" : "DISABLE",
            ["secondary_status"] = !on ? "AD_STATUS_DISABLE" : groupOn ? "AD_STATUS_DELIVERY_OK" : "AD_STATUS_ADGROUP_DISABLE",
        };
    }
}
