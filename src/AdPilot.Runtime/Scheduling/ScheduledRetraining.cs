namespace AdPilot.Runtime.Scheduling;

/// <summary>A store whose policy is retrained every night, and the time zone its night is in.</summary>
/// <param name="StoreId">The store.</param>
/// <param name="TimeZone">The store's IANA time zone.</param>
public sealed record ScheduledRetraining(long StoreId, string TimeZone);
