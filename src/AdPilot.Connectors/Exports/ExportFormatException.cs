using System.Globalization;

namespace AdPilot.Connectors.Exports;

/// <summary>
/// An export file that cannot be read as it is: the message names the file, the line and the column where it can, and
/// says what is wrong and, where there is one, how to export the file right.
/// </summary>
public sealed class ExportFormatException : Exception
{
    /// <summary>Initializes a new instance of the <see cref="ExportFormatException"/> class.</summary>
    public ExportFormatException()
        : this("the export file cannot be read")
    {
    }

    /// <summary>Initializes a new instance of the <see cref="ExportFormatException"/> class.</summary>
    /// <param name="message">The message.</param>
    public ExportFormatException(string message)
        : base(message)
    {
        Problem = message;
    }

    /// <summary>Initializes a new instance of the <see cref="ExportFormatException"/> class.</summary>
    /// <param name="message">The message.</param>
    /// <param name="innerException">The cause.</param>
    public ExportFormatException(string message, Exception innerException)
        : base(message, innerException)
    {
        Problem = message;
    }

    /// <summary>Initializes a new instance of the <see cref="ExportFormatException"/> class.</summary>
    /// <param name="file">The file (its name as given).</param>
    /// <param name="line">The 1-based line where the problem is (a record's first line), or null for the whole file.</param>
    /// <param name="column">The column's header, or null.</param>
    /// <param name="problem">What is wrong, and what to do about it.</param>
    public ExportFormatException(string file, int? line, string? column, string problem)
        : base(Format(file, line, column, problem))
    {
        File = file;
        Line = line;
        Column = column;
        Problem = problem;
    }

    /// <summary>Gets the file, when known.</summary>
    public string? File { get; }

    /// <summary>Gets the 1-based line, when known.</summary>
    public int? Line { get; }

    /// <summary>Gets the column's header, when known.</summary>
    public string? Column { get; }

    /// <summary>Gets what is wrong, without the location.</summary>
    public string Problem { get; }

    private static string Format(string file, int? line, string? column, string problem)
    {
        var where = line is { } l ? string.Create(CultureInfo.InvariantCulture, $"{file}:{l}") : file;
        return column is null ? $"{where}: {problem}" : $"{where}: column '{ExportText.Excerpt(column)}': {problem}";
    }
}
