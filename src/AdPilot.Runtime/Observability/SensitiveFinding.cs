namespace AdPilot.Runtime.Observability;

/// <summary>Where a sensitive value was found. It names the value by its label only, so a finding can be printed safely.</summary>
/// <param name="Label">The value's label.</param>
/// <param name="Kind">Secret or personal data.</param>
/// <param name="Source">What was scanned (a file name, <c>table.column</c>), as the caller named it.</param>
/// <param name="Line">The 1-based line of the text the value starts on.</param>
/// <param name="Column">The 1-based column it starts at.</param>
/// <param name="Form">How it was written: <c>plain</c>, <c>url-encoded</c> or <c>json-escaped</c>.</param>
public sealed record SensitiveFinding(string Label, SensitiveKind Kind, string Source, int Line, int Column, string Form)
{
    /// <inheritdoc />
    public override string ToString() => $"{Source}:{Line}:{Column}: {Kind} '{Label}' ({Form})";
}
