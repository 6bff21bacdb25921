namespace AdPilot.Core.Platforms;

/// <summary>
/// A call to an outside service failed. Subclasses say how, so callers decide by type: back off
/// (<see cref="PlatformRateLimitedException"/>), retry later (<see cref="PlatformUnavailableException"/>), ask a person
/// (<see cref="PlatformAuthenticationException"/>), or give up on this call (<see cref="PlatformRequestRejectedException"/>,
/// <see cref="PlatformResponseException"/>). Messages never carry tokens or secrets.
/// </summary>
public abstract class PlatformException : Exception
{
    /// <summary>The longest message kept whole.</summary>
    public const int MaxMessageLength = 1000;

    /// <summary>Initializes a new instance of the <see cref="PlatformException"/> class.</summary>
    /// <param name="context">Where the error came from.</param>
    /// <param name="message">What went wrong, without secrets.</param>
    /// <param name="innerException">The cause, if any.</param>
    protected PlatformException(PlatformErrorContext context, string message, Exception? innerException)
        : base(Bound($"{context}: {message}"), innerException)
    {
        ArgumentNullException.ThrowIfNull(context);
        Context = context;
    }

    /// <summary>Gets where the error came from.</summary>
    public PlatformErrorContext Context { get; }

    /// <summary>Gets a value indicating whether the same call may succeed later without any change.</summary>
    public abstract bool IsTransient { get; }

    /// <summary>
    /// The message cut at <see cref="MaxMessageLength"/> characters, with the full length: the platform's own error text
    /// and code are passed through, and a response can make them any size.
    /// </summary>
    private static string Bound(string message) =>
        message.Length <= MaxMessageLength
            ? message
            : string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{message[..MaxMessageLength]}… ({message.Length:N0} characters)");
}
