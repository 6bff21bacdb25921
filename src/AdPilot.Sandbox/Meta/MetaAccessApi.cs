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
    /// <summary>The sandbox app's id, as <c>debug_token</c> reports it.</summary>
    public const string AppId = "1234567890123456";

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

        if (!string.Equals(input, meta.Credentials.MetaAccessToken, StringComparison.Ordinal))
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
        var expires = access.MetaTokenExpiresAt;
        return new MetaApi.Outcome(
            new JsonObject
            {
                ["data"] = new JsonObject
                {
                    ["app_id"] = AppId,
                    ["type"] = "USER",
                    ["application"] = "AdPilot sandbox",
                    ["is_valid"] = expires is null || expires > now,
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
}
