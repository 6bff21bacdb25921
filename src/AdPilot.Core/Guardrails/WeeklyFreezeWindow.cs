namespace AdPilot.Core.Guardrails;

/// <summary>A recurring freeze: every week, on one local weekday, from one local hour to another.</summary>
/// <param name="Day">The store's local weekday.</param>
/// <param name="StartHour">The first local hour frozen, 0–23.</param>
/// <param name="EndHour">The first local hour no longer frozen, 1–24 (24 freezes to midnight).</param>
public sealed record WeeklyFreezeWindow(DayOfWeek Day, int StartHour, int EndHour)
{
    /// <summary>Whether a local time is inside the window. Both runs of a repeated hour (DST fall-back) are inside when the hour is.</summary>
    /// <param name="local">The store's local time.</param>
    /// <returns>Whether it is.</returns>
    public bool Contains(DateTimeOffset local) => local.DayOfWeek == Day && local.Hour >= StartHour && local.Hour < EndHour;

    /// <inheritdoc />
    public override string ToString() => $"{Day} {StartHour:00}:00–{EndHour:00}:00";
}
