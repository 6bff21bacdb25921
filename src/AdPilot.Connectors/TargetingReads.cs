using System.Globalization;
using System.Text.Json;
using AdPilot.Core.Domain;
using AdPilot.Core.Features;
using AdPilot.Core.Platforms;

namespace AdPilot.Connectors;

/// <summary>
/// Reads an ad set's targeting from the platforms' answers to the domain's age band and interests. Targeting is read
/// leniently: a missing or odd shape gives <see langword="null"/> (the stored targeting is kept), never a failed pull.
/// </summary>
internal static class TargetingReads
{
    /// <summary>
    /// The targeting of a Meta ad set's <c>targeting</c> spec: the band of <c>age_min</c>/<c>age_max</c> (absent: Meta's
    /// 18 and 65, broad) and the interests of <c>interests</c> and every <c>flexible_spec[].interests</c> (each
    /// <c>{id, name}</c>: by its id when it is in <see cref="PlatformTargeting.InterestCatalogue"/>, else by its name).
    /// </summary>
    /// <param name="targeting">The spec, or null when the ad set carries none.</param>
    /// <returns>The targeting; null when there is no spec or it is not the shape Meta documents.</returns>
    public static AdSetTargetingRead? FromMeta(JsonElement? targeting)
    {
        if (targeting is not { ValueKind: JsonValueKind.Object } spec
            || !TryAge(spec, "age_min", out var ageMin) || !TryAge(spec, "age_max", out var ageMax))
        {
            return null;
        }

        var interests = Interests.None;
        if (!TryMetaInterests(spec, ref interests))
        {
            return null;
        }

        if (spec.TryGetProperty("flexible_spec", out var flexible) && flexible.ValueKind != JsonValueKind.Null)
        {
            if (flexible.ValueKind != JsonValueKind.Array)
            {
                return null;
            }

            foreach (var entry in flexible.EnumerateArray())
            {
                if (entry.ValueKind != JsonValueKind.Object || !TryMetaInterests(entry, ref interests))
                {
                    return null;
                }
            }
        }

        return new AdSetTargetingRead(PlatformTargeting.FromMeta(ageMin, ageMax), interests);
    }

    /// <summary>
    /// The targeting of a TikTok ad group: the band of <c>age_groups</c> (absent, empty or <c>NONE</c>: broad) and the
    /// interests of <c>interest_category_ids</c> (ids outside the catalogue add nothing).
    /// </summary>
    /// <param name="adGroup">The ad group's object from <c>adgroup/get/</c>.</param>
    /// <returns>The targeting; null when the ad group reports neither field or one of them is not a list of strings.</returns>
    public static AdSetTargetingRead? FromTikTok(JsonElement adGroup)
    {
        if (adGroup.ValueKind != JsonValueKind.Object)
        {
            return null;
        }

        var hasAges = adGroup.TryGetProperty("age_groups", out var ages) && ages.ValueKind != JsonValueKind.Null;
        var hasInterests = adGroup.TryGetProperty("interest_category_ids", out var ids) && ids.ValueKind != JsonValueKind.Null;
        if (!hasAges && !hasInterests)
        {
            return null;
        }

        var ageWords = hasAges ? Strings(ages) : [];
        var categoryIds = hasInterests ? Strings(ids) : [];
        if (ageWords is null || categoryIds is null)
        {
            return null;
        }

        var interests = Interests.None;
        foreach (var id in categoryIds)
        {
            interests |= PlatformTargeting.InterestsFromTikTokCategoryIds([id]) ?? Interests.None;
        }

        return new AdSetTargetingRead(PlatformTargeting.FromTikTok(ageWords), interests);
    }

    /// <summary>An optional age: absent or null is fine (null), a whole number or a numeric string is read, anything else is odd.</summary>
    private static bool TryAge(JsonElement spec, string name, out int? age)
    {
        age = null;
        if (!spec.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null)
        {
            return true;
        }

        if (value.ValueKind == JsonValueKind.Number && value.TryGetInt32(out var number))
        {
            age = number;
            return true;
        }

        if (value.ValueKind == JsonValueKind.String
            && int.TryParse(value.GetString(), NumberStyles.None, CultureInfo.InvariantCulture, out var parsed))
        {
            age = parsed;
            return true;
        }

        return false;
    }

    /// <summary>Adds a spec's (or a flexible_spec entry's) <c>interests</c>; false when they are not a list of <c>{id, name}</c>.</summary>
    private static bool TryMetaInterests(JsonElement spec, ref Interests interests)
    {
        if (!spec.TryGetProperty("interests", out var list) || list.ValueKind == JsonValueKind.Null)
        {
            return true;
        }

        if (list.ValueKind != JsonValueKind.Array)
        {
            return false;
        }

        foreach (var item in list.EnumerateArray())
        {
            if (item.ValueKind != JsonValueKind.Object)
            {
                return false;
            }

            var id = item.TryGetProperty("id", out var rawId) ? rawId.ValueKind switch
            {
                JsonValueKind.String => rawId.GetString(),
                JsonValueKind.Number => rawId.GetRawText(),
                _ => null,
            } : null;
            var name = item.TryGetProperty("name", out var rawName) && rawName.ValueKind == JsonValueKind.String ? rawName.GetString() : null;
            if (id is null && name is null)
            {
                return false;
            }

            interests |= (id is null ? null : PlatformTargeting.InterestsFromMetaIds([id])) ?? PlatformTargeting.InterestsFromNames(name is null ? [] : [name]);
        }

        return true;
    }

    /// <summary>The strings of a JSON list; null when it is not a list of strings.</summary>
    private static List<string>? Strings(JsonElement list)
    {
        if (list.ValueKind != JsonValueKind.Array)
        {
            return null;
        }

        var result = new List<string>();
        foreach (var item in list.EnumerateArray())
        {
            if (item.ValueKind != JsonValueKind.String)
            {
                return null;
            }

            result.Add(item.GetString()!);
        }

        return result;
    }
}
