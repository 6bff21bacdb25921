using System.Collections;
using System.CommandLine;
using System.Data.Common;
using System.Text.Json;
using AdPilot.Connectors;
using AdPilot.Connectors.Shopify;
using AdPilot.Core.Platforms;
using AdPilot.Runtime.Configuration;
using AdPilot.Runtime.Onboarding;
using AdPilot.Storage.Audit;
using AdPilot.Storage.Connections;
using AdPilot.Storage.Stores;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace AdPilot.Cli.Commands;

/// <summary>
/// <c>adpilot webhooks register|list|remove [--url URL] [--json]</c>: the shop's webhook subscriptions for AdPilot's
/// receiver (orders/create, orders/updated, refunds/create) through the Admin GraphQL API. The address is
/// <c>--url</c>, or <c>Web:PublicUrl</c> (<c>Web__PublicUrl</c>) followed by <c>/webhooks/shopify</c>. Registering twice
/// creates nothing new; remove without an address removes AdPilot's topics at every address.
/// </summary>
internal static class WebhooksCommand
{
    /// <summary>The configuration key of the public base URL Shopify reaches AdPilot at.</summary>
    public const string PublicUrlKey = Doctor.PublicUrlKey;

    public static Command Create(CliConsole console, IDictionary environment, TimeProvider time)
    {
        var command = new Command("webhooks", "Register, list or remove the shop's webhook subscriptions for AdPilot's receiver.");
        foreach (var action in new[] { "register", "list", "remove" })
        {
            var url = new Option<string?>("--url") { Description = $"The receiver's public address; default {PublicUrlKey} + {Doctor.WebhookPath}." };
            var json = new Option<bool>("--json") { Description = "Print one JSON object." };
            var sub = new Command(action, action switch
            {
                "register" => "Subscribe orders/create, orders/updated and refunds/create to the address (idempotent).",
                "list" => "List the shop's webhook subscriptions.",
                _ => "Remove AdPilot's subscriptions at the address (at every address when none is configured or given).",
            });
            var db = DbCommand.DatabaseOption();
            var actor = CliActor.Option();
            if (action != "list")
            {
                sub.Options.Add(url);
                sub.Options.Add(db);
                sub.Options.Add(actor);
            }

            sub.Options.Add(json);
            sub.SetAction((parsed, cancellationToken) => RunAsync(
                console,
                environment,
                action,
                action == "list" ? null : parsed.GetValue(url),
                parsed.GetValue(json),
                action == "list" ? null : new AuditTarget(parsed.GetValue(db), CliActor.Resolve(parsed.GetValue(actor)), time),
                cancellationToken));
            command.Subcommands.Add(sub);
        }

        return command;
    }

    /// <summary>The receiver's address: <paramref name="given"/>, or the configured public URL with the receiver's path.</summary>
    /// <exception cref="UsageException"><paramref name="given"/> is not an absolute http(s) URL.</exception>
    internal static Uri? Address(string? given, IConfiguration configuration)
    {
        if (given is not null)
        {
            return Uri.TryCreate(given, UriKind.Absolute, out var url) && (url.Scheme == Uri.UriSchemeHttps || url.Scheme == Uri.UriSchemeHttp)
                ? url
                : throw new UsageException($"--url must be an absolute http(s) URL, got '{given}'");
        }

        return configuration[PublicUrlKey] is { Length: > 0 } root && Uri.TryCreate(root.TrimEnd('/') + Doctor.WebhookPath, UriKind.Absolute, out var configured)
            ? configured
            : null;
    }

    private static async Task<int> RunAsync(
        CliConsole console, IDictionary environment, string action, string? given, bool json, AuditTarget? audit, CancellationToken cancellationToken)
    {
        var configuration = AdPilotConfiguration.Build(environment);
        var url = Address(given, configuration);
        if (action == "register" && url is null)
        {
            await console.Error.WriteLineAsync($"adpilot: no address to register: pass --url or set Web__PublicUrl (the public https address of 'adpilot serve').").ConfigureAwait(false);
            return CliApp.Failure;
        }

        if (audit is not null && !await RecordAsync(console, environment, configuration, action, url, audit, cancellationToken).ConfigureAwait(false))
        {
            return CliApp.Failure;
        }

        await using var services = new ServiceCollection()
            .AddSingleton<IConfiguration>(configuration)
            .AddLogging()
            .AddShopifyConnector()
            .BuildServiceProvider();
        try
        {
            var client = services.GetRequiredService<ShopifyWebhooksClient>();
            var rows = action switch
            {
                "register" => (await client.RegisterAsync(url!, cancellationToken).ConfigureAwait(false))
                    .Select(r => Row(r.Subscription, r.Created)).ToList(),
                "list" => (await client.ListAsync(cancellationToken).ConfigureAwait(false)).Select(s => Row(s, null)).ToList(),
                _ => (await client.RemoveAsync(url, cancellationToken).ConfigureAwait(false)).Select(s => Row(s, null)).ToList(),
            };
            if (json)
            {
                await console.Out.WriteLineAsync(JsonSerializer.Serialize(
                    new WebhooksReport(action, url?.AbsoluteUri, rows), OnboardingJsonContext.Default.WebhooksReport)).ConfigureAwait(false);
                return CliApp.Ok;
            }

            await console.Out.WriteLineAsync(action switch
            {
                "register" => $"{rows.Count(r => r.Created == true)} subscription(s) created, {rows.Count(r => r.Created == false)} already registered at {url!.AbsoluteUri}",
                "list" => $"{rows.Count} webhook subscription(s)",
                _ => $"{rows.Count} subscription(s) removed" + (url is null ? " (every address)" : $" at {url.AbsoluteUri}"),
            }).ConfigureAwait(false);
            foreach (var row in rows)
            {
                await console.Out.WriteLineAsync($"  {row.Topic,-16} {row.Uri}  {row.Id}" + (row.Created switch { true => "  (created)", false => "  (already there)", _ => "" }))
                    .ConfigureAwait(false);
            }

            return CliApp.Ok;
        }
        catch (OptionsValidationException ex)
        {
            await console.Error.WriteLineAsync($"adpilot: the Shopify settings are not valid: {string.Join("; ", ex.Failures)} (set SHOPIFY_STORE_DOMAIN and SHOPIFY_ADMIN_TOKEN)")
                .ConfigureAwait(false);
            return CliApp.Failure;
        }
        catch (PlatformException ex)
        {
            await console.Error.WriteLineAsync($"adpilot: Shopify: {ex.Message}").ConfigureAwait(false);
            return CliApp.Failure;
        }
    }

    /// <summary>
    /// Records a register or remove in the admin audit trail before Shopify is called, so a change of the subscriptions
    /// cannot go unrecorded; a database that cannot be written stops the command first.
    /// </summary>
    private static async Task<bool> RecordAsync(
        CliConsole console, IDictionary environment, IConfiguration configuration, string action, Uri? url, AuditTarget audit, CancellationToken cancellationToken)
    {
        var target = DbCommand.Target(audit.Db, name => environment[name] as string);
        try
        {
            await using var database = await StorageDatabase.OpenMigratedAsync(target, cancellationToken).ConfigureAwait(false);
            var shop = configuration["Shopify:ShopDomain"];
            var store = shop is null ? null : await new StoreDirectory(database, audit.Time).FindAsync(shop, cancellationToken).ConfigureAwait(false);
            await new AdminAuditStore(database, audit.Time).AppendAsync(
                store?.Id,
                new AdminAuditRecord(
                    audit.Actor,
                    action == "register" ? AdminActions.WebhookRegister : AdminActions.WebhookRemove,
                    url?.AbsoluteUri ?? "every address",
                    new Dictionary<string, string?> { ["shop"] = shop }),
                cancellationToken).ConfigureAwait(false);
            return true;
        }
        catch (DbException ex)
        {
            await console.Error.WriteLineAsync($"adpilot: {target}: {ex.Message} (the audit trail must record this before Shopify is called)").ConfigureAwait(false);
            return false;
        }
    }

    private static WebhookRow Row(ShopifyWebhookSubscription s, bool? created) =>
        new(s.Id, ShopifyWebhooksClient.RestName(s.Topic), s.Uri, created);
}

/// <summary>Where and as whom <c>adpilot webhooks register|remove</c> is recorded.</summary>
/// <param name="Db">The <c>--db</c> option.</param>
/// <param name="Actor">Who.</param>
/// <param name="Time">The clock.</param>
internal sealed record AuditTarget(string? Db, AdminActor Actor, TimeProvider Time);
