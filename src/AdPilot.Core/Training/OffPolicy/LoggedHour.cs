namespace AdPilot.Core.Training.OffPolicy;

/// <summary>One logged hour of an episode: every ad set's step, in the episode's order.</summary>
/// <param name="HourUtc">The UTC hour decided.</param>
/// <param name="Steps">One step per ad set of the episode.</param>
public sealed record LoggedHour(DateTimeOffset HourUtc, IReadOnlyList<LoggedStep> Steps);
