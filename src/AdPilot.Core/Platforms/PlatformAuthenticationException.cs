namespace AdPilot.Core.Platforms;

/// <summary>The credentials were refused, expired or lack a permission: a person must reconnect the account.</summary>
public sealed class PlatformAuthenticationException : PlatformException
{
    /// <summary>Initializes a new instance of the <see cref="PlatformAuthenticationException"/> class.</summary>
    /// <param name="context">Where the error came from.</param>
    /// <param name="message">What went wrong, without secrets.</param>
    /// <param name="innerException">The cause, if any.</param>
    public PlatformAuthenticationException(PlatformErrorContext context, string message, Exception? innerException = null)
        : base(context, message, innerException)
    {
    }

    /// <inheritdoc/>
    public override bool IsTransient => false;
}
