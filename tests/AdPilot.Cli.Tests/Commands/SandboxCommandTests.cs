using System.Text.Json;
using AdPilot.Sandbox.Meta;

namespace AdPilot.Cli.Tests.Commands;

public sealed class SandboxCommandTests
{
    private static readonly HttpClient Http = new(new SocketsHttpHandler());

    [Fact]
    public async Task Sandbox_PrintsOneJsonLineWithEveryContractField_ServesMeta_AndStopsOnCancel()
    {
        using var stdout = new FirstLineWriter();
        using var stderr = new StringWriter();
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        var run = CliApp.RunAsync(["sandbox", "--preset", "default", "--port", "0"], stdout, stderr, stop.Token);

        var line = await stdout.FirstLine.WaitAsync(TimeSpan.FromSeconds(30), TestContext.Current.CancellationToken);
        using var json = JsonDocument.Parse(line);
        var root = json.RootElement;
        Assert.Equal(["meta", "tiktok", "shopify"], root.EnumerateObject().Select(p => p.Name));
        var meta = root.GetProperty("meta");
        // The contract's fields first; the OAuth values `adpilot connect` takes follow (CONTRACTS.md: add freely).
        Assert.Equal(["baseUrl", "accessToken", "appSecret", "adAccountIds", "appId", "shortLivedToken"], meta.EnumerateObject().Select(p => p.Name));
        Assert.Equal(["baseUrl", "accessToken", "advertiserIds", "appId", "secret", "authCode"], root.GetProperty("tiktok").EnumerateObject().Select(p => p.Name));
        Assert.Equal(["baseUrl", "shopDomain", "adminToken", "webhookSecret"], root.GetProperty("shopify").EnumerateObject().Select(p => p.Name));
        var baseUrl = new Uri(meta.GetProperty("baseUrl").GetString()!);
        Assert.Equal("127.0.0.1", baseUrl.Host);
        var account = meta.GetProperty("adAccountIds")[0].GetString()!;
        Assert.StartsWith("act_", account, StringComparison.Ordinal);
        var token = meta.GetProperty("accessToken").GetString()!;
        var proof = MetaSandbox.AppSecretProof(token, meta.GetProperty("appSecret").GetString()!);

        using var response = await Http.GetAsync(
            new Uri(baseUrl, $"v25.0/{account}?fields=id,currency&access_token={Uri.EscapeDataString(token)}&appsecret_proof={proof}"),
            TestContext.Current.CancellationToken);
        Assert.Equal(System.Net.HttpStatusCode.OK, response.StatusCode);
        Assert.DoesNotContain(token, stderr.ToString(), StringComparison.Ordinal);

        await stop.CancelAsync();
        Assert.Equal(0, await run.WaitAsync(TimeSpan.FromSeconds(30), TestContext.Current.CancellationToken));
        Assert.Equal(line + Environment.NewLine, stdout.ToString());
    }

    [Fact]
    public async Task Sandbox_WithAccounts_ListsEveryAccountInTheFirstLine_AndServesEach()
    {
        using var stdout = new FirstLineWriter();
        using var stderr = new StringWriter();
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        var run = CliApp.RunAsync(["sandbox", "--preset", "default", "--accounts", "3"], stdout, stderr, stop.Token);

        var line = await stdout.FirstLine.WaitAsync(TimeSpan.FromSeconds(30), TestContext.Current.CancellationToken);
        using var json = JsonDocument.Parse(line);
        var meta = json.RootElement.GetProperty("meta");
        var accounts = meta.GetProperty("adAccountIds").EnumerateArray().Select(a => a.GetString()!).ToArray();
        var advertisers = json.RootElement.GetProperty("tiktok").GetProperty("advertiserIds").EnumerateArray().Select(a => a.GetString()!).ToArray();
        Assert.Equal(3, accounts.Distinct().Count());
        Assert.Equal(3, advertisers.Distinct().Count());
        Assert.All(accounts, a => Assert.StartsWith("act_", a, StringComparison.Ordinal));
        var baseUrl = new Uri(meta.GetProperty("baseUrl").GetString()!);
        var token = meta.GetProperty("accessToken").GetString()!;
        var proof = MetaSandbox.AppSecretProof(token, meta.GetProperty("appSecret").GetString()!);
        foreach (var account in accounts)
        {
            using var response = await Http.GetAsync(
                new Uri(baseUrl, $"v25.0/{account}?fields=id&access_token={Uri.EscapeDataString(token)}&appsecret_proof={proof}"),
                TestContext.Current.CancellationToken);
            Assert.Equal(System.Net.HttpStatusCode.OK, response.StatusCode);
        }

        await stop.CancelAsync();
        Assert.Equal(0, await run.WaitAsync(TimeSpan.FromSeconds(30), TestContext.Current.CancellationToken));
    }

    [Theory]
    [InlineData("--accounts", "0")]
    [InlineData("--accounts", "51")]
    [InlineData("--port", "70000")]
    [InlineData("--port", "-1")]
    [InlineData("--preset", "other")]
    [InlineData("--preset", "default", "--scenario", "x.json")]
    [InlineData("--webhook-url", "not a url")]
    [InlineData("--webhook-url", "ftp://127.0.0.1/hooks")]
    public async Task Sandbox_BadArguments_ExitWithCode2AndOneLine(params string[] args)
    {
        var result = await CliRunner.RunAsync(["sandbox", .. args]);

        Assert.Equal(2, result.ExitCode);
        Assert.Equal(string.Empty, result.Stdout);
        Assert.Single(result.Stderr.TrimEnd().Split('\n'));
    }

    [Fact]
    public async Task Sandbox_FaultsFileWithABadField_ExitsWithCode2AndOneLineNamingTheFileAndField()
    {
        var path = Path.Combine(Path.GetTempPath(), $"adpilot-faults-{Guid.NewGuid():N}.json");
        await File.WriteAllTextAsync(path, """{"rules":[{"platform":"meta","fault":"http_429","probability":1.5}]}""", TestContext.Current.CancellationToken);
        try
        {
            var result = await CliRunner.RunAsync("sandbox", "--faults", path);

            Assert.Equal(2, result.ExitCode);
            Assert.Equal(string.Empty, result.Stdout);
            Assert.Equal($"adpilot: {path}: faults.rules[0].probability must be within [0, 1], got 1.5", Assert.Single(result.Stderr.TrimEnd().Split('\n')));
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public async Task Sandbox_MissingFaultsFile_ExitsWithCode2NamingTheFile()
    {
        var path = Path.Combine(Path.GetTempPath(), $"adpilot-faults-{Guid.NewGuid():N}.json");

        var result = await CliRunner.RunAsync("sandbox", "--faults", path);

        Assert.Equal(2, result.ExitCode);
        Assert.StartsWith($"adpilot: {path}: cannot read the file", Assert.Single(result.Stderr.TrimEnd().Split('\n')), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Sandbox_WithFaultsFile_ServesTheFaults()
    {
        var path = Path.Combine(Path.GetTempPath(), $"adpilot-faults-{Guid.NewGuid():N}.json");
        await File.WriteAllTextAsync(path, """{"rules":[{"platform":"meta","endpoint":"account","fault":"http_429","probability":1,"retryAfterSeconds":3}]}""", TestContext.Current.CancellationToken);
        try
        {
            using var stdout = new FirstLineWriter();
            using var stderr = new StringWriter();
            using var stop = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
            var run = CliApp.RunAsync(["sandbox", "--faults", path], stdout, stderr, stop.Token);

            using var json = JsonDocument.Parse(await stdout.FirstLine.WaitAsync(TimeSpan.FromSeconds(30), TestContext.Current.CancellationToken));
            var meta = json.RootElement.GetProperty("meta");
            var baseUrl = new Uri(meta.GetProperty("baseUrl").GetString()!);
            var token = meta.GetProperty("accessToken").GetString()!;
            var proof = MetaSandbox.AppSecretProof(token, meta.GetProperty("appSecret").GetString()!);
            var account = meta.GetProperty("adAccountIds")[0].GetString()!;
            using var response = await Http.GetAsync(
                new Uri(baseUrl, $"v25.0/{account}?access_token={Uri.EscapeDataString(token)}&appsecret_proof={proof}"), TestContext.Current.CancellationToken);

            Assert.Equal(System.Net.HttpStatusCode.TooManyRequests, response.StatusCode);
            Assert.Equal(TimeSpan.FromSeconds(3), response.Headers.RetryAfter?.Delta);
            await stop.CancelAsync();
            Assert.Equal(0, await run.WaitAsync(TimeSpan.FromSeconds(30), TestContext.Current.CancellationToken));
        }
        finally
        {
            File.Delete(path);
        }
    }

    /// <summary>A string writer that completes <see cref="FirstLine"/> when the first line is written.</summary>
    private sealed class FirstLineWriter : StringWriter
    {
        private readonly TaskCompletionSource<string> _firstLine = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public Task<string> FirstLine => _firstLine.Task;

        public override void WriteLine(string? value)
        {
            base.WriteLine(value);
            _firstLine.TrySetResult(value ?? string.Empty);
        }

        public override Task WriteLineAsync(string? value)
        {
            WriteLine(value);
            return Task.CompletedTask;
        }
    }
}
