using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using AdPilot.Runtime.Ingestion;
using AdPilot.Storage.Connections;
using AdPilot.Storage.Stores;
using AdPilot.Storage.Testing;
using AdPilot.Web;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Engines;
using BenchmarkDotNet.Jobs;
using Dapper;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace AdPilot.Benchmarks.Web;

/// <summary>
/// The Shopify webhook receiver of <c>adpilot serve</c> (<c>POST /webhooks/shopify</c>) on a throwaway PostgreSQL, under load
/// from a separate process (<c>AdPilot.WebhookLoad</c>) over loopback: signed ~1.5 KB <c>orders/create</c> bodies, 10% of
/// the requests repeating an earlier webhook. <see cref="LoadMode.Rate1700"/> sends 1,700 requests a second on a fixed
/// open-loop schedule (about 1,530 new webhooks a second; latency from each request's due time);
/// <see cref="LoadMode.Max"/> keeps 64 requests in flight for the most it takes. Each iteration is a 10-second run; after
/// it the processor's queue is drained and the database checked: every new webhook stored once and processed into
/// exactly one order, every repeat answered <c>duplicate</c>, no payload left. The figures (throughput, p50/p95/p99, lost,
/// duplicated, drain time) print per run and as medians at the end; BenchmarkDotNet's own time is the run's length.
/// <see cref="Durable"/> runs the cluster as production does (fsync, synchronous commit and full-page writes on: each
/// commit waits for the disk, and group commit spreads that flush over every webhook of a batch) and, for comparison, as
/// the tests run it (all three off).
/// Targets: at least 1,500 verified webhooks a second with p99 under 50 ms, none lost or duplicated.
/// </summary>
[Config(typeof(ServeGc))]
public class WebhookReceiverBenchmarks
{
    private const string Shop = "bench.myshopify.com";
    private const string Secret = "bench-webhook-secret";
    private const double Seconds = 10;

    private readonly List<RunFigures> _runs = [];
    private ThrowawayPostgres _postgres = null!;
    private StorageDatabase _database = null!;
    private WebApplication _app = null!;
    private Uri _url = null!;
    private long _storeId;
    private string _folder = "";
    private int _run;

    /// <summary>How the load is sent.</summary>
    public enum LoadMode
    {
        /// <summary>1,700 requests a second on a fixed schedule (open loop).</summary>
        Rate1700,

        /// <summary>64 requests in flight, as fast as they are answered (closed loop).</summary>
        Max,
    }

    /// <summary>Gets or sets how the load is sent.</summary>
    [Params(LoadMode.Rate1700, LoadMode.Max)]
    public LoadMode Mode { get; set; }

    /// <summary>Gets or sets a value indicating whether commits wait for the disk (fsync and synchronous commit on).</summary>
    [Params(true, false)]
    public bool Durable { get; set; }

    [GlobalSetup]
    public async Task Setup()
    {
        _folder = Directory.CreateTempSubdirectory("adpilot-webhook-bench-").FullName;
        _postgres = new ThrowawayPostgres(Durable);
        await _postgres.StartAsync();
        try
        {
            await StartReceiverAsync();
        }
        catch
        {
            await _postgres.DisposeAsync(); // GlobalCleanup does not run after a failed setup
            throw;
        }
    }

    private async Task StartReceiverAsync()
    {
        _database = await StorageDatabase.OpenMigratedAsync(DatabaseTarget.Parse(await _postgres.CreateMigratedDatabaseAsync()), CancellationToken.None);
        _storeId = await new StoreDirectory(_database, TimeProvider.System).UpsertAsync(
            new StoreProfile { ShopDomain = Shop, Currency = "USD", TimeZone = "America/New_York", GrossMargin = 0.6m, DataSince = new DateTimeOffset(2025, 1, 1, 0, 0, 0, TimeSpan.Zero) },
            CancellationToken.None);
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Platforms:Source"] = "Simulated", // no ad platform is called; the loop's registrations want one
            ["Web:Url"] = "http://127.0.0.1:0",
            ["Web:AdminToken"] = "bench-admin-token",
            ["Shopify:WebhookSecret"] = Secret,
            ["Loop:CheckpointDirectory"] = Path.Combine(_folder, "checkpoints"),
        }).Build();
        _app = AdPilotWebApp.Build(new WebAppSetup { Configuration = configuration, Database = _database });
        await _app.StartAsync();
        var address = _app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        _url = new Uri(address.TrimEnd('/') + "/webhooks/shopify");
        await using var connection = await _database.OpenConnectionAsync(CancellationToken.None);
        var settings = await connection.QuerySingleAsync<(string Fsync, string SynchronousCommit)>("SELECT current_setting('fsync'), current_setting('synchronous_commit')");
        Console.WriteLine($"// {Mode}, PostgreSQL fsync={settings.Fsync} synchronous_commit={settings.SynchronousCommit}; receiver at {_url}");
    }

    [Benchmark]
    public async Task Load()
    {
        var run = _run++;
        var prefix = $"r{run}-";
        var firstOrder = 1_000_000L * (run + 1);
        var load = await RunLoadGeneratorAsync(prefix, firstOrder);
        var drainStart = Stopwatch.GetTimestamp();
        var status = _app.Services.GetRequiredService<IWebhookQueueStatus>();
        while (status.Depth > 0 && Stopwatch.GetElapsedTime(drainStart) < TimeSpan.FromMinutes(2))
        {
            await Task.Delay(TimeSpan.FromMilliseconds(50), TimeProvider.System);
        }

        var drainSeconds = Stopwatch.GetElapsedTime(drainStart).TotalSeconds;
        await using var connection = await _database.OpenConnectionAsync(CancellationToken.None);
        var stored = await connection.QuerySingleAsync<(long Events, long Processed, long WithPayload)>(
            """
            SELECT COUNT(*), COUNT(*) FILTER (WHERE status = 'processed'), COUNT(*) FILTER (WHERE payload IS NOT NULL)
            FROM webhook_events WHERE store_id = @storeId AND webhook_id LIKE @pattern
            """,
            new { storeId = _storeId, pattern = prefix + "%" });
        var orders = await connection.ExecuteScalarAsync<long>(
            "SELECT COUNT(*) FROM orders WHERE store_id = @storeId AND CAST(order_id AS bigint) BETWEEN @first AND @last",
            new { storeId = _storeId, first = firstOrder, last = firstOrder + load.Unique - 1 });
        var figures = new RunFigures(
            load,
            Lost: Math.Max(0, load.Unique - load.Unacknowledged - stored.Events), // acknowledged, yet not in the database
            Duplicated: Math.Max(0, load.Stored - load.Unique) + Math.Max(0, orders - load.Unique),
            Unprocessed: load.Unique - stored.Processed,
            PayloadsLeft: stored.WithPayload,
            OrdersMissing: load.Unique - orders,
            DrainSeconds: drainSeconds,
            LoadAverage: File.Exists("/proc/loadavg") ? (await File.ReadAllTextAsync("/proc/loadavg")).Split(' ')[0] : "?");
        _runs.Add(figures);
        Console.WriteLine("// " + figures);
    }

    [GlobalCleanup]
    public async Task Cleanup()
    {
        // The last IterationCount runs are the measured ones (the first is BenchmarkDotNet's warm-up).
        var measured = _runs.Skip(Math.Max(0, _runs.Count - ServeGc.Iterations)).ToList();
        if (measured.Count > 0)
        {
            Console.WriteLine(string.Create(
                CultureInfo.InvariantCulture,
                $"// {Mode}: median of {measured.Count} runs: {Median(measured, r => r.Load.Throughput):0} requests/s ({Median(measured, r => r.Load.Unique / r.Load.Seconds):0} new webhooks/s), p50 {Median(measured, r => r.Load.P50Ms):0.0} ms, p95 {Median(measured, r => r.Load.P95Ms):0.0} ms, p99 {Median(measured, r => r.Load.P99Ms):0.0} ms; lost {measured.Sum(r => r.Lost)}, duplicated {measured.Sum(r => r.Duplicated)}, errors {measured.Sum(r => r.Load.Errors)}, unprocessed {measured.Sum(r => r.Unprocessed)}, payloads left {measured.Sum(r => r.PayloadsLeft)}, drain {Median(measured, r => r.DrainSeconds):0.0} s"));
        }

        await _app.StopAsync();
        await _app.DisposeAsync();
        await _database.DisposeAsync();
        await _postgres.DisposeAsync();
        Directory.Delete(_folder, recursive: true);
    }

    private static double Median(List<RunFigures> runs, Func<RunFigures, double> figure)
    {
        var sorted = runs.Select(figure).Order().ToList();
        return sorted.Count % 2 == 1 ? sorted[sorted.Count / 2] : (sorted[(sorted.Count / 2) - 1] + sorted[sorted.Count / 2]) / 2;
    }

    private async Task<LoadFigures> RunLoadGeneratorAsync(string prefix, long firstOrder)
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var argument in new[]
        {
            Path.Combine(AppContext.BaseDirectory, "AdPilot.WebhookLoad.dll"),
            "--url", _url.ToString(), "--secret", Secret, "--shop", Shop, "--prefix", prefix,
            "--first-order", firstOrder.ToString(CultureInfo.InvariantCulture),
            "--rate", Mode == LoadMode.Max ? "0" : "1700", "--concurrency", "64",
            "--seconds", Seconds.ToString(CultureInfo.InvariantCulture), "--duplicates", "0.1", "--seed", (_run + 1).ToString(CultureInfo.InvariantCulture),
        })
        {
            start.ArgumentList.Add(argument);
        }

        // This process's GC settings are meant for the receiver, not the generator.
        start.Environment.Remove("DOTNET_GCConserveMemory");
        start.Environment.Remove("DOTNET_GCGen0MaxBudget");
        start.Environment.Remove("DOTNET_TieredPGO");
        using var process = Process.Start(start) ?? throw new InvalidOperationException("the load generator did not start");
        var errors = process.StandardError.ReadToEndAsync();
        var output = await process.StandardOutput.ReadToEndAsync();
        await process.WaitForExitAsync();
        var line = output.Split('\n', StringSplitOptions.RemoveEmptyEntries).LastOrDefault()
            ?? throw new InvalidOperationException("the load generator printed nothing: " + await errors);
        return JsonSerializer.Deserialize<LoadFigures>(line, new JsonSerializerOptions(JsonSerializerDefaults.Web))
            ?? throw new InvalidOperationException("unreadable load generator output: " + line);
    }

    /// <summary>The load generator's JSON line (AdPilot.WebhookLoad's LoadResult).</summary>
    private sealed record LoadFigures(
        long Sent, long Unique, long DuplicatesSent, long Stored, long Duplicates, long Errors, long Redelivered, long Unacknowledged, double Seconds, double Throughput,
        double P50Ms, double P95Ms, double P99Ms, double MaxMs, long FirstOrderId);

    private sealed record RunFigures(
        LoadFigures Load, long Lost, long Duplicated, long Unprocessed, long PayloadsLeft, long OrdersMissing, double DrainSeconds, string LoadAverage)
    {
        public override string ToString() => string.Create(
            CultureInfo.InvariantCulture,
            $"{Load.Sent} requests ({Load.Unique} webhooks, {Load.DuplicatesSent} repeats) in {Load.Seconds:0.00} s: {Load.Throughput:0} /s, p50 {Load.P50Ms:0.0} ms, p95 {Load.P95Ms:0.0} ms, p99 {Load.P99Ms:0.0} ms, max {Load.MaxMs:0.0} ms; answers stored {Load.Stored} duplicate {Load.Duplicates} errors {Load.Errors} (redelivered {Load.Redelivered}, never acknowledged {Load.Unacknowledged}); lost {Lost}, duplicated {Duplicated}, unprocessed {Unprocessed}, orders missing {OrdersMissing}, payloads left {PayloadsLeft}; queue drained {DrainSeconds:0.0} s after the load; machine load average {LoadAverage}");
    }

    /// <summary>One warm-up and three 10-second runs, in a process with the GC settings of <c>adpilot</c> (which <c>serve</c> runs in).</summary>
    private sealed class ServeGc : ManualConfig
    {
        public const int Iterations = 3;

        // The generated project rebuilds every AdPilot project, which takes minutes on a busy machine.
        public ServeGc() => WithBuildTimeout(TimeSpan.FromMinutes(15)).AddJob(Job.Default
            .WithStrategy(RunStrategy.Monitoring)
            .WithLaunchCount(1)
            .WithWarmupCount(1)
            .WithIterationCount(Iterations)
            .WithGcConcurrent(false)
            .WithEnvironmentVariables(
                new EnvironmentVariable("DOTNET_GCConserveMemory", "7"),
                new EnvironmentVariable("DOTNET_GCGen0MaxBudget", "1000000"),
                new EnvironmentVariable("DOTNET_TieredPGO", "0")));
    }
}
