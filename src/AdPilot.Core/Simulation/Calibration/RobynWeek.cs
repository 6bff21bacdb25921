namespace AdPilot.Core.Simulation.Calibration;

/// <summary>One week of Robyn's simulated marketing-mix data (one row of <c>dt_simulated_weekly.csv</c>).</summary>
/// <param name="Date">The week's first day.</param>
/// <param name="Revenue">The week's revenue.</param>
/// <param name="FacebookSpend">Facebook spend (<c>facebook_S</c>).</param>
/// <param name="FacebookImpressions">Facebook impressions (<c>facebook_I</c>).</param>
/// <param name="CompetitorSales">Competitors' sales (<c>competitor_sales_B</c>), the series used for competitor pressure.</param>
public sealed record RobynWeek(DateOnly Date, double Revenue, double FacebookSpend, double FacebookImpressions, double CompetitorSales)
{
    /// <summary>Gets the week's Facebook CPM, or NaN in a week without Facebook spend or impressions.</summary>
    public double FacebookCpm => FacebookSpend > 0 && FacebookImpressions > 0 ? FacebookSpend * 1000 / FacebookImpressions : double.NaN;
}
