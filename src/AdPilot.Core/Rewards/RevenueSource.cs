namespace AdPilot.Core.Rewards;

/// <summary>Which attributed revenue the reward is computed from; both are always kept side by side.</summary>
public enum RevenueSource
{
    /// <summary>Only orders whose UTM tags name the ad set: certain, but misses orders whose tags were lost.</summary>
    Utm = 0,

    /// <summary>UTM-tagged orders plus a modelled share of the untagged ones (see <see cref="Attribution"/>).</summary>
    Modelled = 1,
}
