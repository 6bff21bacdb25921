namespace AdPilot.Storage.Cycles;

/// <summary>Where an account-hour's run stands in the ledger.</summary>
public enum CycleRunStatus
{
    /// <summary>Claimed by a worker and not yet finished, or abandoned by a worker that died.</summary>
    Running = 0,

    /// <summary>Finished; the account-hour is never run again.</summary>
    Succeeded = 1,

    /// <summary>Finished with an error; the next claim of the account-hour runs it again.</summary>
    Failed = 2,
}
