namespace AdPilot.Storage.Connections;

/// <summary>A <c>--db</c> or <c>DB_URL</c> value is not one of the accepted forms. The message never contains a password.</summary>
public sealed class DatabaseTargetException : Exception
{
    /// <summary>Initializes a new instance of the <see cref="DatabaseTargetException"/> class.</summary>
    /// <param name="message">What is wrong, followed by the accepted forms.</param>
    public DatabaseTargetException(string message)
        : base(message)
    {
    }
}
