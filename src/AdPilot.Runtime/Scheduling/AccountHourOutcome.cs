namespace AdPilot.Runtime.Scheduling;

/// <summary>How one attempt at an account-hour ended.</summary>
public enum AccountHourOutcome
{
    /// <summary>The cycle ran and finished; the ledger says succeeded.</summary>
    Succeeded = 0,

    /// <summary>The cycle threw; the ledger says failed, with the message.</summary>
    Failed = 1,

    /// <summary>The ledger already had the account-hour succeeded, so the cycle was not run.</summary>
    AlreadySucceeded = 2,
}
