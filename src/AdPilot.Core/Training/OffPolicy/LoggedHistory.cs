namespace AdPilot.Core.Training.OffPolicy;

/// <summary>The logged decisions of a store over a range, as episodes, and the log entries left out before they were read into them.</summary>
/// <param name="Episodes">The episodes.</param>
/// <param name="SkippedEntries">Log entries left out, by reason (e.g. <c>human</c>, <c>kill_switch</c>, <c>unreadable</c>).</param>
public sealed record LoggedHistory(IReadOnlyList<LoggedEpisode> Episodes, IReadOnlyDictionary<string, int> SkippedEntries);
