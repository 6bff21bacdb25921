using System.Data.Common;
using System.Globalization;
using AdPilot.Connectors;
using AdPilot.Connectors.Meta;
using AdPilot.Connectors.Shopify;
using AdPilot.Connectors.TikTok;
using AdPilot.Core.Domain;
using AdPilot.Core.Platforms;
using AdPilot.Runtime.Configuration;
using AdPilot.Runtime.Platforms;
using AdPilot.Storage.Connections;
using AdPilot.Storage.Cycles;
using AdPilot.Storage.Migrations;
using AdPilot.Storage.Stores;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace AdPilot.Runtime.Onboarding;

/// <summary>
/// Everything a run needs, checked without changing anything: the configuration (read as <c>adpilot run</c> reads it),
/// the database and its migrations (pending ones are reported, not applied), each connection's access
/// (<see cref="AccessVerifier"/>), the webhook subscriptions at the public URL, the clock against Shopify's, the store's
/// time zone, and the last successful cycle of each account.
/// </summary>
/// <param name="time">The clock.</param>
public sealed class Doctor(TimeProvider time)
{
    /// <summary>The configuration key of the public base URL Shopify delivers webhooks to (<c>Web__PublicUrl</c>).</summary>
    public const string PublicUrlKey = "Web:PublicUrl";

    /// <summary>The receiver's path under the public URL.</summary>
    public const string WebhookPath = "/webhooks/shopify";

    /// <summary>A clock further than this from Shopify's is a problem (signatures' replay windows, hour boundaries).</summary>
    public static readonly TimeSpan MaxClockSkew = TimeSpan.FromMinutes(5);

    /// <summary>A last successful cycle older than this is reported.</summary>
    public static readonly TimeSpan StaleCycle = TimeSpan.FromHours(3);

    private readonly TimeProvider _time = time ?? throw new ArgumentNullException(nameof(time));

    /// <summary>Runs every check.</summary>
    /// <param name="configuration">The configuration, built as <c>adpilot run</c> builds it.</param>
    /// <param name="database">The database.</param>
    /// <param name="storeDomain">The store to check the cycles of; <c>Shopify:ShopDomain</c> when null.</param>
    /// <param name="cancellationToken">Cancels the checks.</param>
    /// <returns>The checks, in the order they ran.</returns>
    public async Task<IReadOnlyList<DoctorCheck>> RunAsync(
        IConfiguration configuration, DatabaseTarget database, string? storeDomain, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        ArgumentNullException.ThrowIfNull(database);
        var checks = new List<DoctorCheck>();

        var (store, platforms) = CheckConfiguration(configuration, checks);
        var databaseReady = await CheckDatabaseAsync(database, checks, cancellationToken).ConfigureAwait(false);

        await using var services = new ServiceCollection()
            .AddSingleton(configuration)
            .AddSingleton(_time)
            .AddLogging()
            .AddMetaConnector()
            .AddTikTokConnector()
            .AddShopifyConnector()
            .BuildServiceProvider();
        var verifier = new AccessVerifier(_time);
        var shopifyOk = await CheckShopifyAsync(services, verifier, configuration, store, checks, cancellationToken).ConfigureAwait(false);
        if (platforms is { Source: PlatformSource.Api })
        {
            foreach (var account in platforms.Accounts)
            {
                checks.Add(await CheckAccountAsync(services, verifier, account, store?.Currency, cancellationToken).ConfigureAwait(false));
            }
        }
        else if (platforms is { Source: PlatformSource.Simulated })
        {
            checks.Add(new DoctorCheck("platforms", DoctorStatus.Warning, "Platforms:Source is Simulated: no real ad account is driven", "Set Platforms__Source=Api and name the ad accounts."));
        }

        if (shopifyOk)
        {
            await CheckWebhooksAsync(services, configuration, checks, cancellationToken).ConfigureAwait(false);
        }

        if (databaseReady && platforms is not null)
        {
            await CheckCyclesAsync(database, storeDomain ?? configuration["Shopify:ShopDomain"], platforms, checks, cancellationToken).ConfigureAwait(false);
        }

        return checks;
    }

    private (StoreOptions? Store, PlatformsOptions? Platforms) CheckConfiguration(IConfiguration configuration, List<DoctorCheck> checks)
    {
        var problems = new List<string>();
        StoreOptions? store = null;
        PlatformsOptions? platforms = null;
        try
        {
            store = ConfigurationSections.Read(configuration, StoreOptions.SectionName, () => new StoreOptions(), o => o.Validate());
        }
        catch (OptionsValidationException ex)
        {
            problems.AddRange(ex.Failures);
        }

        try
        {
            platforms = PlatformsServiceCollectionExtensions.Read(configuration);
        }
        catch (OptionsValidationException ex)
        {
            problems.AddRange(ex.Failures);
        }

        if (string.IsNullOrWhiteSpace(configuration["Shopify:ShopDomain"]) || string.IsNullOrWhiteSpace(configuration["Shopify:AdminToken"]))
        {
            problems.Add("Shopify: SHOPIFY_STORE_DOMAIN and SHOPIFY_ADMIN_TOKEN are required.");
        }

        checks.Add(problems.Count == 0
            ? new DoctorCheck("configuration", DoctorStatus.Ok, "settings read as adpilot run reads them", null)
            : new DoctorCheck("configuration", DoctorStatus.Problem, string.Join(" ", problems), "Fix the named settings in .env (see .env.example)."));

        var zone = configuration["Store:TimeZone"] ?? new StoreOptions().TimeZone;
        checks.Add(TimeZoneInfo.TryFindSystemTimeZoneById(zone, out var found)
            ? new DoctorCheck("store time zone", DoctorStatus.Ok, $"{found.Id} (UTC{Offset(found.GetUtcOffset(_time.GetUtcNow()))})", null)
            : new DoctorCheck("store time zone", DoctorStatus.Problem, $"'{zone}' is not a known IANA time zone", "Set TZ to the shop's IANA zone, e.g. America/New_York."));
        return (store, platforms);
    }

    /// <summary>Whether the database answers and has every migration, without applying any.</summary>
    private static async Task<bool> CheckDatabaseAsync(DatabaseTarget target, List<DoctorCheck> checks, CancellationToken cancellationToken)
    {
        const string Migrate = "Run 'adpilot db migrate' with the same --db (or DB_URL).";
        if (target.SqlitePath is { } path && !File.Exists(path))
        {
            checks.Add(new DoctorCheck("database", DoctorStatus.Problem, $"{target}: no database file", Migrate));
            return false;
        }

        var expected = DatabaseMigrator.Scripts(target.Dialect);
        var applied = new HashSet<string>(StringComparer.Ordinal);
        try
        {
            var database = new StorageDatabase(target);
            await using (database.ConfigureAwait(false))
            {
                var connection = await database.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
                await using (connection.ConfigureAwait(false))
                {
                    var command = connection.CreateCommand();
                    await using (command.ConfigureAwait(false))
                    {
                        command.CommandText = "SELECT ScriptName FROM SchemaVersions";
                        try
                        {
                            var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
                            await using (reader.ConfigureAwait(false))
                            {
                                while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
                                {
                                    applied.Add(reader.GetString(0));
                                }
                            }
                        }
                        catch (DbException)
                        {
                            // No journal table: nothing was ever migrated; every script is pending.
                        }
                    }
                }
            }
        }
        catch (DbException ex)
        {
            checks.Add(new DoctorCheck("database", DoctorStatus.Problem, $"{target}: {ex.Message}", "Check --db / DB_URL and that the server is running."));
            return false;
        }

        var pending = expected.Where(s => !applied.Contains(s)).Select(ShortName).ToList();
        checks.Add(pending.Count == 0
            ? new DoctorCheck("database", DoctorStatus.Ok, $"{target}: {expected.Count} migrations applied", null)
            : new DoctorCheck("database", DoctorStatus.Problem, $"{target}: {pending.Count} migration(s) pending: {string.Join(", ", pending)}", Migrate));
        return pending.Count == 0;
    }

    private async Task<bool> CheckShopifyAsync(
        ServiceProvider services, AccessVerifier verifier, IConfiguration configuration, StoreOptions? store, List<DoctorCheck> checks, CancellationToken cancellationToken)
    {
        var domain = configuration["Shopify:ShopDomain"] ?? "";
        ShopifyAccessClient client;
        try
        {
            client = services.GetRequiredService<ShopifyAccessClient>();
        }
        catch (OptionsValidationException ex)
        {
            checks.Add(new DoctorCheck("shopify", DoctorStatus.Problem, string.Join(" ", ex.Failures), "Set SHOPIFY_STORE_DOMAIN and SHOPIFY_ADMIN_TOKEN."));
            return false;
        }

        var result = await verifier.VerifyShopifyAsync(client, domain, store?.Currency, store?.TimeZone, store?.HistoryDays ?? 28, cancellationToken).ConfigureAwait(false);
        checks.Add(ToCheck(result, $"scopes {string.Join(",", result.GrantedScopes)}; {result.Currency}; {result.TimeZone}"));
        if (result.Currency is null)
        {
            return false;
        }

        // The clock: Shopify's Date header against ours (one more cheap read, timed on both sides).
        try
        {
            var before = _time.GetUtcNow();
            var shop = await client.GetShopAsync(cancellationToken).ConfigureAwait(false);
            var after = _time.GetUtcNow();
            if (shop.ServerTime is { } server)
            {
                var local = before + ((after - before) / 2);
                var skew = local - server;
                var seconds = Math.Abs(skew.TotalSeconds);
                var detail = string.Create(CultureInfo.InvariantCulture, $"this machine is {seconds:0}s {(skew >= TimeSpan.Zero ? "ahead of" : "behind")} Shopify");
                checks.Add(seconds > MaxClockSkew.TotalSeconds
                    ? new DoctorCheck("clock", DoctorStatus.Problem, detail, "Turn on time synchronisation (NTP, e.g. timedatectl set-ntp true).")
                    : seconds > 60
                        ? new DoctorCheck("clock", DoctorStatus.Warning, detail, "Turn on time synchronisation (NTP).")
                        : new DoctorCheck("clock", DoctorStatus.Ok, detail, null));
            }
        }
        catch (PlatformException)
        {
            // The access check just succeeded; a second failure adds nothing the row above does not say.
        }

        return result.Ok;
    }

    private static async Task<DoctorCheck> CheckAccountAsync(
        ServiceProvider services, AccessVerifier verifier, PlatformAccountOptions account, string? storeCurrency, CancellationToken cancellationToken)
    {
        var isMeta = account.Platform == Platform.Instagram;
        var name = isMeta ? $"meta act_{account.PlainAccountId}" : $"tiktok {account.AccountId}";
        try
        {
            var result = isMeta
                ? await verifier.VerifyMetaAsync(services.GetRequiredService<MetaAccessClient>(), account.PlainAccountId, storeCurrency, cancellationToken).ConfigureAwait(false)
                : await verifier.VerifyTikTokAsync(services.GetRequiredService<TikTokAccessClient>(), account.AccountId, storeCurrency, cancellationToken).ConfigureAwait(false);
            var expiry = result.TokenExpiresAt is { } at
                ? "token expires " + at.UtcDateTime.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)
                : isMeta ? "token does not expire" : "token expiry not reported by TikTok";
            return ToCheck(result, $"{expiry}; scopes {string.Join(",", result.GrantedScopes)}; {result.Currency}; {result.TimeZone}");
        }
        catch (OptionsValidationException ex)
        {
            return new DoctorCheck(name, DoctorStatus.Problem, string.Join(" ", ex.Failures), isMeta
                ? "Set META_LONG_LIVED_TOKEN and META_APP_SECRET."
                : "Set TIKTOK_ACCESS_TOKEN.");
        }
    }

    private static DoctorCheck ToCheck(AccountAccess result, string okDetail)
    {
        var name = result.Platform switch
        {
            "meta" => $"meta act_{result.AccountId}",
            "tiktok" => $"tiktok {result.AccountId}",
            _ => $"shopify {result.AccountId}",
        };
        if (result.Findings.Count == 0)
        {
            return new DoctorCheck(name, DoctorStatus.Ok, okDetail, null);
        }

        return new DoctorCheck(
            name,
            result.Ok ? DoctorStatus.Warning : DoctorStatus.Problem,
            result.Summary,
            string.Join(" ", result.Findings.Select(f => f.Fix).Distinct(StringComparer.Ordinal)));
    }

    private static async Task CheckWebhooksAsync(ServiceProvider services, IConfiguration configuration, List<DoctorCheck> checks, CancellationToken cancellationToken)
    {
        if (configuration[PublicUrlKey] is not { Length: > 0 } root || !Uri.TryCreate(root.TrimEnd('/') + WebhookPath, UriKind.Absolute, out var url))
        {
            checks.Add(new DoctorCheck(
                "webhooks", DoctorStatus.Warning, "Web__PublicUrl is not set: orders arrive by polling only", "Set Web__PublicUrl to the public https address of 'adpilot serve', then run 'adpilot webhooks register'."));
            return;
        }

        try
        {
            var subscriptions = await services.GetRequiredService<ShopifyWebhooksClient>().ListAsync(cancellationToken).ConfigureAwait(false);
            var missing = ShopifyWebhooksClient.Topics
                .Where(t => !subscriptions.Any(s => s.Topic == t && string.Equals(s.Uri, url.AbsoluteUri, StringComparison.Ordinal)))
                .Select(ShopifyWebhooksClient.RestName)
                .ToList();
            checks.Add(missing.Count == 0
                ? new DoctorCheck("webhooks", DoctorStatus.Ok, $"orders/create, orders/updated, refunds/create → {url.AbsoluteUri}", null)
                : new DoctorCheck("webhooks", DoctorStatus.Warning, $"not subscribed at {url.AbsoluteUri}: {string.Join(", ", missing)}", "Run 'adpilot webhooks register'."));
        }
        catch (PlatformException ex)
        {
            checks.Add(new DoctorCheck("webhooks", DoctorStatus.Warning, $"cannot list the subscriptions: {ex.Message}", "Run 'adpilot webhooks list' to see the error."));
        }
    }

    private async Task CheckCyclesAsync(
        DatabaseTarget target, string? storeDomain, PlatformsOptions platforms, List<DoctorCheck> checks, CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(storeDomain))
        {
            return;
        }

        var database = new StorageDatabase(target);
        await using (database.ConfigureAwait(false))
        {
            var store = await new StoreDirectory(database, _time).FindAsync(storeDomain, cancellationToken).ConfigureAwait(false);
            if (store is null)
            {
                checks.Add(new DoctorCheck("cycles", DoctorStatus.Warning, $"store {storeDomain} has not run yet", "Run 'adpilot run --mode shadow --once' for a first cycle."));
                return;
            }

            var now = _time.GetUtcNow();
            var runs = await new CycleRunStore(database, _time).ListAsync(store.Id, now.AddDays(-30), now.AddHours(1), cancellationToken).ConfigureAwait(false);
            var accounts = platforms.Source == PlatformSource.Api
                ? platforms.Accounts.Select(a => (a.Platform, Id: a.PlainAccountId)).ToList()
                : runs.Select(r => (r.Platform, Id: r.AccountId)).Distinct().ToList();
            foreach (var (platform, id) in accounts)
            {
                var name = $"last cycle {(platform == Platform.Instagram ? "meta act_" : "tiktok ")}{id}";
                var last = runs
                    .Where(r => r.Platform == platform && Plain(r.AccountId) == id && r.Status == CycleRunStatus.Succeeded)
                    .MaxBy(r => r.Hour);
                checks.Add(last is null
                    ? new DoctorCheck(name, DoctorStatus.Warning, "no successful cycle in the last 30 days", "Run 'adpilot run --mode shadow' and look at its log for the failing step.")
                    : now - last.Hour > StaleCycle
                        ? new DoctorCheck(name, DoctorStatus.Warning, $"last succeeded for {last.Hour:yyyy-MM-dd HH:00}Z", "Check that 'adpilot run' is running; its log names the failing step.")
                        : new DoctorCheck(name, DoctorStatus.Ok, $"succeeded for {last.Hour:yyyy-MM-dd HH:00}Z", null));
            }
        }
    }

    private static string Offset(TimeSpan offset) =>
        (offset < TimeSpan.Zero ? "-" : "+") + offset.Duration().ToString(@"hh\:mm", CultureInfo.InvariantCulture);

    private static string Plain(string accountId) => accountId.StartsWith("act_", StringComparison.Ordinal) ? accountId[4..] : accountId;

    private static string ShortName(string name)
    {
        var trimmed = name.EndsWith(".sql", StringComparison.Ordinal) ? name[..^4] : name;
        var dot = trimmed.LastIndexOf('.');
        return dot < 0 ? trimmed : trimmed[(dot + 1)..];
    }
}
