using System.Globalization;
using System.Security.Cryptography;
using System.Text.Json.Nodes;
using AdPilot.Core.Simulation;
using AdPilot.Sandbox.Meta;
using AdPilot.Sandbox.Shopify;
using AdPilot.Sandbox.TikTok;
using Microsoft.AspNetCore.Http;

namespace AdPilot.Sandbox.Faults;

/// <summary>
/// Applies the <see cref="FaultInjector"/>'s decision to each platform request, in the platform's own shapes
/// (api-reference §1.6–1.7, §2.4, §3.3). The sandbox's controls under <c>/_sandbox/</c> never meet faults. Delays run on
/// the server's <see cref="TimeProvider"/> and end when the client hangs up or the server stops.
/// </summary>
internal sealed class FaultMiddleware(
    FaultInjector injector, MetaSandbox meta, TikTokAdvertisers advertisers, ShopifyCostBucket bucket, TimeProvider time, CancellationToken stopping)
{
    public const int DefaultHoldMs = 300_000;
    public const int DefaultMetaThrottleSeconds = 60;

    public async Task InvokeAsync(HttpContext context, RequestDelegate next)
    {
        if (FaultEndpoints.Classify(context.Request, meta) is not { } target)
        {
            await next(context).ConfigureAwait(false);
            return;
        }

        var decision = injector.Decide(target);
        using var cancel = CancellationTokenSource.CreateLinkedTokenSource(context.RequestAborted, stopping);
        if (decision.Latency > TimeSpan.Zero && !await WaitAsync(decision.Latency, cancel.Token).ConfigureAwait(false))
        {
            context.Abort();
            return;
        }

        if (decision.Rule is not { } rule)
        {
            await next(context).ConfigureAwait(false);
            return;
        }

        var response = context.Response;
        switch (rule.Fault)
        {
            case FaultKind.Http429:
                response.Headers.RetryAfter = (rule.RetryAfterSeconds ?? 1).ToString(CultureInfo.InvariantCulture);
                await WriteAsync(context, StatusCodes.Status429TooManyRequests, "text/plain", "Too Many Requests").ConfigureAwait(false);
                break;
            case FaultKind.Throttle:
                await ThrottleAsync(context, target, rule).ConfigureAwait(false);
                break;
            case FaultKind.UsageNearLimit:
                var rng = new Rng(decision.Seed);
                var percent = 90 + rng.NextInt(10);
                response.OnStarting(() =>
                {
                    NearLimit(response.Headers, percent);
                    return Task.CompletedTask;
                });
                await next(context).ConfigureAwait(false);
                break;
            case FaultKind.ServerError:
                await ServerErrorAsync(context, target, rule).ConfigureAwait(false);
                break;
            case FaultKind.Timeout:
                await HoldAsync(context, TimeSpan.FromMilliseconds(rule.HoldMs ?? DefaultHoldMs), cancel.Token).ConfigureAwait(false);
                break;
            case FaultKind.MalformedBody:
                await MalformedAsync(context, next).ConfigureAwait(false);
                break;
            case FaultKind.PartialBatch:
                context.Features.Set(new PartialBatchFault(rule.ItemProbability ?? 0.5, decision.Seed));
                await next(context).ConfigureAwait(false);
                break;
            case FaultKind.ExpiredToken:
                await ExpiredAsync(context, target).ConfigureAwait(false);
                break;
            default:
                await next(context).ConfigureAwait(false);
                break;
        }
    }

    private async Task<bool> WaitAsync(TimeSpan delay, CancellationToken cancellationToken)
    {
        try
        {
            await Task.Delay(delay, time, cancellationToken).ConfigureAwait(false);
            return true;
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            return false;
        }
    }

    /// <summary>Holds the request without answering, then drops the connection: the client sees its own timeout, or a reset.</summary>
    private async Task HoldAsync(HttpContext context, TimeSpan hold, CancellationToken cancellationToken)
    {
        try
        {
            // Reading the body to its end lets Kestrel notice when the client hangs up.
            await context.Request.Body.CopyToAsync(Stream.Null, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is OperationCanceledException or IOException or BadHttpRequestException)
        {
            context.Abort();
            return;
        }

        await WaitAsync(hold, cancellationToken).ConfigureAwait(false);
        context.Abort();
    }

    private async Task ThrottleAsync(HttpContext context, FaultTarget target, FaultRule rule)
    {
        switch (target.Platform)
        {
            case FaultPlatform.Meta:
                var insights = target.Endpoint is "insights" or "report" or "report_run";
                var code = rule.Code ?? (insights ? 80000 : 80004);
                var seconds = rule.RetryAfterSeconds ?? DefaultMetaThrottleSeconds;
                var minutes = (seconds + 59) / 60;
                AtLimit(context.Response.Headers, MetaAccountOf(context.Request), insights ? "ads_insights" : "ads_management", minutes);
                await WriteAsync(context, StatusCodes.Status400BadRequest, "application/json", MetaJson(MetaThrottle(code))).ConfigureAwait(false);
                break;
            case FaultPlatform.TikTok:
                var advertiser = rule.Code == 40133 ? await AdvertiserOfAsync(context).ConfigureAwait(false) : null;
                var message = rule.Code switch
                {
                    40133 => $"Advertiser ({advertiser})'s QPS (11) reaches QPS limit (10) for current path. Please try again later.",
                    40016 => "Requests made too frequently. Please try again later.",
                    _ => "Due to too many requests, requests from App [7300000000000000001] are temporarily restricted.",
                };
                await WriteAsync(context, StatusCodes.Status200OK, "application/json", TikTokJson(rule.Code ?? 40100, message)).ConfigureAwait(false);
                break;
            default:
                var wait = rule.RetryAfterSeconds ?? 1;
                var need = Math.Min(bucket.MaximumAvailable, Math.Ceiling(wait * bucket.RestoreRate));
                var requested = (int)Math.Max(need, Math.Min(752, bucket.MaximumAvailable));
                var available = (int)Math.Max(0, requested - need);
                var body = new JsonObject
                {
                    ["errors"] = new JsonArray(new JsonObject
                    {
                        ["message"] = "Throttled",
                        ["extensions"] = new JsonObject { ["code"] = "THROTTLED", ["documentation"] = ShopifyApi.Documentation },
                    }),
                    ["extensions"] = new JsonObject
                    {
                        ["cost"] = new JsonObject
                        {
                            ["requestedQueryCost"] = requested,
                            ["actualQueryCost"] = null,
                            ["throttleStatus"] = new JsonObject
                            {
                                ["maximumAvailable"] = bucket.MaximumAvailable,
                                ["currentlyAvailable"] = available,
                                ["restoreRate"] = bucket.RestoreRate,
                            },
                        },
                    },
                };
                var status = rule.Status ?? StatusCodes.Status200OK;
                if (status == StatusCodes.Status429TooManyRequests)
                {
                    context.Response.Headers.RetryAfter = wait.ToString(CultureInfo.InvariantCulture);
                }

                await WriteAsync(context, status, "application/json", body.ToJsonString()).ConfigureAwait(false);
                break;
        }
    }

    private static async Task ServerErrorAsync(HttpContext context, FaultTarget target, FaultRule rule)
    {
        if (rule.Code is { } code)
        {
            var message = code switch
            {
                50002 => "TikTok-side processing error. Please try again later.",
                60001 => "The system is under maintenance. Please try again later.",
                _ => "System error. Please try again later.",
            };
            await WriteAsync(context, StatusCodes.Status200OK, "application/json", TikTokJson(code, message)).ConfigureAwait(false);
            return;
        }

        var status = rule.Status ?? StatusCodes.Status500InternalServerError;
        if (rule.RetryAfterSeconds is { } retryAfter)
        {
            context.Response.Headers.RetryAfter = retryAfter.ToString(CultureInfo.InvariantCulture);
        }

        var reason = Microsoft.AspNetCore.WebUtilities.ReasonPhrases.GetReasonPhrase(status);
        switch (target.Platform)
        {
            case FaultPlatform.Meta:
                var error = new JsonObject
                {
                    ["error"] = new JsonObject
                    {
                        ["message"] = "An unexpected error has occurred. Please retry your request later.",
                        ["type"] = "OAuthException",
                        ["code"] = 2,
                        ["is_transient"] = true,
                        ["fbtrace_id"] = TraceId(),
                    },
                };
                await WriteAsync(context, status, "application/json", error.ToJsonString()).ConfigureAwait(false);
                break;
            case FaultPlatform.Shopify:
                await WriteAsync(context, status, "application/json", new JsonObject { ["errors"] = reason }.ToJsonString()).ConfigureAwait(false);
                break;
            default:
                // An HTTP 5xx from TikTok means the request never reached the API (§2.4): a gateway's plain answer.
                await WriteAsync(context, status, "text/plain", reason).ConfigureAwait(false);
                break;
        }
    }

    private async Task ExpiredAsync(HttpContext context, FaultTarget target)
    {
        switch (target.Platform)
        {
            case FaultPlatform.Meta:
                var now = time.GetUtcNow();
                var message = string.Create(
                    CultureInfo.InvariantCulture,
                    $"Error validating access token: Session has expired on {now.AddHours(-1):dddd, dd-MMM-yy HH:mm:ss} UTC. The current time is {now:dddd, dd-MMM-yy HH:mm:ss} UTC.");
                await WriteAsync(context, StatusCodes.Status400BadRequest, "application/json", MetaJson(MetaError.OAuth(190, message, subcode: 463))).ConfigureAwait(false);
                break;
            case FaultPlatform.TikTok:
                await WriteAsync(context, StatusCodes.Status200OK, "application/json", TikTokJson(40102, "Access token is expired.")).ConfigureAwait(false);
                break;
            default:
                var body = new JsonObject { ["errors"] = "[API] Invalid API key or access token (unrecognized login or wrong password)" };
                await WriteAsync(context, StatusCodes.Status401Unauthorized, "application/json", body.ToJsonString()).ConfigureAwait(false);
                break;
        }
    }

    /// <summary>Runs the request into a buffer, then answers HTTP 200 with the first half of what it wrote: never valid JSON.</summary>
    private static async Task MalformedAsync(HttpContext context, RequestDelegate next)
    {
        var response = context.Response;
        var original = response.Body;
        using var buffer = new MemoryStream();
        response.Body = buffer;
        try
        {
            await next(context).ConfigureAwait(false);
            await response.BodyWriter.FlushAsync(context.RequestAborted).ConfigureAwait(false);
        }
        finally
        {
            response.Body = original;
        }

        var written = buffer.ToArray();
        var truncated = written.Length >= 2 ? written.AsMemory(0, written.Length / 2) : "{\"data\":["u8.ToArray();
        response.StatusCode = StatusCodes.Status200OK;
        response.ContentType = "application/json";
        response.ContentLength = truncated.Length;
        await response.Body.WriteAsync(truncated, context.RequestAborted).ConfigureAwait(false);
    }

    private static MetaError MetaThrottle(int code) => code switch
    {
        4 => MetaError.OAuth(4, "(#4) Application request limit reached", subcode: 1504022),
        17 => MetaError.OAuth(17, "(#17) User request limit reached", subcode: 2446079),
        613 => MetaError.OAuth(613, "(#613) Calls to this api have exceeded the rate limit.", subcode: 1487742),
        80000 => MetaError.OAuth(
            80000,
            "(#80000) There have been too many calls from this ad-account. Wait a bit and try again. For more info, please refer to https://developers.facebook.com/docs/graph-api/overview/rate-limiting#ads-insights.",
            subcode: 2446079),
        _ => MetaError.OAuth(
            code,
            $"(#{code}) There have been too many calls to this ad-account. Wait a bit and try again. For more info, please refer to https://developers.facebook.com/docs/graph-api/overview/rate-limiting#ads-management.",
            subcode: 2446079),
    };

    /// <summary>Meta's three usage headers at 100%, with the wait in <c>estimated_time_to_regain_access</c> (minutes).</summary>
    private static void AtLimit(IHeaderDictionary headers, MetaAccount account, string useCase, int minutes)
    {
        headers["X-App-Usage"] = new JsonObject { ["call_count"] = 100, ["total_time"] = 100, ["total_cputime"] = 100 }.ToJsonString();
        headers["X-Ad-Account-Usage"] = new JsonObject
        {
            ["acc_id_util_pct"] = 100,
            ["reset_time_duration"] = minutes * 60,
            ["ads_api_access_tier"] = "development_access",
        }.ToJsonString();
        headers["X-Business-Use-Case-Usage"] = new JsonObject
        {
            [account.Digits] = new JsonArray(new JsonObject
            {
                ["type"] = useCase,
                ["call_count"] = 100,
                ["total_cputime"] = 100,
                ["total_time"] = 100,
                ["estimated_time_to_regain_access"] = minutes,
                ["ads_api_access_tier"] = "development_access",
            }),
        }.ToJsonString();
    }

    /// <summary>The Meta account a request counts against: the one its path names (itself, a report run's, an ad set's), else the first.</summary>
    private MetaAccount MetaAccountOf(HttpRequest request)
    {
        var parts = (request.Path.Value ?? string.Empty)["/meta/".Length..].Split('/', StringSplitOptions.RemoveEmptyEntries);
        return meta.AccountFor(parts.Length > 1 ? parts[1] : null);
    }

    /// <summary>
    /// The advertiser a TikTok request names: <c>advertiser_id</c> of the query, else of the JSON body (read and rewound for
    /// the endpoint); the first advertiser when it names none of the sandbox's.
    /// </summary>
    private async Task<string> AdvertiserOfAsync(HttpContext context)
    {
        var request = context.Request;
        if (request.Query.TryGetValue("advertiser_id", out var fromQuery) && advertisers.Contains(fromQuery.ToString()))
        {
            return fromQuery.ToString();
        }

        if (HttpMethods.IsPost(request.Method))
        {
            request.EnableBuffering();
            try
            {
                var body = await JsonNode.ParseAsync(request.Body, cancellationToken: context.RequestAborted).ConfigureAwait(false);
                if (body is JsonObject o && o["advertiser_id"] is JsonValue v && v.TryGetValue<string>(out var id) && advertisers.Contains(id))
                {
                    return id;
                }
            }
            catch (System.Text.Json.JsonException)
            {
                // not JSON: the endpoint is not reached anyway
            }
            finally
            {
                request.Body.Position = 0;
            }
        }

        return advertisers.Ids[0];
    }

    /// <summary>Puts the usage headers the real answer carries (authenticated calls only) at <paramref name="percent"/>.</summary>
    private static void NearLimit(IHeaderDictionary headers, int percent)
    {
        if (!headers.ContainsKey("X-App-Usage"))
        {
            return;
        }

        headers["X-App-Usage"] = new JsonObject { ["call_count"] = percent, ["total_time"] = percent, ["total_cputime"] = percent }.ToJsonString();
        if (JsonNode.Parse(headers["X-Ad-Account-Usage"].ToString()) is JsonObject account)
        {
            account["acc_id_util_pct"] = percent;
            headers["X-Ad-Account-Usage"] = account.ToJsonString();
        }

        if (JsonNode.Parse(headers["X-Business-Use-Case-Usage"].ToString()) is JsonObject business)
        {
            foreach (var entry in business.Select(kv => kv.Value).OfType<JsonArray>().SelectMany(a => a).OfType<JsonObject>())
            {
                entry["call_count"] = percent;
                entry["total_cputime"] = percent;
                entry["total_time"] = percent;
            }

            headers["X-Business-Use-Case-Usage"] = business.ToJsonString();
        }
    }

    private static string MetaJson(MetaError error) => error.ToJson(TraceId()).ToJsonString();

    private static string TraceId() =>
        "A" + Convert.ToBase64String(RandomNumberGenerator.GetBytes(16)).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    private static string TikTokJson(int code, string message) => new JsonObject
    {
        ["code"] = code,
        ["message"] = message,
        ["request_id"] = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16)),
        ["data"] = new JsonObject(),
    }.ToJsonString();

    private static async Task WriteAsync(HttpContext context, int status, string contentType, string body)
    {
        context.Response.StatusCode = status;
        context.Response.ContentType = contentType;
        await context.Response.WriteAsync(body, context.RequestAborted).ConfigureAwait(false);
    }
}
