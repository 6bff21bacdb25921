namespace AdPilot.Core.Agents.Checkpoints;

/// <summary>A checkpoint could not be loaded, or does not fit the agent loading it.</summary>
public sealed class CheckpointException : Exception
{
    /// <summary>Initializes a new instance of the <see cref="CheckpointException"/> class.</summary>
    /// <param name="error">Why the checkpoint was refused.</param>
    /// <param name="message">A message naming the problem.</param>
    public CheckpointException(CheckpointError error, string message)
        : base(message)
    {
        Error = error;
    }

    /// <summary>Initializes a new instance of the <see cref="CheckpointException"/> class.</summary>
    /// <param name="error">Why the checkpoint was refused.</param>
    /// <param name="message">A message naming the problem.</param>
    /// <param name="innerException">The failure that revealed the problem.</param>
    public CheckpointException(CheckpointError error, string message, Exception innerException)
        : base(message, innerException)
    {
        Error = error;
    }

    /// <summary>Gets why the checkpoint was refused.</summary>
    public CheckpointError Error { get; }
}
