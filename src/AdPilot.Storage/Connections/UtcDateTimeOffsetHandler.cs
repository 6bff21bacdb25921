using System.Data;
using System.Globalization;
using Dapper;

namespace AdPilot.Storage.Connections;

/// <summary>
/// Reads instants back as UTC <see cref="DateTimeOffset"/>s from both dialects: PostgreSQL's timestamptz arrives as a UTC
/// <see cref="DateTime"/>, SQLite's as ISO 8601 text.
/// </summary>
internal sealed class UtcDateTimeOffsetHandler : SqlMapper.TypeHandler<DateTimeOffset>
{
    public override void SetValue(IDbDataParameter parameter, DateTimeOffset value)
    {
        parameter.DbType = DbType.DateTimeOffset;
        parameter.Value = value.ToUniversalTime();
    }

    public override DateTimeOffset Parse(object value) => value switch
    {
        DateTimeOffset instant => instant.ToUniversalTime(),
        DateTime time => new DateTimeOffset(DateTime.SpecifyKind(time, DateTimeKind.Utc)),
        string text => DateTimeOffset.Parse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal),
        _ => throw new InvalidCastException($"cannot read a {value.GetType().Name} as an instant"),
    };
}
