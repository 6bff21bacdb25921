using AdPilot.Core.Domain;
using AdPilot.Core.Simulation;

namespace AdPilot.Sandbox.Shopify;

/// <summary>
/// Fills in what an order holds beyond its total (line items from a small catalogue, a discount code, a made-up buyer)
/// and decides what will happen to it later (a refund or a cancellation, hours on). Everything comes from one
/// <see cref="Rng"/> stream per order, keyed by the scenario seed and the order id, so the streams the simulator draws
/// revenue from are untouched and a scenario replays the same orders bit for bit.
/// </summary>
internal static class ShopifyOrderDetails
{
    /// <summary>The share of orders later cancelled.</summary>
    public const double CancelProbability = 0.02;

    /// <summary>The share of orders later refunded, fully or in part.</summary>
    public const double RefundProbability = 0.07;

    /// <summary>The share of refunds that return the whole order.</summary>
    public const double FullRefundProbability = 0.35;

    /// <summary>The share of orders of at least <see cref="MinDiscountedCents"/> that use a discount code.</summary>
    public const double DiscountProbability = 0.2;

    private const ulong StreamOrderDetails = 102;
    private const long MinDiscountedCents = 2000;
    private const long FirstProductId = 8_100_000_001;
    private const long FirstVariantId = 45_100_000_001;
    private const long FirstCustomerId = 7_100_000_001;

    private static readonly (string Title, string Sku, bool HasCost)[] Catalogue =
    [
        ("Everyday Tee", "TEE-EVERY", true),
        ("Canvas Tote", "TOTE-CNV", true),
        ("Merino Beanie", "BEANIE-MER", true),
        ("Trail Water Bottle", "BTL-TRAIL", true),
        ("Linen Overshirt", "SHIRT-LIN", true),
        ("Gift Card Sleeve", "GIFT-SLV", false),
        ("Wool Socks (3 pack)", "SOCK-WOOL3", true),
        ("Leather Card Holder", "CARD-LTH", true),
    ];

    private static readonly string[] FirstNames = ["Avery", "Jordan", "Riley", "Casey", "Morgan", "Quinn", "Rowan", "Sasha"];
    private static readonly string[] LastNames = ["Example", "Sample", "Placeholder", "Testperson", "Fictional", "Madeup"];
    private static readonly string[] CancelReasons = ["customer", "inventory", "declined", "fraud", "other"];

    /// <summary>What will happen to an order after it is placed.</summary>
    public enum Fate
    {
        /// <summary>Nothing.</summary>
        None = 0,

        /// <summary>It will be refunded in full.</summary>
        FullRefund = 1,

        /// <summary>One unit of one line will be refunded.</summary>
        PartialRefund = 2,

        /// <summary>It will be cancelled.</summary>
        Cancel = 3,
    }

    /// <summary>Gives a placed order its contents, and says what will happen to it and when.</summary>
    /// <param name="order">The order, with its id and total.</param>
    /// <param name="seed">The scenario seed.</param>
    /// <param name="grossMargin">The store's gross margin, which sets unit costs.</param>
    /// <returns>The order with its contents, its fate, when that happens, and a cancel reason.</returns>
    public static (ShopifyOrder Order, Fate Fate, DateTimeOffset At, string? CancelReason) Fill(ShopifyOrder order, ulong seed, double grossMargin)
    {
        var rng = Rng.ForStream(seed, StreamOrderDetails, (ulong)order.Id);
        var currency = order.Total.Currency;
        var totalCents = (long)(order.Total.Amount * 100);

        ShopifyDiscount? discount = null;
        if (totalCents >= MinDiscountedCents && rng.NextDouble() < DiscountProbability)
        {
            discount = rng.NextDouble() < 0.5
                ? new ShopifyDiscount("WELCOME10", "percentage", new Money(Math.Round(totalCents / 9m) / 100m, currency))
                : new ShopifyDiscount("SAVE5", "fixed_amount", new Money(5m, currency));
        }

        var discountCents = discount is null ? 0 : (long)(discount.Amount.Amount * 100);
        var lines = Lines(order.Id, totalCents + discountCents, discountCents, currency, grossMargin, ref rng);
        var customer = Customer(ref rng);
        var filled = order with { LineItems = lines, Discount = discount, Customer = customer };

        var u = rng.NextDouble();
        var units = lines.Sum(l => l.Quantity);
        if (totalCents == 0)
        {
            return (filled, Fate.None, default, null);
        }

        if (u < CancelProbability)
        {
            return (filled, Fate.Cancel, order.CreatedAtUtc.AddSeconds(3600 + rng.NextInt(23 * 3600)), CancelReasons[rng.NextInt(CancelReasons.Length)]);
        }

        if (u < CancelProbability + RefundProbability)
        {
            var fate = units > 1 && rng.NextDouble() >= FullRefundProbability ? Fate.PartialRefund : Fate.FullRefund;
            return (filled, fate, order.CreatedAtUtc.AddSeconds((6 * 3600) + rng.NextInt(114 * 3600)), null);
        }

        return (filled, Fate.None, default, null);
    }

    /// <summary>The refund a fate makes: every unit left (full, cancel) or one unit of one line (partial).</summary>
    /// <param name="order">The order as it is now.</param>
    /// <param name="fate">Its fate.</param>
    /// <param name="refundId">The refund's id.</param>
    /// <param name="transactionId">Its transaction's id.</param>
    /// <param name="at">When it happens.</param>
    /// <param name="seed">The scenario seed (picks the line a partial refund returns).</param>
    /// <returns>The refund, or null when nothing is left to refund.</returns>
    public static ShopifyRefund? Refund(ShopifyOrder order, Fate fate, long refundId, long transactionId, DateTimeOffset at, ulong seed)
    {
        var currency = order.Total.Currency;
        var lines = new List<ShopifyRefundLine>();
        decimal amount;
        if (fate == Fate.PartialRefund)
        {
            var rng = Rng.ForStream(seed, StreamOrderDetails, (ulong)order.Id, (ulong)refundId);
            var candidates = order.LineItems.Where(l => order.CurrentQuantity(l.Id) > 0).ToArray();
            if (candidates.Length == 0)
            {
                return null;
            }

            var line = candidates[rng.NextInt(candidates.Length)];
            amount = Math.Min(order.CurrentTotal.Amount, Math.Round(line.DiscountedTotal.Amount / line.Quantity, 2, MidpointRounding.ToEven));
            lines.Add(new ShopifyRefundLine(refundId * 10, line.Id, 1, new Money(amount, currency)));
        }
        else
        {
            amount = order.CurrentTotal.Amount;
            var k = 0;
            foreach (var line in order.LineItems)
            {
                var left = order.CurrentQuantity(line.Id);
                if (left > 0)
                {
                    var subtotal = Math.Round(line.DiscountedTotal.Amount * left / line.Quantity, 2, MidpointRounding.ToEven);
                    lines.Add(new ShopifyRefundLine((refundId * 10) + k++, line.Id, left, new Money(subtotal, currency)));
                }
            }
        }

        var note = fate switch
        {
            Fate.Cancel => "Order cancelled",
            Fate.PartialRefund => "Returned one item",
            _ => "Returned the whole order",
        };
        return new ShopifyRefund(refundId, order.Id, at, note, lines, transactionId, new Money(amount, currency));
    }

    /// <summary>Splits the subtotal into one to three lines whose prices add up to it exactly, and spreads the discount over them.</summary>
    private static ShopifyLineItem[] Lines(long orderId, long subtotalCents, long discountCents, string currency, double grossMargin, ref Rng rng)
    {
        var count = subtotalCents < 500 ? 1 : 1 + rng.NextInt(3);
        var weights = new double[count];
        for (var k = 0; k < count; k++)
        {
            weights[k] = 0.5 + rng.NextDouble();
        }

        var weightSum = weights.Sum();
        var lines = new ShopifyLineItem[count];
        var usedCents = 0L;
        var allocatedCents = 0L;
        for (var k = 0; k < count; k++)
        {
            long quantity;
            long unitCents;
            if (k < count - 1)
            {
                var share = (long)Math.Floor(subtotalCents * weights[k] / weightSum);
                quantity = share >= 2000 && rng.NextDouble() < 0.3 ? 2 : 1;
                unitCents = share / quantity;
            }
            else
            {
                quantity = 1;
                unitCents = subtotalCents - usedCents;
            }

            var lineCents = unitCents * quantity;
            usedCents += lineCents;
            var allocation = k < count - 1 && subtotalCents > 0 ? discountCents * lineCents / subtotalCents : discountCents - allocatedCents;
            allocatedCents += allocation;
            var product = rng.NextInt(Catalogue.Length);
            var (title, sku, hasCost) = Catalogue[product];
            var unitPrice = new Money(unitCents / 100m, currency);
            Money? unitCost = hasCost
                ? new Money(Math.Round(unitPrice.Amount * (decimal)(1 - grossMargin) * (decimal)rng.Uniform(0.9, 1.1), 2, MidpointRounding.ToEven), currency)
                : null;
            lines[k] = new ShopifyLineItem(
                (orderId * 10) + k,
                FirstProductId + product,
                FirstVariantId + product,
                sku,
                title,
                (int)quantity,
                unitPrice,
                unitCost,
                new Money(allocation / 100m, currency));
        }

        return lines;
    }

    private static ShopifyCustomer Customer(ref Rng rng)
    {
        var first = FirstNames[rng.NextInt(FirstNames.Length)];
        var last = LastNames[rng.NextInt(LastNames.Length)];
        var n = rng.NextInt(10_000);
        var id = FirstCustomerId + rng.NextInt(1_000_000);
        return new ShopifyCustomer(
            id,
            first,
            last,
            $"{first.ToLowerInvariant()}.{last.ToLowerInvariant()}{n}@example.com",
            $"+1-555-01{n % 100:00}",
            $"{100 + n} Placeholder Street",
            "Springfield",
            $"{10000 + n}",
            "Oregon",
            "US");
    }
}
