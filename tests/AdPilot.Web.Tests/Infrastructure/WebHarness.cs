using AdPilot.Core.Simulation;
using AdPilot.Sandbox;
using AdPilot.Storage.Connections;
using AdPilot.Storage.Stores;
using AdPilot.Storage.Tests.Infrastructure;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace AdPilot.Web.Tests.Infrastructure;

/// <summary>
/// <c>adpilot serve</c> on loopback over a sandbox and one database: the web application built as the command builds it,
/// its ad platforms and Shopify pointed at the sandbox, with an admin token.
/// </summary>
internal sealed class WebHarness : IAsyncDisposable
{
    public const string AdminToken = "test-admin-token-8c1f";

    private readonly string _checkpoints;

    private WebHarness(SandboxServer server, TestDatabase db, WebApplication app, long storeId, Dictionary<string, string?> settings, string checkpoints)
    {
        Server = server;
        Db = db;
        App = app;
        StoreId = storeId;
        Settings = settings;
        _checkpoints = checkpoints;
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        BaseUrl = new Uri(address.TrimEnd('/') + "/");
        Client = new HttpClient(new SocketsHttpHandler()) { BaseAddress = BaseUrl };
    }

    public static CancellationToken Ct => TestContext.Current.CancellationToken;

    public SandboxServer Server { get; }

    public SandboxWorld World => Server.World;

    public TestDatabase Db { get; }

    public WebApplication App { get; }

    public long StoreId { get; }

    public IReadOnlyDictionary<string, string?> Settings { get; }

    /// <summary>Gets the web application's root, e.g. <c>http://127.0.0.1:41234/</c>.</summary>
    public Uri BaseUrl { get; }

    /// <summary>Gets a client of the web application, not signed in.</summary>
    public HttpClient Client { get; }

    public T Service<T>()
        where T : notnull => App.Services.GetRequiredService<T>();

    /// <summary>Starts a sandbox (its world <paramref name="historyHours"/> on), a database and the web application.</summary>
    public static async Task<WebHarness> StartAsync(
        PostgresCluster cluster,
        DatabaseDialect dialect,
        IReadOnlyDictionary<string, string?>? settings = null,
        int historyHours = 24,
        Scenario? scenario = null,
        Action<IServiceCollection>? configureServices = null)
    {
        var server = await SandboxServer.StartAsync(scenario ?? DefaultFamily.Preset(), 0, Ct, serverTime: new FastTime(1000));
        server.World.Advance(historyHours);
        var db = await TestDatabase.CreateAsync(cluster, dialect);
        var storeId = await new StoreDirectory(db.Database, server.World.Clock).UpsertAsync(
            new StoreProfile
            {
                ShopDomain = server.ShopDomain,
                Currency = server.World.Currency,
                TimeZone = server.World.Scenario.Store.TimeZone,
                GrossMargin = 0.6m,
                DataSince = server.World.StartUtc,
            },
            Ct);
        var checkpoints = Path.Combine(Path.GetTempPath(), "adpilot-web-" + Guid.NewGuid().ToString("N"));
        var all = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase)
        {
            ["Platforms:Accounts:0:Platform"] = "Instagram",
            ["Platforms:Accounts:0:AccountId"] = server.Meta.AccountId,
            ["Platforms:Accounts:0:Currency"] = server.World.Currency,
            ["Platforms:Accounts:1:Platform"] = "TikTok",
            ["Platforms:Accounts:1:AccountId"] = server.TikTokAdvertiserIds[0],
            ["Platforms:Accounts:1:Currency"] = server.World.Currency,
            ["Meta:BaseUrl"] = server.MetaBaseUrl.ToString(),
            ["Meta:AccessToken"] = server.Credentials.MetaAccessToken,
            ["Meta:AppSecret"] = server.Credentials.MetaAppSecret,
            ["TikTok:BaseUrl"] = server.TikTokApiRoot.ToString(),
            ["TikTok:AccessToken"] = server.Credentials.TikTokAccessToken,
            ["Shopify:BaseUrl"] = server.ShopifyBaseUrl.ToString(),
            ["Shopify:ShopDomain"] = server.ShopDomain,
            ["Shopify:AdminToken"] = server.Credentials.ShopifyAdminToken,
            ["Shopify:WebhookSecret"] = server.Credentials.ShopifyWebhookSecret,
            ["Meta:RequestsPerSecond"] = "10000",
            ["TikTok:RequestsPerSecond"] = "10000",
            ["Shopify:RequestsPerSecond"] = "10000",
            ["Shopify:BulkPollIntervalMilliseconds"] = "20",
            ["Loop:CheckpointDirectory"] = checkpoints,
            ["Web:Url"] = "http://127.0.0.1:0",
            ["Web:AdminToken"] = AdminToken,
        };
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
        {
            all[key] = value;
        }

        var configuration = new ConfigurationBuilder().AddInMemoryCollection(all).Build();
        var app = AdPilotWebApp.Build(new WebAppSetup
        {
            Configuration = configuration,
            Database = db.Database,
            Time = server.World.Clock,
            ConfigureServices = configureServices,
        });
        await app.StartAsync(Ct);
        return new WebHarness(server, db, app, storeId, all, checkpoints);
    }

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        await App.StopAsync(CancellationToken.None);
        await App.DisposeAsync();
        await Db.DisposeAsync();
        await Server.DisposeAsync();
        if (Directory.Exists(_checkpoints))
        {
            Directory.Delete(_checkpoints, recursive: true);
        }
    }
}
