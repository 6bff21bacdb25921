using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using AdPilot.Core.Domain;
using AdPilot.Core.Features;

namespace AdPilot.Sandbox.Meta;

/// <summary>
/// Meta's copies and targeting: <c>POST /{ad-set-id}/copies</c> (<c>deep_copy</c>, <c>status_option</c>,
/// <c>rename_options</c>, <c>campaign_id</c>) answering <c>{"copied_adset_id","ad_object_ids":[…]}</c>, with Meta's limit of
/// <see cref="MaxDeepCopyObjects"/> objects (the ad set and its ads) in one deep copy; <c>POST /{ad-id}/copies</c>
/// (<c>adset_id</c>, <c>status_option</c>, <c>rename_options</c>) answering <c>{"copied_ad_id"}</c>; and the
/// <c>targeting</c> spec an ad set reports and an update replaces (<c>age_min</c>, <c>age_max</c>, <c>geo_locations</c>,
/// <c>interests</c> or <c>flexible_spec[].interests</c> of <c>{id, name}</c>).
/// </summary>
internal static class MetaCopies
{
    /// <summary>The one location the sandbox's ad sets target; a targeting update must carry some <c>geo_locations</c>.</summary>
    private static readonly string[] Countries = ["US"];

    /// <summary>The most objects (the ad set and its ads) one synchronous deep copy takes; more is refused with 100/1885194.</summary>
    public const int MaxDeepCopyObjects = 3;

    public static MetaApi.Outcome Copy(MetaSandbox meta, string node, MetaParameters p)
    {
        if (meta.FindAdSet(node) is not { } adSet)
        {
            return new(null, MetaError.UnknownObject("post", node));
        }

        string[] known = ["access_token", "appsecret_proof", "deep_copy", "status_option", "rename_options", "campaign_id"];
        if (p.Names.FirstOrDefault(n => !known.Contains(n, StringComparer.Ordinal)) is { } unknown)
        {
            return new(null, MetaError.InvalidParameter(
                $"Param {unknown} is not supported by the sandbox's ad set copy (supported: deep_copy, status_option, rename_options, campaign_id)"));
        }

        var account = meta.AccountOf(adSet);
        if (p["campaign_id"] is { } campaign && campaign != account.CampaignId)
        {
            return new(null, MetaError.InvalidParameter($"Param campaign_id must be the ad set's own campaign {account.CampaignId} in the sandbox, got '{campaign}'"));
        }

        bool? deep = p["deep_copy"] switch
        {
            null or "false" => false,
            "true" => true,
            _ => null,
        };
        if (deep is null)
        {
            return new(null, MetaError.InvalidParameter($"Param deep_copy must be a boolean, got '{p["deep_copy"]}'"));
        }

        var current = meta.World.SettingsOf(adSet.Index);
        AdSetStatus? status = p["status_option"] switch
        {
            null or "PAUSED" => AdSetStatus.Paused,
            "ACTIVE" => AdSetStatus.Active,
            "INHERITED_FROM_SOURCE" => current.Status,
            _ => null,
        };
        if (status is null)
        {
            return new(null, MetaError.InvalidParameter(
                $"Param status_option must be one of {{ACTIVE, PAUSED, INHERITED_FROM_SOURCE}}, got '{p["status_option"]}'"));
        }

        if (Rename(meta.World.NameOf(adSet.Index), p["rename_options"], out var renameError) is not { } name)
        {
            return new(null, renameError);
        }

        if (deep.Value && 1 + meta.World.AdsOf(adSet.Index).Count > MaxDeepCopyObjects)
        {
            return new(null, MetaError.OAuth(
                100,
                string.Create(
                    CultureInfo.InvariantCulture,
                    $"(#100) The deep copy of ad set {adSet.Ref.ExternalId} would copy {1 + meta.World.AdsOf(adSet.Index).Count} objects; a synchronous copy takes at most {MaxDeepCopyObjects}. Copy the ad set without deep_copy and its ads one by one, or use an asynchronous batch."),
                subcode: 1885194));
        }

        var copy = meta.World.CloneAdSet(adSet.Index, name, meta.World.TargetingOf(adSet.Index), current.DailyBudget, status.Value, deep.Value);
        var ids = new JsonArray(new JsonObject { ["ad_object_type"] = "ad_set", ["source_id"] = adSet.Ref.ExternalId, ["copied_id"] = copy.Ref.ExternalId });
        foreach (var (source, copied) in meta.World.AdsOf(adSet.Index).Zip(meta.World.AdsOf(copy.Index)))
        {
            ids.Add(new JsonObject { ["ad_object_type"] = "ad", ["source_id"] = source.Id, ["copied_id"] = copied.Id });
        }

        return new(new JsonObject { ["copied_adset_id"] = copy.Ref.ExternalId, ["ad_object_ids"] = ids }, null);
    }

    /// <summary>
    /// <c>POST /{ad-id}/copies</c>: a copy of the ad (same creative, hence same creative type) in <c>adset_id</c> (an ad set of
    /// the same account; the ad's own when absent), with <c>status_option</c> (default <c>PAUSED</c>) and
    /// <c>rename_options</c> (default: <c> - Copy</c> appended), answering <c>{"copied_ad_id"}</c>.
    /// </summary>
    public static MetaApi.Outcome CopyAd(MetaSandbox meta, SandboxAd ad, MetaParameters p)
    {
        string[] known = ["access_token", "appsecret_proof", "adset_id", "status_option", "rename_options"];
        if (p.Names.FirstOrDefault(n => !known.Contains(n, StringComparer.Ordinal)) is { } unknown)
        {
            return new(null, MetaError.InvalidParameter(
                $"Param {unknown} is not supported by the sandbox's ad copy (supported: adset_id, status_option, rename_options)"));
        }

        var source = meta.World.AdSets[ad.AdSetIndex];
        var target = source;
        if (p["adset_id"] is { } adSetId)
        {
            if (meta.FindAdSet(adSetId) is not { } found || meta.AccountOf(found) != meta.AccountOf(source))
            {
                return new(null, MetaError.InvalidParameter($"Param adset_id must be an ad set of the ad's account, got '{adSetId}'"));
            }

            target = found;
        }

        AdSetStatus? status = p["status_option"] switch
        {
            null or "PAUSED" => AdSetStatus.Paused,
            "ACTIVE" => AdSetStatus.Active,
            "INHERITED_FROM_SOURCE" => meta.World.AdStatusOf(ad.Index),
            _ => null,
        };
        if (status is null)
        {
            return new(null, MetaError.InvalidParameter(
                $"Param status_option must be one of {{ACTIVE, PAUSED, INHERITED_FROM_SOURCE}}, got '{p["status_option"]}'"));
        }

        if (Rename(ad.Name, p["rename_options"], out var renameError) is not { } name)
        {
            return new(null, renameError);
        }

        var copy = meta.World.AddAd(target.Index, name, ad.Type, status.Value, ad.CreativeId);
        return new(new JsonObject { ["copied_ad_id"] = copy.Id }, null);
    }

    /// <summary>
    /// The copy's name under <c>rename_options</c>: Meta's default appends <c> - Copy</c>; <c>NO_RENAME</c> keeps the
    /// name; <c>ONLY_TOP_LEVEL_RENAME</c> and <c>DEEP_RENAME</c> put the prefix and suffix around it. The sandbox never
    /// renames the copied ads, so their creative tags stay as they were.
    /// </summary>
    private static string? Rename(string original, string? raw, out MetaError? error)
    {
        error = null;
        if (raw is null)
        {
            return original + " - Copy";
        }

        try
        {
            if (JsonNode.Parse(raw) is not JsonObject options)
            {
                throw new JsonException("not an object");
            }

            var strategy = Text(options, "rename_strategy") ?? "ONLY_TOP_LEVEL_RENAME";
            var prefix = Text(options, "rename_prefix");
            var suffix = Text(options, "rename_suffix");
            switch (strategy)
            {
                case "NO_RENAME":
                    return original;
                case "ONLY_TOP_LEVEL_RENAME" or "DEEP_RENAME" when prefix is null && suffix is null:
                    return original + " - Copy";
                case "ONLY_TOP_LEVEL_RENAME" or "DEEP_RENAME":
                    var name = (prefix ?? string.Empty) + original + (suffix ?? string.Empty);
                    if (name.Length > 400)
                    {
                        error = MetaError.InvalidParameter("Param rename_options makes a name longer than 400 characters");
                        return null;
                    }

                    return name;
                default:
                    error = MetaError.InvalidParameter(
                        $"Param rename_options.rename_strategy must be one of {{DEEP_RENAME, ONLY_TOP_LEVEL_RENAME, NO_RENAME}}, got '{strategy}'");
                    return null;
            }
        }
        catch (Exception ex) when (ex is JsonException or InvalidOperationException or FormatException)
        {
            error = MetaError.InvalidParameter("Param rename_options must be a JSON object such as {\"rename_strategy\":\"ONLY_TOP_LEVEL_RENAME\",\"rename_suffix\":\" B\"}");
            return null;
        }
    }

    /// <summary>The targeting spec an ad set reports.</summary>
    public static JsonObject TargetingJson(AdSetTargeting targeting)
    {
        var (ageMin, ageMax) = PlatformTargeting.ToMetaAgeRange(targeting.AgeGroup);
        var spec = new JsonObject
        {
            ["age_min"] = ageMin,
            ["age_max"] = ageMax,
            ["geo_locations"] = new JsonObject { ["countries"] = new JsonArray([.. Countries.Select(c => (JsonNode)c)]) },
        };
        var interests = PlatformTargeting.ToMetaInterests(targeting.Interests);
        if (interests.Count > 0)
        {
            spec["interests"] = new JsonArray([.. interests.Select(i => (JsonNode)new JsonObject { ["id"] = i.Id, ["name"] = i.Name })]);
        }

        return spec;
    }

    /// <summary>
    /// A targeting spec of an ad set update, which replaces the whole spec as Meta's does: <c>geo_locations</c> is required,
    /// <c>age_min</c> and <c>age_max</c> from 18 to 65 (absent: 18 and 65), and interests by id from the sandbox's catalogue,
    /// at the top level or in <c>flexible_spec</c>.
    /// </summary>
    public static AdSetTargeting? ParseTargeting(string raw, out MetaError? error)
    {
        error = null;
        JsonObject spec;
        try
        {
            spec = JsonNode.Parse(raw) as JsonObject ?? throw new JsonException("not an object");
        }
        catch (JsonException)
        {
            error = MetaError.InvalidParameter("Param targeting must be a JSON object");
            return null;
        }

        if (spec["geo_locations"] is not JsonObject geo || geo.Count == 0)
        {
            error = MetaError.InvalidParameter("Param targeting must include geo_locations: a targeting update replaces the whole spec");
            return null;
        }

        if (!Age(spec, "age_min", 18, out var ageMin, out error) || !Age(spec, "age_max", 65, out var ageMax, out error))
        {
            return null;
        }

        if (ageMin > ageMax)
        {
            error = MetaError.InvalidParameter(string.Create(CultureInfo.InvariantCulture, $"Param targeting: age_min {ageMin} is above age_max {ageMax}"));
            return null;
        }

        var lists = new List<JsonNode?>();
        if (spec["interests"] is { } top)
        {
            lists.Add(top);
        }

        if (spec["flexible_spec"] is JsonArray flexible)
        {
            lists.AddRange(flexible.Select(f => f?["interests"]).Where(i => i is not null));
        }

        var ids = new List<string>();
        foreach (var list in lists)
        {
            if (list is not JsonArray items || items.Any(i => i?["id"] is not JsonValue))
            {
                error = MetaError.InvalidParameter("Param targeting: interests must be a list of {\"id\",\"name\"}");
                return null;
            }

            ids.AddRange(items.Select(i => i!["id"]!.ToString()));
        }

        if (PlatformTargeting.InterestsFromMetaIds(ids) is not { } interests)
        {
            var bad = ids.First(id => PlatformTargeting.InterestsFromMetaIds([id]) is null);
            error = MetaError.InvalidParameter($"Param targeting: interest id {bad} is not a valid interest (the sandbox's catalogue is in docs/ad-set-copies.md)");
            return null;
        }

        return new AdSetTargeting(PlatformTargeting.FromMeta(ageMin, ageMax), interests);
    }

    private static bool Age(JsonObject spec, string name, int fallback, out int age, out MetaError? error)
    {
        error = null;
        age = fallback;
        if (spec[name] is null)
        {
            return true;
        }

        if (spec[name] is JsonValue v && ((v.TryGetValue<int>(out age)) || (v.TryGetValue<string>(out var s) && int.TryParse(s, NumberStyles.None, CultureInfo.InvariantCulture, out age)))
            && age is >= 18 and <= 65)
        {
            return true;
        }

        error = MetaError.InvalidParameter($"Param targeting: {name} must be a whole number from 18 to 65, got {spec[name]?.ToJsonString()}");
        return false;
    }

    private static string? Text(JsonObject o, string name) =>
        o[name] is JsonValue v && v.TryGetValue<string>(out var s) ? s : o[name] is null ? null : throw new InvalidOperationException(name);
}
