using System.Globalization;
using AdPilot.Core.Domain;

namespace AdPilot.Core.Features;

/// <summary>
/// Normalises the platforms' words for targeting and creatives to the domain's: Meta's <c>age_min</c>/<c>age_max</c>
/// and TikTok's <c>AGE_18_24</c>-style groups to an <see cref="AgeGroup"/>, interest names to <see cref="Interests"/>,
/// and creative tags to a <see cref="CreativeType"/>.
/// </summary>
/// <remarks>
/// An age range maps to the band that holds its midpoint, with an open top (Meta's 65, TikTok's 100) read as 65:
/// Meta's broad default 18–65 is 35–44, 25–34 is 25–34, and TikTok's AGE_18_24 + AGE_25_34 (18–34) is 25–34.
/// Targeting the platforms cannot tell us (no ages, unparseable words) is read as broad (18–65), hence
/// <see cref="BroadAgeGroup"/>. Unknown interest names add nothing (broad), and creatives without a known tag are
/// <see cref="DefaultCreativeType"/>.
/// </remarks>
public static class PlatformTargeting
{
    /// <summary>The band of broad or unknown age targeting: the midpoint of 18–65.</summary>
    public const AgeGroup BroadAgeGroup = AgeGroup.Age35To44;

    /// <summary>The creative group of an ad whose tags name none: plain product shots, the most common creative.</summary>
    public const CreativeType DefaultCreativeType = CreativeType.Product;

    private const int MinAge = 18;
    private const int OpenTopAge = 65;

    private static readonly (string Word, Interests Interest)[] InterestWords =
    [
        ("fashion", Interests.Fashion), ("apparel", Interests.Fashion), ("clothing", Interests.Fashion), ("shoes", Interests.Fashion),
        ("beauty", Interests.Beauty), ("cosmetic", Interests.Beauty), ("skincare", Interests.Beauty), ("skin care", Interests.Beauty),
        ("makeup", Interests.Beauty), ("fitness", Interests.Fitness), ("sport", Interests.Fitness), ("gym", Interests.Fitness),
        ("yoga", Interests.Fitness), ("tech", Interests.Tech), ("technology", Interests.Tech), ("gadget", Interests.Tech), ("electronics", Interests.Tech),
        ("home", Interests.Home), ("garden", Interests.Home), ("gardening", Interests.Home), ("interior", Interests.Home), ("furniture", Interests.Home),
        ("outdoor", Interests.Outdoors), ("travel", Interests.Outdoors), ("hiking", Interests.Outdoors), ("camping", Interests.Outdoors),
        ("parent", Interests.Parenting), ("parenting", Interests.Parenting), ("baby", Interests.Parenting), ("family", Interests.Parenting), ("pet", Interests.Pets),
        ("dog", Interests.Pets), ("cat", Interests.Pets), ("food", Interests.Food), ("drink", Interests.Food), ("cooking", Interests.Food),
        ("gaming", Interests.Gaming), ("video game", Interests.Gaming), ("esport", Interests.Gaming),
    ];

    private static readonly (string Word, CreativeType Type)[] CreativeWords =
    [
        ("ugc", CreativeType.Ugc), ("user-generated", CreativeType.Ugc), ("user generated", CreativeType.Ugc), ("creator", CreativeType.Ugc),
        ("testimonial", CreativeType.Ugc), ("discount", CreativeType.Discount), ("sale", CreativeType.Discount), ("offer", CreativeType.Discount),
        ("promo", CreativeType.Discount), ("coupon", CreativeType.Discount), ("% off", CreativeType.Discount), ("lifestyle", CreativeType.Lifestyle),
        ("product", CreativeType.Product), ("packshot", CreativeType.Product), ("catalog", CreativeType.Product), ("catalogue", CreativeType.Product),
    ];

    /// <summary>
    /// The interest catalogue AdPilot writes when it sets a targeting: per interest, Meta's interest (<c>{id, name}</c> in
    /// <c>targeting.interests</c>) and TikTok's interest category id (<c>interest_category_ids</c>). The names read back to the
    /// same interest through <see cref="InterestsFromNames"/>. The ids are the sandbox's catalogue: a live account's ids come
    /// from Meta's targeting search and TikTok's <c>tool/interest_category/</c> (docs/sandbox.md, open items).
    /// </summary>
    public static IReadOnlyList<(Interests Interest, string MetaId, string Name, string TikTokCategoryId)> InterestCatalogue { get; } =
    [
        (Interests.Fashion, "6003348604581", "Fashion", "10"),
        (Interests.Beauty, "6002867432822", "Beauty", "11"),
        (Interests.Fitness, "6003384248805", "Fitness and wellness", "12"),
        (Interests.Tech, "6003985771306", "Technology", "13"),
        (Interests.Home, "6003132926214", "Home and garden", "14"),
        (Interests.Outdoors, "6003330347398", "Outdoor recreation", "15"),
        (Interests.Parenting, "6003232518610", "Parenting", "16"),
        (Interests.Pets, "6004037726009", "Pets", "17"),
        (Interests.Food, "6003240742699", "Food and drink", "18"),
        (Interests.Gaming, "6003940339466", "Video games", "19"),
    ];

    /// <summary>Meta's <c>age_min</c> and <c>age_max</c> of a band (55+ is 55 to 65, Meta's open top); <see cref="FromMeta"/> reads them back to the band.</summary>
    /// <param name="ageGroup">The band.</param>
    /// <returns>The range.</returns>
    /// <exception cref="ArgumentOutOfRangeException">The band is not defined.</exception>
    public static (int AgeMin, int AgeMax) ToMetaAgeRange(AgeGroup ageGroup) => ageGroup switch
    {
        AgeGroup.Age18To24 => (18, 24),
        AgeGroup.Age25To34 => (25, 34),
        AgeGroup.Age35To44 => (35, 44),
        AgeGroup.Age45To54 => (45, 54),
        AgeGroup.Age55Plus => (55, OpenTopAge),
        _ => throw new ArgumentOutOfRangeException(nameof(ageGroup), ageGroup, "unknown age group"),
    };

    /// <summary>TikTok's <c>age_groups</c> of a band (one group; 55+ is <c>AGE_55_100</c>); <see cref="FromTikTok"/> reads it back to the band.</summary>
    /// <param name="ageGroup">The band.</param>
    /// <returns>The groups.</returns>
    /// <exception cref="ArgumentOutOfRangeException">The band is not defined.</exception>
    public static IReadOnlyList<string> ToTikTokAgeGroups(AgeGroup ageGroup) => ageGroup switch
    {
        AgeGroup.Age18To24 => ["AGE_18_24"],
        AgeGroup.Age25To34 => ["AGE_25_34"],
        AgeGroup.Age35To44 => ["AGE_35_44"],
        AgeGroup.Age45To54 => ["AGE_45_54"],
        AgeGroup.Age55Plus => ["AGE_55_100"],
        _ => throw new ArgumentOutOfRangeException(nameof(ageGroup), ageGroup, "unknown age group"),
    };

    /// <summary>Meta's interests (<c>{id, name}</c>) of a set of interests, in catalogue order; empty for broad.</summary>
    /// <param name="interests">The interests.</param>
    /// <returns>The ids and names.</returns>
    public static IReadOnlyList<(string Id, string Name)> ToMetaInterests(Interests interests) =>
        [.. InterestCatalogue.Where(c => (interests & c.Interest) != 0).Select(c => (c.MetaId, c.Name))];

    /// <summary>TikTok's <c>interest_category_ids</c> of a set of interests, in catalogue order; empty for broad.</summary>
    /// <param name="interests">The interests.</param>
    /// <returns>The ids.</returns>
    public static IReadOnlyList<string> ToTikTokInterestCategoryIds(Interests interests) =>
        [.. InterestCatalogue.Where(c => (interests & c.Interest) != 0).Select(c => c.TikTokCategoryId)];

    /// <summary>The interests of Meta interest ids of the catalogue; null when an id is not in it.</summary>
    /// <param name="ids">The ids.</param>
    /// <returns>The interests, or null.</returns>
    public static Interests? InterestsFromMetaIds(IEnumerable<string> ids) => FromIds(ids, c => c.MetaId);

    /// <summary>The interests of TikTok interest category ids of the catalogue; null when an id is not in it.</summary>
    /// <param name="ids">The ids.</param>
    /// <returns>The interests, or null.</returns>
    public static Interests? InterestsFromTikTokCategoryIds(IEnumerable<string> ids) => FromIds(ids, c => c.TikTokCategoryId);

    private static Interests? FromIds(IEnumerable<string> ids, Func<(Interests Interest, string MetaId, string Name, string TikTokCategoryId), string> idOf)
    {
        ArgumentNullException.ThrowIfNull(ids);
        var result = Interests.None;
        foreach (var id in ids)
        {
            var found = InterestCatalogue.FirstOrDefault(c => string.Equals(idOf(c), id, StringComparison.Ordinal));
            if (found.Interest == Interests.None)
            {
                return null;
            }

            result |= found.Interest;
        }

        return result;
    }

    /// <summary>The band of an age range.</summary>
    /// <param name="minAge">The youngest age targeted, or null for the platform's minimum (18).</param>
    /// <param name="maxAge">The oldest, or null (or 65 and over) for no upper limit.</param>
    /// <returns>The band that holds the range's midpoint.</returns>
    public static AgeGroup FromAgeRange(int? minAge, int? maxAge)
    {
        var low = Math.Clamp(minAge ?? MinAge, MinAge, OpenTopAge);
        var high = Math.Clamp(maxAge ?? OpenTopAge, MinAge, OpenTopAge);
        if (high < low)
        {
            (low, high) = (high, low);
        }

        var midpoint = (low + high) / 2.0;
        return midpoint switch
        {
            < 25 => AgeGroup.Age18To24,
            < 35 => AgeGroup.Age25To34,
            < 45 => AgeGroup.Age35To44,
            < 55 => AgeGroup.Age45To54,
            _ => AgeGroup.Age55Plus,
        };
    }

    /// <summary>The band of a Meta ad set's <c>targeting.age_min</c> and <c>targeting.age_max</c>.</summary>
    /// <param name="ageMin">age_min, or null when absent.</param>
    /// <param name="ageMax">age_max, or null when absent (65 means 65 and over).</param>
    /// <returns>The band.</returns>
    public static AgeGroup FromMeta(int? ageMin, int? ageMax) => FromAgeRange(ageMin, ageMax);

    /// <summary>
    /// The band of a TikTok ad group's <c>age_groups</c> (e.g. <c>AGE_18_24</c>, <c>AGE_55_100</c>): the range from the
    /// youngest group's lower bound to the oldest's upper bound. Empty, <c>NONE</c> or unparseable groups are broad.
    /// </summary>
    /// <param name="ageGroups">The groups.</param>
    /// <returns>The band.</returns>
    public static AgeGroup FromTikTok(IEnumerable<string>? ageGroups)
    {
        int? low = null;
        int? high = null;
        foreach (var group in ageGroups ?? [])
        {
            var parts = (group ?? string.Empty).Trim().Split('_');
            if (parts.Length == 3 && string.Equals(parts[0], "AGE", StringComparison.OrdinalIgnoreCase)
                && int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var from)
                && int.TryParse(parts[2], NumberStyles.None, CultureInfo.InvariantCulture, out var to) && from <= to)
            {
                low = Math.Min(low ?? from, from);
                high = Math.Max(high ?? to, to);
            }
        }

        return low is null ? BroadAgeGroup : FromAgeRange(low, high);
    }

    /// <summary>
    /// The band of a label: our own (<c>25-34</c>, <c>55+</c>, as stored in <c>adsets.target_age_group</c>), a range
    /// such as <c>18-65</c> or <c>25_44</c>, or a TikTok group. Null, empty or unparseable labels are broad.
    /// </summary>
    /// <param name="label">The label.</param>
    /// <returns>The band.</returns>
    public static AgeGroup FromLabel(string? label)
    {
        var text = (label ?? string.Empty).Trim();
        if (text.StartsWith("AGE_", StringComparison.OrdinalIgnoreCase))
        {
            return FromTikTok([text]);
        }

        if (text.EndsWith('+') && int.TryParse(text.AsSpan(0, text.Length - 1), NumberStyles.None, CultureInfo.InvariantCulture, out var min))
        {
            return FromAgeRange(min, null);
        }

        var parts = text.Split('-', '_', '–');
        return parts.Length == 2
            && int.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out var low)
            && int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var high)
            ? FromAgeRange(low, high)
            : BroadAgeGroup;
    }

    /// <summary>
    /// The interests named by the platform's interest names (Meta's <c>flexible_spec</c> interests, TikTok's
    /// interest category names) or our own names, by case-insensitive keywords; names matching none add nothing.
    /// </summary>
    /// <param name="names">The names.</param>
    /// <returns>The union of the interests found; <see cref="Interests.None"/> (broad) when none is.</returns>
    public static Interests InterestsFromNames(IEnumerable<string>? names)
    {
        var result = Interests.None;
        foreach (var name in names ?? [])
        {
            if (string.IsNullOrWhiteSpace(name))
            {
                continue;
            }

            if (Enum.TryParse<Interests>(name.Trim(), ignoreCase: true, out var exact) && (exact & ~Domain.InterestsJsonConverter.Defined) == 0
                && !int.TryParse(name, NumberStyles.Integer, CultureInfo.InvariantCulture, out _))
            {
                result |= exact;
                continue;
            }

            foreach (var (word, interest) in InterestWords)
            {
                if (Mentions(name, word))
                {
                    result |= interest;
                }
            }
        }

        return result;
    }

    /// <summary>
    /// The creative group of an ad's tags or names (e.g. <c>UGC</c>, <c>summer-sale</c>, <c>Lifestyle</c>). The first
    /// tag naming a group decides; within a tag, UGC and discount words win over lifestyle and product words. No known
    /// word gives <see cref="DefaultCreativeType"/>.
    /// </summary>
    /// <param name="tags">The tags.</param>
    /// <returns>The creative group.</returns>
    public static CreativeType CreativeTypeFromTags(IEnumerable<string>? tags)
    {
        foreach (var tag in tags ?? [])
        {
            if (string.IsNullOrWhiteSpace(tag))
            {
                continue;
            }

            foreach (var (word, type) in CreativeWords)
            {
                if (Mentions(tag, word))
                {
                    return type;
                }
            }
        }

        return DefaultCreativeType;
    }

    /// <summary>
    /// Whether a text mentions a keyword: a phrase (with a space or symbol) anywhere, a single word only as a whole
    /// word or its plural, so "cat" finds "Cats" but not "Education" and "pet" not "Competition".
    /// </summary>
    private static bool Mentions(string text, string word)
    {
        if (!word.All(char.IsLetterOrDigit))
        {
            return text.Contains(word, StringComparison.OrdinalIgnoreCase);
        }

        var i = 0;
        while (i < text.Length)
        {
            while (i < text.Length && !char.IsLetterOrDigit(text[i]))
            {
                i++;
            }

            var begin = i;
            while (i < text.Length && char.IsLetterOrDigit(text[i]))
            {
                i++;
            }

            var token = text.AsSpan(begin, i - begin);
            if (token.Equals(word, StringComparison.OrdinalIgnoreCase)
                || (token.Length == word.Length + 1 && token.StartsWith(word, StringComparison.OrdinalIgnoreCase) && token.EndsWith("s", StringComparison.OrdinalIgnoreCase))
                || (token.Length == word.Length + 2 && token.StartsWith(word, StringComparison.OrdinalIgnoreCase) && token.EndsWith("es", StringComparison.OrdinalIgnoreCase)))
            {
                return true;
            }
        }

        return false;
    }
}
