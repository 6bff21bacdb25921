using AdPilot.Core.Domain;
using AdPilot.Core.Platforms;
using AdPilot.Runtime.Alerts;
using AdPilot.Runtime.Observability;
using AdPilot.Runtime.Tests.Scheduling;
using AdPilot.Storage.Alerts;
using AdPilot.Storage.Connections;
using AdPilot.Storage.Rewards;
using AdPilot.Storage.Stores;
using AdPilot.Storage.Tests.Infrastructure;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;

namespace AdPilot.Runtime.Tests.Alerts;

/// <summary>
/// An <see cref="AlertService"/> as the loop builds it (the <c>Alerts</c> section, the notifier and its webhook client from
/// the container) over a real database, with a loopback webhook and every log event kept.
/// </summary>
internal sealed class AlertHarness : IAsyncDisposable
{
    public static readonly DateTimeOffset Hour = new(2026, 3, 15, 12, 0, 0, TimeSpan.Zero);

    public static readonly AdAccountRef Account = new(Platform.Instagram, "1234567890", "USD");

    private readonly ServiceProvider _services;

    private AlertHarness(TestDatabase db, WebhookReceiver webhook, ServiceProvider services, long storeId, FakeTimeProvider clock, RecordingLoggerFactory logs)
    {
        Db = db;
        Webhook = webhook;
        _services = services;
        StoreId = storeId;
        Clock = clock;
        Logs = logs;
        Metrics = services.GetRequiredService<AdPilotMetrics>();
        Service = new AlertService(
            Alerts,
            Rewards,
            Metrics,
            services.GetRequiredService<AlertNotifier>(),
            services.GetRequiredService<AlertOptions>(),
            new Logger<AlertService>(logs));
    }

    public static CancellationToken Ct => TestContext.Current.CancellationToken;

    public TestDatabase Db { get; }

    public WebhookReceiver Webhook { get; }

    public long StoreId { get; }

    public FakeTimeProvider Clock { get; }

    public RecordingLoggerFactory Logs { get; }

    public AdPilotMetrics Metrics { get; }

    public AlertService Service { get; }

    public IAlertStore Alerts => new AlertStore(Db.Database, Clock);

    public IRewardStore Rewards => new RewardStore(Db.Database, Clock);

    public AlertNotifier Notifier => _services.GetRequiredService<AlertNotifier>();

    public static async Task<AlertHarness> StartAsync(
        PostgresCluster cluster, DatabaseDialect dialect = DatabaseDialect.Sqlite, IReadOnlyDictionary<string, string?>? settings = null)
    {
        var webhook = await WebhookReceiver.StartAsync(Ct);
        var db = await TestDatabase.CreateAsync(cluster, dialect);
        var clock = new FakeTimeProvider(Hour.AddMinutes(5));
        var storeId = await new StoreDirectory(db.Database, clock).UpsertAsync(
            new StoreProfile
            {
                ShopDomain = "alerts.myshopify.com",
                Currency = "USD",
                TimeZone = "UTC",
                GrossMargin = 0.6m,
                TargetRoas = 2.5m,
                DataSince = Hour.AddDays(-30),
            },
            Ct);
        var all = new Dictionary<string, string?>
        {
            ["Alerts:SlackWebhookUrl"] = webhook.Url.ToString(),
            ["Alerts:SlackRetryDelay"] = "00:00:00",
        };
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
        {
            all[key] = value;
        }

        var logs = new RecordingLoggerFactory();
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(all).Build();
        var services = new ServiceCollection()
            .AddSingleton<TimeProvider>(clock)
            .AddSingleton<ILoggerFactory>(logs)
            .AddSingleton(typeof(ILogger<>), typeof(Logger<>))
            .AddAdPilotObservability()
            .AddAlertNotifier(configuration)
            .BuildServiceProvider();
        return new AlertHarness(db, webhook, services, storeId, clock, logs);
    }

    /// <summary>Stores one reward row per ad set and hour (hour offsets from <see cref="Hour"/>), spend and revenue split evenly.</summary>
    public async Task SpendAsync(AdAccountRef account, IReadOnlyList<string> adSets, IEnumerable<(int Hour, decimal Spend, decimal Revenue)> hours)
    {
        var rows = hours.SelectMany(h => adSets.Select(a => new RewardRecord(
            new AdSetRef(account.Platform, a), Hour.AddHours(h.Hour), h.Revenue / adSets.Count, h.Spend / adSets.Count, 0m, (h.Revenue - h.Spend) / adSets.Count, "USD", null, null, 0, 0)));
        await Rewards.UpsertAsync(StoreId, [.. rows], Ct);
    }

    /// <summary>The cycle of <see cref="Hour"/> + 1 (which scored <see cref="Hour"/>) of an account that succeeded.</summary>
    public static CycleAlertInput Succeeded(long storeId, IReadOnlyCollection<string> adSets, long apiErrors = 0) =>
        new(storeId, Account, Hour.AddHours(1), adSets, apiErrors, Failure: null);

    public async Task<IReadOnlyList<Alert>> OpenAsync() => await Alerts.ListOpenAsync(StoreId, Ct);

    public async ValueTask DisposeAsync()
    {
        await _services.DisposeAsync();
        await Db.DisposeAsync();
        await Webhook.DisposeAsync();
    }
}
