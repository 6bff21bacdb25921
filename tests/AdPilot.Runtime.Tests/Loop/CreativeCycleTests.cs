using AdPilot.Core.Creatives;
using AdPilot.Core.Domain;
using AdPilot.Core.Guardrails;
using AdPilot.Core.Platforms;
using AdPilot.Runtime.Actuation;
using AdPilot.Runtime.Creatives;
using AdPilot.Storage.Actions;
using AdPilot.Storage.Connections;
using AdPilot.Storage.Creatives;
using AdPilot.Storage.Tests.Infrastructure;
using static AdPilot.Runtime.Tests.Loop.LoopHarness;

namespace AdPilot.Runtime.Tests.Loop;

/// <summary>Creative rotation inside the hourly cycle, as <c>adpilot run</c> builds it, against the sandbox.</summary>
public sealed class CreativeCycleTests(PostgresCluster cluster)
{
    [Theory]
    [InlineData(RolloutStage.Expand)]
    [InlineData(RolloutStage.Shadow)]
    public async Task Cycle_PolicyProposesAnotherCreativeType_RotatesInExpandAndOnlyLogsInShadow(RolloutStage stage)
    {
        await using var h = await StartAsync(cluster, DatabaseDialect.Sqlite, historyHours: 24);
        var account = h.Accounts.Single(a => a.Platform == Platform.TikTok);
        var platform = h.Parts.Platforms.For(account);
        await new CreativeTagging(new CreativeStore(h.Db.Database), h.World.Clock)
            .TagAsync(h.StoreId, account, (IAdCreativePlatform)platform, new CreativeTagger(new CreativeNamingConvention()), Ct);
        h.World.Advance(1);
        var statuses = h.World.Ads.Select(a => h.World.AdStatusOf(a.Index)).ToArray();

        var hour = await h.Cycle.PrepareAsync(h.StoreId, account, h.Hour, stage, Ct);
        var first = h.World.Find(Platform.TikTok, hour.Order[0].ExternalId)!.Index;
        var running = h.World.ServedCreativeOf(first)!.Value;
        Assert.Equal(running, hour.States[0].CreativeType);
        var target = (CreativeType)(((int)running + 1) % 4);
        var actions = hour.States.Select((s, i) => i == 0 ? AdAction.Keep(s) with { CreativeType = target } : AdAction.Keep(s)).ToArray();
        var (_, _, entries, _) = await h.Cycle.ApplyAsync(hour, actions, [.. actions.Select(_ => 1.0)], new PolicyProvenance("test", "1"), Ct);

        var rotation = Assert.Single(entries, e => e.Decision.PolicyName == ActionPolicies.CreativeRotation);
        Assert.Equal(hour.Order[0], rotation.Decision.AdSet);
        var change = Assert.Single(entries, e => e.Decision.AdSet == hour.Order[0] && e.Decision.PolicyName == "test");
        if (stage == RolloutStage.Expand)
        {
            Assert.Equal(ActionStatus.Applied, rotation.Status);
            Assert.Equal(Actuator.NoChangeResponse, change.PlatformResponse);
            Assert.Equal(target, h.World.ServedCreativeOf(first));
        }
        else
        {
            Assert.Equal(ActionStatus.Shadow, rotation.Status);
            Assert.Equal(statuses, h.World.Ads.Select(a => h.World.AdStatusOf(a.Index)));
            Assert.Empty(h.Requests.PlatformWrites);
        }

        // The next hour the policy keeps what runs: no rotation is proposed, and the state says what the ads run now.
        h.World.Advance(1);
        var next = await h.Cycle.PrepareAsync(h.StoreId, account, h.Hour, stage, Ct);
        Assert.Equal(stage == RolloutStage.Expand ? target : running, next.States[0].CreativeType);
        var (_, _, later, _) = await h.Cycle.ApplyAsync(
            next, [.. next.States.Select(s => AdAction.Keep(s))], [.. next.States.Select(_ => 1.0)], new PolicyProvenance("test", "1"), Ct);
        Assert.DoesNotContain(later, e => e.Decision.PolicyName == ActionPolicies.CreativeRotation);
    }
}
