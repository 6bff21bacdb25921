using AdPilot.Core.Domain;

namespace AdPilot.Core.Simulation.Calibration;

/// <summary>
/// The default family's absolute levels on one platform, over the sampled ad sets: the drawn parameters, and what
/// the ad sets actually delivered over the run.
/// </summary>
/// <param name="Platform">The platform.</param>
/// <param name="AdSets">The number of ad sets.</param>
/// <param name="BaseCpm">CPM at low spend and usual competition (<see cref="AdSetParameters.BaseCpm"/>).</param>
/// <param name="Ctr">Fresh CTR of the starting creative.</param>
/// <param name="Cvr">Purchases per click (<see cref="AdSetParameters.Cvr"/>).</param>
/// <param name="OrderValue">Mean order value.</param>
/// <param name="DailyBudget">Starting daily budget.</param>
/// <param name="FirstDollarRoas">Revenue per unit of spend at the first unit: order value × CTR × CVR × 1000 ÷ base CPM.</param>
/// <param name="RealisedCpm">CPM delivered over the run.</param>
/// <param name="RealisedCtr">CTR delivered over the run.</param>
/// <param name="RealisedCvr">Purchases per click delivered over the run.</param>
public sealed record PlatformLevels(
    Platform Platform,
    int AdSets,
    Spread BaseCpm,
    Spread Ctr,
    Spread Cvr,
    Spread OrderValue,
    Spread DailyBudget,
    Spread FirstDollarRoas,
    Spread RealisedCpm,
    Spread RealisedCtr,
    Spread RealisedCvr)
{
    /// <summary>Summarises the ad sets of one platform.</summary>
    /// <param name="platform">The platform.</param>
    /// <param name="adSets">Ad sets of any platform; only this platform's are used.</param>
    /// <returns>The levels.</returns>
    public static PlatformLevels Of(Platform platform, IEnumerable<SimulatedAdSet> adSets)
    {
        ArgumentNullException.ThrowIfNull(adSets);
        var mine = adSets.Where(a => a.Parameters.Platform == platform).ToList();
        var delivered = mine.Where(a => a.Totals.Clicks > 0).ToList();
        return new PlatformLevels(
            platform,
            mine.Count,
            Spread.Of(mine.Select(a => a.Parameters.BaseCpm)),
            Spread.Of(mine.Select(a => StartingCtr(a.Parameters))),
            Spread.Of(mine.Select(a => a.Parameters.Cvr)),
            Spread.Of(mine.Select(a => a.Parameters.AverageOrderValue)),
            Spread.Of(mine.Select(a => (double)a.Parameters.DailyBudget)),
            Spread.Of(mine.Select(a => FirstDollarRoasOf(a.Parameters))),
            Spread.Of(delivered.Select(a => a.Totals.Cpm)),
            Spread.Of(delivered.Select(a => a.Totals.Ctr)),
            Spread.Of(delivered.Select(a => a.Totals.Cvr)));
    }

    /// <summary>The revenue an ad set earns per unit of spend at its first unit, before saturation and fatigue.</summary>
    /// <param name="p">The ad set.</param>
    /// <returns>Order value × CTR × CVR × 1000 ÷ base CPM.</returns>
    public static double FirstDollarRoasOf(AdSetParameters p)
    {
        ArgumentNullException.ThrowIfNull(p);
        return p.AverageOrderValue * StartingCtr(p) * p.Cvr * 1000 / p.BaseCpm;
    }

    private static double StartingCtr(AdSetParameters p) => p.CtrByCreative[p.CreativeType];
}
