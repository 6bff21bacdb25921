using System.Text.Json;
using AdPilot.Core.Creatives;
using AdPilot.Core.Domain;
using AdPilot.Core.Platforms;

namespace AdPilot.Runtime.Creatives;

/// <summary>
/// A rotation as the action log stores it (proposed and final action). The first fields are the ad set's settings when it
/// was decided, named as <c>ActionSettings</c> names them, so every reader of the log that compares budgets and statuses
/// reads a rotation as "no change to the ad set"; <see cref="Ads"/> holds every ad's status before and after.
/// </summary>
/// <param name="DailyBudget">The ad set's daily budget when decided.</param>
/// <param name="Currency">Its currency.</param>
/// <param name="Status">The ad set's status when decided.</param>
/// <param name="BidStrategy">Its bid strategy kind.</param>
/// <param name="BidCap">Its bid cap, if any.</param>
/// <param name="CreativeType">The creative type the rotation runs.</param>
/// <param name="FromCreativeType">The type the ad set ran before, if known.</param>
/// <param name="ProposedBy">The policy (name and version) that proposed it, or why it was made (a restore).</param>
/// <param name="Ads">The ad set's ads, before and after; empty when the ads could not be planned.</param>
internal sealed record CreativeRotationRecord(
    decimal? DailyBudget,
    string Currency,
    AdSetStatus Status,
    BidStrategyKind? BidStrategy,
    decimal? BidCap,
    CreativeType? CreativeType,
    CreativeType? FromCreativeType,
    string ProposedBy,
    IReadOnlyList<RotatedAd> Ads)
{
    public static CreativeRotationRecord From(
        Core.Guardrails.AdSetSettings settings, CreativeType target, CreativeType? from, string proposedBy, IReadOnlyList<PlannedAd> ads) => new(
        settings.DailyBudget.Amount,
        settings.DailyBudget.Currency,
        settings.Status,
        settings.BidStrategy.Kind,
        settings.BidStrategy.CapPerResult,
        target,
        from,
        proposedBy,
        [.. ads.Select(a => new RotatedAd(a.AdId, a.Name, a.Type, a.Before, a.After))]);

    /// <summary>The status changes that take the ads to <see cref="Ads"/>' after statuses from <paramref name="now"/>, activations first.</summary>
    public IReadOnlyList<AdStatusChange> ChangesFrom(IReadOnlyDictionary<string, AdSnapshot> now) =>
        [.. Ads.Select(a => (a.AdId, Want: a.After))
            .Where(a => now.TryGetValue(a.AdId, out var shown) && shown.Status != a.Want)
            .OrderBy(a => a.Want == AdSetStatus.Active ? 0 : 1)
            .Select(a => new AdStatusChange(a.AdId, a.Want))];

    public static CreativeRotationRecord? Parse(string? json) =>
        string.IsNullOrWhiteSpace(json) ? null : JsonSerializer.Deserialize(json, CreativesJsonContext.Default.CreativeRotationRecord);

    public string ToJson() => JsonSerializer.Serialize(this, CreativesJsonContext.Default.CreativeRotationRecord);
}
