namespace AdPilot.Sandbox.Faults;

/// <summary>A faults document that cannot be read or is invalid. The message is one line and names the field.</summary>
public sealed class SandboxFaultsException : Exception
{
    /// <summary>Initializes a new instance of the <see cref="SandboxFaultsException"/> class.</summary>
    public SandboxFaultsException()
        : this("faults", "the faults are invalid")
    {
    }

    /// <summary>Initializes a new instance of the <see cref="SandboxFaultsException"/> class.</summary>
    /// <param name="message">The message.</param>
    public SandboxFaultsException(string message)
        : this("faults", message)
    {
    }

    /// <summary>Initializes a new instance of the <see cref="SandboxFaultsException"/> class.</summary>
    /// <param name="message">The message.</param>
    /// <param name="innerException">The cause.</param>
    public SandboxFaultsException(string message, Exception innerException)
        : base(message, innerException)
    {
        Field = "faults";
    }

    /// <summary>Initializes a new instance of the <see cref="SandboxFaultsException"/> class.</summary>
    /// <param name="field">The path of the bad field, e.g. <c>faults.rules[2].probability</c>.</param>
    /// <param name="message">The message, naming the field.</param>
    public SandboxFaultsException(string field, string message)
        : base(message)
    {
        Field = field;
    }

    /// <summary>Gets the path of the bad field, e.g. <c>faults.rules[2].probability</c>.</summary>
    public string Field { get; }
}
