using AdPilot.Core.Creatives;
using AdPilot.Core.Domain;
using AdPilot.Core.Guardrails;
using AdPilot.Core.Platforms;

namespace AdPilot.Core.Tests.Creatives;

public sealed class CreativeRotationPlanTests
{
    private static readonly AdSetRef AdSet = new(Platform.TikTok, "g1");

    private static readonly AdSnapshot[] Ads =
    [
        new("1", "ugc_a", AdSet, AdSetStatus.Active, "ENABLE"),
        new("2", "ugc_b", AdSet, AdSetStatus.Active, "ENABLE"),
        new("3", "product_a", AdSet, AdSetStatus.Paused, "DISABLE"),
        new("4", "teaser", AdSet, AdSetStatus.Active, "ENABLE"),
        new("5", "discount_other_set", new AdSetRef(Platform.TikTok, "g2"), AdSetStatus.Paused, "DISABLE"),
    ];

    private static readonly Dictionary<string, CreativeType?> Tags = new(StringComparer.Ordinal)
    {
        ["1"] = CreativeType.Ugc,
        ["2"] = CreativeType.Ugc,
        ["3"] = CreativeType.Product,
        ["4"] = null,
        ["5"] = CreativeType.Discount,
    };

    [Fact]
    public void For_TaggedType_ActivatesItPausesTheOthersAndLeavesUntaggedAlone()
    {
        var plan = CreativeRotationPlan.For(AdSet, CreativeType.Product, Ads, Tags);

        Assert.Null(plan.Refusal);
        Assert.Equal(["1", "2", "3", "4"], plan.Ads.Select(a => a.AdId));
        Assert.Equal(
            [new AdStatusChange("3", AdSetStatus.Active), new AdStatusChange("1", AdSetStatus.Paused), new AdStatusChange("2", AdSetStatus.Paused)],
            plan.Changes);
        Assert.Equal(AdSetStatus.Active, plan.Ads.Single(a => a.AdId == "4").After);
    }

    [Fact]
    public void For_TypeWithNoAdInTheAdSet_IsRefusedAndChangesNothing()
    {
        var plan = CreativeRotationPlan.For(AdSet, CreativeType.Discount, Ads, Tags);

        Assert.Equal(GuardrailReasonCodes.CreativeNoAds, plan.Refusal!.Code);
        Assert.Contains("tagged: ugc×2, product×1", plan.Refusal.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void For_NoAdTagged_IsRefusedAsUntagged()
    {
        var plan = CreativeRotationPlan.For(AdSet, CreativeType.Ugc, Ads, new Dictionary<string, CreativeType?>());

        Assert.Equal(GuardrailReasonCodes.CreativeUntagged, plan.Refusal!.Code);
    }

    [Fact]
    public void For_EveryPlanThatIsNotRefused_LeavesAnActiveAd()
    {
        foreach (var type in Enum.GetValues<CreativeType>())
        {
            var plan = CreativeRotationPlan.For(AdSet, type, Ads, Tags);
            Assert.True(plan.Refusal is not null || plan.Ads.Any(a => a.After == AdSetStatus.Active), $"{type} would leave no active ad");
        }
    }

    [Fact]
    public void Running_MostActiveTaggedType_IgnoresUntaggedAndPausedAds()
    {
        Assert.Equal(CreativeType.Ugc, CreativeRotationPlan.Running(AdSet, Ads, Tags));
        Assert.Null(CreativeRotationPlan.Running(new AdSetRef(Platform.TikTok, "g2"), Ads, Tags));
    }
}
