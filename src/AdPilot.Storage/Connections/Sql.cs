using System.Globalization;
using AdPilot.Core.Domain;

namespace AdPilot.Storage.Connections;

/// <summary>The few places the two dialects' SQL differs, and the text forms of enums at rest.</summary>
internal static class Sql
{
    /// <summary>A JSON parameter: PostgreSQL stores jsonb (a text parameter needs a cast), SQLite stores text.</summary>
    public static string Json(DatabaseDialect dialect, string parameter) =>
        dialect == DatabaseDialect.PostgreSql ? $"CAST({parameter} AS jsonb)" : parameter;

    /// <summary>
    /// "Is one of a list" on a list parameter: PostgreSQL compares with an array parameter, SQLite with Dapper's expansion
    /// of the list into one parameter per item.
    /// </summary>
    public static string InList(DatabaseDialect dialect, string parameter) =>
        dialect == DatabaseDialect.PostgreSql ? $"= ANY({parameter})" : $"IN {parameter}";

    public static string Name(Platform platform) => platform switch
    {
        Core.Domain.Platform.Instagram => "instagram",
        Core.Domain.Platform.TikTok => "tiktok",
        _ => throw new ArgumentOutOfRangeException(nameof(platform), platform, "unknown platform"),
    };

    public static Platform ParsePlatform(string name) => name switch
    {
        "instagram" => Core.Domain.Platform.Instagram,
        "tiktok" => Core.Domain.Platform.TikTok,
        _ => throw new InvalidDataException($"unknown platform '{name}' in the database"),
    };

    public static DateTimeOffset Utc(DateTimeOffset instant) => instant.ToUniversalTime();

    public static DateTimeOffset? Utc(DateTimeOffset? instant) => instant?.ToUniversalTime();

    /// <summary>An instant as either dialect returns it, in UTC: PostgreSQL's timestamptz as a UTC <see cref="DateTime"/>, SQLite's as ISO 8601 text.</summary>
    public static DateTimeOffset ReadInstant(object value) => value switch
    {
        DateTimeOffset instant => instant.ToUniversalTime(),
        DateTime time => new DateTimeOffset(DateTime.SpecifyKind(time, DateTimeKind.Utc)),
        string text => DateTimeOffset.Parse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal),
        _ => throw new InvalidCastException($"cannot read a {value.GetType().Name} as an instant"),
    };
}
