namespace AdPilot.Runtime.Backtest;

/// <summary>How a backtest ties the store's orders to ad sets.</summary>
public enum AttributionChoice
{
    /// <summary>By UTM tags when any order's tags name an ad set of the insights; by the modelled attribution otherwise.</summary>
    Auto = 0,

    /// <summary>By UTM tags only, as the live reward job does by default.</summary>
    Utm = 1,

    /// <summary>
    /// By the live loop's modelled attribution: UTM tags, plus each hour's untagged orders shared among the ad sets by the
    /// purchases their platforms report.
    /// </summary>
    Modelled = 2,
}
