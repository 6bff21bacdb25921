namespace AdPilot.Storage.Connections;

/// <summary>The SQL dialect a database speaks; each has its own migration history.</summary>
public enum DatabaseDialect
{
    /// <summary>Embedded SQLite, the default: one file, no server.</summary>
    Sqlite = 0,

    /// <summary>PostgreSQL, for production and for several workers sharing one database.</summary>
    PostgreSql = 1,
}
