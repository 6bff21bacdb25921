namespace AdPilot.Core.Platforms;

/// <summary>The service throttled the call (HTTP 429, Meta 4/17/613/80000, TikTok 40100/40133, Shopify THROTTLED).</summary>
public sealed class PlatformRateLimitedException : PlatformException
{
    /// <summary>Initializes a new instance of the <see cref="PlatformRateLimitedException"/> class.</summary>
    /// <param name="context">Where the error came from.</param>
    /// <param name="message">What went wrong, without secrets.</param>
    /// <param name="retryAfter">How long the service asks us to wait, when it said.</param>
    /// <param name="innerException">The cause, if any.</param>
    public PlatformRateLimitedException(
        PlatformErrorContext context, string message, TimeSpan? retryAfter = null, Exception? innerException = null)
        : base(context, message, innerException)
    {
        RetryAfter = retryAfter;
    }

    /// <summary>Gets how long the service asks us to wait, or <see langword="null"/> when it did not say.</summary>
    public TimeSpan? RetryAfter { get; }

    /// <inheritdoc/>
    public override bool IsTransient => true;
}
