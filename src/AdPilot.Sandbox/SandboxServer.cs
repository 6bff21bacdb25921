using System.Net;
using AdPilot.Core.Domain;
using AdPilot.Core.Simulation;
using AdPilot.Sandbox.Access;
using AdPilot.Sandbox.Faults;
using AdPilot.Sandbox.Meta;
using AdPilot.Sandbox.Shopify;
using AdPilot.Sandbox.TikTok;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace AdPilot.Sandbox;

/// <summary>
/// The emulated Meta, TikTok and Shopify APIs over one <see cref="SandboxWorld"/>, served on 127.0.0.1. Start it with
/// <see cref="StartAsync"/>; disposing it stops it. Paths: Meta under <c>/meta/{version}/…</c>, TikTok under <c>/tiktok/open_api/v1.3/…</c>, Shopify under <c>/shopify/admin/api/{version}/graphql.json</c>, the sandbox's own
/// controls under <c>/_sandbox/…</c> (the virtual clock, the injected faults).
/// </summary>
public sealed class SandboxServer : IAsyncDisposable
{
    /// <summary>The most accounts per platform <see cref="StartAsync"/> serves.</summary>
    public const int MaxAccountsPerPlatform = 50;

    private readonly WebApplication _app;
    private readonly WebhookTarget _webhooks;
    private readonly SandboxAccessHolder _access;
    private readonly FaultInjector _faults;

    private SandboxServer(
        WebApplication app,
        WebhookTarget webhooks,
        SandboxAccessHolder access,
        FaultInjector faults,
        SandboxWorld world,
        SandboxCredentials credentials,
        Uri baseUrl,
        MetaSandbox meta,
        IReadOnlyList<string> tikTokAdvertiserIds)
    {
        _access = access;
        _faults = faults;
        TikTokAdvertiserIds = tikTokAdvertiserIds;
        _app = app;
        _webhooks = webhooks;
        World = world;
        Credentials = credentials;
        BaseUrl = baseUrl;
        Meta = meta;
    }

    /// <summary>Gets the world behind the APIs.</summary>
    public SandboxWorld World { get; }

    /// <summary>Gets the secrets this run accepts.</summary>
    public SandboxCredentials Credentials { get; }

    /// <summary>Gets the server's root, e.g. <c>http://127.0.0.1:5123/</c>.</summary>
    public Uri BaseUrl { get; }

    /// <summary>Gets Meta's base URL: the Graph root without the version (<c>{MetaBaseUrl}v25.0/act_…/insights</c>).</summary>
    public Uri MetaBaseUrl => new(BaseUrl, "meta/");

    /// <summary>Gets TikTok's base URL, with the version (<c>{TikTokBaseUrl}report/integrated/get/</c>).</summary>
    public Uri TikTokBaseUrl => new(TikTokApiRoot, "v1.3/");

    /// <summary>
    /// Gets TikTok's API root without the version, as the TikTok connector's <c>BaseUrl</c> takes it (the counterpart of
    /// <c>https://business-api.tiktok.com/open_api/</c>).
    /// </summary>
    public Uri TikTokApiRoot => new(BaseUrl, "tiktok/open_api/");

    /// <summary>Gets Shopify's base URL (<c>{ShopifyBaseUrl}admin/api/2026-01/graphql.json</c>).</summary>
    public Uri ShopifyBaseUrl => new(BaseUrl, "shopify/");

    /// <summary>Gets the emulated Meta ad accounts.</summary>
    public MetaSandbox Meta { get; }

    /// <summary>
    /// Gets the TikTok advertiser ids, one per account (<see cref="SandboxAccountIds.TikTok(ulong, int)"/>); the ad groups are
    /// dealt to them as <see cref="SandboxAccountIds.Deal"/> says.
    /// </summary>
    public IReadOnlyList<string> TikTokAdvertiserIds { get; }

    /// <summary>
    /// Gets or sets what the tokens may do and what the accounts report about themselves (permissions, scopes, token
    /// expiry, campaign budgets, the ad accounts' currency); takes effect from the next request.
    /// </summary>
    public SandboxAccess Access
    {
        get => _access.Current;
        set => _access.Current = value ?? throw new ArgumentNullException(nameof(value));
    }

    /// <summary>Gets the shop's domain.</summary>
    public string ShopDomain => World.Scenario.Store.Domain;

    /// <summary>Builds the world from <paramref name="scenario"/> and serves it on 127.0.0.1.</summary>
    /// <param name="scenario">The scenario.</param>
    /// <param name="port">The port; 0 picks a free one.</param>
    /// <param name="cancellationToken">Cancels the start.</param>
    /// <param name="serverTime">
    /// The server's own time, for rate limits that refill by the second (Shopify's cost bucket); <see cref="TimeProvider.System"/>
    /// when null. The world's virtual clock is separate and moves only when advanced.
    /// </param>
    /// <param name="webhookUrl">Where to deliver Shopify <c>orders/create</c>, <c>refunds/create</c> and <c>orders/updated</c> webhooks; none when null, until <see cref="DeliverWebhooksTo"/>.</param>
    /// <param name="faults">
    /// The faults to inject; none when null. The HTTP rules can be read and replaced while the server runs, at
    /// <c>/_sandbox/faults</c> (docs/sandbox-faults.md).
    /// </param>
    /// <param name="accountsPerPlatform">
    /// How many Meta ad accounts and TikTok advertisers to serve, 1 (the default) to <see cref="MaxAccountsPerPlatform"/>.
    /// Each platform's ad sets are dealt round-robin in scenario order: the k-th ad set of the platform goes to account
    /// <c>k mod accountsPerPlatform</c> (<see cref="SandboxAccountIds.Deal"/>). Account 0 has the ids of a one-account sandbox.
    /// </param>
    /// <param name="access">What the tokens may do (<see cref="Access"/>); <see cref="SandboxAccess.Full"/> when null.</param>
    /// <returns>The running server.</returns>
    public static async Task<SandboxServer> StartAsync(
        Scenario scenario,
        int port,
        CancellationToken cancellationToken,
        TimeProvider? serverTime = null,
        Uri? webhookUrl = null,
        SandboxFaults? faults = null,
        int accountsPerPlatform = 1,
        SandboxAccess? access = null)
    {
        faults ??= SandboxFaults.None;
        ArgumentOutOfRangeException.ThrowIfNegative(port);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(port, IPEndPoint.MaxPort);
        ArgumentOutOfRangeException.ThrowIfLessThan(accountsPerPlatform, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(accountsPerPlatform, MaxAccountsPerPlatform);
        var world = new SandboxWorld(scenario);
        var credentials = SandboxCredentials.Generate();
        var meta = new MetaSandbox(
            world, credentials, Enumerable.Range(0, accountsPerPlatform).Select(i => "act_" + SandboxAccountIds.Meta(scenario.Seed, i)).ToArray())
        {
            ServerTime = serverTime ?? TimeProvider.System,
        };
        var advertisers = new TikTokAdvertisers(
            world, Enumerable.Range(0, accountsPerPlatform).Select(i => SandboxAccountIds.TikTok(scenario.Seed, i)).ToArray());

        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders(); // request URLs carry access tokens: log nothing about requests
        builder.WebHost.UseKestrel(o => o.Listen(IPAddress.Loopback, port));
        builder.Services.AddSingleton<TimeProvider>(world.Clock);
        builder.Services.AddSingleton<Microsoft.Extensions.Hosting.IHostLifetime, EmbeddedLifetime>();
        var webhooks = new WebhookTarget { Url = webhookUrl };
        builder.Services.AddHttpClient(ShopifyWebhookSender.ClientName, c => c.Timeout = TimeSpan.FromSeconds(5));
        builder.Services.AddHostedService(services => new ShopifyWebhookSender(
            services.GetRequiredService<IHttpClientFactory>(), world, credentials, webhooks, serverTime ?? TimeProvider.System, faults.Webhooks));

        var app = builder.Build();
        var bucket = new ShopifyCostBucket(serverTime ?? TimeProvider.System);
        var injector = new FaultInjector(faults);
        var faultMiddleware = new FaultMiddleware(
            injector, meta, advertisers, bucket, serverTime ?? TimeProvider.System, app.Lifetime.ApplicationStopping);
        app.Use(faultMiddleware.InvokeAsync);
        ClockApi.Map(app, world);
        FaultsApi.Map(app, injector);
        var accessHolder = new SandboxAccessHolder(access ?? SandboxAccess.Full);
        MetaApi.Map(app, meta, accessHolder);
        TikTokApi.Map(app, world, credentials, advertisers, accessHolder);
        ShopifyApi.Map(app, world, credentials, bucket, accessHolder);
        try
        {
            await app.StartAsync(cancellationToken).ConfigureAwait(false);
            var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
            return new SandboxServer(app, webhooks, accessHolder, injector, world, credentials, new Uri(address.TrimEnd('/') + "/"), meta, advertisers.Ids);
        }
        catch
        {
            await app.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>
    /// Delivers Shopify webhooks to <paramref name="url"/> from now on (what happens in the world from here; nothing
    /// earlier is sent), as registering a webhook subscription does; null stops delivering.
    /// </summary>
    /// <param name="url">The receiver.</param>
    public void DeliverWebhooksTo(Uri? url) => _webhooks.Url = url;

    /// <summary>
    /// Gets every Shopify webhook the sandbox has queued since delivery started, by webhook id, and whether a receiver
    /// acknowledged it or it was given up after its last attempt: the sender's own record.
    /// </summary>
    public IReadOnlyList<SentWebhook> WebhooksSent => _webhooks.Journal();

    /// <summary>Gets the webhook delivery faults injected so far: attempts failed on purpose (not those the receiver failed), deliveries sent twice, deliveries held back.</summary>
    public (int Failures, int Duplicated, int Reordered) WebhookFaultsInjected => (_webhooks.InjectedFailures, _webhooks.Duplicated, _webhooks.Reordered);

    /// <summary>How many times each kind of HTTP fault hit since the rules were last replaced (as <c>GET /_sandbox/faults</c> counts them).</summary>
    /// <returns>The counts by kind; a kind without a rule is absent.</returns>
    public IReadOnlyDictionary<FaultKind, long> FaultsInjected() => _faults.InjectedByKind();

    /// <summary>Replaces the HTTP fault rules and seed, as <c>PUT /_sandbox/faults</c> does; the webhook faults stay as they started.</summary>
    /// <param name="faults">The new faults.</param>
    public void ReplaceFaults(SandboxFaults faults)
    {
        ArgumentNullException.ThrowIfNull(faults);
        _faults.Replace(faults with { Webhooks = _faults.Current.Webhooks });
    }

    /// <summary>Gets the Shopify webhooks queued or being sent (retries included): 0 once every one is delivered or given up.</summary>
    public int WebhooksInFlight => _webhooks.InFlight;

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync(CancellationToken.None).ConfigureAwait(false);
        await _app.DisposeAsync().ConfigureAwait(false);
    }

    /// <summary>Whether an ad set lives on Meta.</summary>
    internal static bool IsMeta(SandboxAdSet adSet) => adSet.Ref.Platform == Platform.Instagram;
}
