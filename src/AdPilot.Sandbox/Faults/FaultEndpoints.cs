using AdPilot.Sandbox.Meta;
using AdPilot.Sandbox.TikTok;
using Microsoft.AspNetCore.Http;

namespace AdPilot.Sandbox.Faults;

/// <summary>The endpoint names fault rules use, and which request each names (the routes of MetaApi, TikTokApi and ShopifyApi).</summary>
internal static class FaultEndpoints
{
    public const string All = "*";

    /// <summary>Each platform's endpoint names.</summary>
    public static readonly IReadOnlyDictionary<FaultPlatform, string[]> Names = new Dictionary<FaultPlatform, string[]>
    {
        // GET {node}/insights; POST {node}/insights; GET {run} and GET {run}/insights; GET act_…; GET act_…/adsets and
        // GET {adset}; POST {adset}; POST / with batch=[…]
        // GET me/permissions and GET debug_token; GET act_…/campaigns
        // GET oauth/access_token; GET me/adaccounts; POST {adset}/copies; POST {ad}/copies
        [FaultPlatform.Meta] = ["insights", "report_run", "report", "account", "adsets", "adset_update", "batch", "access", "campaigns", "oauth", "adaccounts", "adset_copy", "ad_copy"],

        // GET report/integrated/get/; GET adgroup/get/; POST adgroup/budget/update/, adgroup/update/ and adgroup/status/update/
        // GET advertiser/info/ and GET campaign/get/
        // POST oauth2/access_token/; GET oauth2/advertiser/get/; POST adgroup/create/ and POST ad/create/
        [FaultPlatform.TikTok] = ["report", "adgroup_get", "adgroup_update", "advertiser_info", "campaign_get", "oauth", "advertiser_get", "adgroup_create", "ad_create"],

        // POST admin/api/{version}/graphql.json
        [FaultPlatform.Shopify] = ["graphql"],
    };

    /// <summary>Whether <paramref name="endpoint"/> names an endpoint of <paramref name="platform"/> (of some platform for <see cref="FaultPlatform.Any"/>).</summary>
    public static bool IsKnown(FaultPlatform platform, string endpoint) =>
        endpoint == All || (platform == FaultPlatform.Any
            ? Names.Values.Any(n => n.Contains(endpoint, StringComparer.Ordinal))
            : Names[platform].Contains(endpoint, StringComparer.Ordinal));

    /// <summary>Whether a rule for <paramref name="platform"/> and <paramref name="endpoint"/> applies to <paramref name="target"/>.</summary>
    public static bool Matches(FaultPlatform platform, string endpoint, FaultTarget target) =>
        (platform == FaultPlatform.Any || platform == target.Platform)
        && (endpoint == All || string.Equals(endpoint, target.Endpoint, StringComparison.Ordinal));

    /// <summary>The platform and endpoint a request goes to; null for the sandbox's own controls and unknown paths.</summary>
    public static FaultTarget? Classify(HttpRequest request, MetaSandbox meta)
    {
        var path = request.Path.Value ?? string.Empty;
        var get = HttpMethods.IsGet(request.Method);
        var post = HttpMethods.IsPost(request.Method);
        if (path.StartsWith("/meta/", StringComparison.Ordinal))
        {
            var parts = path["/meta/".Length..].Split('/', StringSplitOptions.RemoveEmptyEntries);
            var endpoint = parts switch
            {
                [_] when post => "batch",
                [_, "debug_token"] when get => "access",
                [_, "oauth", "access_token"] when get => "oauth",
                [_, "me", "adaccounts"] when get => "adaccounts",
                [_, "me", "permissions"] when get => "access",
                [_, _, "campaigns"] when get => "campaigns",
                [_, var node] when get => meta.FindReportRun(node) is not null ? "report"
                    : meta.FindAccount(node) is not null ? "account" : "adsets",
                [_, _] when post => "adset_update",
                [_, var node, "insights"] when get => meta.FindReportRun(node) is not null ? "report" : "insights",
                [_, _, "insights"] when post => "report_run",
                [_, var node, "copies"] when post => meta.FindAd(node) is not null ? "ad_copy" : "adset_copy",
                [_, _, "adsets"] when get => "adsets",
                _ => null,
            };
            return endpoint is null ? null : new FaultTarget(FaultPlatform.Meta, endpoint);
        }

        if (path.StartsWith(TikTokApi.Prefix, StringComparison.Ordinal))
        {
            var endpoint = path[TikTokApi.Prefix.Length..].TrimEnd('/') switch
            {
                "report/integrated/get" when get => "report",
                "adgroup/get" when get => "adgroup_get",
                "advertiser/info" when get => "advertiser_info",
                "campaign/get" when get => "campaign_get",
                "oauth2/access_token" when post => "oauth",
                "oauth2/advertiser/get" when get => "advertiser_get",
                "adgroup/budget/update" or "adgroup/update" or "adgroup/status/update" when post => "adgroup_update",
                "adgroup/create" when post => "adgroup_create",
                "ad/create" when post => "ad_create",
                _ => null,
            };
            return endpoint is null ? null : new FaultTarget(FaultPlatform.TikTok, endpoint);
        }

        if (path.StartsWith("/shopify/admin/api/", StringComparison.Ordinal) && path.EndsWith("/graphql.json", StringComparison.Ordinal) && post)
        {
            return new FaultTarget(FaultPlatform.Shopify, "graphql");
        }

        return null;
    }
}
