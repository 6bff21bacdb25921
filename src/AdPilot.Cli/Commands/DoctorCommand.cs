using System.Collections;
using System.CommandLine;
using System.Text.Json;
using AdPilot.Runtime.Configuration;
using AdPilot.Runtime.Onboarding;
using Spectre.Console;

namespace AdPilot.Cli.Commands;

/// <summary>
/// <c>adpilot doctor [--db CONN] [--store DOMAIN] [--json]</c>: checks everything a run needs (<see cref="Doctor"/>) and
/// prints a table of check, status, detail and fix. Exit code 0 when nothing blocks a run, 1 when something does.
/// </summary>
internal static class DoctorCommand
{
    public static Command Create(CliConsole console, IDictionary environment, TimeProvider time)
    {
        var db = DbCommand.DatabaseOption();
        var store = StoreChoice.Option();
        var json = new Option<bool>("--json") { Description = "Print one JSON object: {\"ok\",\"checks\":[{\"name\",\"status\",\"detail\",\"fix\"}]}." };
        var command = new Command("doctor", "Check configuration, database, connections and their access, webhooks, clock and the last cycles; exit 1 when a run is blocked.")
        {
            db, store, json,
        };
        command.SetAction(async (parsed, cancellationToken) =>
        {
            var target = DbCommand.Target(parsed.GetValue(db), name => environment[name] as string);
            Microsoft.Extensions.Configuration.IConfigurationRoot configuration;
            try
            {
                configuration = AdPilotConfiguration.Build(await ConnectedSettingsAsync(environment, target, parsed.GetValue(store), time, cancellationToken).ConfigureAwait(false));
            }
            catch (InvalidDataException ex)
            {
                await console.Error.WriteLineAsync($"adpilot: {ex.Message}").ConfigureAwait(false);
                return CliApp.Failure;
            }

            var checks = await new Doctor(time).RunAsync(configuration, target, parsed.GetValue(store), cancellationToken).ConfigureAwait(false);
            var ok = checks.All(c => c.Status != DoctorStatus.Problem);
            var rows = checks.Select(c => new DoctorRow(c.Name, Status(c.Status), c.Detail, c.Fix)).ToList();
            if (parsed.GetValue(json))
            {
                await console.Out.WriteLineAsync(JsonSerializer.Serialize(new DoctorReport(ok, rows), OnboardingJsonContext.Default.DoctorReport)).ConfigureAwait(false);
            }
            else
            {
                await WriteTableAsync(console, rows).ConfigureAwait(false);
                await console.Out.WriteLineAsync(ok
                    ? "Nothing blocks a run."
                    : $"{rows.Count(r => r.Status == "problem")} problem(s) block a run; fix them and run 'adpilot doctor' again.").ConfigureAwait(false);
            }

            return ok ? CliApp.Ok : CliApp.Failure;
        });
        return command;
    }

    /// <summary>
    /// The environment with what <c>adpilot connect</c> recorded and the stored secrets under it, when the database already
    /// exists and is migrated (the doctor never creates or migrates it); the environment itself otherwise.
    /// </summary>
    private static async Task<IDictionary> ConnectedSettingsAsync(
        IDictionary environment, AdPilot.Storage.Connections.DatabaseTarget target, string? store, TimeProvider time, CancellationToken cancellationToken)
    {
        if (target.SqlitePath is { } path && !File.Exists(path))
        {
            return environment;
        }

        try
        {
            var database = new AdPilot.Storage.Connections.StorageDatabase(target);
            await using (database.ConfigureAwait(false))
            {
                var connected = await ConnectedEnvironment.WithConnectionsAsync(environment, database, store, time, cancellationToken).ConfigureAwait(false);
                return await AdPilot.Runtime.Secrets.StoredSecretsEnvironment.WithStoredSecretsAsync(connected, database, store, time, cancellationToken).ConfigureAwait(false);
            }
        }
        catch (Exception ex) when (ex is System.Data.Common.DbException or AdPilot.Storage.Secrets.SecretException or AdPilot.Storage.Secrets.SecretKeyException)
        {
            // No connections table yet (pending migrations), or secrets the key cannot read: the database check reports it.
            return environment;
        }
    }

    private static string Status(DoctorStatus status) => status switch
    {
        DoctorStatus.Ok => "ok",
        DoctorStatus.Warning => "warning",
        _ => "problem",
    };

    private static async Task WriteTableAsync(CliConsole console, IReadOnlyList<DoctorRow> rows)
    {
        var table = new Table().AddColumns("check", "status", "detail", "how to fix");
        foreach (var row in rows)
        {
            table.AddRow(
                Markup.Escape(row.Name),
                row.Status switch { "ok" => "[green]ok[/]", "warning" => "[yellow]warning[/]", _ => "[red]problem[/]" },
                Markup.Escape(row.Detail),
                Markup.Escape(row.Fix ?? ""));
        }

        console.Rich.Write(table);
        await console.Out.FlushAsync().ConfigureAwait(false);
    }
}
