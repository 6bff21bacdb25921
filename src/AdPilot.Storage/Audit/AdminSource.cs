namespace AdPilot.Storage.Audit;

/// <summary>Where an admin action came from.</summary>
public enum AdminSource
{
    /// <summary>The command line (<c>adpilot ...</c>).</summary>
    Cli = 0,

    /// <summary>The dashboard, by a signed-in user.</summary>
    Dashboard = 1,

    /// <summary>AdPilot itself (the retraining job, the loop) or a caller that named no one.</summary>
    System = 2,
}
