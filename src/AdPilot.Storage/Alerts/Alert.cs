namespace AdPilot.Storage.Alerts;

/// <summary>An alert.</summary>
/// <param name="Id">The row id.</param>
/// <param name="Kind">The kind, e.g. low_roas.</param>
/// <param name="Severity">How urgent.</param>
/// <param name="DedupeKey">At most one alert per key is open at a time.</param>
/// <param name="Message">What happened.</param>
/// <param name="RaisedAt">When it was raised.</param>
/// <param name="ResolvedAt">When it was resolved, if it was.</param>
public sealed record Alert(long Id, string Kind, AlertSeverity Severity, string DedupeKey, string Message, DateTimeOffset RaisedAt, DateTimeOffset? ResolvedAt);
