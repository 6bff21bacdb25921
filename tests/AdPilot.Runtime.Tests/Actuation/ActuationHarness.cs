using AdPilot.Connectors.Meta;
using AdPilot.Core.Domain;
using AdPilot.Core.Guardrails;
using AdPilot.Core.Platforms;
using AdPilot.Core.Simulation;
using AdPilot.Runtime.Actuation;
using AdPilot.Runtime.Platforms;
using AdPilot.Runtime.Tests.Infrastructure;
using AdPilot.Sandbox;
using AdPilot.Storage.Actions;
using AdPilot.Storage.Alerts;
using AdPilot.Storage.Approvals;
using AdPilot.Storage.Connections;
using AdPilot.Storage.Snapshots;
using AdPilot.Storage.Stores;
using AdPilot.Storage.Tests.Infrastructure;
using AdSetSettings = AdPilot.Core.Guardrails.AdSetSettings;
using GuardrailVerdict = AdPilot.Core.Guardrails.GuardrailVerdict;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace AdPilot.Runtime.Tests.Actuation;

/// <summary>
/// The sandbox over loopback, the sandbox-backed platforms (every request counted), one database and the actuator's
/// parts, as one cycle of the loop would hold them.
/// </summary>
internal sealed class ActuationHarness : IAsyncDisposable
{
    private readonly ServiceProvider _services;

    private ActuationHarness(SandboxServer server, TestDatabase db, ServiceProvider services, RequestCounter requests, long storeId)
    {
        Server = server;
        Db = db;
        _services = services;
        Requests = requests;
        StoreId = storeId;
        var clock = server.World.Clock;
        Log = new ActionLog(db.Database, clock);
        Snapshots = new BudgetSnapshotStore(db.Database);
        Approvals = new ApprovalStore(db.Database, clock);
        KillSwitch = new KillSwitchService(new AlertStore(db.Database, clock), Log, Snapshots, clock);
        Actuator = new Actuator(Log, Snapshots, Approvals, KillSwitch, clock);
        Platforms = services.GetRequiredService<AdPlatforms>();
        Meta = Platforms.Accounts.Single(a => a.Platform == Platform.Instagram);
        TikTok = Platforms.Accounts.Single(a => a.Platform == Platform.TikTok);
        MetaBatch = new MetaBatchAdPlatform(services.GetRequiredService<MetaAdSetsClient>());
    }

    public static CancellationToken Ct => TestContext.Current.CancellationToken;

    public SandboxServer Server { get; }

    public SandboxWorld World => Server.World;

    public TestDatabase Db { get; }

    public RequestCounter Requests { get; }

    public long StoreId { get; }

    public ActionLog Log { get; }

    public BudgetSnapshotStore Snapshots { get; }

    public ApprovalStore Approvals { get; }

    public KillSwitchService KillSwitch { get; }

    public Actuator Actuator { get; }

    public AdPlatforms Platforms { get; }

    public AdAccountRef Meta { get; }

    public AdAccountRef TikTok { get; }

    public MetaBatchAdPlatform MetaBatch { get; }

    public DateTimeOffset Hour
    {
        get
        {
            var now = World.Clock.GetUtcNow();
            return new DateTimeOffset(now.Year, now.Month, now.Day, now.Hour, 0, 0, TimeSpan.Zero);
        }
    }

    public static async Task<ActuationHarness> StartAsync(PostgresCluster cluster, DatabaseDialect dialect)
    {
        var server = await SandboxServer.StartAsync(DefaultFamily.Preset(), 0, Ct);
        server.World.Advance(2);
        var db = await TestDatabase.CreateAsync(cluster, dialect);
        var storeId = await SandboxSettings.RegisterStoreAsync(server, db);
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(SandboxSettings.For(server)).Build();
        var requests = new RequestCounter();
        var services = new ServiceCollection()
            .ConfigureHttpClientDefaults(b => b.AddHttpMessageHandler(() => new CountingHandler(requests)))
            .AddAdPlatforms(configuration)
            .BuildServiceProvider();
        return new ActuationHarness(server, db, services, requests, storeId);
    }

    public IAdPlatform PlatformOf(AdAccountRef account) => Platforms.For(account);

    public IBatchAdPlatform? BatchOf(AdAccountRef account) => account.Platform == Platform.Instagram ? MetaBatch : null;

    /// <summary>The account's ad sets as the guardrails would see them, read from the platform.</summary>
    public async Task<IReadOnlyList<GuardedAdSet>> AdSetsAsync(AdAccountRef account) =>
        [.. (await PlatformOf(account).GetAdSetsAsync(account, Ct)).Where(a => a.DailyBudget is not null).OrderBy(a => a.AdSet.ExternalId, StringComparer.Ordinal).Select(a => new GuardedAdSet
        {
            AdSet = a.AdSet,
            CampaignId = a.CampaignId,
            Current = new AdSetSettings(a.DailyBudget!.Value, a.BidStrategy ?? BidStrategy.LowestCost, CreativeType.Ugc, a.Status),
            IsCanary = true,
        })];

    /// <summary>The world's daily budget of an ad set now.</summary>
    public decimal BudgetOf(AdSetRef adSet) => World.SettingsOf(World.Find(adSet.Platform, adSet.ExternalId)!.Index).DailyBudget;

    /// <summary>A person changes an ad set's budget directly in the world (Ads Manager).</summary>
    public void ChangeByHand(AdSetRef adSet, decimal budget) =>
        World.Change(World.Find(adSet.Platform, adSet.ExternalId)!.Index, s => s with { DailyBudget = budget });

    public ActuationInput Input(AdAccountRef account, RolloutStage stage, IReadOnlyList<GuardedAdSet> adSets, params GuardrailDecision[] decisions) => new()
    {
        StoreId = StoreId,
        Account = account,
        Hour = Hour,
        Stage = stage,
        Decisions = decisions,
        AdSets = adSets,
        Policy = new PolicyProvenance("bandit", "1.0", "ckpt-7"),
        Proposals = decisions.ToDictionary(d => d.AdSet, d => new ProposalContext("""{"roas": 2.5}""", 0.25)),
    };

    public static GuardrailDecision Allow(GuardedAdSet adSet, decimal budget)
    {
        var change = adSet.Current.WithBudget(new Money(budget, adSet.Current.DailyBudget.Currency));
        return new GuardrailDecision(adSet.AdSet, GuardrailVerdict.Allow, change, change, []);
    }

    public static decimal Raised(GuardedAdSet adSet) => Math.Round(adSet.Current.DailyBudget.Amount * 1.1m, 2);

    public async Task<IReadOnlyList<ActionLogEntry>> EntriesAsync() =>
        await Log.ListAsync(StoreId, DateTimeOffset.UnixEpoch, World.Clock.GetUtcNow().AddDays(1), Ct);

    public async ValueTask DisposeAsync()
    {
        await _services.DisposeAsync();
        await Db.DisposeAsync();
        await Server.DisposeAsync();
    }

    /// <summary>Every request the platform clients send, by method and path.</summary>
    internal sealed class RequestCounter
    {
        private readonly List<(HttpMethod Method, string Path)> _requests = [];

        public IReadOnlyList<(HttpMethod Method, string Path)> Writes
        {
            get
            {
                lock (_requests)
                {
                    return [.. _requests.Where(r => r.Method != HttpMethod.Get)];
                }
            }
        }

        public void Add(HttpMethod method, string path)
        {
            lock (_requests)
            {
                _requests.Add((method, path));
            }
        }
    }

    private sealed class CountingHandler(RequestCounter counter) : DelegatingHandler
    {
        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            counter.Add(request.Method, request.RequestUri?.AbsolutePath ?? "");
            return base.SendAsync(request, cancellationToken);
        }
    }
}
