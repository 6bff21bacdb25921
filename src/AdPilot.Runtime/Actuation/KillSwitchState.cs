namespace AdPilot.Runtime.Actuation;

/// <summary>Whether a store's kill switch is engaged.</summary>
/// <param name="Engaged">Whether it is.</param>
/// <param name="EngagedAt">When it was engaged, while it is.</param>
/// <param name="Reason">Why, as given when it was engaged.</param>
public sealed record KillSwitchState(bool Engaged, DateTimeOffset? EngagedAt, string? Reason);
