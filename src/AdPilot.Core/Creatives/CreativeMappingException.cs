namespace AdPilot.Core.Creatives;

/// <summary>A mapping file that cannot be read: the message names the file, the line and the field.</summary>
public sealed class CreativeMappingException : Exception
{
    /// <summary>Initializes a new instance of the <see cref="CreativeMappingException"/> class.</summary>
    /// <param name="source">The file (or another name for the text).</param>
    /// <param name="line">The 1-based line.</param>
    /// <param name="field">The field at fault (<c>selector</c>, <c>id</c>, <c>name</c>, <c>type</c>).</param>
    /// <param name="problem">What is wrong.</param>
    public CreativeMappingException(string source, int line, string field, string problem)
        : base($"{source}:{line}: {field}: {problem}")
    {
        File = source;
        Line = line;
        Field = field;
        Problem = problem;
    }

    /// <summary>Initializes a new instance of the <see cref="CreativeMappingException"/> class.</summary>
    public CreativeMappingException()
        : this("mapping", 0, "file", "unreadable")
    {
    }

    /// <summary>Initializes a new instance of the <see cref="CreativeMappingException"/> class.</summary>
    /// <param name="message">The message.</param>
    public CreativeMappingException(string message)
        : this("mapping", 0, "file", message)
    {
    }

    /// <summary>Initializes a new instance of the <see cref="CreativeMappingException"/> class.</summary>
    /// <param name="message">The message.</param>
    /// <param name="innerException">The cause.</param>
    public CreativeMappingException(string message, Exception innerException)
        : base(message, innerException)
    {
        File = "mapping";
        Field = "file";
        Problem = message;
    }

    /// <summary>Gets the file (or the name given to the text).</summary>
    public string File { get; } = string.Empty;

    /// <summary>Gets the 1-based line at fault.</summary>
    public int Line { get; }

    /// <summary>Gets the field at fault.</summary>
    public string Field { get; } = string.Empty;

    /// <summary>Gets what is wrong.</summary>
    public string Problem { get; } = string.Empty;
}
