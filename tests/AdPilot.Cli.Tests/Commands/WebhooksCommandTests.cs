using System.Collections;
using System.Text.Json;
using AdPilot.Core.Simulation;
using AdPilot.Sandbox;
using static AdPilot.Cli.Tests.Commands.OnboardingEnvironment;

namespace AdPilot.Cli.Tests.Commands;

public sealed class WebhooksCommandTests
{
    [Fact]
    public async Task Register_Twice_SecondCreatesNothingAndListShowsTheThreeTopics()
    {
        await using var server = await SandboxServer.StartAsync(DefaultFamily.Preset(), 0, TestContext.Current.CancellationToken);
        var environment = WithDatabase(For(server));

        var first = await RunAsync(environment, "webhooks", "register", "--json");
        var second = await RunAsync(environment, "webhooks", "register", "--json");
        var list = await RunAsync(environment, "webhooks", "list", "--json");

        Assert.True(first.ExitCode == 0, first.Stderr);
        using var firstJson = JsonDocument.Parse(first.Stdout);
        using var secondJson = JsonDocument.Parse(second.Stdout);
        using var listJson = JsonDocument.Parse(list.Stdout);
        Assert.Equal("https://adpilot.example.com/webhooks/shopify", firstJson.RootElement.GetProperty("url").GetString());
        Assert.All(firstJson.RootElement.GetProperty("subscriptions").EnumerateArray(), s => Assert.True(s.GetProperty("created").GetBoolean()));
        Assert.All(secondJson.RootElement.GetProperty("subscriptions").EnumerateArray(), s => Assert.False(s.GetProperty("created").GetBoolean()));
        Assert.Equal(
            ["orders/create", "orders/updated", "refunds/create"],
            listJson.RootElement.GetProperty("subscriptions").EnumerateArray().Select(s => s.GetProperty("topic").GetString()));
        Assert.DoesNotContain(server.Credentials.ShopifyAdminToken, first.Stdout + first.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Remove_GivenUrl_RemovesItsSubscriptions()
    {
        await using var server = await SandboxServer.StartAsync(DefaultFamily.Preset(), 0, TestContext.Current.CancellationToken);
        var environment = WithDatabase(For(server));
        await RunAsync(environment, "webhooks", "register", "--url", "https://old.example.com/hooks", "--actor", "erin");
        await RunAsync(environment, "webhooks", "register");

        var removed = await RunAsync(environment, "webhooks", "remove", "--url", "https://old.example.com/hooks");
        var list = await RunAsync(environment, "webhooks", "list");

        Assert.True(removed.ExitCode == 0, removed.Stderr);
        Assert.Contains("3 subscription(s) removed at https://old.example.com/hooks", removed.Stdout, StringComparison.Ordinal);
        Assert.Contains("3 webhook subscription(s)", list.Stdout, StringComparison.Ordinal);
        Assert.DoesNotContain("old.example.com", list.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Register_WithoutAnAddress_FailsNamingTheSetting()
    {
        await using var server = await SandboxServer.StartAsync(DefaultFamily.Preset(), 0, TestContext.Current.CancellationToken);

        var result = await RunAsync(For(server, publicUrl: null), "webhooks", "register");

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("Web__PublicUrl", result.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Register_UrlNotAbsolute_IsAUsageError()
    {
        var result = await RunAsync(new Hashtable(), "webhooks", "register", "--url", "not-a-url");

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("--url must be an absolute http(s) URL", result.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task UnknownAction_IsAUsageError()
    {
        var result = await RunAsync(new Hashtable(), "webhooks", "purge");

        Assert.Equal(2, result.ExitCode);
    }

    [Fact]
    public async Task RegisterAndRemove_AreRecordedInTheAuditTrailBeforeShopifyIsCalled()
    {
        await using var server = await SandboxServer.StartAsync(DefaultFamily.Preset(), 0, TestContext.Current.CancellationToken);
        var environment = WithDatabase(For(server));

        var registered = await RunAsync(environment, "webhooks", "register", "--actor", "erin");
        var removed = await RunAsync(environment, "webhooks", "remove", "--actor", "erin");
        var audit = await RunAsync(environment, "audit", "--json");

        Assert.True(registered.ExitCode == 0 && removed.ExitCode == 0, registered.Stderr + removed.Stderr);
        Assert.Equal(
            [("cli:erin", "webhook_remove", "https://adpilot.example.com/webhooks/shopify"), ("cli:erin", "webhook_register", "https://adpilot.example.com/webhooks/shopify")],
            JsonDocument.Parse(audit.Stdout).RootElement.EnumerateArray()
                .Select(e => (e.GetProperty("actor").GetString(), e.GetProperty("action").GetString(), e.GetProperty("target").GetString())));
        Assert.DoesNotContain(server.Credentials.ShopifyAdminToken, audit.Stdout, StringComparison.Ordinal);
    }

    /// <summary>The environment with its own SQLite database (DB_URL), so the audit trail is written in a temporary folder.</summary>
    private static System.Collections.Hashtable WithDatabase(System.Collections.Hashtable environment)
    {
        environment["DB_URL"] = "sqlite:" + Path.Combine(Directory.CreateTempSubdirectory("adpilot-webhooks-").FullName, "adpilot.db");
        return environment;
    }
}
