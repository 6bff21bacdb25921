using System.Collections;
using System.Globalization;
using System.Runtime.CompilerServices;
using System.Text.Json;
using AdPilot.Core.Simulation;
using AdPilot.Sandbox;

namespace AdPilot.Cli.Tests.Commands;

/// <summary><c>adpilot backtest</c> on the hand-made export fixtures, and on a past range of the sandbox's APIs.</summary>
public sealed class BacktestCommandTests : IDisposable
{
    private static readonly string Exports = Path.GetFullPath(Path.Combine(SourceDirectory(), "..", "..", "AdPilot.Connectors.Tests", "TestData", "Exports"));
    private static readonly string Meta = Path.Combine(Exports, "meta_adsets_hourly.csv");
    private static readonly string TikTok = Path.Combine(Exports, "tiktok_adgroups_hourly.csv");
    private static readonly string Shopify = Path.Combine(Exports, "shopify_orders.csv");

    private readonly string _folder = Directory.CreateTempSubdirectory("adpilot-backtest-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Fact]
    public async Task Json_OnTheFixtures_ReportsActualTotalsTheEstimateAndEveryProposal()
    {
        var proposals = Path.Combine(_folder, "proposals.jsonl");

        var result = await RunAsync([.. Fixtures(), "--policy", "rules", "--bootstrap", "50", "--proposals", proposals, "--json"]);

        Assert.True(result.ExitCode == 0, result.Stderr);
        using var json = JsonDocument.Parse(result.Stdout);
        var root = json.RootElement;
        Assert.Equal(new DateTimeOffset(2025, 3, 8, 8, 0, 0, TimeSpan.Zero), root.GetProperty("from").GetDateTimeOffset());
        Assert.Equal(new DateTimeOffset(2025, 3, 11, 4, 0, 0, TimeSpan.Zero), root.GetProperty("to").GetDateTimeOffset());
        Assert.Equal(3, root.GetProperty("adSets").GetInt32());
        Assert.Equal(68, root.GetProperty("hours").GetInt32());
        var actual = root.GetProperty("actual");
        Assert.Equal(723.84m, actual.GetProperty("spend").GetDecimal());
        Assert.Equal("USD", actual.GetProperty("currency").GetString());
        Assert.Equal(actual.GetProperty("revenue").GetDecimal() - actual.GetProperty("cogs").GetDecimal() - 723.84m, actual.GetProperty("profit").GetDecimal());
        Assert.True(actual.GetProperty("roas").GetDouble() > 0);
        var policy = root.GetProperty("policy");
        Assert.Equal("rules", policy.GetProperty("name").GetString());
        var ci = policy.GetProperty("ci95").EnumerateArray().Select(e => e.GetDecimal()).ToArray();
        Assert.Equal(2, ci.Length);
        Assert.InRange(policy.GetProperty("estimatedProfit").GetDecimal(), ci[0] - 50, ci[1] + 50);
        Assert.True(ci[0] <= ci[1]);
        Assert.True(policy.GetProperty("estimatedSpend").GetDecimal() > 0);
        Assert.True(policy.GetProperty("estimatedRevenue").GetDecimal() > 0);
        Assert.Equal(204, root.GetProperty("proposals").GetInt32());
        Assert.Equal(50, root.GetProperty("store").GetProperty("orders").GetInt32());
        Assert.Equal(3938.15m, root.GetProperty("store").GetProperty("gross").GetDecimal());
        Assert.Contains(root.GetProperty("warnings").EnumerateArray(), w => w.GetString()!.StartsWith("zero-filled 60 ad set-hours", StringComparison.Ordinal));
        Assert.Equal(24, root.GetProperty("modelFit").GetProperty("hourProfile").GetArrayLength());
        Assert.Equal(3, root.GetProperty("modelFit").GetProperty("adSetCurves").GetArrayLength());

        var lines = await File.ReadAllLinesAsync(proposals, TestContext.Current.CancellationToken);
        Assert.Equal(204, lines.Length);
        using var line = JsonDocument.Parse(lines[0]);
        Assert.Equal("tiktok", line.RootElement.GetProperty("platform").GetString());
        Assert.True(line.RootElement.TryGetProperty("verdict", out _));
        Assert.Equal(204, lines.Select(l => JsonDocument.Parse(l).RootElement).Select(e => (e.GetProperty("hourUtc").GetString(), e.GetProperty("adSet").GetString())).Distinct().Count());
    }

    [Fact]
    public async Task Table_WithCsvProposals_PrintsTheSummaryAndWritesCsv()
    {
        var proposals = Path.Combine(_folder, "proposals.csv");

        var result = await RunAsync([.. Fixtures(), "--policy", "proportional", "--bootstrap", "0", "--proposals", proposals]);

        Assert.True(result.ExitCode == 0, result.Stderr);
        Assert.Contains("proportional (estimated)", result.Stdout, StringComparison.Ordinal);
        Assert.Contains("723.84", result.Stdout, StringComparison.Ordinal);
        var lines = await File.ReadAllLinesAsync(proposals, TestContext.Current.CancellationToken);
        Assert.StartsWith("hour_utc,local_hour,platform,ad_set_id", lines[0], StringComparison.Ordinal);
        Assert.Equal(205, lines.Length);
        Assert.False(File.Exists(proposals + ".tmp"));
    }

    [Fact]
    public async Task DefaultPolicy_PretrainsTheBanditOnceAndCachesIt()
    {
        var cache = Path.Combine(_folder, "cache");
        string[] args = [.. Fixtures(), "--pretrain-episodes", "2", "--cache-dir", cache, "--bootstrap", "0", "--json"];

        var first = await RunAsync(args);
        var second = await RunAsync(args);

        Assert.True(first.ExitCode == 0, first.Stderr);
        Assert.True(second.ExitCode == 0, second.Stderr);
        using var json = JsonDocument.Parse(second.Stdout);
        Assert.Equal("bandit", json.RootElement.GetProperty("policy").GetProperty("name").GetString());
        var checkpoint = json.RootElement.GetProperty("policy").GetProperty("checkpoint").GetString();
        Assert.Equal(Path.Combine(cache, "pretrained-bandit-s1-e2.ckpt"), checkpoint);
        Assert.Single(Directory.GetFiles(cache));
        Assert.Equal(first.Stdout, second.Stdout);
    }

    [Fact]
    public async Task BadFile_FailsNamingFileLineAndColumn()
    {
        var bad = Path.Combine(_folder, "meta.csv");
        var lines = (await File.ReadAllLinesAsync(Meta, TestContext.Current.CancellationToken)).ToArray();
        lines[3] = lines[3].Replace(",Daily,", ",Daily,12;50x,", StringComparison.Ordinal);
        await File.WriteAllLinesAsync(bad, lines, TestContext.Current.CancellationToken);

        var result = await RunAsync("backtest", "--insights", bad, "--orders", Shopify, "--meta-timezone", "America/New_York", "--policy", "fixed");

        Assert.Equal(1, result.ExitCode);
        Assert.StartsWith($"adpilot: {bad}:4: column 'Amount spent (USD)': '12;50x' is not an amount", result.Stderr, StringComparison.Ordinal);
        Assert.Equal(string.Empty, result.Stdout);
    }

    [Fact]
    public async Task KaggleFile_FailsSayingWhyItCannotBeReplayed()
    {
        var kag = Path.Combine(_folder, "KAG_conversion_data.csv");
        await File.WriteAllTextAsync(
            kag,
            "ad_id,xyz_campaign_id,fb_campaign_id,age,gender,interest,Impressions,Clicks,Spent,Total_Conversion,Approved_Conversion\r708746,916,103916,30-34,M,15,7350,1,1.43,2,1\r",
            TestContext.Current.CancellationToken);

        var result = await RunAsync("backtest", "--insights", kag, "--orders", Shopify, "--policy", "fixed");

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("no date, no hour and no revenue", result.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task OrdersInAnotherCurrency_FailUnlessRatesAreGiven()
    {
        var euros = Path.Combine(_folder, "orders-eur.csv");
        await File.WriteAllTextAsync(
            euros,
            (await File.ReadAllTextAsync(Shopify, TestContext.Current.CancellationToken)).Replace(",USD,", ",EUR,", StringComparison.Ordinal),
            TestContext.Current.CancellationToken);
        var rates = Path.Combine(_folder, "rates.csv");
        await File.WriteAllTextAsync(rates, "from,to,rate\nUSD,EUR,0.5\n", TestContext.Current.CancellationToken);
        string[] args = ["backtest", "--insights", Meta, TikTok, "--orders", euros, "--meta-timezone", "America/New_York", "--tiktok-timezone", "Europe/Berlin", "--policy", "fixed", "--bootstrap", "0", "--json"];

        var refused = await RunAsync(args);
        var converted = await RunAsync([.. args, "--currency-rates", rates]);

        Assert.Equal(1, refused.ExitCode);
        Assert.Contains("the ad spend is in USD but the store's money is in EUR: give --currency-rates FILE", refused.Stderr, StringComparison.Ordinal);
        Assert.True(converted.ExitCode == 0, converted.Stderr);
        using var json = JsonDocument.Parse(converted.Stdout);
        Assert.Equal("EUR", json.RootElement.GetProperty("currency").GetString());
        Assert.InRange(json.RootElement.GetProperty("actual").GetProperty("spend").GetDecimal(), 361.87m, 361.97m);
    }

    [Theory]
    [InlineData("give --insights FILE...", "backtest", "--policy", "fixed")]
    [InlineData("--orders FILE... is required", "backtest", "--insights", "{meta}")]
    [InlineData("--from-api pulls the history itself", "backtest", "--from-api", "--insights", "{meta}", "--orders", "{shopify}")]
    [InlineData("--from-api needs --from and --to", "backtest", "--from-api", "--from", "2025-03-01")]
    [InlineData("--from and --to apply to --from-api", "backtest", "--insights", "{meta}", "--orders", "{shopify}", "--from", "2025-03-01")]
    [InlineData("--cogs-rate must be at least 0 and below 1", "backtest", "--insights", "{meta}", "--orders", "{shopify}", "--cogs-rate", "1.5")]
    [InlineData("--meta-timezone: 'Mars/Olympus' is not a known IANA time zone", "backtest", "--insights", "{meta}", "--orders", "{shopify}", "--meta-timezone", "Mars/Olympus")]
    [InlineData("'vibes' not recognized", "backtest", "--insights", "{meta}", "--orders", "{shopify}", "--attribution", "vibes")]
    [InlineData("nope.csv", "backtest", "--insights", "nope.csv", "--orders", "{shopify}")]
    [InlineData("--policy: 'no-such.ckpt' is neither fixed, rules, proportional nor bandit", "backtest", "--insights", "{meta}", "--orders", "{shopify}", "--meta-timezone", "America/New_York", "--policy", "no-such.ckpt")]
    public async Task BadArguments_ExitTwoWithOneLineNamingTheProblem(string expected, params string[] args)
    {
        var result = await RunAsync([.. args.Select(a => a.Replace("{meta}", Meta, StringComparison.Ordinal).Replace("{shopify}", Shopify, StringComparison.Ordinal))]);

        Assert.Equal(2, result.ExitCode);
        Assert.Contains(expected, result.Stderr, StringComparison.Ordinal);
        Assert.Single(result.Stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries));
    }

    [Fact]
    public async Task FromApi_PastRangeOfTheSandbox_ReproducesItsSpendAndOrders()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var server = await SandboxServer.StartAsync(DefaultFamily.Preset(), 0, ct, serverTime: new FastTime());
        server.World.Advance(72);
        var from = server.World.StartUtc.AddHours(12);
        var to = from.AddHours(48);

        var result = await RunAsync(
            Environment(server),
            server.World.Clock,
            "backtest", "--from-api", "--from", from.ToString("O", CultureInfo.InvariantCulture), "--to", to.ToString("O", CultureInfo.InvariantCulture),
            "--policy", "rules", "--bootstrap", "20", "--json");

        Assert.True(result.ExitCode == 0, result.Stderr);
        using var json = JsonDocument.Parse(result.Stdout);
        var root = json.RootElement;
        Assert.Equal(server.World.AdSets.Count, root.GetProperty("adSets").GetInt32());
        Assert.Equal(48, root.GetProperty("hours").GetInt32());
        var spend = server.World.HoursBetween(from, to).Sum(h => h.Spend.Amount);
        Assert.Equal(spend, root.GetProperty("actual").GetProperty("spend").GetDecimal());
        var orders = server.World.OrdersCreatedSince(from).Count(o => o.CreatedAtUtc < to);
        Assert.Equal(orders, root.GetProperty("store").GetProperty("orders").GetInt32());
        Assert.True(root.GetProperty("actual").GetProperty("revenue").GetDecimal() > 0);
        Assert.Equal(
            ["meta_api", "shopify_api", "tiktok_api"],
            root.GetProperty("sources").EnumerateArray().Select(s => s.GetProperty("format").GetString()).Order(StringComparer.Ordinal));
        Assert.Equal(server.World.AdSets.Count * 48, root.GetProperty("proposals").GetInt32());
        Assert.DoesNotContain(server.Credentials.MetaAccessToken, result.Stdout + result.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task FromApi_RangeInTheFuture_IsAUsageError()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var server = await SandboxServer.StartAsync(DefaultFamily.Preset(), 0, ct);
        var now = server.World.Clock.GetUtcNow();

        var result = await RunAsync(
            Environment(server), server.World.Clock, "backtest", "--from-api", "--from", now.ToString("O", CultureInfo.InvariantCulture), "--to", now.AddDays(1).ToString("O", CultureInfo.InvariantCulture));

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("is in the future", result.Stderr, StringComparison.Ordinal);
    }

    private static string[] Fixtures() =>
        ["backtest", "--insights", Meta, TikTok, "--orders", Shopify, "--meta-timezone", "America/New_York", "--tiktok-timezone", "Europe/Berlin", "--store-timezone", "America/New_York"];

    private Task<CliResult> RunAsync(params string[] args) =>
        RunAsync(new Hashtable { ["Loop__CheckpointDirectory"] = _folder }, TimeProvider.System, args);

    private static async Task<CliResult> RunAsync(IDictionary environment, TimeProvider time, params string[] args)
    {
        using var stdout = new StringWriter();
        using var stderr = new StringWriter();
        var exitCode = await CliApp.RunAsync(args, stdout, stderr, TestContext.Current.CancellationToken, time, environment);
        return new CliResult(exitCode, stdout.ToString(), stderr.ToString());
    }

    private static Hashtable Environment(SandboxServer server) => new()
    {
        ["SHOPIFY_STORE_DOMAIN"] = server.ShopDomain,
        ["SHOPIFY_ADMIN_TOKEN"] = server.Credentials.ShopifyAdminToken,
        ["META_APP_SECRET"] = server.Credentials.MetaAppSecret,
        ["META_LONG_LIVED_TOKEN"] = server.Credentials.MetaAccessToken,
        ["META_AD_ACCOUNT_ID"] = server.Meta.AccountId,
        ["TIKTOK_ACCESS_TOKEN"] = server.Credentials.TikTokAccessToken,
        ["TIKTOK_AD_ACCOUNT_ID"] = server.TikTokAdvertiserIds[0],
        ["STORE_CURRENCY"] = server.World.Currency,
        ["TZ"] = server.World.Scenario.Store.TimeZone,
        ["Meta__BaseUrl"] = server.MetaBaseUrl.ToString(),
        ["TikTok__BaseUrl"] = server.TikTokApiRoot.ToString(),
        ["Shopify__BaseUrl"] = server.ShopifyBaseUrl.ToString(),
        ["Meta__RequestsPerSecond"] = "1000",
        ["TikTok__RequestsPerSecond"] = "1000",
    };

    private static string SourceDirectory([CallerFilePath] string path = "") => Path.GetDirectoryName(path) ?? ".";

    /// <summary>A clock ahead of the system's a thousand times over, so Shopify's cost bucket in the sandbox refills at once.</summary>
    private sealed class FastTime : TimeProvider
    {
        private readonly long _start = System.GetTimestamp();

        public override long GetTimestamp() => _start + ((System.GetTimestamp() - _start) * 1000);
    }
}
