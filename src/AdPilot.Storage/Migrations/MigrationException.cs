namespace AdPilot.Storage.Migrations;

/// <summary>A migration script failed; the database was left as it was before the run.</summary>
public sealed class MigrationException : Exception
{
    /// <summary>Initializes a new instance of the <see cref="MigrationException"/> class.</summary>
    /// <param name="message">Which script failed, and why.</param>
    /// <param name="inner">The database's error.</param>
    public MigrationException(string message, Exception? inner)
        : base(message, inner)
    {
    }
}
