using AdPilot.Core.Domain;
using AdPilot.Core.Rewards;
using CsCheck;
using static AdPilot.Core.Tests.Rewards.RewardBuilders;

namespace AdPilot.Core.Tests.Rewards;

public sealed class AttributionTests
{
    [Theory]
    [InlineData("instagram", "paid_social", "adpilot", "238001", Platform.Instagram)]
    [InlineData("TikTok", "PAID_SOCIAL", "AdPilot", "17001", Platform.TikTok)]
    [InlineData(" instagram ", "paid_social", "adpilot", " 238001 ", Platform.Instagram)]
    public void MatchUtm_OurScheme_NamesTheAdSet(string source, string medium, string campaign, string content, Platform platform)
    {
        Assert.Equal(new AdSetRef(platform, content.Trim()), Attribution.MatchUtm(new UtmTag(source, medium, campaign, content)));
    }

    [Theory]
    [InlineData("google", "paid_social", "adpilot", "1")]
    [InlineData("instagram", "cpc", "adpilot", "1")]
    [InlineData("instagram", "paid_social", "summer", "1")]
    [InlineData("instagram", "paid_social", "adpilot", "")]
    [InlineData(null, null, null, null)]
    public void MatchUtm_OtherTags_AreNotOurs(string? source, string? medium, string? campaign, string? content)
    {
        Assert.Null(Attribution.MatchUtm(new UtmTag(source, medium, campaign, content)));
    }

    [Fact]
    public void NetFigures_RefundedOrder_IsNetOfTheRefundWithItsShareOfCostsReturned()
    {
        var figures = Attribution.NetFigures(Order(100m, cogs: 40m, refunded: 25m), HalfMargin, refundRestoresCogs: true);

        Assert.Equal(new OrderFigures(75m, 30m, 1), figures);
    }

    [Fact]
    public void NetFigures_CostOfGoodsUnknown_ComesFromTheMargin()
    {
        Assert.Equal(new OrderFigures(80m, 40m, 1), Attribution.NetFigures(Order(80m), HalfMargin, refundRestoresCogs: true));
    }

    [Fact]
    public void NetFigures_RefundKeepsCosts_WhenConfigured()
    {
        Assert.Equal(new OrderFigures(0m, 40m, 0), Attribution.NetFigures(Order(100m, cogs: 40m, refunded: 100m), HalfMargin, refundRestoresCogs: false));
    }

    [Fact]
    public void NetFigures_CanceledOrder_CountsForNothing()
    {
        Assert.Equal(OrderFigures.Zero, Attribution.NetFigures(Order(100m, canceled: true), HalfMargin, refundRestoresCogs: true));
    }

    [Fact]
    public void Attribute_TaggedOrders_GoToTheirAdSetAndHour()
    {
        var result = Attribution.Attribute([Order(50m, Meta), Order(30m, Meta), Order(20m, TikTok, hour: 1)], [], "USD", HalfMargin, new RewardOptions());

        Assert.Equal(2, result.ByAdSetHour.Count);
        var tiktok = result.ByAdSetHour[0];
        var meta = result.ByAdSetHour[1];
        Assert.Equal((TikTok, Hour.AddHours(1), new OrderFigures(20m, 10m, 1)), (tiktok.AdSet, tiktok.HourUtc, tiktok.Utm));
        Assert.Equal((Meta, Hour, new OrderFigures(80m, 40m, 2)), (meta.AdSet, meta.HourUtc, meta.Utm));
        Assert.Equal(meta.Utm, meta.Modelled);
        Assert.Empty(result.Unattributed);
    }

    [Fact]
    public void Attribute_UntaggedOrdersWithPlatformReports_FillTheUnexplainedClaimsByShare()
    {
        // Meta reports 3 purchases and one is tagged: it claims 2; TikTok reports 2, none tagged: it claims 2.
        // Four untagged orders fill the four claims: each is split half and half.
        ShopOrder[] orders = [Order(60m, Meta), Order(100m), Order(100m), Order(100m), Order(100m)];
        AdSetHourActivity[] activity = [Activity(Meta, 30m, purchases: 3), Activity(TikTok, 10m, purchases: 2)];

        var result = Attribution.Attribute(orders, activity, "USD", HalfMargin, new RewardOptions());

        var meta = result.ByAdSetHour.Single(a => a.AdSet == Meta);
        var tiktok = result.ByAdSetHour.Single(a => a.AdSet == TikTok);
        Assert.Equal(new OrderFigures(60m, 30m, 1), meta.Utm);
        Assert.Equal(new OrderFigures(260m, 130m, 3), meta.Modelled);
        Assert.Equal(OrderFigures.Zero, tiktok.Utm);
        Assert.Equal(new OrderFigures(200m, 100m, 2), tiktok.Modelled);
        Assert.Equal(OrderFigures.Zero, result.Unattributed[Hour]);
    }

    [Fact]
    public void Attribute_MoreUntaggedOrdersThanClaims_LeavesTheRestUnattributed()
    {
        ShopOrder[] orders = [Order(100m), Order(100m), Order(100m), Order(100m)];
        AdSetHourActivity[] activity = [Activity(Meta, 30m, purchases: 1)];

        var result = Attribution.Attribute(orders, activity, "USD", HalfMargin, new RewardOptions());

        Assert.Equal(new OrderFigures(100m, 50m, 1), result.ByAdSetHour.Single().Modelled);
        Assert.Equal(new OrderFigures(300m, 150m, 3), result.Unattributed[Hour]);
    }

    [Fact]
    public void Attribute_NoPlatformReports_SplitsTheExpectedLostTagsBySpend()
    {
        // Four tagged orders with a 20% loss rate suggest one lost tag: one untagged order's worth, split 3:1 by spend.
        ShopOrder[] orders = [Order(10m, Meta), Order(10m, Meta), Order(10m, Meta), Order(10m, Meta), Order(100m), Order(100m)];
        AdSetHourActivity[] activity = [Activity(Meta, 30m), Activity(TikTok, 10m)];

        var result = Attribution.Attribute(orders, activity, "USD", HalfMargin, new RewardOptions { ExpectedUtmLossRate = 0.2 });

        var meta = result.ByAdSetHour.Single(a => a.AdSet == Meta);
        var tiktok = result.ByAdSetHour.Single(a => a.AdSet == TikTok);
        Assert.Equal(40m + 75m, meta.Modelled.Revenue);
        Assert.Equal(25m, tiktok.Modelled.Revenue);
        Assert.Equal(100m, result.Unattributed[Hour].Revenue);
        Assert.Equal(0.25m, tiktok.Modelled.Conversions);
    }

    [Fact]
    public void Attribute_UntaggedOrdersInAnHourWithoutAds_AreUnattributed()
    {
        var result = Attribution.Attribute([Order(100m)], [Activity(Meta, 30m, hour: 1)], "USD", HalfMargin, new RewardOptions());

        Assert.Empty(result.ByAdSetHour);
        Assert.Equal(100m, result.Unattributed[Hour].Revenue);
    }

    [Fact]
    public void Attribute_OrderInAnotherCurrency_Throws()
    {
        var order = Order(10m) with { Currency = "EUR" };

        Assert.Throws<ArgumentException>(() => Attribution.Attribute([order], [], "USD", HalfMargin, new RewardOptions()));
    }

    [Fact]
    public void Attribute_AnyOrdersAndActivity_ConservesRevenueCostsAndOrders()
    {
        var adSets = new[] { Meta, TikTok, new AdSetRef(Platform.Instagram, "238002") };
        var order = Gen.Select(Gen.Long[1, 50_000], Gen.Int[-1, 2], Gen.Int[0, 3], Gen.Long[0, 60_000], Gen.Bool)
            .Select((cents, tag, hour, refund, canceled) => Order(cents / 100m, tag < 0 ? null : adSets[tag], hour, refunded: refund / 100m, canceled: canceled && refund % 7 == 0));
        var activity = Gen.Select(Gen.Int[0, 2], Gen.Int[0, 3], Gen.Long[0, 10_000], Gen.Int[-1, 5])
            .Select((a, hour, cents, purchases) => Activity(adSets[a], cents / 100m, hour, purchases: purchases < 0 ? null : purchases));
        var gen = Gen.Select(order.Array[0, 30], activity.Array[0, 12], Gen.Double[0, 0.9]);
        Check.Sample(gen, t =>
        {
            var (orders, rows, loss) = t;
            var unique = rows.DistinctBy(r => (r.AdSet, r.HourUtc)).ToArray();
            var options = new RewardOptions { ExpectedUtmLossRate = loss };

            var result = Attribution.Attribute(orders, unique, "USD", HalfMargin, options);

            var total = orders.Select(o => Attribution.NetFigures(o, HalfMargin, true)).Aggregate(OrderFigures.Zero, (a, b) => a + b);
            var modelled = result.ByAdSetHour.Select(a => a.Modelled).Concat(result.Unattributed.Values).Aggregate(OrderFigures.Zero, (a, b) => a + b);
            var tagged = orders.Where(o => Attribution.MatchUtm(o.Utm) is not null).Select(o => Attribution.NetFigures(o, HalfMargin, true)).Aggregate(OrderFigures.Zero, (a, b) => a + b);
            Assert.Equal(total, modelled);
            Assert.Equal(tagged, result.ByAdSetHour.Select(a => a.Utm).Aggregate(OrderFigures.Zero, (a, b) => a + b));
        });
    }
}
