using System.Collections;
using System.CommandLine;
using System.Data.Common;
using System.Globalization;
using System.Text.Json;
using AdPilot.Connectors;
using AdPilot.Connectors.Access;
using AdPilot.Connectors.Meta;
using AdPilot.Connectors.Shopify;
using AdPilot.Connectors.TikTok;
using AdPilot.Core.Domain;
using AdPilot.Core.Platforms;
using AdPilot.Runtime.Configuration;
using AdPilot.Runtime.Onboarding;
using AdPilot.Storage.Connections;
using AdPilot.Storage.Onboarding;
using AdPilot.Storage.Secrets;
using AdPilot.Storage.Stores;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Spectre.Console;

namespace AdPilot.Cli.Commands;

/// <summary>
/// <c>adpilot connect shopify|meta|tiktok</c>: obtains the platform's token (Shopify's custom-app token as given, Meta's
/// short-lived user token exchanged for a long-lived one, TikTok's authorisation code exchanged for an advertiser token),
/// lists the accounts the token sees and lets the person pick (numbered on a terminal, <c>--account</c>/<c>--advertiser</c>
/// in scripts), verifies access (<see cref="AccessVerifier"/>: scopes, currency, time zone, campaign budget optimisation),
/// and only then writes the tokens to the secret store, the connection and the chosen accounts to the database. Nothing is
/// written when access fails. Secrets come from stdin or a prompt that does not echo; without a terminal nothing is asked
/// and a missing value is a one-line error (exit 2). Connecting again with the same answers changes nothing.
/// </summary>
internal static class ConnectCommand
{
    private const string MetaDefaultBase = "https://graph.facebook.com/";
    private const string TikTokDefaultBase = "https://business-api.tiktok.com/open_api/";

    /// <summary>Gets what the command reads as stdin in a test (the process's stdin otherwise); set, it also means "no terminal".</summary>
    internal static AsyncLocal<TextReader?> Input { get; } = new();

    /// <summary>Gets a scripted terminal for a test; when null the process's terminal is used, if there is one and <see cref="Input"/> is unset.</summary>
    internal static AsyncLocal<ConnectTerminal?> Terminal { get; } = new();

    public static Command Create(CliConsole console, IDictionary environment, TimeProvider time)
    {
        var command = new Command("connect", "Connect the Shopify store, Meta ad accounts or TikTok advertisers: tokens to the secret store, access verified.");
        command.Subcommands.Add(ShopifyCommand(console, environment, time));
        command.Subcommands.Add(MetaCommand(console, environment, time));
        command.Subcommands.Add(TikTokCommand(console, environment, time));
        return command;
    }

    private static Command ShopifyCommand(CliConsole console, IDictionary environment, TimeProvider time)
    {
        var store = new Option<string?>("--store") { Description = "The shop's domain, e.g. example.myshopify.com (asked on a terminal when left out)." };
        var tokenStdin = new Option<bool>("--token-stdin") { Description = "Read the custom app's Admin API token from stdin." };
        var token = new Option<string?>("--token")
        {
            Description = "The Admin API token as an argument. Visible to other users in the process list and kept in shell history: prefer --token-stdin or the prompt.",
        };
        var (baseUrl, db, json) = CommonOptions("Shopify");
        var command = new Command("shopify", "Connect the Shopify store with a custom app's Admin API token (scopes read_orders, and read_all_orders for history over 60 days).")
        {
            store, tokenStdin, token, baseUrl, db, json,
        };
        command.Validators.Add(r =>
        {
            if (r.GetResult(token) is not null && r.GetResult(tokenStdin) is not null)
            {
                r.AddError("give the token once: --token or --token-stdin, not both");
            }
        });
        command.SetAction((parsed, cancellationToken) => WithSetupAsync(console, environment, time, parsed.GetValue(db), cancellationToken, setup =>
            ShopifyAsync(setup, parsed.GetValue(store), parsed.GetValue(token), parsed.GetValue(tokenStdin), BaseUrl(parsed.GetValue(baseUrl)), parsed.GetValue(json), cancellationToken)));
        return command;
    }

    private static Command MetaCommand(CliConsole console, IDictionary environment, TimeProvider time)
    {
        var store = StoreChoice.Option();
        var appId = new Option<string?>("--app-id") { Description = "The Meta app's id (default META_APP_ID, then the last connect's)." };
        var secretStdin = new Option<bool>("--app-secret-stdin") { Description = "Read the app secret from stdin (its first line when --user-token-stdin is given too)." };
        var tokenStdin = new Option<bool>("--user-token-stdin") { Description = "Read the short-lived user token from stdin (its second line after the app secret, when both are given)." };
        var accounts = new Option<string[]>("--account")
        {
            Description = "An ad account to connect, act_ID (repeat for several); without it a terminal offers a numbered list, a script gets the only one.",
            AllowMultipleArgumentsPerToken = false,
        };
        var (baseUrl, db, json) = CommonOptions("Meta");
        var command = new Command("meta", "Connect Meta ad accounts: exchange a short-lived user token for a long-lived one, pick the ad accounts, verify access.")
        {
            store, appId, secretStdin, tokenStdin, accounts, baseUrl, db, json,
        };
        command.SetAction((parsed, cancellationToken) => WithSetupAsync(console, environment, time, parsed.GetValue(db), cancellationToken, setup =>
            MetaAsync(
                setup,
                parsed.GetValue(store),
                parsed.GetValue(appId),
                parsed.GetValue(secretStdin),
                parsed.GetValue(tokenStdin),
                parsed.GetValue(accounts) ?? [],
                BaseUrl(parsed.GetValue(baseUrl)),
                parsed.GetValue(json),
                cancellationToken)));
        return command;
    }

    private static Command TikTokCommand(CliConsole console, IDictionary environment, TimeProvider time)
    {
        var store = StoreChoice.Option();
        var appId = new Option<string?>("--app-id") { Description = "The TikTok developer app's id (default TIKTOK_APP_ID, then the last connect's)." };
        var secretStdin = new Option<bool>("--secret-stdin") { Description = "Read the app secret from stdin." };
        var authCode = new Option<string?>("--auth-code") { Description = "The auth_code TikTok's consent page redirected with (single-use, valid for about an hour)." };
        var advertisers = new Option<string[]>("--advertiser")
        {
            Description = "An advertiser to connect (repeat for several); without it a terminal offers a numbered list, a script gets the only one.",
        };
        var (baseUrl, db, json) = CommonOptions("TikTok");
        var command = new Command("tiktok", "Connect TikTok advertisers: exchange an authorisation code for an advertiser token, pick the advertisers, verify access.")
        {
            store, appId, secretStdin, authCode, advertisers, baseUrl, db, json,
        };
        command.SetAction((parsed, cancellationToken) => WithSetupAsync(console, environment, time, parsed.GetValue(db), cancellationToken, setup =>
            TikTokAsync(
                setup,
                parsed.GetValue(store),
                parsed.GetValue(appId),
                parsed.GetValue(secretStdin),
                parsed.GetValue(authCode),
                parsed.GetValue(advertisers) ?? [],
                BaseUrl(parsed.GetValue(baseUrl)),
                parsed.GetValue(json),
                cancellationToken)));
        return command;
    }

    private static (Option<string?> BaseUrl, Option<string?> Db, Option<bool> Json) CommonOptions(string section) =>
    (
        new Option<string?>("--base-url") { Description = $"The API's base URL (default {section}__BaseUrl, else the platform's own); 'adpilot sandbox' prints its own." },
        DbCommand.DatabaseOption(),
        new Option<bool>("--json") { Description = "Print one JSON object: {\"platform\",\"ok\",\"saved\",\"store\",\"storeCurrency\",\"storeTimeZone\",\"grantedScopes\",\"missingScopes\",\"tokenExpiresAt\",\"accounts\",\"findings\",\"webhooks\"}." }
    );

    private static Uri? BaseUrl(string? given)
    {
        if (given is null)
        {
            return null;
        }

        return Uri.TryCreate(given.EndsWith('/') ? given : given + "/", UriKind.Absolute, out var url) && (url.Scheme == Uri.UriSchemeHttps || url.Scheme == Uri.UriSchemeHttp)
            ? url
            : throw new UsageException($"--base-url must be an absolute http(s) URL, got '{given}'");
    }

    private static async Task<int> ShopifyAsync(
        Setup setup, string? domain, string? tokenArgument, bool tokenStdin, Uri? baseUrl, bool json, CancellationToken cancellationToken)
    {
        var terminal = TerminalFor();
        var stdin = new StdinLines();
        domain ??= terminal is null
            ? throw new UsageException("connect shopify needs --store DOMAIN (the shop's myshopify.com domain)")
            : await terminal.AskAsync(setup.Console.Error, "Shop domain (e.g. example.myshopify.com)", cancellationToken).ConfigureAwait(false);
        domain = domain.Trim().ToLowerInvariant();
        if (domain.Length == 0 || domain.Contains('/', StringComparison.Ordinal) || domain.Contains(':', StringComparison.Ordinal))
        {
            throw new UsageException($"--store must be the shop's domain alone, such as example.myshopify.com, got '{domain}'");
        }

        var existing = await setup.Stores.FindAsync(domain, cancellationToken).ConfigureAwait(false);
        var token = tokenArgument
            ?? (tokenStdin ? await stdin.NextAsync("the Admin API token", cancellationToken).ConfigureAwait(false) : null)
            ?? (existing is null ? null : await setup.Secrets.GetAsync(existing.Id, "SHOPIFY_ADMIN_TOKEN", setup.Key, cancellationToken).ConfigureAwait(false))
            ?? (terminal is null ? null : await terminal.AskSecretAsync(setup.Console.Error, "Admin API token of the custom app (shpat_…)", cancellationToken).ConfigureAwait(false))
            ?? throw new UsageException("no Admin API token: pipe it in with --token-stdin, or run on a terminal to be asked");
        if (token.Length == 0)
        {
            throw new UsageException("the Admin API token is empty");
        }

        var root = baseUrl ?? (setup.Configuration["Shopify:BaseUrl"] is { Length: > 0 } configured ? new Uri(configured) : null);
        var overlay = new Dictionary<string, string?>(StringComparer.Ordinal)
        {
            ["Shopify:ShopDomain"] = domain,
            ["Shopify:AdminToken"] = token,
        };
        if (root is not null)
        {
            overlay["Shopify:BaseUrl"] = root.AbsoluteUri;
        }

        await using var services = Services(setup, overlay, s => s.AddShopifyConnector());
        var historyDays = int.TryParse(setup.Configuration["Store:HistoryDays"], NumberStyles.Integer, CultureInfo.InvariantCulture, out var days) ? days : new StoreOptions().HistoryDays;
        var access = await new AccessVerifier(setup.Time).VerifyShopifyAsync(
            services.GetRequiredService<ShopifyAccessClient>(), domain, null, null, historyDays, cancellationToken).ConfigureAwait(false);
        var findings = Rows($"shopify {domain}", access.Findings);
        if (!access.Ok || access.Currency is null || access.TimeZone is null)
        {
            return await ReportAsync(setup, new ConnectReport(
                "shopify", false, false, domain, access.Currency, access.TimeZone, access.GrantedScopes, access.MissingScopes, null, [], findings, null), json).ConfigureAwait(false);
        }

        var shopDomain = access.AccountId;
        var current = await setup.Stores.FindAsync(shopDomain, cancellationToken).ConfigureAwait(false);
        var margin = decimal.TryParse(setup.Configuration["Store:GrossMargin"], NumberStyles.Number, CultureInfo.InvariantCulture, out var m) ? m : current?.Profile.GrossMargin ?? new StoreOptions().GrossMargin;
        var targetRoas = decimal.TryParse(setup.Configuration["Store:TargetRoas"], NumberStyles.Number, CultureInfo.InvariantCulture, out var r) ? r : current?.Profile.TargetRoas;
        var storeId = await setup.Stores.UpsertAsync(
            new StoreProfile
            {
                ShopDomain = shopDomain,
                Currency = access.Currency,
                TimeZone = access.TimeZone,
                GrossMargin = margin,
                TargetRoas = targetRoas,
                DataSince = current?.Profile.DataSince ?? LocalHourFloor(setup.Time.GetUtcNow().AddDays(-historyDays)),
            },
            cancellationToken).ConfigureAwait(false);
        await setup.SetSecretAsync(storeId, "SHOPIFY_ADMIN_TOKEN", token, cancellationToken).ConfigureAwait(false);
        var now = setup.Time.GetUtcNow();
        await setup.Connections.SaveAsync(
            new PlatformConnection(storeId, "shopify", null, root?.AbsoluteUri, access.GrantedScopes, null, now, null), [], cancellationToken).ConfigureAwait(false);

        IReadOnlyList<WebhookRow>? webhooks = null;
        if (WebhooksCommand.Address(null, setup.Configuration) is { } url)
        {
            try
            {
                webhooks = (await services.GetRequiredService<ShopifyWebhooksClient>().RegisterAsync(url, cancellationToken).ConfigureAwait(false))
                    .Select(w => new WebhookRow(w.Subscription.Id, ShopifyWebhooksClient.RestName(w.Subscription.Topic), w.Subscription.Uri, w.Created))
                    .ToList();
            }
            catch (PlatformException ex)
            {
                findings.Add(new ConnectFindingRow($"shopify {shopDomain}", "warning", $"the webhooks could not be registered: {ex.Message}", "Run 'adpilot webhooks register' once the shop answers."));
            }
        }
        else
        {
            findings.Add(new ConnectFindingRow(
                $"shopify {shopDomain}", "warning", "Web__PublicUrl is not set: no webhooks registered, orders arrive by polling only", "Set Web__PublicUrl to the public address of 'adpilot serve', then run 'adpilot webhooks register'."));
        }

        var accounts = await setup.Connections.ListAccountsAsync(storeId, cancellationToken).ConfigureAwait(false);
        foreach (var account in accounts.Where(a => !string.Equals(a.Currency, access.Currency, StringComparison.Ordinal)))
        {
            findings.Add(Mismatch(Label(account.Platform, account.ExternalId), account.Currency, access.Currency));
        }

        return await ReportAsync(setup, new ConnectReport(
            "shopify",
            findings.All(f => f.Severity != "problem"),
            true,
            shopDomain,
            access.Currency,
            access.TimeZone,
            access.GrantedScopes,
            access.MissingScopes,
            null,
            [],
            Ordered(findings),
            webhooks), json).ConfigureAwait(false);
    }

    private static async Task<int> MetaAsync(
        Setup setup, string? storeOption, string? appIdArgument, bool secretStdin, bool tokenStdin, string[] accountArguments, Uri? baseUrl, bool json, CancellationToken cancellationToken)
    {
        var terminal = TerminalFor();
        var stdin = new StdinLines();
        var store = await setup.StoreAsync(storeOption, cancellationToken).ConfigureAwait(false);
        var previous = await setup.Connections.GetAsync(store.Id, "meta", cancellationToken).ConfigureAwait(false);
        var appId = appIdArgument ?? NonEmpty(setup.Configuration["Meta:AppId"]) ?? previous?.AppId
            ?? (terminal is null ? null : await terminal.AskAsync(setup.Console.Error, "Meta app id", cancellationToken).ConfigureAwait(false))
            ?? throw new UsageException("connect meta needs --app-id ID (or META_APP_ID)");
        var appSecret = (secretStdin ? await stdin.NextAsync("the app secret", cancellationToken).ConfigureAwait(false) : null)
            ?? await setup.Secrets.GetAsync(store.Id, "META_APP_SECRET", setup.Key, cancellationToken).ConfigureAwait(false)
            ?? NonEmpty(setup.Configuration["Meta:AppSecret"])
            ?? (terminal is null ? null : await terminal.AskSecretAsync(setup.Console.Error, "Meta app secret", cancellationToken).ConfigureAwait(false))
            ?? throw new UsageException("no Meta app secret: pipe it in with --app-secret-stdin, or run on a terminal to be asked");
        var userToken = (tokenStdin ? await stdin.NextAsync("the user token", cancellationToken).ConfigureAwait(false) : null)
            ?? (terminal is null ? null : NonEmpty(await terminal.AskSecretAsync(setup.Console.Error, "Meta user access token (short-lived; Enter re-uses the stored one)", cancellationToken).ConfigureAwait(false)))
            ?? await setup.Secrets.GetAsync(store.Id, "META_LONG_LIVED_TOKEN", setup.Key, cancellationToken).ConfigureAwait(false)
            ?? throw new UsageException("no Meta user token: pipe it in with --user-token-stdin, or run on a terminal to be asked");
        RequireNonEmpty(appId, "the app id");
        RequireNonEmpty(appSecret, "the app secret");

        var root = baseUrl ?? new Uri(NonEmpty(setup.Configuration["Meta:BaseUrl"]) ?? MetaDefaultBase);
        var version = NonEmpty(setup.Configuration["Meta:ApiVersion"]) ?? "v25.0";
        IssuedToken issued;
        await using (var oauth = Services(setup, new Dictionary<string, string?>(), s => s.AddMetaOAuth()))
        {
            try
            {
                issued = await oauth.GetRequiredService<MetaOAuthClient>().ExchangeAsync(root, version, appId, appSecret, userToken, cancellationToken).ConfigureAwait(false);
            }
            catch (PlatformException ex)
            {
                return await RefusedAsync(setup, "meta", store, "meta token exchange", ex, MetaNewToken, json).ConfigureAwait(false);
            }
        }

        var overlay = new Dictionary<string, string?>(StringComparer.Ordinal)
        {
            ["Meta:BaseUrl"] = root.AbsoluteUri,
            ["Meta:AccessToken"] = issued.Value,
            ["Meta:AppSecret"] = appSecret,
        };
        await using var services = Services(setup, overlay, s => s.AddMetaConnector());
        var client = services.GetRequiredService<MetaAccessClient>();
        IReadOnlyList<AccountProfile> visible;
        try
        {
            visible = await client.ListAdAccountsAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (PlatformException ex)
        {
            return await RefusedAsync(setup, "meta", store, "the ad accounts (me/adaccounts)", ex, MetaNewToken, json).ConfigureAwait(false);
        }

        var chosen = await ChooseAsync(
            setup,
            terminal,
            "Meta ad accounts this token can see",
            visible.Select(a => (a.AccountId, $"act_{a.AccountId}  {a.Name}  {a.Currency}  {a.TimeZone}")).ToList(),
            accountArguments.Select(a => a.StartsWith("act_", StringComparison.Ordinal) ? a[4..] : a).ToList(),
            "--account act_ID",
            id => $"act_{id}",
            cancellationToken).ConfigureAwait(false);
        if (chosen.Missing is { } missing)
        {
            var sees = visible.Count == 0 ? "none" : string.Join(", ", visible.Select(a => "act_" + a.AccountId));
            return await ReportAsync(setup, new ConnectReport("meta", false, false, store.Profile.ShopDomain, store.Profile.Currency, store.Profile.TimeZone, [], [], issued.ExpiresAt, [],
                missing.Count == 0
                    ? [new ConnectFindingRow("meta", "problem", "this token sees no ad account", "Assign the ad accounts to the user or system user the token belongs to (Business Settings > Users > Assign assets), then run connect again.")]
                    : [.. missing.Select(id => new ConnectFindingRow($"meta act_{id}", "problem", $"this token cannot see ad account act_{id} (it sees {sees})", $"Check the id; assign ad account act_{id} to the user or system user the token belongs to (Business Settings > Users > Assign assets), then run connect again."))], null), json).ConfigureAwait(false);
        }

        var verifier = new AccessVerifier(setup.Time);
        var results = new List<AccountAccess>();
        foreach (var id in chosen.Ids)
        {
            results.Add(await verifier.VerifyMetaAsync(client, id, null, cancellationToken).ConfigureAwait(false));
        }

        var expires = issued.ExpiresAt ?? results.Select(x => x.TokenExpiresAt).FirstOrDefault(x => x is not null);
        return await SaveAccountsAsync(setup, store, "meta", Platform.Instagram, appId, root.AbsoluteUri == MetaDefaultBase ? null : root.AbsoluteUri, expires,
            [("META_APP_SECRET", appSecret), ("META_LONG_LIVED_TOKEN", issued.Value)], visible, results, json, cancellationToken).ConfigureAwait(false);
    }

    private static async Task<int> TikTokAsync(
        Setup setup, string? storeOption, string? appIdArgument, bool secretStdin, string? authCode, string[] advertiserArguments, Uri? baseUrl, bool json, CancellationToken cancellationToken)
    {
        var terminal = TerminalFor();
        var stdin = new StdinLines();
        var store = await setup.StoreAsync(storeOption, cancellationToken).ConfigureAwait(false);
        var previous = await setup.Connections.GetAsync(store.Id, "tiktok", cancellationToken).ConfigureAwait(false);
        var appId = appIdArgument ?? NonEmpty(setup.Configuration["TikTok:AppId"]) ?? previous?.AppId
            ?? (terminal is null ? null : await terminal.AskAsync(setup.Console.Error, "TikTok app id", cancellationToken).ConfigureAwait(false))
            ?? throw new UsageException("connect tiktok needs --app-id ID (or TIKTOK_APP_ID)");
        var secret = (secretStdin ? await stdin.NextAsync("the app secret", cancellationToken).ConfigureAwait(false) : null)
            ?? await setup.Secrets.GetAsync(store.Id, "TIKTOK_SECRET", setup.Key, cancellationToken).ConfigureAwait(false)
            ?? NonEmpty(setup.Configuration["TikTok:AppSecret"])
            ?? (terminal is null ? null : await terminal.AskSecretAsync(setup.Console.Error, "TikTok app secret", cancellationToken).ConfigureAwait(false))
            ?? throw new UsageException("no TikTok app secret: pipe it in with --secret-stdin, or run on a terminal to be asked");
        var code = authCode
            ?? (terminal is null ? null : NonEmpty(await terminal.AskAsync(setup.Console.Error, "auth_code from the authorisation redirect (Enter re-uses the stored token)", cancellationToken).ConfigureAwait(false)));
        var storedToken = code is null ? await setup.Secrets.GetAsync(store.Id, "TIKTOK_ACCESS_TOKEN", setup.Key, cancellationToken).ConfigureAwait(false) : null;
        if (code is null && storedToken is null)
        {
            throw new UsageException("connect tiktok needs --auth-code CODE (from the authorisation redirect), or a terminal to be asked");
        }

        RequireNonEmpty(appId, "the app id");
        RequireNonEmpty(secret, "the app secret");
        var root = baseUrl ?? new Uri(NonEmpty(setup.Configuration["TikTok:BaseUrl"]) ?? TikTokDefaultBase);
        var version = NonEmpty(setup.Configuration["TikTok:ApiVersion"]) ?? "v1.3";
        string token;
        IReadOnlyList<(string Id, string? Name)> authorised;
        await using (var oauth = Services(setup, new Dictionary<string, string?>(), s => s.AddTikTokOAuth()))
        {
            var client = oauth.GetRequiredService<TikTokOAuthClient>();
            try
            {
                token = code is null
                    ? storedToken!
                    : (await client.ExchangeAuthCodeAsync(root, version, appId, secret, code, cancellationToken).ConfigureAwait(false)).Value;
                authorised = await client.ListAdvertisersAsync(root, version, appId, secret, token, cancellationToken).ConfigureAwait(false);
            }
            catch (PlatformException ex)
            {
                return await RefusedAsync(
                    setup,
                    "tiktok",
                    store,
                    code is null ? "the stored token" : "the authorisation code",
                    ex,
                    "Authorise the app again in TikTok (the consent page gives a new auth_code, valid for an hour and once), check --app-id and the secret, then run connect again.",
                    json).ConfigureAwait(false);
            }
        }

        var overlay = new Dictionary<string, string?>(StringComparer.Ordinal)
        {
            ["TikTok:BaseUrl"] = root.AbsoluteUri,
            ["TikTok:AccessToken"] = token,
        };
        await using var services = Services(setup, overlay, s => s.AddTikTokConnector());
        var chosen = await ChooseAsync(
            setup,
            terminal,
            "TikTok advertisers this token was authorised for",
            authorised.Select(a => (a.Id, $"{a.Id}  {a.Name}")).ToList(),
            [.. advertiserArguments],
            "--advertiser ID",
            id => id,
            cancellationToken).ConfigureAwait(false);
        if (chosen.Missing is { } missing)
        {
            var sees = authorised.Count == 0 ? "none" : string.Join(", ", authorised.Select(a => a.Id));
            return await ReportAsync(setup, new ConnectReport("tiktok", false, false, store.Profile.ShopDomain, store.Profile.Currency, store.Profile.TimeZone, [], [], null, [],
                missing.Count == 0
                    ? [new ConnectFindingRow("tiktok", "problem", "this token was authorised for no advertiser", "Authorise the app for the advertisers in TikTok Business Center, then run connect again with the new auth_code.")]
                    : [.. missing.Select(id => new ConnectFindingRow($"tiktok {id}", "problem", $"this token was not authorised for advertiser {id} (it was for {sees})", "Check the id; authorise the app for that advertiser in TikTok Business Center, then run connect again with the new auth_code."))], null), json).ConfigureAwait(false);
        }

        var verifier = new AccessVerifier(setup.Time);
        var client2 = services.GetRequiredService<TikTokAccessClient>();
        var results = new List<AccountAccess>();
        foreach (var id in chosen.Ids)
        {
            results.Add(await verifier.VerifyTikTokAsync(client2, id, null, cancellationToken).ConfigureAwait(false));
        }

        var profiles = results.Select(x => new AccountProfile(x.AccountId, authorised.FirstOrDefault(a => a.Id == x.AccountId).Name, x.Currency ?? "", x.TimeZone ?? "", x.Status ?? "", true)).ToList();
        return await SaveAccountsAsync(setup, store, "tiktok", Platform.TikTok, appId, root.AbsoluteUri == TikTokDefaultBase ? null : root.AbsoluteUri, null,
            [("TIKTOK_SECRET", secret), ("TIKTOK_ACCESS_TOKEN", token)], profiles, results, json, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Writes the tokens, the connection and the accounts when every account's access is fine; reports either way.</summary>
    private static async Task<int> SaveAccountsAsync(
        Setup setup,
        StoredStore store,
        string platformName,
        Platform platform,
        string appId,
        string? baseUrl,
        DateTimeOffset? expiresAt,
        IReadOnlyList<(string Name, string Value)> secrets,
        IReadOnlyList<AccountProfile> profiles,
        IReadOnlyList<AccountAccess> results,
        bool json,
        CancellationToken cancellationToken)
    {
        var findings = results.SelectMany(x => Rows(Label(platform, x.AccountId), x.Findings)).ToList();
        var granted = results.SelectMany(x => x.GrantedScopes).Distinct(StringComparer.Ordinal).ToList();
        var missingScopes = results.SelectMany(x => x.MissingScopes).Distinct(StringComparer.Ordinal).ToList();
        var rows = results.Select(x => new ConnectAccountRow(
            platform == Platform.Instagram ? "act_" + x.AccountId : x.AccountId,
            profiles.FirstOrDefault(p => p.AccountId == x.AccountId)?.Name,
            x.Currency,
            x.TimeZone,
            x.Status,
            x.CampaignBudgetCampaigns,
            string.Equals(x.Currency, store.Profile.Currency, StringComparison.Ordinal))).ToList();
        var saved = results.All(x => x.Ok && x.Currency is not null && x.TimeZone is not null);
        if (saved)
        {
            foreach (var (name, value) in secrets)
            {
                await setup.SetSecretAsync(store.Id, name, value, cancellationToken).ConfigureAwait(false);
            }

            var now = setup.Time.GetUtcNow();
            await setup.Connections.SaveAsync(
                new PlatformConnection(store.Id, platformName, appId, baseUrl, granted, expiresAt, now, null),
                [.. results.Select(x => new ConnectedAccount(
                    platform,
                    x.AccountId,
                    profiles.FirstOrDefault(p => p.AccountId == x.AccountId)?.Name ?? x.AccountId,
                    x.Currency!,
                    x.TimeZone!,
                    x.CampaignBudgetCampaigns,
                    now))],
                cancellationToken).ConfigureAwait(false);
            foreach (var row in rows.Where(r => !r.CurrencyMatchesStore))
            {
                findings.Add(Mismatch(Label(platform, row.Id.StartsWith("act_", StringComparison.Ordinal) ? row.Id[4..] : row.Id), row.Currency!, store.Profile.Currency));
            }
        }

        return await ReportAsync(setup, new ConnectReport(
            platformName,
            saved && findings.All(f => f.Severity != "problem"),
            saved,
            store.Profile.ShopDomain,
            store.Profile.Currency,
            store.Profile.TimeZone,
            granted,
            missingScopes,
            expiresAt,
            rows,
            Ordered(findings),
            null), json).ConfigureAwait(false);
    }

    /// <summary>The accounts to connect: the named ones (each must be visible), a terminal's pick, or the only one.</summary>
    private static async Task<(IReadOnlyList<string> Ids, IReadOnlyList<string>? Missing)> ChooseAsync(
        Setup setup,
        ConnectTerminal? terminal,
        string what,
        IReadOnlyList<(string Id, string Line)> visible,
        IReadOnlyList<string> named,
        string flag,
        Func<string, string> display,
        CancellationToken cancellationToken)
    {
        if (named.Count > 0)
        {
            var missing = named.Where(id => !visible.Any(v => v.Id == id)).Distinct(StringComparer.Ordinal).ToList();
            return missing.Count > 0 ? ([], missing) : ([.. named.Distinct(StringComparer.Ordinal)], null);
        }

        if (visible.Count == 0)
        {
            return ([], []);
        }

        if (terminal is not null)
        {
            var picked = await terminal.PickAsync(setup.Console.Error, what, [.. visible.Select(v => v.Line)], cancellationToken).ConfigureAwait(false);
            return ([.. picked.Select(i => visible[i].Id)], null);
        }

        return visible.Count == 1
            ? ([visible[0].Id], null)
            : throw new UsageException($"the token sees {visible.Count} accounts ({string.Join(", ", visible.Select(v => display(v.Id)))}): choose with {flag} (repeat for several)");
    }

    private static async Task<int> RefusedAsync(Setup setup, string platform, StoredStore store, string what, PlatformException ex, string fix, bool json)
    {
        var finding = new ConnectFindingRow(platform, "problem", ex is PlatformAuthenticationException
            ? $"{what} was refused: expired, revoked or invalid ({ex.Message})"
            : $"{what} failed ({ex.Message})", fix);
        return await ReportAsync(setup, new ConnectReport(platform, false, false, store.Profile.ShopDomain, store.Profile.Currency, store.Profile.TimeZone, [], [], null, [], [finding], null), json)
            .ConfigureAwait(false);
    }

    private const string MetaNewToken =
        "Get a fresh short-lived user token with ads_read, ads_management and business_management (Graph API Explorer or Facebook Login), check --app-id and the app secret, then run connect again.";

    private static ConnectFindingRow Mismatch(string account, string accountCurrency, string storeCurrency) => new(
        account,
        "problem",
        $"currency mismatch: {account} reports money in {accountCurrency}, the store sells in {storeCurrency}; spend and revenue cannot be compared",
        $"Use an ad account in {storeCurrency} (an ad account's currency cannot be changed), or connect the store that sells in {accountCurrency}.");

    private static string Label(Platform platform, string id) => platform == Platform.Instagram ? $"meta act_{id}" : $"tiktok {id}";

    private static List<ConnectFindingRow> Rows(string account, IReadOnlyList<AccessFinding> findings) =>
        [.. findings.Select(f => new ConnectFindingRow(account, f.Severity == AccessSeverity.Problem ? "problem" : "warning", f.Message, f.Fix))];

    private static List<ConnectFindingRow> Ordered(List<ConnectFindingRow> findings) =>
        [.. findings.OrderBy(f => f.Severity == "problem" ? 0 : 1)];

    private static async Task<int> ReportAsync(Setup setup, ConnectReport report, bool json)
    {
        var console = setup.Console;
        if (json)
        {
            await console.Out.WriteLineAsync(JsonSerializer.Serialize(report, OnboardingJsonContext.Default.ConnectReport)).ConfigureAwait(false);
            return report.Ok ? CliApp.Ok : CliApp.Failure;
        }

        await console.Out.WriteLineAsync(report.Saved
            ? $"Connected {report.Platform} for store {report.Store} ({report.StoreCurrency}, {report.StoreTimeZone}); tokens are in the secret store."
            : $"Not connected: nothing was saved for {report.Platform}.").ConfigureAwait(false);
        if (report.GrantedScopes.Count > 0 || report.TokenExpiresAt is not null)
        {
            await console.Out.WriteLineAsync(
                $"  scopes: {(report.GrantedScopes.Count == 0 ? "-" : string.Join(", ", report.GrantedScopes))}"
                + (report.MissingScopes.Count > 0 ? $"; missing: {string.Join(", ", report.MissingScopes)}" : "")
                + (report.TokenExpiresAt is { } at ? $"; token expires {at.UtcDateTime:yyyy-MM-dd} ({(int)Math.Floor((at - setup.Time.GetUtcNow()).TotalDays)} days)" : "")).ConfigureAwait(false);
        }

        if (report.Accounts.Count > 0)
        {
            var table = new Table().AddColumns("account", "name", "currency", "time zone", "status", "campaign budget optimisation");
            foreach (var a in report.Accounts)
            {
                table.AddRow(
                    Markup.Escape(a.Id),
                    Markup.Escape(a.Name ?? ""),
                    Markup.Escape((a.Currency ?? "?") + (a.CurrencyMatchesStore ? "" : $" (store: {report.StoreCurrency})")),
                    Markup.Escape(a.TimeZone ?? "?"),
                    Markup.Escape(a.Status ?? "?"),
                    Markup.Escape(a.BudgetOwningCampaigns.Count == 0 ? "none" : "campaign level: " + string.Join(", ", a.BudgetOwningCampaigns)));
            }

            console.Rich.Write(table);
        }

        foreach (var w in report.Webhooks ?? [])
        {
            await console.Out.WriteLineAsync($"  webhook {w.Topic,-16} {w.Uri}" + (w.Created == true ? "  (created)" : "  (already registered)")).ConfigureAwait(false);
        }

        foreach (var f in report.Findings)
        {
            await console.Out.WriteLineAsync($"  {f.Severity}: {f.Account}: {f.Message}").ConfigureAwait(false);
            await console.Out.WriteLineAsync($"    fix: {f.Fix}").ConfigureAwait(false);
        }

        await console.Out.FlushAsync().ConfigureAwait(false);
        return report.Ok ? CliApp.Ok : CliApp.Failure;
    }

    private static ConnectTerminal? TerminalFor() => Terminal.Value ?? (Input.Value is null ? ConnectTerminal.Process() : null);

    private static ServiceProvider Services(Setup setup, IDictionary<string, string?> overlay, Action<IServiceCollection> add)
    {
        var configuration = new ConfigurationBuilder().AddConfiguration(setup.Configuration).AddInMemoryCollection(overlay).Build();
        var services = new ServiceCollection()
            .AddSingleton<IConfiguration>(configuration)
            .AddSingleton(setup.Time)
            .AddLogging();
        add(services);
        return services.BuildServiceProvider();
    }

    private static DateTimeOffset LocalHourFloor(DateTimeOffset instant) =>
        new(instant.UtcDateTime.Date.AddHours(instant.UtcDateTime.Hour), TimeSpan.Zero);

    private static string? NonEmpty(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();

    private static void RequireNonEmpty(string value, string what)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            throw new UsageException($"{what} is empty");
        }
    }

    private static async Task<int> WithSetupAsync(
        CliConsole console, IDictionary environment, TimeProvider time, string? db, CancellationToken cancellationToken, Func<Setup, Task<int>> action)
    {
        string? Variable(string name) => environment[name] as string;
        var target = DbCommand.Target(db, Variable);
        IConfigurationRoot configuration;
        try
        {
            configuration = AdPilotConfiguration.Build(environment);
        }
        catch (InvalidDataException ex)
        {
            await console.Error.WriteLineAsync($"adpilot: {ex.Message}").ConfigureAwait(false);
            return CliApp.Failure;
        }

        try
        {
            var key = SecretKey.Require(Variable, SecretsCommand.DataDirectory(target));
            await using var database = await StorageDatabase.OpenMigratedAsync(target, cancellationToken).ConfigureAwait(false);
            return await action(new Setup(console, configuration, database, key, time)).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is SecretKeyException or SecretException)
        {
            await console.Error.WriteLineAsync($"adpilot: the secret store: {ex.Message}").ConfigureAwait(false);
            return CliApp.Failure;
        }
        catch (OptionsValidationException ex)
        {
            await console.Error.WriteLineAsync($"adpilot: the settings are not valid: {string.Join("; ", ex.Failures)}").ConfigureAwait(false);
            return CliApp.Failure;
        }
        catch (DbException ex)
        {
            await console.Error.WriteLineAsync($"adpilot: {target}: {ex.Message}").ConfigureAwait(false);
            return CliApp.Failure;
        }
    }

    /// <summary>What every connect shares: where it writes and the key secrets are written with.</summary>
    private sealed class Setup(CliConsole console, IConfigurationRoot configuration, StorageDatabase database, SecretKey key, TimeProvider time)
    {
        public CliConsole Console { get; } = console;

        public IConfigurationRoot Configuration { get; } = configuration;

        public SecretKey Key { get; } = key;

        public TimeProvider Time { get; } = time;

        public StoreDirectory Stores { get; } = new(database, time);

        public SecretStore Secrets { get; } = new(database, time);

        public PlatformConnectionStore Connections { get; } = new(database, time);

        /// <summary>The store to connect an ad platform to: <c>--store</c>, else <c>SHOPIFY_STORE_DOMAIN</c>, else the only one.</summary>
        public async Task<StoredStore> StoreAsync(string? option, CancellationToken cancellationToken)
        {
            var domain = option ?? NonEmpty(Configuration["Shopify:ShopDomain"]);
            if (domain is not null)
            {
                return await Stores.FindAsync(domain, cancellationToken).ConfigureAwait(false)
                    ?? throw new UsageException($"no store '{domain}' in this database: run 'adpilot connect shopify --store {domain}' first");
            }

            var all = await Stores.ListAsync(cancellationToken).ConfigureAwait(false);
            return all.Count switch
            {
                1 => all[0],
                0 => throw new UsageException("this database holds no store yet: run 'adpilot connect shopify --store DOMAIN' first"),
                _ => throw new UsageException($"this database holds {all.Count} stores ({string.Join(", ", all.Select(s => s.Profile.ShopDomain))}): name one with --store"),
            };
        }

        /// <summary>Stores a secret unless the same value is stored already (so connecting again changes nothing).</summary>
        public async Task SetSecretAsync(long storeId, string name, string value, CancellationToken cancellationToken)
        {
            var current = await Secrets.GetAsync(storeId, name, Key, cancellationToken).ConfigureAwait(false);
            if (!string.Equals(current, value, StringComparison.Ordinal))
            {
                await Secrets.SetAsync(storeId, name, value, Key, cancellationToken).ConfigureAwait(false);
            }
        }
    }

    /// <summary>Stdin read once, handed out a line at a time (the app secret, then the token, when both come from it).</summary>
    private sealed class StdinLines
    {
        private Queue<string>? _lines;

        public async Task<string> NextAsync(string what, CancellationToken cancellationToken)
        {
            if (_lines is null)
            {
                var text = await (Input.Value ?? System.Console.In).ReadToEndAsync(cancellationToken).ConfigureAwait(false);
                _lines = new Queue<string>(text.Split('\n').Select(l => l.TrimEnd('\r').Trim()).Where(l => l.Length > 0));
            }

            return _lines.TryDequeue(out var line) ? line : throw new UsageException($"stdin holds no line for {what}");
        }
    }
}
