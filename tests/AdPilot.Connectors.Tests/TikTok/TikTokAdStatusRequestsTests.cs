using System.Text;
using System.Text.Json;
using AdPilot.Connectors.TikTok;
using AdPilot.Core.Domain;
using AdPilot.Core.Platforms;

namespace AdPilot.Connectors.Tests.TikTok;

public sealed class TikTokAdStatusRequestsTests
{
    private static readonly AdAccountRef Account = new(Platform.TikTok, "7000000000000000001", "USD");

    [Fact]
    public void AdStatusRequests_MixedChanges_EnablesFirstThenDisables_AtMostAHundredIdsEach()
    {
        var changes = Enumerable.Range(0, 150).Select(i => new AdStatusChange($"p{i}", AdSetStatus.Paused))
            .Append(new AdStatusChange("a1", AdSetStatus.Active))
            .ToList();

        var bodies = TikTokAdGroupsClient.AdStatusRequests(Account, changes)
            .Select(b => JsonDocument.Parse(Encoding.UTF8.GetString(b)).RootElement)
            .ToList();

        Assert.Equal(["ENABLE", "DISABLE", "DISABLE"], bodies.Select(b => b.GetProperty("operation_status").GetString()));
        Assert.All(bodies, b => Assert.Equal(Account.AccountId, b.GetProperty("advertiser_id").GetString()));
        Assert.Equal([1, 100, 50], bodies.Select(b => b.GetProperty("ad_ids").GetArrayLength()));
        Assert.Equal("a1", bodies[0].GetProperty("ad_ids")[0].GetString());
    }

    [Fact]
    public void AdStatusRequests_NoChanges_SendsNothing() => Assert.Empty(TikTokAdGroupsClient.AdStatusRequests(Account, []));
}
