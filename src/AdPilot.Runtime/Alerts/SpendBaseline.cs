namespace AdPilot.Runtime.Alerts;

/// <summary>What an hour's spend is compared with to call it a spike.</summary>
public enum SpendBaseline
{
    /// <summary>The mean hourly spend of the 24 hours before.</summary>
    Trailing24Hours = 0,

    /// <summary>The mean spend of the same UTC hour over the 7 days before.</summary>
    SameHour = 1,
}
