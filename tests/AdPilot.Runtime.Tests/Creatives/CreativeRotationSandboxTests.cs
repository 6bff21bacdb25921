using AdPilot.Core.Creatives;
using AdPilot.Core.Domain;
using AdPilot.Core.Guardrails;
using AdPilot.Core.Platforms;
using AdPilot.Core.Simulation;
using AdPilot.Runtime.Actuation;
using AdPilot.Runtime.Creatives;
using AdPilot.Runtime.Tests.Actuation;
using AdPilot.Sandbox;
using AdPilot.Storage.Actions;
using AdPilot.Storage.Connections;
using AdPilot.Storage.Creatives;
using AdPilot.Storage.Tests.Infrastructure;
using static AdPilot.Runtime.Tests.Actuation.ActuationHarness;
using StoredVerdict = AdPilot.Storage.Actions.GuardrailVerdict;

namespace AdPilot.Runtime.Tests.Creatives;

/// <summary>
/// Creative rotation end to end: the sandbox over loopback (its ads, fatigue and statuses), the Meta and TikTok connectors,
/// the tags pulled and stored, the real guardrail evaluator, the rotator and the action log.
/// </summary>
public sealed class CreativeRotationSandboxTests(PostgresCluster cluster)
{
    public static TheoryData<string, DatabaseDialect> Platforms => new()
    {
        { "meta", DatabaseDialect.Sqlite },
        { "tiktok", DatabaseDialect.Sqlite },
        { "meta", DatabaseDialect.PostgreSql },
    };

    [Theory]
    [MemberData(nameof(Platforms))]
    public async Task RunAsync_Expand_ActivatesTheTypeAndPausesTheOthersAndLogsBeforeAndAfter(string platform, DatabaseDialect dialect)
    {
        await using var h = await StartAsync(cluster, dialect);
        var r = await Rig.CreateAsync(h, platform == "meta" ? h.Meta : h.TikTok);
        var adSet = r.AdSets[0];
        var target = OtherType(adSet.Current.CreativeType);
        var untagged = h.World.AdsOf(IndexOf(h, adSet.AdSet)).Single(a => a.Name.StartsWith("spring", StringComparison.Ordinal));
        var untaggedBefore = h.World.AdStatusOf(untagged.Index);

        var input = await r.InputAsync(RolloutStage.Expand, adSet, target);
        var entries = await r.Rotator.RunAsync(input, h.PlatformOf(r.Account), Ct);

        var entry = Assert.Single(entries);
        Assert.Equal(ActionStatus.Applied, entry.Status);
        Assert.Equal(ActionPolicies.CreativeRotation, entry.Decision.PolicyName);
        Assert.Equal(target, h.World.ServedCreativeOf(IndexOf(h, adSet.AdSet)));
        foreach (var ad in h.World.AdsOf(IndexOf(h, adSet.AdSet)).Where(a => a.Index != untagged.Index))
        {
            Assert.Equal(ad.Type == target ? AdSetStatus.Active : AdSetStatus.Paused, h.World.AdStatusOf(ad.Index));
        }

        Assert.Equal(untaggedBefore, h.World.AdStatusOf(untagged.Index));
        var record = CreativeRotationRecord.Parse(entry.Decision.FinalActionJson)!;
        Assert.Equal(target, record.CreativeType);
        Assert.Equal(adSet.Current.CreativeType, record.FromCreativeType);
        Assert.Contains(record.Ads, a => a.Type == target && a.Before == AdSetStatus.Paused && a.After == AdSetStatus.Active);
        Assert.Contains(record.Ads, a => a.Type == adSet.Current.CreativeType && a.Before == AdSetStatus.Active && a.After == AdSetStatus.Paused);
        Assert.Contains(record.Ads, a => a.Type is null && a.Before == a.After);

        // The same cycle again: found in the log, nothing logged or sent twice.
        var writes = h.Requests.Writes.Count;
        var again = await r.Rotator.RunAsync(input, h.PlatformOf(r.Account), Ct);
        Assert.Equal(entry.Id, Assert.Single(again).Id);
        Assert.Equal(writes, h.Requests.Writes.Count);
    }

    [Theory]
    [InlineData("meta")]
    [InlineData("tiktok")]
    public async Task RunAsync_Shadow_LogsThePlanAndLeavesTheSandboxsStatusesUnchanged(string platform)
    {
        await using var h = await StartAsync(cluster, DatabaseDialect.Sqlite);
        var r = await Rig.CreateAsync(h, platform == "meta" ? h.Meta : h.TikTok);
        var before = h.World.Ads.Select(a => h.World.AdStatusOf(a.Index)).ToArray();
        var adSet = r.AdSets[0];

        var entry = Assert.Single(await r.RotateAsync(RolloutStage.Shadow, adSet, OtherType(adSet.Current.CreativeType)));

        Assert.Equal(ActionStatus.Shadow, entry.Status);
        Assert.Equal(StoredVerdict.Allow, entry.Decision.Verdict);
        Assert.Contains(CreativeRotationRecord.Parse(entry.Decision.FinalActionJson)!.Ads, a => a.Before != a.After);
        Assert.Equal(before, h.World.Ads.Select(a => h.World.AdStatusOf(a.Index)));
        Assert.Empty(h.Requests.Writes);
    }

    [Theory]
    [InlineData("meta")]
    [InlineData("tiktok")]
    public async Task RunAsync_SecondRotationWithinRotationMinHours_IsRefusedWithTheReasonLogged(string platform)
    {
        await using var h = await StartAsync(cluster, DatabaseDialect.Sqlite);
        var r = await Rig.CreateAsync(h, platform == "meta" ? h.Meta : h.TikTok);
        var adSet = r.AdSets[0];
        var first = OtherType(adSet.Current.CreativeType);
        Assert.Equal(ActionStatus.Applied, Assert.Single(await r.RotateAsync(RolloutStage.Expand, adSet, first)).Status);

        // Past the budget cool-down (3 h) but within the 24 hours between rotations.
        h.World.Advance(6);
        var adSets = await r.GuardedAsync();
        var now = adSets.Single(a => a.AdSet == adSet.AdSet);
        Assert.Equal(first, now.Current.CreativeType);
        var statuses = h.World.Ads.Select(a => h.World.AdStatusOf(a.Index)).ToArray();
        var writes = h.Requests.Writes.Count;

        var refused = Assert.Single(await r.RotateAsync(RolloutStage.Expand, now, OtherType(first)));

        Assert.Equal(ActionStatus.Shadow, refused.Status);
        Assert.Equal(StoredVerdict.Block, refused.Decision.Verdict);
        Assert.Null(refused.Decision.FinalActionJson);
        Assert.Contains(refused.Decision.GuardrailReasons, x => x.StartsWith(GuardrailReasonCodes.CreativeRotationMinHours + ":", StringComparison.Ordinal) && x.Contains("24 h", StringComparison.Ordinal));
        Assert.Equal(statuses, h.World.Ads.Select(a => h.World.AdStatusOf(a.Index)));
        Assert.Equal(writes, h.Requests.Writes.Count);

        // A day after the first, a rotation goes through again.
        h.World.Advance(19);
        var later = (await r.GuardedAsync()).Single(a => a.AdSet == adSet.AdSet);
        Assert.Equal(ActionStatus.Applied, Assert.Single(await r.RotateAsync(RolloutStage.Expand, later, OtherType(first))).Status);
    }

    [Fact]
    public async Task RunAsync_TypeWithNoTaggedAd_IsRefusedAndTheAdSetKeepsItsActiveAds()
    {
        await using var h = await StartAsync(cluster, DatabaseDialect.Sqlite);
        var adSetRef = (await h.AdSetsAsync(h.Meta))[0].AdSet;
        var index = IndexOf(h, adSetRef);
        var running = h.World.ServedCreativeOf(index)!.Value;
        var target = OtherType(running);

        // The user's mapping says the target type's only ad is not to be rotated: no ad of that type is left tagged.
        var mapping = CreativeMapping.Parse(
            string.Join('\n', h.World.AdsOf(index).Where(a => a.Type == target).Select(a => $"id:{a.Id} = none")), "mapping.txt");
        var r = await Rig.CreateAsync(h, h.Meta, mapping);
        var adSet = r.AdSets.Single(a => a.AdSet == adSetRef);
        var before = h.World.AdsOf(index).Select(a => h.World.AdStatusOf(a.Index)).ToArray();

        var refused = Assert.Single(await r.RotateAsync(RolloutStage.Expand, adSet, target));

        Assert.Equal(StoredVerdict.Block, refused.Decision.Verdict);
        Assert.Contains(refused.Decision.GuardrailReasons, x => x.StartsWith(GuardrailReasonCodes.CreativeNoAds + ":", StringComparison.Ordinal));
        Assert.Equal(before, h.World.AdsOf(index).Select(a => h.World.AdStatusOf(a.Index)));
        Assert.Equal(running, h.World.ServedCreativeOf(index));
        Assert.Empty(h.Requests.Writes);
    }

    [Theory]
    [InlineData("meta")]
    [InlineData("tiktok")]
    public async Task KillSwitchRestore_AfterRotations_PutsTheAdStatusesBackAndRollsThemBack(string platform)
    {
        await using var h = await StartAsync(cluster, DatabaseDialect.Sqlite);
        var account = platform == "meta" ? h.Meta : h.TikTok;
        var r = await Rig.CreateAsync(h, account);
        var original = h.World.Ads.Select(a => h.World.AdStatusOf(a.Index)).ToArray();
        var adSet = r.AdSets[0];
        var rotation = Assert.Single(await r.RotateAsync(RolloutStage.Expand, adSet, OtherType(adSet.Current.CreativeType)));
        Assert.Equal(ActionStatus.Applied, rotation.Status);
        Assert.NotEqual(original, h.World.Ads.Select(a => h.World.AdStatusOf(a.Index)));

        await h.KillSwitch.EngageAsync(h.StoreId, "test", Ct);
        var restored = await h.KillSwitch.RestoreAsync(h.StoreId, account, h.PlatformOf(account), h.BatchOf(account), RolloutStage.Expand, Ct);

        Assert.Equal(original, h.World.Ads.Select(a => h.World.AdStatusOf(a.Index)));
        var restore = Assert.Single(restored, e => e.Decision.AdSet == adSet.AdSet && e.Decision.IdempotencyKey.Contains(":creatives-restore:", StringComparison.Ordinal));
        Assert.Equal(ActionStatus.Applied, restore.Status);
        Assert.Equal(ActionPolicies.KillSwitch, restore.Decision.PolicyName);
        Assert.Equal(ActionStatus.RolledBack, (await h.Log.GetAsync(h.StoreId, rotation.Id, Ct))!.Status);

        // While engaged, a rotation (the next hour) is logged as blocked and nothing is sent.
        h.World.Advance(1);
        var writes = h.Requests.Writes.Count;
        var adSets = await r.GuardedAsync();
        var blocked = Assert.Single(await r.RotateAsync(RolloutStage.Expand, adSets[0], OtherType(adSets[0].Current.CreativeType), killSwitch: true));
        Assert.Equal(StoredVerdict.Block, blocked.Decision.Verdict);
        Assert.Contains(blocked.Decision.GuardrailReasons, x => x.StartsWith(GuardrailReasonCodes.KillSwitch, StringComparison.Ordinal));
        Assert.Equal(writes, h.Requests.Writes.Count);
    }

    [Fact]
    public async Task RevertAsync_AppliedRotation_PutsThePreviousStatusesBack()
    {
        await using var h = await StartAsync(cluster, DatabaseDialect.Sqlite);
        var r = await Rig.CreateAsync(h, h.TikTok);
        var original = h.World.Ads.Select(a => h.World.AdStatusOf(a.Index)).ToArray();
        var adSet = r.AdSets[0];
        var rotation = Assert.Single(await r.RotateAsync(RolloutStage.Expand, adSet, OtherType(adSet.Current.CreativeType)));

        var revert = await r.Rotator.RevertAsync(h.StoreId, rotation.Id, h.TikTok, h.PlatformOf(h.TikTok), Ct);

        Assert.Equal(ActionStatus.Applied, revert.Status);
        Assert.Equal(original, h.World.Ads.Select(a => h.World.AdStatusOf(a.Index)));
        Assert.Equal(ActionStatus.RolledBack, (await h.Log.GetAsync(h.StoreId, rotation.Id, Ct))!.Status);
        await Assert.ThrowsAsync<InvalidOperationException>(() => r.Rotator.RevertAsync(h.StoreId, rotation.Id, h.TikTok, h.PlatformOf(h.TikTok), Ct));
    }

    [Fact]
    public async Task RunAsync_FatiguedAdSet_RotationThroughTheApiEarnsMoreThanNotRotatingOnTheSameSeed()
    {
        await using var h = await StartAsync(cluster, DatabaseDialect.Sqlite);
        var twin = new SandboxWorld(DefaultFamily.Preset());
        twin.Advance(2);
        const int fatigueHours = 24 * 21;
        h.World.Advance(fatigueHours);
        twin.Advance(fatigueHours);
        var (index, target) = MostFatigued(h.World);
        var adSetRef = h.World.AdSets[index].Ref;
        Assert.True(h.World.FatigueOf(index, h.World.ServedCreativeOf(index)!.Value) < 0.7, "the ad set's running type should be fatigued by now");
        var r = await Rig.CreateAsync(h, adSetRef.Platform == Platform.TikTok ? h.TikTok : h.Meta);

        var entry = Assert.Single(await r.RotateAsync(RolloutStage.Expand, r.AdSets.Single(a => a.AdSet == adSetRef), target));
        Assert.Equal(ActionStatus.Applied, entry.Status);
        var from = h.World.Clock.GetUtcNow();
        h.World.Advance(24 * 7);
        twin.Advance(24 * 7);
        var to = h.World.Clock.GetUtcNow();

        var rotated = Revenue(h.World, index, from, to);
        var kept = Revenue(twin, index, from, to);
        Assert.True(rotated > kept * 1.05, $"rotating to {target} earned {rotated:0.00} over 7 days, keeping the fatigued type {kept:0.00}");
    }

    private static CreativeType OtherType(CreativeType type) => (CreativeType)(((int)type + 2) % 4);

    private static int IndexOf(ActuationHarness h, AdSetRef adSet) => h.World.Find(adSet.Platform, adSet.ExternalId)!.Index;

    private static (int AdSet, CreativeType Target) MostFatigued(SandboxWorld world)
    {
        var adSet = world.AdSets.MinBy(a => world.FatigueOf(a.Index, world.ServedCreativeOf(a.Index)!.Value))!.Index;
        var p = world.Scenario.AdSets[adSet];
        var running = world.ServedCreativeOf(adSet)!.Value;
        return (adSet, Enum.GetValues<CreativeType>().Where(t => t != running).MaxBy(t => p.CtrByCreative[t] * world.FatigueOf(adSet, t)));
    }

    private static double Revenue(SandboxWorld world, int adSet, DateTimeOffset from, DateTimeOffset to)
    {
        var hours = world.HoursBetween(from, to);
        var truth = world.TruthBetween(from, to);
        return hours.Select((x, k) => (x, k)).Where(x => x.x.AdSetIndex == adSet).Sum(x => truth[x.k].Revenue);
    }

    /// <summary>One account's creative rotation as a cycle holds it: tags pulled and stored, the guardrails, the rotator.</summary>
    private sealed class Rig
    {
        private readonly ActuationHarness _h;

        private Rig(ActuationHarness h, AdAccountRef account, CreativeRotator rotator)
        {
            _h = h;
            Account = account;
            Rotator = rotator;
        }

        public CreativeRotator Rotator { get; }

        public AdAccountRef Account { get; }

        public IReadOnlyList<GuardedAdSet> AdSets { get; private set; } = [];

        public static async Task<Rig> CreateAsync(ActuationHarness h, AdAccountRef account, CreativeMapping? mapping = null)
        {
            var store = new CreativeStore(h.Db.Database);
            var tagger = new CreativeTagger(new CreativeNamingConvention(), mapping);
            var tags = await new CreativeTagging(store, h.World.Clock).TagAsync(h.StoreId, account, (IAdCreativePlatform)h.PlatformOf(account), tagger, Ct);
            Assert.Contains(tags, t => t.Type is null && t.AdName.StartsWith("spring", StringComparison.Ordinal));
            var rig = new Rig(h, account, new CreativeRotator(h.Log, store, h.KillSwitch, h.World.Clock));
            rig.AdSets = await rig.GuardedAsync();
            return rig;
        }

        /// <summary>The account's ad sets as the cycle guards them: the creative type they run read from their ads and tags.</summary>
        public async Task<IReadOnlyList<GuardedAdSet>> GuardedAsync()
        {
            var running = await Rotator.RunningTypesAsync(_h.StoreId, Account, (IAdCreativePlatform)_h.PlatformOf(Account), Ct);
            var recent = await Rotator.RecentRotationsAsync(_h.StoreId, Ct);
            var since = _h.World.Clock.GetUtcNow().AddHours(-4);
            var lastChange = await _h.Log.LastAppliedChangesAsync(_h.StoreId, since, _h.World.Clock.GetUtcNow().AddHours(1), Actuator.NoChangeResponse, Ct);
            return [.. (await _h.AdSetsAsync(Account)).Select(a => a with
            {
                Current = a.Current with { CreativeType = running[a.AdSet] },
                LastChangeAt = lastChange.TryGetValue(a.AdSet, out var at) ? at : null,
                RecentCreativeRotations = recent.GetValueOrDefault(a.AdSet) ?? [],
            })];
        }

        /// <summary>The policy proposes <paramref name="target"/> for one ad set (the others kept); the guardrails judge; the rotator runs.</summary>
        public async Task<IReadOnlyList<ActionLogEntry>> RotateAsync(RolloutStage stage, GuardedAdSet adSet, CreativeType target, bool killSwitch = false) =>
            await Rotator.RunAsync(await InputAsync(stage, adSet, target, killSwitch), _h.PlatformOf(Account), Ct);

        /// <summary>The hour's input to the rotator, as the cycle builds it.</summary>
        public async Task<ActuationInput> InputAsync(RolloutStage stage, GuardedAdSet adSet, CreativeType target, bool killSwitch = false)
        {
            var adSets = (await GuardedAsync()).Select(a => a.AdSet == adSet.AdSet
                ? a with { Proposed = a.Current with { CreativeType = target } }
                : a with { Proposed = a.Current }).ToArray();
            var result = new GuardrailEvaluator(new GuardrailOptions()).Evaluate(new GuardrailInput
            {
                Now = _h.World.Clock.GetUtcNow(),
                TimeZone = _h.World.TimeZone,
                AccountId = Account.ToString(),
                Currency = Account.Currency,
                Stage = stage,
                KillSwitchEngaged = killSwitch,
                AdSets = adSets,
            });
            return _h.Input(Account, stage, adSets, [.. result.Decisions]);
        }
    }
}
