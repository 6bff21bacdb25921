using AdPilot.Connectors.Exports;
using AdPilot.Connectors.Shopify;
using AdPilot.Core.Domain;
using AdPilot.Core.Rewards;
using AdPilot.Runtime.Backtest;

namespace AdPilot.Runtime.Tests.Backtest;

public sealed class BacktestHistoryBuilderTests
{
    private static readonly DateTimeOffset Start = new(2025, 3, 8, 12, 0, 0, TimeSpan.Zero);
    private static readonly AdSetRef A = new(Platform.Instagram, "120");

    [Fact]
    public void Build_RowRepeatedExactlyByTwoSources_KeptOnceAndReported()
    {
        var row = Row(0, 5m, "meta-1.csv", 2);

        var input = Build([row, row with { File = "meta-2.csv", Line = 9 }, Row(1, 4m)], [Order(1, 0, "120")]);

        Assert.Equal(9m, input.History.Hours[0].Sum(h => h.Spend));
        Assert.Contains(input.Warnings, w => w.Contains("dropped 1 ad set-hour row(s) that two sources repeat exactly", StringComparison.Ordinal));
    }

    [Fact]
    public void Build_SameHourWithOtherFiguresInTwoSources_ErrorNamesBoth()
    {
        var error = Assert.Throws<ExportFormatException>(() => Build([Row(0, 5m, "meta-1.csv", 2), Row(0, 6m, "meta-2.csv", 7)], []));

        Assert.Equal(("meta-2.csv", 7), (error.File, error.Line));
        Assert.Contains("has other figures in meta-1.csv:2", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Build_GapsAndEdges_ZeroFilledAndCounted()
    {
        var other = new AdSetRef(Platform.TikTok, "170");
        var rows = new[] { Row(0, 1m), Row(3, 1m), Row(5, 1m) with { AdSet = other } };

        var input = Build(rows, [Order(1, 0, "120")]);

        Assert.Equal(6, input.History.HourCount);
        Assert.Equal([true, false, false, true, false, false], input.History.Hours.Single(h => h[0].Reported).Select(h => h.Reported));
        Assert.Contains(input.Warnings, w => w.StartsWith("zero-filled 9 ad set-hours the sources left out (2 between an ad set's first and last reported hour, 7 before", StringComparison.Ordinal));
    }

    [Fact]
    public void Build_NoTaggedOrderButPurchasesReported_FallsBackToModelledAttributionAndSaysSo()
    {
        var input = Build([Row(0, 5m) with { Purchases = 1 }], [Order(1, 0, null)]);

        Assert.Equal(RevenueSource.Modelled, input.Attribution);
        Assert.Contains(input.Warnings, w => w.StartsWith("attribution: no order carries UTM tags", StringComparison.Ordinal));
    }

    [Fact]
    public void Build_NothingTiesOrdersToAdSets_Refused()
    {
        var error = Assert.Throws<ExportFormatException>(() => Build([Row(0, 5m)], [Order(1, 0, null)]));
        Assert.Contains("nothing ties the orders to the ad sets", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Build_SameOrderTwiceWithOtherTotals_ErrorNamesBothFiles()
    {
        var first = Order(1, 0, "120");
        var second = first with { Order = first.Order with { CurrentTotal = new Money(99m, "USD") }, Total = 99m, File = "orders-2.csv", Line = 3 };

        var error = Assert.Throws<ExportFormatException>(() => Build([Row(0, 5m)], [first, second]));

        Assert.Contains("differs from the same order in orders.csv:2", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Build_OrderOffsetsOfAnotherZone_Warned()
    {
        var order = Order(1, 0, "120");
        var shifted = order with { Order = order.Order with { CreatedAt = order.Order.CreatedAt.ToOffset(TimeSpan.FromHours(2)) } };

        var input = Build([Row(0, 5m)], [shifted]);

        Assert.Contains(input.Warnings, w => w.Contains("1 of 1 orders carry a UTC offset that is not America/New_York's", StringComparison.Ordinal));
    }

    [Fact]
    public void ToShopOrder_TaggedOrder_TiedAsTheRewardJobTiesIt()
    {
        var order = Order(1, 0, "120").Order;

        var shop = BacktestHistoryBuilder.ToShopOrder(order);

        Assert.Equal(A, Attribution.MatchUtm(shop.Utm));
        Assert.Equal((50m, 0m, "1"), (shop.Total, shop.Refunded, shop.OrderId));
    }

    private static BacktestInput Build(IReadOnlyList<ExportedAdSetHour> rows, IReadOnlyList<ExportedOrder> orders) =>
        BacktestHistoryBuilder.Build(
            rows, orders, "USD", BacktestFixtures.NewYork, CostOfGoods.FromMargin(0.5), AttributionChoice.Auto, null, [], []);

    private static ExportedAdSetHour Row(int hour, decimal spend, string file = "meta.csv", int line = 2) => new(
        A, "A", "C", Start.AddHours(hour), DateOnly.FromDateTime(Start.AddHours(hour).UtcDateTime), hour, new Money(spend, "USD"), 100, 2, null, null, null, file, line);

    private static ExportedOrder Order(long id, int hour, string? adSet)
    {
        var utm = adSet is null ? UtmParameters.None : new UtmParameters("instagram", "paid_social", "adpilot", adSet, null);
        var created = Start.AddHours(hour).AddMinutes(10).ToOffset(TimeSpan.FromHours(-5));
        var order = new ShopifyOrder(
            id, $"#{id}", created, created, created, null, false, "web", new Money(50m, "USD"), new Money(0m, "USD"), [], [], [], new LandingInfo(null, null, utm));
        return new ExportedOrder(order, 50m, 0m, "orders.csv", 2);
    }
}
