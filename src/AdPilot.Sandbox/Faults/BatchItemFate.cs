namespace AdPilot.Sandbox.Faults;

/// <summary>What happens to one item of a Meta batch under a <c>partial_batch</c> fault.</summary>
internal enum BatchItemFate
{
    /// <summary>The item runs and answers normally.</summary>
    Executed,

    /// <summary>The item does not run and answers a transient error item (code 2, HTTP 500 inside the item).</summary>
    Failed,

    /// <summary>The item does not run and answers <c>null</c>.</summary>
    NotExecuted,
}
