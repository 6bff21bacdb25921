namespace AdPilot.Storage.Checkpoints;

/// <summary>A promotion or rollback names a version the registry cannot make active; nothing was changed.</summary>
public sealed class CheckpointRegistryException : InvalidOperationException
{
    /// <summary>Initializes a new instance of the <see cref="CheckpointRegistryException"/> class.</summary>
    public CheckpointRegistryException()
    {
    }

    /// <summary>Initializes a new instance of the <see cref="CheckpointRegistryException"/> class.</summary>
    /// <param name="message">What is wrong, naming the version.</param>
    public CheckpointRegistryException(string message)
        : base(message)
    {
    }

    /// <summary>Initializes a new instance of the <see cref="CheckpointRegistryException"/> class.</summary>
    /// <param name="message">What is wrong, naming the version.</param>
    /// <param name="innerException">The cause.</param>
    public CheckpointRegistryException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
