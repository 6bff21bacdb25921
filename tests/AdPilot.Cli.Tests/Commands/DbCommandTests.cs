using AdPilot.Cli.Commands;

namespace AdPilot.Cli.Tests.Commands;

public sealed class DbCommandTests
{
    [Fact]
    public async Task Migrate_SqlitePathTwice_AppliesThenChangesNothing()
    {
        var folder = Directory.CreateTempSubdirectory("adpilot-cli-db-").FullName;
        try
        {
            var path = Path.Combine(folder, "nested", "adpilot.db");

            var first = await CliRunner.RunAsync("db", "migrate", "--db", $"sqlite:{path}");
            var second = await CliRunner.RunAsync("db", "migrate", "--db", $"sqlite:{path}");

            Assert.Equal((0, string.Empty), (first.ExitCode, first.Stderr));
            Assert.Contains("applied 0001_initial", first.Stdout, StringComparison.Ordinal);
            Assert.Equal(0, second.ExitCode);
            Assert.Contains("nothing changed", second.Stdout, StringComparison.Ordinal);
            Assert.True(File.Exists(path));
        }
        finally
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            Directory.Delete(folder, recursive: true);
        }
    }

    [Theory]
    [InlineData("mysql://root:hunter2@db/ads")]
    [InlineData("Host=db;Password=hunter2;Nonsense=1")]
    public async Task Migrate_BadDb_ExitTwoWithTheAcceptedFormsAndNoPassword(string value)
    {
        var result = await CliRunner.RunAsync("db", "migrate", "--db", value);

        Assert.Equal(2, result.ExitCode);
        var line = Assert.Single(result.Stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.StartsWith("adpilot: --db: ", line, StringComparison.Ordinal);
        Assert.Contains("sqlite:PATH", line, StringComparison.Ordinal);
        Assert.DoesNotContain("hunter2", result.Stderr + result.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public void Target_NoOption_ReadsDbUrlThenTheDefault()
    {
        Assert.Equal("postgres://u@h:5432/d", DbCommand.Target(null, name => name == "DB_URL" ? "postgres://u:p@h/d" : null).Display);
        Assert.EndsWith(Path.Combine("adpilot-data", "adpilot.db"), DbCommand.Target(null, _ => null).SqlitePath, StringComparison.Ordinal);
        Assert.Equal("postgres://u@h:5432/d", DbCommand.Target("postgres://u:p@h/d", _ => "sqlite:x.db").Display);
        var ex = Assert.Throws<UsageException>(() => DbCommand.Target(null, _ => "garbage"));
        Assert.StartsWith("DB_URL: ", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Migrate_UnreachablePostgres_ExitOneWithoutThePassword()
    {
        var result = await CliRunner.RunAsync("db", "migrate", "--db", "Host=127.0.0.1;Port=1;Username=u;Password=hunter2;Timeout=2");

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("postgres://u@127.0.0.1:1/", result.Stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("hunter2", result.Stderr + result.Stdout, StringComparison.Ordinal);
    }
}
