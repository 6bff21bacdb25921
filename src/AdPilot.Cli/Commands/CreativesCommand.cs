using System.Collections;
using System.CommandLine;
using System.Data.Common;
using System.Globalization;
using System.Text;
using System.Text.Json;
using AdPilot.Core.Creatives;
using AdPilot.Core.Domain;
using AdPilot.Core.Platforms;
using AdPilot.Runtime.Configuration;
using AdPilot.Runtime.Creatives;
using AdPilot.Runtime.Platforms;
using AdPilot.Storage.Connections;
using AdPilot.Storage.Creatives;
using AdPilot.Storage.Stores;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace AdPilot.Cli.Commands;

/// <summary>
/// <c>adpilot creatives tag [--mapping FILE] [--json] | list [--untagged] [--json] | revert ACTION_ID</c> [--db CONN] [--store DOMAIN]:
/// <c>tag</c> pulls every ad of the configured accounts and tags it with a creative type from the mapping file (which wins)
/// or the naming convention (<c>Creatives:NamePattern</c>), storing each tag with its source; <c>list</c> shows the stored
/// ads, types, sources and statuses; <c>revert</c> puts back the ad statuses from before one applied rotation. Untagged ads are listed apart: they are never rotated, and no type is guessed for them.
/// </summary>
internal static class CreativesCommand
{
    public static Command Create(CliConsole console, IDictionary environment, TimeProvider time)
    {
        string? Variable(string name) => environment[name] as string;
        var command = new Command("creatives", "Tag ads with their creative type (ugc, lifestyle, product, discount) and list the tags.");

        var tagDb = DbCommand.DatabaseOption();
        var tagStore = StoreChoice.Option();
        var mapping = new Option<FileInfo?>("--mapping")
        {
            Description = "The mapping file (lines 'id:<ad id> = <type>' or 'name:<pattern> = <type>'); it wins over the naming convention. Default: Creatives:MappingFile.",
        };
        var tagJson = new Option<bool>("--json") { Description = "Print one JSON object." };
        var tag = new Command("tag", "Pull every ad of the configured accounts and tag it: mapping file first, then the naming convention.")
        {
            mapping, tagJson, tagDb, tagStore,
        };
        tag.SetAction((parsed, cancellationToken) => WithDatabaseAsync(console, parsed.GetValue(tagDb), Variable, cancellationToken, async database =>
        {
            var configuration = AdPilotConfiguration.Build(environment);
            var options = ReadOptions(configuration);
            var tagger = new CreativeTagger(
                new CreativeNamingConvention(options.NamePattern),
                await LoadMappingAsync(parsed.GetValue(mapping)?.FullName ?? options.MappingFile, cancellationToken).ConfigureAwait(false));
            var storeId = await StoreChoice.ResolveAsync(new StoreDirectory(database, time), parsed.GetValue(tagStore), cancellationToken).ConfigureAwait(false);
            await using var provider = new ServiceCollection().AddSingleton(time).AddAdPlatforms(configuration).BuildServiceProvider();
            AdPlatforms platforms;
            try
            {
                platforms = provider.GetRequiredService<AdPlatforms>();
            }
            catch (OptionsValidationException ex)
            {
                await console.Error.WriteLineAsync($"adpilot: cannot reach the platforms: {string.Join("; ", ex.Failures)}").ConfigureAwait(false);
                return CliApp.Failure;
            }

            var tagging = new CreativeTagging(new CreativeStore(database), time);
            var tags = new List<StoredCreativeTag>();
            var failures = new List<string>();
            foreach (var account in platforms.Accounts)
            {
                if (platforms.For(account) is not IAdCreativePlatform creatives)
                {
                    failures.Add($"{account}: the {account.Platform} connector cannot read ads");
                    continue;
                }

                try
                {
                    tags.AddRange(await tagging.TagAsync(storeId, account, creatives, tagger, cancellationToken).ConfigureAwait(false));
                }
                catch (PlatformException ex)
                {
                    failures.Add($"{account}: reading the ads failed: {ex.Message}");
                }
            }

            await WriteAsync(console, tags, failures, parsed.GetValue(tagJson), untaggedOnly: false).ConfigureAwait(false);
            foreach (var failure in failures.Where(_ => !parsed.GetValue(tagJson)))
            {
                await console.Error.WriteLineAsync($"adpilot: {failure}").ConfigureAwait(false);
            }

            return failures.Count == 0 ? CliApp.Ok : CliApp.Failure;
        }));
        command.Subcommands.Add(tag);

        var listDb = DbCommand.DatabaseOption();
        var listStore = StoreChoice.Option();
        var untagged = new Option<bool>("--untagged") { Description = "Show only the untagged ads (never rotated)." };
        var listJson = new Option<bool>("--json") { Description = "Print one JSON object." };
        var list = new Command("list", "Show the tagged ads: type, source, status; untagged ads apart.") { untagged, listJson, listDb, listStore };
        list.SetAction((parsed, cancellationToken) => WithDatabaseAsync(console, parsed.GetValue(listDb), Variable, cancellationToken, async database =>
        {
            var storeId = await StoreChoice.ResolveAsync(new StoreDirectory(database, time), parsed.GetValue(listStore), cancellationToken).ConfigureAwait(false);
            var tags = await new CreativeStore(database).ListAsync(storeId, cancellationToken).ConfigureAwait(false);
            await WriteAsync(console, tags, [], parsed.GetValue(listJson), parsed.GetValue(untagged)).ConfigureAwait(false);
            return CliApp.Ok;
        }));
        command.Subcommands.Add(list);

        var revertDb = DbCommand.DatabaseOption();
        var revertStore = StoreChoice.Option();
        var actionId = new Argument<long>("ACTION_ID") { Description = "The id of an applied creative rotation in the actions log (dashboard: Actions log)." };
        var revert = new Command("revert", "Put back the ad statuses from before one applied creative rotation (the platform is called).")
        {
            actionId, revertDb, revertStore,
        };
        revert.SetAction((parsed, cancellationToken) => WithDatabaseAsync(console, parsed.GetValue(revertDb), Variable, cancellationToken, async database =>
        {
            var storeId = await StoreChoice.ResolveAsync(new StoreDirectory(database, time), parsed.GetValue(revertStore), cancellationToken).ConfigureAwait(false);
            var id = parsed.GetValue(actionId);
            var log = new AdPilot.Storage.Actions.ActionLog(database, time);
            var entry = await log.GetAsync(storeId, id, cancellationToken).ConfigureAwait(false)
                ?? throw new UsageException($"action {id} is not in the actions log of this store");
            var configuration = AdPilotConfiguration.Build(environment);
            await using var provider = new ServiceCollection().AddSingleton(time).AddAdPlatforms(configuration).BuildServiceProvider();
            AdPlatforms platforms;
            try
            {
                platforms = provider.GetRequiredService<AdPlatforms>();
            }
            catch (OptionsValidationException ex)
            {
                await console.Error.WriteLineAsync($"adpilot: cannot reach the platforms: {string.Join("; ", ex.Failures)}").ConfigureAwait(false);
                return CliApp.Failure;
            }

            // The key starts with the platform and the account: "<platform>:<account>:<ad set>:…".
            var keyAccount = entry.Decision.IdempotencyKey.Split(':') is { Length: > 2 } parts ? parts[1] : string.Empty;
            var account = platforms.Accounts.FirstOrDefault(a => a.Platform == entry.Decision.AdSet.Platform && string.Equals(a.AccountId, keyAccount, StringComparison.Ordinal))
                ?? throw new UsageException($"action {id} belongs to {entry.Decision.AdSet.Platform} account '{keyAccount}', which is not configured");
            var kill = new AdPilot.Runtime.Actuation.KillSwitchService(
                new AdPilot.Storage.Alerts.AlertStore(database, time), log, new AdPilot.Storage.Snapshots.BudgetSnapshotStore(database), time);
            var rotator = new CreativeRotator(log, new CreativeStore(database), kill, time, ReadOptions(configuration));
            AdPilot.Storage.Actions.ActionLogEntry reverted;
            try
            {
                reverted = await rotator.RevertAsync(storeId, id, account, platforms.For(account), cancellationToken).ConfigureAwait(false);
            }
            catch (InvalidOperationException ex)
            {
                throw new UsageException(ex.Message);
            }
            catch (PlatformException ex)
            {
                await console.Error.WriteLineAsync($"adpilot: {account}: the revert failed: {ex.Message}").ConfigureAwait(false);
                return CliApp.Failure;
            }

            var ok = reverted.Status == AdPilot.Storage.Actions.ActionStatus.Applied;
            await (ok ? console.Out : console.Error).WriteLineAsync(ok
                ? $"Rotation {id} reverted (action {reverted.Id}): {reverted.PlatformResponse}"
                : $"adpilot: rotation {id} not reverted (action {reverted.Id} is {reverted.Status}): {reverted.Error}").ConfigureAwait(false);
            return ok ? CliApp.Ok : CliApp.Failure;
        }));
        command.Subcommands.Add(revert);
        return command;
    }

    private static CreativeOptions ReadOptions(Microsoft.Extensions.Configuration.IConfiguration configuration)
    {
        try
        {
            return ConfigurationSections.Read(configuration, CreativeOptions.SectionName, () => new CreativeOptions(), o => o.Validate());
        }
        catch (OptionsValidationException ex)
        {
            throw new UsageException($"the Creatives settings are not valid: {string.Join("; ", ex.Failures)}");
        }
    }

    private static async Task<CreativeMapping?> LoadMappingAsync(string? path, CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(path))
        {
            return null;
        }

        if (!File.Exists(path))
        {
            throw new UsageException($"the mapping file '{path}' does not exist");
        }

        try
        {
            return await CreativeMapping.LoadAsync(path, cancellationToken).ConfigureAwait(false);
        }
        catch (CreativeMappingException ex)
        {
            throw new UsageException($"bad mapping file: {ex.Message}");
        }
    }

    private static async Task WriteAsync(CliConsole console, IReadOnlyList<StoredCreativeTag> tags, IReadOnlyList<string> failures, bool json, bool untaggedOnly)
    {
        var shown = tags.Where(t => !untaggedOnly || t.Type is null).ToList();
        var rows = shown.Select(t => new CreativeRow(
            t.AdSet.Platform == Platform.TikTok ? "tiktok" : "instagram",
            t.AdSet.ExternalId,
            t.AdId,
            t.AdName,
            t.Type is { } type ? CreativeTypes.Word(type) : null,
            t.Source.ToString().ToLowerInvariant(),
            t.Note,
            t.Status == AdSetStatus.Active ? "active" : "paused",
            t.PlatformStatus,
            t.TaggedAt)).ToList();
        var report = new CreativesReport(rows, rows.Count(r => r.Type is not null), rows.Count(r => r.Type is null), failures);
        if (json)
        {
            await console.Out.WriteLineAsync(JsonSerializer.Serialize(report, CreativesJsonContext.Default.CreativesReport)).ConfigureAwait(false);
            return;
        }

        var text = new StringBuilder();
        if (rows.Count == 0)
        {
            text.AppendLine(untaggedOnly ? "No untagged ads." : "No ads tagged yet: run 'adpilot creatives tag'.");
        }

        foreach (var row in rows.Where(r => r.Type is not null))
        {
            text.AppendLine(CultureInfo.InvariantCulture, $"{row.Platform,-9} {row.AdSetId,-20} {row.AdId,-20} {row.Type,-9} {row.Source,-10} {row.Status,-6} {row.Name}");
        }

        var missing = rows.Where(r => r.Type is null).ToList();
        if (missing.Count > 0)
        {
            text.AppendLine(CultureInfo.InvariantCulture, $"UNTAGGED ({missing.Count}): never rotated; tag them in the mapping file or rename them:");
            foreach (var row in missing)
            {
                text.AppendLine(CultureInfo.InvariantCulture, $"  {row.Platform,-9} {row.AdSetId,-20} {row.AdId,-20} {row.Status,-6} {row.Name}  ({row.Note})");
            }
        }

        text.Append(CultureInfo.InvariantCulture, $"{report.Tagged} tagged, {report.Untagged} untagged.");
        await console.Out.WriteLineAsync(text.ToString()).ConfigureAwait(false);
    }

    private static async Task<int> WithDatabaseAsync(
        CliConsole console, string? db, Func<string, string?> environment, CancellationToken cancellationToken, Func<StorageDatabase, Task<int>> action)
    {
        var target = DbCommand.Target(db, environment);
        try
        {
            await using var database = await StorageDatabase.OpenMigratedAsync(target, cancellationToken).ConfigureAwait(false);
            return await action(database).ConfigureAwait(false);
        }
        catch (DbException ex)
        {
            await console.Error.WriteLineAsync($"adpilot: {target}: {ex.Message}").ConfigureAwait(false);
            return CliApp.Failure;
        }
    }
}
