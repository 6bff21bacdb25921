using AdPilot.Core.Agents;
using AdPilot.Core.Domain;
using AdPilot.Core.Simulation;

namespace AdPilot.Core.Tests.TestData;

/// <summary>Hand-built states, hour reports and contexts for driving a policy without the simulator.</summary>
public static class PolicyFixtures
{
    /// <summary>An ad set's state at the start of an hour.</summary>
    /// <param name="budget">The daily budget.</param>
    /// <param name="status">Whether it delivers.</param>
    /// <returns>The state.</returns>
    public static AdEnvironmentState State(double budget = 100, AdSetStatus status = AdSetStatus.Active) => new(
        DayOfWeek.Monday,
        HourOfDay: 0,
        CurrentBudget: budget,
        TargetAgeGroup: AgeGroup.Age25To34,
        TargetInterests: Interests.Fitness | Interests.Outdoors,
        CreativeType: CreativeType.Ugc,
        Platform: Platform.Instagram,
        HistoricalCtr: 0.01,
        HistoricalCvr: 0.03,
        CompetitorActivity: 0,
        Seasonality: 1,
        BidStrategy: BidStrategy.CostCap(25m),
        Status: status,
        SpendLast24Hours: 0,
        RevenueLast24Hours: 0,
        InLearningPhase: false);

    /// <summary>One ad set's hour as the platform and Shopify report it.</summary>
    /// <param name="spend">Spend.</param>
    /// <param name="shopifyRevenue">Revenue of the orders that reached Shopify from the ad set's clicks.</param>
    /// <param name="unattributedRevenue">Of that, the revenue that arrived without UTM parameters.</param>
    /// <param name="platformRevenue">Purchase value the platform reports.</param>
    /// <returns>The report.</returns>
    public static AdSetHourInfo Info(
        double spend, double shopifyRevenue, double unattributedRevenue = 0, double platformRevenue = 0) => new(
        DailyBudget: 100,
        Spend: spend,
        Impressions: 1000,
        Clicks: 10,
        PlatformConversions: 1,
        PlatformRevenue: platformRevenue,
        ShopifyOrders: 1,
        ShopifyRevenue: shopifyRevenue,
        UnattributedOrders: 0,
        UnattributedRevenue: unattributedRevenue,
        ClickCohortConversions: 1,
        ClickCohortRevenue: shopifyRevenue,
        InLearningPhase: false,
        LimitInterventions: 0);

    /// <summary>A report of an hour at a given Shopify ROAS (all revenue attributed).</summary>
    /// <param name="roas">Revenue ÷ spend.</param>
    /// <param name="spend">Spend.</param>
    /// <returns>The report.</returns>
    public static AdSetHourInfo AtRoas(double roas, double spend = 10) => Info(spend, roas * spend, 0, roas * spend);

    /// <summary>The context of an episode over ad sets with these starting budgets (wide min and max).</summary>
    /// <param name="startingBudgets">One starting daily budget per ad set.</param>
    /// <returns>The context, with the default limits and seed 1.</returns>
    public static PolicyContext Context(params double[] startingBudgets) => ContextWithBounds(1, 1_000_000, startingBudgets);

    /// <summary>The context of an episode over ad sets with these starting budgets and one budget range.</summary>
    /// <param name="minBudget">The smallest daily budget of every ad set.</param>
    /// <param name="maxBudget">The largest daily budget of every ad set.</param>
    /// <param name="startingBudgets">One starting daily budget per ad set.</param>
    /// <returns>The context, with the default limits and seed 1.</returns>
    public static PolicyContext ContextWithBounds(double minBudget, double maxBudget, params double[] startingBudgets)
    {
        ArgumentNullException.ThrowIfNull(startingBudgets);
        var adSets = startingBudgets
            .Select((b, i) => new AdSetDescriptor(new AdSetRef(Platform.Instagram, $"as-{i}"), $"ad set {i}", minBudget, maxBudget, b))
            .ToArray();
        return new PolicyContext(adSets, "USD", ActionLimits.Default, Seed: 1);
    }
}
