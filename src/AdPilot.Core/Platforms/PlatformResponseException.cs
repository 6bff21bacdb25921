namespace AdPilot.Core.Platforms;

/// <summary>The answer could not be understood (malformed JSON, a missing field, a number that is not one, a currency that changed): that account's pull fails, nothing else.</summary>
public sealed class PlatformResponseException : PlatformException
{
    /// <summary>Initializes a new instance of the <see cref="PlatformResponseException"/> class.</summary>
    /// <param name="context">Where the error came from.</param>
    /// <param name="message">What went wrong, without secrets.</param>
    /// <param name="innerException">The cause, if any.</param>
    public PlatformResponseException(PlatformErrorContext context, string message, Exception? innerException = null)
        : base(context, message, innerException)
    {
    }

    /// <inheritdoc/>
    public override bool IsTransient => false;
}
