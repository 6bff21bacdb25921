namespace AdPilot.Core.Platforms;

/// <summary>The service failed or was unreachable on its side (5xx, a transient error code, a timeout): retry later.</summary>
public sealed class PlatformUnavailableException : PlatformException
{
    /// <summary>Initializes a new instance of the <see cref="PlatformUnavailableException"/> class.</summary>
    /// <param name="context">Where the error came from.</param>
    /// <param name="message">What went wrong, without secrets.</param>
    /// <param name="innerException">The cause, if any.</param>
    public PlatformUnavailableException(PlatformErrorContext context, string message, Exception? innerException = null)
        : base(context, message, innerException)
    {
    }

    /// <inheritdoc/>
    public override bool IsTransient => true;
}
