namespace AdPilot.Runtime.Retraining;

/// <summary>One retraining to run: the store and, optionally, another range or episode count than the settings'.</summary>
/// <param name="StoreId">The store.</param>
/// <param name="From">The first hour of data, inclusive (UTC, a whole hour); null for <see cref="RetrainingSettings.WindowDays"/> before <paramref name="To"/>.</param>
/// <param name="To">The end hour of data, exclusive (UTC, a whole hour); null for the start of the current hour.</param>
/// <param name="Episodes">Training episodes; null for <see cref="RetrainingSettings.Episodes"/>.</param>
public sealed record RetrainingRequest(long StoreId, DateTimeOffset? From = null, DateTimeOffset? To = null, int? Episodes = null);
