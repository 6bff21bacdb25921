using AdPilot.Connectors;
using AdPilot.Connectors.Meta;
using AdPilot.Core.Simulation;
using AdPilot.Runtime.Alerts;
using AdPilot.Runtime.Onboarding;
using AdPilot.Sandbox;
using AdPilot.Storage.Alerts;
using AdPilot.Storage.Connections;
using AdPilot.Storage.Onboarding;
using AdPilot.Storage.Rewards;
using AdPilot.Storage.Secrets;
using AdPilot.Storage.Stores;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace AdPilot.Runtime.Tests.Onboarding;

/// <summary>The Meta token refresh against the sandbox's token exchange, on a fake clock shared by both sides.</summary>
public sealed class MetaTokenRefresherTests : IAsyncDisposable
{
    private static readonly DateTimeOffset Start = new(2026, 3, 2, 9, 0, 0, TimeSpan.Zero);

    private readonly string _folder = Directory.CreateTempSubdirectory("adpilot-refresh-").FullName;
    private readonly FakeTimeProvider _time = new(Start);
    private readonly SecretKey _key = SecretKey.FromBase64(SecretKey.Generate(), "test");
    private StorageDatabase? _database;
    private SandboxServer? _server;
    private ServiceProvider? _services;
    private long _storeId;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask DisposeAsync()
    {
        if (_services is not null)
        {
            await _services.DisposeAsync();
        }

        if (_server is not null)
        {
            await _server.DisposeAsync();
        }

        if (_database is not null)
        {
            await _database.DisposeAsync();
        }

        SqliteConnection.ClearAllPools();
        Directory.Delete(_folder, recursive: true);
    }

    [Fact]
    public async Task RunAsync_TokenFarFromExpiry_DoesNothing()
    {
        var original = await ConnectAsync();
        _time.Advance(TimeSpan.FromDays(30));

        var outcome = await RefreshAsync();

        Assert.Equal(TokenRefreshOutcome.Fresh, outcome);
        Assert.Equal(original, await StoredTokenAsync());
        Assert.Empty(await OpenAlertsAsync());
    }

    [Fact]
    public async Task RunAsync_TokenWithinTheWindow_StoresANewTokenAndItsLaterExpiry()
    {
        var original = await ConnectAsync();
        _time.Advance(TimeSpan.FromDays(55));

        var outcome = await RefreshAsync();

        Assert.Equal(TokenRefreshOutcome.Refreshed, outcome);
        var renewed = await StoredTokenAsync();
        Assert.NotEqual(original, renewed);
        var connection = await new PlatformConnectionStore(_database!, _time).GetAsync(_storeId, "meta", Ct);
        Assert.InRange(connection!.TokenExpiresAt!.Value - _time.GetUtcNow(), TimeSpan.FromDays(60) - TimeSpan.FromSeconds(5), TimeSpan.FromDays(60) + TimeSpan.FromSeconds(5));
        Assert.Equal(_time.GetUtcNow(), connection.RefreshedAt);
        Assert.Empty(await OpenAlertsAsync());

        // The new token works where the old one was used: a second refresh, due again 55 days on, exchanges it.
        _time.Advance(TimeSpan.FromDays(55));
        Assert.Equal(TokenRefreshOutcome.Refreshed, await RefreshAsync());
    }

    [Fact]
    public async Task RunAsync_RefreshRefused_AlertsOnceNamingMetaAndDaysLeft_ThenRecoversOnSuccess()
    {
        var original = await ConnectAsync();
        var secrets = new SecretStore(_database!, _time);
        await secrets.SetAsync(_storeId, "META_APP_SECRET", "a-revoked-app-secret", _key, Ct);
        _time.Advance(TimeSpan.FromDays(55));

        var first = await RefreshAsync();
        var second = await RefreshAsync();

        Assert.Equal((TokenRefreshOutcome.Failed, TokenRefreshOutcome.Failed), (first, second));
        var alert = Assert.Single(await OpenAlertsAsync());
        Assert.Equal(AlertKinds.TokenExpiry, alert.Kind);
        Assert.Contains("Meta access token", alert.Message, StringComparison.Ordinal);
        Assert.Contains("(5 days left)", alert.Message, StringComparison.Ordinal);
        Assert.Contains("adpilot connect meta", alert.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(original, alert.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("a-revoked-app-secret", alert.Message, StringComparison.Ordinal);
        Assert.Equal(original, await StoredTokenAsync());

        await secrets.SetAsync(_storeId, "META_APP_SECRET", _server!.Credentials.MetaAppSecret, _key, Ct);
        Assert.Equal(TokenRefreshOutcome.Refreshed, await RefreshAsync());
        Assert.Empty(await OpenAlertsAsync());
        var recent = await new AlertStore(_database!, _time).ListRecentAsync(_storeId, Start, 10, Ct);
        Assert.NotNull(Assert.Single(recent).ResolvedAt);
    }

    [Fact]
    public async Task RunAsync_TokenAlreadyExpired_AlertsThatOnlyReconnectingHelps()
    {
        await ConnectAsync();
        _time.Advance(TimeSpan.FromDays(61));

        var outcome = await RefreshAsync();

        Assert.Equal(TokenRefreshOutcome.Failed, outcome);
        var alert = Assert.Single(await OpenAlertsAsync());
        Assert.Contains("expired at", alert.Message, StringComparison.Ordinal);
        Assert.Contains("cannot be refreshed", alert.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RunAsync_NoMetaConnection_NotConnected()
    {
        await StartAsync();

        Assert.Equal(TokenRefreshOutcome.NotConnected, await RefreshAsync());
    }

    private async Task StartAsync()
    {
        _database = await StorageDatabase.OpenMigratedAsync(DatabaseTarget.Parse($"sqlite:{Path.Combine(_folder, "adpilot.db")}"), Ct);
        _storeId = await new StoreDirectory(_database, _time).UpsertAsync(
            new StoreProfile { ShopDomain = "shop.myshopify.com", Currency = "USD", TimeZone = "UTC", GrossMargin = 0.5m, DataSince = Start.AddDays(-28) }, Ct);
        _server = await SandboxServer.StartAsync(DefaultFamily.Preset(), 0, Ct, serverTime: _time);
        _services = new ServiceCollection().AddSingleton<TimeProvider>(_time).AddLogging().AddMetaOAuth().BuildServiceProvider();
    }

    /// <summary>What <c>adpilot connect meta</c> leaves: the exchanged token and the app secret stored, the connection with the expiry.</summary>
    private async Task<string> ConnectAsync()
    {
        await StartAsync();
        var issued = await _services!.GetRequiredService<MetaOAuthClient>().ExchangeAsync(
            _server!.MetaBaseUrl, "v25.0", _server.Credentials.MetaAppId, _server.Credentials.MetaAppSecret, _server.Credentials.MetaShortLivedToken, Ct);
        var secrets = new SecretStore(_database!, _time);
        await secrets.SetAsync(_storeId, "META_LONG_LIVED_TOKEN", issued.Value, _key, Ct);
        await secrets.SetAsync(_storeId, "META_APP_SECRET", _server.Credentials.MetaAppSecret, _key, Ct);
        await new PlatformConnectionStore(_database!, _time).SaveAsync(
            new PlatformConnection(_storeId, "meta", _server.Credentials.MetaAppId, _server.MetaBaseUrl.ToString(), ["ads_read"], issued.ExpiresAt, Start, null), [], Ct);
        Assert.InRange(issued.ExpiresAt!.Value - Start, TimeSpan.FromDays(60) - TimeSpan.FromSeconds(5), TimeSpan.FromDays(60) + TimeSpan.FromSeconds(5));
        return issued.Value;
    }

    private Task<TokenRefreshOutcome> RefreshAsync()
    {
        var alerts = new AlertService(new AlertStore(_database!, _time), new RewardStore(_database!, _time), null, new AlertNotifier(null, _time));
        var refresher = new MetaTokenRefresher(_database!, _services!.GetRequiredService<MetaOAuthClient>(), alerts, new TokenRefreshOptions { RefreshWithinDays = 10 }, _time);
        return refresher.RunAsync(_storeId, _key, "v25.0", new Uri("https://graph.facebook.com/"), Ct);
    }

    private async Task<string?> StoredTokenAsync() =>
        await new SecretStore(_database!, _time).GetAsync(_storeId, "META_LONG_LIVED_TOKEN", _key, Ct);

    private async Task<IReadOnlyList<Alert>> OpenAlertsAsync() =>
        await new AlertStore(_database!, _time).ListOpenAsync(_storeId, Ct);
}
