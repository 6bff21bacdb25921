namespace AdPilot.Storage.Audit;

/// <summary>One recorded admin action.</summary>
/// <param name="Id">The entry's id (ascending in the order written).</param>
/// <param name="StoreId">The store, or <see langword="null"/> for an action across stores.</param>
/// <param name="At">When, from the injected clock.</param>
/// <param name="Actor">Who, as <c>source:name</c>.</param>
/// <param name="Source"><c>cli</c>, <c>dashboard</c> or <c>system</c>.</param>
/// <param name="Action">What.</param>
/// <param name="Target">On what.</param>
/// <param name="Details">The details, a JSON object.</param>
public sealed record AdminAuditEntry(long Id, long? StoreId, DateTimeOffset At, string Actor, string Source, string Action, string Target, string Details);
