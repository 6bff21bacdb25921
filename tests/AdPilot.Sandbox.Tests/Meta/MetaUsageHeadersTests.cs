using System.Text.Json;
using AdPilot.Core.Simulation;

namespace AdPilot.Sandbox.Tests.Meta;

public sealed class MetaUsageHeadersTests
{
    [Fact]
    public async Task AuthenticatedCalls_CarryTheThreeUsageHeaders_CountedPerUseCaseAndVirtualHour()
    {
        await using var server = await SandboxServer.StartAsync(DefaultFamily.Preset(), 0, TestContext.Current.CancellationToken);
        var insights = MetaUrls.Signed(server, server.Meta.AccountId + "/insights");
        for (var i = 0; i < 5; i++)
        {
            using var _ = await TestHttp.Client.GetAsync(insights, TestContext.Current.CancellationToken);
        }

        using var sixth = await TestHttp.Client.GetAsync(insights, TestContext.Current.CancellationToken);
        server.World.Advance(1);
        using var nextHour = await TestHttp.Client.GetAsync(insights, TestContext.Current.CancellationToken);
        using var denied = await TestHttp.Client.GetAsync(MetaUrls.Raw(server, server.Meta.AccountId + "/insights", "access_token=x"), TestContext.Current.CancellationToken);

        using var buc = JsonDocument.Parse(sixth.Headers.GetValues("X-Business-Use-Case-Usage").Single());
        var entry = buc.RootElement.GetProperty(server.Meta.AccountId[4..])[0];
        Assert.Equal("ads_insights", entry.GetProperty("type").GetString());
        Assert.Equal(1, entry.GetProperty("call_count").GetInt32()); // 6 of 600 calls
        using var app = JsonDocument.Parse(sixth.Headers.GetValues("X-App-Usage").Single());
        Assert.Equal(1, app.RootElement.GetProperty("call_count").GetInt32());
        using var account = JsonDocument.Parse(sixth.Headers.GetValues("X-Ad-Account-Usage").Single());
        Assert.Equal(JsonValueKind.Number, account.RootElement.GetProperty("acc_id_util_pct").ValueKind);
        using var later = JsonDocument.Parse(nextHour.Headers.GetValues("X-Business-Use-Case-Usage").Single());
        Assert.Equal(0, later.RootElement.GetProperty(server.Meta.AccountId[4..])[0].GetProperty("call_count").GetInt32());
        Assert.False(denied.Headers.Contains("X-App-Usage"));
    }
}
