using AdPilot.Core.Domain;
using AdPilot.Core.Guardrails;
using AdPilot.Core.Platforms;

namespace AdPilot.Core.Creatives;

/// <summary>
/// What rotating an ad set to one creative type means for its ads: every ad tagged with the type active, every ad tagged
/// with another type paused, untagged ads left as they are. Refused (with the reason) when no ad is tagged, when no ad
/// has the type, or when the ad set would be left with no active ad.
/// </summary>
/// <param name="AdSet">The ad set.</param>
/// <param name="Target">The creative type to run.</param>
/// <param name="Ads">Every ad of the ad set, before and after.</param>
/// <param name="Refusal">Why it cannot be done; null when it can.</param>
public sealed record CreativeRotationPlan(AdSetRef AdSet, CreativeType Target, IReadOnlyList<PlannedAd> Ads, GuardrailReason? Refusal)
{
    /// <summary>Gets the status changes the rotation makes, activations first.</summary>
    public IReadOnlyList<AdStatusChange> Changes =>
        [.. Ads.Where(a => a.Changes).OrderBy(a => a.After == AdSetStatus.Active ? 0 : 1).Select(a => new AdStatusChange(a.AdId, a.After))];

    /// <summary>Plans a rotation.</summary>
    /// <param name="adSet">The ad set.</param>
    /// <param name="target">The creative type to run.</param>
    /// <param name="ads">The platform's ads (those of other ad sets are ignored).</param>
    /// <param name="tags">The type of each tagged ad, by ad id; an ad absent or mapped to null is untagged.</param>
    /// <returns>The plan, or a refusal.</returns>
    public static CreativeRotationPlan For(
        AdSetRef adSet, CreativeType target, IEnumerable<AdSnapshot> ads, IReadOnlyDictionary<string, CreativeType?> tags)
    {
        ArgumentNullException.ThrowIfNull(ads);
        ArgumentNullException.ThrowIfNull(tags);
        var planned = new List<PlannedAd>();
        foreach (var ad in ads.Where(a => a.AdSet == adSet).OrderBy(a => a.AdId, StringComparer.Ordinal))
        {
            var type = tags.GetValueOrDefault(ad.AdId);
            var after = type is null ? ad.Status : type == target ? AdSetStatus.Active : AdSetStatus.Paused;
            planned.Add(new PlannedAd(ad.AdId, ad.Name, type, ad.Status, after));
        }

        var word = CreativeTypes.Word(target);
        GuardrailReason? refusal = null;
        if (planned.Count == 0)
        {
            refusal = new GuardrailReason(GuardrailReasonCodes.CreativeNoAds, $"the ad set has no ads; nothing of type {word} to run");
        }
        else if (planned.All(a => a.Type is null))
        {
            refusal = new GuardrailReason(
                GuardrailReasonCodes.CreativeUntagged,
                $"none of the ad set's {planned.Count} ads is tagged with a creative type (untagged ads are never rotated); tag them with adpilot creatives tag");
        }
        else if (!planned.Any(a => a.Type == target))
        {
            var tagged = string.Join(", ", planned.Where(a => a.Type is not null).GroupBy(a => a.Type!.Value).OrderBy(g => g.Key)
                .Select(g => $"{CreativeTypes.Word(g.Key)}×{g.Count()}"));
            refusal = new GuardrailReason(
                GuardrailReasonCodes.CreativeNoAds, $"no ad of the ad set is tagged {word} (tagged: {tagged}): rotating would leave it no {word} ad to run");
        }
        else if (!planned.Any(a => a.After == AdSetStatus.Active))
        {
            refusal = new GuardrailReason(GuardrailReasonCodes.CreativeNoActiveAd, "the rotation would leave the ad set with no active ad");
        }

        return new CreativeRotationPlan(adSet, target, planned, refusal);
    }

    /// <summary>
    /// The creative type an ad set runs now: the type of most of its active tagged ads (on a tie, the first in
    /// <see cref="CreativeType"/> order); null when none of its active ads is tagged.
    /// </summary>
    /// <param name="adSet">The ad set.</param>
    /// <param name="ads">The platform's ads.</param>
    /// <param name="tags">The type of each tagged ad, by ad id.</param>
    /// <returns>The type, or null.</returns>
    public static CreativeType? Running(AdSetRef adSet, IEnumerable<AdSnapshot> ads, IReadOnlyDictionary<string, CreativeType?> tags)
    {
        ArgumentNullException.ThrowIfNull(ads);
        ArgumentNullException.ThrowIfNull(tags);
        return ads.Where(a => a.AdSet == adSet && a.Status == AdSetStatus.Active)
            .Select(a => tags.GetValueOrDefault(a.AdId))
            .OfType<CreativeType>()
            .GroupBy(t => t)
            .OrderByDescending(g => g.Count())
            .ThenBy(g => g.Key)
            .Select(g => (CreativeType?)g.Key)
            .FirstOrDefault();
    }
}
