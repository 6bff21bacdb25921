namespace AdPilot.Runtime.Retraining;

/// <summary>A retraining could not run, for a reason its message names (no data in the range, another run of the same night, a bad range).</summary>
public sealed class RetrainingException : Exception
{
    /// <summary>Initializes a new instance of the <see cref="RetrainingException"/> class.</summary>
    public RetrainingException()
    {
    }

    /// <summary>Initializes a new instance of the <see cref="RetrainingException"/> class.</summary>
    /// <param name="message">What went wrong.</param>
    public RetrainingException(string message)
        : base(message)
    {
    }

    /// <summary>Initializes a new instance of the <see cref="RetrainingException"/> class.</summary>
    /// <param name="message">What went wrong.</param>
    /// <param name="innerException">The cause.</param>
    public RetrainingException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <summary>Gets a value indicating whether another run of the same store and night holds the lock (not a failure to alert on).</summary>
    public bool AlreadyRunning { get; init; }
}
