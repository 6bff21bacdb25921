using System.Globalization;

namespace AdPilot.Tests.Fuzz;

/// <summary>A parser under fuzzing: its inputs, how to run it on one, and its documented error.</summary>
public sealed class FuzzTarget
{
    /// <summary>Gets the parser's name, as the report and failure messages give it.</summary>
    public required string Parser { get; init; }

    public required FuzzCorpus Corpus { get; init; }

    /// <summary>Gets the parse of one input: returns when the input is accepted, throws the documented error when it is rejected.</summary>
    public required Func<FuzzInput, CancellationToken, Task> Parse { get; init; }

    /// <summary>Gets whether an exception is the parser's documented error for bad input.</summary>
    public required Func<Exception, bool> IsDocumentedError { get; init; }

    /// <summary>
    /// Gets what is wrong with a documented error's message, or null when it is clear: the default asks for a message
    /// that is not empty and is not the exception type's stock text; parsers that say where (a field's path, a line)
    /// pass a check for that.
    /// </summary>
    public Func<Exception, string?> MessageProblem { get; init; } = DefaultMessageProblem;

    /// <summary>Gets a check run after each rejected input (throws when something was stored from it), or null.</summary>
    public Func<FuzzInput, CancellationToken, Task>? AfterRejected { get; init; }

    /// <summary>Gets a check run after each accepted input (a round trip, say; throws when it fails), or null.</summary>
    public Func<FuzzInput, CancellationToken, Task>? AfterAccepted { get; init; }

    /// <summary>Gets how many ordinary inputs one of this parser's costs (an HTTP round trip, a database write), to keep its count in proportion.</summary>
    public int Weight { get; init; } = 1;

    public static Func<FuzzInput, CancellationToken, Task> Sync(Action<FuzzInput> parse) => (input, _) =>
    {
        parse(input);
        return Task.CompletedTask;
    };

    /// <summary>The longest message a person can read: past it, the message echoes too much of the input.</summary>
    public const int MaxMessageLength = 2000;

    public static string? DefaultMessageProblem(Exception error) =>
        string.IsNullOrWhiteSpace(error.Message) ? "the error has no message"
        : error.Message.StartsWith("Exception of type", StringComparison.Ordinal) ? "the error's message is the stock text, not the problem"
        : error.Message.Length > MaxMessageLength ? string.Create(CultureInfo.InvariantCulture, $"the message is {error.Message.Length:N0} characters long: it echoes the input instead of naming the problem")
        : null;

    /// <summary>A message check that wants one of <paramref name="places"/> (a path, a field, "line") in the message too.</summary>
    public static Func<Exception, string?> Naming(params string[] places) => error =>
        DefaultMessageProblem(error)
        ?? (places.Any(p => error.Message.Contains(p, StringComparison.OrdinalIgnoreCase))
            ? null
            : $"the message does not say where (expected one of: {string.Join(", ", places)})");
}
