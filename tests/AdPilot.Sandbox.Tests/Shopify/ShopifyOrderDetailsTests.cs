using AdPilot.Core.Simulation;

namespace AdPilot.Sandbox.Tests.Shopify;

public sealed class ShopifyOrderDetailsTests
{
    [Fact]
    public void Orders_LineItemsLessDiscounts_AddUpToTheSimulatedTotal_ToTheCent()
    {
        var world = new SandboxWorld(DefaultFamily.Preset());
        world.Advance(7 * 24);

        var orders = world.Orders();

        Assert.NotEmpty(orders);
        Assert.All(orders, o =>
        {
            Assert.NotEmpty(o.LineItems);
            Assert.Equal(o.Total.Amount, o.LineItems.Sum(l => l.UnitPrice.Amount * l.Quantity) - o.TotalDiscounts.Amount);
            Assert.Equal(o.TotalDiscounts.Amount, o.LineItems.Sum(l => l.DiscountAllocation.Amount));
            Assert.All(o.LineItems, l => Assert.True(l.Quantity >= 1 && l.UnitPrice.Amount >= 0 && l.DiscountedTotal.Amount >= 0));
            Assert.NotNull(o.Customer);
        });
        Assert.Contains(orders, o => o.Discount is not null);
        Assert.Contains(orders, o => o.Discount is null);
        Assert.Contains(orders, o => o.LineItems.Any(l => l.UnitCost is null));
        Assert.Contains(orders, o => o.LineItems.Any(l => l.UnitCost is { Amount: > 0 }));
    }

    [Fact]
    public void Orders_AreTheSameForTheSameSeed()
    {
        var a = new SandboxWorld(DefaultFamily.Preset());
        var b = new SandboxWorld(DefaultFamily.Preset());
        a.Advance(5 * 24);
        b.Advance(5 * 24);

        static string Describe(ShopifyOrder o) =>
            $"{o.Id} {o.Total} {o.Discount} {o.UpdatedAtUtc:O} {o.CancelledAtUtc:O} {o.CancelReason} {o.Customer}"
            + string.Join('|', o.LineItems.Select(l => l.ToString())) + string.Join('|', o.Refunds.Select(r => $"{r.Id} {r.Amount} {r.CreatedAtUtc:O} {string.Join(',', r.Lines)}"));

        Assert.Equal(a.Orders().Select(Describe), b.Orders().Select(Describe));
    }

    [Fact]
    public void Refunds_AndCancellations_HappenHoursLater_AndMoveUpdatedAt()
    {
        var world = new SandboxWorld(DefaultFamily.Preset());
        var changes = new List<ShopifyOrderChange>();
        world.OrdersChanged += changes.AddRange;
        world.Advance(10 * 24);

        var orders = world.Orders();
        var refunded = orders.Where(o => o.Refunds.Count > 0 && o.CancelledAtUtc is null).ToArray();
        var cancelled = orders.Where(o => o.CancelledAtUtc is not null).ToArray();

        Assert.NotEmpty(refunded);
        Assert.NotEmpty(cancelled);
        Assert.Contains(refunded, o => o.FinancialStatus == "partially_refunded");
        Assert.Contains(refunded, o => o.FinancialStatus == "refunded");
        Assert.All(orders.Where(o => o.Refunds.Count > 0), o =>
        {
            var refund = Assert.Single(o.Refunds);
            Assert.True(refund.CreatedAtUtc >= o.CreatedAtUtc.AddHours(1));
            Assert.Equal(refund.CreatedAtUtc, o.UpdatedAtUtc);
            Assert.True(refund.CreatedAtUtc < world.Clock.GetUtcNow());
            Assert.Equal(refund.Amount.Amount, refund.Lines.Sum(l => l.Subtotal.Amount));
            Assert.Equal(o.Total.Amount - refund.Amount.Amount, o.CurrentTotal.Amount);
            Assert.InRange(o.CurrentTotal.Amount, 0m, o.Total.Amount);
        });
        Assert.All(cancelled, o =>
        {
            Assert.Equal(0m, o.CurrentTotal.Amount);
            Assert.Equal(o.CancelledAtUtc, o.UpdatedAtUtc);
            Assert.Contains(o.CancelReason, new[] { "customer", "inventory", "declined", "fraud", "other" });
        });
        Assert.All(orders.Where(o => o.Refunds.Count == 0), o => Assert.Equal(o.CreatedAtUtc, o.UpdatedAtUtc));
        Assert.Equal(refunded.Length + cancelled.Length, changes.Count);
        Assert.Equal(changes.Select(c => c.Order.UpdatedAtUtc).Order(), changes.Select(c => c.Order.UpdatedAtUtc));
        Assert.Equal(cancelled.Length, changes.Count(c => c.Kind == ShopifyOrderChangeKind.Cancelled));
    }
}
