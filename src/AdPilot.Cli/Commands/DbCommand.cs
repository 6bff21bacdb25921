using System.CommandLine;
using System.Data.Common;
using AdPilot.Storage.Connections;
using AdPilot.Storage.Migrations;

namespace AdPilot.Cli.Commands;

/// <summary><c>adpilot db migrate [--db CONN]</c>: brings the database's schema up to date; running it again changes nothing.</summary>
internal static class DbCommand
{
    /// <summary>The environment variable that names the database when <c>--db</c> is not given.</summary>
    public const string DatabaseVariable = "DB_URL";

    public static Command Create(CliConsole console, Func<string, string?> environment)
    {
        var db = DatabaseOption();
        var migrate = new Command("migrate", "Apply the schema's migrations (idempotent; a failing migration leaves the database as it was).");
        migrate.Options.Add(db);
        migrate.SetAction(async (parsed, cancellationToken) =>
        {
            var target = Target(parsed.GetValue(db), environment);
            cancellationToken.ThrowIfCancellationRequested();
            MigrationResult result;
            try
            {
                result = await Task.Run(() => DatabaseMigrator.Migrate(target), cancellationToken).ConfigureAwait(false);
            }
            catch (MigrationException ex)
            {
                await console.Error.WriteLineAsync($"adpilot: {target}: {ex.Message}").ConfigureAwait(false);
                return CliApp.Failure;
            }
            catch (DbException ex)
            {
                await console.Error.WriteLineAsync($"adpilot: cannot migrate {target}: {ex.Message}").ConfigureAwait(false);
                return CliApp.Failure;
            }

            var message = result.Applied.Count == 0
                ? $"{target}: already up to date at {result.Current}; nothing changed."
                : $"{target}: applied {string.Join(", ", result.Applied)}; the schema is at {result.Current}.";
            await console.Out.WriteLineAsync(message).ConfigureAwait(false);
            return CliApp.Ok;
        });

        return new Command("db", "Manage AdPilot's database.") { migrate };
    }

    /// <summary>The <c>--db</c> option every command that opens the database takes.</summary>
    internal static Option<string?> DatabaseOption() => new("--db")
    {
        Description = $"The database: sqlite:PATH (default {DatabaseTarget.DefaultValue}), a postgres:// URL, or an Npgsql connection string; DB_URL sets it too.",
    };

    /// <summary>The database named by <c>--db</c>, else <c>DB_URL</c>, else the embedded default.</summary>
    internal static DatabaseTarget Target(string? option, Func<string, string?> environment)
    {
        var (source, value) = option is not null ? ("--db", option) : (DatabaseVariable, environment(DatabaseVariable));
        try
        {
            return DatabaseTarget.Parse(value);
        }
        catch (DatabaseTargetException ex)
        {
            throw new UsageException($"{source}: {ex.Message}");
        }
    }
}
