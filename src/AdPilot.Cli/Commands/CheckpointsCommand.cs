using System.Collections;
using System.CommandLine;
using System.Data.Common;
using System.Globalization;
using System.Text.Json;
using AdPilot.Core.Agents.Checkpoints;
using AdPilot.Core.Training;
using AdPilot.Runtime.Configuration;
using AdPilot.Runtime.Retraining;
using AdPilot.Storage.Checkpoints;
using AdPilot.Storage.Connections;
using AdPilot.Storage.Stores;
using Microsoft.Extensions.Options;

namespace AdPilot.Cli.Commands;

/// <summary>
/// <c>adpilot checkpoints list|promote VERSION|rollback VERSION|add FILE [--db CONN] [--store DOMAIN] [--json]</c>: the
/// checkpoint registry. The live loop serves a store's active version (each account switches at its next cycle); promote
/// makes a registered version active, rollback makes a version that served before active again, add registers a
/// checkpoint file trained elsewhere as a candidate. Every change of the active version is recorded with who and when.
/// </summary>
internal static class CheckpointsCommand
{
    private const int MaxVersionLength = 100;

    public static Command Create(CliConsole console, IDictionary environment, TimeProvider time)
    {
        string? Variable(string name) => environment[name] as string;
        var root = new Command("checkpoints", "The checkpoint registry: which policy version serves each store, and its history.");

        var listDb = DbCommand.DatabaseOption();
        var listStore = StoreChoice.Option();
        var listJson = JsonOption("Print the registry as one JSON object.");
        var list = new Command("list", "List the registered versions: agent, status, when registered and promoted, data range, key metrics and the gate's verdict.")
        {
            listDb, listStore, listJson,
        };
        list.SetAction((parsed, ct) => RunAsync(console, Variable, time, parsed.GetValue(listDb), parsed.GetValue(listStore), ct, (registry, storeId, c) =>
            ListAsync(console, registry, storeId, parsed.GetValue(listJson), c)));
        root.Subcommands.Add(list);

        foreach (var rollback in new[] { false, true })
        {
            var version = new Argument<string>("VERSION") { Description = "The version (see 'adpilot checkpoints list')." };
            var db = DbCommand.DatabaseOption();
            var store = StoreChoice.Option();
            var by = CliActor.Option("--by");
            var note = new Option<string?>("--note") { Description = "Why, kept in the promotion history." };
            var json = JsonOption("Print what changed as one JSON object.");
            var command = rollback
                ? new Command("rollback", "Make a version that served before the active one again (the live loop switches at each account's next cycle).")
                : new Command("promote", "Make a registered version the active one, retiring the one active now (the live loop switches at each account's next cycle).");
            command.Arguments.Add(version);
            foreach (var option in new Option[] { db, store, by, note, json })
            {
                command.Options.Add(option);
            }

            command.SetAction((parsed, ct) => RunAsync(console, Variable, time, parsed.GetValue(db), parsed.GetValue(store), ct, (registry, storeId, c) =>
                ChangeAsync(
                    console,
                    registry,
                    storeId,
                    parsed.GetValue(version)!,
                    rollback,
                    new CheckpointDecision(Decider(parsed.GetValue(by)), parsed.GetValue(note)),
                    parsed.GetValue(json),
                    c)));
            root.Subcommands.Add(command);
        }

        var file = new Argument<FileInfo>("FILE") { Description = "A checkpoint file (from 'adpilot train', or any build of AdPilot)." };
        var versionOption = new Option<string?>("--version") { Description = "The version to register it as; by default its run id and the instant it was taken." };
        var addDb = DbCommand.DatabaseOption();
        var addStore = StoreChoice.Option();
        var addJson = JsonOption("Print the registered version as one JSON object.");
        var add = new Command(
            "add",
            "Register a checkpoint file trained elsewhere as a candidate: it is checked, then copied into the retraining folder (Retraining:Directory).")
        {
            addDb, addStore, versionOption, addJson,
        };
        add.Arguments.Add(file);
        versionOption.Validators.Add(result =>
        {
            if (result.Tokens is [var token] && VersionProblem(token.Value) is { } problem)
            {
                result.AddError($"--version: {problem}");
            }
        });
        add.SetAction((parsed, ct) => RunAsync(console, Variable, time, parsed.GetValue(addDb), parsed.GetValue(addStore), ct, (registry, storeId, c) =>
            AddAsync(console, environment, registry, storeId, parsed.GetValue(file)!, parsed.GetValue(versionOption), parsed.GetValue(addJson), c)));
        root.Subcommands.Add(add);
        return root;
    }

    /// <summary>What is wrong with a version's text, or null: 1 to 100 printable characters without spaces.</summary>
    internal static string? VersionProblem(string version) =>
        string.IsNullOrEmpty(version) || version.Length > MaxVersionLength
            ? $"a version is 1 to {MaxVersionLength} characters, got {version.Length}"
            : version.Any(c => char.IsWhiteSpace(c) || char.IsControl(c))
                ? $"'{version}' holds a space or a control character"
                : null;

    private static Option<bool> JsonOption(string description) => new("--json") { Description = description };

    private static string Decider(string? by) => CliActor.Resolve(by).Text;

    private static async Task<int> RunAsync(
        CliConsole console,
        Func<string, string?> environment,
        TimeProvider time,
        string? dbOption,
        string? storeOption,
        CancellationToken cancellationToken,
        Func<ICheckpointStore, long, CancellationToken, Task<int>> action)
    {
        var target = DbCommand.Target(dbOption, environment);
        try
        {
            await using var database = await StorageDatabase.OpenMigratedAsync(target, cancellationToken).ConfigureAwait(false);
            var storeId = await StoreChoice.ResolveAsync(new StoreDirectory(database, time), storeOption, cancellationToken).ConfigureAwait(false);
            return await action(new CheckpointStore(database, time), storeId, cancellationToken).ConfigureAwait(false);
        }
        catch (DbException ex)
        {
            await console.Error.WriteLineAsync($"adpilot: {target}: {ex.Message}").ConfigureAwait(false);
            return CliApp.Failure;
        }
    }

    private static async Task<int> ListAsync(CliConsole console, ICheckpointStore registry, long storeId, bool json, CancellationToken cancellationToken)
    {
        var stored = await registry.ListAsync(storeId, cancellationToken).ConfigureAwait(false);
        var history = await registry.HistoryAsync(storeId, cancellationToken).ConfigureAwait(false);
        var rows = stored.Select(c => Row(c, history)).ToList();
        var report = new CheckpointListReport(
            stored.FirstOrDefault(c => c.Status == CheckpointStatus.Active)?.Checkpoint.Version,
            rows,
            [.. history.Select(h => new CheckpointHistoryRow(h.Version, h.PreviousVersion, h.Kind == CheckpointChangeKind.Rollback ? "rollback" : "promote", h.DecidedBy, h.DecidedAt, h.Note))]);
        if (json)
        {
            await console.Out.WriteLineAsync(JsonSerializer.Serialize(report, CheckpointsJsonContext.Default.CheckpointListReport)).ConfigureAwait(false);
            return CliApp.Ok;
        }

        if (rows.Count == 0)
        {
            await console.Out.WriteLineAsync("No checkpoint is registered: the live loop runs its fallbacks (the online file, Loop:Checkpoint, or untrained).").ConfigureAwait(false);
            return CliApp.Ok;
        }

        await console.Out.WriteLineAsync("VERSION\tAGENT\tSTATUS\tREGISTERED\tPROMOTED\tDATA\tMETRICS\tGATE").ConfigureAwait(false);
        foreach (var row in rows)
        {
            var promoted = row.PromotedAt is { } at ? $"{At(at)}{(row.PromotedBy is { } who ? " by " + who : string.Empty)}" : "-";
            var data = row.From is { } from && row.To is { } to
                ? FormattableString.Invariant($"{At(from)} – {At(to)} ({row.Hours:N0} h, {row.Decisions:N0} decisions, {row.Orders:N0} orders)")
                : "-";
            var metrics = new List<string>();
            if (row.Episodes is { } episodes)
            {
                metrics.Add(FormattableString.Invariant($"{episodes:N0} episodes"));
            }

            if (row.ProfitPerDay is { } profit)
            {
                metrics.Add(FormattableString.Invariant($"profit/day {profit:N0}"));
            }

            if (row.RewardTrend is { } trend)
            {
                metrics.Add(FormattableString.Invariant($"trend {trend:N0}"));
            }

            var gate = row.Verdict is { } v ? $"{(v.Promote ? "promote" : "hold")} ({v.Method}): {v.Reason}" : "-";
            await console.Out.WriteLineAsync(
                $"{row.Version}\t{row.AgentKind}\t{row.Status}\t{At(row.CreatedAt)}\t{promoted}\t{data}\t{(metrics.Count == 0 ? "-" : string.Join(", ", metrics))}\t{gate}").ConfigureAwait(false);
        }

        return CliApp.Ok;
    }

    private static CheckpointListRow Row(StoredCheckpoint stored, IReadOnlyList<CheckpointActivation> history)
    {
        var meta = CheckpointMeta.TryParse(stored.Checkpoint.MetaJson);
        var metadata = meta?.Metadata;
        var lastPromotion = history.FirstOrDefault(h => h.Version == stored.Checkpoint.Version);
        return new CheckpointListRow(
            stored.Checkpoint.Version,
            stored.Checkpoint.AgentKind,
            stored.Status.ToString().ToLowerInvariant(),
            stored.CreatedAt,
            stored.PromotedAt,
            lastPromotion?.DecidedBy,
            meta?.Source,
            stored.Checkpoint.ModelBlobLocation,
            meta?.Data?.From,
            meta?.Data?.To,
            meta?.Data?.Hours,
            meta?.Data?.Decisions,
            meta?.Data?.Orders,
            meta?.Training?.Episodes ?? Parse(metadata, TrainingMetadata.Episodes, s => int.Parse(s, NumberStyles.None, CultureInfo.InvariantCulture)),
            meta?.Training?.ProfitPerDay,
            meta?.Training?.RewardTrend ?? Parse(metadata, TrainingMetadata.RewardTrend, s => double.Parse(s, NumberStyles.Float, CultureInfo.InvariantCulture)),
            meta?.Verdict);
    }

    private static T? Parse<T>(IReadOnlyDictionary<string, string>? metadata, string key, Func<string, T> parse)
        where T : struct
    {
        if (metadata is null || !metadata.TryGetValue(key, out var text))
        {
            return null;
        }

        try
        {
            return parse(text);
        }
        catch (Exception ex) when (ex is FormatException or OverflowException)
        {
            return null;
        }
    }

    private static async Task<int> ChangeAsync(
        CliConsole console,
        ICheckpointStore registry,
        long storeId,
        string version,
        bool rollback,
        CheckpointDecision decision,
        bool json,
        CancellationToken cancellationToken)
    {
        CheckpointChange change;
        try
        {
            change = rollback
                ? await registry.RollbackAsync(storeId, version, decision, cancellationToken).ConfigureAwait(false)
                : await registry.PromoteAsync(storeId, version, decision, cancellationToken).ConfigureAwait(false);
        }
        catch (CheckpointRegistryException ex)
        {
            await console.Error.WriteLineAsync($"adpilot: {ex.Message}").ConfigureAwait(false);
            return CliApp.Failure;
        }
        catch (ArgumentException ex)
        {
            throw new UsageException(ex.Message);
        }

        var active = change.Active.Checkpoint;
        if (json)
        {
            var report = new CheckpointChangeReport(active.Version, active.AgentKind, change.Previous, change.Changed, rollback ? "rollback" : "promote", decision.DecidedBy);
            await console.Out.WriteLineAsync(JsonSerializer.Serialize(report, CheckpointsJsonContext.Default.CheckpointChangeReport)).ConfigureAwait(false);
        }
        else if (!change.Changed)
        {
            await console.Out.WriteLineAsync($"{active.Version} is already the active checkpoint; nothing changed.").ConfigureAwait(false);
        }
        else
        {
            var replaced = change.Previous is { } previous ? $"it replaces {previous}" : "no version served before";
            await console.Out.WriteLineAsync(
                $"{(rollback ? "Rolled back to" : "Promoted")} {active.Version} ({active.AgentKind}) by {decision.DecidedBy}: {replaced}; each account switches to it at its next cycle.").ConfigureAwait(false);
        }

        return CliApp.Ok;
    }

    private static async Task<int> AddAsync(
        CliConsole console, IDictionary environment, ICheckpointStore registry, long storeId, FileInfo file, string? asVersion, bool json, CancellationToken cancellationToken)
    {
        var checkpoint = await CheckpointFiles.LoadAsync(file, cancellationToken).ConfigureAwait(false);
        CheckpointFiles.Agent(file, checkpoint);
        var version = asVersion ?? string.Create(CultureInfo.InvariantCulture, $"{checkpoint.RunId}@{checkpoint.CreatedAt.ToUniversalTime():yyyyMMdd'T'HHmmss'Z'}");
        if (VersionProblem(version) is { } problem)
        {
            throw new UsageException($"'{file.FullName}': its run id makes no usable version ({problem}); name one with --version");
        }

        RetrainingSettings settings;
        try
        {
            var configuration = AdPilotConfiguration.Build(environment);
            settings = ConfigurationSections.Read(configuration, RetrainingOptions.SectionName, () => new RetrainingOptions(), o => o.Validate())
                .Snapshot(configuration["Loop:Policy"] ?? string.Empty);
        }
        catch (OptionsValidationException ex)
        {
            await console.Error.WriteLineAsync($"adpilot: the configuration is not valid: {string.Join("; ", ex.Failures)}").ConfigureAwait(false);
            return CliApp.Failure;
        }

        var existing = await registry.GetAsync(storeId, version, cancellationToken).ConfigureAwait(false);
        var folder = Path.Combine(settings.Directory, string.Create(CultureInfo.InvariantCulture, $"store-{storeId}"));
        var path = Path.Combine(folder, $"{version}.ckpt");
        var bytes = CheckpointFormat.Serialize(checkpoint);
        var kept = existing is not null && existing.Checkpoint.ModelBlobLocation == path && File.Exists(path)
            ? await File.ReadAllBytesAsync(path, cancellationToken).ConfigureAwait(false)
            : null;
        var sameFile = kept is not null && Same(kept, bytes);
        if (existing is not null && !sameFile)
        {
            await console.Error.WriteLineAsync($"adpilot: version {version} is already registered for another file ({existing.Checkpoint.ModelBlobLocation}); choose another --version").ConfigureAwait(false);
            return CliApp.Failure;
        }

        if (existing is null)
        {
            Directory.CreateDirectory(folder);
            var temporary = path + ".tmp";
            await File.WriteAllBytesAsync(temporary, bytes, cancellationToken).ConfigureAwait(false);
            File.Move(temporary, path, overwrite: true);
        }

        var meta = new CheckpointMeta { Source = CheckpointMeta.FileSource, RunId = checkpoint.RunId, CreatedAt = checkpoint.CreatedAt, Metadata = checkpoint.Metadata };
        var stored = await registry.RegisterAsync(storeId, new CheckpointRecord(version, checkpoint.AgentKind, path, meta.ToJson()), cancellationToken).ConfigureAwait(false);
        if (json)
        {
            var report = new CheckpointAddReport(version, checkpoint.AgentKind, stored.Status.ToString().ToLowerInvariant(), path, existing is null);
            await console.Out.WriteLineAsync(JsonSerializer.Serialize(report, CheckpointsJsonContext.Default.CheckpointAddReport)).ConfigureAwait(false);
        }
        else
        {
            await console.Out.WriteLineAsync(existing is null
                ? $"Registered {version} ({checkpoint.AgentKind}) as a candidate: {path}. Make it serve with 'adpilot checkpoints promote {version}'."
                : $"{version} is already registered for this file ({stored.Status.ToString().ToLowerInvariant()}); nothing changed.").ConfigureAwait(false);
        }

        return CliApp.Ok;
    }

    private static bool Same(byte[] a, byte[] b) => a.AsSpan().SequenceEqual(b);

    private static string At(DateTimeOffset instant) => instant.ToUniversalTime().ToString("yyyy-MM-dd HH:mm'Z'", CultureInfo.InvariantCulture);
}
