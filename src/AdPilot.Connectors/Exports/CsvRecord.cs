namespace AdPilot.Connectors.Exports;

/// <summary>One record of a CSV file.</summary>
/// <param name="Line">The 1-based line the record starts on (a quoted field may run over several lines).</param>
/// <param name="Fields">The fields, unquoted; a record shorter than the header reads as empty fields past its end.</param>
public sealed record CsvRecord(int Line, IReadOnlyList<string> Fields)
{
    /// <summary>The field at a position, or empty past the record's end.</summary>
    /// <param name="index">The 0-based position.</param>
    /// <returns>The field.</returns>
    public string this[int index] => index >= 0 && index < Fields.Count ? Fields[index] : string.Empty;

    /// <summary>Gets a value indicating whether every field is blank.</summary>
    public bool IsBlank => Fields.All(string.IsNullOrWhiteSpace);
}
