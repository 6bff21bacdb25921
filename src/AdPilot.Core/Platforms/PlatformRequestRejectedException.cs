namespace AdPilot.Core.Platforms;

/// <summary>The service refused the request itself (an invalid parameter, an object that does not exist): retrying the same call fails again.</summary>
public sealed class PlatformRequestRejectedException : PlatformException
{
    /// <summary>Initializes a new instance of the <see cref="PlatformRequestRejectedException"/> class.</summary>
    /// <param name="context">Where the error came from.</param>
    /// <param name="message">What went wrong, without secrets.</param>
    /// <param name="innerException">The cause, if any.</param>
    public PlatformRequestRejectedException(PlatformErrorContext context, string message, Exception? innerException = null)
        : base(context, message, innerException)
    {
    }

    /// <inheritdoc/>
    public override bool IsTransient => false;
}
