using System.Globalization;
using AdPilot.Core.Agents;
using AdPilot.Core.Domain;
using AdPilot.Core.Guardrails;
using AdPilot.Core.Platforms;
using AdPilot.Core.Simulation;
using AdPilot.Core.Training;
using AdPilot.Runtime.Logging;
using AdPilot.Runtime.Loop;
using AdPilot.Sandbox;
using AdPilot.Storage.Webhooks;
using AdPilot.Storage.Connections;
using AdPilot.Storage.Stores;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace AdPilot.Runtime.Demo;

/// <summary>
/// <c>adpilot demo</c>'s run, end to end on one machine with no secrets: the API sandbox in process on loopback, a fresh
/// SQLite database, a bandit pretrained in the simulator, then the real hourly loop through the real connectors for the
/// demo's days (shadow, then pilot, then expand), and beside it the baselines on the same world and random streams.
/// Start it with <see cref="StartAsync"/>, run it with <see cref="RunAsync"/>; after the run the sandbox, the database and
/// the loop's configuration stay up for a dashboard until the runner is disposed.
/// </summary>
public sealed class DemoRunner : IAsyncDisposable
{
    /// <summary>The demo's database file in the out folder; a run replaces the last one's.</summary>
    public const string DatabaseFile = "demo.db";

    /// <summary>The demo's JSON-lines log in the out folder.</summary>
    public const string LogFile = "demo.log";

    /// <summary>The first family seed the bandit is pretrained on: far from any demo world's seed, so it never trains on the store it meets.</summary>
    public const ulong TrainingFirstSeed = 1_000_001;

    private const string CheckpointFolder = "demo-checkpoints";

    /// <summary>The longest the demo waits at its end for the run's webhooks to be delivered and processed.</summary>
    private static readonly TimeSpan WebhookSettleTimeout = TimeSpan.FromSeconds(15);

    private readonly DemoOptions _options;
    private readonly TimeProvider _time;
    private readonly long _started;
    private readonly JsonLinesFileLoggerProvider _log;

    private DemoRunner(
        DemoOptions options, TimeProvider time, long started, SandboxServer sandbox, StorageDatabase database, IConfigurationRoot configuration, long storeId, JsonLinesFileLoggerProvider log, IDemoHost host)
    {
        _options = options;
        _time = time;
        _started = started;
        Sandbox = sandbox;
        Database = database;
        Configuration = configuration;
        StoreId = storeId;
        _log = log;
        Host = host;
    }

    /// <summary>Gets the sandbox the loop runs against.</summary>
    public SandboxServer Sandbox { get; }

    /// <summary>Gets the demo's database.</summary>
    public StorageDatabase Database { get; }

    /// <summary>Gets the loop's configuration: the connectors pointed at the sandbox, with its credentials.</summary>
    public IConfigurationRoot Configuration { get; }

    /// <summary>Gets the demo store's id.</summary>
    public long StoreId { get; }

    /// <summary>Gets the host of the hourly loop (and of the webhook receiver and dashboard, when it is the web application's).</summary>
    public IDemoHost Host { get; }

    /// <summary>Gets the hourly loop's services (the cycle, its stores, the logger factory).</summary>
    public IServiceProvider Services => Host.Services;

    /// <summary>Gets the database file.</summary>
    public string DatabasePath => Path.GetFullPath(Path.Combine(_options.OutDirectory, DatabaseFile));

    /// <summary>Gets the log file.</summary>
    public string LogPath => Path.GetFullPath(Path.Combine(_options.OutDirectory, LogFile));

    /// <summary>
    /// Prepares a run: replaces the out folder's last demo (its database, checkpoints and log), pretrains the bandit,
    /// starts the sandbox, lets the world run <see cref="DemoOptions.HistoryHours"/> under people's budgets, registers the
    /// store and builds the loop.
    /// </summary>
    /// <param name="options">The demo.</param>
    /// <param name="time">The real clock (pretraining's timings, the sandbox's rate limits).</param>
    /// <param name="host">Builds and starts the loop's host; the loop alone when null.</param>
    /// <param name="onStep">Told each step as it starts, for a status line.</param>
    /// <param name="cancellationToken">Cancels the start.</param>
    /// <returns>The runner.</returns>
    /// <exception cref="ArgumentException">The options are invalid; the message names every problem.</exception>
    public static async Task<DemoRunner> StartAsync(
        DemoOptions options,
        TimeProvider time,
        Func<DemoHostSetup, CancellationToken, Task<IDemoHost>>? host = null,
        Action<string>? onStep = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(time);
        var errors = options.Validate();
        if (errors.Count > 0)
        {
            throw new ArgumentException(string.Join("; ", errors), nameof(options));
        }

        var started = time.GetTimestamp();
        var outDirectory = Path.GetFullPath(options.OutDirectory);
        Directory.CreateDirectory(outDirectory);
        foreach (var file in new[] { DatabaseFile, DatabaseFile + "-wal", DatabaseFile + "-shm", DatabaseFile + "-journal", LogFile })
        {
            File.Delete(Path.Combine(outDirectory, file));
        }

        var checkpoints = Path.Combine(outDirectory, CheckpointFolder);
        if (Directory.Exists(checkpoints))
        {
            Directory.Delete(checkpoints, recursive: true);
        }

        var scenario = DefaultFamily.Sample(options.Seed, options.AdSets);
        string? pretrained = null;
        if (options.TrainingEpisodes > 0)
        {
            onStep?.Invoke(Invariant($"Pretraining the bandit on {options.TrainingEpisodes} simulated stores"));
            pretrained = await PretrainAsync(options, time, Path.Combine(checkpoints, "pretrained"), cancellationToken).ConfigureAwait(false);
        }

        onStep?.Invoke("Starting the API sandbox and the database");
        var log = new JsonLinesFileLoggerProvider(Path.Combine(outDirectory, LogFile), time);
        SandboxServer? sandbox = null;
        StorageDatabase? database = null;
        IDemoHost? loopHost = null;
        try
        {
            // The world's hours pass in milliseconds: the sandbox's per-second rate limits run as fast.
            sandbox = await SandboxServer.StartAsync(scenario, 0, cancellationToken, serverTime: new AcceleratedTime(time, 1000)).ConfigureAwait(false);
            sandbox.World.Advance(options.HistoryHours);
            database = await StorageDatabase.OpenMigratedAsync(DatabaseTarget.Sqlite(Path.Combine(outDirectory, DatabaseFile)), cancellationToken).ConfigureAwait(false);
            var storeId = await new StoreDirectory(database, sandbox.World.Clock).UpsertAsync(
                new StoreProfile
                {
                    ShopDomain = sandbox.ShopDomain,
                    Currency = sandbox.World.Currency,
                    TimeZone = scenario.Store.TimeZone,
                    GrossMargin = (decimal)scenario.Store.GrossMargin,
                    DataSince = sandbox.World.StartUtc,
                },
                cancellationToken).ConfigureAwait(false);
            var configuration = new ConfigurationBuilder().AddInMemoryCollection(Settings(options, sandbox, checkpoints, pretrained)).Build();
            var setup = new DemoHostSetup(configuration, database, sandbox.World.Clock, log);
            loopHost = await (host ?? LoopOnlyDemoHost.StartAsync)(setup, cancellationToken).ConfigureAwait(false);
            if (loopHost.WebhookUrl is { } webhooks)
            {
                // As registering the subscriptions does: from now on the shop's orders, refunds and cancellations arrive as webhooks too.
                sandbox.DeliverWebhooksTo(webhooks);
            }

            return new DemoRunner(options, time, started, sandbox, database, configuration, storeId, log, loopHost);
        }
        catch
        {
            if (loopHost is not null)
            {
                await loopHost.DisposeAsync().ConfigureAwait(false);
            }

            if (database is not null)
            {
                await database.DisposeAsync().ConfigureAwait(false);
            }

            if (sandbox is not null)
            {
                await sandbox.DisposeAsync().ConfigureAwait(false);
            }

            log.Dispose();
            throw;
        }
    }

    /// <summary>Runs the loop for the demo's days and compares it with the baselines.</summary>
    /// <param name="progress">Told after each hour.</param>
    /// <param name="cancellationToken">Stops the run between hours.</param>
    /// <returns>The summary.</returns>
    public async Task<DemoSummary> RunAsync(IProgress<DemoProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        var world = Sandbox.World;
        var cycle = Services.GetRequiredService<HourlyCycle>();
        var guardrails = Services.GetRequiredService<HourlyCycleParts>().Guardrails.Options;
        var hours = _options.Days * 24;
        var loopStart = world.Clock.GetUtcNow();
        var platformOf = world.AdSets.Select(a => a.Ref.Platform).ToArray();
        var days = new List<DayTally>(_options.Days);
        int decisions = 0, changes = 0, applied = 0, interventions = 0, approvals = 0, failed = 0;
        var profit = 0.0;
        for (var h = 0; h < hours; h++)
        {
            var stage = _options.StageAt(h);
            if (h % 24 == 0)
            {
                days.Add(new DayTally(stage));
            }

            var day = days[^1];
            var hour = world.Clock.GetUtcNow();
            var reports = await Task.WhenAll(cycle.Accounts.Select(a => RunCycleAsync(cycle, a, hour, stage, cancellationToken))).ConfigureAwait(false);
            foreach (var r in reports)
            {
                if (r is null)
                {
                    failed++;
                    continue;
                }

                decisions += r.Decisions;
                changes += r.Changes;
                applied += r.Applied;
                interventions += r.Clamped + r.Blocked + r.PendingApproval;
                approvals += r.PendingApproval;
                day.Applied += r.Applied;
                day.Add("allowed", r.Allowed);
                day.Add("clamped", r.Clamped);
                day.Add("blocked", r.Blocked);
                day.Add("pending_approval", r.PendingApproval);
            }

            world.Advance(1);
            var truth = world.TruthBetween(hour, hour.AddHours(1));
            var records = world.HoursBetween(hour, hour.AddHours(1));
            for (var i = 0; i < truth.Count; i++)
            {
                var platform = platformOf[records[i].AdSetIndex];
                day.ByPlatform[platform] = day.ByPlatform.GetValueOrDefault(platform) + truth[i];
                profit += truth[i].Profit;
            }

            progress?.Report(new DemoProgress(h + 1, hours, stage, profit, decisions, applied));
        }

        await cycle.WhenIdleAsync().ConfigureAwait(false);
        if (Host.WebhookUrl is not null)
        {
            await SettleWebhooksAsync(cancellationToken).ConfigureAwait(false);
        }

        var loopEnd = world.Clock.GetUtcNow();
        var adpilotDays = days.Select(d => d.ByPlatform.Values.Aggregate(default(RewardMetrics), (a, b) => a + b)).ToArray();
        var adpilot = new DemoPolicyResult("adpilot", adpilotDays.Aggregate(default(RewardMetrics), (a, b) => a + b), adpilotDays);
        var scenario = world.Scenario;
        var baselines = new[] { "fixed", "rules" }.Select(name => DemoBaselines.Run(
            scenario, PolicyCatalog.Create(name, new SimulatedEnvironment(scenario)), _options.HistoryHours, hours, _options.Seed, cancellationToken));
        var violations = GuardrailAudit.Check(world, guardrails, loopStart, loopEnd, at => _options.StageAt((int)((at - loopStart).Ticks / TimeSpan.TicksPerHour)));
        return new DemoSummary
        {
            Days = _options.Days,
            Modes = _options.Stages,
            Currency = world.Currency,
            Seed = _options.Seed,
            AdSets = world.AdSets.Count,
            Policies = [adpilot, .. baselines],
            Timeline = [.. days.Select((d, i) => new DemoDay(i + 1, d.Stage, d.ByPlatform, d.Verdicts, d.Applied))],
            GuardrailViolations = violations,
            Decisions = decisions,
            Changes = changes,
            Applied = applied,
            GuardrailInterventions = interventions,
            ApprovalsRequested = approvals,
            FailedCycles = failed,
            DatabasePath = DatabasePath,
            LogPath = LogPath,
            Seconds = _time.GetElapsedTime(_started).TotalSeconds,
        };
    }

    /// <summary>
    /// Waits, at most <see cref="WebhookSettleTimeout"/>, until the sandbox has delivered every webhook of the run and the
    /// receiver's queue has processed them: the database then holds every order, and no payload waits in the queue.
    /// </summary>
    private async Task SettleWebhooksAsync(CancellationToken cancellationToken)
    {
        var queue = new WebhookQueueStore(Database, _time);
        var started = _time.GetTimestamp();
        while (Sandbox.WebhooksInFlight > 0 || (await queue.BacklogAsync(cancellationToken).ConfigureAwait(false)).Depth > 0)
        {
            if (_time.GetElapsedTime(started) >= WebhookSettleTimeout)
            {
                return;
            }

            await Task.Delay(TimeSpan.FromMilliseconds(50), _time, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        Sandbox.DeliverWebhooksTo(null);
        await Services.GetRequiredService<HourlyCycle>().WhenIdleAsync().ConfigureAwait(false);
        await Host.DisposeAsync().ConfigureAwait(false);
        await Database.DisposeAsync().ConfigureAwait(false);
        await Sandbox.DisposeAsync().ConfigureAwait(false);
        _log.Dispose();
    }

    /// <summary>One account's cycle; a failure is logged by the cycle and caught up by the next hour, as in production.</summary>
    private async Task<CycleReport?> RunCycleAsync(HourlyCycle cycle, AdAccountRef account, DateTimeOffset hour, RolloutStage stage, CancellationToken cancellationToken)
    {
        try
        {
            return await cycle.RunAsync(StoreId, account, hour, stage, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            return null;
        }
    }

    internal static async Task<string> PretrainAsync(DemoOptions options, TimeProvider time, string folder, CancellationToken cancellationToken)
    {
        var run = new TrainingRun
        {
            Scenarios = TrainingScenarios.Family(TrainingFirstSeed),
            Episodes = options.TrainingEpisodes,
            DaysPerEpisode = 30,
            Seed = options.Seed,
            CheckpointEvery = options.TrainingEpisodes,
            OutputDirectory = folder,
            RunId = Invariant($"demo-bandit-s{options.Seed}"),
        };
        await new AgentTrainer(time).TrainAsync(LearningAgents.Create("bandit", options.Seed), run, cancellationToken: cancellationToken).ConfigureAwait(false);
        return Path.Combine(folder, AgentTrainer.LatestCheckpointName);
    }

    internal static Dictionary<string, string?> Settings(DemoOptions options, SandboxServer sandbox, string checkpoints, string? pretrained)
    {
        var settings = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase)
        {
            ["Platforms:Accounts:0:Platform"] = "Instagram",
            ["Platforms:Accounts:0:AccountId"] = sandbox.Meta.AccountId,
            ["Platforms:Accounts:0:Currency"] = sandbox.World.Currency,
            ["Platforms:Accounts:1:Platform"] = "TikTok",
            ["Platforms:Accounts:1:AccountId"] = sandbox.TikTokAdvertiserIds[0],
            ["Platforms:Accounts:1:Currency"] = sandbox.World.Currency,
            ["Meta:BaseUrl"] = sandbox.MetaBaseUrl.ToString(),
            ["Meta:AccessToken"] = sandbox.Credentials.MetaAccessToken,
            ["Meta:AppSecret"] = sandbox.Credentials.MetaAppSecret,
            ["TikTok:BaseUrl"] = sandbox.TikTokApiRoot.ToString(),
            ["TikTok:AccessToken"] = sandbox.Credentials.TikTokAccessToken,
            ["Shopify:BaseUrl"] = sandbox.ShopifyBaseUrl.ToString(),
            ["Shopify:ShopDomain"] = sandbox.ShopDomain,
            ["Shopify:AdminToken"] = sandbox.Credentials.ShopifyAdminToken,
            ["Shopify:WebhookSecret"] = sandbox.Credentials.ShopifyWebhookSecret,
            ["Shopify:BulkPollIntervalMilliseconds"] = "20",

            // The sandbox answers in microseconds and the world's hours pass at once: production's client-side pacing would only wait.
            ["Meta:RequestsPerSecond"] = "10000",
            ["TikTok:RequestsPerSecond"] = "10000",
            ["Shopify:RequestsPerSecond"] = "10000",
            ["Loop:Policy"] = "bandit",
            ["Loop:Checkpoint"] = pretrained,
            ["Loop:CheckpointDirectory"] = Path.Combine(checkpoints, "online"),
            ["Loop:Seed"] = options.Seed.ToString(CultureInfo.InvariantCulture),
        };
        foreach (var (key, value) in options.Settings)
        {
            settings[key] = value;
        }

        return settings;
    }

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);

    private sealed class DayTally(RolloutStage stage)
    {
        public RolloutStage Stage { get; } = stage;

        public Dictionary<Platform, RewardMetrics> ByPlatform { get; } = [];

        public Dictionary<string, int> Verdicts { get; } = new(StringComparer.Ordinal);

        public int Applied { get; set; }

        public void Add(string verdict, int count) => Verdicts[verdict] = Verdicts.GetValueOrDefault(verdict) + count;
    }
}
