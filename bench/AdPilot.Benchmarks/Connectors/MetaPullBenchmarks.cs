using AdPilot.Connectors;
using AdPilot.Connectors.Meta;
using AdPilot.Core.Domain;
using AdPilot.Core.Platforms;
using AdPilot.Core.Simulation;
using AdPilot.Sandbox;
using AdPilot.Sandbox.Faults;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Engines;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace AdPilot.Benchmarks.Connectors;

/// <summary>
/// Pulling hourly insights of one Meta ad account with 1,000 ad sets from the sandbox over loopback HTTP, every call
/// delayed 50 ms by the sandbox's latency fault, through the production client (DI, resilience pipeline, client-side rate
/// limiter). <see cref="Pull72Hours"/> reads three whole days (72,000 rows); <see cref="HourlyPull"/> reads one day, what
/// the hourly loop reads each hour at the day's last hour (24,000 rows). Target: 72 hours under 5 s. The calls each
/// makes are printed once per parameter set (a count, not a time: HTTP requests seen by the client, retries included).
/// </summary>
[SimpleJob(RunStrategy.Monitoring, launchCount: 1, warmupCount: 1, iterationCount: 5)]
[MedianColumn]
public class MetaPullBenchmarks
{
    private const int AdSets = 1000;
    private static readonly DateOnly NoDay = default;

    private SandboxServer _server = null!;
    private ServiceProvider _services = null!;
    private MetaInsightsClient _client = null!;
    private CallCounter _calls = null!;
    private AdAccountRef _account = null!;
    private DateOnly _firstDay = NoDay;

    /// <summary>Gets or sets the insights page size (<c>limit</c>): the connector's default.</summary>
    /// <remarks>
    /// At 500 rows a page the same pulls take 48 and 144 calls; the sandbox's hourly call quota (counted per virtual hour,
    /// which never moves here) is then spent within a few iterations and Meta pacing takes over the timings.
    /// </remarks>
    [Params(5000)]
    public int PageSize { get; set; }

    [GlobalSetup]
    public async Task Setup()
    {
        var sample = DefaultFamily.Sample(seed: 11, adSetCount: AdSets);
        var scenario = sample with { AdSets = sample.AdSets.Select(a => a with { Platform = Platform.Instagram }).ToArray() };
        var faults = SandboxFaults.Parse("""{"seed":1,"rules":[{"platform":"meta","endpoint":"*","fault":"latency","probability":1,"latencyMs":50}]}""");
        _server = await SandboxServer.StartAsync(scenario, 0, CancellationToken.None, faults: faults);
        _server.World.Advance(72);

        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Meta:BaseUrl"] = _server.MetaBaseUrl.ToString(),
            ["Meta:AccessToken"] = _server.Credentials.MetaAccessToken,
            ["Meta:AppSecret"] = _server.Credentials.MetaAppSecret,
            ["Meta:InsightsPageSize"] = PageSize.ToString(System.Globalization.CultureInfo.InvariantCulture),
        }).Build();
        _calls = new CallCounter();
        var services = new ServiceCollection().AddSingleton<IConfiguration>(configuration).AddMetaConnector();
        services.AddHttpClient<MetaInsightsClient>().AddHttpMessageHandler(() => _calls);
        _services = services.BuildServiceProvider();
        _client = _services.GetRequiredService<MetaInsightsClient>();
        _account = new AdAccountRef(Platform.Instagram, _server.Meta.AccountDigits, _server.World.Currency);
        _firstDay = DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(_server.World.StartUtc, _server.World.TimeZone).DateTime);

        var before = _calls.Count;
        var rows = await HourlyPull();
        Console.WriteLine($"// page size {PageSize}: hourly pull of {rows} rows took {_calls.Count - before} calls");
        before = _calls.Count;
        rows = await Pull72Hours();
        Console.WriteLine($"// page size {PageSize}: 72-hour pull of {rows} rows took {_calls.Count - before} calls");
    }

    [GlobalCleanup]
    public async Task Cleanup()
    {
        await _services.DisposeAsync();
        await _server.DisposeAsync();
    }

    /// <summary>One day of every ad set's hours, as the hourly loop reads it.</summary>
    [Benchmark]
    public async Task<int> HourlyPull() =>
        (await _client.GetHourlyInsightsAsync(_account, _firstDay, CancellationToken.None)).Count;

    /// <summary>Three days of every ad set's hours, one day at a time.</summary>
    [Benchmark]
    public async Task<int> Pull72Hours()
    {
        var rows = 0;
        for (var d = 0; d < 3; d++)
        {
            rows += (await _client.GetHourlyInsightsAsync(_account, _firstDay.AddDays(d), CancellationToken.None)).Count;
        }

        return rows;
    }

    /// <summary>Counts the HTTP requests that leave the client (inside the resilience pipeline, so retries count).</summary>
    private sealed class CallCounter : DelegatingHandler
    {
        private int _count;

        public int Count => Volatile.Read(ref _count);

        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            Interlocked.Increment(ref _count);
            return base.SendAsync(request, cancellationToken);
        }
    }
}
