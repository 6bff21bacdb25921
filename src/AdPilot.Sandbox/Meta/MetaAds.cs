using System.Text.Json.Nodes;
using AdPilot.Core.Domain;
using Microsoft.AspNetCore.Http;

namespace AdPilot.Sandbox.Meta;

/// <summary>
/// Meta ads: <c>GET /act_{id}/ads</c> and <c>GET /{adset_id}/ads</c> (paged like ad sets), <c>GET /{ad_id}</c>, and
/// <c>POST /{ad_id}</c> with <c>status=ACTIVE|PAUSED</c>. <c>status</c> is the ad's own switch; <c>effective_status</c> is
/// <c>ADSET_PAUSED</c> while its ad set is paused. A change applies from the next simulated hour.
/// </summary>
internal static class MetaAds
{
    private static readonly string[] Fields = ["id", "name", "status", "configured_status", "effective_status", "adset_id", "campaign_id", "account_id"];

    public static MetaApi.Outcome List(HttpContext context, MetaSandbox meta, string node, MetaParameters p)
    {
        IEnumerable<SandboxAdSet> adSets;
        if (meta.FindAccount(node) is { } account)
        {
            adSets = account.AdSets;
        }
        else if (meta.FindAdSet(node) is { } adSet)
        {
            adSets = [adSet];
        }
        else
        {
            return new(null, MetaError.UnknownObject("get", node));
        }

        var fields = MetaApi.Fields(p, Fields, ["id"], out var error);
        if (error is not null)
        {
            return new(null, error);
        }

        var rows = adSets.SelectMany(a => meta.World.AdsOf(a.Index)).Select(ad => (JsonNode)Json(meta, ad, fields!)).ToList();
        return MetaPaging.Page(context, rows, p);
    }

    public static MetaApi.Outcome Read(MetaSandbox meta, SandboxAd ad, MetaParameters p)
    {
        var fields = MetaApi.Fields(p, Fields, ["id"], out var error);
        return error is not null ? new(null, error) : new(Json(meta, ad, fields!), null);
    }

    public static MetaApi.Outcome Update(MetaSandbox meta, SandboxAd ad, MetaParameters p)
    {
        string[] known = ["access_token", "appsecret_proof", "status", "execution_options"];
        if (p.Names.FirstOrDefault(n => !known.Contains(n, StringComparer.Ordinal)) is { } unknown)
        {
            return new(null, MetaError.InvalidParameter($"Param {unknown} is not supported by the sandbox's ad update (supported: status, execution_options)"));
        }

        AdSetStatus? status = p["status"] switch
        {
            "ACTIVE" => AdSetStatus.Active,
            "PAUSED" => AdSetStatus.Paused,
            _ => null,
        };
        if (status is null)
        {
            return new(null, MetaError.InvalidParameter($"Param status must be one of {{ACTIVE, PAUSED}} in the sandbox, got '{p["status"]}'"));
        }

        var validateOnly = p["execution_options"] is { } options && options.Contains("validate_only", StringComparison.Ordinal);
        if (!validateOnly)
        {
            meta.World.ChangeAdStatus(ad.Index, status.Value);
        }

        return new(new JsonObject { ["success"] = true }, null);
    }

    private static JsonObject Json(MetaSandbox meta, SandboxAd ad, IReadOnlyList<string> fields)
    {
        var adSet = meta.World.AdSets[ad.AdSetIndex];
        var account = meta.AccountOf(adSet);
        var own = meta.World.AdStatusOf(ad.Index) == AdSetStatus.Active ? "ACTIVE" : "PAUSED";
        var effective = own == "ACTIVE" && meta.World.SettingsOf(adSet.Index).Status != AdSetStatus.Active ? "ADSET_PAUSED" : own;
        var row = new JsonObject();
        foreach (var field in fields)
        {
            row[field] = field switch
            {
                "id" => ad.Id,
                "name" => ad.Name,
                "status" or "configured_status" => own,
                "effective_status" => effective,
                "adset_id" => adSet.Ref.ExternalId,
                "campaign_id" => account.CampaignId,
                "account_id" => account.Digits,
                _ => null,
            };
        }

        return row;
    }
}
