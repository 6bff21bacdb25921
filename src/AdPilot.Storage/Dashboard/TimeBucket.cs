namespace AdPilot.Storage.Dashboard;

/// <summary>How the dashboard's series group hours.</summary>
public enum TimeBucket
{
    /// <summary>One point per UTC hour.</summary>
    Hour = 0,

    /// <summary>One point per day of the store's time zone.</summary>
    Day = 1,
}
