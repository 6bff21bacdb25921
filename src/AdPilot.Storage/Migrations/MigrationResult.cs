namespace AdPilot.Storage.Migrations;

/// <summary>What a migration run did.</summary>
/// <param name="Applied">The scripts applied by this run, in order (empty when the schema was already current).</param>
/// <param name="Current">The last script of the history now in the database.</param>
public sealed record MigrationResult(IReadOnlyList<string> Applied, string? Current);
