namespace AdPilot.Core.Platforms;

/// <summary>
/// A call to an outside service failed. Subclasses say how, so callers decide by type: back off
/// (<see cref="PlatformRateLimitedException"/>), retry later (<see cref="PlatformUnavailableException"/>), ask a person
/// (<see cref="PlatformAuthenticationException"/>), or give up on this call (<see cref="PlatformRequestRejectedException"/>,
/// <see cref="PlatformResponseException"/>). Messages never carry tokens or secrets.
/// </summary>
public abstract class PlatformException : Exception
{
    /// <summary>Initializes a new instance of the <see cref="PlatformException"/> class.</summary>
    /// <param name="context">Where the error came from.</param>
    /// <param name="message">What went wrong, without secrets.</param>
    /// <param name="innerException">The cause, if any.</param>
    protected PlatformException(PlatformErrorContext context, string message, Exception? innerException)
        : base($"{context}: {message}", innerException)
    {
        ArgumentNullException.ThrowIfNull(context);
        Context = context;
    }

    /// <summary>Gets where the error came from.</summary>
    public PlatformErrorContext Context { get; }

    /// <summary>Gets a value indicating whether the same call may succeed later without any change.</summary>
    public abstract bool IsTransient { get; }
}
