namespace AdPilot.Storage.Dashboard;

/// <summary>A policy, version and checkpoint as recorded on actions_log, with how many decisions it made and when.</summary>
/// <param name="PolicyName">The policy (or <c>human</c>, <c>kill_switch</c>).</param>
/// <param name="PolicyVersion">Its version.</param>
/// <param name="CheckpointVersion">The checkpoint it ran, if any.</param>
/// <param name="Decisions">How many decisions were logged.</param>
/// <param name="FirstDecidedAt">The first.</param>
/// <param name="LastDecidedAt">The last.</param>
public sealed record PolicyVersionUse(string PolicyName, string PolicyVersion, string? CheckpointVersion, long Decisions, DateTimeOffset FirstDecidedAt, DateTimeOffset LastDecidedAt);
