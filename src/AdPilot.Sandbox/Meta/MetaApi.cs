using System.Globalization;
using System.Security.Cryptography;
using System.Text.Json.Nodes;
using AdPilot.Core.Domain;
using AdPilot.Sandbox.Access;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Primitives;

namespace AdPilot.Sandbox.Meta;

/// <summary>
/// The Graph API endpoints AdPilot uses (api-reference §1), for each of the sandbox's ad accounts: account insights (synchronous, and asynchronous report runs), ad set reads and ad set updates (alone or in a batch, <see cref="MetaBatch"/>), under
/// <c>/meta/{version}/</c>, and ad set copies with their targeting and name (<see cref="MetaCopies"/>). Every call needs <c>access_token</c> and <c>appsecret_proof</c>; errors use Meta's envelope.
/// </summary>
internal static class MetaApi
{
    public static void Map(IEndpointRouteBuilder routes, MetaSandbox meta, SandboxAccessHolder access)
    {
        routes.MapGet("/meta/{version}/oauth/access_token", (HttpContext context, string version) =>
        {
            var parameters = new MetaParameters(context.Request.Query, null);
            if (!IsVersion(version))
            {
                return Error(MetaError.OAuth(2500, $"Unknown path components: /{version}"));
            }

            var outcome = MetaAccessApi.Exchange(meta, access.Current, parameters);
            return outcome.Error is { } error ? Error(error) : Results.Content(outcome.Body!.ToJsonString(), "application/json");
        });
        routes.MapGet("/meta/{version}/me/adaccounts", (HttpContext context, string version) =>
            Handle(context, meta, version, "me", "ads_management", p => MetaAccessApi.AdAccounts(context, meta, access.Current, p)));
        routes.MapGet("/meta/{version}/me/permissions", (HttpContext context, string version) =>
            Handle(context, meta, version, "me", "ads_management", _ => MetaAccessApi.Permissions(access.Current)));
        routes.MapGet("/meta/{version}/debug_token", (HttpContext context, string version) =>
            Handle(context, meta, version, "me", "ads_management", p => MetaAccessApi.DebugToken(meta, access.Current, p)));
        routes.MapGet("/meta/{version}/{node}/campaigns", (HttpContext context, string version, string node) =>
            Handle(context, meta, version, node, "ads_management", p => MetaAccessApi.Campaigns(context, meta, access.Current, node, p)));
        routes.MapGet("/meta/{version}/{node}/insights", (HttpContext context, string version, string node) =>
            Handle(context, meta, version, node, "ads_insights", p => MetaInsights.Query(context, meta, node, p)));
        routes.MapGet("/meta/{version}/{node}/adsets", (HttpContext context, string version, string node) =>
            Handle(context, meta, version, node, "ads_management", p => ListAdSets(context, meta, node, p)));
        routes.MapGet("/meta/{version}/{node}/ads", (HttpContext context, string version, string node) =>
            Handle(context, meta, version, node, "ads_management", p => MetaAds.List(context, meta, node, p)));
        routes.MapGet("/meta/{version}/{node}", (HttpContext context, string version, string node) =>
            Handle(context, meta, version, node, "ads_management", p => ReadNode(meta, node, p, access.Current)));
        routes.MapPost("/meta/{version}/{node}/insights", async (HttpContext context, string version, string node) =>
        {
            var form = context.Request.HasFormContentType
                ? await context.Request.ReadFormAsync(context.RequestAborted).ConfigureAwait(false)
                : null;
            return Handle(context, meta, version, node, "ads_insights", p => MetaInsights.CreateRun(meta, node, p), form);
        });
        routes.MapPost("/meta/{version}/{node}/copies", async (HttpContext context, string version, string node) =>
        {
            var form = context.Request.HasFormContentType
                ? await context.Request.ReadFormAsync(context.RequestAborted).ConfigureAwait(false)
                : null;
            return Handle(
                context, meta, version, node, "ads_management", p => meta.FindAd(node) is { } ad ? MetaCopies.CopyAd(meta, ad, p) : MetaCopies.Copy(meta, node, p), form);
        });
        routes.MapPost("/meta/{version}/{node}", async (HttpContext context, string version, string node) =>
        {
            var form = context.Request.HasFormContentType
                ? await context.Request.ReadFormAsync(context.RequestAborted).ConfigureAwait(false)
                : null;
            return Handle(
                context, meta, version, node, "ads_management", p => meta.FindAd(node) is { } ad ? MetaAds.Update(meta, ad, p) : UpdateAdSet(meta, node, p), form);
        });
        routes.MapPost("/meta/{version}", async (HttpContext context, string version) =>
        {
            var form = context.Request.HasFormContentType
                ? await context.Request.ReadFormAsync(context.RequestAborted).ConfigureAwait(false)
                : null;
            return MetaBatch.Handle(context, meta, version, form);
        });
    }

    private static IResult Handle(
        HttpContext context, MetaSandbox meta, string version, string node, string useCase, Func<MetaParameters, Outcome> handler, IFormCollection? form = null)
    {
        var parameters = new MetaParameters(context.Request.Query, form);
        if (!IsVersion(version))
        {
            return Error(MetaError.OAuth(2500, $"Unknown path components: /{version}"));
        }

        if (meta.Authenticate(parameters["access_token"], parameters["appsecret_proof"]) is { } denied)
        {
            return Error(denied);
        }

        AddUsageHeaders(context.Response.Headers, meta, meta.AccountFor(node), useCase);
        var outcome = handler(parameters);
        return outcome.Error is { } error
            ? Error(error)
            : Results.Content(outcome.Body!.ToJsonString(), "application/json");
    }

    /// <summary>
    /// The three usage headers of api-reference §1.6, as JSON strings; percentages of the sandbox's hourly quotas, the
    /// app's over every account's calls, the others over <paramref name="account"/>'s, named by its id.
    /// </summary>
    internal static void AddUsageHeaders(IHeaderDictionary headers, MetaSandbox meta, MetaAccount account, string useCase)
    {
        var (usage, app) = meta.CountCall(account, useCase);
        var highest = usage.Values.Max();
        headers["X-App-Usage"] = new JsonObject { ["call_count"] = app, ["total_time"] = app, ["total_cputime"] = app }.ToJsonString();
        headers["X-Ad-Account-Usage"] = new JsonObject
        {
            ["acc_id_util_pct"] = highest,
            ["reset_time_duration"] = 0,
            ["ads_api_access_tier"] = "development_access",
        }.ToJsonString();
        var entries = new JsonArray(usage.OrderBy(kv => kv.Key, StringComparer.Ordinal).Select(kv => (JsonNode)new JsonObject
        {
            ["type"] = kv.Key,
            ["call_count"] = kv.Value,
            ["total_cputime"] = kv.Value,
            ["total_time"] = kv.Value,
            ["estimated_time_to_regain_access"] = 0,
            ["ads_api_access_tier"] = "development_access",
        }).ToArray());
        headers["X-Business-Use-Case-Usage"] = new JsonObject { [account.Digits] = entries }.ToJsonString();
    }

    internal static IResult Error(MetaError error) =>
        Results.Content(error.ToJson(TraceId()).ToJsonString(), "application/json", statusCode: error.HttpStatus);

    /// <summary>A fresh <c>fbtrace_id</c>.</summary>
    internal static string TraceId() =>
        "A" + Convert.ToBase64String(RandomNumberGenerator.GetBytes(16)).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    internal static bool IsVersion(string version) =>
        version.Length >= 4 && version[0] == 'v' && version.EndsWith(".0", StringComparison.Ordinal)
        && version[1..^2].All(char.IsAsciiDigit) && version.Length <= 6;

    private static readonly string[] AdSetFields =
        ["id", "name", "account_id", "campaign_id", "status", "configured_status", "effective_status", "daily_budget", "lifetime_budget", "bid_strategy", "bid_amount", "bid_constraints", "targeting"];

    internal static Outcome ReadNode(MetaSandbox meta, string node, MetaParameters p, SandboxAccess? access = null)
    {
        access ??= SandboxAccess.Full;
        if (meta.FindReportRun(node) is { } run)
        {
            return new Outcome(run.Poll(), null);
        }

        if (meta.FindAccount(node) is { } found)
        {
            var account = new JsonObject
            {
                ["id"] = found.Id,
                ["account_id"] = found.Digits,
                ["name"] = found.Name,
                ["currency"] = access.AdAccountCurrency ?? meta.World.Currency,
                ["account_status"] = 1,
                ["timezone_name"] = meta.World.TimeZone.Id,
                ["timezone_offset_hours_utc"] = meta.World.TimeZone.GetUtcOffset(meta.World.Clock.GetUtcNow()).TotalHours,
            };
            return new Outcome(account, null);
        }

        if (meta.FindAd(node) is { } ad)
        {
            return MetaAds.Read(meta, ad, p);
        }

        if (meta.FindAdSet(node) is not { } adSet)
        {
            return new Outcome(null, MetaError.UnknownObject("get", node));
        }

        var fields = Fields(p, AdSetFields, ["id"], out var error);
        return error is not null ? new Outcome(null, error) : new Outcome(AdSetJson(meta, adSet, fields!), null);
    }

    private static Outcome ListAdSets(HttpContext context, MetaSandbox meta, string node, MetaParameters p)
    {
        if (meta.FindAccount(node) is not { } account)
        {
            return new Outcome(null, MetaError.UnknownObject("get", node));
        }

        var fields = Fields(p, AdSetFields, ["id"], out var error);
        if (error is not null)
        {
            return new Outcome(null, error);
        }

        var rows = account.AdSets.Select(a => (JsonNode)AdSetJson(meta, a, fields!)).ToList();
        return MetaPaging.Page(context, rows, p);
    }

    private static JsonObject AdSetJson(MetaSandbox meta, SandboxAdSet adSet, IReadOnlyList<string> fields)
    {
        var settings = meta.World.SettingsOf(adSet.Index);
        var status = settings.Status == AdSetStatus.Active ? "ACTIVE" : "PAUSED";
        var account = meta.AccountOf(adSet);
        var row = new JsonObject();
        foreach (var field in fields)
        {
            JsonNode? value = field switch
            {
                "id" => adSet.Ref.ExternalId,
                "name" => meta.World.NameOf(adSet.Index),
                "account_id" => account.Digits,
                "campaign_id" => account.CampaignId,
                "status" or "configured_status" or "effective_status" => status,
                "daily_budget" => MinorUnits(settings.DailyBudget).ToString(CultureInfo.InvariantCulture),
                "lifetime_budget" => "0",
                "bid_strategy" => settings.Bid.Kind switch
                {
                    BidStrategyKind.CostCap => "COST_CAP",
                    BidStrategyKind.BidCap => "LOWEST_COST_WITH_BID_CAP",
                    _ => "LOWEST_COST_WITHOUT_CAP",
                },
                "bid_amount" => settings.Bid.CapPerResult is { } cap ? MinorUnits(cap) : null,
                "targeting" => MetaCopies.TargetingJson(meta.World.TargetingOf(adSet.Index)),
                _ => null,
            };
            if (value is not null)
            {
                row[field] = value;
            }
        }

        return row;
    }

    internal static Outcome UpdateAdSet(MetaSandbox meta, string node, MetaParameters p)
    {
        if (meta.FindAdSet(node) is not { } adSet)
        {
            return new Outcome(null, MetaError.UnknownObject("post", node));
        }

        string[] known = ["access_token", "appsecret_proof", "daily_budget", "status", "bid_strategy", "bid_amount", "execution_options", "targeting", "name"];
        if (p.Names.FirstOrDefault(n => !known.Contains(n, StringComparer.Ordinal)) is { } unknown)
        {
            return new Outcome(null, MetaError.InvalidParameter(
                $"Param {unknown} is not supported by the sandbox's ad set update (supported: daily_budget, status, bid_strategy, bid_amount, targeting, name, execution_options)"));
        }

        AdSetTargeting? targeting = null;
        if (p["targeting"] is { } rawTargeting)
        {
            targeting = MetaCopies.ParseTargeting(rawTargeting, out var targetingError);
            if (targeting is null)
            {
                return new Outcome(null, targetingError);
            }
        }

        var name = p["name"];
        if (name is not null && (string.IsNullOrWhiteSpace(name) || name.Length > 400))
        {
            return new Outcome(null, MetaError.InvalidParameter("Param name must be 1 to 400 characters, not blank"));
        }

        var current = meta.World.SettingsOf(adSet.Index);
        var next = current;
        if (p["daily_budget"] is { } rawBudget)
        {
            if (!long.TryParse(rawBudget, NumberStyles.None, CultureInfo.InvariantCulture, out var minor) || minor <= 0)
            {
                return new Outcome(null, MetaError.InvalidParameter($"Param daily_budget must be a positive integer in the account currency's minor units, got '{rawBudget}'"));
            }

            var budget = minor / 100m;
            if (budget < adSet.MinDailyBudget || budget > adSet.MaxDailyBudget)
            {
                return new Outcome(null, MetaError.InvalidParameter(string.Create(
                    CultureInfo.InvariantCulture,
                    $"Param daily_budget must be between {MinorUnits(adSet.MinDailyBudget)} and {MinorUnits(adSet.MaxDailyBudget)} for this ad set, got {minor}")));
            }

            next = next with { DailyBudget = budget };
        }

        if (p["status"] is { } rawStatus)
        {
            AdSetStatus? status = rawStatus switch
            {
                "ACTIVE" => AdSetStatus.Active,
                "PAUSED" => AdSetStatus.Paused,
                _ => null,
            };
            if (status is null)
            {
                return new Outcome(null, MetaError.InvalidParameter($"Param status must be one of {{ACTIVE, PAUSED}} in the sandbox, got '{rawStatus}'"));
            }

            next = next with { Status = status.Value };
        }

        if (ParseBid(p, current.Bid, out var bidError) is { } bid)
        {
            next = next with { Bid = bid };
        }
        else if (bidError is not null)
        {
            return new Outcome(null, bidError);
        }

        var validateOnly = p["execution_options"] is { } options && options.Contains("validate_only", StringComparison.Ordinal);
        if (next.DailyBudget != current.DailyBudget && meta.TryCountBudgetChange(adSet, commit: !validateOnly) is { } limited)
        {
            return new Outcome(null, limited);
        }

        if (!validateOnly)
        {
            meta.World.Change(adSet.Index, _ => next);
            if (targeting is { } changed)
            {
                meta.World.Retarget(adSet.Index, changed);
            }

            if (name is not null)
            {
                meta.World.Rename(adSet.Index, name);
            }
        }

        return new Outcome(new JsonObject { ["success"] = true }, null);
    }

    private static BidStrategy? ParseBid(MetaParameters p, BidStrategy current, out MetaError? error)
    {
        error = null;
        var rawStrategy = p["bid_strategy"];
        var rawAmount = p["bid_amount"];
        if (rawStrategy is null && rawAmount is null)
        {
            return null;
        }

        var kind = rawStrategy switch
        {
            null => current.Kind,
            "LOWEST_COST_WITHOUT_CAP" => BidStrategyKind.LowestCost,
            "COST_CAP" => BidStrategyKind.CostCap,
            "LOWEST_COST_WITH_BID_CAP" => BidStrategyKind.BidCap,
            _ => (BidStrategyKind?)null,
        };
        if (kind is null)
        {
            error = MetaError.InvalidParameter(
                $"Param bid_strategy must be one of {{LOWEST_COST_WITHOUT_CAP, COST_CAP, LOWEST_COST_WITH_BID_CAP}} in the sandbox, got '{rawStrategy}'");
            return null;
        }

        if (kind == BidStrategyKind.LowestCost)
        {
            return BidStrategy.LowestCost;
        }

        decimal cap;
        if (rawAmount is null)
        {
            if (current.CapPerResult is not { } existing)
            {
                error = MetaError.InvalidParameter("Param bid_amount is required for COST_CAP and LOWEST_COST_WITH_BID_CAP");
                return null;
            }

            cap = existing;
        }
        else if (long.TryParse(rawAmount, NumberStyles.None, CultureInfo.InvariantCulture, out var minor) && minor > 0)
        {
            cap = minor / 100m;
        }
        else
        {
            error = MetaError.InvalidParameter($"Param bid_amount must be a positive integer in minor units, got '{rawAmount}'");
            return null;
        }

        return new BidStrategy(kind.Value, cap);
    }

    /// <summary>The requested <c>fields</c>, each checked against <paramref name="allowed"/>; <paramref name="defaults"/> when absent.</summary>
    internal static IReadOnlyList<string>? Fields(MetaParameters p, IReadOnlyList<string> allowed, IReadOnlyList<string> defaults, out MetaError? error)
    {
        error = null;
        if (p["fields"] is not { } raw)
        {
            return defaults;
        }

        var fields = raw.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Distinct(StringComparer.Ordinal).ToArray();
        if (fields.FirstOrDefault(f => !allowed.Contains(f, StringComparer.Ordinal)) is { } bad)
        {
            error = MetaError.InvalidParameter($"{bad} is not valid for fields param. please check the reference for all valid values");
            return null;
        }

        return fields;
    }

    /// <summary>An amount in the account currency's minor units (cents).</summary>
    internal static long MinorUnits(decimal amount) => (long)Math.Round(amount * 100, MidpointRounding.ToEven);

    internal sealed record Outcome(JsonNode? Body, MetaError? Error);
}

/// <summary>A Graph call's parameters, from the query string and, for POST, the form body (the form wins).</summary>
internal sealed class MetaParameters(IQueryCollection query, IFormCollection? form)
{
    public string? this[string name] =>
        form is not null && form.TryGetValue(name, out var f) ? Single(f) : query.TryGetValue(name, out var q) ? Single(q) : null;

    public IEnumerable<string> Names => query.Keys.Concat(form?.Keys ?? []).Distinct(StringComparer.Ordinal);

    private static string? Single(StringValues values) => values.Count == 0 ? null : values[^1];
}
