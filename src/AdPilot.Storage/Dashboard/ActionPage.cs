namespace AdPilot.Storage.Dashboard;

/// <summary>A page of the actions log, newest first.</summary>
/// <param name="Rows">The page's rows.</param>
/// <param name="Total">How many rows match the filter in all.</param>
public sealed record ActionPage(IReadOnlyList<ActionRow> Rows, long Total);
