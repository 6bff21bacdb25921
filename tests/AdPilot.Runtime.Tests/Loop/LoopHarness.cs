using System.Globalization;
using AdPilot.Core.Domain;
using AdPilot.Core.Guardrails;
using AdPilot.Core.Platforms;
using AdPilot.Core.Simulation;
using AdPilot.Runtime.Loop;
using AdPilot.Runtime.Tests.Infrastructure;
using AdPilot.Sandbox;
using AdPilot.Sandbox.Faults;
using AdPilot.Storage.Actions;
using AdPilot.Storage.Connections;
using AdPilot.Storage.Stores;
using AdPilot.Storage.Tests.Infrastructure;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace AdPilot.Runtime.Tests.Loop;

/// <summary>
/// The whole production path on one machine: the sandbox over loopback (Meta, TikTok and Shopify), one database, and
/// the hourly loop built from configuration as <c>adpilot run</c> builds it. The world's virtual clock is the loop's
/// clock; <see cref="RunHoursAsync"/> lets an hour pass and runs every account's cycle for the next one.
/// </summary>
internal sealed class LoopHarness : IAsyncDisposable
{
    private readonly Dictionary<string, string?> _settings;
    private readonly string _checkpoints;
    private readonly ILoggerFactory? _loggers;
    private ServiceProvider _services;

    private LoopHarness(
        SandboxServer server, TestDatabase db, Dictionary<string, string?> settings, string checkpoints, long storeId, RequestLog requests, ILoggerFactory? loggers)
    {
        _loggers = loggers;
        Server = server;
        Db = db;
        _settings = settings;
        _checkpoints = checkpoints;
        StoreId = storeId;
        Requests = requests;
        _services = Build();
        InitialBudgets = World.AdSets.ToDictionary(a => a.Ref, a => World.SettingsOf(a.Index).DailyBudget);
    }

    public static CancellationToken Ct => TestContext.Current.CancellationToken;

    public SandboxServer Server { get; }

    public SandboxWorld World => Server.World;

    public TestDatabase Db { get; }

    public long StoreId { get; }

    public RequestLog Requests { get; }

    /// <summary>Gets each ad set's budget before the loop ran.</summary>
    public IReadOnlyDictionary<AdSetRef, decimal> InitialBudgets { get; }

    public HourlyCycle Cycle => _services.GetRequiredService<HourlyCycle>();

    public HourlyCycleParts Parts => _services.GetRequiredService<HourlyCycleParts>();

    /// <summary>Gets the process's metrics (a new instance after <see cref="RestartAsync"/>).</summary>
    public AdPilot.Runtime.Observability.AdPilotMetrics Metrics => _services.GetRequiredService<AdPilot.Runtime.Observability.AdPilotMetrics>();

    public IReadOnlyList<AdAccountRef> Accounts => Cycle.Accounts;

    /// <summary>Gets the start of the hour the world's clock is in.</summary>
    public DateTimeOffset Hour
    {
        get
        {
            var now = World.Clock.GetUtcNow();
            return new DateTimeOffset(now.Year, now.Month, now.Day, now.Hour, 0, 0, TimeSpan.Zero);
        }
    }

    /// <summary>
    /// Starts the sandbox and a database, lets <paramref name="historyHours"/> pass under people's budgets, and builds the
    /// loop (logging to <paramref name="loggers"/> when given).
    /// </summary>
    public static async Task<LoopHarness> StartAsync(
        PostgresCluster cluster,
        DatabaseDialect dialect,
        IReadOnlyDictionary<string, string?>? settings = null,
        int historyHours = 48,
        Scenario? scenario = null,
        SandboxFaults? faults = null,
        ILoggerFactory? loggers = null)
    {
        var server = await SandboxServer.StartAsync(scenario ?? DefaultFamily.Preset(), 0, Ct, serverTime: new FastTime(1000), faults: faults);
        server.World.Advance(historyHours);
        var db = await TestDatabase.CreateAsync(cluster, dialect);
        var storeId = await SandboxSettings.RegisterStoreAsync(server, db);
        var checkpoints = Path.Combine(Path.GetTempPath(), "adpilot-loop-" + Guid.NewGuid().ToString("N"));
        var all = SandboxSettings.For(server);
        all["Shopify:BulkPollIntervalMilliseconds"] = "20";
        all["Loop:CheckpointDirectory"] = checkpoints;

        // The sandbox answers in microseconds and the world's hours pass at once: the production rate limits would only slow the test.
        all["Meta:RequestsPerSecond"] = all["TikTok:RequestsPerSecond"] = all["Shopify:RequestsPerSecond"] = "10000";
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
        {
            all[key] = value;
        }

        return new LoopHarness(server, db, all, checkpoints, storeId, new RequestLog(), loggers);
    }

    /// <summary>Lets one hour pass in the world, then runs every account's cycle for the hour that starts.</summary>
    public async Task<IReadOnlyList<CycleReport>> RunHourAsync(RolloutStage stage)
    {
        World.Advance(1);
        var reports = new List<CycleReport>();
        foreach (var account in Accounts)
        {
            reports.Add(await Cycle.RunAsync(StoreId, account, Hour, stage, Ct));
        }

        return reports;
    }

    /// <summary>Runs <paramref name="hours"/> hours; <paramref name="after"/> sees each hour's reports.</summary>
    public async Task<IReadOnlyList<CycleReport>> RunHoursAsync(int hours, RolloutStage stage, Func<int, IReadOnlyList<CycleReport>, Task>? after = null)
    {
        var all = new List<CycleReport>();
        for (var h = 0; h < hours; h++)
        {
            var reports = await RunHourAsync(stage);
            all.AddRange(reports);
            if (after is not null)
            {
                await after(h, reports);
            }
        }

        return all;
    }

    /// <summary>A new process: everything in memory is dropped (live policies included) and built again from configuration.</summary>
    public async Task RestartAsync()
    {
        await Cycle.WhenIdleAsync();
        await _services.DisposeAsync();
        _services = Build();
    }

    public async Task<IReadOnlyList<ActionLogEntry>> EntriesAsync() =>
        await new ActionLog(Db.Database, World.Clock).ListAsync(StoreId, DateTimeOffset.UnixEpoch, World.Clock.GetUtcNow().AddDays(1), Ct);

    /// <summary>The world's daily budget of an ad set now.</summary>
    public decimal BudgetOf(AdSetRef adSet) => World.SettingsOf(World.Find(adSet.Platform, adSet.ExternalId)!.Index).DailyBudget;

    public GuardrailOptions Guardrails => Parts.Guardrails.Options;

    public async ValueTask DisposeAsync()
    {
        await Cycle.WhenIdleAsync();
        await _services.DisposeAsync();
        await Db.DisposeAsync();
        await Server.DisposeAsync();
        if (Directory.Exists(_checkpoints))
        {
            Directory.Delete(_checkpoints, recursive: true);
        }
    }

    private ServiceProvider Build()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(_settings).Build();
        var services = new ServiceCollection()
            .AddSingleton<TimeProvider>(World.Clock)
            .ConfigureHttpClientDefaults(b => b.AddHttpMessageHandler(() => new RecordingHandler(Requests)));
        if (_loggers is not null)
        {
            services.AddLogging().AddSingleton(_loggers);
        }

        return services.AddHourlyLoop(configuration, Db.Database).BuildServiceProvider();
    }

    /// <summary>Every request the clients send to the ad platforms (not Shopify, whose GraphQL reads are POSTs).</summary>
    internal sealed class RequestLog
    {
        private readonly List<(HttpMethod Method, string Path)> _requests = [];

        /// <summary>Gets or sets what runs just before a platform write is sent (false) and just after its answer (true).</summary>
        public Action<bool>? OnPlatformWrite { get; set; }

        public static bool IsPlatformWrite(HttpMethod method, string path) =>
            method != HttpMethod.Get && !path.StartsWith("/shopify/", StringComparison.Ordinal) && !path.StartsWith("/_sandbox/", StringComparison.Ordinal);

        /// <summary>Gets the platform writes: every non-GET request to Meta or TikTok.</summary>
        public IReadOnlyList<(HttpMethod Method, string Path)> PlatformWrites
        {
            get
            {
                lock (_requests)
                {
                    return [.. _requests.Where(r => IsPlatformWrite(r.Method, r.Path))];
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

    private sealed class RecordingHandler(RequestLog log) : DelegatingHandler
    {
        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            var path = request.RequestUri?.AbsolutePath ?? "";
            var write = RequestLog.IsPlatformWrite(request.Method, path);
            if (write)
            {
                log.OnPlatformWrite?.Invoke(false);
                cancellationToken.ThrowIfCancellationRequested();
            }

            log.Add(request.Method, path);
            var response = await base.SendAsync(request, cancellationToken);
            if (write)
            {
                log.OnPlatformWrite?.Invoke(true);
                cancellationToken.ThrowIfCancellationRequested();
            }

            return response;
        }
    }
}

/// <summary>Reads what the loop logged.</summary>
internal static class LoggedAction
{
    /// <summary>The daily budget an entry's final action set, if any.</summary>
    public static decimal? FinalBudget(ActionLogEntry entry) => Budget(entry.Decision.FinalActionJson);

    /// <summary>The daily budget an entry's proposal asked for, if any.</summary>
    public static decimal? ProposedBudget(ActionLogEntry entry) => Budget(entry.Decision.ProposedActionJson);

    /// <summary>The budget in the state the decision saw.</summary>
    public static double StateBudget(ActionLogEntry entry)
    {
        using var json = System.Text.Json.JsonDocument.Parse(entry.Decision.StateJson);
        return json.RootElement.GetProperty("current_budget").GetDouble();
    }

    private static decimal? Budget(string? json)
    {
        if (string.IsNullOrWhiteSpace(json))
        {
            return null;
        }

        using var document = System.Text.Json.JsonDocument.Parse(json);
        return document.RootElement.TryGetProperty("daily_budget", out var budget) && budget.ValueKind == System.Text.Json.JsonValueKind.Number
            ? budget.GetDecimal()
            : null;
    }
}
