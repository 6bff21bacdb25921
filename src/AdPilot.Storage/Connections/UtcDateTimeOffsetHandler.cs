using System.Data;
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

    public override DateTimeOffset Parse(object value) => Sql.ReadInstant(value);
}
