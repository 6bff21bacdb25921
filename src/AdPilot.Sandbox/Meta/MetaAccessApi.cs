using System.Globalization;
using System.Text.Json.Nodes;
using AdPilot.Sandbox.Access;
using Microsoft.AspNetCore.Http;

namespace AdPilot.Sandbox.Meta;

/// <summary>
/// The Graph endpoints onboarding reads: the token's permissions (<c>GET /me/permissions</c>), its validity, expiry and
/// scopes (<c>GET /debug_token?input_token=…</c>) and an account's campaigns with their budgets
/// (<c>GET /act_…/campaigns</c>), answered from the run's <see cref="SandboxAccess"/>.
/// </summary>
internal static class MetaAccessApi
{
    private static readonly string[] CampaignFields = ["id", "name", "status", "effective_status", "daily_budget", "lifetime_budget", "account_id"];

    /// <summary><c>{"data":[{"permission","status"}]}</c>: every permission AdPilot asks for, granted or declined, and <c>public_profile</c>.</summary>
    public static MetaApi.Outcome Permissions(SandboxAccess access)
    {
        var rows = new JsonArray(new JsonObject { ["permission"] = "public_profile", ["status"] = "granted" });
        foreach (var permission in SandboxAccess.AllMetaPermissions.Union(access.MetaPermissions, StringComparer.Ordinal))
        {
            rows.Add(new JsonObject
            {
                ["permission"] = permission,
                ["status"] = access.MetaPermissions.Contains(permission, StringComparer.Ordinal) ? "granted" : "declined",
            });
        }

        return new MetaApi.Outcome(new JsonObject { ["data"] = rows }, null);
    }

    /// <summary>
    /// <c>{"data":{"app_id","type","application","is_valid","expires_at","data_access_expires_at","scopes","user_id"}}</c> for
    /// the sandbox's own token; <c>expires_at</c> is 0 for a token that never expires.
    /// </summary>
    public static MetaApi.Outcome DebugToken(MetaSandbox meta, SandboxAccess access, MetaParameters p)
    {
        if (p["input_token"] is not { } input || input.Length == 0)
        {
            return new MetaApi.Outcome(null, MetaError.InvalidParameter("The parameter input_token is required"));
        }

        var (known, issuedExpiry) = meta.TokenState(input);
        if (!known)
        {
            return new MetaApi.Outcome(
                new JsonObject
                {
                    ["data"] = new JsonObject
                    {
                        ["is_valid"] = false,
                        ["error"] = new JsonObject { ["code"] = 190, ["message"] = "Invalid OAuth access token - Cannot parse access token" },
                        ["scopes"] = new JsonArray(),
                    },
                },
                null);
        }

        var now = meta.World.Clock.GetUtcNow();
        var expires = issuedExpiry ?? access.MetaTokenExpiresAt;
        return new MetaApi.Outcome(
            new JsonObject
            {
                ["data"] = new JsonObject
                {
                    ["app_id"] = meta.Credentials.MetaAppId,
                    ["type"] = "USER",
                    ["application"] = "AdPilot sandbox",
                    ["is_valid"] = expires is null || expires > (issuedExpiry is null ? now : meta.ServerTime.GetUtcNow()),
                    ["expires_at"] = expires?.ToUnixTimeSeconds() ?? 0,
                    ["data_access_expires_at"] = now.AddDays(90).ToUnixTimeSeconds(),
                    ["scopes"] = new JsonArray(["public_profile", .. access.MetaPermissions.Select(s => (JsonNode)s)]),
                    ["user_id"] = "10" + meta.AccountDigits,
                },
            },
            null);
    }

    /// <summary>The account's one campaign; with campaign budget optimisation it carries the sum of its ad sets' daily budgets.</summary>
    public static MetaApi.Outcome Campaigns(HttpContext context, MetaSandbox meta, SandboxAccess access, string node, MetaParameters p)
    {
        if (meta.FindAccount(node) is not { } account)
        {
            return new MetaApi.Outcome(null, MetaError.UnknownObject("get", node));
        }

        var fields = MetaApi.Fields(p, CampaignFields, ["id"], out var error);
        if (error is not null)
        {
            return new MetaApi.Outcome(null, error);
        }

        var budget = account.AdSets.Sum(a => meta.World.SettingsOf(a.Index).DailyBudget);
        var row = new JsonObject();
        foreach (var field in fields!)
        {
            JsonNode? value = field switch
            {
                "id" => account.CampaignId,
                "name" => account.Name + " campaign",
                "status" or "effective_status" => "ACTIVE",
                "account_id" => account.Digits,
                "daily_budget" when access.CampaignBudgetOptimisation => MetaApi.MinorUnits(budget).ToString(CultureInfo.InvariantCulture),
                _ => null,
            };
            if (value is not null)
            {
                row[field] = value;
            }
        }

        return MetaPaging.Page(context, [row], p);
    }

    /// <summary>
    /// <c>GET oauth/access_token?grant_type=fb_exchange_token&amp;client_id&amp;client_secret&amp;fb_exchange_token</c>: the short-lived
    /// user token, or a long-lived token that has not expired, for a new long-lived token
    /// <c>{"access_token","token_type":"bearer","expires_in"}</c>. Refusals as Meta words them: an unknown app id (101), a
    /// wrong app secret (1, "Error validating client secret."), an expired token (190/463), an unknown token (190).
    /// </summary>
    public static MetaApi.Outcome Exchange(MetaSandbox meta, SandboxAccess access, MetaParameters p)
    {
        if (p["grant_type"] != "fb_exchange_token")
        {
            return new MetaApi.Outcome(null, MetaError.InvalidParameter("Unsupported grant_type: only fb_exchange_token is served"));
        }

        if (!Same(p["client_id"], meta.Credentials.MetaAppId))
        {
            return new MetaApi.Outcome(null, MetaError.OAuth(101, "Error validating application. Invalid application ID."));
        }

        if (!Same(p["client_secret"], meta.Credentials.MetaAppSecret))
        {
            return new MetaApi.Outcome(null, MetaError.OAuth(1, "Error validating client secret."));
        }

        var given = p["fb_exchange_token"];
        if (string.IsNullOrEmpty(given))
        {
            return new MetaApi.Outcome(null, MetaError.InvalidParameter("The parameter fb_exchange_token is required"));
        }

        var now = meta.World.Clock.GetUtcNow();
        if (Same(given, meta.Credentials.MetaShortLivedToken))
        {
            if (access.MetaShortLivedTokenExpired)
            {
                return new MetaApi.Outcome(null, Expired(now.AddHours(-1)));
            }
        }
        else
        {
            var (known, expires) = meta.TokenState(given);
            if (!known)
            {
                return new MetaApi.Outcome(null, MetaError.OAuth(190, "Invalid OAuth access token - Cannot parse access token"));
            }

            var effective = expires ?? access.MetaTokenExpiresAt;
            if (effective is { } at && at <= (expires is null ? now : meta.ServerTime.GetUtcNow()))
            {
                return new MetaApi.Outcome(null, Expired(at));
            }
        }

        var (token, expiresAt) = meta.IssueLongLivedToken();
        return new MetaApi.Outcome(
            new JsonObject
            {
                ["access_token"] = token,
                ["token_type"] = "bearer",
                ["expires_in"] = (long)(expiresAt - meta.ServerTime.GetUtcNow()).TotalSeconds,
            },
            null);
    }

    /// <summary>
    /// <c>GET me/adaccounts</c>: every ad account the token can see, with <c>id, account_id, name, currency, timezone_name,
    /// account_status</c> (the fields asked for, <c>id</c> always).
    /// </summary>
    public static MetaApi.Outcome AdAccounts(HttpContext context, MetaSandbox meta, SandboxAccess access, MetaParameters p)
    {
        var rows = meta.AccountIds
            .Select(id => MetaApi.ReadNode(meta, id, p, access).Body!)
            .Select(full =>
            {
                var requested = (p["fields"] ?? "id").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
                var row = new JsonObject();
                foreach (var field in requested.Prepend("id").Distinct(StringComparer.Ordinal))
                {
                    if (full[field] is { } value)
                    {
                        row[field] = value.DeepClone();
                    }
                }

                return (JsonNode)row;
            })
            .ToList();
        return MetaPaging.Page(context, rows, p);
    }

    private static MetaError Expired(DateTimeOffset at) => MetaError.OAuth(
        190,
        string.Create(CultureInfo.InvariantCulture, $"Error validating access token: Session has expired on {at:dddd, dd-MMM-yy HH:mm:ss} UTC."),
        subcode: 463);

    private static bool Same(string? given, string expected) =>
        given is not null && System.Security.Cryptography.CryptographicOperations.FixedTimeEquals(
            System.Text.Encoding.UTF8.GetBytes(given), System.Text.Encoding.UTF8.GetBytes(expected));
}
