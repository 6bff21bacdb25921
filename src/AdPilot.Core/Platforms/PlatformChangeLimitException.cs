namespace AdPilot.Core.Platforms;

/// <summary>
/// The platform allows no more changes of this kind to this object for a while (Meta: at most 4 budget changes per ad
/// set per hour, code 17 subcode 2446079, after which budget changes of that ad set are blocked for an hour). The call
/// was not applied. Retrying soon fails again and may extend the block: wait <see cref="RetryAfter"/>, or leave the
/// object alone until the next decision.
/// </summary>
public sealed class PlatformChangeLimitException : PlatformException
{
    /// <summary>Initializes a new instance of the <see cref="PlatformChangeLimitException"/> class.</summary>
    /// <param name="context">Where the error came from.</param>
    /// <param name="message">What went wrong, without secrets.</param>
    /// <param name="retryAfter">How long the change stays blocked at most, when known.</param>
    /// <param name="innerException">The cause, if any.</param>
    public PlatformChangeLimitException(
        PlatformErrorContext context, string message, TimeSpan? retryAfter = null, Exception? innerException = null)
        : base(context, message, innerException)
    {
        RetryAfter = retryAfter;
    }

    /// <summary>Gets how long the change stays blocked at most, or <see langword="null"/> when unknown.</summary>
    public TimeSpan? RetryAfter { get; }

    /// <inheritdoc/>
    public override bool IsTransient => true;
}
