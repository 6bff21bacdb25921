using Microsoft.Data.Sqlite;
using Npgsql;

namespace AdPilot.Storage.Connections;

/// <summary>
/// Which database AdPilot uses, parsed from <c>--db</c> or <c>DB_URL</c>: <c>sqlite:PATH</c>, a <c>postgres://</c> URL as in
/// the guide's <c>.env</c>, or an Npgsql connection string. <see cref="ToString"/> shows it without its password.
/// </summary>
public sealed class DatabaseTarget
{
    /// <summary>The embedded default, relative to the working directory.</summary>
    public const string DefaultValue = "sqlite:./adpilot-data/adpilot.db";

    /// <summary>The forms a value may take, for error messages.</summary>
    public const string AcceptedForms =
        "accepted forms: sqlite:PATH (default sqlite:./adpilot-data/adpilot.db), postgres://USER:PASSWORD@HOST:PORT/DATABASE[?sslmode=MODE], "
        + "or an Npgsql connection string such as Host=HOST;Port=5432;Username=USER;Password=...;Database=DATABASE";

    private DatabaseTarget(DatabaseDialect dialect, string connectionString, string display, string? sqlitePath)
    {
        Dialect = dialect;
        ConnectionString = connectionString;
        Display = display;
        SqlitePath = sqlitePath;
    }

    /// <summary>Gets the dialect.</summary>
    public DatabaseDialect Dialect { get; }

    /// <summary>Gets the ADO.NET connection string. It may hold a password: never log or print it.</summary>
    public string ConnectionString { get; }

    /// <summary>Gets a description safe to print: the SQLite path, or the PostgreSQL URL without its password.</summary>
    public string Display { get; }

    /// <summary>Gets the full path of the SQLite file, or null on PostgreSQL.</summary>
    public string? SqlitePath { get; }

    /// <summary>Parses a <c>--db</c> / <c>DB_URL</c> value; null or blank means <see cref="DefaultValue"/>.</summary>
    /// <param name="value">The value.</param>
    /// <returns>The target.</returns>
    /// <exception cref="DatabaseTargetException">The value is not one of the <see cref="AcceptedForms"/>.</exception>
    public static DatabaseTarget Parse(string? value)
    {
        var text = string.IsNullOrWhiteSpace(value) ? DefaultValue : value.Trim();
        if (text.StartsWith("sqlite:", StringComparison.OrdinalIgnoreCase))
        {
            return Sqlite(text["sqlite:".Length..]);
        }

        if (text.StartsWith("postgres://", StringComparison.OrdinalIgnoreCase) || text.StartsWith("postgresql://", StringComparison.OrdinalIgnoreCase))
        {
            return PostgresUrl(text);
        }

        if (text.Contains('=', StringComparison.Ordinal))
        {
            return NpgsqlString(text);
        }

        throw Refuse("the database is neither sqlite:PATH, a postgres:// URL nor a connection string");
    }

    /// <summary>A SQLite target for a file path.</summary>
    /// <param name="path">The file; relative paths are taken from the working directory.</param>
    /// <returns>The target.</returns>
    public static DatabaseTarget Sqlite(string path)
    {
        if (string.IsNullOrWhiteSpace(path) || path.Contains(":memory:", StringComparison.OrdinalIgnoreCase))
        {
            throw Refuse("sqlite: needs the path of a database file");
        }

        string full;
        try
        {
            full = Path.GetFullPath(path);
        }
        catch (Exception ex) when (ex is ArgumentException or NotSupportedException or PathTooLongException)
        {
            throw Refuse("the sqlite: path is not a valid file path");
        }

        var builder = new SqliteConnectionStringBuilder { DataSource = full, Mode = SqliteOpenMode.ReadWriteCreate, Pooling = true, DefaultTimeout = 30 };
        return new DatabaseTarget(DatabaseDialect.Sqlite, builder.ToString(), $"sqlite:{full}", full);
    }

    /// <inheritdoc />
    public override string ToString() => Display;

    private static DatabaseTarget PostgresUrl(string text)
    {
        try
        {
            return PostgresUrlCore(text);
        }
        catch (ArgumentException)
        {
            // Npgsql refuses some values (a NUL character, say) when they are set; its message may quote the password.
            throw Refuse("the postgres:// URL has a user, password, host or database Npgsql does not accept (a NUL character, say)");
        }
    }

    private static DatabaseTarget PostgresUrlCore(string text)
    {
        if (!Uri.TryCreate(text, UriKind.Absolute, out var uri) || string.IsNullOrEmpty(uri.Host))
        {
            throw Refuse("the postgres:// URL is malformed (percent-encode special characters in the user and password)");
        }

        var builder = new NpgsqlConnectionStringBuilder { Host = uri.DnsSafeHost, Port = uri.Port > 0 ? uri.Port : 5432 };
        if (uri.UserInfo.Length > 0)
        {
            var colon = uri.UserInfo.IndexOf(':', StringComparison.Ordinal);
            builder.Username = Uri.UnescapeDataString(colon < 0 ? uri.UserInfo : uri.UserInfo[..colon]);
            if (colon >= 0)
            {
                builder.Password = Uri.UnescapeDataString(uri.UserInfo[(colon + 1)..]);
            }
        }

        var database = Uri.UnescapeDataString(uri.AbsolutePath.TrimStart('/'));
        if (database.Length > 0)
        {
            builder.Database = database;
        }

        foreach (var pair in uri.Query.TrimStart('?').Split('&', StringSplitOptions.RemoveEmptyEntries))
        {
            var eq = pair.IndexOf('=', StringComparison.Ordinal);
            var key = Uri.UnescapeDataString(eq < 0 ? pair : pair[..eq]);
            var val = eq < 0 ? string.Empty : Uri.UnescapeDataString(pair[(eq + 1)..]);
            switch (key.ToLowerInvariant())
            {
                case "sslmode":
                    if (!Enum.TryParse<SslMode>(val.Replace("-", string.Empty, StringComparison.Ordinal), ignoreCase: true, out var mode))
                    {
                        throw Refuse("sslmode must be disable, allow, prefer, require, verify-ca or verify-full");
                    }

                    builder.SslMode = mode;
                    break;
                case "application_name":
                    builder.ApplicationName = val;
                    break;
                default:
                    throw Refuse(IsPlainName(key)
                        ? $"the postgres:// URL has an unsupported parameter '{key}' (supported: sslmode, application_name)"
                        : "the postgres:// URL has an unsupported parameter (supported: sslmode, application_name)");
            }
        }

        return Postgres(builder);
    }

    private static DatabaseTarget NpgsqlString(string text)
    {
        NpgsqlConnectionStringBuilder builder;
        try
        {
            builder = new NpgsqlConnectionStringBuilder(text);
        }
        catch (Exception ex) when (ex is ArgumentException or FormatException or InvalidCastException or KeyNotFoundException)
        {
            // Npgsql's message may quote the offending value, which could be the password: say only that it failed.
            // (An empty keyword, as in "===", is a KeyNotFoundException.)
            throw Refuse("the connection string has a keyword or value Npgsql does not accept");
        }

        if (string.IsNullOrWhiteSpace(builder.Host))
        {
            throw Refuse("the connection string names no Host");
        }

        return Postgres(builder);
    }

    private static DatabaseTarget Postgres(NpgsqlConnectionStringBuilder builder)
    {
        if (string.IsNullOrEmpty(builder.ApplicationName))
        {
            builder.ApplicationName = "adpilot";
        }

        var user = string.IsNullOrEmpty(builder.Username) ? string.Empty : Uri.EscapeDataString(builder.Username) + "@";
        var host = builder.Host!.Contains(':', StringComparison.Ordinal) && !builder.Host.Contains(',', StringComparison.Ordinal) ? $"[{builder.Host}]" : builder.Host;
        var display = $"postgres://{user}{host}:{builder.Port}/{builder.Database}";
        return new DatabaseTarget(DatabaseDialect.PostgreSql, builder.ConnectionString, display, null);
    }

    private static DatabaseTargetException Refuse(string what) => new($"{what}; {AcceptedForms}");

    /// <summary>
    /// Whether a parameter name may be quoted in an error: a short plain word. Anything else may be a mistyped URL
    /// whose "parameter" is the password (postgres://user?:password@host).
    /// </summary>
    private static bool IsPlainName(string key) => key.Length is > 0 and <= 40 && key.All(c => char.IsAsciiLetterOrDigit(c) || c == '_');
}
