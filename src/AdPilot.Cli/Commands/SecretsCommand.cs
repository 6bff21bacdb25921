using System.Collections;
using System.CommandLine;
using System.Data.Common;
using System.Globalization;
using System.Text;
using System.Text.Json;
using AdPilot.Storage.Connections;
using AdPilot.Storage.Secrets;
using AdPilot.Storage.Stores;

namespace AdPilot.Cli.Commands;

/// <summary>
/// <c>adpilot secrets set NAME [--value-stdin] | list [--json] | rotate (--new-key-file FILE | --new-key-env VAR)</c>
/// [--db CONN] [--store DOMAIN]: platform and Shopify tokens encrypted at rest under the key from
/// <c>ADPILOT_SECRET_KEY</c> or <c>ADPILOT_SECRET_KEY_FILE</c>. A value is read from stdin (or typed at a prompt that does
/// not echo), never from an argument, so it stays out of shell history; list shows names, versions, ages and key
/// fingerprints, never values.
/// </summary>
internal static class SecretsCommand
{
    /// <summary>Gets where <c>set</c> reads its value in a test (the process's stdin otherwise).</summary>
    internal static AsyncLocal<TextReader?> Input { get; } = new();

    public static Command Create(CliConsole console, IDictionary environment, TimeProvider time)
    {
        string? Variable(string name) => environment[name] as string;
        var command = new Command("secrets", "Store, list and rotate the platform and Shopify tokens, encrypted at rest.");

        var db = DbCommand.DatabaseOption();
        var store = StoreChoice.Option();
        var name = new Argument<string>("NAME") { Description = $"One of {string.Join(", ", SecretNames.All)}." };
        var valueStdin = new Option<bool>("--value-stdin") { Description = "Read the value from stdin without prompting (a trailing newline is dropped)." };
        var setActor = CliActor.Option();
        var set = new Command("set", "Encrypt and store a secret; the value is read from stdin, never from an argument.") { name, valueStdin, db, store, setActor };
        set.SetAction((parsed, cancellationToken) => WithDatabaseAsync(console, parsed.GetValue(db), Variable, cancellationToken, async (database, target) =>
        {
            var secretName = parsed.GetValue(name)!;
            if (!SecretNames.IsKnown(secretName))
            {
                throw new UsageException($"unknown secret '{secretName}': expected one of {string.Join(", ", SecretNames.All)}");
            }

            var key = SecretKey.Require(Variable, DataDirectory(target));
            var storeId = await StoreChoice.ResolveAsync(new StoreDirectory(database, time), parsed.GetValue(store), cancellationToken).ConfigureAwait(false);
            var value = await ReadValueAsync(console, secretName, parsed.GetValue(valueStdin), cancellationToken).ConfigureAwait(false);
            if (value.Length == 0)
            {
                throw new UsageException($"no value for {secretName} on stdin: pipe it in, e.g. 'adpilot secrets set {secretName} < token.txt'");
            }

            var version = await new SecretStore(database, time).SetAsync(storeId, secretName, value, key, CliActor.Resolve(parsed.GetValue(setActor)), cancellationToken).ConfigureAwait(false);
            await console.Out.WriteLineAsync($"{secretName} stored (version {version}, key {key.Id}).").ConfigureAwait(false);
            return CliApp.Ok;
        }));
        command.Subcommands.Add(set);

        var listDb = DbCommand.DatabaseOption();
        var listStore = StoreChoice.Option();
        var json = new Option<bool>("--json") { Description = "Print one JSON object." };
        var list = new Command("list", "List the stored secrets: names, versions, ages and key fingerprints; never values.") { json, listDb, listStore };
        list.SetAction((parsed, cancellationToken) => WithDatabaseAsync(console, parsed.GetValue(listDb), Variable, cancellationToken, async (database, target) =>
        {
            var key = SecretKey.FromEnvironment(Variable, DataDirectory(target));
            var directory = new StoreDirectory(database, time);
            var storeId = await StoreChoice.ResolveAsync(directory, parsed.GetValue(listStore), cancellationToken).ConfigureAwait(false);
            var domain = (await directory.GetAsync(storeId, cancellationToken).ConfigureAwait(false))!.Profile.ShopDomain;
            var now = time.GetUtcNow();
            var rows = (await new SecretStore(database, time).ListAsync(storeId, cancellationToken).ConfigureAwait(false))
                .Select(s => new SecretRow(s.Name, s.Version, s.KeyId, s.CreatedAt, s.UpdatedAt, (long)(now - s.UpdatedAt).TotalSeconds))
                .ToList();
            if (parsed.GetValue(json))
            {
                await console.Out.WriteLineAsync(JsonSerializer.Serialize(new SecretsReport(domain, key?.Id, rows), SecretsJsonContext.Default.SecretsReport)).ConfigureAwait(false);
                return CliApp.Ok;
            }

            await console.Out.WriteLineAsync($"{rows.Count} secret(s) for {domain}" + (key is null ? " (no key configured)" : $" (current key {key.Id})")).ConfigureAwait(false);
            foreach (var row in rows)
            {
                var mark = key is not null && row.KeyId != key.Id ? "  (another key: rotate or configure it)" : string.Empty;
                await console.Out.WriteLineAsync($"  {row.Name,-24} v{row.Version,-3} age {Age(now - row.UpdatedAt),-8} key {row.KeyId}{mark}").ConfigureAwait(false);
            }

            return CliApp.Ok;
        }));
        command.Subcommands.Add(list);

        var rotateDb = DbCommand.DatabaseOption();
        var newKeyFile = new Option<string?>("--new-key-file") { Description = "A file holding the new key (base64 of 32 bytes), outside the data directory." };
        var newKeyEnv = new Option<string?>("--new-key-env") { Description = "The name of an environment variable holding the new key (base64 of 32 bytes)." };
        var rotateActor = CliActor.Option();
        var rotate = new Command("rotate", "Re-encrypt every secret under a new key, in one transaction; the current key is the old one.") { newKeyFile, newKeyEnv, rotateDb, rotateActor };
        rotate.Validators.Add(result =>
        {
            if ((result.GetResult(newKeyFile) is null) == (result.GetResult(newKeyEnv) is null))
            {
                result.AddError("rotate needs exactly one of --new-key-file FILE and --new-key-env VAR");
            }
        });
        rotate.SetAction((parsed, cancellationToken) => WithDatabaseAsync(console, parsed.GetValue(rotateDb), Variable, cancellationToken, async (database, target) =>
        {
            var dataDirectory = DataDirectory(target);
            SecretKey newKey;
            try
            {
                newKey = parsed.GetValue(newKeyFile) is { } file
                    ? SecretKey.FromFile(file, "--new-key-file", dataDirectory)
                    : SecretKey.FromBase64(Variable(parsed.GetValue(newKeyEnv)!), $"--new-key-env {parsed.GetValue(newKeyEnv)}");
            }
            catch (SecretKeyException ex)
            {
                throw new UsageException(ex.Message);
            }

            var oldKey = SecretKey.Require(Variable, dataDirectory);
            if (oldKey.SameAs(newKey))
            {
                throw new UsageException("the new key is the current key: rotate to a different key");
            }

            var count = await new SecretStore(database, time).RotateAsync(oldKey, newKey, CliActor.Resolve(parsed.GetValue(rotateActor)), cancellationToken).ConfigureAwait(false);
            await console.Out.WriteLineAsync(
                $"Re-encrypted {count} secret(s) from key {oldKey.Id} to key {newKey.Id}. Configure the new key now ({SecretKey.KeyVariable} or {SecretKey.KeyFileVariable}); the old one no longer reads them.")
                .ConfigureAwait(false);
            return CliApp.Ok;
        }));
        command.Subcommands.Add(rotate);
        return command;
    }

    /// <summary>The directory a key file must not be in: the SQLite file's; none for PostgreSQL.</summary>
    internal static string? DataDirectory(DatabaseTarget target) =>
        target.SqlitePath is { } path ? Path.GetDirectoryName(Path.GetFullPath(path)) : null;

    private static async Task<int> WithDatabaseAsync(
        CliConsole console, string? db, Func<string, string?> environment, CancellationToken cancellationToken, Func<StorageDatabase, DatabaseTarget, Task<int>> action)
    {
        var target = DbCommand.Target(db, environment);
        try
        {
            await using var database = await StorageDatabase.OpenMigratedAsync(target, cancellationToken).ConfigureAwait(false);
            return await action(database, target).ConfigureAwait(false);
        }
        catch (SecretKeyException ex)
        {
            await console.Error.WriteLineAsync($"adpilot: {ex.Message}").ConfigureAwait(false);
            return CliApp.Failure;
        }
        catch (SecretException ex)
        {
            await console.Error.WriteLineAsync($"adpilot: {ex.Message}").ConfigureAwait(false);
            return CliApp.Failure;
        }
        catch (DbException ex)
        {
            await console.Error.WriteLineAsync($"adpilot: {target}: {ex.Message}").ConfigureAwait(false);
            return CliApp.Failure;
        }
    }

    /// <summary>The value: all of stdin less one trailing newline, or typed at a prompt that does not echo.</summary>
    private static async Task<string> ReadValueAsync(CliConsole console, string name, bool fromStdin, CancellationToken cancellationToken)
    {
        if (Input.Value is { } input)
        {
            return TrimNewline(await input.ReadToEndAsync(cancellationToken).ConfigureAwait(false));
        }

        if (fromStdin || Console.IsInputRedirected)
        {
            return TrimNewline(await Console.In.ReadToEndAsync(cancellationToken).ConfigureAwait(false));
        }

        await console.Error.WriteAsync($"{name} (not shown): ").ConfigureAwait(false);
        var typed = new StringBuilder();
        while (true)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var pressed = Console.ReadKey(intercept: true);
            if (pressed.Key == ConsoleKey.Enter)
            {
                break;
            }

            if (pressed.Key == ConsoleKey.Backspace)
            {
                typed.Length = Math.Max(0, typed.Length - 1);
            }
            else if (!char.IsControl(pressed.KeyChar))
            {
                typed.Append(pressed.KeyChar);
            }
        }

        await console.Error.WriteLineAsync().ConfigureAwait(false);
        return typed.ToString();
    }

    private static string TrimNewline(string text) =>
        text.EndsWith("\r\n", StringComparison.Ordinal) ? text[..^2] : text.EndsWith('\n') ? text[..^1] : text;

    private static string Age(TimeSpan age) => age switch
    {
        { TotalDays: >= 1 } => string.Create(CultureInfo.InvariantCulture, $"{(int)age.TotalDays}d {age.Hours}h"),
        { TotalHours: >= 1 } => string.Create(CultureInfo.InvariantCulture, $"{(int)age.TotalHours}h {age.Minutes}m"),
        _ => string.Create(CultureInfo.InvariantCulture, $"{Math.Max(0, (int)age.TotalMinutes)}m"),
    };
}
