using AdPilot.Storage.Connections;
using AdPilot.Tests.Fuzz;

namespace AdPilot.Storage.Tests.Fuzz;

/// <summary>
/// Fuzzes the database URL reader (<c>--db</c> / <c>DB_URL</c>, docs/fuzzing.md): every value gives a target or a
/// <see cref="DatabaseTargetException"/>, and neither the message nor a target's display shows the password.
/// </summary>
public sealed class DatabaseTargetFuzzTests
{
    private const string Password = "s3cretPw";

    [Fact]
    public async Task Parse_FuzzedDatabaseValues_TargetOrRejectedWithoutThePassword()
    {
        string[] seeds =
        [
            "sqlite:./adpilot-data/adpilot.db",
            $"postgres://adpilot:{Password}@localhost:5432/adpilot?sslmode=disable",
            $"postgresql://adpilot:{Password}@[::1]:5433/adpilot",
            $"Host=localhost;Port=5432;Username=adpilot;Password={Password};Database=adpilot",
        ];
        var target = new FuzzTarget
        {
            Parser = "DatabaseTarget",
            Corpus = FuzzCorpus.Text(seeds),
            Parse = FuzzTarget.Sync(input =>
            {
                var parsed = DatabaseTarget.Parse(input.Text);
                var builder = new Npgsql.NpgsqlConnectionStringBuilder(parsed.Dialect == DatabaseDialect.PostgreSql ? parsed.ConnectionString : "");
                if (builder.Password is { Length: >= 4 } password
                    && !$"{builder.Host} {builder.Username} {builder.Database} {builder.ApplicationName}".Contains(password, StringComparison.Ordinal))
                {
                    Assert.DoesNotContain(password, parsed.Display, StringComparison.Ordinal);
                }
            }),
            IsDocumentedError = e => e is DatabaseTargetException,
            MessageProblem = e => FuzzTarget.DefaultMessageProblem(e)
                ?? (e.Message.Contains(":" + Password + "@", StringComparison.Ordinal) || e.Message.Contains("Password=" + Password, StringComparison.Ordinal)
                    ? "the message shows the password"
                    : null),
        };

        (await Fuzzer.RunAsync(target)).AssertBothPaths();
    }

    /// <summary>Found by fuzzing (invalid-utf8 after text-case; shrunk): a NUL in the database name threw Npgsql's ArgumentException.</summary>
    [Fact]
    public void Parse_PostgresUrlWithANul_RefusedWithTheAcceptedForms()
    {
        var error = Assert.Throws<DatabaseTargetException>(() => DatabaseTarget.Parse($"POSTGRESQL://adpilot:{Password}@localhost/3\0db"));

        Assert.Contains("Npgsql does not accept", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(Password, error.Message, StringComparison.Ordinal);
    }

    /// <summary>Found by fuzzing (shrunk to "==="): an empty keyword threw Npgsql's KeyNotFoundException.</summary>
    [Fact]
    public void Parse_ConnectionStringWithAnEmptyKeyword_Refused()
    {
        var error = Assert.Throws<DatabaseTargetException>(() => DatabaseTarget.Parse("==="));

        Assert.Contains("Npgsql does not accept", error.Message, StringComparison.Ordinal);
    }

    /// <summary>Found by fuzzing (text-insert-token, shrunk): a '?' typed into the user part made the password an "unsupported parameter", quoted in the error.</summary>
    [Fact]
    public void Parse_QuestionMarkBeforeThePassword_ErrorDoesNotQuoteIt()
    {
        var error = Assert.Throws<DatabaseTargetException>(() => DatabaseTarget.Parse($"postgresql://a?:{Password}@"));

        Assert.Contains("unsupported parameter (supported: sslmode, application_name)", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(Password, error.Message, StringComparison.Ordinal);
    }
}
