using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using AdPilot.Core.Guardrails;
using AdPilot.Core.Platforms;
using AdPilot.Core.Simulation;
using AdPilot.Runtime.Ingestion;
using AdPilot.Runtime.Loop;
using AdPilot.Storage.Connections;
using AdPilot.Storage.Ingestion;
using AdPilot.Storage.Stores;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Engines;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace AdPilot.Benchmarks.Loop;

/// <summary>
/// One hourly cycle of the production loop — recovery, ETL (72-hour insights replay, new orders), human-change detection,
/// rewards, features, the bandit's decisions, guardrails and actuation in expand — for every ad set of a store spread
/// over four ad accounts (two Meta, two TikTok), run as the scheduler runs them: the accounts' cycles side by side, at
/// most <c>Loop:MaxConcurrentCycles</c> (2) at once, with the store's late-change rescoring beside them.
/// The platforms are <c>adpilot sandbox</c> in its own process (so this process holds AdPilot alone), every call
/// delayed 50 ms by its latency fault; the database is the embedded SQLite default; the clients keep the production
/// rate limits (10 requests a second per platform). Targets: 1,000 ad sets under 10 s; 10,000 under 60 s with the
/// process's peak working set over the hourly cycles under 300 MB (printed at the end of each parameter set; the setup's,
/// whose first cycle replays 72 hours and backfills the orders, is printed after it).
/// </summary>
[Config(typeof(ProductGc))]
[MedianColumn]
public class HourlyCycleBenchmarks
{
    private const int AccountsPerPlatform = 2;

    private string _folder = "";
    private Process? _sandbox;
    private HttpClient _control = null!;
    private Uri _baseUrl = null!;
    private ServiceProvider _services = null!;
    private StorageDatabase _database = null!;
    private HourlyCycle _cycle = null!;
    private SettableClock _clock = null!;
    private long _storeId;

    /// <summary>Gets or sets the store's ad sets, across all four accounts.</summary>
    [Params(1_000, 10_000)]
    public int AdSets { get; set; }

    [GlobalSetup]
    public async Task Setup()
    {
        _folder = Directory.CreateTempSubdirectory("adpilot-cycle-bench-").FullName;
        var scenarioFile = Path.Combine(_folder, "scenario.json");
        await File.WriteAllTextAsync(scenarioFile, ScenarioJson.Serialize(DefaultFamily.Sample(seed: 7, adSetCount: AdSets)));
        var faultsFile = Path.Combine(_folder, "faults.json");
        await File.WriteAllTextAsync(faultsFile, """{"seed":1,"rules":[{"platform":"any","endpoint":"*","fault":"latency","probability":1,"latencyMs":50}]}""");

        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in new[]
        {
            Path.Combine(AppContext.BaseDirectory, "adpilot.dll"), "sandbox", "--scenario", scenarioFile, "--faults", faultsFile,
            "--accounts", AccountsPerPlatform.ToString(CultureInfo.InvariantCulture),
        })
        {
            start.ArgumentList.Add(argument);
        }

        // GC settings meant for this process are not the sandbox's (it reads adpilot's own from its runtimeconfig).
        start.Environment.Remove("DOTNET_GCHeapHardLimit");
        start.Environment.Remove("DOTNET_GCConserveMemory");
        start.Environment.Remove("DOTNET_GCGen0MaxBudget");
        start.Environment.Remove("DOTNET_TieredPGO");
        _sandbox = Process.Start(start) ?? throw new InvalidOperationException("the sandbox did not start");
        _sandbox.ErrorDataReceived += (_, _) => { };
        _sandbox.BeginErrorReadLine();
        var first = await _sandbox.StandardOutput.ReadLineAsync() ?? throw new InvalidOperationException("the sandbox printed nothing");
        using var endpoints = JsonDocument.Parse(first);
        var meta = endpoints.RootElement.GetProperty("meta");
        var tikTok = endpoints.RootElement.GetProperty("tiktok");
        var shopify = endpoints.RootElement.GetProperty("shopify");
        var shopifyBase = new Uri(shopify.GetProperty("baseUrl").GetString()!);
        _baseUrl = new Uri(shopifyBase, "/");
        _control = new HttpClient(new SocketsHttpHandler()) { BaseAddress = _baseUrl, Timeout = TimeSpan.FromMinutes(10) };
        var start72 = await AdvanceAsync(72);
        _clock = new SettableClock(start72);

        var settings = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase)
        {
            ["Meta:BaseUrl"] = meta.GetProperty("baseUrl").GetString(),
            ["Meta:AccessToken"] = meta.GetProperty("accessToken").GetString(),
            ["Meta:AppSecret"] = meta.GetProperty("appSecret").GetString(),
            ["TikTok:BaseUrl"] = tikTok.GetProperty("baseUrl").GetString(),
            ["TikTok:AccessToken"] = tikTok.GetProperty("accessToken").GetString(),
            ["Shopify:BaseUrl"] = shopifyBase.ToString(),
            ["Shopify:ShopDomain"] = shopify.GetProperty("shopDomain").GetString(),
            ["Shopify:AdminToken"] = shopify.GetProperty("adminToken").GetString(),
            ["Loop:CheckpointDirectory"] = Path.Combine(_folder, "checkpoints"),
            ["Guardrails:AccountDailyCap"] = "10000000",
            ["Guardrails:CampaignDailyCap"] = "10000000",
        };
        var index = 0;
        foreach (var (platform, ids) in new[] { ("Instagram", meta.GetProperty("adAccountIds")), ("TikTok", tikTok.GetProperty("advertiserIds")) })
        {
            foreach (var id in ids.EnumerateArray())
            {
                settings[$"Platforms:Accounts:{index}:Platform"] = platform;
                settings[$"Platforms:Accounts:{index}:AccountId"] = id.GetString();
                settings[$"Platforms:Accounts:{index}:Currency"] = "USD";
                index++;
            }
        }

        // The sandbox's tiktok base URL is the versioned one; the connector takes the API root.
        settings["TikTok:BaseUrl"] = settings["TikTok:BaseUrl"]!.Replace("v1.3/", string.Empty, StringComparison.Ordinal);
        _database = await StorageDatabase.OpenMigratedAsync(DatabaseTarget.Parse($"sqlite:{Path.Combine(_folder, "adpilot.db")}"), CancellationToken.None);
        var scenario = DefaultFamily.Sample(seed: 7, adSetCount: AdSets);
        _storeId = await new StoreDirectory(_database, _clock).UpsertAsync(
            new StoreProfile
            {
                ShopDomain = settings["Shopify:ShopDomain"]!,
                Currency = scenario.Store.Currency,
                TimeZone = scenario.Store.TimeZone,
                GrossMargin = 0.6m,
                DataSince = start72.AddHours(-72),
            },
            CancellationToken.None);
        _services = new ServiceCollection()
            .AddSingleton<TimeProvider>(_clock)
            .AddHourlyLoop(new ConfigurationBuilder().AddInMemoryCollection(settings).Build(), _database)
            .BuildServiceProvider();
        _cycle = _services.GetRequiredService<HourlyCycle>();

        // The first cycle stores the 72 hours, backfills the orders (one bulk operation) and takes the first snapshots;
        // the benchmark times the hours after it.
        var warm = await RunHour();
        await _cycle.WhenIdleAsync();
        Console.WriteLine($"// {AdSets} ad sets over {_cycle.Accounts.Count} accounts: first cycle {warm.Sum(r => r.Managed)} managed ad sets, {warm.Sum(r => r.InsightRows)} insight rows, {warm.Sum(r => r.Orders)} orders");
        Console.WriteLine($"// {AdSets} ad sets: peak working set of the setup (scenario, first cycle with its 72-hour replay and order backfill) {PeakWorkingSetMegabytes()} MB");
        ResetPeakWorkingSet();
    }

    /// <summary>
    /// An hour passes: the sandbox simulates it, and the benchmark waits the 20 s Shopify's cost bucket needs to refill
    /// from empty (2,000 points at 100 a second), as an hour between cycles would (not timed).
    /// </summary>
    [IterationSetup]
    public void NextHour()
    {
        _clock.Set(AdvanceAsync(1).GetAwaiter().GetResult());
        Task.Delay(TimeSpan.FromSeconds(20), TimeProvider.System).GetAwaiter().GetResult();
    }

    /// <summary>Every account's cycle for the hour that just began, side by side.</summary>
    [Benchmark]
    public async Task<IReadOnlyList<CycleReport>> RunHour()
    {
        var hour = _clock.GetUtcNow();
        return await Task.WhenAll(_cycle.Accounts.Select(a => _cycle.RunAsync(_storeId, a, hour, RolloutStage.Expand, CancellationToken.None)));
    }

    [GlobalCleanup]
    public async Task Cleanup()
    {
        Console.WriteLine($"// {AdSets} ad sets: peak working set of this process (AdPilot alone) over the hourly cycles {PeakWorkingSetMegabytes()} MB");
        await _cycle.WhenIdleAsync();
        await _services.DisposeAsync();
        await _database.DisposeAsync();
        _control.Dispose();
        if (_sandbox is { HasExited: false })
        {
            _sandbox.Kill(entireProcessTree: true);
            await _sandbox.WaitForExitAsync();
        }

        _sandbox?.Dispose();
        SqliteConnection.ClearAllPools();
        Directory.Delete(_folder, recursive: true);
    }

    private static long PeakWorkingSetMegabytes()
    {
        using var self = Process.GetCurrentProcess();
        return self.PeakWorkingSet64 / (1024 * 1024);
    }

    /// <summary>Starts the peak working set again from the current one (Linux: the kernel's high-water mark is reset).</summary>
    private static void ResetPeakWorkingSet()
    {
        if (!OperatingSystem.IsLinux())
        {
            return;
        }

        try
        {
            File.WriteAllText("/proc/self/clear_refs", "5");
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            Console.WriteLine($"// the peak working set could not be reset ({ex.Message}): the figure below includes the setup");
        }
    }

    private async Task<DateTimeOffset> AdvanceAsync(int hours)
    {
        using var response = await _control.PostAsync(new Uri($"_sandbox/clock/advance?hours={hours}", UriKind.Relative), null);
        response.EnsureSuccessStatusCode();
        using var clock = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        return DateTimeOffset.Parse(clock.RootElement.GetProperty("nowUtc").GetString()!, CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal);
    }

    /// <summary>
    /// Five monitored hours in a process with the GC settings of <c>adpilot</c> (AdPilot.Cli.csproj: no background GC,
    /// ConserveMemory 7, a generation-0 budget of at most 16 MB, no dynamic PGO; environment values are hexadecimal).
    /// </summary>
    private sealed class ProductGc : ManualConfig
    {
        public ProductGc() => AddJob(Job.Default
            .WithStrategy(RunStrategy.Monitoring)
            .WithLaunchCount(1)
            .WithWarmupCount(1)
            .WithIterationCount(5)
            .WithGcConcurrent(false)
            .WithEnvironmentVariables(
                new EnvironmentVariable("DOTNET_GCConserveMemory", "7"),
                new EnvironmentVariable("DOTNET_GCGen0MaxBudget", "1000000"),
                new EnvironmentVariable("DOTNET_TieredPGO", "0")));
    }

    /// <summary>The sandbox's virtual time in this process: set by hand, with real timers (waits take real time).</summary>
    private sealed class SettableClock(DateTimeOffset start) : TimeProvider
    {
        private long _ticks = start.UtcTicks;

        public override DateTimeOffset GetUtcNow() => new(Interlocked.Read(ref _ticks), TimeSpan.Zero);

        public void Set(DateTimeOffset now) => Interlocked.Exchange(ref _ticks, now.UtcTicks);
    }
}
