using AdPilot.Connectors.Shopify;
using AdPilot.Core.Domain;
using SandboxOrder = AdPilot.Sandbox.ShopifyOrder;

namespace AdPilot.Connectors.Tests.Sandbox;

/// <summary>The Shopify connector against the sandbox over real loopback HTTP, through its configured resilience pipeline.</summary>
public sealed class ShopifySandboxPullTests
{
    [Fact]
    public async Task GetOrdersUpdatedSince_AfterTheClockAdvances_ReadsEveryOrderAcrossSmallPages_TotalsMatchToTheCent()
    {
        await using var sandbox = await ShopifySandbox.StartAsync(pageSize: 5);
        sandbox.World.Advance(30);

        var (orders, pages) = await sandbox.PullAsync(sandbox.World.StartUtc);

        var truth = sandbox.World.Orders();
        Assert.True(truth.Count > 10, $"only {truth.Count} orders");
        Assert.Equal((truth.Count + 4) / 5, pages);
        Assert.Equal(truth.OrderBy(o => o.UpdatedAtUtc).ThenBy(o => o.Id).Select(o => o.Id), orders.Select(o => o.Id));
        Assert.Equal(truth.Sum(o => o.CurrentTotal.Amount), orders.Sum(o => o.CurrentTotal.Amount));
        var byId = truth.ToDictionary(o => o.Id);
        Assert.All(orders, o => AssertMatches(byId[o.Id], o));
    }

    [Fact]
    public async Task Watermark_PicksUpRefundsAndCancellations_OfOrdersReadBefore()
    {
        await using var sandbox = await ShopifySandbox.StartAsync(pageSize: 15);
        sandbox.World.Advance(3 * 24);
        var (first, _) = await sandbox.PullAsync(sandbox.World.StartUtc);
        var watermark = first.Max(o => o.UpdatedAt);

        sandbox.World.Advance(3 * 24);
        var (later, _) = await sandbox.PullAsync(watermark);

        var truth = sandbox.World.Orders().ToDictionary(o => o.Id);
        var changedSinceRead = first.Where(o => truth[o.Id].UpdatedAtUtc > o.UpdatedAt).Select(o => o.Id).ToArray();
        Assert.NotEmpty(changedSinceRead);
        var laterById = later.ToDictionary(o => o.Id);
        Assert.All(changedSinceRead, id =>
        {
            var order = laterById[id];
            AssertMatches(truth[id], order);
            Assert.True(order.Refunds.Count > 0);
            Assert.True(order.CurrentTotal.Amount < first.Single(o => o.Id == id).CurrentTotal.Amount);
        });
        Assert.Contains(later, o => o.CancelledAt is not null);
        Assert.All(later, o => AssertMatches(truth[o.Id], o));
        Assert.Equal(truth.Values.Count(o => o.UpdatedAtUtc >= watermark), later.Count);
    }

    [Fact]
    public async Task BulkBackfill_ReadsTheSameOrdersAsPaging_WithLineItemsJoinedToTheirOrders()
    {
        await using var sandbox = await ShopifySandbox.StartAsync(settings: ("Shopify:BulkPollIntervalMilliseconds", "20"));
        sandbox.World.Advance(5 * 24);

        var orders = await sandbox.Client.BulkBackfillAsync(sandbox.World.StartUtc, sandbox.World.Currency, TestContext.Current.CancellationToken);

        var truth = sandbox.World.Orders();
        Assert.Equal(truth.OrderBy(o => o.UpdatedAtUtc).ThenBy(o => o.Id).Select(o => o.Id), orders.Select(o => o.Id));
        var byId = truth.ToDictionary(o => o.Id);
        Assert.All(orders, o => AssertMatches(byId[o.Id], o));
        Assert.Contains(orders, o => o.Refunds.Count > 0);
        Assert.Equal(truth.Sum(o => o.CurrentTotal.Amount), orders.Sum(o => o.CurrentTotal.Amount));
    }

    [Fact]
    public async Task BulkBackfill_LaterWatermark_ReadsOnlyOrdersUpdatedSince()
    {
        await using var sandbox = await ShopifySandbox.StartAsync(settings: ("Shopify:BulkPollIntervalMilliseconds", "20"));
        sandbox.World.Advance(2 * 24);
        var since = sandbox.World.Clock.GetUtcNow();
        sandbox.World.Advance(24);

        var orders = await sandbox.Client.BulkBackfillAsync(since, sandbox.World.Currency, TestContext.Current.CancellationToken);

        Assert.Equal(sandbox.World.Orders().Count(o => o.UpdatedAtUtc >= since), orders.Count);
        Assert.All(orders, o => Assert.True(o.UpdatedAt >= since));
    }

    /// <summary>Everything the connector keeps of an order equals what the sandbox's world holds, to the cent.</summary>
    /// <param name="truth">The world's order.</param>
    /// <param name="order">The connector's.</param>
    /// <param name="unitCosts">Whether the source carries unit costs (GraphQL does; REST webhook bodies never do).</param>
    internal static void AssertMatches(SandboxOrder truth, ShopifyOrder order, bool unitCosts = true)
    {
        Assert.Equal(truth.Name, order.Name);
        Assert.Equal(truth.CreatedAtUtc, order.CreatedAt);
        Assert.Equal(truth.UpdatedAtUtc, order.UpdatedAt);
        Assert.Equal(truth.CancelledAtUtc, order.CancelledAt);
        Assert.Equal(new Money(truth.CurrentTotal.Amount, "USD"), order.CurrentTotal);
        Assert.Equal(truth.TotalDiscounts.Amount, order.TotalDiscounts.Amount);
        Assert.Equal(truth.Discount is { } d ? [d.Code] : Array.Empty<string>(), order.DiscountCodes);
        Assert.Equal(truth.LineItems.Count, order.LineItems.Count);
        foreach (var (line, item) in truth.LineItems.Zip(order.LineItems))
        {
            Assert.Equal(line.Id, item.Id);
            Assert.Equal(line.ProductId, item.ProductId);
            Assert.Equal(line.Quantity, item.Quantity);
            Assert.Equal(line.UnitPrice.Amount, item.UnitPrice.Amount);
            Assert.Equal(unitCosts ? line.UnitCost?.Amount : null, item.UnitCost?.Amount);
        }

        Assert.Equal(truth.Total.Amount, order.LineItems.Sum(l => l.UnitPrice.Amount * l.Quantity) - order.TotalDiscounts.Amount);
        Assert.Equal(truth.Refunds.Select(r => (r.Id, r.Amount.Amount)), order.Refunds.Select(r => (r.Id, r.Amount.Amount)));
        if (truth.UtmAdSet is { } adSet)
        {
            Assert.Equal(adSet.ExternalId, order.Landing.Utm.Content);
            Assert.Equal("paid_social", order.Landing.Utm.Medium);
            Assert.Equal("adpilot", order.Landing.Utm.Campaign);
            Assert.Equal(adSet.Platform == Platform.TikTok ? "tiktok" : "instagram", order.Landing.Utm.Source);
        }
        else
        {
            Assert.Null(order.Landing.Utm.Content);
        }
    }
}
