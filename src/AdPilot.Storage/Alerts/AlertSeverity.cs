namespace AdPilot.Storage.Alerts;

/// <summary>How urgent an alert is.</summary>
public enum AlertSeverity
{
    /// <summary>For the record.</summary>
    Info = 0,

    /// <summary>Look soon.</summary>
    Warning = 1,

    /// <summary>Act now (spend spike, API failures, kill switch).</summary>
    Critical = 2,
}
