namespace AdPilot.Storage.Snapshots;

/// <summary>Who set a budget.</summary>
public enum BudgetSetter
{
    /// <summary>A person (in Ads Manager, or before AdPilot took over): what the kill switch restores.</summary>
    Human = 0,

    /// <summary>AdPilot's actuator.</summary>
    AdPilot = 1,
}
