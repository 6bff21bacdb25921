namespace AdPilot.Core.Simulation;

/// <summary>A scenario that cannot be used, with every problem found, each naming its field.</summary>
public sealed class ScenarioException : Exception
{
    /// <summary>Initializes a new instance of the <see cref="ScenarioException"/> class.</summary>
    /// <param name="source">Where the scenario came from (a file path, or a description).</param>
    /// <param name="errors">The problems, each naming its field.</param>
    public ScenarioException(string source, IReadOnlyList<ScenarioError> errors)
        : base(Format(source, errors))
    {
        Source = source;
        Errors = errors;
    }

    /// <summary>Initializes a new instance of the <see cref="ScenarioException"/> class.</summary>
    public ScenarioException()
        : this("scenario", [])
    {
    }

    /// <summary>Initializes a new instance of the <see cref="ScenarioException"/> class.</summary>
    /// <param name="message">The message.</param>
    public ScenarioException(string message)
        : this("scenario", [new ScenarioError("$", message)])
    {
    }

    /// <summary>Initializes a new instance of the <see cref="ScenarioException"/> class.</summary>
    /// <param name="message">The message.</param>
    /// <param name="innerException">The cause.</param>
    public ScenarioException(string message, Exception innerException)
        : base(message, innerException)
    {
        Errors = [new ScenarioError("$", message)];
    }

    /// <summary>Gets the problems found, each naming its field.</summary>
    public IReadOnlyList<ScenarioError> Errors { get; } = [];

    private static string Format(string source, IReadOnlyList<ScenarioError> errors) => errors.Count switch
    {
        0 => $"{source}: invalid scenario",
        1 => $"{source}: {errors[0]}",
        _ => $"{source}: {errors.Count} problems: {string.Join("; ", errors)}",
    };
}
