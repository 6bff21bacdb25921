using System.CommandLine;
using System.Data.Common;
using System.Globalization;
using AdPilot.Storage.Actions;
using AdPilot.Storage.Approvals;
using AdPilot.Storage.Connections;
using AdPilot.Storage.Stores;

namespace AdPilot.Cli.Commands;

/// <summary>
/// <c>adpilot approvals list|approve ID|reject ID [--db CONN] [--store DOMAIN]</c>: the changes the guardrails held for a
/// person's approval. Approving one makes it an intent that the next cycle applies (unless the kill switch is engaged);
/// rejecting one drops it; an expired one can be neither.
/// </summary>
internal static class ApprovalsCommand
{
    public static Command Create(CliConsole console, Func<string, string?> environment, TimeProvider time)
    {
        var db = DbCommand.DatabaseOption();
        var store = StoreChoice.Option();
        var json = new Option<bool>("--json") { Description = "Print the pending approvals as a JSON array instead of a table." };
        var list = new Command("list", "List the pending approvals: id, ad set, the change, when it was asked and when it expires.") { db, store, json };
        list.SetAction((parsed, ct) => RunAsync(console, environment, time, parsed.GetValue(db), parsed.GetValue(store), ct, (stores, c) => ListAsync(console, stores, parsed.GetValue(json), c)));

        var root = new Command("approvals", "Review the changes the guardrails held for approval.") { list };
        foreach (var (name, approve) in new[] { ("approve", true), ("reject", false) })
        {
            var id = new Argument<long>("ID") { Description = "The approval's id (see 'adpilot approvals list')." };
            var note = new Option<string?>("--note") { Description = "Why, kept with the decision." };
            var by = CliActor.Option("--by");
            var decide = new Command(name, approve ? "Approve a held change: the next cycle applies it." : "Reject a held change: it is never applied.")
            {
                id, db, store, note, by,
            };
            decide.SetAction((parsed, ct) => RunAsync(console, environment, time, parsed.GetValue(db), parsed.GetValue(store), ct, (stores, c) =>
                DecideAsync(console, stores, parsed.GetValue(id), approve, CliActor.Resolve(parsed.GetValue(by)).Text, parsed.GetValue(note), c)));
            root.Subcommands.Add(decide);
        }

        return root;
    }

    private static async Task<int> RunAsync(
        CliConsole console,
        Func<string, string?> environment,
        TimeProvider time,
        string? dbOption,
        string? storeOption,
        CancellationToken cancellationToken,
        Func<Stores, CancellationToken, Task<int>> action)
    {
        var target = DbCommand.Target(dbOption, environment);
        try
        {
            await using var database = await StorageDatabase.OpenMigratedAsync(target, cancellationToken).ConfigureAwait(false);
            var directory = new StoreDirectory(database, time);
            var storeId = await StoreChoice.ResolveAsync(directory, storeOption, cancellationToken).ConfigureAwait(false);
            return await action(new Stores(storeId, new ApprovalStore(database, time), new ActionLog(database, time)), cancellationToken).ConfigureAwait(false);
        }
        catch (DbException ex)
        {
            await console.Error.WriteLineAsync($"adpilot: {target}: {ex.Message}").ConfigureAwait(false);
            return CliApp.Failure;
        }
    }

    private static async Task<int> ListAsync(CliConsole console, Stores stores, bool json, CancellationToken cancellationToken)
    {
        var pending = await stores.Approvals.ListPendingAsync(stores.StoreId, cancellationToken).ConfigureAwait(false);
        var rows = new List<PendingApproval>(pending.Count);
        foreach (var approval in pending)
        {
            var action = await stores.Actions.GetAsync(stores.StoreId, approval.ActionId, cancellationToken).ConfigureAwait(false);
            rows.Add(new PendingApproval(
                approval.Id,
                approval.ActionId,
                action is null ? "" : $"{action.Decision.AdSet.Platform.ToString().ToLowerInvariant()}:{action.Decision.AdSet.ExternalId}",
                action?.Decision.FinalActionJson ?? action?.Decision.ProposedActionJson ?? "",
                approval.RequestedAt,
                approval.ExpiresAt));
        }

        if (json)
        {
            await console.Out.WriteLineAsync(System.Text.Json.JsonSerializer.Serialize(rows, CliJsonContext.Default.ListPendingApproval)).ConfigureAwait(false);
            return CliApp.Ok;
        }

        if (rows.Count == 0)
        {
            await console.Out.WriteLineAsync("No change is waiting for approval.").ConfigureAwait(false);
            return CliApp.Ok;
        }

        foreach (var row in rows)
        {
            var expires = row.ExpiresAt is { } at ? at.ToString("yyyy-MM-dd HH:mm'Z'", CultureInfo.InvariantCulture) : "never";
            await console.Out.WriteLineAsync(string.Create(
                CultureInfo.InvariantCulture,
                $"{row.Id}\t{row.AdSet}\tasked {row.RequestedAt:yyyy-MM-dd HH:mm'Z'}\texpires {expires}\t{row.Change}")).ConfigureAwait(false);
        }

        return CliApp.Ok;
    }

    private static async Task<int> DecideAsync(
        CliConsole console, Stores stores, long id, bool approve, string by, string? note, CancellationToken cancellationToken)
    {
        try
        {
            var decided = await stores.Approvals.DecideAsync(stores.StoreId, id, approve, by, note, cancellationToken).ConfigureAwait(false);
            await console.Out.WriteLineAsync(approve
                ? $"Approval {decided.Id} approved by {decided.DecidedBy}: the next cycle applies action {decided.ActionId}."
                : $"Approval {decided.Id} rejected by {decided.DecidedBy}: action {decided.ActionId} will not be applied.").ConfigureAwait(false);
            return CliApp.Ok;
        }
        catch (InvalidOperationException ex)
        {
            await console.Error.WriteLineAsync($"adpilot: approval {id}: {ex.Message}").ConfigureAwait(false);
            return CliApp.Failure;
        }
    }

    private sealed record Stores(long StoreId, IApprovalStore Approvals, IActionLog Actions);
}

/// <summary>One line of <c>adpilot approvals list --json</c>.</summary>
/// <param name="Id">The approval's id.</param>
/// <param name="ActionId">The held action's id.</param>
/// <param name="AdSet">The ad set, <c>platform:id</c>.</param>
/// <param name="Change">The change as logged (JSON).</param>
/// <param name="RequestedAt">When the guardrails held it.</param>
/// <param name="ExpiresAt">When it lapses, if ever.</param>
internal sealed record PendingApproval(long Id, long ActionId, string AdSet, string Change, DateTimeOffset RequestedAt, DateTimeOffset? ExpiresAt);
