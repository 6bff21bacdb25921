using System.Globalization;
using AdPilot.Core.Domain;

namespace AdPilot.Runtime.Evidence.Shadow;

/// <summary>One ad set-day of the shadow comparison.</summary>
/// <param name="AdSet">The ad set.</param>
/// <param name="Day">The store-local day.</param>
/// <param name="PolicyFrom">The budget the policy's first decision of the day saw.</param>
/// <param name="PolicyTo">The budget its last proposal of the day asked for.</param>
/// <param name="Decisions">The policy's decisions that day.</param>
/// <param name="HumanFrom">The budget before the day's first human change.</param>
/// <param name="HumanTo">The budget after its last.</param>
/// <param name="HumanChanges">The human changes that day.</param>
public sealed record ShadowDay(
    AdSetRef AdSet, DateOnly Day, decimal? PolicyFrom = null, decimal? PolicyTo = null, int Decisions = 0, decimal? HumanFrom = null, decimal? HumanTo = null, int HumanChanges = 0)
{
    /// <summary>Gets the direction the policy suggested.</summary>
    public int? PolicyDirection => ShadowComparison.Direction(PolicyFrom, PolicyTo);

    /// <summary>Gets the direction people moved, when they changed the ad set that day.</summary>
    public int? HumanDirection => HumanChanges == 0 ? null : ShadowComparison.Direction(HumanFrom, HumanTo);

    /// <summary>Gets whether both moved the same way; null unless both acted that day.</summary>
    public bool? Agree => PolicyDirection is { } p && HumanDirection is { } h ? p == h : null;

    /// <summary>Gets the day as text.</summary>
    public string DayText => Day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
}
