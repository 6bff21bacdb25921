using AdPilot.Core.Domain;
using AdPilot.Core.Guardrails;
using AdPilot.Core.Platforms;
using AdPilot.Core.Simulation;
using AdPilot.Runtime.Actuation;
using AdPilot.Runtime.Experiments;
using AdPilot.Sandbox;
using AdPilot.Storage.Actions;
using AdPilot.Storage.Alerts;
using AdPilot.Storage.Connections;
using AdPilot.Storage.Experiments;
using AdPilot.Storage.Rewards;
using AdPilot.Storage.Snapshots;
using AdPilot.Storage.Stores;
using AdPilot.Storage.Tests.Infrastructure;

namespace AdPilot.Runtime.Tests.Experiments;

/// <summary>
/// A targeting experiment run by <see cref="ExperimentRunner"/> against the simulated platform (the sandbox's world, in
/// process) on its own database: the world's hours pass one by one, each hour's Shopify-attributed profit of every ad set
/// (orders carrying its UTM, less their cost of goods and its spend) is stored as the reward job would, and the runner moves
/// the experiment on every hour as the loop does.
/// </summary>
internal sealed class ExperimentWorld : IAsyncDisposable
{
    private ExperimentWorld(TestDatabase db, SandboxWorld world, SimulatedAdPlatform platform, long storeId, ExperimentRunner runner, ExperimentStore store)
    {
        Db = db;
        World = world;
        Platform = platform;
        StoreId = storeId;
        Runner = runner;
        Store = store;
    }

    public TestDatabase Db { get; }

    public SandboxWorld World { get; }

    public SimulatedAdPlatform Platform { get; }

    public long StoreId { get; }

    public ExperimentRunner Runner { get; }

    public ExperimentStore Store { get; }

    public AdAccountRef Account => Platform.Account;

    public static async Task<ExperimentWorld> StartAsync(
        PostgresCluster cluster, Scenario scenario, ExperimentOptions options, AdPilot.Core.Domain.Platform platform = AdPilot.Core.Domain.Platform.Instagram, int historyHours = 24)
    {
        var world = new SandboxWorld(scenario);
        world.Advance(historyHours);
        var db = await TestDatabase.CreateAsync(cluster, DatabaseDialect.Sqlite);
        var clock = world.Clock;
        var storeId = await new StoreDirectory(db.Database, clock).UpsertAsync(
            new StoreProfile
            {
                ShopDomain = "experiments.myshopify.com",
                Currency = world.Currency,
                TimeZone = scenario.Store.TimeZone,
                GrossMargin = (decimal)scenario.Store.GrossMargin,
                DataSince = world.StartUtc,
            },
            TestContext.Current.CancellationToken);
        var log = new ActionLog(db.Database, clock);
        var snapshots = new BudgetSnapshotStore(db.Database);
        var store = new ExperimentStore(db.Database, clock);
        var runner = new ExperimentRunner(
            store,
            log,
            snapshots,
            new RewardStore(db.Database, clock),
            new KillSwitchService(new AlertStore(db.Database, clock), log, snapshots, clock, experiments: store),
            clock,
            options);
        return new ExperimentWorld(db, world, new SimulatedAdPlatform(world, platform), storeId, runner, store);
    }

    /// <summary>Proposes and approves a targeting test of <paramref name="original"/>.</summary>
    public async Task<TargetingExperiment> ApprovedAsync(AdSetRef original, AgeGroup age, Interests interests)
    {
        var parameters = World.Scenario.AdSets.Single(a => a.Id == original.ExternalId);
        var (proposed, created) = await Store.ProposeAsync(
            StoreId,
            new ExperimentProposal(Account, original, parameters.TargetAgeGroup, parameters.TargetInterests, age, interests, "policy:test@1", "a test"),
            TestContext.Current.CancellationToken);
        Assert.True(created);
        return await Store.DecideAsync(StoreId, proposed.Id, approve: true, "cli:tester", TestContext.Current.CancellationToken);
    }

    /// <summary>One cycle's worth of the runner, in the expand stage unless told.</summary>
    public Task<IReadOnlyList<ActionLogEntry>> AdvanceAsync(RolloutStage stage = RolloutStage.Expand) =>
        Runner.AdvanceAsync(StoreId, Account, Platform, stage, TestContext.Current.CancellationToken);

    /// <summary>Lets an hour pass and stores its rewards for <paramref name="adSets"/>.</summary>
    public async Task PassHourAsync(params AdSetRef[] adSets)
    {
        var start = World.Clock.GetUtcNow();
        World.Advance(1);
        var end = World.Clock.GetUtcNow();
        var margin = (decimal)World.Scenario.Store.GrossMargin;
        var orders = World.OrdersCreatedSince(start).Where(o => o.CreatedAtUtc < end).ToArray();
        var rewards = new List<RewardRecord>();
        foreach (var record in World.HoursBetween(start, end))
        {
            var adSet = World.AdSets[record.AdSetIndex].Ref;
            if (!adSets.Contains(adSet))
            {
                continue;
            }

            var attributed = orders.Where(o => o.UtmAdSet == adSet).ToArray();
            var revenue = attributed.Sum(o => o.Total.Amount);
            var cogs = Math.Round(revenue * (1 - margin), 2);
            var spend = record.Spend.Amount;
            var profit = revenue - cogs - spend;
            rewards.Add(new RewardRecord(
                adSet, record.HourStartUtc, revenue, spend, cogs, profit, World.Currency,
                spend > 0 ? (double)(revenue / spend) : null, spend > 0 ? (double)((revenue - cogs) / spend) : null, attributed.Length, (double)profit));
        }

        await new RewardStore(Db.Database, World.Clock).UpsertAsync(StoreId, rewards, TestContext.Current.CancellationToken);
    }

    public decimal BudgetOf(AdSetRef adSet) => World.SettingsOf(World.Find(adSet.Platform, adSet.ExternalId)!.Index).DailyBudget;

    public AdSetStatus StatusOf(AdSetRef adSet) => World.SettingsOf(World.Find(adSet.Platform, adSet.ExternalId)!.Index).Status;

    public ValueTask DisposeAsync() => Db.DisposeAsync();
}
