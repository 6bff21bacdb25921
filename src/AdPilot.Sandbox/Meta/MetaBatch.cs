using System.Text.Json;
using System.Text.Json.Nodes;
using AdPilot.Sandbox.Faults;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.WebUtilities;

namespace AdPilot.Sandbox.Meta;

/// <summary>
/// The batch API (api-reference §1.5): <c>POST /{version}/</c> with <c>batch=[{"method","relative_url","body"}, …]</c>,
/// at most 50 requests, each counted against the usage quotas on its own. The sandbox runs <c>GET &lt;id&gt;</c> and
/// <c>POST &lt;ad set id&gt;</c> items; the answer is an array in request order of <c>{"code","headers","body"}</c> items
/// (no <c>headers</c> with <c>include_headers=false</c>), an item being <c>null</c> when it was not executed. Items may
/// name ad sets of any of the sandbox's accounts; each counts against its ad set's account. Meta's rule
/// that one batch may not hold several ad sets of one campaign is not enforced (each sandbox account has one campaign).
/// A <c>partial_batch</c> fault (<see cref="PartialBatchFault"/>) leaves some items unexecuted.
/// </summary>
internal static class MetaBatch
{
    public const int MaxRequests = 50;

    public static IResult Handle(HttpContext context, MetaSandbox meta, string version, IFormCollection? form)
    {
        var parameters = new MetaParameters(context.Request.Query, form);
        if (!MetaApi.IsVersion(version))
        {
            return MetaApi.Error(MetaError.OAuth(2500, $"Unknown path components: /{version}"));
        }

        if (meta.Authenticate(parameters["access_token"], parameters["appsecret_proof"]) is { } denied)
        {
            return MetaApi.Error(denied);
        }

        if (parameters["batch"] is not { } raw)
        {
            return MetaApi.Error(MetaError.InvalidParameter("The parameter batch is required"));
        }

        JsonArray? requests;
        try
        {
            requests = JsonNode.Parse(raw) as JsonArray;
        }
        catch (JsonException)
        {
            requests = null;
        }

        if (requests is null || requests.Count == 0)
        {
            return MetaApi.Error(MetaError.InvalidParameter("Param batch must be a non-empty JSON array of requests"));
        }

        if (requests.Count > MaxRequests)
        {
            return MetaApi.Error(MetaError.InvalidParameter($"Too many requests in batch message. Maximum batch size is {MaxRequests}"));
        }

        var fates = context.Features.Get<PartialBatchFault>()?.Decide(requests.Count) ?? new BatchItemFate[requests.Count];
        var includeHeaders = !string.Equals(parameters["include_headers"], "false", StringComparison.Ordinal);
        var answers = new JsonArray();
        for (var i = 0; i < requests.Count; i++)
        {
            answers.Add(fates[i] switch
            {
                BatchItemFate.NotExecuted => null,
                BatchItemFate.Failed => Item(500, Transient(), includeHeaders),
                _ => Execute(context, meta, requests[i], includeHeaders),
            });
        }

        return Results.Content(answers.ToJsonString(), "application/json");
    }

    private static JsonObject Execute(HttpContext context, MetaSandbox meta, JsonNode? request, bool includeHeaders)
    {
        var method = "GET";
        string? url = null;
        string? body = null;
        if (request is JsonObject o)
        {
            method = o["method"] is JsonValue m && m.TryGetValue<string>(out var ms) ? ms.ToUpperInvariant() : method;
            url = o["relative_url"] is JsonValue u && u.TryGetValue<string>(out var us) ? us : null;
            body = o["body"] is JsonValue b && b.TryGetValue<string>(out var bs) ? bs : null;
        }

        if (url is null)
        {
            MetaApi.AddUsageHeaders(context.Response.Headers, meta, meta.AccountFor(null), "ads_management");
            return Answer(new MetaApi.Outcome(null, MetaError.InvalidParameter("Each batch request needs a relative_url")), includeHeaders);
        }

        var split = url.TrimStart('/').Split('?', 2);
        var path = split[0];
        if (path.Split('/', 2) is [var first, var rest] && MetaApi.IsVersion(first))
        {
            path = rest;
        }

        var p = new MetaParameters(
            new QueryCollection(QueryHelpers.ParseQuery(split.Length > 1 ? split[1] : null)),
            body is null ? null : new FormCollection(QueryHelpers.ParseQuery(body)));
        var parts = path.Split('/', StringSplitOptions.RemoveEmptyEntries);
        MetaApi.AddUsageHeaders(context.Response.Headers, meta, meta.AccountFor(parts.FirstOrDefault()), "ads_management");
        var outcome = (method, parts) switch
        {
            ("GET", [var node]) => MetaApi.ReadNode(meta, node, p),
            ("POST", [var node]) => MetaApi.UpdateAdSet(meta, node, p),
            _ => new MetaApi.Outcome(null, MetaError.InvalidParameter($"the sandbox's batch runs GET <id> and POST <ad set id> only, got {method} {url}")),
        };
        return Answer(outcome, includeHeaders);
    }

    private static JsonObject Answer(MetaApi.Outcome outcome, bool includeHeaders) => outcome.Error is { } error
        ? Item(error.HttpStatus, error.ToJson(MetaApi.TraceId()), includeHeaders)
        : Item(200, outcome.Body!, includeHeaders);

    /// <summary>An item that did not run: Graph's transient "service temporarily unavailable" (code 2).</summary>
    private static JsonObject Transient() => new()
    {
        ["error"] = new JsonObject
        {
            ["message"] = "An unexpected error has occurred. Please retry your request later.",
            ["type"] = "OAuthException",
            ["code"] = 2,
            ["is_transient"] = true,
            ["fbtrace_id"] = MetaApi.TraceId(),
        },
    };

    private static JsonObject Item(int code, JsonNode body, bool includeHeaders)
    {
        var item = new JsonObject { ["code"] = code };
        if (includeHeaders)
        {
            item["headers"] = new JsonArray(new JsonObject { ["name"] = "Content-Type", ["value"] = "text/javascript; charset=UTF-8" });
        }

        item["body"] = body.ToJsonString();
        return item;
    }
}
