namespace AdPilot.Storage.Dashboard;

/// <summary>The reward the policy learned from over one store-local day.</summary>
/// <param name="Day">The day in the store's time zone.</param>
/// <param name="Reward">The sum of the ad set-hours' rewards.</param>
/// <param name="Profit">The sum of their profit.</param>
/// <param name="Hours">How many ad set-hours were scored.</param>
public sealed record DailyReward(DateOnly Day, double Reward, decimal Profit, int Hours);
