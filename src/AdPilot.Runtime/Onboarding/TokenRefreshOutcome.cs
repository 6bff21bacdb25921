namespace AdPilot.Runtime.Onboarding;

/// <summary>What one look at the stored Meta token did.</summary>
public enum TokenRefreshOutcome
{
    /// <summary>The store has no Meta connection.</summary>
    NotConnected = 0,

    /// <summary>The token does not expire, or not within the refresh window: nothing done.</summary>
    Fresh = 1,

    /// <summary>A new token was obtained and stored with its expiry.</summary>
    Refreshed = 2,

    /// <summary>The token could not be refreshed: an alert names the platform and the days left.</summary>
    Failed = 3,
}
