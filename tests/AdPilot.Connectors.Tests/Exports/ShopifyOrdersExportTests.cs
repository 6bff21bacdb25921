using AdPilot.Connectors.Exports;
using AdPilot.Connectors.Shopify;
using AdPilot.Connectors.Tests.TestData;

namespace AdPilot.Connectors.Tests.Exports;

public sealed class ShopifyOrdersExportTests
{
    private const string Header = "Name,Currency,Total,Created at,Lineitem quantity,Lineitem price,Lineitem sku,Refunded Amount,Cancelled at,Note Attributes,Id";

    [Fact]
    public void Read_Fixture_FoldsLineItemsAndReproducesTotalsExactly()
    {
        var export = ShopifyOrdersExport.Read(ExportFixtures.Document(ExportFixtures.Shopify));

        Assert.Equal(50, export.Orders.Count);
        Assert.Equal(78, export.Orders.Sum(o => o.Order.LineItems.Count));
        Assert.Equal(3_938.15m, export.Orders.Sum(o => o.Total));
        Assert.Equal(70.50m, export.Orders.Sum(o => o.Refunded));
        Assert.Equal(171.84m, export.Orders.Where(o => o.Order.CancelledAt is not null).Sum(o => o.Total));
        Assert.Equal(export.Orders.Sum(o => o.Total - o.Refunded), export.Orders.Sum(o => o.Order.CurrentTotal.Amount));
        Assert.Equal(["USD"], export.Currencies);
        Assert.True(export.HasAttributionKey);
        Assert.Empty(export.Warnings);
    }

    [Fact]
    public void Read_Fixture_FirstOrderAsWritten()
    {
        var first = ShopifyOrdersExport.Read(ExportFixtures.Document(ExportFixtures.Shopify)).Orders[0];

        Assert.Equal((5_550_001_000L, "#1001"), (first.Order.Id, first.Order.Name));
        Assert.Equal(new DateTimeOffset(2025, 3, 8, 5, 48, 0, TimeSpan.Zero), first.Order.CreatedAt.ToUniversalTime());
        Assert.Equal([1, 2], first.Order.LineItems.Select(l => l.Quantity));
        Assert.Equal(new UtmParameters("instagram", "paid_social", "adpilot", "120210000000000001", null), first.Order.Landing.Utm);
        Assert.Equal(2, first.Line);
    }

    [Fact]
    public void Read_Fixture_LandingSiteNoteGivesTheUtmTags()
    {
        var orders = ShopifyOrdersExport.Read(ExportFixtures.Document(ExportFixtures.Shopify)).Orders;

        Assert.Contains(orders, o => o.Order.Landing.LandingPath is { } path && path.StartsWith("/products/", StringComparison.Ordinal)
            && o.Order.Landing.Utm.Source == "tiktok" && o.Order.Landing.Utm.Content == "1790000000000001");
    }

    [Fact]
    public void Read_OffsetsAcrossTheClockChange_SameUtcHourAsWritten()
    {
        var document = ExportFixtures.Text(string.Join('\n',
            Header,
            "#1,USD,10.00,2025-03-09 01:30:00 -0500,1,10.00,A,,,,1",
            "#2,USD,10.00,2025-03-09 03:30:00 -0400,1,10.00,A,,,,2"));

        var orders = ShopifyOrdersExport.Read(document).Orders;

        Assert.Equal(TimeSpan.FromHours(1), orders[1].Order.CreatedAt - orders[0].Order.CreatedAt);
    }

    [Fact]
    public void Read_RefundAndCancellation_CarriedOnTheOrder()
    {
        var document = ExportFixtures.Text(string.Join('\n',
            Header,
            "#1,USD,100.00,2025-03-09 10:00:00 -0500,1,100.00,A,40.00,,,1",
            "#2,USD,50.00,2025-03-09 11:00:00 -0500,1,50.00,A,,2025-03-09 12:00:00 -0500,,2"));

        var orders = ShopifyOrdersExport.Read(document).Orders;

        Assert.Equal((60m, 40m), (orders[0].Order.CurrentTotal.Amount, orders[0].Order.Refunds.Sum(r => r.Amount.Amount)));
        Assert.NotNull(orders[1].Order.CancelledAt);
    }

    [Fact]
    public void Read_OrderRowsDisagree_ErrorNamesBothLines()
    {
        var document = ExportFixtures.Text(string.Join('\n',
            Header,
            "#1,USD,100.00,2025-03-09 10:00:00 -0500,1,100.00,A,,,,1",
            "#2,USD,50.00,2025-03-09 11:00:00 -0500,1,50.00,A,,,,2",
            "#1,USD,90.00,2025-03-09 10:00:00 -0500,1,100.00,A,,,,1"), "orders.csv");

        var error = Assert.Throws<ExportFormatException>(() => ShopifyOrdersExport.Read(document));

        Assert.Equal(("orders.csv", 4, "Total"), (error.File, error.Line, error.Column));
        Assert.Contains("'100.00' on line 2 and '90.00' here", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("Name,Total,Created at", "missing currency column: expected one of 'Currency'")]
    [InlineData("Name,Currency,Created at", "missing total column")]
    [InlineData("Currency,Total,Created at", "missing order name column")]
    [InlineData("Name,Currency,Total", "missing creation time column")]
    public void Read_MissingRequiredColumn_ErrorListsIt(string header, string expected)
    {
        var error = Assert.Throws<ExportFormatException>(() => ShopifyOrdersExport.Read(ExportFixtures.Text(header + "\n")));
        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_OrderWithoutCreationTime_ErrorNamesTheOrder()
    {
        var document = ExportFixtures.Text(Header + "\n#1,USD,10.00,,1,10.00,A,,,,1\n");
        var error = Assert.Throws<ExportFormatException>(() => ShopifyOrdersExport.Read(document));
        Assert.Contains("order #1 has no value on any of its rows", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_NoAttributionColumns_WarnsOrdersCannotBeTied()
    {
        var document = ExportFixtures.Text("Name,Currency,Total,Created at,Lineitem quantity,Mystery\n#1,USD,10.00,2025-03-09 10:00:00 -0500,1,x\n");

        var export = ShopifyOrdersExport.Read(document);

        Assert.False(export.HasAttributionKey);
        Assert.Contains(export.Warnings, w => w.Contains("no landing site or note attributes column", StringComparison.Ordinal));
        Assert.Contains(export.Warnings, w => w.Contains("'Mystery'", StringComparison.Ordinal));
    }

    [Fact]
    public void Read_NameWithoutNumberAndNoId_Refused()
    {
        var document = ExportFixtures.Text("Name,Currency,Total,Created at\nGIFT,USD,10.00,2025-03-09 10:00:00 -0500\n");
        var error = Assert.Throws<ExportFormatException>(() => ShopifyOrdersExport.Read(document));
        Assert.Contains("has no number", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_LandingSiteColumn_UtmTagsRead()
    {
        var document = ExportFixtures.Text("Name,Currency,Total,Created at,Landing Site\n#7,USD,10.00,2025-03-09 10:00:00 -0500,/p/x?utm_source=ig&utm_medium=paid_social&utm_content=42\n");

        var order = Assert.Single(ShopifyOrdersExport.Read(document).Orders);

        Assert.Equal(("ig", "42"), (order.Order.Landing.Utm.Source, order.Order.Landing.Utm.Content));
        Assert.Equal(7, order.Order.Id);
    }
}
