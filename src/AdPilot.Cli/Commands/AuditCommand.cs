using System.CommandLine;
using System.Data.Common;
using System.Globalization;
using System.Text.Json;
using AdPilot.Storage.Audit;
using AdPilot.Storage.Connections;
using AdPilot.Storage.Stores;

namespace AdPilot.Cli.Commands;

/// <summary>
/// <c>adpilot audit [--since T] [--limit N] [--store DOMAIN] [--db CONN] [--json]</c>: the admin audit trail, newest first
/// (approvals, the kill switch, mode changes, checkpoint promotions, secrets by name, webhook subscriptions), with who,
/// from where and when. Read-only: the trail has no command that changes it.
/// </summary>
internal static class AuditCommand
{
    public static Command Create(CliConsole console, Func<string, string?> environment, TimeProvider time)
    {
        var since = new Option<string?>("--since") { Description = "Only entries at or after this ISO 8601 date or time (UTC unless it names an offset)." };
        var limit = new Option<int?>("--limit") { Description = "At most this many entries, newest first; 50 by default." };
        var json = new Option<bool>("--json") { Description = "Print the entries as a JSON array." };
        var store = new Option<string?>("--store") { Description = "Only this store's entries (and those across stores); every store's by default." };
        var db = DbCommand.DatabaseOption();
        var command = new Command("audit", "Show the admin audit trail: who approved, engaged the kill switch, changed the mode, promoted, set secrets, and when.")
        {
            since, limit, json, store, db,
        };
        command.Validators.Add(result =>
        {
            if (result.GetValue(limit) is < 1 or > 10_000)
            {
                result.AddError("--limit must be between 1 and 10000");
            }

            if (result.GetValue(since) is { } text && !CliTime.TryParseUtc(text, out _))
            {
                result.AddError($"--since must be an ISO 8601 date or time, got '{text}'");
            }
        });
        command.SetAction(async (parsed, cancellationToken) =>
        {
            var target = DbCommand.Target(parsed.GetValue(db), environment);
            DateTimeOffset? from = parsed.GetValue(since) is { } text && CliTime.TryParseUtc(text, out var at) ? at : null;
            try
            {
                await using var database = await StorageDatabase.OpenMigratedAsync(target, cancellationToken).ConfigureAwait(false);
                long? storeId = parsed.GetValue(store) is { } domain
                    ? await StoreChoice.ResolveAsync(new StoreDirectory(database, time), domain, cancellationToken).ConfigureAwait(false)
                    : null;
                var entries = await new AdminAuditStore(database, time).ListAsync(storeId, from, parsed.GetValue(limit) ?? 50, cancellationToken).ConfigureAwait(false);
                if (parsed.GetValue(json))
                {
                    var rows = entries.Select(e => new AuditRow(e.Id, e.StoreId, e.At, e.Actor, e.Source, e.Action, e.Target, JsonDocument.Parse(e.Details).RootElement.Clone())).ToList();
                    await console.Out.WriteLineAsync(JsonSerializer.Serialize(rows, AuditJsonContext.Default.ListAuditRow)).ConfigureAwait(false);
                    return CliApp.Ok;
                }

                if (entries.Count == 0)
                {
                    await console.Out.WriteLineAsync("No admin action recorded" + (from is null ? "." : string.Create(CultureInfo.InvariantCulture, $" since {from:yyyy-MM-dd HH:mm'Z'}."))).ConfigureAwait(false);
                    return CliApp.Ok;
                }

                foreach (var e in entries)
                {
                    await console.Out.WriteLineAsync(string.Create(
                        CultureInfo.InvariantCulture,
                        $"{e.At:yyyy-MM-dd HH:mm:ss'Z'}\t{e.Actor}\t{e.Action}\t{e.Target}\t{e.Details}")).ConfigureAwait(false);
                }

                return CliApp.Ok;
            }
            catch (DbException ex)
            {
                await console.Error.WriteLineAsync($"adpilot: {target}: {ex.Message}").ConfigureAwait(false);
                return CliApp.Failure;
            }
        });
        return command;
    }
}

/// <summary>One entry of <c>adpilot audit --json</c>.</summary>
/// <param name="Id">The entry's id.</param>
/// <param name="StoreId">The store, or null for an action across stores.</param>
/// <param name="At">When (UTC).</param>
/// <param name="Actor">Who, <c>source:name</c>.</param>
/// <param name="Source"><c>cli</c>, <c>dashboard</c> or <c>system</c>.</param>
/// <param name="Action">What.</param>
/// <param name="Target">On what.</param>
/// <param name="Details">The details object.</param>
internal sealed record AuditRow(long Id, long? StoreId, DateTimeOffset At, string Actor, string Source, string Action, string Target, JsonElement Details);
