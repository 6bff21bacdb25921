using AdPilot.Storage.Connections;

namespace AdPilot.Storage.Tests.Connections;

public sealed class DatabaseTargetTests
{
    [Fact]
    public void Parse_Nothing_IsTheEmbeddedDefault()
    {
        var target = DatabaseTarget.Parse(null);

        Assert.Equal(DatabaseDialect.Sqlite, target.Dialect);
        Assert.Equal(Path.GetFullPath("./adpilot-data/adpilot.db"), target.SqlitePath);
    }

    [Fact]
    public void Parse_PostgresUrl_MapsEveryPartAndHidesThePassword()
    {
        var target = DatabaseTarget.Parse("postgres://ad%40pilot:s3cr%3At@db.internal:6543/adpilot?sslmode=verify-full");

        Assert.Equal(DatabaseDialect.PostgreSql, target.Dialect);
        var builder = new Npgsql.NpgsqlConnectionStringBuilder(target.ConnectionString);
        Assert.Equal(("db.internal", 6543, "ad@pilot", "s3cr:t", "adpilot", Npgsql.SslMode.VerifyFull), (builder.Host, builder.Port, builder.Username, builder.Password, builder.Database, builder.SslMode));
        Assert.Equal("postgres://ad%40pilot@db.internal:6543/adpilot", target.ToString());
        Assert.DoesNotContain("s3cr", target.Display, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_NpgsqlConnectionString_Accepted()
    {
        var target = DatabaseTarget.Parse("Host=localhost;Username=adpilot;Password=hunter2;Database=ads");

        Assert.Equal(DatabaseDialect.PostgreSql, target.Dialect);
        Assert.Equal("postgres://adpilot@localhost:5432/ads", target.Display);
    }

    [Theory]
    [InlineData("mysql://u:hunter2@h/db")]
    [InlineData("Host=h;Password=hunter2;Frobnicate=hunter2")]
    [InlineData("Password=hunter2;Database=x")]
    [InlineData("postgres://u:hunter2@h/db?pool=hunter2")]
    [InlineData("postgres://u:hunter2@h/db?sslmode=hunter2")]
    [InlineData("sqlite:")]
    [InlineData("hunter2")]
    public void Parse_BadValue_ListsTheFormsWithoutThePassword(string value)
    {
        var ex = Assert.Throws<DatabaseTargetException>(() => DatabaseTarget.Parse(value));

        Assert.Contains("sqlite:PATH", ex.Message, StringComparison.Ordinal);
        Assert.Contains("postgres://", ex.Message, StringComparison.Ordinal);
        Assert.Contains("Npgsql connection string", ex.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("hunter2", ex.Message, StringComparison.Ordinal);
    }
}
