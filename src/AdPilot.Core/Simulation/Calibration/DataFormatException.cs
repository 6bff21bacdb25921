namespace AdPilot.Core.Simulation.Calibration;

/// <summary>A data file that cannot be read: the message names the file, the line and, where there is one, the column.</summary>
public sealed class DataFormatException : Exception
{
    /// <summary>Initializes a new instance of the <see cref="DataFormatException"/> class.</summary>
    /// <param name="fileName">The file's name, e.g. <c>KAG_conversion_data.csv</c>.</param>
    /// <param name="line">The 1-based line number (the header is line 1).</param>
    /// <param name="column">The column's name, or null when the problem concerns the whole line.</param>
    /// <param name="problem">What is wrong, e.g. <c>'abc' is not a whole number</c>.</param>
    public DataFormatException(string fileName, int line, string? column, string problem)
        : base(column is null ? $"{fileName} line {line}: {Bound(problem)}" : $"{fileName} line {line}, column {Bound(column)}: {Bound(problem)}")
    {
        FileName = fileName;
        Line = line;
        Column = column;
    }

    /// <summary>Initializes a new instance of the <see cref="DataFormatException"/> class.</summary>
    public DataFormatException()
        : base("invalid data file")
    {
    }

    /// <summary>Initializes a new instance of the <see cref="DataFormatException"/> class.</summary>
    /// <param name="message">The message.</param>
    public DataFormatException(string message)
        : base(message)
    {
    }

    /// <summary>Initializes a new instance of the <see cref="DataFormatException"/> class.</summary>
    /// <param name="message">The message.</param>
    /// <param name="innerException">The cause.</param>
    public DataFormatException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <summary>Gets the file's name.</summary>
    public string FileName { get; } = "data";

    /// <summary>Gets the 1-based line number, or 0 when unknown.</summary>
    public int Line { get; }

    /// <summary>Gets the column's name, or null when the problem concerns the whole line.</summary>
    public string? Column { get; }

    /// <summary>The text cut at 300 characters with its length: a problem quotes the cell, and a file can make a cell any size.</summary>
    private static string Bound(string text) =>
        text.Length <= 300 ? text : string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{text[..300]}… ({text.Length:N0} characters)");
}
