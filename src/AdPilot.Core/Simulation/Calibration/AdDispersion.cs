namespace AdPilot.Core.Simulation.Calibration;

/// <summary>How ads (or ad sets) differ from each other, and how their conversions follow their spend.</summary>
/// <param name="Ads">The number of ads.</param>
/// <param name="CpmLogSd">Standard deviation of log CPM, over ads with spend and impressions.</param>
/// <param name="CtrLogSd">Standard deviation of log CTR, over ads with clicks.</param>
/// <param name="SpendLogSd">Standard deviation of log spend, over ads with spend.</param>
/// <param name="Elasticity">Least-squares slope of log conversions on log spend, over ads with both greater than 0.</param>
public sealed record AdDispersion(int Ads, Statistic CpmLogSd, Statistic CtrLogSd, Statistic SpendLogSd, Statistic Elasticity);
