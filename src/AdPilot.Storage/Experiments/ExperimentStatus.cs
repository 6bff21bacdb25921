namespace AdPilot.Storage.Experiments;

/// <summary>Where a targeting experiment stands; stored as snake_case words.</summary>
public enum ExperimentStatus
{
    /// <summary>Proposed by a policy or a person; waits for a person's decision.</summary>
    Proposed,

    /// <summary>Approved; starts at the next cycle of its account in the expand stage.</summary>
    Approved,

    /// <summary>Rejected by a person; nothing was done.</summary>
    Rejected,

    /// <summary>Starting: the intent to cut the original's budget and make the copy is written; a crash resumes here.</summary>
    Starting,

    /// <summary>Both ad sets run: the original on its budget less the test budget, the copy on the test budget.</summary>
    Running,

    /// <summary>The winner is decided; the loser's pause and the winner's budget are being applied.</summary>
    Concluding,

    /// <summary>Finished: the winner runs on the whole budget, the loser is paused.</summary>
    Concluded,

    /// <summary>Ended early (the kill switch or a person): the copy is paused and the original has its budget back.</summary>
    Ended,

    /// <summary>Could not be started (the platform refused the copy, the original is gone); nothing runs.</summary>
    Failed,
}
