using AdPilot.Core.Domain;

namespace AdPilot.Core.Tests.Domain;

public sealed class CostOfGoodsTests
{
    private static readonly CostOfGoods Store = new(0.6, new Dictionary<string, decimal>(StringComparer.Ordinal)
    {
        ["TEE-BLK-M"] = 7.25m,
        ["MUG-01"] = 3m,
    });

    [Fact]
    public void ForLine_KnownSku_UsesUnitCostTimesQuantity()
    {
        // The unit cost wins even when the margin would say otherwise (3 × 7.25, not 40% of 90).
        Assert.Equal(21.75m, Store.ForLine("TEE-BLK-M", 3, 90m));
    }

    [Fact]
    public void ForLine_UnknownSku_FallsBackToMargin()
    {
        Assert.Equal(40m, Store.ForLine("HAT-02", 2, 100m));
    }

    [Fact]
    public void ForLine_NoSku_FallsBackToMargin()
    {
        Assert.Equal(10m, Store.ForLine(null, 1, 25m));
    }

    [Fact]
    public void ForLine_SkuDiffersOnlyInCase_FallsBackToMargin()
    {
        Assert.Equal(4m, Store.ForLine("mug-01", 1, 10m));
    }

    [Fact]
    public void ForLine_FullyDiscountedLineWithKnownSku_StillCostsTheGoods()
    {
        Assert.Equal(6m, Store.ForLine("MUG-01", 2, 0m));
    }

    [Fact]
    public void ForRevenue_Margin_IsRevenueTimesOneMinusMargin()
    {
        Assert.Equal(40.0, CostOfGoods.FromMargin(0.6).ForRevenue(100), 12);
        Assert.Equal(0.0, CostOfGoods.FromMargin(1).ForRevenue(100), 12);
    }

    [Fact]
    public void FromMargin_HasNoUnitCosts()
    {
        var cogs = CostOfGoods.FromMargin(0.5);

        Assert.Empty(cogs.UnitCosts);
        Assert.Equal(5m, cogs.ForLine("ANY", 4, 10m));
    }
}
